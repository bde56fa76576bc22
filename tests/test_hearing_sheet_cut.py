"""An answer longer than an Excel cell (32,767 characters) in the hearing sheet: said in the export
report by item label, and read back without losing the text past the cut (app/hearing/sheet.py,
sheet_cells.uncut, sheet_import._read_field, sheet_tables.texts_as_sent)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.core.kinds import run_export, write_report
from app.hearing.answers import AnswerService
from app.hearing.kinds import EXPORTS
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import apply_plan, read_plan

ITEM = "hearing.basics.background"  # 背景・課題
LATER = "hearing.prereq.model_type"  # a now / later text item
TABLE = "hearing.basics.deliverables"  # its アウトプットイメージ column is text
FIRST = "00000 記録。\n"  # the first line, replaced by a shorter text (a cut cell is full)


def long_text(tail: str = "ここまでが全文。") -> str:
    return "".join(f"{n:05d} 記録。\n" for n in range(6000))[:40_000] + tail


def columns(sheet) -> dict[str, int]:
    return {c.value: n for n, c in enumerate(sheet[1], start=1) if isinstance(c.value, str)}


def item_cell(book, item: str, column: str):
    sheet = book["ヒアリングシート"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == item)
    return sheet.cell(row, columns(sheet)[column])


def said(plan, key: str) -> list:
    return [m for m in plan.said if m.key == key]


def test_the_export_report_names_each_answer_cut_at_excels_limit(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, ITEM, value=long_text())
    answers.update(demo.id, LATER, value="画像分類", later=long_text())
    answers.update(demo.id, TABLE, value=[{"name": "報告書", "expected_output": long_text()}])
    kind = next(k for k in EXPORTS if k.name == "hearing-sheet")
    report = run_export(kind, workspace, demo.id, tmp_path / "sheet.xlsx", "ja", {})
    line = report.line("ja")
    assert "背景・課題" in line and "プロジェクト(モデル)の種類(これから)" in line, line
    assert "Background" in report.line("en")
    details = "\n".join(report.details("ja"))
    assert "40,008" in details and "32,767" in details, details
    data = json.loads(write_report(report, tmp_path / "report.json", "en").read_text(encoding="utf-8"))
    fields = {d["field"]: d for d in data["dropped"]}
    assert {f"{ITEM}.value", f"{LATER}.later", f"{TABLE}.cells"} <= set(fields), fields
    assert "1 cell" in fields[f"{TABLE}.cells"]["why"]


def test_nothing_cut_nothing_said(workspace, demo, tmp_path: Path) -> None:
    kind = next(k for k in EXPORTS if k.name == "hearing-sheet")
    report = run_export(kind, workspace, demo.id, tmp_path / "sheet.xlsx", "ja", {})
    assert not [d for d in report.dropped if d.field.startswith("hearing.")]


@pytest.fixture
def cut_sheet(workspace, demo, tmp_path: Path):
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, ITEM, value=long_text())
    out = export_hearing_sheet(workspace, demo.id, tmp_path / "ヒアリングシート.xlsx", "ja")
    return answers, out


def test_a_cut_answer_left_as_written_changes_nothing(workspace, demo, cut_sheet) -> None:
    _answers, out = cut_sheet
    plan = read_plan(workspace, demo.id, out)
    assert not [c for c in plan.changes if c.item_id == ITEM] and not plan.said


def test_a_cut_answer_edited_with_the_ellipsis_kept_keeps_the_rest_after_the_edit(workspace, demo, cut_sheet) -> None:
    answers, out = cut_sheet
    book = openpyxl.load_workbook(out)
    cell = item_cell(book, ITEM, "現在の回答")
    cell.value = cell.value.replace(FIRST, "【済】", 1)  # (a full cell: Excel takes no more characters)
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert said(plan, "hearing_sheet.cut_kept")
    apply_plan(workspace, plan)
    assert answers.answer(demo.id, ITEM).value == long_text().replace(FIRST, "【済】", 1)


def test_a_cut_answer_whose_ellipsis_was_replaced_is_not_changed_and_the_preview_says_so(workspace, demo, cut_sheet) -> None:
    answers, out = cut_sheet
    book = openpyxl.load_workbook(out)
    cell = item_cell(book, ITEM, "現在の回答")
    cell.value = cell.value[:-1] + "。以上"
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert not [c for c in plan.changes if c.item_id == ITEM]
    lines = "\n".join(plan.notices("ja"))
    assert "背景・課題" in lines and "アプリで修正してください" in lines, lines
    apply_plan(workspace, plan)
    assert answers.answer(demo.id, ITEM).value == long_text()


def test_the_cut_answer_copied_into_the_answer_column(workspace, demo, cut_sheet) -> None:
    answers, out = cut_sheet
    book = openpyxl.load_workbook(out)
    cut = item_cell(book, ITEM, "現在の回答").value
    item_cell(book, ITEM, "回答").value = cut[:-1] + "追記。"  # the … gone: not read
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert not [c for c in plan.changes if c.item_id == ITEM] and said(plan, "hearing_sheet.cut_not_read")
    item_cell(book, ITEM, "回答").value = cut.replace(FIRST, "【済】", 1)  # the … kept: the rest after it
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    apply_plan(workspace, plan)
    assert answers.answer(demo.id, ITEM).value == long_text().replace(FIRST, "【済】", 1)
    item_cell(book, ITEM, "回答").value = "短い新しい回答"  # a new answer: read as any
    book.save(out)
    apply_plan(workspace, read_plan(workspace, demo.id, out), prefer="sheet")
    assert answers.answer(demo.id, ITEM).value == "短い新しい回答"


def test_a_cut_later_answer_edited_keeps_the_rest(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, LATER, value="画像分類", later=long_text())
    out = export_hearing_sheet(workspace, demo.id, tmp_path / "s.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    cell = item_cell(book, LATER, "現在の回答(これから)")
    cell.value = cell.value.replace(FIRST, "予定: ", 1)
    book.save(out)
    apply_plan(workspace, read_plan(workspace, demo.id, out))
    assert answers.answer(demo.id, LATER).later == long_text().replace(FIRST, "予定: ", 1)


def test_a_cut_table_cell_keeps_its_text(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = [{"name": "報告書", "expected_output": long_text()}]
    answers.update(demo.id, TABLE, value=rows)

    def edit(change) -> object:  # on a sheet just exported
        out = export_hearing_sheet(workspace, demo.id, tmp_path / "s.xlsx", "ja")
        book = openpyxl.load_workbook(out)
        sheet = next(s for s in book.worksheets if s.max_row and "アウトプットイメージ" in columns(s))
        cell = sheet.cell(2, columns(sheet)["アウトプットイメージ"])
        assert cell.value.endswith("…")
        cell.value = change(cell.value)
        book.save(out)
        return read_plan(workspace, demo.id, out)

    plan = edit(lambda v: v)  # left as written: no change
    assert not [c for c in plan.changes if c.item_id == TABLE]
    plan = edit(lambda v: v[:-1] + "。以上")  # the … gone: the cell kept, said
    assert not [c for c in plan.changes if c.item_id == TABLE] and said(plan, "hearing_sheet.cut_cell_not_read")
    assert "アウトプットイメージ" in "\n".join(plan.notices("ja"))
    plan = edit(lambda v: v.replace(FIRST, "改訂: ", 1))  # the … kept: the rest after the edit
    apply_plan(workspace, plan)
    assert answers.answer(demo.id, TABLE).value == [{"name": "報告書", "expected_output": long_text().replace(FIRST, "改訂: ", 1)}]
