"""Readiness reviews: scored checklists (ML Test Score, MLOps maturity, QA4AI, AIST), prefill, tasks, the report.

Other features and the clients use it only through the names below (tests/test_layers.py checks),
imported when first used so that the CLI's parser stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.review.operations import (
        confirm_suggestion,
        confirm_suggestions,
        make_task,
        make_tasks,
        set_fields,
    )
    from app.review.service import review_checklists, review_view, with_document

_PUBLIC = {
    "review_checklists": "app.review.service",
    "review_view": "app.review.service",
    "with_document": "app.review.service",
    "set_fields": "app.review.operations",
    "confirm_suggestion": "app.review.operations",
    "confirm_suggestions": "app.review.operations",
    "make_task": "app.review.operations",
    "make_tasks": "app.review.operations",
}
__all__ = ["confirm_suggestion", "confirm_suggestions", "make_task", "make_tasks", "review_checklists", "review_view", "set_fields",
           "with_document"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(name, name=name)  # not public: import it from its module inside the feature
    return getattr(importlib.import_module(_PUBLIC[name]), name)
