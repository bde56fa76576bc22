"""An Excel WBS import whose project changed while its preview was open (another window or process),
and the rows an import names: applying re-reads the tasks in its transaction; a task changed
meanwhile keeps what was changed, a task deleted meanwhile is neither recreated nor linked to, and
the user is told which by outline number and title; a copied row or a row of a deleted task is
named by its task, never by the hidden id."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core import operations as ops
from app.core.errors import RefusedImportError
from app.wbs import operations as wbs_ops
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

SCOPE = "MLOps導入の目的・スコープ定義"  # 1.2
HEARING = "ヒアリング実施"  # 2.1
FOLLOW_UP = "ヒアリング要フォロー事項の確認"  # 2.2, after 2.1


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def edit_sheet(path: Path, edits) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    edits(sheet, rows)
    book.save(path)


def task(workspace, project_id: int, code: str):
    tree = WbsService(workspace.db).tree(project_id)
    return tree.tasks[tree.by_code()[code]]


def titled(workspace, project_id: int, title: str):
    return next((t for t in WbsService(workspace.db).tree(project_id).tasks.values() if t.title == title), None)


def apply(workspace, plan, prefer="app"):
    """The import as the window and the CLI run it: one operation, one transaction."""
    return ops.run(workspace, wbs_ops.wbs_op(plan.project_id, lambda ws: apply_plan(ws, plan, prefer)))


@pytest.fixture
def exported(workspace, demo, tmp_path) -> Path:
    return export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")


def test_a_cell_changed_meanwhile_is_kept_and_the_sheets_other_cells_are_taken(exported, workspace, demo) -> None:
    def edits(sheet, rows) -> None:
        sheet.cell(rows["1.2"], col("notes")).value = "シートのメモ"
        sheet.cell(rows["1.2"], col("owner_name")).value = "佐藤"

    edit_sheet(exported, edits)
    plan = read_plan(workspace, demo.id, exported)
    scope = task(workspace, demo.id, "1.2")
    WbsService(workspace.db).update(demo.id, [scope.id], notes="別の窓のメモ")  # while the preview is open
    change = apply(workspace, plan)
    now = task(workspace, demo.id, "1.2")
    assert (now.notes, now.owner_name) == ("別の窓のメモ", "佐藤")
    assert [m.text("ja") for m in plan.meanwhile()] == [
        "プレビューを開いている間に別の画面で変更されたため、その変更を残しました(同じ項目のシートの値は取り込んでいません): "
        f"1.2 {SCOPE}"
    ]
    assert change.detail.info["changed"] == 1
    ops.run(workspace, ops.undo_op(change))  # still one undo step
    assert task(workspace, demo.id, "1.2").owner_name == scope.owner_name


def test_an_unchanged_plan_says_nothing_more(exported, workspace, demo) -> None:
    edit_sheet(exported, lambda sheet, rows: setattr(sheet.cell(rows["1.2"], col("notes")), "value", "シートのメモ"))
    plan = read_plan(workspace, demo.id, exported)
    apply(workspace, plan)
    assert task(workspace, demo.id, "1.2").notes == "シートのメモ"
    assert plan.meanwhile() == []


def test_a_task_deleted_meanwhile_is_not_recreated_nor_linked_to(exported, workspace, demo) -> None:
    def edits(sheet, rows) -> None:
        sheet.cell(rows["2.1"], col("notes")).value = "シートのメモ"  # a change to the task deleted meanwhile
        sheet.cell(rows["2.4"], col("predecessors")).value = "2.1, 2.3"  # a link to it (2.4 follows 2.3)
        sheet.cell(rows["1.2"], col("notes")).value = "取り込まれる"

    edit_sheet(exported, edits)
    plan = read_plan(workspace, demo.id, exported)
    hearing = task(workspace, demo.id, "2.1")
    wbs = task(workspace, demo.id, "2.3")
    WbsService(workspace.db).delete(demo.id, [hearing.id])  # while the preview is open
    apply(workspace, plan)
    assert titled(workspace, demo.id, HEARING) is None
    agreement = task(workspace, demo.id, "2.3")  # 2.4 is 2.3 now
    assert [d.predecessor_id for d in agreement.dependencies] == [wbs.id]
    assert task(workspace, demo.id, "1.2").notes == "取り込まれる"
    said = [m.text("ja") for m in plan.meanwhile()]
    assert f"プレビューを開いている間に削除されたため、作り直さず、先行タスクとしてもつないでいません: 2.1 {HEARING}" in said
    assert all("SQL" not in s for s in said)


def test_a_new_row_under_a_task_deleted_meanwhile_is_not_added_and_named(exported, workspace, demo) -> None:
    def edits(sheet, rows) -> None:
        sheet.cell(sheet.max_row + 1, col("code")).value = "2.9"
        sheet.cell(sheet.max_row, col("title")).value = "追加のヒアリング"

    edit_sheet(exported, edits)
    plan = read_plan(workspace, demo.id, exported)
    row = plan.added[0].row
    parent = task(workspace, demo.id, "2")
    WbsService(workspace.db).delete(demo.id, [parent.id])  # 2 and its sub-tasks
    apply(workspace, plan)
    assert titled(workspace, demo.id, "追加のヒアリング") is None
    said = [m.text("ja") for m in plan.meanwhile()]
    assert f"親タスクがプレビューを開いている間に削除されたため、追加していません: {row} 行目「追加のヒアリング」" in said
    assert f"プレビューを開いている間に削除されたため、作り直さず、先行タスクとしてもつないでいません: 2 {parent.title}" in said
    assert [m.text("en") for m in plan.meanwhile()][-1] == f"not added, their parent task was deleted while the preview was open: row {row} “追加のヒアリング”"


def test_a_copied_row_names_the_task_and_the_row_it_copies(exported, workspace, demo) -> None:
    def edits(sheet, rows) -> None:
        sheet.insert_rows(4)
        for column in range(1, sheet.max_column + 1):
            sheet.cell(4, column).value = sheet.cell(3, column).value
        sheet.cell(4, col("title")).value = "背景と課題の整理(その2)"

    edit_sheet(exported, edits)
    first = task(workspace, demo.id, "1.1")
    with pytest.raises(RefusedImportError) as refused:
        read_plan(workspace, demo.id, exported)
    letter = openpyxl.utils.get_column_letter(col("task_id"))
    assert f"4 行目: 3 行目(1.1 {first.title})をコピーした行です。新しいタスクとして追加するには、非表示の {letter} 列のセルを空にしてください" in refused.value.text("ja")
    assert f"row 4: this row is a copy of row 3 (1.1 {first.title}); to add it as a new task, clear its cell in the hidden column {letter}" in refused.value.text("en")


def test_a_row_of_a_task_deleted_since_the_export_names_its_number_and_the_title_in_the_sheet(exported, workspace, demo) -> None:
    edit_sheet(exported, lambda sheet, rows: setattr(sheet.cell(rows["1.4"], col("title")), "value", "顧客が直した名前"))
    WbsService(workspace.db).delete(demo.id, [task(workspace, demo.id, "1.4").id])
    plan = read_plan(workspace, demo.id, exported)
    said = [w.text("ja") for w in plan.warnings]
    assert any(s.startswith("6 行目(1.4 「顧客が直した名前」): このタスクはもうプロジェクトにありません") for s in said), said
    assert not any("タスクID" in s for s in said)


def test_the_cli_import_says_what_changed_meanwhile(exported, workspace, demo, db_path, monkeypatch, capsys) -> None:
    """``import wbs`` prints what applying kept: another process edits after the preview was read."""
    import app.wbs.files.sheet_import as sheet_import
    from app.main import main

    edit_sheet(exported, lambda sheet, rows: setattr(sheet.cell(rows["1.2"], col("notes")), "value", "シートのメモ"))
    scope = task(workspace, demo.id, "1.2")
    real = sheet_import.read_plan

    def then_edited(ws, project_id, path):
        plan = real(ws, project_id, path)
        WbsService(workspace.db).update(demo.id, [scope.id], notes="別のプロセスのメモ")
        return plan

    monkeypatch.setattr(sheet_import, "read_plan", then_edited)
    assert main(["--db", str(db_path), "--lang", "ja", "import", "wbs", "--project", str(demo.id), "--yes", str(exported)]) == 0
    out = capsys.readouterr().out
    assert f"その変更を残しました(同じ項目のシートの値は取り込んでいません): 1.2 {SCOPE}" in out, out
    assert task(workspace, demo.id, "1.2").notes == "別のプロセスのメモ"
