"""A line's indentation typed in a text reaches every Markdown document as typed (break-it 56a): the proposal
(and its HTML and PDF, made from its Markdown), the system plan, the minutes and the wiki. One helper
(:func:`app.core.files.markdown_text.indented_line`) writes it as no-break spaces, the first of a paragraph as
``&#160;``: CommonMark renderers and Python-Markdown show them, none reads a code block; bullets stay bullets."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from markdown_it import MarkdownIt

from app.core import operations as ops
from app.core.files import markdown_safe, markdown_text
from app.environment import wiki_markdown

INDENTED = "対象者:\n  店舗スタッフ(全国 120 店)\n    うち 店長 120 名"


def commonmark(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def shown(html: str) -> str:
    """The text of rendered HTML as a reader sees it: line breaks at <br>, no-break spaces as spaces."""
    text = htmllib.unescape(re.sub(r"<(?!br)[^>]+>", "", re.sub(r"<br\s*/?>\n?", "<br>\n", html)))
    return text.replace("<br>", "").replace("\xa0", " ")


HELPERS = {"proposal": markdown_safe.text_block, "system plan / minutes": markdown_text.block, "wiki": wiki_markdown.paragraph}


@pytest.mark.parametrize("helper", HELPERS.values(), ids=HELPERS.keys())
@pytest.mark.parametrize(
    "typed,seen",
    [
        (INDENTED, INDENTED),
        ("  最初の行から字下げ\n次の行", "  最初の行から字下げ\n次の行"),  # a paragraph's first line: renderers strip U+00A0 there
        ("見出し:\n        8 桁下げ # * _x_ <b>", "見出し:\n        8 桁下げ # * _x_ <b>"),  # no code block
        ("タブ:\n\t1 つ\n\u3000全角 1 つ", "タブ:\n    1 つ\n\u3000全角 1 つ"),  # a tab as 4 spaces, U+3000 kept
    ],
)
def test_a_lines_indentation_renders_as_typed_in_commonmark_and_python_markdown(helper, typed, seen) -> None:
    md = str(helper(typed))
    for html in (commonmark(md), markdown_safe.markdown_to_safe_html(md)):
        assert "<pre" not in html and "<code" not in html, html
        assert seen in shown(html), (md, html)
    assert "\xa0\xa0" in md or "&#160;" in md  # the raw Markdown shows the spaces too


def test_bullets_of_the_proposal_still_nest_by_indentation() -> None:
    md = markdown_safe.text_block("項目:\n- 親\n  - 子\n    - 孫\n  補足の行")
    assert md == "項目:\n\n- 親\n    - 子\n        - 孫\n\n&#160;\xa0補足の行"
    html = markdown_safe.user_html("項目:\n- 親\n  - 子\n    - 孫")
    assert html.count("<ul>") == 3 and "<li>孫</li>" in html


def test_an_indented_dash_in_the_system_plan_is_text_with_its_indentation() -> None:
    md = markdown_text.block("手順:\n  - 受領\n  1. 前処理")
    rendered = commonmark(md)
    assert "<li>" not in rendered and "<ol" not in rendered
    assert "手順:\n  - 受領\n  1. 前処理" in shown(rendered)


def test_the_system_plan_minutes_and_wiki_keep_the_indentation(workspace, demo) -> None:
    from app.environment.wiki_render import render_wiki
    from app.hearing import operations as hearing_ops
    from app.hearing.minutes import minutes_markdown
    from app.hearing.sessions import SessionService
    from app.system_planning.plan_md import system_plan_markdown

    ops.run(workspace, hearing_ops.update_answer(demo.id, "system_planning.requirements.user", value=INDENTED))
    ops.run(workspace, hearing_ops.update_answer(demo.id, "hearing.basics.background", value=INDENTED))
    SessionService(workspace.db).update(demo.id, 1, notes=INDENTED)
    plan = system_plan_markdown(workspace, demo.id, "ja")
    minutes = minutes_markdown(workspace, demo.id, 1, "ja")
    overview = {p.id: p.markdown for p in render_wiki(workspace, demo.id, "ja", "plain").all_pages()}["overview"]
    for name, md in (("plan", plan), ("minutes", minutes), ("wiki", overview)):
        assert "対象者:  \n\xa0\xa0店舗スタッフ(全国 120 店)  \n\xa0\xa0\xa0\xa0うち 店長 120 名" in md, name
        assert INDENTED in shown(commonmark(md)), name
