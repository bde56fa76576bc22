"""breaker50d: a window's background work when several jobs run at once (commit 897b234: every window's jobs on
Qt's global pool fixed at WORKERS = 3 threads; on PostgreSQL the engine keeps WORKERS + 1 connections). A
demanding Japanese user holds three or four long jobs at once (exports held on a threading.Event), then edits,
undoes, switches pages / projects / language, closes the window. Scratch in each test's tmp_path.

Tried / Held / Broke (the tests below, 3-17 s each; PostgreSQL on tests/pg.py's throwaway server):

Held:
- three exports of the Exports page held (the pool full), then a big undo pressed (queued behind them), pages
  opened meanwhile (each < 1 s): the undo is made once the exports let a thread go, shown, the files written;
- PostgreSQL: three jobs each inside a unit of work on the workers (the WORKERS connections checked out): the
  window opens its pages, the presence heartbeat is not skipped, 佐藤's window is named (the UI's connection);
- People dialog (WBS ▸ People…) during a big undo held on its worker: Save and Close refused in Japanese, the
  typing kept; closed after the undo: the person stored;
- Progress dialog during a big undo: OK refused in Japanese, the dialog stays with 40 %; OK after: stored.

Broke (all fixed in the same session, each test failed before: the restore waits for the workers' work without
freezing and says so; the project file's result on the page of now; the listening connection on a thread apart):
- test_a_restore_while_an_export_runs_does_not_freeze_the_window: restore_into_window waits on the UI thread for
  every background job (settle_background): File ▸ Restore Backup froze the window 3.1 s behind one export;
- test_a_project_file_exported_over_a_language_switch_is_said_on_the_page_of_now: Export project… reports to the
  dropped page (self._exported, not self.now()): the page shown after a language switch says nothing;
- test_after_a_server_restart_under_three_long_exports_a_colleagues_change_is_seen: the watcher's listening
  connection is made again as a job on the same 3-thread pool: after a server restart it waits behind three long
  exports, and 佐藤's change stays unseen in 山田's window (watcher connecting, not listening) until they finish.

Not tried (time-box): Import project… over a language switch (same shape as export_project: its label is the
dropped page's), the System planning page during a big undo, closing the window with four jobs held, a server
restart with the WORKERS sessions held.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.gui_helpers import close_window, make_window, settle
from tests.test_big_step_worker import NOTE, note_every_task, stored_notes

# A window that waited for the held work would wait until the hold's end (30 s): a step well under it did not wait.
# (Not 1 s: under the CI's load a page's first build alone took 1.1 s.)
NOT_HELD_S = 10.0

pg = pytest.mark.postgresql


class Gate:
    """Holds every worker's call of ``module.name`` until released (the work "still running")."""

    def __init__(self, monkeypatch, module, name: str) -> None:
        self.release = threading.Event()
        self.entered = 0
        self._lock = threading.Lock()
        real = getattr(module, name)

        def held(*args, **kwargs):
            if threading.current_thread() is not threading.main_thread():
                with self._lock:
                    self.entered += 1
                self.release.wait(30)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, held)


def timed(call) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


def out_path(folder: Path, name: str) -> Path:
    """Where an export is written: in the test's own ``folder`` (its tmp_path), never shared with a test run at once."""
    path = folder / name
    path.unlink(missing_ok=True)
    return path


def three_exports_held(qtbot, window, monkeypatch, tag: str, folder: Path) -> tuple[Gate, dict[str, Path]]:
    """Three exports of the Exports page started and held on their workers: the pool's three threads busy."""
    from app.ui import messages
    from app.ui.projects import exports_page

    gate = Gate(monkeypatch, exports_page, "run_export")
    window.show_page("exports")
    settle(window)
    page = window.page("exports")
    outs = {"wbs": out_path(folder, f"{tag}-wbs.xlsx"), "hearing-sheet": out_path(folder, f"{tag}-hearing.xlsx"),
            "minutes": out_path(folder, f"{tag}-minutes.md")}
    for name, out in outs.items():
        monkeypatch.setattr(messages, "save_file", lambda *_a, _out=out, **_k: str(_out))
        page.kind_buttons[name].click()
    qtbot.waitUntil(lambda: gate.entered == 3, timeout=5000)
    return gate, outs


def test_a_big_undo_queued_behind_three_held_exports_is_made_once_they_finish(qtbot, db_path, big, said, monkeypatch, tmp_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        settle(window)
        notes = note_every_task(window)
        stack = window.state.undo_stack
        gate, outs = three_exports_held(qtbot, window, monkeypatch, "undo", tmp_path)
        window.show_page("wbs")
        waits = {"undo": timed(window.undo_action.trigger)}
        assert stack.worker.running
        waits["hearing"] = timed(lambda: window.show_page("hearing"))
        waits["proposal"] = timed(lambda: window.show_page("proposal"))
        waits["wbs"] = timed(lambda: window.show_page("wbs"))
        qtbot.wait(1500)
        assert set(stored_notes(window).values()) == {NOTE}, "undone before the exports let a thread go?"
        gate.release.set()
        qtbot.waitUntil(lambda: not stack.worker.running, timeout=20000)
        settle(window)
        assert stored_notes(window) == notes
        assert {i: t.notes for i, t in window.page("wbs").model.tree.tasks.items()} == notes
        assert all(p.is_file() for p in outs.values()), outs
        assert max(waits.values()) < NOT_HELD_S, waits
        assert not [s for s in said if "CRASH" in s], said
    finally:
        close_window(window)


def test_a_restore_while_an_export_runs_does_not_freeze_the_window(qtbot, db_path, said, monkeypatch, tmp_path) -> None:
    """File ▸ Restore Backup pressed while an export (a big PDF, seconds long) runs on a worker: the window must
    not stand frozen, without a word, until the export is done (restore_into_window's settle_background)."""
    from app.core.storage import backups
    from app.ui import messages
    from app.ui.projects import exports_page
    from app.ui.projects.restore_dialog import restore_into_window

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        made = backups.create_backup(window.state.workspace.db)
        gate = Gate(monkeypatch, exports_page, "run_export")
        window.show_page("exports")
        settle(window)
        out = out_path(tmp_path, "restore-wbs.xlsx")
        monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(out))
        window.page("exports").kind_buttons["wbs"].click()
        qtbot.waitUntil(lambda: gate.entered == 1, timeout=5000)
        threading.Timer(3.0, gate.release.set).start()  # the export takes 3 s more
        froze = timed(lambda: restore_into_window(window.state, window, made))
        assert "終わり次第、バックアップから戻します" in window.statusBar().currentMessage()  # said, in Japanese
        gate.release.set()
        settle(window)
        assert not [s for s in said if "CRASH" in s], said
        assert froze < 1.0, f"the window froze {froze:.1f} s (restore waited for the export)"
        assert out.exists()  # the export done, then the restore made (said as ever)
        assert any("バックアップから戻し" in s for s in said), said
    finally:
        gate.release.set()
        close_window(window)


def test_a_project_file_exported_over_a_language_switch_is_said_on_the_page_of_now(qtbot, db_path, said, monkeypatch, tmp_path) -> None:
    """Exports ▸ Export project… (a project file) still writing when the user switches the language: the page
    built anew says what was written (as the documents' exports do), its button is on once done."""
    from app.projects import transfer
    from app.ui import messages

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        gate = Gate(monkeypatch, transfer, "export_file")
        window.show_page("exports")
        settle(window)
        out = out_path(tmp_path, "switch-project.json")
        monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(out))
        old = window.page("exports")
        old.export_button.click()
        qtbot.waitUntil(lambda: gate.entered == 1, timeout=5000)
        window.set_ui_lang("en")
        window.set_ui_lang("ja")
        page = window.page("exports")
        assert page is not old
        gate.release.set()
        settle(window)
        assert out.is_file()
        assert page.export_button.isEnabled()
        assert "switch-project.json" in page.result_label.text(), repr(page.result_label.text())
    finally:
        gate.release.set()
        close_window(window)


# --- PostgreSQL: the pool's three threads each in a unit of work ----------------------------------------------


def pg_window(qtbot, url: str, author: str = "山田 太郎"):
    window = make_window(qtbot, url, first_start=True, global_lang="ja")
    window.state.workspace.author = author
    qtbot.waitUntil(lambda: not window.watcher._beating, timeout=10000)  # (a first heartbeat on a worker: done first)
    window.watcher.beat()  # (its start's heartbeat was before the name)
    window.show_page("wbs")
    settle(window)
    return window


def hold_sessions(window, release: threading.Event, n: int = 3) -> list[str]:
    """``n`` jobs of the window on workers, each inside a unit of work (a connection checked out) until released."""
    from sqlalchemy import text

    from app.ui.tasks import run_in_background

    db = window.state.workspace.db
    entered = threading.Semaphore(0)
    results: list[str] = []

    def work() -> str:
        with db.session() as session:
            session.execute(text("SELECT 1"))
            entered.release()
            # "held" only when the test released it: had the window waited for one of these connections, the
            # wait would have ended by this timeout instead (no measured seconds: they vary with the machine's load)
            return "held" if release.wait(30) else "timed out"

    for _ in range(n):
        run_in_background(work, results.append, lambda exc: results.append(f"failed: {exc}"))
    for _ in range(n):
        assert entered.acquire(timeout=10)
    return results


@pg
def test_three_workers_in_their_transactions_leave_the_window_reading(qtbot, pg_server, pg_url, said) -> None:
    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    release = threading.Event()
    try:
        results = hold_sessions(a, release)
        waits = {}
        for page_id in ("hearing", "proposal", "exports", "system-planning", "wbs"):
            waits[page_id] = timed(lambda p=page_id: a.show_page(p))
        waits["beat"] = timed(a.watcher.beat)
        assert a.watcher.presence.beat(a.state.project_id, "山田 太郎"), "the heartbeat skipped with a connection free"
        assert a.watcher.others_on(a.state.project_id) == ["佐藤 花子"]
        release.set()
        settle(a)
        assert results == ["held"] * 3, (results, waits)
        assert not [s for s in said if "CRASH" in s], said
    finally:
        release.set()
        close_window(b)
        close_window(a)


@pg
def test_after_a_server_restart_under_three_long_exports_a_colleagues_change_is_seen(qtbot, pg_server, pg_url, said, monkeypatch, tmp_path) -> None:
    """Three long exports run (the pool's threads busy, no connection held), the server restarts: once it is
    back, 佐藤's change reaches 山田's window while the exports still run (its listening connection is made
    again), not only once every export is done."""
    from app.ui.operations import run_op
    from app.wbs.operations import wbs_op
    from app.wbs.service import WbsService

    a = pg_window(qtbot, pg_url)
    b = pg_window(qtbot, pg_url, "佐藤 花子")
    gate = None
    try:
        gate, outs = three_exports_held(qtbot, a, monkeypatch, "restart", tmp_path)
        a.show_page("wbs")
        qtbot.wait(200)
        pg_server.restart()
        qtbot.wait(500)
        tree = b.page("wbs").model.tree
        task = next(t for t in tree.walk() if not tree.has_children(t.id))
        pid = b.state.project_id
        for _ in range(20):  # 佐藤's window gets its connection back (pre-ping) and retitles a task
            try:
                run_op(b.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], title="再起動後に佐藤が直した件名")), lambda: "件名")
                break
            except Exception:
                qtbot.wait(500)
        seen = lambda: a.page("wbs").model.tree.tasks[task.id].title == "再起動後に佐藤が直した件名"  # noqa: E731
        try:
            qtbot.waitUntil(seen, timeout=12000)
            in_time = True
        except Exception:
            in_time = False
        assert gate.entered == 3 and not gate.release.is_set()
        listening = (a.watcher._connecting, a.watcher._listener is not None)
        gate.release.set()
        settle(a)
        assert all(p.is_file() for p in outs.values()), outs
        assert not [s for s in said if "CRASH" in s], said
        qtbot.waitUntil(seen, timeout=12000)  # seen once they are done
        assert in_time, f"佐藤's change stayed unseen in 山田's window while the exports ran (connecting, listening: {listening})"
    finally:
        if gate is not None:
            gate.release.set()
        close_window(b)
        close_window(a)


# --- dialogs and pages used while a big undo is stored on the worker ------------------------------------------


def big_undo_held(qtbot, window, monkeypatch) -> Gate:
    """A big undo pressed, held on its worker until the gate is released."""
    from app.ui.window import step_worker

    window.show_page("wbs")
    settle(window)
    note_every_task(window)
    gate = Gate(monkeypatch, step_worker, "_run")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: gate.entered == 1, timeout=5000)
    return gate


def test_a_person_typed_in_the_people_dialog_during_a_big_undo_is_kept_and_saved(qtbot, db_path, big, said, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton

    from app.wbs.resources import people as store

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        gate = big_undo_held(qtbot, window, monkeypatch)
        page = window.page("wbs")
        waits = {"open": timed(page.open_people)}
        dialog = window.findChild(QDialog, "wbsPeopleDialog")
        assert dialog is not None and dialog.isVisible()
        name = dialog.findChild(QLineEdit, "wbsPersonName")
        name.setText("高橋 一郎")
        waits["save"] = timed(dialog.findChild(QPushButton, "wbsPersonSave").click)
        refused = list(said)
        waits["close"] = timed(dialog.reject)  # Close while the undo is still stored
        gate.release.set()
        qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=20000)
        settle(window)
        if dialog.isVisible():  # kept open with the typing: closed again now
            assert name.text() == "高橋 一郎"
            dialog.reject()
            settle(window)
        people = [p.name for p in store.read(window.state.workspace, window.state.project_id)]
        assert "高橋 一郎" in people, (people, said)
        assert all(all(ord(c) < 128 for c in s) is False for s in refused), refused  # said in Japanese
        assert not [s for s in said if "CRASH" in s], said
        assert max(waits.values()) < NOT_HELD_S, waits
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_progress_typed_during_a_big_undo_is_kept_and_saved_after(qtbot, db_path, big, said, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from app.wbs.tracking import baselines as tracking_store

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        gate = big_undo_held(qtbot, window, monkeypatch)
        page = window.page("wbs")
        tree = page.model.tree
        task = next(t for t in tree.walk() if not tree.has_children(t.id))
        page.select_task(task.id)
        waits = {"open": timed(page.edit_progress)}
        dialog = window.findChild(QDialog, "wbsProgressDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.percent.setValue(40)
        waits["ok"] = timed(dialog.accept)
        assert dialog.isVisible() and dialog.percent.value() == 40, "the typing stays while the undo is stored"
        assert said and all(any(ord(c) > 127 for c in s) for s in said), said
        gate.release.set()
        qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=20000)
        settle(window)
        dialog.accept()
        settle(window)
        progress = tracking_store.tracking(window.state.workspace, window.state.project_id).progress
        assert progress[task.uid].percent == 40
        assert not [s for s in said if "CRASH" in s], said
        assert max(waits.values()) < NOT_HELD_S, waits
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)
