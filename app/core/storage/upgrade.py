"""Running the migrations so that a table they rebuild loses nothing that points at it.

SQLite cannot ALTER most of a table: Alembic's batch mode builds a new one, copies the rows, drops the
old one and renames the new. With the foreign keys on (the app's every connection), dropping a parent
table first deletes its rows, and ON DELETE CASCADE deletes every child row with them: rebuilding
``projects`` would empty answers, sessions, documents and tasks. SQLite's own procedure for such a
change (https://sqlite.org/lang_altertable.html#otheralter) turns the foreign keys off outside the
transaction, checks them (``PRAGMA foreign_key_check``) before committing, and turns them on again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

if TYPE_CHECKING:  # Alembic is loaded only when a migration runs
    from alembic.script import ScriptDirectory


class LinksBroken(Exception):
    """The migration would leave rows pointing at rows that are gone (``tables``: the tables holding them);
    it was rolled back."""

    def __init__(self, tables: tuple[str, ...]) -> None:
        super().__init__(", ".join(tables))
        self.tables = tables


def upgrade_keeping_links(conn: Connection, upgrade: Callable[[], None]) -> None:
    """Run ``upgrade`` (the migrations, on ``conn``) in one transaction; on SQLite with the foreign keys off
    and refusing (:class:`LinksBroken`, nothing changed) to leave a row pointing at none that did not before."""
    if conn.dialect.name != "sqlite":
        with conn.begin():  # PostgreSQL changes a table in place: its rows and links stay where they are
            upgrade()
        return
    raw: Any = conn.connection.driver_connection  # sqlite3's: outside SQLAlchemy's BEGIN, which would make the PRAGMA void
    raw.execute("PRAGMA foreign_keys=OFF")  # (no transaction is open: inside one SQLite ignores it)
    try:
        with conn.begin():
            before = _broken(conn)  # (rows written without the foreign keys by another tool: not ours to judge)
            upgrade()
            broken = _broken(conn) - before
            if broken:
                raise LinksBroken(tuple(sorted({str(row[0]) for row in broken})))
    finally:
        try:
            raw.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error:
            conn.invalidate()  # one whose foreign keys may be off is thrown away: the next opens with them on


def _broken(conn: Connection) -> set[tuple[object, ...]]:
    """Every row pointing at a row that is not there: (table, rowid, parent table, which foreign key)."""
    return {tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()}


def known_revision(script: ScriptDirectory, revision: str) -> bool:
    """Whether ``revision`` is one of the migrations of ``script`` (else a newer app's, or another program's)."""
    from alembic.script.revision import ResolutionError
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except (ResolutionError, CommandError):
        return False
