"""What is wrong with a WBS, and what it adds up to; the values typed into a task's fields, checked.

Problems are shown in the table and counted in the exports: no completion condition, a finish
before the start, a task that starts before a predecessor ends, a task without a phase or an owner
role (its estimate is totalled under 「未設定」 / "Not set"). A dependency cycle is never
stored (the editing service refuses it), but a cycle check is here because the scheduler and the
Excel import need it too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from app.core.errors import FieldRefused, NotFoundError, ValidationFailed, shown
from app.core.files.visible_text import fold_name
from app.core.i18n import (
    date_in_range,
    date_label,
    date_years,
    misdated_said,
    number_text,
    parse_date,
    plain_number,
)
from app.core.limits import check_text
from app.core.messages import Label, Many
from app.hearing import without_unit
from app.wbs.model import (
    EDITABLE_FIELDS,
    ESTIMATE_UNITS,
    STATUS_LABELS,
    Dependency,
    Problem,
    Status,
    Task,
    WbsTree,
    field_name,
    format_links,
    lag_problem,
    task_name,
    value_type,
)

# Scheduling graph: every task has a start node and a finish node.
Node = tuple[int, str]


def schedule_graph(tree: WbsTree) -> dict[Node, list[Node]]:
    """Edges of the dates' dependencies: predecessor finish -> start, start -> finish, a summary's
    start -> its children's starts, children's finishes -> the summary's finish."""
    edges: dict[Node, list[Node]] = defaultdict(list)
    tasks, children = tree.tasks, tree.children
    for task_id, task in tasks.items():
        start, finish = (task_id, "s"), (task_id, "f")
        out = edges[start]
        out.append(finish)
        for dep in task.dependencies:
            if dep.predecessor_id in tasks:
                edges[(dep.predecessor_id, "f")].append(start)
        for child in children.get(task_id, ()):
            out.append((child, "s"))
            edges[(child, "f")].append(finish)
    return edges


def topological(tree: WbsTree) -> tuple[list[Node], list[int]]:
    """Nodes in dependency order, plus the tasks of a cycle ([] when there is none)."""
    edges = schedule_graph(tree)
    nodes = [(t, k) for t in tree.tasks for k in ("s", "f")]
    indegree = dict.fromkeys(nodes, 0)
    indegree.update(Counter(chain.from_iterable(edges.values())))  # (counted in C: 5,000 tasks have 20,000 links)
    ready = [n for n in nodes if indegree[n] == 0]
    order: list[Node] = []
    get = edges.get
    while ready:
        node = ready.pop()
        order.append(node)
        for target in get(node, ()):
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    if len(order) == len(nodes):
        return order, []
    stuck = {n for n, d in indegree.items() if d > 0}
    return order, _one_cycle(edges, stuck)


def _one_cycle(edges: dict[Node, list[Node]], stuck: set[Node]) -> list[int]:
    # Every stuck node has a stuck predecessor: walk backwards until a node repeats.
    reverse: dict[Node, list[Node]] = defaultdict(list)
    for source, targets in edges.items():
        for target in targets:
            reverse[target].append(source)
    node = min(stuck)
    seen: dict[Node, int] = {}
    path: list[Node] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(t for t in reverse[node] if t in stuck)
    loop = list(reversed(path[seen[node]:]))
    tasks: list[int] = []
    for task_id, _kind in loop:
        if task_id not in tasks:
            tasks.append(task_id)
    return tasks


def dependency_cycle(tree: WbsTree) -> list[int]:
    return topological(tree)[1]


class PredecessorGone(NotFoundError):
    """A predecessor chosen that is no longer there: deleted (in another window, by an import) since the
    plan it was chosen from was read; nothing was changed.

    ``task`` names the task whose predecessors they were (as stored now); ``predecessor`` the one gone,
    which the core can only name by its id (its row and title are gone): a window names both as it
    showed them (:meth:`named`: the outline numbers have moved up since)."""

    def __init__(self, task: str, task_id: int, predecessor_id: int, predecessor: str | None = None) -> None:
        super().__init__(key="wbs.predecessor_deleted", task=task, predecessor=predecessor or f"#{predecessor_id}")
        self.task_id, self.predecessor_id = task_id, predecessor_id

    def named(self, task: str, predecessor: str) -> PredecessorGone:
        """The same error naming the task and the predecessor as the caller showed them (outline number and title)."""
        return PredecessorGone(task, self.task_id, self.predecessor_id, predecessor)


class FollowsSubTasks(ValidationFailed):
    """A summary's estimate, dates or status typed for a task that has sub-tasks now (added since the caller showed it
    as a work task: another window, the command line): they follow from its sub-tasks. Nothing was changed.
    ``task`` names it (outline number and title), ``task_id`` is its id, ``field`` the field's label."""

    def __init__(self, task: str, task_id: int, field: object) -> None:
        super().__init__(key="wbs.follows_sub_tasks_now", task=task, field=field)
        self.task_id = task_id


class LinkGone(NotFoundError):
    """A task to write back (an undo, a redo) under a parent, or after a predecessor, that is no longer
    there: deleted since (in another window, by an import) and not brought back by the same write.
    Nothing was changed. ``task`` names the task as the user knows it (outline number as numbered now,
    none for a task that is gone, and title); ``parent``: the task it was under is gone (else a
    predecessor)."""

    def __init__(self, task: str, task_id: int, parent: bool) -> None:
        if parent:
            super().__init__(key="wbs.parent_gone_since", task=task)
        else:
            super().__init__(key="wbs.predecessor_gone_since", task=task)
        self.task_id, self.parent = task_id, parent


def still_shown(tree: WbsTree, task_id: int, uids: Mapping[int, int] | None = None) -> bool:
    """Whether the task is in the plan and, with ``uids`` (``{id: uid}`` as a caller showed its tasks),
    still the task shown there: not another that took the id of one deleted meanwhile."""
    task = tree.tasks.get(task_id)
    return task is not None and (uids is None or uids.get(task_id, task.uid) == task.uid)


def checked_dependencies(
    tree: WbsTree, task_id: int, dependencies: Iterable[Dependency], elsewhere: Container[int] = frozenset(),
    uids: Mapping[int, int] | None = None,
) -> list[Dependency]:
    """``dependencies`` as a task's predecessors would be kept (a predecessor named twice: its first
    link), or the error that refuses them: the task gone (NotFoundError), a predecessor deleted meanwhile
    (:class:`PredecessorGone`), one of another plan (``elsewhere``: ids the caller found as tasks of
    another project), the task itself, a lag out of range (naming the task and the range), a cycle.
    ``uids``: the tasks as the caller showed them (:func:`still_shown`): one that is another now is gone."""
    if not still_shown(tree, task_id, uids):
        raise NotFoundError(key="wbs.task_gone")
    name = task_name(tree.codes.get(task_id, ""), tree.tasks[task_id].title)
    seen: list[Dependency] = []
    named: set[int] = set()  # (the list searched for each link: every task of 8,000 as predecessors, 12 s)
    for dep in dependencies:
        if dep.predecessor_id in elsewhere:
            raise ValidationFailed(key="wbs.predecessor_elsewhere")
        if not still_shown(tree, dep.predecessor_id, uids):
            raise PredecessorGone(name, task_id, dep.predecessor_id)
        if dep.predecessor_id == task_id:
            raise ValidationFailed(key="wbs.own_predecessor", task=name)
        if dep.predecessor_id in named:
            continue
        refused = lag_problem(dep.lag_days, format_links([dep], tree), name)
        if refused is not None:
            raise refused
        seen.append(dep)
        named.add(dep.predecessor_id)
    if seen != tree.tasks[task_id].dependencies:
        trial = tree.tasks[task_id].model_copy(update={"dependencies": seen})
        cycle = dependency_cycle(WbsTree.build([trial if i == task_id else t for i, t in tree.tasks.items()]))
        if cycle:
            raise ValidationFailed(key="wbs.cycle", codes=" → ".join(tree.codes.get(i, "?") for i in cycle), tasks=cycle_named(tree, cycle))
    return seen


def refuse_a_new_cycle(tree: WbsTree, changed: Mapping[int, Task | None], *, key: str) -> None:
    """Refused with the message ``key`` (naming the tasks of the cycle as the plan shows them now, or as the change
    would leave one that is not there yet) when the plan with the tasks ``changed`` (None: gone) would hold a
    dependency cycle: a move under a task's own successor, an undo that closes a circle through a colleague's
    links. A cycle the plan has already is not the change's to refuse."""
    trial = WbsTree.build([t for i, t in tree.tasks.items() if i not in changed] + [t for t in changed.values() if t is not None])
    cycle = dependency_cycle(trial)
    if cycle and not dependency_cycle(tree):
        raise ValidationFailed(key=key, tasks=cycle_named(tree if all(i in tree.tasks for i in cycle) else trial, cycle))


def cycle_named(tree: WbsTree, cycle: list[int]) -> str:
    """A cycle's tasks as a message names them, in the cycle's order: outline number and title."""
    return " → ".join(task_name(tree.codes.get(i, ""), shown(tree.tasks[i].title, 40)) for i in cycle)


def effective_dates(tree: WbsTree, task: Task) -> tuple[dt.date | None, dt.date | None]:
    rolled = tree.rollup(task.id)
    return rolled.start, rolled.finish


def _ends_part_way(task: Task, dates: tuple[dt.date | None, dt.date | None]) -> bool:
    """Whether ``task`` may end part-way through its finish day, so that a successor starts that day
    (the schedule counts in parts of a day: 0.25 d tasks share one): its estimate is less than the
    working days its dates span. Lenient where it cannot tell (a part-day task that happens to fill
    its day to the end). Weekdays are counted, holidays among them too: more lenient still, and no
    calendar to load while the table is first filled."""
    start, finish = dates
    if task.estimate_days is None or start is None or finish is None or finish < start:
        return False
    weeks, rest = divmod((finish - start).days + 1, 7)
    weekdays = weeks * 5 + sum(1 for n in range(rest) if (start.weekday() + n) % 7 < 5)
    return weekdays - task.estimate_days > 1e-9


def problems(
    tree: WbsTree, rule_gone: set[int] | None = None, only: Iterable[int] | None = None, suspect: set[int] | None = None
) -> dict[int, list[Problem]]:
    """Problems per task id (tasks without any are left out); of the tasks ``only`` when given.
    ``rule_gone`` and ``suspect`` are worked out from the hearing by the caller."""
    result: dict[int, list[Problem]] = {}
    dates = {t.id: effective_dates(tree, t) for t in tree.tasks.values()} if only is None else _RolledDates(tree)
    chosen = tree.tasks.values() if only is None else [tree.tasks[i] for i in only if i in tree.tasks]
    for task in chosen:
        found: list[Problem] = []
        if not task.completion_condition.strip():
            found.append(Problem.NO_COMPLETION)
        start, finish = dates[task.id]
        if start and finish and finish < start:
            found.append(Problem.FINISH_BEFORE_START)
        if start:
            for dep in task.dependencies:
                pred = tree.tasks.get(dep.predecessor_id)
                if pred is None:
                    continue
                pred_finish = dates[pred.id][1]
                if pred_finish is None:
                    continue
                same_day_ok = task.milestone or pred.milestone or _ends_part_way(pred, dates[pred.id])
                if start < pred_finish or (start == pred_finish and not same_day_ok):
                    found.append(Problem.BEFORE_PREDECESSOR)
                    break
        if rule_gone and task.id in rule_gone:
            found.append(Problem.RULE_GONE)
        if suspect and task.id in suspect:
            found.append(Problem.SUSPECT)
        if not tree.has_children(task.id) and not (task.phase.strip() and task.owner_role.strip()):
            found.append(Problem.NO_PHASE_OR_ROLE)  # its estimate lands in the totals' 未設定 bucket
        if found:
            result[task.id] = found
    return result


class _RolledDates(dict):
    """``{task id: (start, finish)}`` read from the roll-ups when asked (problems of a few tasks)."""

    def __init__(self, tree: WbsTree) -> None:
        super().__init__()
        self.tree = tree

    def __missing__(self, task_id: int) -> tuple[dt.date | None, dt.date | None]:
        rolled = self.tree.rollup(task_id)
        return rolled.start, rolled.finish


@dataclass
class Totals:
    """Estimates (person-days of the leaf tasks) by phase, role and priority, and what is missing."""

    tasks: int = 0
    leaves: int = 0
    estimate: float = 0.0
    by_phase: dict[str, float] = field(default_factory=dict)
    by_role: dict[str, float] = field(default_factory=dict)
    by_priority: dict[str, float] = field(default_factory=dict)
    without_completion: int = 0
    not_agreed: int = 0
    milestones: int = 0
    start: dt.date | None = None
    finish: dt.date | None = None


def totals(tree: WbsTree, signed: Container[str] = frozenset()) -> Totals:
    """``signed``: the uids of the tasks the newest signed agreement baseline holds (agreed by it, ticked or not:
    :func:`app.core.project.agreed_tasks`)."""
    result = Totals(tasks=len(tree.tasks))
    for task in tree.tasks.values():
        if not task.completion_condition.strip():
            result.without_completion += 1
        if not task.agreed and str(task.uid) not in signed:
            result.not_agreed += 1
        if task.milestone:
            result.milestones += 1
        if task.start and (result.start is None or task.start < result.start):
            result.start = task.start
        if task.finish and (result.finish is None or task.finish > result.finish):
            result.finish = task.finish
        if tree.has_children(task.id):
            continue
        result.leaves += 1
        days = task.estimate_days or 0.0
        result.estimate += days
        for bucket, key in ((result.by_phase, task.phase), (result.by_role, task.owner_role), (result.by_priority, task.priority)):
            bucket[key] = bucket.get(key, 0.0) + days
    return result


# --- values typed into a task's fields -----------------------------------------------------------------

MAX_ESTIMATE = 1000.0
_TYPES = {name: value_type(name) for name in EDITABLE_FIELDS}  # str, float, dt.date, bool or Status


def one_line_title(text: object) -> None:
    """A title typed into the table's one-line cell: refused when it holds rows or cells copied from a spreadsheet
    (a tab, or a line break between words), which the title's check would join into one title without a word.
    (A sheet's cell or a title a program writes is joined as ever: :func:`clean_fields`.)"""
    typed = str(text or "").strip()
    if "\t" in typed or len([line for line in typed.splitlines() if line.strip()]) > 1:
        raise ValidationFailed(key="wbs.title_rows", field=field_name("title"))


def clean_fields(fields: dict[str, Any], priorities: Iterable[str] | None = None) -> dict[str, Any]:
    """Check and normalise edited values; raise ValidationFailed naming the field by its label. Dates
    are read in either language's form (2026/12/21, 2026-12-21, 2026年12月21日) and numbers with
    full-width digits (「２．５」 is 2.5), as typed in the table or in a sheet's cell."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(key="wbs.unknown_fields", fields=Many(tuple(field_name(n) for n in sorted(unknown))))
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        kind = _TYPES[name]
        if kind is str:
            text = "" if value is None else str(value)
            check_text(field_name(name), text)
            if name == "title":
                text = " ".join(text.split())
                if not fold_name(text):  # as seen: a zero-width space pasted from a chat is no title
                    raise ValidationFailed(key="wbs.needs_title")
            elif name in ("phase", "priority", "owner_role", "owner_name"):
                text = text.strip()
            if name == "priority" and priorities is not None and text not in set(priorities):
                raise FieldRefused(field_name(name), text, key="field.not_an_option", options=Many(tuple(priorities)))
            clean[name] = text
        elif kind is dt.date:
            clean[name] = _date(name, value)
        elif kind is float:
            clean[name] = _estimate(name, value)
        elif kind is bool:
            clean[name] = bool(value)
        elif kind is Status:
            try:
                clean[name] = Status(value)
            except ValueError:
                labels = tuple(Label(**STATUS_LABELS[s]) for s in Status)
                raise FieldRefused(field_name(name), str(value), key="field.not_an_option", options=Many(labels)) from None
    return clean


def _date(name: str, value: Any) -> dt.date | None:
    day = _read_date(name, value)
    if day is not None and not date_in_range(day):  # 0001/01/01: a slip, and beyond what a plan holds
        typed, said = (value, None) if isinstance(value, str) else (day.isoformat(), date_label(day))  # (2300/01/01 in Japanese)
        raise FieldRefused(field_name(name), typed, key="wbs.date_out_of_range", shown_as=said, **date_years())
    return day


def _read_date(name: str, value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()  # a date and time written by a program
    except ValueError:
        if (meant := misdated_said(text)) is not None:  # 2026/12/05(月): the 5th is a Saturday
            raise FieldRefused(field_name(name), text, key="date.wrong_weekday", date=meant) from None
        raise FieldRefused(field_name(name), text, key="wbs.not_a_date") from None


def _estimate(name: str, value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:  # with its unit as the column is headed (「3人日」), full width too: read as the hearing reads units
        number = float(value) if isinstance(value, int | float) else float(_number_text(str(without_unit(value, *ESTIMATE_UNITS))))
    except ValueError:
        raise FieldRefused(field_name(name), str(value), key="field.not_a_number") from None
    if not 0 <= number <= MAX_ESTIMATE:  # (NaN fails this too)
        typed = value if isinstance(value, str) else plain_number(number)  # 99999, not 99999.0
        raise FieldRefused(field_name(name), str(typed), key="field.out_of_range", limit=int(MAX_ESTIMATE))
    return number


def _number_text(text: str) -> str:
    """A typed number as :func:`~app.core.i18n.number_text` folds it; ValueError for one with an underscore
    (「1_5」: the _ key sits beside . on a JIS keyboard; number_text, like Python, would read it as 15)."""
    if "_" in unicodedata.normalize("NFKC", text):
        raise ValueError(text)
    return number_text(text)
