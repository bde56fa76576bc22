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

Control characters are shown as their symbols (vertical tab -> ␋, form feed -> ␌, ESC -> ␛) before
anything else, so no strip, split or collapse of white space ever turns one into a space or a line
break. A line ends only where the text has a real line break (``\n``, ``\r\n``, ``\r``), as
CommonMark and Python-Markdown read one: U+2028, U+2029 and U+0085, which ``str.splitlines`` also
breaks on, stay in their line as the HTML export keeps them (:func:`inline` and :func:`cell`
collapse them with the rest of the white space into one space).

A line's indentation is kept as typed (:func:`indented_line`): its spaces and tabs as no-break
spaces (U+00A0, a tab as four), which no renderer reads as an indented code block nor strips after a
line break, and which show as spaces in the raw Markdown too; other blanks (the full-width U+3000)
as they are. At the start of a paragraph the first of them is written as its entity (``&#160;``):
Python-Markdown and markdown-it strip a paragraph's leading white space, U+00A0 included, never an
entity.
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
_CLOSING_HASHES = re.compile(r"(?<!#)#+(?=\s*$)")  # from a run's first # only (from each: the square of its length)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
NBSP = "\u00a0"


def lines(text: object) -> list[str]:
    """User text's lines with its control characters shown, split at real line breaks only."""
    return _LINE_BREAK.split(visible("" if text is None else str(text)))


def _one_line(line: str) -> str:
    """White space runs (tabs, U+3000, U+2028...) as one space, in a line whose control characters are
    already symbols (:func:`lines`, :func:`visible`): none of them collapsed as white space."""
    return " ".join(line.split())


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


def indented_line(line: str, starts_paragraph: bool = True) -> str:
    """One line of user text as :func:`escape_line` writes it, its leading indentation kept (see the
    module's text). ``starts_paragraph`` when the line opens a paragraph (not after a hard break)."""
    body = line.strip()
    if not body:
        return ""
    indent = line[: len(line) - len(line.lstrip())].replace("\t", NBSP * 4).replace(" ", NBSP)
    if indent and starts_paragraph:
        indent = f"&#{ord(indent[0])};{indent[1:]}"
    return indent + escape_line(body)


def inline(text: object, start: bool = True) -> str:
    """One line of user text for Markdown prose (line breaks become spaces)."""
    return escape_line(_one_line(visible(str(text or ""))), start)


def block(text: object) -> str:
    """Multi-line user text; each line escaped, its indentation kept, line breaks kept (two trailing spaces)."""
    out: list[str] = []
    for line in lines(text or ""):
        out.append(indented_line(line, starts_paragraph=not out or not out[-1]))
    return "  \n".join(out).strip()


def cell(text: object) -> str:
    """User text inside a GFM table cell: pipes escaped, line breaks as <br>."""
    parts = [escape_line(_one_line(part), line_start=False) for part in lines(text or "")]
    return "<br>".join(part for part in parts if part) or " "


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A GFM table from already-escaped header and cell strings."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)
