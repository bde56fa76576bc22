"""A PostgreSQL address whose host is no host name (an empty part, ``bad..host``; a part over 63 characters)
is refused in one line naming the host, before any connection: it ended in a traceback (the system's name
look-up refusing to encode it), in the window's open dialog and on the command line alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.storage.db import Database

REPO = Path(__file__).resolve().parent.parent
LONG = "a" * 70


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://u@bad..host/x",
    f"postgresql+psycopg://u@{LONG}.example.com/x",
    f"postgresql://u@{LONG}/x",
    "postgresql+psycopg://u@/x?host=db.example.com,bad..host",
])
def test_a_host_that_is_no_host_name_is_refused_naming_it(url: str) -> None:
    with pytest.raises(UserError) as refused:
        Database(url)
    assert refused.value.key == "db.bad_host"
    said = refused.value.text("ja")
    assert ("bad..host" in said) or (LONG in said)
    assert "何も変更していません" in said


def test_the_command_line_says_it_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "MLOPS_KICKOFF_HOME": str(tmp_path / "d"), "MLOPS_KICKOFF_SETTINGS": str(tmp_path / "s.ini"),
           "PYTHONPATH": str(REPO)}
    for args in (["--db", "postgresql+psycopg://u@bad..host/x", "projects", "list"],
                 ["demo"], ["project", "copy", "1", "--to", f"postgresql://u@{LONG}/x"]):
        done = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", *args], capture_output=True, text=True,
                              env=env, timeout=120, check=False)
        if args == ["demo"]:
            assert done.returncode == 0, done.stderr
            continue
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "ホスト" in done.stderr
