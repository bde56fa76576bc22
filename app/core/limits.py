"""How much text one field holds: a documented limit every entry obeys (UI, sheet import, project import).

A field holds at most :data:`MAX_TEXT_CHARS` characters (answers and their notes, table cells,
proposal sections, WBS task texts, project descriptions, environment and system-planning values).
That is about 50 printed pages; a longer value is almost always a paste gone wrong, and a
megabyte in one field made the PDF export and the Proposal page take minutes. A longer value is
refused with :class:`TextTooLong`, naming the field; nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.errors import ValidationFailed

MAX_TEXT_CHARS = 100_000


class TextTooLong(ValidationFailed):
    """A text longer than a field holds (``field`` names it: a text, or a label in both languages such
    as a :class:`~app.core.messages.Label`; ``length`` and ``limit`` in characters)."""

    def __init__(self, field: object, length: int, limit: int = MAX_TEXT_CHARS) -> None:
        super().__init__(key="text.too_long", field=field, length=f"{length:,}", limit=f"{limit:,}")
        self.field = field
        self.length = length
        self.limit = limit


def check_text(field: object, value: object, limit: int = MAX_TEXT_CHARS) -> None:
    """Refuse a string longer than ``limit`` (anything else passes)."""
    if isinstance(value, str) and len(value) > limit:
        raise TextTooLong(field, len(value), limit)


def _strings(data: Any, path: str) -> Any:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, Mapping):
        for key, value in data.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(data, list | tuple):
        for n, value in enumerate(data, start=1):
            yield from _strings(value, f"{path}[{n}]")


def check_tree(field: object, data: Any, before: Any = None, limit: int = MAX_TEXT_CHARS) -> None:
    """Refuse any string in nested ``data`` (dicts, lists) longer than ``limit``, naming where it is.

    ``field`` is a text (an internal name the path is appended to) or a name shown in the user's
    language (an :class:`~app.core.messages.ItemRef`, a :class:`~app.core.messages.Label`, a
    :class:`~app.core.messages.Message`): the path inside ``data`` is then a part of the message.

    Strings already present in ``before`` pass: a value stored before the limit existed does not
    block edits of the rest of the document.
    """
    known = {text for _, text in _strings(before, "") if len(text) > limit} if before is not None else set()
    for path, text in _strings(data, ""):
        if len(text) > limit and text not in known:
            raise TextTooLong(_where(field, path), len(text), limit)


def _where(field: object, path: str) -> object:
    if not path:
        return field
    if isinstance(field, str):
        return f"{field} {path}".strip()
    from app.core.messages import Message

    return Message(key="text.field_part", field=field, part=path)
