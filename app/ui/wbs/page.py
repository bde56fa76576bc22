"""The WBS page: the task tree with inline editing, filters, totals, problems and a Gantt chart.

Every edit is one service call that commits at once; its before/after snapshots go on the
window's undo stack. Keyboard: Insert adds a task below, Ctrl+Insert a sub-task, Delete removes,
Alt+Shift+Right/Left indent and outdent, Alt+Shift+Up/Down move, F2 edits, Ctrl+Shift+P picks
predecessors.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core import operations as ops
from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import record, run_op, run_op_in_background
from app.ui.page import Page, heading
from app.ui.state import AppState
from app.ui.tasks import run_in_background
from app.ui.wbs.columns import COLUMNS, header
from app.ui.wbs.delegates import WbsDelegate
from app.ui.wbs.dialogs import ImportPreviewDialog, PredecessorDialog
from app.ui.wbs.filters import Criteria, WbsFilterModel
from app.ui.wbs.gantt import GanttView
from app.ui.wbs.model import DERIVED, WbsModel, column_index
from app.wbs import operations as wbs_ops
from app.wbs.catalog import catalog
from app.wbs.checks import totals
from app.wbs.model import Dependency, parse_dependencies
from app.wbs.service import WbsChange, WbsService, clean_fields

DOCUMENT = "wbs"


class WbsTreeView(QTreeView):
    """The task tree. Overrides nothing but keeps the drop indicator and uniform rows."""


class WbsPage(Page):
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
        self.model.mover = self._drop
        self.proxy = WbsFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self._loaded_for = -1
        self._stale_dirty = True

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(self.title()))
        top.addStretch(1)
        self.generate_button = self._button(self.tr("Generate / update from hearing"), "wbsGenerate", self.generate)
        self.schedule_button = self._button(self.tr("Schedule"), "wbsSchedule", self.schedule)
        self.import_button = self._button(self.tr("Import from Excel…"), "wbsImport", self.import_excel)
        self.export_button = self._button(self.tr("Export to Excel…"), "wbsExport", self.export_excel)
        for button in (self.generate_button, self.schedule_button, self.import_button, self.export_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.generate_button.setToolTip(self.tr("Adds the tasks the hearing calls for; never changes or removes a task you edited"))
        self.schedule_button.setToolTip(self.tr("Fill in start and finish dates from the project start over Japanese working days"))

        self.toolbar = QToolBar(self.tr("WBS editing"))
        self.toolbar.setObjectName("wbsToolbar")
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, shortcut, slot in (
            ("add", self.tr("Add task"), QKeySequence(Qt.Key.Key_Insert), self.add_task),
            ("addChild", self.tr("Add sub-task"), QKeySequence("Ctrl+Insert"), self.add_child),
            ("delete", self.tr("Delete"), QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected),
            ("indent", self.tr("Indent"), QKeySequence("Alt+Shift+Right"), self.indent),
            ("outdent", self.tr("Outdent"), QKeySequence("Alt+Shift+Left"), self.outdent),
            ("moveUp", self.tr("Move up"), QKeySequence("Alt+Shift+Up"), lambda: self.move_selected(-1)),
            ("moveDown", self.tr("Move down"), QKeySequence("Alt+Shift+Down"), lambda: self.move_selected(1)),
            ("predecessors", self.tr("Predecessors…"), QKeySequence("Ctrl+Shift+P"), self.pick_predecessors),
        ):
            action = QAction(text, self)
            action.setObjectName(f"wbsAction_{name}")
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.addAction(action)
            tool_button = self.toolbar.widgetForAction(action)
            tool_button.setObjectName(f"wbsButton_{name}")
            tool_button.setAccessibleName(text)
            self.actions_by_name[name] = action
        layout.addWidget(self.toolbar)
        layout.addLayout(self._build_filters())

        self.tree = WbsTreeView()
        self.tree.setObjectName("wbsTree")
        self.tree.setAccessibleName(self.tr("WBS tasks"))
        self.tree.setModel(self.proxy)
        self.tree.setItemDelegate(WbsDelegate(self.model, self.tree))
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
        self.tree.header().setStretchLastSection(False)
        for n, column in enumerate(COLUMNS):
            self.tree.setColumnWidth(n, column.width)
        self.tree.selectionModel().currentChanged.connect(self._show_details)
        self.gantt = GanttView(self.tree, self.model)
        self.splitter = QSplitter()
        self.splitter.setObjectName("wbsSplitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.gantt)
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
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(120)
        self._totals_timer.timeout.connect(self._update_totals)
        state.changed.connect(self._on_changed)
        state.projectAboutToChange.connect(self._leaving_project)
        self.busy = False
        self._waiting: list[tuple[Callable[[], WbsChange | None], str]] = []  # edits a busy database kept waiting, oldest first
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(2000)
        self._retry.timeout.connect(self.save_pending)

    # --- building ----------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        lang = self.state.ui_lang
        row.addWidget(QLabel(self.tr("Filter:")))
        self.priority_filter = self._combo("wbsFilterPriority", self.tr("Filter by priority"), self.tr("All priorities"), [(k, self.catalog.priority_label(k, lang)) for k in self.catalog.priority_keys])
        self.phase_filter = self._combo("wbsFilterPhase", self.tr("Filter by phase"), self.tr("All phases"), [(p.id, p.title.get(lang)) for p in self.catalog.phases])
        self.owner_filter = self._combo("wbsFilterOwner", self.tr("Filter by owner"), self.tr("All owners"), [])
        self.no_completion_filter = QCheckBox(self.tr("No completion condition"))
        self.no_completion_filter.setObjectName("wbsFilterNoCompletion")
        self.not_agreed_filter = QCheckBox(self.tr("Not agreed"))
        self.not_agreed_filter.setObjectName("wbsFilterNotAgreed")
        self.search = QLineEdit()
        self.search.setObjectName("wbsSearch")
        self.search.setAccessibleName(self.tr("Search tasks"))
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.clear_filters_button = self._button(self.tr("Clear"), "wbsFilterClear", self.clear_filters)
        for widget in (self.priority_filter, self.phase_filter, self.owner_filter):
            widget.currentIndexChanged.connect(self._filters_changed)
            row.addWidget(widget)
        for box in (self.no_completion_filter, self.not_agreed_filter):
            box.toggled.connect(self._filters_changed)
            row.addWidget(box)
        self.search.textChanged.connect(self._filters_changed)
        row.addWidget(self.search, 1)
        row.addWidget(self.clear_filters_button)
        return row

    @staticmethod
    def _combo(name: str, accessible: str, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.addItem(everything, None)
        for data, label in items:
            combo.addItem(label, data)
        return combo

    def _fill_owner_filter(self) -> None:
        lang = self.state.ui_lang
        current = self.owner_filter.currentData()
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItem(self.tr("All owners"), None)
        tasks = self.model.tree.tasks.values()
        for role in sorted({t.owner_role for t in tasks if t.owner_role}, key=lambda r: [x.id for x in self.catalog.roles].index(r) if r in [x.id for x in self.catalog.roles] else 99):
            self.owner_filter.addItem(self.catalog.role_label(role, lang), f"role:{role}")
        for name in sorted({t.owner_name for t in tasks if t.owner_name}):
            self.owner_filter.addItem(f"• {name}", f"name:{name}")
        at = self.owner_filter.findData(current)
        self.owner_filter.setCurrentIndex(max(0, at))
        self.owner_filter.blockSignals(False)

    # --- project and data ----------------------------------------------------------------------------

    def on_project_changed(self, project_id: int) -> None:
        self._loaded_for = -1
        if self.isVisible() or project_id < 0:
            self.reload()

    def on_shown(self) -> None:
        if self._loaded_for != self.state.project_id:
            self.reload()
        elif self._stale_dirty:
            self._refresh_stale()

    def reload(self) -> None:
        project_id = self.state.project_id
        self._loaded_for = project_id
        for widget in (self.generate_button, self.schedule_button, self.import_button, self.export_button, self.toolbar):
            widget.setEnabled(project_id >= 0)
        if project_id < 0:
            self.model.reset(self.service.tree(-1))
            self._after_change()
            return
        tree = self.service.tree(project_id)
        self.model.reset(tree, self._stale(tree))
        self._stale_dirty = False
        self.tree.expandToDepth(1)
        self._fill_owner_filter()
        self._after_change()

    def _stale(self, tree) -> set[int]:
        from app.wbs.generate import stale_tasks

        if not tree.tasks:
            return set()
        return stale_tasks(self.state.workspace, self.state.project_id, tree)

    def _refresh_stale(self) -> None:
        if self.state.project_id >= 0 and self.model.tree.tasks:
            self.model.refresh_stale(self._stale(self.model.tree))
        self._stale_dirty = False

    def _answers_stale(self) -> None:
        """The hearing changed: which generated tasks no longer match it is worked out again."""
        self._stale_dirty = True
        if self.isVisible():
            self._refresh_stale()

    def _after_change(self) -> None:
        has_tasks = bool(self.model.tree.tasks)
        self.empty_label.setVisible(not has_tasks and self.state.project_id >= 0)
        self._totals_timer.start()
        self.gantt.refresh()

    def _update_totals(self) -> None:
        lang = self.state.ui_lang
        if not self.model.tree.tasks:
            self.totals_label.clear()
            return
        sums = totals(self.model.tree)
        problem_count = len(self.model.problems)

        def part(values: dict[str, float], label) -> str:
            return ", ".join(f"{label(k) or '—'} {v:g}" for k, v in values.items())

        lines = [
            self.tr("{0} tasks · {1:g} person-days · {2} without completion condition · {3} not agreed · {4} with problems").format(
                sums.tasks, sums.estimate, sums.without_completion, sums.not_agreed, problem_count
            ),
            self.tr("By phase: {0}").format(part(dict(sorted(sums.by_phase.items(), key=lambda kv: self.catalog.phase_index(kv[0]))), lambda k: self.catalog.phase_label(k, lang))),
            self.tr("By role: {0}").format(part(sums.by_role, lambda k: self.catalog.role_label(k, lang))),
            self.tr("By priority: {0}").format(part(dict(sorted(sums.by_priority.items(), key=lambda kv: self.catalog.priority_rank(kv[0]))), lambda k: self.catalog.priority_label(k, lang))),
        ]
        self.totals_label.setText("\n".join(lines))

    def _show_details(self, current: QModelIndex, _previous: QModelIndex = QModelIndex()) -> None:
        task = self.model.task(self.proxy.mapToSource(current)) if current.isValid() else None
        if task is None:
            self.details.clear()
            return
        origin = self.model.data(self.model.index_of(task.id, column_index("origin")), Qt.ItemDataRole.DisplayRole)
        tip = self.model.data(self.model.index_of(task.id, 0), Qt.ItemDataRole.ToolTipRole) or ""
        problems_text = "  ".join(line for line in tip.splitlines() if line.startswith("⚠"))
        self.details.setText(self.tr("Why: {0}").format(origin) + (f"   {problems_text}" if problems_text else ""))

    # --- filters -------------------------------------------------------------------------------------

    def _filters_changed(self, *_args) -> None:
        criteria = Criteria(
            priority=self.priority_filter.currentData(),
            phase=self.phase_filter.currentData(),
            owner=self.owner_filter.currentData(),
            no_completion=self.no_completion_filter.isChecked(),
            not_agreed=self.not_agreed_filter.isChecked(),
            text=self.search.text(),
        )
        self.proxy.set_criteria(criteria)
        # Reordering by drag and drop only makes sense on the whole outline.
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop if criteria.active else QAbstractItemView.DragDropMode.DragDrop)
        if criteria.active:
            self.tree.expandAll()
        self.gantt.refresh()

    def clear_filters(self) -> None:
        for combo in (self.priority_filter, self.phase_filter, self.owner_filter):
            combo.setCurrentIndex(0)
        self.no_completion_filter.setChecked(False)
        self.not_agreed_filter.setChecked(False)
        self.search.clear()

    # --- selection helpers ----------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        ids = []
        for index in self.tree.selectionModel().selectedRows(0):
            task = self.model.task(self.proxy.mapToSource(index))
            if task is not None:
                ids.append(task.id)
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
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        if edit:
            self.tree.edit(index)

    # --- committing -----------------------------------------------------------------------------------

    def commit(self, change: WbsChange | None, text: str) -> WbsChange | None:
        """Record a change a WBS service call committed already (one undo step; None when nothing changed)."""
        if change is None or not change.changed:
            return None
        record(self.state, wbs_ops.wbs_change(change, change.project_id), text)
        return change

    def _run(self, work, text: str, base: dict[int, dict[str, Any]] | None = None, shown=None) -> WbsChange | None:
        """Run a WBS service call as one operation (one transaction, one undo step).

        ``base``: the values the edited cells showed; a cell another window changed since asks
        whether to keep what was typed. ``shown``: the edit as the table should show it while a
        busy database keeps it waiting (it is kept and saved on a retry, never dropped).
        """
        pid = self.state.project_id
        try:
            change = run_op(self.state, wbs_ops.wbs_op(pid, lambda _ws: work(), base), text)
        except ConflictError as exc:
            message = user_text(exc, self.state.ui_lang, self.state.workspace.library)
            if messages.confirm(self, self.tr("Changed elsewhere"), message + "\n\n" + self.tr(
                    "Save what you typed over it? No keeps the other value.")):  # fmt: skip
                return self._run(work, text, None, shown)
            self._loaded_for = -1
            self.reload()
            return None
        except DatabaseBusy as exc:
            message = user_text(exc, self.state.ui_lang, self.state.workspace.library)
            self._waiting.append((work, text))
            drafts_of(self.state).put(pid, f"wbs:{len(self._waiting)}", {}, message)
            if shown:
                self.model.apply(shown)
            self._retry.start()
            messages.show_error(self, message)
            return None
        except UserError as exc:
            messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            return None
        return change.detail if change.changed else None

    def save_pending(self) -> bool:
        """Save the edits a busy database kept waiting, in the order they were made; True when none is left."""
        pid = self.state.project_id
        while self._waiting:
            work, text = self._waiting[0]
            try:
                run_op(self.state, wbs_ops.wbs_op(pid, lambda _ws, work=work: work()), text)  # type: ignore[misc]  # mypy cannot infer a lambda with a default
            except DatabaseBusy:
                self._retry.start()
                return False
            except UserError as exc:
                messages.show_error(self, user_text(exc, self.state.ui_lang, self.state.workspace.library))
            drafts_of(self.state).discard(pid, f"wbs:{len(self._waiting)}")
            self._waiting.pop(0)
        return True

    def _leaving_project(self, _project_id: int) -> None:
        self.save_pending()

    def _run_slow(self, work, text: str, done=None) -> None:
        """A WBS operation that can take seconds (generate, schedule, import) on a worker.

        The page's editing is off until it is done; it lands as one undo step like any edit.
        """
        pid = self.state.project_id
        self._set_busy(True)

        def finished(change: ops.Change) -> None:
            self._set_busy(False)
            if done is not None:
                done(change.detail if change.changed else None)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            messages.show_error(self, user_text(error, self.state.ui_lang, self.state.workspace.library))

        run_op_in_background(self.state, wbs_ops.wbs_op(pid, work), text, finished, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.generate_button, self.schedule_button, self.import_button, self.toolbar, self.tree):
            widget.setEnabled(not busy and self.state.project_id >= 0)
        self.details.setText(self.tr("Working…") if busy else "")

    def settled(self) -> bool:  # overrides Page.settled
        return not self.busy

    def _on_changed(self, change: ops.Change) -> None:
        """Every WBS change (an edit here, undo, redo, another window) reaches the table this way."""
        if change.project_id != self.state.project_id:
            return
        if ops.Part.ANSWERS in change.parts:
            self._answers_stale()
        if ops.Part.WBS not in change.parts:
            return
        if change.external or self._loaded_for != change.project_id or not isinstance(change.after, dict):
            self._loaded_for = -1
            if self.isVisible():
                self.reload()
            return
        self.model.apply(change.after)
        self._fill_owner_filter()
        self._after_change()

    def _edit_cell(self, index: QModelIndex | QPersistentModelIndex, key: str, value: Any) -> bool:
        task = self.model.task(index)
        if task is None:
            return False
        pid = self.state.project_id
        if key == "predecessors":
            try:
                deps = parse_dependencies(str(value or ""), self.model.tree)
            except UserError as exc:
                messages.show_error(self, exc)
                return False
            base = {task.id: {"dependencies": task.dependencies}}
            return self._run(lambda: self.service.set_dependencies(pid, task.id, deps), self.tr("Change predecessors"), base) is not None
        ids = self.selected_ids()
        targets = ids if task.id in ids and len(ids) > 1 else [task.id]
        if key in DERIVED:  # a summary task's value follows from its sub-tasks
            targets = [i for i in targets if not self.model.tree.has_children(i)]
            if not targets:
                return False
        if key == "owner_role":
            value = self.catalog.lookup("role", value) or value
        if key == "phase":
            value = self.catalog.lookup("phase", value) or value
        text = self.tr("Edit {0}").format(header(key))
        tree = self.model.tree.tasks
        base = {i: {key: getattr(tree[i], key)} for i in targets if i in tree and hasattr(tree[i], key)}
        try:
            clean = clean_fields({key: value}, self.catalog.priority_keys)
        except UserError:
            clean = {}
        shown = {i: tree[i].model_copy(update=clean) for i in targets if i in tree} if clean else None
        work = lambda: self.service.update(pid, targets, priorities=self.catalog.priority_keys, **{key: value})  # noqa: E731
        return self._run(work, text, base, shown) is not None

    def _drop(self, ids: list[int], parent_id: int | None, row: int) -> bool:
        pid = self.state.project_id
        return self._run(lambda: self.service.move(pid, ids, parent_id, None if row < 0 else row), self.tr("Move tasks")) is not None

    # --- actions -----------------------------------------------------------------------------------------

    def add_task(self) -> None:
        pid = self.state.project_id
        if pid < 0:
            return
        current = self.current_id()
        tree = self.model.tree
        if current is None:
            parent, row = None, None
        else:
            parent = tree.tasks[current].parent_id
            row = tree.kids(parent).index(current) + 1
        phase = tree.tasks[current].phase if current is not None else ""
        fields = {"title": self.tr("New task"), "phase": phase, "owner_role": "mlops"}
        change = self._run(lambda: self.service.add_task(pid, parent, row, **fields), self.tr("Add task"))
        if change is not None:
            self.select_task(change.created[0], edit=True)

    def add_child(self) -> None:
        pid = self.state.project_id
        current = self.current_id()
        if pid < 0 or current is None:
            self.add_task()
            return
        phase = self.model.tree.tasks[current].phase
        fields = {"title": self.tr("New task"), "phase": phase, "owner_role": "mlops"}
        change = self._run(lambda: self.service.add_task(pid, current, None, **fields), self.tr("Add sub-task"))
        if change is not None:
            self.select_task(change.created[0], edit=True)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        pid = self.state.project_id
        # Remember the next row by task, not by index: indexes do not survive the re-layout.
        below = self.tree.indexBelow(self.tree.currentIndex())
        doomed = {d for i in ids for d in (i, *self.model.tree.descendants(i))}
        if len(doomed) > len(ids) and not self._confirm_delete(ids, len(doomed)):
            return
        follow = None
        while below.isValid():
            task = self.model.task(self.proxy.mapToSource(below))
            if task is not None and task.id not in doomed:
                follow = task.id
                break
            below = self.tree.indexBelow(below)
        if self._run(lambda: self.service.delete(pid, ids), self.tr("Delete tasks")) is not None and follow is not None:
            self.select_task(follow)

    def _confirm_delete(self, ids: list[int], count: int) -> bool:
        """Sub-tasks would go too: say how many tasks in all before deleting."""
        if len(ids) == 1:
            title = self.model.tree.tasks[ids[0]].title
            text = self.tr("Delete “{0}” with its sub-tasks: {1} tasks in all?").format(title, count)
        else:
            text = self.tr("Delete the {0} selected tasks with their sub-tasks: {1} tasks in all?").format(len(ids), count)
        text += "\n" + self.tr("Undo brings them back.")
        return messages.confirm(self, self.tr("Delete tasks"), text)

    def _structure(self, work, text: str) -> None:
        ids = self.selected_ids()
        current = self.current_id()
        if not ids:
            return
        if self._run(lambda: work(ids), text) is not None and current is not None:
            self.select_task(current)
            selection = self.tree.selectionModel()
            for task_id in ids:
                index = self.proxy.mapFromSource(self.model.index_of(task_id))
                selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)

    def indent(self) -> None:
        pid = self.state.project_id
        self._structure(lambda ids: self.service.indent(pid, ids), self.tr("Indent"))

    def outdent(self) -> None:
        pid = self.state.project_id
        self._structure(lambda ids: self.service.outdent(pid, ids), self.tr("Outdent"))

    def move_selected(self, step: int) -> None:  # not move(): that is QWidget's
        pid = self.state.project_id
        self._structure(lambda ids: self.service.move_by(pid, ids, step), self.tr("Move up") if step < 0 else self.tr("Move down"))

    def pick_predecessors(self) -> None:
        current = self.current_id()
        if current is None:
            return
        task = self.model.tree.tasks[current]
        dialog = PredecessorDialog(self.model.tree, task, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        deps: list[Dependency] = dialog.dependencies()
        pid = self.state.project_id
        self._run(lambda: self.service.set_dependencies(pid, current, deps), self.tr("Change predecessors"))

    def exec_dialog(self, dialog: QDialog) -> int:
        """Run a modal dialog (tests replace this so nothing blocks)."""
        return dialog.exec()

    def generate(self) -> None:
        from app.wbs.generate import generate

        pid = self.state.project_id
        if pid < 0:
            return
        self._run_slow(lambda ws: generate(ws, pid), self.tr("Generate WBS from hearing"), self._generated)

    def _generated(self, change: WbsChange | None) -> None:
        if change is None:
            self.details.setText(self.tr("The WBS already has every task the hearing calls for."))
            return
        info = change.info
        self.model.refresh_stale(self._stale(self.model.tree))
        self.tree.expandToDepth(1)
        text = self.tr("Added {0}, updated {1}, removed {2} task(s).").format(info.get("added", 0), info.get("updated", 0), info.get("removed", 0))
        if info.get("kept_edited"):
            text += " " + self.tr("{0} task(s) you edited no longer match the hearing; they are kept and marked.").format(info["kept_edited"])
        if info.get("skipped_dismissed"):
            text += " " + self.tr("{0} generated task(s) you deleted were not added again.").format(info["skipped_dismissed"])
        self.details.setText(text)

    def schedule(self) -> None:
        from app.wbs.schedule import schedule

        pid = self.state.project_id
        if pid < 0:
            return
        def scheduled(change: WbsChange | None) -> None:
            if change is None:
                self.details.setText(self.tr("The schedule is up to date."))

        self._run_slow(lambda ws: schedule(ws, pid), self.tr("Schedule"), scheduled)

    def export_excel(self) -> None:
        project = self.state.project
        if project is None:
            return
        from app.wbs.files.xlsx import export_wbs_xlsx

        suggested = str(Path.home() / f"{_safe_stem(project.name)}-wbs.xlsx")
        path = messages.save_file(self, self.tr("Export the WBS to Excel"), suggested, self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        out = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        ws, lang = self.state.workspace, self.state.export_lang
        self.export_button.setEnabled(False)

        def done(written: Path) -> None:
            self.export_button.setEnabled(True)
            self.details.setText(self.tr("Wrote {0}").format(written))

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            messages.show_error(self, error)

        run_in_background(lambda: export_wbs_xlsx(ws, project.id, out, lang), done, failed)

    def import_excel(self) -> None:
        from app.wbs.files.sheet_import import read_plan

        pid = self.state.project_id
        if pid < 0:
            return
        path = messages.open_file(self, self.tr("Import the WBS from Excel"), self.tr("Excel workbooks (*.xlsx)"))
        if not path:
            return
        ws = self.state.workspace
        self.import_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.import_button.setEnabled(True)
            messages.show_error(self, error)

        # Reading a big workbook takes seconds: off the UI thread; the preview comes back here.
        run_in_background(lambda: read_plan(ws, pid, Path(path)), lambda plan: self._preview_import(plan, path), failed)

    def _preview_import(self, plan, path: str) -> None:  # a SheetPlan
        from app.wbs.files.sheet_import import apply_plan

        self.import_button.setEnabled(True)
        if plan.project_id != self.state.project_id:
            return  # the user switched projects meanwhile
        summary = self.tr("{0}: {1} changed task(s), {2} new task(s), {3} unchanged.").format(Path(path).name, len(plan.changed), len(plan.added), plan.unchanged)
        if plan.conflicts:
            summary += " " + self.tr("{0} conflict(s): cells changed in the app since the export and in the sheet; the app's value is kept "
                                     "unless you tick “Take the sheet's”.").format(len(plan.conflicts))
        if plan.kept:
            summary += " " + self.tr("{0} cell(s) changed only in the app since the export are kept.").format(plan.kept)
        if plan.ignored:
            summary += " " + self.tr("{0} ignored (see below).").format(len(plan.ignored))
        dialog = ImportPreviewDialog(plan, summary, self.state.ui_lang, self.catalog, self)
        if self.exec_dialog(dialog) != QDialog.DialogCode.Accepted or plan.empty:
            return
        prefer = dialog.prefer()
        self._run_slow(lambda ws: apply_plan(ws, plan, prefer), self.tr("Import WBS from Excel"))


def _safe_stem(text: str) -> str:
    cleaned = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in text).strip(" .")
    return cleaned or "wbs"
