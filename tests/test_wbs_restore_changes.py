"""Writing back tasks when the stored state is known (a schedule and every WBS undo): only the
changed columns and links are written, and the result is exactly what a full rewrite gives."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.projects import ProjectService
from app.wbs import store
from app.wbs.model import Dependency, Status, Task, TaskOrigin
from app.wbs.service import WbsService
from tests.bench_wbs import build_tasks


@pytest.fixture
def workspace(any_workspace):
    """On SQLite and on PostgreSQL (the changed columns go to the driver as each one binds them)."""
    return any_workspace


@pytest.fixture
def plan(workspace):
    pid = ProjectService(workspace.db).create("restore", lang="ja").id
    WbsService(workspace.db).apply_snapshot(pid, build_tasks(30))
    return pid


def stored(workspace, pid) -> dict[int, Task]:
    with workspace.db.session() as s:
        return {t.id: t for t in store.load_tasks(s, pid)}


def edits(tasks: dict[int, Task]) -> dict[int, Task | None]:
    """One change of each kind: dates, status, origin, links, title and place, a task removed, one added."""
    leaves = [t for t in tasks.values() if t.parent_id is not None and not any(k.parent_id == t.id for k in tasks.values())]
    a, b, c, d, e, gone = leaves[:6]
    return {
        a.id: a.replaced(start=dt.date(2026, 5, 1), finish=dt.date(2026, 5, 8)),
        b.id: b.replaced(status=Status.DONE),
        c.id: c.replaced(origin=TaskOrigin(rule_id="r1", answers=[{"item": "x", "value": "y"}])),
        d.id: d.replaced(dependencies=[Dependency(predecessor_id=a.id, lag_days=2), Dependency(predecessor_id=b.id)]),
        e.id: e.replaced(title="新しい名前", parent_id=a.parent_id, position=99, notes="メモ"),
        gone.id: None,
    }


def test_only_changes_are_written_and_the_result_equals_a_full_rewrite(workspace, plan) -> None:
    original = stored(workspace, plan)
    target = edits(original)
    before = {i: original.get(i) for i in target}
    with workspace.db.session() as s:
        store.restore(s, plan, target, stored=before)
    changed = stored(workspace, plan)
    for task_id, task in target.items():
        assert changed.get(task_id) == task
    assert {i: t for i, t in changed.items() if i not in target} == {i: t for i, t in original.items() if i not in target}

    # and back, as an undo does (the gone task comes back with its links)
    with workspace.db.session() as s:
        store.restore(s, plan, before, stored={i: changed.get(i) for i in before})
    assert stored(workspace, plan) == original


def test_a_schedule_then_its_undo_gives_back_every_date(workspace, plan) -> None:
    from app.core.operations import run
    from app.wbs.operations import wbs_op
    from app.wbs.schedule import schedule

    original = stored(workspace, plan)
    change = run(workspace, wbs_op(plan, lambda ws: schedule(ws, plan, dt.date(2026, 4, 6))))
    scheduled = stored(workspace, plan)
    assert scheduled != original and all(t.start is not None for t in scheduled.values())
    change.restore(workspace, change.before, change.after)
    assert stored(workspace, plan) == original
