"""breaker48b: Undo / Redo of a big step made on a worker (app/ui/window/step_worker.py), as a demanding
Japanese consultant (window in Japanese, widgets by objectName). BIG_STEP is lowered to 5 so the demo's 82 tasks
are a big step and the worker is slowed (as tests/test_big_step_worker.py does) to see what happens meanwhile;
a real 6,000-task plan (tests/bench_wbs.py build_tasks + apply_snapshot) was tried too.

Tried and held: Undo pressed again meanwhile (the action greyed, the call a no-op); a real 6,000-task notes step
undone on the worker in ~0.7 s, Undo returning at once; typing a proposal section meanwhile: kept as a draft
(on disk at once) and saved after; closing the window while the step is stored: no question, the typing on
disk, the step made; a UI language switch meanwhile: Undo/Redo greyed in the rebuilt menus, the result shown
after in the rebuilt page, Redo's text in the new language; a process killed with SIGKILL inside the undo's
transaction (store.restore written, not committed): at the restart every task still has the step's value
(not made at all, nothing half-made), no error said (test removed after: 6 s, over the 2 s budget).

Observed, no test (design): every UI-thread read waits on the one connection's lock (Database._in_use) the
worker's transaction holds: with a 3 s transaction, showing the hearing page took 2.75 s (a real 6,000-task
undo: the page switch 0.39 s) — the window goes on only while it reads nothing.

Broke (strict xfails first, each fixed since: Undo and Redo wait, greyed, while any operation of the window runs on a
worker; a refused or busy step is stepped back or dropped only where the step left it, else it waits and is made
from its change; the WBS page's buttons stay off after a reload or a rebuild while a step is stored):
- a big Redo pressed while a schedule runs, refused (佐藤 changed a task since) after the schedule landed:
  StepWorker._failed calls QUndoStack.undo on whatever is on top, so the user's schedule is undone without
  asking and the refused step stays on the stack as done (stack out of step with the data); the same
  step_back_later on a busy database would step back the wrong command;
- Undo of a big step pressed while a schedule runs: the schedule ends first and its _set_busy(False) turns the
  WBS page's editing and its Schedule / Generate / Import buttons back on while the step is still stored;
- a UI language switch while the step is stored: the rebuilt WBS page starts not busy, table and buttons on;
- Undo of a big step, then another project opened while it is stored, the database busy: the undo is dropped
  without a word (StepWorker._failed returns when the stack was cleared), neither made nor waiting nor said.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from app.ui.operations import run_op
from app.ui.window import step_worker
from app.wbs.operations import wbs_op
from app.wbs.service import WbsService
from tests.gui_helpers import make_window, settle, two_windows
from tests.test_big_step_worker import NOTE, note_every_task, stored_notes
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401

DELAY = {"worker": 1.0, "schedule": 4.0}


@pytest.fixture
def big(monkeypatch):
    """Steps of 5 tasks or more are big; the worker takes DELAY["worker"] s longer."""
    monkeypatch.setattr(step_worker, "BIG_STEP", 5)
    monkeypatch.setitem(DELAY, "worker", 1.0)
    monkeypatch.setitem(DELAY, "schedule", 4.0)
    real = step_worker._run

    def slow(ws, op, project_id=None):
        time.sleep(DELAY["worker"])
        return real(ws, op, project_id)

    monkeypatch.setattr(step_worker, "_run", slow)


def wbs_window(qtbot, db_path):
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    return window


def wait_step(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=15000)
    settle(window)


@pytest.fixture
def slow_schedule(monkeypatch):
    """The schedule takes DELAY["schedule"] s longer (a big plan)."""
    from app.wbs import schedule as schedule_module

    real = schedule_module.schedule

    def slow(ws, pid, *a, **k):
        time.sleep(DELAY["schedule"])
        return real(ws, pid, *a, **k)

    monkeypatch.setattr(schedule_module, "schedule", slow)


def leaf_not_done(tree):
    return next(t for t in tree.walk() if not tree.has_children(t.id) and t.estimate_days and str(t.status) not in ("done", "Status.DONE"))


def test_a_big_redo_refused_after_a_schedule_landed_meanwhile_leaves_the_schedule_made(qtbot, db_path, monkeypatch, big, slow_schedule, said) -> None:
    DELAY["worker"], DELAY["schedule"] = 2.0, 0.3
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        note_every_task(a)
        a.undo_action.trigger()
        wait_step(qtbot, a)
        stack, page, pid = a.state.undo_stack, a.page("wbs"), a.state.project_id
        # 佐藤 (window B) writes a note on one task and lengthens it: A's redo is stale, A's schedule has work.
        b.page("wbs").reload()
        settle(b)
        task = leaf_not_done(b.page("wbs").model.tree)
        run_op(b.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], notes="佐藤さんのメモ", estimate_days=task.estimate_days + 7)), lambda: "メモ")
        settle(b)
        settle(a)
        before = {i: (t.start, t.finish) for i, t in WbsService(a.state.workspace.db).tree(pid).tasks.items()}
        qtbot.mouseClick(page.schedule_button, Qt.MouseButton.LeftButton)  # 山田 schedules...
        a.redo_action.trigger()  # ... and presses Redo of the big step while it runs
        qtbot.waitUntil(lambda: not stack.worker.running and not page.busy, timeout=20000)
        settle(a)
        wait_step(qtbot, a)
        after = WbsService(a.state.workspace.db).tree(pid)
        assert stored_notes(a)[task.id] == "佐藤さんのメモ"  # the redo refused: theirs kept
        texts = [stack.text(i) for i in range(stack.count())]
        moved = sum(before[i] != (t.start, t.finish) for i, t in after.tasks.items())
        # The schedule the user pressed is made and stays the last step; the refused redo dropped.
        assert moved > 0, "the schedule was undone without the user asking"
        assert stack.index() == stack.count() and texts[-1] == "スケジュール", (stack.index(), texts)
        assert "一括メモ" not in texts, texts


def test_undo_pressed_while_a_schedule_runs_waits_and_nothing_is_undone_under_it(qtbot, db_path, big, slow_schedule, said) -> None:
    """(Written first as: the WBS page's editing came back on when a schedule ended while a big undo pressed
    during it was still stored. Undo and Redo now wait, greyed, while any operation of the window runs.)"""
    DELAY["worker"], DELAY["schedule"] = 1.0, 1.0
    window = wbs_window(qtbot, db_path)
    page, stack = window.page("wbs"), window.state.undo_stack
    note_every_task(window)
    count = stack.count()
    qtbot.mouseClick(page.schedule_button, Qt.MouseButton.LeftButton)
    assert page.busy and not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    window.undo_action.trigger()
    stack.undo()  # (the interview's keys and the large editor call the stack itself)
    assert not stack.worker.running and stack.index() == count
    qtbot.waitUntil(lambda: not page.busy, timeout=15000)
    settle(window)
    assert set(stored_notes(window).values()) == {NOTE}  # nothing undone under the schedule
    assert window.undo_action.isEnabled() and page.tree.isEnabled() and page.schedule_button.isEnabled()


def test_after_a_language_switch_meanwhile_the_wbs_page_stays_off_until_the_step_is_stored(qtbot, db_path, big, said) -> None:
    DELAY["worker"] = 2.0
    window = wbs_window(qtbot, db_path)
    stack = window.state.undo_stack
    notes = note_every_task(window)
    window.undo_action.trigger()
    assert stack.worker.running
    window.set_ui_lang("en")
    page = window.page("wbs")
    seen = (stack.worker.running, page.busy, page.tree.isEnabled(), page.schedule_button.isEnabled(), window.undo_action.isEnabled())
    wait_step(qtbot, window)
    page = window.page("wbs")
    assert {i: t.notes for i, t in page.model.tree.tasks.items()} == notes == stored_notes(window)
    assert seen == (True, True, False, False, False), f"(running, page busy, table, schedule button, Undo) = {seen!r}"


def test_a_big_undo_not_made_after_a_project_switch_is_said_or_made_later(qtbot, db_path, big, said, short_busy) -> None:  # noqa: F811
    window = wbs_window(qtbot, db_path)
    stack, pid = window.state.undo_stack, window.state.project_id
    notes = note_every_task(window)
    other = window.state.projects.create("別案件").id
    problems: list[str] = []
    window.state.problem.connect(problems.append)
    lock = hold_write_lock(db_path)
    try:
        window.undo_action.trigger()  # 山田 undoes the big step ...
        assert stack.worker.running
        window.open_project(other)  # ... and opens the other project while it is stored
        qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)  # (not settled: a step may wait, retried every 2 s)
    finally:
        release(lock)
    window.open_project(pid)
    settle(window)
    time.sleep(2.5)  # (a step kept waiting is tried again every 2 s)
    settle(window)
    made = stored_notes(window) == notes
    words = " ".join(problems + said)
    assert made and "使用中" in words, ("said and made once the database is free", made, problems, said)

