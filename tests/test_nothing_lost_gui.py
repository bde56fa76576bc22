"""Nothing typed is lost: imports undo as one step, two windows on one database never overwrite each other."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.hearing.sheet import COL, export_hearing_sheet
from app.proposal.content import proposal_content
from app.proposal.service import ProposalService
from app.ui import messages
from tests.gui_helpers import close_window, make_window

BACKGROUND = "hearing.basics.background"


def stored(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id)


def open_item(window, qtbot, item_id: str):
    window.show_page("hearing")
    page = window.page("hearing")
    qtbot.waitUntil(lambda: page.select_item(item_id), timeout=30000)  # (a team database: once its read is in)
    qtbot.waitUntil(lambda: page.editor.item_id == item_id)
    return page.editor


def type_answer(window, qtbot, item_id: str, text: str) -> None:
    editor = open_item(window, qtbot, item_id)
    field = editor.editors["value"].edit
    field.selectAll()
    field.insertPlainText(text)  # as an input method commits Japanese text (keyClicks is Latin-1 only)
    assert editor.flush()


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


def test_undo_after_a_hearing_sheet_import_takes_back_the_import(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    """Defect 1: Ctrl+Z after an import put the text from before the import over the imported answer."""
    state = window.state
    sheet = export_hearing_sheet(state.workspace, state.project_id, tmp_path / "s.xlsx", "ja")
    original = stored(window, BACKGROUND).value
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows[BACKGROUND], column=COL["answer"]).value = "顧客が記入した背景"
    ws.cell(row=rows["hearing.basics.accuracy_avc"], column=COL["answer"]).value = "Recall@10 0.7"
    wb.save(sheet)
    type_answer(window, qtbot, BACKGROUND, "アプリで編集した背景")  # after the export: a conflict

    page = window.page("hearing")
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(sheet))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)

    def take_the_sheet(dialog) -> int:
        model = dialog.model
        for row in range(model.rowCount()):
            if model.change(row).conflict:
                model.setData(model.index(row, model.columnCount() - 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", take_the_sheet)
    page.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: stored(window, BACKGROUND).value == "顧客が記入した背景", timeout=10000)
    assert stored(window, "hearing.basics.accuracy_avc").value == "Recall@10 0.7"

    window.undo_action.trigger()  # the import, as one step
    assert stored(window, BACKGROUND).value == "アプリで編集した背景"
    assert stored(window, "hearing.basics.accuracy_avc").value != "Recall@10 0.7"
    assert page.editor.editors["value"].edit.toPlainText() == "アプリで編集した背景"
    window.undo_action.trigger()  # then the edit before it
    assert stored(window, BACKGROUND).value == original
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert stored(window, BACKGROUND).value == "顧客が記入した背景"


def test_undo_in_one_window_never_reverts_a_later_edit_of_another(qtbot, db_path, monkeypatch) -> None:
    a = make_window(qtbot, db_path)
    b = make_window(qtbot, db_path)
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: errors.append(str(error)))
    try:
        type_answer(b, qtbot, BACKGROUND, "B が書いた")
        type_answer(a, qtbot, BACKGROUND, "A が後で書いた")
        b.undo_action.trigger()
        assert stored(a, BACKGROUND).value == "A が後で書いた"
        assert "別のウィンドウ" in b.save_label.text() or "another window" in b.save_label.text()
        assert not b.state.undo_stack.canUndo()  # the refused step is dropped, not left to fail again
    finally:
        close_window(b)
        close_window(a)


def test_two_windows_editing_different_proposal_sections_keep_both(qtbot, db_path) -> None:
    a = make_window(qtbot, db_path)
    b = make_window(qtbot, db_path)
    try:
        content = proposal_content(a.state.workspace.library)
        first, second = [s.id for s in content.template.sections][:2]
        for win in (a, b):
            win.show_page("proposal")
        page_a, page_b = a.page("proposal"), b.page("proposal")
        qtbot.waitUntil(lambda: page_a.inputs is not None and page_b.inputs is not None, timeout=10000)
        for page, section, text in ((page_a, first, "Purpose typed in A"), (page_b, second, "Background typed in B")):
            edit = page.sections.editor(section).edit
            edit.setFocus()
            edit.selectAll()
            qtbot.keyClicks(edit, text)
        doc = ProposalService(a.state.documents).load(a.state.project_id)
        lang = page_a.lang
        assert (doc.texts[first][lang], doc.texts[second][lang]) == ("Purpose typed in A", "Background typed in B")
    finally:
        close_window(b)
        close_window(a)


def test_a_window_shows_what_another_window_saved_and_knows_it_is_there(qtbot, db_path) -> None:
    a = make_window(qtbot, db_path)
    b = make_window(qtbot, db_path)
    try:
        from app.ui import settings

        # the other window's person by name (Settings > author, by default the OS user)
        assert b.others_label.isVisibleTo(b) and settings.author_name() in b.others_label.text()
        editor_b = open_item(b, qtbot, BACKGROUND)
        type_answer(a, qtbot, BACKGROUND, "A が保存した背景")
        qtbot.waitUntil(lambda: editor_b.editors["value"].edit.toPlainText() == "A が保存した背景", timeout=5000)
    finally:
        close_window(a)
    qtbot.waitUntil(lambda: not b.others_label.isVisibleTo(b), timeout=8000)
    close_window(b)


def test_a_cli_import_shows_in_the_open_window(qtbot, db_path, tmp_path: Path) -> None:
    from app.main import main

    window = make_window(qtbot, db_path)
    try:
        editor = open_item(window, qtbot, "hearing.basics.accuracy_avc")
        sheet = export_hearing_sheet(window.state.workspace, window.state.project_id, tmp_path / "s.xlsx", "ja")
        wb = openpyxl.load_workbook(sheet)
        ws = wb.worksheets[0]
        rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
        ws.cell(row=rows["hearing.basics.accuracy_avc"], column=COL["answer"]).value = "CLI から取り込んだ"
        wb.save(sheet)
        project = window.state.project.name
        assert main(["--db", str(db_path), "import", "hearing-sheet", str(sheet), "--project", project]) == 0
        qtbot.waitUntil(lambda: editor.editors["value"].edit.toPlainText() == "CLI から取り込んだ", timeout=5000)
    finally:
        close_window(window)
