"""Scheduling: start and finish dates forward from the project start over Japanese working days.

Off days are weekends, national holidays and the company holidays stored in the database
(:mod:`app.wbs.company_calendar`), so the window and the CLI schedule alike.

A leaf task lasts ceil(estimate) working days (at least one; a milestone none). It starts on the
first working day that is not before the project start, its ``not_before`` date, its parent's
earliest start, or the day after each predecessor's finish plus the lag. A summary spans its
children. Tasks marked done keep the dates they have.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import select

from app.core.errors import ValidationFailed
from app.core.storage.models import Project
from app.core.workspace import Workspace
from app.hearing import AnswerService
from app.wbs import company_calendar
from app.wbs.checks import topological
from app.wbs.model import Status, Task, WbsTree
from app.wbs.service import WbsChange, WbsService
from app.wbs.workdays import NATIONAL, Calendar, calendar

START_ITEM = "hearing.basics.poc_start"


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
    return start or dt.date.today()


def duration(task: Task) -> int:
    if task.milestone:
        return 0
    if task.estimate_days is None:
        return 1
    return max(1, math.ceil(task.estimate_days - 1e-9))


def calendar_of(ws: Workspace) -> Calendar:
    """The working-day calendar the workspace schedules with: national and company holidays off."""
    return calendar(company_calendar.holidays(ws.db))


def compute(tree: WbsTree, start: dt.date, cal: Calendar = NATIONAL) -> dict[int, tuple[dt.date, dt.date]]:
    """New (start, finish) per task id over ``cal``; raises ValidationFailed on a dependency cycle.

    One pass in dependency order over day numbers (``date.toordinal()``): every task has a start
    node and a finish node (:func:`app.wbs.checks.schedule_graph`, here on list positions), and
    "n working days later" is a look-up in the precomputed working-day calendar.
    """
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
    next_working_ordinal, shift_ordinal = cal.next_working_ordinal, cal.shift_ordinal
    first = next_working_ordinal(start.toordinal())
    earliest: dict[int, int] = {}
    begin: dict[int, int] = {}
    finish: dict[int, int] = {}
    ready = [node for node, count in enumerate(indegree) if count == 0]
    done = 0
    while ready:
        node = ready.pop()
        done += 1
        for target in targets[node]:
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
        task_id = ids[node >> 1]
        task = tasks[task_id]
        summary = tree.has_children(task_id)
        fixed = task.status == Status.DONE and task.start and task.finish and not summary
        if not node & 1:  # start
            day = first
            if task.not_before:
                day = max(day, task.not_before.toordinal())
            if task.parent_id in earliest:
                day = max(day, earliest[task.parent_id])
            for dep in task.dependencies:
                if dep.predecessor_id not in finish:
                    continue
                gap = 0 if (task.milestone or tasks[dep.predecessor_id].milestone) else 1
                day = max(day, shift_ordinal(finish[dep.predecessor_id], gap + dep.lag_days))
            earliest[task_id] = day if task.milestone and not summary else next_working_ordinal(day)
            begin[task_id] = task.start.toordinal() if fixed and task.start else earliest[task_id]
        elif summary:
            kids = tree.kids(task_id)
            begin[task_id] = min(begin[k] for k in kids)
            finish[task_id] = max(finish[k] for k in kids)
        elif fixed and task.finish:
            finish[task_id] = task.finish.toordinal()
        else:
            days = duration(task)
            finish[task_id] = begin[task_id] if days == 0 else shift_ordinal(begin[task_id], days - 1)
    if done < len(indegree):
        _order, cycle = topological(tree)
        codes = " → ".join(tree.codes.get(i, "?") for i in cycle)
        raise ValidationFailed(key="wbs.schedule_cycle", codes=codes)
    day_of: dict[int, dt.date] = {}

    def date(o: int) -> dt.date:
        found = day_of.get(o)
        if found is None:
            found = day_of[o] = dt.date.fromordinal(o)
        return found

    return {i: (date(begin[i]), date(finish[i])) for i in ids}


def schedule(ws: Workspace, project_id: int, start: dt.date | None = None) -> WbsChange:
    """Fill in every task's start and finish; one undoable change."""
    first = start or project_start(ws, project_id)
    cal = calendar_of(ws)

    def changed_dates(tree: WbsTree) -> dict[int, Task]:
        dates = compute(tree, first, cal)
        return {
            i: tree.tasks[i].replaced(start=s, finish=f)
            for i, (s, f) in dates.items()
            if (tree.tasks[i].start, tree.tasks[i].finish) != (s, f)
        }

    # The plan is read once, in the transaction that writes the dates (no second read to compare).
    return WbsService(ws.db).apply_computed(project_id, changed_dates, kind="schedule")
