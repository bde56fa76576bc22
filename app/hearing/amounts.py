"""Amounts as Japanese writes them, with 千 / 万 / 億 (100万, 1.5万, 3億, 1万2000): how an answer's
number is read when it is not a plain number, and a number typed with its unit or as a spreadsheet
shows an amount (app/hearing/model.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.content.model import Localized

_AMOUNT_PART = re.compile(r"(\d+(?:\.\d+)?)?([千万億]?)")
_BIG = {"万": 10**4, "億": 10**8}
MULTIPLIERS = "千万億"


def japanese_amount(text: str) -> int | float | None:
    """An amount as Japanese writes it, with 千 / 万 / 億 (100万 is 1,000,000, 1.5万 is 15,000,
    3億, 1万2000, 1億2000万, 5千, 5千万): its value; None when the text is not one (no multiplier, an
    order no one writes such as 1万2億 or 1万20000)."""
    sign = -1 if text.startswith("-") else 1
    body = text[1:] if sign < 0 else text
    if not body or not any(mark in body for mark in MULTIPLIERS):
        return None
    total, section, position, last_big = Decimal(0), Decimal(0), 0, 10**9
    while position < len(body):
        part = _AMOUNT_PART.match(body, position)
        if part is None or part.end() == position or not (part.group(1) or section and part.group(2) in _BIG):
            return None  # only 5千万 has a multiplier with no digits of its own
        position = part.end()
        number, mark = Decimal(part.group(1) or 0), part.group(2)
        if mark == "千":
            if section or number >= 10:
                return None  # 1千2千, 12千
            section = number * 1000
        elif mark:
            big = _BIG[mark]
            if big >= last_big or section + number >= 10**4:
                return None  # 1万2億, 2万万, 1万20000万
            total += (section + number) * big
            section, last_big = Decimal(0), big
        else:
            if position != len(body) or section + number >= 10**4 or (section and number >= 1000):
                return None  # a bare number comes last, below the multiplier before it
            section += number
    value = sign * (total + section)
    return int(value) if value == value.to_integral_value() else float(value)


def plain_amount(raw: Any) -> Any:
    """A unitless number as a spreadsheet shows an amount: ¥1,200,000, 1,000円, ▲5 (minus). Only
    where the column has no unit of its own (1,000円 in a 万円 column would be 10,000 times wrong)."""
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if text[:1] in ("▲", "△"):
        text = "-" + text[1:]
    return text.lstrip("¥￥").removesuffix("円").strip()  # (yen only: $1,200 on a JPY row is not 1,200 yen)


def without_unit(raw: Any, *units: Localized | None) -> Any:
    """A number typed with its unit as the app and the sheet show it ("3 人", "3人", "2 people"),
    also in the input method's full width (「７０％」, 「３００ｍｓ」, 「３人日」): the number's text
    (anything else as it is)."""
    if not isinstance(raw, str):
        return raw
    import unicodedata

    text = unicodedata.normalize("NFKC", raw).strip()  # once, before comparing: ％ is %, ｍｓ is ms
    for unit in units:
        for word in (unit.ja, unit.en, *_SAME_UNIT.get(unit.ja, ())) if unit is not None else ():
            unit_text = unicodedata.normalize("NFKC", word)
            if unit_text and text.endswith(unit_text) and text[: -len(unit_text)].strip():
                return text[: -len(unit_text)].rstrip()
    return raw


_SAME_UNIT = {"人": ("名",)}  # counters a Japanese customer writes for the same unit (3名 is 3 人)
