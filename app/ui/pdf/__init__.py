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
import threading
import unicodedata
from collections.abc import Iterator
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
    QTextDocument,
    QTextFragment,
    QTextLayout,
)

from app.core.errors import UserError
from app.core.files.atomic import write_bytes
from app.ui.pdf.columns import fit_columns
from app.ui.pdf.pagination import CSS_DPI, paginate

PREFERRED_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "Meiryo", "Hiragino Sans", "IPAexGothic")
BASE_POINT_SIZE = 10.0
PAGE_MARGIN_MM = 20.0  # as QTextDocument.print_ leaves around an unpaginated document

_keep_alive: list[QGuiApplication] = []


def ensure_gui_application() -> None:
    """Qt's font and paint machinery needs an application object; make an offscreen one if none exists
    (the command line). Off the main thread none is ever made: a worker of the window that gets here
    after the window's application is gone (closed while a PDF was being made) is refused, as Qt
    cannot live on a second thread (it crashed the process on its way out)."""
    if QGuiApplication.instance() is None:
        if threading.current_thread() is not threading.main_thread():
            raise UserError(key="export.pdf_after_close")
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


def html_to_pdf_bytes(html: str, title: str = "", unshown: list[tuple[str, str]] | None = None) -> bytes:
    """Lay out ``html`` on A4 pages and return the PDF file's bytes.

    The document is laid out for the PDF's own page (2 cm margins, as Qt prints an unpaginated
    document), then :func:`paginate` moves what would be cut by a page boundary: a table row goes
    whole to the next page, a heading goes with what follows it. Each page is then drawn with its
    number at the bottom right. ``unshown`` gets the characters drawn as boxes, by heading
    (:func:`unshown_characters`).
    """
    # QtSvg only here: not at the window's start, whose proposal page takes document_font.
    from app.ui.pdf.pictures import draw_as_vectors, svg_images

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
    html, pictures = svg_images(html)
    document.setHtml(html)
    draw_as_vectors(document, pictures, writer.resolution())
    layout = document.documentLayout()
    layout.setPaintDevice(writer)  # lay out with the PDF's font metrics
    margin = page_margin()  # frame margins are CSS pixels, scaled to the device
    frame = document.rootFrame().frameFormat()
    for side in (frame.setTopMargin, frame.setBottomMargin, frame.setLeftMargin, frame.setRightMargin):
        side(margin)
    document.rootFrame().setFrameFormat(frame)
    page = QSizeF(writer.width(), writer.height())
    document.setPageSize(page)
    fit_columns(document)
    paginate(document)
    _print_pages(document, writer, page)
    buffer.close()
    if unshown is not None:
        unshown.extend(unshown_characters(document))
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
    """Write ``html`` as a PDF to ``out`` atomically; the characters it draws as boxes go into the
    export's report (:func:`app.core.kinds.note_unshown_characters`)."""
    from app.core.kinds import note_unshown_characters

    unshown: list[tuple[str, str]] = []
    written = write_bytes(out, html_to_pdf_bytes(html, title, unshown))
    note_unshown_characters(_said_no_japanese_font(unshown))
    return written


def _said_no_japanese_font(unshown: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Without a Japanese font every heading's Japanese is boxes: that is said once, naming the package to install
    (app/ui/widgets/fonts.py), instead of listing every heading's characters; what is left (an emoji) is listed."""
    from app.core.kinds import note_said
    from app.core.messages import Message
    from app.ui.widgets.fonts import PACKAGE, is_japanese, japanese_font_missing

    if not unshown or not japanese_font_missing():
        return unshown
    rest = [(place, "".join(char for char in chars if not is_japanese(char))) for place, chars in unshown]
    if rest != unshown:
        note_said(Message(key="export_report.no_japanese_font", package=PACKAGE))
    return [(place, chars) for place, chars in rest if chars]


# Characters no font the writer draws with has (an emoji on a machine with no emoji font) come out as
# boxes, the font's .notdef glyph. Which ones, is asked the way the writer draws: each distinct
# character of each font the document uses is laid out alone by Qt, which falls back to the other fonts
# on the machine as it does in the PDF (a few microseconds a character). The font's own character map
# is not enough: Qt draws a character with an emoji presentation (✅, ❤ followed by U+FE0F) only
# from an emoji font, and as a box when there is none, although Noto Sans CJK has a glyph for it.
_SILENT = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))  # spaces, line ends, format characters: nothing to see
_EMOJI_STYLE = "\ufe0f"


def unshown_characters(document: QTextDocument) -> list[tuple[str, str]]:
    """The characters of ``document`` drawn as boxes: per heading they are under (its text, "" before
    the first), the characters in order of appearance; [] when every character has a glyph."""
    fonts: dict[str, tuple[QFont, set[str]]] = {}
    for _block, key, font, text in _fragments(document):
        fonts.setdefault(key, (font, set()))[1].update(_characters(text))
    missing = {(key, char) for key, (font, chars) in fonts.items() for char in chars if _is_box(char, font)}
    if not missing:
        return []
    places: dict[str, dict[str, None]] = {}
    heading, last = "", None
    for block, key, _font, text in _fragments(document):
        if block != last and block.blockFormat().headingLevel() > 0:
            heading = " ".join(block.text().split())
            heading = heading if len(heading) <= 40 else heading[:39] + "…"
        last = block
        for char in _characters(text):
            if (key, char) in missing:
                places.setdefault(heading, {})[char] = None
    return [(place, "".join(chars)) for place, chars in places.items()]


def text_fragments(document: QTextDocument) -> Iterator[tuple[QTextBlock, QTextFragment]]:
    """Every fragment of ``document`` in order, table cells' too, with its block."""
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            yield block, fragments.fragment()
            fragments += 1
        block = block.next()


def _fragments(document: QTextDocument) -> Iterator[tuple[QTextBlock, str, QFont, str]]:
    """Every run of text of ``document`` in order, table cells' too: its block, font (its key) and text."""
    default = document.defaultFont()
    for block, fragment in text_fragments(document):
        font = fragment.charFormat().font().resolve(default)
        yield block, font.key(), font, fragment.text()


def _characters(text: str) -> list[str]:
    """The visible characters of ``text``, each with the U+FE0F that asks for its emoji style."""
    found = []
    for index, char in enumerate(text):
        code = ord(char)
        if unicodedata.category(char) in _SILENT or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0xFFFC:
            continue  # nothing to see: spaces, line ends, variation selectors, an object's place
        found.append(char + _EMOJI_STYLE if text[index + 1 : index + 2] == _EMOJI_STYLE else char)
    return found


def _is_box(char: str, font: QFont) -> bool:
    """Whether Qt draws ``char`` in ``font`` (or the fallback it picks) as the .notdef glyph."""
    layout = QTextLayout(char, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns(-1, -1, QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes)
    glyphs = [glyph for run in runs for glyph in run.glyphIndexes()]
    return not glyphs or 0 in glyphs
