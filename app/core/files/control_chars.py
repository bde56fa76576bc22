"""Control characters in user text: shown, never written raw (one rule for every file the app writes).

Text typed, pasted from a terminal or carried by a project file may hold C0 control characters
(NUL, vertical tab, form feed, ESC...), DEL, lone surrogates or the non-characters U+FFFE/U+FFFF.
xlsx and XML 1.0 cannot hold them at all (the file breaks or does not parse), a terminal runs ESC
sequences from a Markdown or CSV file that is printed, and HTML calls them parse errors. Each
format's one writing helper passes user text through :func:`visible` at its boundary:

- xlsx: :func:`app.core.files.xlsx_style.cell_text` (every cell, the hidden meta sheets, print headers)
- XML (MS Project): ``app.wbs.files.mspdi._sub``
- CSV: :func:`app.wbs.files.tracker_csv.safe`
- Markdown: :func:`app.core.files.markdown_text.escape_line`
- HTML and PDF: :func:`app.proposal.render.render_html` (the whole rendered page; the PDF
  shows U+FFFD instead, see :func:`for_pdf`)

A control character becomes its Unicode control picture (NUL -> ␀, ESC -> ␛, DEL -> ␡), so the
reader sees that something was there; a lone surrogate or a non-character becomes U+FFFD (�).
Tab, line feed and carriage return stay (every format holds them). The stored data is unchanged.
Bidi and other format characters (U+202E, U+FEFF) are valid text and stay in contents; file names
drop them (:mod:`app.core.files.safe_names`).
"""

from __future__ import annotations

import re

CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
PICTURES = re.compile("[\u2400-\u2421]")
NOTE = "control characters in text are shown as their symbols (␀ ␛ ␡ …) in the files written"


def picture(char: str) -> str:
    """The visible stand-in for one character that :data:`CONTROLS` matches."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def visible(text: str) -> str:
    """``text`` with every control character replaced by its picture (tab, LF and CR kept)."""
    return CONTROLS.sub(lambda m: picture(m.group()), text) if CONTROLS.search(text) else text


def for_pdf(text: str) -> str:
    """Text Qt draws into a PDF: controls and their pictures as U+FFFD (the PDF fonts, Noto CJK and
    DejaVu, have no glyphs for the pictures, and Qt would draw nothing at all)."""
    return PICTURES.sub("\ufffd", visible(text))
