"""Opening the database: URL resolution, SQLite pragmas, one writer, migrations with a backup first."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.core import paths
from app.core.errors import DatabaseBusy, DatabaseFileError, DiskFull, UserError
from app.core.storage.models import utcnow

if TYPE_CHECKING:  # Alembic is loaded only when a migration runs
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

ENV_DB = "MLOPS_KICKOFF_DB"
# The newest migration's revision. Opening an up-to-date database compares against it and skips
# loading Alembic altogether (a quarter of a second at start-up); a test keeps it equal to the
# head of migrations/versions, so a new migration must raise it.
SCHEMA_HEAD = "0002"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_DEFAULT_MIGRATIONS = MIGRATIONS_DIR
# How long a write waits for another process's transaction (SQLite's busy handler).
BUSY_TIMEOUT_MS = 30000
# An existing database file is checked page by page (PRAGMA quick_check) at open up to this size;
# a bigger one only has its schema read (the check would take seconds).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "davfs", "fuse.rclone"}


def resolve_database_url(value: str | None = None) -> str:
    """``--db`` value, else ``MLOPS_KICKOFF_DB``, else the file in the user's data folder.

    A plain path becomes a SQLite URL; anything with ``://`` is taken as an SQLAlchemy URL.
    """
    value = value or os.environ.get(ENV_DB) or None
    if value is None:
        path = paths.default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in value:
        try:
            url = make_url(value)
        except ArgumentError:
            raise UserError(f"not a database URL: {value}") from None
        shown = url.render_as_string(hide_password=True)
        try:
            dialect = url.get_dialect()
        except NoSuchModuleError:
            raise UserError(
                f"unknown kind of database {url.drivername!r} in {shown}: give a file path, sqlite:///PATH or postgresql://..."
            ) from None
        try:
            dialect.import_dbapi()
        except ImportError as exc:
            module = exc.name or url.drivername
            raise UserError(
                f"the {url.get_backend_name()} driver {module!r} is not installed, so {shown} cannot be opened: pip install {module}"
            ) from None
        return value
    path = Path(value).expanduser().resolve()
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        raise UserError(f"{path} is not a database file (a device, a pipe or a socket)")
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist")
    return f"sqlite:///{path}"


def _filesystem_type(path: Path) -> str | None:
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


def shown_url(url: str) -> str:
    """The URL as it may be shown: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


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
        return ReadOnlyDatabase(
            f"the database is read-only ({first}): the change was not saved; make the file writable and try again"
        )
    if "malformed" in text or "not a database" in text or "disk i/o error" in text:
        return DamagedDatabase(
            f"the database file cannot be read ({first}): it is damaged or its disk failed; nothing was saved. "
            "Restore a copy from the backups folder beside it"
        )
    if "could not connect" in text or "connection refused" in text or "connection to server" in text:
        return UserError(f"cannot reach the database server ({first}); nothing was saved")
    if isinstance(exc, OperationalError) or isinstance(orig, sqlite3.OperationalError):
        return UserError(f"the database refused the change ({first}); nothing was saved")
    return None


def _refuse_unusable_file(path: Path, shown: str, busy_timeout_s: float) -> None:
    """Check an existing SQLite file before the app's connection touches it (it would switch the
    journal to WAL, which rewrites the header): it must be SQLite, readable, ours, and writable.

    Reads only, on a connection of its own that sets no pragma; changes nothing in the file.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyDatabase(f"the folder {path.parent} is read-only: a database cannot be created there") from None
        return
    if info.st_size == 0:
        return  # an empty file: a new database
    try:
        with open(path, "rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseFileError(path, "unreadable", exc.strerror or "") from None
    if header != SQLITE_HEADER:
        raise DatabaseFileError(path, "not_sqlite")
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        # Refused rather than opened for reading: the user would find out at the first edit.
        raise ReadOnlyDatabase(
            f"the database {path} is read-only (no write permission, or a read-only disk): edits cannot be "
            "saved, so it is not opened; make it writable, or copy it to a writable folder"
        )
    try:
        from urllib.parse import quote

        uri = f"file:{quote(str(path))}?mode=rw"
        probe = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s, check_same_thread=False)
    except sqlite3.Error as exc:
        raise DamagedDatabase(f"cannot open the database {path} ({exc}); nothing was changed") from None
    try:
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "alembic_version" not in tables:
                raise UserError(f"{path} is not an MLOps Kickoff database (it holds other tables); nothing was changed")
            revisions = [row[0] for row in probe.execute("SELECT version_num FROM alembic_version")] if tables else []
            if info.st_size <= QUICK_CHECK_MAX_BYTES:
                problems = [row[0] for row in probe.execute("PRAGMA quick_check(3)")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError("; ".join(str(p) for p in problems)[:200])
        except sqlite3.OperationalError as exc:
            if is_busy_error(exc):
                raise DatabaseBusy("the database is busy (another program holds it); try again") from None
            raise DamagedDatabase(
                f"the database {path} is damaged ({exc}); nothing was changed. Restore a copy from its backups folder"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise DamagedDatabase(
                f"the database {path} is damaged ({str(exc).splitlines()[0]}); nothing was changed. "
                "Restore a copy from its backups folder"
            ) from None
    finally:
        probe.close()
    if len(revisions) > 1 or (revisions and revisions[0] != SCHEMA_HEAD and not _revision_on_file(revisions[0])):
        stamp = ",".join(str(r) for r in revisions)[:40]
        raise UserError(
            f"the database {shown} has schema {stamp}, unknown to this app: it was written by a newer "
            "MLOps Kickoff (update the app) or by another program; nothing was changed"
        )


def _revision_on_file(revision: str) -> bool:
    """Whether ``revision`` is one of the migrations shipped in MIGRATIONS_DIR (read as text, no Alembic)."""
    import re

    pattern = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
    for file in (MIGRATIONS_DIR / "versions").glob("*.py"):
        try:
            match = pattern.search(file.read_text(encoding="utf-8"))
        except OSError:
            continue
        if match and match.group(1) == revision:
            return True
    return False


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "busy" (another process holds the write lock)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


class Database:
    """One engine with a single connection: every read and write goes through it, one at a time.

    The SQLite shipped with Python 3.11 predates the fix of a rare WAL corruption race between
    several writing connections, so the app never opens a second writer.

    An operation's transaction (:meth:`transaction`) starts with ``BEGIN IMMEDIATE`` on SQLite: it
    takes the write lock up front, so a second process waits for it (the busy timeout) instead of
    failing at once when a read transaction tries to become a write one after the other committed
    (SQLITE_BUSY_SNAPSHOT, which no busy handler waits for). Reads start a plain ``BEGIN`` and, with
    WAL, never wait for a writer. A :meth:`session` opened inside another one on the same thread
    joins it, so an operation made of several service calls commits once, or not at all.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._in_use = threading.Lock()  # held while a unit of work runs; the change watcher never waits on it
        self.url = resolve_database_url(url)
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.path: Path | None = Path(parsed.database) if self.is_sqlite and parsed.database not in (None, "", ":memory:") else None
        self.warnings: list[str] = []
        self.backups: list[Path] = []
        journal = "WAL"
        if self.path is not None and _filesystem_type(self.path.parent) in NETWORK_FILESYSTEMS:
            journal = "DELETE"
            self.warnings.append(
                f"The database {self.path} is on a network drive; WAL is off there, so keep it closed on other machines."
            )
        if self.path is not None:
            _refuse_unusable_file(self.path, shown_url(self.url), self.busy_timeout_ms / 1000)
        self.engine = self._create_engine(journal)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate:
            try:
                self.migrate()
            except BaseException:
                self.engine.dispose()  # a refused database is closed at once: no -wal/-shm left behind
                raise

    def _create_engine(self, journal: str) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, pool_size=1, max_overflow=0)
        if self.path is None:
            engine = create_engine(self.url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            engine = create_engine(
                self.url,
                pool_size=1,
                max_overflow=0,
                pool_timeout=60,
                connect_args={"check_same_thread": False, "timeout": self.busy_timeout_ms / 1000},
            )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            # Take transaction control from the legacy sqlite3 module (SQLAlchemy's recipe), so
            # that BEGIN and SAVEPOINT behave as written.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            if self.path is not None:
                cur.execute(f"PRAGMA journal_mode={journal}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(self.busy_timeout_ms)}")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            # A write (an operation's transaction) takes the write lock up front; a read does not,
            # so with WAL it never waits for another process's write.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if getattr(self._local, "writing", False) else "BEGIN")

        return engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.

        Inside another unit of work on the same thread, the block joins it (no commit of its own).
        A write lock another process holds for longer than the busy timeout raises
        :class:`DatabaseBusy` (nothing was changed).
        """
        outer = getattr(self._local, "session", None)
        if outer is not None:
            yield outer
            return
        with self._in_use:
            try:
                with self._sessions() as session, session.begin():
                    self._local.session = session
                    try:
                        yield session
                    finally:
                        self._local.session = None
            except OperationalError as exc:
                if is_busy_error(exc):
                    raise DatabaseBusy() from None
                raise

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """The unit of work of one operation: like :meth:`session`, but it takes the write lock first.

        Service calls inside it join it; it commits once at the end, or not at all.
        """
        if getattr(self._local, "session", None) is not None:
            with self.session() as session:
                yield session
            return
        self._local.writing = True
        try:
            with self.session() as session:
                yield session
        finally:
            self._local.writing = False

    def data_version(self) -> int | None:
        """SQLite's ``PRAGMA data_version``: it changes when another connection commits.

        None when the connection is in use right now (try again later) or the database is not
        SQLite. Cheap enough to poll every second.
        """
        if not self.is_sqlite or not self._in_use.acquire(blocking=False):
            return None
        try:
            raw = self.engine.raw_connection()  # no SQLAlchemy transaction: a PRAGMA needs no lock
            try:
                cur = raw.cursor()
                cur.execute("PRAGMA data_version")
                row = cur.fetchone()
                return int(row[0]) if row is not None else None
            finally:
                raw.close()
        except (OperationalError, sqlite3.Error):
            return None
        finally:
            self._in_use.release()

    # --- migrations -----------------------------------------------------------------------

    def _alembic_config(self, connection: Connection | None = None) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    def head_revision(self) -> str:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self._alembic_config()).get_current_head() or ""

    def current_revision(self) -> str | None:
        """The revision stored in the database (None for a database without the version table)."""
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError, ProgrammingError

        with self.engine.connect() as conn:
            try:
                rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            except (OperationalError, ProgrammingError) as exc:
                if "alembic_version" in str(exc.orig):
                    return None
                raise
        return rows[0] if len(rows) == 1 else (None if not rows else ",".join(sorted(rows)))

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to ``target``; back up first when an existing database changes."""
        try:
            current = self.current_revision()
        except DatabaseError as exc:
            raise storage_error(exc) or UserError(f"cannot open the database {shown_url(self.url)}: {exc.orig}") from None
        if current == SCHEMA_HEAD and target == "head" and MIGRATIONS_DIR == _DEFAULT_MIGRATIONS:
            self._refuse_missing_tables()
            return
        from alembic import command
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        script = ScriptDirectory.from_config(self._alembic_config())
        if current is not None and not self._known_revision(script, current):
            raise UserError(
                f"the database {shown_url(self.url)} was written by a newer MLOps Kickoff (schema {current}); update the app"
            )
        head = script.get_current_head()
        if current == head and target == "head":
            self._refuse_missing_tables()
            return
        if current is not None and self.path is not None:
            self.backups.append(self.backup(reason=f"before-{head}"))
        elif current is None and self.path is not None and inspect(self.engine).get_table_names():
            raise UserError(f"{self.path} is not an MLOps Kickoff database")
        try:
            with self.engine.begin() as conn:
                command.upgrade(self._alembic_config(conn), target)
        except CommandError as exc:
            raise UserError(f"cannot migrate the database: {exc}") from None
        except DBAPIError as exc:
            # The upgrade ran in one transaction and was rolled back: the file is as it was.
            known = storage_error(exc)
            if isinstance(known, DiskFull | DatabaseBusy | ReadOnlyDatabase):
                raise known from None
            detail = str(exc.orig).strip().splitlines()[0][:200] if exc.orig is not None else type(exc).__name__
            kept = f" (a copy is in {self.backups[-1].parent})" if self.backups else ""
            raise DamagedDatabase(
                f"cannot bring the database {shown_url(self.url)} from schema {current} to {head}: its tables do not "
                f"match its schema stamp ({detail}); nothing was changed{kept}"
            ) from None
        if target == "head":
            self._refuse_missing_tables()

    def _refuse_missing_tables(self) -> None:
        """A database stamped up to date must hold every table of the schema (one catalogue query)."""
        from app.core.storage.models import Base

        try:
            present = set(inspect(self.engine).get_table_names())
        except DBAPIError as exc:
            raise storage_error(exc) or DatabaseFileError(shown_url(self.url), "unreadable") from None
        missing = sorted(set(Base.metadata.tables) - present)
        if missing:
            raise DamagedDatabase(
                f"the database {shown_url(self.url)} is damaged: its schema is current but tables are missing "
                f"({', '.join(missing[:5])}); nothing was changed. Restore a copy from its backups folder"
            )

    @staticmethod
    def _known_revision(script: ScriptDirectory, revision: str) -> bool:
        from alembic.script.revision import ResolutionError
        from alembic.util import CommandError

        try:
            return script.get_revision(revision) is not None
        except (ResolutionError, CommandError):
            return False

    # --- backups ----------------------------------------------------------------------------

    def backup(self, destination: Path | None = None, reason: str = "manual") -> Path:
        """Copy the live database with SQLite's online backup API (never a raw file copy).

        The copy is written under a temporary name beside ``destination`` and renamed when whole,
        so a killed backup never leaves an empty or half file (or its journal) under the real
        name; the temporary files of an earlier killed backup are removed here.
        """
        import re

        if self.path is None:
            raise UserError("only a SQLite database file can be backed up")
        if destination is None:
            folder = self.path.parent / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
            destination = folder / f"{self.path.stem}-{stamp}-{reason}.sqlite3"
        destination = Path(destination)
        leftover = re.compile(r"\..+\.(\d+)\.backup-part(?:-journal)?")
        for entry in destination.parent.iterdir():
            match = leftover.fullmatch(entry.name)
            if match and int(match.group(1)) != os.getpid():
                try:
                    os.kill(int(match.group(1)), 0)
                except ProcessLookupError:
                    entry.unlink(missing_ok=True)  # its process is gone: a killed backup's
                except OSError:
                    pass
        tmp = destination.with_name(f".{destination.name}.{os.getpid()}.backup-part")
        tmp.unlink(missing_ok=True)
        raw = self.engine.raw_connection()
        try:
            target = sqlite3.connect(tmp)
            try:
                raw.driver_connection.backup(target)  # type: ignore[union-attr]
            finally:
                target.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, destination)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            raw.close()
        try:
            fd = os.open(destination.parent, os.O_RDONLY)
        except OSError:
            pass  # not every platform can open a folder
        else:
            try:
                os.fsync(fd)
            except OSError:
                pass
            finally:
                os.close(fd)
        log.info("backed up %s to %s", self.path, destination)
        return destination

    def close(self) -> None:
        self.engine.dispose()
