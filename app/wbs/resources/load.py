"""Each person's load per day and per ISO week from the scheduled tasks, and where it is too much.

A work task (a leaf, not a milestone) whose ``owner_name`` is one of the project's people loads
that person on its working days (their calendar: the company's plus their own days off). Its
effort (the estimate in person-days; none: full time on its days) is spread evenly over the time
it covers: a task from the middle of one day to the end of the next covers 0.5 + 1 days, so a
1.5 d task loads 0.5 and 1.0 (with a :class:`app.wbs.schedule.Timeline`); with the stored dates
alone every covered day counts whole.

A task dated to begin or end on its owner's day off (hand-set dates: the schedule skips their days
off) loads the company's working days it covers, and any work on a day off is over-allocated.

Availability: on a working day a person gives ``percent`` of a day (none on their days off); in a week
``min(days_per_week, their working days that week) * percent / 100`` person-days. A day or a week
above it is over-allocated. Hours are 8 a person-day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.core.errors import ValidationFailed
from app.wbs.model import WbsTree
from app.wbs.resources.people import Person, name_key
from app.wbs.schedule import timeline
from app.wbs.workdays import Calendar

if TYPE_CHECKING:
    from app.core.workspace import Workspace

HOURS_PER_DAY = 8
EPSILON = 1e-6


def calendars_of(found: Iterable[Person], cal: Calendar) -> dict[str, Calendar]:
    """Each person's calendar with days off of their own (the others work on ``cal``), by
    :func:`app.wbs.resources.people.name_key` of their name (look a task's owner up with it)."""
    return {name_key(person.name): Calendar({**cal.company, **{day: person.name for day in person.days_off}})
            for person in found if person.days_off}


@dataclass(frozen=True)
class Week:
    """One person's load in one ISO week."""

    person: str
    year: int
    week: int
    monday: dt.date
    days: float  # person-days of work
    available: float  # person-days they give the project that week
    tasks: tuple[int, ...]  # task ids that load the week

    @property
    def hours(self) -> float:
        return self.days * HOURS_PER_DAY

    @property
    def percent(self) -> float | None:
        """Load as a percent of availability (None: not available at all that week)."""
        return self.days / self.available * 100 if self.available > 0 else None

    @property
    def over(self) -> bool:
        return self.days > self.available + EPSILON


@dataclass(frozen=True)
class Load:
    """Every person's load: per working day and per ISO week; over-allocated days and weeks."""

    days: dict[str, dict[dt.date, float]] = field(default_factory=dict)  # person -> day -> person-days
    day_tasks: dict[str, dict[dt.date, tuple[int, ...]]] = field(default_factory=dict)
    weeks: list[Week] = field(default_factory=list)  # by person (people order), then week
    over_days: dict[str, list[dt.date]] = field(default_factory=dict)  # person -> days above availability

    def over_weeks(self) -> list[Week]:
        return [week for week in self.weeks if week.over]

    @property
    def over_allocated(self) -> bool:
        """Someone has more work than they give the project on a day or in a week: what levelling
        is for (without it, Level resources and ``level`` move nothing)."""
        return any(self.over_days.values()) or any(week.over for week in self.weeks)

    def over_cells(self) -> dict[tuple[str, dt.date], tuple[tuple[dt.date, ...], tuple[int, ...]]]:
        """Each over-allocated person-week, (person, Monday) -> its days over and the tasks that
        overload it: all the week's tasks when the week holds more than the person gives, else those
        of its days over (the Load tab's red cells, the table's and the Gantt's marks)."""
        cells: dict[tuple[str, dt.date], tuple[tuple[dt.date, ...], tuple[int, ...]]] = {}
        for week in self.weeks:
            end = week.monday + dt.timedelta(days=7)
            days = tuple(day for day in self.over_days.get(week.person, ()) if week.monday <= day < end)
            if not (week.over or days):
                continue
            ids = week.tasks if week.over else tuple(dict.fromkeys(i for day in days for i in self.day_tasks[week.person][day]))
            cells[(week.person, week.monday)] = (days, ids)
        return cells

    def over_tasks(self) -> dict[int, list[str]]:
        """Task id -> the people whose over-allocated days or weeks the task is in."""
        found: dict[int, list[str]] = {}
        for (person, _monday), (_days, ids) in self.over_cells().items():
            for task_id in ids:
                if person not in found.setdefault(task_id, []):
                    found[task_id].append(person)
        return found


def _covered(first: int, last: int, cal: Calendar, begun: float, used: float) -> list[tuple[int, float]]:
    """The working days from ``first`` to ``last`` with the part of each the task covers."""
    days: list[tuple[int, float]] = []
    day = cal.next_working_ordinal(first)
    while day <= last:
        days.append((day, 1.0))
        day = cal.shift_ordinal(day, 1)
    if not days:
        return days
    if begun:
        days[0] = (days[0][0], days[0][1] - begun)
    if used < 1:
        days[-1] = (days[-1][0], days[-1][1] - (1 - used))
    return [(o, share) for o, share in days if share > EPSILON]


def load(tree: WbsTree, people: Iterable[Person], cal: Calendar,
         dates: Mapping[int, tuple[dt.date, dt.date]] | None = None,
         begun: Mapping[int, float] | None = None, used: Mapping[int, float] | None = None) -> Load:
    """The people's load from ``dates`` (task id -> (start, finish); default: the tasks' own) and the
    fractions of first and last days (:class:`app.wbs.schedule.Timeline`'s ``begun`` and ``used``)."""
    found = list(people)
    by_key = {name_key(person.name): person.name for person in found}
    away = {person.name: person.days_off for person in found}
    own = calendars_of(found, cal)
    begun, used = begun or {}, used or {}
    per_day: dict[str, dict[int, float]] = {person.name: {} for person in found}
    tasks_of: dict[str, dict[int, list[int]]] = {person.name: {} for person in found}
    for task in tree.walk():
        key = name_key(task.owner_name)
        name = by_key.get(key)
        if name is None or task.milestone or tree.has_children(task.id):
            continue
        start, finish = dates[task.id] if dates is not None and task.id in dates else (task.start, task.finish)
        if start is None or finish is None:
            continue
        # Dated to begin or end on its owner's day off (the schedule never does): the work is
        # counted on the company's working days, and a day off with work on it is over-allocated.
        ends_away = start in away[name] or finish in away[name]
        task_cal = cal if ends_away else own.get(key, cal)
        days = _covered(start.toordinal(), finish.toordinal(), task_cal, begun.get(task.id, 0.0), used.get(task.id, 1.0))
        covered = sum(share for _o, share in days)
        if not covered:
            continue
        effort = task.estimate_days if task.estimate_days is not None and task.estimate_days > 0 else covered
        for o, share in days:
            per_day[name][o] = per_day[name].get(o, 0.0) + effort * share / covered
            tasks_of[name].setdefault(o, []).append(task.id)
    result = Load()
    for person in found:
        name = person.name
        loaded = per_day[name]
        result.days[name] = {dt.date.fromordinal(o): value for o, value in sorted(loaded.items())}
        result.day_tasks[name] = {dt.date.fromordinal(o): tuple(ids) for o, ids in sorted(tasks_of[name].items())}
        result.over_days[name] = [day for o, value in sorted(loaded.items())
                                  if value > (0 if (day := dt.date.fromordinal(o)) in person.days_off else person.percent / 100) + EPSILON]
        weeks: dict[int, list[int]] = {}
        for o in sorted(loaded):
            weeks.setdefault(o - (o - 1) % 7, []).append(o)  # the week's Monday (ordinal 1 is a Monday)
        person_cal = own.get(name_key(name), cal)
        for monday, days_in in weeks.items():
            working = person_cal.working_days_between(dt.date.fromordinal(monday), dt.date.fromordinal(monday + 6))
            available = min(person.days_per_week, working) * person.percent / 100
            ids = tuple(dict.fromkeys(i for o in days_in for i in tasks_of[name][o]))
            year, week, _ = dt.date.fromordinal(monday).isocalendar()
            result.weeks.append(Week(name, year, week, dt.date.fromordinal(monday), sum(loaded[o] for o in days_in), available, ids))
    return result


def part_days(tree: WbsTree, people: Iterable[Person], cal: Calendar, start: dt.date) -> tuple[dict[int, float], dict[int, float]]:
    """The fractions of first and last days (``begun``, ``used``) of the tasks whose stored dates
    are the schedule's from ``start`` (:func:`app.wbs.schedule.timeline`) or the levelled one's
    (:func:`app.wbs.resources.levelling.level`): a 1.5 d task then a 0.5 d one share their second
    day. A task whose dates are set by hand has none (every day it covers counts whole)."""
    from app.wbs.resources.levelling import level

    found = list(people)
    stored = {i: (task.start, task.finish) for i, task in tree.tasks.items()}
    wanted = {i for i, task in tree.tasks.items() if task.estimate_days and task.estimate_days % 1}
    begun: dict[int, float] = {}
    used: dict[int, float] = {}
    decided: set[int] = set()
    schedules = (lambda: timeline(tree, start, cal, calendars_of(found, cal)), lambda: level(tree, found, cal, start))
    try:
        for made in schedules:
            line = made()
            matched = {i for i, dates in line.dates.items() if i not in decided and dates == stored[i]}
            begun.update({i: line.begun[i] for i in matched if i in line.begun})
            used.update({i: line.used[i] for i in matched if i in line.used})
            decided |= matched
            if wanted <= decided:
                break  # every fractional task is dated as a schedule dates it
    except ValidationFailed:  # a cycle (never stored): no fractions
        return {}, {}
    return begun, used


def project_load(ws: Workspace, project_id: int, tree: WbsTree | None = None) -> Load:
    """The load of a stored project from its tasks' dates (``tree``: the plan already read), with
    the part-days of its schedule (:func:`part_days`)."""
    from app.wbs.resources.people import read
    from app.wbs.schedule import calendar_of, project_start
    from app.wbs.service import WbsService

    tree = WbsService(ws.db).tree(project_id) if tree is None else tree
    found, cal = read(ws, project_id), calendar_of(ws)
    if not found:
        return load(tree, found, cal)
    return load(tree, found, cal, None, *part_days(tree, found, cal, project_start(ws, project_id)))
