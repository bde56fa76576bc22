"""Pagination of a laid-out QTextDocument: table rows kept whole, headings kept with what follows.

Used by :mod:`app.ui.pdf` before it draws the pages.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import (
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
    QTextTableCell,
)

CSS_DPI = 96.0  # the resolution of CSS pixels, and of frame margins before Qt scales them to the device

# Qt's rich-text layout breaks a table row line by line at a page boundary and ignores CSS
# page-break-inside / page-break-after. It does keep a table's header rows with its first body
# row (the table moves to the next page when that row starts there) and repeats <thead> rows on
# every page (QTextTableFormat.headerRowCount). Two of its own rules are used to do the rest:
# a row that starts below a page's last usable line goes to the next page, and a block or table
# with PageBreak_AlwaysBefore starts a new page. So a row that would straddle a boundary is
# pushed there by growing the bottom padding of the row above it (the row above then reaches to
# the foot of the page, as Qt draws a row it moved itself), and a heading that would be left at
# the foot of a page, away from its text or its table's first row, gets a page break before it.
# Problems are fixed in reading order and the layout is redone after each fix, so a fix never
# moves anything above it; once a table's first row has been pushed, the pushes the rest of that
# table needs are planned from the rows' heights and made in one edit (:func:`_push_following`).
# A row (or a heading with its table's first row) taller than a page cannot be kept whole; it is
# left to Qt's line-by-line breaking.


def paginate(document: QTextDocument, max_fixes: int = 500) -> int:
    """Keep table rows whole and headings with what follows; returns the number of fixes made."""
    if document.pageSize().height() <= 0:
        return 0
    given_up: set[tuple[int, int]] = set()
    fixes = 0
    while fixes < max_fixes:
        document.documentLayout().documentSize()  # lays the document out (again)
        if not _fix_first_problem(document, given_up):
            break
        fixes += 1
    return fixes


def _root_items(document: QTextDocument) -> list[QTextBlock | QTextTable]:
    """The root frame's blocks and tables in reading order (empty blocks left out)."""
    items: list[QTextBlock | QTextTable] = []
    it = document.rootFrame().begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if isinstance(frame, QTextTable):
            items.append(frame)
        elif frame is None and it.currentBlock().isValid() and it.currentBlock().text().strip():
            items.append(it.currentBlock())
        it += 1
    return items


class _Geometry:
    """Page arithmetic over a laid-out document (device pixels, pages stacked vertically)."""

    def __init__(self, document: QTextDocument) -> None:
        self.layout = document.documentLayout()
        self.height = document.pageSize().height()
        frame = document.rootFrame().frameFormat()
        scale = self.layout.paintDevice().logicalDpiY() / CSS_DPI if self.layout.paintDevice() else 1.0
        self.top_margin = frame.topMargin() * scale
        self.bottom_margin = frame.bottomMargin() * scale
        self.usable = self.height - self.top_margin - self.bottom_margin
        self.scale = scale

    def page(self, y: float) -> int:
        return int(y // self.height)

    def content_bottom(self, page: int) -> float:
        return (page + 1) * self.height - self.bottom_margin

    def at_page_top(self, y: float) -> bool:
        return y - self.page(y) * self.height <= self.top_margin + 1

    def block(self, block: QTextBlock) -> QRectF:
        return self.layout.blockBoundingRect(block)

    def row(self, table: QTextTable, row: int) -> tuple[float, float] | None:
        """Top and bottom of the text of the cells that start in ``row`` (None if none does)."""
        tops, bottoms = [], []
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column:
                continue
            tops.append(self.block(cell.firstCursorPosition().block()).top())
            bottoms.append(self.block(cell.lastCursorPosition().block()).bottom())
        return (min(tops), max(bottoms)) if tops else None

    def split(self, span: tuple[float, float]) -> bool:
        return self.page(span[0]) != self.page(span[1] - 0.5)


def _fix_first_problem(document: QTextDocument, given_up: set[tuple[int, int]]) -> bool:
    geo = _Geometry(document)
    items = _root_items(document)
    heading: QTextBlock | None = None  # the last heading since the last table
    for n, item in enumerate(items):
        if isinstance(item, QTextTable):
            if _fix_table(item, heading, n > 0 and items[n - 1] == heading, geo, given_up):
                return True
            heading = None
            continue
        if item.blockFormat().headingLevel() > 0:
            heading = item
            following = items[n + 1] if n + 1 < len(items) else None
            if isinstance(following, QTextBlock) and _keep_with_next(item, geo.block(following).top() + _first_line(following), geo):
                return True
    return False


def _first_line(block: QTextBlock) -> float:
    """Offset of the end of a block's first line from its top (its first line must not be left behind)."""
    layout = block.layout()
    if layout is None or layout.lineCount() == 0:
        return 0.0
    line = layout.lineAt(0)
    return line.y() + line.height()


def _keep_with_next(heading: QTextBlock, next_end: float, geo: _Geometry) -> bool:
    """Give ``heading`` a page break when what must follow it ends on a later page; True if it did."""
    top = geo.block(heading).top()
    if geo.page(next_end - 0.5) == geo.page(top) or next_end - top > geo.usable or geo.at_page_top(top):
        return False
    fmt = heading.blockFormat()
    if fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore:
        return False
    fmt.setPageBreakPolicy(fmt.pageBreakPolicy() | QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(heading).setBlockFormat(fmt)
    return True


def _fix_table(
    table: QTextTable,
    heading: QTextBlock | None,
    right_after: bool,
    geo: _Geometry,
    given_up: set[tuple[int, int]],
) -> bool:
    """Fix the first problem of ``table``: its start cut from ``heading`` or from itself, or a cut row."""
    header_rows = min(table.format().headerRowCount(), table.rows() - 1)
    first = geo.row(table, header_rows)
    if first is None:
        return False
    # The table's start (its header rows and first row) stays with the heading above it.
    if heading is not None and _keep_with_next(heading, first[1], geo):
        return True
    header = geo.row(table, 0) if header_rows else None
    header_top = header[0] if header else first[0]
    # A start cut by the page's end goes to the next page, unless that would leave its heading alone.
    if geo.split((header_top, first[1])) and first[1] - header_top <= geo.usable and not right_after:
        fmt = table.format()
        if not fmt.pageBreakPolicy() & QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore and not geo.at_page_top(header_top):
            fmt.setPageBreakPolicy(fmt.pageBreakPolicy() | QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            table.setFormat(fmt)
            return True
    header_height = (first[0] - header_top) if header_rows else 0.0
    for row in range(header_rows + 1, table.rows()):
        span = geo.row(table, row)
        if span is None or not geo.split(span) or (table.firstPosition(), row) in given_up:
            continue
        if span[1] - span[0] > geo.usable - header_height:
            given_up.add((table.firstPosition(), row))  # taller than a page: Qt breaks it by lines
            continue
        if _push_row(table, row, span, geo):
            _push_following(table, row, geo, header_height)
            return True
        given_up.add((table.firstPosition(), row))
    return False


def _cells_above(table: QTextTable, row: int) -> list[QTextTableCell]:
    """The cells that end just above ``row`` (each once, however many columns it spans)."""
    cells: list[QTextTableCell] = []
    for column in range(table.columns()):
        cell = table.cellAt(row - 1, column)
        if cell.row() + cell.rowSpan() - 1 == row - 1 and all(cell.column() != other.column() for other in cells):
            cells.append(cell)
    return cells


def _first_line_height(table: QTextTable, row: int) -> float:
    """The least a cell of ``row`` needs for its first line (Qt keeps the row if one cell's fits)."""
    return min(_first_line(table.cellAt(row, c).firstCursorPosition().block()) for c in range(table.columns()))


def _aim(table: QTextTable, row: int, top: float, above_bottom: float, geo: _Geometry) -> float:
    """The extra bottom padding (device pixels) for the row above ``row`` (text from ``top``) that
    moves ``row`` to the next page: Qt moves a row when not one of its cells' first lines fits
    above the page's foot, and the row above must still end above it; aim at the middle."""
    bottom = geo.content_bottom(geo.page(top))
    padding = table.format().cellPadding() * geo.scale
    low, high = bottom - padding - top - _first_line_height(table, row), bottom - padding - above_bottom
    return (low + high) / 2


def _push_row(table: QTextTable, row: int, span: tuple[float, float], geo: _Geometry) -> bool:
    """Grow the bottom padding of the cells above ``row`` until ``row`` starts on the next page.

    Aimed by :func:`_aim` first, then at fractions of the room left; each try is one edit (one
    layout). False, with the paddings as they were, if no try moves the row whole.
    """
    above = _cells_above(table, row)
    previous = geo.row(table, above[0].row()) if above else None
    if previous is None:
        return False
    page = geo.page(span[0])
    room = geo.content_bottom(page) - span[0]
    originals = [cell.format() for cell in above]
    for delta in (_aim(table, row, span[0], previous[1], geo), room * 0.75, room * 0.5, room * 0.25):
        _set_bottom_padding(table, [(above, originals, delta / geo.scale)])
        geo.layout.documentSize()
        moved = geo.row(table, row)
        if moved is not None and geo.page(moved[0]) > page and not geo.split(moved) and geo.row(table, above[0].row()) == previous:
            return True
    _set_bottom_padding(table, [(above, originals, 0.0)])
    return False


def _push_following(table: QTextTable, pushed: int, geo: _Geometry, header: float) -> None:
    """After ``pushed`` went to a new page, push the rows after it that a page boundary would cut.

    Their places are worked out from their own heights (a cut row's without the gap Qt left)
    and the place the pushed row took on its new page (every continuation page puts its first
    row there), and all their paddings are set in one edit: laying a 200-row table out again for
    each row took a third of a second a row. Then each is checked; from the first that did not
    land whole where it should, the paddings are undone and left to the one-by-one fixing.
    """
    spans = [geo.row(table, row) for row in range(pushed, table.rows())]
    rows = [span for span in spans if span is not None]
    if len(rows) != len(spans) or len(rows) < 2:
        return
    heights = [_natural_height(table, row, geo) for row in range(pushed, table.rows())]
    gaps = sorted(
        rows[n + 1][0] - rows[n][0] - heights[n]
        for n in range(len(rows) - 1)
        if not geo.split(rows[n]) and not geo.split(rows[n + 1])
    )
    if not gaps:
        return
    gap = gaps[len(gaps) // 2]  # padding and borders between one row's text and the next's
    offset = rows[0][0] - geo.page(rows[0][0]) * geo.height  # a continuation page's first row's text top
    padding = table.format().cellPadding() * geo.scale
    plan: list[tuple[int, int, list[QTextTableCell], list[QTextCharFormat], float]] = []
    top = rows[0][0]
    for n in range(1, len(heights)):
        row = pushed + n
        above_bottom = top + heights[n - 1]
        top = above_bottom + gap
        bottom = geo.content_bottom(geo.page(top))
        if top + heights[n] + padding <= bottom:
            continue  # fits where it is
        next_top = (geo.page(top) + 1) * geo.height + offset
        if heights[n] > geo.usable - header:
            break  # taller than a page: Qt cuts it, and what follows is no longer foreseen
        if top + _first_line_height(table, row) + padding <= bottom:  # else Qt moves it by itself
            above = _cells_above(table, row)
            if not above:
                break
            extra = _aim(table, row, top, above_bottom, geo) / geo.scale
            plan.append((row, geo.page(next_top), above, [cell.format() for cell in above], extra))
        top = next_top
    if not plan:
        return
    _set_bottom_padding(table, [(above, originals, extra) for _, _, above, originals, extra in plan])
    geo.layout.documentSize()
    for n, (row, page, above, _, _) in enumerate(plan):
        landed = geo.row(table, row)
        kept = geo.row(table, above[0].row())
        if landed is None or geo.page(landed[0]) != page or geo.split(landed) or kept is None or geo.split(kept):
            _set_bottom_padding(table, [(cells, originals, 0.0) for _, _, cells, originals, _ in plan[n:]])
            return


def _natural_height(table: QTextTable, row: int, geo: _Geometry) -> float:
    """The height of a row's text as it would be on one page: a cut row without the gap Qt left."""
    height = 0.0
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        if cell.row() != row or cell.column() != column:
            continue
        lines: list[tuple[float, float]] = []
        block, last = cell.firstCursorPosition().block(), cell.lastCursorPosition().block()
        while block.isValid():
            top, layout = geo.block(block).top(), block.layout()
            lines += [(top + layout.lineAt(i).y(), layout.lineAt(i).height()) for i in range(layout.lineCount())]
            if block == last:
                break
            block = block.next()
        if not lines:
            continue
        jumps = sum(
            lines[i][0] - (lines[i - 1][0] + lines[i - 1][1])
            for i in range(1, len(lines))
            if geo.page(lines[i][0]) != geo.page(lines[i - 1][0])
        )
        height = max(height, lines[-1][0] + lines[-1][1] - lines[0][0] - jumps)
    return height


def _set_bottom_padding(table: QTextTable, changes: list[tuple[list[QTextTableCell], list[QTextCharFormat], float]]) -> None:
    """Give cells their original bottom padding plus an extra (CSS pixels; 0: the original), in
    one edit: the document is laid out once for all of them."""
    cursor = QTextCursor(table.document())
    cursor.beginEditBlock()
    for cells, originals, extra in changes:
        for cell, original in zip(cells, originals, strict=True):
            fmt = original.toTableCellFormat()
            has_own = fmt.hasProperty(QTextFormat.Property.TableCellBottomPadding)
            fmt.setBottomPadding((fmt.bottomPadding() if has_own else table.format().cellPadding()) + extra)
            cell.setFormat(fmt if extra else original)
    cursor.endEditBlock()
