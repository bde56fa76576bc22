"""fix16n: the command line's defects found by breaker16n, checked in-process where the subprocess
tests of tests/test_breaker16n.py cannot reach (other writers, the window's exports, edge cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.files import probe
from app.core.files.atomic import atomic_directory, write_text
from app.core.storage.db import Database

LONG = "長" * 90  # 270 bytes: over the 255 one name may have


@pytest.fixture
def db(tmp_path: Path):
    (tmp_path / "data").mkdir()
    database = Database(str(tmp_path / "data" / "x.sqlite3"))
    yield database
    database.close()


def test_no_writer_writes_over_the_open_database_by_any_name(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    link = tmp_path / "link.json"
    link.symlink_to(db.path)
    hard = tmp_path / "hard.json"
    hard.hardlink_to(db.path)
    for target in (db.path, link, hard, db.path.with_name("x.sqlite3-wal"), tmp_path / "data" / "." / "x.sqlite3"):
        with pytest.raises(UserError) as refused:
            write_text(target, "{}")
        assert refused.value.key == "file.is_database"
    with pytest.raises(UserError) as refused:
        write_text(tmp_path / "data" / "backups" / "a.json", "{}")
    assert refused.value.key == "file.in_backups"
    assert db.path.read_bytes().startswith(b"SQLite format 3")


def test_no_folder_export_replaces_the_folder_holding_the_open_database(db: Database, tmp_path: Path) -> None:
    for folder in (tmp_path / "data", tmp_path):
        with pytest.raises(UserError) as refused, atomic_directory(folder):
            pass
        assert refused.value.key == "file.holds_database"
    assert db.path is not None and db.path.exists()


def test_once_closed_the_database_file_is_an_ordinary_file_again(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "x.sqlite3"))
    second = Database(str(tmp_path / "x.sqlite3"))  # two windows on one file: both must close
    database.close()
    with pytest.raises(UserError):
        write_text(tmp_path / "x.sqlite3", "{}")
    second.close()
    second.close()  # closing twice releases nothing more
    write_text(tmp_path / "x.sqlite3", "{}")
    assert (tmp_path / "x.sqlite3").read_text() == "{}"


def test_a_name_the_system_refuses_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as refused:
        probe.exists(tmp_path / LONG)
    assert refused.value.key == "file.cannot_use"
    assert "85" in refused.value.text("ja") and "長すぎます" in refused.value.text("ja")
    assert probe.exists(tmp_path / "missing") is False
