"""breaker29e: every document of the Japanese and English demo project exported from the command line and
opened as a demanding customer would (PDF through pdftotext, workbooks through openpyxl, HTML as a file,
CSV through the csv module, Markdown through the ``markdown`` package), then again after hostile text
came in (a 100,000-character answer, a 1,000-row table, a 300-character URL, emoji and combining marks,
right-to-left text, control characters, formula starts, Markdown and HTML markup).

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees and where
the cause probably is). What held is in the branch's report.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

PASTED_FROM_A_TERMINAL = "ビルドが通ること(\x1b[32mOK\x1b[0m が出る)"


def sheet_columns(sheet) -> dict[str, int]:
    return {c.value: n for n, c in enumerate(sheet[1], start=1) if isinstance(c.value, str)}


def task_row(sheet, task_id: int) -> int:
    column = sheet_columns(sheet)["タスクID"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == task_id)


# --- the WBS workbook edited by the customer and read back ---------------------------------------------


def test_a_cell_holding_a_control_character_rewritten_by_the_customer_is_no_conflict(workspace, demo, tmp_path: Path) -> None:
    service = WbsService(workspace.db)
    task = next(t for t in service.tasks(demo.id) if t.parent_id is not None)
    service.update(demo.id, [task.id], completion_condition=PASTED_FROM_A_TERMINAL)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    cell = sheet.cell(task_row(sheet, task.id), sheet_columns(sheet)["完了条件"])
    assert cell.value == "ビルドが通ること(␛[32mOK␛[0m が出る)"
    cell.value = "ビルドが通り、テストが全件成功すること"
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert plan.kept == 0, plan.kept
    apply_plan(workspace, plan)
    stored = next(t for t in service.tasks(demo.id) if t.id == task.id)
    assert stored.completion_condition == "ビルドが通り、テストが全件成功すること"


# --- a long answer in the hearing sheet --------------------------------------------------------------


def long_answer() -> str:
    """40,000 characters of minutes pasted into 背景・課題 (the app takes up to 100,000)."""
    return "".join(f"{n:05d} 店舗スタッフによる目視評価の記録。\n" for n in range(2000))[:40_000] + "ここまでが議事録の全文。"


def test_a_cut_answer_corrected_in_the_sheet_keeps_the_text_past_the_cut(workspace, demo, tmp_path: Path) -> None:
    from app.hearing.answers import AnswerService
    from app.hearing.sheet import export_hearing_sheet
    from app.hearing.sheet_import import apply_plan as apply_sheet
    from app.hearing.sheet_import import read_plan as read_sheet

    answers = AnswerService(workspace.db, workspace.library)
    item = "hearing.basics.background"
    answers.update(demo.id, item, value=long_answer())
    out = export_hearing_sheet(workspace, demo.id, tmp_path / "ヒアリングシート.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["ヒアリングシート"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == item)
    cell = sheet.cell(row, sheet_columns(sheet)["現在の回答"])
    assert len(cell.value) == 32_767 and cell.value.endswith("…")
    cell.value = cell.value[:-1] + "。以上"
    book.save(out)
    apply_sheet(workspace, read_sheet(workspace, demo.id, out))
    assert answers.answer(demo.id, item).value.endswith("ここまでが議事録の全文。")


# --- the system plan's workbook printed ----------------------------------------------------------------


def test_the_capacity_legend_of_the_process_flow_sheet_wraps_within_the_page(workspace, demo, tmp_path: Path) -> None:
    from app.system_planning.plan_xlsx import export_xlsx

    out = export_xlsx(workspace, demo.id, tmp_path / "システム化計画.xlsx", "ja")
    sheet = openpyxl.load_workbook(out)["処理フロー"]
    legends = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("記号:")]
    assert legends, "no legend"
    for cell in legends:
        assert cell.alignment.wrap_text, (cell.coordinate, len(cell.value))


# --- the review workbook printed ---------------------------------------------------------------------


def test_the_review_summary_sheet_prints_one_page_wide(workspace, demo, tmp_path: Path) -> None:
    from app.review.kinds import export_review

    out = export_review(workspace, demo.id, tmp_path / "レビュー.xlsx", "ja", {})
    book = openpyxl.load_workbook(out)
    summary = book.worksheets[0]
    assert summary.title == "概要"
    others = book.worksheets[1:]
    assert all(s.sheet_properties.pageSetUpPr.fitToPage for s in others)
    assert summary.sheet_properties.pageSetUpPr is not None and summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.print_title_rows == others[0].print_title_rows
