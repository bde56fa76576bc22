"""What the System planning page reads of a project (app/ui/system_planning/page.py: on a worker for a team database,
:class:`~app.ui.page_reads.reading.PageRead`), and its reads again after a change: over a VPN of 100 ms a round trip
its first show froze the window 1.9 s (0.7 s its answers and stored plan document, 1.05 s the item editor reading the
first item's answer and the follow-up owners on the window's thread)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from app.core.errors import UserError
from app.core.operations import Change, Part
from app.hearing.model import Answer
from app.system_planning.plan_doc import KIND
from app.ui.tasks import LatestRun

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from app.ui.state import AppState

READER = "system-planning"  # the page's reads, as the status bar names them


class PlanRead(NamedTuple):
    """The project as the page shows it: its answers (the hearing's linked ones too), its stored plan document (prices
    and the choice), the follow-up owners to suggest (app.hearing.followups.owner_suggestions)."""

    answers: dict[str, Answer]
    doc: dict[str, Any]
    names: list[str]


def read_plan(state: AppState, project_id: int, parts: frozenset[Part] = frozenset({Part.ANSWERS, Part.DOCUMENTS})) -> PlanRead:
    """The project's answers and stored plan document (on a worker for a team database: it touches no widget); only
    ``parts`` are read (the others come back empty)."""
    from app.hearing.followups import owner_suggestions
    from app.system_planning.operations import stored_doc

    answers = state.answers.answers(project_id) if Part.ANSWERS in parts else {}
    names = owner_suggestions(state.workspace, project_id, answers) if Part.ANSWERS in parts else []
    return PlanRead(answers, stored_doc(state.workspace, project_id) if Part.DOCUMENTS in parts else {}, names)


def carried(change: Change, shown: dict[str, Answer]) -> PlanRead | None:
    """What this window's own change stored (its snapshot after: the answers saved, the plan document written), put
    over what the page shows: no read again after a save; None when it must be read (another window's change)."""
    after, answers = change.after, shown
    if change.external or not isinstance(after, dict):
        return None
    if Part.ANSWERS in change.parts:
        if not shown or not set(change.items) <= set(after) or not all(isinstance(a, Answer) for a in after.values()):
            return None
        answers = shown | after
    doc_changed = Part.DOCUMENTS in change.parts and KIND in change.kinds
    if doc_changed and (Part.ANSWERS in change.parts or change.kinds != {KIND}):
        return None  # (a snapshot of several parts: read)
    return PlanRead(answers, after if doc_changed else {}, [])


class PlanRereads:
    """The page's answers or plan document read again on a worker after a change (a round trip a statement on a team
    database), shown by ``show(project_id, found, parts, items)`` once in; a read begun before a change this window put
    on the page meanwhile (:meth:`applied`) is made once more: never an older read over what is newer. ``stale`` holds
    the items being read again (the page's answers not to give the item editor meanwhile); ``heard(answers)``: the
    answers read again, for the item editor (app/ui/page_reads/heard.py), never this window's own change carried."""

    def __init__(self, owner: QObject, state: AppState, show: Callable[[int, PlanRead, frozenset[Part], list[str]], None],
                 heard: Callable[[dict[str, Answer]], None] = lambda _answers: None) -> None:  # fmt: skip
        self._state, self._show, self._heard = state, show, heard
        self._runs = LatestRun(owner)
        self._seen = 0  # what the page put on it: a read begun before one more is made again
        self._parts: frozenset[Part] = frozenset()
        self.stale: set[str] = set()

    def applied(self) -> None:
        """Something was put on the page (a read, this window's own change)."""
        self._seen += 1

    def drop(self) -> None:
        self._runs.drop()
        self._parts, self.stale = frozenset(), set()

    def request(self, project_id: int, parts: frozenset[Part], items: list[str]) -> None:
        self._parts |= parts
        self.stale |= set(items)
        state, seen, wanted = self._state, self._seen, self._parts

        def done(found: PlanRead) -> None:
            if project_id != state.project_id:
                return
            if seen != self._seen:
                self.request(project_id, frozenset(), [])
                return
            state.read_fine(READER)
            items, self.stale, self._parts = sorted(self.stale), set(), frozenset()
            self._show(project_id, found, wanted, items)
            if Part.ANSWERS in wanted:
                self._heard(found.answers)

        def failed(error: BaseException) -> None:  # the server out of reach: said, the page as shown (read again on the next change)
            if isinstance(error, UserError) and project_id == state.project_id:
                state.report_unread(READER, error)

        self._runs.request(lambda: read_plan(state, project_id, wanted), done, failed)
