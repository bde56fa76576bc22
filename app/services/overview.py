"""Where a project stands, in a few numbers every screen can show."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.answers import AnswerStatus
from app.services.answers import AnswerService
from app.services.workspace import Workspace

HEARING = "hearing"


@dataclass(frozen=True)
class Overview:
    hearing_done: int
    hearing_total: int
    follow_ups: int
    orphaned: int

    @property
    def hearing_percent(self) -> int:
        return round(100 * self.hearing_done / self.hearing_total) if self.hearing_total else 0


def overview(ws: Workspace, project_id: int) -> Overview:
    service = AnswerService(ws.db, ws.library)
    answers = service.answers(project_id)
    done = total = 0
    if HEARING in ws.library.checklists:
        progress = service.progress(project_id, ws.library.checklists[HEARING], answers)
        done, total = progress.done, progress.total
    follow_ups = sum(1 for a in answers.values() if a.status == AnswerStatus.FOLLOW_UP)
    orphaned = sum(1 for a in answers.values() if ws.library.item(a.item_id) is None)
    return Overview(done, total, follow_ups, orphaned)
