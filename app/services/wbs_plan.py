"""The WBS as other documents read it (app/services/plan.py): flattened in outline order.

A summary task (one with sub-tasks) carries ``estimate_days=None`` so that summing estimates
over all tasks counts each leaf once; its start and finish span its sub-tasks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.plan import PlanTask, register_provider
from app.services.wbs import WbsService

if TYPE_CHECKING:
    from app.services.workspace import Workspace


def provide(ws: Workspace, project_id: int) -> list[PlanTask]:
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


register_provider(provide)
