"""The critical path and each task's total slack (余裕), in working days, of a scheduled WBS.

The early dates are the schedule's (:func:`app.wbs.schedule.compute`, or the dates the tasks
hold); a backward pass over the scheduler's graph (:func:`app.wbs.checks.topological`, in reverse)
finds the latest each task may start and finish without moving the project's finish:

- a task with no successor may finish on the project's last day;
- a predecessor must finish ``1 + lag`` working days before its successor's late start (``lag``
  alone when the successor is a milestone: the scheduler puts it on its predecessor's last day, and
  a task after a milestone on the same day as the milestone only when nothing fills that day; and when the
  successor starts on the predecessor's finish day plus a lag of 0 or less: with fractional days
  the predecessor ends part-way through that day and hands the rest on);
- a sub-task may finish no later than its summary (the summary's links bind its sub-tasks), and a
  summary starts no later than its earliest sub-task;
- ``not_before`` dates and the project start only push early dates (a start-no-earlier-than);
- with the people's calendars, a task of a person with days off finishes late only on a day they
  work, and its slack counts the days they work.

Slack = late start - early start, counted in working days of the calendar (weekends, national and
company holidays off); a summary's is the least of its sub-tasks'. The tasks with no slack (or
less, when hand-set dates break a link) form the critical path. Days are positions in the list of
working days, so the pass is a subtraction per link; a date that is not a working day (a milestone's
``not_before`` on a Saturday, a done task's own date) counts as the next working day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.errors import ValidationFailed
from app.wbs.checks import cycle_named, topological
from app.wbs.model import WbsTree
from app.wbs.workdays import NATIONAL, Calendar


@dataclass(frozen=True)
class TaskSlack:
    """One task's early and late dates and its total slack in working days (<= 0: critical)."""

    early_start: dt.date
    early_finish: dt.date
    late_start: dt.date
    late_finish: dt.date
    slack: int

    @property
    def critical(self) -> bool:
        return self.slack <= 0


@dataclass(frozen=True)
class CriticalPath:
    """Slack per task id (tasks without dates have none) and the critical leaf tasks in date order."""

    tasks: dict[int, TaskSlack] = field(default_factory=dict)
    path: list[int] = field(default_factory=list)  # leaf tasks with no slack, by early start then outline
    critical: frozenset[int] = frozenset()  # every task with no slack, summaries included

    def slack(self, task_id: int) -> int | None:
        found = self.tasks.get(task_id)
        return found.slack if found is not None else None


def analyse(tree: WbsTree, cal: Calendar = NATIONAL, dates: Mapping[int, tuple[dt.date, dt.date]] | None = None,
            calendars: Mapping[str, Calendar] | None = None) -> CriticalPath:
    """The critical path of ``tree`` over ``cal``: early dates from ``dates`` (task id -> (start,
    finish), as :func:`app.wbs.schedule.compute` returns them) or else the tasks' own dates.

    ``calendars``: the people's own calendars as the schedule had them
    (:func:`app.wbs.resources.load.calendars_of`): a task of a person with days off may finish late
    only on one of their working days, and its slack counts their working days (a task whose owner is
    off the next day has none when its successor follows on their next working day).

    Raises ValidationFailed on a dependency cycle (never stored: the service refuses one).
    """
    tasks = tree.tasks
    # (asked several times per task: a set's lookup rather than the tree's method)
    has_children = {parent for parent, kids in tree.children.items() if kids and parent is not None}.__contains__
    early: dict[int, tuple[int, int]] = {}  # leaf id -> (start, finish) as ordinals
    for task_id, task in tasks.items():
        if has_children(task_id):
            continue
        start, finish = dates[task_id] if dates is not None and task_id in dates else (task.start, task.finish)
        if start is not None and finish is not None:
            early[task_id] = (start.toordinal(), finish.toordinal())
    if not early:
        return CriticalPath()
    days = _working_days(cal, min(s for s, _f in early.values()), max(f for _s, f in early.values()))
    es: dict[int, int] = {}
    ef: dict[int, int] = {}
    for task_id, (first, last) in early.items():
        es[task_id] = bisect_left(days, first)
        ef[task_id] = bisect_left(days, last)
    order, cycle = topological(tree)
    if cycle:
        raise ValidationFailed(key="wbs.schedule_cycle", codes=" → ".join(tree.codes.get(i, "?") for i in cycle), tasks=cycle_named(tree, cycle))
    successors: dict[int, list[tuple[int, int, bool]]] = {}  # (successor, lag, the successor is a milestone)
    is_milestone = {task_id: task.milestone and not has_children(task_id) for task_id, task in tasks.items()}
    for task_id, task in tasks.items():
        for dep in task.dependencies:
            if dep.predecessor_id in tasks:
                milestone = is_milestone[task_id]
                successors.setdefault(dep.predecessor_id, []).append((task_id, dep.lag_days, milestone))
    # Summaries span their dated sub-tasks (a sub-task's finish node comes before its summary's).
    for task_id, kind in order:
        if kind == "f" and has_children(task_id):
            kids = [k for k in tree.kids(task_id) if k in es]
            if kids:
                es[task_id] = min(es[k] for k in kids)
                ef[task_id] = max(ef[k] for k in kids)
                early[task_id] = (min(early[k][0] for k in kids), max(early[k][1] for k in kids))
    end = max(ef.values())
    off = _days_off(tree, early, days, calendars or {})  # leaf id -> positions that are its owner's days off

    def back(position: int, n: int, away: frozenset[int]) -> int:
        """``n`` of the owner's working days before ``position``."""
        while n > 0:
            position -= 1
            n -= position not in away
        return position

    def between(first: int, last: int, away: frozenset[int]) -> int:
        return sum(1 for p in away if first < p <= last) if away else 0

    ls: dict[int, int] = {}
    lf: dict[int, int] = {}
    for task_id, kind in reversed(order):
        if task_id not in es:
            continue  # no dates: not part of the plan's timing
        if kind == "f":
            latest = end
            parent = tasks[task_id].parent_id
            if parent is not None and parent in lf:
                latest = min(latest, lf[parent])
            for successor, lag, milestone in successors.get(task_id, ()):
                if successor in ls:
                    # A successor that starts on the predecessor's finish day (plus a lag of 0 or
                    # less, or any lag after a milestone at the beginning of its day) shares that day:
                    # the predecessor ends part-way through it (fractional days). A milestone sits
                    # on its predecessor's finish day.
                    shared = milestone or ((lag <= 0 or is_milestone[task_id]) and es.get(successor) == ef[task_id] + lag)
                    latest = min(latest, ls[successor] - lag - (0 if shared else 1))
            away = off.get(task_id)
            while away and latest in away:  # a person finishes on a day they work
                latest -= 1
            lf[task_id] = latest
        elif has_children(task_id):
            ls[task_id] = min(ls[k] for k in tree.kids(task_id) if k in ls)
        elif task_id in off:
            away = off[task_id]
            ls[task_id] = back(lf[task_id], ef[task_id] - es[task_id] - between(es[task_id], ef[task_id], away), away)
        else:
            ls[task_id] = lf[task_id] - (ef[task_id] - es[task_id])
    slack: dict[int, int] = {}
    late_finish: dict[int, int] = {}  # a summary's: its latest sub-task's
    for task_id, kind in order:  # sub-tasks before their summary
        if kind == "f" and task_id in es:
            if has_children(task_id):
                kids = [k for k in tree.kids(task_id) if k in slack]
                slack[task_id] = min(slack[k] for k in kids)
                late_finish[task_id] = max(late_finish[k] for k in kids)
            else:
                away = off.get(task_id, frozenset())
                gap = ls[task_id] - es[task_id]
                slack[task_id] = gap - (between(es[task_id], ls[task_id], away) if gap > 0 else 0)
                late_finish[task_id] = lf[task_id]
    day_of: dict[int, dt.date] = {}

    def date(position: int) -> dt.date:
        found = day_of.get(position)
        if found is None:
            if 0 <= position < len(days):
                ordinal = days[position]
            elif position < 0:
                ordinal = cal.shift_ordinal(days[0], position)
            else:
                ordinal = cal.shift_ordinal(days[-1], position - len(days) + 1)
            found = day_of[position] = dt.date.fromordinal(ordinal)
        return found

    result = {
        task_id: TaskSlack(dt.date.fromordinal(early[task_id][0]), dt.date.fromordinal(early[task_id][1]),
                           date(ls[task_id]), date(late_finish[task_id]), value)
        for task_id, value in slack.items()
    }
    outline = {task_id: n for n, task_id in enumerate(t.id for t in tree.walk())}
    path = sorted((i for i in early if not has_children(i) and slack[i] <= 0), key=lambda i: (es[i], ef[i], outline.get(i, 0)))
    return CriticalPath(result, path, frozenset(i for i, s in slack.items() if s <= 0))


def _days_off(tree: WbsTree, early: Mapping[int, tuple[int, int]], days: list[int],
              calendars: Mapping[str, Calendar]) -> dict[int, frozenset[int]]:
    """Leaf id -> the positions in ``days`` that are its owner's days off (owners with some only)."""
    from app.wbs.resources.people import name_key

    by_calendar: dict[str, frozenset[int]] = {}
    found: dict[int, frozenset[int]] = {}
    for task_id in early:
        task = tree.tasks[task_id]
        key = name_key(task.owner_name) if task.owner_name else ""
        own = calendars.get(key)
        if own is None or tree.has_children(task_id):
            continue
        if key not in by_calendar:
            by_calendar[key] = frozenset(p for p, o in enumerate(days) if own.next_working_ordinal(o) != o)
        if by_calendar[key]:
            found[task_id] = by_calendar[key]
    return found


def _working_days(cal: Calendar, first: int, last: int) -> list[int]:
    """The ordinals of the working days from ``first`` to the first one on or after ``last``."""
    day = cal.next_working_ordinal(first)
    found = [day]
    while day < last:
        day = cal.shift_ordinal(day, 1)
        found.append(day)
    return found
