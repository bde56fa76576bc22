"""The follow-ups of the project in one list (by owner, then due date), where each can be ticked done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.demo_source import app_today
from app.core.errors import UserError
from app.core.i18n import Lang, format_date
from app.core.operations import Change, Part
from app.hearing.followups import FollowUp, by_owner_and_due, follow_ups
from app.ui import messages
from app.ui.state import AppState
from app.ui.undo import edit_answer, item_label
from app.ui.widgets import colours
from app.ui.window.geometry import fit_dialog
from app.ui.window.keys import window_steps

Index = QModelIndex | QPersistentModelIndex


class FollowupsModel(QAbstractTableModel):
    """One row per follow-up: item, what to find out (the note), owner, due date, done (checkable).

    Signals:
        doneToggled(str, bool): the user ticked or cleared "done" of this item.
    """

    doneToggled = Signal(str, bool)
    COLUMNS = 5
    DONE = 4

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.items: list[FollowUp] = []
        self.today: dt.date | None = None

    def set_items(self, items: list[FollowUp], today: dt.date) -> None:
        self.beginResetModel()
        self.items = items
        self.today = today
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.headerData
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Item"), self.tr("To find out"), self.tr("Owner"), self.tr("Due"), self.tr("Done"))
        return titles[section] if 0 <= section < self.COLUMNS else None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractTableModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == self.DONE else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        f = self.items[index.row()]
        answer, column = f.answer, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            match column:
                case 0:  # an item of another page (System planning) says which
                    label = f.ref.item.label.get(self.lang)
                    return label if f.page is None else self.tr("{0} ({1})").format(label, f.page.get(self.lang))
                case 1:
                    return " ".join(answer.note.split())
                case 2:
                    return answer.followup_owner or self.tr("(no owner yet)")
                case 3:
                    return format_date(answer.followup_due, self.lang) if answer.followup_due else ""
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == self.DONE:
            return Qt.CheckState.Checked if answer.followup_done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 1):
            return f.place(self.lang) if column == 0 else (answer.note or None)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and self._overdue(f):
            return QBrush(colours.current().warning)
        if role == Qt.ItemDataRole.UserRole:
            return f.ref.item.id
        return None

    def _overdue(self, f: FollowUp) -> bool:
        due = f.answer.followup_due
        return due is not None and self.today is not None and due < self.today and not f.done

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides QAbstractTableModel.setData
        if not index.isValid() or index.column() != self.DONE or role != Qt.ItemDataRole.CheckStateRole:
            return False
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self.doneToggled.emit(self.items[index.row()].ref.item.id, done)
        return True  # the list shows it when the change is published (state.changed)


class FollowupsDialog(QDialog):
    """Every follow-up of the open project; ticking "done" is one undoable operation. The project
    deleted meanwhile (by another window or process, which the window says by its name): it closes."""

    def __init__(self, state: AppState, export: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.project_id = state.project_id  # the project opened for (the window closes one deleted elsewhere)
        self.setObjectName("followupsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # opened from a menu each time: gone when closed
        self.setWindowTitle(self.tr("Follow-ups"))
        fit_dialog(self, 900, 480)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("followupsSummary")
        layout.addWidget(self.summary)
        self.model = FollowupsModel(state.content_lang, self)
        self.model.doneToggled.connect(self.set_done)
        self.view = QTableView()
        self.view.setObjectName("followupsTable")
        self.view.setAccessibleName(self.tr("Follow-ups"))
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.show_done = QCheckBox(self.tr("Show the ones done"))
        self.show_done.setObjectName("followupsShowDone")
        self.show_done.setChecked(True)
        self.show_done.toggled.connect(self.reload)
        self.export_button = QPushButton(self.tr("Export follow-ups…"))
        self.export_button.setObjectName("exportFollowups")
        self.export_button.clicked.connect(export)
        row.addWidget(self.show_done)
        row.addStretch(1)
        row.addWidget(self.export_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        state.changed.connect(self._on_changed)  # a bound method: dropped with the dialog
        self.step = window_steps(self)  # Ctrl+Z, Ctrl+Y: the window's Undo, Redo (out of reach while this is open)
        self.reload()

    def reload(self, *_args: object) -> None:
        items = by_owner_and_due(follow_ups(self.state.workspace, self.project_id))
        open_count = sum(1 for f in items if not f.done)
        shown = items if self.show_done.isChecked() else [f for f in items if not f.done]
        current = self.view.currentIndex()  # (the reset forgets it: ticking several by keys went back to the top each time)
        before = self.model.items[current.row()].ref.item.id if current.isValid() and current.row() < len(self.model.items) else None
        self.model.set_items(shown, app_today())
        if before is not None and shown:  # the same follow-up's cell again; gone from the list, the one now in its row
            row = next((n for n, f in enumerate(shown) if f.ref.item.id == before), min(current.row(), len(shown) - 1))
            self.view.setCurrentIndex(self.model.index(row, current.column()))
        self.summary.setText(self.tr("{0} to follow up · {1} done").format(open_count, len(items) - open_count))
        for column in (0, 2, 3, 4):
            self.view.resizeColumnToContents(column)

    def _on_changed(self, change: Change) -> None:
        if self.state.is_deleted(self.project_id):  # the window said it, by the project's name
            self.done(QDialog.DialogCode.Rejected)
        elif change.project_id == self.project_id and Part.ANSWERS in change.parts:
            self.reload()

    def set_done(self, item_id: str, done: bool) -> None:
        state = self.state  # the item named in the UI language of the moment (it follows a switch)
        text = (lambda: QCoreApplication.translate("FollowupsDialog", "Mark “{0}” done").format(item_label(state, item_id))) if done else (
            lambda: QCoreApplication.translate("FollowupsDialog", "Mark “{0}” not done").format(item_label(state, item_id)))
        try:
            edit_answer(self.state, item_id, text, project_id=self.project_id, action=True, followup_done=done)
        except UserError as exc:
            messages.show_error(self, exc)
            self.state.close_if_deleted(self, self.project_id, exc)  # the project deleted elsewhere: said, and closed
