"""Defects found by trying to break issue 11 ("Nothing lost"), each fixed and kept fixed by its test.

A busy database is made real: a second sqlite3 connection holds ``BEGIN IMMEDIATE`` while the
window saves, with the window's busy timeout shortened so the test stays fast.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.proposal.service import ProposalService
from app.ui import app as ui_app
from app.ui import messages
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import BACKGROUND, open_item, stored, type_answer


@pytest.fixture
def short_busy(monkeypatch):
    """Windows made after this wait 0.3 s (not 2 s) for another process's write lock."""
    monkeypatch.setattr(ui_app, "UI_BUSY_TIMEOUT_MS", 300)


def hold_write_lock(db_path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(db_path), isolation_level=None, timeout=5)
    con.execute("BEGIN IMMEDIATE")
    return con


def release(con: sqlite3.Connection) -> None:
    con.rollback()
    con.close()


def wbs_task(page, title: str) -> int:
    from tests.gui_helpers import wbs_read

    wbs_read(page)  # (a team database: the page reads on a worker)
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def wbs_view_index(page, task_id: int, key: str):
    return page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key]))


def test_undo_while_the_database_is_busy_keeps_the_step_to_try_again(
    qtbot, db_path, short_busy, monkeypatch
) -> None:
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    window = make_window(qtbot, db_path)
    try:
        type_answer(window, qtbot, BACKGROUND, "typed")
        lock = hold_write_lock(db_path)
        window.undo_action.trigger()  # refused: busy (the status bar says so)
        release(lock)
        assert stored(window, BACKGROUND).value == "typed"
        assert "busy" in window.save_label.text() or "使用中" in window.save_label.text()
        qtbot.waitUntil(window.state.undo_stack.canUndo, timeout=2000)  # the step is still there
        window.undo_action.trigger()
        assert stored(window, BACKGROUND).value != "typed"
    finally:
        close_window(window)


def test_proposal_text_typed_while_the_database_is_busy_is_not_lost(
    qtbot, db_path, short_busy, monkeypatch
) -> None:
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict

    asked: list[tuple] = []
    mine = answer_conflict("mine")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append((dialog,)) or mine(dialog))
    window = make_window(qtbot, db_path)
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None, timeout=10000)
    section, lang = next(iter(page.sections.editors)), page.lang
    edit = page.sections.editor(section).edit
    edit.setFocus()
    edit.selectAll()
    lock = hold_write_lock(db_path)
    qtbot.keyClicks(edit, "abc")
    release(lock)
    assert edit.toPlainText() == "abc"  # on screen, not saved
    qtbot.wait(300)
    close_window(window)  # the user closes: nothing asks
    reopened = make_window(qtbot, db_path)
    try:
        doc = ProposalService(reopened.state.documents).load(reopened.state.project_id)
        assert doc.texts.get(section, {}).get(lang) == "abc" or asked
    finally:
        close_window(reopened)


def test_a_wbs_cell_typed_while_the_database_is_busy_is_kept(qtbot, db_path, short_busy, monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, e, *a, **k: errors.append(str(e)))
    window = make_window(qtbot, db_path)
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        task = wbs_task(page, "2. Document management")
        index = wbs_view_index(page, task, "completion_condition")
        page.tree.setCurrentIndex(index)
        page.tree.edit(index)
        editor = page.tree.findChild(QLineEdit, "wbsEditor_completion_condition")
        editor.setText("typed while locked")
        lock = hold_write_lock(db_path)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(errors), timeout=5000)
        release(lock)
        assert "kept" in errors[0]  # what the user is told
        shown = page.model.data(page.model.index_of(task, INDEX["completion_condition"]))
        assert shown == "typed while locked"
    finally:
        close_window(window)


def test_a_wbs_cell_edit_does_not_silently_overwrite_another_windows_edit(
    qtbot, db_path, monkeypatch
) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict

    told: list[object] = []
    theirs = answer_conflict("theirs")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: told.append(dialog) or theirs(dialog))
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: told.append(a))
    a = make_window(qtbot, db_path)
    b = make_window(qtbot, db_path)
    try:
        for win in (a, b):
            win.show_page("wbs")
        page_a, page_b = a.page("wbs"), b.page("wbs")
        task = wbs_task(page_a, "2. Document management")
        index_a = wbs_view_index(page_a, task, "completion_condition")
        page_a.tree.setCurrentIndex(index_a)
        page_a.tree.edit(index_a)
        editor = page_a.tree.findChild(QLineEdit, "wbsEditor_completion_condition")
        editor.setText("A typed")
        index_b = page_b.proxy.mapToSource(wbs_view_index(page_b, task, "completion_condition"))
        assert page_b.model.setData(index_b, "B saved", Qt.ItemDataRole.EditRole)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(100)
        final = page_a.service.tree(page_a.state.project_id).tasks[task].completion_condition
        assert final == "B saved" or told  # B's value kept, or A was asked / told
    finally:
        close_window(b)
        close_window(a)


def test_proposal_text_typed_over_another_windows_edit_is_not_discarded(qtbot, db_path, monkeypatch) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict

    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer_conflict("mine"))
    a = make_window(qtbot, db_path)
    b = make_window(qtbot, db_path)
    try:
        for win in (a, b):
            win.show_page("proposal")
        page_a, page_b = a.page("proposal"), b.page("proposal")
        qtbot.waitUntil(lambda: page_a.inputs is not None and page_b.inputs is not None, timeout=10000)
        section = next(iter(page_a.sections.editors))
        edit_b = page_b.sections.editor(section).edit
        edit_b.selectAll()
        edit_b.insertPlainText("B wrote this")
        edit_a = page_a.sections.editor(section).edit  # A has not polled yet (under a second)
        edit_a.setFocus()
        cursor = edit_a.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        edit_a.setTextCursor(cursor)
        edit_a.insertPlainText("、Aが追記した")  # an input method commits a whole phrase
        doc = ProposalService(a.state.documents).load(a.state.project_id)
        assert "Aが追記した" in edit_a.toPlainText() or "Aが追記した" in doc.texts[section][page_a.lang]
    finally:
        close_window(b)
        close_window(a)


def test_undo_after_keep_mine_does_not_erase_the_other_windows_value(qtbot, db_path, monkeypatch) -> None:
    import app.ui.window.conflict_dialog as item_editor
    from tests.conftest import answer_conflict

    monkeypatch.setattr(item_editor, "ask_conflict", answer_conflict("mine"))  # "use mine"
    monkeypatch.setattr(messages, "show_error", lambda *a, **k: None)
    a = make_window(qtbot, db_path)
    b = make_window(qtbot, db_path)
    try:
        editor = open_item(a, qtbot, BACKGROUND)
        field = editor.editors["value"].edit
        field.selectAll()
        field.insertPlainText("A first")
        assert editor.flush()
        type_answer(b, qtbot, BACKGROUND, "B wrote")
        field.selectAll()
        field.insertPlainText("A again")  # within 2 s: a conflict, kept, then merged with "A first"
        assert editor.flush()
        assert stored(a, BACKGROUND).value == "A again"
        a.undo_action.trigger()
        assert stored(a, BACKGROUND).value in ("B wrote", "A first")  # not back past B's write
    finally:
        close_window(b)
        close_window(a)


def test_the_hearing_sheet_exports_an_answer_with_control_characters(tmp_path: Path, library) -> None:
    from app.core.workspace import Workspace
    from app.hearing.answers import AnswerService
    from app.hearing.sheet import export_hearing_sheet
    from app.projects.demo import create_demo

    ws = Workspace.open(str(tmp_path / "db.sqlite3"), library)
    try:
        pid = create_demo(ws, "ja").id
        AnswerService(ws.db, ws.library).update(pid, BACKGROUND, value="ログ: \x1b[31mERROR\x1b[0m")
        path = export_hearing_sheet(ws, pid, tmp_path / "s.xlsx", "ja")
    finally:
        ws.close()
    import openpyxl

    texts = [c.value for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert "ログ: ␛[31mERROR␛[0m" in texts  # visible, not dropped, and no terminal escape in the file


def test_selecting_an_item_while_another_process_writes_shows_it(qtbot, db_path, short_busy) -> None:
    window = make_window(qtbot, db_path)
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        lock = hold_write_lock(db_path)
        try:
            with qtbot.capture_exceptions() as raised:
                page.select_item(BACKGROUND)
                qtbot.wait(50)
        finally:
            release(lock)
        assert [str(e[1]) for e in raised] == []
        assert page.editor.item_id == BACKGROUND
    finally:
        close_window(window)
