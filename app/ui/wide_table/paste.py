"""Pasting cells copied from a spreadsheet (Excel, LibreOffice, Google Sheets) into a table view
whose model takes them (``paste(row, column, grid) -> int``: a hearing table's)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

from app.core.errors import UserError
from app.ui import messages
from app.ui.error_text import ui_lang
from app.ui.translations import translated_in
from app.ui.wide_table.copying import copy_selection, say_no_paste, shown_text


class _ClipboardKeys(QObject):
    """Ctrl+C and Ctrl+V (the platform's copy and paste keys) on a table view: its selected cells onto
    the clipboard, the clipboard's cells into its model, in the columns ``shown_by`` shows (the main
    view's: a frozen first column hides the others)."""

    def __init__(self, shown_by: QTableView) -> None:
        super().__init__(shown_by)
        self.shown_by = shown_by

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or not isinstance(watched, QAbstractItemView):
            return False
        if event.matches(QKeySequence.StandardKey.Copy):
            return copy_selection(watched, self.shown_by)
        if event.matches(QKeySequence.StandardKey.Paste):
            paste_clipboard(watched, self.shown_by)
            return True  # pasted, or said why not
        return False


def install_paste(view: QTableView, *more: QAbstractItemView) -> None:
    """Ctrl+V on ``view`` (and on views beside it over the same model: a frozen first column)
    pastes the clipboard's cells from that view's current cell on, or says why the table takes none;
    Ctrl+C copies the selected cells (:mod:`app.ui.wide_table.copying`). A cell being typed in copies
    and pastes its own text (its editor has the keys, not the view)."""
    keys = _ClipboardKeys(view)  # (the columns the user hid are skipped, as Excel skips hidden columns)
    for target in (view, *more):
        target.installEventFilter(keys)


def paste_clipboard(view: QAbstractItemView, shown_by: QTableView | None = None) -> int:
    """The clipboard's cells into ``view``'s model from the current cell on (below the last row when
    none is current), into the columns ``shown_by`` (default: ``view``) does not hide; the current
    cell stays at the first pasted one. Returns the rows written. A model that takes no paste (a table
    the app works out) is said to: nothing is pasted without a word."""
    model = view.model()
    paste = getattr(model, "paste", None)
    if paste is None:
        say_no_paste(view, shown_by)
        return 0
    index = view.currentIndex()
    row, column = (index.row(), index.column()) if index.isValid() else (model.rowCount(), 0)
    shown = shown_by if shown_by is not None else view
    hidden = shown.isColumnHidden if isinstance(shown, QTableView) else (lambda _c: False)
    columns = [c for c in range(column, model.columnCount()) if not hidden(c)]
    grid = parse_grid(QApplication.clipboard().text())
    notes = _left_out(model, row, columns, grid)  # (before the paste: what the cells showed)
    try:
        written = int(paste(row, columns, grid))
    except UserError as error:  # a cell its column refuses: nothing is pasted, and why is said
        messages.show_error(view, error)
        return 0
    if written:
        view.setCurrentIndex(model.index(row, column))
    if notes:  # nothing pasted is dropped without a word
        messages.show_info(view, "\n".join(notes))
    return written


def _left_out(model: QAbstractItemModel, row: int, columns: list[int], grid: list[list[str]]) -> list[str]:
    """What a paste leaves out, said in the window's language: cells past the last column, rows past the
    last row of a table whose rows are given (``adds_rows`` False), cells of a column that cannot be typed
    in (unless they hold what the cell shows: the table copied with its labels)."""
    notes = []
    if past := sum(1 for cells in grid for cell in cells[len(columns):] if cell.strip()):
        notes.append(QCoreApplication.translate(
            "TablePaste", "Copied cells past the table's last column were left out ({0}): paste them from a column further left.").format(past))
    room = len(grid) if getattr(model, "adds_rows", True) else max(0, model.rowCount() - row)
    if below := sum(1 for cells in grid[room:] if any(cell.strip() for cell in cells)):
        notes.append(QCoreApplication.translate(
            "TablePaste", "Copied rows past the table's last row were left out ({0}): this table's rows are given, a paste adds none.").format(below))
    writable = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable
    locked = [(r, c) for r, cells in enumerate(grid[:room], start=row) for c, cell in zip(columns, cells, strict=False)
              if r < model.rowCount() and not model.flags(model.index(r, c)) & writable and cell.strip() and not _as_shown(model, r, c, cell.strip())]
    if locked:
        names = ("、" if ui_lang() == "ja" else ", ").join(str(model.headerData(c, Qt.Orientation.Horizontal)) for c in sorted({c for _r, c in locked}))
        notes.append(QCoreApplication.translate(
            "TablePaste", "Copied cells in columns that cannot be typed in ({0}) were left out ({1}).").format(names, len(locked)))
    return notes


def _as_shown(model: QAbstractItemModel, row: int, column: int, cell: str) -> bool:
    """Whether a copied ``cell`` holds what the cell shows, in the window's language or the other one (a
    label the model gives by ``tr()``: rows copied in the English window, pasted back in the Japanese one)."""
    shown = shown_text(model, row, column)
    if cell == shown:
        return True
    context = type(model).__name__  # (the context of the model's tr())
    if ui_lang() == "ja":  # a label copied in English: the code's word, which the window shows translated
        return cell != QCoreApplication.translate(context, cell) == shown
    return cell == translated_in("ja", context, shown) != shown


def parse_grid(text: str) -> list[list[str]]:
    """Cells copied from Excel or another spreadsheet: tab-separated, a row a line (CRLF from Excel,
    LF from others, CR from old Macs). A cell a spreadsheet put in quotes, because it holds a line
    break, a tab or a quote mark, is read whole with ``""`` as a quote mark and its line breaks as
    ``\\n``; any other quote mark is the cell's own text (``"A社" 山田``, ``"TBD"``, a column of ditto
    marks ``"``, two side by side ``"<tab>"``: quotes around nothing but tabs are not a cell). An empty
    line is one empty cell (a blank cell of a single copied column clears its cell), a row of blank
    cells is copied blanks (the cells it lands on are cleared, as Excel clears them, the last row too);
    the line break after the last row is no row, and a clipboard of nothing but blanks is nothing.

    Excel ends its rows with CRLF and writes a line typed in a cell (Alt+Enter) with LF, but a cell
    that came from elsewhere (a CSV, a form) holds CRLF: read inside quotes too, unless that reading
    breaks the rectangle every spreadsheet copies while reading those line breaks as row ends keeps
    it (a ditto mark ending one row and an inch mark ending the next one's first cell), and never for
    quotes holding nothing but line breaks (ditto marks one above the other). A tab inside quotes is
    read so on the same terms (a cell beginning with a quote mark and a later one ending with one:
    the rectangle tells them apart), never beside a CR (Excel writes a cell's line breaks as LF, and
    so does :func:`app.ui.wide_table.copying.grid_text`). Nearly one pass."""
    rows, spanned = _grid(text, loose=True)
    if spanned and not _rectangle(rows):
        strict, _ = _grid(text, loose=False)
        if _rectangle(strict):
            return strict
    return rows


def _grid(text: str, *, loose: bool) -> tuple[list[list[str]], bool]:
    """The rows of cells of ``text``, and whether a quoted cell held a CR or a tab (``loose``: read so)."""
    rows: list[list[str]] = []
    row: list[str] = []
    at, end = 0, len(text)
    spanned = False
    while at <= end:
        cell, at = _quoted_cell(text, at, loose)
        if cell is None:  # up to the next tab or line break, as it is
            stop = at
            while stop < end and text[stop] not in "\t\r\n":
                stop += 1
            cell, at = text[at:stop], stop
        elif "\r" in cell or "\t" in cell:
            spanned = True
            cell = cell.replace("\r\n", "\n").replace("\r", "\n")
        row.append(cell)
        if at < end and text[at] == "\t":
            at += 1
            continue
        rows.append(row)  # the end of a line, or of the text
        row = []
        at += 2 if text.startswith("\r\n", at) else 1
    if text.endswith(("\r", "\n")):
        rows.pop()  # the empty row after the last line break: no row (a blank row above it is copied blank cells)
    if not any(c.strip() for cells in rows for c in cells):
        return [], spanned  # nothing but blanks: nothing to paste
    return rows, spanned


def _rectangle(rows: list[list[str]]) -> bool:
    return len({len(cells) for cells in rows}) <= 1


def _quoted_cell(text: str, at: int, loose: bool) -> tuple[str | None, int]:
    """A cell in quotes as a spreadsheet writes one at ``at`` (its text, where it ends), or (None, at):
    no quote there, no closing quote followed by a tab, a line break or the end, or a text a
    spreadsheet would not have quoted (neither a line break, a tab nor a doubled quote inside; a CR or
    a tab inside unless ``loose``, with more than line breaks and tabs inside, and never both)."""
    if not text.startswith('"', at):
        return None, at
    n = at + 1
    while True:
        close = text.find('"', n)
        if close < 0:
            return None, at
        if text.startswith('""', close):
            n = close + 2
            continue
        inside = text[at + 1 : close]
        after = close + 1
        quoted = "\n" in inside or '""' in inside  # a line break, or quote marks written twice (LibreOffice)
        if "\r" in inside or "\t" in inside:  # (a CR from a CSV's cell, a tab from a customer's sheet)
            quoted = loose and bool(inside.strip("\r\n\t")) and not ("\r" in inside and "\t" in inside)
        if (after == len(text) or text[after] in "\t\r\n") and quoted:
            return inside.replace('""', '"'), after
        return None, at
