"""Files no export may ever write: the open database, its journals and its backups.

An export's ``--out`` (or ``--report``) naming the database file would replace every project by
one document. :class:`app.core.storage.db.Database` registers its file while it is open; the
target check every writer uses (:func:`app.core.files.atomic.check_target`) refuses these paths,
and a folder export refuses a folder that holds one of them.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from app.core.errors import UserError

JOURNALS = ("-wal", "-shm", "-journal")
_OPEN: Counter[Path] = Counter()  # the open SQLite files (resolved), by how many Database objects hold each


def hold(database: Path) -> None:
    """``database`` (a SQLite file) is open: nothing may be written over it, its journals or backups."""
    _OPEN[_absolute(database)] += 1


def release(database: Path) -> None:
    key = _absolute(database)
    _OPEN[key] -= 1
    if _OPEN[key] <= 0:
        del _OPEN[key]


def _absolute(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except OSError:
        return Path(os.path.abspath(Path(path).expanduser()))


def _kept(database: Path) -> list[Path]:
    return [database, *(database.with_name(database.name + suffix) for suffix in JOURNALS)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # a hard link, or the same file by another name
    except OSError:
        return False


def refuse_kept(path: Path) -> None:
    """Refuse writing a file at ``path`` when it is an open database, its journal or in its backups folder."""
    target = _absolute(path)
    for database in _OPEN:
        backups = database.parent / "backups"
        if target in _kept(database) or _same_file(target, database):
            raise UserError(key="file.is_database", path=target, database=database)
        if target.is_relative_to(backups):
            raise UserError(key="file.in_backups", path=target, folder=backups)


def refuse_holding_kept(folder: Path) -> None:
    """Refuse replacing ``folder`` when it is, or holds, an open database or its backups."""
    target = _absolute(folder)
    for database in _OPEN:
        if database.is_relative_to(target) or target.is_relative_to(database.parent / "backups"):
            raise UserError(key="file.holds_database", folder=target, database=database)
