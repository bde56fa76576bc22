"""A big system plan (1,000 processes: a quarter of a second to work out) is worked out on a worker, never on the
UI thread while the page opens or a process is typed; the latest request wins, a plan of a project left is dropped."""

from __future__ import annotations

import threading

import pytest

from app.hearing.answers import AnswerService
from app.system_planning import service as sp
from tests.gui_helpers import close_window, make_window, settle
from tests.test_ui_stalls42 import ROWS, grown

PROCESSES = "system_planning.process_flow.processes"


@pytest.fixture
def threads(monkeypatch) -> list[tuple[bool, int]]:
    """Each plan worked out: (on the UI thread, its process rows)."""
    seen: list[tuple[bool, int]] = []
    real = sp.build_plan

    def recording(library, values, plan_doc=None):
        seen.append((threading.current_thread() is threading.main_thread(), len(values.get(PROCESSES) or [])))
        return real(library, values, plan_doc)

    monkeypatch.setattr(sp, "build_plan", recording)
    return seen


def test_a_big_plan_is_worked_out_off_the_ui_thread_and_shown(qtbot, demo, workspace, db_path, threads) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    processes = answers.answer(demo.id, PROCESSES).value
    answers.update(demo.id, PROCESSES, value=grown(processes))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("system-planning")
        page = window.page("system-planning")
        settle(window)
        assert page.plan is not None and len(page.plan.processes) == ROWS
        assert page.capacity.model.rowCount() >= ROWS  # the capacity table shows the plan worked out
        big = [on_ui for on_ui, rows in threads if rows == ROWS]
        assert big and not any(big), threads  # every plan of 1,000 processes off the UI thread
        rows = answers.answer(demo.id, PROCESSES).value[:3]  # the other window cuts the table to 3 rows
        answers.update(demo.id, PROCESSES, value=rows)
        window.watcher.poll()
        settle(window)
        assert len(page.plan.processes) == 3  # a small plan: at once, as before
        assert threads[-1] == (True, 3)
    finally:
        close_window(window)


def test_a_big_plan_of_a_project_left_is_not_shown_over_the_next(qtbot, demo, workspace, db_path, monkeypatch) -> None:
    from app.core.projects import ProjectService

    answers = AnswerService(workspace.db, workspace.library)
    big = ProjectService(workspace.db).create("大規模")
    answers.update(big.id, PROCESSES, value=grown(answers.answer(demo.id, PROCESSES).value))
    release = threading.Event()
    real = sp.build_plan

    def slow_for_the_big_one(library, values, plan_doc=None):
        if len(values.get(PROCESSES) or []) == ROWS:
            release.wait(10)
        return real(library, values, plan_doc)

    monkeypatch.setattr(sp, "build_plan", slow_for_the_big_one)
    window = make_window(qtbot, db_path, global_lang="ja", page="system-planning", global_project=str(demo.id))
    try:
        window.show_page("system-planning")
        page = window.page("system-planning")
        settle(window)
        window.open_project(big.id)  # the big plan starts on the worker...
        assert page.planning
        window.open_project(demo.id)  # ...and the user goes back before it is done
        release.set()
        settle(window)
        assert window.state.project_id == demo.id
        assert len(page.plan.processes) == len(answers.answer(demo.id, PROCESSES).value)
    finally:
        release.set()
        close_window(window)
