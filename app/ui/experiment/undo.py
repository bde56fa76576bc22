"""Undoable edits of the environment documents: the service has committed; undo puts the snapshot back."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from app.services.environment import DocumentChange, EnvironmentService

if TYPE_CHECKING:
    from app.ui.state import AppState

MERGE_SECONDS = 2.0  # a burst of typing in one field undoes as one step


class DocumentEdit(QUndoCommand):
    """One committed change of an ``environment`` or ``data_platform`` document."""

    ID = 1702

    def __init__(self, state: AppState, change: DocumentChange, text: str, merge_key: str | None = None) -> None:
        super().__init__(text)
        self.state = state
        self.change = change
        self.merge_key = merge_key
        self.stamp = time.monotonic()
        self._pushed = False

    def _restore(self, snapshot: dict) -> None:
        EnvironmentService(self.state.workspace).restore(self.change.project_id, self.change.kind, snapshot)
        self.state.documentChanged.emit(self.change.project_id, self.change.kind)
        self.state.notify_saved()

    def redo(self) -> None:  # overrides QUndoCommand.redo
        if not self._pushed:  # QUndoStack.push calls redo(); the service has applied it already
            self._pushed = True
            self.state.documentChanged.emit(self.change.project_id, self.change.kind)
            self.state.notify_saved()
        else:
            self._restore(self.change.after)

    def undo(self) -> None:  # overrides QUndoCommand.undo
        self._restore(self.change.before)

    def id(self) -> int:  # overrides QUndoCommand.id
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # overrides QUndoCommand.mergeWith
        if not isinstance(other, DocumentEdit) or other.merge_key != self.merge_key:
            return False
        if (other.change.project_id, other.change.kind) != (self.change.project_id, self.change.kind):
            return False
        if other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.change = DocumentChange(self.change.project_id, self.change.kind, self.change.before, other.change.after)
        self.stamp = other.stamp
        return True


def edit_document(state: AppState, apply: Callable[[EnvironmentService], DocumentChange], text: str,
                  merge_key: str | None = None) -> DocumentChange:
    """Commit a change through the service and put it on the undo stack.

    A validation error raises before anything is stored or pushed; the caller shows it.
    """
    change = apply(EnvironmentService(state.workspace))
    if change.changed:
        state.undo_stack.push(DocumentEdit(state, change, text, merge_key))
    return change
