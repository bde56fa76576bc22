"""fix29a: several processes opening one database at once, and how messages name a database.

Three processes open one old-schema (0001) or one new SQLite file at the same moment: all open it,
current, and an old one is backed up once (by the process that migrates it; the others wait for its
write lock, then find it migrated). Messages name a SQLite file by its path as typed and a server's
database without %-escapes or its password; the createdb hint is a shell command that works.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.storage.db import SCHEMA_HEAD
from app.core.storage.errors import createdb_command, named_database
from tests.schema_0001 import make_database

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import sys
from pathlib import Path
from app.core.storage.db import Database
Path(sys.argv[2]).write_text("ready")
db = Database(sys.argv[1])
print(len(db.backups), db.current_revision())
db.close()
"""


@pytest.mark.parametrize("old", [True, False], ids=["old-schema", "new"])
def test_three_processes_opening_one_file_at_once_all_open_it_and_one_backs_it_up(tmp_path: Path, old: bool) -> None:
    database = tmp_path / "チーム 計画.sqlite3"
    if old:
        make_database(database)
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {
        "MLOPS_KICKOFF_HOME": str(tmp_path / "home"), "PYTHONPATH": str(REPO)}
    holder = sqlite3.connect(database, isolation_level=None)  # holds the write lock until all three wait for it
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    children: list[subprocess.Popen[str]] = []
    try:
        for n in range(3):
            children.append(subprocess.Popen([sys.executable, "-c", CHILD, str(database), str(tmp_path / f"ready{n}")],
                                             cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        deadline = time.monotonic() + 60
        while not all((tmp_path / f"ready{n}").exists() for n in range(3)):
            assert time.monotonic() < deadline and all(c.poll() is None for c in children), "a child did not start, or ended early"
            time.sleep(0.05)
        time.sleep(1)  # each is opening the file: waiting for the lock (well within the 30 s busy timeout)
        holder.execute("COMMIT")
    finally:
        holder.close()
        results = [c.communicate(timeout=120) for c in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err[-1500:]
        assert out.split()[1] == SCHEMA_HEAD, out
    backups_made = sorted(int(out.split()[0]) for out, _ in results)
    assert backups_made == ([0, 0, 1] if old else [0, 0, 0])
    folder = tmp_path / "backups"
    assert len(list(folder.glob("*.sqlite3")) if folder.exists() else []) == (1 if old else 0)
    if old:
        backup = sqlite3.connect(next(folder.glob("*.sqlite3")))
        assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        backup.close()


def test_a_database_is_named_by_its_path_or_its_url_as_typed_never_with_its_password() -> None:
    assert named_database("sqlite:////tmp/データ フォルダ/共有 計画.sqlite3") == "/tmp/データ フォルダ/共有 計画.sqlite3"
    assert named_database("postgresql+psycopg://計画:s3cret@db.example:5432/計画 DB?sslmode=require") == (
        "postgresql+psycopg://計画:***@db.example:5432/計画 DB?sslmode=require")
    assert "s3cret" not in named_database("postgresql://u@h/計画?password=s3cret")
    assert "s3cret" not in named_database("postgresql://u:s3cret@h:notaport/x")  # not a URL: hidden all the same


@pytest.mark.parametrize("name", ["計画 DB", "it's", "-x", "a;rm -rf b", "$HOME"])
def test_the_createdb_hint_creates_the_database_named(name: str) -> None:
    words = shlex.split(createdb_command(name))
    assert words[0] == "createdb" and words[-1] == name and words[1:-1] in ([], ["--"])
