"""The suspect links dialog: what was agreed on hearing answers that changed since, side by side.

Opened from File ▸ Suspect Links… for the whole project, or from a hearing item ("Built on this
answer…") for what depends on one answer. Rows are read on a worker (the WBS may hold thousands
of tasks); "Mark reviewed" is one operation, one undo step; "Go to" opens the page that shows the
row's item and "Go to answer" the hearing item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from shiboken6 import isValid

from app.core.errors import UserError
from app.core.i18n import Lang, format_date, on_this_clock
from app.projects import suspects as core
from app.ui import messages
from app.ui.operations import run_op
from app.ui.tasks import run_in_background
from app.ui.translations import follow
from app.ui.wide_table.header import bound_fitting
from app.ui.window.geometry import fit_dialog

if TYPE_CHECKING:
    from app.ui.state import AppState

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    """One line: a suspect (``suspect`` set) or, for one answer, something built on it."""

    dependent: core.Dependent
    suspect: core.Suspect | None
    kind: str
    name: str
    answer: str
    old: str
    new: str
    changed: str


def read_rows(state: AppState, item_id: str | None) -> list[Row]:
    """The dialog's rows (runs on a worker: reads only)."""
    ws, pid, lang = state.workspace, state.project_id, state.ui_lang
    found = core.suspects(ws, pid)
    rows = [_row(ws, s.dependent, s, lang) for s in found if item_id is None or s.item_id == item_id]
    if item_id is not None:
        flagged = {s.dependent.key for s in found if s.item_id == item_id}
        rows += [_row(ws, d, None, lang) for d in core.dependents_of(ws, pid, item_id) if d.key not in flagged]
    return rows


def _row(ws: Any, dependent: core.Dependent, suspect: core.Suspect | None, lang: Lang) -> Row:
    kind = core.KINDS[dependent.kind].get(lang)
    if suspect is None:
        return Row(dependent, None, kind, dependent.label.get(lang), "", "", "", "")
    when = on_this_clock(suspect.changed_at)
    changed = f"{format_date(when.date(), lang)} {when:%H:%M}" + (f" ({suspect.author})" if suspect.author else "")
    return Row(
        dependent, suspect, kind, dependent.label.get(lang), suspect.item_label.get(lang),
        core.shown_value(ws, suspect.item_id, suspect.old, lang), core.shown_value(ws, suspect.item_id, suspect.new, lang), changed,
    )  # fmt: skip


class SuspectModel(QAbstractTableModel):
    """The rows as a read-only table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def headers(self) -> list[str]:
        return [self.tr("Kind"), self.tr("Item"), self.tr("Answer"), self.tr("When agreed"), self.tr("Now"), self.tr("Changed")]

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        cells = (row.kind, row.name, row.answer, row.old, row.new, row.changed)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if row.suspect is None and index.column() == 2:
                return self.tr("not suspect") if role == Qt.ItemDataRole.DisplayRole else None
            return cells[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None


class SuspectDialog(QDialog):
    """Suspect items of the project (``item_id`` None) or everything built on one answer."""

    def __init__(self, state: AppState, item_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suspectDialog")
        self.state = state
        self.item_id = item_id
        self._first = True  # the first rows shown: the first one is chosen; later only the user chooses
        self._restoring = False  # the chosen rows are being selected again after a reload
        self._reads = 0  # reads begun
        self._gone: list[core.Dependent] = []  # the chosen rows no longer listed, said (by name) until the user chooses again
        self._reviewed: set[tuple[str, str]] = set()  # rows this dialog marked reviewed: gone as asked, not said
        self._count_text = ""
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.model = SuspectModel(self)
        self.table = QTableView()
        self.table.setObjectName("suspectTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        bound_fitting(self.table.horizontalHeader())  # a row for each of thousands of WBS tasks built on an answer
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.go_to())
        self.status = QLabel()
        self.status.setObjectName("suspectStatus")
        self.review_button = QPushButton()
        self.review_button.setObjectName("suspectReview")
        self.goto_button = QPushButton()
        self.goto_button.setObjectName("suspectGoTo")
        self.answer_button = QPushButton()
        self.answer_button.setObjectName("suspectGoToAnswer")
        self._set_texts()
        self.review_button.clicked.connect(self.mark_reviewed)
        self.goto_button.clicked.connect(self.go_to)
        self.answer_button.clicked.connect(self.go_to_answer)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.review_button)
        row.addWidget(self.goto_button)
        row.addWidget(self.answer_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        state.changed.connect(self._changed)
        fit_dialog(self, 900, 420)
        self._enable()
        self.reload()

    def _set_texts(self) -> None:
        """The dialog's own texts, in the window's language of now."""
        if self.item_id is None:
            self.setWindowTitle(self.tr("Suspect links"))
            intro = self.tr("Agreed items whose hearing answers changed after they were agreed. Check each one, "
                            "then mark it reviewed or change the item.")
        else:
            self.setWindowTitle(self.tr("Built on this answer"))
            label = core.item_label(self.state.workspace, self.item_id).get(self.state.ui_lang)
            intro = self.tr("Everything built on the answer to “%1”; suspect ones first.").replace("%1", label)
        self.intro.setText(intro)
        self.table.setAccessibleName(self.windowTitle())
        self.status.setText(self.tr("Reading…"))
        self.review_button.setText(self.tr("Mark reviewed"))
        self.review_button.setToolTip(self.tr("The selected items stay as they are; they are suspect again when the answer changes again."))
        self.goto_button.setText(self.tr("Go to item"))
        self.answer_button.setText(self.tr("Go to answer"))

    def retranslate(self) -> None:
        """The window's language was switched (MainWindow.set_ui_lang): texts and rows in it, the chosen rows kept."""
        follow(self.state.changed, self._changed)  # (the pages replaced took the window's connections with them)
        self._set_texts()
        self.reload()

    def reload(self) -> None:
        state, item_id = self.state, self.item_id
        self._reads += 1
        read = self._reads  # a read begun earlier that ends later is not shown over this one's rows
        run_in_background(lambda: read_rows(state, item_id), lambda rows: self._show(rows) if self._latest(read) else None,
                          lambda error: self._failed(error) if self._latest(read) else None)

    def _latest(self, read: int) -> bool:
        """Whether the read ``read`` ended is the last one begun, and the dialog still there to show it (closed at
        once, Esc before its rows were read, it deleted itself and its table: WA_DeleteOnClose)."""
        return isValid(self) and read == self._reads

    def _changed(self, _change: object) -> None:
        self.reload()

    def row_key(self, row: Row) -> tuple[str, str]:
        """What a row is about, whatever its place and language: the item and the answer it is built on."""
        return row.dependent.key, row.suspect.item_id if row.suspect is not None else self.item_id or ""

    def _show(self, rows: list[Row]) -> None:
        """The rows read; those chosen before stay chosen (by what they show); one no longer listed is
        said, and nothing else is chosen in its place."""
        chosen = {self.row_key(r): r for r in self.selected()}
        first, self._first = self._first, False
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        for column in range(6):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        count = sum(1 for r in rows if r.suspect is not None)
        self._count_text = self.tr("Suspect items: %1").replace("%1", str(count)) if count else self.tr("Nothing is suspect.")
        listed = {self.row_key(r) for r in rows}
        gone = [r.dependent for key, r in chosen.items() if key not in listed and key not in self._reviewed]
        self._reviewed &= listed  # (a read begun before the marking still lists them)
        if gone:
            self._gone = gone
        self._restoring = True
        try:
            selection = self.table.selectionModel()
            for n, r in enumerate(rows):
                if self.row_key(r) in chosen:
                    selection.select(self.model.index(n, 0), QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
            if first and rows:
                self.table.selectRow(0)
        finally:
            self._restoring = False
        self._show_status()
        self._enable()

    def _show_status(self) -> None:
        text = self._count_text
        if self._gone:
            names = ", ".join(d.label.get(self.state.ui_lang) for d in self._gone)  # in the window's language now
            text += "  " + self.tr("No longer in the list, so no longer selected: %1").replace("%1", names)
        self.status.setText(text)

    def _selection_changed(self) -> None:
        if not self._restoring and self._gone and self.selected():  # the user chose again: the note is read
            self._gone = []
            self._show_status()
        self._enable()

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        if isinstance(error, UserError):
            messages.show_error(self, error)

    def selected(self) -> list[Row]:
        return [self.model.rows[i.row()] for i in self.table.selectionModel().selectedRows()]

    def _enable(self) -> None:
        chosen = self.selected()
        self.review_button.setEnabled(any(r.suspect is not None for r in chosen))
        self.goto_button.setEnabled(len(chosen) == 1 and not chosen[0].dependent.removed)  # (a task deleted: nowhere to go)
        self.answer_button.setEnabled(len(chosen) == 1 and (chosen[0].suspect is not None or self.item_id is not None))

    def mark_reviewed(self) -> None:
        found = [r.suspect for r in self.selected() if r.suspect is not None]
        if not found:
            return
        self._reviewed = {self.row_key(r) for r in self.selected() if r.suspect is not None}
        try:
            run_op(self.state, core.clear_op(self.state.project_id, found), lambda: self.tr("Mark suspect items reviewed"), action=True)
        except UserError as exc:
            self._reviewed = set()
            messages.show_error(self, exc)

    def _window(self) -> Any:
        window: Any = self.parent()
        while window is not None and not hasattr(window, "show_page"):
            window = window.parent()
        return window

    def go_to(self) -> None:
        chosen = self.selected()
        window = self._window()
        if len(chosen) != 1 or window is None:
            return
        dependent = chosen[0].dependent
        window.show_page(dependent.page)
        if dependent.task_id is not None:
            window.page("wbs").select_task(dependent.task_id)

    def go_to_answer(self) -> None:
        chosen = self.selected()
        window = self._window()
        if len(chosen) != 1 or window is None:
            return
        item_id = chosen[0].suspect.item_id if chosen[0].suspect is not None else self.item_id
        if item_id:
            window.show_page("hearing")
            window.page("hearing").select_item(item_id)


def open_suspects(state: AppState, window: QWidget, item_id: str | None = None) -> SuspectDialog:
    """Show the dialog beside the window (not modal: "Go to" changes the page behind it)."""
    dialog = SuspectDialog(state, item_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
