"""Typing in the fields of an environment form (app/ui/environment/choices_form.py), saved as it is made.

Each keystroke is saved at once, a burst of typing in one field merging into one undo step. What is
being typed stays as typed over a refresh while it means what is stored ("PyTorch " stored as
"PyTorch": :func:`typing_of`); a draft kept on disk is shown in its field if the field can show it
as it is (:func:`fits`).

A keystroke the field refuses (a space in a repository name) ends the burst (:class:`HeldTyping`): the
step saved on the way, a fragment that happened to fit ("my" of "my repo name"), is taken back at
once and dropped (no redo brings it back), so what is stored, the wiki and the exports keep the value
from before that typing, while the field keeps showing the draft, red. Correcting the text saves it
as a new step; Undo right after takes back that typing (the draft dropped, the stored value shown),
never the step before it; once something else was done or another page is in front, Undo steps back
as ever and the draft stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSpinBox, QWidget

from app.core.errors import DatabaseBusy, UserError
from app.environment.model import FieldDef, FieldKind, normalize
from app.ui.operations import withdraw_burst
from app.ui.widgets.number_box import TYPED
from app.ui.window.keys import forget_own_steps

if TYPE_CHECKING:
    from app.ui.environment.choices_form import ChoicesForm


def merge_key(field_id: str) -> str:
    """What the steps of a burst of typing in a field merge by."""
    return f"environment:{field_id}"


def typing_of(f: FieldDef, editor: QWidget, text: str, value: Any) -> bool:
    """Whether ``editor`` has the keyboard and holds typing stored as ``value`` ("PyTorch " as "PyTorch"): kept."""
    focus = QApplication.focusWidget()
    if focus is None or not (focus is editor or editor.isAncestorOf(focus)):
        return False
    try:
        return normalize(f, text) == value
    except UserError:
        return False


def fits(f: FieldDef, editor: QWidget, value: Any) -> bool:
    """Whether a field's ``editor`` shows ``value`` as it is (a draft kept on disk may be of another shape)."""
    match f.kind:
        case FieldKind.CHOICE:
            return value is None or (isinstance(value, str) and f.option(value) is not None)
        case FieldKind.MULTI:
            return isinstance(value, list) and all(isinstance(v, str) and f.option(v) is not None for v in value)
        case FieldKind.BOOL:
            return isinstance(value, bool)
        case FieldKind.NUMBER:
            whole = (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())
            return value is None or (whole and isinstance(editor, QSpinBox) and -TYPED <= value <= TYPED)  # (a value past the field's maximum too: a draft)
        case _:
            return value is None or isinstance(value, str)


class HeldTyping(QObject):
    """The typing of a form's field refused last, as the window's undo stack sees it (``shown_key``,
    ``take_back_typing``: :meth:`app.ui.operations.UndoStack.add_editor`)."""

    def __init__(self, form: ChoicesForm) -> None:
        super().__init__(form)
        self.form = form
        self._held: tuple[int, str] | None = None  # (project, field) of the typing refused last
        form.state.undo_stack.add_editor(self)

    def _key(self, field_id: str) -> str:
        return f"{self.form.page}:{field_id}"

    def refused(self, field_id: str, error: UserError, merge: bool) -> None:
        """The field's typing was refused just now (it is kept as a draft): the burst's step saved on the
        way taken back (not on a busy database: the typing waits, as typed), the typing held for Undo."""
        state = self.form.state
        if merge and not isinstance(error, DatabaseBusy) and withdraw_burst(state, merge_key(field_id)):
            forget_own_steps(self.form.editors[field_id])  # the field's own Ctrl+Z does not bring the fragment back
        self._held = (state.project_id, field_id)
        state.undo_stack.hold(state.project_id, self._key(field_id), 0)

    def dropped(self, project_id: int, field_id: str) -> None:
        """The field's draft is gone (saved, reset, taken back): no typing of it to take back."""
        if self._held == (project_id, field_id):
            self._held = None
        self.form.state.undo_stack.release(project_id, self._key(field_id))

    def shown_key(self) -> tuple[int, str] | None:
        """(project, page:field) of the draft refused last, while the project is open."""
        if self._held is None or self._held[0] != self.form.state.project_id:  # (a draft gone is :meth:`dropped`)
            return None
        return self._held[0], self._key(self._held[1])

    def isVisible(self) -> bool:  # what the undo stack asks of an editor
        return self.form.isVisible()

    def take_back_typing(self) -> None:
        """Undo right after the refused typing: its draft dropped, the stored value shown."""
        if self._held is not None:
            field_id, self._held = self._held[1], None
            self.form.take_back(field_id)
