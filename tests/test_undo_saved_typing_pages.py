"""Undo and the typing of the Proposal and Environment pages (the breaker cases: tests/test_breaker26a.py):
a field whose typing was saved has no history of its own (app/ui/window/keys.py forget_own_steps), a
proposal draft (a text too long, a busy database) stays while Edit ▸ Undo, another page in front, steps back the other sections
(app/ui/proposal/conflicts.py rebased), never a conflict with this window's own undo, and typing a busy
database kept waiting is saved before an undo, which then takes it back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

import app.ui.window.conflict_dialog as conflict_dialog
from app.environment.service import EnvironmentService
from app.proposal.service import ProposalService
from app.ui import messages
from tests.gui_helpers import close_window, environment_page, make_window, settle, undo_elsewhere
from tests.gui_helpers import proposal_section as section
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier
PAUSE_MS = 2200  # past MERGE_SECONDS: the next edit is a step of its own
TOO_LONG = "長" * 100_001


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    asked: list[object] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", asked.append)  # closed without a choice: counted
    win = make_window(qtbot, db_path, global_lang="ja")
    win.asked = asked
    yield win
    close_window(win)


def stored(window, section_id: str) -> str | None:
    doc = ProposalService(window.state.documents).load(window.state.project_id)
    return doc.texts.get(section_id, {}).get(window.page("proposal").lang)


def test_a_saved_proposal_section_has_no_steps_of_its_own(window, qtbot) -> None:
    _page, section_id, field = section(window, qtbot, 0)
    qtbot.keyClicks(field, "-a")
    settle(window)
    assert stored(window, section_id).endswith("-a")
    assert not field.document().isUndoAvailable()  # the window's undo stack owns it


def test_typing_after_an_undo_beside_a_draft_is_saved_without_a_conflict(window, qtbot) -> None:
    page, first, field = section(window, qtbot, 0)
    before = field.toPlainText()
    qtbot.keyClicks(field, "-x")
    settle(window)
    qtbot.wait(PAUSE_MS)
    _page, second, pasted = section(window, qtbot, 1)
    kept = pasted.toPlainText()
    pasted.insertPlainText(TOO_LONG)  # refused: a draft
    settle(window)
    undo_elsewhere(window)  # (with the proposal in front, Undo would take the refused paste back first)
    assert field.toPlainText() == before
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    qtbot.keyClicks(field, "-y")  # typed beside the draft: waits with it
    settle(window)
    pasted.setPlainText(kept + "-z")  # the draft fixed: everything typed is saved
    settle(window)
    assert not window.asked  # this window's own undo is no other window's change
    assert stored(window, first) == before + "-y"
    assert stored(window, second) == kept + "-z"
    assert page._unsaved_base is None


def test_an_undo_of_the_section_holding_the_draft_is_no_conflict(window, qtbot) -> None:
    page, section_id, field = section(window, qtbot, 0)
    before = field.toPlainText()
    qtbot.keyClicks(field, "-x")
    settle(window)
    qtbot.wait(PAUSE_MS)
    field.insertPlainText(TOO_LONG)  # refused: a draft of the same section
    settle(window)
    undo_elsewhere(window)  # "-x" goes from the database; the draft stays, as typed
    assert stored(window, section_id) in (None, before)
    assert field.toPlainText() == before + "-x" + TOO_LONG
    field.setPlainText(before + "-w")  # fixed
    settle(window)
    assert not window.asked
    assert stored(window, section_id) == before + "-w"
    assert page._unsaved_base is None


def test_undo_right_after_typing_a_busy_database_kept_takes_that_typing_back(window, qtbot, db_path, short_busy) -> None:  # noqa: F811
    page, section_id, field = section(window, qtbot, 0)
    qtbot.keyClicks(field, "-a")  # a step before
    settle(window)
    qtbot.wait(PAUSE_MS)
    before = field.toPlainText()
    lock = hold_write_lock(db_path)
    try:
        qtbot.keyClicks(field, "-b")  # kept as a draft, saved again shortly
    finally:
        release(lock)
    assert page._unsaved_base is not None and page._retry.isActive()
    window.undo_action.trigger()  # saved first, then taken back
    settle(window)
    assert stored(window, section_id) == before
    assert field.toPlainText() == before
    assert page._unsaved_base is None


@pytest.mark.parametrize(("page_id", "field_id", "kind"), [("experiment", "docker_base_image", QComboBox), ("data-ci", "deletion_days", QSpinBox)])
def test_an_environment_field_saved_has_no_steps_of_its_own(window, qtbot, page_id, field_id, kind) -> None:
    """A suggestion box's line and a number's box, as the text fields (the breaker's cases)."""
    page = environment_page(window, qtbot, page_id)
    editor = page.findChild(kind, f"field_{field_id}")
    line = editor.lineEdit() if isinstance(editor, QComboBox) else editor.findChild(QLineEdit)
    line.setFocus()
    line.end(False)
    qtbot.keyClicks(line, "9")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # (a number is saved when entered)
    settle(window)
    value = EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)
    assert str(value).endswith("9")
    assert not line.isUndoAvailable()  # Ctrl+Z there is Edit ▸ Undo's



def test_another_windows_edit_shows_beside_a_draft_and_asks_only_of_the_typed_section(window, qtbot, db_path) -> None:
    other = make_window(qtbot, db_path, global_lang="ja")
    try:
        page, first, field = section(window, qtbot, 0)
        _page, second, pasted = section(window, qtbot, 1)
        kept = pasted.toPlainText()
        pasted.insertPlainText(TOO_LONG)  # refused: a draft
        settle(window)
        _their_page, _first, theirs = section(other, qtbot, 0)
        theirs.insertPlainText("-B")  # another window's edit of a section not typed here
        settle(other)
        qtbot.waitUntil(lambda: field.toPlainText().endswith("-B"), timeout=5000)  # shown, the draft kept
        assert len(pasted.toPlainText()) > 100_000
        _their_page, _second, theirs = section(other, qtbot, 1)
        theirs.insertPlainText("-C")  # ... and of the section typed here
        settle(other)
        qtbot.wait(1500)  # (seen by this window)
        pasted.setPlainText(kept + "-z")  # the draft fixed: its save asks about theirs
        settle(window)
        assert window.asked
        assert stored(window, first).endswith("-B")
        assert page._unsaved_base is not None  # closed without a choice: still a draft
    finally:
        close_window(other)
