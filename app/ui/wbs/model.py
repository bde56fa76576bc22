"""The WBS as a Qt tree model: a thin adapter over the domain's WbsTree. It never writes to the database: an
edit in the view calls ``editor`` (set by the page), which runs the service, pushes the undo command and hands
the snapshot back through :meth:`WbsModel.apply`. Field edits emit dataChanged; structural changes (add, delete,
move) re-lay the tree with layoutChanged, keeping persistent indexes (selection, expansion) on their tasks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QIcon

from app.core.content.loader import ContentLibrary
from app.core.i18n import Lang, format_date
from app.ui.error_text import ui_lang
from app.ui.wbs.columns import COLUMNS, FLAGS, INDEX, header
from app.ui.wbs.tree_view import Mover, TaskDragAndDrop
from app.ui.widgets import colours
from app.wbs.analysis.critical import CriticalPath
from app.wbs.catalog import LABELLED, Catalog
from app.wbs.checks import problems
from app.wbs.generate import origin_text
from app.wbs.model import (
    OFTEN_MISSED_LABELS,
    PROBLEM_LABELS,
    ROLLED_UP_FIELDS,
    Problem,
    Rollup,
    Task,
    WbsTree,
    format_days,
    format_dependencies,
)

TaskIdRole = Qt.ItemDataRole.UserRole + 1
PROBLEM_BG = colours.LIGHT.problem_bg  # (the light scheme's: the colours shown are the scheme's of now)
DERIVED = ROLLED_UP_FIELDS

_COLUMNS = len(COLUMNS)
LAID_OUT_AGAIN = 2000  # rows changed at once (a select-all edit) said per parent from column 1: Qt asks nothing per row
_ROOT = QModelIndex()
# The roles as plain numbers: compared for every cell painted (an enum member's lookup is slower).
_DISPLAY, _EDIT, _CHECK_STATE, _TOOLTIP, _BACKGROUND, _FOREGROUND, _FONT, _DECORATION, _ALIGNMENT = (int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole))
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)

Editor = Callable[[QModelIndex | QPersistentModelIndex, str, Any], bool]


class WbsModel(TaskDragAndDrop, QAbstractItemModel):
    """Rows are tasks (children under their parent task); columns are :data:`COLUMNS`.

    Signals: the standard QAbstractItemModel ones only.
    """

    def __init__(self, catalog: Catalog, library: ContentLibrary, lang: Lang, parent=None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.library = library
        self.lang = lang
        self.tree = WbsTree()
        # The rows under each parent (None: the top): the tree's children, or only the tasks a filter
        # lets through and the tasks above them (the view's proxy then maps in C++ alone: a sorting
        # filter proxy called index() here four times a row, half of opening a 5,000-task WBS).
        self.shown: dict[int | None, list[int]] = {}
        self.accepts: Callable[[Task], bool] | None = None
        # Rows with an editor open (the delegate keeps this): a filter leaves them shown meanwhile, so
        # nothing being typed vanishes (an undo, a new critical path); worked out again when it closes.
        self.editing: set[int] = set()
        self.row_of: dict[int, int] = {}  # shown task id -> its row under its parent
        self.rollups: dict[int, Rollup] = {}
        self.problems: dict[int, list[Problem]] = {}
        self.stale: set[int] = set()
        # Agreed tasks whose answers changed since (task id -> "label: old → new" lines) and the
        # answers as they are now, for the "why" text: both worked out by the page with the stale set.
        self.suspect: dict[int, list[str]] = {}
        self.answers: dict[str, Any] | None = None
        self.signed: frozenset[str] = frozenset()  # the uids of the tasks a signed agreement holds (agreed by it)
        # The critical path and slack: the page works it out after a change settles (not per paint).
        self.critical = CriticalPath()
        self._successors: dict[int, list[int]] | None = None
        self.editor: Editor | None = None
        self.mover: Mover | None = None
        # Who changed a task last (None: not known), read when its tooltip is asked for: a tooltip
        # rather than a column, so the table, its column settings and its exports stay as they are.
        self.last_editor: Callable[[int], str | None] | None = None
        # Over-allocated tasks: task id -> the owner cell's tooltip (the page works it out per change).
        self.over_allocated: dict[int, str] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._warning: QIcon | None = None
        self.refused: dict[tuple[int, int], dict[int, Any]] = {}  # (task, column) -> role -> what a cell holding a refused value shows

    # --- loading and applying changes ------------------------------------------------------------

    def reset(self, tree: WbsTree, stale: set[int] | None = None) -> None:
        """Show ``tree`` (as built by :meth:`WbsTree.build`: its outline and roll-ups worked out)."""
        self.beginResetModel()
        self.tree = tree
        self.stale = stale or set()
        self._reindex(outline_done=True)
        self.endResetModel()

    def _reindex(self, outline_done: bool = False, keep: set[int] | None = None) -> None:
        if not outline_done:
            self.tree.reindex()
        self._show(keep)
        self.rollups = self.tree.rolled
        self.problems = problems(self.tree, self.stale, suspect=set(self.suspect))
        self._successors = None

    def _show(self, keep: set[int] | None = None) -> None:
        """Work out the rows shown (:attr:`shown`, :attr:`row_of`) from the tree and the filter;
        ``keep`` and the rows being edited: shown whether they match or not (with the tasks above them)."""
        children, tasks, accepts = self.tree.children, self.tree.tasks, self.accepts
        if accepts is None:
            self.shown = children
        else:
            keep = (keep or set()) | self.editing
            show: set[int] = set()
            for task in tasks.values():
                if task.id in show or not (task.id in keep or accepts(task)):
                    continue
                node: int | None = task.id
                while node is not None and node not in show:  # the task and every task above it
                    show.add(node)
                    parent = tasks[node].parent_id
                    node = parent if parent in tasks else None
            self.shown = {parent: rows for parent, kids in children.items() if (parent is None or parent in show) and (rows := [k for k in kids if k in show])}
        self.row_of = {task_id: n for kids in self.shown.values() for n, task_id in enumerate(kids)}

    def set_filter(self, accepts: Callable[[Task], bool] | None) -> None:
        """Show only the tasks ``accepts`` lets through and the tasks above them (None: every task).
        Rows that stay keep their state in the views (expanded, selected, current, an editor open):
        a layout change."""
        if accepts is None and self.accepts is None:
            return  # every task shown already: nothing for the views to lay out again

        def change() -> None:
            self.accepts = accepts
            self._show()

        self._layout_change(change)

    def refilter(self) -> None:
        """Work the filter out again (an editor closed: the row it kept shown may leave now)."""
        if self.accepts is not None:
            self._layout_change(self._show)

    def _layout_change(self, change: Callable[[], object]) -> None:
        """Run ``change`` (it moves, adds, hides or removes rows) as one layout change of the views."""
        self.layoutAboutToBeChanged.emit()
        saved = [(p, self._task_id(p), p.column()) for p in self.persistentIndexList()]
        change()
        old, new = [], []
        row_of = self.row_of
        for index, saved_id, column in saved:
            old.append(index)
            row = row_of.get(saved_id) if saved_id is not None else None
            new.append(self.createIndex(row, column, saved_id) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def apply(self, snapshot: dict[int, Task | None], stale: set[int] | None = None) -> None:
        """Bring the model to a committed snapshot (after an edit, an undo or a redo)."""
        tasks = self.tree.tasks
        structural = self.accepts is not None or any(  # (filtered: an edit can show or hide rows)
            (task is None) != (task_id not in tasks)
            or (task is not None and task_id in tasks and (tasks[task_id].parent_id, tasks[task_id].position) != (task.parent_id, task.position))
            for task_id, task in snapshot.items()
        )
        if stale is not None:
            self.stale = stale
        if structural:
            self._layout_change(lambda: self._replace(snapshot))
        elif stale is None and len(snapshot) * 8 < len(tasks):
            self._announce(self._apply_fields(snapshot))
        else:
            self._announce(self._replace(snapshot))

    def _replace(self, snapshot: dict[int, Task | None]) -> set[int]:
        """Put the snapshot's tasks in (None: removed) and work everything out again; returns the
        ids whose row shows something new.

        Filtered, tasks just added are shown (the user is to type their title), as are rows being edited."""
        old_problems, old_rollups = self.problems, self.rollups
        keep = {i for i, t in snapshot.items() if t is not None and i not in self.tree.tasks}
        for task_id, task in snapshot.items():
            if task is None:
                self.tree.tasks.pop(task_id, None)
            else:
                self.tree.tasks[task_id] = task
        self._reindex(keep=keep)
        touched = set(snapshot)
        touched |= {i for i in set(old_problems) | set(self.problems) if old_problems.get(i) != self.problems.get(i)}
        touched |= {i for i in self.rollups if old_rollups.get(i) != self.rollups[i]}
        return touched

    def answers_changed(self) -> None:
        """The "why" column reads the answers as they are now: its cells of generated tasks change."""
        self._announce({t.id for t in self.tree.tasks.values() if t.origin.answers})

    def _announce(self, touched: set[int]) -> None:
        """dataChanged for these tasks' rows: one signal per run of neighbouring rows under a parent
        (a signal a row would cost the views seconds); over :data:`LAID_OUT_AGAIN` rows all of each parent's."""
        tasks, row_of = self.tree.tasks, self.row_of
        if len(touched) > LAID_OUT_AGAIN:  # every row under each parent touched, from the second column (no layout change)
            for parent in {task.parent_id if task.parent_id in tasks else None for i in touched if (task := tasks.get(i)) and i in row_of}:
                if kids := self.shown.get(parent):
                    self.dataChanged.emit(self.createIndex(0, 1, kids[0]), self.createIndex(len(kids) - 1, len(COLUMNS) - 1, kids[-1]))
            return None
        rows_under: dict[int | None, list[int]] = {}
        for task_id in touched:
            task = tasks.get(task_id)
            if task is not None and task_id in row_of:  # (a row a filter hides has nothing to repaint)
                parent = task.parent_id if task.parent_id in tasks else None
                rows_under.setdefault(parent, []).append(row_of[task_id])
        last = len(COLUMNS) - 1
        for parent, rows in rows_under.items():
            kids = self.shown[parent]
            rows.sort()
            first = previous = rows[0]
            for row in [*rows[1:], None]:
                if row is not None and row == previous + 1:
                    previous = row
                    continue
                self.dataChanged.emit(self.createIndex(first, 0, kids[first]), self.createIndex(previous, last, kids[previous]))
                if row is not None:
                    first = previous = row

    def _apply_fields(self, snapshot: dict[int, Task | None]) -> set[int]:
        """A few tasks' fields changed, the outline did not: only their roll-ups (up the outline)
        and the problems of the tasks whose dates or links that can change are worked out again.
        Returns the ids whose row shows something new."""
        tasks = self.tree.tasks
        links_changed = False
        for task_id, task in snapshot.items():
            if task is not None:  # (always: no task was added or removed)
                links_changed = links_changed or tasks[task_id].dependencies != task.dependencies
                tasks[task_id] = task
        if links_changed:
            self._successors = None
        old_rollups = self.rollups
        redone = self.tree.roll_up(snapshot)
        self.rollups = self.tree.rolled
        moved = {i for i in redone if old_rollups.get(i) != self.rollups[i]}
        followers = self.successors()
        # The successors of the edited tasks too: a predecessor's milestone flag alone decides
        # whether a same-day start is a problem, and it is not part of the roll-up.
        recheck = set(snapshot) | moved | {s for i in moved | set(snapshot) for s in followers.get(i, ())}
        found = problems(self.tree, self.stale, only=recheck, suspect=set(self.suspect))
        old_problems = self.problems
        self.problems = {i: p for i, p in old_problems.items() if i not in recheck} | found
        return set(snapshot) | moved | {i for i in recheck if old_problems.get(i) != found.get(i)}

    def successors(self) -> dict[int, list[int]]:
        """Task id -> the tasks that name it as a predecessor (worked out once per change of links)."""
        if self._successors is None:
            result: dict[int, list[int]] = {}
            for task in self.tree.tasks.values():
                for dep in task.dependencies:
                    result.setdefault(dep.predecessor_id, []).append(task.id)
            self._successors = result
        return self._successors

    def set_over_allocated(self, marks: dict[int, str]) -> None:
        """Mark the owners of these tasks (task id -> who, which week); the rows that change are repainted."""
        old, self.over_allocated = self.over_allocated, marks
        self._announce({i for i in set(old) | set(marks) if old.get(i) != marks.get(i) and i in self.tree.tasks})

    def refresh_stale(self, stale: set[int], suspect: dict[int, list[str]] | None = None) -> None:
        if suspect is not None and suspect != self.suspect:
            self.suspect = suspect
            self.apply({}, stale)
        elif stale != self.stale:
            self.apply({}, stale)
            if self.rowCount():  # (a filter may show no row at all)
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    # --- lookups -----------------------------------------------------------------------------------

    def task(self, index: QModelIndex | QPersistentModelIndex) -> Task | None:
        task_id = self._task_id(index)
        return self.tree.tasks.get(task_id) if task_id is not None else None

    def index_of(self, task_id: int, column: int = 0) -> QModelIndex:
        """The task's index (invalid: no such task, or a filter hides it)."""
        return QModelIndex() if (row := self.row_of.get(task_id)) is None else self.createIndex(row, column, task_id)

    # --- QAbstractItemModel ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> QModelIndex:  # overrides QAbstractItemModel.index
        # Called for every row a view lays out (expanding a 5,000-task tree calls it ~40,000 times):
        # as few calls into Qt as it can make.
        if parent.isValid():
            kids = None if parent.column() else self.shown.get(parent.internalId())
        else:
            kids = self.shown.get(None)
        if kids is None or not 0 <= row < len(kids) or not 0 <= column < _COLUMNS:
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    def parent(self, index: QModelIndex | QPersistentModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]  # overrides QAbstractItemModel.parent(index), hides QObject.parent()
        if not index.isValid():
            return QModelIndex()
        tasks = self.tree.tasks
        task = tasks.get(int(index.internalId()))
        parent_id = task.parent_id if task is not None else None
        row = self.row_of.get(parent_id) if parent_id is not None and parent_id in tasks else None
        return QModelIndex() if row is None else self.createIndex(row, 0, parent_id)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # overrides QAbstractItemModel.rowCount
        if not parent.isValid():
            return len(self.shown.get(None, ()))
        if parent.column():
            return 0
        return len(self.shown.get(parent.internalId(), ()))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # overrides QAbstractItemModel.columnCount
        return _COLUMNS

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> bool:  # overrides QAbstractItemModel.hasChildren
        # Asked of every row a view lays out: the lookup rowCount makes, without calling it.
        if not parent.isValid():
            return bool(self.shown.get(None))
        return not parent.column() and bool(self.shown.get(parent.internalId()))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.headerData
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS) and role == Qt.ItemDataRole.DisplayRole:
            return header(COLUMNS[section].key)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:  # overrides QAbstractItemModel.flags
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return FLAGS[index.column()][index.internalId() in self.tree.children]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.data
        return None if (task := self.task(index)) is None else self.cell_value(task, index.column(), role)

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # overrides QAbstractItemModel.multiData
        """Every role a cell is painted with, in one call: the view's delegate asks for seven per cell
        (Qt's default asks :meth:`data` once per role, seven calls into Python a cell painted)."""
        task = self.task(index)
        column = index.column()
        # (PySide's span iterates over its items; its type stubs do not say so.)
        items = cast("Iterable[QModelRoleData]", roleDataSpan) if isinstance(roleDataSpan, QModelRoleDataSpan) else (roleDataSpan,)
        for item in items:
            value = None if task is None else self.cell_value(task, column, item.role())
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def _colour(self, task: Task, key: str, background: bool) -> QBrush | None:
        """The cell's background (``background``) or its text's, in the scheme of now (None: the palette's)."""
        scheme, found = colours.current(), self.problems.get(task.id, ())
        if key == "owner_name" and task.id in self.over_allocated:
            return QBrush(scheme.over_bg if background else scheme.over_text)
        problem = ((key == "completion_condition" and Problem.NO_COMPLETION in found) or (key == "origin" and Problem.RULE_GONE in found)
                   or (key in ("start", "finish") and (Problem.FINISH_BEFORE_START in found or Problem.BEFORE_PREDECESSOR in found)))  # fmt: skip
        shade = scheme.problem_bg if problem else scheme.milestone_bg if task.milestone else scheme.shade_bg if task.id in self.tree.children else None
        if not background and key == "title" and task.often_missed:
            return QBrush(scheme.hint)
        return QBrush(shade if background else scheme.shade_text) if shade is not None else None  # (a shade's text goes with it)

    def cell_value(self, task: Task, column_number: int, role: int) -> Any:
        """What the task's cell in this column shows for ``role`` (None: nothing): what data() answers, and a copy of the row."""
        if self.refused and (held := self.refused.get((task.id, column_number))) is not None:
            if role in held:
                return held[role]  # a value the task refused, kept as a draft (app/ui/wbs/refused.py)
            if role in (_BACKGROUND, _FOREGROUND):  # (a draft's colours, in the scheme of now)
                return QBrush(colours.current().draft_bg if role == _BACKGROUND else colours.current().draft_text)
        column = COLUMNS[column_number]
        key = column.key
        if role == _DISPLAY:
            return self._display(task, key)
        if role == _EDIT:
            return self._edit_value(task, key)
        if role == _CHECK_STATE:
            return (Qt.CheckState.Checked if getattr(task, key) else Qt.CheckState.Unchecked) if column.kind == "check" else None
        if role == _TOOLTIP:
            if key == "owner_name" and task.id in self.over_allocated:
                return "\n".join(filter(None, (self.over_allocated[task.id], self._tooltip(task, key))))
            return self._tooltip(task, key)
        if role in (_BACKGROUND, _FOREGROUND):
            return self._colour(task, key, role == _BACKGROUND)
        if role == _FONT:
            return self._bold if key == "title" and task.id in self.tree.children else None
        if role == _DECORATION:
            return self._warning_icon() if key == "title" and task.id in self.problems else None
        if role == _ALIGNMENT:
            return _RIGHT if column.kind in ("number", "date") else None
        return task.id if role == TaskIdRole else None

    def _warning_icon(self) -> QIcon:
        """The icon beside the title of a task with a problem (the style's; made once)."""
        if self._warning is None:
            from PySide6.QtWidgets import QApplication, QStyle

            self._warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._warning

    def _display(self, task: Task, key: str) -> str:
        lang = self.lang
        cat = self.catalog
        if key == "title":
            mark = " ★" if task.often_missed else ""
            return f"{self.tree.codes.get(task.id, '')}  {task.title}{mark}"
        if key == "status":
            return cat.label_of(key, self.tree.rollup(task.id).status, lang)
        if key in DERIVED:
            value = getattr(self.tree.rollup(task.id), key)
            return format_days(value) if key == "estimate_days" else (format_date(value, ui_lang()) if value else "")
        if key in LABELLED:
            return cat.label_of(key, getattr(task, key), lang)
        if key == "predecessors":
            return format_dependencies(task, self.tree)
        if key == "origin":
            return origin_text(task, self.library, lang, self.answers)
        if key in ("agreed", "milestone"):
            return format_date(task.agreed_on, ui_lang()) if key == "agreed" and task.agreed and task.agreed_on else ""
        value = getattr(task, key)
        if isinstance(value, dt.date):
            return format_date(value, ui_lang())  # 2026/12/21 in a Japanese window
        return " ".join(str(value or "").split())

    def _edit_value(self, task: Task, key: str) -> Any:
        if key == "predecessors":
            return format_dependencies(task, self.tree)
        if key in ("origin",):
            return self._display(task, key)
        value = getattr(task, key)
        if isinstance(value, dt.date):
            return QDate(value.year, value.month, value.day)
        if key == "status":
            return task.status.value
        return value

    def _tooltip(self, task: Task, key: str) -> str | None:
        lines = [f"{self.tree.codes.get(task.id, '')}  {task.title}".strip()] if key == "title" and task.title else []  # whole: the tree cuts a long one
        for problem in self.problems.get(task.id, []):
            lines.append("⚠ " + PROBLEM_LABELS[problem][self.lang])
        if key == "title":
            if task.often_missed:
                lines.append("★ " + OFTEN_MISSED_LABELS[task.often_missed][self.lang])
            lines.extend(f"⚑ {line}" for line in self.suspect.get(task.id, ()))
            lines.append(origin_text(task, self.library, self.lang, self.answers))
            if task.description:
                lines.append(task.description)
            editor = self.last_editor(task.id) if self.last_editor is not None else None
            if editor:
                lines.append(self.tr("Last edited by: {0}").format(editor))
            slack = self.critical.slack(task.id)
            if slack is not None:  # read-only, in the tooltip: the table's columns are the task's stored fields
                lines.append(self.tr("Slack: %n working day(s)", "", slack))
                if slack <= 0:
                    lines.append(self.tr("On the critical path"))
        elif key in ("completion_condition", "expected_output", "notes", "description", "origin"):
            text = self._display(task, key)
            if text:
                lines.append(text)
        elif key in DERIVED and self.tree.has_children(task.id):
            lines.append(self.tr("Follows from the sub-tasks"))
        return "\n".join(lines) or None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides QAbstractItemModel.setData
        task = self.task(index)
        if task is None or self.editor is None:
            return False
        column = COLUMNS[index.column()]
        if column.kind == "check":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, QDate):
            value = dt.date(value.year(), value.month(), value.day()) if value.isValid() else None
        return self.editor(index, column.key, value)


def column_index(key: str) -> int:
    return INDEX[key]
