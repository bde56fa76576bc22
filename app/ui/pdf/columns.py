"""The widths of a PDF's table columns: each at least its longest word (:func:`fit_columns`)."""

from __future__ import annotations

from PySide6.QtGui import (
    QTextBlock,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextOption,
    QTextTable,
    QTextTableCell,
)

from app.ui.pdf.long_words import break_long_words
from app.ui.pdf.pagination import CSS_DPI

# Qt's rich-text tables break words anywhere once a column is narrower than its longest word: when
# the columns' minimum widths overflow the table, by as little as a rounding error, Qt lays the whole
# table out again wrapping anywhere, and every cell then fills its lines to the last letter
# ("Assesse|d", "Compon|ent", "Operatio|n" in English; Japanese, broken between characters anyway,
# hid it). So the widths are planned here. Each column's minimum is its longest unbreakable run (an
# English word; in Japanese a character or two), measured with Qt wrapping at word boundaries only.
# An auto column whose texts are short ("Gap", 「未評価」, 「評価済み」) gets their whole width where
# the table has the room. The template's percentages, or for auto columns a browser's share (their
# minimum, and the room left in proportion to what more their text wants), are kept where every
# column gets its minimum; the shortfall is taken from the columns with room to spare, in proportion
# to that room. The plan is given to Qt as percentages summing to a little under 100 (the rest
# absorbs its rounding). Where a table's words cannot all stand side by side, its words wider than an
# even share of it (a URL, a path) are made breakable first (app/ui/pdf/long_words.py) and want one share
# at most: the other columns keep their widths. A table whose words still cannot stand side by side is
# left to Qt.
_SLACK = 1.0  # CSS pixels added to a column's minimum: Qt's arithmetic rounds
_FILL = 0.995  # the share of a table's width planned
_SHORT_EM = 6.0  # a cell's text up to this wide is kept on one line where the table has the room


def fit_columns(document: QTextDocument) -> int:
    """Give each column of the root frame's tables at least its longest word; returns the tables changed.

    ``document`` is laid out for its paint device and page (as :func:`html_to_pdf_bytes` sets them)."""
    tables = [frame for frame in document.rootFrame().childFrames() if isinstance(frame, QTextTable)]
    if not tables:
        return 0
    layout = document.documentLayout()
    dpi = layout.paintDevice().logicalDpiX() if layout.paintDevice() else CSS_DPI
    scale = dpi / CSS_DPI
    option = document.defaultTextOption()
    whole_words = QTextOption(option)
    whole_words.setWrapMode(QTextOption.WrapMode.WordWrap)
    document.setDefaultTextOption(whole_words)
    layout.documentSize()  # laid out again: each block's minimum width is now its longest word
    root = document.rootFrame().frameFormat()
    width = document.pageSize().width() - (root.leftMargin() + root.rightMargin()) * scale
    short = _SHORT_EM * document.defaultFont().pointSizeF() / 72 * dpi
    excess: list[dict[tuple[int, int], float]] = [{} for _ in tables]  # per cell: what its too long words want more
    for anywhere in (False, True):  # broken between a URL's parts first, then where still too long, anywhere
        crowded = [(n, room / table.columns()) for n, table in enumerate(tables) if (room := _crowded(table, width, scale))]
        inserted, found = break_long_words([(tables[n], share) for n, share in crowded], anywhere=anywhere)
        for (n, share), cells in zip(crowded, found, strict=True):
            for cell, wide in cells.items():
                excess[n].setdefault(cell, max(wide - share, 0.0))
        if inserted:
            layout.documentSize()
    plans = [(table, _plan(table, width, scale, short, extra)) for table, extra in zip(tables, excess, strict=True)]
    for table, percentages in plans:
        if percentages is not None:
            fmt = table.format()
            fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, p) for p in percentages])
            table.setFormat(fmt)
    # last: Qt lays the whole document out again for it (after a table's format alone, it left the
    # blocks after some tables unlaid, and their text out of the PDF)
    document.setDefaultTextOption(option)
    return sum(percentages is not None for _, percentages in plans)


def _capped(need: list[float], room: float) -> list[float]:
    """The columns' needs within ``room``: the longest cut to one width (the least that fits), the others kept."""
    cap, left, rest = room / len(need), room, sorted(need)
    for k, n in enumerate(rest):  # smallest first: a need under an even share of what is left is kept whole
        share = left / (len(rest) - k)
        if n > share:
            cap = share
            break
        left -= n
    else:
        cap = max(need)
    return [min(n, cap) for n in need]


def _columns_width(table: QTextTable, outer: float, scale: float) -> float:
    """What Qt shares among the table's columns, less its borders and spacing (scaled, so never more than Qt's)."""
    fmt = table.format()
    if fmt.width().type() == QTextLength.Type.PercentageLength:
        outer *= fmt.width().rawValue() / 100
    elif fmt.width().type() == QTextLength.Type.FixedLength:
        outer = fmt.width().rawValue() * scale
    frame = fmt.leftMargin() + fmt.rightMargin() + 2 * (fmt.border() + fmt.padding())
    return outer - (frame + table.columns() * 2 * fmt.border() + (table.columns() + 1) * fmt.cellSpacing()) * scale


def _crowded(table: QTextTable, outer: float, scale: float) -> float:
    """The room planned for the table's columns where their longest words cannot all stand side by side, else 0."""
    room = _columns_width(table, outer, scale) * _FILL
    return room if room > 0 and sum(_column_needs(table, scale, {})[0]) > room else 0.0


def _plan(
    table: QTextTable, outer: float, scale: float, short: float, excess: dict[tuple[int, int], float]
) -> list[float] | None:
    """The columns' widths in percent of the table's room, or None to leave the table as it is."""
    fmt = table.format()
    columns = table.columns()
    width = _columns_width(table, outer, scale)
    need, natural = _column_needs(table, scale, excess)
    room = width * _FILL
    if width <= 0:
        return None
    if sum(need) > room:  # a word too long for any column (a URL, a path): it alone breaks, the others stay whole
        need = _capped(need, room)
    constraints = list(fmt.columnWidthConstraints())[:columns]
    constraints += [QTextLength()] * (columns - len(constraints))
    whole = [
        max(n, min(w, short)) if length.type() == QTextLength.Type.VariableLength else n
        for n, w, length in zip(need, natural, constraints, strict=True)
    ]
    if sum(whole) <= room:
        need = whole
    base = [0.0] * columns
    auto = []
    for column, length in enumerate(constraints):
        if length.type() == QTextLength.Type.PercentageLength:
            base[column] = length.rawValue() / 100 * width
        elif length.type() == QTextLength.Type.FixedLength:
            base[column] = length.rawValue() * scale
        else:
            auto.append(column)
    if auto:
        left = max(room - sum(base), 0.0)
        wants = sum(natural[c] for c in auto)
        if wants <= left:
            if len(auto) == columns and not excess:
                return None  # every cell's text fits on one line: Qt does that well
            # the room left goes first to the words cut to a share (as far as they want it), the rest evenly
            cut = [max((e for (_, c), e in excess.items() if c == column), default=0.0) for column in range(columns)]
            given = [min(cut[c], (left - wants) * cut[c] / (sum(cut[a] for a in auto) or 1.0)) for c in range(columns)]
            for c in auto:
                base[c] = natural[c] + given[c] + (left - wants - sum(given[a] for a in auto)) / len(auto)
        else:
            spare = max(left - sum(need[c] for c in auto), 0.0)
            more = sum(natural[c] - need[c] for c in auto) or 1.0
            for c in auto:
                base[c] = need[c] + spare * (natural[c] - need[c]) / more
    elif all(b >= n for b, n in zip(base, need, strict=True)) and sum(base) <= width:
        return None  # the template's widths give every column its longest word
    target = min(sum(base), room)
    surplus = [max(b - n, 0.0) for b, n in zip(base, need, strict=True)]
    spare = target - sum(need)
    if sum(surplus) > 0:
        widths = [n + spare * s / sum(surplus) for n, s in zip(need, surplus, strict=True)]
    else:
        widths = [n + spare / columns for n in need]
    return [100 * w / width for w in widths]


def _column_needs(
    table: QTextTable, scale: float, excess: dict[tuple[int, int], float]
) -> tuple[list[float], list[float]]:
    """Each column's least width (its longest word) and the width its text wants on one line (less a cell's
    ``excess``), in device pixels with the cells' padding and borders; cells spanning columns are left out."""
    need = [0.0] * table.columns()
    natural = [0.0] * table.columns()
    padding = table.format().cellPadding()
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column or cell.columnSpan() != 1:
                continue
            edges = (_edges(cell, padding) + _SLACK) * scale
            least, wants = _text_widths(cell, scale)
            need[column] = max(need[column], least + edges)
            natural[column] = max(natural[column], max(wants - excess.get((row, column), 0.0), least) + edges)
    return need, natural


def _edges(cell: QTextTableCell, padding: float) -> float:
    """A cell's left and right padding (its own, else the table's) and borders, in CSS pixels."""
    fmt = cell.format().toTableCellFormat()
    left = fmt.leftPadding() if fmt.hasProperty(QTextFormat.Property.TableCellLeftPadding) else padding
    right = fmt.rightPadding() if fmt.hasProperty(QTextFormat.Property.TableCellRightPadding) else padding
    return left + right + fmt.leftBorder() + fmt.rightBorder()


def _text_widths(cell: QTextTableCell, scale: float) -> tuple[float, float]:
    """The widest word of a cell's blocks and the longest block (its lines end to end), with indents."""
    least = wants = 0.0
    document = cell.firstCursorPosition().document()
    block: QTextBlock = cell.firstCursorPosition().block()
    last = cell.lastCursorPosition().block()
    while block.isValid():
        fmt = block.blockFormat()
        listed = block.textList()
        indent = fmt.indent() + (listed.format().indent() if listed else 0)
        margins = (fmt.leftMargin() + fmt.rightMargin() + max(fmt.textIndent(), 0.0)) * scale
        margins += indent * document.indentWidth() * scale
        lines = block.layout()
        if lines is not None:
            least = max(least, lines.minimumWidth() + margins)
            wants = max(wants, sum(lines.lineAt(i).naturalTextWidth() for i in range(lines.lineCount())) + margins)
        if block == last:
            break
        block = block.next()
    return least, wants
