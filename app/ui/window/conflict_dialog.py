"""Someone else saved the same field since you loaded it: keep theirs, use mine, or merge (text).

The window never overwrites another person's change silently (the operation refuses a stale base
with :class:`~app.core.errors.ConflictError`); this dialog lets the user decide, seeing both values
side by side, and, when every field in question is text, edit a merge of the two. Whatever is
chosen is then saved as one operation (one undo step) by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.window.geometry import fit_dialog

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary
    from app.core.errors import ConflictError
    from app.core.i18n import Lang
    from app.hearing.model import Answer
    from app.ui.state import AppState

Typed = TypeVar("Typed")
Saved = TypeVar("Saved")


class Choice(Enum):
    THEIRS = "theirs"
    MINE = "mine"
    MERGED = "merged"
    LATER = "later"  # closed (Escape, the title bar) without choosing: nothing typed is dropped


@dataclass(frozen=True)
class Clash:
    """One field both sides changed: its label, the stored value (theirs), what was typed (mine) and
    the value both started from (base; None when not known)."""

    key: str
    label: str
    theirs: Any
    mine: Any
    base: Any = None
    show: Callable[[Any], str] | None = None  # a value as the page shows it (labels, not stored ids); else shown_value
    merged: Any = None  # both sides kept without a text to edit (a table whose sides changed different cells)
    coded: bool = False  # a value chosen from a list (a status, a role): one side or the other, never a merge of two texts

    @property
    def mergeable(self) -> bool:
        return self.merged is not None or (not self.coded and isinstance(self.mine, str) and isinstance(self.theirs, str | None))


def merge_rows(base: Any, theirs: Any, mine: Any) -> list[dict[str, Any]] | None:
    """Two people's edits of one table both kept: each row as the side that changed it, rows one side
    added at the end after the others. None when they cannot both be kept: both sides changed the
    same row (rows carry no identity: a row moved, removed or replaced on one side changes every row
    after it there, so a row the other side edited is never matched to the wrong one), rows were
    removed, or added on both sides (the user then chooses a side)."""
    if not all(isinstance(rows, list) and all(isinstance(r, dict) for r in rows) for rows in (base, theirs, mine)):
        return None
    n = len(base)
    if len(theirs) < n or len(mine) < n or (len(theirs) > n and len(mine) > n):
        return None
    merged: list[dict[str, Any]] = []
    for was, their, my in zip(base, theirs, mine, strict=False):
        if their != was and my != was and their != my:
            return None  # the same row changed on both sides
        merged.append(my if my != was else their)
    return merged + theirs[n:] + mine[n:]


def merge_text(base: str | None, theirs: str | None, mine: str) -> str:
    """A starting point for the merged text: when one side kept the base, the other side's text;
    else their lines, then the lines only I added (in my order). The user edits it before saving."""
    theirs = theirs or ""
    if base is not None and theirs == base:
        return mine
    if base is not None and mine == base:
        return theirs
    their_lines = theirs.splitlines()
    known = set(their_lines) | set((base or "").splitlines())
    added = [line for line in mine.splitlines() if line not in known]
    return "\n".join([*their_lines, *added])


def shown_value(value: Any) -> str:
    """A stored value as text to compare: text as is, a table as one row a line, nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(" | ".join(str(v) for v in row.values()) if isinstance(row, dict) else str(row) for row in value)
    return str(value)


class ConflictDialog(QDialog):
    """Their value beside mine for each clashing field; Keep theirs / Use mine / Save merged text."""

    def __init__(self, what: str, clashes: Sequence[Clash], who: str = "", parent: QWidget | None = None, *, can_merge: bool = True) -> None:
        """``what`` as the question names it: a label quoted by :func:`named`, or a whole ("The WBS")."""
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed elsewhere"))
        self.clashes = list(clashes)
        self.choice = Choice.LATER  # closed without a choice: the caller keeps the typing unsaved
        self.merged: dict[str, str] = {}
        layout = QVBoxLayout(self)
        if who:
            intro = self.tr("{0} was changed by {1} after you opened it. Which text should be kept?").format(what, who)
        else:
            intro = self.tr("{0} was changed elsewhere after you opened it. Which text should be kept?").format(what)
        label = QLabel(intro)
        label.setObjectName("conflictIntro")
        label.setWordWrap(True)
        layout.addWidget(label)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Saved by the other")), 0, 1)
        grid.addWidget(QLabel(self.tr("Typed by you")), 0, 2)
        self.merge_edits: dict[str, QPlainTextEdit] = {}
        for row, clash in enumerate(self.clashes, start=1):
            grid.addWidget(QLabel(clash.label), row, 0)
            for column, value, name in ((1, clash.theirs, "conflictTheirs"), (2, clash.mine, "conflictMine")):
                view = QPlainTextEdit(clash.show(value) if clash.show is not None and value is not None else shown_value(value))
                view.setObjectName(f"{name}_{clash.key}")
                view.setReadOnly(True)
                grid.addWidget(view, row, column)
        layout.addLayout(grid)
        self.merge_area = QWidget()
        merge_layout = QVBoxLayout(self.merge_area)
        merge_layout.setContentsMargins(0, 0, 0, 0)
        merge_layout.addWidget(QLabel(self.tr("Merged text (edit it, then save):")))
        for clash in self.clashes:
            if clash.mergeable and clash.merged is None:
                edit = QPlainTextEdit(merge_text(clash.base if isinstance(clash.base, str | None) else None, clash.theirs, clash.mine))
                edit.setObjectName(f"conflictMerged_{clash.key}")
                edit.setTabChangesFocus(True)  # Tab on to the next box or Save merged text, as the pages' boxes
                self.merge_edits[clash.key] = edit
                merge_layout.addWidget(QLabel(clash.label))
                merge_layout.addWidget(edit)
        self.merge_area.hide()
        layout.addWidget(self.merge_area)
        buttons = QHBoxLayout()
        self.theirs_button = self._button("conflictKeepTheirs", self.tr("Keep theirs"), lambda: self._done(Choice.THEIRS))
        self.mine_button = self._button("conflictUseMine", self.tr("Use mine"), lambda: self._done(Choice.MINE))
        self.merge_button = self._button("conflictMerge", self.tr("Merge…"), self._show_merge)
        self.save_merged_button = self._button("conflictSaveMerged", self.tr("Save merged text"), lambda: self._done(Choice.MERGED))
        self.save_merged_button.hide()
        self.merge_button.setEnabled(can_merge and bool(self.clashes) and all(c.mergeable for c in self.clashes))
        for button in (self.theirs_button, self.mine_button, self.merge_button, self.save_merged_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        fit_dialog(self, 760, 420)

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _show_merge(self) -> None:
        if not self.merge_edits:  # (tables whose sides changed different cells: nothing to edit)
            self._done(Choice.MERGED)
            return
        self.merge_area.show()
        self.merge_button.hide()
        self.save_merged_button.show()
        self.save_merged_button.setDefault(True)
        next(iter(self.merge_edits.values())).setFocus()

    def _done(self, choice: Choice) -> None:
        self.choice = choice
        self.merged = {key: edit.toPlainText() for key, edit in self.merge_edits.items()}
        self.merged |= {clash.key: clash.merged for clash in self.clashes if clash.merged is not None}
        self.accept()

    def values(self) -> dict[str, Any]:
        """What to save for the chosen side (nothing for "keep theirs": the stored value stays)."""
        if self.choice is Choice.MINE:
            return {clash.key: clash.mine for clash in self.clashes}
        if self.choice is Choice.MERGED:
            return dict(self.merged)
        return {}


# --- a hearing answer ------------------------------------------------------------------------------


def _field_label(key: str) -> str:
    """A field of an answer as the item editor names it (every field a window saves: never its id)."""
    labels = {
        "value": QCoreApplication.translate("ItemEditor", "Answer"),
        "later": QCoreApplication.translate("ItemEditor", "Later answer"),
        "note": QCoreApplication.translate("ItemEditor", "Note"),
        "answered_by": QCoreApplication.translate("ItemEditor", "Answered by"),
        "status": QCoreApplication.translate("ItemEditor", "Status"),
        "followup_owner": QCoreApplication.translate("ItemEditor", "Follow-up owner"),
        "followup_due": QCoreApplication.translate("ItemEditor", "Follow-up due date"),
        "followup_done": QCoreApplication.translate("ItemEditor", "Follow-up done"),
    }
    return labels.get(key, key)


CODED_FIELDS = ("status", "followup_due", "followup_done")  # one side or the other, never a merge of two texts


def _field_shown(key: str, lang: Lang, library: ContentLibrary) -> Callable[[Any], str] | None:
    """A coded field of an answer as the item editor shows it: a status by its name, a due date as the
    language writes it, done as done or not (None: the value's own text)."""
    from app.core.i18n import format_date
    from app.hearing.model import status_label

    if key == "status":
        return lambda status: status_label(status, lang, library)
    if key == "followup_due":
        return lambda due: format_date(due, lang) if isinstance(due, dt.date) else str(due)
    if key == "followup_done":
        return lambda done: QCoreApplication.translate("ItemEditor", "Done") if done else QCoreApplication.translate("ItemEditor", "Not done")
    return None


def named(label: str, lang: str) -> str:
    """What changed, as the dialog's question names it: 「背景・課題」 in Japanese, “Background” in English."""
    return f"「{label}」" if lang == "ja" else f"“{label}”"


def ask_conflict(dialog: ConflictDialog) -> int:
    """Show the conflict dialog modally (tests replace this to answer it)."""
    return dialog.exec()


def chosen_fields(dialog: ConflictDialog, fields: dict[str, Any]) -> dict[str, Any] | None:
    """Ask ``dialog`` (its clashes: fields of ``fields`` both sides changed), then let it go. What to save:
    the fields typed that do not clash, and the clashing ones as chosen (none for "keep theirs": the
    stored value stays); None when it was closed without a choice (the form keeps what was typed)."""
    try:
        ask_conflict(dialog)
        if dialog.choice is Choice.LATER:
            return None
        clashing = {clash.key for clash in dialog.clashes}
        return {key: value for key, value in fields.items() if key not in clashing} | dialog.values()
    finally:
        dialog.deleteLater()


def save_asking(
    parent: QWidget, typed: Typed, save: Callable[[Typed], Saved], ask: Callable[[Typed, ConflictError], Typed | None]
) -> Saved | None:  # fmt: skip
    """Save what a dialog's form holds (``typed``: what it changes and the values it showed); where
    another window saved a field it changes too since (:class:`ConflictError`), ``ask`` the user
    (this dialog) and save what they chose over what is stored now (``ask`` returns it). Changed yet
    again while the question was open, the conflict is said, not asked a second time; any other
    refusal is said. Returns what ``save`` returned; None when nothing was saved (also ``ask``
    returning None: closed without a choice, or it said why): the form keeps what was typed."""
    from app.core.errors import ConflictError, UserError
    from app.ui import messages

    try:
        return save(typed)
    except ConflictError as exc:
        conflict = exc
    except UserError as exc:
        messages.show_error(parent, exc)
        return None
    chosen = ask(typed, conflict)
    if chosen is None:
        return None
    try:
        return save(chosen)
    except UserError as exc:  # a conflict too: asked once
        messages.show_error(parent, exc)
        return None


def resolve_answer_conflict(
    parent: QWidget, state: AppState, project_id: int | None, item_id: str, fields: dict[str, Any], base: Answer | None, error: ConflictError
) -> dict[str, Any] | None:  # fmt: skip
    """Someone else changed this answer since it was shown: the user keeps theirs, uses what they
    typed, or saves a merge of the two texts. Returns the fields to save (the fields typed beside the
    clash always; the clashing ones unless theirs is kept); None when the dialog was closed without a
    choice (the typing stays, unsaved)."""
    from app.core.content.model import AnswerKind
    from app.core.errors import UserError
    from app.hearing import AnswerService, format_cell, format_value

    service = AnswerService(state.workspace.db, state.workspace.library)
    pid = project_id if project_id is not None else state.project_id
    try:
        stored = service.answer(pid, item_id)
        history = service.history(pid, item_id)
    except UserError:
        return None
    clashing = [key for key in fields if key in error.fields] or list(fields)
    item = state.workspace.library.item(item_id)
    lang = state.ui_lang

    def show(key: str) -> Callable[[Any], str] | None:
        """An answer's value as the page shows it: a table a row a line, each cell by its label."""
        if key in CODED_FIELDS:
            return _field_shown(key, lang, state.workspace.library)
        if item is None or key not in ("value", "later"):
            return None
        if item.kind == AnswerKind.TABLE:
            return lambda rows: "\n".join(" | ".join(format_cell(c, row.get(c.id), lang) for c in item.columns) if isinstance(row, dict) else str(row)
                                          for row in rows or [])  # fmt: skip
        return lambda value: format_value(item, value, lang)

    def clash(key: str) -> Clash:
        theirs, was = getattr(stored, key, None), getattr(base, key, None) if base is not None else None
        both = merge_rows(was, theirs, fields[key]) if item is not None and item.kind == AnswerKind.TABLE and key in ("value", "later") else None
        return Clash(key, _field_label(key), theirs, fields[key], was, show(key), both, coded=key in CODED_FIELDS)

    clashes = [clash(key) for key in clashing]
    label = item.label.get(state.ui_lang) if item is not None else item_id
    # what was typed beside the clash (the other half of now/later, a note) is saved whatever is chosen
    return chosen_fields(ConflictDialog(named(label, state.ui_lang), clashes, history[-1].author if history else "", parent), fields)


def save_answer_asking(
    parent: QWidget, state: AppState, item_id: str, fields: dict[str, Any], base: Answer | None, save: Callable[..., object]
) -> bool:  # fmt: skip
    """Save ``fields`` of an answer as one operation based on the answer shown (``save(base, **fields)``);
    a field of them someone else changed since, the user is asked (:func:`resolve_answer_conflict`) and
    what they chose is saved over what is stored now. False when nothing was saved (theirs kept, or the
    question closed); any other refusal raises."""
    from app.core.errors import ConflictError

    try:
        save(base, **fields)
        return True
    except ConflictError as exc:
        chosen = resolve_answer_conflict(parent, state, None, item_id, fields, base, exc)
    if not chosen:
        return False
    save(None, **chosen)  # over what is stored now, as chosen (one operation, one undo step)
    return True

