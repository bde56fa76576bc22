"""A hearing sheet's table cell holding control characters (written as their symbols, ␛): left as
written, no change; edited, read as typed; cut at Excel's limit and left, no change either
(app/hearing/sheet_tables.texts_as_sent)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import apply_plan, read_plan

SOURCES = "hearing.prereq.data_sources"  # データの種類: a table answer


def _store_note(workspace, demo, note: str) -> list[dict]:
    answers = AnswerService(workspace.db, workspace.library)
    rows = [dict(row) for row in answers.answer(demo.id, SOURCES).value]
    rows[0]["note"] = note
    answers.update(demo.id, SOURCES, value=rows)
    return rows


def _note_cell(book, workspace):
    item = workspace.library.item(SOURCES)
    label = next(c.label.get("ja") for c in item.columns if c.id == "note")
    sheet = book[item.label.get("ja")]
    column = [c.value for c in sheet[1]].index(label) + 1
    return sheet.cell(row=2, column=column)


def test_an_edited_cell_holding_a_control_picture_is_read_as_typed(workspace, demo, tmp_path: Path) -> None:
    _store_note(workspace, demo, "ログ\x1b[32mOK")
    path = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    book = openpyxl.load_workbook(path)
    cell = _note_cell(book, workspace)
    assert cell.value == "ログ␛[32mOK"  # as written
    cell.value = "ログ␛[32mOK 確認済"
    book.save(path)
    plan = read_plan(workspace, demo.id, path)
    [change] = plan.changes
    assert change.incoming[0]["note"] == "ログ␛[32mOK 確認済"
    [cell_change] = change.cells
    assert cell_change.column == "note" and cell_change.old == "ログ\x1b[32mOK", cell_change
    apply_plan(workspace, plan)
    stored = AnswerService(workspace.db, workspace.library).answer(demo.id, SOURCES).value
    assert stored[0]["note"] == "ログ␛[32mOK 確認済"


def test_a_cut_cell_holding_a_control_character_left_as_written_is_no_change(workspace, demo, tmp_path: Path) -> None:
    _store_note(workspace, demo, "前\x00後\n" + "記録。" * 12_000)  # longer than a cell holds
    path = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    assert read_plan(workspace, demo.id, path).changes == []
