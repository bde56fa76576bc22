"""The XlsxWriter helpers (app/core/files/xlsx_writer.py) read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import openpyxl
import pytest

from app import collector_paused
from app.core.files import xlsx_writer as xw


def test_text_stays_text_and_dates_numbers_stay_typed(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    days = [dt.date(2027, 1, 4), dt.date(1900, 3, 1), dt.date(1900, 1, 5)]

    def build(book) -> None:
        ws = book.add_worksheet("S")
        sheet = xw.Writer(ws, xw.Formats(book, "en"))
        sheet.text(0, 0, "=SUM(A1)")
        sheet.text(0, 1, "a\x1bb")
        sheet.text(0, 2, "1234")
        sheet.text(0, 3, "http://example.com")
        sheet.value(0, 4, 2.5)
        sheet.text(0, 5, "", bold=True)
        sheet.text(0, 6, "x" * 40_000)  # more than Excel's 32,767: cut there, with "…" (the app keeps it whole)
        serials = xw.DateSerials()
        write_string, write_number, write_blank, write_datetime = xw.cell_writers(ws)
        date_format = sheet.formats.get(num_format=sheet.formats.date)
        for col, day in enumerate(days):
            if day >= xw.FIRST_SERIAL_DAY:
                write_number(1, col, serials[day], date_format)
            else:
                write_datetime(1, col, day, date_format)
            sheet.value(2, col, day)  # XlsxWriter's own conversion

    xw.write_book(path, build)
    sheet = openpyxl.load_workbook(path)["S"]
    assert [sheet.cell(1, c).value for c in range(1, 8)] == ["=SUM(A1)", "a␛b", "1234", "http://example.com", 2.5, None, "x" * 32_766 + "…"]
    assert sheet.cell(1, 1).data_type == "s" and sheet.cell(1, 1).quotePrefix and not sheet.cell(1, 3).quotePrefix
    assert sheet.cell(1, 6).font.b
    assert [sheet.cell(2, c).value for c in (1, 2, 3)] == [dt.datetime.combine(d, dt.time()) for d in days]
    assert [sheet.cell(2, c).value for c in (1, 2, 3)] == [sheet.cell(3, c).value for c in (1, 2, 3)]
    assert sheet.cell(2, 1).number_format == "yyyy-mm-dd"


def test_the_fast_cell_writers_are_xlsxwriters_own(tmp_path: Path) -> None:
    import xlsxwriter

    ws = xlsxwriter.Workbook(str(tmp_path / "x.xlsx")).add_worksheet()
    writers = xw.cell_writers(ws)
    assert [w.__name__ for w in writers] == ["_write_string", "_write_number", "_write_blank", "_write_datetime"]


def test_widths_are_stored_as_given_to_the_pixel(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    stored: list[float] = []

    def build(book) -> None:
        sheet = xw.Writer(book.add_worksheet("S"), xw.Formats(book, "en"))
        stored.extend([sheet.width(0, 0, 46), sheet.width(1, 3, 4.2), sheet.width(4, 4, 8, hidden=True)])
        sheet.text(0, 0, "x")

    xw.write_book(path, build)
    dims = openpyxl.load_workbook(path)["S"].column_dimensions
    widths = {d.min: (d.width, d.hidden) for d in dims.values() if d.min}
    assert widths == {1: (46, False), 2: (stored[1], False), 5: (8, True)}
    assert stored[0] == 46 and abs(stored[1] - 4.2) < 1 / 7


def test_an_unwritable_path_is_an_os_error_and_the_collector_runs_again(tmp_path: Path) -> None:
    assert gc.isenabled()
    with pytest.raises(OSError):
        xw.write_book(tmp_path / "missing" / "x.xlsx", lambda book: book.add_worksheet("S"))
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def test_print_setup_follows_the_print_plan(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"

    def build(book) -> None:
        ws = book.add_worksheet("S")
        xw.print_setup(ws, [8, 46] + [20] * 12, title_columns=2)
        ws.write_string(0, 0, "x")

    xw.write_book(path, build)
    sheet = openpyxl.load_workbook(path)["S"]
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$B"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.oddHeader.left.text == "&A" and sheet.oddFooter.right.text == "&P / &N"
    assert sheet.page_margins.left == 0.4 and sheet.page_margins.header == 0.3
