"""Fix 67e: what an edited sheet holds besides its values, said in the import's preview (never stored):
formulas in WBS text cells marked 「(数式)」, the customer's comments (WBS and hearing sheet), a WBS row moved
under another phase; a reworded hearing heading named by its cell; the edges the break-it file leaves."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.comments import Comment

from app.core.errors import RefusedImportError
from app.hearing import sheet_import as hearing_import
from app.hearing.sheet import COL, export_hearing_sheet
from app.wbs.files.sheet_import import read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService


def rows_by_code(sheet) -> dict[str, int]:
    return {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}


def test_wbs_comments_formulas_are_said_and_nothing_is_stored(workspace, demo, tmp_path) -> None:
    sent = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(sent)
    sheet = book["WBS"]
    rows = rows_by_code(sheet)
    sheet.cell(rows["2.3"], 10).comment = Comment("この日程は厳しいです。" + "とても" * 40, "顧客")
    for n in range(10):  # past eight comments: the others counted
        sheet.cell(rows["3"] + 1 + n, 2).comment = Comment(f"メモ{n}", "顧客")
    sheet.cell(rows["1.2"], 13).value = f"=M{rows['1.1']}"
    book.save(tmp_path / "returned.xlsx")
    plan = read_plan(workspace, demo.id, tmp_path / "returned.xlsx")
    lines = plan.describe("ja")
    commented = [line for line in lines if "のコメント「" in line]
    assert len(commented) == 8 and "この日程は厳しいです" in commented[0] and "…" in commented[0], commented
    assert any("ほかに 3 個" in line for line in lines), lines
    assert any(line.startswith("~ 1.2 ") and "(数式)" in line for line in lines), lines
    assert any("数式のセルが1個あり" in line and f"WBS!M{rows['1.2']}" in line for line in lines), lines
    assert not any("moved" in line or "移動" in line for line in lines)  # nothing moved: nothing said


def test_a_task_moved_in_the_app_since_the_export_is_no_move_of_the_customer(workspace, demo, tmp_path) -> None:
    sent = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    moved = tree.tasks[tree.by_code()["1.3"]]
    phase2 = tree.by_code()["2"]
    service.move(demo.id, [moved.id], phase2, 0)
    assert service.tree(demo.id).tasks[moved.id].parent_id == phase2
    plan = read_plan(workspace, demo.id, sent)
    assert not [m for m in plan.ignored if m.key == "wbs.row_moved_under"], plan.describe("en")


def test_a_hearing_comment_on_a_table_tab_is_said_by_its_cell(workspace, demo, tmp_path) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "en")
    book = openpyxl.load_workbook(sent)
    team = book.worksheets[1]  # the first table tab (体制 / Team)
    team["B2"].comment = Comment("to be confirmed", "customer")
    main = book.worksheets[0]
    row = next(r for r in range(2, main.max_row + 1) if main.cell(r, COL["id"]).value == "hearing.basics.accuracy_avc")
    main.cell(row, COL["answer"]).comment = Comment("checking internally", "customer")
    book.save(tmp_path / "returned.xlsx")
    plan = hearing_import.read_plan(workspace, demo.id, tmp_path / "returned.xlsx")
    notices = plan.notices("en")
    label = workspace.library.item("hearing.basics.accuracy_avc").label.get("en")
    assert any("checking internally" in n and label in n and "not imported" in n for n in notices), notices
    assert any(f"{team.title}!B2" in n and "to be confirmed" in n for n in notices), notices
    assert not plan.changes


def test_a_reworded_table_heading_is_named_in_english(workspace, demo, tmp_path) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "en")
    book = openpyxl.load_workbook(sent)
    book.worksheets[0]["G1"] = "Your answer"
    book.save(tmp_path / "returned.xlsx")
    with pytest.raises(RefusedImportError) as refused:
        hearing_import.read_plan(workspace, demo.id, tmp_path / "returned.xlsx")
    said = refused.value.text("en")
    assert "G1" in said and "“Your answer”" in said and "should read “Answer”" in said, said
