"""Writing workbooks with XlsxWriter in the app's look and safety rules (XlsxWriter imported lazily).

XlsxWriter writes styled cells, validations, outlines and conditional formats in about half
openpyxl's time; openpyxl stays for reading. The rules are :mod:`app.core.files.xlsx_style`'s:
nothing is ever guessed from a string (no formulas, numbers or links out of text), every string
goes through :func:`~app.core.files.xlsx_style.cell_text` and is written as a string, with the
quote prefix where Excel would otherwise evaluate it on an edit; sheets print by
:func:`~app.core.files.xlsx_style.plan_print`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from app import collector_paused
from app.core.files import xlsx_style as xs

_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")  # XlsxWriter's: characters XML cannot hold, escaped
OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True}
BORDER = "#" + "BFBFBF"
HEADER = {"bold": True, "font_color": "#" + xs.HEADER_FONT, "bg_color": "#" + xs.HEADER_FILL, "pattern": 1,
          "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": BORDER}  # fmt: skip
THIN_BORDER = {"border": 1, "border_color": BORDER}
DIGIT_PIXELS, PADDING_PIXELS = 7, 5  # Calibri 11's digit and a column's padding, as XlsxWriter counts them


def _escape_control_characters(data: Any) -> Any:
    """XlsxWriter's escaping of a string (``XMLwriter._escape_control_characters``) with its one slip
    mended: it escapes the texts that read as an escape one after the other, so of two that overlap
    (the text ``_x005F_x000D_``) it misses the second, which Excel then reads as a line break. Here
    every one is escaped (:func:`app.core.files.xlsx_style.escape_text`); the rest is XlsxWriter's."""
    if not isinstance(data, str):
        return data
    data = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", xs.escape_text(data))
    return data.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


def _mend_escaping() -> None:
    from xlsxwriter.xmlwriter import XMLwriter

    XMLwriter._escape_control_characters = staticmethod(_escape_control_characters)


def write_book(path: Path, build: Callable[[Any], object]) -> None:
    """Create the workbook at ``path``, let ``build(workbook)`` fill it, and close it.

    The workbook is put together in memory and its bytes written at once: a disk that fills up
    fails that one plain write, as an OSError that :func:`app.core.files.atomic.write_with`
    reports (XlsxWriter writing to the file itself would leave its zip archive open on a failure,
    and the archive's finaliser would repeat the error later as a traceback). A workbook of a
    10,000-task WBS is a few MB. The garbage collector pauses meanwhile (:class:`app.collector_paused`).
    """
    import xlsxwriter

    _mend_escaping()
    buffer = io.BytesIO()
    with collector_paused():
        book = xlsxwriter.Workbook(buffer, OPTIONS)
        try:
            build(book)
        finally:
            book.close()
    path.write_bytes(buffer.getbuffer())


class Formats:
    """One XlsxWriter format per look, made on first use (a workbook caps its formats at 64,000).

    ``date`` is the number format of a date cell in a document in ``lang`` (:func:`xlsx_style.date_format`).
    """

    def __init__(self, book: Any, lang: str) -> None:
        self.book = book
        self.date = xs.date_format(lang)
        self._made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **props: Any) -> Any:
        if not props:
            return None
        key = tuple(sorted(props.items()))
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self.book.add_format(props)
        return made


class Writer:
    """Cells of one worksheet written by the rules: text always a string, numbers and dates typed."""

    def __init__(self, ws: Any, formats: Formats) -> None:
        self.ws, self.formats = ws, formats
        # Texts arrive cut to Excel's 32,767 characters by xlsx_style.cell_text (with "…"), so
        # XlsxWriter's own limit never cuts one quietly.

    def width(self, first: int, last: int, width: float, hidden: bool = False, **props: Any) -> float:
        """Set columns ``first``..``last`` to ``width`` as the file stores it; returns the width stored.
        ``props``: the columns' own format, which a cell typed where nothing was written takes (num_format="@":
        what is typed there stays text).

        XlsxWriter reads a width as Excel's dialog shows it and stores it with Excel's 5-pixel
        padding (46 becomes 46.71); openpyxl stored the number given, and the print plan
        (:func:`~app.core.files.xlsx_style.plan_print`, 7.1 pt a unit in LibreOffice) was measured
        on that. So the padding is taken off here: the file stores ``width`` to the nearest pixel.
        """
        pixels = max(round(width * DIGIT_PIXELS), PADDING_PIXELS + 1)
        self.ws.set_column(first, last, (pixels - PADDING_PIXELS) / DIGIT_PIXELS, self.formats.get(**props), {"hidden": True} if hidden else None)
        return int(pixels / DIGIT_PIXELS * 256) / 256

    def text(self, row: int, col: int, value: object, **props: Any) -> None:
        """User text as a string that never becomes a formula (an empty one: the cell's format only)."""
        text = xs.cell_text(value)
        if not text:
            self.blank(row, col, **props)
        elif text.startswith(xs.FORMULA_STARTS):
            self.ws.write_string(row, col, text, self.formats.get(**props, quote_prefix=True))
        else:
            self.ws.write_string(row, col, text, self.formats.get(**props))

    def blank(self, row: int, col: int, **props: Any) -> None:
        if props:
            self.ws.write_blank(row, col, None, self.formats.get(**props))

    def value(self, row: int, col: int, value: object, **props: Any) -> None:
        """Numbers and dates as real cells (a date in the document language's date format unless one is given); anything else as text."""
        if isinstance(value, bool):
            self.ws.write_boolean(row, col, value, self.formats.get(**props))
        elif isinstance(value, int | float):
            self.ws.write_number(row, col, value, self.formats.get(**props))
        elif isinstance(value, dt.date):
            self.ws.write_datetime(row, col, value, self.formats.get(**({"num_format": self.formats.date} | props)))
        elif value is None and not props:
            return
        else:
            self.text(row, col, value, **props)


def cell_writers(ws: Any) -> tuple[Any, Any, Any, Any]:
    """``write_string``, ``write_number``, ``write_blank`` and ``write_datetime`` of ``ws``, for a big sheet.

    XlsxWriter's public ``write_*`` methods only turn an "A1" argument into row and column, then
    call ``_write_*``; called with numbers, as here, the latter do the same for a tenth less time
    of a big export. XlsxWriter is pinned (requirements/app.lock); a version without them gets the
    public methods (tests/test_xlsx_writer.py notices).
    """
    names = ("string", "number", "blank", "datetime")
    if all(callable(getattr(ws, f"_write_{name}", None)) for name in names):
        return tuple(getattr(ws, f"_write_{name}") for name in names)
    return tuple(getattr(ws, f"write_{name}") for name in names)


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0, given Excel's phantom 1900-02-29
FIRST_SERIAL_DAY = dt.date(1900, 3, 1)  # from here on a day's serial is its distance from EXCEL_EPOCH


class DateSerials(dict[dt.date, float]):
    """Dates as the numbers a date cell holds (Excel's 1900 date system), each computed once.

    ``write_number(row, col, serials[day], date_format)`` writes what ``write_datetime`` does, minus
    its per-cell conversion (a big plan repeats a few hundred days tens of thousands of times).
    Days before 1900-03-01 are missing: write those with ``write_datetime``.
    """

    def __missing__(self, day: dt.date) -> float:
        if isinstance(day, dt.datetime) or day < FIRST_SERIAL_DAY:
            raise KeyError(day)
        serial = self[day] = float((day - EXCEL_EPOCH).days)
        return serial


def print_setup(ws: Any, widths: Sequence[float], *, title_rows: bool = True, title_columns: int = 0) -> xs.PrintLayout:
    """:func:`xlsx_style.print_setup` for an XlsxWriter sheet whose printed columns are ``widths``.

    Fit to width with the height unlimited, the first row (``title_rows``) and the first
    ``title_columns`` columns repeated on every page, paper and orientation from
    :func:`~app.core.files.xlsx_style.plan_print`, narrow margins, the sheet's name in the header's
    left part and "page / pages" in the footer's right part.
    """
    layout = xs.plan_print(widths, title_columns, max_pages_wide=3 if title_columns else 1)
    if title_rows:
        ws.repeat_rows(0)
    if title_columns:
        ws.repeat_columns(0, title_columns - 1)
    ws.set_paper(8 if layout.paper == "A3" else 9)
    if layout.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(layout.pages_wide, 0)
    if layout.pages_wide > 1:
        ws.print_across()  # a band of rows, left to right, then the next band
    m = xs.MARGINS
    ws.set_margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])
    ws.set_header(f"&L{xs.SHEET_HEADER}", {"margin": m["header"]})
    ws.set_footer(f"&R{xs.PAGE_FOOTER}", {"margin": m["footer"]})
    return layout


def lines_needed(texts: Mapping[float, str] | Sequence[tuple[float, str]]) -> int:
    """How many lines the tallest of ``(width, text)`` wraps to (East Asian wide characters count twice)."""
    pairs = texts.items() if isinstance(texts, Mapping) else texts
    lines = 1
    for width, text in pairs:
        if text:
            lines = max(lines, sum(max(1, -(-xs.text_width(part) // max(int(width) - 1, 1))) for part in text.split("\n")))
    return lines
