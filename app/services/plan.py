"""The project plan as other features read it (proposal effort, wiki ticket rules, system plan).

This is the read-only view of the WBS that documents use. The WBS feature provides it by
registering a provider (``register_provider``) from its own module; until a project has a WBS,
``plan_tasks`` returns an empty list and documents fall back to what the user typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.workspace import Workspace


@dataclass(frozen=True)
class PlanTask:
    """One WBS task, flattened in outline order."""

    outline: str  # "1", "1.2", "1.2.3"
    title: str
    phase: str  # proposal | planning | experiment | data_platform | ci | system_planning | user-defined
    priority: str  # the scale's key, e.g. must | should | could | wont
    completion_condition: str
    expected_output: str
    owner_role: str  # mlops | ds | pm | customer | ...
    owner_name: str
    estimate_days: float | None
    start: dt.date | None
    finish: dt.date | None
    milestone: bool
    status: str  # not_started | in_progress | done | on_hold
    agreed: bool
    level: int  # 1 for top-level tasks


_providers: list[Callable[[Workspace, int], list[PlanTask]]] = []


def register_provider(provider: Callable[[Workspace, int], list[PlanTask]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def plan_tasks(ws: Workspace, project_id: int) -> list[PlanTask]:
    """The project's WBS tasks in outline order ([] when it has none)."""
    from app.services.plugins import modules_with_suffix

    modules_with_suffix("_plan")  # a feature's <name>_plan.py registers its provider on import
    for provider in _providers:
        tasks = provider(ws, project_id)
        if tasks:
            return tasks
    return []
