"""The WBS: tasks with priorities and completion conditions, generated from the hearing, scheduled, exported and imported.

Other features use it only through the names below (tests/test_layers.py checks), imported
when first used so that the CLI's parser stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.wbs.catalog import catalog as wbs_catalog
    from app.wbs.catalog import check_rules, worded_fields, worded_tree
    from app.wbs.checks import totals
    from app.wbs.model import Task, WbsTree, field_name
    from app.wbs.plan import PlanTask, plan_tasks
    from app.wbs.schedule import calendar_of
    from app.wbs.service import WbsService
    from app.wbs.workdays import NATIONAL, Calendar

_PUBLIC = {
    "wbs_catalog": "app.wbs.catalog:catalog",  # the WBS content in force (not the module's name: it is bound on import)
    "check_rules": "app.wbs.catalog",
    "worded_tree": "app.wbs.catalog",  # a tree as a document in a language names its tasks
    "worded_fields": "app.wbs.catalog",  # a task kept as a dict (a baseline's) so too
    "totals": "app.wbs.checks",
    "field_name": "app.wbs.model",
    "WbsTree": "app.wbs.model",
    "Task": "app.wbs.model",
    "PlanTask": "app.wbs.plan",
    "plan_tasks": "app.wbs.plan",
    "WbsService": "app.wbs.service",
    "calendar_of": "app.wbs.schedule",  # the working days the WBS is scheduled on (national and company holidays off)
    "Calendar": "app.wbs.workdays",
    "NATIONAL": "app.wbs.workdays",  # national holidays alone
}
__all__ = ["NATIONAL", "Calendar", "PlanTask", "Task", "WbsService", "WbsTree", "calendar_of", "check_rules", "field_name", "plan_tasks",
           "totals", "wbs_catalog", "worded_fields", "worded_tree"]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(name, name=name)  # not public: import it from its module inside the feature
    module, _, attr = _PUBLIC[name].partition(":")
    return getattr(importlib.import_module(module), attr or name)
