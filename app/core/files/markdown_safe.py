"""User text into Markdown and HTML without letting markup through.

User text is plain text: what the user typed is what the reader sees. Lines starting with ``- ``,
``・`` or ``•`` become bullets (indented ones are sub-bullets); every other line, ``+ `` and ``* ``
included, is text, its indentation kept as typed (:func:`app.core.files.markdown_text.indented_line`),
and every character that Markdown or HTML would interpret is escaped. HTML special characters become entities (not
backslash escapes) because GitHub, GitLab, MkDocs and Python-Markdown all read entities as text.
In a table cell every line is text, bullets too (:func:`table_cell`, and :func:`cell_html` as the
HTML and PDF show the same cell): the same words read the same in every format.

For HTML and PDF the escaped Markdown is rendered with Python-Markdown, which does not sanitise
(its documentation says so), and the result is cleaned by nh3 with an allow-list: a second wall
in case an escape is ever missed. Links keep only http, https and mailto.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from app.core.files.markdown_text import escape_line, indented_line, lines

BULLET = re.compile(r"^(?P<indent>[ \t\u3000]*)(?:-[ \t\u3000]+|[•・][ \t\u3000]*)(?P<rest>.*)$")
MAX_DEPTH = 3  # sub-bullets nest at most this deep (a pasted outline 400 deep overflowed Python-Markdown)

ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
LONG_TOKEN = 80  # characters without a break opportunity before the PDF gets one (a line holds ~90)


def escape_inline(text: str, *, line_start: bool = True) -> str:
    """One line of user text as Markdown that renders to exactly that text."""
    return escape_line(text, line_start)


def _indent_width(indent: str) -> int:
    """How far a bullet is indented, in spaces (a tab counts 4, an ideographic space 2)."""
    return sum(4 if c == "\t" else 2 if c == "\u3000" else 1 for c in indent)


def _depth(open_widths: list[int], width: int) -> int:
    """A bullet's depth in its list from its indentation and the indentations of the list so far.

    A bullet indented more than the one before it is its sub-bullet, one as indented is its sibling,
    one indented less goes back to the bullet with that indentation (or the nearest shallower one).
    The first bullet of a list is its top level however far it is indented, so an indented bullet
    under a plain line is a bullet, not a code block. ``open_widths`` holds the indentation of each
    open level and is updated.
    """
    while open_widths and width < open_widths[-1]:
        open_widths.pop()
    if not open_widths or (width > open_widths[-1] and len(open_widths) <= MAX_DEPTH):
        open_widths.append(width)
    return len(open_widths) - 1


def text_block(text: str) -> str:
    """Several lines of user text as Markdown paragraphs and bullet lists.

    Consecutive plain lines keep their line breaks (a hard break); a blank line starts a new
    paragraph; a list always gets a blank line before and after it, as Python-Markdown needs.
    """
    out: list[str] = []
    previous = "blank"
    open_widths: list[int] = []  # the indentation of each open level of the current list
    for raw in lines(text or ""):  # control characters already symbols: a form feed is never stripped as white space
        line = raw.rstrip()
        if not line.strip():
            if previous != "blank":
                out.append("")
            previous = "blank"
            continue
        bullet = BULLET.match(line)
        if bullet and bullet.group("rest").strip():
            if previous == "text":
                out.append("")
            level = _depth(open_widths, _indent_width(bullet.group("indent")))
            out.append("    " * level + "- " + escape_inline(bullet.group("rest").strip()))
            previous = "bullet"
            continue
        open_widths.clear()
        if previous == "bullet":
            out.append("")
        elif previous == "text":
            out[-1] += "  "  # hard line break
        out.append(indented_line(line, starts_paragraph=previous != "text"))  # its indentation as typed
        previous = "text"
    return "\n".join(out).strip("\n")


def quote_block(text: str) -> str:
    """User text as a Markdown block quote."""
    return "\n".join(f"> {line}" if line else ">" for line in text_block(text).split("\n"))


def table_cell(text: str) -> str:
    """User text inside a Markdown table cell: one line, pipes escaped, line breaks as <br>."""
    parts = [escape_inline(line.strip(), line_start=False) for line in lines(text or "") if line.strip()]
    return "<br>".join(parts)


def cell_html(text: str) -> str:
    """User text inside an HTML table cell, as the Markdown export's cell shows it (:func:`table_cell`):
    every line as typed (``- ``, ``1. ``, ``#`` or ``・`` at its start is text, no list nor heading),
    HTML escaped, blank lines left out, line breaks as <br>."""
    from html import escape

    return "<br>".join(escape(line.strip(), quote=False) for line in lines(text or "") if line.strip())


# One unit of a token without a break opportunity: an entity (never split) or one character that is
# neither white space, markup, nor CJK (between CJK characters every renderer may break a line).
_UNIT = r"(?:&#?[0-9A-Za-z]+;|[^\s<>&\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])"
_LONG_TOKEN = re.compile(f"{_UNIT}{{{LONG_TOKEN + 1},}}")
_ONE_UNIT = re.compile(f"%[0-9A-Fa-f]{{2}}|{_UNIT}")
_TAG = re.compile(r"(<[^>]*>)")


def break_long_tokens(html: str, every: int = LONG_TOKEN) -> str:
    """Zero-width break opportunities (U+200B) every ``every`` characters in a long unbroken token.

    Qt's rich-text layout (the PDF and the Proposal page's preview) knows no CSS ``word-break``
    and takes time growing with the square of an unbreakable token's length: a 1 MB token took
    minutes. Text between tags only; tags, attributes and entities are left whole, and the
    characters themselves are unchanged (U+200B draws nothing).
    """

    def split(match: re.Match[str]) -> str:
        pieces: list[list[str]] = [[]]
        size = 0
        for unit in _ONE_UNIT.findall(match.group()):
            weight = len(unit) if unit[0] == "%" else 1  # %E5 whole: a URL's escaped byte is not cut in two
            if size + weight > every:
                pieces.append([])
                size = 0
            pieces[-1].append(unit)
            size += weight
        return "\u200b".join("".join(piece) for piece in pieces)

    if not _LONG_TOKEN.search(html):
        return html
    parts = _TAG.split(html)
    for n in range(0, len(parts), 2):  # even indices are text, odd ones tags
        parts[n] = _LONG_TOKEN.sub(split, parts[n])
    return "".join(parts)


def sanitize_html(html: str) -> str:
    import nh3

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "td": {"align"}, "th": {"align"}},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


_converters = threading.local()  # one Markdown converter per thread (one is not safe to share)


def markdown_to_safe_html(markdown_text: str) -> str:
    """Render Markdown (tables included) and sanitise the result.

    The converter is made once per thread and reset for each text: making one loads its
    extensions and compiles their patterns (a proposal's 40 texts took 25 ms of its first preview)."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        import markdown

        converter = _converters.markdown = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        converter.inlinePatterns.register(_plain_runs(converter), "plain_runs", 185)  # after code spans, before escapes
    try:
        html = converter.reset().convert(markdown_text)
    except BaseException:
        _converters.markdown = None  # a conversion that failed half-way leaves state reset() does not clear
        raise
    return sanitize_html(html)


def _plain_runs(md: Any) -> Any:
    """Python-Markdown's inline processor for text without markup: each run of plain characters, backslash escapes,
    entities, ``<br>`` and hard line breaks written as HTML at once, as Python-Markdown itself writes it.

    Python-Markdown puts each escape, entity and line break of a paragraph in a placeholder, copying the whole
    paragraph each time: an answer of 100,000 ``<`` (``&lt;`` each) took 85 s to render, 40,000 short lines 27 s.
    One placeholder per run keeps it linear. A run starts at the start, after a code span or after ``[``, ``*`` or
    ``_``, holds no markup character, and leaves out what markup reads around itself (the character beside it, a
    blank at either end). Text holding a link's ``](`` or a tag other than ``<br>``
    is left to Python-Markdown whole: a run must never start inside a link's address or a tag."""
    import html

    from markdown.inlinepatterns import InlineProcessor

    escape = rf"\\[{re.escape(''.join(sorted(md.ESCAPED_CHARS)))}]"
    atom = re.compile(rf"{escape}|&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);|<br>|  \n|!(?!\[)|[^\[\]`*_<>\\!\x02\x03]")

    def written(pieces: list[str]) -> str:
        out: list[str] = []
        for n, text in enumerate(pieces):
            if text == "  \n":  # as Python-Markdown's br: a line break after it, blanks before the next br dropped
                out.append("<br />\n")
                rest = next((k for k in range(n + 1, len(pieces)) if not pieces[k].isspace() or pieces[k] == "  \n"), len(pieces))
                if rest < len(pieces) and pieces[rest] == "  \n":
                    pieces[n + 1 : rest] = [""] * (rest - n - 1)
            elif len(text) == 2 and text[0] == "\\":
                out.append(html.escape(text[1], quote=False))
            elif len(text) > 1 and text[0] == "&" or text == "<br>":
                out.append(text)  # an entity, a <br>: as written
            else:
                out.append(html.escape(text, quote=False))
        return "".join(out)

    class PlainRuns(InlineProcessor):
        held = ("", False)  # the text last looked at, and whether it holds a link or a tag

        def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # type: ignore[override]  # overrides InlineProcessor.handleMatch (as its stub does)
            if self.held[0] is not data:
                self.held = (data, _LINK_OR_TAG.search(data) is not None)
            if self.held[1]:
                return None, None, None
            start, end = m.span()
            pieces = atom.findall(data, start, end)
            first = 1 if start else 0  # markup reads the character beside it (an emphasis, a link): left to it
            last = len(pieces) - (1 if end < len(data) else 0)
            while first < last and pieces[first].isspace():  # blanks and hard breaks at either end: a br's own way
                first += 1
            while last > first and pieces[last - 1].isspace():
                last -= 1
            start, end = start + sum(map(len, pieces[:first])), end - sum(map(len, pieces[last:]))
            pieces = pieces[first:last]
            if not pieces:
                return None, None, None
            return self.md.htmlStash.store(written(pieces)), start, end

    return PlainRuns(rf"(?:(?<=[\[`*_\x03])|^)(?<!\])(?:{atom.pattern})+", md)


_LINK_OR_TAG = re.compile(r"\]\(|<(?!br>)")


def user_html(text: str) -> str:
    """User text (plain text with bullets) as sanitised HTML."""
    return markdown_to_safe_html(text_block(text))
