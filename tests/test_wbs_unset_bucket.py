"""A task without a phase or an owner role (an imported row left blank): its estimate is totalled
under 「未設定」 / "Not set" (the page, the Excel summary, the wiki), and the row is flagged."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app.environment.wiki_render import render_wiki
from app.wbs.catalog import catalog
from app.wbs.checks import problems, totals
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.model import Problem
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window

TITLE = "顧客データの受領確認"


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def import_blank_row(ws, project_id: int, path: Path) -> int:
    """Export the WBS, add a row with a title, an estimate of 0.5 and no phase or role, import it."""
    export_wbs_xlsx(ws, project_id, path, "ja")
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    row = sheet.max_row + 1
    sheet.cell(row, col("title")).value = TITLE
    sheet.cell(row, col("estimate_days")).value = 0.5
    sheet.cell(row, col("completion_condition")).value = "受領したデータの件数を顧客と確認した"
    book.save(path)
    change = apply_plan(ws, read_plan(ws, project_id, path))
    [created] = change.created
    return created


def summary_rows(path: Path) -> dict[str, list]:
    sheet = openpyxl.load_workbook(path)["集計"]
    rows: dict[str, list] = {}
    current = ""
    for values in sheet.iter_rows(values_only=True):
        if values[0] and values[1] in ("人日",):
            current = str(values[0])
        elif values[0] is not None and current:
            rows.setdefault(current, []).append((values[0], values[1]))
    return rows


def test_an_imported_row_without_phase_or_role_is_totalled_as_not_set_and_flagged(workspace, demo, tmp_path: Path) -> None:
    service = WbsService(workspace.db)
    before = problems(service.tree(demo.id))
    assert not any(Problem.NO_PHASE_OR_ROLE in found for found in before.values())  # the demo sets them all
    task_id = import_blank_row(workspace, demo.id, tmp_path / "wbs.xlsx")
    tree = service.tree(demo.id)
    task = tree.tasks[task_id]
    assert (task.title, task.phase, task.owner_role, task.estimate_days) == (TITLE, "", "", 0.5)
    sums = totals(tree)
    assert sums.by_phase[""] == 0.5 and sums.by_role[""] == 0.5
    cat = catalog(workspace.library)
    assert cat.bucket_label("phase", "", "ja") == "未設定" and cat.bucket_label("owner_role", "", "en") == "Not set"
    assert cat.bucket_label("phase", next(iter(sums.by_phase)), "ja") != "未設定"
    assert problems(tree)[task_id] == [Problem.NO_PHASE_OR_ROLE]

    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "again.xlsx", "ja")
    rows = summary_rows(out)
    assert ("未設定", 0.5) in rows["フェーズ別見積(人日)"] and ("未設定", 0.5) in rows["ロール別見積(人日)"]
    assert rows["フェーズ別見積(人日)"][-2] == ("未設定", 0.5)  # after the phases, before the total
    assert not any(label == "—" for table in rows.values() for label, _ in table)
    summary = openpyxl.load_workbook(out)["集計"]
    open_items = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r[0]}
    assert open_items["フェーズまたは担当ロールが未設定のタスク"] == 1
    wbs = openpyxl.load_workbook(out)["WBS"]
    [row] = [r for r in range(2, wbs.max_row + 1) if wbs.cell(r, col("title")).value and TITLE in str(wbs.cell(r, col("title")).value)]
    flagged = wbs.cell(row, col("phase")).fill.fgColor.rgb
    assert flagged == wbs.cell(row, col("owner_role")).fill.fgColor.rgb
    assert flagged != wbs.cell(row, col("notes")).fill.fgColor.rgb  # the blank cells, not the whole row

    tickets = next(p for p in render_wiki(workspace, demo.id, "ja", "plain").pages if p.id == "tickets").markdown
    assert f"| {TITLE} |" in tickets and tickets.split(f"| {TITLE} |")[1].splitlines()[0].rstrip().endswith("| 未設定 |")


@pytest.mark.parametrize(("lang", "unset"), [("ja", "未設定"), ("en", "Not set")])
def test_the_wbs_page_names_the_bucket_and_flags_the_row(qtbot, db_path, tmp_path: Path, lang, unset) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        ws, pid = window.state.workspace, window.state.project_id
        task_id = import_blank_row(ws, pid, tmp_path / "wbs.xlsx")
        window.show_page("wbs")
        page = window.page("wbs")
        page.reload()
        page._update_totals()
        text = page.totals_label.text()
        assert f"{unset} 0.5" in text and "— 0.5" not in text
        index = page.model.index_of(task_id, 0)
        assert index.isValid() and index.data(Qt.ItemDataRole.DecorationRole) is not None
        assert unset in index.data(Qt.ItemDataRole.ToolTipRole)
    finally:
        close_window(window)
