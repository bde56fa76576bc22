"""Answer edits as operations (the window's one path for a change; see :mod:`app.ui.operations`), and the
undo of a table action that saved over typing kept as a draft (:class:`ActedDrafts`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QLabel, QWidget

from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerChange
from app.hearing.model import Answer
from app.ui.operations import UndoText, run_op

if TYPE_CHECKING:
    from app.ui.hearing.drafts import Draft, DraftRegistry
    from app.ui.state import AppState


def edit_answer(
    state: AppState,
    item_id: str,
    text: UndoText,
    merge_key: str | None = None,
    project_id: int | None = None,
    base: Answer | None = None,
    *,
    action: bool = False,
    owner: Any = None,
    **fields: Any,
) -> AnswerChange:
    """Commit an answer edit as one operation and put it on the undo stack.

    ``project_id`` defaults to the open project; an editor saving typing that belongs to the
    project being left passes its own. ``base`` is the answer the editor showed: a field someone
    else changed since is refused (ConflictError) instead of overwritten. A validation error raises
    before anything is stored or pushed; the caller shows it. ``action``: a button or a tick (a status, a
    follow-up done), not typing kept as a draft: refused, it is said as not done (run_op's ``action``; ``owner``: run_op's).
    """
    pid = state.project_id if project_id is None else project_id
    change = run_op(state, hearing_ops.update_answer(pid, item_id, base=base, **fields), text, merge_key, action=action, owner=owner)
    return change.detail


def confirm_hypothesis(state: AppState, item_id: str, text: UndoText, base: Answer | None = None) -> AnswerChange:
    """Confirm the hypothesis as one operation; ``base``: the answer shown (a guess changed since is refused)."""
    return run_op(state, hearing_ops.confirm_hypothesis(state.project_id, item_id, base=base), text, action=True).detail


def item_label(state: AppState, item_id: str) -> str:
    """An item's label in the UI language of the moment (for an undo text made when it is shown)."""
    item = state.workspace.library.item(item_id)
    return item.label.get(state.content_lang) if item is not None else item_id


def edit_text(state: AppState, item_id: str) -> Callable[[], str]:
    """The undo text of an answer edit, made in the UI language of the moment (it follows a switch)."""
    return lambda: QCoreApplication.translate("ItemEditor", "Edit “{0}”").format(item_label(state, item_id))


def status_text(state: AppState, item_id: str) -> Callable[[], str]:
    return lambda: QCoreApplication.translate("ItemEditor", "Set status of “{0}”").format(item_label(state, item_id))


class DraftStep(QUndoCommand):
    """A table action that stored nothing but saved over a draft (a row whose cells were all refused, removed):
    a step of its own all the same, the draft riding on it (:class:`ActedDrafts`) the only thing it undoes."""

    def __init__(self, text: Callable[[], str]) -> None:
        super().__init__(text())
        self.make_text = text

    def retranslate(self) -> None:
        """The text again in the current UI language (:func:`app.ui.translations.retranslate_undo_stack`)."""
        self.setText(self.make_text())


class ActedDrafts(QWidget):
    """The table actions of :class:`app.ui.hearing.item_editor.ItemEditor` (a mixin: the editor sets what is
    declared here): a row added, removed or moved, cells pasted, saved at once as an undo step of its own.

    Typing refused just before such an action (a draft: a date that is no day, a note typed beside it in
    the same row) that the action saved over (its row removed: the table fits again) rides on the action's
    step: the undo of the action puts the draft back as it was (its cells red, the reason said, held for the
    next Undo to take back as before the action), the redo drops it again unless it was typed over since.
    Nothing typed is lost to an action undone, nor to one that stored nothing (the row removed held only refused
    cells): that action is a step of its own then (:class:`DraftStep`), the draft the only thing it undoes.
    """

    state: AppState
    drafts: DraftRegistry
    project_id: int
    error_label: QLabel
    _pending: dict[str, Any]
    _hidden: set[str]
    _fresh: set[str]
    _burst: int
    _shown: Answer | None
    _steps_at: int

    @property
    def item_id(self) -> str | None:
        raise NotImplementedError

    def shown_key(self) -> tuple[int, str] | None:
        raise NotImplementedError

    def held_text(self) -> str:
        """The undo text of the item's typing refused, as Edit ▸ Undo names it while Undo takes that back."""
        key = self.shown_key()
        return edit_text(self.state, key[1])() if key is not None else ""

    def _edited(self, key: str, value: Any) -> None:
        raise NotImplementedError

    def flush(self, merge: bool = True) -> bool:
        raise NotImplementedError

    def refresh(self, fallback: Answer | None = None) -> None:
        raise NotImplementedError

    def _show_draft(self, fields: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def _show_error(self, text: str) -> None:
        raise NotImplementedError

    def _follow_steps(self) -> None:
        """Undo and redo followed from now (a step a draft rides on)."""
        self._steps_at = self.state.undo_stack.index()
        self.state.undo_stack.indexChanged.connect(self._stepped)  # a bound method: dropped with the editor

    def _acted(self, key: str, value: Any) -> None:
        """A row added, removed or moved, cells pasted: saved at once, as an undo step of its own (the typing
        before it was saved as it began, as its own); the draft of ``key`` it saved over rides on that step."""
        stack, project_id, item_id = self.state.undo_stack, self.project_id, self.item_id or ""
        draft, held, at = self.drafts.get(project_id, item_id), stack.held(project_id, item_id), stack.index()
        self._edited(key, value)
        self.flush(merge=False)
        self._burst += 1
        if draft is not None and key in draft.fields and key not in self._pending and stack.index() == at:
            stack.push(DraftStep(edit_text(self.state, item_id)))  # nothing stored changed: the draft's step alone
        if draft is not None and key in draft.fields and key not in self._pending and stack.index() == at + 1:
            steps = held[1] if held is not None and held[0] == at else None  # Undo took it back just before
            setattr(stack.command(at), "draft_saved_over", (project_id, item_id, key, draft, steps))  # noqa: B010

    def _stepped(self, index: int) -> None:
        """An undo or redo: of a step a draft rides on, the draft back (undone) or dropped again (redone)."""
        stack, before, self._steps_at = self.state.undo_stack, self._steps_at, index
        if abs(index - before) != 1 or stack.swapping:  # (a project's steps shelved or put back: none made)
            return
        kept: tuple[int, str, str, Draft, int | None] | None = getattr(stack.command(min(index, before)), "draft_saved_over", None)
        if kept is None:
            return
        project_id, item_id, key, draft, steps = kept
        typed, now, shown = draft.fields[key], self.drafts.get(project_id, item_id), self.shown_key() == (project_id, item_id)
        if index < before:  # undone: the draft back, as it was before the action (every editor writes the same)
            fields = {**(now.fields if now is not None else {}), key: typed}
            self.drafts.put(project_id, item_id, fields, draft.why, base=draft.base)
            if steps is not None:
                stack.hold(project_id, item_id, steps)
            kept_now = self.drafts.get(project_id, item_id)
            if shown and kept_now is not None:
                self._show_draft(fields)
                self._shown = draft.base if draft.base is not None else self._shown
                self._show_error(kept_now.error)
            return
        if now is not None and now.fields.get(key) == typed:  # redone: dropped again, unless typed over since
            left = {name: v for name, v in now.fields.items() if name != key}
            if left:
                self.drafts.put(project_id, item_id, left, now.why, busy=now.busy, base=now.base)
            else:
                self.drafts.discard(project_id, item_id)
            stack.release(project_id, item_id)
        if shown and key in self._pending and self._pending[key] == typed:
            del self._pending[key]
            self._hidden.discard(key)
            self._fresh.discard(key)
            if not self._pending:
                self.error_label.hide()
            self.refresh()
