"""User text made safe for Markdown: it renders as the text typed, never as markup or raw HTML.

Markdown templates run with autoescape off, so this module is their escaping: every value a
template prints goes through :func:`escape` unless it is :class:`Md` (Markdown we wrote). The
escapes work in CommonMark/GFM renderers (GitHub, GitLab, markdown-it) and in Python-Markdown
(MkDocs): backslash escapes only for the characters Python-Markdown also unescapes, HTML
entities for the rest (``<``, ``>``, ``&``, ``~``, a leading ``=``), which both decode to text.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

# Characters both CommonMark and Python-Markdown unescape after a backslash (plus | for tables).
_BACKSLASH = set("\\`*_{}[]|")
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "~": "&#126;"}
# What would start a block at the beginning of a line: an ATX heading, a list item, a thematic
# break or a setext underline ("*" and "_" are escaped everywhere anyway).
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|-{3,}|=+|(\d{1,9})([.)])(?=\s|$))")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Md(Markup):
    """Markdown written by the app (or a template's macro): templates print it as it is.

    A subclass of ``Markup`` so that Jinja2's autoescape mode passes it through untouched while
    the environment's ``finalize`` escapes everything else for Markdown.
    """


def _escape_line(line: str) -> str:
    out = []
    for ch in line:
        if ch in _BACKSLASH:
            out.append("\\" + ch)
        elif ch in _ENTITY:
            out.append(_ENTITY[ch])
        else:
            out.append(ch)
    text = "".join(out)
    match = _LINE_START.match(text)
    if match:
        if match.group(1).startswith("="):
            text = "&#61;" + text[1:]
        elif match.group(2):  # "1." or "1)" would start an ordered list
            text = match.group(2) + "\\" + match.group(3) + text[match.end() :]
        else:
            text = "\\" + text
    return text


def _lines(value: Any) -> list[str]:
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    # Leading spaces would make an indented code block; blank lines would end a list item.
    return [line.strip() for line in text.split("\n") if line.strip()]


def escape(value: Any) -> Md:
    """Inline text: each line escaped, blank lines dropped, lines kept as soft breaks."""
    if isinstance(value, Md):
        return value
    return Md("\n".join(_escape_line(line) for line in _lines(value)))


def cell(value: Any) -> Md:
    """A GFM table cell: one line, pipes escaped, empty shown as a dash."""
    if isinstance(value, Md):
        return Md(value.replace("\n", " ")) if value else Md("-")
    text = " ".join(_escape_line(line) for line in _lines(value))
    return Md(text or "-")


def paragraph(value: Any) -> Md:
    """A block of text whose line breaks are kept (a backslash at the end of a line is a hard break)."""
    if isinstance(value, Md):
        return value
    return Md("\\\n".join(_escape_line(line) for line in _lines(value)))


def code(value: Any) -> Md:
    """An inline code span around the text (for paths and commands outside tables)."""
    text = " ".join(_lines(value))
    if not text:
        return Md("")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def table(headers: list[Any], rows: list[list[Any]]) -> Md:
    """A GFM table; every header and cell is escaped."""
    if not headers:
        return Md("")
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [cell(v) for v in list(row) + [""] * (len(headers) - len(row))][: len(headers)]
        lines.append("| " + " | ".join(cells) + " |")
    return Md("\n".join(lines))


def link(text: Any, href: str) -> Md:
    """A link to one of our own pages (``href`` is a safe file or page name)."""
    return Md(f"[{cell(text)}]({href})")
