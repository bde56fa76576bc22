"""A big plan's critical path and slack are worked out on a worker once a change settles (0.2-0.4 s of
the UI thread for 10,000 tasks after every edit before); the latest run's path is the one shown, the
same as worked out in place, and one of an older run is never shown."""

from __future__ import annotations

import threading

import pytest

import app.ui.wbs.page as wbs_page
from app.wbs.analysis.critical import CriticalPath
from app.wbs.resources.load import calendars_of
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def page(qtbot, demo, db_path, monkeypatch):
    monkeypatch.setattr(wbs_page, "BIG", 0)  # every plan is big
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(demo.id), page="wbs")
    page = window.page("wbs")
    page._update_totals()
    qtbot.waitUntil(lambda: page.settled() and bool(page.model.critical.critical))
    yield page
    close_window(window)


def test_the_critical_path_of_a_big_plan_is_worked_out_off_the_ui_thread(page, qtbot, monkeypatch) -> None:
    threads: list[bool] = []
    worked_out = wbs_page.critical_path

    def recording(*args):
        threads.append(threading.current_thread() is threading.main_thread())
        return worked_out(*args)

    monkeypatch.setattr(wbs_page, "critical_path", recording)
    leaf = next(t for t in page.model.tree.walk() if t.id in page.model.critical.critical and not page.model.tree.has_children(t.id))
    before = page.model.critical
    page.commit(page.service.update(page.state.project_id, [leaf.id], estimate_days=leaf.estimate_days + 20), "edit")
    page._totals_timer.stop()
    page._update_totals()  # (what the timer does once the change settles)
    assert not page.settled()  # the worker is on it
    qtbot.waitUntil(page.settled)

    assert threads == [False]
    people = calendars_of(page.people, page.gantt.calendar) if page.people else None
    assert page.model.critical == worked_out(page.model.tree, page.gantt.calendar, people)
    assert page.model.critical is not before


def test_an_older_runs_path_is_never_shown_and_the_page_settles(page, qtbot, monkeypatch) -> None:
    release, finished = threading.Event(), threading.Event()
    worked_out = wbs_page.critical_path
    stale = CriticalPath(path=[-1])

    def slow(*args):
        if threading.current_thread() is threading.main_thread():
            return worked_out(*args)
        release.wait(5)  # the worker's run, held
        finished.set()
        return stale

    monkeypatch.setattr(wbs_page, "critical_path", slow)
    page._update_totals()  # a run on the worker
    monkeypatch.setattr(wbs_page, "BIG", 10**6)  # the next run in place (as on a small project opened meanwhile)
    page._update_totals()
    release.set()
    qtbot.waitUntil(finished.is_set)
    qtbot.wait(100)  # (its result delivered to the UI thread)

    assert page.model.critical != stale and page.settled()
