"""The WBS import compares the app's values in the form the export wrote them (fix29e): a task holding
ESC (shown as ␛), a text past Excel's 32,767 characters (cut with …), a title starting with "=", a
CR is unchanged when nobody changed it; a customer's edit of such a cell is a plain change; a real
change in the app is still a conflict when the customer changed the same cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.wbs.files.sheet import COLUMNS, META_SHEET
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

ESC_TEXT = "ビルドが通ること(\x1b[32mOK\x1b[0m が出る)"
SHOWN_ESC = "ビルドが通ること(␛[32mOK␛[0m が出る)"
LONG_NOTE = "".join(f"{n:05d} 議事録の一行。\n" for n in range(4000))[:40_000] + "ここまでが全文。"
FORMULA_TITLE = "=SUM(A1:A3) の検算"
CR_TEXT = "一行目\r\n二行目\r三行目"


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


@pytest.fixture
def hostile(workspace, demo) -> list[int]:
    """Four leaf tasks holding hostile text: ESC, a 40,000-character note, a formula start, CR."""
    service = WbsService(workspace.db)
    tasks = [t.id for t in service.tasks(demo.id) if t.parent_id is not None][:4]
    service.update(demo.id, [tasks[0]], completion_condition=ESC_TEXT, description=ESC_TEXT)
    service.update(demo.id, [tasks[1]], notes=LONG_NOTE, description=LONG_NOTE)
    service.update(demo.id, [tasks[2]], title=FORMULA_TITLE, notes="+81 3 1234 5678", expected_output="-")
    service.update(demo.id, [tasks[3]], notes=CR_TEXT)
    return tasks


def task(workspace, project_id: int, task_id: int):
    return WbsService(workspace.db).tree(project_id).tasks[task_id]


def edit(path: Path, task_id: int, workspace, project_id: int, **cells: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    uid = task(workspace, project_id, task_id).uid
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col("task_id")).value == uid)
    for key, value in cells.items():
        sheet.cell(row, col(key)).value = value
    book.save(path)


def cell(path: Path, task_id: int, workspace, project_id: int, key: str) -> str:
    sheet = openpyxl.load_workbook(path)["WBS"]
    uid = task(workspace, project_id, task_id).uid
    return next(sheet.cell(r, col(key)).value for r in range(2, sheet.max_row + 1) if sheet.cell(r, col("task_id")).value == uid)


def test_a_workbook_imported_right_after_its_export_changes_nothing(workspace, demo, hostile, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    before = WbsService(workspace.db).tasks(demo.id)
    plan = read_plan(workspace, demo.id, out)
    assert (plan.kept, plan.changed, plan.added) == (0, [], [])
    apply_plan(workspace, plan)
    assert WbsService(workspace.db).tasks(demo.id) == before


def test_an_english_export_too(workspace, demo, hostile, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "en")
    plan = read_plan(workspace, demo.id, out)
    assert (plan.kept, plan.changed, plan.added) == (0, [], [])


def test_an_older_workbook_without_a_baseline_finds_no_change_either(workspace, demo, hostile, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    meta = book[META_SHEET]
    marker = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "baseline")
    meta.delete_rows(marker, meta.max_row - marker + 1)  # as an older version wrote it
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert (plan.changed, plan.added) == ([], [])


def test_a_customers_edit_of_a_symbol_shown_or_cut_cell_is_a_plain_change(workspace, demo, hostile, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    assert cell(out, hostile[0], workspace, demo.id, "completion_condition") == SHOWN_ESC
    edit(out, hostile[0], workspace, demo.id, completion_condition="テストが全件成功すること")
    edit(out, hostile[1], workspace, demo.id, notes="短い備考に書き換え")
    edit(out, hostile[2], workspace, demo.id, title="=SUM(A1:A4) の検算")
    plan = read_plan(workspace, demo.id, out)
    assert plan.kept == 0 and plan.conflicts == []
    assert {(row.task_id, c.field) for row in plan.changed for c in row.changes} == {
        (hostile[0], "completion_condition"), (hostile[2], "title"),
    }
    # The cut cell rewritten without its "…": where the rest belongs is not known; not imported, said.
    [said] = [m for m in plan.ignored if m.key == "wbs.cut_cell_rewritten"]
    assert "備考" in said.text("ja") and "アプリで編集" in said.text("ja")
    apply_plan(workspace, plan)
    assert task(workspace, demo.id, hostile[0]).completion_condition == "テストが全件成功すること"
    assert task(workspace, demo.id, hostile[0]).description == ESC_TEXT  # untouched: the ESC stays
    assert task(workspace, demo.id, hostile[1]).notes == LONG_NOTE  # the whole text, never the sheet's shortened one
    assert task(workspace, demo.id, hostile[1]).description == LONG_NOTE  # untouched cut cell: the whole text stays
    assert task(workspace, demo.id, hostile[2]).title == "=SUM(A1:A4) の検算"


def test_an_edit_before_the_cut_mark_keeps_the_text_past_the_cut(workspace, demo, hostile, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    shown = cell(out, hostile[1], workspace, demo.id, "notes")
    assert len(shown) == 32_767 and shown.endswith("…")
    edit(out, hostile[1], workspace, demo.id, notes="【済】" + shown[3:])  # a cell holds no more (Excel, openpyxl)
    plan = read_plan(workspace, demo.id, out)
    assert plan.conflicts == []
    apply_plan(workspace, plan)
    assert task(workspace, demo.id, hostile[1]).notes == "【済】" + LONG_NOTE[3:]


def test_a_control_character_the_customers_excel_escapes_reads_as_itself(workspace, demo, hostile, tmp_path: Path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    edit(out, hostile[0], workspace, demo.id, notes="端末の出力 _x001B_[0m")  # how Excel writes an ESC in a cell
    apply_plan(workspace, read_plan(workspace, demo.id, out))
    assert task(workspace, demo.id, hostile[0]).notes == "端末の出力 \x1b[0m"


def test_a_change_in_the_app_alone_is_kept_and_a_change_on_both_sides_is_a_conflict(workspace, demo, hostile, tmp_path: Path) -> None:
    service = WbsService(workspace.db)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    service.update(demo.id, [hostile[0]], completion_condition=ESC_TEXT + "(アプリで修正)", description="アプリで修正")
    service.update(demo.id, [hostile[1]], notes=LONG_NOTE + "追記")  # past the cut: the sheet would show the same
    service.update(demo.id, [hostile[2]], notes="+81 3 0000 0000")
    edit(out, hostile[0], workspace, demo.id, completion_condition="顧客が修正")
    edit(out, hostile[2], workspace, demo.id, notes="+81 3 9999 9999")
    plan = read_plan(workspace, demo.id, out)
    assert {(row.task_id, c.field) for row, c in plan.conflicts} == {(hostile[0], "completion_condition"), (hostile[2], "notes")}
    assert plan.kept == 1  # 説明 changed only in the app (a change past the cut shows nowhere in the sheet)
    apply_plan(workspace, plan)  # the app's side by default
    assert task(workspace, demo.id, hostile[0]).completion_condition == ESC_TEXT + "(アプリで修正)"
    assert task(workspace, demo.id, hostile[0]).description == "アプリで修正"
    assert task(workspace, demo.id, hostile[1]).notes == LONG_NOTE + "追記"
    apply_plan(workspace, plan, "sheet")
    assert task(workspace, demo.id, hostile[0]).completion_condition == "顧客が修正"
    assert task(workspace, demo.id, hostile[2]).notes == "+81 3 9999 9999"


def test_a_role_or_phase_typed_in_the_sheet_in_another_width_is_the_listed_one(workspace, demo, hostile, tmp_path: Path) -> None:
    """ＰＭ typed with the input method's full-width mode, ﾃﾞｰﾀｻｲｴﾝﾃｨｽﾄ in half-width kana: the role listed, no change;
    ＣＩ環境構築 in the phase cell is the phase ci (Catalog.lookup, as the cell editor reads it)."""
    service = WbsService(workspace.db)
    service.update(demo.id, [hostile[0]], owner_role="pm")
    service.update(demo.id, [hostile[1]], owner_role="ds")
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    edit(out, hostile[0], workspace, demo.id, owner_role="ＰＭ")
    edit(out, hostile[1], workspace, demo.id, owner_role="ﾃﾞｰﾀｻｲｴﾝﾃｨｽﾄ")
    plan = read_plan(workspace, demo.id, out)
    assert plan.changed == []
    edit(out, hostile[2], workspace, demo.id, phase="ＣＩ環境構築")
    plan = read_plan(workspace, demo.id, out)
    assert [(row.task_id, c.field) for row in plan.changed for c in row.changes] == [(hostile[2], "phase")]
    apply_plan(workspace, plan)
    assert task(workspace, demo.id, hostile[2]).phase == "ci"
