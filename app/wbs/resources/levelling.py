"""Resource levelling (山積み・山崩し): delay work tasks so that no person works on two at once.

:func:`level` schedules the plan again (:func:`app.wbs.schedule.timeline`, continuous working-day
time, each person's own days off) placing the work tasks one at a time: among the tasks whose
predecessors are placed, the highest priority first (must > should > could), then WBS order; each
starts at the earliest time its links allow at which its owner is free for its whole length. Done
tasks never move and a task in progress keeps its start (they hold their owner's time first). The result is a list of moves for a preview;
:func:`apply_levelling` commits the same dates as one undoable WBS change. Given the preview
(:func:`levelled_plan`, which keeps what it was worked out from: :class:`Basis`), it writes the dates
shown and nothing else: when the plan, the people, the company holidays or the project start changed
since in a way that moves other tasks or to other days, or a task to move is no longer on the dates
it was shown moving from, nothing is written and :class:`LevellingChanged` says what changed.

A person at less than 100 % or fewer than five days a week can still be over their availability
with one task at a time (the schedule does not stretch a task): :mod:`app.wbs.resources.load` says
where.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.core.errors import UserError, ValidationFailed
from app.core.i18n import date_years, format_date
from app.core.messages import Label, Many, Message
from app.wbs.model import Status, Task, WbsTree, task_name
from app.wbs.resources.load import calendars_of
from app.wbs.resources.people import Person, clean_name, name_key
from app.wbs.schedule import TaskPastLastDate, end_of, past_cause, timeline
from app.wbs.workdays import Calendar

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.wbs.service import WbsChange

PRIORITY_RANK = {"must": 0, "should": 1, "could": 2}


@dataclass(frozen=True)
class Move:
    """One work task's dates before and after levelling, and why it moved."""

    task_id: int
    task: str  # code and title
    person: str
    old_start: dt.date | None
    old_finish: dt.date | None
    new_start: dt.date
    new_finish: dt.date
    why: Message  # resources.why_person (waits for the owner's other task) | why_link | why_schedule


@dataclass(frozen=True)
class Basis:
    """What a levelled plan was worked out from (as read for its preview)."""

    tree: WbsTree
    people: tuple[Person, ...]
    cal: Calendar
    start: dt.date


@dataclass(frozen=True)
class Levelled:
    """The levelled dates of every task (summaries included) and the moves of the work tasks;
    ``basis``: what they were worked out from (:func:`levelled_plan`; None from :func:`level`)."""

    dates: dict[int, tuple[dt.date, dt.date]]
    moves: list[Move]
    begun: dict[int, float]
    used: dict[int, float]
    basis: Basis | None = None


class LevellingChanged(UserError):
    """The plan changed since its levelling was previewed, so that the moves shown no longer hold
    (other tasks or other days, or a task no longer on the dates it was shown moving from); nothing
    was written. ``parts``: what changed ("tasks", "people", "holidays", "start"); ``tasks``: the
    tasks changed since, named as messages name them (the first five)."""

    def __init__(self, parts: list[str], tasks: list[str], start: tuple[dt.date, dt.date] | None = None) -> None:
        self.parts, self.tasks = parts, tasks
        said: list[Message] = []
        for part in parts:
            if part == "tasks":
                said.append(Message(key="resources.changed_tasks", tasks=Many(tuple(tasks))) if tasks else Message(key="resources.changed_plan"))
            elif part == "start" and start is not None:
                said.append(Message(key="resources.changed_start", old=_date_label(start[0]), new=_date_label(start[1])))
            elif part == "people":
                said.append(Message(key="resources.changed_people"))
            elif part == "holidays":
                said.append(Message(key="resources.changed_holidays"))
        super().__init__(key="resources.level_changed", what=Many(tuple(said)))


class LevelledPastLastDate(TaskPastLastDate):
    """Levelling ran the plan past :data:`LAST_DATE`, where it fits without levelling: said with the task
    levelling put after its owner's other tasks (``delayed``), that person and those tasks (the last five it
    waited for), and the task that then runs past (``task_id``: the same, or one after it) with its start
    and estimate; and what to do (another person, shorter estimates, other not-before dates)."""

    def __init__(self, tree: WbsTree, task_id: int, start: int | None, delayed: int, person: str, others: list[int]) -> None:
        self.task_id, self.start, self.delayed = task_id, start, delayed

        def name(i: int) -> str:
            return task_name(tree.codes.get(i, ""), tree.tasks[i].title)

        cause = past_cause(tree.tasks[task_id], start, own_start=False)  # (levelling set its start)
        past = Message(key="resources.level_past_itself") if task_id == delayed else Message(key="resources.level_past_after", task=name(task_id))
        waited_for = Many(tuple(Message(key="resources.level_task", task=name(i)) for i in others[-5:]))
        ValidationFailed.__init__(self, key="resources.level_past_last_date", task=name(delayed), person=person, others=waited_for,
                                  past=past, cause=cause, **date_years())


def _delayed_by_levelling(tree: WbsTree, task_id: int, waits: Mapping[int, list[int]]) -> int | None:
    """The task levelling put after its owner's other tasks that makes ``task_id`` end where it does: it, or
    the nearest one its start waits for (through its predecessors, its summary's, their summaries' last tasks)."""
    queue: deque[tuple[bool, int]] = deque([(False, task_id)])  # (its start?, task): a finish waits for its start or a summary's tasks
    seen = {queue[0]}
    while queue:
        start, i = queue.popleft()
        task = tree.tasks[i]
        if start and i in waits:
            return i
        if task.status == Status.DONE and task.start and task.finish and not tree.has_children(i):
            continue  # its dates hold
        if not start:
            after = [(False, kid) for kid in tree.kids(i)] if tree.has_children(i) else [(True, i)]
        else:
            after = [(False, dep.predecessor_id) for dep in task.dependencies if dep.predecessor_id in tree.tasks]
            if task.parent_id in tree.tasks:
                after.append((True, task.parent_id))
        for nxt in after:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return None


def _date_label(day: dt.date) -> Label:
    return Label(ja=format_date(day, "ja"), en=format_date(day, "en"))


class _Person:
    """The time a person is already given to placed tasks, as sorted, disjoint blocks [start, end)
    in day numbers with fractions. Blocks with no working time of theirs between are one block, so
    that a full diary is passed over in one step, not a task at a time.

    ``room[i]``: the working time free between block ``i`` and the next (infinite after the last),
    and the largest of each run of ``_RUN`` of them: a task looking for a free stretch passes over
    a run of gaps too short for it in one step (:meth:`roomy`), not a gap at a time. Gaps only ever
    shrink, so a gap too short stays too short."""

    _RUN = 64

    def __init__(self, cal: Calendar) -> None:
        self.cal = cal
        self.starts: list[float] = []
        self.ends: list[float] = []
        self.last: list[int] = []  # the task that ends each block
        self.room: list[float] = []
        self.most: list[float] = []  # the largest room of each run of _RUN gaps
        self.fresh = 0  # runs before this one have their ``most`` up to date
        self.plain = False  # a block that ends before it starts (a done task's dates the wrong way round): no skipping

    def _working_from(self, t: float) -> float:
        """The first working time at or after ``t``."""
        day = int(t)
        if t - day > 1e-9 and self.cal.next_working_ordinal(day) == day:
            return t
        return float(self.cal.next_working_ordinal(day if t - day <= 1e-9 else day + 1))

    def take(self, start: float, end: float, task_id: int) -> None:
        if end <= start:
            self.plain = True
        at = bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)
        self.last.insert(at, task_id)
        self.room.insert(at, math.inf)
        inserted = at
        if at > 0 and self._working_from(self.ends[at - 1]) >= start - 1e-9:
            at = self._merge(at - 1)
        while at + 1 < len(self.starts) and self._working_from(self.ends[at]) >= self.starts[at + 1] - 1e-9:
            at = self._merge(at)
        if at > 0:
            self.room[at - 1] = self._between(at - 1)
        if at + 1 < len(self.starts):
            self.room[at] = self._between(at)
        self.fresh = min(self.fresh, max(0, min(inserted, at) - 1) // self._RUN)  # the runs from here on moved

    def _merge(self, at: int) -> int:
        """Make blocks ``at`` and ``at + 1`` one; its position."""
        if self.ends[at + 1] >= self.ends[at]:
            self.ends[at], self.last[at] = self.ends[at + 1], self.last[at + 1]
        del self.starts[at + 1], self.ends[at + 1], self.last[at + 1], self.room[at + 1]
        return at

    def _between(self, at: int) -> float:
        """The working time from where a task could start after block ``at`` (as ``place`` works it
        out) to the start of block ``at + 1``."""
        free, cal = self.ends[at], self.cal
        day, part = int(free), free - int(free)
        if part < 1e-9 or cal.next_working_ordinal(day) != day:
            day, part = cal.next_working_ordinal(day), 0.0
        nxt = self.starts[at + 1]
        upto = int(nxt)
        whole = cal.working_days_between(dt.date.fromordinal(day), dt.date.fromordinal(upto - 1)) if upto > day else 0
        tail = nxt - upto if upto >= day and cal.next_working_ordinal(upto) == upto else 0.0
        return whole - part + tail

    def roomy(self, at: int, length: float) -> int:
        """The first block at or after ``at`` with room for ``length`` after it, or nearly (the
        caller checks: a gap left out here is one where a task of ``length`` clashes with the next
        block)."""
        if self.plain:
            return at
        need, room, run = length - 1e-6, self.room, self._RUN
        n = len(room)
        first = min(n, (at // run + 1) * run)
        for k in range(at, first):
            if room[k] >= need:
                return k
        most = self.most
        b = at // run + 1
        while b * run < n:
            if b >= len(most):
                most.extend([0.0] * (b + 1 - len(most)))
            if b >= self.fresh:
                most[b] = max(room[b * run:(b + 1) * run])
                if b == self.fresh:
                    self.fresh += 1
            if most[b] >= need:
                for k in range(b * run, min(n, (b + 1) * run)):
                    if room[k] >= need:
                        return k
            b += 1
        return n - 1  # not reached: the last block has infinite room

    def clash(self, start: float, end: float) -> int | None:
        """The position of the first block overlapping [start, end), if any."""
        at = bisect_right(self.ends, start)
        if at < len(self.starts) and self.starts[at] < end - 1e-9:
            return at
        return None


def level(tree: WbsTree, people: Iterable[Person], cal: Calendar, start: dt.date) -> Levelled:
    """The plan levelled over ``cal`` from ``start``: pure (nothing is written)."""
    by_name = {person.name: person for person in people}
    own = calendars_of(by_name.values(), cal)
    outline = {task.id: n for n, task in enumerate(tree.walk())}
    rank = {i: (PRIORITY_RANK.get(tree.tasks[i].priority, 1), n) for i, n in outline.items()}
    busy: dict[str, _Person] = {name: _Person(own.get(name_key(name), cal)) for name in by_name}
    key_of = {name_key(name): name for name in by_name}
    waited: dict[int, int] = {}  # task id -> the task it waited for
    waits: dict[int, list[int]] = {}  # task id -> every task it waited for, in turn
    tried: dict[int, int] = {}  # task id -> the last day it was tried on

    owners = {task.id: name for task in tree.tasks.values() if (name := key_of.get(name_key(task.owner_name)))}
    started: dict[int, int] = {}  # a task in progress -> the day it began: it never moves
    for task in tree.tasks.values():  # done tasks and tasks in progress hold their time first
        holder = owners.get(task.id)
        if not holder or tree.has_children(task.id) or task.milestone or not task.start:
            continue
        if task.status == Status.DONE and task.finish:
            busy[holder].take(task.start.toordinal(), task.finish.toordinal() + 1.0, task.id)
        elif task.status == Status.IN_PROGRESS:
            calendar = own.get(name_key(holder), cal)
            day = started[task.id] = calendar.next_working_ordinal(task.start.toordinal())
            length = task.estimate_days if task.estimate_days is not None and task.estimate_days > 0 else 1.0
            finish, reached = end_of(calendar, day, 0.0, length)
            busy[holder].take(day, finish + reached, task.id)

    def place(task_id: int, day: int, part: float, calendar: Calendar, length: float) -> tuple[int, float]:
        name = owners.get(task_id)
        if name is None:
            return day, part
        if task_id in started:  # its time is taken already
            return started[task_id], 0.0
        person = busy[name]
        while True:
            tried[task_id] = day
            finish, reached = end_of(calendar, day, part, length)
            at = person.clash(day + part, finish + reached)
            if at is None:
                person.take(day + part, finish + reached, task_id)
                return day, part
            if calendar is person.cal:  # pass over the gaps after it too short for the task
                at = person.roomy(at, length)
            waited[task_id] = other = person.last[at]
            if other not in (before := waits.setdefault(task_id, [])):
                before.append(other)
            free = person.ends[at]  # the end of the clashing task: the same day or the next working one
            day, part = int(free), free - int(free)
            if part < 1e-9:
                day, part = calendar.next_working_ordinal(day), 0.0
            elif calendar.next_working_ordinal(day) != day:
                day, part = calendar.next_working_ordinal(day), 0.0

    try:
        levelled = timeline(tree, start, cal, own, rank=rank, place=place)
    except TaskPastLastDate as past:  # said as levelling's doing when the plan fits without it
        delayed = _delayed_by_levelling(tree, past.task_id, waits)
        if delayed is None:
            raise
        try:
            timeline(tree, start, cal, own)
        except ValidationFailed:  # it runs past (or is refused) without levelling too: said as it is
            raise past from None
        begin = past.start if past.start is not None else tried.get(past.task_id)
        raise LevelledPastLastDate(tree, past.task_id, begin, delayed, owners[delayed], waits[delayed]) from None
    moves = []
    for task in tree.walk():
        if tree.has_children(task.id) or task.status == Status.DONE:
            continue
        new = levelled.dates[task.id]
        if (task.start, task.finish) == new:
            continue
        name = owners.get(task.id) or clean_name(task.owner_name)
        if task.id in waited:
            other = tree.tasks[waited[task.id]]
            why = Message(key="resources.why_person", person=name, task=task_name(tree.codes.get(other.id, ""), other.title))
        elif task.start is None or task.finish is None:
            why = Message(key="resources.why_schedule")
        else:  # its predecessors (or its summary's) moved, or the plan was edited since it was scheduled
            why = Message(key="resources.why_link")
        moves.append(Move(task.id, task_name(tree.codes.get(task.id, ""), task.title), name,
                          task.start, task.finish, new[0], new[1], why))
    return Levelled(levelled.dates, moves, levelled.begun, levelled.used)


def levelled_plan(ws: Workspace, project_id: int, tree: WbsTree | None = None) -> tuple[Levelled, int]:
    """What levelling would do to the plan as stored (``tree``: that plan, already read), and for how
    many people (nothing is written); the result keeps its :class:`Basis` for :func:`apply_levelling`."""
    basis = _basis(ws, project_id, tree)
    levelled = level(basis.tree, basis.people, basis.cal, basis.start)
    return replace(levelled, basis=basis), len(basis.people)


def _basis(ws: Workspace, project_id: int, tree: WbsTree | None = None, start: dt.date | None = None) -> Basis:
    from app.wbs.resources.people import read
    from app.wbs.schedule import calendar_of, project_start
    from app.wbs.service import WbsService

    found = tuple(read(ws, project_id))
    tree = WbsService(ws.db).tree(project_id) if tree is None else tree
    return Basis(tree, found, calendar_of(ws), start or project_start(ws, project_id))


def _writes(tree: WbsTree, dates: dict[int, tuple[dt.date, dt.date]]) -> dict[int, tuple[tuple[dt.date | None, dt.date | None], tuple[dt.date, dt.date]]]:
    """The dates levelling writes: per task whose dates change, (from, to)."""
    return {i: ((t.start, t.finish), new) for i, new in dates.items() if ((t := tree.tasks[i]).start, t.finish) != new}


def _changed_parts(shown: Basis, now: Basis) -> list[str]:
    """What differs between the basis of a preview and the plan as stored now."""
    parts = ["tasks"] if now.tree.tasks != shown.tree.tasks else []
    if now.people != shown.people:
        parts.append("people")
    if set(now.cal.company) != set(shown.cal.company):
        parts.append("holidays")
    if now.start != shown.start:
        parts.append("start")
    return parts


def _changed_tasks(shown: WbsTree, now: WbsTree) -> list[str]:
    """The tasks added, edited or deleted since ``shown`` was read (the first five), as numbered now
    (as they were for one deleted)."""
    ids = sorted(i for i in set(shown.tasks) | set(now.tasks) if shown.tasks.get(i) != now.tasks.get(i))
    names = []
    for i in ids[:5]:
        tree = now if i in now.tasks else shown
        names.append(task_name(tree.codes.get(i, ""), tree.tasks[i].title))
    return names


def apply_levelling(ws: Workspace, project_id: int, start: dt.date | None = None, shown: Levelled | None = None) -> WbsChange:
    """Level the plan and write every changed date: one undoable change.

    ``shown``: the levelled plan a preview showed (from :func:`levelled_plan`): exactly its dates are
    written, checked in the same transaction against the plan, the people, the company holidays and
    the project start as stored now. When any of them changed, the plan is levelled again: if that
    writes other dates (or a task is no longer on the dates it was shown moving from), nothing is
    written and :class:`LevellingChanged` names what changed. Without it: the plan as stored."""
    from app.wbs.service import WbsService

    basis = shown.basis if shown is not None else None
    assert shown is None or basis is not None, "a levelled plan shown keeps its basis (levelled_plan)"

    def changed_dates(tree: WbsTree) -> dict[int, Task]:
        now = _basis(ws, project_id, tree, start if basis is None else None)
        if basis is None or shown is None:
            dates = level(tree, now.people, now.cal, now.start).dates
        else:  # the dates shown, while nothing they were worked out from changed, or levelling now writes the same
            parts = _changed_parts(basis, now)
            dates = level(tree, now.people, now.cal, now.start).dates if parts else shown.dates
            if parts and _writes(tree, dates) != _writes(basis.tree, shown.dates):
                tasks = _changed_tasks(basis.tree, tree) if "tasks" in parts else []
                raise LevellingChanged(parts, tasks, (basis.start, now.start) if "start" in parts else None)
        return {i: tree.tasks[i].replaced(start=s, finish=f) for i, (s, f) in dates.items()
                if (tree.tasks[i].start, tree.tasks[i].finish) != (s, f)}

    return WbsService(ws.db).apply_computed(project_id, changed_dates, columns=("start", "finish"), kind="level")
