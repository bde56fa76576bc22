"""User text into Markdown: what was typed is what a reader sees, bullets included, nothing executes."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from app.core.files.markdown_safe import (
    escape_inline,
    markdown_to_safe_html,
    quote_block,
    table_cell,
    text_block,
    user_html,
)


def visible(markdown_text: str) -> str:
    rendered = markdown.markdown(markdown_text, extensions=["tables"])
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "1. not a list",
        "2) not a list either",
        "+ plus",
        "=====",
        "~~~ not a fence ~~~",
        "**not bold** and _not italic_ and `not code`",
        "[link](javascript:alert(1)) ![img](x.png)",
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "&lt;already an entity&gt; &amp; R&D",
        "a | b | c",
        "{: onclick=alert(1) }",
        "C:\\\\path\\\\to\\\\file",
    ],
)
def test_one_line_renders_as_exactly_that_text(text: str) -> None:
    assert visible(escape_inline(text)) == text


def test_bullets_paragraphs_and_sub_bullets() -> None:
    text = "Intro line\nsecond line\n\n- first\n- second\n    - nested\n・和文の箇条書き\n\nAfter the list"
    rendered = markdown.markdown(text_block(text))
    assert rendered.count("<ul>") == 2 and rendered.count("<li>") == 4
    assert "Intro line<br />\nsecond line" in rendered
    assert rendered.endswith("<p>After the list</p>")


def test_quote_and_table_cell() -> None:
    assert markdown.markdown(quote_block("a <b>quote</b>")).startswith("<blockquote>")
    cell = table_cell("line one | with pipe\nline two")
    assert "\n" not in cell and cell.count("<br>") == 1
    table = markdown.markdown(f"| h |\n| --- |\n| {cell} |", extensions=["tables"])
    assert table.count("<td>") == 1 and "line one | with pipe" in html.unescape(table)


def test_the_sanitiser_is_a_second_wall() -> None:
    raw = '<p onclick="x()">hi</p><script>alert(1)</script><a href="javascript:alert(2)">x</a><a href="https://example.com">ok</a>'
    clean = markdown_to_safe_html(raw)
    assert "<script" not in clean and "onclick" not in clean and "javascript:" not in clean
    assert 'href="https://example.com"' in clean


def test_user_html_keeps_everything_visible() -> None:
    text = "- <script>alert(1)</script>\n- [x](javascript:alert(2))"
    rendered = user_html(text)
    assert "<script" not in rendered and "href" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "[x](javascript:alert(2))" in rendered
