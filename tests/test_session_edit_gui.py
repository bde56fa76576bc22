"""Hearing ▸ Documents ▸ Sessions and minutes… ▸ Edit…: a Japanese consultant corrects a session's
attendees and writes its notes (決定事項, 宿題) after the meeting; the minutes say them, Undo takes the
edit back in one step, a colleague's edit of the same notes is asked about, and a crash keeps the typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QTextEdit,
)

from app.core.operations import run
from app.hearing.minutes import minutes_markdown
from app.hearing.operations import update_session
from app.ui.hearing.sessions_dialog import SessionEditDialog, SessionsDialog
from app.ui.widgets.dialog_drafts import PAUSE_MS
from tests.gui_helpers import close_window, make_window
from tests.test_drafts_on_disk_pages import crash, kept_drafts, restart

NOTES = "決定: 評価データは店舗Aの1万枚\n宿題: 顧客がクリック率の実績値を共有(12/10まで)"


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def open_sessions(window, monkeypatch) -> tuple[SessionsDialog, list]:
    """The sessions dialog, and every dialog the page opens from it (shown, not run modally)."""
    window.show_page("hearing")
    page = window.page("hearing")
    shown: list = []
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    page.sessions_action.trigger()
    return shown[0], shown


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox, "sessionButtons").button(QDialogButtonBox.StandardButton.Ok).click()


def test_notes_typed_are_in_the_minutes_and_undone_in_one_step(window, qtbot, monkeypatch) -> None:
    state = window.state
    sessions, shown = open_sessions(window, monkeypatch)
    edit_button = sessions.findChild(QPushButton, "editSession")
    assert edit_button.text() == "編集…" and edit_button.isEnabled()
    edit_button.click()
    editor = shown[-1]
    assert isinstance(editor, SessionEditDialog) and editor.windowTitle() == "ヒアリング第1回を編集"
    notes = editor.findChild(QPlainTextEdit, "sessionNotes")
    attendees = editor.findChild(QPlainTextEdit, "sessionAttendees")
    before_attendees = attendees.toPlainText()
    assert before_attendees  # the demo's attendees, one a line
    notes.setFocus()
    notes.insertPlainText("決定: 評価データは店舗Aの1万枚")  # (what the input method commits)
    qtbot.keyClick(notes, Qt.Key.Key_Return)  # Enter: a new line in the notes, not OK
    notes.insertPlainText("宿題: 顧客がクリック率の実績値を共有(12/10まで)")
    attendees.setPlainText(before_attendees + "\n田中(顧客PM)")
    ok(editor)
    stored = state.sessions.get(state.project_id, 1)
    assert stored.notes == NOTES and stored.attendees[-1] == "田中(顧客PM)"
    # The list and the minutes beside it show it at once.
    table = sessions.findChild(QTableView, "sessionsTable")
    assert "田中(顧客PM)" in table.model().index(0, 3).data()
    preview = sessions.findChild(QTextBrowser, "sessionMinutesView").toPlainText()
    assert "メモ" in preview and "宿題: 顧客がクリック率の実績値を共有(12/10まで)" in preview
    # One undo step, named in Japanese by the session; Undo takes both fields back, Redo brings them again.
    assert state.undo_stack.undoText() == "ヒアリング第1回を編集"
    state.undo_stack.undo()
    stored = state.sessions.get(state.project_id, 1)
    assert stored.notes == "" and "\n".join(stored.attendees) == before_attendees
    assert "田中(顧客PM)" not in table.model().index(0, 3).data()
    state.undo_stack.redo()
    assert state.sessions.get(state.project_id, 1).notes == NOTES
    assert "宿題" in minutes_markdown(state.workspace, state.project_id, 1, "ja")


def test_a_colleagues_notes_saved_meanwhile_are_asked_about(window, qtbot, monkeypatch) -> None:
    from app.ui.window import conflict_dialog

    state = window.state
    sessions, shown = open_sessions(window, monkeypatch)
    sessions.findChild(QPushButton, "editSession").click()
    editor = shown[-1]
    editor.findChild(QPlainTextEdit, "sessionNotes").setPlainText("私のメモ")
    run(state.workspace, update_session(state.project_id, 1, notes="佐藤さんのメモ"))  # another window, meanwhile
    asked: list = []

    def keep_theirs(dialog) -> int:
        asked.append([label.text() for label in dialog.findChildren(QLabel)] + [box.toPlainText() for box in dialog.findChildren(QPlainTextEdit)]
                     + [box.toPlainText() for box in dialog.findChildren(QTextEdit)])
        dialog.choice = conflict_dialog.Choice.THEIRS
        return 0

    monkeypatch.setattr(conflict_dialog, "ask_conflict", keep_theirs)
    ok(editor)
    assert asked and "メモ" in asked[0] and "佐藤さんのメモ" in asked[0] and "私のメモ" in asked[0]
    assert asked[0][0].startswith("「")  # the session named by its title (the demo's), not an id
    assert state.sessions.get(state.project_id, 1).notes == "佐藤さんのメモ"


def test_a_date_outside_the_plan_and_a_long_title_are_said_and_kept(window, qtbot, monkeypatch) -> None:
    state = window.state
    sessions, shown = open_sessions(window, monkeypatch)
    sessions.findChild(QPushButton, "editSession").click()
    editor = shown[-1]
    said: list[str] = []
    from app.ui import messages

    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: said.append(error.text("ja", state.workspace.library)))
    title = editor.findChild(type(editor.title), "sessionTitle")
    title.setText("長" * 300)
    ok(editor)
    assert said and "セッションのタイトル" in said[0]
    assert title.text() == "長" * 300 and editor.result() != QDialog.DialogCode.Accepted  # kept in the open box
    assert state.sessions.get(state.project_id, 1).title != "長" * 300


def test_typing_is_kept_after_a_crash_and_comes_back(qtbot, monkeypatch, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    sessions, shown = open_sessions(window, monkeypatch)
    sessions.findChild(QPushButton, "editSession").click()
    shown[-1].findChild(QPlainTextEdit, "sessionNotes").setPlainText("クラッシュ前のメモ")
    qtbot.wait(PAUSE_MS + 200)  # the user stops typing for a moment: the draft is kept
    assert [d for d in kept_drafts() if d["item_id"] == "dialog:session_edit:1"]
    crash(window)
    window = restart(qtbot, db_path)
    try:
        assert "「ヒアリング第1回を編集」" in window.save_label.toolTip()
        again, shown_again = open_sessions(window, monkeypatch)
        again.findChild(QPushButton, "editSession").click()
        back = shown_again[-1]
        assert back.findChild(QPlainTextEdit, "sessionNotes").toPlainText() == "クラッシュ前のメモ"
        assert "戻しました" in back.findChild(QLabel, "dialogDraftRestored").text()
        ok(back)
        assert window.state.sessions.get(window.state.project_id, 1).notes == "クラッシュ前のメモ"
        assert not [d for d in kept_drafts() if d["item_id"].startswith("dialog:")]
    finally:
        close_window(window)


def test_each_heading_of_the_sessions_list_is_whole_in_english(qtbot, monkeypatch, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        sessions, _shown = open_sessions(window, monkeypatch)
        table = sessions.findChild(QTableView, "sessionsTable")
        header, metrics = table.horizontalHeader(), table.horizontalHeader().fontMetrics()
        for column in range(table.model().columnCount()):
            text = table.model().headerData(column, Qt.Orientation.Horizontal)
            assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text  # "Answers captured" was cut
    finally:
        close_window(window)
