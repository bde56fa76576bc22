"""What the YAML and Jinja parsers say of a user's checklist or template, in the user's language.

The common mistakes (an indentation that does not line up, a tab, an unclosed quote or bracket, an unknown
filter, a block never closed…) become messages of their own, in Japanese and English; a rare one keeps the
parser's own (English) words, so that its detail is never lost. The line stays where the caller says it.
"""

from __future__ import annotations

import re
from typing import Any

from app.core.messages import Label, Message

# --- YAML (PyYAML's pure-Python parser and libyaml's say the same mistakes in different words) ---

_YAML_BREAKS = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")  # the line breaks YAML counts lines by


def yaml_problem(exc: Any, text: str) -> Message | str:
    """``exc`` (a ``yaml.YAMLError``) of ``text``, as the user reads it: a message of ours, else the parser's words."""
    problem = str(getattr(exc, "problem", None) or str(exc).splitlines()[0])
    if problem.startswith("mapping values are not allowed"):
        return Message(key="yaml.mapping_here")
    if "tab character" in problem or "'\\t' that cannot start" in problem:
        return Message(key="yaml.tab")
    if "cannot start any token" in problem:  # libyaml does not name the character: the text at the mark does
        char = _char_at(getattr(exc, "problem_mark", None), text)
        if char == "\t":
            return Message(key="yaml.tab")
        return Message(key="yaml.bad_start", char=char) if char.strip() else Message(key="yaml.bad_start_here")
    if problem == "found unexpected end of stream" and "quoted scalar" in str(getattr(exc, "context", "")):
        return Message(key="yaml.unclosed_quote")
    if (bracket := re.fullmatch(r"(?:did not find )?expected ',' or '([\]}])'.*", problem)) is not None:
        return Message(key="yaml.unclosed_bracket", open="[" if bracket.group(1) == "]" else "{", close=bracket.group(1))
    if (problem in ("did not find expected key", "did not find expected '-' indicator")
            or problem.startswith("expected <block end>, but found")):  # fmt: skip
        return Message(key="yaml.indentation")
    if problem == "could not find expected ':'":
        return Message(key="yaml.no_colon")
    if problem == "did not find expected node content" or problem.startswith("expected the node content"):
        return Message(key="yaml.no_value")
    if problem.startswith("found undefined alias"):
        return Message(key="yaml.undefined_alias")
    if problem.startswith("found unknown escape character"):
        return Message(key="yaml.unknown_escape")
    if (tag := re.fullmatch(r"could not determine a constructor for the tag '(.+)'", problem)) is not None:
        return Message(key="yaml.unknown_tag", tag=tag.group(1))
    return problem  # a rare one: the parser's own words


def _char_at(mark: Any, text: str) -> str:
    try:
        return str(_YAML_BREAKS.split(text)[mark.line][mark.column])
    except (AttributeError, IndexError, TypeError):
        return ""


# --- Jinja ---

# Jinja's names of the tokens it expected or met, as a template writes them (the rest are the user's own text).
_TOKENS = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of comment": "#}",
    "begin of print statement": "{{",
    "begin of statement block": "{%",
}


def _token(described: str) -> Label | str:
    if described == "end of template":
        return Label(ja="テンプレートの終わり", en="the end of the template")
    if described == "name":
        return Label(ja="名前", en="a name")
    return _TOKENS.get(described, described)


def jinja_problem(detail: str) -> Message | str:
    """Jinja's message of a ``TemplateSyntaxError`` as the user reads it: a message of ours, else Jinja's words."""
    detail = detail.strip()
    if (named := re.fullmatch(r"No (filter|test) named '(.+)'\.?", detail)) is not None:
        if named.group(1) == "filter":
            return Message(key="jinja.no_filter", name=named.group(2))
        return Message(key="jinja.no_test", name=named.group(2))
    innermost = re.search(r"The innermost block that needs to be closed is '(\w+)'\.?$", detail)
    if detail.startswith("Unexpected end of template.") and innermost is not None:
        return Message(key="jinja.unclosed_block", block=innermost.group(1), end="end" + innermost.group(1))
    if (tag := re.match(r"Encountered unknown tag '(\w+)'\.", detail)) is not None:
        if innermost is not None:
            return Message(key="jinja.tag_in_block", tag=tag.group(1), block=innermost.group(1), end="end" + innermost.group(1))
        return Message(key="jinja.unknown_tag", tag=tag.group(1))
    if (end := re.fullmatch(r"unexpected end of template, expected '(.+)'\.?", detail)) is not None:
        return Message(key="jinja.unclosed", close=_token(end.group(1)))
    if (got := re.fullmatch(r"(?:expected token '(.+)', got '(.+)'|unexpected '(.+)', expected '(.+)')", detail)) is not None:
        expected, found = (got.group(1), got.group(2)) if got.group(1) is not None else (got.group(4), got.group(3))
        return Message(key="jinja.expected", expected=_token(expected), found=_token(found))
    if (char := re.fullmatch(r"""unexpected char (?:'(.)'|"(.)") at \d+""", detail)) is not None:
        return Message(key="jinja.unexpected", found=char.group(1) or char.group(2))
    if (unexpected := re.fullmatch(r"unexpected '(.+)'", detail)) is not None:
        return Message(key="jinja.unexpected", found=_token(unexpected.group(1)))
    if (got := re.fullmatch(r"Expected an expression, got '(.+)'", detail)) is not None:
        return Message(key="jinja.no_expression", found=_token(got.group(1)))
    if detail == "Missing end of comment tag":
        return Message(key="jinja.unclosed_comment", open="{#", close="#}")
    if (block := re.fullmatch(r"block '(.+)' defined twice", detail)) is not None:
        return Message(key="jinja.block_twice", name=block.group(1))
    return detail  # a rare one: Jinja's own words
