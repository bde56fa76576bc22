"""Scheduling forward over Japanese working days (weekends and public holidays off)."""

from __future__ import annotations

import datetime as dt

from app.hearing.answers import AnswerService
from app.wbs.model import Dependency, Status
from app.wbs.schedule import project_start, schedule
from app.wbs.service import WbsService
from app.wbs.workdays import holidays_between, is_working_day, shift_working_days
from tests.wbs_helpers import add, new_project


def test_the_calendar_knows_japanese_holidays() -> None:
    assert [day for day, _name in holidays_between(dt.date(2026, 11, 20), dt.date(2026, 11, 24))] == [dt.date(2026, 11, 23)]  # 勤労感謝の日, a Monday
    assert not is_working_day(dt.date(2026, 11, 23))
    assert not is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert shift_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 24)
    assert shift_working_days(dt.date(2027, 1, 4), -1) == dt.date(2026, 12, 31)  # 元日 and the weekend skipped


def test_schedule_skips_weekends_and_a_public_holiday(workspace) -> None:
    start = dt.date(2026, 11, 19)  # Thursday before 勤労感謝の日 (Mon 23 Nov)
    pid = new_project(workspace, start=start)
    service = WbsService(workspace.db)
    phase = add(service, pid, "Phase")
    design = add(service, pid, "Design", phase, estimate_days=3)
    build = add(service, pid, "Build", phase, estimate_days=1.5)
    review = add(service, pid, "Review", None, estimate_days=1)
    report = add(service, pid, "Report", None, milestone=True)
    service.set_dependencies(pid, build, [Dependency(predecessor_id=design)])
    service.set_dependencies(pid, review, [Dependency(predecessor_id=phase, lag_days=2)])
    service.set_dependencies(pid, report, [Dependency(predecessor_id=review)])
    change = schedule(workspace, pid)
    tree = service.tree(pid)
    dates = {tree.tasks[i].title: (tree.tasks[i].start, tree.tasks[i].finish) for i in tree.tasks}
    d = dt.date
    assert dates["Design"] == (d(2026, 11, 19), d(2026, 11, 24))  # Thu, Fri, (weekend, holiday) Tue
    assert dates["Build"] == (d(2026, 11, 25), d(2026, 11, 26))
    assert dates["Phase"] == (d(2026, 11, 19), d(2026, 11, 26))
    assert dates["Review"] == (d(2026, 12, 1), d(2026, 12, 1))  # Fri 27 and Mon 30 are the lag
    assert dates["Report"] == (d(2026, 12, 1), d(2026, 12, 1))  # a milestone sits on its predecessor's end
    # One undoable change.
    service.restore(pid, change.before)
    assert all(t.start is None for t in service.tree(pid).tasks.values())


def test_not_before_done_tasks_and_the_project_start(workspace) -> None:
    pid = new_project(workspace)
    AnswerService(workspace.db, workspace.library).update(pid, "hearing.basics.poc_start", value="2026-04-27")
    assert project_start(workspace, pid) == dt.date(2026, 4, 27)
    service = WbsService(workspace.db)
    early = add(service, pid, "Early", estimate_days=2)
    pinned = add(service, pid, "Interim", milestone=True, not_before="2026-05-11")
    done = add(service, pid, "Done", estimate_days=5, status=Status.DONE, start="2026-04-01", finish="2026-04-03")
    schedule(workspace, pid)
    tree = service.tree(pid)
    # 27 Apr Mon, 28 Apr Tue; 29 Apr is 昭和の日 and not needed; 11 May is the pinned date.
    assert (tree.tasks[early].start, tree.tasks[early].finish) == (dt.date(2026, 4, 27), dt.date(2026, 4, 28))
    assert tree.tasks[pinned].start == dt.date(2026, 5, 11)
    assert (tree.tasks[done].start, tree.tasks[done].finish) == (dt.date(2026, 4, 1), dt.date(2026, 4, 3))
