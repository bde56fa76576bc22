"""An item's answer history as a table: when, status, answer, session or source, who (newest first)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.content.loader import ContentLibrary
from app.core.content.model import Item
from app.core.demo_source import app_today
from app.core.errors import UserError
from app.core.i18n import Lang, on_this_clock
from app.hearing.model import HistoryEntry, format_value, status_label
from app.ui.error_text import ui_lang
from app.ui.tasks import LatestRun
from app.ui.wide_table.header import bound_fitting

if TYPE_CHECKING:
    from app.ui.state import AppState

Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """An item's answer history, newest first: when, status, answer, session, how, who recorded it
    (blank for entries older than authors)."""

    COLUMNS = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []
        self.item: Item | None = None
        self.lang: Lang = "ja"
        self.session_numbers: dict[int, int] = {}
        self.library: ContentLibrary | None = None  # names the statuses (the shipped content when None)

    def set_entries(self, item: Item | None, entries: list[HistoryEntry], lang: Lang, session_numbers: dict[int, int]) -> None:
        self.beginResetModel()
        self.item, self.lang, self.session_numbers = item, lang, session_numbers
        self.entries = list(reversed(entries))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("When"), self.tr("Status"), self.tr("Answer"), self.tr("Session"), self.tr("Recorded by"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.entries)):
            return None
        entry = self.entries[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        match index.column():
            case 0:
                when = on_this_clock(entry.changed_at)
                # This year's changes without the year: the column stays narrow in a narrow pane.
                short = when.year == app_today().year and role == Qt.ItemDataRole.DisplayRole
                day = ("%m/%d" if short else "%Y/%m/%d") if ui_lang() == "ja" else ("%m-%d" if short else "%Y-%m-%d")
                return when.strftime(f"{day} %H:%M")  # 2026/12/21 in a Japanese window
            case 1:
                return status_label(entry.status, self.lang, self.library)
            case 2:
                text = format_value(self.item, entry.value, self.lang) if self.item else str(entry.value or "")
                if self.item and self.item.now_later and entry.later not in (None, "", []):
                    text += " → " + format_value(self.item, entry.later, self.lang)
                if entry.note and role == Qt.ItemDataRole.ToolTipRole:
                    text += f"\n{entry.note}"
                return " ".join(text.split()) if role == Qt.ItemDataRole.DisplayRole else text
            case 3:
                number = self.session_numbers.get(entry.session_id) if entry.session_id else None
                source = {"import": self.tr("import"), "undo": self.tr("undo"), "redo": self.tr("redo"), "demo": self.tr("demo"),
                          "cli": self.tr("command line")}.get(entry.source, "")
                parts = [f"#{number}" if number else "", source]
                return " ".join(p for p in parts if p)
            case 4:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return self.tr("Recorded by: {0}").format(entry.author) if entry.author else None
                return entry.author
        return None


def history_table(model: HistoryModel) -> tuple[QGroupBox, QTableView]:
    """The item editor's "History" box: a read-only table of ``model``, its answers as wide as room allows."""
    box = QGroupBox(QCoreApplication.translate("ItemEditor", "History"))
    view = QTableView()
    view.setObjectName("answerHistory")
    view.setAccessibleName(QCoreApplication.translate("ItemEditor", "Answer history"))
    view.setModel(model)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    bound_fitting(header)  # an item's every change is kept: a table typed into for months has thousands
    for column in (0, 1, 3, 4):  # when, status, session, who: as wide as they need; the answer takes the rest
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    QVBoxLayout(box).addWidget(view)
    return box, view


def over_history(body: QWidget, history_box: QGroupBox) -> QSplitter:
    """The item editor above its history, which spans the editor's whole width so its answers can be read."""
    column = QSplitter(Qt.Orientation.Vertical)
    column.setObjectName("itemHistorySplitter")
    column.setChildrenCollapsible(False)
    column.addWidget(body)
    column.addWidget(history_box)
    column.setStretchFactor(0, 3)
    column.setStretchFactor(1, 1)
    column.setSizes([600, 200])
    return column


class HistoryReads:
    """Fills an item editor's history table: read at once on SQLite (a file: no wait), on a worker on a team database
    (the sessions and the history are four round trips, 0.4 s over a VPN: a save, an undo must not hold the window for
    them), the newest read winning (one asked for another item or after another change drops the older result)."""

    def __init__(self, state: AppState, model: HistoryModel, view: QTableView) -> None:
        self.state, self.model, self.view = state, model, view
        self.runs = LatestRun(view)
        self.shown_id: str | None = None  # the item whose entries the table holds

    def show(self, item: Item | None, item_id: str) -> None:
        """Show the history of ``item_id`` in the open project (a read that fails, offline: the table as it was)."""
        state, project_id, lang = self.state, self.state.project_id, self.state.content_lang

        def read() -> tuple[dict[int, int], list[HistoryEntry]]:
            return {s.id: s.number for s in state.sessions.list(project_id)}, state.answers.history(project_id, item_id)

        def shown(result: tuple[dict[int, int], list[HistoryEntry]]) -> None:
            state.read_fine("history")
            self.shown_id = item_id
            self.model.set_entries(item, result[1], lang, result[0])
            for column in (0, 1, 3, 4):
                self.view.resizeColumnToContents(column)

        def failed(error: BaseException) -> None:  # the server away: said; never another item's entries under this one
            if isinstance(error, UserError):
                state.report_unread("history", error)
            if self.shown_id != item_id:
                self.clear(item)

        if state.workspace.db.is_postgresql:
            self.runs.request(read, shown, failed)
        else:
            shown(read())

    def clear(self, item: Item | None) -> None:
        """No history shown (the item's answer could not be read: the server away), a read still running for the item
        shown before dropped: never another item's entries under this one."""
        self.runs.drop()
        self.shown_id = None
        self.model.set_entries(item, [], self.state.content_lang, {})
