"""Scheduling: start and finish dates forward from the project start over Japanese working days.

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
from app.wbs.checks import topological
from app.wbs.model import Status, Task, WbsTree
from app.wbs.service import WbsChange, WbsService
from app.wbs.workdays import next_working_day, shift_working_days

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


def compute(tree: WbsTree, start: dt.date) -> dict[int, tuple[dt.date, dt.date]]:
    """New (start, finish) per task id; raises ValidationFailed on a dependency cycle."""
    order, cycle = topological(tree)
    if cycle:
        codes = " → ".join(tree.codes.get(i, "?") for i in cycle)
        raise ValidationFailed(key="wbs.schedule_cycle", codes=codes)
    first = next_working_day(start)
    earliest: dict[int, dt.date] = {}
    finish: dict[int, dt.date] = {}
    begin: dict[int, dt.date] = {}
    for task_id, kind in order:
        task = tree.tasks[task_id]
        fixed = task.status == Status.DONE and task.start and task.finish and not tree.has_children(task_id)
        if kind == "s":
            candidates = [first]
            if task.not_before:
                candidates.append(task.not_before)
            if task.parent_id in earliest:
                candidates.append(earliest[task.parent_id])
            for dep in task.dependencies:
                if dep.predecessor_id not in finish:
                    continue
                pred = tree.tasks[dep.predecessor_id]
                gap = 0 if (task.milestone or pred.milestone) else 1
                candidates.append(shift_working_days(finish[dep.predecessor_id], gap + dep.lag_days))
            day = max(candidates)
            earliest[task_id] = day if task.milestone and not tree.has_children(task_id) else next_working_day(day)
            begin[task_id] = task.start if fixed and task.start else earliest[task_id]
        else:
            if tree.has_children(task_id):
                kids = tree.kids(task_id)
                begin[task_id] = min(begin[k] for k in kids)
                finish[task_id] = max(finish[k] for k in kids)
            elif fixed and task.finish:
                finish[task_id] = task.finish
            else:
                days = duration(task)
                finish[task_id] = begin[task_id] if days == 0 else shift_working_days(begin[task_id], days - 1)
    return {i: (begin[i], finish[i]) for i in tree.tasks}


def schedule(ws: Workspace, project_id: int, start: dt.date | None = None) -> WbsChange:
    """Fill in every task's start and finish; one undoable change."""
    service = WbsService(ws.db)
    tree = service.tree(project_id)
    dates = compute(tree, start or project_start(ws, project_id))
    after: dict[int, Task | None] = {
        i: tree.tasks[i].model_copy(update={"start": s, "finish": f})
        for i, (s, f) in dates.items()
        if (tree.tasks[i].start, tree.tasks[i].finish) != (s, f)
    }
    return service.apply_snapshot(project_id, after, kind="schedule")
