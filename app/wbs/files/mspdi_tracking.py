"""The baseline and the progress of an MSPDI export (from the WBS tracking document).

MS Project keeps eleven baselines per task; the export writes the chosen one as Baseline 0 (the
one Project compares against by default): its start, finish, duration and work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.workspace import Workspace
from app.wbs.model import WbsTree
from app.wbs.tracking import baselines as store
from app.wbs.workdays import Calendar


@dataclass(frozen=True)
class Planned:
    """One task's baseline as written: dates, working days and work in minutes."""

    start: dt.date
    finish: dt.date
    days: int
    work_minutes: int


def chosen(ws: Workspace, project_id: int, name: str | None) -> tuple[store.Baseline | None, Mapping[int, store.Progress]]:
    """The baseline to write (``name``, else the latest; None when none is saved and none is named)
    and the progress by task uid."""
    saved = store.tracking(ws, project_id)
    if name is None and not saved.baselines:
        return None, saved.progress
    return store.pick(saved.baselines, name), saved.progress


def planned(tree: WbsTree, baseline: store.Baseline, cal: Calendar) -> dict[int, Planned]:
    """By task uid, for the tasks the baseline dated: a task's work is its baseline estimate (none typed: no work,
    as the plan's Work counts it; a milestone's too), a summary's its sub-tasks'. (The earned-value report budgets a
    task without an estimate one person over its days, :meth:`app.wbs.tracking.baselines.BaselineTask.effort`:
    a budget to earn against, not work the plan holds.)"""
    found: dict[int, Planned] = {}
    minutes: dict[int, int] = {}
    for task_id in sorted(tree.tasks, key=lambda i: -tree.depths[i]):  # sub-tasks first
        task = tree.tasks[task_id]
        entry = baseline.tasks.get(task.uid)
        milestone = task.milestone and not tree.has_children(task_id)
        if tree.has_children(task_id):
            minutes[task_id] = sum(minutes.get(k, 0) for k in tree.kids(task_id))
        else:
            minutes[task_id] = round((entry.estimate or 0) * 480) if entry else 0  # (a milestone's too, as the plan's Work)
        if entry is None or entry.start is None or entry.finish is None or entry.finish < entry.start:
            continue
        days = 0 if milestone else cal.working_days_between(entry.start, entry.finish)
        found[task.uid] = Planned(entry.start, entry.finish, days, minutes[task_id])
    return found
