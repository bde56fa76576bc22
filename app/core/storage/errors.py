"""What a database failure means to the user: the typed errors storage raises, and the mapping to them."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, OperationalError

from app.core.errors import DatabaseBusy, DiskFull, UserError


class DamagedDatabase(UserError):
    """A database file that SQLite cannot read (scrambled pages, cut short, not a database)."""


class ReadOnlyDatabase(UserError):
    """A database file this process cannot write: edits could not be saved, so it is not opened."""


def storage_error(exc: BaseException) -> UserError | None:
    """The user's one line for a database failure (full disk, read-only, damaged file, lost server).

    None for anything else (a bug: let it show). The transaction was rolled back, so the message
    can say nothing was saved and nothing was lost.
    """
    if isinstance(exc, UserError):
        return exc
    orig = getattr(exc, "orig", None) or exc
    if not isinstance(exc, DBAPIError | sqlite3.Error):
        return None
    text = str(orig).lower()
    first = str(orig).strip().splitlines()[0][:200] if str(orig).strip() else type(orig).__name__
    if "database or disk is full" in text or "no space left" in text or "disk full" in text:
        return DiskFull()
    if is_busy_error(orig):
        return DatabaseBusy()
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDatabase(key="db.change_read_only", detail=first)
    if "malformed" in text or "not a database" in text or "disk i/o error" in text:
        return DamagedDatabase(key="db.change_damaged", detail=first)
    if "could not connect" in text or "connection refused" in text or "connection to server" in text:
        return UserError(key="db.server_unreachable", detail=first)
    if isinstance(exc, OperationalError) or isinstance(orig, sqlite3.OperationalError):
        return UserError(key="db.change_refused", detail=first)
    return None


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "busy" (another process holds the write lock)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text
