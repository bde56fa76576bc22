"""User text into Markdown: it renders as the text typed, never as markup or raw HTML.

The one escaping rule of the app's Markdown (hearing minutes, the wiki, the proposal, the system
plan). It works in CommonMark/GFM renderers (GitHub, GitLab, markdown-it) and in
Python-Markdown (MkDocs, the HTML/PDF exports): backslash escapes only for the characters
Python-Markdown also unescapes, HTML entities for the rest (``<``, ``>``, ``&`` before an
entity name, ``~``, a leading ``=``), which both decode to text. Block syntax (headings, list
markers, thematic breaks, setext underlines) is escaped only at the start of a line, by the
stricter of the two readings: Python-Markdown takes ``#text`` as a heading (no space needed) and
any number of digits before ``.`` as a list item. A ``#`` ending a line is escaped too: in a
heading Python-Markdown strips closing ``#``s even right after a letter (``C#``).
"""

from __future__ import annotations

import re

from app.core.files.control_chars import visible

# Characters both CommonMark and Python-Markdown unescape after a backslash (| with tables on).
_BACKSLASH = re.compile(r"([\\`*_{}\[\]|])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# What starts a block at the start of a line: any "#" (a heading in Python-Markdown), "-" or "+" before
# white space, another "-" or the end (a bullet, a thematic break, a setext underline, "- --"), "="
# (a setext underline) and digits before "." or ")" (an ordered list; Python-Markdown takes any number).
_LINE_START = re.compile(r"^(#|[-+](?=[\s-]|$)|=|(\d+)([.)])(?=\s|$))")
_CLOSING_HASHES = re.compile(r"#+(?=\s*$)")


def escape_line(line: str, line_start: bool = True) -> str:
    """One line of user text as Markdown that renders to exactly that text.

    ``line_start=False`` when the text follows a marker on its line (``## ``, ``- **``, a table
    cell), where block syntax has no effect and needs no backslash.
    """
    text = visible(line.replace("\r", " "))  # control characters shown (ESC -> ␛), as in every export
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("~", "&#126;")
    text = _BACKSLASH.sub(r"\\\1", text)
    text = _CLOSING_HASHES.sub(lambda hashes: "\\#" * len(hashes.group()), text)
    match = _LINE_START.match(text) if line_start else None
    if match:
        if match.group(1).startswith("="):
            text = "&#61;" + text[1:]
        elif match.group(2):  # "1." or "1)" would start an ordered list
            text = match.group(2) + "\\" + match.group(3) + text[match.end() :]
        else:
            text = "\\" + text
    return text


def inline(text: object, start: bool = True) -> str:
    """One line of user text for Markdown prose (line breaks become spaces)."""
    return escape_line(" ".join(str(text or "").split()), start)


def block(text: object) -> str:
    """Multi-line user text; each line escaped, line breaks kept (two trailing spaces)."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(escape_line(line.strip()) for line in lines).strip()


def cell(text: object) -> str:
    """User text inside a GFM table cell: pipes escaped, line breaks as <br>."""
    lines = [escape_line(" ".join(part.split()), line_start=False) for part in str(text or "").splitlines()]
    return "<br>".join(line for line in lines if line) or " "


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A GFM table from already-escaped header and cell strings."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)
