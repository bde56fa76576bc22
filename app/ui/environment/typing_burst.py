"""Typing in an environment form's field, saved as it is made: where its burst of steps begins, and its withdrawal when it ends refused.

(Apart from app/ui/operations.py, which makes the steps: only the environment forms' typing, app/ui/environment/field_typing.py, uses these.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack

from app.ui.operations import OpCommand, step_of

if TYPE_CHECKING:
    from app.ui.state import AppState


def begin_typing(state: AppState) -> None:
    """A new typing in a field begins (its first save since the field got the keyboard, or since its
    project was shown): the step last done is sealed, none of that typing's: nothing merges into it any
    more (the field's earlier typing, accepted, stays a step of its own) and :func:`withdraw_burst`
    stops there."""
    stack = state.undo_stack
    if stack.index() > 0 and isinstance(top := stack.command(stack.index() - 1), OpCommand):
        top.sealed = True


def withdraw_burst(state: AppState, merge_key: str) -> bool:
    """Typing in a field, saved as it is made, that ends refused: every step that typing made (``merge_key``,
    the open project, not sealed: made since the typing began, :func:`begin_typing`), one after another at
    the top of the stack with nothing to redo, is taken back now and dropped from the stack, a pause in
    the typing or not, leaving no redo of what was saved on the way ("my" of "my repo name"): what is
    stored is what it was when the typing began. True when a step was withdrawn. A busy database keeps the
    steps left (said), as an undo it cannot make; a step whose value another window changed since is
    dropped (said, theirs kept) and the steps under it stay.
    """
    stack = state.undo_stack
    withdrawn = False
    while 0 < stack.index() == stack.count():
        command = stack.command(stack.index() - 1)
        if (not isinstance(command, OpCommand) or command.merge_key != merge_key or command.sealed
                or command.change.project_id != state.project_id):
            break
        if not command._step(*step_of(command.change, undo=True)):
            break
        conflict = command.isObsolete()  # (another window's value kept: the steps under it are not undone)
        command.setObsolete(True)  # Qt's own undo drops an obsolete command without undoing it again
        QUndoStack.undo(stack)  # (not the window's: nothing typed is saved in between)
        withdrawn = True
        if conflict:
            break
    return withdrawn
