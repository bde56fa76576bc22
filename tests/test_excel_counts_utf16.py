"""Excel's cell limit counted as Excel counts it (32,767 UTF-16 units: an emoji is two) and the file
format's escapes read as the customer typed them (app/core/files/xlsx_style.cell_text / past_the_cut,
app/core/files/xlsx_guard.unescape_text): a text of emoji past the limit is cut with its … and an edit
before the … keeps the text past the cut, in the Excel WBS and in the hearing sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from app.core.files.xlsx_guard import unescape_text
from app.core.files.xlsx_style import (
    CUT_MARK,
    EXCEL_CELL_CHARS,
    cell_text,
    excel_length,
    is_cut,
    past_the_cut,
)
from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.hearing.sheet_import import apply_plan as apply_sheet
from app.hearing.sheet_import import read_plan as read_sheet
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService

EMOJI = "".join(chr(0x1F600 + n % 64) for n in range(20_000))  # 40,000 units: past a cell


def test_a_text_is_cut_where_excel_counts_its_limit_never_through_a_character() -> None:
    for text in ("a" * 32_766 + "📦", "📦" * 16_384, "a" + "📦" * 16_383, "あ" * 32_767, "a" * 32_767 + "📦"):
        written = cell_text(text)
        assert excel_length(written) <= EXCEL_CELL_CHARS, len(text)
        assert is_cut(text) == (excel_length(text) > EXCEL_CELL_CHARS)
        if is_cut(text):
            assert written.endswith(CUT_MARK) and text.startswith(written[:-1])
            assert excel_length(written) >= EXCEL_CELL_CHARS - 1  # as much as fits
            assert past_the_cut(written, text) == text
        else:
            assert written == text
    assert cell_text("📦" * 16_383) == "📦" * 16_383  # 32,766 units: fits


def test_the_file_formats_escapes_read_as_typed() -> None:
    assert unescape_text("_x005F_x000D_ と書く") == "_x000D_ と書く"  # typed in a cell
    assert unescape_text("一行目_x000D_\n二行目") == "一行目\r\n二行目"  # a carriage return
    assert unescape_text("_x001B_[0m") == "\x1b[0m"
    assert unescape_text("_xD83D_") == "_xD83D_"  # half a character: as written
    assert unescape_text("_x00ZZ_ と x_x") == "_x00ZZ_ と x_x"


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def test_a_wbs_note_of_emoji_edited_before_the_cut_keeps_the_rest(workspace, demo, tmp_path: Path) -> None:
    service = WbsService(workspace.db)
    task = next(t for t in service.tasks(demo.id) if t.parent_id is not None)
    service.update(demo.id, [task.id], notes=EMOJI)
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col("task_id")).value == task.uid)
    cell = sheet.cell(row, col("notes"))
    assert cell.value.endswith(CUT_MARK) and excel_length(cell.value) <= EXCEL_CELL_CHARS
    assert read_plan(workspace, demo.id, out).kept == 0  # untouched: nothing changed anywhere
    cell.value = "【済】" + cell.value[3:]
    book.save(out)
    plan = read_plan(workspace, demo.id, out)
    assert plan.conflicts == []
    apply_plan(workspace, plan)
    assert service.tree(demo.id).tasks[task.id].notes == "【済】" + EMOJI[3:]


def test_a_hearing_answer_of_emoji_edited_before_the_cut_keeps_the_rest(workspace, demo, tmp_path: Path) -> None:
    item = "hearing.basics.background"
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, item, value=EMOJI)
    out = export_hearing_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["ヒアリングシート"]
    heads = {c.value: n for n, c in enumerate(sheet[1], start=1)}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == item)
    cell = sheet.cell(row, heads["現在の回答"])
    assert cell.value.endswith(CUT_MARK) and excel_length(cell.value) <= EXCEL_CELL_CHARS
    assert not [c for c in read_sheet(workspace, demo.id, out).changes if c.item_id == item]
    cell.value = "【済】" + cell.value[3:]
    book.save(out)
    apply_sheet(workspace, read_sheet(workspace, demo.id, out))
    assert answers.answer(demo.id, item).value == "【済】" + EMOJI[3:]


TRICKY = ["_x000D_", "_x005F_x000D_", "a_x0041_b_x0041_", "_x005F_", "_xD83D_", "x_x_", "\r\n の前", "ESC \x1b"]


def test_texts_that_read_as_escapes_are_written_so_that_they_read_back_as_typed(tmp_path: Path) -> None:
    """XlsxWriter (its escaping mended for overlapping escapes) and openpyxl (which escapes none) both
    write these texts so that a reader of the file format reads what was written."""
    from app.core.files.xlsx_guard import open_workbook
    from app.core.files.xlsx_style import save
    from app.core.files.xlsx_writer import write_book

    def fill(book) -> None:
        sheet = book.add_worksheet("t")
        for row, text in enumerate(TRICKY):
            sheet.write_string(row, 0, cell_text(text))

    write_book(tmp_path / "x.xlsx", fill)
    book = openpyxl.Workbook()
    for row, text in enumerate(TRICKY, start=1):
        book.active.cell(row, 1, cell_text(text))
    save(book, tmp_path / "o.xlsx")
    for name in ("x.xlsx", "o.xlsx"):
        read, _report = open_workbook(tmp_path / name)
        values = [row[0] for row in read.worksheets[0].iter_rows(values_only=True)]
        assert values == [cell_text(t).replace("\r\n", "\n") if name == "o.xlsx" else cell_text(t) for t in TRICKY], name
