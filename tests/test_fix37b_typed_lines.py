"""A line of typed text comes out of every document as typed (fix37b), checked against the renderers themselves.

Each hostile line is written the way each document writes user text (markdown_text.block for the minutes and
the plan, markdown_safe.text_block for the proposal and its preview, a heading, a bullet, a table cell, the
wiki's paragraph) and rendered by Python-Markdown as the HTML/PDF exports run it, by Python-Markdown as MkDocs
runs it, and by a CommonMark renderer (GitHub, GitLab); the rendered text must be the typed text, and no
heading, rule, list, code block or quote may appear that the user did not ask for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import pytest
from markdown_it import MarkdownIt

from app.core.files import markdown_safe, markdown_text
from app.environment import wiki_markdown

HOSTILE = [
    "#1 優先課題", "#", "##", "###### 六", "####### 七", "#タグ", "# 見出しのつもり", "#!/bin/sh",
    "C#", "言語 C# と F#", "末尾に空白 #", "C##", "#中#",
    "--", "---", "----", "-- コメント", "-5%", "- - -", "-", "-=-",
    "+", "+ 5% の精度向上", "++", "+-", "+++ 三つ", "* 星", "**", "***", "* * *", "_", "___", "_ _ _",
    "=", "==", "===", "= 等号", "=> 矢印",
    "1. 一", "1) 一", "1.", "1234567890. 案件番号", "12345678901234) 番号", "2024.", "2024. 計画", "1.5 倍",
    "0. ゼロ", "１２. 全角の数字",
    "> 引用", ">>", "```", "```python", "~~~", "~~取り消し~~",
    "| a | b |", "|---|---|", "a | b", ":-- | --:",
    "[x]: http://example.com", "[x](javascript:alert(1))", "![画像](x.png)", "[^1]: 脚注", "*[HTML]: 略語",
    "<script>alert(1)</script>", "<!-- コメント -->", "<div>", "&amp; &lt; &#35; R&D",
    "\\", "末尾のバックスラッシュ\\", "\\#", "C:\\path\\", "`code`", "<http://example.com>",
    "{: .cls }", ": 定義", "{{ 7*7 }}", "\u3000# 全角空白の後", "\t タブの後",
]  # fmt: skip

BLOCK_TAGS = re.compile(r"<(h[1-6]|hr|ol|ul|li|pre|code|blockquote|table|div|script)\b")


def _python_markdown(extensions: list[str]) -> Callable[[str], str]:
    return lambda text: markdown.markdown(text, extensions=extensions, output_format="html")


RENDERERS = {
    "exports": _python_markdown(["tables", "sane_lists"]),  # markdown_safe.markdown_to_safe_html, before nh3
    "mkdocs": _python_markdown(["toc", "tables", "fenced_code"]),  # MkDocs' default extensions
    "commonmark": MarkdownIt("commonmark").enable("table").render,
}


def shown_lines(rendered: str) -> list[str]:
    """The lines a reader sees: tags gone, entities decoded, white space runs as one space."""
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def typed(line: str) -> str:
    return " ".join(line.split())


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("line", HOSTILE)
def test_a_line_in_a_block_of_text_renders_as_typed(line: str, renderer: str) -> None:
    render = RENDERERS[renderer]
    for written in (markdown_text.block(f"前の行\n{line}\n後の行"), markdown_text.block(line)):
        rendered = render(written)
        assert not BLOCK_TAGS.search(rendered), (written, rendered)
        assert typed(line) in shown_lines(rendered), (written, rendered)
    rendered = render(markdown_text.block(f"前の行\n{line}\n後の行"))
    assert shown_lines(rendered) == ["前の行", typed(line), "後の行"], rendered
    assert rendered.count("<br") == 2, rendered


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("line", HOSTILE)
def test_a_line_renders_as_typed_in_a_heading_a_bullet_and_a_cell(line: str, renderer: str) -> None:
    render = RENDERERS[renderer]
    heading = render("# " + markdown_text.inline(line, start=False))
    assert re.fullmatch(r"<h1[^>]*>[^<]*</h1>\s*", heading), heading
    assert shown_lines(heading) == [typed(line)]
    bullet = render("- " + markdown_text.inline(line))
    assert re.fullmatch(r"<ul>\s*<li>[^<]*</li>\s*</ul>\s*", bullet), bullet
    assert shown_lines(bullet) == [typed(line)]
    table = render(markdown_text.table(["見出し"], [[markdown_text.cell(line)]]))
    assert table.count("<td") == 1 and shown_lines(table)[-1] == typed(line), table


def _bullet(line: str) -> bool:
    match = markdown_safe.BULLET.match(line)
    return bool(match and match.group("rest").strip())


@pytest.mark.parametrize("renderer", RENDERERS)
@pytest.mark.parametrize("line", [line for line in HOSTILE if not _bullet(line)])  # "- - -" is a bullet, as README says
def test_a_line_of_proposal_text_renders_as_typed(line: str, renderer: str) -> None:
    """markdown_safe.text_block: the proposal's texts, its preview, Markdown, HTML and PDF."""
    render = RENDERERS[renderer]
    rendered = render(markdown_safe.text_block(f"前の行\n{line}\n後の行"))
    assert not BLOCK_TAGS.search(rendered), rendered
    assert shown_lines(rendered) == ["前の行", typed(line), "後の行"], rendered
    items = render(markdown_safe.text_block(f"前の行\n- {line}\n  - {line}\n・{line}"))
    assert items.count("<li>") == 3 and items.count("<ul>") == 2, items
    assert not re.search(r"<(h[1-6]|hr|ol|pre|code|blockquote|table)\b", items), items
    assert shown_lines(items) == ["前の行"] + [typed(line)] * 3, items


@pytest.mark.parametrize("line", HOSTILE)
def test_a_line_of_a_wiki_paragraph_renders_as_typed_with_its_line_break(line: str) -> None:
    for render in RENDERERS.values():
        rendered = render(str(wiki_markdown.paragraph(f"前の行\n{line}")))
        assert not BLOCK_TAGS.search(rendered), rendered
        assert shown_lines(rendered) == ["前の行", typed(line)], rendered
        assert re.search(r"前の行<br\s*/?>\n", rendered), rendered


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("目的\n  - 精度向上\n  - 運用負荷の削減", ["<ul><li>精度向上</li><li>運用負荷の削減</li></ul>"]),
        ("  - 一\n  - 二\n      - 二の下\n  - 三", ["<ul><li>一</li><li>二<ul><li>二の下</li></ul></li><li>三</li></ul>"]),
        ("- 一\n    - 下\n  - 中間\n- 二", ["<ul><li>一<ul><li>下</li><li>中間</li></ul></li><li>二</li></ul>"]),
        ("\u3000・全角の字下げ\n\u3000\u3000・その下", ["<ul><li>全角の字下げ<ul><li>その下</li></ul></li></ul>"]),
        ("- 一\n本文\n    - 本文の後", ["<ul><li>一</li></ul>", "<ul><li>本文の後</li></ul>"]),
    ],
)
def test_bullets_nest_by_their_indentation_relative_to_the_list(text: str, items: list[str]) -> None:
    for render in RENDERERS.values():
        rendered = re.sub(r"\s+", "", render(markdown_safe.text_block(text)).replace("<p>", "").replace("</p>", ""))
        for item in items:
            assert item.replace(" ", "") in rendered, rendered
        assert "<pre" not in rendered and "<code" not in rendered


def test_a_pasted_outline_far_too_deep_nests_at_most_four_levels() -> None:
    outline = "\n".join(" " * (2 * depth) + f"- 深さ{depth}" for depth in range(400))
    rendered = markdown_safe.user_html(outline)
    assert rendered.count("<ul>") == 4 and rendered.count("<li>") == 400


def test_only_a_dash_a_nakaguro_or_a_bullet_sign_makes_a_bullet() -> None:
    rendered = markdown_safe.user_html("+ 足す\n* 星\n- 点\n・中黒\n• 黒丸")
    assert rendered.count("<li>") == 3
    assert "+ 足す" in html.unescape(rendered) and "* 星" in html.unescape(rendered)
