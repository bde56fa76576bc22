"""An edit (an estimate) a busy database kept waiting is saved before a slow operation pressed after the lock went
(the Schedule button, run on a worker): stored in the order made, the schedule working with it, so Undo right after
takes back the schedule, not the estimate."""

from __future__ import annotations

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker53k import leaves, wbs
from tests.test_breaker54f import stored, wbs_cell
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture
from tests.test_wbs_waiting_kept import said  # noqa: F401 - a fixture


def test_an_estimate_waiting_is_stored_before_the_schedule_pressed_after_the_lock_went(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        page = window.page("wbs")
        t1 = leaves(window)[-1]
        before = stored(window, t1)
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_cell(window, qtbot, t1, "estimate_days", "19.5")
        finally:
            release(lock)
        page._retry.stop()  # (its timer would save it in a moment: the button is pressed first)
        page.schedule_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        stack = window.state.undo_stack
        steps = [stack.text(i) for i in range(c0, stack.count())]
        after = stored(window, t1)
        assert after.estimate_days == 19.5 and after.finish != before.finish, (steps, before, after)  # scheduled with it
        assert len(steps) == 2 and steps[-1] == "スケジュール", steps
        window.undo_action.trigger()  # the schedule taken back: the estimate stays
        settle(window)
        assert (stored(window, t1).estimate_days, stored(window, t1).finish) == (19.5, before.finish)
        window.undo_action.trigger()
        settle(window)
        assert stored(window, t1).estimate_days == before.estimate_days
    finally:
        close_window(window)
