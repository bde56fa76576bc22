"""The WBS table's columns: which task field each shows, how it is edited, and its header."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.wbs.model import field_name, table_fields


@dataclass(frozen=True)
class UiColumn:
    key: str  # the task field's name (predecessors: its dependencies)
    kind: str  # title | choice | text | number | date | check | deps | readonly
    width: int


# The task's fields the table shows, in order (app/wbs/model.py: Task, with each column).
COLUMNS: tuple[UiColumn, ...] = tuple(UiColumn(c.key or name, c.kind, c.width) for name, c in table_fields())
INDEX = {c.key: n for n, c in enumerate(COLUMNS)}
# Each shown task field's column (dependencies: the predecessors column).
COLUMN_OF = {name: c.key or name for name, c in table_fields()}
# What the table shows first, left to right (the rest follow in COLUMNS' order): in a meeting the
# customer agrees each task's completion condition, so it stays in view beside the task, not
# 1000 px to the right behind the owners and dates (which the Gantt chart shows anyway).
SHOWN_FIRST = ("title", "completion_condition", "agreed")


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


def field_header(name: str, lang: str) -> str:
    """What the page calls a task field (a conflict names it): its column's header, else its label in ``lang``."""
    column = COLUMN_OF.get(name, name)
    return header(column) if column in INDEX else field_name(name).get(lang)
