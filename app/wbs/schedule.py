"""Scheduling: start and finish dates forward from the project start over Japanese working days.

Off days are weekends, national holidays and the company holidays stored in the database
(:mod:`app.wbs.company_calendar`), so the window and the CLI schedule alike.

A leaf task lasts its estimate in working days, in continuous time (a 0.25 d task takes a quarter
of a day: four in a chain share one day; no estimate or 0 is one day, a milestone none). It starts
at the first working time that is not before the project start, its ``not_before`` date, its
parent's earliest start, or its predecessors' ends: where a predecessor ends part-way through a day
the task starts there (lag 0 or less), else the next working day; a positive lag is whole working
days after the predecessor's finish day. A milestone sits where its predecessors end (at the end
of a day its predecessor fills: dated that day, and a task after it starts on the next working
day; part-way through a day: a task after it starts there). A task whose owner is one of the project's people
(:mod:`app.wbs.resources`) is worked on that person's working days (their days off skipped). A
summary spans its children. Tasks marked done keep the dates they have.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select

from app.core.demo_source import app_today
from app.core.errors import ValidationFailed
from app.core.i18n import LAST_DATE, check_date, date_label, date_years
from app.core.messages import Message
from app.core.storage.models import Project
from app.core.workspace import Workspace
from app.hearing import AnswerService
from app.wbs import company_calendar
from app.wbs.checks import cycle_named, topological
from app.wbs.model import Status, Task, WbsTree, task_name
from app.wbs.resources.people import name_key
from app.wbs.service import WbsChange, WbsService
from app.wbs.workdays import NATIONAL, BeyondDates, Calendar, calendar

START_ITEM = "hearing.basics.poc_start"
Placer = Callable[[int, int, float, Calendar, float], tuple[int, float]]  # (task id, day, part, calendar, length) -> start


def project_start(ws: Workspace, project_id: int) -> dt.date:
    """Project.start_date, else the hearing's PoC start, else today."""
    with ws.db.session() as s:
        start = s.scalar(select(Project.start_date).where(Project.id == project_id))
    if start is None:
        value = AnswerService(ws.db, ws.library).answer(project_id, START_ITEM).value
        if value:
            try:
                start = dt.date.fromisoformat(str(value))
            except ValueError:
                start = None
    return start or app_today()


def duration(task: Task) -> int:
    if task.milestone:
        return 0
    if task.estimate_days is None:
        return 1
    return max(1, math.ceil(task.estimate_days - 1e-9))


def calendar_of(ws: Workspace) -> Calendar:
    """The working-day calendar the workspace schedules with: national and company holidays off."""
    return calendar(company_calendar.holidays(ws.db))


def compute(tree: WbsTree, start: dt.date, cal: Calendar = NATIONAL,
            calendars: Mapping[str, Calendar] | None = None, *, fractional: bool = False) -> dict[int, tuple[dt.date, dt.date]]:
    """New (start, finish) per task id over ``cal``; raises ValidationFailed on a dependency cycle.

    ``calendars``: a person's own calendar (the company's plus their days off) by the name's
    :func:`app.wbs.resources.people.name_key` (:func:`app.wbs.resources.load.calendars_of`); a task whose
    ``owner_name`` is one of them is worked on that person's working days only. ``fractional``:
    estimates in continuous working-day time (four 0.25 d tasks in a chain share a day); without
    it an estimate is rounded up to whole days (the first scheduler's dates, which
    tests/test_schedule_fast.py keeps as the reference). Whole-day estimates give the same dates
    either way.
    """
    return timeline(tree, start, cal, calendars, fractional=fractional).dates


@dataclass(frozen=True)
class Timeline:
    """A schedule in continuous working-day time.

    ``dates``: (start, finish) per task id. ``begun``: for a task that starts part-way through its
    first day, the fraction of that day already taken before it (absent: it starts at the day's
    beginning). ``used``: for a task that ends part-way through its finish day, the fraction of that
    day it reaches (absent: it fills the day). A task of 0.25 d after one ending at 0.5 of a day has
    begun 0.5 and used 0.75.
    """

    dates: dict[int, tuple[dt.date, dt.date]]
    begun: dict[int, float]
    used: dict[int, float]


class TaskPastLastDate(BeyondDates):
    """The plan running past :data:`LAST_DATE`, said with the task that does (its outline number and
    title) and why: its not-before date and estimate, else its start and estimate, else its predecessors."""

    def __init__(self, tree: WbsTree, task_id: int, start: int | None) -> None:
        self.task_id, self.start = task_id, start  # (levelling says it again when it was what pushed the task: app/wbs/resources/levelling.py)
        task = tree.tasks[task_id]
        name = task_name(tree.codes.get(task_id, ""), task.title)
        ValidationFailed.__init__(self, key="wbs.schedule_task_past_last_date", task=name, cause=past_cause(task, start), **date_years())


def past_cause(task: Task, start: int | None, *, own_start: bool = True) -> Message:
    """Why ``task`` (starting on the ordinal ``start``, None: not reached) ends past :data:`LAST_DATE`: its
    not-before date when that set its start (``own_start``: not when levelling did), else its start and
    estimate, else its predecessors."""
    estimate = task.estimate_days if task.estimate_days is not None and task.estimate_days > 0 else 1.0
    if own_start and task.not_before is not None and (start is None or start - task.not_before.toordinal() <= 7):
        return Message(key="wbs.past_last_date_not_before", date=date_label(task.not_before), estimate=estimate)
    if start is not None and start <= LAST_DATE.toordinal():
        return Message(key="wbs.past_last_date_start", date=date_label(dt.date.fromordinal(start)), estimate=estimate)
    return Message(key="wbs.past_last_date_predecessors")


def _first_past(tree: WbsTree, begin: Mapping[int, int], finish: Mapping[int, int]) -> int:
    """The work task that ends past :data:`LAST_DATE` and starts first (the others follow it, or wait as long)."""
    last = LAST_DATE.toordinal()
    past = [i for i, f in finish.items() if f > last and not tree.has_children(i)] or [i for i, f in finish.items() if f > last]
    return min(past, key=lambda i: (begin.get(i, 0), i))


def check_start(start: dt.date) -> None:
    """Refuse to date a plan from a start outside the dates a plan holds: the project's start typed as
    9999/12/30 (by an older version, or in a project file) is said, not counted to the year 10000."""
    check_date(start, key="wbs.schedule_start_out_of_range", start=date_label(start))


def timeline(tree: WbsTree, start: dt.date, cal: Calendar = NATIONAL,
             calendars: Mapping[str, Calendar] | None = None, *, fractional: bool = True,
             rank: Mapping[int, tuple[int, int]] | None = None, place: Placer | None = None) -> Timeline:
    """:func:`compute` with the fractions of the first and last days (see :class:`Timeline`).

    One pass in dependency order over day numbers (``date.toordinal()``): every task has a start
    node and a finish node (:func:`app.wbs.checks.schedule_graph`, here on list positions), and
    "n working days later" is a look-up in the precomputed working-day calendar. A time is a day
    number and the fraction of that working day already gone (0 for most tasks: only fractional
    estimates make others).

    Resource levelling (:mod:`app.wbs.resources.levelling`) passes ``rank`` (task id -> key: lower
    is placed first among the tasks ready to start) and ``place``, which may move a work task's
    start later (it is told the earliest start, the task's calendar and its length).
    """
    check_start(start)
    tasks = tree.tasks
    ids = list(tasks)
    position = {task_id: k for k, task_id in enumerate(ids)}
    # Node 2k is task k's start, 2k + 1 its finish.
    targets: list[list[int]] = [[] for _ in range(2 * len(ids))]
    indegree = [0] * (2 * len(ids))
    for k, task_id in enumerate(ids):
        targets[2 * k].append(2 * k + 1)
        indegree[2 * k + 1] += 1
        for dep in tasks[task_id].dependencies:
            p = position.get(dep.predecessor_id)
            if p is not None:
                targets[2 * p + 1].append(2 * k)
                indegree[2 * k] += 1
        for child in tree.kids(task_id):
            c = position[child]
            targets[2 * k].append(2 * c)
            indegree[2 * c] += 1
            targets[2 * c + 1].append(2 * k + 1)
            indegree[2 * k + 1] += 1
    shift_ordinal = cal.shift_ordinal
    first = cal.next_working_ordinal(start.toordinal())
    summaries = {i for i, kids in tree.children.items() if kids}
    # Calendar look-ups by (calendar, day): thousands of tasks start on the same few hundred days.
    working_on: dict[tuple[int, int], int] = {}

    def next_working(calendar: Calendar, day: int) -> int:
        key = (id(calendar), day)
        found = working_on.get(key)
        if found is None:
            found = working_on[key] = calendar.next_working_ordinal(day)
        return found

    earliest: dict[int, int] = {}
    begin: dict[int, int] = {}
    finish: dict[int, int] = {}
    begun: dict[int, float] = {}  # fraction of the first day gone before the task (sparse: 0 is absent)
    used: dict[int, float] = {}  # fraction of the finish day the task reaches (sparse: a full day is absent)
    owner_keys: dict[str, str] = {}  # owner_name -> name_key (calendars are by it)
    point: dict[int, float] = {}  # a milestone's time in its day: 0 its beginning, 1.0 its end (after the work it waits for)
    ready = [node for node, count in enumerate(indegree) if count == 0]
    queue: list[tuple[int, int, int]] = []  # levelling: (rank, node) of the nodes ready
    keys: list[tuple[int, int]] = []
    if rank is not None:  # ready starts by rank; finishes and summaries' starts first
        keys = [(-1, -1) if node & 1 or ids[node >> 1] in summaries else rank.get(ids[node >> 1], (0, 0))
                for node in range(len(indegree))]
        queue = [(*keys[node], node) for node in ready]
        heapq.heapify(queue)
        ready = []
    done = 0
    task_id = ids[0] if ids else 0
    try:
        while ready or queue:
            node = ready.pop() if ready else heapq.heappop(queue)[2]
            done += 1
            for target in targets[node]:
                indegree[target] -= 1
                if indegree[target] == 0:
                    if rank is None:
                        ready.append(target)
                    else:
                        heapq.heappush(queue, (*keys[target], target))
            task_id = ids[node >> 1]
            task = tasks[task_id]
            summary = task_id in summaries
            fixed = task.status == Status.DONE and task.start and task.finish and not summary
            own = cal
            if calendars and not summary:
                key = owner_keys.get(task.owner_name)
                if key is None:
                    key = owner_keys[task.owner_name] = name_key(task.owner_name)
                own = calendars.get(key, cal)
            if not node & 1:  # start
                day, part = first, 0.0
                if task.not_before:
                    day = max(day, task.not_before.toordinal())
                parent = task.parent_id
                if parent in earliest:
                    if (earliest[parent], begun.get(parent, 0.0)) > (day, part):
                        day, part = earliest[parent], begun.get(parent, 0.0)
                for dep in task.dependencies:
                    before = dep.predecessor_id
                    if before not in finish:
                        continue
                    ends = point[before] if before in point else used.get(before, 1.0)  # the fraction of its day it ends at
                    if task.milestone and not summary:  # a milestone sits where the predecessor ends (plus the lag)
                        at = (shift_ordinal(finish[before], dep.lag_days), ends)
                    elif ends < 1 - 1e-9 and (dep.lag_days <= 0 or ends == 0):  # it ends part-way through its day: this one starts there
                        at = (shift_ordinal(finish[before], dep.lag_days), ends)
                    else:
                        at = (shift_ordinal(finish[before], 1 + dep.lag_days), 0.0)
                    if at > (day, part):
                        day, part = at
                if task.milestone and not summary:
                    point[task_id], part = (0.0 if fixed else part), 0.0  # its dates are the day's (begun stays for work)
                if not (task.milestone and not summary):
                    working = next_working(own, day)
                    if working != day:
                        day, part = working, 0.0
                if place is not None and not summary and not task.milestone and not fixed:
                    estimate = task.estimate_days
                    length = estimate if estimate is not None and estimate > 0 else 1.0
                    day, part = place(task_id, day, part, own, length if fractional else math.ceil(length - 1e-9))
                earliest[task_id] = day
                if part:
                    begun[task_id] = part
                begin[task_id] = task.start.toordinal() if fixed and task.start else day
                if fixed:
                    begun.pop(task_id, None)
            elif summary:
                kids = tree.kids(task_id)
                first_kid = min(kids, key=lambda k: (begin[k], begun.get(k, 0.0)))
                last_kid = max(kids, key=lambda k: (finish[k], used.get(k, 1.0)))
                begin[task_id], finish[task_id] = begin[first_kid], finish[last_kid]
                begun.pop(task_id, None)
                if first_kid in begun:
                    begun[task_id] = begun[first_kid]
                if last_kid in used:
                    used[task_id] = used[last_kid]
            elif fixed and task.finish:
                finish[task_id] = task.finish.toordinal()
            elif task.milestone:
                finish[task_id] = begin[task_id]
            else:
                estimate = task.estimate_days
                length = estimate if estimate is not None and estimate > 0 else 1.0
                if not fractional:
                    length = math.ceil(length - 1e-9)
                finish[task_id], reached = end_of(own, begin[task_id], begun.get(task_id, 0.0), length)
                if reached < 1:
                    used[task_id] = reached
    except BeyondDates:  # a look-up past the years the calendar counts: this task runs past the last date
        raise TaskPastLastDate(tree, task_id, begin.get(task_id)) from None
    if done < len(indegree):
        _order, cycle = topological(tree)
        codes = " → ".join(tree.codes.get(i, "?") for i in cycle)
        raise ValidationFailed(key="wbs.schedule_cycle", codes=codes, tasks=cycle_named(tree, cycle))  # named by number and title
    if max(finish.values(), default=0) > LAST_DATE.toordinal():
        past = _first_past(tree, begin, finish)
        raise TaskPastLastDate(tree, past, begin.get(past))
    day_of: dict[int, dt.date] = {}

    def date(o: int) -> dt.date:
        found = day_of.get(o)
        if found is None:
            found = day_of[o] = dt.date.fromordinal(o)
        return found

    return Timeline({i: (date(begin[i]), date(finish[i])) for i in ids}, begun, used)


def end_of(cal: Calendar, day: int, part: float, length: float) -> tuple[int, float]:
    """Where ``length`` working days from ``part`` of day ``day`` end: the finish day and the
    fraction of it reached (1.0: the whole day)."""
    total = part + length
    days = max(1, math.ceil(total - 1e-9))
    reached = total - (days - 1)
    return (day if days == 1 else cal.shift_ordinal(day, days - 1)), (reached if reached < 1 - 1e-9 else 1.0)


def schedule(ws: Workspace, project_id: int, start: dt.date | None = None) -> WbsChange:
    """Fill in every task's start and finish; one undoable change."""
    from app.wbs.resources.load import calendars_of
    from app.wbs.resources.people import read

    first = start or project_start(ws, project_id)
    cal = calendar_of(ws)
    own = calendars_of(read(ws, project_id), cal)

    def changed_dates(tree: WbsTree) -> dict[int, Task]:
        dates = compute(tree, first, cal, own, fractional=True)
        return {
            i: tree.tasks[i].replaced(start=s, finish=f)
            for i, (s, f) in dates.items()
            if (tree.tasks[i].start, tree.tasks[i].finish) != (s, f)
        }

    # The plan is read once, in the transaction that writes the dates (no second read to compare).
    return WbsService(ws.db).apply_computed(project_id, changed_dates, columns=("start", "finish"), kind="schedule")
