"""Small dialogs of the Hearing page: starting a session, previewing a hearing-sheet import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.hearing_sheet_import import SheetChange, SheetPlan

Index = QModelIndex | QPersistentModelIndex


class SessionDialog(QDialog):
    """Date, title and attendees of a new hearing session."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionDialog")
        self.setWindowTitle(self.tr("Start hearing session {0}").format(number))
        form = QFormLayout(self)
        today = dt.date.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("sessionDate")
        self.date.setAccessibleName(self.tr("Date"))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.title = QLineEdit()
        self.title.setObjectName("sessionTitle")
        self.title.setAccessibleName(self.tr("Title"))
        self.title.setPlaceholderText(self.tr("e.g. Second hearing: data and environment"))
        self.attendees = QPlainTextEdit()
        self.attendees.setObjectName("sessionAttendees")
        self.attendees.setAccessibleName(self.tr("Attendees"))
        self.attendees.setPlaceholderText(self.tr("One attendee per line"))
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Attendees"), self.attendees)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("sessionButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        qdate = self.date.date()
        return {
            "held_on": dt.date(qdate.year(), qdate.month(), qdate.day()),
            "title": self.title.text().strip(),
            "attendees": [line.strip() for line in self.attendees.toPlainText().splitlines() if line.strip()],
        }

    @classmethod
    def ask(cls, number: int, parent: QWidget | None = None) -> dict[str, Any] | None:
        """Run the dialog; None when cancelled (tests replace this method)."""
        dialog = cls(number, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _short(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"{len(value)} rows"
    if value in (None, "", []):
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "…"


class ChangesModel(QAbstractTableModel):
    """The changes a hearing sheet brings; conflicts carry a check box "take the sheet's value"."""

    def __init__(self, plan: SheetPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.take_sheet: dict[str, bool] = {c.item_id: False for c in plan.conflicts}

    def change(self, row: int) -> SheetChange:
        return self.plan.changes[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.plan.changes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Item"), self.tr("In the app"), self.tr("In the sheet"), self.tr("Take the sheet's"))
        return titles[section] if 0 <= section < 4 else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 3 and self.change(index.row()).conflict:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.plan.changes)):
            return None
        change = self.change(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            field = {"value": "", "later": self.tr(" (later)"), "note": self.tr(" (note)")}[change.field]
            match column:
                case 0:
                    return change.label + field
                case 1:
                    return _short(change.current)
                case 2:
                    return _short(change.incoming)
                case 3:
                    return self.tr("conflict") if change.conflict else self.tr("new")
        if role == Qt.ItemDataRole.CheckStateRole and column == 3 and change.conflict:
            return Qt.CheckState.Checked if self.take_sheet[change.item_id] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2):
            return str(change.current if column == 1 else change.incoming)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 3 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        change = self.change(index.row())
        if not change.conflict:
            return False
        self.take_sheet[change.item_id] = Qt.CheckState(value) == Qt.CheckState.Checked
        # Every field of the same item follows one choice.
        for row, other in enumerate(self.plan.changes):
            if other.item_id == change.item_id:
                cell = self.index(row, 3)
                self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])
        return True

    def prefer(self) -> dict[str, str]:
        return {item_id: ("sheet" if take else "app") for item_id, take in self.take_sheet.items()}


class ImportPreviewDialog(QDialog):
    """Shows what a hearing sheet would change; conflicts keep the app's answer unless ticked."""

    def __init__(self, plan: SheetPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(self.tr("Import hearing sheet"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        summary = QLabel(
            self.tr("{0} change(s) in {1} item(s); {2} conflict(s): answers changed in the app since the sheet was "
                    "exported. Tick “Take the sheet's” to replace the app's answer.").format(
                len(plan.changes), len(plan.items), len(plan.conflicts))
        )
        summary.setObjectName("importSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        self.model = ChangesModel(plan, self)
        self.view = QTableView()
        self.view.setObjectName("importChanges")
        self.view.setAccessibleName(self.tr("Changes"))
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("importButtons")
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("applyImportButton")
        self.apply_button.setEnabled(bool(plan.changes))
        self.apply_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
