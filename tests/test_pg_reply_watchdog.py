"""Every wait for a PostgreSQL server is bounded (app/core/storage/watchdog.py, break-it 68b): a statement without a
reply past ``MLOPS_KICKOFF_PG_REPLY_TIMEOUT`` is cut and said as a lost connection naming the silence; many quick
statements in one unit of work, and a wait for a colleague's write lock, are never cut; the largest plan's single
statements over a 100 ms VPN stay far under the default bound; SQLite never loads the watchdog."""

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
from app.core.storage.watchdog import DEFAULT_REPLY_TIMEOUT_S, REPLY_TIMEOUT_ENV, tcp_options

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
