"""Putting user text into Markdown safely: it stays text, never markup or raw HTML.

Renderers (Python-Markdown, CommonMark, GFM) pass raw HTML through, so ``<`` and ``>`` become
entities, and the characters that open inline markup anywhere (`` ` * _ [ ] \\ ~~ ``, and ``|`` in
table cells) or block
markup at the start of a line (``#``, ``+``, ``-``, ``=``, ``1.``) are backslash-escaped. Plain
words and punctuation stay readable, so the Markdown still reads well pasted into an email.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]]|~(?=~))")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#+=\-]|\d+[.)])")


def _escape_line(line: str, start: bool = True) -> str:
    line = _ENTITY.sub("&amp;", line)
    line = line.replace("<", "&lt;").replace(">", "&gt;")
    line = _INLINE.sub(r"\\\1", line)
    if not start:
        return line
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), line)


def _escape_marker(marker: str) -> str:
    if marker[-1] in ".)":
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def inline(text: object, start: bool = True) -> str:
    """One line of user text for Markdown prose (line breaks become spaces).

    ``start=False`` when the text follows a marker on its line (``## ``, ``- **``), where block
    markers such as ``1.`` or ``#`` have no effect and need no backslash.
    """
    return _escape_line(" ".join(str(text or "").split()), start)


def block(text: object) -> str:
    """Multi-line user text; each line escaped, line breaks kept (two trailing spaces)."""
    lines = str(text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(_escape_line(line.strip()) for line in lines).strip()


def cell(text: object) -> str:
    """User text inside a GFM table cell: pipes escaped, line breaks as <br>."""
    lines = [_escape_line(" ".join(part.split())).replace("|", "\\|") for part in str(text or "").splitlines()]
    return "<br>".join(line for line in lines if line) or " "


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A GFM table from already-escaped header and cell strings."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)
