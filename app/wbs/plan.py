"""The WBS as other features read it (proposal effort, wiki ticket rules, system plan).

A read-only view flattened in outline order. A summary task (one with sub-tasks) carries
``estimate_days=None`` so that summing estimates over all tasks counts each leaf once; its start
and finish span its sub-tasks. Until a project has a WBS, ``plan_tasks`` returns an empty list
and documents fall back to what the user typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.wbs.service import WbsService

if TYPE_CHECKING:
    from app.core.workspace import Workspace


@dataclass(frozen=True)
class PlanTask:
    """One WBS task, flattened in outline order."""

    outline: str  # "1", "1.2", "1.2.3"
    title: str
    phase: str  # proposal | planning | experiment | data_platform | ci | system_planning | user-defined
    priority: str  # the scale's key, e.g. must | should | could | wont
    completion_condition: str
    expected_output: str
    owner_role: str  # mlops | ds | pm | customer | ...
    owner_name: str
    estimate_days: float | None
    start: dt.date | None
    finish: dt.date | None
    milestone: bool
    status: str  # not_started | in_progress | done | on_hold
    agreed: bool
    level: int  # 1 for top-level tasks


def plan_tasks(ws: Workspace, project_id: int) -> list[PlanTask]:
    """The project's WBS tasks in outline order ([] when it has none)."""
    tree = WbsService(ws.db).tree(project_id)
    result = []
    for task in tree.walk():
        summary = tree.has_children(task.id)
        rolled = tree.rollup(task.id)
        result.append(
            PlanTask(
                outline=tree.codes[task.id],
                title=task.title,
                phase=task.phase,
                priority=task.priority,
                completion_condition=task.completion_condition,
                expected_output=task.expected_output,
                owner_role=task.owner_role,
                owner_name=task.owner_name,
                estimate_days=None if summary else task.estimate_days,
                start=rolled.start,
                finish=rolled.finish,
                milestone=task.milestone,
                status=rolled.status.value,
                agreed=task.agreed,
                level=tree.depths[task.id],
            )
        )
    return result
