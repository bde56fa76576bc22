"""A colleague's change that lands while this window's work is stored on a worker is never hidden by it.

Found from a flaky CI run of tests/test_breaker48f.py (two windows each undoing a big step at once: window B still
showed A's undone notes after both were done). A step or an operation made on a worker reads the tasks it writes,
writes, commits, and hands its result (the tasks as it wrote them) back to the UI thread. When a colleague commits
a change to those tasks after that read (on PostgreSQL: after this window's commit; SQLite: the same, its watcher
polling each second) and the window hears of it before the result comes back, the page read the plan again (the
colleague's change shown) and then laid the result over it: the colleague's change hidden until the next re-read,
and an edit typed over what is shown could overwrite it. Now a change heard while the window's own work runs has
the page read the plan again once that work's result is in.
"""

from __future__ import annotations

import threading
from pathlib import Path

from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, poll_heard, settle
from tests.test_big_step_worker import NOTE, note_every_task


def held_after_commit(monkeypatch, module, name: str) -> tuple[threading.Event, threading.Event]:
    """``module.name`` (a worker's run) holds its result after the commit until told: (committed, go on)."""
    real = getattr(module, name)
    committed, go_on = threading.Event(), threading.Event()

    def run(*args, **kwargs):
        change = real(*args, **kwargs)
        committed.set()
        go_on.wait(10)
        return change

    monkeypatch.setattr(module, name, run)
    return committed, go_on


def colleague_notes(db_path, pid: int, task_id: int, note: str) -> None:
    """Another process writes a note (its own connection and commit)."""
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace

    ws = Workspace.open(str(db_path), load_library([Path(__file__).resolve().parent.parent / "checklists"]))
    try:
        WbsService(ws.db).update(pid, [task_id], notes=note)
    finally:
        ws.close()


def test_a_colleagues_note_landing_during_a_big_undo_stays_shown(qtbot, db_path, big, monkeypatch) -> None:
    from app.ui.window import step_worker

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        note_every_task(window)
        committed, go_on = held_after_commit(monkeypatch, step_worker, "_run")
        task_id = next(t.id for t in page.model.tree.walk() if not page.model.tree.has_children(t.id))
        window.undo_action.trigger()  # the notes taken back, on the worker
        assert committed.wait(10)
        colleague_notes(db_path, window.state.project_id, task_id, "佐藤のメモ")
        assert poll_heard(window)  # heard before the undo's result is back
        go_on.set()
        qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=10000)
        settle(window)
        stored = WbsService(window.state.workspace.db).tree(window.state.project_id).tasks
        assert stored[task_id].notes == "佐藤のメモ"
        assert page.model.tree.tasks[task_id].notes == "佐藤のメモ"  # the colleague's note, as stored
        assert NOTE not in {t.notes for t in page.model.tree.tasks.values()}  # and the undo shown
    finally:
        go_on.set()
        close_window(window)


def test_a_colleagues_note_landing_during_a_schedule_stays_shown(qtbot, db_path, monkeypatch) -> None:
    from app.ui import operations
    from tests.test_drafts_on_disk_pages import other_workspace

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        task_id = next(t.id for t in page.model.tree.walk() if not page.model.tree.has_children(t.id))
        pid = window.state.project_id
        elsewhere = other_workspace(window)  # another connection: the window hears it (its own writes it does not poll)
        try:
            WbsService(elsewhere.db).update(pid, [task_id], estimate_days=page.model.tree.tasks[task_id].estimate_days + 20)
        finally:
            elsewhere.close()
        window.watcher.poll()
        settle(window)
        committed, go_on = held_after_commit(monkeypatch, operations, "_run")
        page.schedule_button.click()  # on a worker: the task's finish moves
        assert committed.wait(10)
        colleague_notes(db_path, window.state.project_id, task_id, "佐藤のメモ")
        assert poll_heard(window)
        go_on.set()
        settle(window)
        stored = WbsService(window.state.workspace.db).tree(pid).tasks[task_id]
        assert stored.notes == "佐藤のメモ"
        assert page.model.tree.tasks[task_id].notes == "佐藤のメモ"
        assert page.model.tree.tasks[task_id].finish == stored.finish
    finally:
        go_on.set()
        close_window(window)
