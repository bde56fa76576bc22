"""What a database failure means to the user: the typed errors storage raises, and the mapping to them."""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import DBAPIError, OperationalError

from app.core.errors import DatabaseBusy, DiskFull, UserError
from app.core.messages import Many, Message
from app.core.storage.url_text import SECRET_QUERY_KEYS, hide_passwords, hide_secrets

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy.engine import URL


class DamagedDatabase(UserError):
    """A database file that SQLite cannot read (scrambled pages, cut short, not a database)."""


class ReadOnlyDatabase(UserError):
    """A database file this process cannot write: edits could not be saved, so it is not opened."""


class NoPermission(UserError):
    """The database server refused this user a right the app needs (to connect to the database, to log in, to
    read or write a table): no passing outage, never waited out as one; said naming the user and the database,
    for its administrator to give the right."""


class DiskFailed(UserError):
    """The disk under a database could not be read or written (SQLite's "disk I/O error"), full or
    failing: the file is not known to be damaged, so nothing is said about restoring it."""


# A disk with less free space than this is full to SQLite: it cannot make its shared-memory index
# (32 KB) or grow its write-ahead log, and says "disk I/O error" rather than "disk is full".
FULL_BELOW_BYTES = 1024 * 1024


# The messages of a database server that cannot be used right now (PostgreSQL): the connection,
# not the change, failed; Database.migrate passes them on as they are.
CONNECTION_KEYS = frozenset({"db.server_unreachable", "db.auth_failed", "db.no_database", "db.connection_lost", "db.no_service",
                             "db.bad_port", "db.bad_option", "db.unknown_option", "db.bad_host", "db.no_connect_right",
                             "db.no_login_right"})

# libpq's and the server's words (English; a server set to another language answers in it, and the
# line then falls back to "cannot reach" / "refused" with the server's own words).
_AUTH = ("password authentication failed", "no password supplied", "fe_sendauth", "authentication failed for user")
_NO_ROLE = re.compile(r'role "([^"]*)" does not exist')
_NO_DATABASE = re.compile(r'database "([^"]*)" does not exist')
_USER = re.compile(r'for user "([^"]*)"')
# a right the server refuses (SQLSTATE 42501 insufficient_privilege; a connection's refusal carries no SQLSTATE)
INSUFFICIENT_PRIVILEGE = "42501"
_NO_CONNECT_RIGHT = re.compile(r'permission denied for database "([^"]*)"')
_NO_LOGIN_RIGHT = re.compile(r'role "([^"]*)" is not permitted to log in')
_NO_RIGHT_ON = re.compile(r'(?:permission denied for|must be owner of) (?:\w+ )?"?([^"\s]+)"?')
_UNREACHABLE = ("could not connect", "connection refused", "could not translate host name", "timeout expired",
                "no route to host", "network is unreachable", "name or service not known", "no such file or directory")
# libpq refusing the URL's own values before any connection (a port past 65535, sslmode=bogus, ?bogus=1)
_BAD_PORT = re.compile(r'invalid port number: "([^"]*)"')
_BAD_VALUE = re.compile(r'invalid (\w+) value: "([^"]*)"')
_BAD_INTEGER = re.compile(r'invalid integer value "([^"]*)" for connection option "([^"]*)"')
_BAD_OPTION = re.compile(r'invalid connection option "([^"]*)"')
_ON_SOCKET = re.compile(r'connection to server on socket "([^"]+)" failed')
# the servers libpq names trying a URL of no host (a service file's, PGHOST's): at "host" (address), port N; a host name unknown
_AT_SERVER = re.compile(r'connection to server at "([^"]+)"(?: \([^)]*\))?, port (\d+) failed')
_UNKNOWN_HOST = re.compile(r'could not translate host name "([^"]+)"')
_NO_SERVICE = re.compile(r'definition of service "([^"]*)" not found')
MAX_PORT = 65535
_LOST = ("server closed the connection", "terminating connection", "connection already closed", "the connection is closed",
         "consuming input failed", "ssl syscall", "connection reset", "broken pipe", "the database system is shutting down",
         "the database system is starting up", "the connection is lost", "connection socket closed")


def named_database(url: str | None) -> str:
    """The database as a message names it: a SQLite file by its path as the user typed it (a Japanese
    folder's name, spaces, as they are), a server's database by its URL without %-escapes and with its
    password (in the URL or its query) as ``***``. Control characters stay: the command line escapes
    its whole line (app/cli/output.py).

    Not an identity: :func:`app.core.storage.url_text.url_identity` (percent-encoded, stable) is one.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not url:
        return ""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return hide_passwords(url)
    if parsed.host is not None and "@" in parsed.host:  # a password holding "@": its end read as the host
        return hide_passwords(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") and not parsed.query:
        return str(parsed.database)
    shown = parsed.drivername + "://"
    if parsed.username is not None:
        shown += parsed.username + (":***" if parsed.password is not None else "") + "@"
    if parsed.host is not None:
        shown += f"[{parsed.host}]" if ":" in parsed.host else parsed.host
    if parsed.port is not None:
        shown += f":{parsed.port}"
    if parsed.database is not None:
        shown += "/" + parsed.database
    if parsed.query:
        values = ((key, "***" if key.lower() in SECRET_QUERY_KEYS else value) for key in sorted(parsed.query)
                  for value in ((parsed.query[key],) if isinstance(parsed.query[key], str) else parsed.query[key]))
        shown += "?" + "&".join(f"{key}={value}" for key, value in values)
    return shown


def createdb_command(name: str) -> str:
    """``createdb NAME`` as a POSIX shell line that creates the database ``name`` when pasted."""
    from app.core.errors import UnsafeValue
    from app.core.files import quoting

    try:
        return quoting.command("createdb", name)
    except UnsafeValue:  # a name starting with "-" (or holding a control character): after "--", quoted
        return f"createdb -- {shlex.quote(name)}"


def storage_error(exc: BaseException, url: str | None = None) -> UserError | None:
    """The user's one line for a database failure (full disk, read-only, damaged file, lost server).

    None for anything else (a bug: let it show). The transaction was rolled back, so the message
    can say nothing was saved and nothing was lost. ``url`` (the database's) is named in messages
    about its server, without its password.
    """
    if isinstance(exc, UserError):
        return exc
    orig = getattr(exc, "orig", None) or exc
    if not isinstance(exc, DBAPIError | sqlite3.Error):
        return None
    text = str(orig).lower()
    first = str(orig).strip().splitlines()[0][:200] if str(orig).strip() else type(orig).__name__
    first = hide_secrets(first, url)
    server = None if isinstance(orig, sqlite3.Error) else _refused_right(orig, url) or _server_error(str(orig), text, url)
    if server is not None:
        return server
    if "database or disk is full" in text or "no space left" in text or "disk full" in text:
        return DiskFull()
    if is_busy_error(orig):
        return DatabaseBusy()
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDatabase(key="db.change_read_only", detail=first)
    if is_io_error(orig):  # no damage: the file is as it was, its disk refused (full, gone, failing)
        if any(disk_full(folder) for folder in _database_folders(url)):
            return DiskFull()
        return DiskFailed(key="db.change_io_error", detail=first)
    if "malformed" in text or "not a database" in text:
        return DamagedDatabase(key="db.change_damaged", detail=first)
    if isinstance(exc, OperationalError) or isinstance(orig, sqlite3.OperationalError):
        return UserError(key="db.change_refused", detail=first)
    return None


def is_io_error(exc: BaseException) -> bool:
    """SQLite's "disk I/O error" (SQLITE_IOERR and its extended codes): the disk refused a read or write."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith("SQLITE_IOERR") or "disk i/o error" in str(exc).lower()


def disk_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has (all but) no free space left (False when it cannot be asked)."""
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def disk_failure(path: Path, exc: BaseException) -> UserError:
    """The user's line for an I/O error on the database file ``path``: its disk is full, or the file
    could not be read or written there. Never "damaged": the file is intact as far as anyone knows."""
    if disk_full(path.parent):
        return DiskFailed(key="db.open_disk_full", path=path)
    return DiskFailed(key="db.open_io_error", path=path, detail=sqlite_reason(exc))


def _database_folders(url: str | None) -> list[Path]:
    """The folders of the SQLite files a failure may concern: ``url``'s, else every open database's."""
    from app.core.files import guarded

    if url:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except ArgumentError:
            return []
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return []
        return [Path(str(parsed.database)).parent]
    return [database.parent for database in guarded.open_databases()]


def _server_error(raw: str, text: str, url: str | None) -> UserError | None:
    """A database server's connection failure as the user's line (None: not one)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url) if url else None
    except ArgumentError:
        parsed = None
    shown = named_database(url) if parsed is not None else ""
    # libpq's own line after "connection to server at ... failed: " says what went wrong
    reason = hide_secrets(raw.strip().splitlines()[0] if raw.strip() else "", url)
    reason = reason.rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip()[:200] or reason[:200]
    refused = _refused_value(raw, shown, url)
    if refused is not None:
        return refused
    if (match := _NO_SERVICE.search(raw)) is not None:
        return UserError(key="db.no_service", service=match.group(1), url=shown)
    if any(mark in text for mark in _AUTH) or _NO_ROLE.search(raw):
        match = _USER.search(raw) or _NO_ROLE.search(raw)
        user = match.group(1) if match else (parsed.username if parsed is not None else None) or ""
        return UserError(key="db.auth_failed", user=user, url=shown)
    if (match := _NO_DATABASE.search(raw)) is not None:
        return UserError(key="db.no_database", name=match.group(1), url=shown, command=createdb_command(match.group(1)))
    if any(mark in text for mark in _LOST):
        return UserError(key="db.connection_lost", detail=_lost_reason(text))
    if any(mark in text for mark in _UNREACHABLE) or "connection to server" in text or "connection failed" in text:
        return UserError(key="db.server_unreachable", detail=_unreachable_reason(text, reason, parsed, raw))
    return None


def _refused_right(orig: BaseException, url: str | None) -> NoPermission | None:
    """The server refusing this user a right (to connect to the database, to log in, on a table or a schema: an
    administrator's REVOKE, a role made NOLOGIN) as the user's line naming the user and the database, in the UI
    language (the server's English words are never said); None: not one. Not an outage: never waited out."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    raw = hide_secrets(str(orig), url)
    connect, login = _NO_CONNECT_RIGHT.search(raw), _NO_LOGIN_RIGHT.search(raw)
    if connect is None and login is None and getattr(orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
        return None
    try:
        parsed = make_url(url) if url else None
    except ArgumentError:
        parsed = None
    user = (login.group(1) if login else None) or (parsed.username if parsed is not None else None) or _default_user()
    shown, name = named_database(url) if parsed is not None else "", (parsed.database if parsed is not None else None) or ""
    if connect is not None:
        return NoPermission(key="db.no_connect_right", user=user, name=connect.group(1), url=shown)
    if login is not None:
        return NoPermission(key="db.no_login_right", user=user, url=shown)
    on = _NO_RIGHT_ON.search(raw)
    return NoPermission(key="db.no_right", user=user, name=name, object=on.group(1) if on else name, url=shown)


def _default_user() -> str:
    """The user libpq logs in as when the URL names none: PGUSER, else this computer's user name."""
    import getpass
    import os

    try:
        return os.environ.get("PGUSER") or getpass.getuser()
    except (KeyError, OSError):  # (no name for this uid)
        return ""


def refuse_bad_hosts(url: str) -> None:
    """Refuse a server's URL naming a host that is no host name (an empty part, ``bad..host``; a part over
    63 characters) before any connection, naming the host: the system's name look-up refuses to encode
    it (a UnicodeError, not the driver's error, so no line of :func:`storage_error` would say it)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return
    for name, socket in _tried_servers(parsed):
        host = name.rsplit(":", 1)[0]
        if socket or host.startswith("["):
            continue
        try:
            host.encode("idna")
        except UnicodeError:
            raise UserError(key="db.bad_host", url=named_database(url), host=host) from None


def _refused_value(raw: str, shown: str, url: str | None) -> UserError | None:
    """libpq's refusal of a value of the URL (its port, an option) before it connects, as the user's
    line naming the database's URL (None: not one)."""
    raw = hide_secrets(raw, url)
    if (match := _BAD_PORT.search(raw)) is not None:
        return UserError(key="db.bad_port", url=shown, port=match.group(1), high=str(MAX_PORT))
    if (match := _BAD_VALUE.search(raw)) is not None:
        return UserError(key="db.bad_option", url=shown, option=match.group(1), value=match.group(2))
    if (match := _BAD_INTEGER.search(raw)) is not None:
        return UserError(key="db.bad_option", url=shown, option=match.group(2), value=match.group(1))
    if (match := _BAD_OPTION.search(raw)) is not None:
        return UserError(key="db.unknown_option", url=shown, option=match.group(1))
    return None


# libpq's reasons for not reaching a server, said in the user's language (its words stay for the rest)
_REASONS = (
    (("connection refused",), Message(key="db.reason_refused")),
    (("could not translate host name", "failed to resolve host", "name or service not known",
      "temporary failure in name resolution"), Message(key="db.reason_unknown_host")),
    (("timeout expired",), Message(key="db.reason_timeout")),
    (("no route to host", "network is unreachable"), Message(key="db.reason_no_route")),
    (("no such file or directory",), Message(key="db.reason_no_socket")),
    (("too many connections", "too many clients", "remaining connection slots are reserved"), Message(key="db.reason_too_many")),
    (("is not currently accepting connections",), Message(key="db.reason_not_accepting")),
    (("in recovery mode", "not yet accepting connections"), Message(key="db.reason_recovering")),
)


# why a connection dropped, in the user's language (the server's own words are English: logged, not said)
_LOST_REASONS = (
    (("terminating connection",), Message(key="db.lost_ended")),
    (("shutting down",), Message(key="db.lost_shutting_down")),
    (("starting up",), Message(key="db.lost_starting_up")),
)


def _lost_reason(text: str) -> Message:
    """Why the connection to the server was lost, as a message in both languages: the reply watchdog's cut (a link
    that stalled: no reply within its bound) named as such."""
    from app.core.storage.watchdog import WATCHDOG

    said = next((said for marks, said in _LOST_REASONS if any(mark in text for mark in marks)), None)
    if said is None and (bound := WATCHDOG.cut_recently()) is not None:
        return Message(key="db.lost_no_reply", seconds=f"{bound:g}")
    return said or Message(key="db.lost_cut")


def _unreachable_reason(text: str, reason: str, parsed: URL | None, raw: str = "") -> Message:
    """Why the server cannot be reached, as a message in both languages, naming the servers as libpq tried
    them (:func:`_tried_servers`): ``host:port``, an IPv6 address in brackets, a unix socket by its path.
    A URL naming no host is said by the sockets or servers libpq's own line names (its default socket folder,
    a service file's or PGHOST's host), else as this computer's ``localhost:5432``."""
    servers = _tried_servers(parsed)
    no_host = servers == [("localhost:5432", False)] and (parsed is None or not parsed.host)
    sockets = list(dict.fromkeys(_ON_SOCKET.findall(raw))) if no_host else []
    named = list(dict.fromkeys([*(f"[{h}]:{p}" if ":" in h else f"{h}:{p}" for h, p in _AT_SERVER.findall(raw)), *_UNKNOWN_HOST.findall(raw)]))
    if sockets:
        servers = [(path, True) for path in sockets]
    elif no_host and named:  # a service file's or PGHOST's servers, as libpq tried them
        servers = [(name, False) for name in named]
    tcp = [name for name, socket in servers if not socket]
    server = Many(tuple(name for name, _ in servers))  # a host= list: each, joined as the language joins a list
    host = Many(tuple(name.rsplit(":", 1)[0] for name in tcp) or ("localhost",))
    for marks, said in _REASONS:
        if any(mark in text for mark in marks):
            if said.key == "db.reason_no_socket" and not no_host and any(socket for _, socket in servers):
                said = Message(key="db.reason_socket_missing")  # the socket the URL names (?host=/path), not "no host"
            return Message(key=said.key, server=server, host=host)
    return Message(key="db.reason_other", server=server, reason=reason)


def _tried_servers(parsed: URL | None) -> list[tuple[str, bool]]:
    """The servers libpq was handed for ``parsed`` (the URL's host, or its query's ``host=`` list, which the
    driver passes on in its place, with their ports), each as ``(name, is_a_unix_socket)``: a socket folder
    (``?host=/var/run/postgresql``) by the socket's path as libpq words it, an IPv6 host as ``[::1]:5432``,
    no host at all as ``localhost:5432`` (libpq's default: this computer)."""
    from sqlalchemy.exc import ArgumentError

    opts: Mapping[str, Any] = {}
    if parsed is not None:
        try:
            opts = parsed.get_dialect()().create_connect_args(parsed)[1]
        except (ArgumentError, ValueError, TypeError, ImportError):
            opts = {"host": parsed.host or "", "port": parsed.port or ""}
    hosts = str(opts.get("host") or "").split(",")
    ports = str(opts.get("port") or "").split(",")
    servers = []
    for index, host in enumerate(hosts):
        port = (ports[index] if index < len(ports) else ports[0]) or "5432"  # one port: every host's (libpq)
        if host.startswith("/"):
            servers.append((f"{host.rstrip('/')}/.s.PGSQL.{port}", True))
        elif ":" in host:
            servers.append((f"[{host}]:{port}", False))
        else:
            servers.append((f"{host or 'localhost'}:{port}", False))
    return servers


# SQLite's reasons for not reading a file, said in the user's language (any other stays SQLite's words)
_SQLITE_REASONS = (
    ("not a database", Message(key="sqlite.not_a_database")),
    ("file is encrypted", Message(key="sqlite.not_a_database")),
    ("malformed", Message(key="sqlite.malformed")),
    ("unable to open", Message(key="sqlite.cannot_open")),
    ("disk i/o error", Message(key="sqlite.io_error")),
    ("database or disk is full", Message(key="sqlite.full")),
    ("readonly database", Message(key="sqlite.read_only")),
    ("integrity check", Message(key="sqlite.malformed")),  # (our own words: app/core/storage/data_folder.py)
)


def sqlite_reason(exc: BaseException) -> Message | str:
    """Why SQLite could not read a file (``exc``): a message where it is a common reason, else its first line."""
    text = str(exc).strip()
    lowered = text.lower()
    for mark, said in _SQLITE_REASONS:
        if mark in lowered:
            return said
    return text.splitlines()[0][:200] if text else type(exc).__name__


def is_busy_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "busy" (another process holds the write lock), and a
    PostgreSQL lock another client held longer than the lock timeout."""
    text = str(getattr(exc, "orig", exc)).lower()
    return ("database is locked" in text or "database is busy" in text or "database table is locked" in text
            or "canceling statement due to lock timeout" in text or "could not obtain lock" in text)
