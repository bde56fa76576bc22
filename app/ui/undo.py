"""Undoable edits: each holds a change a service already committed, and can revert and re-apply it.

Every editing page follows one pattern (Anki's operations): the service commits the change and
returns snapshots before and after; a :class:`CommittedEdit` on the window's ``QUndoStack``
writes one of them back on undo/redo and tells the views. Bursts of typing in one field merge
into one step.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from app.services.answers import AnswerChange

if TYPE_CHECKING:
    from app.ui.state import AppState

MERGE_SECONDS = 2.0  # a burst of typing in one field undoes as one step


class CommittedEdit(QUndoCommand):
    """A committed change as snapshots ``before`` and ``after``.

    Subclasses write a snapshot back (``write``) and tell the views (``notify``). Edits of the
    same class with equal ``merge_key`` and ``scope`` within MERGE_SECONDS merge into one step.
    """

    ID = 1001

    def __init__(self, text: str, before: Any, after: Any, merge_key: str | None = None, scope: Any = None) -> None:
        super().__init__(text)
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.scope = scope
        self.stamp = time.monotonic()
        self._pushed = False

    def write(self, snapshot: Any) -> None:
        raise NotImplementedError

    def notify(self, snapshot: Any, applied_now: bool) -> None:
        """Tell the views; ``applied_now`` is False for the push of a change the service just made."""

    def same(self, a: Any, b: Any) -> bool:
        return a == b

    def redo(self) -> None:  # overrides QUndoCommand.redo
        if not self._pushed:  # QUndoStack.push calls redo(); the service has applied it already
            self._pushed = True
            self.notify(self.after, applied_now=False)
            return
        self.write(self.after)
        self.notify(self.after, applied_now=True)

    def undo(self) -> None:  # overrides QUndoCommand.undo
        self.write(self.before)
        self.notify(self.before, applied_now=True)

    def id(self) -> int:  # overrides QUndoCommand.id
        return self.ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # overrides QUndoCommand.mergeWith
        if type(other) is not type(self) or not isinstance(other, CommittedEdit):
            return False
        if (other.merge_key, other.scope) != (self.merge_key, self.scope) or other.stamp - self.stamp > MERGE_SECONDS:
            return False
        self.after = other.after
        self.stamp = other.stamp
        self.setObsolete(self.same(self.before, self.after))  # typed and deleted again: nothing to undo
        return True


class AnswerEdit(CommittedEdit):
    """One committed answer change (the snapshots are :class:`app.domain.answers.Answer`)."""

    def __init__(self, state: AppState, change: AnswerChange, text: str, merge_key: str | None = None) -> None:
        super().__init__(text, change.before, change.after, merge_key, (change.project_id, change.item_id))
        self.state = state
        self.project_id = change.project_id
        self.item_id = change.item_id

    def write(self, snapshot: Any) -> None:
        source = "undo" if snapshot is self.before else "redo"
        self.state.answers.restore(self.project_id, snapshot, source=source)

    def notify(self, snapshot: Any, applied_now: bool) -> None:
        self.state.answersChanged.emit(self.project_id, [self.item_id])
        self.state.notify_saved()

    def same(self, a: Any, b: Any) -> bool:
        volatile = {"updated_at", "session_id"}
        return a.model_dump(exclude=volatile) == b.model_dump(exclude=volatile)


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
