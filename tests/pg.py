"""A throwaway PostgreSQL server for the tests (issue 18): started once per pytest process, stopped at its end.

Debian's server binaries (``apt-get install postgresql``: initdb, pg_ctl under
/usr/lib/postgresql/*/bin) refuse to run as root, so as root they run as the ``postgres`` user
(runuser). The server lives in a temporary folder: its data, its log and its unix socket; it
listens on a free loopback port. Local (socket) logins are trusted, the test user logs in over TCP
with a password, as a team member would. fsync is off: nothing here must survive a power cut.

Each pytest-xdist worker is its own process, so it starts its own server; each test gets its own
database, copied from a template that is migrated once (``CREATE DATABASE ... TEMPLATE``).
The server is stopped at the session's end (the fixture's finaliser) and, should that not run,
when the process exits (atexit). A run killed outright (SIGKILL: a time limit) runs neither, and its
server would keep running with its folder: so each folder names its owner, the test process that
started it (``owner``: pid and start time, which tells a reused pid apart), and ``sweep()``, run
before a server starts, stops the servers whose owner is gone and removes their folders. Servers
whose owner is alive (a parallel run, another xdist worker) and folders that name no owner are
left alone; only folders with our prefix in the temp dir are looked at, never another PostgreSQL.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

HOW_TO_ENABLE = "PostgreSQL server binaries not found (initdb under /usr/lib/postgresql/*/bin): apt-get install postgresql to run the PostgreSQL tests"
PASSWORD = "s3cret-Pa55"  # the tests check it never shows in a message
USER = "kickoff"
# A test's own connection gives up, as the app's do: a server or a lock that never answers fails the test, never holds it.
BOUNDED = "-c lock_timeout=60000 -c statement_timeout=120000"
PREFIX = "mlops-kickoff-pg-"  # every server's folder in the temp dir: what sweep() looks at
OWNER = "owner"  # the file in that folder naming the test process that started the server


def find_bindir() -> Path | None:
    """The newest installed server's bin folder (``PG_BINDIR`` overrides), or None."""
    if os.environ.get("PG_BINDIR"):
        bindir = Path(os.environ["PG_BINDIR"])
        return bindir if (bindir / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- owners and the sweep ------------------------------------------------------------------------


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (``/proc/<pid>/stat`` field 22, in clock ticks since boot), or None
    when there is no such process or it is a zombie (killed, not yet reaped: gone all the same)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the name (field 2) may hold spaces and ")"
    if fields[0] in ("Z", "X"):  # field 3, the state
        return None
    return fields[19]  # field 22


def _write_owner(root: Path) -> None:
    """Name this process as the owner of ``root`` (written whole, then renamed: never read half-written)."""
    pid = os.getpid()
    part = root / f"{OWNER}.part"
    part.write_text(f"{pid} {_start_time(pid)}\n")
    part.replace(root / OWNER)


def _owner_gone(root: Path) -> bool:
    """True when ``root`` names its owner and that process is gone; False while it runs, and for a
    folder naming no owner (one being made this instant, or not ours to judge)."""
    try:
        pid, started = (root / OWNER).read_text().split()
        return _start_time(int(pid)) != started
    except (OSError, ValueError):
        return False


def _postmaster(data: Path) -> int | None:
    """The pid of the server running on ``data`` (postmaster.pid's first line), or None: checked
    against the process's command line, so a stale file and a reused pid name nothing."""
    try:
        pid = int((data / "postmaster.pid").read_text().split("\n", 1)[0])
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError):
        return None
    return pid if os.fsencode(data) in args and _start_time(pid) is not None else None


def _stop_postmaster(pid: int, timeout: float = 10) -> None:
    """Immediate shutdown (SIGQUIT, as ``pg_ctl stop -m immediate``); SIGKILL if still there after ``timeout``."""
    for sig in (signal.SIGQUIT, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _start_time(pid) is None:
                return
            time.sleep(0.02)


def sweep(tmpdir: str | Path | None = None) -> list[Path]:
    """Stop the test servers that killed test runs left running and remove their folders; the folders swept.

    Looks only at ``PREFIX`` folders in the temp dir (``tmpdir``); leaves those whose owner is alive.
    Never raises for a folder it cannot handle: a sweep must not fail a test session.
    """
    swept = []
    for root in sorted(Path(tmpdir or tempfile.gettempdir()).glob(f"{PREFIX}*")):
        if not root.is_dir() or not _owner_gone(root):
            continue
        pid = _postmaster(root / "data")
        if pid is not None:
            try:
                _stop_postmaster(pid)
            except OSError:  # not ours to signal after all
                continue
        shutil.rmtree(root, ignore_errors=True)
        if not root.exists():
            swept.append(root)
    return swept


class PgServer:
    """One running server: ``url(db)`` for the app, ``admin()`` for the fixture's own statements."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        _write_owner(self.root)
        self.data = self.root / "data"
        self.port = 0
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._names = itertools.count(1)
        self._templates: dict[str, str] = {}
        self.running = False

    # --- life --------------------------------------------------------------------------------

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as_postgres, *args], capture_output=True, text=True, timeout=timeout, check=False)

    def start(self) -> None:
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as_postgres:
            shutil.chown(pwfile, "postgres", "postgres")
        init = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth-local=trust",
                         "--auth-host=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        if init.returncode != 0:
            raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
        last = ""
        for _attempt in range(3):  # a port taken between choosing and binding: choose again
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")  # fmt: skip
            started = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                                str(self.root / "log"), "-w", "-t", "30", "start")  # fmt: skip
            if started.returncode == 0:
                self.running = True
                atexit.register(self.stop)
                with self.admin() as conn:
                    conn.execute(f"CREATE ROLE {USER} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
                return
            last = (self.root / "log").read_text(errors="replace")[-2000:] if (self.root / "log").exists() else started.stderr
        raise RuntimeError(f"the PostgreSQL test server did not start: {last}")

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)

    def restart(self) -> None:
        """Stop the server and start it again on the same port (a server restart mid-session)."""
        self.halt("fast")
        self.resume()

    def halt(self, mode: str = "fast") -> None:
        """Stop the server, keeping its data (``mode``: fast, or immediate as a crash): clients are cut off."""
        stopped = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", timeout=30)
        if stopped.returncode != 0:
            raise RuntimeError(f"the PostgreSQL test server did not stop: {stopped.stderr}")

    def resume(self) -> None:
        """Start the halted server again on the same port, with the same data."""
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")  # fmt: skip
        started = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                            str(self.root / "log"), "-w", "-t", "30", "start")  # fmt: skip
        if started.returncode != 0:
            raise RuntimeError(f"the PostgreSQL test server did not restart: {started.stderr}")

    # --- use ---------------------------------------------------------------------------------

    def admin(self):  # -> psycopg.Connection (autocommit, superuser over the unix socket)
        import psycopg

        return psycopg.connect(host=str(self.root), port=self.port, user="postgres", dbname="postgres", autocommit=True,
                               connect_timeout=10, options=BOUNDED)

    def url(self, dbname: str, *, password: str | None = PASSWORD, user: str = USER) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql+psycopg://{user}{secret}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (``template=None``) or a copy of ``template``; its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        with self.admin() as conn:
            source = template or "template0"
            conn.execute(f"CREATE DATABASE {name} OWNER {USER} TEMPLATE {source} STRATEGY FILE_COPY")
        return self.url(name)

    def migrated_template(self) -> str:
        """The name of a database holding the current schema (made once), to copy per test."""
        if "head" not in self._templates:
            from app.core.storage.db import Database

            name = f"tpl{os.getpid()}"
            with self.admin() as conn:
                conn.execute(f"CREATE DATABASE {name} OWNER {USER} TEMPLATE template0")
            db = Database(self.url(name))
            db.close()
            self._templates["head"] = name
        return self._templates["head"]

    def make_durable(self, dbname: str) -> None:
        """Commits to ``dbname`` wait for the WAL write again (``synchronous_commit=on``, as on a real
        server): this test server turns it off for speed, and a crash (``halt("immediate")``) would then
        lose the last commits before they were written. Applies to connections made after."""
        with self.admin() as conn:
            conn.execute(f"ALTER DATABASE {dbname} SET synchronous_commit = on")

    def terminate_connections(self, dbname: str) -> int:
        """Cut every client's connection to ``dbname`` (a dropped network, a server-side kill)."""
        with self.admin() as conn:
            rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (dbname,)).fetchall()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:  # wait until the backends are gone
                left = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (dbname,)).fetchone()
                if left is None or left[0] == 0:
                    break
                time.sleep(0.02)
        return len(rows)


def start_or_skip():
    """A started server, or ``pytest.skip`` saying how to get one."""
    import pytest

    bindir = find_bindir()
    if bindir is None:
        pytest.skip(HOW_TO_ENABLE)
    sweep()
    server = PgServer(bindir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
