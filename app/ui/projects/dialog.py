"""Open and manage projects: a table (model/view) with create, rename, duplicate, archive, delete."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import operations as ops
from app.core.errors import ConflictError, UserError
from app.core.files.visible_text import typed_name
from app.core.i18n import clock_zone, list_separator, local_time
from app.core.project import ProjectInfo
from app.core.projects import update_op
from app.projects import transfer
from app.ui import messages, settings
from app.ui.error_text import shown_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import run_op
from app.ui.state import AppState
from app.ui.wide_table.header import MAX_EMS, bound_fitting, fit_column
from app.ui.widgets.busy_dialog import BusyDialog
from app.ui.widgets.type_ahead import Index, typed_match
from app.ui.window.geometry import fit_dialog

if TYPE_CHECKING:
    from app.ui.watcher import DatabaseWatcher

T = TypeVar("T")
NAME_ASKED_AGAIN = frozenset({"project.needs_name", "project.name_too_long"})
"""The refusals of a project name typed that ask for it again, as typed (a taken name is said once: another name is wanted)."""


ASK_AGAIN = object()
"""What a conflict's ``resolve`` returns when the question was closed without a choice: the name is asked again as typed."""


def ask_project_name(
    parent: QWidget, title: str, label: str, typed: str, save: Callable[[str], T], resolve: Callable[[str, ConflictError], T | None | object] | None = None
) -> T | None:  # fmt: skip
    """Ask for a project name and ``save`` it (New project, Rename project): a name refused for its form
    (:data:`NAME_ASKED_AGAIN`) is said and asked again as typed; another refusal is said once. A name
    another window gave the project meanwhile (:class:`ConflictError`) is ``resolve``'d (the user
    chooses; :data:`ASK_AGAIN`: asked again as typed), else said. What ``save`` (or ``resolve``)
    returned; None: cancelled or refused."""
    while (name := messages.ask_text(parent, title, label, typed)) is not None:
        try:
            return save(name)
        except ConflictError as exc:
            if resolve is None:
                messages.show_error(parent, exc)
                return None
            decided = resolve(name, exc)
            if decided is not ASK_AGAIN:
                return cast("T | None", decided)
        except UserError as exc:
            messages.show_error(parent, exc)
            if exc.key not in NAME_ASKED_AGAIN:
                return None
        typed = name
    return None


def rename_text(name: str) -> Callable[[], str]:
    """The undo step of a rename, in the UI language of the moment (it follows a switch)."""
    return lambda: QCoreApplication.translate("ProjectsDialog", "Rename project to “{0}”").format(typed_name(name))


def save_name(state: AppState, project_id: int, name: str, base: str) -> ProjectInfo:
    """Rename a project over the name ``base`` the user saw (ConflictError: another window renamed it
    since; nothing written). One undo step when it is the open project (undo never crosses projects:
    a rename of another one in the Projects dialog is none)."""
    return run_op(state, update_op(project_id, base={"name": base}, name=name), rename_text(name), action=True).detail


def rename_asking(parent: QWidget, state: AppState, project: ProjectInfo, title: str, label: str) -> ProjectInfo | None:
    """Ask a new name for ``project`` as shown and save it (File ▸ Rename Project, the Projects dialog's
    Rename…). The name shown is the base: when another window renamed the project while the name was
    typed, both names are shown side by side and the user keeps theirs or uses the one typed (closed
    without a choice: the name is asked again as typed); never overwritten unsaid. Returns the project
    as it is now (renamed, or named by the other window when theirs is kept); None: nothing changed."""

    def save(name: str) -> ProjectInfo | None:
        return None if name == project.name else save_name(state, project.id, name, project.name)

    def resolve(name: str, _error: ConflictError) -> ProjectInfo | None | object:
        from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict, named

        try:
            stored = state.projects.get(project.id)
        except UserError as exc:
            messages.show_error(parent, exc)
            return None
        clash = Clash("name", QCoreApplication.translate("ProjectsDialog", "Name"), stored.name, name, project.name)
        dialog = ConflictDialog(named(stored.name, state.ui_lang), [clash], parent=parent, can_merge=False)
        try:
            ask_conflict(dialog)
            choice = dialog.choice
        finally:
            dialog.deleteLater()
        if choice is Choice.LATER:
            return ASK_AGAIN
        try:
            if choice is Choice.MINE and name != stored.name:
                return save_name(state, project.id, name, stored.name)  # (changed yet again meanwhile: said, not asked twice)
            if project.id == state.project_id:
                state.refresh_project()  # theirs kept: the window shows it now
        except UserError as exc:
            messages.show_error(parent, exc)
            return None
        return stored

    return ask_project_name(parent, title, label, project.name, save, resolve)


ProjectIdRole = Qt.ItemDataRole.UserRole + 1
CUSTOMER_EMS = 12  # the widest the customer column is sized to (a 200-character one was 2,400 px: the times out of sight)


def confirm_delete(parent: QWidget, state: AppState, watcher: DatabaseWatcher | None, project: ProjectInfo) -> bool:
    """Ask before deleting ``project``, naming whoever else has it open now (File ▸ Delete Project and the
    Projects dialog's Delete…). Texts keep the "MainWindow" translation context they always had."""
    question = QCoreApplication.translate("MainWindow", "Delete “{0}” and everything in it? This cannot be undone.").format(project.name)
    others = watcher.others_on(project.id) if watcher is not None else []
    if others:  # what they are typing there would be lost with it
        question = QCoreApplication.translate(
            "MainWindow", "{1} also has “{0}” open right now: what they type there will not be saved. Delete “{0}” and everything in it anyway? This cannot be undone."
        ).format(project.name, list_separator(state.ui_lang).join(others))  # fmt: skip
    drafts = drafts_of(state).count(project.id)
    if drafts:  # typed in this window and not saved: it goes with the project (forget_deleted)
        question += "\n\n" + QCoreApplication.translate(
            "MainWindow", "What was typed in it and not saved yet (drafts: {0}) is deleted with it."
        ).format(drafts)  # fmt: skip
    return messages.confirm(parent, QCoreApplication.translate("MainWindow", "Delete project"), question)


def forget_deleted(state: AppState, project_id: int) -> None:
    """After the user deleted a project in this window (confirm_delete said so): no longer recent, and
    its drafts gone with it (the status bar counts them no more; never said as typed after the deletion)."""
    settings.forget_project(project_id)
    drafts_of(state).drop_project(project_id)
    state.undo_shelves.drop(project_id)  # (its undo steps, kept since the window left it)


class ProjectTableModel(QAbstractTableModel):
    """Projects as rows: name, customer, last modified, archived."""

    COLUMNS = ("name", "customer", "updated", "archived")

    def __init__(self, parent: QWidget | None = None, lang: str = "en") -> None:
        super().__init__(parent)
        self._rows: list[ProjectInfo] = []
        self.lang = lang

    def set_projects(self, projects: list[ProjectInfo]) -> None:
        self.beginResetModel()
        self._rows = list(projects)
        self.endResetModel()

    def project_at(self, row: int) -> ProjectInfo | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, project_id: int) -> int:
        return next((i for i, p in enumerate(self._rows) if p.id == project_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        labels = {
            "name": self.tr("Name"),
            "customer": self.tr("Customer"),
            "updated": self.tr("Last modified ({0})").format(clock_zone()),  # (colleagues in other zones see their own clock)
            "archived": self.tr("Archived"),
        }
        return labels[self.COLUMNS[section]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        project = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == ProjectIdRole:
            return project.id
        if role == Qt.ItemDataRole.DisplayRole:
            match column:
                case "name":
                    return project.name
                case "customer":
                    return project.customer
                case "updated":
                    return local_time(project.updated_at, self.lang)
                case "archived":
                    return self.tr("archived") if project.archived else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == "updated":  # its own offset (a summer time differs) and UTC's
            return f"{local_time(project.updated_at, self.lang, seconds=True)} ({clock_zone(project.updated_at)})"
        if role == Qt.ItemDataRole.ToolTipRole and column == "customer":  # the whole customer (a long one is cut)
            return project.customer or None
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":  # the whole name (a long one is cut in the middle), then what it is
            return f"{project.name}\n{project.description}" if project.description else project.name
        return None

    def match(self, start: Index, role: int, value: Any, hits: int = 1, flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap) -> list[QModelIndex]:
        """Overrides QAbstractItemModel.match: type-ahead finds a name typed in the other width (ABC: 「ＡＢＣ商事」)."""
        found = typed_match(self, start, role, value, hits, flags)
        return found if found is not None else super().match(start, role, value, hits, flags)


class ProjectsDialog(BusyDialog):  # not closed while a Duplicate runs
    """Choose a project to open; manage projects. ``chosen_id`` holds the pick after accept().

    ``watcher`` (the window's) tells Delete… who else has the project open. The list follows every
    change of projects, made here or by another window or process (``AppState.projectsListChanged``,
    which the watcher's external changes raise too, as for the window's project switcher); the
    selection stays on the project selected, wherever its row goes, and on none when it is gone. Each
    button acts on the selected project as it is stored when pressed (read again: Delete… asks by the
    name it has now; one deleted meanwhile is said by the name shown and dropped from the list)."""

    def __init__(self, state: AppState, parent: QWidget | None = None, watcher: DatabaseWatcher | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.watcher = watcher
        self.chosen_id: int | None = None
        self.busy = False  # a Duplicate is running on a worker
        self.setObjectName("projectsDialog")
        self.setWindowTitle(self.tr("Projects"))
        fit_dialog(self, 760, 420)

        self.model = ProjectTableModel(self, state.ui_lang)
        self.table = QTableView(self)
        self.table.setObjectName("projectsTable")
        self.table.setAccessibleName(self.tr("Projects"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a long name's end shows, as in the switcher: 「… (2)」 is the copy
        self.table.setWordWrap(False)  # (a wrapped cell is cut at its first line's end: the middle cut never shows)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        bound_fitting(self.table.horizontalHeader())  # a shared database may list thousands of projects
        self.table.doubleClicked.connect(self.open_selected)

        self.show_archived = QCheckBox(self.tr("Show archived"))
        self.show_archived.setObjectName("showArchivedCheck")
        self.show_archived.toggled.connect(self.reload)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", self.tr("New…"), self.new_project),
            ("open", self.tr("Open"), self.open_selected),
            ("rename", self.tr("Rename…"), self.rename_selected),
            ("duplicate", self.tr("Duplicate"), self.duplicate_selected),
            ("archive", self.tr("Archive"), self.archive_selected),
            ("delete", self.tr("Delete…"), self.delete_selected),
        ):
            button = QPushButton(text)
            button.setObjectName(f"{key}ProjectButton")
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeProjectsButton")
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.show_archived)
        layout.addLayout(buttons)
        # Enter on a row opens it (as a double-click does): the table passes Enter on to the dialog, which
        # presses its default button, Open (else the first one, New…). A button with the focus takes Enter itself.
        self.buttons["open"].setDefault(True)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        # Changes of projects come in bursts (a rename here: the window's refresh, then the list's): one read.
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(0)
        self._follow.timeout.connect(self.follow)
        state.projectsListChanged.connect(self._follow.start)
        state.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Read the list again, the selection kept on its project (none selected: the open one, else the first)."""
        selected = self.selected()
        self._show(selected.id if selected else self.state.project_id, or_first=True)

    def follow(self) -> None:
        """The list as it is now after a change (here, or in another window or process): the selection
        stays on the project selected, on none when that one is gone (never on whichever row took its place)."""
        selected = self.selected()
        self._show(selected.id if selected else None, or_first=False)

    def _on_changed(self, change: ops.Change) -> None:
        """Any change made elsewhere (its project's place in the list and its time move too), any change of projects."""
        if change.external or ops.Part.PROJECT in change.parts:
            self._follow.start()

    def _show(self, keep: int | None, *, or_first: bool) -> None:
        self._follow.stop()  # (read now: the change waiting is in it)
        projects = self.state.projects.list(include_archived=self.show_archived.isChecked())
        self.state.showing(projects)  # one deleted elsewhere meanwhile is said by the name listed
        self.model.set_projects(projects)
        row = self.model.row_of(keep) if keep is not None else -1
        if row < 0 and projects and or_first:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
        for column in range(1, self.model.columnCount()):  # (the name stretches over the room the others leave)
            fit_column(self.table, column, CUSTOMER_EMS if column == 1 else MAX_EMS)  # a long customer cut, whole in its tooltip
        self._update_buttons()

    def selected(self) -> ProjectInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.project_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        project = self.selected()
        for key in ("open", "rename", "duplicate", "archive", "delete"):
            self.buttons[key].setEnabled(project is not None and not self.busy)
        self.buttons["archive"].setText(self.tr("Restore") if project and project.archived else self.tr("Archive"))

    def _run(self, action) -> Any:
        try:
            return self.state.change_projects(action, -1)
        except UserError as exc:  # (a project listed, deleted elsewhere meanwhile: by its name)
            messages.show_error(self, shown_text(exc, typed=False))  # (Archive, Delete: busy, nothing typed to keep)
            self._drop_if_deleted()
            return None

    def _drop_if_deleted(self) -> None:
        """The project selected was found deleted by another window or process (said): the list shows those there are now."""
        project = self.selected()
        if project is not None and self.state.is_deleted(project.id):
            self.follow()

    def _now(self, project: ProjectInfo | None) -> ProjectInfo | None:
        """``project`` as it is stored now, to act on (the list may be a moment behind another window's
        change); None when there is none selected, or it is gone: said by the name shown, and dropped."""
        if project is None:
            return None
        try:
            return self.state.projects.get(project.id)
        except UserError as exc:
            messages.show_error(self, self.state.named_error(exc))
            self.follow()
            return None

    def new_project(self) -> None:
        project = ask_project_name(self, self.tr("New project"), self.tr("Project name:"), "",
                                   lambda name: self.state.change_projects(partial(self.state.projects.create, name, lang=self.state.new_project_lang), -1))  # fmt: skip
        if project is not None:
            self.chosen_id = project.id
            self.accept()

    def open_selected(self) -> None:
        project = self._now(self.selected())
        if project:
            self.chosen_id = project.id
            self.accept()

    def rename_selected(self) -> None:
        project = self._now(self.selected())  # (over the name it has now: one typed over an older one is asked about)
        if not project:
            return
        if rename_asking(self, self.state, project, self.tr("Rename project"), self.tr("New name:")) is not None:
            self.reload()  # (the open project's name was read again with the change)
        else:
            self._drop_if_deleted()

    def duplicate_selected(self) -> None:
        """A copy of the selected project, made on a worker (a big project takes seconds): the dialog
        busy meanwhile (its buttons and list off, not closed), the list showing the copy once made."""
        project = self.selected()
        if not project or self.busy:
            return
        db = self.state.workspace.db
        self._set_busy(True)

        def done(_copy: ProjectInfo) -> None:
            self._set_busy(False)
            self.reload()

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            if isinstance(error, UserError):  # (a bug: the one error handler said it already)
                messages.show_error(self, error)  # (a project listed, deleted elsewhere meanwhile: by its name)
                self._drop_if_deleted()

        self.state.change_projects_in_background(lambda: transfer.duplicate(db, project.id), done, failed, -1)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.buttons["duplicate"].setText(self.tr("Duplicating…") if busy else self.tr("Duplicate"))
        for widget in (self.table, self.show_archived, self.buttons["new"], self.close_button):
            widget.setEnabled(not busy)
        self._update_buttons()

    def archive_selected(self) -> None:
        """What the button says (Archive, Restore: as the list shows the project), on the project as it
        is stored now: archived or restored by another window meanwhile, it stays as the button said."""
        shown = self.selected()
        project = self._now(shown)  # (deleted meanwhile: said by the name shown)
        if not shown or not project:
            return
        archived = not shown.archived
        if project.archived != archived and not self._run(lambda: self.state.projects.set_archived(project.id, archived)):
            return
        if archived:
            self.state.undo_shelves.drop(project.id)  # (put away: its undo steps, kept since the window left it, go)
        if project.id == self.state.project_id:
            self.state.refresh_project()
        self.reload()

    def delete_selected(self) -> None:
        asked: ProjectInfo | None = None
        while (project := self._now(self.selected() if asked is None else asked)) is not None:
            if asked is not None and project.name == asked.name:
                break  # the project as it was asked about
            if not confirm_delete(self, self.state, self.watcher, project):  # by its name now (renamed while asked: again)
                return
            asked = project
        if project is None:
            return
        if self._run(lambda: self.state.projects.delete(project.id)) is None and self._exists(project.id):
            return
        if project.id == self.state.project_id:
            self.state.close_project()
        forget_deleted(self.state, project.id)
        self.reload()

    def _exists(self, project_id: int) -> bool:
        try:
            self.state.projects.get(project_id)
        except UserError:
            return False
        return True
