"""Checks of a SQLite file before the app's connection opens it: where it lives and whether it is usable.

The app's connection switches the journal to WAL, which rewrites the file's header, so an existing
file is looked at first on a connection of its own that changes nothing: it must be SQLite,
readable, ours (an MLOps Kickoff schema this app knows), writable and undamaged.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.core import paths
from app.core.errors import DatabaseBusy, DatabaseFileError, UserError
from app.core.files import probe
from app.core.files.atomic import os_reason
from app.core.files.guarded import in_use_here
from app.core.storage.errors import (
    DamagedDatabase,
    ReadOnlyDatabase,
    disk_failure,
    is_busy_error,
    is_io_error,
    sqlite_reason,
)
from app.core.storage.url_text import hide_passwords

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# An existing database file is checked page by page (PRAGMA quick_check) at open up to this size;
# a bigger one only has its schema read (the check would take seconds).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "davfs", "fuse.rclone"}


def filesystem_type(path: Path) -> str | None:
    """The file-system type holding ``path`` (Linux /proc/mounts), or None when unknown."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, fstype = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) > len(best):
                best, fstype = parts[1], parts[2]
    return fstype


def refuse_unusable_file(path: Path, shown: str, busy_timeout_s: float, migrations_dir: Path, schema_head: str) -> None:
    """Check an existing SQLite file before the app's connection touches it (it would switch the
    journal to WAL, which rewrites the header): it must be SQLite, readable, ours, and writable.

    Reads only, on a connection of its own that sets no pragma; changes nothing in the file. Its
    schema must be ``schema_head`` or one of the migrations in ``migrations_dir``.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if not path.parent.is_dir():  # not read-only: missing
            raise UserError(key="file.no_folder", folder=path.parent) from None
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyDatabase(key="db.folder_read_only", folder=path.parent) from None
        return
    except OSError as exc:  # a name too long, a folder on the way that cannot be looked into
        raise UserError(key="file.cannot_read", path=path, reason=os_reason(exc)) from None
    if info.st_size == 0:
        return  # an empty file: a new database
    try:
        if (held := in_use_here(path)) is not None:  # open in this process (another window): never read raw here
            header = SQLITE_HEADER if held[1] == "" else b""  # (its -wal or -shm: no database)
        else:
            with open(path, "rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(key="file.cannot_read", path=path, reason=os_reason(exc)) from None
    if header != SQLITE_HEADER:
        raise DatabaseFileError(path, "not_sqlite")
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        # Refused rather than opened for reading: the user would find out at the first edit.
        raise ReadOnlyDatabase(key="db.read_only", path=path)
    try:
        from urllib.parse import quote

        uri = f"file:{quote(os.fsencode(path))}?mode=rw"  # (the name's bytes: a Shift_JIS one too)
        probe = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s, check_same_thread=False)
    except sqlite3.Error as exc:
        if is_io_error(exc):
            raise disk_failure(path, exc) from None
        raise DamagedDatabase(key="db.cannot_open_unchanged", path=path, detail=sqlite_reason(exc)) from None
    try:
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "alembic_version" not in tables:
                raise UserError(key="db.other_tables", path=path)
            revisions = [row[0] for row in probe.execute("SELECT version_num FROM alembic_version")] if tables else []
            if info.st_size <= QUICK_CHECK_MAX_BYTES:
                problems = [row[0] for row in probe.execute("PRAGMA quick_check(3)")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError("; ".join(str(p) for p in problems)[:200])
        except sqlite3.OperationalError as exc:
            if is_busy_error(exc):
                raise DatabaseBusy("the database is busy (another program holds it); try again") from None
            if is_io_error(exc):  # a full or failing disk (SQLite's -shm cannot be made): not damage
                raise disk_failure(path, exc) from None
            raise DamagedDatabase(key="db.damaged", path=path, detail=sqlite_reason(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise DamagedDatabase(key="db.damaged", path=path, detail=sqlite_reason(exc)) from None
    finally:
        probe.close()
    if len(revisions) > 1 or (revisions and revisions[0] != schema_head and not revision_on_file(migrations_dir, revisions[0])):
        stamp = ",".join(str(r) for r in revisions)[:40]
        raise UserError(key="db.unknown_schema", url=shown, schema=stamp)


def revision_on_file(migrations_dir: Path, revision: str) -> bool:
    """Whether ``revision`` is one of the migrations in ``migrations_dir`` (read as text, no Alembic)."""
    import re

    pattern = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
    for file in (migrations_dir / "versions").glob("*.py"):
        try:
            match = pattern.search(file.read_text(encoding="utf-8"))
        except OSError:
            continue
        if match and match.group(1) == revision:
            return True
    return False


def refuse_folder_name(path: str) -> None:
    """A database file's path ending in a separator (``newdir/``) names a folder: ``Path`` would drop
    the separator and create a file ``newdir``. A folder that exists is refused as one before this."""
    if paths.names_folder(path) and not probe.is_dir(Path(path)):
        raise UserError(key="db.names_folder", path=f"{probe.resolved(Path(path).expanduser())}{os.sep}")


def refuse_unusable_path(path: Path) -> None:
    """A database file's path that cannot be one: a folder, a device, in a missing folder, a name
    the system refuses (too long); the same words for a plain path and a ``sqlite:///`` URL."""
    if probe.is_dir(path):
        raise UserError(key="db.is_folder", path=path)
    if probe.exists(path) and not probe.is_file(path):
        raise UserError(key="db.not_regular", path=path)
    if not probe.is_dir(path.parent):
        raise UserError(key="file.no_folder", folder=path.parent)


SUPPORTED_BACKENDS = ("sqlite", "postgresql")  # what the app is built and tested for (README ▸ Team database)


def refuse_unsupported_url(url: URL, value: str, shown: str) -> None:
    """Refuse, before anything is opened or created, a database URL the app cannot keep a plan in.

    A kind other than SQLite or PostgreSQL (``mysql://``: SQLAlchemy knows it, the app does not) is an unknown kind,
    whatever driver is installed. A SQLite URL must name a file: ``sqlite://`` or ``sqlite:///:memory:`` is a database in
    memory that keeps nothing once the command or the window ends; ``sqlite://plan.db`` (two slashes, a common slip) names a
    server, which SQLite has none of. ``value`` is the URL as typed, ``shown`` as a message names it."""
    if url.get_backend_name() not in SUPPORTED_BACKENDS:
        raise UserError(key="db.unknown_kind", driver=url.drivername, url=shown)
    if url.get_backend_name() != "sqlite" or url.query:  # (a SQLite URL's options: refused by the caller, named)
        return
    if url.host is not None or url.username is not None or url.password is not None or url.port is not None:
        path = hide_passwords(value).partition("://")[2]
        raise UserError(key="db.sqlite_two_slashes", url=hide_passwords(value), path=path)
    if url.database in (None, "", ":memory:"):
        raise UserError(key="db.keeps_nothing", url=hide_passwords(value))


def holds_a_project(path: Path) -> bool:
    """Whether the SQLite file at ``path`` holds a project, read on a connection of its own that only reads, no
    migration (``mode=rw`` as :func:`refuse_unusable_file`'s: a ``ro`` one leaves the WAL's two files beside the
    database, the last ``rw`` connection removes them). A file that cannot be read so (damaged, another program's,
    a schema without the table) counts as holding one: opening it says what is wrong; no welcome page for it."""
    from contextlib import closing
    from urllib.parse import quote

    from app.core.storage.models import Project

    try:
        uri = f"file:{quote(os.fsencode(path))}?mode=rw"  # (never makes a file that is not there)
        with closing(sqlite3.connect(uri, uri=True, timeout=2, check_same_thread=False)) as reader:
            row = reader.execute(f"SELECT EXISTS (SELECT 1 FROM {Project.__tablename__})").fetchone()
    except sqlite3.Error:
        return True
    return bool(row and row[0])
