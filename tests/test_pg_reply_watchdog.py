"""Every wait for a PostgreSQL server is bounded (app/core/storage/watchdog.py, break-it 68b): a statement without a
reply past ``MLOPS_KICKOFF_PG_REPLY_TIMEOUT`` is cut and said as a lost connection naming the silence; many quick
statements in one unit of work, and a wait for a colleague's write lock (the server asked whether it still waits),
are never cut, but a stall during that wait is cut at the bound, and the question itself is bounded on a stalled
link; the largest plan's single statements over a 100 ms VPN stay far under the default bound; SQLite never loads
the watchdog."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from app.core.errors import UserError
from app.core.storage.db import WRITE_LOCK_KEY, Database
from app.core.storage.watchdog import (
    DEFAULT_REPLY_TIMEOUT_S,
    PROBE_S,
    REPLY_TIMEOUT_ENV,
    WATCHDOG,
    still_working,
    tcp_options,
)

pg = pytest.mark.postgresql
REPO = Path(__file__).resolve().parents[1]


@pg
def test_a_statement_without_a_reply_past_the_bound_is_cut_and_said(pg_url, monkeypatch) -> None:
    monkeypatch.setenv(REPLY_TIMEOUT_ENV, "1")
    db = Database(pg_url)
    try:
        started = time.monotonic()
        with pytest.raises(UserError) as raised, db.session() as s:
            s.execute(text("SELECT pg_sleep(5)"))  # (the server silent as a stalled link is)
        assert time.monotonic() - started < 3
        assert raised.value.key == "db.connection_lost"
        assert raised.value.params["detail"].key == "db.lost_no_reply" and raised.value.params["detail"].params["seconds"] == "1"
        with db.session() as s:  # the next unit of work connects again
            assert s.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.close()


@pg
def test_many_quick_statements_and_a_wait_for_the_write_lock_are_never_cut(pg_url, monkeypatch) -> None:
    monkeypatch.setenv(REPLY_TIMEOUT_ENV, "1")
    db = Database(pg_url)
    holder = create_engine(pg_url)
    try:
        with db.session() as s:  # 2 s of work in one unit, no single wait near the bound
            for _ in range(8):
                s.execute(text("SELECT pg_sleep(0.25)"))
        held = threading.Event()

        def hold() -> None:
            with holder.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                held.set()
                time.sleep(2.5)

        other = threading.Thread(target=hold)
        other.start()
        assert held.wait(10)
        started = time.monotonic()
        with db.transaction() as s:  # waits 2.5 s for the colleague's write lock (the lock timeout: 30 s)
            s.execute(text("SELECT 1"))
        assert time.monotonic() - started > 1.5
        other.join()
    finally:
        holder.dispose()
        db.close()


def _hold_write_lock(url: str, seconds: float) -> tuple[threading.Thread, threading.Event]:
    """A colleague's unit of work holding the write lock ``seconds`` on a connection of its own (no proxy)."""
    held = threading.Event()

    def hold() -> None:
        holder = create_engine(url)
        try:
            with holder.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                held.set()
                time.sleep(seconds)
        finally:
            holder.dispose()

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    assert held.wait(10)
    return thread, held


@pg
def test_a_colleagues_write_lock_held_past_the_bound_is_waited_for_over_a_vpn(pg_server, pg_url, monkeypatch) -> None:
    """The default bound (10 s), the colleague holding the lock 15 s, through the 68b VPN (100 ms round trips): the
    server is asked twice whether the statement still waits and says so; the save goes through when the lock is free."""
    from tests.test_breaker68b import VPN

    monkeypatch.delenv(REPLY_TIMEOUT_ENV, raising=False)
    vpn = VPN(pg_server.port)
    db = Database(vpn.url(pg_url, pg_server.port))
    try:
        with db.session() as s:
            s.execute(text("SELECT 1"))  # (connected before the colleague takes the lock)
        colleague, _ = _hold_write_lock(pg_url, 15)
        cut_before, started = WATCHDOG.last_cut, time.monotonic()
        with db.transaction() as s:
            assert s.execute(text("SELECT 1")).scalar() == 1
        waited = time.monotonic() - started
        assert DEFAULT_REPLY_TIMEOUT_S < waited < 20, waited
        assert WATCHDOG.last_cut == cut_before  # (nothing cut meanwhile)
        colleague.join()
    finally:
        db.close()
        vpn.close()


@pg
def test_a_stall_while_waiting_for_a_colleagues_lock_is_cut_at_the_bound(pg_server, pg_url, monkeypatch) -> None:
    """The link stalls 1 s into the wait for the write lock (the 68b command line's stall on that statement): the
    server cannot be asked, so the wait is cut at the bound, not the lock timeout (30 s) on top of it."""
    from tests.test_breaker68b import VPN

    monkeypatch.setenv(REPLY_TIMEOUT_ENV, "4")
    vpn = VPN(pg_server.port)
    db = Database(vpn.url(pg_url, pg_server.port))
    try:
        with db.session() as s:
            s.execute(text("SELECT 1"))
        colleague, _ = _hold_write_lock(pg_url, 7)
        threading.Timer(1.0, vpn.stall).start()
        started = time.monotonic()
        with pytest.raises(UserError) as raised, db.transaction() as s:
            s.execute(text("SELECT 1"))
        assert time.monotonic() - started < 4 + 2
        assert raised.value.key == "db.connection_lost"
        assert raised.value.params["detail"].params["seconds"] == "4"
        colleague.join()
    finally:
        vpn.unstall()
        db.close()
        vpn.close()


@pg
def test_a_stall_during_the_first_connections_dialect_queries_is_cut(pg_server, pg_url, monkeypatch) -> None:
    """SQLAlchemy's first connection asks the server its version and types before any statement of the app (break-it
    68b's command line stalled there waited past 40 s): that connection is watched from its first query too."""
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    from tests.test_breaker68b import VPN

    monkeypatch.setenv(REPLY_TIMEOUT_ENV, "2")
    vpn = VPN(pg_server.port)
    initialize = PGDialect_psycopg.initialize

    def stalled_first(self, connection):
        vpn.stall()
        return initialize(self, connection)

    monkeypatch.setattr(PGDialect_psycopg, "initialize", stalled_first)
    release = threading.Timer(15, vpn.unstall)  # (unwatched, it would wait as long as the stall)
    release.start()
    started = time.monotonic()
    try:
        with pytest.raises(UserError) as raised:
            Database(vpn.url(pg_url, pg_server.port)).close()
        assert time.monotonic() - started < 2 + 3, time.monotonic() - started
        assert raised.value.key == "db.connection_lost", raised.value.key
    finally:
        release.cancel()
        vpn.close()


@pg
@pytest.mark.parametrize("stalled", ["connecting", "answering"])
def test_the_question_to_the_server_is_bounded_on_a_stalled_link(pg_server, pg_url, monkeypatch, stalled) -> None:
    """Whether the server still works on a statement is asked on a connection of its own through the same link: a
    stall while it connects (connect_timeout) or while it answers (watched as any connection) gives no answer in
    PROBE_S, never a wait as long as the stall."""
    import psycopg

    from tests.test_breaker68b import VPN

    vpn = VPN(pg_server.port)
    url = vpn.url(pg_url, pg_server.port).replace("postgresql+psycopg://", "postgresql://")
    connect = psycopg.connect

    def connect_then_stall(*args, **kwargs):
        probe = connect(*args, **kwargs)
        vpn.stall()
        return probe

    try:
        with psycopg.connect(url) as conn:
            WATCHDOG.watch(conn, 60)
            if stalled == "connecting":
                vpn.stall()
            else:
                monkeypatch.setattr(psycopg, "connect", connect_then_stall)
            started = time.monotonic()
            assert still_working(conn, WATCHDOG) is False
            assert time.monotonic() - started < PROBE_S + 1.5
            WATCHDOG.forget(conn)
            vpn.unstall()
    finally:
        vpn.close()


@pg
def test_the_largest_plans_single_statements_over_a_100_ms_vpn_stay_far_under_the_bound(pg_server, pg_url, library) -> None:
    """The figure behind the default bound (README "Working as a team"): a 10,100-task plan stored, read back and
    scheduled through the 68b VPN (100 ms round trips); the longest single statement is printed."""
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService
    from tests.bench_wbs import build_tasks
    from tests.test_breaker68b import VPN

    vpn = VPN(pg_server.port)
    ws = Workspace.open(vpn.url(pg_url, pg_server.port), library)
    longest: list[float] = [0.0]
    starts: dict[int, float] = {}

    @event.listens_for(ws.db.engine, "before_cursor_execute")
    def _start(conn, *_: object) -> None:
        starts[id(conn)] = time.monotonic()

    @event.listens_for(ws.db.engine, "after_cursor_execute")
    def _end(conn, *_: object) -> None:
        longest[0] = max(longest[0], time.monotonic() - starts.pop(id(conn), time.monotonic()))

    try:
        pid = ProjectService(ws.db).create("大規模計画").id
        WbsService(ws.db).apply_snapshot(pid, build_tasks(10_100))
        schedule(ws, pid)
        assert len(WbsService(ws.db).tree(pid).tasks) >= 10_000
    finally:
        ws.close()
        vpn.close()
    print(f"longest single statement over a 100 ms VPN on a 10,100-task plan: {longest[0]:.2f} s")
    assert longest[0] < DEFAULT_REPLY_TIMEOUT_S / 3, longest[0]


def test_the_tcp_options_leave_what_the_url_sets() -> None:
    assert tcp_options({}, 10) == {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
                                   "tcp_user_timeout": 10000}
    assert "keepalives_idle" not in tcp_options({"keepalives_idle": "60"}, 10)
    assert "tcp_user_timeout" not in tcp_options({}, 0)


def test_sqlite_never_loads_the_watchdog(tmp_path) -> None:
    code = ("import sys; from app.core.storage.db import Database; d = Database(sys.argv[1]); "
            "print('app.core.storage.watchdog' in sys.modules); d.close()")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "plan.sqlite3")], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=60)
    assert run.stdout.strip() == "False", run.stderr
