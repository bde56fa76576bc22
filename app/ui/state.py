"""The state the window and its pages share: the workspace, the open project, the undo stack."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.core.documents import DocumentService
from app.core.errors import DatabaseBusy, NotFoundError
from app.core.i18n import Lang, document_lang
from app.core.operations import Change, Part, project_op
from app.core.project import ProjectInfo
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing.answers import AnswerService
from app.hearing.sessions import SessionService
from app.ui import settings
from app.ui.operations import UndoStack
from app.ui.wide_table.frozen import commit_open_editors

# Document kinds a page may show; a change another process made refreshes all of them.
EXTERNAL_KINDS = ("proposal", "environment", "data_platform", "wbs")
UNREAD_RETRY_MS = 2000  # a page whose reads found the server away (report_unread) is read again this often while in front


class ProjectDeleted(NotFoundError):
    """A project this window showed is no longer in the database: another window or process deleted it.

    Named by the name the window showed: the core's error (``project.not_found_id``) can only name
    the row's id, the row and its name being gone. A project the window never showed (``name`` ""):
    said deleted, never by its id (an internal number the user never sees).
    """

    def __init__(self, project_id: int, name: str) -> None:
        if name:
            super().__init__(key="project.deleted_elsewhere", name=name)
        else:
            super().__init__(key="project.deleted_unnamed")
        self.project_id = project_id


def missing_project_id(error: BaseException) -> int | None:
    """The project id a core "no project with id N" error names (None: another error)."""
    if not isinstance(error, NotFoundError) or error.key != "project.not_found_id":
        return None
    try:
        return int(str(error.params.get("id", "")))
    except ValueError:
        return None


class AppState(QObject):
    """One per window.

    Signals:
        projectAboutToChange(int): this project is about to be left; save what is pending for it.
        projectChanged(int): another project is open (-1: none).
        projectEdited(int): the open project's own fields changed (name, customer, ...).
        projectsListChanged(): a project was created, renamed, archived or deleted.
        saved(object): a change was committed (local datetime).
        changed(object): an operation changed the project (:class:`app.core.operations.Change`); every
            page refreshes from this one signal. ``external`` changes were committed by another
            window or process.
        problem(str): a change could not be saved (the database is busy, a conflict); the text says why.
        unread(str): a page could not read the project (the server out of reach); the text says why (a read's
            wording: nothing typed is at stake, the page reads again by itself).
        problemOver(str): what ``unread`` said of a page's failed read is over: the page read the project fine.
        projectDeleted(str): the open project was deleted in another window or process (its name); it is closed.
        offlineChanged(bool): the database server could not be reached (True), or answered again
            (False); ``offline`` holds the last. Edits made meanwhile wait as drafts (app/ui/operations.py).
    """

    projectAboutToChange = Signal(int)
    projectChanged = Signal(int)
    projectEdited = Signal(int)
    documentLangChanged = Signal(str)  # the open project's document language changed (Project Properties)
    projectsListChanged = Signal()
    projectDeleted = Signal(str)
    saved = Signal(object)
    changed = Signal(object)
    problem = Signal(str)
    unread = Signal(str)
    problemOver = Signal(str)
    offlineChanged = Signal(bool)

    def __init__(
        self, workspace: Workspace, ui_lang: Lang, default_doc_lang: Lang | None = None, parent: QObject | None = None
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.workspace = workspace
        self.ui_lang = ui_lang  # the window's language (Settings ▸ Language switches it live)
        self.default_doc_lang = default_doc_lang  # Settings ▸ Language; None: the UI language
        self._export_choice: Lang | None = None  # chosen on a page for the open project
        self.project: ProjectInfo | None = None
        self._finishing = False  # the open cells are being committed (finish_editing)
        self.undo_stack = UndoStack(self)  # saves pending typing before it steps
        # First, before any editor saves its typing: the cells being typed commit theirs (Qt calls a
        # signal's slots in the order they were connected, and nothing can connect before this).
        self.undo_stack.aboutToStep.connect(self.finish_editing)
        from app.ui.window.keys import RedoOrder
        from app.ui.window.waiting_steps import WaitingEdits

        RedoOrder(self.undo_stack)  # redo in the reverse order of the undos, a text field's own among them
        from app.ui.projects.undo_shelves import UndoShelves

        self.undo_shelves = UndoShelves(self.undo_stack)  # the steps of each project left, until the window closes

        self.waiting_edits = WaitingEdits(self)  # the edits a busy database kept waiting, in the order they were made
        self.projects = ProjectService(workspace.db)
        self.answers = AnswerService(workspace.db, workspace.library)
        self.sessions = SessionService(workspace.db)
        self.documents = DocumentService(workspace.db)
        self.last_saved: dt.datetime | None = None
        self.offline = False  # the last operation could not reach the database server
        self._busy: tuple[float, DatabaseBusy] | None = None  # when a save on the UI thread last found the database busy, and why
        self._names: dict[int, str] = {}  # the projects this window showed, by id: a deleted one is named
        self._deleted: set[int] = set()  # those this window found deleted (by another window or process)
        self._unread: dict[str, str] = {}  # what a page said of its last failed read of the project, by page

    @property
    def project_id(self) -> int:
        return self.project.id if self.project else -1

    @property
    def new_project_lang(self) -> Lang:
        """The document language a new project gets: the user's default, else the UI language."""
        return self.default_doc_lang or self.ui_lang

    @property
    def export_lang(self) -> Lang:
        """The language the open project's documents are exported and previewed in
        (:func:`app.core.i18n.document_lang`): the language chosen on a page (Exports, the wiki
        preview) for this project, else the project's document language, else the default."""
        project_lang = self.project.lang if self.project is not None else None
        return document_lang(self._export_choice, project_lang, self.new_project_lang)

    @export_lang.setter
    def export_lang(self, lang: Lang) -> None:
        """A page's language choice; it holds until another project opens."""
        self._export_choice = lang

    @property
    def content_lang(self) -> Lang:
        """The language checklist content is shown in: the UI language."""
        return self.ui_lang

    def finish_editing(self) -> None:
        """Commit every table cell being typed in this state's window (its parent), its dialogs included:
        the typing reaches the table's model in the project open now, and is saved (or kept as a draft)
        as any typing is. A menu takes no focus, so a cell's editor would not commit by itself before
        Open Recent, Close or Edit ▸ Undo acts (:func:`app.ui.wide_table.frozen.commit_open_editors`)."""
        window = self.parent()
        if isinstance(window, QWidget) and not self._finishing:
            self._finishing = True  # (a save it makes may close the project, which finishes the editing again)
            try:
                commit_open_editors(window)
            finally:
                self._finishing = False

    def leave_project(self) -> None:
        """The open project is about to be left (another opened, closed, the window closed or rebuilt):
        the cells being typed commit first, then the pages save what is pending for it
        (:attr:`projectAboutToChange`), while :attr:`project_id` is still that project."""
        if self.project is not None:
            self.finish_editing()
        if self.project is not None:  # (still: a save may have found it deleted)
            self.projectAboutToChange.emit(self.project.id)

    def open_project(self, project_id: int) -> ProjectInfo:
        """Open the project; the one left keeps its undo steps (shelved) until it is shown again or the window closes,
        and undo never crosses projects: the stack holds the open project's steps only (app/ui/projects/undo_shelves.py)."""
        try:
            project = self.projects.get(project_id)
        except NotFoundError:
            self.undo_shelves.drop(project_id)  # (deleted elsewhere: none of its steps can be made)
            raise
        self.leave_project()
        if self.project is None or self.project.id != project.id:
            self.undo_shelves.switch(self.project, project)
            self._export_choice = None  # the next project's documents are in its own language
        self.project = project
        self._names[project.id] = project.name
        self._deleted.discard(project.id)  # (SQLite gives a new project the id of the last one deleted)
        settings.remember_project(project.id)
        self.projectChanged.emit(project.id)
        return project

    def close_project(self, *, clear_undo_later: bool = False) -> None:
        """Close the open project. ``clear_undo_later``: its undo steps are dropped once the event loop
        runs again, not now (this may run inside an undo step, which Qt still holds)."""
        self.leave_project()
        closed, self.project = self.project_id, None
        self._export_choice = None
        if clear_undo_later:
            QTimer.singleShot(0, self, self._clear_undo_if_closed)
        else:
            self.undo_stack.clear()
        self.undo_stack.drop_held(0, closed)  # its typing held over steps, gone with them
        self.projectChanged.emit(-1)

    def _clear_undo_if_closed(self) -> None:
        if self.project is None:  # (a project opened since cleared it already, and may have steps of its own)
            self.undo_stack.clear()

    def refresh_project(self, *, elsewhere: bool = True) -> None:
        """Read the open project's own fields again; closed when it is gone (``elsewhere``: deleted by
        another window or process, which :attr:`projectDeleted` says; else by this window)."""
        if self.project is None:
            return
        before = self.project.lang
        try:
            self.project = self.projects.get(self.project.id)
        except NotFoundError:
            name = self.project.name
            self._deleted.add(self.project.id)
            # Later: a refused undo step publishes a change, and its command must outlive the step.
            self.close_project(clear_undo_later=True)
            if elsewhere:
                self.projectDeleted.emit(name)
            return
        self._names[self.project.id] = self.project.name
        if self.project.lang != before:
            # The language just set in Project Properties wins over an earlier choice on a page.
            self._export_choice = None
            self.documentLangChanged.emit(self.export_lang)
        self.projectEdited.emit(self.project.id)

    def publish(self, change: Change) -> None:
        """Announce a committed change on ``changed``; a change of projects also updates the project list."""
        if not change.parts:
            return
        if Part.PROJECT in change.parts and (change.project_id in (self.project_id, -1) or change.external):
            # First: a project just deleted is closed before any page hears of the change (a page in
            # front would read it again and say it does not exist).
            self.refresh_project(elsewhere=change.external)
        self.changed.emit(change)
        if Part.PROJECT in change.parts:
            self.projectsListChanged.emit()
        if not change.external:
            self.notify_saved()

    def change_projects(self, call: Callable[[], Any], project_id: int | None = None) -> Any:
        """Run a change of projects (create, rename, archive, ...) as an operation; returns what ``call`` did.

        A :class:`UserError` propagates (nothing changed); the caller shows it.
        """
        from app.ui.operations import run_op

        pid = self.project_id if project_id is None else project_id
        return run_op(self, project_op(pid, lambda _ws: call()), "", action=True).detail

    def change_projects_in_background(
        self, call: Callable[[], Any], on_done: Callable[[Any], Any], on_error: Callable[[BaseException], Any], project_id: int | None = None
    ) -> None:  # fmt: skip
        """:meth:`change_projects` on a worker, for a slow one (a whole project copied): ``call`` runs there
        (it reads nothing of the state and touches no widget); ``on_done`` gets what it returned and
        ``on_error`` the refusal (the caller shows it), both on the UI thread."""
        from app.ui.operations import run_op_in_background

        pid = self.project_id if project_id is None else project_id
        run_op_in_background(self, project_op(pid, lambda _ws: call()), "", lambda change: on_done(change.detail), on_error)

    def changed_items(self, change: Change) -> list[str]:
        """The answer item ids a change touched (every item for a change made elsewhere)."""
        return self.workspace.library.item_ids() if change.external else sorted(change.items)

    def changed_kinds(self, change: Change) -> tuple[str, ...]:
        """The document kinds a change touched (every kind for a change made elsewhere)."""
        kinds = set(change.kinds) | ({"wbs"} if Part.WBS in change.parts else set())
        return EXTERNAL_KINDS if change.external else tuple(sorted(kinds))

    def named_error(self, error: BaseException) -> BaseException:
        """``error`` as the window says it: a project it showed that is gone, by its name.

        An edit of a project another window or process deleted meets the core's "no project with id
        N" (never a conflict with its vanished data: :func:`app.core.operations.refuse_if_deleted`,
        asked of the open project by :func:`app.ui.operations.run_op`); that is :class:`ProjectDeleted`,
        and the open project, when it is that one, is closed once the edit is over (and said so).
        """
        if isinstance(error, ProjectDeleted):
            return error
        gone = missing_project_id(error)
        if gone is None:
            return error
        if gone not in self._names:  # none this window showed (-1: none open, it was closed): no id said
            return ProjectDeleted(gone, "")
        self._deleted.add(gone)
        self.undo_shelves.drop(gone)
        if gone == self.project_id:
            QTimer.singleShot(0, self, self.refresh_project)
        return ProjectDeleted(gone, self._names[gone])

    def is_deleted(self, project_id: int) -> bool:
        """True when this window found the project deleted (by another window or process): what was
        typed for it stays a draft on disk and is not tried again."""
        return project_id in self._deleted

    def showing(self, projects: Iterable[ProjectInfo]) -> None:
        """Projects this window lists without opening them (the Projects dialog): one deleted meanwhile
        by another window or process is said by the name shown (:meth:`named_error`), not by its id."""
        for project in projects:
            self._names[project.id] = project.name
            self._deleted.discard(project.id)  # (there now: SQLite gives a new project the id of the last one deleted)

    def close_if_deleted(self, dialog: QDialog, project_id: int, said: BaseException | None) -> bool:
        """A dialog of ``project_id`` (the project it was opened for, never the one open now: the window
        closes a project deleted elsewhere) whose action was just refused, ``said`` the refusal it showed
        (as :func:`app.ui.operations.run_op` raised it): when that said the project was deleted by
        another window or process (:class:`ProjectDeleted`, by its name), nothing of the dialog can be
        saved any more, and it closes (as rejected: nothing asked, nothing said again), what was typed in it
        kept as a draft (said at the next start, as the pages' typing in a project deleted elsewhere). True
        then; any other refusal leaves it open with what was typed."""
        from app.ui.widgets.dialog_drafts import hold_typing

        if not (isinstance(said, ProjectDeleted) and said.project_id == project_id):
            return False
        hold_typing(dialog)
        dialog.done(QDialog.DialogCode.Rejected)
        return True

    def report_problem(self, error: BaseException, what: str = "") -> str:
        """Say in the status bar (and, for a conflict, a message) that something was not saved; returns what was said."""
        from app.ui.error_text import user_text

        text = user_text(self.named_error(error), self.ui_lang, self.workspace.library)
        said = f"{what}: {text}" if what else text
        self.problem.emit(said)
        return said

    def report_unread(self, reader: str, error: BaseException) -> None:
        """The page ``reader`` could not read the open project (the server out of reach): said in the status bar as
        a read's failure (``unread``, never "not saved": nothing typed was lost), until that page reads it fine
        again (:meth:`read_fine`)."""
        from app.ui.error_text import unread_text

        said = unread_text(self.named_error(error), self.ui_lang, self.workspace.library)
        self._unread[reader] = said
        self.unread.emit(said)

    def read_fine(self, reader: str) -> None:
        """The page ``reader`` read the project fine: what it said of its last failed read is over (the
        status bar no longer says the page is not read, unless something else was said since)."""
        said = self._unread.pop(reader, None)
        if said is not None:
            self.problemOver.emit(said)

    def found_busy(self, error: DatabaseBusy | None) -> None:
        """A save on the UI thread found the database busy (None: it went through; the spell is over)."""
        self._busy = (time.monotonic(), error) if error is not None else None

    def busy_within(self, seconds: float) -> DatabaseBusy | None:
        """Why the database was busy if a save found it so less than ``seconds`` ago and none went through since:
        what is typed then goes to its draft without waiting again (an environment field's keystrokes), a
        save tried then waits only briefly (:func:`app.ui.operations.run_op`)."""
        return self._busy[1] if self._busy is not None and time.monotonic() - self._busy[0] < seconds else None

    def set_offline(self, offline: bool) -> None:
        if offline != self.offline:
            self.offline = offline
            self.offlineChanged.emit(offline)

    def notify_saved(self) -> None:
        self.last_saved = dt.datetime.now()
        self.saved.emit(self.last_saved)
