"""A hearing sheet whose main tab the customer renamed is read (found by its heading), and the preview says
which sheet the answers came from, as the Excel WBS import says it (the last notes: "a hearing sheet's
renamed main tab is read without a word"): in the preview's notices, in the language asked for, and on the
command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import apply_plan, read_plan
from app.main import main

BACKGROUND = "hearing.basics.background"


def renamed(workspace, project_id: int, path: Path, tab: str, answer: str) -> Path:
    """The sheet exported, an answer typed by the customer, the main tab renamed."""
    out = export_hearing_sheet(workspace, project_id, path, "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["ヒアリングシート"]
    id_column = next(c.column for c in sheet[1] if c.value == "ID")
    answer_column = next(c.column for c in sheet[1] if c.value == "回答")
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, id_column).value == BACKGROUND)
    sheet.cell(row, answer_column).value = answer
    sheet.title = tab
    book.save(out)
    return out


def test_the_preview_says_which_sheet_the_answers_were_read_from(workspace, demo, tmp_path) -> None:
    out = renamed(workspace, demo.id, tmp_path / "hearing.xlsx", "ヒアリング(顧客記入済み)", "顧客が書いた背景")
    plan = read_plan(workspace, demo.id, out)
    ja, en = plan.notices("ja"), plan.notices("en")
    assert any("「ヒアリング(顧客記入済み)」" in line and "「ヒアリングシート」" in line for line in ja), ja
    assert any("“ヒアリング(顧客記入済み)”" in line and "renamed" in line for line in en), en
    apply_plan(workspace, plan)
    from app.hearing.answers import AnswerService

    assert AnswerService(workspace.db, workspace.library).answer(demo.id, BACKGROUND).value == "顧客が書いた背景"


def test_a_sheet_under_its_exported_name_says_nothing_of_it(workspace, demo, tmp_path) -> None:
    out = renamed(workspace, demo.id, tmp_path / "hearing.xlsx", "ヒアリングシート", "顧客が書いた背景")
    assert not any("タブ" in line for line in read_plan(workspace, demo.id, out).notices("ja"))


def test_the_cli_says_it_in_japanese(workspace, demo, db_path, tmp_path, capsys) -> None:
    out = renamed(workspace, demo.id, tmp_path / "hearing.xlsx", "記入済み", "顧客が書いた背景")
    workspace.close()
    code = main(["--db", str(db_path), "--lang", "ja", "import", "hearing-sheet", str(out), "--project", str(demo.id), "--dry-run"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "「記入済み」" in captured.out + captured.err
