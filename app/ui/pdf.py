"""HTML to PDF with Qt's own PDF writer (no browser, no extra dependency).

It lives under ``app/ui`` because it imports Qt; exporters call it lazily, so plain CLI commands
never load Qt. Without a running application it creates a QGuiApplication on the offscreen
platform, so ``mlops-kickoff export proposal --out x.pdf`` works on a machine with no display.

Japanese needs a CJK font (Noto Sans CJK on Linux via fonts-noto-cjk; Windows and macOS ship
one). Qt embeds the glyphs it uses. Text shaping is off so that every glyph maps back to its
character (see :func:`document_font`). One fix-up follows: Qt writes each glyph's text mapping
(ToUnicode) from the lowest code point that uses the glyph, and CJK fonts share glyphs between
Kangxi radicals (U+2F00...) and the ideographs they look like, so "日本" would be extracted as
"⽇本". :func:`fix_cjk_text_mapping` rewrites those mappings to the ideographs in place.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from app.core.files.atomic import write_bytes

PREFERRED_FAMILIES = ("Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "Meiryo", "Hiragino Sans", "IPAexGothic")
BASE_POINT_SIZE = 10.0

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
    """Lay out ``html`` on A4 pages and return the PDF file's bytes."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("MLOps Kickoff")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # No page margins of our own: printing an unpaginated document, Qt keeps a 2 cm margin on
    # every side and puts the page number at the bottom right, which suits a handed-out document.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)

    document = QTextDocument()
    document.setDefaultFont(document_font())
    document.setHtml(html)
    document.print_(writer)
    del writer  # finishes the file
    buffer.close()
    return fix_cjk_text_mapping(bytes(data.data()))


_TO_UNICODE = re.compile(rb"(beginbf(?:range|char)\n)(.*?)(endbf(?:range|char))", re.S)
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


# Look-alikes that share a glyph with common Japanese punctuation, where Qt writes the wrong one.
_LOOKALIKES = {0x2027: 0x30FB}  # HYPHENATION POINT -> KATAKANA MIDDLE DOT (構築・運用)


def _ideograph(code: int) -> int | None:
    """The ideograph a CJK radical stands for (NFKC), or None for anything else."""
    if code in _LOOKALIKES:
        return _LOOKALIKES[code]
    if not 0x2E80 <= code <= 0x2FDF:
        return None
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
