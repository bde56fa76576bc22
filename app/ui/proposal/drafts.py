"""The proposal typed and not saved yet (a busy database, a text too long, a conflict left
unanswered): why, in red above the form, and a button that drops it; the typing kept on disk.

The window's drafts (app/ui/hearing/drafts.py) keep the whole typed document with the stored one it
is based on, so that a window gone (a crash, a kill) leaves it to the next window: that one shows it
again as unsaved, and its save is a patch from that base (a field another window changed since is
asked about). A kept draft that is no proposal (the file was edited) is said here with what it holds.

Typing the core refused (a text too long, a table cell too) is held by the window's undo stack as the
hearing's is (:class:`app.ui.window.held_drafts.HeldDrafts`, the whole document one item): Edit ▸ Undo right
after it takes back that typing (the draft dropped, the stored proposal shown), never the step before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.core.errors import UserError
from app.proposal.model import ProposalDoc
from app.proposal.service import KIND, ProposalService, dump_doc, parse_doc
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of, kept_not_shown
from app.ui.proposal.conflicts import rebased
from app.ui.widgets import colours

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.ui.proposal.texts import SectionsPanel
    from app.ui.state import AppState
    from app.ui.window.held_drafts import HeldDrafts

DRAFT = f"{KIND}:document"  # the draft's item: the page's own (a colon), the whole document
FIELD = "doc"  # the draft's one field: the typed document as JSON


def kept_fields(typed: ProposalDoc) -> dict[str, Any]:
    return {FIELD: dump_doc(typed)}


def read_kept(fields: dict[str, Any], base: Any) -> tuple[ProposalDoc, ProposalDoc | None] | None:
    """The typed document of a draft kept on disk and the one shown when the typing began (None when
    it was not kept); None when the typing is no proposal (the file was edited)."""
    typed = fields.get(FIELD)
    if set(fields) != {FIELD} or not isinstance(typed, dict):
        return None
    try:
        doc = parse_doc(typed)
    except UserError:
        return None
    try:
        return doc, parse_doc(base) if isinstance(base, dict) else None
    except UserError:  # a base that is no proposal is as good as none
        return doc, None


class DraftLine(QWidget):
    """Why the proposal shown is not saved, and a button to drop what was typed.

    Signals:
        discardRequested(): the user drops the typing (the stored proposal is shown again).
    """

    discardRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("proposalDraft")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never live HTML
        self.label.setWordWrap(True)
        colours.style(self.label, colours.WARNING)
        line.addWidget(self.label, 1)
        self.discard_button = QPushButton(self.tr("Discard what was typed"))
        self.discard_button.setObjectName("proposalDiscardDraft")
        self.discard_button.setToolTip(self.tr("Show the stored proposal again: what was typed and not saved is dropped"))
        self.discard_button.clicked.connect(lambda _=False: self.discardRequested.emit())
        line.addWidget(self.discard_button)
        self.hide()

    def show_draft(self, why: str | None, *, said: bool = False) -> None:
        """Say why the typing is not saved (``said``: ``why`` is the whole line), or hide (None)."""
        self.setVisible(why is not None)
        self.label.setText("" if why is None else why if said else self.tr("Not saved yet: {0}").format(why))


class ProposalDrafts(QWidget):
    """The drafts of :class:`app.ui.proposal.page.ProposalPage` (a mixin: the page sets what is declared here)."""

    state: AppState
    doc: ProposalDoc
    lang: Lang
    sections: SectionsPanel
    draft_line: DraftLine
    _unsaved_base: ProposalDoc | None
    _parked: dict[int, tuple[ProposalDoc, ProposalDoc]]
    _unshown: str | None
    _held: HeldDrafts  # the refused typing the window's undo takes back
    _retry: QTimer

    def title(self) -> str:
        raise NotImplementedError

    def _show_all(self, *, preview_now: bool = False) -> None:
        raise NotImplementedError

    def save_pending(self) -> bool:
        raise NotImplementedError

    def _save_in_turn(self) -> bool | None:
        """:meth:`save_pending` in its turn among the window's edits kept waiting (app/ui/window/waiting_steps.py):
        True when nothing is left unsaved; else still busy if its save found the database so (not: refused)."""
        return self.save_pending() or None

    def _keep_draft(self, base: ProposalDoc, why: str | BaseException) -> None:
        """The typing a busy database refused: a draft, saved in turn with the window's other edits kept waiting."""
        if self._unsaved_base is None:
            self._unsaved_base = base
        self._put_draft(why)
        edits = self.state.waiting_edits
        # (its turn kept with the draft: the page a language switch builds anew takes it back in that turn)
        edits.keep(self.state.project_id, DRAFT, edits.wait(self, self._save_in_turn, self._retry), first=True)

    def _put_draft(self, why: str | BaseException | None = None) -> None:
        """The typing not saved is a draft of the project, kept on disk with the stored document it is
        based on (``why``: the error, said again after a language switch; None, the reason it had)."""
        assert self._unsaved_base is not None
        drafts = drafts_of(self.state)
        if why is None:
            kept = drafts.get(self.state.project_id, DRAFT)
            why = kept.why if kept is not None else ""
        drafts.put(self.state.project_id, DRAFT, kept_fields(self.doc), why, base=dump_doc(self._unsaved_base))
        self._show_draft()

    def _take_back(self, project_id: int) -> None:
        """The typing a window gone kept for the project (on disk), shown as unsaved over what is stored
        now and saved again shortly (from what it was based on); one that is no proposal, said above the form."""
        kept = drafts_of(self.state).get(project_id, DRAFT)
        if kept is None or not kept.fields or self._unsaved_base is not None:
            return
        read = read_kept(kept.fields, kept.base)
        if read is None:
            error = kept_not_shown(self.title(), kept.fields.get(FIELD, kept.fields))
            self._unshown = user_text(error, self.state.ui_lang, self.state.workspace.library)
            return
        stored, (typed, base) = self.doc, read
        if base is None:  # (kept without: a file too large for both)
            base = stored
        # on what is stored now: the other sections as stored, the typed ones as typed (a stored change
        # of one since it was typed is a conflict, asked when it is saved)
        self._unsaved_base, self.doc = rebased(base, typed, stored)
        if self.doc == self._unsaved_base:  # nothing typed differs from what is stored: nothing is unsaved
            self._unsaved_base = None
            drafts_of(self.state).discard(project_id, DRAFT)
            return
        if (self._unsaved_base, self.doc) != (base, typed):
            self._put_draft()  # kept on disk with the base it has now
        edits = self.state.waiting_edits
        if edits.kept_turns(project_id, DRAFT):  # kept waiting by a busy database: saved in the turn it was typed in
            edits.wait(self, self._save_in_turn, self._retry, turn=edits.kept_turn(project_id, DRAFT))  # (a page rebuilt)
        else:
            self._retry.start()

    def _refused(self, base: ProposalDoc, error: UserError) -> None:
        """The core refused the typing (a text too long): it stays a draft, said in the draft line, and
        in a message once per draft, when the reason is new (not again at each retry, at a language
        switch, on close or when the draft is taken back)."""
        kept = drafts_of(self.state).get(self.state.project_id, DRAFT)
        said = kept.error if kept is not None and self._unsaved_base is not None else None
        self._unsaved_base = base
        self._put_draft(error)
        self._held.hold("")  # the last thing done: Undo takes it back
        kept = drafts_of(self.state).get(self.state.project_id, DRAFT)
        if kept is None or kept.error != said:
            messages.show_error(self, user_text(error, self.state.ui_lang, self.state.workspace.library))

    def _show_draft(self) -> None:
        """The draft line says why the typing is not saved; the sections typed and not saved are red."""
        kept = drafts_of(self.state).get(self.state.project_id, DRAFT)
        why = kept.error if kept is not None and self._unsaved_base is not None else None
        self.draft_line.show_draft(self._unshown or why, said=self._unshown is not None)
        base = self._unsaved_base
        for section_id, editor in self.sections.editors.items():
            typed = base is not None and base.texts.get(section_id, {}).get(self.lang) != self.doc.texts.get(section_id, {}).get(self.lang)
            colours.style(editor.edit, colours.DRAFT_FIELD if typed else "")  # (set only when it changes: set, it polishes)
            editor.edit.setToolTip(why or "" if typed else "")

    def discard_draft(self) -> None:
        """Drop what was typed and not saved: the stored proposal is shown again."""
        self._unsaved_base, self._unshown = None, None
        drafts_of(self.state).discard(self.state.project_id, DRAFT)
        self._held.release(self.state.project_id, "")
        if not self._parked:
            self._retry.stop()
        try:
            self.doc = ProposalService(self.state.documents).load(self.state.project_id)
        except UserError as error:
            messages.show_error(self, self.state.named_error(error))
        self._show_all()
        self._show_draft()

    def _saved(self) -> None:
        if self._unsaved_base is not None:
            self._unsaved_base = None
            drafts_of(self.state).discard(self.state.project_id, DRAFT)
            self._held.release(self.state.project_id, "")
            self._show_draft()
        if not self._parked:
            self._retry.stop()
            self.state.waiting_edits.done(self)

