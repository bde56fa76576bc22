"""The WBS as other features read it (proposal effort, wiki ticket rules, system plan).

A read-only view flattened in outline order. A summary task (one with sub-tasks) carries
``estimate_days=None`` so that summing estimates over all tasks counts each leaf once; its start
and finish span its sub-tasks. Until a project has a WBS, ``plan_tasks`` returns an empty list
and documents fall back to what the user typed. A document in a language names the tasks in it:
the texts the app wrote in that language, what the user typed as typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from app.wbs.catalog import catalog, worded_tree
from app.wbs.model import Task
from app.wbs.service import WbsService

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace


@dataclass(frozen=True)
class PlanTask:
    """One WBS task, flattened in outline order: fields of :class:`~app.wbs.model.Task` by the same name
    (a summary's estimate, dates and status as it rolls them up), with its outline code and level."""

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


# PlanTask's fields that are the task's own (the others are its place in the outline).
_SHARED = tuple(f.name for f in fields(PlanTask) if f.name in Task.model_fields)


def plan_tasks(ws: Workspace, project_id: int, lang: Lang | None = None) -> list[PlanTask]:
    """The project's WBS tasks in outline order ([] when it has none); with ``lang``, as a document in it
    names them (:meth:`~app.wbs.catalog.Catalog.worded`)."""
    tree = WbsService(ws.db).tree(project_id)
    if lang is not None and tree.tasks:
        tree = worded_tree(tree, catalog(ws.library), lang)
    result = []
    for task in tree.walk():
        rolled = tree.rollup(task.id)
        values = {name: getattr(task, name) for name in _SHARED}
        values |= {
            "outline": tree.codes[task.id],
            "level": tree.depths[task.id],
            "estimate_days": None if tree.has_children(task.id) else task.estimate_days,
            "start": rolled.start,
            "finish": rolled.finish,
            "status": rolled.status.value,
        }
        result.append(PlanTask(**values))
    return result
