"""Shared look and safety rules for the workbooks the app writes (openpyxl imported lazily).

User text is always written as text: openpyxl turns any string starting with ``=`` into a
formula, and Excel re-evaluates text starting with ``= + - @`` (and tab, CR, NUL) when a user
edits the cell. Such text is stored as a string with the quote-prefix flag, unchanged
(OWASP ASVS 1.2.10, CWE-1236).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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


def cell_text(value: object) -> str:
    """User text as a workbook can hold it: the xlsx boundary of :mod:`app.core.files.control_chars`.

    Control characters (which the xlsx format forbids, as in text pasted from a terminal) become
    their visible Unicode control pictures (ESC -> ␛). Every string the app writes into a
    workbook goes through here: cells (:func:`set_text`, :func:`append_row`), the hidden meta
    sheets, print headers (:func:`header_text`) and document properties.
    """
    from app.core.files.control_chars import visible

    return visible("" if value is None else str(value))


def append_row(ws: Any, values: Sequence[object]) -> None:
    """``ws.append`` with every string made safe by :func:`cell_text` (one call a row: fast on big sheets)."""
    ws.append([cell_text(v) if isinstance(v, str) else v for v in values])


def first_sheet(book: Workbook) -> Worksheet:
    """The sheet a new ``Workbook()`` starts with: a worksheet (openpyxl's ``active`` may also be a chart sheet or None)."""
    return cast("Worksheet", book.active)


def header_text(template: str, name: str) -> str:
    """A print header showing ``name`` (``&`` doubled: Excel reads ``&`` as a field code)."""
    return cell_text(template.format(name.replace("&", "&&")))


def set_text(cell: Any, value: object) -> None:
    """Write user text into a cell so that it can never become a formula (nor break the workbook)."""
    from openpyxl.cell.cell import TYPE_STRING

    text = cell_text(value)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = TYPE_STRING
        cell.quotePrefix = True


def set_value(cell: Any, value: object) -> None:
    """Numbers and dates as real cells (with a format); everything else as safe text."""
    if isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
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


def print_setup(ws: Any, title_rows: str = "1:1") -> None:
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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


def fit_row_height(ws: Any, row: int, widths: Mapping[int, float], line_height: float = 15.0, max_lines: int = 12) -> None:
    """Set a row's height to show its wrapped text (Excel and LibreOffice do not grow rows on open)."""
    lines = 1
    for column, width in widths.items():
        value = ws.cell(row=row, column=column).value
        if not isinstance(value, str) or not value:
            continue
        needed = sum(max(1, -(-text_width(part) // max(int(width) - 1, 1))) for part in value.split("\n"))
        lines = max(lines, needed)
    ws.row_dimensions[row].height = line_height * min(lines, max_lines) + 3
