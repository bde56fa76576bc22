"""fix21b: what the breaker21b tests reach only through two windows or killed processes, checked
directly: leftovers of killed restores, holidays named as dates in a refusal, stale table sheets,
WBS sheets from another copy of a project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.errors import ConflictError
from app.core.storage import backups


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_backup_removes_what_a_killed_restore_left_and_keeps_a_running_ones(workspace) -> None:
    db = workspace.db
    assert db.path is not None
    dead, alive = _dead_pid(), os.getppid()  # a process that is gone, one that runs
    left = [db.path.with_name(f".{db.path.name}.{dead}.restore-part{end}") for end in ("", "-journal")]
    running = db.path.with_name(f".{db.path.name}.{alive}.restore-part")
    for path in (*left, running):
        path.write_bytes(b"x")
    backups.create_backup(db)
    assert [p.exists() for p in left] == [False, False]
    assert running.exists()  # another process's restore, still copying
    running.unlink()


def test_a_refused_undo_of_holidays_names_the_days_as_each_language_writes_a_date(library) -> None:
    from app.ui.error_text import user_text
    from app.wbs.company_calendar import PART

    error = ConflictError(PART, ["2026-12-29", "2027-01-03"])
    assert "「2026/12/29」、「2027/01/03」" in user_text(error, "ja", library)
    assert "“2026-12-29”, “2027-01-03”" in user_text(error, "en", library)


# --- a stale hearing sheet of a table ---------------------------------------------------------------

SOURCES = "hearing.prereq.data_sources"  # データの種類: a table with a sheet of its own


def _sheet_with(workspace, pid: int, path: Path, edit) -> None:
    """The hearing sheet as exported now, then ``edit`` applied to its データの種類 sheet (the customer)."""
    import openpyxl

    from app.hearing.sheet import export_hearing_sheet

    export_hearing_sheet(workspace, pid, path, "ja")
    book = openpyxl.load_workbook(path)
    edit(book["データの種類"])
    book.save(path)


def _sources(workspace, pid: int) -> list[dict]:
    from app.hearing.answers import AnswerService

    return list(AnswerService(workspace.db, workspace.library).answer(pid, SOURCES).value)


def _set_sources(workspace, pid: int, rows: list[dict]) -> None:
    from app.core import operations as ops
    from app.hearing import operations as hearing_ops

    ops.run(workspace, hearing_ops.update_answer(pid, SOURCES, value=rows))


def test_a_customers_edit_of_a_row_is_carried_onto_the_table_the_app_changed_since(workspace, demo, tmp_path: Path) -> None:
    from app.hearing.sheet_import import apply_plan, read_plan

    path = tmp_path / "sheet.xlsx"
    sent = _sources(workspace, demo.id)
    _sheet_with(workspace, demo.id, path, lambda table: table.cell(3, 4, "Snowflake"))  # row 2 (商品マスタ): 取得元
    _set_sources(workspace, demo.id, sent[1:])  # the app removes 商品画像 after the export
    plan = read_plan(workspace, demo.id, path)
    [change] = [c for c in plan.changes if c.item_id == SOURCES]
    assert [c.line("ja") for c in change.cells] == ["2行目「取得元」: BigQuery → Snowflake"]  # numbered as the sheet went out
    assert not change.conflict
    apply_plan(workspace, plan)
    assert [(r["name"], r.get("origin")) for r in _sources(workspace, demo.id)] == [("商品マスタ", "Snowflake"), ("閲覧・購買ログ", sent[2].get("origin"))]


def test_a_row_changed_on_both_sides_is_a_conflict_showing_the_customers_edit(workspace, demo, tmp_path: Path) -> None:
    from app.hearing.sheet_import import apply_plan, read_plan

    path = tmp_path / "sheet.xlsx"
    sent = _sources(workspace, demo.id)
    _sheet_with(workspace, demo.id, path, lambda table: table.cell(3, 4, "Snowflake"))
    _set_sources(workspace, demo.id, [sent[0], sent[1] | {"origin": "GCS"}, sent[2]])
    plan = read_plan(workspace, demo.id, path)
    [change] = [c for c in plan.changes if c.item_id == SOURCES]
    assert change.conflict and [c.line("ja") for c in change.cells] == ["2行目「取得元」: BigQuery → Snowflake"]
    apply_plan(workspace, plan)  # the app's value is kept unless the user takes the sheet's
    assert _sources(workspace, demo.id)[1]["origin"] == "GCS"
    apply_plan(workspace, read_plan(workspace, demo.id, path), prefer="sheet")
    assert [r.get("origin") for r in _sources(workspace, demo.id)] == [r.get("origin") for r in sent[:1]] + ["Snowflake", sent[2].get("origin")]


def test_an_untouched_table_of_a_stale_sheet_changes_nothing(workspace, demo, tmp_path: Path) -> None:
    from app.hearing.sheet_import import read_plan

    path = tmp_path / "sheet.xlsx"
    sent = _sources(workspace, demo.id)
    _sheet_with(workspace, demo.id, path, lambda table: None)
    _set_sources(workspace, demo.id, sent[1:])
    assert [c for c in read_plan(workspace, demo.id, path).changes if c.item_id == SOURCES] == []


def test_carry_over_keeps_both_sides_only_where_they_touched_different_rows() -> None:
    from app.hearing.sheet_tables import carry_over

    a, b, c = {"n": "a"}, {"n": "b"}, {"n": "c"}
    b2, new = {"n": "b2"}, {"n": "new"}
    assert carry_over([a, b, c], [b, c], [a, b2, c], [1, 2, 3]) == [b2, c]  # the app removed a, the sheet changed b
    assert carry_over([a, b, c], [c, b], [a, b2, c], [1, 2, 3]) == [c, b2]  # the app's order stays
    assert carry_over([a, b, c], [a, c], [a, b2, c], [1, 2, 3]) is None  # b removed in the app, changed in the sheet
    assert carry_over([a, b, c], [a, b, c, new], [a, c], [1, 3]) == [a, c, new]  # removed in the sheet, added in the app
    assert carry_over([a, b, c], [a, b, c, new], [a, b, c, new], [1, 2, 3, None]) is None  # added on both sides
    assert carry_over([a, b], [a], [b, a], [2, 1]) is None  # the sheet reordered: an order cannot be carried over
