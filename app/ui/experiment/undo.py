"""Undoable edits of the environment documents: the service has committed; undo puts the snapshot back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.services.environment import DocumentChange, EnvironmentService
from app.ui.undo import CommittedEdit

if TYPE_CHECKING:
    from app.ui.state import AppState

class DocumentEdit(CommittedEdit):
    """One committed change of an ``environment`` or ``data_platform`` document."""

    def __init__(self, state: AppState, change: DocumentChange, text: str, merge_key: str | None = None) -> None:
        super().__init__(text, change.before, change.after, merge_key, (change.project_id, change.kind))
        self.state = state
        self.project_id = change.project_id
        self.kind = change.kind

    def write(self, snapshot: dict) -> None:
        EnvironmentService(self.state.workspace).restore(self.project_id, self.kind, snapshot)

    def notify(self, snapshot: dict, applied_now: bool) -> None:
        self.state.documentChanged.emit(self.project_id, self.kind)
        self.state.notify_saved()


def edit_document(state: AppState, apply: Callable[[EnvironmentService], DocumentChange], text: str,
                  merge_key: str | None = None) -> DocumentChange:
    """Commit a change through the service and put it on the undo stack.

    A validation error raises before anything is stored or pushed; the caller shows it.
    """
    change = apply(EnvironmentService(state.workspace))
    if change.changed:
        state.undo_stack.push(DocumentEdit(state, change, text, merge_key))
    return change
