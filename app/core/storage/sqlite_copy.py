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
