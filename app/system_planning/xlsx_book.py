"""Writing an xlsx with XlsxWriter in the app's look: text always a string, formulas stored with their values.

XlsxWriter (unlike openpyxl) stores a formula together with the value it computed, so a workbook's
results can be formulas over its input cells that Excel and LibreOffice recalculate, while a
viewer that never recalculates still shows the figures. The look follows
:mod:`app.core.files.xlsx_style` (header colours, thin borders, wrapped text, row heights, A4
landscape fitted to the width with the header row repeated); every string goes through
:func:`~app.core.files.xlsx_style.cell_text` and is written as a string, with the quote prefix
where Excel would otherwise evaluate it on an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from app.core.files import xlsx_style as xs
from app.core.files.xlsx_writer import lines_needed

BORDER = "#BFBFBF"


def typed_format(value: float) -> str:
    """A typed number's cell format: up to four decimals; a tiny one (0.0000036) its 6 significant digits, never 0."""
    if not isinstance(value, float) or value.is_integer():
        return "#,##0"
    if abs(value) >= 0.0001:
        return "#,##0.####"
    return "#,##0." + "0" * -int(Decimal(f"{value:.6g}").as_tuple().exponent)


def cell(row: int, col: int, absolute: bool = False) -> str:
    """A cell reference such as ``B3`` (0-based row and column; ``$B$3`` when absolute)."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col, absolute, absolute)


class Book:
    """An XlsxWriter workbook (made and closed by :func:`app.core.files.xlsx_writer.write_book`, which
    never guesses anything from a string) with the app's formats (one format object per look, made once)."""

    def __init__(self, wb: Any, lang: str) -> None:
        self.lang = lang  # the document's language: how its date cells show (xlsx_style.date_format)
        self.wb = wb
        self._formats: dict[tuple, Any] = {}
        self.taken: set[str] = set()

    def fmt(self, *, body: bool = True, num: str | None = None, bold: bool = False, quote: bool = False,
            header: bool = False, wrap: bool = False) -> Any:  # fmt: skip
        key = (body, num, bold, quote, header, wrap)
        if key not in self._formats:
            props: dict[str, Any] = {}
            if header:
                props |= {"bold": True, "font_color": "#" + xs.HEADER_FONT, "bg_color": "#" + xs.HEADER_FILL, "pattern": 1,
                          "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": BORDER}  # fmt: skip
            elif body:
                props |= {"text_wrap": True, "valign": "top", "border": 1, "border_color": BORDER}
            if num:
                props["num_format"] = num
            if bold:
                props["bold"] = True
            if quote:
                props["quote_prefix"] = True
            if wrap:
                props |= {"text_wrap": True, "valign": "top"}
            self._formats[key] = self.wb.add_format(props)
        return self._formats[key]

    def sheet(self, title: str, headers: list[str], widths: Sequence[float], freeze_cols: int = 1) -> Sheet:
        ws = self.wb.add_worksheet(xs.safe_sheet_title(title, self.taken))
        sheet = Sheet(self, ws, widths)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        for col, text in enumerate(headers):
            sheet.text(0, col, text, header=True)
        ws.freeze_panes(1, freeze_cols)
        return sheet


class Sheet:
    """One worksheet: text is always a string, numbers and dates typed, formulas only where we write one."""

    def __init__(self, book: Book, ws: Any, widths: Sequence[float]) -> None:
        self.book, self.ws, self.widths = book, ws, widths
        self.texts: dict[int, dict[int, str]] = {}  # what each row shows as text, for its height
        self.body_rows = 0  # rows 1..body_rows (0-based) have the table's borders

    @property
    def name(self) -> str:
        return self.ws.get_name()

    def ref(self, row: int, col: int, absolute: bool = True) -> str:
        """A reference to a cell of this sheet from another sheet."""
        from xlsxwriter.utility import quote_sheetname

        return f"{quote_sheetname(self.name)}!{cell(row, col, absolute)}"

    def _body(self, row: int) -> bool:
        return 1 <= row <= self.body_rows

    def text(self, row: int, col: int, value: object, *, header: bool = False, bold: bool = False) -> None:
        text = xs.cell_text(value)
        if not text:
            if self._body(row):
                self.ws.write_blank(row, col, None, self.book.fmt())
            return
        quote = text.startswith(xs.FORMULA_STARTS)
        fmt = self.book.fmt(body=self._body(row) or header, bold=bold, quote=quote, header=header)
        self.ws.write_string(row, col, text, fmt)
        self.texts.setdefault(row, {})[col] = text

    def note(self, row: int, col: int, value: object, *, width: float = 120, bold: bool = False) -> None:
        """A line under a table (a legend): wrapped across the columns from ``col`` that make about ``width``
        characters (a printed page's part, never running off it), its row tall enough for it."""
        text = xs.cell_text(value)
        last, room = col, 0.0
        while last < len(self.widths) and room + self.widths[last] <= width:
            room += self.widths[last]
            last += 1
        last = max(last - 1, col)
        room = room or (self.widths[col] if col < len(self.widths) else 13)
        fmt = self.book.fmt(body=False, bold=bold, quote=text.startswith(xs.FORMULA_STARTS), wrap=True)
        if last > col:
            self.ws.merge_range(row, col, row, last, "", fmt)
        self.ws.write_string(row, col, text, fmt)  # (merge_range's own write would read '=' as a formula)
        self.ws.set_row(row, 15.0 * lines_needed([(room, text)]) + 3)

    def number(self, row: int, col: int, value: float, num: str | None = None, *, bold: bool = False) -> None:
        self.ws.write_number(row, col, value, self.book.fmt(body=self._body(row), num=num, bold=bold))

    def formula(self, row: int, col: int, formula: str, value: float, num: str | None = None, *, bold: bool = False) -> None:
        """A result as a formula over input cells, with the app's value cached for viewers that do not recalculate."""
        self.ws.write_formula(row, col, "=" + formula, self.book.fmt(body=self._body(row), num=num, bold=bold), value)

    def date(self, row: int, col: int, value: dt.date) -> None:
        self.ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.book.fmt(body=self._body(row), num=xs.date_format(self.book.lang)))

    def blank_row(self, row: int, columns: int) -> None:
        for col in range(columns):
            self.ws.write_blank(row, col, None, self.book.fmt())

    def finish(self, columns: int, last_row: int, print_header: str, fit_width: int = 1) -> None:
        """Filter, row heights, print setup; ``last_row`` is 0-based, the header is row 0.

        ``print_header`` is the page header's text (made safe by :func:`xlsx_style.header_text`)."""
        if last_row >= 0:
            self.ws.autofilter(0, 0, max(last_row, 1), columns - 1)
        for row in range(0, last_row + 1):
            self.ws.set_row(row, self._height(row))
        # The same print plan as every other workbook (xlsx_style.plan_print): the smallest paper that
        # keeps the text readable, one page wide unless the sheet is wider; then the first column repeats.
        layout = xs.plan_print(list(self.widths), titles=1 if fit_width > 1 else 0, max_pages_wide=max(fit_width, 1) + 1)
        self.ws.set_paper(8 if layout.paper == "A3" else 9)
        if layout.landscape:
            self.ws.set_landscape()
        else:
            self.ws.set_portrait()
        self.ws.fit_to_pages(layout.pages_wide, 0)
        self.ws.repeat_rows(0)
        if layout.pages_wide > 1:
            self.ws.repeat_columns(0)
            self.ws.print_across()
        m = xs.MARGINS
        self.ws.set_margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])
        self.ws.set_header(f"&L{xs.SHEET_HEADER}&C{print_header}", {"margin": m["header"]})
        self.ws.set_footer(f"&R{xs.PAGE_FOOTER}", {"margin": m["footer"]})

    def _height(self, row: int, line_height: float = 15.0) -> float:
        """Tall enough for the wrapped text (neither Excel nor LibreOffice grows rows on open)."""
        texts = [(self.widths[col] if col < len(self.widths) else 13, text) for col, text in self.texts.get(row, {}).items()]
        return xs.row_height(lines_needed(texts), line_height)
