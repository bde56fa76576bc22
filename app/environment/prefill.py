"""Prefill rules: how an environment choice follows the hearing answers until the user sets it.

A rule's ``when`` tokens are matched against answers: an option id for choice answers (member of
the list for multi answers), a case-insensitive substring for text (and the cells of table
answers, so "sagemaker" finds Amazon SageMaker among the external services). Answers asked as
now / later use the "now" value, else the "later" one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from app.environment.model import FIELD_REF, FieldDef, FieldKind, PrefillRule
from app.hearing import Answer, is_empty


def answer_value(answer: Answer | None) -> Any:
    if answer is None:
        return None
    if not is_empty(answer.value):
        return answer.value
    if not is_empty(answer.later):
        return answer.later
    return None


def _texts(value: Any) -> list[str]:
    """Every piece of text in a value (table rows and check answers included)."""
    if value is None:
        return []
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return [str(value)]


def matches(value: Any, token: str, exact: bool = False) -> bool:
    """Does an answer hold ``token``? ``exact`` for option ids, else a substring of any text."""
    if value is None:
        return False
    if isinstance(value, bool):
        return token.lower() in (("yes", "true") if value else ("no", "false"))
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and token in value:
        return True
    if isinstance(value, str) and value == token:
        return True
    if exact:
        return False
    needle = token.lower()
    return any(needle in text.lower() for text in _texts(value))


def fill_placeholders(text: str, values: dict[str, Any]) -> str:
    """Replace ``{field_id}`` with that field's value; unknown names stay as typed."""

    def replace(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return re.sub(r"\{([a-z_][a-z0-9_]*)\}", replace, text)


def _lookup(ref: str, answers: dict[str, Answer], values: dict[str, Any]) -> Any:
    if ref.startswith(FIELD_REF):
        return values.get(ref[len(FIELD_REF) :])
    return answer_value(answers.get(ref))


OptionIds = Callable[[str], bool]  # is this reference's answer an option id (or a list of them)?


def _fits(field: FieldDef, value: Any) -> Any:
    """The copied value in the field's shape, or None when it does not fit."""
    if value is None:
        return None
    match field.kind:
        case FieldKind.CHOICE:
            candidates = value if isinstance(value, list) else [value]
            return next((v for v in candidates if field.option(v) is not None), None)
        case FieldKind.MULTI:
            chosen = [v for v in (value if isinstance(value, list) else [value]) if field.option(v)]
            return chosen or None
        case FieldKind.BOOL:
            return value if isinstance(value, bool) else None
        case FieldKind.NUMBER:
            return value if isinstance(value, int | float) and not isinstance(value, bool) else None
        case _:
            if isinstance(value, list | dict):
                return None
            text = str(value).strip()
            return text or None


def prefill(field: FieldDef, answers: dict[str, Answer], values: dict[str, Any], option_ids: OptionIds) -> Any:
    """The value the first matching rule gives (None when no rule applies)."""
    return prefill_rule(field, answers, values, option_ids)[0]


def prefill_rule(
    field: FieldDef, answers: dict[str, Answer], values: dict[str, Any], option_ids: OptionIds
) -> tuple[Any, PrefillRule | None]:
    """The value the first matching rule gives, and that rule ((None, None) when no rule applies)."""
    for rule in field.prefill:
        if not all(
            matches(_lookup(ref, answers, values), token, option_ids(ref)) for ref, token in rule.when.items()
        ):
            continue
        result = _rule_result(field, rule, answers, values)
        if result is not None:
            return result, rule
    return None, None


def followed_field(rule: PrefillRule | None) -> str:
    """The field a rule's value follows when it reads only other fields (``field:repo_host``), else ''."""
    refs = rule.references() if rule is not None else []
    if refs and all(ref.startswith(FIELD_REF) for ref in refs):
        return refs[0][len(FIELD_REF) :]
    return ""


def _rule_result(field: FieldDef, rule: PrefillRule, answers: dict[str, Answer], values: dict[str, Any]) -> Any:
    if rule.copy_from is not None:
        return _fits(field, _lookup(rule.copy_from, answers, values))
    value = rule.value
    if isinstance(value, str):
        value = fill_placeholders(value, values)
    return value


def field_sources(fields: list[FieldDef]) -> dict[str, tuple[str, ...]]:
    """The hearing items each field's prefill rules read, through the fields they name too
    (``field:gpu`` reads what the GPU field reads); fields that read none are left out."""
    by_id = {f.id: f for f in fields}
    found: dict[str, tuple[str, ...]] = {}

    def items_of(field_id: str, seen: frozenset[str]) -> list[str]:
        field = by_id.get(field_id)
        if field is None or field_id in seen:
            return []
        out: list[str] = []
        for rule in field.prefill:
            for ref in rule.references():
                if ref.startswith(FIELD_REF):
                    out += items_of(ref[len(FIELD_REF):], seen | {field_id})
                elif ref not in out:
                    out.append(ref)
        return list(dict.fromkeys(out))

    for field in fields:
        items = items_of(field.id, frozenset())
        if items:
            found[field.id] = tuple(items)
    return found
