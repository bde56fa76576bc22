"""fix28d: the siblings of breaker28b's ``--db`` names: a project copy's ``--to`` URL read as opened
(``%1b`` is ESC), a ``sqlite:///`` URL or ``MLOPS_KICKOFF_DB`` ending in a separator, the variable
checked at the window's start as well (check_written_names with no command)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from app.cli.arguments import check_written_names
from app.core.errors import UserError
from app.core.storage.db import resolve_database_url
from tests.test_breaker26c import run


def one_japanese_line(result) -> str:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert result.returncode == 2, (result.returncode, result.stderr[-600:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: エラー: "), result.stderr
    return lines[0]


def test_a_project_copy_to_a_url_with_an_escaped_control_is_refused(tmp_path: Path) -> None:
    assert run(tmp_path, "demo").returncode == 0
    line = one_japanese_line(run(tmp_path, "project", "copy", "1", "--to", "sqlite:///copy%1bx.db"))
    assert "--to" in line and "\\x1b" in line
    assert [p.name for p in tmp_path.iterdir() if not p.name.isprintable()] == []


def test_a_sqlite_url_ending_in_a_slash_never_becomes_a_file(tmp_path: Path) -> None:
    line = one_japanese_line(run(tmp_path, "--db", "sqlite:///newdir/", "projects", "list"))
    assert "フォルダー" in line
    assert not (tmp_path / "newdir").exists()


def test_the_variable_ending_in_a_slash_is_refused_as_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_KICKOFF_DB", f"{tmp_path / 'newdir'}{os.sep}")
    with pytest.raises(UserError) as caught:
        resolve_database_url(None)
    assert caught.value.key == "db.names_folder"
    assert not (tmp_path / "newdir").exists()


def test_an_existing_folder_with_a_slash_is_still_said_to_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        resolve_database_url(f"{tmp_path}{os.sep}")
    assert caught.value.key == "db.is_folder"


def test_the_window_start_checks_the_variable_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_KICKOFF_DB", str(tmp_path / "plan\x1bx.db"))
    with pytest.raises(UserError) as caught:
        check_written_names(argparse.Namespace(command=None, db=None, screenshot=None))
    assert caught.value.key == "cli.invisible_file_name"
    assert caught.value.params["option"] == "MLOPS_KICKOFF_DB"


def test_an_existing_database_is_opened_whatever_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    existing = tmp_path / "old\x1b.db"
    existing.touch()
    monkeypatch.setenv("MLOPS_KICKOFF_DB", f"sqlite:///{str(existing).replace(chr(27), '%1b')}")
    check_written_names(argparse.Namespace(command=None, db=None, screenshot=None))
