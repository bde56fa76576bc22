"""Typing in the fields of an environment form (app/ui/environment/choices_form.py), saved as it is made.

Each keystroke is saved at once, a burst of typing in one field merging into one undo step. What is
being typed stays as typed over a refresh while it means what is stored ("PyTorch " stored as
"PyTorch": :func:`typing_of`); a draft kept on disk is shown in its field if the field can show it
as it is (:func:`fits`).

A typing is everything typed into a field since it got the keyboard (or since its project was shown),
pauses included (:class:`HeldTyping`). A keystroke the field refuses (a space in a repository name)
ends it: the steps it saved on the way, fragments that happened to fit ("my" of "my repo name"), are
taken back at once and dropped (no redo brings them back), so what is stored, the wiki and the
exports keep the value from before that typing, while the field keeps showing the draft, red. What
was typed there before the keyboard last left the field stays saved. Correcting the text saves it
as a new step; Undo right after takes back that typing (the draft dropped, the stored value shown),
never the step before it, a language switch in between or not; several fields refused one after
another are taken back last first. Once something else was done, Undo takes that back first, then the
typing; with another page in front, Undo steps back as ever and the draft stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QSpinBox, QWidget

from app.core.errors import DatabaseBusy, UserError
from app.environment.model import FieldDef, FieldKind, normalize
from app.ui.environment.typing_burst import begin_typing, withdraw_burst
from app.ui.widgets.number_box import TYPED
from app.ui.window.held_drafts import HeldDrafts
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


class HeldTyping(HeldDrafts):
    """The typing going on in a form's field, and the one refused last as the window's undo stack sees it
    (:class:`app.ui.window.held_drafts.HeldDrafts`, its items the form's fields).

    A typing is everything typed into a field since it last got the keyboard (or since its project was
    shown), pauses included: the keyboard leaving the field ends it, and the next typing there is a new
    one, its own undo step. The typing refused last is kept by the undo stack, which outlives the form:
    a form rebuilt (a language switch) shows its draft and Undo still takes it back; the typing going on
    goes on in it, the keyboard back in its field (:meth:`resume`).
    """

    def __init__(self, form: ChoicesForm) -> None:
        super().__init__(form, form.state, f"{form.page}:", form.take_back, text=form.change_text)
        self.form = form
        self._typing: str | None = None  # the field of the typing going on
        form.state.projectChanged.connect(self._end)  # a project shown: what is typed next is a new typing
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _end(self, _project_id: int = -1) -> None:
        self._typing = None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The keyboard leaving the field typed in ends its typing (the field saved what it enters first)."""
        if self._typing is not None:
            editor = self.form.editors.get(self._typing)
            if editor is None or new is None or not (new is editor or editor.isAncestorOf(new)):
                self._typing = None

    def typing(self, field_id: str) -> None:
        """A save of the field's typing is about to be made: the typing begins if it is not going on."""
        if self._typing != field_id:
            self._typing = field_id
            begin_typing(self.form.state)

    def resume(self, field_id: str) -> None:
        """The keyboard goes back to the field it was in before the form was rebuilt: its typing goes on."""
        if field_id in self.form.editors:
            self._typing = field_id

    def refused(self, field_id: str, error: UserError, merge: bool) -> None:
        """The field's typing was refused just now (it is kept as a draft): the steps that typing saved on
        the way taken back (not on a busy database: the typing waits, as typed), the typing held for Undo."""
        state = self.form.state
        if (
            merge
            and self._typing == field_id
            and not isinstance(error, DatabaseBusy)
            and withdraw_burst(state, merge_key(field_id))
        ):
            forget_own_steps(self.form.editors[field_id])  # the field's own Ctrl+Z does not bring the fragment back
        self.hold(field_id)

    def dropped(self, project_id: int, field_id: str) -> None:
        """The field's draft is gone (saved, reset, taken back): no typing of it to take back."""
        self.release(project_id, field_id)
