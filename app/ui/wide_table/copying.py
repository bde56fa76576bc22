"""Copying a table's selected cells for a spreadsheet, an e-mail or a document (Ctrl+C): the text as
Excel writes it (tab-separated, CRLF between rows, a cell with a tab, a line break or a quote mark in
quotes), the cells as typed (an e-mail gets exactly the text), and an HTML table (what Excel, LibreOffice
and mail programs read first) whose cells are marked as text, so that a spreadsheet never makes one a formula."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QAbstractItemModel, QMimeData, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

TICK = "✓"  # a ticked check cell (pasted back, a tick: app/hearing/sheet_cells.py reads it)


def copy_selection(view: QAbstractItemView, shown_by: QTableView | None = None) -> bool:
    """The cells selected in ``view`` (or its current cell) onto the clipboard, as the table shows them,
    in the columns ``shown_by`` (default: ``view``) does not hide. A selection of several blocks gives
    the rows and the columns it spans, as Excel copies rows picked with Ctrl. False: nothing to copy."""
    grid = selected_grid(view, shown_by)
    if not grid:
        return False
    mime = QMimeData()
    mime.setText(grid_text(grid))
    mime.setHtml(grid_html(grid))
    QApplication.clipboard().setMimeData(mime)
    return True


def selected_grid(view: QAbstractItemView, shown_by: QTableView | None = None) -> list[list[str]]:
    """The texts of the selected cells (the current cell's when none is), a row of cells per row."""
    model = view.model()
    shown = shown_by if shown_by is not None else view
    selection = shown.selectionModel() or view.selectionModel()
    indexes = [i for i in (selection.selectedIndexes() if selection is not None else []) if i.isValid()]
    if not indexes and view.currentIndex().isValid():
        indexes = [view.currentIndex()]
    hidden = shown.isColumnHidden if isinstance(shown, QTableView) else (lambda _c: False)
    rows = sorted({i.row() for i in indexes})
    columns = sorted({i.column() for i in indexes if not hidden(i.column())})
    if model is None or not columns:
        return []
    return [[shown_text(model, row, column) for column in columns] for row in rows]


def shown_text(model: QAbstractItemModel, row: int, column: int) -> str:
    """A cell as its table shows it: its text (a choice's label, a date as shown), a tick for a ticked box."""
    index = model.index(row, column)
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text is None:
        check = index.data(Qt.ItemDataRole.CheckStateRole)
        if check is not None:
            return TICK if Qt.CheckState(check) == Qt.CheckState.Checked else ""
        return ""
    return str(text)


def grid_text(grid: list[list[str]]) -> str:
    """Tab-separated text as Excel puts it on the clipboard: CRLF after each row, a cell holding a tab,
    a line break or a quote mark in quotes with its quote marks doubled and its line breaks as LF, as
    Excel writes an Alt+Enter (parse_grid reads it back, a cell holding a tab too)."""
    return "".join("\t".join(_quoted(cell) for cell in cells) + "\r\n" for cells in grid)


def _quoted(cell: str) -> str:
    if any(c in cell for c in '\t\r\n"'):
        return '"' + cell.replace("\r\n", "\n").replace("\r", "\n").replace('"', '""') + '"'
    return cell


# Every cell marked as text: user text is never a formula (=SUM(A1:A3)), a number (0123, +81-3-1234) or a
# date. Excel reads the style it writes itself; LibreOffice ignores it and reads its own attribute (tried:
# soffice's HTML import makes the cell with only the style a formula, with sdnum a text cell, format @).
TEXT_CELL = """<td style='mso-number-format:"\\@"' sdnum="1033;0;@">"""


def grid_html(grid: list[list[str]]) -> str:
    """An HTML table of the cells, every text escaped (a cell holding ``<b>`` is that text, never
    markup), every cell marked as text (:data:`TEXT_CELL`); a line break inside a cell as Excel writes
    one (in the same cell)."""
    rows = "".join("<tr>" + "".join(f"{TEXT_CELL}{_cell_html(cell)}</td>" for cell in cells) + "</tr>\n" for cells in grid)
    return f'<html>\n<head><meta charset="utf-8"></head>\n<body>\n<table>\n{rows}</table>\n</body>\n</html>\n'


def _cell_html(cell: str) -> str:
    lines = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br style=\"mso-data-placement:same-cell\">".join(_spaced(line) for line in lines)


# Blanks HTML would collapse or drop: a run of two or more, or one at either end of a line.
_BLANKS = re.compile(r"[ \t]{2,}|^[ \t]|[ \t]$")


def _spaced(line: str) -> str:
    """A line of a cell escaped, its blanks kept (「  字下げ」, 「a  b」): HTML collapses a run of spaces
    and drops them at a line's ends, so such blanks are written as Excel writes them, no-break spaces
    in a ``mso-spacerun`` span (Excel reads them as spaces; LibreOffice does too, but drops a plain
    space after a no-break one, hence none in the span). A tab there is one space: no HTML either
    reads keeps a tab in a cell (tried: &#9;, mso-tab-count, white-space:pre); the text copy keeps it."""
    out, at = [], 0
    for run in _BLANKS.finditer(line):
        out.append(html.escape(line[at : run.start()], quote=True))
        out.append("<span style='mso-spacerun:yes'>" + "&nbsp;" * len(run.group()) + "</span>")
        at = run.end()
    out.append(html.escape(line[at:], quote=True))
    return "".join(out)
