"""Stored answers as the app writes them for people: one line per value (lists, exports, history), a
table's cell, a number with its unit; a saved answer of another shape than its item's kind stores now
(the checklist changed since it was saved) as its words (:func:`stored_words`), never as JSON.
"""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import Any

from app.core.content.model import AnswerKind, Column, ColumnKind, Item, Localized
from app.core.i18n import Lang, format_date, list_separator, parse_date, plain_number

WORDS_DEPTH = 4  # how deep a saved value of another shape is read into (a list of rows of cells); deeper: "…"


def format_value(item: Item | None, value: Any, lang: Lang) -> str:
    """A one-line human rendering of a stored value (for lists, exports and history)."""
    if value is None:
        return ""
    if item is None or not item.kind.holds(value):  # (saved before the checklist changed the item: its words)
        return stored_words(item, value, lang)
    match item.kind:
        case AnswerKind.CHECK:
            return _check(value)
        case AnswerKind.CHOICE:
            option = item.option(value)
            return option.label.get(lang) if option else str(value)
        case AnswerKind.MULTI:
            labels = [(option.label.get(lang) if (option := item.option(v)) else str(v)) for v in value]
            return ", ".join(labels) if lang == "en" else "、".join(labels)
        case AnswerKind.NUMBER:
            return with_unit(value, item.unit, item.unit_one, lang)
        case AnswerKind.DATE:
            return _shown_date(value, lang)
        case AnswerKind.TABLE:
            n = len(value)
            return f"{n}行" if lang == "ja" else f"{n} row{'s' if n != 1 else ''}"
        case _:
            return str(value)


def table_rows(value: Any) -> list[dict[str, Any]]:
    """A table answer's rows; none when it holds another kind's value, a text or a list of words (saved
    before the item became a table): that is said as its words (:func:`stored_words`), never as rows."""
    return list(value) if value is not None and AnswerKind.TABLE.holds(value) else []


def row_keys(value: Any) -> list[str]:
    """How a document refers to each row of a table answer: its name with the spaces tidied (``#n`` for a
    row without one; a name twice gets `` (2)``), one key per row of :func:`table_rows` that is a mapping."""
    taken: set[str] = set()
    keys = []
    for n, row in enumerate((r for r in table_rows(value) if isinstance(r, dict)), start=1):
        key = _tidy_name(row) or f"#{n}"
        base, suffix = key, 2
        while key in taken:
            key = f"{base} ({suffix})"
            suffix += 1
        taken.add(key)
        keys.append(key)
    return keys


def renamed_rows(before: Any, after: Any) -> dict[str, str]:
    """The rows of a table answer whose key moved between two of its values, old key -> new key
    (:func:`row_keys`): a row renamed, or one of rows named alike numbered anew (the first of two
    「商品画像」 removed: 「商品画像 (2)」 -> 「商品画像」, its cells never taken by the one left).

    Rows named alike are told apart by their cells (the rows the same in both values kept in order;
    as many left on each side: paired in order); a row named anew is the one now under a new name
    with the same other cells (filled, and no other row alike), else the one at its place when the
    table kept its number of rows. A key whose row is gone and taken by another is renamed to it."""
    old_rows = [r for r in table_rows(before) if isinstance(r, dict)]
    new_rows = [r for r in table_rows(after) if isinstance(r, dict)]
    old_keys, new_keys = row_keys(old_rows), row_keys(new_rows)
    renames = _alike_pairs(old_rows, new_rows)
    gone = [n for n in range(len(old_rows)) if n not in renames]
    paired = set(renames.values())
    added = [n for n in range(len(new_rows)) if n not in paired]

    def rest(row: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k != "name" and v not in (None, "", [], False)}

    named_anew: dict[int, int] = {}
    for old in gone:
        alike = [new for new in added if rest(old_rows[old]) and rest(new_rows[new]) == rest(old_rows[old])]
        twins = [o for o in gone if alike and rest(old_rows[o]) == rest(old_rows[old])]
        if len(alike) == 1 and len(twins) == 1:
            named_anew[old] = alike[0]
    if len(old_rows) == len(new_rows):
        for old in gone:
            if old not in named_anew and old in added and old not in named_anew.values():
                named_anew[old] = old
    renames |= named_anew
    return {old_keys[old]: new_keys[new] for old, new in renames.items() if old_keys[old] != new_keys[new]}


def _tidy_name(row: dict[str, Any]) -> str:
    return " ".join(str(row.get("name") or "").split())


def _alike_pairs(old_rows: list[dict[str, Any]], new_rows: list[dict[str, Any]]) -> dict[int, int]:
    """The rows of two values of a table paired by name (old index -> new index): among rows named alike,
    those with the same cells in both, kept in order, then the rest in order when as many are left on
    each side (a cell edited); rows left unpaired were removed, added or named anew."""
    def by_name(rows: list[dict[str, Any]]) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = {}
        for n, row in enumerate(rows):
            groups.setdefault(_tidy_name(row), []).append(n)
        return groups

    def cells(row: dict[str, Any]) -> str:
        return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)

    pairs: dict[int, int] = {}
    new_groups = by_name(new_rows)
    for name, olds in by_name(old_rows).items():
        news = new_groups.get(name, [])
        if len(olds) == 1 and len(news) == 1:  # one row of its name on each side (the common case): itself
            pairs[olds[0]] = news[0]
            continue
        matcher = SequenceMatcher(None, [cells(old_rows[n]) for n in olds], [cells(new_rows[n]) for n in news], autojunk=False)
        same = {olds[a + k]: news[b + k] for a, b, size in matcher.get_matching_blocks() for k in range(size)}
        left_old = [n for n in olds if n not in same]
        left_new = [n for n in news if n not in same.values()]
        if len(left_old) == len(left_new):
            same |= dict(zip(left_old, left_new, strict=True))
        pairs |= same
    return pairs


def composed_renames(values: list[Any]) -> dict[str, str | None]:
    """Each row of the first of a table answer's successive values (its versions, oldest first) under
    its key now, as the writes between them moved it (:func:`renamed_rows`, one write at a time):
    old key -> key now, or None when its row was removed since; rows keeping their key are left out."""
    if not values:
        return {}
    now: dict[str, str | None] = {key: key for key in row_keys(values[0])}
    for before, after in zip(values, values[1:], strict=False):
        renames, keys = renamed_rows(before, after), set(row_keys(after))
        taken = set(renames.values())  # a key another row took: its own row was removed (else renamed too)
        for old, key in now.items():
            moved = (renames[key] if key in renames else None if key in taken else key) if key is not None else None
            now[old] = moved if moved in keys else None
    return {old: key for old, key in now.items() if key != old}


def stored_words(item: Item | None, value: Any, lang: Lang, depth: int = 0) -> str:
    """A saved value of another shape than ``item``'s kind stores now, as its words: an option's id by its
    label in ``lang`` where the item still offers it, a list as its words joined as the language joins a
    list, a check as its mark and text, a row (or any mapping) as its cells' words; never JSON, never a
    field's or a column's id."""
    if value is None:
        return ""
    if depth > WORDS_DEPTH:
        return "…"
    if isinstance(value, bool):
        return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
    if isinstance(value, str):
        option = item.option(value) if item is not None else None
        return option.label.get(lang) if option else value
    if isinstance(value, int | float):
        return with_unit(value, None, None, lang)
    if isinstance(value, dict):
        if value and set(value) <= {"checked", "text"}:
            return _check(value)
        return " / ".join(w for v in value.values() if (w := stored_words(item, v, lang, depth + 1)))
    if isinstance(value, list | tuple):
        return list_separator(lang).join(w for v in value if (w := stored_words(item, v, lang, depth + 1)))
    return str(value)


def _check(value: dict[str, Any]) -> str:
    mark = "☑" if value.get("checked") else "☐"
    return f"{mark} {value.get('text') or ''}".strip()


SHOWN_CHARACTERS = 40  # of a number stored by an older version (1e300 as its digits): its beginning, then …


def with_unit(value: float, unit: Localized | None, unit_one: Localized | None, lang: Lang) -> str:
    """``1,500 items``, ``1 item``, ``3 人``: the number as typed with thousands separators (1,234,567.89,
    0.0000036, never cut to six digits: a row's price × quantity agrees with its amount as printed), with
    its unit, singular after exactly 1."""
    text = plain_number(value, grouped=True)
    text = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
    word = unit.get(lang) if unit else ""
    if value == 1 and unit_one is not None:
        word = (unit_one.ja if lang == "ja" else unit_one.en) or word  # no fallback: ja has no singular
    return f"{text} {word}".strip()


def format_cell(column: Column, value: Any, lang: Lang) -> str:
    if value is None:
        return ""
    match column.kind:
        case ColumnKind.BOOL:
            return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
        case ColumnKind.CHOICE:
            option = next((o for o in column.options if o.id == value), None)
            return option.label.get(lang) if option else str(value)
        case ColumnKind.NUMBER if isinstance(value, int | float) and not isinstance(value, bool):
            return with_unit(value, column.unit, column.unit_one, lang)
        case ColumnKind.DATE:
            return _shown_date(value, lang)
        case _:  # (a number column's text: typed and refused, kept red as a draft, shown as typed)
            return str(value)


def _shown_date(value: Any, lang: Lang) -> str:
    """A stored date (ISO) as the language writes it: 2026/12/21 in Japanese."""
    try:
        return format_date(parse_date(str(value)), lang)
    except ValueError:
        return str(value)
