"""The WBS table's columns: which task field each shows, how it is edited, and its header (app/wbs/cells/typed.py)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from app.ui.error_text import ui_lang
from app.wbs.cells.typed import HEADERS
from app.wbs.model import ROLLED_UP_FIELDS, field_name, table_fields


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
# Each column's item flags as (a task without sub-tasks, a summary task), combined once: the view asks
# for them on every row it lays out. A task without sub-tasks says it never has any: a view then
# neither asks it for children nor keeps it expanded (expandAll kept a persistent index for each of
# 5,000 rows, which every filter's layout change carried along). A task that gains sub-tasks does so
# by a layout change, after which the view asks again. A summary task's rolled-up fields follow from
# its sub-tasks: not edited on its row.
_BASE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_CHECKABLE = _BASE | Qt.ItemFlag.ItemIsUserCheckable
_EDITABLE = _BASE | Qt.ItemFlag.ItemIsEditable
FLAGS: tuple[tuple[Qt.ItemFlag, Qt.ItemFlag], ...] = tuple(
    (
        (_CHECKABLE if c.kind == "check" else _BASE if c.kind == "readonly" else _EDITABLE) | Qt.ItemFlag.ItemNeverHasChildren,
        _CHECKABLE if c.kind == "check" else _BASE if c.kind == "readonly" or c.key in ROLLED_UP_FIELDS else _EDITABLE,
    )
    for c in COLUMNS
)
# What the table shows first, left to right (the rest follow in COLUMNS' order): in a meeting the
# customer agrees each task's completion condition, so it stays in view beside the task, not
# 1000 px to the right behind the owners and dates (which the Gantt chart shows anyway).
SHOWN_FIRST = ("title", "completion_condition", "agreed")


def header(key: str) -> str:
    """The column's header in the window's language (the core's: the command line names the columns alike)."""
    return HEADERS[key].get(ui_lang())


def field_header(name: str, lang: str) -> str:
    """What the page calls a task field (a conflict names it): its column's header, else its label in ``lang``."""
    column = COLUMN_OF.get(name, name)
    return header(column) if column in INDEX else field_name(name).get(lang)
