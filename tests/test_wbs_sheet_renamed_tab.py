"""An Excel WBS whose sheet tab the customer renamed is read back (break-it 47e noted it refused:
「WBS のシート「WBS」がありません」, where a hearing sheet's renamed main sheet is read): the one sheet headed
as the WBS is its WBS sheet, and the import says which sheet it read; two such sheets are refused,
both named, nothing changed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core.errors import RefusedImportError
from app.core.workspace import Workspace
from app.main import main
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

TITLE = next(n for n, c in enumerate(COLUMNS, start=1) if c.key == "title")


def retitle(path: Path, code: str, title: str, tab: str, copy_as: str | None = None) -> None:
    """The customer's edit: a task's title in the sheet, the sheet's tab renamed (and copied)."""
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, 1).value) == code)
    sheet.cell(row, TITLE).value = title
    sheet.title = tab
    if copy_as is not None:
        book.copy_worksheet(sheet).title = copy_as
    book.save(path)


def title_of(ws: Workspace, project_id: int, code: str) -> str:
    tree = WbsService(ws.db).tree(project_id)
    return tree.tasks[tree.by_code()[code]].title


@pytest.fixture
def exported(workspace, demo, tmp_path) -> Path:
    return export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")


def test_a_renamed_wbs_tab_is_read_and_said(exported, workspace, demo) -> None:
    retitle(exported, "2.1", "顧客の修正したタイトル", "WBS(顧客確認済み)")
    plan = read_plan(workspace, demo.id, exported)
    said = [m.text("ja") for m in plan.warnings]
    assert any("WBS(顧客確認済み)" in s and "「WBS」" in s for s in said), said
    apply_plan(workspace, plan)
    assert title_of(workspace, demo.id, "2.1") == "顧客の修正したタイトル"


def test_the_cli_reads_a_renamed_tab_in_japanese(exported, workspace, demo, db_path, capsys) -> None:
    retitle(exported, "2.1", "顧客の修正したタイトル", "WBS_v2")
    workspace.close()
    args = ["--db", str(db_path), "--lang", "ja", "import", "wbs", str(exported), "--project", str(demo.id), "--yes"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "WBS_v2" in captured.out + captured.err and "Traceback" not in captured.err
    ws = Workspace.open(str(db_path), workspace.library)
    try:
        assert title_of(ws, demo.id, "2.1") == "顧客の修正したタイトル"
    finally:
        ws.close()


def test_two_sheets_headed_as_the_wbs_are_refused_and_both_named(exported, workspace, demo) -> None:
    before = title_of(workspace, demo.id, "2.1")
    retitle(exported, "2.1", "どちらが正しい?", "WBS_A", copy_as="WBS_B")
    with pytest.raises(RefusedImportError) as refused:
        read_plan(workspace, demo.id, exported)
    said = refused.value.text("ja")
    assert "WBS_A" in said and "WBS_B" in said and "何も変更していません" in said, said
    assert title_of(workspace, demo.id, "2.1") == before


def test_a_workbook_without_any_wbs_sheet_is_still_refused(exported, workspace, demo) -> None:
    book = openpyxl.load_workbook(exported)
    del book["WBS"]
    book.save(exported)
    with pytest.raises(RefusedImportError) as refused:
        read_plan(workspace, demo.id, exported)
    assert "「WBS」がありません" in refused.value.text("ja")


def test_text_typed_in_the_gantt_weeks_is_said_not_to_be_imported(exported, workspace, demo, db_path, capsys) -> None:
    """Break-it 47e noted, not filed: 「遅れそう」 typed in a week cell of the Gantt area was dropped without a word."""
    book = openpyxl.load_workbook(exported)
    sheet = book["WBS"]
    weeks = [c.column for c in sheet[1] if c.column > len(COLUMNS) and c.value is not None]
    assert len(weeks) > 3
    sheet.cell(5, weeks[2]).value = "遅れそう(顧客)"
    sheet.cell(7, weeks[2]).value = "  "  # blank: nothing typed
    book.save(exported)
    plan = read_plan(workspace, demo.id, exported)
    said = [m.text("ja") for m in plan.ignored + plan.warnings]
    week = sheet.cell(1, weeks[2]).value
    label = f"{week.year}/{week.month}/{week.day}"
    assert any("ガント" in s and label in s for s in said), said
    workspace.close()
    args = ["--db", str(db_path), "--lang", "ja", "import", "wbs", str(exported), "--project", str(demo.id), "--dry-run"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert label in captured.out + captured.err and "ガント" in captured.out + captured.err


def test_an_untouched_gantt_area_says_nothing(exported, workspace, demo) -> None:
    plan = read_plan(workspace, demo.id, exported)
    assert not [m for m in plan.ignored + plan.warnings if "ガント" in m.text("ja")]


def test_a_note_merged_across_the_hidden_task_id_is_read_on_its_task_and_said(exported, workspace, demo) -> None:
    """Break-it 48e: 備考 widened over the Gantt weeks by a merge covers the hidden task ID (Excel keeps only the
    merge's first value): the row is its exported task, known by its WBS number, never a second 2.2."""
    notes = next(n for n, c in enumerate(COLUMNS, start=1) if c.key == "notes")
    book = openpyxl.load_workbook(exported)
    sheet = book["WBS"]
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, 1).value) == "2.2")
    sheet.cell(row, notes).value = "横に広げて書いた備考"
    sheet.merge_cells(start_row=row, start_column=notes, end_row=row, end_column=len(COLUMNS) + 4)
    book.save(exported)
    count = len(WbsService(workspace.db).tree(demo.id).tasks)
    plan = read_plan(workspace, demo.id, exported)
    said = [m.text("ja") for m in plan.warnings]
    assert any(f"{row} 行目" in s and "2.2" in s and "結合" in s for s in said), said
    assert not plan.added
    apply_plan(workspace, plan)
    tree = WbsService(workspace.db).tree(demo.id)
    assert len(tree.tasks) == count and tree.tasks[tree.by_code()["2.2"]].notes == "横に広げて書いた備考"
