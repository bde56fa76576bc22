"""The WBS page: the task tree with inline editing, filters, totals, problems and a Gantt chart.

Every edit is one operation that commits at once and is one step on the window's undo stack
(:mod:`app.ui.wbs.editing`); the commands behind the buttons and shortcuts are in
:mod:`app.ui.wbs.commands`, the toolbar and the filter bar in :mod:`app.ui.wbs.toolbar`.
Keyboard: Insert adds a task below, Ctrl+Insert a sub-task, Delete removes, Alt+Shift+Right/Left
indent and outdent, Alt+Shift+Up/Down move, F2 edits, Ctrl+Shift+P picks predecessors; Ctrl+F goes to the search
(Esc there clears it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import cast

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QItemSelectionRange, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationFailed
from app.ui.page import Page, heading
from app.ui.state import AppState
from app.ui.tasks import LatestRun
from app.ui.wbs.columns import COLUMNS, INDEX, SHOWN_FIRST
from app.ui.wbs.commands import WbsCommands
from app.ui.wbs.delegates import WbsDelegate
from app.ui.wbs.editing import WbsEditing
from app.ui.wbs.filters import WbsFilterModel
from app.ui.wbs.gantt import GanttView
from app.ui.wbs.kept import Waiting, WbsWaiting
from app.ui.wbs.loading import TOTALS_MS, WbsLoading
from app.ui.wbs.model import WbsModel, column_index
from app.ui.wbs.refused import WbsRefused
from app.ui.wbs.resources.hooks import BIG, ResourceHooks
from app.ui.wbs.toolbar import WbsFilterBar, button, editing_toolbar
from app.ui.wbs.tracking import TrackingHooks
from app.ui.wbs.tree_view import OnPaint, WbsTreeView
from app.ui.widgets.flow_layout import FlowLayout
from app.wbs.analysis.critical import CriticalPath, analyse
from app.wbs.catalog import catalog
from app.wbs.checks import totals
from app.wbs.model import WbsTree, format_days
from app.wbs.service import WbsService
from app.wbs.workdays import Calendar


def critical_path(tree: WbsTree, cal: Calendar, calendars: Mapping[str, Calendar] | None) -> CriticalPath:
    """The plan's critical path and slack; none for a plan with a cycle (the service never stores one)."""
    try:
        return analyse(tree, cal, calendars=calendars)
    except ValidationFailed:
        return CriticalPath()


class WbsPage(WbsLoading, ResourceHooks, TrackingHooks, WbsCommands, WbsRefused, WbsWaiting, WbsEditing, Page):
    page_id = "wbs"
    phase = "1"

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("WbsPage", "WBS")

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent)
        self.service = WbsService(state.workspace.db)
        self.catalog = catalog(state.workspace.library)
        self.model = WbsModel(self.catalog, state.workspace.library, state.ui_lang, self)
        self.model.editor = self._edit_cell
        self.model.last_editor = self._last_editor  # the title's tooltip says who changed it last
        self.model.mover = self._drop
        self.proxy = WbsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._loaded_for = -1
        self._heard_meanwhile = False  # a colleague's change heard while our own work ran on a worker: all read again after
        self._applied = 0  # changes put in the table: a read again made before one is read again
        self._read_waiting = False
        self._reading: int | None = None  # the project read on a worker (a team database): "Loading…" meanwhile
        self._stale_dirty = True
        self._held = True  # the newest signed agreement as read with the plan (True: not read yet)
        self._open_before_filter: set[int] | None = None  # expanded tasks before a filter was set

        layout = QVBoxLayout(self)
        top = FlowLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        self.generate_button = button(self.tr("Generate / update from hearing"), "wbsGenerate", self.generate)
        self.schedule_button = button(self.tr("Schedule"), "wbsSchedule", self.schedule)
        self.import_button = button(self.tr("Import from Excel…"), "wbsImport", self.import_excel)
        self.export_button = button(self.tr("Export to Excel…"), "wbsExport", self.export_excel)
        self.baselines_button = button(self.tr("Baselines…"), "wbsBaselines", self.open_baselines)
        self.baselines_button.setToolTip(self.tr("Save the schedule as a baseline; earned value (PV, EV, AC, SPI, CPI) against it"))
        self.make_resource_widgets()
        top.insertWidget(1, self.overload_label)
        for widget in (self.generate_button, self.schedule_button, self.people_button, self.level_button, self.baselines_button, self.import_button, self.export_button):
            top.addWidget(widget)
        layout.addLayout(top)
        self.generate_button.setToolTip(self.tr("Adds the tasks the hearing calls for; never changes or removes a task you edited"))
        self.schedule_button.setToolTip(self.tr("Fill in start and finish dates from the project start over Japanese working days"))

        self.toolbar, self.actions_by_name = editing_toolbar(self, self.tr("WBS editing"), self.editing_commands())
        layout.addWidget(self.toolbar)
        self.filters = WbsFilterBar(self.catalog, state.ui_lang)
        self.filters.changed.connect(self._filters_changed)
        layout.addWidget(self.filters)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.filters.search.setFocus)  # as on the Hearing page

        self.tree = WbsTreeView()
        self.tree.setObjectName("wbsTree")
        self.tree.setAccessibleName(self.tr("WBS tasks"))
        self.tree.setModel(self.proxy)
        # A row that leaves while its editor is open (a filter keeps such rows: its task deleted in
        # another window) ends the editor there and then, as rows removed do: else Qt warns later.
        self.proxy.layoutChanged.connect(self.tree.updateEditorGeometries)
        self.tree.setItemDelegate(WbsDelegate(self.model, self.tree))
        self.tree.itemDelegate().closeEditor.connect(self.editor_gone)  # a colleague's change read while it was open: again now
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.header().setObjectName("wbsTreeHeader")
        self.tree.header().setAccessibleName(self.tr("WBS columns"))
        header = self.tree.header()
        header.setStretchLastSection(False)
        # The date the customer agreed on beside its check box, whole.
        check = self.tree.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 12
        agreed_width = check + self.tree.fontMetrics().horizontalAdvance("2026-12-31") + 12
        for n, column in enumerate(COLUMNS):  # at least as wide as its header (マイルストーン, Not before)
            width = max(column.width, header.sectionSizeHint(n), agreed_width if column.key == "agreed" else 0)
            self.tree.setColumnWidth(n, width)
        for visual, key in enumerate(SHOWN_FIRST):
            header.moveSection(header.visualIndex(INDEX[key]), visual)
        self.tree.selectionModel().currentChanged.connect(self._show_details)
        self.gantt = GanttView(self.tree, self.model)
        self.splitter = QSplitter()
        self.splitter.setObjectName("wbsSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.side_tabs_for(self.gantt))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)

        self.details = QLabel()
        self.details.setObjectName("wbsDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("wbsTotals")
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.totals_label)
        self.empty_label = QLabel(self.tr("No WBS yet. Press “Generate / update from hearing” to propose the tasks the hearing calls for, or Insert to add your own."))
        self.empty_label.setObjectName("wbsEmpty")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        self._totals_timer = QTimer(self)
        self._critical_runs = LatestRun(self)  # a big plan's critical path: on a worker, the latest run wins
        self._rereads = LatestRun(self)  # a big plan read again after another window's change: the latest read wins
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(TOTALS_MS)
        self._totals_timer.timeout.connect(self._update_totals)
        self._awaiting_paint: OnPaint | None = None  # a plan just read: the totals wait for its first paint
        state.changed.connect(self._on_changed)
        state.projectAboutToChange.connect(self._leaving_project)
        self.busy = False
        self._waiting: list[Waiting] = []  # edits a busy database kept waiting, oldest first
        self._later: set[tuple[int, str]] = set()  # drafts of conflicts left unanswered here: asked again at the next start
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(2000)
        self._retry.timeout.connect(lambda: state.waiting_edits.retry(self, self.save_pending))  # in turn (app/ui/window/waiting_steps.py)
        self.watch_refused()  # values the tasks refused, held as drafts (app/ui/wbs/refused.py)
        state.undo_stack.worker.runningChanged.connect(self._set_busy)  # a big undo stored on a worker: as a schedule
        if state.undo_stack.worker.running:  # (this page rebuilt meanwhile: a language switch)
            self._set_busy(True)

    # --- after a change ------------------------------------------------------------------------------

    def _after_change(self) -> None:
        has_tasks = bool(self.model.tree.tasks)
        self.empty_label.setVisible(not has_tasks and self.state.project_id >= 0)
        self._totals_timer.start()
        self.gantt.refresh()
        self._show_details(self.tree.currentIndex())  # the current task's problems as they are now

    def _update_totals(self) -> None:
        self._totals_timer.setInterval(TOTALS_MS)  # (a plan never painted waited longer)
        self._update_critical()
        lang = self.state.ui_lang
        if not self.model.tree.tasks:
            self.totals_label.clear()
            return
        sums = totals(self.model.tree, self.model.signed)
        problem_count = len(self.model.problems)

        def part(values: dict[str, float], label: Callable[[str], str]) -> str:
            return ", ".join(f"{label(k)} {format_days(v)}" for k, v in values.items())

        lines = [
            self.tr("%n task(s) · {0} person-days · {1} without completion condition · {2} not agreed · {3} with problems", "", sums.tasks).format(
                format_days(sums.estimate), sums.without_completion, sums.not_agreed, problem_count
            ),
            self.tr("By phase: {0}").format(part(dict(sorted(sums.by_phase.items(), key=lambda kv: self.catalog.phase_index(kv[0]))), lambda k: self.catalog.bucket_label("phase", k, lang))),
            self.tr("By role: {0}").format(part(sums.by_role, lambda k: self.catalog.bucket_label("owner_role", k, lang))),
            self.tr("By priority: {0}").format(part(dict(sorted(sums.by_priority.items(), key=lambda kv: self.catalog.priority_rank(kv[0]))), lambda k: self.catalog.bucket_label("priority", k, lang))),
        ]
        self.totals_label.setText("\n".join(lines))

    def _update_critical(self) -> None:
        """The critical path and slack of the tasks' dates, once a change has settled (the totals'
        timer): the Gantt's colours, the titles' tooltips and the "Critical path only" filter read it."""
        from app.wbs.resources.load import calendars_of

        people, cal = getattr(self, "people", []), self.gantt.calendar  # the project's people (read with the load): their days off
        calendars = calendars_of(people, cal) if people else None
        pid, tasks = self.state.project_id, self.model.tree.tasks
        if len(tasks) <= BIG:
            self._critical_runs.drop()  # (a big plan's worker, if any, is of an older plan)
            self._show_critical(critical_path(self.model.tree, cal, calendars))
            return
        plan = list(tasks.values())  # (committed: an edit replaces a task, never changes one) on a worker: 0.2-0.4 s of 10,000

        def done(found: CriticalPath) -> None:
            if pid == self.state.project_id:  # (a project left: its path is never shown)
                self._show_critical(found)

        self._critical_runs.request(lambda: critical_path(WbsTree.build(plan), cal, calendars), done)

    def _show_critical(self, found: CriticalPath) -> None:
        self.model.critical = found
        if self.proxy.criteria.critical:  # the filter follows the new path (a row being edited stays)
            self.proxy.set_criteria(self.proxy.criteria)
            self.tree.expandAll()  # a task that joins the path in view, as the filter shows rows
        self.gantt.canvas.update()

    def _last_editor(self, task_id: int) -> str | None:
        """Who changed the task last; None when not readable now (its server away: the tooltip goes without)."""
        try:
            return self.service.last_editor(task_id)
        except UserError:
            return None

    def _show_details(self, current: QModelIndex, _previous: QModelIndex = QModelIndex()) -> None:
        task = self.model.task(self.proxy.mapToSource(current)) if current.isValid() else None
        if task is None:
            self.details.clear()
            return
        origin = self.model.data(self.model.index_of(task.id, column_index("origin")), Qt.ItemDataRole.DisplayRole)
        tip = self.model.data(self.model.index_of(task.id, 0), Qt.ItemDataRole.ToolTipRole) or ""
        problems_text = "  ".join(line for line in tip.splitlines() if line.startswith("⚠"))
        self.details.setText(self.tr("Why: {0}").format(origin) + (f"   {problems_text}" if problems_text else ""))

    def settled(self) -> bool:  # overrides Page.settled
        return not self.busy and not self.load_pending() and not self._totals_timer.isActive() and self._critical_runs.idle and self._rereads.idle

    # --- filters -------------------------------------------------------------------------------------

    def _filters_changed(self) -> None:
        criteria = self.filters.criteria()
        narrower = criteria.narrows(self.proxy.criteria)
        entering = criteria.active and not self.proxy.criteria.active
        if entering:
            self._open_before_filter = self._open_ids()  # the outline as the user left it: back at Clear
        self.proxy.set_criteria(criteria)
        # Reordering by drag and drop only makes sense on the whole outline.
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if criteria.active else QAbstractItemView.DragDropMode.DragDrop)
        # The rows shown open under every task shown with sub-tasks. Narrower: no row appears, those
        # shown are open already. The first filter on an outline open wherever it shows rows now: the
        # rows that stay keep their state (the layout change), nothing to open.
        if criteria.active and not narrower and not (entering and self._open_before_filter is not None and self._shown_parents() <= self._open_before_filter):
            self.tree.expandAll()
        elif not criteria.active and self._open_before_filter is not None:
            self._reopen(self._open_before_filter)
            self._open_before_filter = None
            self._current_in_view()  # a task added or indented during the search: its new parent opened
        self.gantt.refresh()

    def _shown_parents(self) -> set[int]:
        """The tasks shown with sub-tasks shown under them."""
        return {i for i in self.model.shown if i is not None}

    def _current_in_view(self) -> None:
        index = self.tree.currentIndex()
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        if index.isValid():
            self.tree.scrollTo(index)

    def clear_filters(self) -> None:
        self.filters.clear()

    # --- selection helpers ----------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        # The selection's ranges walked (Qt's selectedRows() asks every range of every row: a select-all, seconds).
        tasks, index = self.model.tree.tasks, self.model.index
        spans = cast("list[QItemSelectionRange]", self.tree.selectionModel().selection())  # (iterable; its stubs do not say so)
        found = (index(row, 0, self.proxy.mapToSource(span.parent())).internalId() for span in spans for row in range(span.top(), span.bottom() + 1))
        ids = [i for i in dict.fromkeys(found) if i in tasks]
        if not ids:
            current = self.current_id()
            if current is not None:
                ids.append(current)
        return ids

    def current_id(self) -> int | None:
        index = self.tree.currentIndex()
        task = self.model.task(self.proxy.mapToSource(index)) if index.isValid() else None
        return task.id if task else None

    def select_task(self, task_id: int, edit: bool = False) -> None:
        source = self.model.index_of(task_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return
        parent = index.parent()
        while parent.isValid():
            self.tree.expand(parent)
            parent = parent.parent()
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.tree.selectionModel().setCurrentIndex(index, flags)
        self.tree.scrollTo(index)
        if edit:
            self.tree.edit(index)
