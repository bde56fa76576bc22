"""The Level resources… preview: the tasks levelling would move (old → new dates, why), Apply or Cancel.

The plan is worked out on a worker (:func:`plan`); Apply commits the moves shown as one WBS change
(:func:`app.wbs.resources.levelling.apply_levelling` given the plan previewed), one undo step, or,
when the plan changed meanwhile so that they no longer hold, writes nothing and says what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import Lang, format_date
from app.ui.wide_table.header import bound_fitting
from app.ui.window.geometry import fit_dialog
from app.wbs.resources.levelling import Levelled, Move

if TYPE_CHECKING:
    import datetime as dt

    from app.core.workspace import Workspace


@dataclass(frozen=True)
class Plan:
    """What levelling would do to the stored plan, and for how many people."""

    levelled: Levelled
    people: int


def plan(ws: Workspace, project_id: int) -> Plan:
    """The levelled plan as stored (runs on a worker; nothing is written)."""
    from app.wbs.resources.levelling import levelled_plan

    return Plan(*levelled_plan(ws, project_id))


def _dates(first: dt.date | None, last: dt.date | None, lang: Lang) -> str:
    if first is None or last is None:
        return "-"
    return format_date(first, lang) if first == last else f"{format_date(first, lang)} – {format_date(last, lang)}"


class MovesModel(QAbstractTableModel):
    """The moves, a row each: task, person, dates before, after, why; a row's texts made when Qt first
    asks for them (levelling a big plan moves thousands of tasks: filling a table of them took 0.7 s)."""

    def __init__(self, moves: list[Move], lang: Lang, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.moves, self.lang, self.headers = moves, lang, headers
        self._texts: dict[int, list[str]] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # overrides
        return 0 if parent.isValid() else len(self.moves)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # overrides
        return 0 if parent.isValid() else len(self.headers)

    def row_texts(self, row: int) -> list[str]:
        if row not in self._texts:
            move, lang = self.moves[row], self.lang
            self._texts[row] = [move.task, move.person, _dates(move.old_start, move.old_finish, lang),
                                _dates(move.new_start, move.new_finish, lang), move.why.text(lang)]  # fmt: skip
        return self._texts[row]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:  # overrides
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            return self.row_texts(index.row())[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:  # overrides
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class LevelPreviewDialog(QDialog):
    """The moves, one row each; Apply (accept) or Cancel."""

    def __init__(self, moves: list[Move], lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsLevelPreview")
        self.setWindowTitle(self.tr("Level resources"))
        self.moves = moves
        summary = QLabel(self.tr("%n task(s) move so that nobody works on two tasks at once (by priority, then WBS order). "
                                 "Apply is one step: Edit ▸ Undo puts every date back.", "", len(moves)))
        summary.setObjectName("wbsLevelSummary")
        summary.setWordWrap(True)
        self.table = QTableView()
        self.table.setObjectName("wbsLevelMoves")
        self.table.setAccessibleName(self.tr("Tasks that move"))
        headers = [self.tr("Task"), self.tr("Person"), self.tr("Before"), self.tr("After"), self.tr("Why")]
        self.model = MovesModel(moves, lang, headers, self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        bound_fitting(header)  # levelling a big plan moves thousands of tasks
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("wbsLevelApply")
        self.apply_button.clicked.connect(self.accept)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("wbsLevelCancel")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        fit_dialog(self, 900, 420)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
