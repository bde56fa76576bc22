"""A table answer whose hearing sheet went out before the app changed the table.

The sheet's 行 / Row column numbers the rows as they were sent, not as the table is now: the rows as
sent are found again in the answer's history (by the fingerprint the sheet keeps), the customer's
edits are read against them, and carried over onto the table as it is now where the two sides
touched different rows (:func:`carry_over`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.core.content.model import ColumnKind, Item
from app.core.files.xlsx_style import sheet_date
from app.core.i18n import Lang
from app.hearing.model import HistoryEntry, format_cell
from app.hearing.sheet import fingerprint

Rows = list[dict[str, Any]]


def dates_as_sent(item: Item, raw: dict[str, Any], sent: Any, lang: Lang) -> dict[str, Any]:
    """The date cells of a row read back that still show the text the sheet wrote for a stored date
    no date cell holds (an earlier version's 9999/12/31, kept by an import: :func:`sheet_date`), taken
    out of ``raw`` and returned as stored: a row the customer left as it was is no bad date."""
    if not isinstance(sent, dict):
        return {}
    kept = {c.id: sent[c.id] for c in item.columns if c.kind == ColumnKind.DATE and c.id in raw and sent.get(c.id) is not None
            and sheet_date(sent[c.id]) is None and raw[c.id] == format_cell(c, sent[c.id], lang)}  # fmt: skip
    for key in kept:
        del raw[key]
    return kept


def rows_as_sent(history: Sequence[HistoryEntry], sent: str) -> Rows | None:
    """The table's rows when the sheet went out: the newest state in ``history`` (oldest first) whose
    fingerprint is the sheet's ``sent``; [] when there was no answer yet; None when not found."""
    for entry in reversed(history):
        if fingerprint(entry) == sent:
            return [dict(row) for row in entry.value or [] if isinstance(row, dict)]
    return [] if sent == fingerprint(None) else None


def carry_over(sent: Rows, now: Rows, rows: Rows, origins: Sequence[int | None]) -> Rows | None:
    """The customer's edits made on the table as it is now, or None when they cannot be told apart
    from the app's (the user then chooses a side).

    ``rows`` are the sheet's rows, each with the sent row it was (1-based; None for a row added in
    the sheet, as is a second copy of a row). A row the customer changed or removed must still be in
    the table unchanged; rows are never reordered; rows added in the sheet go at the end, unless the
    app has rows of its own since (added or edited: rows carry no identity to tell which).
    """
    where: dict[int, int] = {}  # a sent row (1-based) still in the table unchanged: its index now
    free = list(range(len(now)))
    for number, row in enumerate(sent, 1):
        at = next((i for i in free if now[i] == row), None)
        if at is not None:
            where[number] = at
            free.remove(at)
    kept: list[int] = []
    changed: dict[int, dict[str, Any]] = {}
    added: Rows = []
    for row, origin in zip(rows, origins, strict=True):
        if origin is None or origin in kept:
            added.append(row)
            continue
        kept.append(origin)
        if row != sent[origin - 1]:
            changed[origin] = row
    removed = [n for n in range(1, len(sent) + 1) if n not in kept]
    if kept != sorted(kept) or any(n not in where for n in (*changed, *removed)) or (added and free):
        return None
    merged = list(now)
    for origin, row in changed.items():
        merged[where[origin]] = row
    gone = {where[n] for n in removed}
    return [row for i, row in enumerate(merged) if i not in gone] + added
