"""Pasting cells copied from a spreadsheet (Excel, LibreOffice, Google Sheets) into a table view
whose model takes them (``paste(row, column, grid) -> int``: a hearing table's)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication


class _PasteKeys(QObject):
    """Ctrl+V (the platform's paste keys) on a table view: its model takes the clipboard's cells."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Paste):
            if isinstance(watched, QAbstractItemView) and paste_clipboard(watched):
                return True
        return False


def install_paste(view: QAbstractItemView, *more: QAbstractItemView) -> None:
    """Ctrl+V on ``view`` (and on views beside it over the same model: a frozen first column)
    pastes the clipboard's cells from that view's current cell on. A cell being typed in pastes
    into itself (its editor has the keys, not the view)."""
    keys = _PasteKeys(view)
    for target in (view, *more):
        target.installEventFilter(keys)


def paste_clipboard(view: QAbstractItemView) -> int:
    """The clipboard's cells into ``view``'s model from the current cell on (below the last row when
    none is current); the current cell stays at the first pasted one. Returns the rows written."""
    model = view.model()
    paste = getattr(model, "paste", None)
    if paste is None:
        return 0
    index = view.currentIndex()
    row, column = (index.row(), index.column()) if index.isValid() else (model.rowCount(), 0)
    written = int(paste(row, column, parse_grid(QApplication.clipboard().text())))
    if written:
        view.setCurrentIndex(model.index(row, column))
    return written


def parse_grid(text: str) -> list[list[str]]:
    """Cells copied from Excel or another spreadsheet: tab-separated, a line a row. A cell Excel put
    in quotes (it holds a line break, a tab or a quote: ``"two\nlines"``, ``""`` for a quote) is read
    whole; any other quote mark is the cell's own text (``"A社" 山田``, ``"暫定``). An empty line is a
    row of one empty cell (a blank cell of a single copied column clears its cell); the line break
    after the last row is no row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    rows: list[list[str]] = []
    row: list[str] = []
    at, end = 0, len(text)
    while at <= end:
        cell, at = _quoted_cell(text, at)
        if cell is None:  # up to the next tab or line break, as it is
            stop = min((p for p in (text.find("\t", at), text.find("\n", at)) if p >= 0), default=end)
            cell, at = text[at:stop], stop
        row.append(cell)
        if at >= end or text[at] == "\n":
            rows.append(row)
            row = []
        at += 1
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def _quoted_cell(text: str, at: int) -> tuple[str | None, int]:
    """A cell in quotes starting at ``at`` (its text, where it ends), or (None, at) when the cell is
    not one: no quote there, or no closing quote followed by a tab, a line break or the end."""
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
        after = close + 1
        if after == len(text) or text[after] in "\t\n":
            return text[at + 1 : close].replace('""', '"'), after
        return None, at
