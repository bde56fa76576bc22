"""Who else has the project open: the presence table, its heartbeats and the status bar's names."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.core.storage.db import Database
from app.core.storage.models import utcnow
from app.core.storage.presence import STALE_AFTER, PresenceBoard
from app.ui import settings
from tests.gui_helpers import close_window, make_window


def rows(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT author, project_id FROM presence ORDER BY author").fetchall()
    finally:
        conn.close()


def test_two_windows_on_one_database_see_each_others_names(qtbot, db_path: Path) -> None:
    settings.set_author_name("山田 太郎")
    first = make_window(qtbot, db_path, global_lang="ja")
    settings.set_author_name("佐藤 花子")
    second = make_window(qtbot, db_path, global_lang="ja")
    assert first.state.project_id == second.state.project_id >= 0
    assert sorted(rows(db_path)) == [("佐藤 花子", first.state.project_id), ("山田 太郎", first.state.project_id)]

    first.watcher.beat()  # the next heartbeat (every ten seconds) reads who else is here
    label = first.findChild(QLabel, "otherWindows")
    assert first.watcher.names == ["佐藤 花子"] and second.watcher.names == ["山田 太郎"]
    assert label.isVisibleTo(first) and label.text() == "佐藤 花子 さんも開いています"
    assert second.findChild(QLabel, "otherWindows").text() == "山田 太郎 さんも開いています"
    header = first.findChild(QLabel, "headerPresence")  # beside the project's name too
    assert header.isVisibleTo(first) and "佐藤 花子" in header.text()

    close_window(second)  # its row goes with it; the lock-file count still works alongside
    assert rows(db_path) == [("山田 太郎", first.state.project_id)]
    first.watcher.beat()
    first.watcher._count_others()
    assert first.watcher.names == [] and not label.isVisibleTo(first) and not header.isVisibleTo(first)
    close_window(first)
    assert rows(db_path) == []


def test_a_stale_heartbeat_is_not_shown_and_is_cleaned_up(db_path: Path) -> None:
    db = Database(str(db_path))
    try:
        me, dead, alive, elsewhere = (PresenceBoard(db, client_id=n, host="pc") for n in ("me", "dead", "alive", "elsewhere"))
        now = utcnow()
        assert alive.beat(1, "生きている 窓", now=now - dt.timedelta(seconds=20))
        assert elsewhere.beat(2, "別の 案件", now=now - dt.timedelta(seconds=1))
        assert dead.beat(1, "死んだ 窓", now=now - STALE_AFTER - dt.timedelta(seconds=5))  # its last word, long ago
        others = me.others(1, now=now)
        assert others is not None and [o.author for o in others] == ["生きている 窓"]
        assert len(rows(db_path)) == 3  # the dead row is still there until someone's heartbeat
        assert me.beat(1, "私", now=now)
        assert [r[0] for r in rows(db_path)] == sorted(["生きている 窓", "別の 案件", "私"])
        assert me.leave() and "私" not in [r[0] for r in rows(db_path)]
    finally:
        db.close()


def test_a_busy_database_skips_the_heartbeat_instead_of_waiting(db_path: Path) -> None:
    db = Database(str(db_path), busy_timeout_ms=60_000)  # an operation here would wait a minute
    board = PresenceBoard(db, client_id="me")
    blocker = sqlite3.connect(db_path, timeout=0)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        started = utcnow()
        assert board.beat(1, "山田 太郎") is False
        assert (utcnow() - started) < dt.timedelta(seconds=30)  # it did not wait for the busy timeout
        blocker.rollback()
        assert board.beat(1, "山田 太郎") is True
        with db._in_use:  # this process's connection is busy with an operation (a worker)
            assert board.beat(1, "山田 太郎") is False and board.others(1) is None
        assert rows(db_path) == [("山田 太郎", 1)]
    finally:
        blocker.close()
        db.close()


@pytest.mark.postgresql
def test_a_heartbeat_on_a_team_database_whose_connections_are_all_busy_skips_and_never_waits(pg_url) -> None:
    """A window keeps a connection to the server for each of its workers and one more (its reads never wait for a
    worker's write); with all in use, the heartbeat is skipped at once rather than waiting for one (up to a minute)."""
    db = Database(pg_url)
    board = PresenceBoard(db, client_id="me")
    held = [db.engine.connect() for _ in range(db.engine.pool.size())]
    try:
        started = time.monotonic()
        assert board.beat(1, "山田 太郎") is False and board.others(1) is None
        assert time.monotonic() - started < 1.0
        held.pop().close()
        assert board.beat(1, "山田 太郎") is True
    finally:
        for connection in held:
            connection.close()
        db.close()


@pytest.mark.postgresql
def test_a_team_databases_read_does_not_wait_for_a_workers_unit_of_work(pg_url) -> None:
    """A unit of work open on every worker the window runs (a big undo waiting for a colleague's lock, an export, a
    read again) and the UI thread's read at once."""
    import threading

    from app.core.projects import ProjectService
    from app.core.storage.db import WORKERS

    db = Database(pg_url)
    inside, done = threading.Semaphore(0), threading.Event()

    def worker() -> None:
        with db.session():
            inside.release()
            done.wait(10)

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    try:
        assert all(inside.acquire(timeout=10) for _ in threads)
        started = time.monotonic()
        ProjectService(db).list()  # the UI thread's read
        assert time.monotonic() - started < 1.0
    finally:
        done.set()
        for thread in threads:
            thread.join()
        db.close()
