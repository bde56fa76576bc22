"""The proposal's problems table changed in two windows at once, merged row by row.

Each row has an identity: a library problem its ``ref``, the user's own problem the ``key`` it was given when it was
added (:func:`new_key`). Two blank rows added at once are two rows; a row this write stored already (typing a killed
window gave back) is the same row, never added twice. What each side changed is compared row by row and cell by cell:
rows edited, removed or added on one side only are merged, a row both added alike is there once. A real conflict (a
cell both changed differently, a row removed on one side and edited on the other, a row moved on either side, a row
without a key, stored by an earlier version, added or removed) is left to the caller: None, and :func:`clash` says
where it is (the row among those stored and its cell) for a refusal to name.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any, NamedTuple

from app.core import operations as ops
from app.core.operations import document_diff

Identity = tuple[str, Any]  # ("ref", a library problem's id), ("key", an own row's key), ("anonymous", n)


class Clash(NamedTuple):
    """Where two sides' rows cannot be merged: the row's place among those stored (None: no one row, a row moved or
    one edited here that they removed) and its cell (a stored row's key, ``problem``; None: the whole row)."""

    row: int | None = None
    column: str | None = None


def new_key() -> str:
    """The identity of an own problem row, given when it is added."""
    return uuid.uuid4().hex[:12]


def _identity(row: Any) -> Identity | None:
    if not isinstance(row, dict):
        return None
    if row.get("ref"):
        return ("ref", row["ref"])
    key = row.get("key")
    return ("key", key) if isinstance(key, str) and key else None


def _keyed(rows: list[Any]) -> dict[Identity, Any] | None:
    """``rows`` by identity, in order (None: two with the same). An own row stored without a key (by an earlier
    version) is known by its place among those: the n-th such row."""
    out: dict[Identity, Any] = {}
    for row in rows:
        identity = _identity(row) or ("anonymous", sum(1 for k in out if k[0] == "anonymous"))
        if identity in out or not isinstance(row, dict):
            return None
        out[identity] = row
    return out


def _cells(was: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any] | tuple[Any, ...]:
    """One row changed on both sides: each cell (each language's wording) from the side that changed it; else the
    path of a cell both changed differently (or one replaced a cell whole while the other changed within it)."""
    ours, others = document_diff(was, mine), document_diff(was, theirs)
    for path in ours:
        for other in others:
            short = min(path, other, key=len)
            if other[: len(short)] == path[: len(short)] and not (short in ours and short in others and ours[short][1] == others[short][1]):
                return short
    merged = copy.deepcopy(theirs)
    for path, (_old, new) in sorted(ours.items(), key=lambda item: len(item[0])):
        ops._set(merged, path, new)  # (the patch's own setter: a cell taken away is popped)
    return merged


def merge_rows(was: list[Any], mine: list[Any], theirs: list[Any], *, back: bool = False) -> list[Any] | None:
    """The rows ``theirs`` (stored) with what changed from ``was`` to ``mine`` (this write) applied row by row; None
    when that is a real conflict (asked) or a row has no identity. A row added here goes after the rows they added
    at its place (yours after theirs); ``back``: an undo or redo puts a row back where it stood, right after the row it
    followed, before rows added there since (a colleague's row added after yours, while yours was there or once it
    was taken back, came later: a redo of the typing in yours then finds the table as that typing left it)."""
    merged = _merge(was, mine, theirs, back)
    return merged if isinstance(merged, list) else None


def clash(was: list[Any], mine: list[Any], theirs: list[Any]) -> Clash | None:
    """Where :func:`merge_rows` finds a real conflict (None: it merges, or a row has no identity)."""
    found = _merge(was, mine, theirs, False)
    return found if isinstance(found, Clash) else None


def _merge(was: list[Any], mine: list[Any], theirs: list[Any], back: bool) -> list[Any] | Clash | None:
    base, ours, others = _keyed(was), _keyed(mine), _keyed(theirs)
    if base is None or ours is None or others is None:
        return None
    if len({sum(1 for k in side if k[0] == "anonymous") for side in (base, ours, others)}) > 1:
        return None  # a row without a key added or removed: which is which is not known
    for side in (ours, others):  # a row moved on either side: asked
        kept = [k for k in side if k in base]
        if kept != [k for k in base if k in side]:
            return Clash()
    rows: dict[Identity, Any] = {}
    for at, (identity, row) in enumerate(others.items()):
        if identity not in base:
            if identity in ours and ours[identity] != row:
                return Clash(at)  # the same row added on both sides, differently
            rows[identity] = row
            continue
        old, new = base[identity], ours.get(identity)
        if new == old or new == row:
            rows[identity] = row
        elif new is None:
            if row != old:
                return Clash(at)  # removed here, edited there
        else:
            if row != old:
                cells = _cells(old, new, row) if isinstance(new, dict) and isinstance(row, dict) else ()
                if not isinstance(cells, dict):
                    return Clash(at, str(cells[0]) if cells else None)
                new = cells
            rows[identity] = new
    # a row edited here that they removed: asked
    if any(identity in base and identity not in others and ours[identity] != base[identity] for identity in ours):
        return Clash()
    order = list(rows)
    previous: Identity | None = None
    for identity in ours:
        if identity not in base and identity not in others:
            at = order.index(previous) + 1 if previous in rows else 0
            while not back and at < len(order) and order[at] not in base and order[at] not in ours:
                at += 1  # after the rows they added there: yours after theirs
            order.insert(at, identity)
            rows[identity] = ours[identity]
        if identity in rows:
            previous = identity
    return [rows[identity] for identity in order]
