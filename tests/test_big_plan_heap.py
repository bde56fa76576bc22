"""A big plan's objects are kept out of the garbage collector's full passes once it is painted.

Measured on the 5,050-task plan (tests/test_breaker48g.py's): a cell edit's longest UI-thread block was 30 ms, but
every few edits or undos a full collection ran in it and scanned every object alive (the plan's tasks, their
roll-ups, the model's rows): 100-140 ms, the edit and undo figures of 125-264 ms in break-it 48g's hunt. A second
after a big plan's first paint the window collects once and freezes what is alive (``gc.freeze``): eight edits and
undos after it, each 29-35 ms. A small plan (the demo) is left as it was.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtWidgets import QApplication

from app.ui import tasks
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker48g import make_plan


def painted_and_settled(window, seconds: float) -> None:
    window.show_page("wbs")
    window.resize(1200, 800)
    window.show()
    settle(window)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def test_a_big_plans_tasks_leave_the_collectors_full_passes_once_painted(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tasks, "BIG_HEAP", 300)  # (a plan of 300 tasks stands for thousands: the same path, quicker)
    db = tmp_path / "big.sqlite3"
    window = make_window(qtbot, db, global_lang="ja")  # the demo first (a first start)
    close_window(window)
    pid = make_plan(db, 300)
    window = make_window(qtbot, db, global_lang="ja", global_project=str(pid))
    try:
        painted_and_settled(window, tasks.SETTLE_HEAP_MS / 1000 + 0.5)
        plan = window.page("wbs").model.tree
        assert len(plan.tasks) >= 300
        collected = {id(o) for o in gc.get_objects()}  # what the collector's passes scan (frozen objects are not)
        assert gc.get_freeze_count() > 0
        assert not any(id(task) in collected for task in plan.tasks.values())
    finally:
        close_window(window)


def test_a_small_plan_is_left_to_the_collector(qtbot, db_path) -> None:
    gc.unfreeze()
    window = make_window(qtbot, db_path, global_lang="ja")  # the demo: 82 tasks
    try:
        painted_and_settled(window, tasks.SETTLE_HEAP_MS / 1000 + 0.5)
        assert gc.get_freeze_count() == 0
    finally:
        close_window(window)
