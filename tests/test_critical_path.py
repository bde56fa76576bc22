"""The critical path and slack (issue 20), against plans worked out by hand.

Working days of March 2027 as positions: Mon 1 (0), Tue 2 (1), Wed 3 (2), Thu 4 (3), [Fri 5: company
holiday], Mon 8 (4), Tue 9 (5), Wed 10 (6), Thu 11 (7), Fri 12 (8).
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import ValidationFailed
from app.wbs.analysis.critical import analyse
from app.wbs.model import Dependency, Task, WbsTree
from app.wbs.schedule import compute
from app.wbs.workdays import NATIONAL, calendar

d = dt.date
START = d(2027, 3, 1)  # a Monday
COMPANY = calendar({d(2027, 3, 5): "創立記念日"})


def plan(*rows: tuple) -> WbsTree:
    """(id, title, parent, estimate, predecessors [(id, lag)], extra fields) -> a tree."""
    tasks = []
    for position, (task_id, title, parent, estimate, deps, extra) in enumerate(rows):
        tasks.append(Task(id=task_id, uid=task_id, title=title, parent_id=parent, position=position, estimate_days=estimate,
                          dependencies=[Dependency(predecessor_id=p, lag_days=lag) for p, lag in deps], **extra))
    return WbsTree.build(tasks)


def titles(tree: WbsTree, ids) -> list[str]:
    return [tree.tasks[i].title for i in ids]


def test_worked_example_with_lags_a_not_before_a_milestone_and_a_company_holiday() -> None:
    tree = plan(
        (10, "Build phase", None, None, [], {}),
        (1, "Design", 10, 3, [], {}),
        (2, "Build", 10, 2, [(1, 1)], {}),  # a lag of one working day after Design
        (20, "Side work", None, None, [], {}),
        (3, "Docs", 20, 1, [(1, 0)], {}),
        (5, "Training", 20, 1, [(3, 0)], {"not_before": d(2027, 3, 10)}),
        (4, "Review", None, None, [(2, 0), (3, 0)], {"milestone": True}),
        (6, "Deploy", None, 2, [(4, 1)], {}),
    )
    dates = compute(tree, START, COMPANY)
    # The schedule, by hand: the holiday on Friday 5 pushes Build to Monday 8.
    assert {tree.tasks[i].title: dates[i] for i in (1, 2, 3, 4, 5, 6)} == {
        "Design": (d(2027, 3, 1), d(2027, 3, 3)),  # positions 0-2
        "Build": (d(2027, 3, 8), d(2027, 3, 9)),  # 2 + 1 + lag 1 = 4: Monday 8 (Thu 4 is position 3)
        "Docs": (d(2027, 3, 4), d(2027, 3, 4)),  # 3
        "Review": (d(2027, 3, 9), d(2027, 3, 9)),  # a milestone on its predecessor's last day: 5
        "Training": (d(2027, 3, 10), d(2027, 3, 10)),  # after Docs it could be at 4; not before Wed 10: 6
        "Deploy": (d(2027, 3, 11), d(2027, 3, 12)),  # the milestone is at the end of 5; + lag 1: 7-8, the project's end
    }
    result = analyse(tree, COMPANY, dates)
    # Backward from the end (8): Deploy 7-8; Review must be at the end of 7 - 1 - 1 = 5; Build finish by 5;
    # Design finish by min(4 - 2, Docs' 5 - 1) = 2; Docs by min(Review 5, Training 8 - 1) = 5; Training by 8.
    assert {tree.tasks[i].title: result.slack(i) for i in tree.tasks} == {
        "Design": 0, "Build": 0, "Review": 0, "Deploy": 0,
        "Docs": 2,  # Thu 4 could slip to Tue 9: two working days (the holiday and the weekend do not count)
        "Training": 2,  # Wed 10 could slip to Fri 12
        "Build phase": 0, "Side work": 2,  # a summary: its sub-tasks' least
    }
    assert titles(tree, result.path) == ["Design", "Build", "Review", "Deploy"]
    assert result.critical == {1, 2, 4, 6, 10}
    docs = result.tasks[3]
    assert (docs.early_start, docs.early_finish, docs.late_start, docs.late_finish) == (d(2027, 3, 4), d(2027, 3, 4), d(2027, 3, 9), d(2027, 3, 9))
    assert not docs.critical and result.tasks[2].critical
    design = result.tasks[1]
    assert (design.late_start, design.late_finish) == (d(2027, 3, 1), d(2027, 3, 3))


def test_without_the_company_holiday_the_figures_count_national_working_days() -> None:
    tree = plan((1, "Design", None, 3, [], {}), (2, "Docs", None, 1, [(1, 0)], {}), (3, "Build", None, 4, [(1, 0)], {}))
    result = analyse(tree, NATIONAL, compute(tree, START, NATIONAL))
    # Build 3-6 (Thu 4 .. Tue 9, Friday 5 worked); Docs at 3 could wait until 6 (Tue 9).
    assert result.tasks[2].late_start == d(2027, 3, 9)
    assert [result.slack(i) for i in (1, 2, 3)] == [0, 3, 0]


def test_two_parallel_branches_the_longer_one_is_critical() -> None:
    tree = plan(
        (1, "Kick-off", None, 1, [], {}),
        (2, "Model A", None, 2, [(1, 0)], {}),
        (3, "Model B", None, 2, [(2, 0)], {}),
        (4, "Data A", None, 1, [(1, 0)], {}),
        (5, "Data B", None, 1, [(4, 0)], {}),
        (6, "Report", None, 1, [(3, 0), (5, 0)], {}),
    )
    result = analyse(tree, NATIONAL, compute(tree, START, NATIONAL))
    # Kick-off 0, Model A 1-2, Model B 3-4, Report 5; Data A 1 and Data B 2 may each slip 2 days.
    assert [result.slack(i) for i in (1, 2, 3, 4, 5, 6)] == [0, 0, 0, 2, 2, 0]
    assert titles(tree, result.path) == ["Kick-off", "Model A", "Model B", "Report"]
    assert result.tasks[5].late_finish == d(2027, 3, 5)  # Data B finishing Friday 5 still lets Report start Monday 8


def test_a_plan_without_dependencies_is_critical_only_where_it_ends_last() -> None:
    tree = plan((1, "Short", None, 3, [], {}), (2, "Shorter", None, 1, [], {}), (3, "Longest", None, 5, [], {}), (4, "Kick-off", None, None, [], {"milestone": True}))
    result = analyse(tree, NATIONAL, compute(tree, START, NATIONAL))
    assert [result.slack(i) for i in (1, 2, 3, 4)] == [2, 4, 0, 4]
    assert titles(tree, result.path) == ["Longest"]


def test_the_tasks_own_dates_are_read_when_none_are_given_and_undated_tasks_have_no_slack() -> None:
    tree = plan((1, "Design", None, 3, [], {}), (2, "Build", None, 2, [(1, 0)], {}), (3, "Idea", None, 1, [], {}))
    dates = compute(tree, START, NATIONAL)
    scheduled = WbsTree.build([t.replaced(start=dates[i][0], finish=dates[i][1]) if i != 3 else t for i, t in tree.tasks.items()])
    result = analyse(scheduled, NATIONAL)
    assert (result.slack(1), result.slack(2), result.slack(3)) == (0, 0, None)
    assert analyse(tree, NATIONAL).tasks == {}  # nothing scheduled yet


def test_a_dependency_cycle_is_refused_as_the_scheduler_refuses_it() -> None:
    tree = plan((1, "A", None, 1, [(2, 0)], {}), (2, "B", None, 1, [(1, 0)], {}))
    dated = WbsTree.build([t.replaced(start=START, finish=START) for t in tree.tasks.values()])
    with pytest.raises(ValidationFailed):
        analyse(dated, NATIONAL)


# --- the WBS page: the Gantt's colour, the filter, the tooltip ----------------------------------------


@pytest.fixture
def page(qtbot, db_path):
    from tests.gui_helpers import close_window, make_window

    win = make_window(qtbot, db_path)
    win.resize(1400, 900)
    win.show_page("wbs")
    page = win.page("wbs")
    qtbot.waitUntil(lambda: bool(page.model.critical.tasks))  # worked out once the page has settled
    yield page
    close_window(win)


def find(page, title: str) -> int:
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def visible_leaves(page) -> list[str]:
    from PySide6.QtCore import QModelIndex

    found = []

    def walk(parent=QModelIndex()):
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            task = page.model.task(page.proxy.mapToSource(index))
            if not page.model.tree.has_children(task.id):
                found.append(task.title)
            walk(index)

    walk()
    return found


def test_the_demo_plan_the_filter_keeps_the_critical_path_and_the_tooltip_tells_the_slack(page) -> None:
    from PySide6.QtCore import Qt

    # The demo's final report is fixed by its date; everything before it has weeks to spare.
    assert [page.model.tree.tasks[i].title for i in page.model.critical.path] == ["Final report"]
    assert len(visible_leaves(page)) > 60
    page.filters.critical.setChecked(True)
    assert visible_leaves(page) == ["Final report"]
    page.clear_filters()
    assert not page.filters.critical.isChecked() and len(visible_leaves(page)) > 60
    hearing = find(page, "Customer hearing")
    tip = page.model.data(page.model.index_of(hearing, 0), Qt.ItemDataRole.ToolTipRole)
    assert f"Slack: {page.model.critical.slack(hearing)} working days" in tip and "critical path" not in tip
    final = page.model.data(page.model.index_of(find(page, "Final report"), 0), Qt.ItemDataRole.ToolTipRole)
    assert "Slack: 0 working days" in final and "On the critical path" in final


def test_a_task_that_moves_the_end_turns_red_in_the_gantt_until_undone(page, qtbot) -> None:
    from app.ui.wbs.gantt import BAR, CRITICAL

    ci = find(page, "Make CI stick")
    gantt = page.gantt

    def colour_of(task_id: int):
        from PySide6.QtWidgets import QAbstractItemView

        page.select_task(task_id)
        row = page.proxy.mapFromSource(page.model.index_of(task_id))
        page.tree.scrollTo(row, QAbstractItemView.ScrollHint.PositionAtTop)  # its bar in view, whatever the Gantt's height
        bar = gantt.bars()[task_id]
        gantt.scroll_bar.setValue(gantt.scroll_bar.value() + bar.x2 - 40)
        bar = gantt.bars()[task_id]
        image = gantt.canvas.grab().toImage()
        # The bar's fill, the most common colour along its middle (an over-allocated bar is hatched).
        xs = range(max(0, bar.x1 + 2), min(image.width(), bar.x2 - 1))
        colours = [image.pixelColor(x, bar.y + bar.h // 2).name() for x in xs]
        return bar.critical, max(set(colours), key=colours.count)

    assert colour_of(ci) == (False, BAR.name())
    # Finishing after the final report, it now decides the project's end (once the change settles).
    page.commit(page.service.update(page.state.project_id, [ci], finish=dt.date(2027, 2, 19)), "edit")
    qtbot.waitUntil(lambda: page.model.critical.slack(ci) == 0)
    assert colour_of(ci) == (True, CRITICAL.name())
    page.filters.critical.setChecked(True)
    # The chain that leads to it has no slack left either; the final report has four days now.
    shown = visible_leaves(page)
    assert {"Customer hearing", "Write the WBS", "Make CI stick"} <= set(shown) and "Final report" not in shown
    assert set(shown) == {page.model.tree.tasks[i].title for i in page.model.critical.path}
    assert page.model.critical.slack(find(page, "Final report")) == 4
    page.state.undo_stack.undo()
    qtbot.waitUntil(lambda: page.model.critical.slack(ci) != 0)
    assert visible_leaves(page) == ["Final report"]  # the filter follows the new analysis


def test_the_filter_speaks_japanese(qtbot, db_path) -> None:
    from tests.gui_helpers import close_window, make_window

    win = make_window(qtbot, db_path, global_lang="ja")
    try:
        win.show_page("wbs")
        assert win.page("wbs").filters.critical.text() == "クリティカルパスのみ"
    finally:
        close_window(win)
