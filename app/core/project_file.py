"""What a feature adds to the project file (app/projects/transfer.py): its part, the bounds of numbers,
and what is wrong with a value that does not fit (in words of both languages)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core.messages import Message

MAX_INT = 10**9  # session numbers, content versions: far beyond any real one, far inside SQLite's range


@dataclass(frozen=True)
class TransferPart:
    """A feature's own rows in the project file: ``dump`` them, and ``load`` them into a new project."""

    key: str
    dump: Callable[[Session, int], list[dict[str, Any]]]
    load: Callable[[Session, int, list[dict[str, Any]], dict[str, Any]], None]


def value_problem(error: Any) -> Message | str:
    """What pydantic found wrong with one value, in words of both languages (pydantic's English for the rare rest)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "missing":
        return Message(key="value.missing")
    if kind in ("string_type", "str_type"):
        return Message(key="value.not_text")
    if kind == "string_too_short":
        return Message(key="value.too_short", limit=ctx.get("min_length", 1))
    if kind == "string_too_long":
        return Message(key="value.too_long", limit=ctx.get("max_length", 0))
    if kind == "string_pattern_mismatch":
        return Message(key="value.pattern")
    if kind == "too_long":
        return Message(key="value.too_many", limit=ctx.get("max_length", 0))
    if kind.startswith("int_"):
        return Message(key="value.not_integer")
    if kind in ("greater_than_equal", "greater_than"):
        return Message(key="value.too_small", limit=ctx.get("ge", ctx.get("gt", 0)))
    if kind in ("less_than_equal", "less_than"):
        return Message(key="value.too_big", limit=ctx.get("le", ctx.get("lt", 0)))
    if kind.startswith(("datetime_", "date_")):
        return Message(key="value.not_date")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Message(key="value.not_object")
    if kind == "list_type":
        return Message(key="value.not_list")
    if kind.startswith("bool_"):
        return Message(key="value.not_bool")
    return str(error["msg"])[:200]
