"""breaker29a: the WBS page of the Japanese window on the demo project tried as a demanding Japanese user
would: counts said after levelling, generating and in the Excel import's preview, and a WBS workbook
edited in Excel as a customer does (an outline code typed into a cell, a row inserted between two
tasks) and imported back. Each test is a defect found, a strict xfail until it is fixed (the reason says
what the user sees and where the cause probably is).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QLabel

from app.ui import messages
from app.ui.wbs.model import column_index
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests.gui_helpers import settle, wbs_find

ENGLISH_COUNT = re.compile(r"\(s\)|\btask|\bcell|\bconflict")  # "Levelling moved 2 task(s).", "1 cell(s) changed ..."


@pytest.fixture
def window(japanese_window):
    japanese_window.show_page("wbs")
    settle(japanese_window)
    return japanese_window


def stored_tree(workspace, project_id: int):
    return WbsService(workspace.db).tree(project_id)


def sheet_columns(sheet) -> dict[str, int]:
    return {c.value: n for n, c in enumerate(sheet[1], start=1) if isinstance(c.value, str)}


def sheet_row(sheet, title: str) -> int:
    column = sheet_columns(sheet)["タスク"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == title)


# --- counts said in English in the Japanese window ----------------------------------------------------


def test_levelling_says_how_many_tasks_moved_in_japanese(window, monkeypatch) -> None:
    page = window.page("wbs")
    assert page.overload_label.text()  # 過負荷: 1人・1週
    monkeypatch.setattr(type(page), "exec_dialog", lambda _self, _dialog: QDialog.DialogCode.Accepted)  # the preview's Apply
    page.level_button.click()
    settle(window)
    assert not page.overload_label.text()  # levelled
    said = page.details.text()
    assert said and not ENGLISH_COUNT.search(said), said


def test_generate_says_deleted_tasks_not_added_again_in_japanese(window) -> None:
    page = window.page("wbs")
    gpu = wbs_find(page, "GPUの確保(クォータ申請・調達)")  # a generated task
    assert page.model.tree.tasks[gpu].origin.rule_id
    page.select_task(gpu)
    page.delete_selected()
    settle(window)
    assert gpu not in stored_tree(window.state.workspace, window.state.project_id).tasks
    window.state.answers.update(window.state.project_id, "hearing.scope.feature_store", value="now")  # the hearing now calls for more
    page.generate_button.click()
    settle(window)
    said = page.details.text()
    assert "1" in said and not ENGLISH_COUNT.search(said), said


def test_the_import_preview_says_kept_and_conflicting_cells_in_japanese(window, tmp_path: Path, monkeypatch) -> None:
    page = window.page("wbs")
    ws, pid = window.state.workspace, window.state.project_id
    out = export_wbs_xlsx(ws, pid, tmp_path / "wbs.xlsx", "ja")
    kept, clash = wbs_find(page, "WBS作成"), wbs_find(page, "ヒアリング実施")
    assert page.model.setData(page.model.index_of(kept, column_index("notes")), "アプリで追記")  # changed in the app only
    settle(window)
    assert page.model.setData(page.model.index_of(clash, column_index("notes")), "アプリ側のメモ")  # and in the sheet too
    settle(window)
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    sheet.cell(sheet_row(sheet, "ヒアリング実施"), sheet_columns(sheet)["備考"]).value = "顧客側のメモ"
    book.save(out)
    shown: list[str] = []

    def preview(_self, dialog) -> QDialog.DialogCode:
        shown.extend(label.text() for label in dialog.findChildren(QLabel))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(type(page), "exec_dialog", preview)
    monkeypatch.setattr(messages, "open_file", lambda *_a, **_k: str(out))
    page.import_excel()
    settle(window)
    summary = next(text for text in shown if text.startswith("wbs.xlsx"))
    assert not ENGLISH_COUNT.search(summary), summary


# --- a WBS workbook edited in Excel as a customer does ---------------------------------------------------


def test_an_outline_code_typed_into_the_predecessor_cell_in_excel_links_that_task(workspace, demo, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    cell = sheet.cell(sheet_row(sheet, "実験管理シート作成"), sheet_columns(sheet)["先行タスク"])
    # What Excel keeps of "3.10" typed into the cell: text in a cell formatted as text, else the number 3.1.
    cell.value = "3.10" if cell.number_format == "@" else 3.1
    book.save(out)
    apply_plan(workspace, read_plan(workspace, demo.id, out))
    tree = stored_tree(workspace, demo.id)
    task = next(t for t in tree.tasks.values() if t.title == "実験管理シート作成")
    assert [tree.codes[d.predecessor_id] for d in task.dependencies] == ["3.10"]


def test_a_row_inserted_between_two_tasks_in_excel_comes_in_where_it_was_inserted(workspace, demo, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    below = sheet_row(sheet, "WBS作成") + 1
    sheet.insert_rows(below)
    sheet.cell(below, sheet_columns(sheet)["タスク"]).value = "WBSレビュー"
    book.save(out)
    apply_plan(workspace, read_plan(workspace, demo.id, out))
    tree = stored_tree(workspace, demo.id)
    titles = [t.title for t in tree.walk()]
    assert titles[titles.index("WBS作成") + 1] == "WBSレビュー"
