"""The WBS: tasks with priorities and completion conditions, generated from the hearing, scheduled, exported and imported.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.wbs.checks import totals
    from app.wbs.plan import PlanTask, plan_tasks
    from app.wbs.service import WbsService

_PUBLIC = {
    "totals": "app.wbs.checks",
    "PlanTask": "app.wbs.plan",
    "plan_tasks": "app.wbs.plan",
    "WbsService": "app.wbs.service",
}
__all__ = ["PlanTask", "WbsService", "plan_tasks", "totals"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
