"""Undo and Redo of a big step on a worker (app/ui/window/step_worker.py): undoing a schedule of 10,000
tasks froze the window about a second (the last sessions' notes). A step of BIG_STEP tasks or more is
stored on a worker; here BIG_STEP is lowered so the demo's 82 tasks are "big", and the worker is slowed
so what the window does meanwhile can be seen: the stack moves at once, Undo / Redo are greyed and the
WBS page's editing is off until the result is shown; an edit on another page waits as a draft and is
saved after; a step another window made stale is refused, said in Japanese and dropped; a busy database
steps the stack back, the step kept."""

from __future__ import annotations

from app.proposal.service import ProposalService
from app.ui.operations import run_op
from app.wbs.operations import wbs_op
from app.wbs.service import WbsService
from tests.gui_helpers import make_window, proposal_section, settle, two_windows
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401  (a fixture)

NOTE = "一括で追記したメモ"




def note_every_task(window, note: str = NOTE) -> dict[int, str]:
    """One step that writes a note on every task of the demo (82 tasks); returns the notes before it."""
    state, page = window.state, window.page("wbs")
    pid = state.project_id
    notes = {t.id: t.notes for t in page.model.tree.walk()}
    run_op(state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, list(notes), notes=note)), lambda: "一括メモ")
    settle(window)
    return notes


def stored_notes(window) -> dict[int, str]:
    tree = WbsService(window.state.workspace.db).tree(window.state.project_id)
    return {i: t.notes for i, t in tree.tasks.items()}


def test_a_big_undo_is_stored_on_a_worker_while_the_window_goes_on(qtbot, db_path, big, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    page, stack = window.page("wbs"), window.state.undo_stack
    notes = note_every_task(window)
    count = stack.count()

    window.undo_action.trigger()
    # The call came back before the step was stored: the window is not frozen for it.
    assert stack.worker.running and stack.index() == count - 1
    assert set(stored_notes(window).values()) == {NOTE}
    assert not window.undo_action.isEnabled() and not window.redo_action.isEnabled()
    assert page.busy and not page.tree.isEnabled()
    window.undo_action.trigger()  # pressed again meanwhile: waits, nothing more is undone
    qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
    settle(window)
    assert stored_notes(window) == notes
    assert {i: t.notes for i, t in page.model.tree.tasks.items()} == notes  # shown
    assert stack.index() == count - 1 and window.redo_action.isEnabled() and window.undo_action.isEnabled() == stack.canUndo()
    assert not page.busy and page.tree.isEnabled()

    window.redo_action.trigger()
    assert stack.worker.running and stack.index() == count
    qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
    settle(window)
    assert set(stored_notes(window).values()) == {NOTE}
    assert {t.notes for t in page.model.tree.tasks.values()} == {NOTE}
    assert not said


def test_typing_on_another_page_meanwhile_waits_as_a_draft_and_is_saved_after(qtbot, db_path, big, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    note_every_task(window)
    stack = window.state.undo_stack
    window.undo_action.trigger()
    assert stack.worker.running
    page, section_id, field = proposal_section(window, qtbot, 0)
    field.insertPlainText("(顧客の追記)")  # typed while the step is stored
    qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
    pid, documents = window.state.project_id, window.state.documents
    qtbot.waitUntil(lambda: "(顧客の追記)" in ProposalService(documents).load(pid).texts.get(section_id, {}).get(page.lang, ""), timeout=15000)
    settle(window)
    assert set(stored_notes(window).values()) != {NOTE}  # the undo was made too
    assert not [s for s in said if "CRASH" in s]


def test_a_big_undo_made_stale_by_another_window_is_refused_said_and_dropped(qtbot, db_path, monkeypatch, big, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        note_every_task(a)
        b.page("wbs").reload()
        settle(b)
        task = next(t for t in b.page("wbs").model.tree.walk() if not b.page("wbs").model.tree.has_children(t.id))
        pid = b.state.project_id
        run_op(b.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], notes="佐藤さんのメモ")), lambda: "メモ")
        settle(b)
        stack = a.state.undo_stack
        count = stack.count()
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        a.undo_action.trigger()
        qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
        settle(a)
        assert stored_notes(a)[task.id] == "佐藤さんのメモ"  # theirs kept
        assert NOTE in set(stored_notes(a).values())  # nothing of the step undone
        assert stack.count() == count - 1 and stack.index() == count - 1  # the step dropped
        words = " ".join(problems + said)
        assert "元に戻す" in words and task.title in words, words
        assert "CRASH" not in words
        assert not a.page("wbs").busy


def test_a_big_undo_on_a_busy_database_steps_back_and_stays(qtbot, db_path, big, said, short_busy) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    notes = note_every_task(window)
    stack = window.state.undo_stack
    count = stack.count()
    lock = hold_write_lock(db_path)
    try:
        problems: list[str] = []
        window.state.problem.connect(problems.append)
        window.undo_action.trigger()
        qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
        settle(window)
        assert stack.index() == count  # stepped back: the step stays to undo
        assert any("使用中" in p for p in problems), problems
    finally:
        release(lock)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
    settle(window)
    assert stored_notes(window) == notes and stack.index() == count - 1
    assert not [s for s in said if "CRASH" in s]


def test_a_small_step_is_still_undone_at_once(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    task = next(t for t in page.model.tree.walk() if not page.model.tree.has_children(t.id))
    pid = window.state.project_id
    run_op(window.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], notes="一件")), lambda: "メモ")
    window.undo_action.trigger()
    assert not window.state.undo_stack.worker.running
    assert stored_notes(window)[task.id] == task.notes
    assert page.model.tree.tasks[task.id].notes == task.notes
