"""User text made safe for Markdown: it renders as the text typed, never as markup or raw HTML.

Markdown templates run with autoescape off, so this module is their escaping: every value a
template prints goes through :func:`escape` unless it is :class:`Md` (Markdown we wrote). Each
line is escaped by :func:`app.core.files.markdown_text.escape_line`, the app's one rule.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

from app.core.files import quoting
from app.core.files.control_chars import visible
from app.core.files.markdown_text import escape_line, indented_line, lines


class Md(Markup):
    """Markdown written by the app (or a template's macro): templates print it as it is.

    A subclass of ``Markup`` so that Jinja2's autoescape mode passes it through untouched while
    the environment's ``finalize`` escapes everything else for Markdown.
    """


def _escape_line(line: str) -> str:
    return escape_line(line)


def _lines(value: Any) -> list[str]:
    # Control characters come back as their symbols (a form feed is never stripped as white space).
    # Leading spaces would make an indented code block; blank lines would end a list item.
    return [line.replace("\t", " ").strip() for para in _paragraphs(value) for line in para]


def _paragraphs(value: Any) -> list[list[str]]:
    """The text's paragraphs (parted by the blank lines typed), each its lines (their indentation kept, white
    space at their end dropped), none empty; split at real line breaks only, control characters shown as their
    symbols (markdown_text.lines)."""
    text = "" if value is None else str(value)
    blocks = re.split(r"(?:\r\n|\r|\n)[ \t\u3000]*(?:\r\n|\r|\n)", text)  # a line of nothing or spaces (a full-width one too)
    return [kept for block in blocks if (kept := [line.rstrip() for line in lines(block) if line.strip()])]


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
    """A block of text whose line breaks and indentation (:func:`indented_line`) are kept: two spaces end each
    line but the last of a paragraph, the hard break every format of the wiki knows (GitHub and CommonMark, and
    Python-Markdown, MkDocs' renderer, which knows no backslash line break); a blank line typed (or several)
    parts two paragraphs, as in each."""
    if isinstance(value, Md):
        return value
    return Md("\n\n".join("  \n".join(indented_line(line, n == 0) for n, line in enumerate(para)) for para in _paragraphs(value)))


def code(value: Any) -> Md:
    """An inline code span around the text (for paths and commands outside tables); a control
    character shows as its symbol (ESC -> ␛), as everywhere else in the Markdown we write."""
    text = visible(" ".join(_lines(value)))
    if not text:
        return Md("")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


def block(body: str, info: str = "") -> Md:
    """A fenced code block around ``body`` as it is (its lines kept), control characters shown as in :func:`code`."""
    return Md(quoting.fence(visible(body), info))


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
