"""The hearing: the checklist, answers and their history, sessions, the hearing sheet out and back in, minutes.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.hearing.answers import AnswerService, due_date
    from app.hearing.checklist import order_note, order_warning, walk
    from app.hearing.formats import format_cell, format_value, renamed_rows, row_keys, table_rows
    from app.hearing.model import (
        Answer,
        AnswerStatus,
        HistoryEntry,
        HypothesisState,
        cell_error,
        is_empty,
        lf_lines,
        normalize_value,
        status_label,
        typed_cell,
        without_unit,
    )
    from app.hearing.sessions import SessionService
    from app.hearing.sheet_cells import shown_value

_PUBLIC = {
    "AnswerService": "app.hearing.answers",
    "due_date": "app.hearing.answers",
    "walk": "app.hearing.checklist",
    "order_note": "app.hearing.checklist",  # a PoC end before its start, as documents say it
    "order_warning": "app.hearing.checklist",  # ... and as the Hearing page says it under either date
    "Answer": "app.hearing.model",
    "HistoryEntry": "app.hearing.model",
    "AnswerStatus": "app.hearing.model",
    "HypothesisState": "app.hearing.model",
    "cell_error": "app.hearing.model",
    "format_cell": "app.hearing.formats",
    "format_value": "app.hearing.formats",
    "is_empty": "app.hearing.model",
    "lf_lines": "app.hearing.model",  # line breaks as an answer stores them (\n)
    "normalize_value": "app.hearing.model",
    "status_label": "app.hearing.model",
    "renamed_rows": "app.hearing.formats",  # which rows of a table answer were renamed between two values
    "row_keys": "app.hearing.formats",  # a table's rows by name: what other documents key their cells by
    "table_rows": "app.hearing.formats",
    "typed_cell": "app.hearing.model",
    "without_unit": "app.hearing.model",
    "SessionService": "app.hearing.sessions",
    "shown_value": "app.hearing.sheet_cells",  # a cell's number or date as Excel shows it (the WBS sheet's text columns too)
}
__all__ = [
    "Answer",
    "HistoryEntry",
    "AnswerService",
    "AnswerStatus",
    "HypothesisState",
    "SessionService",
    "cell_error",
    "due_date",
    "format_cell",
    "format_value",
    "is_empty",
    "lf_lines",
    "normalize_value",
    "order_note",
    "order_warning",
    "renamed_rows",
    "row_keys",
    "shown_value",
    "status_label",
    "table_rows",
    "typed_cell",
    "walk",
    "without_unit",
]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(name, name=name)  # not public: import it from its module inside the feature
    return getattr(importlib.import_module(_PUBLIC[name]), name)
