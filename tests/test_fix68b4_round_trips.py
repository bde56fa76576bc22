"""A hearing answer's save and its undo on a team database in as few round trips as keep every guarantee (fix of
breaker 68b's freeze over a VPN): the notification goes out with the COMMIT (no statement of its own), a pooled
connection the server closed is found without a ping and replaced, and the item editor reads its history on a worker.
"""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from app.core import operations as ops
from app.core.projects import ProjectService
from app.core.storage.live import Listener
from app.core.workspace import Workspace
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from tests.gui_helpers import close_window, make_window
from tests.test_breaker68b import cli
from tests.test_nothing_lost_gui import open_item

pg = pytest.mark.postgresql
ITEM = "hearing.basics.background"


def _statements(ws: Workspace) -> list[str]:
    seen: list[str] = []
    event.listen(ws.db.engine, "before_cursor_execute", lambda _c, _cur, statement, *_: seen.append(statement))
    return seen


def _heard(listener: Listener, seconds: float = 3.0) -> list:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := listener.read():
            return found
        time.sleep(0.05)
    return []


@pg
def test_an_answer_saved_sends_its_notice_with_the_commit_and_a_refused_one_none(pg_url, library) -> None:
    ws, other = Workspace.open(pg_url, library), Workspace.open(pg_url, library)
    listener = Listener(other.db)  # another window listening
    try:
        pid = ProjectService(ws.db).create("通知").id
        _heard(listener, 0.5)
        seen = _statements(ws)
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="一往復で"))
        notices = [s for s in seen if "pg_notify" in s]
        assert len(notices) == 1 and notices[0].rstrip().endswith("COMMIT"), seen  # no round trip of its own
        assert not any(s.lstrip().upper().startswith("SELECT PG_NOTIFY") and "COMMIT" not in s for s in seen)
        assert [n.project_id for n in _heard(listener)] == [pid]  # heard, after the commit
        assert AnswerService(other.db, other.library).answer(pid, ITEM).note == "一往復で"

        def refused(w: Workspace) -> ops.Change:
            hearing_ops.update_answer(pid, ITEM, note="取り消される")(w)
            raise RuntimeError("refused after the write")

        with pytest.raises(RuntimeError):
            ops.run(ws, refused)
        assert _heard(listener, 1.0) == []  # rolled back: nothing said
        assert AnswerService(other.db, other.library).answer(pid, ITEM).note == "一往復で"
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="その後も"))  # the connection is usable after both
        assert [n.project_id for n in _heard(listener)] == [pid]
    finally:
        listener.close()
        other.close()
        ws.close()


@pg
def test_a_connection_the_server_closed_is_replaced_without_a_ping(pg_server, pg_url, library) -> None:
    ws = Workspace.open(pg_url, library)
    try:
        pid = ProjectService(ws.db).create("再接続").id
        seen = _statements(ws)
        pings: list[int] = []
        event.listen(ws.db.engine, "engine_connect", lambda _conn: pings.append(1))
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="前"))
        assert not any(s.strip().upper() == "SELECT 1" for s in seen)  # (no pre-ping statement either)
        assert pg_server.terminate_connections(make_url(pg_url).database) >= 1
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="切断の後"))  # found closed, replaced: saved at once
        assert AnswerService(ws.db, ws.library).answer(pid, ITEM).note == "切断の後"
    finally:
        ws.close()


@pg
def test_the_editor_shows_the_history_read_on_a_worker_after_a_save_and_an_undo(qtbot, pg_url) -> None:
    assert cli(pg_url, "demo").returncode == 0
    window = make_window(qtbot, pg_url, first_start=True)
    try:
        state = window.state
        editor = open_item(window, qtbot, ITEM)
        main, reads = threading.get_ident(), []
        event.listen(state.workspace.db.engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_: reads.append(statement) if threading.get_ident() == main else None)
        editor.note.setPlainText("履歴に残る")
        editor.flush()
        assert not [s for s in reads if "answer_history" in s and s.lstrip().upper().startswith("SELECT")]
        assert not [s for s in reads if "hearing_sessions" in s and "answers" not in s]
        qtbot.waitUntil(lambda: any(e.note == "履歴に残る" for e in editor.history_model.entries), timeout=10000)
        reads.clear()
        state.undo_stack.undo()
        operation = ("pg_advisory", "pg_notify", "FROM projects")  # the write lock, its one read, the notice with the commit
        assert not [s for s in reads if s.lstrip().upper().startswith("SELECT") and not any(o in s for o in operation)]
        assert editor.note.toPlainText() == ""  # the answer the undo returned, shown
        qtbot.waitUntil(lambda: editor.history_model.entries and editor.history_model.entries[0].note == "", timeout=10000)
    finally:
        close_window(window)
