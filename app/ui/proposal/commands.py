"""Undoable proposal edits: the service has committed the change; undo writes the document before it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.domain.proposal import ProposalDoc
from app.services.proposal import KIND, ProposalService, dump_doc
from app.ui.undo import CommittedEdit

if TYPE_CHECKING:
    from app.ui.state import AppState


class ProposalEdit(CommittedEdit):
    """One committed change of a project's proposal, as whole-document snapshots before and after.

    Typing in one section within a couple of seconds merges into one step (``merge_key``), so
    undo takes back a burst of typing, not a single character.
    """

    def __init__(
        self, state: AppState, project_id: int, before: dict[str, Any], after: dict[str, Any], text: str,
        merge_key: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(text, before, after, merge_key, project_id)
        self.state = state
        self.project_id = project_id

    def write(self, snapshot: dict[str, Any]) -> None:
        self.state.documents.put(self.project_id, KIND, snapshot)

    def notify(self, snapshot: dict[str, Any], applied_now: bool) -> None:
        self.state.documentChanged.emit(self.project_id, KIND)
        self.state.notify_saved()


def commit_proposal(
    state: AppState, before: ProposalDoc, after: ProposalDoc, text: str, merge_key: str | None = None
) -> bool:
    """Store ``after`` and put the change on the undo stack; False when nothing changed."""
    old, new = dump_doc(before), dump_doc(after)
    if old == new:
        return False
    ProposalService(state.documents).save(state.project_id, after)
    state.undo_stack.push(ProposalEdit(state, state.project_id, old, new, text, merge_key))
    return True
