"""Opening the database: URL resolution, SQLite pragmas, one writer, migrations with a backup first."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.core import paths
from app.core.errors import DatabaseBusy, DatabaseFileError, DiskFull, UserError
from app.core.files import guarded, probe
from app.core.files.atomic import pid_alive
from app.core.messages import Many, Message, done
from app.core.storage import file_checks
from app.core.storage.errors import (
    CONNECTION_KEYS,
    DamagedDatabase,
    DiskFailed,
    NoPermission,
    ReadOnlyDatabase,
    is_busy_error,
    named_database,
    refuse_bad_hosts,
    storage_error,
)
from app.core.storage.file_checks import NETWORK_FILESYSTEMS, filesystem_type, refuse_unusable_file
from app.core.storage.live import commit_with
from app.core.storage.models import utcnow
from app.core.storage.sqlite_copy import copy_database
from app.core.storage.upgrade import LinksBroken, known_revision, upgrade_keeping_links
from app.core.storage.url_text import hide_passwords, hide_secrets, shown_url  # noqa: F401 (shown_url: its old home)

if TYPE_CHECKING:  # Alembic is loaded only when a migration runs
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

# The newest migration's revision. Opening an up-to-date database compares against it and skips loading Alembic
# altogether (a quarter of a second at start-up); a test keeps it equal to migrations/versions' head.
SCHEMA_HEAD = "0009"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_DEFAULT_MIGRATIONS = MIGRATIONS_DIR
# How long a write waits for another process's transaction (SQLite's busy handler).
BUSY_TIMEOUT_MS = 30000
# How long opening a PostgreSQL database waits for its server before saying it cannot be reached.
PG_CONNECT_TIMEOUT_S = 10
WORKERS = 3  # a window's jobs on workers at once (app/ui/tasks.py): two long ones never hold up the rest
WRITE_LOCK_KEY = 0x6D6C6F7073  # PostgreSQL: the advisory lock an operation's transaction holds ("mlops")


def resolve_database_url(value: str | None = None) -> str:
    """``--db`` value, else ``MLOPS_KICKOFF_DB``, else the file in the user's data folder. A plain path becomes its
    very file's URL (:func:`app.core.paths.sqlite_url`), anything with ``://`` is an SQLAlchemy URL: of SQLite or
    PostgreSQL, a SQLite one naming a file (:func:`file_checks.refuse_unsupported_url`) without options (``?mode=ro``:
    the app sets the connection's options itself). Blanks at either end are no part of it (``paths.database_address``)."""
    asked = paths.database_value(value)  # --db, else MLOPS_KICKOFF_DB, each without blanks at either end
    value = asked[0] if asked is not None else None
    if value is None:
        paths.check_data_dir()  # (a chosen folder gone, a relative MLOPS_KICKOFF_HOME: said, nothing made)
        path = paths.default_database_path()
        with probe.looking_at(path.parent):  # a file on the way to the data folder: ENOTDIR, said as such
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except FileExistsError:  # the data folder's own name is a file's
                raise UserError(key="data_folder.not_folder", path=path.parent) from None
        return paths.sqlite_url(path)
    if "://" in value:
        try:
            url = make_url(value)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise UserError(key="db.not_a_url", value=hide_passwords(value)) from None
        if url.host is not None and "@" in url.host:  # a password's "@" as typed: its end would be the host
            raise UserError(key="db.at_in_host", value=hide_passwords(value))
        shown = named_database(value)
        file_checks.refuse_unsupported_url(url, value, shown)  # mysql://, sqlite:// (in memory), sqlite://plan.db
        try:
            dialect = url.get_dialect()
        except NoSuchModuleError:
            raise UserError(key="db.unknown_kind", driver=url.drivername, url=shown) from None
        try:
            dialect.import_dbapi()
        except ImportError as exc:
            raise UserError(key="db.no_driver", backend=url.get_backend_name(), module=exc.name or url.drivername, url=shown) from None
        if url.get_backend_name() == "sqlite" and url.query:
            # ?mode=ro, ?timeout=...: ignored with an English warning (mode=ro without uri=true) or overriding the app's own
            raise UserError(key="db.sqlite_options", url=shown, options=Many(tuple(sorted(url.query))))
        if url.get_backend_name() == "sqlite" and url.database:
            file_checks.refuse_folder_name(url.database)
            if url.database != ":memory:" and (spelled := probe.existing_spelling(Path(url.database))) != Path(url.database):
                return paths.sqlite_url(spelled)  # a file's name in another spelling (decomposed): that file
        return value
    path = probe.existing_spelling(probe.resolved(Path(value).expanduser()))  # another spelling: that file
    file_checks.refuse_unusable_path(path)
    file_checks.refuse_folder_name(value)
    return paths.sqlite_url(path)


def lock_project(session: Session, project_id: int) -> None:
    """Hold the project's row until the transaction ends, so two long operations on one project (sheet import, WBS
    generation, schedule) run one after the other, never interleaved. PostgreSQL: ``SELECT ... FOR UPDATE`` on its row
    (another client's lock waited for up to the busy timeout); SQLite: nothing, ``BEGIN IMMEDIATE`` holds the database.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    from app.core.storage.models import Project

    session.execute(select(Project.id).where(Project.id == project_id).with_for_update())


def _first_line(exc: DBAPIError) -> str:
    text = str(exc.orig if exc.orig is not None else exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


class Database:
    """One engine with a single connection: every read and write goes through it, one at a time.

    The SQLite shipped with Python 3.11 predates the fix of a rare WAL corruption race between several writing
    connections, so the app never opens a second writer.

    An operation's transaction (:meth:`transaction`) starts with ``BEGIN IMMEDIATE`` on SQLite: it takes the write lock
    up front, so a second process waits for it (the busy timeout) instead of failing at once when a read transaction
    tries to become a write one after the other committed (SQLITE_BUSY_SNAPSHOT, which no busy handler waits for).
    Reads start a plain ``BEGIN`` and, with WAL, never wait for a writer. A :meth:`session` opened inside another one
    on the same thread joins it, so an operation made of several service calls commits once, or not at all.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._in_use = threading.Lock()  # (not on PostgreSQL) held while a unit of work runs; the change watcher never waits on it
        self.url = resolve_database_url(url)
        parsed = make_url(self.url)
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.is_postgresql = parsed.get_backend_name() == "postgresql"
        self.path: Path | None = Path(parsed.database) if self.is_sqlite and parsed.database not in (None, "", ":memory:") else None
        self.warnings: list[Message] = []  # said once the database is open (status bar, stderr)
        self.backups: list[Path] = []
        if self.path is not None:
            file_checks.refuse_unusable_path(self.path)  # a sqlite:/// URL's path too
        if self.is_postgresql:
            refuse_bad_hosts(self.url)  # bad..host: the name look-up's own error, before any connection
        journal = "WAL"
        if self.path is not None and filesystem_type(self.path.parent) in NETWORK_FILESYSTEMS:
            journal = "DELETE"
            self.warnings.append(Message(key="db.network_drive", path=self.path))
        if self.path is not None:
            refuse_unusable_file(self.path, named_database(self.url), self.busy_timeout_ms / 1000, MIGRATIONS_DIR, SCHEMA_HEAD)
        self._held = self.path  # from before the first connection until after the last (close()): no export is
        if self._held is not None:  # written over it, nothing in this process reads it raw (guarded.in_use_here)
            guarded.hold(self._held)
        try:
            self.engine = self._create_engine(journal)
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            if migrate:
                self.migrate()
        except BaseException:
            self.close()  # a refused database is closed at once: no -wal/-shm left behind
            raise

    def _create_engine(self, journal: str) -> Engine:
        if self.is_postgresql:
            # A connection for each worker (WORKERS) and one more: a page's read on the UI thread never waits for a
            # worker's unit of work (a big undo waiting for a colleague's write lock held the window up to the lock timeout
            # with one). A connection the server closed (a restart) is replaced before a unit of work uses it, found without
            # a round trip (watchdog.replace_closed: pre-ping cost 0.1 s of each save over a VPN). A lock held past the busy timeout fails like SQLite's busy handler. Every wait for the
            # server is bounded (watchdog.py: a stalling VPN never holds the window or a command for as long as it stalls).
            from app.core.storage import watchdog

            bound = watchdog.reply_timeout_s()
            engine = create_engine(self.url, pool_size=WORKERS + 1, max_overflow=0, pool_timeout=60,
                                   connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S, "application_name": "mlops-kickoff",
                                                 "options": f"-c lock_timeout={int(self.busy_timeout_ms)}",
                                                 **watchdog.tcp_options(make_url(self.url).query, bound)})
            watchdog.install(engine, bound, lambda: self._lock_wait_ms() / 1000)
            watchdog.replace_closed(engine)
            return engine
        if not self.is_sqlite:
            return create_engine(self.url, pool_size=1, max_overflow=0, pool_pre_ping=True)
        if self.path is None:
            engine = create_engine(self.url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            engine = create_engine(self.url, pool_size=1, max_overflow=0, pool_timeout=60,
                                   connect_args={"check_same_thread": False, "timeout": self.busy_timeout_ms / 1000})

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
            # so with WAL it never waits for another process's write. The wait: see waiting_briefly.
            if conn.info.get("busy_timeout_ms", self.busy_timeout_ms) != (wait := self._lock_wait_ms()):
                conn.exec_driver_sql(f"PRAGMA busy_timeout={wait}")
                conn.info["busy_timeout_ms"] = wait
            conn.exec_driver_sql("BEGIN IMMEDIATE" if getattr(self._local, "writing", False) else "BEGIN")

        return engine

    @contextmanager
    def session(self, *, snapshot: bool = False) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error. ``snapshot``: its reads see the
        database at one moment (a project's export: tasks and their links read apart always agree), as SQLite's do.

        Inside another unit of work on the same thread, the block joins it (no commit of its own). A write lock another
        process holds for longer than the busy timeout raises :class:`DatabaseBusy` (nothing was changed).
        """
        outer = getattr(self._local, "session", None)
        if outer is not None:
            yield outer
            return
        with nullcontext() if self.is_postgresql else self._in_use:
            try:
                with self._sessions() as session, session.begin():
                    self._local.session = session
                    try:
                        if snapshot and self.is_postgresql:  # (before its first query; READ COMMITTED sees each commit)
                            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
                        if self.is_postgresql and self._lock_wait_ms() != self.busy_timeout_ms:  # (waiting_briefly)
                            session.execute(text(f"SET LOCAL lock_timeout = {self._lock_wait_ms()}"))
                        if self.is_postgresql and getattr(self._local, "writing", False):
                            # One writer at a time, as SQLite's BEGIN IMMEDIATE: an operation's check of what the user
                            # saw and its write are not interleaved with another client's (READ COMMITTED alone lets
                            # both pass the check: a lost update). Waited for up to the lock timeout, then DatabaseBusy.
                            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                        yield session
                        if notices := getattr(self._local, "notices", None):
                            commit_with(session, notices)  # (the notices in the commit's round trip)
                    finally:
                        self._local.session, self._local.notices = None, None
            except OperationalError as exc:
                if is_busy_error(exc):
                    raise DatabaseBusy() from None
                known = storage_error(exc, self.url)  # its server named, as the user reaches it
                if known is not None and known.key in CONNECTION_KEYS:
                    raise known from None  # a lost server on a read too: one line, never a raw driver error
                raise

    def notice_with_commit(self, channel: str, payload: str) -> bool:
        """PostgreSQL: ``pg_notify`` sent with the commit of the unit of work under way (live.commit_with); False: none."""
        if (under_way := self.is_postgresql and getattr(self._local, "session", None) is not None):
            self._local.notices = [*(getattr(self._local, "notices", None) or []), (channel, payload)]
        return under_way

    @contextmanager
    def waiting_briefly(self, ms: int) -> Iterator[None]:
        """The units of work this thread begins in the block wait for another client's lock ``ms`` at most,
        not the busy timeout (a save tried again while the database was found busy a moment ago)."""
        self._local.lock_wait_ms = ms
        try:
            yield
        finally:
            self._local.lock_wait_ms = None

    def _lock_wait_ms(self) -> int:
        return int(min(getattr(self._local, "lock_wait_ms", None) or self.busy_timeout_ms, self.busy_timeout_ms))

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
        from sqlalchemy.exc import ProgrammingError

        with self.engine.connect() as conn:
            try:
                rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            except (OperationalError, ProgrammingError) as exc:
                if "alembic_version" in str(exc.orig):
                    return None
                raise
        return rows[0] if len(rows) == 1 else (None if not rows else ",".join(sorted(rows)))

    def migrate(self, target: str = "head") -> None:
        """Bring the schema to ``target``; back up first when an existing database changes.

        A current database is known by one read. Anything else is looked at again under the write lock
        (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock) in the one transaction that upgrades: a
        database another process is creating or migrating is waited for (the busy timeout), then found
        current; of several processes opening one new or old file at once, all open it, one backs it up.
        """
        try:
            current = self.current_revision()
        except DatabaseError as exc:
            raise storage_error(exc, self.url) or UserError(key="db.cannot_open", url=named_database(self.url),
                                                            detail=hide_secrets(_first_line(exc), self.url)) from None
        if current == SCHEMA_HEAD and target == "head" and MIGRATIONS_DIR == _DEFAULT_MIGRATIONS:
            self._refuse_missing_tables()
            return
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        script = ScriptDirectory.from_config(self._alembic_config())
        if current is not None and not known_revision(script, current):
            raise UserError(key="db.newer_schema", url=named_database(self.url), schema=current)
        head = script.get_current_head()
        if current == head and target == "head":
            self._refuse_missing_tables()
            return
        seen = [current]  # the revision found under the lock
        self._local.writing = True  # SQLite: the transaction begins with BEGIN IMMEDIATE
        try:
            with self.engine.connect() as conn:  # (a rebuilt table keeps every row pointing at it: upgrade.py)
                upgrade_keeping_links(conn, lambda: self._upgrade_locked(conn, script, target, seen))
        except LinksBroken as exc:  # rolled back: the file is as it was
            if self.backups:
                raise DamagedDatabase(key="db.migration_broke_links_kept", url=named_database(self.url), current=seen[0], head=head,
                                      tables=Many(exc.tables), backups=self.backups[-1].parent) from None
            raise DamagedDatabase(key="db.migration_broke_links", url=named_database(self.url), current=seen[0] or "-", head=head,
                                  tables=Many(exc.tables)) from None
        except CommandError as exc:
            raise UserError(key="db.cannot_migrate", detail=str(exc)) from None
        except DBAPIError as exc:
            # The upgrade ran in one transaction and was rolled back: the file is as it was.
            known = storage_error(exc, self.url)
            if isinstance(known, DiskFull | DiskFailed | DatabaseBusy | ReadOnlyDatabase | NoPermission) or (known is not None and known.key in CONNECTION_KEYS):
                raise known from None
            detail = str(exc.orig).strip().splitlines()[0][:200] if exc.orig is not None else type(exc).__name__
            if self.backups:
                raise DamagedDatabase(key="db.stamp_mismatch_kept", url=named_database(self.url), current=seen[0], head=head,
                                      detail=detail, backups=self.backups[-1].parent) from None
            raise DamagedDatabase(key="db.stamp_mismatch", url=named_database(self.url), current=seen[0], head=head,
                                  detail=detail) from None
        finally:
            self._local.writing = False
        if target == "head":
            self._refuse_missing_tables()

    def _upgrade_locked(self, conn: Connection, script: ScriptDirectory, target: str, seen: list[str | None]) -> None:
        """Inside the upgrade's transaction, the write lock held: look again, back up, upgrade."""
        from alembic import command

        if self.is_postgresql:  # one migrating client at a time; another's is waited for (the lock timeout)
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
        tables = inspect(conn).get_table_names()  # (a failed SELECT would abort a PostgreSQL transaction)
        rows = sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars()) if "alembic_version" in tables else []
        current = seen[0] = ",".join(rows) or None
        if current is not None and not known_revision(script, current):
            raise UserError(key="db.newer_schema", url=named_database(self.url), schema=current)
        if current == script.get_current_head() and target == "head":
            return  # another process created or migrated it meanwhile
        if current is not None and self.path is not None:
            self.backups.append(self.backup(reason=f"before-{script.get_current_head()}", locked=True))
        elif current is None and self.path is not None and tables:
            raise UserError(key="db.not_ours", path=self.path)
        elif current is None and self.path is None and not self.is_sqlite and tables:
            # A server database holding other tables: someone else's, never filled with ours.
            raise UserError(key="db.not_ours", path=named_database(self.url))
        command.upgrade(self._alembic_config(conn), target)

    def _refuse_missing_tables(self) -> None:
        """A database stamped up to date must hold every table of the schema (one catalogue query)."""
        from app.core.storage.models import Base

        try:
            present = set(inspect(self.engine).get_table_names())
        except DBAPIError as exc:
            raise storage_error(exc, self.url) or DatabaseFileError(named_database(self.url), "unreadable") from None
        missing = sorted(set(Base.metadata.tables) - present)
        if missing:
            raise DamagedDatabase(key="db.tables_missing", url=named_database(self.url), tables=Many(tuple(missing[:5])))

    # --- backups ----------------------------------------------------------------------------

    def backup(self, destination: Path | None = None, reason: str = "manual", locked: bool = False) -> Path:
        """Copy the live database with SQLite's online backup API (never a raw file copy); ``locked``: the app's
        connection holds the write lock (a migration), the backup API cannot read through it: a read-only one does.

        The copy is written under a temporary name beside ``destination`` and renamed when whole,
        so a killed backup never leaves an empty or half file (or its journal) under the real
        name; the temporary files of an earlier killed backup are removed here.
        """
        if self.path is None:
            raise UserError(key="db.backup_sqlite_only")
        if destination is None:
            folder = self.path.parent / "backups"
            folder.mkdir(parents=True, exist_ok=True)
            stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
            destination = folder / f"{self.path.stem}-{stamp}-{reason}.sqlite3"
        destination = Path(destination)
        leftover = re.compile(r"\..+\.(\d+)\.backup-part(?:-journal)?")
        for entry in destination.parent.iterdir():
            match = leftover.fullmatch(entry.name)
            if match and not pid_alive(int(match.group(1))):  # (this process's own: alive)
                entry.unlink(missing_ok=True)  # its process is gone: a killed backup's
        tmp = destination.with_name(f".{destination.name}.{os.getpid()}.backup-part")
        tmp.unlink(missing_ok=True)
        pooled = None if locked else self.engine.raw_connection()
        source = pooled.driver_connection if pooled is not None else sqlite3.connect(
            f"file:{quote(os.fsencode(self.path))}?mode=ro", uri=True, timeout=self.busy_timeout_ms / 1000)
        try:
            target = sqlite3.connect(tmp)
            try:
                copy_database(source, target, self.busy_timeout_ms / 1000)  # type: ignore[arg-type]  # (busy: DatabaseBusy)
            finally:
                target.close()
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, destination)
            done(Message(key="done.backup_written", path=destination))  # (a Ctrl+C from here on names it)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        finally:
            (pooled or source).close()  # type: ignore[union-attr]
        with suppress(OSError):  # not every platform can open (or sync) a folder
            fd = os.open(destination.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        log.info("backed up %s to %s", self.path, destination)
        return destination

    def close(self) -> None:
        if (engine := getattr(self, "engine", None)) is not None:
            engine.dispose()
        held, self._held = getattr(self, "_held", None), None
        if held is not None:
            guarded.release(held)
