"""A proposal draft the core refuses (a paste over 100,000 characters): its warning is said once per draft,
then only in the page's draft line (not again at each retry after typing elsewhere, at a language switch,
on close, when a window takes it back); such a draft is not tried again every 2 s once another project
is open (only a busy database's is); an own Undo moves the base of the typed fields it changed only
(app/ui/proposal/conflicts.py rebased)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

import app.ui.window.conflict_dialog as conflict_dialog
from app.proposal.model import ProposalDoc
from app.ui import messages
from app.ui.proposal.conflicts import rebased
from tests.gui_helpers import _open_windows, close_window, make_window, settle
from tests.gui_helpers import proposal_section as section

TOO_LONG = "長" * 100_001  # refused (a field takes 100,000 characters): a draft


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a, **_k: warned.append(text))
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda _dialog: None)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.warned = warned
    yield win
    if any(w is win for w in _open_windows):
        close_window(win)


def test_a_refused_draft_is_warned_about_once(window, qtbot, db_path) -> None:
    page, _second, pasted = section(window, qtbot, 1)
    pasted.insertPlainText(TOO_LONG)
    settle(window)
    assert len(window.warned) == 1 and "長すぎます" in window.warned[0]
    _page, _first, field = section(window, qtbot, 0)
    for typed in ("-a", "-b"):  # typing beside the draft, each pause followed by a retry
        qtbot.keyClicks(field, typed)
        settle(window)
        qtbot.wait(2500)
        settle(window)
    assert len(window.warned) == 1
    assert page.draft_line.isVisible() and window.warned[0] in page.draft_line.label.text()  # said there
    window.set_ui_lang("en")
    qtbot.wait(2500)
    settle(window)
    window.set_ui_lang("ja")
    qtbot.wait(2500)
    settle(window)
    assert len(window.warned) == 1
    close_window(window)
    assert len(window.warned) == 1
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        page, second, _field = section(again, qtbot, 1)
        qtbot.wait(2500)
        settle(again)
        assert len(page.sections.editor(second).edit.toPlainText()) > 100_000  # the draft is back
        assert page.draft_line.isVisible() and window.warned[0] in page.draft_line.label.text()
        assert len(window.warned) == 1
    finally:
        close_window(again)


def test_a_changed_refusal_is_warned_about_again(window, qtbot) -> None:
    _page, _second, pasted = section(window, qtbot, 1)
    pasted.insertPlainText(TOO_LONG)
    settle(window)
    pasted.insertPlainText("長")  # the draft changed: its reason too (one character more)
    settle(window)
    qtbot.wait(2500)
    settle(window)
    assert len(window.warned) == 2 and window.warned[0] != window.warned[1]


def test_a_refused_draft_left_for_another_project_is_not_retried(window, qtbot) -> None:
    page, second, pasted = section(window, qtbot, 1)
    demo = window.state.project_id
    pasted.insertPlainText(TOO_LONG)
    settle(window)
    window.open_project(window.state.projects.create("別案件", lang="ja").id)
    settle(window)
    qtbot.wait(2500)  # one retry: refused again, not tried again
    settle(window)
    assert page._parked == {} and not page._retry.isActive()
    assert len(window.warned) == 1
    window.open_project(demo)
    page, second, pasted = section(window, qtbot, 1)
    settle(window)
    assert len(pasted.toPlainText()) > 100_000 and page._unsaved_base is not None  # taken back from disk


def test_an_own_step_moves_the_base_of_the_typed_fields_it_changed_only() -> None:
    def doc(**texts: str) -> ProposalDoc:
        return ProposalDoc(texts={key: {"ja": text} for key, text in texts.items()})

    base, typed = doc(a="A", b="B"), doc(a="A", b="B" + TOO_LONG)
    stored = doc(a="A2", b="B-C")  # another window's -C in b, this window's undo of a
    was, shown = rebased(base, typed, stored, stepped=[("texts", "a", "ja")])
    assert shown == doc(a="A2", b="B" + TOO_LONG)
    assert was == doc(a="A2", b="B")  # theirs in b stays a conflict
    was, _shown = rebased(base, typed, doc(a="A", b="B-u"), stepped=[("texts", "b")])
    assert was == doc(a="A", b="B-u")  # this window's own undo of b: never a conflict
