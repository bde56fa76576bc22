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


def overview(ws: Workspace, project_id: int, wbs_from: Overview | None = None) -> Overview:
    """The project's figures for the window's header; ``wbs_from``: an earlier overview of the same
    project whose WBS figures still hold (the WBS is not read again: 10,000 tasks take a while)."""
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
    if wbs_from is not None:
        counts = (wbs_from.wbs_tasks, wbs_from.wbs_without_condition, wbs_from.wbs_not_agreed)
    else:
        wbs = totals(WbsService(ws.db).tree(project_id))
        counts = (wbs.tasks, wbs.without_completion, wbs.not_agreed)
    return Overview(
        *progress.get(HEARING, (0, 0)),
        *progress.get(SYSTEM_PLANNING, (0, 0)),
        follow_ups,
        orphaned,
        *counts,
    )
