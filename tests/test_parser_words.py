"""The YAML and Jinja parsers' words of a user's mistake, as the user reads them (app/core/content/parser_words.py)."""

from __future__ import annotations

import re

import pytest

from app.core.content.parser_words import jinja_problem, yaml_problem
from app.core.messages import Message, render

ENGLISH = re.compile(r"[A-Za-z]{4,} [a-z]{2,}")  # two English words in a row


def said(problem: Message | str, lang: str) -> str:
    return render(problem.key, problem.params, lang) if isinstance(problem, Message) else problem


YAML_MISTAKES = {
    "id: mine\n bad: [\n": "「キー: 値」",
    "a:\n  b: 1\n c: 2\n": "インデント",
    "a:\n  - 1\n - 2\n": "インデント",
    "a: 1\n- 2\n": "インデント",
    "a:\n\tb: 1\n": "タブ",
    "a: 1\n\tb: 2\n": "タブ",
    "a: 'abc\n": "引用符",
    'a: "abc\n': "引用符",
    "a: [1, 2\n": "「[」が「]」",
    "a: {b: 1\n": "「{」が「}」",
    "a: *x\n": "アンカー",
    "キー: @x\n": "「@」",
    "a: `x\n": "「`」",
    'a: "\\q"\n': "バックスラッシュ",
    "a: !foo x\n": "「!foo」",
    "a: ]\n": "値がありません",
    "? a\n? b\n: c\n:d\n": "「:」",
}


@pytest.mark.parametrize("loader_name", ["CSafeLoader", "SafeLoader"])  # libyaml's words and PyYAML's own
@pytest.mark.parametrize(("text", "part"), list(YAML_MISTAKES.items()))
def test_a_common_yaml_mistake_is_said_in_japanese(loader_name, text, part) -> None:
    import yaml

    loader = getattr(yaml, loader_name, None)
    if loader is None:
        pytest.skip("PyYAML built without libyaml")
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(text, Loader=loader)
    problem = yaml_problem(caught.value, text)
    assert isinstance(problem, Message), problem
    ja, en = said(problem, "ja"), said(problem, "en")
    assert part in ja and not ENGLISH.search(ja.replace("YAML", "")), ja
    assert ENGLISH.search(en), en


def test_a_rare_yaml_mistake_keeps_the_parsers_words() -> None:
    import yaml

    text = "%YAML 1.1\n%YAML 1.1\n---\na\n"
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.safe_load(text)
    assert "duplicate" in said(yaml_problem(caught.value, text), "ja")  # the detail, never lost


JINJA_MISTAKES = {
    "{{ x | nofilter }}": "「nofilter」というフィルター",
    "{{ x ": "「}}」で閉じない",
    "{% for a in b %}": "「endfor」がない",
    "{% foo %}": "「foo」というタグ",
    "{% if x %}{% endfor %}": "「endif」で閉じます",
    "{{ x y }}": "「y」はここに書けません。「}}」が必要です",
    "{{ x! }}": "「!」はここに書けません",
    "{{ }}": "「}}」の前に値か変数",
    "{# c": "「#}」で閉じられていません",
    "{{ x[1 }}": "「]」が必要です",
    "{% include %}": "「%}」はここに書けません",
    "{% block a %}{% endblock %}{% block a %}{% endblock %}": "「a」が2回",
}


@pytest.mark.parametrize(("source", "part"), list(JINJA_MISTAKES.items()))
def test_a_common_jinja_mistake_is_said_in_japanese(source, part) -> None:
    import jinja2

    with pytest.raises(jinja2.TemplateSyntaxError) as caught:
        jinja2.Environment().compile(source, "t", "t")
    problem = jinja_problem(caught.value.message or "")
    assert isinstance(problem, Message), caught.value.message
    ja = said(problem, "ja")
    assert part in ja and not ENGLISH.search(ja), ja


def test_a_rare_jinja_mistake_keeps_jinjas_words() -> None:
    assert jinja_problem("something Jinja says one day") == "something Jinja says one day"
