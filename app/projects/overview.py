"""Where a project stands, in a few numbers every screen shows: how much of each checklist is
answered, what needs follow-up, which WBS tasks still lack a completion condition or agreement."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.operations import Change, Part
from app.core.project import AGREEMENT_KIND
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
    project whose WBS figures still hold (the WBS is not read again)."""
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
        counts = wbs_counts(ws, project_id)
    return Overview(
        *progress.get(HEARING, (0, 0)),
        *progress.get(SYSTEM_PLANNING, (0, 0)),
        follow_ups,
        orphaned,
        *counts,
    )


def wbs_figures_changed(change: Change) -> bool:
    """Whether ``change`` may change the WBS's figures: the plan, or the agreement baselines (a task the newest
    signed one holds is agreed; a change another window or process made names no document)."""
    return Part.WBS in change.parts or agreement_changed(change)


def agreement_changed(change: Change) -> bool:
    """Whether ``change`` may change what the agreement baselines hold (another window's or process's names no document)."""
    return Part.DOCUMENTS in change.parts and (change.external or AGREEMENT_KIND in change.kinds)


def wbs_counts(ws: Workspace, project_id: int) -> tuple[int, int, int]:
    """The WBS's tasks, those without a completion condition and those not agreed, as
    :func:`app.wbs.totals` counts them, from three columns of the stored tasks: the tree (every
    field of every task, its outline and roll-ups) is not built for three numbers."""
    from sqlalchemy import select

    from app.core.project import agreed_tasks
    from app.core.storage.models import WbsTask

    with ws.db.session() as s:
        rows = s.execute(select(WbsTask.completion_condition, WbsTask.agreed, WbsTask.uid).where(WbsTask.project_id == project_id)).all()
    signed = agreed_tasks(ws.db, project_id) if rows else frozenset()  # held by the newest signed agreement: agreed
    without = sum(1 for condition, _agreed, _uid in rows if not (condition or "").strip())
    not_agreed = sum(1 for _condition, agreed, uid in rows if not agreed and str(uid) not in signed)
    return len(rows), without, not_agreed
