"""breaker54f: a demanding Japanese user tries d5259d4 (edits a busy database kept waiting saved in the order made,
each WBS edit in its own turn among the window's: WaitingEdits.wait returns a turn, due(), later(); WbsEditing
save_pending stops at an edit not due). Another process holds SQLite's write lock; the window is in Japanese.

 Broke (strict xfails; all fixed since (the last in fixwait: each draft keeps its turns on disk, taken over in order): each WBS field typed, each answer waiting keeps its own turn,
 WaitingEdits.keep; a value refused once the lock goes is held in its cell, WbsRefused.hold_waiting):
 - the same task's title then its estimate with an answer between: one draft per task, in the first edit's turn
   (stored title+estimate as one step before the answer; Undo right after takes back the answer).
 - answer A, a WBS title, answer B (another item): stored B, A, title (the one item editor keeps A's turn).
 - a WBS value kept waiting and refused once the lock goes (99999 days): said without its task, dropped, never held
   red in its cell as when typed with the database free.
 - a language switch between two waiting WBS titles with an answer between: stored answer, title 1, title 2.
 - the window closed with two WBS titles and an answer between waiting: the next window stores the answer first.
 Held:
 - eleven edits on four pages during a lock (title, answer, estimate, proposal, add, environment field, delete,
   title, indent, move up, predecessors): 11 steps in the order made, each once; Undo x11 restores the start
   exactly, Redo x11 each state Undo left.
 - a colleague's change asked about mid-run, answered mine / theirs: asked once, order kept, each stored once.
 - the lock taken again after the 1st, 2nd or 3rd step of the run: the rest saved later, in order, none twice.
 - a value refused mid-run: the others stored in order, Undo / Redo walk them.
 Not tried (time-box): the project switched while WBS edits wait with answers between.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker43a import open_cell, type_in
from tests.test_breaker53k import (
    answer,
    drafts,
    hearing_answer,
    leaves,
    redo,
    stored_title,
    undo,
    wbs,
    wbs_title,
)
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture

GOALS = "hearing.basics.kpi_business"


def stored(window, task_id: int):
    from app.wbs.service import WbsService

    return WbsService(window.state.workspace.db).tree(window.state.project_id).tasks.get(task_id)


def texts(window, c0: int) -> list[str]:
    stack = window.state.undo_stack
    return [stack.text(i) for i in range(c0, stack.count())]


def wbs_cell(window, qtbot, task_id: int, key: str, text: str) -> None:
    window.show_page("wbs")
    qtbot.wait(50)
    cell = open_cell(window, qtbot, task_id, key)
    type_in(cell, text)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.wait(50)


def test_a_title_an_answer_then_the_same_tasks_estimate_undo_takes_back_the_estimate_first(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    """Title of task 1, an answer, the estimate of task 1 (the same task's draft): the estimate was typed last."""
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[0]
        before = stored(window, t1)
        before_answer = answer(window)
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "最初の件名")
            hearing_answer(window, qtbot, "間の回答")
            wbs_cell(window, qtbot, t1, "estimate_days", "7")
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0 and answer(window) == "間の回答"
                        and stored(window, t1).estimate_days == 7, timeout=15000)
        settle(window)
        assert stored(window, t1).title == "最初の件名"
        undo(window)
        got = (stored(window, t1).title, stored(window, t1).estimate_days, answer(window))
        assert got == ("最初の件名", before.estimate_days, "間の回答"), f"the first Undo: {got}; steps {texts(window, c0)}"
        assert before_answer != "間の回答"
    finally:
        close_window(window)


def proposal_typed(window, qtbot, text: str) -> str:
    from tests.test_breaker53k import proposal_typed as typed

    return typed(window, qtbot, text)


def section_text(window, section: str) -> str:
    from tests.test_breaker26a import stored_section

    return stored_section(window, section)


def env(window, field_id: str = "repo_name"):
    from tests.test_drafts_on_disk_pages import stored_value

    return stored_value(window, field_id)


def env_typed(window, qtbot, text: str, field_id: str = "repo_name") -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page
    from tests.test_drafts_on_disk_pages import type_into

    page = environment_page(window, qtbot)
    type_into(page.findChild(QLineEdit, f"field_{field_id}"), text)
    qtbot.wait(300)


def everything(window, section: str) -> tuple:
    """All the user sees as stored: the WBS (structure and fields), the two answers, the section, the field."""
    from app.wbs.service import WbsService

    tree = WbsService(window.state.workspace.db).tree(window.state.project_id)
    tasks = tuple(sorted((t.uid, t.parent_id, t.position, t.title, t.estimate_days, tuple((d.predecessor_id,) for d in t.dependencies))
                         for t in tree.tasks.values()))
    return tasks, answer(window), answer(window, GOALS), section_text(window, section), env(window)


def select(window, task_id: int) -> None:
    window.show_page("wbs")
    window.page("wbs").select_task(task_id)


def act(window, qtbot, name: str, task_id: int) -> None:
    select(window, task_id)
    window.page("wbs").actions_by_name[name].trigger()
    qtbot.wait(200)


def code_of(window, task_id: int) -> str:
    return window.page("wbs").model.tree.codes[task_id]


@pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")  # offscreen popups
@pytest.mark.qt_no_exception_capture
def test_a_long_interleaving_during_a_lock_is_stored_once_in_the_order_made_and_undo_redo_walk_it(qtbot, db_path, said, short_busy, monkeypatch) -> None:  # noqa: F811
    import sys

    import app.ui.environment.choices_form as choices_form

    monkeypatch.setattr(choices_form, "BUSY_PAUSE_S", 1.0)
    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v}"))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        ls = leaves(window)
        t1, t2, t3, t4, t5 = ls[:5]
        tree = window.page("wbs").model.tree
        t6 = next(t for t in ls[5:] if tree.kids(tree.tasks[t].parent_id).index(t) > 0)  # one the indent can take
        section = proposal_typed(window, qtbot, "")
        env_typed(window, qtbot, "before-lock")
        qtbot.waitUntil(lambda: env(window) == "before-lock", timeout=5000)
        settle(window)
        start = everything(window, section)
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "長い一")                   # 1
            hearing_answer(window, qtbot, "長い二")                   # 2
            wbs_cell(window, qtbot, t2, "estimate_days", "3")          # 3
            proposal_typed(window, qtbot, "(長い四)")                 # 4
            act(window, qtbot, "add", t3)                             # 5
            env_typed(window, qtbot, "long-six")                      # 6
            act(window, qtbot, "delete", t4)                          # 7
            wbs_cell(window, qtbot, t5, "title", "長い八")            # 8
            act(window, qtbot, "indent", t6)                          # 9
            act(window, qtbot, "moveUp", t3)                          # 10
            wbs_cell(window, qtbot, t3, "predecessors", code_of(window, t1))  # 11
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0 and answer(window) == "長い二" and env(window) == "long-six"
                        and window.state.undo_stack.count() - c0 >= 11, timeout=20000)
        qtbot.wait(300)
        settle(window)
        end = everything(window, section)
        steps = texts(window, c0)
        assert len(steps) == 11, steps
        assert end[1:] == ("長い二", end[2], end[3], "long-six") and end[3].endswith("(長い四)") and end[3].count("(長い四)") == 1
        assert not hooked, hooked
        states = [end]
        for _ in steps:
            undo(window)
            states.append(everything(window, section))
        assert states[-1] == start, "Undo all the way back did not restore the start"
        for i in range(len(steps)):
            redo(window)
            assert everything(window, section) == states[-2 - i], f"Redo {i + 1} did not restore the state Undo left"
        assert not hooked, hooked
    finally:
        close_window(window)



# --- answers of two items, the same item twice, with WBS edits between ------------------------------------


def test_two_answers_of_two_items_with_a_wbs_title_between_are_stored_in_the_order_typed(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[0]
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            hearing_answer(window, qtbot, "一つ目の回答")
            wbs_title(window, qtbot, t1, "間の件名")
            hearing_answer(window, qtbot, "三つ目の回答", GOALS)
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0 and answer(window, GOALS) == "三つ目の回答" and answer(window) == "一つ目の回答", timeout=15000)
        settle(window)
        steps = texts(window, c0)
        assert len(steps) == 3, steps
        assert steps[0].startswith("「背景") and steps[2].startswith("「ビジネス"), f"stored in this order: {steps}"
    finally:
        close_window(window)


# --- a value refused (held as a draft) among the edits waiting -----------------------------------------------


def refused_among_waiting(window, qtbot, db_path):
    """Title of task 1, an answer, 99999 days into task 2 (out of range: refused once the database is free), title
    of task 3, during a lock; then released and all tried."""
    wbs(window)
    t1, t2, t3 = leaves(window)[:3]
    start = (stored(window, t1), answer(window), stored(window, t3))
    c0 = window.state.undo_stack.count()
    lock = hold_write_lock(db_path)
    try:
        wbs_title(window, qtbot, t1, "拒否の前の件名")
        hearing_answer(window, qtbot, "拒否の間の回答")
        wbs_cell(window, qtbot, t2, "estimate_days", "99999")
        wbs_title(window, qtbot, t3, "拒否の後の件名")
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored(window, t3).title == "拒否の後の件名", timeout=15000)
    qtbot.wait(300)
    settle(window)
    return (t1, t2, t3), start, c0


def test_a_value_refused_once_the_lock_goes_keeps_the_others_in_order_and_undo_walks_them(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        (t1, t2, t3), start, c0 = refused_among_waiting(window, qtbot, db_path)
        steps = texts(window, c0)
        assert len(steps) == 3 and steps[1].startswith("「背景"), steps
        assert stored(window, t2).estimate_days != 99999
        assert any("99999" in s for s in said), said
        assert not [s for s in said if "CRASH" in s], said
        undo(window)
        assert stored(window, t3).title == start[2].title and answer(window) == "拒否の間の回答"
        undo(window)
        undo(window)
        assert (stored(window, t1), answer(window), stored(window, t3)) == start
        for _ in range(3):
            redo(window)
        assert (stored(window, t1).title, answer(window), stored(window, t3).title) == ("拒否の前の件名", "拒否の間の回答", "拒否の後の件名")
    finally:
        close_window(window)


def test_a_value_refused_once_the_lock_goes_is_held_in_its_cell_and_said_by_its_task(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    from app.ui.wbs.refused import REFUSED

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        (t1, t2, t3), _start, _c0 = refused_among_waiting(window, qtbot, db_path)
        name = window.page("wbs").model.tree.tasks[t2].title
        refused = [s for s in said if "99999" in s]
        held = [k for k, _d in drafts_of_window(window).kept(window.state.project_id, REFUSED)]
        assert len(held) == 1 and refused and name in refused[-1], (held, refused, name)
    finally:
        close_window(window)

def waiting_now(window) -> dict:
    """What still waits (for a failure's message): the drafts by key, the window's turns by owner."""
    from app.ui.hearing.drafts import drafts_of

    edits = window.state.waiting_edits
    kept = [(p, key, sorted(d.fields), d.busy) for (p, key), d in drafts_of(window.state)._drafts.items()]
    return {"drafts": kept, "turns": sorted((turn, type(who).__name__) for turn, who, _retry in edits._turns.values())}


def drafts_of_window(window):
    from app.ui.hearing.drafts import drafts_of

    return drafts_of(window.state)



# --- a colleague's change asked about in the middle of the ordered run ------------------------------------------


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_conflict_asked_mid_run_keeps_the_order_and_stores_each_once(qtbot, db_path, said, short_busy, monkeypatch, choice) -> None:  # noqa: F811
    import sys

    import app.ui.window.conflict_dialog as conflict_dialog
    from app.wbs.service import WbsService
    from tests.conftest import answer_conflict
    from tests.test_drafts_on_disk_pages import other_workspace

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v}"))
    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: asked.append(1) or answer_conflict(choice)(d))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1, t2 = leaves(window)[:2]
        section = proposal_typed(window, qtbot, "")
        window.watcher.timer.stop()  # (the colleague's save a moment ago, not seen yet)
        monkeypatch.setattr(window.watcher, "poll", lambda: False)
        ws = other_workspace(window)
        try:
            WbsService(ws.db).update(window.state.project_id, [t2], title="同僚の件名")
        finally:
            ws.close()
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "順の一")
            hearing_answer(window, qtbot, "順の二")
            wbs_title(window, qtbot, t2, "順の三")
            proposal_typed(window, qtbot, "(順の四)")
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0 and section_text(window, section).endswith("(順の四)")
                        and answer(window) == "順の二", timeout=15000)
        qtbot.wait(300)
        settle(window)
        steps = texts(window, c0)
        assert len(asked) == 1, f"asked {len(asked)} times"
        want = 4 if choice == "mine" else 3
        assert len(steps) == want and steps[1].startswith("「背景") and steps[-1] == "提案書の編集", steps
        assert stored(window, t2).title == ("順の三" if choice == "mine" else "同僚の件名")
        assert stored(window, t1).title == "順の一"
        assert section_text(window, section).count("(順の四)") == 1
        assert not hooked, hooked
    finally:
        close_window(window)


# --- the lock taken again part-way through the run ------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("after", [1, 2, 3])
def test_the_lock_taken_again_part_way_the_rest_is_saved_later_in_order_none_twice(qtbot, db_path, said, short_busy, monkeypatch, after) -> None:  # noqa: F811
    import sys

    from PySide6.QtCore import QTimer

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v}"))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1, t2, t3 = leaves(window)[:3]
        section = proposal_typed(window, qtbot, "")
        start_count = len(window.page("wbs").model.tree.tasks)
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "途中の一")
            hearing_answer(window, qtbot, "途中の二")
            wbs_title(window, qtbot, t2, "途中の三")
            proposal_typed(window, qtbot, "(途中の四)")
            act(window, qtbot, "add", t3)
        finally:
            release(lock)
        again: list = []

        def stored_one(_index: int) -> None:  # the run made `after` steps: the lock is taken again for 2.5 s
            if not again and window.state.undo_stack.count() - c0 == after:
                again.append(hold_write_lock(db_path))
                QTimer.singleShot(2500, lambda: release(again[0]))

        window.state.undo_stack.indexChanged.connect(stored_one)
        try:
            qtbot.waitUntil(lambda: drafts(window) == 0 and window.state.undo_stack.count() - c0 >= 5, timeout=20000)
        except Exception:
            pytest.fail(f"not all stored: steps {texts(window, c0)} drafts {waiting_now(window)} said {said} hooked {hooked}")
        qtbot.wait(2500)
        settle(window)
        assert again, "the lock was never taken again"
        steps = texts(window, c0)
        assert steps[1].startswith("「背景") and steps[3] == "提案書の編集" and steps[4] == "タスクを追加" and len(steps) == 5, steps
        assert (stored(window, t1).title, answer(window), stored(window, t2).title) == ("途中の一", "途中の二", "途中の三")
        assert section_text(window, section).count("(途中の四)") == 1
        assert len(window.page("wbs").model.tree.tasks) == start_count + 1
        assert not hooked, hooked
    finally:
        close_window(window)


# --- a language switch between edits; the window closed while WBS edits wait ----------------------------------


@pytest.mark.qt_no_exception_capture
def test_a_language_switch_between_waiting_edits_keeps_their_order(qtbot, db_path, said, short_busy, monkeypatch) -> None:  # noqa: F811
    import sys

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v}"))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1, t2 = leaves(window)[:2]
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "切替の一")
            hearing_answer(window, qtbot, "切替の二")
            window.set_ui_lang("en")
            qtbot.wait(300)
            window.set_ui_lang("ja")
            qtbot.wait(300)
            wbs_title(window, qtbot, t2, "切替の三")
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0 and stored(window, t2).title == "切替の三" and answer(window) == "切替の二"
                        and stored(window, t1).title == "切替の一", timeout=15000)
        qtbot.wait(300)
        settle(window)
        steps = texts(window, c0)
        assert len(steps) == 3 and steps[1].startswith("「背景"), f"stored in this order: {steps}"
        assert not hooked, hooked
    finally:
        close_window(window)


def test_the_window_closed_while_wbs_edits_wait_with_an_answer_between_the_next_stores_them_in_order(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    t1, t2 = leaves(window)[:2]
    lock = hold_write_lock(db_path)
    try:
        wbs_title(window, qtbot, t1, "閉の一")
        hearing_answer(window, qtbot, "閉の二")
        wbs_title(window, qtbot, t2, "閉の三")
        close_window(window)
    finally:
        release(lock)
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        c0 = again.state.undo_stack.count()
        for page_id in ("wbs", "hearing"):
            again.show_page(page_id)
            settle(again)
        qtbot.waitUntil(lambda: drafts(again) == 0 and stored_title(again, t2) == "閉の三" and answer(again) == "閉の二"
                        and stored_title(again, t1) == "閉の一", timeout=15000)
        qtbot.wait(300)
        settle(again)
        steps = texts(again, c0)
        assert len(steps) == 3 and steps[1].startswith("「背景"), f"stored in this order: {steps}"
    finally:
        close_window(again)
