"""Backups of the SQLite database: daily while in use, kept to the last N, listed, previewed, restored.

Every copy is made with SQLite's online backup API (:meth:`Database.backup`), so it is consistent
while the database is open. A backup is read with ``immutable=1``: nothing is written beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import UserError
from app.core.files import probe
from app.core.files.atomic import os_reason, pid_alive
from app.core.files.guarded import same_file
from app.core.i18n import on_this_clock
from app.core.messages import Message, done, redone
from app.core.projects import renew_copy_ids
from app.core.storage.db import SCHEMA_HEAD, Database
from app.core.storage.errors import sqlite_reason
from app.core.storage.models import utcnow
from app.core.storage.sqlite_copy import copy_database, hold_alone

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
DAILY = dt.timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%S%f"
_CLOCK_SLACK = dt.timedelta(minutes=5)  # a backup dated this much after now is of a clock that was ahead


@dataclass(frozen=True)
class Backup:
    path: Path
    created: dt.datetime  # naive UTC, from the file's name
    size: int
    reason: str

    @property
    def created_local(self) -> dt.datetime:
        return on_this_clock(self.created).replace(tzinfo=None)

    @property
    def why(self) -> Message:
        """Why the backup was made, as the user reads it (its file name holds the reason's id)."""
        if self.reason == "daily":
            return Message(key="backup.reason_daily")
        if self.reason == "before-restore":
            return Message(key="backup.reason_before_restore")
        return Message(key="backup.reason_update") if self.reason.startswith("before-") else Message(key="backup.reason_manual")


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    archived: bool
    answers: int
    wbs_tasks: int


@dataclass(frozen=True)
class BackupContents:
    schema: str | None
    projects: list[ProjectSummary] = field(default_factory=list)


def backups_dir(db: Database) -> Path:
    """``backups`` beside the database file (where the backup before a migration goes too)."""
    if db.path is None:
        raise UserError(key="db.backup_sqlite_only")
    return db.path.parent / "backups"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(stem)}-(\d{{8}}T\d{{12}})-(.+)\.sqlite3")


def list_backups(db: Database) -> list[Backup]:
    """This database's backups, newest first (files of other names in the folder are not ours)."""
    folder = backups_dir(db)
    assert db.path is not None
    pattern = _pattern(db.path.stem)
    found: list[Backup] = []
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_file():
            continue
        try:
            created = dt.datetime.strptime(match[1], _STAMP)
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(Backup(entry, created, size, match[2]))
    return sorted(found, key=lambda b: b.created, reverse=True)


def check_keep(keep: int | None) -> None:
    """Refuse a number of backups to keep below 1 (a typo such as -1 must never delete them all)."""
    if keep is not None and keep < 1:
        raise UserError(key="backup.keep_at_least_one", keep=keep)


def prune(db: Database, keep: int, protect: Iterable[Path] = ()) -> list[Path]:
    """Delete all but the newest ``keep`` backups (``keep`` is 1 or more: :func:`check_keep`);
    returns the deleted files. ``protect``: backups never deleted here whatever their age (the one a
    restore just made of what was there: the user was told where it is)."""
    check_keep(keep)
    kept = {Path(p).resolve() for p in protect}
    removed = []
    others = _by_age([b for b in list_backups(db) if b.path.resolve() not in kept])
    doomed = others[max(0, keep - len(kept)):]
    step = done(Message(key="done.pruning", count=len(doomed))) if doomed else None  # (Ctrl+C: maybe some of them)
    for old in doomed:
        try:
            old.path.unlink()
        except OSError as exc:
            log.warning("could not delete the old backup %s: %s", old.path, exc)
            continue
        removed.append(old.path)
    if step is not None:
        redone(step, Message(key="done.pruned", count=len(removed)))
    return removed


def _by_age(found: list[Backup]) -> list[Backup]:
    """Newest first, the ones dated in the future (made while the clock was ahead) last: they are no
    newer than the others, and left first they would never be pruned."""
    ahead = utcnow() + _CLOCK_SLACK
    return sorted(found, key=lambda b: b.created > ahead)  # (stable: each part stays newest first)


def _restore_part(target: Path, pid: int) -> Path:
    """The hidden copy a restore writes beside the database before it renames it over it."""
    return target.with_name(f".{target.name}.{pid}.restore-part")


def clean_restore_leftovers(db: Database) -> list[Path]:
    """Remove what killed restores left beside the database (their hidden copy and its journal); returns them.

    Only of processes that are gone: a restore running in another process keeps its copy (asked
    as Windows and POSIX each answer: os.kill(pid, 0) would send Ctrl+C on Windows).
    """
    if db.path is None:
        return []
    pattern = re.compile(rf"\.{re.escape(db.path.name)}\.(\d+)\.restore-part(?:-journal)?")
    removed: list[Path] = []
    try:
        entries = list(db.path.parent.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or pid_alive(int(match.group(1))):
            continue
        try:
            entry.unlink()
        except OSError as exc:
            log.warning("could not delete %s, left by a restore that was stopped: %s", entry, exc)
            continue
        removed.append(entry)
    return removed


def create_backup(db: Database, keep: int | None = None, reason: str = "manual") -> Path:
    """A backup now; with ``keep``, the older ones beyond the newest ``keep`` are deleted."""
    check_keep(keep)
    clean_restore_leftovers(db)
    path = db.backup(reason=reason)
    if keep is not None:
        prune(db, keep)
    return path


def daily_backup(db: Database, keep: int = DEFAULT_KEEP, now: dt.datetime | None = None) -> Path | None:
    """Back up when the newest backup is a day old or more (or there is none); None when not due
    or the database is no SQLite file. One that cannot be made raises ``backup.daily_failed``."""
    if db.path is None:
        return None
    clean_restore_leftovers(db)  # the first check after start: a restore killed last time
    now = now or utcnow()
    # a backup dated after now (made while the clock was ahead) says nothing of when the last one was made
    existing = [b for b in list_backups(db) if b.created <= now + _CLOCK_SLACK]
    if existing and now - existing[0].created < DAILY:
        return None
    try:
        return create_backup(db, keep, reason="daily")
    except (OSError, sqlite3.Error, UserError) as exc:  # said as the day's backup that was not made, and why
        detail = exc if isinstance(exc, UserError) else os_reason(exc) if isinstance(exc, OSError) else sqlite_reason(exc)
        raise UserError(key="backup.daily_failed", folder=backups_dir(db), detail=detail) from exc


def _open_backup(path: Path) -> sqlite3.Connection:
    # immutable: read without locks, and no -wal or -shm file is made beside the backup
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def read_backup(path: Path) -> BackupContents:
    """What a backup holds (projects with their numbers of answers and WBS tasks), read only.

    A file that is no readable database of this app raises ``backup.damaged`` (nothing changes).
    """
    path = Path(path)
    if not probe.is_file(path):
        raise UserError(key="file.not_found_any", path=path)
    try:
        with contextlib.closing(_open_backup(path)) as conn:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise UserError(key="backup.damaged", path=path, detail=str(check[0] if check else "quick_check"))
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"projects", "answers", "alembic_version"} <= tables:
                raise UserError(key="backup.not_ours", path=path)
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            schema = rows[0][0] if len(rows) == 1 else None
            if schema is None or str(schema) > SCHEMA_HEAD:
                raise UserError(key="backup.newer_schema", path=path, schema=str(schema))
            tasks = "(SELECT COUNT(*) FROM wbs_tasks t WHERE t.project_id = p.id)" if "wbs_tasks" in tables else "0"
            projects = [
                ProjectSummary(str(name), bool(archived), int(answers), int(wbs))
                for name, archived, answers, wbs in conn.execute(
                    "SELECT p.name, p.archived, (SELECT COUNT(*) FROM answers a WHERE a.project_id = p.id), "
                    f"{tasks} FROM projects p ORDER BY p.name"
                )
            ]
    except sqlite3.Error as exc:
        raise UserError(key="backup.damaged", path=path, detail=sqlite_reason(exc)) from None
    return BackupContents(str(schema), projects)


def restore_backup(db: Database, backup: Path, keep: int | None = None) -> Path:
    """Replace the database's content by ``backup``'s; returns the backup made of it first.

    The backup is checked before anything changes (a damaged one changes nothing). Then the current
    database is backed up and the backup copied beside it under a temporary name, where each project
    gets a new copy id (:func:`renew_copy_ids`); the copy is renamed over the database and the schema
    brought up to date. The rename is the one step that restores: a restore killed at any point leaves
    the database as it was or restored whole (an older schema is brought up to date at any open). The
    same :class:`Database` keeps working (it reconnects).
    Refused while another process has the database open (its next write would mix both files).
    ``keep``: the backups beyond it that the restore made itself are pruned; none that was listed before
    it is deleted (the user may be trying them one after another to find the day the data was right).
    """
    if db.path is None:
        raise UserError(key="db.backup_sqlite_only")
    check_keep(keep)
    backup = Path(backup)
    if same_file(backup, db.path):
        raise UserError(key="backup.is_the_database", path=backup)  # nothing to restore (and the copy ids kept)
    read_backup(backup)
    listed = [b.path for b in list_backups(db)]
    before = db.backup(reason="before-restore")
    target = db.path
    clean_restore_leftovers(db)
    tmp = _restore_part(target, os.getpid())
    tmp.unlink(missing_ok=True)
    with db._in_use:  # no unit of work of this process runs while the file is replaced
        db.engine.dispose()  # closes this process's connection: the write-ahead log is checkpointed and removed
        wal = target.with_name(target.name + "-wal")
        guard = hold_alone(target)  # (refused while another connection has it open: its next write would mix both)
        if guard is None:
            before.unlink(missing_ok=True)  # refused: nothing changed, not even the backups
            raise UserError(key="backup.database_in_use", path=target)
        try:
            with contextlib.closing(_open_backup(backup)) as src, contextlib.closing(sqlite3.connect(tmp)) as dst:
                copy_database(src, dst, db.busy_timeout_ms / 1000)  # (a backup is read without locks: never busy)
                dst.execute("PRAGMA journal_mode=DELETE")  # its changes in the file itself (no -wal left behind by the rename)
                with dst:  # its projects go on from an older state: each is a copy of its own from now on
                    renew_copy_ids(dst)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            for leftover in (wal, target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
            os.replace(tmp, target)
        except (sqlite3.Error, ValueError) as exc:  # (ValueError: a project's settings that are no JSON)
            raise UserError(key="backup.damaged", path=backup, detail=sqlite_reason(exc)) from None
        finally:
            guard.close()
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    db.migrate()  # an older backup gets the current schema (with its own backup first)
    if keep is not None:
        prune(db, keep, protect=[before, *listed])
    log.info("restored %s from %s (the database before was saved as %s)", target, backup, before)
    return before
