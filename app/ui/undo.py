"""Undoable edits: each holds a change a service already committed, and can revert and re-apply it."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.services.answers import AnswerChange

if TYPE_CHECKING:
    from app.ui.state import AppState

MERGE_SECONDS = 2.0  # a burst of typing in one field undoes as one step


class AnswerEdit(QUndoCommand):
    """One committed answer change. undo() restores the snapshot before, redo() the one after."""

    ID = 1001

    def __init__(self, state: AppState, change: AnswerChange, text: str, merge_key: str | None = None) -> None:
        super().__init__(text)
        self.state = state
        self.change = change
        self.merge_key = merge_key
        self.stamp = time.monotonic()
        self._pushed = False

    def redo(self) -> None:  # overrides QUndoCommand.redo
        if not self._pushed:  # QUndoStack.push calls redo(); the service has applied it already
            self._pushed = True
        else:
            self.state.answers.restore(self.change.project_id, self.change.after, source="redo")
        self._notify()

    def undo(self) -> None:  # overrides QUndoCommand.undo
        self.state.answers.restore(self.change.project_id, self.change.before, source="undo")
        self._notify()

    def _notify(self) -> None:
        self.state.answersChanged.emit(self.change.project_id, [self.change.item_id])
        self.state.notify_saved()

    def id(self) -> int:  # overrides QUndoCommand.id
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # overrides QUndoCommand.mergeWith
        if not isinstance(other, AnswerEdit) or other.merge_key != self.merge_key:
            return False
        if (other.change.project_id, other.change.item_id) != (self.change.project_id, self.change.item_id):
            return False
        if other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.change = AnswerChange(self.change.project_id, self.change.item_id, self.change.before, other.change.after)
        self.stamp = other.stamp
        return True


def edit_answer(
    state: AppState,
    item_id: str,
    text: str,
    merge_key: str | None = None,
    project_id: int | None = None,
    **fields: Any,
) -> AnswerChange:
    """Commit an answer edit and put it on the undo stack.

    ``project_id`` defaults to the open project; an editor saving typing that belongs to the
    project being left passes its own. A validation error raises before anything is stored or
    pushed; the caller shows it.
    """
    change = state.answers.update(state.project_id if project_id is None else project_id, item_id, **fields)
    if change.changed:
        state.undo_stack.push(AnswerEdit(state, change, text, merge_key))
    return change
