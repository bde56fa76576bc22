"""The drafts of an environment form's fields (app/ui/environment/choices_form.py, a mixin: the form sets
what is declared here): what could not be saved stays in its field, marked, as a draft of its project, kept
on disk with what the field showed when the typing began.

A value refused (a space in a repository name) waits to be corrected. A value a busy database kept
waiting (another process writing, the server away) is saved by itself once it is free: tried again every
few seconds while its project is open, and by the next window when this one is gone (a crash, a kill),
each save based on what was shown when the typing began (a colleague's change since is asked about, never
overwritten), one undo step of its own. A field another window set since this one showed it asks which
value to keep; closed without a choice, the typing stays a draft.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python  # a value as the drafts file keeps it
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.environment.service import EnvironmentChoices, EnvironmentService
from app.ui.environment.field_typing import fits
from app.ui.error_text import shown_text
from app.ui.hearing.drafts import drafts_of, kept_not_shown

if TYPE_CHECKING:
    from app.environment.model import FieldDef
    from app.ui.environment.field_typing import HeldTyping
    from app.ui.state import AppState


class FieldDrafts(QWidget):
    """The drafts of :class:`app.ui.environment.choices_form.ChoicesForm`'s fields."""

    problem: Signal
    state: AppState
    page: str
    fields: dict[str, FieldDef]
    editors: dict[str, QWidget]
    reset_buttons: dict[str, QToolButton]
    held: HeldTyping
    _drafts: dict[tuple[int, str], tuple[Any, str]]
    _bases: dict[tuple[int, str], Any]
    _unfit: dict[tuple[int, str], str]
    _waiting: set[tuple[int, str]]
    _retry: QTimer
    _updating: bool

    def save(self, field_id: str, value: Any, merge: bool = False, *, force: bool = False) -> bool:
        raise NotImplementedError

    def show_choices(self, choices: EnvironmentChoices) -> None:
        raise NotImplementedError

    def _based_on(self, project_id: int, field_id: str) -> Any:
        raise NotImplementedError

    def _mark(self, field_id: str, problem: str | None) -> None:
        raise NotImplementedError

    def _show_value(self, field_id: str, value: Any) -> None:
        raise NotImplementedError

    def _take_back(self, project_id: int) -> None:
        """The drafts of this page's fields a window gone kept for the project, back in their fields
        (marked, shown by :meth:`show_choices`); those no field can show as they are, said under the form."""
        prefix, unshown, said = f"{self.page}:", [], []
        for key, draft in drafts_of(self.state).kept(project_id, prefix):
            field_id = key[len(prefix):]
            if ":" in field_id or (project_id, field_id) in self._drafts or not draft.fields:
                continue  # a cell of the page's tables, or a draft this window holds
            f, value = self.fields.get(field_id), draft.fields.get("value")
            if f is not None and set(draft.fields) == {"value"} and fits(f, self.editors[f.id], value):
                self._drafts[(project_id, field_id)] = (value, draft.error)
                if draft.busy:  # saved by itself once the database is free (save_waiting)
                    self._waiting.add((project_id, field_id))
                    self._retry.start()
                if isinstance(draft.base, dict) and "own" in draft.base:
                    self._bases[(project_id, field_id)] = draft.base["own"]
                if draft.error:
                    said.append(draft.error)  # under the form too, as when it was typed (a new window, a language switch)
                continue
            typed = value if set(draft.fields) == {"value"} else draft.fields
            text = shown_text(kept_not_shown(f.label if f is not None else field_id, typed), self.state.workspace.library)
            if f is not None:
                self._unfit[(project_id, field_id)] = text
            unshown.append(text)
        if said or unshown:
            self.problem.emit("\n".join([*said, *unshown]))

    def save_waiting(self) -> None:
        """Save the drafts of the open project a busy database kept waiting, each as a step of its own
        (against what was shown when its typing began); still busy, tried again after a pause."""
        project_id = self.state.project_id
        if self.state.project is None or self._updating:
            return
        for key in sorted(k for k in self._waiting if k[0] == project_id):
            draft = self._drafts.get(key)
            if draft is None or key not in self._waiting:  # (saved, dropped or asked about meanwhile)
                self._waiting.discard(key)
                continue
            if not self.save(key[1], draft[0]) and key in self._waiting:
                return  # still busy: _keep started the retry again

    def _keep(self, field_id: str, value: Any, error: UserError) -> None:
        """What could not be saved stays in its field, marked, as a draft of the project (kept on disk
        with what it is based on: counted, and back after a crash)."""
        text, project_id = shown_text(error, self.state.workspace.library), self.state.project_id
        # What its save is based on from now: what the field showed when the typing began (a colleague's
        # change seen while the draft waits is asked about when it is saved, never overwritten)
        self._bases.setdefault((project_id, field_id), self._based_on(project_id, field_id))
        self._drafts[(project_id, field_id)] = (value, text)
        self._unfit.pop((project_id, field_id), None)  # typed over
        fields, base = {"value": to_jsonable_python(value)}, {"own": to_jsonable_python(self._based_on(project_id, field_id))}
        busy = isinstance(error, DatabaseBusy)
        drafts_of(self.state).put(project_id, f"{self.page}:{field_id}", fields, error, busy=busy, base=base)  # said again after a language switch
        if busy:  # saved in turn with the window's edits kept waiting
            self._waiting.add((project_id, field_id))
            self.state.waiting_edits.wait(self, self.save_waiting, self._retry)
        else:
            self._waiting.discard((project_id, field_id))
        self._mark(field_id, text)
        self.reset_buttons[field_id].setEnabled(True)  # ↺ drops the draft: back to the value before it
        self.problem.emit(text)

    def _drop_draft(self, project_id: int, field_id: str) -> bool:
        """Forget a field's draft (saved, reset or replaced); True when there was one."""
        self.held.dropped(project_id, field_id)  # no typing of it for Undo to take back
        self._waiting.discard((project_id, field_id))
        self._bases.pop((project_id, field_id), None)
        unfit = self._unfit.pop((project_id, field_id), None)
        if self._drafts.pop((project_id, field_id), None) is None and unfit is None:
            return False
        drafts_of(self.state).discard(project_id, f"{self.page}:{field_id}")
        return True

    def take_back(self, field_id: str) -> None:
        """Undo right after a field's refused typing: the draft dropped, the stored value shown."""
        self._drop_draft(self.state.project_id, field_id)
        self._mark(field_id, None)
        self.problem.emit("")
        self.show_choices(EnvironmentService(self.state.workspace).choices(self.state.project_id, self.state.content_lang))

    def _conflict(self, field_id: str, value: Any, error: ConflictError) -> bool:
        """Another window set the field since this one showed it: both values side by side, the user
        keeps theirs, saves this one or merges two texts; closed without a choice, it stays a draft."""
        from app.ui.window.conflict_dialog import Choice, Clash, ConflictDialog, ask_conflict, named

        f = self.fields[field_id]
        lang = self.state.content_lang
        now = EnvironmentService(self.state.workspace).choices(self.state.project_id, lang)
        label = f.label.get(lang)
        base = self._based_on(self.state.project_id, field_id)
        clash = Clash(field_id, label, now.value(field_id), value, base, show=lambda v: f.value_label(v, lang))
        dialog = ConflictDialog(named(label, self.state.ui_lang), [clash], parent=self, can_merge=isinstance(value, str))
        # On disk while the dialog is open (a killed process offers it at the next start), as _keep does;
        # after the choice: dropped, saved, or kept again (_keep).
        project_id, key = self.state.project_id, f"{self.page}:{field_id}"
        drafts_of(self.state).put(project_id, key, {"value": to_jsonable_python(value)}, error, base={"own": to_jsonable_python(base)})
        try:
            ask_conflict(dialog)
            choice, chosen = dialog.choice, dialog.values().get(field_id)
        finally:
            dialog.deleteLater()
        drafts_of(self.state).discard(project_id, key)
        self._bases.pop((self.state.project_id, field_id), None)  # theirs seen: what a next change is based on
        if choice is Choice.THEIRS:
            self._drop_draft(self.state.project_id, field_id)
            self.show_choices(now)
            self.problem.emit("")
            return False
        if choice in (Choice.MINE, Choice.MERGED):
            saved = self.save(field_id, chosen, force=True)
            if saved and choice is Choice.MERGED:  # the field shows what was saved
                self._show_value(field_id, chosen)
            return saved
        self._keep(field_id, value, error)
        return False
