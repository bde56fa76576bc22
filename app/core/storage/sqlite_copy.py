"""A SQLite database copied with the online backup API, giving up when the source stays locked.

Python's ``sqlite3.Connection.backup`` tries a step the source's lock refuses again and again, without end
(each try waits the source's busy timeout, then it sleeps and tries again): another program holding a
rollback-journal database (a network drive) in a long transaction, or in exclusive locking mode, froze a
backup, a restore, a migration's safety copy or a data-folder move for ever. Here every step reports back
(CPython calls ``progress`` after each, busy ones included) and the copy stops with :class:`DatabaseBusy`
once the source has been locked for the wait given (the database's busy timeout), as every other wait
for the database does. The copy is taken in one step (one read lock: another process's write cannot
restart it halfway); what was written into the target is the caller's to remove.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from app.core.errors import DatabaseBusy

PAUSE_S = 0.1  # between two tries of a step the source's lock refused (each has waited its busy timeout already)
REFUSED = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection, wait_s: float) -> None:
    """``source`` copied whole into ``target``; :class:`DatabaseBusy` when it is still locked after ``wait_s`` seconds."""
    deadline = time.monotonic() + max(wait_s, 0.0)

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in REFUSED and time.monotonic() >= deadline:
            raise DatabaseBusy()

    source.backup(target, progress=progress, sleep=PAUSE_S)


def hold_alone(path: Path) -> sqlite3.Connection | None:
    """A connection holding the database file ``path`` exclusively until it closes (nobody else reads or writes
    it meanwhile; it reads it itself, :func:`copy_database` from it), or None when another connection (another
    window, a command) has it open.

    SQLite cannot be asked who has a file open, but it refuses to leave WAL mode while any other connection is
    open (leaving it, the write-ahead log is written into the file), and in exclusive locking mode the connection
    keeps the exclusive lock its first write transaction takes until it closes.
    """
    try:
        guard = sqlite3.connect(path, timeout=0, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        guard.execute("PRAGMA locking_mode=EXCLUSIVE")
        mode = str(guard.execute("PRAGMA journal_mode=DELETE").fetchone()[0]).lower()
        if mode != "delete":
            raise sqlite3.OperationalError(mode)  # still WAL: another connection has it open
        guard.execute("BEGIN EXCLUSIVE")
        guard.execute("COMMIT")  # (the lock stays, in exclusive locking mode)
    except sqlite3.Error:
        guard.close()
        return None
    return guard
