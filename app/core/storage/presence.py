"""Who has a project open: one row per window in the ``presence`` table, renewed by a heartbeat.

Best effort and never in the way of typing: a heartbeat or a look that would wait (another
process holds SQLite's write lock, this process's connection is busy with an operation, a lost
server) is skipped and reported as such; the next one comes a few seconds later. A row whose
heartbeat is older than :data:`STALE_AFTER` belongs to a client that died without saying
goodbye: it is not shown and the next heartbeat removes it.

Heartbeats use each client's clock (naive UTC): clients of one database are assumed to agree
within a few seconds (NTP), far inside :data:`STALE_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from app.core.storage.authors import clean_author
from app.core.storage.db import Database
from app.core.storage.models import Presence, utcnow

HEARTBEAT_SECONDS = 10
STALE_AFTER = dt.timedelta(seconds=60)
_TABLE = Presence.__table__


@dataclass(frozen=True)
class OpenElsewhere:
    """Another client with the project open."""

    author: str
    host: str
    heartbeat: dt.datetime


class PresenceBoard:
    """This client's row in the presence table, and a look at the others' rows."""

    def __init__(self, db: Database, *, client_id: str | None = None, host: str | None = None) -> None:
        self.db = db
        self.client_id = client_id or uuid.uuid4().hex
        self.host = clean_author(socket.gethostname() if host is None else host)

    @contextmanager
    def _connection(self) -> Iterator[Connection | None]:
        """A connection that never waits: None when the database is in use by this process right now;
        a statement that would wait for another's lock fails at once (caught by the callers)."""
        db = self.db
        if not db._in_use.acquire(blocking=False):  # an operation runs (maybe in a worker): skip, never wait
            yield None
            return
        pool = db.engine.pool
        if db.is_postgresql and pool.checkedout() >= pool.size():  # type: ignore[attr-defined]  # (a QueuePool) every connection busy
            db._in_use.release()
            yield None
            return
        try:
            with db.engine.connect() as conn:
                if db.is_sqlite:
                    old = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
                    conn.exec_driver_sql("PRAGMA busy_timeout=0")
                    try:
                        yield conn
                    finally:
                        conn.rollback()  # whatever the caller left open (nothing after a commit)
                        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(old or 0)}")
                        conn.rollback()
                else:
                    conn.execute(text("SET LOCAL lock_timeout = '200ms'"))
                    yield conn
        finally:
            db._in_use.release()

    def beat(self, project_id: int | None, author: str, now: dt.datetime | None = None) -> bool:
        """Say this client is here (on ``project_id``; None: no project open) and remove dead
        clients' rows. False when skipped because the database was busy."""
        now = now or utcnow()
        values = {"author": clean_author(author), "project_id": project_id, "host": self.host, "heartbeat": now}
        try:
            with self._connection() as conn:
                if conn is None:
                    return False
                done = conn.execute(update(_TABLE).where(_TABLE.c.client_id == self.client_id).values(**values))
                if not done.rowcount:
                    conn.execute(insert(_TABLE).values(client_id=self.client_id, **values))
                conn.execute(delete(_TABLE).where(_TABLE.c.heartbeat < now - STALE_AFTER))
                conn.commit()
                return True
        except SQLAlchemyError:
            return False  # busy, locked, offline: the next heartbeat tries again

    def others(self, project_id: int, now: dt.datetime | None = None) -> list[OpenElsewhere] | None:
        """The other live clients on ``project_id``, by name; None when the database could not be asked now."""
        cutoff = (now or utcnow()) - STALE_AFTER
        query = (
            select(_TABLE.c.author, _TABLE.c.host, _TABLE.c.heartbeat)
            .where(_TABLE.c.project_id == project_id, _TABLE.c.client_id != self.client_id, _TABLE.c.heartbeat >= cutoff)
            .order_by(_TABLE.c.author, _TABLE.c.host)
        )  # fmt: skip
        try:
            with self._connection() as conn:
                if conn is None:
                    return None
                return [OpenElsewhere(a or "", h or "", t) for a, h, t in conn.execute(query)]
        except SQLAlchemyError:
            return None

    def leave(self) -> bool:
        """Remove this client's row (the window closes). False when the database was busy: the row
        then goes stale and is cleaned up by another client."""
        try:
            with self._connection() as conn:
                if conn is None:
                    return False
                conn.execute(delete(_TABLE).where(_TABLE.c.client_id == self.client_id))
                conn.commit()
                return True
        except SQLAlchemyError:
            return False
