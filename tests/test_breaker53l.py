"""breaker53l: a demanding Japanese user tries 5442b3b (edits a busy database kept waiting saved by themselves after a
language switch; hearing answers a window gone left saved by a window-level retry, LeftAnswers) and be0d105 (WBS and
proposal pages built at start when a window gone left such edits). Another process holds SQLite's write lock.

Tried / Held / Broke (kept current; the Broke ones are strict xfails below):
 Broke (strict xfails):
 - test_crash_drafts_of_another_project_are_not_saved_into_the_one_opened_nor_lost[front]: a crash leaves WBS +
   proposal edits of project A; the next window starts on project B (Exports in front): once A is opened they are
   not saved by themselves (kept as drafts, saved only when their page is shown): _wake_waiting runs at start only.
 - test_two_language_switches_in_a_row_while_edits_wait_lose_nothing[0] (fixed since): two switches with no event
   between: the first rebuild's queued _wake_waiting ran inside the second drop's processEvents and raised
   AssertionError (page_stack.py _build_page, placeholder None); it now leaves the wake-up to the second rebuild.
   With 50 ms / 600 ms between: held.
 Held:
 - crash with WBS + proposal + hearing edits waiting, the next window on Exports while still locked, then released:
   each stored once, no message, Exports stays in front, Undo offered.
 - the same with a language switch ja->en->ja in the next window while still locked: all stored once, nothing raised.
 - drafts of project A with project B opened: nothing written into B; A's answer saved to A; shown pages save the rest.
 - a language switch with the database free and a colleague's change to the same WBS title: asked once, theirs kept
   (stored and shown).
 Not tried (time-box): PostgreSQL, a refused value among the drafts, two windows both left by crashes.
"""

from __future__ import annotations

import pytest

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker53k import (
    answer,
    drafts,
    hearing_answer,
    leaves,
    proposal_typed,
    stored_section,
    stored_title,
    wbs,
    wbs_title,
)
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture
from tests.test_wbs_waiting_kept import said  # noqa: F401 - a fixture


def left_by_a_crash(qtbot, db_path, other_name: str | None = None):
    """A window typed a WBS title, an answer and a proposal section while the database was held, then crashed; the
    lock is still held (returned). (task id, section, project id, other project id)"""
    from tests.test_drafts_on_disk_pages import crash

    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    pid = window.state.project_id
    other = window.state.projects.create(other_name).id if other_name else None
    t1 = leaves(window)[0]
    proposal_typed(window, qtbot, "")
    lock = hold_write_lock(db_path)
    try:
        wbs_title(window, qtbot, t1, "落ちる前の件名")
        hearing_answer(window, qtbot, "落ちる前の回答")
        section = proposal_typed(window, qtbot, "(落ちる前の追記)")
        crash(window)
    except BaseException:
        release(lock)
        raise
    return lock, t1, section, pid, other


def test_crash_next_window_on_exports_still_locked_then_released_saves_all_once(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    lock, t1, section, pid, _ = left_by_a_crash(qtbot, db_path)
    said.clear()
    try:
        again = make_window(qtbot, db_path, global_lang="ja", page="exports")
        qtbot.wait(3000)  # retries while it is still held
        assert again.current_page().page_id == "exports"
        assert drafts(again) >= 3, drafts(again)
    finally:
        release(lock)
    try:
        def now():
            return (stored_title(again, t1), answer(again), stored_section(again, section).count("(落ちる前の追記)"))

        try:
            qtbot.waitUntil(lambda: now() == ("落ちる前の件名", "落ちる前の回答", 1) and drafts(again) == 0, timeout=20000)
        except Exception:
            pytest.fail(f"not all saved: {now()} drafts {drafts(again)} said {said}")
        settle(again)
        qtbot.wait(2500)
        assert now() == ("落ちる前の件名", "落ちる前の回答", 1)
        assert again.current_page().page_id == "exports"
        assert said == [], said  # at most the one 'kept' note at start, never a storm
        assert again.undo_action.isEnabled()
    finally:
        close_window(again)


@pytest.mark.parametrize("how", [
    "front",  # (was broken: _wake_waiting built their pages only at window start, for the project open then)
    "shown",
])
def test_crash_drafts_of_another_project_are_not_saved_into_the_one_opened_nor_lost(qtbot, db_path, said, short_busy, how) -> None:  # noqa: F811
    lock, t1, section, pid, other = left_by_a_crash(qtbot, db_path, other_name="別案件53l")
    said.clear()
    try:
        again = make_window(qtbot, db_path, global_lang="ja", page="exports", global_project=str(other))
        assert again.state.project_id == other
        qtbot.wait(2500)
    finally:
        release(lock)
    try:
        qtbot.wait(6000)  # retries with the database free, the other project open
        settle(again)
        from app.wbs.service import WbsService

        tasks = WbsService(again.state.workspace.db).tree(other).tasks.values()
        assert not any(t.title == "落ちる前の件名" for t in tasks), "A's WBS title written into B"
        assert answer(again) != "落ちる前の回答", "A's answer written into B"
        assert again.current_page().page_id == "exports"
        again.open_project(pid)
        settle(again)
        if how == "shown":
            for page_id in ("wbs", "proposal", "exports"):
                again.show_page(page_id)
                settle(again)

        def now():
            return (stored_title(again, t1), answer(again), stored_section(again, section).count("(落ちる前の追記)"))

        try:
            qtbot.waitUntil(lambda: now() == ("落ちる前の件名", "落ちる前の回答", 1) and drafts(again) == 0, timeout=20000)
        except Exception:
            pytest.fail(f"A's edits lost or never saved once A is opened: {now()} drafts {drafts(again)} said {said}")
        assert again.current_page().page_id == "exports" and said == []
    finally:
        close_window(again)


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("gap", [
    0, 50, 600,
])
def test_two_language_switches_in_a_row_while_edits_wait_lose_nothing(qtbot, db_path, said, short_busy, monkeypatch, gap) -> None:  # noqa: F811
    import sys

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v} " + "".join(__import__("traceback").format_tb(tb))[-1500:]))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[0]
        proposal_typed(window, qtbot, "")
        count0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "二度切替の件名")
            hearing_answer(window, qtbot, "二度切替の回答")
            section = proposal_typed(window, qtbot, "(二度切替の追記)")
            window.show_page("wbs")
            window.set_ui_lang("en")
            qtbot.wait(gap)  # 0: at once, before the rebuilt pages' zero-delay wake
            window.set_ui_lang("ja")
            qtbot.wait(2500)
        finally:
            release(lock)

        def now():
            return (stored_title(window, t1), answer(window), stored_section(window, section).count("(二度切替の追記)"))

        try:
            qtbot.waitUntil(lambda: now() == ("二度切替の件名", "二度切替の回答", 1) and drafts(window) == 0, timeout=20000)
        except Exception:
            pytest.fail(f"not all stored: {now()} drafts {drafts(window)} said {said} hooked {hooked}")
        settle(window)
        qtbot.wait(2500)
        assert now() == ("二度切替の件名", "二度切替の回答", 1)
        assert window.current_page().page_id == "wbs"
        steps = [window.state.undo_stack.text(i) for i in range(count0, window.state.undo_stack.count())]
        assert len(steps) == 3, steps
        assert not hooked, hooked
    finally:
        close_window(window)


def test_a_language_switch_with_the_database_free_but_a_colleague_changed_the_title_asks_once(qtbot, db_path, said, short_busy, monkeypatch) -> None:  # noqa: F811
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict
    from tests.test_drafts_on_disk_pages import other_workspace

    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: asked.append(d) or answer_conflict("theirs")(d))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[0]
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "私の件名53l")
            window.page("wbs")._retry.stop()
        finally:
            release(lock)
        from app.wbs.service import WbsService

        ws = other_workspace(window)
        try:
            WbsService(ws.db).update(window.state.project_id, [t1], title="同僚の件名53l")
        finally:
            ws.close()
        window.set_ui_lang("en")
        qtbot.wait(300)
        window.set_ui_lang("ja")
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        qtbot.wait(2500)
        assert len(asked) == 1, f"asked {len(asked)} times"
        assert stored_title(window, t1) == "同僚の件名53l", "the colleague's title overwritten"
        shown = window.page("wbs").model.tree.tasks[t1].title
        assert shown == "同僚の件名53l", shown
    finally:
        close_window(window)


@pytest.mark.qt_no_exception_capture
def test_crash_next_window_switches_language_while_still_locked_saves_all_once(qtbot, db_path, said, short_busy, monkeypatch) -> None:  # noqa: F811
    import sys

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v}"))
    lock, t1, section, pid, _ = left_by_a_crash(qtbot, db_path)
    said.clear()
    try:
        again = make_window(qtbot, db_path, global_lang="ja", page="exports")
        qtbot.wait(1500)
        again.set_ui_lang("en")
        qtbot.wait(1500)
        again.set_ui_lang("ja")
        qtbot.wait(1500)
    finally:
        release(lock)
    try:
        def now():
            return (stored_title(again, t1), answer(again), stored_section(again, section).count("(落ちる前の追記)"))

        try:
            qtbot.waitUntil(lambda: now() == ("落ちる前の件名", "落ちる前の回答", 1) and drafts(again) == 0, timeout=20000)
        except Exception:
            pytest.fail(f"not all saved: {now()} drafts {drafts(again)} said {said} hooked {hooked}")
        settle(again)
        assert again.current_page().page_id == "exports"
        assert len(said) <= 1 and not hooked, (said, hooked)
    finally:
        close_window(again)
