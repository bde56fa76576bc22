"""HTML to PDF with Qt's own PDF writer (no browser, no extra dependency).

It lives under ``app/ui`` because it imports Qt; exporters call it lazily, so plain CLI commands
never load Qt. Without a running application it creates a QGuiApplication on the offscreen
platform, so ``mlops-kickoff export proposal --out x.pdf`` works on a machine with no display.

Japanese needs a CJK font (Noto Sans CJK on Linux via fonts-noto-cjk; Windows and macOS ship
one). Qt embeds the glyphs it uses. Text shaping is off so that every glyph maps back to its
character (see :func:`document_font`). One fix-up follows: Qt writes each glyph's text mapping
(ToUnicode) from the lowest code point that uses the glyph, and CJK fonts share glyphs between
radicals (U+2E80...) and the ideographs they look like, so "日本" would be extracted as "⽇本"
and "長い" as "⻑い". :func:`fix_cjk_text_mapping` rewrites those mappings to the ideographs in
place.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QRawFont,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
    QTextTableCell,
)

from app.core.files.atomic import write_bytes

PREFERRED_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "Meiryo", "Hiragino Sans", "IPAexGothic")
BASE_POINT_SIZE = 10.0
PAGE_MARGIN_MM = 20.0  # as QTextDocument.print_ leaves around an unpaginated document
CSS_DPI = 96.0  # the resolution of CSS pixels, and of frame margins before Qt scales them to the device

_keep_alive: list[QGuiApplication] = []


def ensure_gui_application() -> None:
    """Qt's font and paint machinery needs an application object; make an offscreen one if none exists."""
    if QGuiApplication.instance() is None:
        _keep_alive.append(QGuiApplication(["mlops-kickoff", "-platform", "offscreen"]))


def document_font() -> QFont:
    families = set(QFontDatabase.families())
    family = next((f for f in PREFERRED_FAMILIES if f in families), "")
    font = QFont(family) if family else QFont()
    font.setPointSizeF(BASE_POINT_SIZE)
    # Shaping substitutes glyphs that have no character of their own (ligatures such as "ﬀ",
    # and the digits Noto CJK swaps in for Latin text), and the PDF then cannot say which
    # characters they were: "kickoff" became "kickoﬀ" and "1. Background" ". Background" when
    # extracted. Japanese and Latin text need no shaping, so it is off.
    font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    return font


def html_to_pdf_bytes(html: str, title: str = "") -> bytes:
    """Lay out ``html`` on A4 pages and return the PDF file's bytes.

    The document is laid out for the PDF's own page (2 cm margins, as Qt prints an unpaginated
    document), then :func:`paginate` moves what would be cut by a page boundary: a table row goes
    whole to the next page, a heading goes with what follows it. Each page is then drawn with its
    number at the bottom right.
    """
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("MLOps Kickoff")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)

    document = QTextDocument()
    document.setDefaultFont(document_font())
    document.setHtml(html)
    layout = document.documentLayout()
    layout.setPaintDevice(writer)  # lay out with the PDF's font metrics
    margin = page_margin()  # frame margins are CSS pixels, scaled to the device
    frame = document.rootFrame().frameFormat()
    for side in (frame.setTopMargin, frame.setBottomMargin, frame.setLeftMargin, frame.setRightMargin):
        side(margin)
    document.rootFrame().setFrameFormat(frame)
    page = QSizeF(writer.width(), writer.height())
    document.setPageSize(page)
    paginate(document)
    _print_pages(document, writer, page)
    buffer.close()
    return fix_cjk_text_mapping(bytes(data.data()))


def page_margin() -> int:
    """The page margin in CSS pixels, rounded down as ``QTextDocument.print_`` does."""
    return int(PAGE_MARGIN_MM / 25.4 * CSS_DPI)


def _print_pages(document: QTextDocument, writer: QPdfWriter, page: QSizeF) -> None:
    """Draw each page of the laid-out ``document`` and its number (as ``QTextDocument.print_`` does)."""
    layout = document.documentLayout()
    painter = QPainter(writer)
    scale = writer.logicalDpiY() / CSS_DPI
    margin = page_margin() * scale
    number_font = QFont(document.defaultFont())
    ascent = QFontMetricsF(number_font, writer).ascent()
    for index in range(document.pageCount()):
        if index:
            writer.newPage()
        view = QRectF(0, index * page.height(), page.width(), page.height())
        painter.save()
        painter.translate(0, -view.top())
        painter.setClipRect(view)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = view
        context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
        layout.draw(painter, context)
        painter.restore()
        number = str(index + 1)
        painter.setFont(number_font)
        x = page.width() - margin - painter.fontMetrics().horizontalAdvance(number)
        y = page.height() - margin + ascent + 5 * writer.logicalDpiY() / 72
        painter.drawText(QPointF(x, y), number)
    painter.end()


# --- pagination ------------------------------------------------------------------------------
#
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


_TO_UNICODE = re.compile(rb"(beginbf(?:range|char)\n)(.*?)(endbf(?:range|char))", re.S)
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


# Look-alikes that share a glyph with common Japanese punctuation, where Qt writes the wrong one.
_LOOKALIKES = {
    0x2027: 0x30FB,  # HYPHENATION POINT -> KATAKANA MIDDLE DOT (構築・運用)
    0x2012: 0x2013,  # FIGURE DASH -> EN DASH (the schedule's "2026/11/23 – 2027/02/15")
}


@functools.cache
def _shared_glyphs() -> dict[int, int]:
    """Radical -> the ideograph drawn with the same glyph in the document font.

    The radicals supplement (U+2E80...) has no Unicode decomposition, yet Noto CJK draws
    "長" and "⻑", "青" and "⻘" with one glyph; the font's own character map says which pairs.
    """
    ensure_gui_application()
    raw = QRawFont.fromFont(document_font())
    if not raw.isValid():
        return {}
    ideographs = [*range(0x4E00, 0xA000), *range(0x3400, 0x4DC0)]  # the common block first
    by_glyph: dict[int, int] = {}
    for code, glyph in zip(ideographs, raw.glyphIndexesForString("".join(map(chr, ideographs))), strict=True):
        if glyph:
            by_glyph.setdefault(glyph, code)
    radicals = range(0x2E80, 0x2FE0)
    glyphs = raw.glyphIndexesForString("".join(map(chr, radicals)))
    return {code: by_glyph[glyph] for code, glyph in zip(radicals, glyphs, strict=True) if glyph in by_glyph}


def _ideograph(code: int) -> int | None:
    """The ideograph a CJK radical stands for (its glyph's, else NFKC), or None for anything else."""
    if code in _LOOKALIKES:
        return _LOOKALIKES[code]
    if not 0x2E80 <= code <= 0x2FDF:
        return None
    if code in _shared_glyphs():
        return _shared_glyphs()[code]
    normal = unicodedata.normalize("NFKC", chr(code))
    return ord(normal) if len(normal) == 1 and ord(normal) <= 0xFFFF and normal != chr(code) else None


def _fix_line(line: bytes) -> bytes:
    # bfrange "<lo> <hi> [<dst> ...]" or "<lo> <hi> <dst>", bfchar "<src> <dst>": only
    # destinations change; a multi-glyph "<lo> <hi> <dst>" range (dst counts up) is left alone.
    parts = _HEX4.findall(line)
    if b"[" in line:
        head, tail = line.split(b"[", 1)
        return head + b"[" + _HEX4.sub(_swap, tail)
    if (len(parts) == 3 and parts[0] == parts[1]) or len(parts) == 2:
        head, _, _ = line.rpartition(b"<")
        return head + _HEX4.sub(_swap, line[len(head) :])
    return line


def _swap(match: re.Match[bytes]) -> bytes:
    code = int(match.group(1), 16)
    target = _ideograph(code)
    return b"<%04X>" % target if target is not None else match.group(0)


def fix_cjk_text_mapping(pdf: bytes) -> bytes:
    """Map CJK radicals in ToUnicode tables to their ideographs; same byte length, so offsets hold."""

    def fix(match: re.Match[bytes]) -> bytes:
        body = b"\n".join(_fix_line(line) for line in match.group(2).split(b"\n"))
        return match.group(1) + body + match.group(3)

    fixed = _TO_UNICODE.sub(fix, pdf)
    if len(fixed) != len(pdf):  # cannot happen (4 hex digits replace 4), but never write a broken file
        return pdf
    return fixed


def write_pdf(html: str, out: Path, title: str = "") -> Path:
    """Write ``html`` as a PDF to ``out`` atomically."""
    return write_bytes(out, html_to_pdf_bytes(html, title))
