"""Shared look and safety rules for the workbooks the app writes (openpyxl imported lazily).

User text is always written as text: openpyxl turns any string starting with ``=`` into a
formula, and Excel re-evaluates text starting with ``= + - @`` (and tab, CR, NUL) when a user
edits the cell. Such text is stored as a string with the quote-prefix flag, unchanged
(OWASP ASVS 1.2.10, CWE-1236).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
HEADER_FILL = "1F4E79"
HEADER_FONT = "FFFFFF"
SECTION_FILL = "D9E1F2"
LOCKED_FILL = "F2F2F2"
INPUT_FILL = "FFF9E5"
DATE_FORMATS = {"ja": "yyyy/mm/dd", "en": "yyyy-mm-dd"}  # Excel's codes for app.core.i18n.format_date


def save(book: Workbook, path: Path) -> None:
    """Save an openpyxl ``book`` at ``path``: put together in memory, its bytes written at once (a
    disk that fills up fails that one plain write, an OSError :func:`app.core.files.atomic.write_with`
    reports; openpyxl saving to the file itself leaves its zip archive open on a failure, and the
    archive's finaliser repeats the error later as a traceback). Every text cell is written escaped as
    the file format says (:func:`escape_text`), which openpyxl does not do."""
    for sheet in book.worksheets:
        cell: Any
        for cell in sheet._cells.values():
            value = cell._value
            if type(value) is str and cell.data_type == "s" and "_x" in value:
                cell._value = escape_text(value)
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getbuffer())


# The start of a text the xlsx format would read as an escaped character (ECMA-376's ST_Xstring: _x000D_
# is a carriage return), even where such texts overlap (_x005F_x000D_ holds two).
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def escape_text(text: str) -> str:
    """``text`` as a workbook holds it so that Excel (and :func:`app.core.files.xlsx_guard.unescape_text`)
    reads it back as written: each underscore starting what reads as an escape written ``_x005F_``."""
    return _ESCAPE_LIKE.sub("_x005F_", text) if "_x" in text else text


def date_format(lang: str) -> str:
    """A date cell's number format in a document in ``lang``: 2026/12/21 in Japanese, 2026-12-21 in English.

    Only how the cell shows: the cell stays a real date, so Excel sorts and computes with it.
    """
    return DATE_FORMATS["ja"] if lang == "ja" else DATE_FORMATS["en"]


_EXCEL_DAY_ZERO = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 after Excel's own 1900 leap-year count
_SERIALS = (25569, 109574)  # 1970-01-01 .. 2199-12-31: what a PoC's date cell can hold


def date_cell(value: object) -> object:
    """A value read from a date column or a date answer, as the date the customer sees:

    - a date and time: its day (a cell shown as 2026/12/24 may hold 10:00 too);
    - a number: the day it counts (Excel's date serial): Japanese Excel saves its own date formats
      (2026年12月24日, 令和8年12月24日: built-in formats 31, 57, 58) without the format's text, so
      openpyxl reads such a cell as a plain number; only serials of 1970-2199 (a 12 stays a 12);
    - anything else unchanged (text is read by the field's own rules).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        return _EXCEL_DAY_ZERO + dt.timedelta(days=int(value))
    return value


def cell_text(value: object) -> str:
    """User text as a workbook can hold it: the xlsx boundary of :mod:`app.core.files.control_chars`.

    Control characters (which the xlsx format forbids, as in text pasted from a terminal) become
    their visible Unicode control pictures (ESC -> ␛). Every string the app writes into a
    workbook goes through here: cells (:func:`set_text`, :func:`append_row`), the hidden meta
    sheets, print headers (:func:`header_text`) and document properties.
    A text longer than a cell holds (Excel: 32,767 characters as it counts them, an emoji as two; a
    longer one makes Excel "repair" the file) ends at the limit with "…": the app keeps the whole
    text, and an import that finds the cut text unchanged against what was exported changes nothing.
    """
    from app.core.files.control_chars import visible

    text = visible("" if value is None else str(value))
    cut = _cut_at(text)
    return text if cut is None else text[:cut] + CUT_MARK


EXCEL_CELL_CHARS = 32_767  # the most characters an Excel cell holds, counted in UTF-16 units as Excel does
CUT_MARK = "…"  # the end of a text :func:`cell_text` cut


def excel_length(text: str) -> int:
    """``text``'s length as Excel counts it against its cell limit: UTF-16 units, a character outside
    the Basic Multilingual Plane (an emoji, a rare kanji) counting two."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def is_cut(text: str) -> bool:
    """Whether ``text`` is longer than an Excel cell holds: :func:`cell_text` writes it cut, ending in …"""
    return _cut_at(text) is not None


def _cut_at(text: str) -> int | None:
    """How many of ``text``'s characters :func:`cell_text` keeps before its …, None when the whole fits."""
    if len(text) <= EXCEL_CELL_CHARS // 2:  # fits whatever its characters are: no need to count units
        return None
    units = text.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * EXCEL_CELL_CHARS:
        return None
    kept = units[: 2 * (EXCEL_CELL_CHARS - len(CUT_MARK))].decode("utf-16-le", "surrogatepass")
    # The last unit kept may be the first half of a character of two units: never written half.
    return len(kept) - 1 if kept[-1] != text[len(kept) - 1] else len(kept)


def past_the_cut(typed: str, whole: str) -> str | None:
    """``typed``, read back from a cell :func:`cell_text` cut from ``whole``, as the whole text it stands
    for: the customer's edit of what the cell showed, the text past the cut in place of its closing …;
    None when the … is gone (where the rest belongs cannot be told: never guessed, never lost)."""
    if not typed.endswith(CUT_MARK):
        return None
    cut = _cut_at(whole)
    return typed[: -len(CUT_MARK)] + whole[len(whole) if cut is None else cut:]


def cut_list(path: Path, sheet: str, stop: str) -> list[Any]:
    """The cells a written workbook shows cut at Excel's cell limit, as its meta ``sheet`` lists them in a
    ``cut`` row (JSON) before the ``stop`` row (the hearing sheet's and the Excel WBS's export reports)."""
    import json

    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        if sheet in book.sheetnames:
            for row in book[sheet].iter_rows(values_only=True):
                if row and row[0] == stop:
                    break
                if row and row[0] == "cut" and isinstance(row[1], str):
                    return list(json.loads(row[1]))
        return []
    finally:
        book.close()


def append_row(ws: Any, values: Sequence[object]) -> None:
    """``ws.append`` with every string made safe by :func:`cell_text` (one call a row: fast on big sheets)."""
    ws.append([cell_text(v) if isinstance(v, str) else v for v in values])


def first_sheet(book: Workbook) -> Worksheet:
    """The sheet a new ``Workbook()`` starts with: a worksheet (openpyxl's ``active`` may also be a chart sheet or None)."""
    return cast("Worksheet", book.active)


def header_text(template: str, name: str) -> str:
    """A print header showing ``name`` (``&`` doubled: Excel reads ``&`` as a field code), at most
    :data:`HEADER_TEXT_CHARS` as Excel counts them, escapes included: a longer name is cut, ending in …, always
    between two of its characters (never half a doubled ``&``), the template's own words kept."""
    def written(part: str) -> str:
        return cell_text(template.format(part.replace("&", "&&")))

    text = written(name)
    if excel_length(text) <= HEADER_TEXT_CHARS:
        return text
    low, high = 0, len(name)  # the most characters of the name whose cut text fits
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if excel_length(written(name[:mid] + CUT_MARK)) <= HEADER_TEXT_CHARS else (low, mid - 1)
    return written(name[:low] + CUT_MARK)


# Excel's text format: what the customer types in a cell of it stays as typed (5% is no 0.05, 1-2 no date).
TEXT_FORMAT = "@"


def set_text(cell: Any, value: object) -> None:
    """Write user text into a cell so that it can never become a formula (nor break the workbook)."""
    from openpyxl.cell.cell import TYPE_STRING

    text = cell_text(value)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = TYPE_STRING
        cell.quotePrefix = True


def sheet_date(stored: object) -> dt.date | None:
    """The day a stored date is, for a date cell; None for one to write as the text the app shows
    (:func:`app.core.i18n.parse_date` cannot read it, or it is out of the plan's years, such as an
    earlier version's 9999/12/31 or 0001-01-01 kept by an import: Excel holds no day before 1900)."""
    from app.core.i18n import date_in_range, parse_date

    try:
        day = parse_date(str(stored))
    except ValueError:
        return None
    return day if date_in_range(day) else None


def set_value(cell: Any, value: object, lang: str) -> None:
    """Numbers and dates as real cells (a date shown as a document in ``lang`` writes it); everything else as safe text."""
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = date_format(lang)
    else:
        set_text(cell, value)


def style_header(ws: Any, row: int = 1) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    for cell in ws[row]:
        cell.font = Font(bold=True, color=HEADER_FONT)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)


def fill(color: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=color)


def thin_border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color="BFBFBF")
    return Border(top=side, bottom=side, left=side, right=side)


# --- printing -----------------------------------------------------------------------------------
#
# Every sheet prints one page wide (fit to width, any number of pages tall) with its header rows
# on every page, on the smallest paper that keeps it readable: A4 (portrait, or landscape where
# that prints clearly larger), then A3 landscape. A sheet too wide for that may, if it names title
# columns (repeated on the left of every page), print two or three pages wide. "Readable" is planned from the column widths:
# LibreOffice sizes a column unit by the default font's digit, about 7.1 pt where Calibri is
# missing (Excel with Calibri: about 5.6 pt), so planning with 7.1 pt keeps both at or above
# READABLE_SCALE, where 11 pt text prints at 7 pt or more.

POINTS_PER_WIDTH_UNIT = 7.1
READABLE_SCALE = 0.65
COMFORTABLE_SCALE = 0.9  # portrait A4 at this scale or more is preferred to a larger landscape print
DEFAULT_COLUMN_WIDTH = 9.0  # a column openpyxl wrote no width for (Excel's 8.43 plus padding)
PAPERS = {"A4": (595.3, 841.9), "A3": (841.9, 1190.6)}  # points, portrait
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6, "header": 0.3, "footer": 0.3}  # inches
PAGE_FOOTER = "&P / &N"  # page of pages
SHEET_HEADER = "&A"  # the sheet's name
# Excel refuses a page header or footer longer than 255 characters (the whole string, its codes and the '&' a
# text doubles included: the customer's Excel reports the file as damaged); every header the app writes is
# "&L&A&C<text>" (the sheet's name left, the text centred), so the text has the rest.
EXCEL_HEADER_CHARS = 255
HEADER_TEXT_CHARS = EXCEL_HEADER_CHARS - len(f"&L{SHEET_HEADER}&C")


@dataclass(frozen=True)
class PrintLayout:
    """How a sheet prints: paper, orientation, pages wide and the scale that gives (planned)."""

    paper: str
    landscape: bool
    pages_wide: int
    scale: float


def printable_width(paper: str, landscape: bool) -> float:
    """The width inside the margins, in points."""
    width, height = PAPERS[paper]
    return (height if landscape else width) - (MARGINS["left"] + MARGINS["right"]) * 72


def pages_wide(widths: Sequence[float], titles: int, usable: float) -> int:
    """How many pages wide columns of ``widths`` print when a page holds ``usable`` units.

    Columns are never cut: a column that does not fit goes to the next page, which starts with
    the first ``titles`` columns again.
    """
    title_width = sum(widths[:titles])
    pages, used = 1, 0.0
    for width in widths:
        if used + width > usable and used > (title_width if pages > 1 else 0):
            pages, used = pages + 1, title_width
        used += width
    return pages


def plan_print(widths: Sequence[float], titles: int = 0, max_pages_wide: int = 1) -> PrintLayout:
    """The first readable layout for columns of ``widths`` (else the most readable one).

    A4 first: portrait if it prints at COMFORTABLE_SCALE, else portrait or landscape, whichever
    prints larger; then A3 landscape; then two or three pages wide, A4 before A3, if ``titles`` (the
    number of title columns repeated on the later pages) allows it. As fit to N pages wide does
    in Excel and LibreOffice, the scale is the largest whole percentage at which the columns,
    never cut, fill at most N pages.
    """
    portrait = _layout(widths, titles, "A4", False, 1)
    if portrait.scale >= COMFORTABLE_SCALE:
        return portrait
    layouts = [max(portrait, _layout(widths, titles, "A4", True, 1), key=lambda layout: layout.scale)]
    layouts.append(_layout(widths, titles, "A3", True, 1))
    if titles:
        layouts += [_layout(widths, titles, paper, True, pages) for pages in range(2, max_pages_wide + 1) for paper in ("A4", "A3")]
    return next((layout for layout in layouts if layout.scale >= READABLE_SCALE), max(layouts, key=lambda layout: layout.scale))


def _layout(widths: Sequence[float], titles: int, paper: str, landscape: bool, pages: int) -> PrintLayout:
    usable = printable_width(paper, landscape) / POINTS_PER_WIDTH_UNIT
    percent = next((p for p in range(100, 9, -1) if pages_wide(widths, titles, usable * 100 / p) <= pages), 10)
    return PrintLayout(paper, landscape, pages, percent / 100)


def column_widths(ws: Any) -> list[float]:
    """The widths of the columns that print (hidden ones left out), in column units."""
    from openpyxl.utils import get_column_letter

    widths = []
    for n in range(1, ws.max_column + 1):
        dimension = ws.column_dimensions.get(get_column_letter(n))
        if dimension is not None and dimension.hidden:
            continue
        widths.append(dimension.width if dimension is not None and dimension.width else DEFAULT_COLUMN_WIDTH)
    return widths


def readable_width(paper: str = "A3", landscape: bool = True) -> float:
    """The widest sheet (in column units) that prints one page wide on ``paper`` at READABLE_SCALE."""
    return printable_width(paper, landscape) / (POINTS_PER_WIDTH_UNIT * READABLE_SCALE)


def print_setup(
    ws: Any,
    title_rows: str | None = "1:1",
    *,
    title_columns: str | None = None,
    layout: PrintLayout | None = None,
) -> PrintLayout:
    """Set how ``ws`` prints (call it once its column widths are set); returns the layout chosen.

    Fit to width with the height unlimited, ``title_rows`` (the header) and ``title_columns``
    (the first columns, such as "A:B") repeated on every page, the paper and orientation from :func:`plan_print` unless ``layout``
    is given, narrow margins, the sheet's name in the header's left part and "page / pages" in
    the footer's right part (other header and footer parts are the caller's).
    """
    from openpyxl.worksheet.page import PageMargins

    if layout is None:
        titles = 0
        if title_columns:
            from openpyxl.utils import column_index_from_string

            titles = column_index_from_string(title_columns.split(":")[-1].replace("$", ""))
        layout = plan_print(column_widths(ws), titles, max_pages_wide=3 if title_columns else 1)
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if layout.paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_setup.fitToWidth = layout.pages_wide
    if layout.pages_wide > 1:
        ws.page_setup.pageOrder = "overThenDown"  # a band of rows, left to right, then the next band
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**MARGINS)
    ws.oddHeader.left.text = SHEET_HEADER
    ws.oddFooter.right.text = PAGE_FOOTER
    return layout


def safe_sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in title).strip("' ") or "Sheet"
    base = cleaned
    if len(cleaned) > 31:  # cut at a word where one is near, and show that it was cut
        cut = cleaned[:30]
        space = cut.rfind(" ")
        mid_word = cleaned[30] not in " ,、・" and cut[-1] not in " ,、・"
        base = (cut[:space] if mid_word and space >= 18 else cut).rstrip(" ,、・-(") + "…"
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def text_width(text: str) -> int:
    """Display width in Excel character units: East Asian wide characters count twice."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


MAX_ROW_HEIGHT = 409.0  # points: the tallest row Excel has (LibreOffice opens taller ones at this)


def row_height(lines: int, line_height: float = 15.0, padding: float = 3.0) -> float:
    """The height of a row showing ``lines`` lines of wrapped text: every line, up to the tallest row
    Excel has (27 lines; the text beyond is in the cell, shown when it is opened or the row is widened)."""
    return min(line_height * lines + padding, MAX_ROW_HEIGHT)


def fit_row_height(ws: Any, row: int, widths: Mapping[int, float], line_height: float = 15.0) -> None:
    """Set a row's height to show its wrapped text (Excel and LibreOffice do not grow rows on open)."""
    lines = 1
    for column, width in widths.items():
        value = ws.cell(row=row, column=column).value
        if not isinstance(value, str) or not value:
            continue
        needed = sum(max(1, -(-text_width(part) // max(int(width) - 1, 1))) for part in value.split("\n"))
        lines = max(lines, needed)
    ws.row_dimensions[row].height = row_height(lines, line_height)
