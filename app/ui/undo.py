"""Answer edits as operations (the window's one path for a change; see :mod:`app.ui.operations`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerChange
from app.hearing.model import Answer
from app.ui.operations import UndoText, run_op

if TYPE_CHECKING:
    from app.ui.state import AppState


def edit_answer(
    state: AppState,
    item_id: str,
    text: UndoText,
    merge_key: str | None = None,
    project_id: int | None = None,
    base: Answer | None = None,
    **fields: Any,
) -> AnswerChange:
    """Commit an answer edit as one operation and put it on the undo stack.

    ``project_id`` defaults to the open project; an editor saving typing that belongs to the
    project being left passes its own. ``base`` is the answer the editor showed: a field someone
    else changed since is refused (ConflictError) instead of overwritten. A validation error raises
    before anything is stored or pushed; the caller shows it.
    """
    pid = state.project_id if project_id is None else project_id
    change = run_op(state, hearing_ops.update_answer(pid, item_id, base=base, **fields), text, merge_key)
    return change.detail


def confirm_hypothesis(state: AppState, item_id: str, text: UndoText, base: Answer | None = None) -> AnswerChange:
    """Confirm the hypothesis as one operation; ``base``: the answer shown (a guess changed since is refused)."""
    return run_op(state, hearing_ops.confirm_hypothesis(state.project_id, item_id, base=base), text).detail


def item_label(state: AppState, item_id: str) -> str:
    """An item's label in the UI language of the moment (for an undo text made when it is shown)."""
    item = state.workspace.library.item(item_id)
    return item.label.get(state.content_lang) if item is not None else item_id


def edit_text(state: AppState, item_id: str) -> Callable[[], str]:
    """The undo text of an answer edit, made in the UI language of the moment (it follows a switch)."""
    return lambda: QCoreApplication.translate("ItemEditor", "Edit “{0}”").format(item_label(state, item_id))


def status_text(state: AppState, item_id: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate("ItemEditor", "Set status of “{0}”").format(item_label(state, item_id))
