"""Undoable proposal edits: the service has committed the change; undo writes the document before it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.domain.proposal import ProposalDoc
from app.services.proposal import KIND, ProposalService, dump_doc
from app.ui.undo import MERGE_SECONDS

if TYPE_CHECKING:
    from app.ui.state import AppState


class ProposalEdit(QUndoCommand):
    """One committed change of a project's proposal, as whole-document snapshots before and after.

    Typing in one section within a couple of seconds merges into one step (``merge_key``), so
    undo takes back a burst of typing, not a single character.
    """

    ID = 1005

    def __init__(
        self, state: AppState, project_id: int, before: dict[str, Any], after: dict[str, Any], text: str,
        merge_key: str | None = None,
    ) -> None:  # fmt: skip
        super().__init__(text)
        self.state = state
        self.project_id = project_id
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.stamp = time.monotonic()
        self._pushed = False

    def redo(self) -> None:  # overrides QUndoCommand.redo
        if not self._pushed:  # QUndoStack.push calls redo(); the change is committed already
            self._pushed = True
        else:
            self._write(self.after)
        self._notify()

    def undo(self) -> None:  # overrides QUndoCommand.undo
        self._write(self.before)
        self._notify()

    def _write(self, data: dict[str, Any]) -> None:
        self.state.documents.put(self.project_id, KIND, data)

    def _notify(self) -> None:
        self.state.documentChanged.emit(self.project_id, KIND)
        self.state.notify_saved()

    def id(self) -> int:  # overrides QUndoCommand.id
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # overrides QUndoCommand.mergeWith
        if not isinstance(other, ProposalEdit) or other.merge_key != self.merge_key:
            return False
        if other.project_id != self.project_id or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.after = other.after
        self.stamp = other.stamp
        self.setObsolete(self.after == self.before)  # typed and deleted again: nothing to undo
        return True


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
