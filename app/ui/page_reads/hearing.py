"""What the Hearing page reads of a project when it is shown (app/ui/hearing/page.py: on a worker for a team
database, :class:`~app.ui.page_reads.reading.PageRead`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from app.core.operations import Change
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
    answers, names = read_again(state, project_id)
    return HearingRead(answers, state.sessions.current(project_id), state.sessions.list(project_id), names)


def read_again(state: AppState, project_id: int) -> tuple[dict[str, Answer], list[str]]:
    """The answers read again after another window's change (on a worker), with the follow-up owners to suggest: the
    item editor shows its item's answer from them (app/ui/page_reads/heard.py), nothing read on the window's thread."""
    from app.hearing.followups import owner_suggestions

    answers = state.answers.answers(project_id)
    return answers, owner_suggestions(state.workspace, project_id, answers)


def carried_answers(change: Change, shown: dict[str, Answer]) -> dict[str, Answer] | None:
    """The answers ``shown`` with those this window's own change stored (its snapshot after): no read of every answer
    again after a save (a round trip per read, a tenth of a second each over a VPN); None: read them."""
    after = change.after
    if change.external or not shown or not isinstance(after, dict) or not set(change.items) <= set(after):
        return None
    if not all(isinstance(a, Answer) for a in after.values()):
        return None
    return shown | after
