"""Re-importing a WBS workbook without losing anything (issue 11): edits made in the app since the
export are neither listed nor reverted, cells changed on both sides are conflicts the user
resolves, a formula cell is kept as its text, and a changed WBS code is reported, not dropped."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget, QTableView

from app.main import main
from app.ui import messages
from app.wbs.catalog import catalog
from app.wbs.files.sheet import COLUMNS, META_SHEET
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window
from tests.office import soffice

HYPERLINK = '=HYPERLINK("http://x","y")'


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def edit_sheet(path: Path, edits) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    edits(sheet, rows)
    book.save(path)


def by_code(workspace, project_id: int, code: str):
    tree = WbsService(workspace.db).tree(project_id)
    return tree.tasks[tree.by_code()[code]]


def edit_in_the_app(workspace, project_id: int) -> tuple[int, int]:
    """The issue's app edits after the export: 2.1's completion condition and 2.6's priority."""
    service = WbsService(workspace.db)
    first, sixth = by_code(workspace, project_id, "2.1"), by_code(workspace, project_id, "2.6")
    service.update(project_id, [first.id], completion_condition="全項目が回答済み(アプリで修正)")
    service.update(project_id, [sixth.id], priority="must")
    return first.id, sixth.id


@pytest.fixture
def exported(workspace, demo, tmp_path) -> Path:
    return export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")


def test_app_edits_since_the_export_are_not_listed_and_not_reverted(exported, workspace, demo) -> None:
    first, sixth = edit_in_the_app(workspace, demo.id)
    agreed_task = by_code(workspace, demo.id, "2.4")
    assert not agreed_task.agreed
    edit_sheet(exported, lambda s, rows: setattr(s.cell(rows["2.4"], col("agreed")), "value", "はい"))

    plan = read_plan(workspace, demo.id, exported)
    lines = plan.describe("en", catalog(workspace.library))
    assert [line for line in lines if not line.startswith("!")] == ["~ 2.4 WBS・完了条件の顧客合意: Agreed: no → yes"]
    assert not plan.conflicts
    apply_plan(workspace, plan)
    tree = WbsService(workspace.db).tree(demo.id)
    assert tree.tasks[first].completion_condition == "全項目が回答済み(アプリで修正)"
    assert tree.tasks[sixth].priority == "must"
    assert tree.tasks[agreed_task.id].agreed and tree.tasks[agreed_task.id].agreed_on == dt.date.today()


def test_a_cell_changed_in_both_is_a_conflict_that_keeps_the_app_unless_told(exported, workspace, demo, tmp_path) -> None:
    _, sixth = edit_in_the_app(workspace, demo.id)
    edit_sheet(exported, lambda s, rows: setattr(s.cell(rows["2.6"], col("priority")), "value", "任意"))
    plan = read_plan(workspace, demo.id, exported)
    assert [(row.code, change.field, change.old, change.new) for row, change in plan.conflicts] == [("2.6", "priority", "must", "could")]
    assert any(line.startswith("! conflict 2.6") and "Priority" in line for line in plan.describe("en"))
    service = WbsService(workspace.db)
    before = service.tasks(demo.id)
    apply_plan(workspace, plan)  # default: the app's value stays
    assert service.tree(demo.id).tasks[sixth].priority == "must"
    change = apply_plan(workspace, plan, {(sixth, "priority"): "sheet"})
    assert service.tree(demo.id).tasks[sixth].priority == "could"
    service.restore(demo.id, change.before)  # still one undoable step
    assert service.tasks(demo.id) == before


def test_a_sheet_without_a_baseline_treats_tasks_edited_after_the_export_as_conflicts(exported, workspace, demo) -> None:
    book = openpyxl.load_workbook(exported)
    meta = book[META_SHEET]
    marker = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "baseline")
    meta.delete_rows(marker, meta.max_row - marker + 1)  # as an older version wrote it
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == "exported_at":
            meta.cell(r, 2).value = "2000-01-01T00:00:00"
    sheet = book["WBS"]
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["2.4"], col("agreed")).value = "はい"
    book.save(exported)
    first, sixth = edit_in_the_app(workspace, demo.id)
    plan = read_plan(workspace, demo.id, exported)
    assert {(row.code, change.field) for row, change in plan.conflicts} >= {("2.1", "completion_condition"), ("2.6", "priority")}
    apply_plan(workspace, plan)
    tree = WbsService(workspace.db).tree(demo.id)
    assert tree.tasks[first].completion_condition == "全項目が回答済み(アプリで修正)" and tree.tasks[sixth].priority == "must"


def test_the_cli_keeps_the_app_by_default_and_takes_the_sheet_when_asked(exported, workspace, demo, db_path, capsys) -> None:
    _, sixth = edit_in_the_app(workspace, demo.id)
    edit_sheet(exported, lambda s, rows: setattr(s.cell(rows["2.6"], col("priority")), "value", "任意"))
    workspace.close()
    args = ["--db", str(db_path), "--lang", "en", "import", "wbs", str(exported), "--project", str(demo.id), "--yes"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "1 conflict," in out and "! conflict 2.6" in out and "keeping the app's values" in out
    assert main([*args, "--prefer", "sheet"]) == 0
    from app.core.workspace import Workspace

    ws = Workspace.open(str(db_path), workspace.library)
    try:
        assert WbsService(ws.db).tree(demo.id).tasks[sixth].priority == "could"
    finally:
        ws.close()


def test_a_formula_cell_is_kept_as_its_text(exported, workspace, demo) -> None:
    edit_sheet(exported, lambda s, rows: setattr(s.cell(rows["2.9"], col("completion_condition")), "value", HYPERLINK))
    plan = read_plan(workspace, demo.id, exported)
    assert [(c.field, c.new) for row in plan.changed for c in row.changes] == [("completion_condition", HYPERLINK)]
    apply_plan(workspace, plan)
    assert by_code(workspace, demo.id, "2.9").completion_condition == HYPERLINK
    # Written back out, it is text again, never a formula.
    again = export_wbs_xlsx(workspace, demo.id, exported.with_name("again.xlsx"), "ja")
    sheet = openpyxl.load_workbook(again)["WBS"]
    cell = next(c for row in sheet.iter_rows(min_row=2) for c in row if c.value == HYPERLINK)
    assert cell.data_type == "s"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (a local check only)")
def test_a_formula_cell_keeps_its_url_after_a_libreoffice_round_trip(exported, workspace, demo, tmp_path) -> None:
    edit_sheet(exported, lambda s, rows: setattr(s.cell(rows["2.9"], col("completion_condition")), "value", HYPERLINK))
    out = tmp_path / "lo"
    soffice(["--convert-to", "xlsx", "--outdir", str(out), str(exported)])
    plan = read_plan(workspace, demo.id, out / exported.name)
    assert [(c.field, c.new) for row in plan.changed for c in row.changes] == [("completion_condition", HYPERLINK)]


def test_a_changed_wbs_code_is_listed_as_ignored_with_the_reason(exported, workspace, demo, db_path, capsys) -> None:
    task = by_code(workspace, demo.id, "2.9")
    row = {}
    edit_sheet(exported, lambda s, rows: (setattr(s.cell(rows["2.9"], 1), "value", "6.9"), row.setdefault("n", rows["2.9"])))
    plan = read_plan(workspace, demo.id, exported)
    assert [reason.text("en") for reason in plan.ignored] == [
        f"row {row['n']} (2.9 {task.title}): the WBS code was changed from 2.9 to 6.9 in the sheet; "
        "moving a task is not imported: move it in the app"
    ]
    assert [reason.text("ja") for reason in plan.ignored] == [
        f"{row['n']} 行目(2.9 {task.title}): シートで WBS 番号が 2.9 から 6.9 に変わっています。タスクの移動は取り込みません。アプリで移動してください"
    ]
    assert any("6.9" in line and "not imported" in line for line in plan.describe("en"))
    workspace.close()
    assert main(["--db", str(db_path), "--lang", "en", "import", "wbs", str(exported), "--project", str(demo.id), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 ignored" in out and "6.9" in out
    from app.core.workspace import Workspace

    ws = Workspace.open(str(db_path), workspace.library)
    try:
        assert WbsService(ws.db).tree(demo.id).codes[task.id] == "2.9"
    finally:
        ws.close()


def test_the_preview_dialog_resolves_a_conflict_with_its_tick(qtbot, db_path, monkeypatch, tmp_path) -> None:
    window = make_window(qtbot, db_path)
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        ws, pid = page.state.workspace, page.state.project_id
        out = export_wbs_xlsx(ws, pid, tmp_path / "wbs.xlsx", "ja")
        service = WbsService(ws.db)
        tree = service.tree(pid)
        target = tree.tasks[tree.by_code()["2.2"]]
        other = tree.tasks[tree.by_code()["2.3"]]
        page.commit(service.update(pid, [target.id], notes="edited in the app"), "edit")
        page.commit(service.update(pid, [other.id], notes="also in the app"), "edit")

        def edits(sheet, rows) -> None:
            sheet.cell(rows["2.2"], col("notes")).value = "edited in the sheet"  # both: a conflict
            sheet.cell(rows["2.3"], col("notes")).value = "the sheet's"  # both: a conflict, left alone
            sheet.cell(rows["2.4"], 1).value = "7.1"  # a move: ignored

        edit_sheet(out, edits)
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(out))
        seen = {}

        def preview(dialog: QDialog) -> int:
            dialog.show()
            qtbot.waitExposed(dialog)
            view = dialog.findChild(QTableView, "wbsImportChanges")
            model = view.model()
            rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
            seen["rows"] = sorted(rows)
            seen["notes"] = [dialog.findChild(QListWidget, "wbsImportNotes").item(n).text() for n in range(dialog.findChild(QListWidget, "wbsImportNotes").count())]
            take = model.index(next(r for name, r in rows.items() if name.startswith("2.2")), model.columnCount() - 1)
            assert model.data(take, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
            view.setCurrentIndex(take)
            view.setFocus()
            qtbot.keyClick(view, Qt.Key.Key_Space)  # tick "take the sheet's" as a user would
            assert model.data(take, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
            dialog.hide()
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(page, "exec_dialog", preview)
        page.import_excel()
        qtbot.waitUntil(lambda: service.tree(pid).tasks[target.id].notes == "edited in the sheet", timeout=20000)
        qtbot.waitUntil(lambda: not page.busy, timeout=10000)  # applied on a worker; then one undo step
        assert service.tree(pid).tasks[other.id].notes == "also in the app"
        assert len(seen["rows"]) == 2 and any("7.1" in line for line in seen["notes"])
        window.undo_action.trigger()
        assert service.tree(pid).tasks[target.id].notes == "edited in the app"
    finally:
        close_window(window)
