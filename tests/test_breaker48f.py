"""breaker48f: a team sharing one PostgreSQL database (README "Working as a team") with this session's newest
changes: Undo / Redo of a big step made on a worker (app/ui/window/step_worker.py; BIG_STEP lowered so the
demo's 82 tasks are big, as tests/test_big_step_worker.py does), Undo/Redo greyed while any operation of the
window runs on a worker (app/ui/operations.py run_op_in_background), and the Excel WBS import reading the sheet
headed as a WBS whatever its tab is called. Window A (山田) and window B (佐藤) or a CLI process, in Japanese,
on the throwaway server of tests/pg.py (pg_server / pg_url). Scratch under /tmp/breaker48f.

Tried and held (tests below, each 4-8 s on PostgreSQL):
- the server stopped (pg_ctl stop -m fast) while A's big undo is being stored on the worker: the stack steps back,
  「元に戻す: オフライン: …」 said, the step waits and is made once when the server is back (stored and shown), Redo
  then works; the same after A opened another project meanwhile (the step kept aside, made from its change,
  nothing of project 1 shown in project 2);
- A's connection killed (pg_terminate_backend) while the worker waits for 佐藤's write lock, and while the worker's
  writes wait for their commit: nothing half-written, the step waits and is made once, stack and page in step;
- 佐藤 retitles a task under A's big undo of notes: the undo made, 佐藤's title kept (only the step's field compared);
  佐藤 deletes a task under it: the undo refused whole (nothing half-undone), said in Japanese naming the task,
  dropped from A's stack;
- two windows each undoing a big step at once: both made, each window shows the other's result;
- A's schedule (slowed, holding the project lock) while 佐藤's CLI ``import wbs --yes`` of the same project from a
  sheet whose tab was renamed (「お客様修正版」): Undo/Redo greyed while the schedule runs; the import waits and
  applies the customer's title, the schedule's dates kept (the sheet's old dates are no change); A's undo of the
  schedule then restores the dates and keeps the imported title.

Broke (strict xfails):
- test_big_undo_waiting_for_a_colleagues_write_does_not_freeze_the_window (fixed in the session after: on
  PostgreSQL a window keeps a connection for each worker and one more, its UI thread's reads never wait for a worker's; was: the app keeps one
  connection to the database, so a read on the UI thread waits for any worker's transaction; the README says so):
  while A's big undo waits on its worker for a colleague's write lock, opening another page freezes A's window 1.9 s
  (the UI thread waits for the database's one connection, held by the worker until the lock timeout);
- test_big_undo_whose_connection_is_cut_is_said_in_japanese_only (fixed: the reason a connection dropped is said in
  the catalogue's words): a connection cut by the server was said with PostgreSQL's English:
  「…接続できません(terminating connection due to administrator command)。…」.

Not tried (time-box): a network drop (not a refused connection: the 10 s connect timeout) under the worker, the
window's own Excel import pressed while a big undo runs, a big redo meeting an import that deleted tasks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from app.ui.operations import run_op
from app.ui.window import step_worker
from app.wbs.operations import wbs_op
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, settle
from tests.test_big_step_worker import NOTE, note_every_task, stored_notes

pg = pytest.mark.postgresql
REPO = Path(__file__).resolve().parent.parent


def pg_window(qtbot, url: str, author: str = "山田 太郎"):
    window = make_window(qtbot, url, first_start=True, global_lang="ja")
    window.state.workspace.author = author
    window.show_page("wbs")
    settle(window)
    return window


def wait_done(qtbot, window, timeout: int = 20000, *, settled: bool = True) -> None:
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=timeout)
    if settled:
        settle(window)
    else:
        qtbot.wait(200)


# --- the server stopped / a connection killed while a big undo is stored ------------------------------------


@pg
def test_big_undo_while_the_server_stops_waits_and_is_made_once_when_it_is_back(qtbot, pg_server, pg_url, big, said) -> None:
    a = pg_window(qtbot, pg_url)
    try:
        notes = note_every_task(a)
        stack = a.state.undo_stack
        count = stack.count()
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        a.undo_action.trigger()
        assert stack.worker.running
        pg_server.halt("fast")  # within the worker's 0.6 s
        try:
            wait_done(qtbot, a, settled=False)
            assert stack.index() == count, "the step stays to undo"
            assert any("オフライン" in p or "接続" in p for p in problems), problems
            assert a.state.offline
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: not a.state.offline and len(stack.waiting) == 0, timeout=20000)
        settle(a)
        assert stored_notes(a) == notes
        assert stack.index() == count - 1 and stack.count() == count
        assert {i: t.notes for i, t in a.page("wbs").model.tree.tasks.items()} == notes
        a.redo_action.trigger()
        wait_done(qtbot, a)
        assert set(stored_notes(a).values()) == {NOTE}
        assert not [s for s in said + problems if "CRASH" in s or "Traceback" in s]
    finally:
        close_window(a)


def hold_write_lock(pg_url: str):
    """佐藤's process in the middle of a long write: PostgreSQL's advisory write lock held (app/core/storage/db.py)."""
    import psycopg
    from sqlalchemy.engine import make_url

    from app.core.storage.db import WRITE_LOCK_KEY
    from tests.pg import BOUNDED, PASSWORD

    u = make_url(pg_url)
    conn = psycopg.connect(host=u.host, port=u.port, user=u.username, password=PASSWORD, dbname=u.database, autocommit=True,
                           connect_timeout=10, options=BOUNDED)  # (a server that hangs fails the test, never holds it)
    conn.execute("SELECT pg_advisory_lock(%s)", (WRITE_LOCK_KEY,))
    return conn


def release_write_lock(conn) -> None:
    from app.core.storage.db import WRITE_LOCK_KEY

    conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_LOCK_KEY,))
    conn.close()


def waiting_for_the_write_lock(conn) -> bool:
    """Whether some other session waits for the advisory write lock ``conn`` holds (the worker's undo, in its transaction)."""
    from app.core.storage.db import WRITE_LOCK_KEY

    row = conn.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                       " AND (classid::bigint << 32 | objid::bigint) = %s", (WRITE_LOCK_KEY,)).fetchone()
    return bool(row and row[0])


@pg
def test_big_undo_waiting_for_a_colleagues_write_does_not_freeze_the_window(qtbot, pg_server, pg_url, big, said, monkeypatch) -> None:
    """A's big undo waits (on its worker) for 佐藤's write lock: A meanwhile opens another page; the UI thread
    must not wait the lock out (the point of the worker). Told by what happened, not by seconds (a loaded machine
    made a page's opening alone 1.65 s): the page opened and the event loop kept turning while the worker still
    waited for the lock that only this test holds (a UI thread that waited for the worker's connection would have
    come back only once the worker gave up: the lock not waited for any more)."""
    from app.ui import app as gui_app

    monkeypatch.setattr(gui_app, "UI_BUSY_TIMEOUT_MS", 30000)  # the worker waits the lock out long after the page is open
    a = pg_window(qtbot, pg_url)
    try:
        notes = note_every_task(a)
        lock = hold_write_lock(pg_url)
        try:
            a.undo_action.trigger()
            assert a.state.undo_stack.worker.running
            qtbot.waitUntil(lambda: waiting_for_the_write_lock(lock), timeout=20000)  # the worker in its transaction
            ticks: list[int] = []
            timer = QTimer(a)
            timer.timeout.connect(lambda: ticks.append(1))
            timer.start(10)
            a.show_page("hearing")
            qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=20000)  # the event loop turns
            timer.stop()
            page = a.current_page()
            assert page.page_id == "hearing" and page.model.rowCount() > 0, "the page did not open"
            assert waiting_for_the_write_lock(lock), "the window came back only once the undo had stopped waiting for the lock"
            assert a.state.undo_stack.worker.running
        finally:
            release_write_lock(lock)
        wait_done(qtbot, a, settled=False)
        qtbot.waitUntil(lambda: not a.state.offline and len(a.state.undo_stack.waiting) == 0, timeout=20000)
        settle(a)
        assert stored_notes(a) == notes, "the undo was made once the lock was free"
    finally:
        close_window(a)


def leaf(window):
    tree = window.page("wbs").model.tree
    return next(t for t in tree.walk() if not tree.has_children(t.id))


@pg
def test_held_big_undo_keeps_the_titles_a_colleague_changed_meanwhile(qtbot, pg_server, pg_url, big, said) -> None:
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        notes = note_every_task(a)
        qtbot.waitUntil(lambda: NOTE in {t.notes for t in b.page("wbs").model.tree.tasks.values()}, timeout=5000)
        task = leaf(b)
        pid = b.state.project_id
        a.undo_action.trigger()
        assert a.state.undo_stack.worker.running
        # 佐藤 retitles a task while A's undo is being stored (before the worker writes)
        run_op(b.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], title="佐藤が直した件名")), lambda: "件名")
        wait_done(qtbot, a)
        tree = WbsService(a.state.workspace.db).tree(pid)
        assert tree.tasks[task.id].title == "佐藤が直した件名"
        assert stored_notes(a) == notes
        qtbot.waitUntil(lambda: b.page("wbs").model.tree.tasks[task.id].notes == notes[task.id], timeout=5000)
        settle(b)
        assert a.page("wbs").model.tree.tasks[task.id].title == "佐藤が直した件名"
        assert not said
    finally:
        close_window(b)
        close_window(a)


@pg
def test_held_big_undo_after_a_colleague_deleted_one_of_its_tasks_is_refused_whole_and_named(qtbot, pg_server, pg_url, big, said) -> None:
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        note_every_task(a)
        qtbot.waitUntil(lambda: NOTE in {t.notes for t in b.page("wbs").model.tree.tasks.values()}, timeout=5000)
        task = leaf(b)
        pid = b.state.project_id
        stack = a.state.undo_stack
        count = stack.count()
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        a.undo_action.trigger()
        run_op(b.state, wbs_op(pid, lambda ws: WbsService(ws.db).delete(pid, [task.id])), lambda: "削除")
        wait_done(qtbot, a)
        notes = stored_notes(a)
        assert task.id not in notes
        assert set(notes.values()) == {NOTE}, "nothing of the step undone (never half)"
        assert stack.count() == count - 1
        words = " ".join(problems + said)
        assert "元に戻す" in words and task.title in words, words
        assert "CRASH" not in words and "Traceback" not in words
        assert task.id not in a.page("wbs").model.tree.tasks
    finally:
        close_window(b)
        close_window(a)


@pg
def test_held_two_windows_each_undo_a_big_step_at_once(qtbot, pg_server, pg_url, big, said) -> None:
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    try:
        before = note_every_task(a, "山田のメモ")
        qtbot.waitUntil(lambda: "山田のメモ" in {t.notes for t in b.page("wbs").model.tree.tasks.values()}, timeout=5000)
        settle(b)
        # 佐藤's own big step: every title
        pid = b.state.project_id
        titles = {t.id: t.title for t in b.page("wbs").model.tree.walk()}
        run_op(b.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, list(titles), expected_output="佐藤の成果物")), lambda: "成果物")
        settle(b)
        settle(a)
        a.undo_action.trigger()
        b.undo_action.trigger()
        assert a.state.undo_stack.worker.running and b.state.undo_stack.worker.running
        wait_done(qtbot, a)
        wait_done(qtbot, b)
        assert stored_notes(a) == before
        tree = WbsService(a.state.workspace.db).tree(pid)
        assert "佐藤の成果物" not in {t.expected_output for t in tree.tasks.values()}
        qtbot.waitUntil(lambda: {i: t.notes for i, t in b.page("wbs").model.tree.tasks.items()} == before, timeout=5000)
        assert not said
    finally:
        close_window(b)
        close_window(a)


def terminate_waiting(pg_server, pg_url: str) -> int:
    """Cut A's connection that waits for the write lock (pg_terminate_backend), not 佐藤's."""
    from sqlalchemy.engine import make_url

    name = make_url(pg_url).database
    with pg_server.admin() as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
            " AND query ILIKE %s", (name, "%advisory_xact_lock%")).fetchall()  # fmt: skip
    return len(rows)


@pg
def test_big_undo_whose_connection_is_killed_waits_and_is_made_once(qtbot, pg_server, pg_url, big, said) -> None:
    a = pg_window(qtbot, pg_url)
    try:
        notes = note_every_task(a)
        stack = a.state.undo_stack
        count = stack.count()
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        lock = hold_write_lock(pg_url)
        try:
            a.undo_action.trigger()
            qtbot.wait(900)  # the worker waits for 佐藤's lock inside its transaction
            assert terminate_waiting(pg_server, pg_url) == 1
            wait_done(qtbot, a, settled=False)
        finally:
            release_write_lock(lock)
        assert set(stored_notes(a).values()) == {NOTE}
        qtbot.waitUntil(lambda: len(stack.waiting) == 0 and stack.index() == count - 1, timeout=20000)
        settle(a)
        assert stored_notes(a) == notes
        assert stack.count() == count and stack.canRedo()
        assert {i: t.notes for i, t in a.page("wbs").model.tree.tasks.items()} == notes
        words = " ".join(problems + said)
        assert "CRASH" not in words and "Traceback" not in words, words
        assert all("元に戻す" in p for p in problems), problems
    finally:
        close_window(a)


def customer_sheet(window, path: Path, old: str, new: str, tab: str = "お客様修正版") -> Path:
    """The WBS exported, one title changed by the customer, the tab renamed (the sheet is found by its heading)."""
    import openpyxl

    from app.wbs.files.xlsx import export_wbs_xlsx

    out = export_wbs_xlsx(window.state.workspace, window.state.project_id, path, "ja")
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == old)
    cell.value = new
    sheet.title = tab
    book.save(out)
    return out


@pg
def test_held_a_schedule_running_while_a_colleague_imports_the_excel_wbs_keeps_both(qtbot, pg_server, pg_url, monkeypatch, said, tmp_path) -> None:
    import datetime as dt

    from app.core.storage.db import lock_project
    from app.wbs import schedule as schedule_module

    a = pg_window(qtbot, pg_url)
    try:
        pid = a.state.project_id
        task = leaf(a)
        sheet = customer_sheet(a, tmp_path / "wbs.xlsx", task.title, "顧客が直した件名")
        before = {i: (t.start, t.finish) for i, t in WbsService(a.state.workspace.db).tree(pid).tasks.items()}
        real = schedule_module.schedule

        def slow(ws, project_id, start=None):
            with ws.db.transaction() as s:
                lock_project(s, project_id)
                time.sleep(2.5)  # a big plan's schedule
                return real(ws, project_id, dt.date(2031, 4, 7))

        monkeypatch.setattr(schedule_module, "schedule", slow)
        a.page("wbs").schedule()
        assert not a.undo_action.isEnabled() and not a.redo_action.isEnabled()  # greyed while it runs
        home = tmp_path / "cli"
        home.mkdir()
        env = {**os.environ, "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "s.ini"), "MLOPS_KICKOFF_AUTHOR": "佐藤"}
        proc = subprocess.Popen([sys.executable, "-m", "app", "--lang", "ja", "--db", pg_url, "import", "wbs", str(sheet), "--project", str(pid), "--yes"],
                                cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, (out, err)
        assert "Traceback" not in out + err
        settle(a)
        tree = WbsService(a.state.workspace.db).tree(pid)
        assert tree.tasks[task.id].title == "顧客が直した件名"
        after = {i: (t.start, t.finish) for i, t in tree.tasks.items()}
        assert after != before, "the schedule's dates kept (the sheet's old dates are no change)"
        qtbot.waitUntil(lambda: a.page("wbs").model.tree.tasks[task.id].title == "顧客が直した件名", timeout=5000)
        assert a.undo_action.isEnabled()
        a.undo_action.trigger()
        settle(a)
        tree = WbsService(a.state.workspace.db).tree(pid)
        assert {i: (t.start, t.finish) for i, t in tree.tasks.items()} == before
        assert tree.tasks[task.id].title == "顧客が直した件名"
        assert not said
    finally:
        close_window(a)


@pg
def test_held_big_undo_left_behind_by_opening_another_project_while_the_server_stops_is_made_once_back(qtbot, pg_server, pg_url, big, said) -> None:
    from app.core.projects import ProjectService

    a = pg_window(qtbot, pg_url)
    try:
        first = a.state.project_id
        other = ProjectService(a.state.workspace.db).create("別案件").id
        notes = note_every_task(a)
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        a.undo_action.trigger()
        assert a.state.undo_stack.worker.running
        a.open_project(other)  # within the worker's 0.6 s
        assert a.state.project_id == other
        pg_server.halt("fast")
        try:
            wait_done(qtbot, a, settled=False)
            assert len(a.state.undo_stack.waiting) == 1
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: len(a.state.undo_stack.waiting) == 0 and not a.state.offline, timeout=20000)
        settle(a)
        tree = WbsService(a.state.workspace.db).tree(first)
        assert {i: t.notes for i, t in tree.tasks.items()} == notes
        assert a.state.project_id == other
        assert not a.page("wbs").model.tree.tasks  # project 2 has no tasks: nothing of project 1 shown in it
        words = " ".join(problems + said)
        assert "CRASH" not in words and "Traceback" not in words, words
    finally:
        close_window(a)


@pg
def test_big_undo_whose_connection_is_cut_is_said_in_japanese_only(qtbot, pg_server, pg_url, big, said) -> None:
    import re

    a = pg_window(qtbot, pg_url)
    try:
        note_every_task(a)
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        lock = hold_write_lock(pg_url)
        try:
            a.undo_action.trigger()
            qtbot.wait(900)
            assert terminate_waiting(pg_server, pg_url) == 1
            wait_done(qtbot, a, settled=False)
        finally:
            release_write_lock(lock)
        qtbot.waitUntil(lambda: len(a.state.undo_stack.waiting) == 0, timeout=20000)
        settle(a)
        assert problems
        english = [p for p in problems if re.search(r"[A-Za-z]{4,}(?: [A-Za-z]+){2,}", p)]
        assert not english, english
    finally:
        close_window(a)


@pg
def test_held_big_undo_whose_connection_is_cut_before_its_commit_is_made_once_after(qtbot, pg_server, pg_url, monkeypatch, said) -> None:
    from sqlalchemy.engine import make_url

    monkeypatch.setattr(step_worker, "BIG_STEP", 5)
    real = WbsService.restore
    slow = {"on": False}

    def restore(self, *args, **kwargs):
        real(self, *args, **kwargs)
        if slow["on"]:
            slow["on"] = False
            time.sleep(1.2)  # written, not committed yet: the connection is cut now

    monkeypatch.setattr(WbsService, "restore", restore)
    a = pg_window(qtbot, pg_url)
    try:
        notes = note_every_task(a)
        stack = a.state.undo_stack
        count = stack.count()
        slow["on"] = True
        a.undo_action.trigger()
        assert stack.worker.running
        qtbot.wait(500)
        with pg_server.admin() as conn:
            cut = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND state = 'idle in transaction'",
                               (make_url(pg_url).database,)).fetchall()  # fmt: skip
        assert len(cut) == 1
        wait_done(qtbot, a, settled=False)
        qtbot.waitUntil(lambda: len(stack.waiting) == 0 and stack.index() == count - 1, timeout=20000)
        settle(a)
        assert stored_notes(a) == notes
        assert {i: t.notes for i, t in a.page("wbs").model.tree.tasks.items()} == notes
        assert stack.count() == count
        a.redo_action.trigger()
        wait_done(qtbot, a)
        assert set(stored_notes(a).values()) == {NOTE}
        assert not [s for s in said if "CRASH" in s]
    finally:
        close_window(a)
