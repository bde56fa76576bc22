"""A colleague's change reaches the WBS table as a change, not as the whole plan read and laid out again.

Before, each change another window committed had the page read every task again on the window's thread and
reset its model: on a 10,100-task plan the window was held 0.27-0.31 s for a one-note edit (the plan read,
laid out, every owner's over-allocation mark cleared and set again), and the table was rebuilt under the
user (the outline, the current row put back one by one). Now the plan is read again (on a worker for a big
plan, the latest read winning), and only the tasks that differ are put in, as an edit of this window's is:
the rows kept, the outline as the user left it, a task that got sub-tasks elsewhere opened. A read made
before an edit of this window's landed is never put in over it (it is read again).
"""

from __future__ import annotations

import threading

from app.hearing.answers import AnswerService
from app.ui.wbs import loading
from app.ui.wbs.columns import INDEX
from app.wbs.service import WbsService
from tests.gui_helpers import poll_heard, settle, two_windows, wbs_find
from tests.test_suspects_gui import _suspect_task


def resets(page) -> list[int]:
    """Counts the table's model resets from now on."""
    counted: list[int] = []
    page.model.modelAboutToBeReset.connect(lambda: counted.append(1))
    return counted


def leaf_ids(page) -> list[int]:
    tree = page.model.tree
    return [t.id for t in tree.walk() if not tree.has_children(t.id)]


def test_a_colleagues_note_changes_its_row_the_view_as_the_user_left_it(qtbot, db_path, monkeypatch) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        page = b.page("wbs")
        tree = page.model.tree
        task_id = leaf_ids(page)[3]
        page.select_task(leaf_ids(page)[5])
        first = next(i for i in tree.kids(None) if tree.has_children(i))
        page.tree.collapse(page.proxy.mapFromSource(page.model.index_of(first)))  # the user closed a phase
        opened, current, details = page._open_ids(), page.current_id(), page.details.text()
        counted = resets(page)
        WbsService(a.state.workspace.db).update(a.state.project_id, [task_id], notes="佐藤さんのメモ")
        assert poll_heard(b)
        settle(b)
        assert page.model.tree.tasks[task_id].notes == "佐藤さんのメモ"
        assert page.model.index_of(task_id, INDEX["notes"]).data() == "佐藤さんのメモ"  # the cell shows it
        assert counted == []  # no reset: the table kept
        assert page._open_ids() == opened and page.current_id() == current and page.details.text() == details


def test_a_big_plan_is_read_again_off_the_windows_thread(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr(loading, "BIG", 10)  # the demo's 82 tasks read as a big plan is
    threads: list[threading.Thread] = []
    real = loading.read_plan

    def read(*args):
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(loading, "read_plan", read)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        page = b.page("wbs")
        task_id = leaf_ids(page)[2]
        counted = resets(page)
        threads.clear()  # (the page's first read of a SQLite plan goes through read_plan too, on the window's thread)
        WbsService(a.state.workspace.db).update(a.state.project_id, [task_id], notes="ワーカーで読んだメモ")
        assert poll_heard(b)
        settle(b)
        assert threads and threading.main_thread() not in threads
        assert page.model.tree.tasks[task_id].notes == "ワーカーで読んだメモ"
        assert counted == []


def test_an_edit_typed_while_the_plan_is_read_again_is_not_taken_back_by_that_read(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr(loading, "BIG", 10)
    read_done, go_on = threading.Event(), threading.Event()
    real = loading.read_plan
    held = [True]

    def read(*args):
        found = real(*args)
        if held[0]:
            held[0] = False
            read_done.set()
            go_on.wait(10)  # the read is older than the edit below
        return found

    monkeypatch.setattr(loading, "read_plan", read)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        try:
            page = b.page("wbs")
            noted, typed = leaf_ids(page)[1], leaf_ids(page)[4]
            WbsService(a.state.workspace.db).update(a.state.project_id, [noted], notes="同僚のメモ")
            assert poll_heard(b)
            assert read_done.wait(10)
            page.select_task(typed)
            title = page.proxy.mapFromSource(page.model.index_of(typed, INDEX["title"]))
            assert page.proxy.setData(title, "読み込み中に直した題名")  # as the cell's editor commits it
        finally:
            go_on.set()
        settle(b)
        assert page.model.tree.tasks[typed].title == "読み込み中に直した題名"  # not taken back by the older read
        assert page.model.tree.tasks[noted].notes == "同僚のメモ"
        stored = WbsService(b.state.workspace.db).tree(b.state.project_id).tasks
        assert stored[typed].title == "読み込み中に直した題名"


def test_tasks_added_moved_and_deleted_elsewhere_the_outline_follows(qtbot, db_path, monkeypatch) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        page = b.page("wbs")
        pid, service = a.state.project_id, WbsService(a.state.workspace.db)
        leaves = leaf_ids(page)
        parent, gone, moved = leaves[0], leaves[6], leaves[8]
        page.select_task(gone)
        counted = resets(page)
        service.add_task(pid, parent_id=parent, title="同僚が足したサブタスク")
        service.delete(pid, [gone])
        service.move(pid, [moved], None)  # to the top level, last
        assert poll_heard(b)
        settle(b)
        stored = WbsService(b.state.workspace.db).tree(pid)
        shown = page.model.tree
        assert [t.id for t in shown.walk()] == [t.id for t in stored.walk()]
        assert shown.codes == stored.codes
        added = wbs_find(page, "同僚が足したサブタスク")
        assert shown.tasks[added].parent_id == parent
        assert page.tree.isExpanded(page.proxy.mapFromSource(page.model.index_of(parent)))  # it got a sub-task: opened
        assert gone not in shown.tasks and page.current_id() is None and page.details.text() == ""
        assert shown.tasks[moved].parent_id is None
        assert counted == []


def test_an_answer_changed_elsewhere_marks_the_agreed_task_built_on_it(qtbot, db_path, monkeypatch) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        page = b.page("wbs")
        task, item_id, _before = _suspect_task(a)  # agreed, then its answer changed (a's own connection)
        assert poll_heard(b)
        settle(b)
        assert page.model.tree.tasks[task.id].agreed
        assert task.id in page.model.suspect
        stored = AnswerService(b.state.workspace.db, b.state.workspace.library).answers(b.state.project_id)
        assert page.model.answers == stored


def test_two_long_jobs_running_never_hold_up_the_read_of_a_colleagues_change(qtbot, db_path, monkeypatch) -> None:
    """Qt's pool has a thread a core (two on this machine, and on a small laptop): two long jobs running (an export
    of every document and a schedule, say) kept every other worker's job waiting, the plan read again among them.
    The pool has at least four threads now."""
    from app.ui.tasks import run_in_background

    monkeypatch.setattr(loading, "BIG", 10)
    release = threading.Event()
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        try:
            started = [threading.Event(), threading.Event()]
            for event in started:
                run_in_background(lambda event=event: (event.set(), release.wait(20)), lambda _r: None, lambda _e: None)
            assert all(event.wait(5) for event in started)  # both long jobs hold a thread each
            page = b.page("wbs")
            task_id = leaf_ids(page)[2]
            WbsService(a.state.workspace.db).update(a.state.project_id, [task_id], notes="長い処理の最中のメモ")
            assert poll_heard(b)
            qtbot.waitUntil(lambda: page.model.tree.tasks[task_id].notes == "長い処理の最中のメモ", timeout=5000)
        finally:
            release.set()
        settle(b)


def test_the_load_follows_a_colleagues_change_read_after_it_was_worked_out(qtbot, db_path, monkeypatch) -> None:
    """The load is worked out a moment after a change is heard; a big plan's read again may land after that: the
    load is worked out again from the plan as read (an owner given a task elsewhere counted)."""
    import time

    from app.wbs.resources.load import load
    from app.wbs.resources.people import read

    monkeypatch.setattr(loading, "BIG", 10)
    real = loading.read_plan

    def slow(*args):
        found = real(*args)
        time.sleep(0.5)  # longer than the load's wait after a change
        return found

    monkeypatch.setattr(loading, "read_plan", slow)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        page = b.page("wbs")
        ws, pid = b.state.workspace, b.state.project_id
        task_id = next(i for i in leaf_ids(page) if page.model.tree.tasks[i].start)  # (scheduled: it counts in a week)
        person = next(p.name for p in read(ws, pid) if p.name != page.model.tree.tasks[task_id].owner_name)
        before = page.over.load.days
        WbsService(a.state.workspace.db).update(a.state.project_id, [task_id], owner_name=person, estimate_days=30)
        assert poll_heard(b)
        settle(b)
        expected = load(WbsService(ws.db).tree(pid), read(ws, pid), page.gantt.calendar)
        assert expected.days != before  # (the change moves the load)
        assert page.over.load.days == expected.days
