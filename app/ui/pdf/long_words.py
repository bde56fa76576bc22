"""Words too long for a table's column, made breakable in the PDF: a URL or a path in one cell wraps in its cell.

Qt gives a table's column at least its longest unbreakable run, and a URL copied from a browser (a Japanese wiki
page's address is 180 characters of ``%E5%AE%9F...``) is one: its column took the table's whole width and every
other column was squeezed to two or three characters a line. A browser breaks such a word anywhere
(``overflow-wrap: anywhere``), Qt's rich text knows no such style. So where a table's words cannot all stand side
by side, each word of its cells wider than an even share of the table gets break opportunities (U+200B, which
draws nothing and is not in the PDF's text): first where a URL or a path is read in parts (after ``/``, ``-``,
``_``, ``?``, ``&``, ``=``, ``#``, before ``%``; a word joiner, U+2060, keeps ``https://`` with its host, where Qt
would break); where that is not enough, every few characters. Only those words change: the other columns keep their widths and their words stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtGui import QFontMetricsF, QTextBlock, QTextCursor, QTextTable

ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
# a run without a break opportunity: no white space, no U+200B, no CJK (broken between characters anyway)
_WORD = re.compile(r"[^\s\u200b\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{2,}")
_AFTER = frozenset("/-_?&=#")
ANYWHERE_EVERY = 4  # characters: a line ends within a few of its cell's edge; one a character made a page slow to draw


def break_marks(word: str, *, anywhere: bool) -> list[tuple[int, str]]:
    """What goes into ``word`` before the character at each offset: a break opportunity every few characters
    when ``anywhere``, else between a URL's or a path's parts, and a word joiner after its ``scheme://``."""
    if anywhere:
        return [(index, ZERO_WIDTH_SPACE) for index in range(ANYWHERE_EVERY, len(word), ANYWHERE_EVERY)]
    marks = []
    for index in range(1, len(word)):
        before, char = word[index - 1], word[index]
        if word[max(index - 3, 0) : index] == "://":
            marks.append((index, WORD_JOINER))  # "https://github.com/" stays one part
        elif char not in _AFTER and (before in _AFTER or char == "%"):  # after a run of separators
            marks.append((index, ZERO_WIDTH_SPACE))
    return marks


def break_long_words(
    tables: list[tuple[QTextTable, float]], *, anywhere: bool
) -> tuple[int, list[dict[tuple[int, int], float]]]:
    """Put break opportunities into each word of a table's cells wider than the width given with the table
    (device pixels, as the document is laid out): how many went in, and for each table the cells (row, column)
    holding such words with their words' width together."""
    places: list[tuple[int, str]] = []
    found: list[dict[tuple[int, int], float]] = []
    for table, limit in tables:
        wide: dict[tuple[int, int], float] = {}
        for row, column, block in _cell_blocks(table):
            for match in _WORD.finditer(block.text()):
                width = _width(block, match.start(), match.group())
                if width > limit:
                    wide[row, column] = wide.get((row, column), 0.0) + width
                    start = block.position() + match.start()
                    places += [(start + n, mark) for n, mark in break_marks(match.group(), anywhere=anywhere)]
        found.append(wide)
    if places:
        cursor = QTextCursor(tables[0][0].document())
        cursor.beginEditBlock()
        for position, mark in sorted(places, reverse=True):  # from the end: the places before stay where they are
            cursor.setPosition(position)
            cursor.insertText(mark)
        cursor.endEditBlock()
    return len(places), found


def _cell_blocks(table: QTextTable) -> Iterator[tuple[int, int, QTextBlock]]:
    """Each block of each cell of ``table`` with its cell's row and column (a spanning cell's first)."""
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column:
                continue
            block: QTextBlock = cell.firstCursorPosition().block()
            last = cell.lastCursorPosition().block()
            while block.isValid():
                yield row, column, block
                if block == last:
                    break
                block = block.next()


def _width(block: QTextBlock, start: int, word: str) -> float:
    """The width of ``word`` at ``start`` in ``block``, in its first character's font, on the document's device."""
    document = block.document()
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + start + 1)  # the format of the character before the cursor
    font = cursor.charFormat().font().resolve(document.defaultFont())
    device = document.documentLayout().paintDevice()
    return (QFontMetricsF(font, device) if device else QFontMetricsF(font)).horizontalAdvance(word)
