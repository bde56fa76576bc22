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
    child.wait(60)
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
    assert change.conflict and change.cells[0].line("ja") == "2行目「取得元」: BigQuery → Snowflake"
    # and the app's row that taking the sheet replaces (its GCS goes): said too (breaker23b)
    assert [(c.kind, c.row, c.old.get("origin")) for c in change.cells[1:]] == [("lost", 2, "GCS")]
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


# --- WBS sheets and copies of a project -------------------------------------------------------------


def _add(ws, pid: int, title: str) -> int:
    from app.core import operations as ops
    from app.wbs import operations as wbs_ops
    from app.wbs.service import WbsService

    change = ops.run(ws, wbs_ops.wbs_op(pid, lambda w: WbsService(w.db).add_task(pid, None, None, title=title)))
    return change.detail.created[0]


def _wbs_sheet(ws, pid: int, path: Path, answers: dict[str, str]) -> Path:
    """The WBS sheet exported now, with the customer's completion condition for the tasks titled in ``answers``."""
    import openpyxl

    from app.wbs.files.xlsx import export_wbs_xlsx

    export_wbs_xlsx(ws, pid, path, "ja")
    book = openpyxl.load_workbook(path)
    table = book.worksheets[0]
    header = [c.value for c in table[1]]
    for row in range(2, table.max_row + 1):
        title = table.cell(row, header.index("タスク") + 1).value
        if title in answers:
            table.cell(row, header.index("完了条件") + 1).value = answers.pop(title)
    assert answers == {}, answers
    book.save(path)
    return path


def _changed(plan) -> dict[int, list[str]]:
    return {row.task_id: [str(c.new) for c in row.changes] for row in plan.changed}


def test_a_sheet_from_another_copy_still_brings_the_tasks_both_copies_share(workspace, demo, tmp_path: Path, library) -> None:
    from app.core.workspace import Workspace
    from app.projects.database_copy import copy_project
    from app.wbs.files.sheet_import import read_plan
    from app.wbs.service import WbsService

    team = Workspace.open(str(tmp_path / "team.sqlite3"), library)
    try:
        team_id = copy_project(workspace.db, demo.id, team.db)
        shared = next(t for t in WbsService(team.db).tree(team_id).walk() if not WbsService(team.db).tree(team_id).has_children(t.id))
        _add(workspace, demo.id, "外部API連携")
        minutes = _add(team, team_id, "議事録作成")
        sheet = _wbs_sheet(workspace, demo.id, tmp_path / "WBS.xlsx", {"外部API連携": "API仕様書を顧客と合意", shared.title: "顧客の承認"})
        plan = read_plan(team, team_id, sheet)
        assert _changed(plan) == {shared.id: ["顧客の承認"]}  # the task both copies had before the copy
        said = [w.text("ja") for w in plan.warnings]
        assert any("外部API連携" in w and "別のコピー" in w for w in said), said
        own = read_plan(team, team_id, _wbs_sheet(team, team_id, tmp_path / "team.xlsx", {"議事録作成": "議事録を共有"}))
        assert _changed(own) == {minutes: ["議事録を共有"]}  # the team's own sheet: its own new task
        again = read_plan(workspace, demo.id, sheet)  # and the laptop's sheet in the laptop
        assert sorted(_changed(again).values()) == [["API仕様書を顧客と合意"], ["顧客の承認"]]
    finally:
        team.close()


def test_an_old_sheet_imported_after_restoring_an_older_backup_never_lands_on_a_newer_task(workspace, demo, tmp_path: Path) -> None:
    from app.wbs.files.sheet_import import read_plan

    backup = backups.create_backup(workspace.db)
    _add(workspace, demo.id, "外部API連携")  # after the backup: lost by the restore
    sheet = _wbs_sheet(workspace, demo.id, tmp_path / "WBS.xlsx", {"外部API連携": "API仕様書を顧客と合意"})
    backups.restore_backup(workspace.db, backup)
    plan = read_plan(workspace, demo.id, sheet)
    assert plan.changed == [] and any("別のコピー" in w.text("ja") for w in plan.warnings)
    minutes = _add(workspace, demo.id, "議事録作成")  # takes the uid 外部API連携 had
    plan = read_plan(workspace, demo.id, sheet)
    assert minutes not in _changed(plan) and any("外部API連携" in w.text("ja") and "別のコピー" in w.text("ja") for w in plan.warnings)


def test_the_project_file_carries_no_copy_id_and_each_import_is_a_copy_of_its_own(workspace, demo, tmp_path: Path, library) -> None:
    from app.core.projects import COPY_ID, copy_id
    from app.core.workspace import Workspace
    from app.projects.transfer import export_data, import_data

    other = Workspace.open(str(tmp_path / "other.sqlite3"), library)
    try:
        first = import_data(other.db, export_data(workspace.db, demo.id))
        data = export_data(other.db, first)
        assert COPY_ID not in data["project"]["settings"]
        with other.db.session() as s:
            mine = copy_id(s, first)
        assert mine
        with workspace.db.session() as s:
            assert copy_id(s, demo.id) == ""  # the original stays as it was
    finally:
        other.close()
