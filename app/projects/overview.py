"""Where a project stands, in a few numbers every screen shows: how much of each checklist is
answered, what needs follow-up, which WBS tasks still lack a completion condition or agreement."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.workspace import Workspace
from app.hearing import AnswerService, AnswerStatus

HEARING = "hearing"
SYSTEM_PLANNING = "system_planning"


@dataclass(frozen=True)
class Overview:
    hearing_done: int
    hearing_total: int
    planning_done: int
    planning_total: int
    follow_ups: int
    orphaned: int
    wbs_tasks: int = 0
    wbs_without_condition: int = 0
    wbs_not_agreed: int = 0


def overview(ws: Workspace, project_id: int) -> Overview:
    from app.wbs import WbsService, totals

    service = AnswerService(ws.db, ws.library)
    answers = service.answers(project_id)
    progress = {}
    for checklist_id in (HEARING, SYSTEM_PLANNING):
        checklist = ws.library.checklists.get(checklist_id)
        if checklist is not None:
            p = service.progress(project_id, checklist, answers)
            progress[checklist_id] = (p.done, p.total)
    follow_ups = sum(1 for a in answers.values() if a.status == AnswerStatus.FOLLOW_UP)
    orphaned = sum(1 for a in answers.values() if ws.library.item(a.item_id) is None)
    wbs = totals(WbsService(ws.db).tree(project_id))
    return Overview(
        *progress.get(HEARING, (0, 0)),
        *progress.get(SYSTEM_PLANNING, (0, 0)),
        follow_ups,
        orphaned,
        wbs.tasks,
        wbs.without_completion,
        wbs.not_agreed,
    )
