"""Undo and Redo pressed while the team server is down wait as typing does (app/ui/window/waiting_steps.py):
counted in the status bar's waiting edits, made in the order pressed once the server is back, refused and
said (「元に戻す: …」) when a colleague changed the same answer meanwhile (break-it 44b)."""

from __future__ import annotations

import pytest

from tests.gui_helpers import close_window, make_window, settle
from tests.test_nothing_lost_gui import BACKGROUND, open_item, stored

pg = pytest.mark.postgresql


def _type(field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.insertPlainText(text)


def _two_saved_edits(window, qtbot) -> tuple[str, object]:
    before = stored(window, BACKGROUND).value
    editor = open_item(window, qtbot, BACKGROUND)
    for text in ("一度目の背景", "二度目の背景"):
        _type(editor.editors["value"].edit, text)
        assert editor.flush()
        window.state.undo_stack.command(window.state.undo_stack.index() - 1).sealed = True  # two steps, not merged
    assert stored(window, BACKGROUND).value == "二度目の背景"
    return before, editor


@pg
def test_two_undos_pressed_offline_wait_counted_and_are_made_in_order(qtbot, pg_server, pg_url) -> None:
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    try:
        before, _editor = _two_saved_edits(window, qtbot)
        pg_server.halt("fast")
        try:
            window.undo_action.trigger()
            qtbot.wait(50)
            window.undo_action.trigger()
            qtbot.wait(50)
            assert window.save_label.text() == "オフライン: 未保存の編集 2 件"
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: stored(window, BACKGROUND).value == before, timeout=8000)
        settle(window)
        assert len(window.state.undo_stack.waiting) == 0 and "未保存" not in window.save_label.text()
        window.redo_action.trigger()  # both steps are on the stack, to redo as ever
        settle(window)
        assert stored(window, BACKGROUND).value == "一度目の背景"
    finally:
        close_window(window)


@pg
def test_an_undo_then_a_redo_pressed_offline_leave_the_answer_as_it_was(qtbot, pg_server, pg_url) -> None:
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    try:
        _two_saved_edits(window, qtbot)
        pg_server.halt("fast")
        try:
            window.undo_action.trigger()
            qtbot.wait(50)
            window.state.undo_stack.redo()  # Ctrl+Shift+Z (the action is off: nothing to redo yet)
            qtbot.wait(50)
            assert len(window.state.undo_stack.waiting) == 2
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: len(window.state.undo_stack.waiting) == 0, timeout=8000)
        settle(window)
        assert stored(window, BACKGROUND).value == "二度目の背景"
        assert window.state.undo_stack.index() == window.state.undo_stack.count()
    finally:
        close_window(window)


@pg
def test_an_undo_waiting_meets_the_colleagues_later_answer_and_says_it_was_not_made(qtbot, pg_server, pg_url) -> None:
    a = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    heard: list[str] = []
    a.state.problem.connect(heard.append)
    try:
        _two_saved_edits(a, qtbot)
        editor_b = open_item(b, qtbot, BACKGROUND)
        qtbot.waitUntil(lambda: editor_b.editors["value"].edit.toPlainText() == "二度目の背景", timeout=5000)
        settle(b)  # (B has read A's edits before the server stops)
        pg_server.halt("fast")
        try:
            a.undo_action.trigger()
            qtbot.wait(50)
        finally:
            pg_server.resume()
        _type(editor_b.editors["value"].edit, "佐藤が復旧直後に書いた背景")  # before A's retry (every 2 s)
        assert editor_b.flush()
        qtbot.waitUntil(lambda: len(a.state.undo_stack.waiting) == 0, timeout=8000)
        settle(a)
        assert stored(a, BACKGROUND).value == "佐藤が復旧直後に書いた背景"  # theirs kept, never undone over
        assert heard[-1].startswith("元に戻す: ") and "オフライン" not in heard[-1], heard
    finally:
        close_window(b)
        close_window(a)


@pg
def test_the_hearing_list_heard_a_change_while_the_server_is_down_says_so_and_reads_again(qtbot, pg_server, pg_url) -> None:
    from app.core.operations import Change, Part

    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja", page="hearing")
    page = window.page("hearing")
    heard = Change(window.state.project_id, frozenset({Part.ANSWERS}), external=True)  # (the watcher's, of a colleague's save)
    try:
        settle(window)
        pg_server.halt("fast")
        try:
            page._on_changed(heard)  # no traceback: the list stays as shown
            # (read again on a worker on a team database, and tried again while the server is away: said meanwhile)
            qtbot.waitUntil(lambda: "データベースサーバー" in window.save_label.text() or "オフライン" in window.save_label.text(), timeout=30000)
        finally:
            pg_server.resume()
        page._on_changed(heard)
        qtbot.waitUntil(lambda: "未保存" not in window.save_label.text() and "データベースサーバー" not in window.save_label.text(), timeout=30000)
        settle(window)
    finally:
        close_window(window)
