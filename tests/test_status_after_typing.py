"""A status clicked (or a hypothesis confirmed) just after typing, before the typing pause saved it: the
typing is saved first, and the status is still based on the answer the screen showed, so a colleague's
status saved in that pause is asked about, never overwritten unseen (two windows on one database, in
Japanese)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton

from app.hearing.model import AnswerStatus, HypothesisState
from app.ui.window import conflict_dialog
from tests.gui_helpers import settle, two_windows
from tests.test_nothing_lost_gui import open_item, stored

BACKGROUND = "hearing.basics.background"  # 背景・課題 (text)
KPI = "hearing.basics.kpi_business"  # ビジネス視点でのKPI (text)


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    with two_windows(qtbot, db_path, monkeypatch) as pair:
        yield pair


@pytest.fixture
def asked(monkeypatch):
    """The conflict dialogs shown (their labels and the two sides' texts), answered "use mine"."""
    shown: list[list[str]] = []

    def on_screen(dialog) -> int:
        shown.append([w.text() for w in dialog.findChildren(QLabel)] + [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)])
        dialog._done(conflict_dialog.Choice("mine"))
        return 1

    monkeypatch.setattr(conflict_dialog, "ask_conflict", on_screen)
    return shown


def test_a_status_clicked_within_the_typing_pause_asks_over_the_colleagues_status(two, qtbot, asked) -> None:
    a, b = two
    editor = open_item(a, qtbot, BACKGROUND)
    settle(a)
    qtbot.keyClicks(editor.editors["value"].edit, " (rev. 2)")  # not yet saved: the pause has not passed
    assert editor.timer.isActive()
    b.state.answers.update(b.state.project_id, BACKGROUND, status="follow_up")  # in A's pause

    editor.findChild(QPushButton, "status_not_applicable").click()
    settle(a)

    now = stored(a, BACKGROUND)
    assert " (rev. 2)" in now.value  # the typing saved
    assert asked and "状態" in asked[0] and "要フォロー" in " ".join(asked[0]), asked  # the colleague's status named in the question
    assert now.status == AnswerStatus.NOT_APPLICABLE  # "use mine": saved over it, as chosen


def test_a_status_clicked_within_the_pause_over_nothing_changed_is_saved_without_asking(two, qtbot, asked) -> None:
    a, b = two
    editor = open_item(a, qtbot, BACKGROUND)
    settle(a)
    qtbot.keyClicks(editor.editors["value"].edit, " (rev. 2)")
    b.state.answers.update(b.state.project_id, BACKGROUND, note="佐藤のメモ")  # another field: no matter

    editor.findChild(QPushButton, "status_not_applicable").click()
    settle(a)

    now = stored(a, BACKGROUND)
    assert not asked
    assert (now.status, now.note, " (rev. 2)" in now.value) == (AnswerStatus.NOT_APPLICABLE, "佐藤のメモ", True)


def test_confirming_within_the_typing_pause_over_the_colleagues_status_is_not_unseen(two, qtbot, asked, said) -> None:
    a, b = two
    b.state.answers.update(b.state.project_id, KPI, value="回遊率 +5%(仮説)", as_hypothesis=True)
    a.watcher.poll()
    settle(a)
    editor = open_item(a, qtbot, KPI)
    qtbot.keyClicks(editor.note, "ok")  # the note, typed: the pause has not passed
    b.state.answers.update(b.state.project_id, KPI, status="follow_up")  # in A's pause

    editor.findChild(QPushButton, "confirmHypothesisButton").click()
    settle(a)

    now = stored(a, KPI)
    assert "ok" in now.note
    overwritten_unseen = not asked and now.status != AnswerStatus.FOLLOW_UP
    assert not overwritten_unseen, (now.status, now.hypothesis_state, said, editor.error_label.text())
    assert now.hypothesis_state == HypothesisState.CONFIRMED or not editor.error_label.isHidden()
