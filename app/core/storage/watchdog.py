"""Bounding every wait for a PostgreSQL server's reply (break-it 68b: a VPN that stalls holds every byte).

libpq waits for a reply for as long as its socket stays open. On a real network the TCP options of
:func:`tcp_options` end a connection whose far end is gone (keepalives while it is idle, ``tcp_user_timeout`` for
what was sent and never acknowledged); but a link that stalls while its near end still acknowledges (a VPN client,
a proxy on this computer) is never seen by them, and the window or the command would wait for as long as it stalls.

So one daemon thread (started by the first PostgreSQL connection; SQLite never loads this module) looks at the
watched connections ten times a second: a connection busy with one statement (libpq's ``PQTRANS_ACTIVE``) for longer
than the bound (:func:`reply_timeout_s`) has its socket shut down. The blocked call then raises at once and the
usual path says the connection was lost (the window goes Offline and keeps the typing as a draft; the command line
says one line and exits 2); the server rolls back the transaction it was in. Each statement (and commit, rollback)
starts its wait afresh (:meth:`Watchdog.mark`), so a long unit of work made of many quick statements is never cut.

A statement that may wait for another client's lock (the write lock, ``FOR UPDATE``, a migration's DDL) is silent
while a colleague holds it, as over a stalled link. So, in time to hear before the bound, the server is asked
(:func:`still_working`, on a short-lived connection of its own, :data:`PROBE_S` to connect and to answer) whether
our backend still works on the statement (waits for the lock, most often): a yes counts as a reply (the bound counts
afresh, and it is asked again), up to the lock timeout on top of the bound; a no, or no answer (a stalled link holds
every connection), leaves the bound as for any statement (break-it 68b: a stall on the write lock's statement was
waited for 40 s, the lock timeout on top of the bound).
"""

from __future__ import annotations

import logging
import math
import os
import re
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

REPLY_TIMEOUT_ENV = "MLOPS_KICKOFF_PG_REPLY_TIMEOUT"
# The longest single statement of the app measured over a 100 ms round trip on a 10,100-task plan took well under
# a second (README "Working as a team"): ten seconds is never reached by a statement, only by a stalled link.
DEFAULT_REPLY_TIMEOUT_S = 10.0
TICK_S = 0.1  # how often the busy connections are looked at (a cut comes at most this late)
_ACTIVE = 1  # libpq's PQTRANS_ACTIVE: a command is in progress (psycopg.pq.TransactionStatus.ACTIVE)
PROBE_S = 3.0  # the server's answer to "is our backend still working?": connecting and its reply, each at most this
_STILL_WORKING = "SELECT state = 'active' AND wait_event_type IS DISTINCT FROM 'Client' FROM pg_stat_activity WHERE pid = %s"
# statements that may wait for another client's lock up to the lock timeout (the server's lock_timeout)
_LOCKING = re.compile(r"pg_advisory_xact_lock|\bFOR\s+UPDATE\b|\bFOR\s+SHARE\b|^\s*(?:ALTER|CREATE|DROP|LOCK)\b", re.I)


def reply_timeout_s() -> float:
    """How long one wait for the server may last: ``MLOPS_KICKOFF_PG_REPLY_TIMEOUT`` (seconds; 0 waits as long as
    the server takes), else ten seconds. A value that is no number is ignored (logged)."""
    raw = os.environ.get(REPLY_TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_REPLY_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        log.warning("%s=%r is not a number of seconds: %s s used", REPLY_TIMEOUT_ENV, raw, DEFAULT_REPLY_TIMEOUT_S)
        return DEFAULT_REPLY_TIMEOUT_S
    return value


def tcp_options(given: Any, bound_s: float) -> dict[str, Any]:
    """libpq's TCP options for a connection over a real network, each only where the URL (``given``: its query)
    does not set it: keepalives find a connection whose server or network is gone while it is idle (a listener,
    the pooled ones) in about 25 s, ``tcp_user_timeout`` one whose sent statement is never acknowledged."""
    options: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
    if bound_s > 0:
        options["tcp_user_timeout"] = int(bound_s * 1000)
    return {key: value for key, value in options.items() if key not in given}


@dataclass
class _Watched:
    conn: Any  # a psycopg connection
    bound_s: float
    since: float | None = None  # when its current wait began (None: not waiting)
    extra_s: float = 0.0  # a lock the statement may wait for, while the server says it still works on it
    heard: float | None = None  # when the server last said so
    asked: float | None = None  # when it was asked (None: no question under way)
    said: bool = True  # a cut is the reason the user is given (not for the question's own connection)


class Watchdog:
    """The watched connections of this process and the thread that cuts a wait past its bound."""

    def __init__(self) -> None:
        self._watched: dict[int, _Watched] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.last_cut: tuple[float, float] | None = None  # (when, the seconds waited): the lost connection's reason

    def watch(self, conn: Any, bound_s: float, said: bool = True) -> None:
        if bound_s <= 0:
            return
        with self._lock:
            self._watched[id(conn)] = _Watched(conn, bound_s, said=said)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="pg-reply-watchdog", daemon=True)
                self._thread.start()

    def forget(self, conn: Any) -> None:
        with self._lock:
            self._watched.pop(id(conn), None)

    def mark(self, conn: Any, extra_s: float = 0.0) -> None:
        """A new wait of ``conn`` begins now (a statement, a commit): its bound counts from here."""
        with self._lock:
            entry = self._watched.get(id(conn))
            if entry is not None:
                entry.since, entry.extra_s, entry.heard, entry.asked = time.monotonic(), extra_s, None, None

    def cut_recently(self, within_s: float = 5.0) -> float | None:
        """The seconds of a wait cut in the last ``within_s`` seconds (None: none): the reason a connection was lost."""
        cut = self.last_cut
        return cut[1] if cut is not None and time.monotonic() - cut[0] < within_s else None

    def _run(self) -> None:
        while True:
            time.sleep(TICK_S)
            try:
                self.look(time.monotonic())
            except Exception:  # never let the watchdog die of one odd connection
                log.exception("the reply watchdog failed once")

    def look(self, now: float) -> None:
        """Cut the connections waiting past their bound; note when the others began waiting."""
        with self._lock:
            entries = list(self._watched.values())
        for entry in entries:
            try:
                busy = int(entry.conn.pgconn.transaction_status) == _ACTIVE
            except Exception:  # closed meanwhile
                self.forget(entry.conn)
                continue
            if not busy:
                entry.since = entry.heard = entry.asked = None
            elif entry.since is None:
                entry.since = now  # (a wait no statement marked: a pool's ping or reset)
            elif self._silent(entry, entry.since, now):
                self._cut(entry, now - entry.since)

    def _silent(self, entry: _Watched, since: float, now: float) -> bool:
        """Whether ``entry`` waited past its bound without a word from the server. A statement that may wait for a
        lock has the server asked, in time to answer before the bound, whether it still works on it: a yes is a word
        (the bound counts afresh), up to the lock timeout on top of the bound."""
        quiet = now - (entry.heard or since)
        if entry.extra_s and entry.asked is None and quiet > max(entry.bound_s - PROBE_S, entry.bound_s / 2):
            entry.asked = now
            threading.Thread(target=self._ask, args=(entry, since), name="pg-reply-probe", daemon=True).start()
        return quiet > entry.bound_s or now - since > entry.bound_s + entry.extra_s

    def _ask(self, entry: _Watched, since: float) -> None:
        working = still_working(entry.conn, self)
        with self._lock:
            if working and entry.since == since:  # (not a later statement's wait)
                entry.heard, entry.asked = time.monotonic(), None

    def _cut(self, entry: _Watched, silent_s: float) -> None:
        if entry.said:  # (before: the waiting thread wakes at once)
            self.last_cut = (time.monotonic(), round(silent_s))
        try:
            fd = entry.conn.pgconn.socket
            with socket.socket(fileno=os.dup(fd)) as sock:  # (the same socket: shut down for every descriptor)
                sock.shutdown(socket.SHUT_RDWR)
        except (OSError, Exception):  # closed meanwhile: nothing waits on it
            pass
        log.info("no reply from the database server for %.0f s: connection cut", silent_s)
        self.forget(entry.conn)


WATCHDOG = Watchdog()


def still_working(conn: Any, watchdog: Watchdog) -> bool:
    """Whether the server says the backend of ``conn`` still works on its statement (waits for a lock, computes),
    asked on a connection of its own made as ``conn`` was (libpq's options: its server, user, password); False when
    it is not (its reply sent, or never received: what a stalled link leaves) or when the server does not answer."""
    import psycopg

    try:
        options = {o.keyword.decode(): o.val.decode() for o in conn.pgconn.info if o.val is not None}
        pid = conn.pgconn.backend_pid
        options.update(connect_timeout=str(int(PROBE_S)), application_name="mlops-kickoff-probe")
        with psycopg.connect(**options, autocommit=True) as probe:  # (connecting: bounded by connect_timeout)
            watchdog.watch(probe, PROBE_S, said=False)  # (its reply: bounded as any other)
            try:
                row = probe.execute(_STILL_WORKING, [pid]).fetchone()
            finally:
                watchdog.forget(probe)
        return bool(row and row[0])
    except Exception as exc:  # no answer: the link stalls for every connection, or the server is gone
        log.info("the database server did not say whether it still works on a statement: %s", type(exc).__name__)
        return False


def install(engine: Any, bound_s: float, lock_wait_s: Callable[[], float]) -> None:
    """Watch every connection of ``engine`` (PostgreSQL); ``lock_wait_s``: the lock timeout of the calling thread's
    units of work (what a locking statement may wait on top of the bound)."""
    from sqlalchemy import event

    if bound_s <= 0:
        return

    def connected(dbapi_conn: Any, _record: object) -> None:
        WATCHDOG.watch(dbapi_conn, bound_s)

    def gone(dbapi_conn: Any, *_: object) -> None:
        WATCHDOG.forget(dbapi_conn)

    def statement(conn: Any, _cursor: object, text: str, *_: object) -> None:
        WATCHDOG.mark(_dbapi(conn), lock_wait_s() if _LOCKING.search(text) else 0.0)

    def ending(conn: Any) -> None:
        WATCHDOG.mark(_dbapi(conn))

    event.listen(engine, "connect", connected, insert=True)  # (before the dialect's first queries: a stall there too)
    event.listen(engine, "close", gone)
    event.listen(engine, "invalidate", gone)
    event.listen(engine, "checkin", lambda dbapi_conn, _record: WATCHDOG.mark(dbapi_conn) if dbapi_conn is not None else None)
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", ending)
    event.listen(engine, "rollback", ending)


def _dbapi(conn: Any) -> Any:
    """The driver's connection under a SQLAlchemy one (None once it is invalidated: a rollback after a lost
    connection sends nothing)."""
    if conn.invalidated or conn.closed:
        return None
    try:
        return conn.connection.dbapi_connection
    except Exception:  # (its connection being replaced)
        return None


def replace_closed(engine: Any) -> None:
    """Replace a pooled connection the server closed (a restart, a connection terminated) before a unit of work uses
    it, as the pool's pre-ping would, without its round trip (0.1 s of every save over a VPN): a server that closes a
    connection says so (a FATAL message, then the end of the stream), so an idle connection with something to read is
    gone. The pool discards it on :class:`DisconnectionError` and checks out another (SQLAlchemy's checkout event)."""
    from sqlalchemy import event
    from sqlalchemy.exc import DisconnectionError

    def checkout(dbapi_conn: Any, _record: object, _proxy: object) -> None:
        if closed_by_server(dbapi_conn):
            raise DisconnectionError()  # (the pool's own signal, taken by it: never said to the user)

    event.listen(engine, "checkout", checkout)


def closed_by_server(conn: Any) -> bool:
    """Whether an idle psycopg connection was closed by the server (or is broken): checked here, nothing sent."""
    try:
        if conn.closed or conn.pgconn.status != 0:  # (libpq's CONNECTION_OK)
            return True
        readable, _, _ = select.select([conn.pgconn.socket], [], [], 0)
    except (OSError, ValueError, Exception):  # (a socket gone under it)
        return True
    return bool(readable)
