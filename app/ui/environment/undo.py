"""Edits of the environment documents as operations: the service changes one field, the window records it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core import operations as ops
from app.environment.service import DocumentChange, EnvironmentService
from app.ui.operations import UndoText, run_op

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.ui.state import AppState


def edit_document(state: AppState, apply: Callable[[EnvironmentService], DocumentChange], text: UndoText,
                  merge_key: str | None = None, *, action: bool = False, owner: Any = None) -> DocumentChange:
    """Commit a change through the service as one undoable operation.

    A validation error raises before anything is stored or pushed; the caller shows it. ``action``: a button
    (Reset), not typing kept as a draft: refused, it is said as not done (run_op's ``action``; ``owner``: run_op's).
    """

    def op(ws: Workspace) -> ops.Change:
        with ws.db.transaction():  # what a change compares with is what it writes over
            result = apply(EnvironmentService(ws))
        return ops.document_change(result.project_id, result.kind, result.before, result.after, detail=result)

    change = run_op(state, op, text, merge_key, action=action, owner=owner)
    return change.detail
