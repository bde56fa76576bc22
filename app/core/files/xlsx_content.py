"""What openpyxl would build from a workbook's XML parts, counted as :mod:`app.core.files.xlsx_guard` streams them.

Each XML part goes once through expat (never a tree), and what openpyxl would make of it is
counted against :class:`XlsxLimits`, refused (:class:`~app.core.errors.UnsafeWorkbookError`) as
soon as a limit is passed:

- a worksheet (:func:`count_sheet`): its rows and cells, and the cells openpyxl creates besides
  them: one for each cell of a merged range (``<mergeCell>``) and of a hyperlink's range
  (``<hyperlink>``); each range is refused past the sheet's limits on its own (its size, its last
  row, the area it reaches), then counts toward the sheet's rows and area and the workbook's cells;
- a comments part (:func:`count_part`): openpyxl creates the cell each comment is on (every cell of
  a range), bounded the same way;
- the styles (``xl/styles.xml``): openpyxl builds an object for every entry of each of its lists
  (cell formats, fonts, fills, borders, number formats...): each list is bounded by Excel's own
  limit of unique cell formats;
- every element outside a sheet's cells that openpyxl builds an object for (styles, conditional
  formats, data validations, column widths, comments, drawings, pivot caches...): bounded in all.

Conditional formats and data validations keep their ranges as ranges (openpyxl creates no cell for
them), so they count as elements only; so do tables, print areas and defined names.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.core.errors import UnsafeWorkbookError, shown
from app.core.files.xlsx_parts import BrokenPart
from app.core.messages import Label, Message

# What the whole sheet is to openpyxl when a range leaves out its rows or columns ("A:A", "1:1").
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


@dataclass(frozen=True)
class XlsxLimits:
    max_file_bytes: int = 50 * 1_000_000
    max_parts: int = 2_000
    max_unpacked_bytes: int = 200 * 1_000_000
    max_ratio: int = 100  # unpacked / packed, for a part of more than ratio_from_bytes unpacked
    ratio_from_bytes: int = 4 * 1_000_000
    max_shared_strings_bytes: int = 50 * 1_000_000
    max_rows: int = 50_000  # per sheet: the highest row number
    max_area: int = 1_000_000  # per sheet: highest row x highest column
    max_cells: int = 1_000_000  # per workbook: cells written, and cells merged ranges, hyperlinks and comments make
    max_prolog_bytes: int = 64 * 1024  # what may come before an XML part's root element
    # Per list of the styles (cell formats, fonts, fills, borders, number formats...): Excel itself
    # holds at most 65,490 unique cell formats in a workbook (its "specifications and limits"), and
    # every font, fill or border a cell shows is one a format names. openpyxl takes about 1 KB per
    # entry: 65 MB at the limit, where 1.7 million cell formats took it past a gigabyte.
    max_style_entries: int = 65_490
    # Per workbook: elements outside the sheets' cells that openpyxl builds objects for (styles,
    # formatting rules, validations, column widths, comments, drawings...): about 500 bytes and 35 µs
    # each (990,000 conditional formats took it 520 MB and 35 s), so at most about 250 MB and 15 s.
    # A workbook of ours has a few thousand; one whose styles Excel bloated to its own limits
    # (65,490 cell formats with their alignment and protection, as many cell styles) about 350,000.
    max_elements: int = 500_000


@dataclass
class XlsxReport:
    """What the check found that a reader may want to say."""

    macros: bool = False  # a macro-enabled workbook: read as data only (macros never run, not kept)
    cells: int = 0
    sheets: int = 0
    elements: int = 0  # outside the sheets' cells (see XlsxLimits.max_elements)
    hyperlinks: int = 0  # on the sheets' cells (see blank_linked_cells)


# The styles' lists by their labels (a list not named here is said by its element's name).
STYLE_LISTS = {
    "numFmts": Label(ja="表示形式", en="number formats"),
    "fonts": Label(ja="フォント", en="fonts"),
    "fills": Label(ja="塗りつぶし", en="fills"),
    "borders": Label(ja="罫線", en="borders"),
    "cellStyleXfs": Label(ja="スタイルの書式", en="cell style formats"),
    "cellXfs": Label(ja="セルの書式", en="cell formats"),
    "cellStyles": Label(ja="セルのスタイル", en="cell styles"),
    "dxfs": Label(ja="条件付き書式の書式", en="conditional formats"),
    "tableStyles": Label(ja="テーブルのスタイル", en="table styles"),
}
# The elements whose ``ref`` makes openpyxl create cells, by the part they are in, and how a refusal names one.
RANGES: dict[bytes, dict[str, Callable[[str], Message]]] = {
    b"worksheet": {"mergeCell": lambda ref: Message(key="workbook.merged_range", ref=shown(ref, 40)),
                   "hyperlink": lambda ref: Message(key="workbook.hyperlink_range", ref=shown(ref, 40))},
    b"comments": {"comment": lambda ref: Message(key="workbook.comment_range", ref=shown(ref, 40))},
}


def count_sheet(chunks: Iterable[bytes], name: str, limits: XlsxLimits, report: XlsxReport) -> None:
    """Stream one worksheet counting rows and cells; refuse as soon as a limit is passed.

    A real XML parser (not patterns): quoting, spacing and chunk boundaries cannot hide a cell. A
    cell's column and row come from its ``r`` attribute when it has one (openpyxl places a cell by
    it, whatever its row says); a cell without one follows the previous cell of its row. A DOCTYPE
    or entity declaration anywhere is refused.

    What is bounded is what is there, refused as soon as it is streamed: the ``<row>`` elements (each
    one an object to openpyxl) and the highest row and column holding a cell. Neither the sheet's
    ``<dimension>`` nor an empty row's number is a limit: after a row is deleted, LibreOffice
    declares ``A1:AH1048576`` and writes an empty ``<row r="1048576">``, and openpyxl (not
    read-only) sizes nothing by either (its ``max_row`` is the last cell's).
    """
    state = {"row": 0, "col": 0, "max_row": 0, "max_col": 0, "cells": 0, "rows": 0, "data": 0}
    ranges = RANGES[b"worksheet"]

    def check() -> None:
        _limits(name, limits, state["max_row"], state["max_row"] * state["max_col"], report.cells)

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            state["cells"] += 1
            report.cells += 1
            ref = attrs.get("r")
            parsed = _reference(ref) if ref else None
            col, row = parsed if parsed is not None else (state["col"] + 1, state["row"])
            state["col"] = col
            state["max_col"] = max(state["max_col"], col)
            if row > state["max_row"]:
                state["max_row"] = row
                if row > limits.max_rows:
                    check()
            if state["cells"] % 10_000 == 0:
                check()
        elif local == "row":
            given = attrs.get("r", "")
            state["row"] = _number(given.strip().encode()) if given.strip().isascii() and given.strip().isdigit() else state["row"] + 1
            state["col"] = 0
            state["rows"] += 1  # openpyxl keeps a row's height and format: each <row>, empty or not, is an object
            if state["rows"] > limits.max_rows:
                raise UnsafeWorkbookError(name, Message(key="workbook.rows_has"), state["rows"], limits.max_rows, at_least=True)
        elif state["data"]:
            return  # inside <sheetData>: a cell's value, formula or text
        else:
            _element(name, limits, report)
            if local == "sheetData":
                state["data"] = 1
            elif local in ranges:
                report.hyperlinks += local == "hyperlink"
                reach = _bound_range(attrs.get("ref") or "", ranges[local], name, limits, report,
                                     (state["max_row"] or 1, state["max_col"] or 1))
                if reach is not None:
                    state["max_row"], state["max_col"] = max(state["max_row"], reach[0]), max(state["max_col"], reach[1])
                    check()

    def end(tag: str) -> None:
        if tag.rpartition(":")[2] == "sheetData":
            state["data"] = 0

    _stream(chunks, start, end, name, Message(key="workbook.sheet_declaration"), refuse_broken=True)
    check()
    _elements_checked(name, limits, report)


def count_part(chunks: Iterable[bytes], root: bytes, part: str, name: str, limits: XlsxLimits, report: XlsxReport) -> None:
    """Stream an XML part other than a worksheet (its root element's local name ``root``): its
    elements, a comment's cells, the styles' lists. A part that is not well-formed is left to
    openpyxl (which refuses it if it reads it at all)."""
    ranges = RANGES.get(root, {})
    styles = root == b"styleSheet"
    lists: dict[str, int] = {}
    path: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        path.append(local)
        _element(name, limits, report)
        if local in ranges:
            _bound_range(attrs.get("ref") or "", ranges[local], name, limits, report, None)
        if styles and len(path) == 3:  # an entry of one of the styles' lists
            entries = lists[path[1]] = lists.get(path[1], 0) + 1
            if entries > limits.max_style_entries:
                what = STYLE_LISTS.get(path[1], shown(path[1], 40))
                raise UnsafeWorkbookError(name, Message(key="workbook.style_entries", what=what), entries,
                                          limits.max_style_entries, at_least=True)

    def end(_tag: str) -> None:
        path.pop()

    _stream(chunks, start, end, name, Message(key="workbook.doctype", part=part), refuse_broken=False)
    _elements_checked(name, limits, report)


def blank_linked_cells(book: Any, archive: zipfile.ZipFile) -> None:
    """Empty again each cell of ``book`` that holds a value only because a hyperlink is on it.

    openpyxl gives an empty cell that carries a hyperlink the link's address as its value (its
    ``Cell.hyperlink`` setter); Excel and LibreOffice show that cell empty, and a reader would take the
    address for something the customer typed (a WBS row titled ``WBS!A1``). A cell whose value is its
    link's address is looked up in its sheet's XML: emptied only when the XML gives it no value, so a
    cell the customer typed the address in (and Excel linked) keeps it.
    """
    suspects: dict[str, set[tuple[int, int]]] = {}
    for sheet in book.worksheets:
        for key, cell in sheet._cells.items():  # (openpyxl's own table: looking creates no cell)
            link = cell.hyperlink
            if link is not None and cell.value is not None and cell.value in (link.target, link.location):
                suspects.setdefault(sheet.title, set()).add(key)
    if not suspects:
        return
    from openpyxl.reader.workbook import WorkbookParser

    parser = WorkbookParser(archive, "xl/workbook.xml")
    parser.parse()
    parts = {sheet.name: rel.target for sheet, rel in parser.find_sheets()}
    for title, cells in suspects.items():
        if parts.get(title) in archive.namelist():
            with archive.open(parts[title]) as part:
                valued = _valued(iter(lambda: part.read(1 << 16), b""), cells)
            for row, column in cells - valued if valued is not None else ():
                book[title]._cells[row, column].value = None


def _valued(chunks: Iterable[bytes], cells: set[tuple[int, int]]) -> set[tuple[int, int]] | None:
    """Which of ``cells`` (row, column) a sheet's XML gives a value, a formula or a text; None when a cell
    goes without its reference (placed by counting: left as openpyxl read it)."""
    found: set[tuple[int, int]] = set()
    state: dict[str, Any] = {"cell": None, "unplaced": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            parsed = _reference(attrs.get("r") or "")
            state["unplaced"] |= parsed is None
            state["cell"] = (parsed[1], parsed[0]) if parsed is not None else None
        elif local in ("v", "f", "is") and state["cell"] in cells:
            found.add(state["cell"])

    def end(tag: str) -> None:
        if tag.rpartition(":")[2] == "c":
            state["cell"] = None

    _stream(chunks, start, end, "", Message(key="workbook.sheet_declaration"), refuse_broken=False)
    return None if state["unplaced"] else found


def _stream(chunks: Iterable[bytes], start: Callable[[str, dict[str, str]], None], end: Callable[[str], None],
            name: str, declaration: Message, refuse_broken: bool) -> None:
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_declaration(*_args: object) -> None:
        raise UnsafeWorkbookError(name, declaration)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse_declaration
    parser.EntityDeclHandler = refuse_declaration
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        if refuse_broken:  # said by the guard, which knows the part (:func:`app.core.files.xlsx_parts.cut_short`)
            raise BrokenPart(expat.ErrorString(exc.code)) from None


def _element(name: str, limits: XlsxLimits, report: XlsxReport) -> None:
    report.elements += 1
    if report.elements > limits.max_elements:
        _elements_checked(name, limits, report)


def _elements_checked(name: str, limits: XlsxLimits, report: XlsxReport) -> None:
    if report.elements > limits.max_elements:
        raise UnsafeWorkbookError(name, Message(key="workbook.elements"), report.elements, limits.max_elements, at_least=True)


def _bound_range(ref: str, named: Callable[[str], Message], name: str, limits: XlsxLimits, report: XlsxReport,
                 sheet: tuple[int, int] | None) -> tuple[int, int] | None:
    """The (last row, last column) of a range openpyxl creates a cell for each cell of (``named``:
    a merged range, a hyperlink, a comment), refused past the limits on its own; None when ``ref``
    is no range (openpyxl refuses it itself). A range without rows or columns ("A:A") spans the
    sheet's (``sheet``: its rows and columns so far, what openpyxl walks) or Excel's whole sheet."""
    from openpyxl.utils.cell import range_boundaries

    try:
        bounds = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    rows, columns = sheet or (EXCEL_ROWS, EXCEL_COLUMNS)
    min_col, min_row = bounds[0] or 1, bounds[1] or 1
    max_col = bounds[2] if bounds[0] is not None and bounds[2] is not None else columns
    max_row = bounds[3] if bounds[1] is not None and bounds[3] is not None else rows
    last_row, last_col = max(min_row, max_row), max(min_col, max_col)
    size = (abs(max_row - min_row) + 1) * (abs(max_col - min_col) + 1)
    what = named(ref)
    if size > limits.max_area:
        raise UnsafeWorkbookError(name, Message(key="workbook.range_size", range=what), size, limits.max_area, "cells")
    if last_row > limits.max_rows:
        raise UnsafeWorkbookError(name, Message(key="workbook.range_row", range=what), last_row, limits.max_rows)
    if last_row * last_col > limits.max_area:
        raise UnsafeWorkbookError(name, Message(key="workbook.range_area", range=what), last_row * last_col, limits.max_area, "cells")
    report.cells += size
    if report.cells > limits.max_cells:
        raise UnsafeWorkbookError(name, Message(key="workbook.cell_count"), report.cells, limits.max_cells, at_least=True)
    return last_row, last_col


def _column(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - 64
    return number


def _reference(ref: str) -> tuple[int, int] | None:
    """A cell reference such as ``XFD1048576`` as (column, row); None when it is not one."""
    ref = ref.strip()
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not letters or not digits or not letters.isascii() or not letters.isalpha() or len(letters) > 7:
        return None
    return _column(letters.upper().encode()), _number(digits.encode())


def _number(digits: bytes) -> int:
    digits = digits.lstrip(b"0") or b"0"
    return int(digits) if len(digits) < 12 else 10**12


def _limits(name: str, limits: XlsxLimits, rows: int, area: int, cells: int) -> None:
    """Refuse past a limit; while counting, the figures so far are lower bounds."""
    if rows > limits.max_rows:
        raise UnsafeWorkbookError(name, Message(key="workbook.rows_has"), rows, limits.max_rows, at_least=True)
    if area > limits.max_area:
        raise UnsafeWorkbookError(name, Message(key="workbook.area_has"), area, limits.max_area, "cells", at_least=True)
    if cells > limits.max_cells:
        raise UnsafeWorkbookError(name, Message(key="workbook.cell_count"), cells, limits.max_cells, at_least=True)

