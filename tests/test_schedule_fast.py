"""The scheduler over the precomputed working-day calendar gives the dates the first one gave.

The reference below is the scheduler as it was written first: a walk over the days, asking the
``holidays`` package about each one, in the order of :func:`app.wbs.checks.topological`.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import holidays
import pytest

from app.core.errors import ValidationFailed
from app.wbs.checks import topological
from app.wbs.model import Dependency, Status, Task, WbsTree
from app.wbs.schedule import compute, project_start
from app.wbs.service import WbsService
from app.wbs.workdays import holidays_between, is_working_day, next_working_day, shift_working_days

JAPAN = holidays.country_holidays("JP")


def _working(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in JAPAN


def _next(day: dt.date) -> dt.date:
    while not _working(day):
        day += dt.timedelta(days=1)
    return day


def _shift(day: dt.date, n: int) -> dt.date:
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if _working(day):
            remaining -= 1
    return day


def _duration(task: Task) -> int:
    if task.milestone:
        return 0
    return 1 if task.estimate_days is None else max(1, math.ceil(task.estimate_days - 1e-9))


def reference(tree: WbsTree, start: dt.date) -> dict[int, tuple[dt.date, dt.date]]:
    order, cycle = topological(tree)
    assert not cycle
    first = _next(start)
    earliest: dict[int, dt.date] = {}
    finish: dict[int, dt.date] = {}
    begin: dict[int, dt.date] = {}
    ends: dict[int, int] = {}  # a milestone's place in its day: 0 its beginning, 1 its end (after work)
    for task_id, kind in order:
        task = tree.tasks[task_id]
        fixed = task.status == Status.DONE and task.start and task.finish and not tree.has_children(task_id)
        if kind == "s":
            milestone = task.milestone and not tree.has_children(task_id)
            candidates = [(first, 0)]
            if task.not_before:
                candidates.append((task.not_before, 0))
            if task.parent_id in earliest:
                candidates.append((earliest[task.parent_id], 0))
            for dep in task.dependencies:
                if dep.predecessor_id not in finish:
                    continue
                end = ends.get(dep.predecessor_id, 1)
                if milestone:
                    candidates.append((_shift(finish[dep.predecessor_id], dep.lag_days), end))
                else:
                    candidates.append((_shift(finish[dep.predecessor_id], end + dep.lag_days), 0))
            day, end = max(candidates)
            if milestone:
                ends[task_id] = 0 if fixed else end
            earliest[task_id] = day if milestone else _next(day)
            begin[task_id] = task.start if fixed and task.start else earliest[task_id]
        elif tree.has_children(task_id):
            kids = tree.kids(task_id)
            begin[task_id] = min(begin[k] for k in kids)
            finish[task_id] = max(finish[k] for k in kids)
        elif fixed and task.finish:
            finish[task_id] = task.finish
        else:
            days = _duration(task)
            finish[task_id] = begin[task_id] if days == 0 else _shift(begin[task_id], days - 1)
    return {i: (begin[i], finish[i]) for i in tree.tasks}


def random_tree(n: int, seed: int, start: dt.date) -> WbsTree:
    """An outline of ``n`` tasks with links (lags -3 .. 5 days), not-before dates, milestones and
    done tasks; a link only runs from a task whose whole branch comes earlier in the outline, so
    there is no cycle."""
    rnd = random.Random(seed)
    tasks = []
    for i in range(1, n + 1):
        parent = rnd.randrange(max(1, i - 40), i) if i > 1 and rnd.random() < 0.7 else None
        done = rnd.random() < 0.05
        began = start + dt.timedelta(days=rnd.randrange(200)) if done else None
        tasks.append(Task(
            id=i, uid=i, parent_id=parent, position=rnd.randrange(5), title=f"T{i}",
            estimate_days=rnd.choice([None, 0, 0.5, 1, 2, 3, 5.5, 20]), milestone=rnd.random() < 0.05,
            status=Status.DONE if done else Status.NOT_STARTED, start=began,
            finish=began + dt.timedelta(days=rnd.randrange(9)) if began else None,
            not_before=start + dt.timedelta(days=rnd.randrange(-20, 400)) if rnd.random() < 0.1 else None,
        ))
    tree = WbsTree.build(tasks)
    order = [t.id for t in tree.walk()]
    place = {t: n for n, t in enumerate(order)}
    end = dict(place)  # the outline place of the last task of each branch
    for task_id in reversed(order):
        parent = tree.tasks[task_id].parent_id
        if parent is not None:
            end[parent] = max(end[parent], end[task_id])
    linked = []
    for task in tree.tasks.values():
        at = place[task.id]
        pool = [order[j] for j in range(max(0, at - 60), at) if end[order[j]] < at]
        chosen = rnd.sample(pool, min(len(pool), rnd.choice([0, 1, 1, 2, 3])))
        deps = [Dependency(predecessor_id=p, lag_days=rnd.choice([0, 0, 1, 2, 5, -1, -3])) for p in chosen]
        linked.append(task.model_copy(update={"dependencies": deps}))
    return WbsTree.build(linked)


def test_the_calendar_answers_as_the_holidays_package_does() -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randrange(-3000, 6000))
        n = rnd.randrange(-500, 900)
        assert is_working_day(day) == _working(day), day
        assert next_working_day(day) == _next(day), day
        assert shift_working_days(day, n) == _shift(day, n), (day, n)
    first, last = dt.date(2019, 1, 1), dt.date(2031, 12, 31)
    assert holidays_between(first, last) == sorted((d, JAPAN.get(d)) for d in JAPAN if first <= d <= last)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_plan_gets_the_dates_of_the_first_scheduler(seed: int) -> None:
    start = dt.date(2026, 4, 25)  # a Saturday before Golden Week
    tree = random_tree(1500, seed, start)
    assert sum(len(t.dependencies) for t in tree.tasks.values()) > 1000
    assert compute(tree, start) == reference(tree, start)


def test_the_demo_gets_the_dates_of_the_first_scheduler(workspace, demo) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    start = project_start(workspace, demo.id)
    assert len(tree.tasks) > 50
    for day in (start, dt.date(2026, 12, 28), dt.date(2027, 4, 29)):  # over the new year, over Golden Week
        assert compute(tree, day) == reference(tree, day)


def test_a_cycle_is_still_named_by_its_codes() -> None:
    a = Task(id=1, uid=1, title="A", position=0, dependencies=[Dependency(predecessor_id=2)])
    b = Task(id=2, uid=2, title="B", position=1, dependencies=[Dependency(predecessor_id=1)])
    with pytest.raises(ValidationFailed) as raised:
        compute(WbsTree.build([a, b]), dt.date(2026, 4, 1))
    assert raised.value.params["codes"] in ("1 → 2", "2 → 1")


def test_a_schedule_is_one_change_whose_after_is_what_is_stored_and_undo_gives_the_plan_back(workspace, demo) -> None:
    """The plan is read once in the writing transaction: the change's "after" must still be exactly
    the stored rows (undo and redo compare with them to find another writer's edits)."""
    from app.core import operations as ops
    from app.wbs import operations as wbs_ops
    from app.wbs.schedule import schedule

    service = WbsService(workspace.db)
    blank = {t.id: t.model_copy(update={"start": None, "finish": None}) for t in service.tree(demo.id).walk()}
    service.apply_snapshot(demo.id, blank)
    plan = service.snapshot(demo.id, blank)
    change = schedule(workspace, demo.id)
    assert change.after and all(t is not None and t.start and t.finish for t in change.after.values())
    assert service.snapshot(demo.id, change.after) == change.after
    ops.run(workspace, ops.undo_op(wbs_ops.wbs_change(change, demo.id)))
    assert service.snapshot(demo.id, blank) == plan
