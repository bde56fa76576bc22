"""The Excel WBS of the largest plan a project file holds (10,000 tasks; 10,100 with their groups) with a Gantt of the most weeks
the export draws (80) comes back: the import's limits admit every sheet its own export writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.core.projects import ProjectService
from app.wbs.files.sheet_import import read_plan
from app.wbs.files.xlsx import MAX_WEEKS, export_wbs_xlsx
from app.wbs.service import WbsService
from tests.bench_wbs import build_tasks


def test_a_10000_task_plan_over_80_weeks_exported_reads_back_unchanged(workspace, tmp_path: Path) -> None:
    project = ProjectService(workspace.db).create("大規模案件", lang="ja", start_date=dt.date(2026, 4, 6))
    tasks = build_tasks(10_000)
    first, last = dt.date(2026, 4, 6), dt.date(2026, 4, 6) + dt.timedelta(weeks=MAX_WEEKS + 10)
    leaves = [i for i, t in tasks.items() if not any(o.parent_id == i for o in tasks.values())]
    tasks[leaves[0]] = tasks[leaves[0]].model_copy(update={"start": first, "finish": first})
    tasks[leaves[-1]] = tasks[leaves[-1]].model_copy(update={"start": last, "finish": last})
    WbsService(workspace.db).apply_snapshot(project.id, tasks)
    out = export_wbs_xlsx(workspace, project.id, tmp_path / "wbs.xlsx", "ja")
    plan = read_plan(workspace, project.id, out)
    assert not plan.changed and not plan.added and plan.unchanged == len(tasks)


def test_a_phase_totalling_over_1000_person_days_comes_back_unchanged(workspace, tmp_path: Path) -> None:
    """A summary row's estimate is its sub-tasks' sum: past the 1,000 person-days a task may hold in a big phase.
    It was read (and refused: out of range) though the import never takes a summary's rolled-up cells."""
    project = ProjectService(workspace.db).create("大規模案件", lang="ja", start_date=dt.date(2026, 4, 6))
    tasks = build_tasks(30)
    leaves = [i for i, t in tasks.items() if not any(o.parent_id == i for o in tasks.values())]
    for task_id in leaves:
        tasks[task_id] = tasks[task_id].model_copy(update={"estimate_days": 600.0})
    WbsService(workspace.db).apply_snapshot(project.id, tasks)
    out = export_wbs_xlsx(workspace, project.id, tmp_path / "wbs.xlsx", "ja")
    plan = read_plan(workspace, project.id, out)
    assert not plan.changed and not plan.added and plan.unchanged == len(tasks)
