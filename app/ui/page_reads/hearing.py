"""What the Hearing page reads of a project when it is shown (app/ui/hearing/page.py: on a worker for a team
database, :class:`~app.ui.page_reads.reading.PageRead`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from app.core.project import HearingSessionInfo
from app.hearing.model import Answer

if TYPE_CHECKING:
    from app.ui.state import AppState


class HearingRead(NamedTuple):
    """What the page shows of a project when it reads it: its answers and its sessions (the one running, if any)."""

    answers: dict[str, Answer]
    current: HearingSessionInfo | None
    sessions: list[HearingSessionInfo]
    names: list[str]  # the follow-up owners to suggest (app.hearing.followups.owner_suggestions)


def read_hearing(state: AppState, project_id: int) -> HearingRead:
    """The project's answers and sessions (on a worker for a team database: it touches no widget)."""
    from app.hearing.followups import owner_suggestions

    answers = state.answers.answers(project_id)
    return HearingRead(answers, state.sessions.current(project_id), state.sessions.list(project_id),
                       owner_suggestions(state.workspace, project_id, answers))
