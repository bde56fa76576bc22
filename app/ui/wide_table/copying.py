"""Copying a table's selected cells for a spreadsheet, an e-mail or a document (Ctrl+C): the text as
Excel writes it (tab-separated, CRLF between rows, a cell with a tab, a line break or a quote mark in
quotes), the cells as typed (an e-mail gets exactly the text), and an HTML table (what Excel, LibreOffice
and mail programs read first) whose cells are marked as text, so that a spreadsheet never makes one a formula."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QItemSelectionRange,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView, QTreeView

from app.ui import messages

TICK = "✓"  # a ticked check cell (pasted back, a tick: app/hearing/sheet_cells.py reads it)


def copy_selection(view: QAbstractItemView, shown_by: QAbstractItemView | None = None) -> bool:
    """The cells selected in ``view`` (or its current cell) onto the clipboard, as the table shows them,
    in the columns ``shown_by`` (default: ``view``) shows, in its header's order. A selection of several
    blocks gives the rows and the columns it spans, as Excel copies rows picked with Ctrl; a tree's rows
    come in the order it shows them. False: nothing to copy."""
    grid = selected_grid(view, shown_by)
    if not grid:
        return False
    mime = QMimeData()
    mime.setText(grid_text(grid))
    mime.setHtml(grid_html(grid))
    QApplication.clipboard().setMimeData(mime)
    return True


class _CopyKey(QObject):
    """Ctrl+C (the platform's copy key) on a view: its selection copied by :func:`copy_selection`, in place
    of Qt's own copy of the current cell's text alone; Ctrl+V: why the view takes no paste (Qt did nothing,
    without a word)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(watched, QAbstractItemView):
            if event.matches(QKeySequence.StandardKey.Copy):
                copy_selection(watched)
                return True  # (nothing selected: nothing copied, as Qt's copy of no current cell)
            if event.matches(QKeySequence.StandardKey.Paste):
                say_no_paste(watched)
                return True
        return False


def install_copy(*views: QAbstractItemView) -> None:
    """Ctrl+C on each view copies its selected cells for a spreadsheet, Ctrl+V says the view takes no paste
    (a read-only table, or one typed in a cell at a time: :func:`app.ui.wide_table.paste.install_paste`
    gives a table a paste). A cell being typed in copies and pastes its own text (its editor has the keys,
    not the view)."""
    for view in views:
        view.installEventFilter(_CopyKey(view))


def say_no_paste(view: QAbstractItemView, shown_by: QAbstractItemView | None = None) -> None:
    """Say once, in the window's language, why Ctrl+V pasted nothing into ``view`` (named as ``shown_by``,
    default ``view``, is read out): a table the app works out cannot be typed in; one whose current row
    has cells to type in (a review's score and evidence) takes them one at a time, not from a paste."""
    shown = shown_by if shown_by is not None else view
    name = shown.accessibleName() or shown.objectName()
    model, current = view.model(), view.currentIndex()
    row = current.row() if current.isValid() else 0
    typed = model is not None and any(
        model.flags(model.index(row, column)) & Qt.ItemFlag.ItemIsEditable for column in range(model.columnCount()))
    if typed:
        text = QCoreApplication.translate(
            "TablePaste", "The table \u201c{0}\u201d takes no paste: nothing was pasted. Type in its cells one at a time (double-click a cell).")
    else:
        text = QCoreApplication.translate("TablePaste", "The table \u201c{0}\u201d cannot be typed in: nothing was pasted.")
    messages.show_info(view, text.format(name))


def selected_grid(view: QAbstractItemView, shown_by: QAbstractItemView | None = None) -> list[list[str]]:
    """The texts of the selected cells (the current cell's when none is), a row of cells per row."""
    shown = shown_by if shown_by is not None else view
    selection = shown.selectionModel() or view.selectionModel()
    # The selection's blocks, not its cells one by one (selectedIndexes): a whole WBS of 5,000 tasks is
    # 90,000 cells, each asked of the model for its parent.
    spans = cast("list[QItemSelectionRange]", selection.selection() if selection is not None else [])  # (iterable; its stubs do not say so)
    blocks = [b for b in spans if b.isValid()]
    current = view.currentIndex()
    if not blocks and current.isValid():
        blocks = [QItemSelectionRange(current)]
    header = shown.horizontalHeader() if isinstance(shown, QTableView) else shown.header() if isinstance(shown, QTreeView) else None
    columns = {c for b in blocks for c in range(b.left(), b.right() + 1) if header is None or not header.isSectionHidden(c)}
    if not columns:
        return []
    order = sorted(columns, key=header.visualIndex if header is not None else None)
    rows: dict[tuple[int, int], QModelIndex] = {}
    for block in blocks:  # a row of a tree is told by its row and its parent (the parent's mapping, for a proxy)
        model, parent, left = block.model(), block.parent(), block.left()
        for row in range(block.top(), block.bottom() + 1):
            index = model.index(row, left, parent)
            rows.setdefault((row, index.internalId()), index)
    firsts = sorted(rows.values(), key=_places())
    # A model may give a row's shown texts itself (the WBS's): two calls through Qt a cell are most of a copy.
    texts = getattr(firsts[0].model(), "shown_texts", None) if firsts else None
    if texts is not None:
        return [texts(first, order) for first in firsts]
    return [_row_texts(first, order) for first in firsts]


def _row_texts(first: QModelIndex, columns: list[int]) -> list[str]:
    model, parent, row = first.model(), first.parent(), first.row()
    return [cell_text(model.index(row, column, parent)) for column in columns]


def _places() -> Callable[[QModelIndex], tuple[int, ...]]:
    """Where a row is shown: its row under each of its ancestors, from the top (a table's: its row); each
    ancestor's place worked out once (a whole tree's rows asked the model for every ancestor of each)."""
    known: dict[tuple[int, int], tuple[int, ...]] = {}

    def place(index: QModelIndex) -> tuple[int, ...]:
        if not index.isValid():
            return ()
        key = (index.row(), index.internalId())
        found = known.get(key)
        if found is None:
            found = known[key] = (*place(index.parent()), key[0])
        return found

    return place


def shown_text(model: QAbstractItemModel, row: int, column: int) -> str:
    """The cell of a table's ``model`` as the table shows it (:func:`cell_text`)."""
    return cell_text(model.index(row, column))


def cell_text(index: QModelIndex) -> str:
    """A cell as its view shows it: its text (a choice's label, a date as shown in the window's language),
    after a tick for a ticked box (✓, ✓ 2026/11/25 for a WBS agreement on its date)."""
    return as_shown(index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.CheckStateRole))


def as_shown(text: object, check: object) -> str:
    """A cell's text and check state (None: none) as :func:`cell_text` copies them."""
    text = "" if text is None else str(text)
    if check is not None and Qt.CheckState(check) == Qt.CheckState.Checked:
        return f"{TICK} {text}" if text else TICK
    return text


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
