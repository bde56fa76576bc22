"""The WBS page's Load tab, its over-allocation marks (table, Gantt, header) and Level resources…,
on a small plan whose load is worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from app.core import operations as ops
from app.ui.wbs.model import column_index
from app.wbs.resources.people import Person, put_person_op
from tests.gui_helpers import close_window, make_window
from tests.wbs_helpers import add, new_project

MONDAY = dt.date(2027, 3, 1)  # a week without holidays: Monday 3/1 to Friday 3/5


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


def small_plan(window, qtbot):
    """Aki (full time) has A (2 d, Mon-Tue) and B (1 d, Tue): two tasks on Tuesday, 3 d in the week:
    60 % of 5 d, red. Ben (3 days a week) has C (2 d, Mon-Tue): 2 / 3 = 67 %."""
    state = window.state
    pid = new_project(state.workspace, "Load test", start=MONDAY)
    page_service = window.page("wbs").service
    a = add(page_service, pid, "A", owner_name="Aki", estimate_days=2, start=MONDAY, finish=MONDAY + dt.timedelta(days=1))
    b = add(page_service, pid, "B", owner_name="Aki", estimate_days=1, start=MONDAY + dt.timedelta(days=1), finish=MONDAY + dt.timedelta(days=1))
    c = add(page_service, pid, "C", owner_name="Ben", estimate_days=2, start=MONDAY, finish=MONDAY + dt.timedelta(days=1))
    ops.run(state.workspace, put_person_op(pid, Person("Aki", "ds")))
    ops.run(state.workspace, put_person_op(pid, Person("Ben", "pm", days_per_week=3)))
    state.open_project(pid)
    window.show_page("wbs")
    page = window.page("wbs")
    qtbot.waitUntil(lambda: page.settled() and page.load_panel.model.rowCount() == 2)
    return page, pid, (a, b, c)


def cell(page, person: str, monday: dt.date):
    model = page.load_panel.model
    return model.index([p.name for p in model.people].index(person), model.mondays.index(monday))


def test_the_load_tab_shows_the_hand_computed_percent_and_hours_red_when_over(window, qtbot, qtmodeltester) -> None:
    page, _pid, (a, b, c) = small_plan(window, qtbot)
    model = page.load_panel.model
    qtmodeltester.check(model)
    page.side_tabs.setCurrentWidget(page.load_panel)
    assert model.mondays == [MONDAY]
    aki, ben = cell(page, "Aki", MONDAY), cell(page, "Ben", MONDAY)
    assert model.data(aki) == "60 %" and model.data(ben) == "67 %"
    assert model.data(aki, Qt.ItemDataRole.BackgroundRole).color().name() == "#f4b6b0"  # red: two tasks on Tuesday
    assert model.data(ben, Qt.ItemDataRole.BackgroundRole).color().name() != "#f4b6b0"
    tip = model.data(aki, Qt.ItemDataRole.ToolTipRole)
    assert "2027-03-02: 2 person-days of work on one day" in tip and "• 1 A" in tip and "• 2 B" in tip
    window.findChild(QWidget, "wbsLoadHours").click()
    assert model.data(aki) == "24 h" and model.data(ben) == "16 h"
    # The marks: the owner cells of A and B, their Gantt bars, the header.
    owner = page.model.index_of(a, column_index("owner_name"))
    assert "Over-allocated: Aki, week 9 (from 2027-03-01)" in page.model.data(owner, Qt.ItemDataRole.ToolTipRole)
    assert page.model.data(page.model.index_of(c, column_index("owner_name")), Qt.ItemDataRole.BackgroundRole) is None
    assert set(page.gantt.over) == {a, b}
    assert page.overload_label.isVisible() and page.overload_label.text() == "Over-allocated: 1 person, 1 week"


def test_levelling_previews_the_moves_applies_them_and_one_undo_restores_every_date(window, qtbot, monkeypatch) -> None:
    page, pid, (a, b, c) = small_plan(window, qtbot)
    before = {i: (page.model.tree.tasks[i].start, page.model.tree.tasks[i].finish) for i in (a, b, c)}
    shown: list[QDialog] = []

    def accept(dialog: QDialog) -> int:
        shown.append(dialog)
        dialog.findChild(QPushButton, "wbsLevelApply").click()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", accept)
    page.findChild(QPushButton, "wbsLevel").click()
    qtbot.waitUntil(lambda: bool(shown))
    moves = shown[0].findChild(QWidget, "wbsLevelMoves").model()
    rows = [[moves.index(r, col).data() for col in range(5)] for r in range(moves.rowCount())]
    # B waits for A: Wednesday (3/3); C is Ben's alone, it stays.
    assert rows == [["2 B", "Aki", "2027-03-02", "2027-03-03", "waits for Aki's task 1 A"]]
    qtbot.waitUntil(lambda: page.settled() and page.model.tree.tasks[b].start == dt.date(2027, 3, 3))
    assert (page.model.tree.tasks[a].start, page.model.tree.tasks[c].start) == (before[a][0], before[c][0])
    qtbot.waitUntil(lambda: not page.overload_label.isVisible())
    assert page.load_panel.model.data(cell(page, "Aki", MONDAY)) == "60 %" and page.gantt.over == {}
    assert window.undo_action.text().endswith("Level resources")
    window.undo_action.trigger()
    assert {i: (page.model.tree.tasks[i].start, page.model.tree.tasks[i].finish) for i in (a, b, c)} == before
    qtbot.waitUntil(lambda: page.settled() and page.overload_label.isVisible())
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: page.settled() and not page.overload_label.isVisible())
    assert page.model.tree.tasks[b].start == dt.date(2027, 3, 3)


def test_nothing_moves_when_nobody_is_over_allocated(window, qtbot) -> None:
    page, pid, (a, b, c) = small_plan(window, qtbot)
    page.commit(page.service.update(pid, [b], start=MONDAY + dt.timedelta(days=2), finish=MONDAY + dt.timedelta(days=2)), "edit")
    qtbot.waitUntil(lambda: page.settled() and not page.overload_label.isVisible())
    page.findChild(QPushButton, "wbsLevel").click()
    assert page.details.text() == "Nobody is over-allocated: nothing to move."
    assert page.model.tree.tasks[c].start == MONDAY


def test_the_demo_has_one_over_allocation_shown_in_the_header_and_the_gantt(window, qtbot) -> None:
    window.show_page("wbs")
    page = window.page("wbs")
    qtbot.waitUntil(lambda: page.settled() and page.overload_label.isVisible())
    assert page.overload_label.text() == "Over-allocated: 1 person, 1 week"
    titles = {page.model.tree.tasks[i].title for i in page.gantt.over}
    assert titles == {"Agree evaluation metrics and the exit criterion", "Link technical and business KPIs"}
    assert [p.name for p in page.load_panel.model.people] == ["Suzuki", "Takahashi", "Tanaka"]


def test_a_big_plan_has_its_load_worked_out_on_a_worker_with_the_same_figures(window, qtbot, monkeypatch) -> None:
    from app.ui.wbs.resources import hooks

    page, pid, (a, _b, _c) = small_plan(window, qtbot)
    monkeypatch.setattr(hooks, "BIG", 0)  # every plan is big
    page.commit(page.service.update(pid, [a], estimate_days=1.5), "edit")  # 2.5 d of Aki's 5: 50 %
    assert page.load_pending()
    qtbot.waitUntil(lambda: not page.load_pending())
    assert page.load_panel.model.data(cell(page, "Aki", MONDAY)) == "50 %"
    assert page.overload_label.isVisible()  # Tuesday still holds two tasks


def test_a_quarter_day_task_shows_its_days_and_a_quarter_day_bar(window, qtbot) -> None:
    page, pid, (a, _b, _c) = small_plan(window, qtbot)
    quarter = add(page.service, pid, "Q", owner_name="Ben", estimate_days=0.25, start=MONDAY, finish=MONDAY)
    page.reload()
    qtbot.waitUntil(page.settled)
    assert page.model.data(page.model.index_of(quarter, column_index("estimate_days"))) == "0.25"
    page.gantt.day_width = 20
    page.gantt.refresh()
    bars = page.gantt.bars()
    assert bars[quarter].x2 - bars[quarter].x1 == 5  # a quarter of the day's 20 px
    assert bars[a].x2 - bars[a].x1 == 40  # two whole days


def test_the_load_is_shown_with_the_first_paint_and_never_pairs_another_projects_plan(window, qtbot) -> None:
    page, pid, _ids = small_plan(window, qtbot)
    # Opened on the page: its load is there at once, no settle timer to wait for.
    window.state.open_project(window.state.projects.list()[0].id)
    window.state.open_project(pid)
    assert not page.load_pending() and page.load_panel.model.rowCount() == 2
    # Hidden, with a change of people waiting to be worked in, another project opens: the page still
    # holds this plan, so nothing is worked out until it reads the other one (when shown).
    window.show_page("proposal")
    window.state.publish(ops.run(window.state.workspace, put_person_op(pid, Person("Cho", "pm"))))
    assert page.load_pending()
    demo = next(p.id for p in window.state.projects.list() if p.id != pid)
    window.state.open_project(demo)
    page.compute_load()  # as the timer would
    assert [p.name for p in page.people] == ["Aki", "Ben"]  # (the demo's people were not paired with this plan)
    window.show_page("wbs")
    qtbot.waitUntil(page.settled)
    assert page.model.tree.tasks and all(t.title not in ("A", "B", "C") for t in page.model.tree.tasks.values())
    assert "Aki" not in [p.name for p in page.people]


def test_the_week_headers_say_the_year_where_the_plan_starts_and_where_each_new_year_starts(window, qtbot) -> None:
    """A plan over New Year: the first week and the first week of 2028 carry the whole date (the year), the
    weeks between say month/day only, as the Gantt's header does."""
    state = window.state
    start = dt.date(2027, 12, 20)
    pid = new_project(state.workspace, "Over New Year", start=start)
    service = window.page("wbs").service
    add(service, pid, "A", owner_name="Aki", estimate_days=15, start=start, finish=dt.date(2028, 1, 7))
    ops.run(state.workspace, put_person_op(pid, Person("Aki", "ds")))
    state.open_project(pid)
    window.show_page("wbs")
    page = window.page("wbs")
    qtbot.waitUntil(lambda: page.settled() and page.load_panel.model.rowCount() == 1)
    model = page.load_panel.model
    headers = [model.headerData(k, Qt.Orientation.Horizontal) for k in range(model.columnCount())]
    assert headers == ["W51\n2027-12-20", "W52\n12/27", "W01\n2028-01-03"]
