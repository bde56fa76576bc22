"""Live refresh on PostgreSQL: every committed operation says which project and parts it changed
(``NOTIFY``), and each window listens on a connection of its own (``LISTEN``).

SQLite has one user and its windows poll ``PRAGMA data_version`` instead (app/ui/watcher.py); on
PostgreSQL that pragma does not exist and other users' commits would stay unseen until a reload.
The listening connection is separate from the app's one and in autocommit mode (psycopg 3's
``notifies()`` would block other queries on the same connection); its socket is handed to the UI,
which reads it when the socket is readable (a ``QSocketNotifier``), never on a polling loop.

A notification is a hint, not data: it goes in the operation's own transaction (``pg_notify``), which
PostgreSQL delivers when, and only when, the transaction commits: a process killed right after its
commit is heard all the same, a change rolled back never is, and nothing is left to send (and fail,
the server gone) once the change is stored. A lost one (a dropped listener) only delays the refresh
to the next reload. The sender's id lets a window skip what it published itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.core.storage.db import Database

CHANNEL = "mlops_kickoff"


def sender_id(db: Database) -> str:
    """This database object's id in notifications (one per window or command)."""
    found = getattr(db, "_live_sender", None)
    if found is None:
        found = uuid.uuid4().hex[:16]
        db._live_sender = found  # type: ignore[attr-defined]  # set once, read by announce and Listener
    return str(found)


def announce(db: Database, project_id: int, parts: Iterable[str]) -> None:
    """Tell the other listeners what the transaction under way changes (PostgreSQL only), inside it: ``db.session()``
    joins it, so the notice goes out with its commit, or not at all (outside one: a transaction of its own)."""
    if not db.is_postgresql:
        return
    payload = f"{project_id}|{','.join(sorted(parts))}|{sender_id(db)}"
    if db.notice_with_commit(CHANNEL, payload):  # (its commit's round trip: none of its own)
        return
    with db.session() as session:
        session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})


def commit_with(session: Session, notices: list[tuple[str, str]]) -> None:
    """Flush, then the notifications and the COMMIT in one simple query: one round trip, not one more for the notice
    (0.1 s of a save on the window's thread over a VPN). A notification is delivered by the commit, and only then,
    wherever it stands in the transaction. The session's own commit after it finds the transaction ended (psycopg then
    sends nothing); a failure of either: nothing stored, raised as a failed commit's error is."""
    from psycopg import sql

    session.flush()
    connection = session.connection()
    notify = sql.SQL("SELECT pg_notify({}, {}); ")
    query = sql.Composed([notify.format(sql.Literal(c), sql.Literal(p)) for c, p in notices] + [sql.SQL("COMMIT")])
    connection.exec_driver_sql(query.as_string(connection.connection.driver_connection), execution_options={"no_parameters": True})


@dataclass(frozen=True)
class Notice:
    project_id: int
    parts: frozenset[str]


class ListenerLost(Exception):
    """The listening connection broke (the server restarted, the network went away)."""


class Listener:
    """A connection that listens for other clients' changes; :meth:`fileno` for a socket notifier."""

    def __init__(self, db: Database) -> None:
        import psycopg

        from app.core.storage.watchdog import WATCHDOG, reply_timeout_s, tcp_options

        url = db.engine.url.set(drivername="postgresql")
        self._own = sender_id(db)
        bound = reply_timeout_s()  # (a stalled LISTEN is cut as the app's statements are: the watcher listens again)
        self.connection: Any = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True, connect_timeout=10,
                                               **tcp_options(url.query, bound))  # keepalives: an idle listener's lost link found
        WATCHDOG.watch(self.connection, bound)
        WATCHDOG.mark(self.connection)
        try:
            self.connection.execute(f"LISTEN {CHANNEL}")
        except BaseException:
            self.close()
            raise

    def fileno(self) -> int:
        return int(self.connection.fileno())

    def read(self) -> list[Notice]:
        """The notifications that arrived (without blocking), others' only."""
        import psycopg

        found: list[Notice] = []
        try:
            for note in self.connection.notifies(timeout=0, stop_after=None):
                notice = self._parse(note.payload)
                if notice is not None:
                    found.append(notice)
        except psycopg.Error as exc:
            raise ListenerLost(str(exc)) from None
        return found

    def _parse(self, payload: str) -> Notice | None:
        try:
            project, parts, sender = payload.split("|")
            if sender == self._own:
                return None
            return Notice(int(project), frozenset(p for p in parts.split(",") if p))
        except ValueError:
            return None  # not ours

    def close(self) -> None:
        from app.core.storage.watchdog import WATCHDOG

        WATCHDOG.forget(self.connection)
        try:
            self.connection.close()
        except Exception:  # already gone
            pass
