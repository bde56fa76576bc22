"""Totals and checks of the monitoring plan and the operations tasks (pure).

A monitoring row is only useful when it says what is watched, when it fires and what happens
then; an operations task is only agreed when it has an owner and a frequency. Rows missing
those are reported, and the totals say who carries the operations.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from app.system_planning.capacity import Flag, Severity

MONITORING_REQUIRED = ("target", "metric", "threshold", "alert", "response")
OPERATIONS_REQUIRED = ("task", "frequency", "owner")
OWNERS = ("customer", "vendor", "us")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row_flags(rows: list[dict[str, Any]] | None, required: tuple[str, ...]) -> list[Flag]:
    """Row numbers as the user sees them in the table (blank rows count, they are not reported)."""
    flags = []
    for n, row in enumerate(rows or [], start=1):
        if not non_empty([row]):
            continue
        missing = [c for c in required if _blank(row.get(c))]
        if missing:
            flags.append(Flag("row_missing", Severity.MISSING, {"row": n, "fields": missing}))
    return flags


@dataclass(frozen=True)
class MonitoringSummary:
    rows: int
    by_target: dict[str, int]
    human_in_the_loop: int
    human_labelling: int
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class OperationsSummary:
    rows: int
    by_owner: dict[str, int]
    unassigned: int
    flags: tuple[Flag, ...]


def non_empty(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Rows with at least one cell filled (a freshly added blank row is not a row yet)."""
    return [r for r in rows or [] if any(not _blank(v) for v in r.values())]


def monitoring_summary(table: list[dict[str, Any]] | None) -> MonitoringSummary:
    rows = non_empty(table)
    targets = Counter(str(r["target"]) for r in rows if not _blank(r.get("target")))
    return MonitoringSummary(
        rows=len(rows),
        by_target=dict(targets),
        human_in_the_loop=sum(1 for r in rows if r.get("human_in_the_loop") is True),
        human_labelling=sum(1 for r in rows if r.get("detection") == "human_labelling"),
        flags=tuple(_row_flags(table, MONITORING_REQUIRED)),
    )


def operations_summary(table: list[dict[str, Any]] | None) -> OperationsSummary:
    rows = non_empty(table)
    owners = Counter(str(r["owner"]) for r in rows if r.get("owner") in OWNERS)
    return OperationsSummary(
        rows=len(rows),
        by_owner={owner: owners.get(owner, 0) for owner in OWNERS},
        unassigned=sum(1 for r in rows if r.get("owner") not in OWNERS),
        flags=tuple(_row_flags(table, OPERATIONS_REQUIRED)),
    )
