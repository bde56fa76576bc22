"""Nothing in the app's process reads an open database file (or its -wal / -shm) with a plain open():
SQLite's locks are POSIX advisory locks, per process and per file, and closing any descriptor of the
file drops them all. Another process then takes the database as unused, deletes the -wal at its close,
and the open connection neither sees its changes nor keeps them at its own next write (app/core/files/guarded.py).
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.projects import ProjectService
from app.core.workspace import Workspace

COLLEAGUE = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
c.execute("UPDATE projects SET customer = ? WHERE id = ?", (sys.argv[2], int(sys.argv[3])))
c.close()
"""


def colleague_sets_customer(db_path: Path, project_id: int, customer: str) -> None:
    """Another process (a script, the command line) writes in WAL mode and closes its connection."""
    subprocess.run([sys.executable, "-c", COLLEAGUE, str(db_path), customer, str(project_id)], check=True, timeout=60)


def locks_here(*files: Path) -> list[str]:
    """This process's POSIX locks on ``files`` (Linux's /proc/locks: inode and byte range)."""
    import os

    inodes = {str(os.stat(f).st_ino) for f in files}
    here = []
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if "POSIX" in parts and str(os.getpid()) in parts:
            at = parts.index(str(os.getpid()))
            if parts[at + 1].rsplit(":", 1)[-1] in inodes:
                here.append(" ".join(parts[at + 1:]))
    return sorted(here)


def stored(db_path: Path, project_id: int) -> tuple[str, str]:
    with contextlib.closing(sqlite3.connect(db_path)) as c:
        return c.execute("SELECT name, customer FROM projects WHERE id = ?", (project_id,)).fetchone()


def test_a_second_workspace_on_the_same_file_keeps_the_first_ones_locks(workspace, demo, db_path, library) -> None:
    second = Workspace.open(str(db_path), library)  # a second window in this process reads the file's header
    try:
        colleague_sets_customer(db_path, demo.id, "同僚の顧客")
        assert Path(f"{db_path}-wal").exists()  # the colleague's close left the log of the open connections alone
        assert ProjectService(workspace.db).get(demo.id).customer == "同僚の顧客"  # seen, not a stale snapshot
        ProjectService(workspace.db).rename(demo.id, "私の名前")
    finally:
        second.close()
    workspace.close()
    assert stored(db_path, demo.id) == ("私の名前", "同僚の顧客")  # both kept


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_importing_or_exporting_onto_the_open_database_never_reads_it_raw(workspace, demo, db_path, suffix) -> None:
    from app.core.files.guarded import is_sqlite_file
    from app.core.files.xlsx_guard import check_xlsx
    from app.projects.file_format import read_file
    from app.wbs.company_calendar import parse_ics

    chosen = Path(f"{db_path}{suffix}")
    ProjectService(workspace.db).rename(demo.id, "書いた後")  # the -wal and -shm are there
    assert chosen.exists()
    files = [Path(f"{db_path}{end}") for end in ("", "-shm")]
    held = locks_here(*files) if Path("/proc/locks").exists() else []
    for read in (read_file, check_xlsx, parse_ics):  # a file picked by mistake in an import's dialog
        with pytest.raises(UserError):
            read(chosen)
    assert is_sqlite_file(chosen) == (suffix == "")
    assert (locks_here(*files) if held else []) == held  # none of SQLite's locks was let go
    colleague_sets_customer(db_path, demo.id, "同僚の顧客")
    assert Path(f"{db_path}-wal").exists()  # this process's locks held: the colleague's close left the log alone
    assert ProjectService(workspace.db).get(demo.id).customer == "同僚の顧客"
    ProjectService(workspace.db).rename(demo.id, "私の名前")
    workspace.close()
    assert stored(db_path, demo.id) == ("私の名前", "同僚の顧客")
