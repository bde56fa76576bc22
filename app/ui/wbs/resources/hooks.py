"""What the WBS page does for people, load and levelling (a part of :class:`~app.ui.wbs.page.WbsPage`):
the People… and Level resources… buttons, the Load tab beside the Gantt, the over-allocation marks
in the table, the Gantt and the header, worked out again once a change settles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget

from app.core import operations as ops
from app.core.errors import UserError
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.tasks import LatestRun, run_in_background
from app.ui.wbs.resources.levelling import LevelPreviewDialog, Plan, plan
from app.ui.wbs.resources.load import LoadPanel, Overload, overload
from app.ui.wbs.resources.people import PeopleDialog
from app.ui.wbs.toolbar import button
from app.ui.widgets import colours
from app.wbs.model import WbsTree
from app.wbs.resources.load import Load, load
from app.wbs.resources.people import KIND as PEOPLE_KIND
from app.wbs.resources.people import Person, read

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QPushButton, QWidget

    from app.ui.operations import UndoText
    from app.ui.state import AppState
    from app.ui.wbs.gantt import GanttView
    from app.ui.wbs.model import WbsModel
    from app.wbs.catalog import Catalog
    from app.wbs.service import WbsChange

BIG = 1500  # tasks: a plan this big has its load worked out on a worker
SETTLE_MS = 150  # a burst of changes (typing, an undone schedule) is worked out once
LOAD_READER = "wbs.load"  # the resources load, as it says a failed read in the status bar (AppState.report_unread)


if TYPE_CHECKING:

    class _Base:
        """For the type checker: what the page provides these hooks (see app/ui/wbs/commands.py)."""

        state: AppState
        model: WbsModel
        gantt: GanttView
        catalog: Catalog
        details: QLabel
        busy: bool

        def tr(self, sourceText: str, disambiguation: str | None = None, n: int = -1) -> str: ...
        def exec_dialog(self, dialog: QDialog) -> int: ...
        def _run_slow(self, work: Callable[..., WbsChange | None], text: UndoText, done: Callable[[WbsChange | None], None] | None = None,
                      refused: Callable[[BaseException], None] | None = None,
                      unchanged: Callable[[WbsChange | None], None] | None = None) -> None: ...

else:
    _Base = object


class ResourceHooks(_Base):
    """People, load and levelling on the WBS page."""

    people_button: QPushButton
    level_button: QPushButton
    overload_label: QLabel
    load_panel: LoadPanel
    side_tabs: QTabWidget
    over: Overload

    def make_resource_widgets(self) -> None:
        """The buttons, the header's over-allocation note and the Load panel."""
        self.people_button = button(self.tr("People…"), "wbsPeople", self.open_people)
        self.people_button.setToolTip(self.tr("The project's people: role, days a week, share of a day, days off"))
        self.level_button = button(self.tr("Level resources…"), "wbsLevel", self.level_resources)
        self.level_button.setToolTip(self.tr("Delay tasks so that nobody works on two at once (by priority, then WBS order); a preview first"))
        self.overload_label = QLabel()
        self.overload_label.setObjectName("wbsOverload")
        colours.style(self.overload_label, "QLabel { color: $over_text; font-weight: bold; }")
        self.overload_label.hide()
        self.load_panel = LoadPanel(self.state.ui_lang)
        self.over = Overload()
        self._load_runs = LatestRun(self._widget())  # a big plan's load on a worker, the latest run winning
        self._load_timer = QTimer(self._widget())
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(SETTLE_MS)
        self._load_timer.timeout.connect(self.compute_load)

    def side_tabs_for(self, gantt: GanttView) -> QTabWidget:
        """The Gantt and the Load tabs, beside the table."""
        self.side_tabs = QTabWidget()
        self.side_tabs.setObjectName("wbsSideTabs")
        # The tabs below: the Gantt's rows stay level with the table's.
        self.side_tabs.setTabPosition(QTabWidget.TabPosition.South)
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(gantt, self.tr("Gantt"))
        self.side_tabs.addTab(self.load_panel, self.tr("Load"))
        return self.side_tabs

    def resources_reloaded(self, people: list[Person] | None = None) -> None:
        """A project was just read (with its ``people``, when read with it): its load is shown with the page's
        first paint (no owner's over-allocation mark appearing a moment later), on a worker for a big plan."""
        for widget in (self.people_button, self.level_button):
            widget.setEnabled(self.state.project_id >= 0)
        if len(self.model.tree.tasks) <= BIG and people is not None:
            self._load_timer.stop()
            self._load_runs.drop()
            self.state.read_fine(LOAD_READER)
            self._show_load(people, self.model.tree, load(self.model.tree, people, self.gantt.calendar))
        elif len(self.model.tree.tasks) <= BIG:
            self.compute_load()
        else:  # nothing of the last project's meanwhile; worked out after the first paint (a worker would slow it): the page's reload sees to it
            self._show_load([], self.model.tree, Load())
            self.refresh_load()

    def resources_changed(self, change: ops.Change) -> None:
        """The load follows the plan, the people and the company holidays."""
        if ops.Part.CALENDAR in change.parts or (
            change.project_id == self.state.project_id and (ops.Part.WBS in change.parts or PEOPLE_KIND in change.kinds or change.external)
        ):
            self.refresh_load()

    # --- load ----------------------------------------------------------------------------------------

    def refresh_load(self) -> None:
        """Work the load out again once changes settle."""
        self._load_timer.start()

    def load_pending(self) -> bool:
        """A change waits to be worked into the load (or a worker is on it)."""
        return self._load_timer.isActive() or not self._load_runs.idle

    def compute_load(self) -> None:
        self._load_timer.stop()
        self._load_timer.setInterval(SETTLE_MS)  # (a plan read and not painted waited longer)
        pid = self.state.project_id
        self._load_runs.drop()  # (a load still being worked out is of an older plan)
        if pid != getattr(self, "_loaded_for", pid):  # another project opened while the page was hidden:
            return  # its load is worked out when the page reads it (resources_reloaded)
        if pid < 0:
            self._show_load([], self.model.tree, Load())
            return
        cal = self.gantt.calendar
        if len(self.model.tree.tasks) <= BIG:
            try:
                found = read(self.state.workspace, pid)
            except UserError as exc:  # the server is away: the status bar says so, the load stays as shown
                self.state.report_unread(LOAD_READER, exc)
                return
            self.state.read_fine(LOAD_READER)
            self._show_load(found, self.model.tree, load(self.model.tree, found, cal))
            return
        ws = self.state.workspace
        # The plan as the table shows it (committed: an edit replaces a task, never changes one), not
        # read again: a second read of 5,000 tasks on the worker slowed the window's first paint.
        tasks = list(self.model.tree.tasks.values())

        def work() -> tuple[list[Person], WbsTree, Load]:
            found = read(ws, pid)
            tree = WbsTree.build(tasks)
            return found, tree, load(tree, found, cal)

        def done(result: tuple[list[Person], WbsTree, Load]) -> None:
            if pid == self.state.project_id:
                self.state.read_fine(LOAD_READER)
                self._show_load(*result)

        def failed(error: BaseException) -> None:  # (a bug is reported by run_in_background)
            if isinstance(error, UserError) and pid == self.state.project_id:  # the server is away: said, the load stays as shown
                self.state.report_unread(LOAD_READER, error)

        self._load_runs.request(work, done, failed)

    def _show_load(self, found: list[Person], tree: WbsTree, computed: Load) -> None:
        if found != getattr(self, "people", []):  # their days off count in the slack too
            self.people = found
            self._totals_timer.start()  # type: ignore[attr-defined]  # the page's: the critical path again
        self.over = overload(computed)
        self.load_panel.show_load(found, self.over, tree)
        lang = self.state.ui_lang
        marks = {task_id: self.over.mark(task_id, lang) for task_id in self.over.tasks}
        self.model.set_over_allocated(marks)
        self.gantt.over = marks
        self.gantt.canvas.update()
        text = self.over.summary()
        self.overload_label.setText(text)
        self.overload_label.setToolTip(", ".join(self.over.people))
        self.overload_label.setVisible(bool(text))

    # --- people and levelling ---------------------------------------------------------------------

    def open_people(self) -> None:
        if self.state.project_id < 0:
            return
        dialog = PeopleDialog(self.state, self.catalog, self._widget())
        dialog.finished.connect(dialog.deleteLater)  # opened for each use: gone when closed (it follows every change)
        dialog.open()

    def level_resources(self) -> None:
        """Work the levelled plan out on a worker, then show what would move."""
        pid = self.state.project_id
        if pid < 0 or self.busy:
            return
        if not self.load_pending() and not self.over.load.over_allocated:  # levelling would only reschedule (as `level` says)
            self.details.setText(self.tr("Nobody is over-allocated: nothing to move."))
            return
        ws = self.state.workspace
        self.level_button.setEnabled(False)
        self.details.setText(self.tr("Working…"))

        def failed(error: BaseException) -> None:
            self.level_button.setEnabled(True)
            self.details.clear()
            messages.show_error(self._widget(), error)

        run_in_background(lambda: plan(ws, pid), lambda result: self._preview_levelling(pid, result), failed)

    def _preview_levelling(self, pid: int, result: Plan) -> None:
        from app.wbs.resources.levelling import LevellingChanged, apply_levelling

        self.level_button.setEnabled(True)
        self.details.clear()
        if pid != self.state.project_id:
            return  # the user switched projects meanwhile
        if not result.people:
            self.details.setText(self.tr("No people yet: add the project's people with “People…”; levelling moves the tasks of people who work on two at once."))
            return
        moves = result.levelled.moves
        if not moves:
            self.details.setText(self.tr("Nobody works on two tasks at once: nothing to move."))
            return
        dialog = LevelPreviewDialog(moves, self.state.ui_lang, self._widget())
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return

        def levelled(change: WbsChange | None) -> None:
            tree = self.model.tree
            count = sum(1 for i in change.after if not tree.has_children(i)) if change is not None else 0
            self.details.setText(self.tr("Levelling moved %n task(s).", "", count) if count else self.tr("Nothing moved: the plan changed meanwhile and needs no levelling."))

        def refused(error: BaseException) -> None:  # the plan changed since the preview: said where it stays too
            if isinstance(error, LevellingChanged):
                self.details.setText(user_text(error, self.state.ui_lang, self.state.workspace.library))
                self.level_button.setFocus()  # Level resources… again: the moves as they are now

        # The moves shown, checked against the plan as stored in the same transaction: never others.
        shown = result.levelled
        self._run_slow(lambda ws: apply_levelling(ws, pid, shown=shown), lambda: self.tr("Level resources"), levelled, refused)


    def _widget(self) -> QWidget:
        return self  # type: ignore[return-value]  # the page
