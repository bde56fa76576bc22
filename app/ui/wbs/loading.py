"""How the WBS page reads its plan: when a project opens or the page is shown, after each change (an edit here,
an undo, a redo: the tasks the change committed put in), after another window's change (the plan read again,
on a worker for a big plan, and only what differs put in: the outline, the current row and the view kept),
and the hearing's marks on the tasks it generated (a part of :class:`~app.ui.wbs.page.WbsPage`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView

from app.core import operations as ops
from app.core.errors import UserError
from app.core.project import Agreed, held_tasks, last_agreed
from app.projects.overview import agreement_changed
from app.ui.state import UNREAD_RETRY_MS
from app.ui.tasks import settle_heap_soon
from app.ui.wbs.resources.hooks import BIG, SETTLE_MS
from app.ui.wbs.tree_view import OnPaint
from app.wbs.model import WbsTree
from app.wbs.resources.load import Load
from app.wbs.service import WbsService
from app.wbs.tracking.baselines import KIND as TRACKING_KIND

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QPushButton, QToolBar

    from app.core.i18n import Lang
    from app.core.workspace import Workspace
    from app.ui.tasks import LatestRun
    from app.ui.wbs.filters import WbsFilterModel
    from app.ui.wbs.gantt import GanttView
    from app.ui.wbs.kept import WbsWaiting
    from app.ui.wbs.model import WbsModel
    from app.ui.wbs.refused import WbsRefused
    from app.ui.wbs.resources.hooks import ResourceHooks
    from app.ui.wbs.toolbar import WbsFilterBar
    from app.ui.wbs.tracking import TrackingHooks
    from app.ui.wbs.tree_view import WbsTreeView
    from app.wbs.resources.people import Person
    from app.wbs.tracking.baselines import Baseline

    class _Base(ResourceHooks, TrackingHooks, WbsRefused, WbsWaiting):
        """For the type checker: what :class:`~app.ui.wbs.page.WbsPage` provides these methods."""

        service: WbsService
        model: WbsModel
        proxy: WbsFilterModel
        tree: WbsTreeView
        gantt: GanttView
        filters: WbsFilterBar
        toolbar: QToolBar
        totals_label: QLabel
        generate_button: QPushButton
        schedule_button: QPushButton
        import_button: QPushButton
        export_button: QPushButton
        baselines_button: QPushButton
        _totals_timer: QTimer
        _rereads: LatestRun
        _awaiting_paint: OnPaint | None
        empty_label: QLabel
        _open_before_filter: set[int] | None

        def _after_change(self) -> None: ...
        def current_id(self) -> int | None: ...
        def select_task(self, task_id: int, edit: bool = False) -> None: ...

else:
    _Base = object

READER = "wbs"  # the plan read again, as a failed read is said in the status bar (AppState.report_unread)
UNPAINTED_SETTLE_MS = 1000  # after a plan was read, the totals' and the load's wait if the table is not painted before
TOTALS_MS = 120  # the totals and the critical path: worked out once a change has settled this long


class Reread(NamedTuple):
    """The open project's plan and the hearing's marks on it, as stored now."""

    tree: WbsTree
    answers: dict[str, Any]
    stale: set[int]  # generated tasks the hearing no longer calls for as they are
    suspect: dict[int, list[str]]  # agreed tasks whose answers changed since (the changes said)
    signed: frozenset[str] = frozenset()  # the uids of the tasks the newest signed agreement baseline holds
    held: Agreed | None | bool = True  # that agreement as read (True: not read, no tasks): the page's own changes use it
    holidays: dict[dt.date, str] | None = None  # with the page's whole read (read_page): the company holidays,
    people: list[Person] | None = None  # the project's people (their load)
    baselines: tuple[Baseline, ...] | None = None  # and its saved baselines (the Gantt draws one)


def read_plan(ws: Workspace, project_id: int, lang: Lang) -> Reread:
    """The plan read again (on a worker for a big one: it touches no widget)."""
    from app.hearing import AnswerService
    from app.projects.suspects import task_suspects
    from app.wbs.generate import stale_tasks

    tree = WbsService(ws.db).tree(project_id)
    if not tree.tasks:
        return Reread(tree, {}, set(), {})
    held = last_agreed(ws.db, project_id)  # (its snapshot read once: the marks and the agreed tasks)
    return Reread(tree, AnswerService(ws.db, ws.library).answers(project_id), stale_tasks(ws, project_id, tree),
                  task_suspects(ws, project_id, tree, lang, held), held_tasks(held), held)  # fmt: skip


def read_page(ws: Workspace, project_id: int, lang: Lang) -> Reread:
    """All the page shows of a project when it reads it: the plan with the hearing's marks, the company holidays,
    the people and the baselines. On a worker for a team database: over a VPN its dozen reads froze the window
    5 s (a round trip each, and their transactions'), and it touches no widget."""
    from app.wbs import company_calendar
    from app.wbs.resources.people import read as read_people
    from app.wbs.tracking.baselines import tracking

    found = read_plan(ws, project_id, lang)
    return found._replace(holidays=company_calendar.holidays(ws.db), people=read_people(ws, project_id),
                          baselines=tracking(ws, project_id).baselines)  # fmt: skip


class WbsLoading(_Base):
    """Reading the plan and taking changes in, a part of :class:`~app.ui.wbs.page.WbsPage`."""

    _loaded_for: int
    _applied: int  # changes put in the table (and reads of the plan): a read again made before one is not put in
    _heard_meanwhile: bool  # a colleague's change heard while this window's own work ran on a worker: all read again after
    _stale_dirty: bool
    _held: Agreed | None | bool  # the newest signed agreement as last read (True: not read): the marks of own changes
    _read_waiting: bool  # a read again came while a cell's editor was open: made again once it closes
    _reading: int | None  # the project whose read runs on a worker (a team database), the page "Loading…" meanwhile

    def on_project_changed(self, project_id: int) -> None:
        self._loaded_for = -1
        if self.isVisible() or project_id < 0:
            self.reload()

    def on_shown(self) -> None:
        if self._loaded_for != self.state.project_id and self._reading != self.state.project_id:
            self.reload()
        elif self._stale_dirty and self._reading is None:
            self._refresh_stale()

    def reload(self, keep_view: bool = False) -> None:
        """Read the open project's plan and show it: its outline opened two levels deep, or with
        ``keep_view`` (the same plan read again after another window changed it) the outline, the
        current row and the filter's view as the user has them now. From a team database it is read on a
        worker, the page shown at once "Loading…" and its editing off until the read is in (:meth:`_read_on_worker`)."""
        project_id = self.state.project_id
        self._applied += 1
        self._rereads.drop()  # (a read of the plan before this one: never put in after it)
        self._reading = None
        opened, current = (self._open_ids(), self.current_id()) if keep_view else (None, None)
        leaves = {i for i, t in self.model.tree.tasks.items() if not self.model.tree.has_children(i)} if keep_view else set()
        if self._loaded_for != project_id and not keep_view:
            self.totals_label.setText("\n" * max(0, self.totals_label.text().count("\n")))  # never the last plan's figures (its height kept)
        self._loaded_for = project_id
        self._show_reading(False)
        self.shown_baseline = ""  # (the latest saved: drawn with the plan read)
        if project_id < 0:
            self.show_baseline()
            self.model.reset(self.service.tree(-1))
            self.resources_reloaded()
            self._after_change()
            return
        ws, lang = self.state.workspace, self.state.ui_lang
        if not ws.db.is_sqlite:  # a team database: a round trip a read, a VPN's 100 ms each
            self._read_on_worker(project_id, keep_view, opened, current, leaves)
            return
        try:
            found = read_page(ws, project_id, lang)
        except UserError as exc:  # the server out of reach: said in the status bar, read again shortly (the plan shown stays)
            self._unread(exc, keep_view)
            return
        self._show_read(found, opened, current, leaves)

    def _read_on_worker(self, pid: int, keep_view: bool, opened: set[int] | None, current: int | None, leaves: set[int]) -> None:
        """The page's read on a worker, the newest winning: meanwhile the page says "Loading…" with its editing
        off and no plan but this project's in the table (another project's, or none), nothing of it read
        (``_loaded_for`` -1: a change heard meanwhile reads again); a project switched meanwhile drops it."""
        ws, lang = self.state.workspace, self.state.ui_lang
        self._loaded_for, self._reading = -1, pid
        if not keep_view:
            self.model.reset(WbsTree.build([]))
            self._show_load([], self.model.tree, Load())
            self.draw_baseline(())
            self.gantt.refresh()
        self._show_reading(True)

        def done(found: Reread) -> None:
            if pid != self.state.project_id or self._reading != pid:
                return  # (another project read meanwhile)
            self._reading, self._loaded_for = None, pid
            self._show_reading(False)
            self._show_read(found, opened, current, leaves)

        def failed(error: BaseException) -> None:  # (a bug is reported by run_in_background: the page stays off)
            if pid == self.state.project_id and self._reading == pid and isinstance(error, UserError):
                self._reading = None
                self._unread(error, keep_view)  # still "Loading…", editing off: read again shortly

        self._rereads.request(lambda: read_page(ws, pid, lang), done, failed)

    def _show_reading(self, reading: bool) -> None:
        """The page while its read runs on a worker: its editing off and "Loading…" said; after, as the project allows."""
        on = not reading and self.state.project_id >= 0
        self.tree.setEnabled(not reading)
        for widget in (self.generate_button, self.schedule_button, self.baselines_button, self.import_button, self.export_button,
                       self.toolbar, self.people_button, self.level_button):  # fmt: skip
            widget.setEnabled(on)
        if reading:
            self.empty_label.hide()
            self.details.setText(self.tr("Loading…"))
        elif self.details.text() == self.tr("Loading…"):
            self.details.clear()
        if self.busy:  # (a schedule or a big undo still running: its buttons stay off)
            self._set_busy(True)

    def _unread(self, error: UserError, keep_view: bool) -> None:
        """The plan could not be read (the server out of reach): said in the status bar, read again shortly."""
        self._loaded_for = -1
        self.state.report_unread(READER, error)
        QTimer.singleShot(UNREAD_RETRY_MS, self, lambda: self._read_unread(keep_view))

    def _show_read(self, found: Reread, opened: set[int] | None, current: int | None, leaves: set[int]) -> None:
        """The project read put on the page: the plan, the hearing's marks, the company holidays, the load, the baseline."""
        self.state.read_fine(READER)
        self._show_holidays(found.holidays or {})
        self.model.answers, self.model.suspect, self._held = found.answers, found.suspect, found.held
        self._take_signed(found.signed)
        self.model.reset(found.tree, found.stale)
        self._stale_dirty = False
        if self.proxy.criteria.active:  # every row shown in view, however deep (as a filter opens them)
            self.tree.expandAll()
        elif opened is not None:  # and a task that got sub-tasks elsewhere opened, as one here opens
            self._reopen(opened | {i for i in leaves if self.model.tree.has_children(i)})
        else:
            self._expand_outline()
        if self.proxy.criteria.active and opened is None:  # Clear opens this project's outline as it opens, not the last one's
            self._open_before_filter = set(self._outline_ids())
        if current is not None and current in self.model.tree.tasks:
            self.select_task(current)
        elif current is not None:  # deleted elsewhere: nothing current, no reason of it shown
            self.details.clear()
        self.filters.fill_owners(self.model.tree.tasks.values())
        self.resources_reloaded(found.people)  # (with the plan and the company holidays just read)
        self.draw_baseline(found.baselines or ())
        self.take_back_waiting()  # cell edits a busy database kept waiting (a window gone kept them on disk)
        self.show_refused()  # and values refused, held as drafts
        self._after_change()
        self._settle_after_first_paint()

    def _read_unread(self, keep_view: bool) -> None:
        """The plan that could not be read, read again while the page is shown and still unread."""
        if self._loaded_for == -1 and self.isVisible() and self.state.project_id >= 0:
            self.reload(keep_view)

    def _settle_after_first_paint(self) -> None:
        """The totals and the critical path (the totals' timer), and a big plan's load (on a worker),
        worked out once the plan just read has been painted, never before: on a large plan they take
        longer than that paint (5,000 tasks: about 100 ms for the critical path), which they held up
        whenever reading the plan outlasted their timers' wait. A page that is not painted (its
        window minimised) works them out after a second all the same."""
        for timer in (self._totals_timer, self._load_timer):
            if timer.isActive():
                timer.start(UNPAINTED_SETTLE_MS)
        if self._awaiting_paint is None:
            self._awaiting_paint = OnPaint(self.tree.viewport(), self._painted)

    def _painted(self) -> None:
        self._awaiting_paint = None
        settle_heap_soon(len(self.model.tree.tasks))  # (a big plan: no full garbage collection while editing)
        for timer, wait in ((self._totals_timer, TOTALS_MS), (self._load_timer, SETTLE_MS)):
            if timer.isActive():
                timer.start(wait)

    def _expand_outline(self) -> None:
        """The outline open two levels deep, as ``expandToDepth(1)`` opens it, but without laying out
        every row: right after a reset the view only notes which rows are open and lays the tree out
        once, when it is painted (``expandToDepth`` lays out all of a 5,000-task tree at once)."""
        source, proxy, view = self.model, self.proxy, self.tree
        for task_id in self._outline_ids():
            view.expand(proxy.mapFromSource(source.index_of(task_id)))

    def _outline_ids(self) -> list[int]:
        """The tasks open when a project is read: those with sub-tasks on the first two levels."""
        tree = self.model.tree
        tops = [top for top in tree.kids(None) if tree.has_children(top)]
        return tops + [kid for top in tops for kid in tree.kids(top) if tree.has_children(kid)]

    def _show_company_holidays(self) -> None:
        """The Gantt shades the company's days off too (Settings ▸ Company holidays), as the schedule skips them."""
        from app.wbs import company_calendar

        self._show_holidays(company_calendar.holidays(self.state.workspace.db))

    def _show_holidays(self, days: dict[dt.date, str]) -> None:
        from app.wbs.workdays import calendar

        self.gantt.calendar = calendar(days)
        self._totals_timer.start()  # slack counts working days: the critical path again
        self.gantt.canvas.update()

    def _stale(self, tree: WbsTree) -> set[int]:
        from app.wbs.generate import stale_tasks

        if not tree.tasks:
            return set()
        return stale_tasks(self.state.workspace, self.state.project_id, tree)

    def _read_hearing(self, tree: WbsTree) -> None:
        """The answers as they are now (the "why" column reads them), the agreed tasks whose answers
        changed since (marked as a problem, old → new in the title's tooltip) and the tasks a signed
        agreement holds (agreed: not counted or filtered as not agreed)."""
        from app.hearing import AnswerService
        from app.projects.suspects import task_suspects

        ws, pid = self.state.workspace, self.state.project_id
        self.model.answers = AnswerService(ws.db, ws.library).answers(pid) if tree.tasks else {}
        held = last_agreed(ws.db, pid) if tree.tasks else None  # (its snapshot read once: the marks and the agreed tasks)
        self.model.suspect = task_suspects(ws, pid, tree, self.state.ui_lang, held) if tree.tasks else {}
        self._held = held if tree.tasks else True
        self._take_signed(held_tasks(held))

    def _take_signed(self, signed: frozenset[str]) -> None:
        """The tasks the newest signed agreement holds: the totals and the "Not agreed" filter worked out again."""
        if signed != self.model.signed:
            self.model.signed = signed
            self._totals_timer.start()
            if self.proxy.criteria.not_agreed:
                self.model.refilter()

    def _refresh_stale(self) -> None:
        if self.state.project_id >= 0 and self.model.tree.tasks:
            before = self.model.suspect
            self._read_hearing(self.model.tree)
            suspect, self.model.suspect = self.model.suspect, before
            self.model.refresh_stale(self._stale(self.model.tree), suspect)
            self.model.answers_changed()
        self._stale_dirty = False

    def _refresh_suspects(self) -> None:
        """The marks worked out again after this window's change of what its tasks agreed, against the signed agreement
        read with the plan (never read again per tick: a big plan's is megabytes). Hidden, or the hearing changed
        meanwhile: everything is read again when the page is shown."""
        from app.projects.suspects import task_suspects

        if not self.isVisible() or self._stale_dirty:
            self._stale_dirty = True
            return
        suspect = task_suspects(self.state.workspace, self.state.project_id, self.model.tree, self.state.ui_lang, self._held)
        self.model.refresh_stale(self.model.stale, suspect)

    def _answers_stale(self) -> None:
        """The hearing changed: which generated tasks no longer match it is worked out again."""
        self._stale_dirty = True
        if self.isVisible():
            self._refresh_stale()

    def _on_changed(self, change: ops.Change) -> None:
        """Every WBS change (an edit here, undo, redo, another window) reaches the table this way."""
        if ops.Part.CALENDAR in change.parts:  # company holidays (every project's): the Gantt's shading
            self._show_company_holidays()
        self.resources_changed(change)
        if change.project_id != self.state.project_id:
            return
        shown = self._loaded_for == change.project_id and self.isVisible()  # the plan on screen
        if ops.Part.DOCUMENTS in change.parts and (change.external or TRACKING_KIND in change.kinds):
            self.show_baseline()
        if change.external and ops.Part.WBS in change.parts and shown:  # read again, the hearing's marks with it
            self._heard_meanwhile = self._heard_meanwhile or self.state.undo_stack.worker.busy
            self._read_again()
            return
        if ops.Part.ANSWERS in change.parts or agreement_changed(change):
            self._answers_stale()  # (a sign-off: what is agreed, and so suspect, with it)
        if ops.Part.WBS not in change.parts:
            return
        heard, self._heard_meanwhile = self._heard_meanwhile, change.external and self.state.undo_stack.worker.busy
        self._applied += 1
        same = self._loaded_for == change.project_id
        if same and isinstance(change.after, dict):  # (the page hidden too: it shows the plan as it is when shown)
            agreement = _agreement_moved(self.model.tree, change.after)
            self.model.apply(change.after)
            if agreement:  # a 顧客合意 ticked or unticked here (its undo, its redo): the marks with it
                self._refresh_suspects()
            self.show_refused(here=True)  # held values: a title's outline number now; a task deleted here lets its own go
            self.filters.fill_owners(self.model.tree.tasks.values())
            self._after_change()
            if not heard:
                return
        if same and self.isVisible():  # a colleague's change came while this one was on a worker, or no tasks came with it
            self._read_again()
            return
        self._loaded_for = -1  # read when shown
        if self.isVisible():
            self.reload()

    def _read_again(self) -> None:
        """The plan on screen read again (another window changed it): on a worker for a big plan, the
        latest read winning, and only what differs from the table put in, as an edit here is."""
        pid, ws, lang, seen = self.state.project_id, self.state.workspace, self.state.ui_lang, self._applied

        def done(found: Reread) -> None:
            if pid != self.state.project_id or self._loaded_for != pid:
                return  # (another project read meanwhile)
            self.state.read_fine(READER)
            if self.tree.state() == QAbstractItemView.State.EditingState:  # a cell being typed in (opened meanwhile):
                self._read_waiting = True  # read again once its typing is saved, never put in under it
                return
            if seen != self._applied:  # a change of this window's landed meanwhile: the read may be older
                self._read_again()
                return
            self._take_in(found)

        def failed(error: BaseException) -> None:  # the server is away: said, the plan stays as shown
            if isinstance(error, UserError) and pid == self.state.project_id:
                self.state.report_unread(READER, error)

        if len(self.model.tree.tasks) <= BIG:
            try:
                found = read_plan(ws, pid, lang)
            except UserError as exc:
                failed(exc)
                return
            done(found)
            return
        self._rereads.request(lambda: read_plan(ws, pid, lang), done, failed)

    def editor_gone(self, *_args: object) -> None:
        """A cell's editor closed (its typing saved first): the read that came while it was open made again."""
        if self._read_waiting:
            self._read_waiting = False
            QTimer.singleShot(0, self, self._read_again)

    def _take_in(self, found: Reread) -> None:
        """The plan read again put in the table: its tasks added, removed or changed and the hearing's
        marks; the outline (a task that got sub-tasks elsewhere opened) and the current row kept (the details
        line says it as it is now, nothing when it was deleted), the load worked out again."""
        model, tree, view = self.model, self.model.tree, self.tree
        leaves = {i for i in tree.tasks if not tree.has_children(i)}
        changed = tree.difference(found.tree)
        if changed:
            model.apply(changed)
        if found.stale != model.stale or found.suspect != model.suspect:
            model.refresh_stale(found.stale, found.suspect)
        self._take_signed(found.signed)
        self._held = found.held
        if found.answers != model.answers:
            model.answers = found.answers
            model.answers_changed()
        self._stale_dirty = False
        if not changed:
            return
        if self.proxy.criteria.active:  # a task added elsewhere shown only if it matches (one added here is, for its title)
            self.proxy.set_criteria(self.proxy.criteria)
            view.expandAll()  # every row shown in view, however deep (as a filter opens them)
        else:
            for task_id in leaves:
                if tree.has_children(task_id):
                    view.expand(self.proxy.mapFromSource(model.index_of(task_id)))
        self.filters.fill_owners(tree.tasks.values())
        self.take_back_waiting()
        self.show_refused()
        self.refresh_load()  # (worked out when the change was heard: maybe of the plan before this read)
        self._after_change()

    def _open_ids(self) -> set[int]:
        """The tasks whose sub-tasks the outline shows (expanded rows)."""
        source, proxy, view = self.model, self.proxy, self.tree
        return {i for i in self.model.tree.children if i is not None and view.isExpanded(proxy.mapFromSource(source.index_of(i)))}

    def _reopen(self, ids: set[int]) -> None:
        """The outline open at these tasks and closed elsewhere."""
        source, proxy, view = self.model, self.proxy, self.tree
        view.collapseAll()
        view.scheduleDelayedItemsLayout()  # each expand() below only notes its row: one layout, not 550
        for task_id in ids:
            index = proxy.mapFromSource(source.index_of(task_id))
            if index.isValid():
                view.expand(index)


def _agreement_moved(tree: WbsTree, snapshot: dict[int, Any]) -> bool:
    """Whether a change's tasks (None: removed) differ from the tree's in what the suspect marks read: whether and when
    each was agreed, the answers it was built on."""
    def of(task: Any) -> Any:
        return None if task is None else (task.agreed, task.agreed_on, task.agreed_at, task.uid, task.origin)

    return any(of(task) != of(tree.tasks.get(task_id)) for task_id, task in snapshot.items())
