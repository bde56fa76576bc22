"""The editor of one hearing item: status, answer (now / later), note, who answered, hypothesis, history.

Typing is saved after a short pause (and whenever the item changes or the window closes), as one
undoable step per burst; a value that does not fit the item (a word in a number field) is shown
in red and kept as a draft (:mod:`app.ui.hearing.drafts`) until it fits: never stored, never lost,
shown again when the user comes back to the item (what its field cannot show: said, kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.content.model import AnswerKind
from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.core.operations import Change, Part
from app.hearing.checklist import ItemRef
from app.hearing.drafts_file import typed_changes
from app.hearing.formats import stored_words
from app.hearing.model import Answer, AnswerStatus
from app.ui.error_text import shown_text, user_text
from app.ui.hearing.drafts import drafts_of, fields_to_show, not_shown, unfit_fields
from app.ui.hearing.followup_editor import FollowupEditor
from app.ui.hearing.history_model import HistoryModel, HistoryReads, history_table, over_history
from app.ui.hearing.item_header import (
    STATUS_SHEET,
    HypothesisBar,
    StatusButtons,
    note_labels,
    question_labels,
    set_plain_text,
    show_notes,
)
from app.ui.hearing.value_editors import ValueEditor, make_editor
from app.ui.page import empty_layout, text_field
from app.ui.page_reads.heard import PageAnswers, owner_names, read_by_page
from app.ui.state import AppState
from app.ui.suspects.dialog import open_suspects
from app.ui.undo import ActedDrafts, confirm_hypothesis, edit_answer, edit_text, status_text
from app.ui.wide_table.frozen import commit_open_editors
from app.ui.widgets import colours
from app.ui.window.conflict_dialog import resolve_answer_conflict, save_answer_asking
from app.ui.window.keys import forget_own_steps, tab_first
from app.ui.window.waiting_steps import save_answers_in_turn

SAVE_DELAY_MS = 600


class ItemEditor(ActedDrafts):
    """Edits the answer to one item; ``compact`` leaves out help and history (interview mode).

    Signals:
        statusSet(str): the user set a status (the interview moves on when it wants to).
    """

    statusSet = Signal(str)

    def __init__(self, state: AppState, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.compact = compact
        self.ref: ItemRef | None = None
        self.orphan: Answer | None = None
        self.project_id = -1  # the project of the item shown: typing is saved there, even mid-switch
        self.hypothesis_mode = False
        self.editors: dict[str, ValueEditor] = {}
        self._pending: dict[str, Any] = {}
        self._hidden: set[str] = set()  # drafted values their editor cannot show: it shows the stored answer
        self._fresh: set[str] = set()  # the fields typed since the last save: a refused one Undo takes back
        self._saving = False
        self._saved: Answer | None = None  # the answer the last save returned (flush shows it: no read again)
        self._burst = 0  # typing merges within a burst; a table action (its own step) starts another
        self._shown: Answer | None = None
        self._own_status: AnswerStatus | None = None  # a status the typing's own save set (回答済 on 未確認)
        self.drafts = drafts_of(state)
        self.page_answers: PageAnswers | None = None  # a page reading on a worker gives its answers (app/ui/page_reads/heard.py)
        self._was_busy = False
        self._retry = QTimer(self, singleShot=True, interval=2000)  # a busy database: what was typed is saved again after a moment
        self._retry.timeout.connect(lambda: state.waiting_edits.retry(self, self.save_waiting))  # in turn (app/ui/window/waiting_steps.py)
        self.setObjectName("itemEditor" if not compact else "interviewItemEditor")

        self.timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.path_label, self.question_label = question_labels()
        outer.addWidget(self.path_label)
        outer.addWidget(self.question_label)

        # Status: four exclusive buttons (keys 1-4 in interview mode).
        self.status_row = StatusButtons(numbered=compact)
        self.status_row.statusClicked.connect(self.set_status)
        self.status_buttons = self.status_row.buttons
        outer.addWidget(self.status_row)

        # Hypothesis badge and confirmation.
        self.hypothesis_row = HypothesisBar()
        self.hypothesis_row.confirmClicked.connect(self.confirm_hypothesis)
        self.hypothesis_label = self.hypothesis_row.label
        self.confirm_button = self.hypothesis_row.confirm_button
        outer.addWidget(self.hypothesis_row)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("itemEditorSplitter")
        body.setChildrenCollapsible(False)
        left = QWidget()
        self.left_layout = QVBoxLayout(left)
        self.left_layout.setContentsMargins(0, 0, 0, 0)
        self.editor_box = QWidget()
        self.editor_layout = QHBoxLayout(self.editor_box)
        self.editor_layout.setContentsMargins(0, 0, 0, 0)
        self.left_layout.addWidget(self.editor_box, 3)
        self.error_label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                                  textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)  # a draft shown here can be copied
        self.error_label.setObjectName("answerError")  # (red: STATUS_SHEET)
        self.error_label.hide()
        self.left_layout.addWidget(self.error_label)
        self.stored_note, self.check_note = note_labels(self.left_layout)  # a saved answer its field cannot show; a PoC end before its start

        self.note = QPlainTextEdit(placeholderText=self.tr("Note (what to follow up, who will answer, ...)"), tabChangesFocus=True)
        self.note.setObjectName("answerNote")
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMaximumHeight(90 if not compact else 70)
        self.note.textChanged.connect(lambda: self._edited("note", self.note.toPlainText()))
        self.answered_by = text_field(self.tr("Answered by"))  # too long: the save says it (nothing cut)
        self.answered_by.setObjectName("answeredBy")
        self.answered_by.setAccessibleName(self.tr("Answered by"))
        self.answered_by.textEdited.connect(lambda text: self._edited("answered_by", text))
        self.left_layout.addWidget(self.note)
        self.left_layout.addWidget(self.answered_by)
        self.followup = FollowupEditor()  # owner, due date, done: while the status is 要フォロー
        self.followup.edited.connect(self._edited)
        self.left_layout.addWidget(self.followup)
        self.left_layout.addStretch(0)  # takes the room a short answer (a choice, a date) leaves
        body.addWidget(left)

        self.help_label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                                 alignment=Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                                 textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.help_label.setObjectName("itemHelp")
        if compact:
            outer.insertWidget(2, self.help_label)
            outer.addWidget(body, 1)
            self._body: QWidget = body
        else:
            right = QWidget()
            right_layout = QVBoxLayout(right)
            right_layout.setContentsMargins(0, 0, 0, 0)
            help_box = QGroupBox(self.tr("Help"))
            QVBoxLayout(help_box).addWidget(self.help_label)
            right_layout.addWidget(help_box)
            self.used_by_button = QPushButton(self.tr("Built on this answer…"))  # what depends on it; suspect ones first
            self.used_by_button.setObjectName("answerUsedBy")
            self.used_by_button.clicked.connect(lambda: self.item_id and open_suspects(self.state, self.window(), self.item_id))
            right_layout.addWidget(self.used_by_button)
            right_layout.addStretch(1)
            self.history_model = HistoryModel(self)
            self.history_model.library = self.state.workspace.library
            history_box, self.history_view = history_table(self.history_model)
            self.history_reads = HistoryReads(state, self.history_model, self.history_view)
            body.addWidget(right)
            body.setStretchFactor(0, 3)
            body.setStretchFactor(1, 2)
            body.setSizes([600, 400])  # shared in these proportions, whatever the size hints say
            self._body = over_history(body, history_box)
            outer.addWidget(self._body, 1)
        self.placeholder = QLabel(self.tr("Choose an item on the left."), alignment=Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setObjectName("itemEditorPlaceholder")
        outer.addWidget(self.placeholder)
        self.base_sheet = STATUS_SHEET  # interview mode adds its type sizes (app.ui.hearing.large_type)
        colours.style(self, self.base_sheet)
        self.show_item(None)
        # Bound methods, never lambdas, on the state's signals: Qt drops a method's connection when
        # this editor is deleted (the interview's goes with its dialog), a lambda's it keeps.
        state.changed.connect(self._on_changed)
        state.projectAboutToChange.connect(self._leaving_project)
        state.undo_stack.aboutToStep.connect(self.save_typing)  # an undo right after typing takes back that typing
        state.undo_stack.add_editor(self)
        self._follow_steps()  # the undo of a table action brings back the draft it saved over (app/ui/undo.py)

    # --- showing ------------------------------------------------------------------------------

    def shown_key(self) -> tuple[int, str] | None:
        return (self.project_id, self.item_id) if self.item_id is not None else None

    def _base(self) -> Answer | None:
        """The answer shown for the item shown: what typing began from (a save's base, a draft's)."""
        return self._shown if self._shown is not None and self._shown.item_id == self.item_id else None

    @property
    def item_id(self) -> str | None:
        if self.ref is not None:
            return self.ref.item.id
        return self.orphan.item_id if self.orphan else None

    def show_item(self, ref: ItemRef | None, orphan: Answer | None = None, stored: Answer | None = None) -> None:
        """Show another item (what is pending for the current one saved first, or a draft of its own item);
        the drafts of the item shown are put back in its editors, marked invalid, to be fixed."""
        self.flush(cells=True)  # a cell being typed is this item's: never saved as the next one's (its editor goes)
        self._pending.clear()  # saved, or kept in the drafts: never carried over to another item
        self._hidden.clear()
        self._fresh.clear()
        self.ref, self.orphan, self._burst = ref, orphan, self._burst + 1  # (typing there: a burst, an undo step, of its own)
        self.project_id = self.state.project_id
        self.state.undo_stack.shown_changed()  # a draft held is shown here or no longer: Undo offered or not
        for editor in [self.editors.pop(key) for key in list(self.editors)]:
            editor.blockSignals(True)  # gone: a late edit of its own is no one's (never the next item's)
            editor.setParent(None)
            editor.deleteLater()
        empty_layout(self.editor_layout)
        has_item = ref is not None or orphan is not None
        for widget in (self._body, self.question_label, self.path_label, self.hypothesis_row, self.status_row):
            widget.setVisible(has_item)
        self.placeholder.setVisible(not has_item)
        self.error_label.hide()
        if not has_item:
            return
        lang = self.state.content_lang
        grows = ref is not None and ref.item.kind in (AnswerKind.TEXT, AnswerKind.TABLE, AnswerKind.MULTI)
        self.left_layout.setStretch(0, 3 if grows else 0)
        self.left_layout.setStretch(self.left_layout.count() - 1, 0 if grows else 1)
        if ref is not None:
            item = ref.item
            self.path_label.setText(ref.section_path(lang))
            self.question_label.setText(item.label.get(lang))
            self.help_label.setText(item.help.get(lang) if item.help else "")
            parts = (("value", self.tr("Now")), ("later", self.tr("Later"))) if item.now_later else (("value", ""),)
            for key, title in parts:
                editor = make_editor(item, lang, f"answer_{key}")
                editor.edited.connect(lambda k=key, e=editor: self._edited(k, e.typed()))
                editor.aboutToAct.connect(self.save_typing)
                editor.acted.connect(lambda k=key, e=editor: self._acted(k, e.typed()))
                holder: QWidget = editor
                if title:
                    holder = QGroupBox(title)
                    holder.setObjectName(f"answerBox_{key}")
                    QVBoxLayout(holder).addWidget(editor)
                self.editor_layout.addWidget(holder, 1)
                holder.show()  # now, not at the next event loop pass: keys typed at once must land
                self.editors[key] = editor
            tab_first(self, *self.editors.values())  # Tab from the item tree reaches the answer first, then the rest
        else:
            assert orphan is not None  # has_item
            self.path_label.setText(self.tr("Answers from an older checklist"))
            self.question_label.setText(orphan.item_id)
            said = [words for v in (orphan.value, orphan.later) if (words := stored_words(None, v, self.state.content_lang))]
            self.help_label.setText(self.tr("This item is no longer in the checklist. Its answer is kept: {0}").format(" / ".join(said)))
        self.drafts.take_next(self.project_id, self.item_id or "")  # (another window's typing of it waiting: one at a time)
        draft = self.drafts.get(self.project_id, self.item_id or "")
        unshown = self._show_draft(draft.fields) if draft is not None else []
        if draft is not None and draft.base is not None:  # the typing stays based on what was shown then (a later change conflicts)
            self._shown = draft.base
        self.refresh(stored=stored)  # (``stored``: the answer the page just read, not read again)
        if draft is not None:
            self._show_error(draft.error)
            if draft.busy:  # kept waiting by a busy database (a window gone, a page rebuilt): this editor saves it in turn
                self._was_busy = True  # (in the turn it was typed in, when this window kept it: a page rebuilt)
                self.state.waiting_edits.wait(self, self.save_waiting, self._retry, turn=self.state.waiting_edits.kept_turn(*self.shown_key() or (-1, "")))
            elif isinstance(draft.cause, ConflictError):  # changed since it was typed (a window gone, an item left): asked now, as typed here
                QTimer.singleShot(0, self, lambda item=self.item_id: self.flush() if item == self.item_id and self._pending else None)
            if unshown:  # kept all the same: said, and shown here as text
                problem = not_shown(self.item_id or "", draft.fields, unshown)
                self.error_label.setText(f"{self.error_label.text()}\n{user_text(problem, self.state.ui_lang, self.state.workspace.library)}")

    def refresh(self, fallback: Answer | None = None, stored: Answer | None = None) -> None:
        """Show the stored answer, except in the fields typed and not saved yet (or kept as a draft); ``fallback``: the
        answer to show when the database cannot be read now (what was shown before); ``stored``: the one a save returned."""
        item_id = self.item_id
        if item_id is None:
            return
        try:
            answer = stored if stored is not None and stored.item_id == item_id else self.state.answers.answer(self.state.project_id, item_id)
        except UserError as exc:  # the server went away: say so, show nothing stale to type over, try again
            self.error_label.setText(user_text(exc, self.state.ui_lang, self.state.workspace.library))
            self.error_label.show()
            QTimer.singleShot(2000, self, lambda item=item_id: self.refresh() if self.item_id == item else None)
            if fallback is None or fallback.item_id != item_id:
                self._body.setEnabled(False)
                self.history_reads.clear(self.ref.item if self.ref else None)  # (never the item shown before's)
                return
            answer = fallback
        self._body.setEnabled(True)
        # What the user's next edit is based on: the stored answer, except for the fields still
        # being typed, which stay based on what was shown when the typing began.
        shown = self._base()
        kept = {k: getattr(shown, k) for k in self._pending if shown is not None and hasattr(shown, k)}
        self._shown = answer.model_copy(update=kept)
        unfit = [key for key, editor in self.editors.items()  # (the checklist changed since it was saved): said, kept
                 if (key not in self._pending or key in self._hidden) and not editor.set_value(getattr(answer, key)) and not editor.shows_as_text]
        show_notes((self.stored_note, self.check_note), answer, unfit, self.state)
        if "note" not in self._pending:
            set_plain_text(self.note, answer.note)
        if "answered_by" not in self._pending and self.answered_by.text() != answer.answered_by:
            self.answered_by.setText(answer.answered_by)
        self.status_buttons[answer.status].setChecked(True)
        self.followup.show_answer(answer, self._pending, lambda: owner_names(self))
        item = self.ref.item if self.ref else None
        self.hypothesis_row.show_answer(answer, item, self.state.content_lang, self.hypothesis_mode, self.item_id is not None)
        if not self.compact and answer is not fallback:  # (offline: the history as it was)
            self.history_reads.show(item, item_id)  # (a team database: read on a worker, never the window's thread)

    def _show_draft(self, fields: dict[str, Any]) -> list[str]:
        """Put a draft back in the editors, as typed, waiting to be saved again; returns the fields it holds
        that cannot be shown as they are (:func:`unfit_fields`: kept, a text field shows them as text)."""
        self._pending = dict(fields)
        unshown = unfit_fields(fields, self.editors)
        for key, editor in self.editors.items():
            if key in fields and not editor.set_value(fields[key]) and not editor.shows_as_text:
                self._hidden.add(key)  # the editor shows the stored answer instead
        shown = fields_to_show(fields, unshown)
        if "note" in shown:
            set_plain_text(self.note, shown["note"])
        if "answered_by" in shown:
            self.answered_by.setText(shown["answered_by"])
        self.followup.show_fields(shown)
        return unshown

    def _leaving_project(self, _project_id: int) -> None:
        self.flush()

    def _on_changed(self, change: Change) -> None:
        """Undo, redo, an import or another window changed this answer: show it (keeping what is typed; another window's
        on a team database, from the page's read on a worker)."""
        if change.project_id == self.state.project_id and Part.ANSWERS in change.parts and not self._saving and (change.external or self.item_id in change.items) \
                and not read_by_page(self, change):
            after = change.after.get(self.item_id) if not change.external and isinstance(change.after, dict) else None
            self.refresh(stored=after if isinstance(after, Answer) else None)  # an undo's answer as it returned it: no read

    # --- editing --------------------------------------------------------------------------------

    def _edited(self, key: str, value: Any) -> None:
        if self.item_id is None:
            return
        self._pending[key] = value
        self._fresh.add(key)
        self._hidden.discard(key)  # typed over: what the editor shows is the draft now
        self.timer.start()
        shown = self._base()  # (a letter typed and deleted changes nothing)
        changed = shown is None or any(typed_changes(self.ref.item if self.ref else None, k, getattr(shown, k, v), v) for k, v in self._pending.items())
        self.state.undo_stack.set_typing(self, changed)
        if not changed:  # typed back to the answer as stored: no draft left to take back
            self.state.undo_stack.release(self.project_id, self.item_id)

    def save_typing(self) -> None:
        """Save what is being typed now (before an undo, a row added): a draft that did not fit stays one."""
        if self.timer.isActive():
            self.flush()

    def take_back_typing(self) -> None:
        """Undo of typing not saved (in its pause, or kept as a draft that does not fit): the answer as stored."""
        self.timer.stop()
        if self.item_id is not None:
            self.drafts.discard(self.project_id, self.item_id)
        for held in (self._pending, self._hidden, self._fresh):
            held.clear()
        self.error_label.hide()
        self.refresh(fallback=self._shown)  # offline: the answer as shown before the typing

    def flush(self, merge: bool = True, cells: bool = False) -> bool:
        """Save what was typed; False (and why, shown) when it does not fit: it stays, a draft of the item, the
        fields that fit saved all the same (a note beside a wrong number). ``merge``: typing merges with the
        typing of the same fields just before into one undo step. ``cells`` (leaving): a table cell typed, first."""
        if cells:
            commit_open_editors(self)
        self.timer.stop()
        self.state.undo_stack.set_typing(self, False)
        if not self._pending or self.item_id is None:
            self._pending.clear()
            return True
        item_id, steps, fresh, tried, self._fresh, self._saved = self.item_id, self.state.undo_stack.index(), self._fresh, set(self._pending), set(), None
        error = self._save(dict(self._pending), merge=merge)
        if error is not None and len(self._pending) > 1:
            failed: dict[str, Any] = {}
            for key, value in list(self._pending.items()):
                problem = self._save({key: value}, merge=merge)
                if problem is not None:
                    failed[key], error = value, problem
            self._pending = failed
            error = error if failed else None
        if error is not None:
            base = self._base()
            self.drafts.put(self.project_id, item_id, self._pending, error, busy=self._was_busy, base=base)
            if fresh & set(self._pending):  # typed in this pause and refused: Undo takes it back (and what was saved with it)
                saved = self.state.undo_stack.index() - steps or int(bool(tried - set(self._pending)))  # (merged: one step)
                self.state.undo_stack.hold(self.project_id, item_id, saved)
            if self._was_busy:  # saved in turn with the window's edits kept waiting, in the turn of its first typing waiting
                self.state.waiting_edits.keep(self.project_id, item_id, self.state.waiting_edits.wait(self, self.save_waiting, self._retry), first=True)
            self._show_error(user_text(error, self.state.ui_lang, self.state.workspace.library))
            return False
        self._pending.clear()
        self.drafts.discard(self.project_id, item_id)
        self.state.undo_stack.release(self.project_id, item_id)
        self.error_label.hide()
        self.refresh(stored=self._saved if self.project_id == self.state.project_id else None)  # (no read of what the save returned)
        return True

    def _save(self, fields: dict[str, Any], *, check_base: bool = True, merge: bool = True) -> UserError | None:
        """Commit these fields as one undoable step; the error when they do not fit, else None. Based on the
        answer shown: changed since elsewhere, the user chooses to keep what they typed or take the other."""
        item_id = self.item_id or ""
        self._saving = True
        base = self._base() if check_base else None
        try:
            saved = edit_answer(self.state, item_id, edit_text(self.state, item_id), project_id=self.project_id, base=base, owner=self,
                                merge_key=f"{item_id}:{','.join(sorted(fields))}:{self._burst}" if merge else None,
                                as_hypothesis=self.hypothesis_mode and any(k in fields for k in ("value", "later")), **fields)
        except ConflictError as exc:
            self._saving = False
            # On disk while the dialog is open (a killed process offers it at the next start); flush keeps
            # or drops it by the choice.
            self.drafts.put(self.project_id, item_id, self._pending | fields, exc, base=base)
            chosen = resolve_answer_conflict(self, self.state, self.project_id, item_id, fields, base, exc)
            if chosen is None:  # closed without a choice: the typing stays here, unsaved, as a draft
                self._was_busy = False
                return exc  # kept with the draft: said again in the language a switch chooses
            for key in fields:  # what is not in ``chosen`` (theirs kept) is dropped, as chosen
                if key not in chosen:
                    self._pending.pop(key, None)
            return self._save(chosen, check_base=False, merge=merge) if chosen else None  # one operation, one undo step
        except UserError as exc:  # busy: saved again after a moment (save_waiting)
            self._was_busy = isinstance(exc, DatabaseBusy)
            return exc
        finally:
            self._saving = False
        self._saved = saved.after
        if saved.before.status != saved.after.status:  # the save set the status itself (see _flush_as_shown)
            self._own_status = saved.after.status
        if saved.changed:  # an undo step of the window's now: the fields' own histories go (Ctrl+Z there is Edit ▸ Undo's)
            forget_own_steps(*({"note": self.note, "answered_by": self.answered_by, **self.editors}.get(key, self.followup) for key in fields))
        return None

    def save_waiting(self) -> bool:
        """Save the answers a busy database kept waiting, in the order typed: this item's typing and the drafts left
        elsewhere (another item's, shown before), each in its turn among the window's edits; False: still busy."""
        mine = ((self.project_id, self.item_id), lambda: self.flush() or not self._was_busy) if self._pending and self.item_id else None
        return save_answers_in_turn(self.state, self, {(self.project_id, self.item_id)}, self._retry, mine)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(self.tr("Not saved (kept as a draft): {0}").format(text))
        self.error_label.show()

    def _flush_as_shown(self) -> tuple[bool, Answer | None]:
        """Save the typing (:meth:`flush`: False when refused); the base of a status or a confirmation: the answer re-read,
        its status as shown before (a colleague's status saved in the typing pause is asked about, never overwritten)."""
        shown, self._own_status = self._base(), None
        if not self.flush():
            self.refresh()  # (the draft shown red, with the answer as stored)
            return False, None
        now, status = self._base(), self._own_status or (shown.status if shown is not None else None)  # (typed into 未確認: 回答済, its own)
        return True, (now.model_copy(update={"status": status}) if now is not None and status is not None else now)

    def set_status(self, status: AnswerStatus) -> None:
        if self.item_id is None or not (flushed := self._flush_as_shown())[0]:
            return
        base, item_id = flushed[1], self.item_id  # a status someone else set since it was shown: asked (save: based on the answer shown)
        save = lambda base, **fields: edit_answer(self.state, item_id, status_text(self.state, item_id), base=base, action=True, owner=self, **fields)  # noqa: E731
        if self._act(lambda: save_answer_asking(self, self.state, item_id, {"status": status}, base, save)):
            self.statusSet.emit(status.value)

    def confirm_hypothesis(self) -> None:
        """The customer confirmed the hypothesis shown: one operation, one undo step (of an answer that is no
        hypothesis, by its key, or whose guess someone else changed since it was shown: said, nothing changed)."""
        if (item_id := self.item_id) is None or not (flushed := self._flush_as_shown())[0]:
            return
        self._act(lambda: confirm_hypothesis(self.state, item_id, lambda: QCoreApplication.translate("ItemEditor", "Confirm hypothesis"), flushed[1]))

    def _act(self, operation: Callable[[], object]) -> bool:
        """Run an operation on the item shown (a status, a confirmation), its refusal said; the stored answer shown.
        False when refused, or when it returns False (nothing saved, as the user chose: theirs kept)."""
        try:
            done = operation() is not False
        except UserError as exc:
            self.error_label.setText(shown_text(exc, self.state.workspace.library))
            self.error_label.show()
            self.refresh()
            return False
        self.error_label.hide()
        self.refresh()
        return done

    def focus_answer(self, key: str = "value") -> None:
        """Put the cursor in the answer (``key`` "later": the later one of a now / later item)."""
        editor = self.editors.get(key)
        if editor is not None:
            editor.focus_input()
