"""The welcome page shows on a first start only (app/ui/welcome/start.is_first_start): no project in the database
(or no file yet) and the welcome never shown, whatever the database file's name: a path holding % or ? (made into a
URL with them escaped) is looked at as the file itself, never as its escaped spelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.projects import ProjectService
from app.core.storage.db import Database
from app.ui import settings
from app.ui.welcome.start import SHOWN_KEY, is_first_start


@pytest.mark.parametrize("name", ["plain.sqlite3", "計画%41.sqlite3", "what?.sqlite3", "50% 完了.sqlite3"])
def test_a_database_that_holds_a_project_is_no_first_start(tmp_path: Path, name: str) -> None:
    settings.set_value(SHOWN_KEY, False)
    path = tmp_path / name
    assert is_first_start(str(path))  # no file yet
    db = Database(str(path))
    assert path.exists()
    assert is_first_start(str(path))  # a file a command made (`projects list`), no project in it: still the first
    ProjectService(db).create("需要予測 PoC")
    db.close()
    assert not is_first_start(str(path))
    assert not list(tmp_path.glob("*.sqlite3-*"))  # looked at, nothing left beside it (-wal, -shm)


def test_a_welcome_shown_once_is_not_shown_again_on_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "plan.sqlite3"
    Database(str(path)).close()
    settings.set_value(SHOWN_KEY, True)
    assert not is_first_start(str(path))
    settings.set_value(SHOWN_KEY, False)
    assert is_first_start(str(path))


def test_a_file_that_cannot_be_read_as_ours_is_no_first_start(tmp_path: Path) -> None:
    settings.set_value(SHOWN_KEY, False)
    path = tmp_path / "other.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    assert not is_first_start(str(path))  # opening it says what is wrong; no welcome page over it


def test_a_server_or_memory_database_is_no_first_start() -> None:
    settings.set_value(SHOWN_KEY, False)
    assert not is_first_start("sqlite:///:memory:")
    assert not is_first_start("postgresql+psycopg://kickoff@127.0.0.1:1/kickoff")
