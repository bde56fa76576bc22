"""The Excel WBS carries each task's not-before date (開始可能日): exported as a real date in its own
column, read back when the customer changes or clears it, and left alone by a workbook exported
before the column existed. The export report no longer names it as left out."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.main import main
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

HELD = dt.date(2027, 5, 10)


def column(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


@pytest.fixture
def held(workspace, demo):
    """The demo's first leaf task, held back to HELD."""
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    leaf = next(t for t in tree.walk() if not tree.has_children(t.id))
    service.update(demo.id, [leaf.id], not_before=HELD)
    return leaf


def row_of(sheet, uid: int) -> int:
    ids = column("task_id")
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, ids).value == uid)


@pytest.mark.parametrize(("lang", "header"), [("ja", "開始可能日"), ("en", "Not before")])
def test_the_not_before_date_is_a_dated_column_beside_start_and_finish(workspace, demo, held, tmp_path, lang, header) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", lang)
    sheet = openpyxl.load_workbook(out)["WBS"]
    headers = [sheet.cell(1, n).value for n in range(1, len(COLUMNS) + 1)]
    at = headers.index(header) + 1
    assert headers[at - 3 : at - 1] == (["開始日", "終了日"] if lang == "ja" else ["Start", "Finish"])
    cell = sheet.cell(row_of(sheet, held.uid), at)
    start = sheet.cell(row_of(sheet, held.uid), column("start"))
    assert cell.value == dt.datetime.combine(HELD, dt.time()) and cell.number_format == start.number_format
    # Every task's cell holds its own date, and nothing for a task without one.
    tasks = {t.uid: t.not_before for t in WbsService(workspace.db).tasks(demo.id)}
    shown = {sheet.cell(r, column("task_id")).value: sheet.cell(r, at).value for r in range(2, sheet.max_row + 1)}
    assert shown == {uid: dt.datetime.combine(day, dt.time()) if day else None for uid, day in tasks.items()}
    assert sum(1 for day in tasks.values() if day is None) > 1
    # An empty one is a date cell all the same: a date the customer types there shows as the others.
    empty = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, at).value is None)
    assert sheet.cell(empty, at).number_format == start.number_format


def test_a_not_before_date_changed_or_cleared_in_excel_is_imported_as_one_undoable_change(workspace, demo, held, tmp_path) -> None:
    service = WbsService(workspace.db)
    later = service.tree(demo.id)
    other = next(t for t in later.walk() if not later.has_children(t.id) and t.id != held.id)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    sheet.cell(row_of(sheet, held.uid), column("not_before")).value = None
    sheet.cell(row_of(sheet, other.uid), column("not_before")).value = "2027/6/1"  # typed as text, as a customer types it
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    changes = {c.title: {x.field: (x.old, x.new) for x in c.changes} for c in plan.changed}
    assert changes == {held.title: {"not_before": (HELD, None)}, other.title: {"not_before": (None, dt.date(2027, 6, 1))}}
    before = service.tasks(demo.id)
    change = apply_plan(workspace, plan)
    tree = service.tree(demo.id)
    assert tree.tasks[held.id].not_before is None and tree.tasks[other.id].not_before == dt.date(2027, 6, 1)
    service.restore(demo.id, change.before)
    assert service.tasks(demo.id) == before


def test_a_workbook_from_before_the_column_leaves_the_dates_alone(workspace, demo, held, tmp_path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    row = row_of(sheet, held.uid)
    sheet.delete_cols(column("not_before"))  # as the version before wrote it: no such column
    sheet.cell(row, 2).value = "タイトルだけ変更"
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert [(c.title, [x.field for x in c.changes]) for c in plan.changed] == [(held.title, ["title"])]
    apply_plan(workspace, plan)
    assert WbsService(workspace.db).tree(demo.id).tasks[held.id].not_before == HELD


def test_the_export_report_no_longer_says_the_date_is_left_out(workspace, demo, held, db_path, tmp_path, capsys) -> None:
    workspace.close()
    code = main(["--db", str(db_path), "--lang", "ja", "export", "wbs", "--project", str(demo.id), "--out", str(tmp_path / "w.xlsx")])
    err = capsys.readouterr().err
    assert code == 0 and "開始可能日" not in err and "形式上入らなかった項目はありません" in err, err


@pytest.mark.parametrize(("lang", "message"), [("ja", "日付を入力してください(YYYY/MM/DD)"), ("en", "Enter a date (YYYY-MM-DD)")])
def test_date_columns_warn_of_what_is_no_date(workspace, demo, tmp_path, lang, message) -> None:
    """Start, finish, not-before and agreed-on say at once in Excel when what is typed is no date of
    1900-2199, as a warning the user may pass (a text date such as 令和9年6月1日 is read on import)."""
    path = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", lang)
    sheet = openpyxl.load_workbook(path)["WBS"]
    dated = {dv for dv in sheet.data_validations.dataValidation if dv.type == "date"}
    letters = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in dated}
    for key in ("start", "finish", "not_before", "agreed_on"):
        dv = letters[openpyxl.utils.get_column_letter(column(key))]
        assert (dv.errorStyle, dv.operator or "between", dv.formula1, dv.formula2) == ("warning", "between", "1", "109574")
        assert dv.error == message and dv.errorTitle == next(c for c in COLUMNS if c.key == key).label(lang)
        assert str(dv.sqref).endswith("500")  # rows added below the plan are checked too
    assert len(dated) == 4
