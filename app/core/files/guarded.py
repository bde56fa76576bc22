"""Files no export may ever write: the open database, its journals and its backups, and any
other SQLite database file.

An export's ``--out`` (or ``--report``) naming the database file would replace every project by
one document. :class:`app.core.storage.db.Database` registers its file while it is open; the
target check every writer uses (:func:`app.core.files.atomic.check_target`) refuses these paths,
and a folder export refuses a folder that holds one of them.

A database this process does not have open (the data folder's while ``--db`` points elsewhere,
another copy) is known by its first 16 bytes, SQLite's header: the atomic writer never replaces
such a file, nor its ``-wal``/``-shm``/``-journal``. The app writes databases only through SQLite
itself (backups, restore, moving the data folder, copying a project to another database), never
through the atomic writer, so nothing of its own is refused.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path

from app.core.errors import UserError

JOURNALS = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database file
_OPEN: Counter[Path] = Counter()  # the open SQLite files (resolved), by how many Database objects hold each


def hold(database: Path) -> None:
    """``database`` (a SQLite file) is open: nothing may be written over it, its journals or backups."""
    _OPEN[_absolute(database)] += 1


def release(database: Path) -> None:
    key = _absolute(database)
    _OPEN[key] -= 1
    if _OPEN[key] <= 0:
        del _OPEN[key]


def open_databases() -> list[Path]:
    """The SQLite files open in this process (resolved)."""
    return list(_OPEN)


def _absolute(path: Path) -> Path:
    """``path`` resolved (as far as the system lets it be); a path holding NUL, which every writer's
    check comes here with first, refused in one line (:func:`app.core.files.probe.refuse_nul`)."""
    from app.core.files.probe import refuse_nul  # (probe imports this module through atomic)

    refuse_nul(path)
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(os.path.abspath(Path(path).expanduser()))


def _kept(database: Path) -> list[Path]:
    return [database, *(database.with_name(database.name + suffix) for suffix in JOURNALS)]


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # a hard link, or the same file by another name
    except OSError:
        return False


def refuse_kept(path: Path) -> None:
    """Refuse writing a file at ``path`` when it is an open database, its journal or in its backups
    folder, or any other SQLite database or its journal."""
    target = _absolute(path)
    for database in _OPEN:
        backups = database.parent / "backups"
        if target in _kept(database) or same_file(target, database):
            raise UserError(key="file.is_database", path=target, database=database)
        if target.is_relative_to(backups):
            raise UserError(key="file.in_backups", path=target, folder=backups)
    if is_sqlite_file(target):
        raise UserError(key="file.is_sqlite_database", path=target)
    journal_of = _journal_of(target)
    if journal_of is not None:
        raise UserError(key="file.is_sqlite_journal", path=target, database=journal_of)


def in_use_here(path: Path) -> tuple[Path, str] | None:
    """The database open in this process that ``path`` is a file of, and which one ("" the database
    itself, else ``-wal``, ``-shm`` or ``-journal``), by device and inode (another spelling, a link);
    None for any other file, or one that cannot be looked at.

    Such a file is never opened with ``open()`` / ``os.open`` / ``read_bytes`` in this process, not even
    to read its first bytes: SQLite's locks on it are POSIX advisory locks, held per process and per
    file, and closing ANY descriptor of the file in this process drops every lock SQLite holds on it
    here. Another process (``mlops-kickoff level`` while two windows are open) then takes the database
    as unused: its closing checkpoint deletes the ``-wal`` and ``-shm`` under the open connection, which
    from then on sees none of that process's changes, and its own next write puts the old pages back
    (the other's changes lost). Every raw read of a file that may be a database asks here first
    (:func:`is_sqlite_file`, :func:`app.core.storage.file_checks.refuse_unusable_file`, the imports of a
    project file, a workbook, a calendar); SQLite's own connections (a probe, a backup) are safe: SQLite
    keeps a closed connection's descriptor open while another connection of the process holds a lock.
    """
    if not _OPEN:
        return None
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    for database in list(_OPEN):
        for suffix in ("", *JOURNALS):
            try:
                other = os.stat(database.with_name(database.name + suffix))
            except (OSError, ValueError):
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return database, suffix
    return None


def is_sqlite_file(path: Path) -> bool:
    """Whether ``path`` is an existing file that starts with SQLite's header (a database)."""
    if (held := in_use_here(path)) is not None:
        return held[1] == ""  # an open database: never read here (see in_use_here), its journals are none
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a folder, or a pipe that would block the read
            return False
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:  # missing, unreadable: not a database this check can see
        return False


def _journal_of(target: Path) -> Path | None:
    """The SQLite database ``target`` is the journal of (None when it is none's)."""
    for suffix in JOURNALS:
        if target.name.endswith(suffix) and len(target.name) > len(suffix):
            database = target.with_name(target.name[: -len(suffix)])
            if is_sqlite_file(database):
                return database
    return None


def refuse_holding_kept(folder: Path) -> None:
    """Refuse replacing ``folder`` when it is, or holds, an open database or its backups."""
    target = _absolute(folder)
    for database in _OPEN:
        if database.is_relative_to(target) or target.is_relative_to(database.parent / "backups"):
            raise UserError(key="file.holds_database", folder=target, database=database)
