"""The welcome page shows on a first start only (app/ui/welcome/start.is_first_start), whatever the
database file's name: a path holding % or ? (made into a URL with them escaped) is looked at as the
file itself, never as its escaped spelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.storage.db import Database
from app.ui import settings
from app.ui.welcome.start import SHOWN_KEY, is_first_start


@pytest.mark.parametrize("name", ["plain.sqlite3", "計画%41.sqlite3", "what?.sqlite3", "50% 完了.sqlite3"])
def test_a_database_that_exists_is_no_first_start(tmp_path: Path, name: str) -> None:
    settings.set_value(SHOWN_KEY, False)
    path = tmp_path / name
    assert is_first_start(str(path))  # no file yet
    Database(str(path)).close()
    assert path.exists()
    assert not is_first_start(str(path))


def test_a_server_or_memory_database_is_no_first_start() -> None:
    settings.set_value(SHOWN_KEY, False)
    assert not is_first_start("sqlite:///:memory:")
    assert not is_first_start("postgresql+psycopg://kickoff@127.0.0.1:1/kickoff")
