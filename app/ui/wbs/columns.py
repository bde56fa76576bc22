"""The WBS table's columns: which task field each shows and how it is edited."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


@dataclass(frozen=True)
class UiColumn:
    key: str  # the task field (or code / predecessors / origin)
    kind: str  # title | choice | text | number | date | check | deps | readonly
    width: int


COLUMNS: tuple[UiColumn, ...] = (
    UiColumn("title", "title", 340),
    UiColumn("priority", "choice", 70),
    UiColumn("status", "choice", 80),
    UiColumn("owner_role", "choice", 130),
    UiColumn("owner_name", "text", 80),
    UiColumn("estimate_days", "number", 60),
    UiColumn("start", "date", 90),
    UiColumn("finish", "date", 90),
    UiColumn("predecessors", "deps", 90),
    UiColumn("completion_condition", "text", 260),
    UiColumn("expected_output", "text", 200),
    UiColumn("agreed", "check", 60),
    UiColumn("phase", "choice", 120),
    UiColumn("milestone", "check", 60),
    UiColumn("not_before", "date", 90),
    UiColumn("notes", "text", 180),
    UiColumn("description", "text", 220),
    UiColumn("origin", "readonly", 260),
)
INDEX = {c.key: n for n, c in enumerate(COLUMNS)}


def header(key: str) -> str:
    labels = {
        "title": QCoreApplication.translate("WbsColumns", "WBS / Task"),
        "priority": QCoreApplication.translate("WbsColumns", "Priority"),
        "status": QCoreApplication.translate("WbsColumns", "Status"),
        "owner_role": QCoreApplication.translate("WbsColumns", "Owner role"),
        "owner_name": QCoreApplication.translate("WbsColumns", "Owner"),
        "estimate_days": QCoreApplication.translate("WbsColumns", "Days"),
        "start": QCoreApplication.translate("WbsColumns", "Start"),
        "finish": QCoreApplication.translate("WbsColumns", "Finish"),
        "predecessors": QCoreApplication.translate("WbsColumns", "Predecessors"),
        "completion_condition": QCoreApplication.translate("WbsColumns", "Completion condition"),
        "expected_output": QCoreApplication.translate("WbsColumns", "Expected output"),
        "agreed": QCoreApplication.translate("WbsColumns", "Agreed"),
        "phase": QCoreApplication.translate("WbsColumns", "Phase"),
        "milestone": QCoreApplication.translate("WbsColumns", "Milestone"),
        "not_before": QCoreApplication.translate("WbsColumns", "Not before"),
        "notes": QCoreApplication.translate("WbsColumns", "Notes"),
        "description": QCoreApplication.translate("WbsColumns", "Description"),
        "origin": QCoreApplication.translate("WbsColumns", "Why (origin)"),
    }
    return labels[key]
