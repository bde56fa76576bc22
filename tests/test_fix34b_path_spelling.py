"""fix34b: a plain path names exactly its file (a percent sign, a question mark in it); a name typed in
another spelling of one that exists (decomposed, as macOS writes it) is that file, never a lookalike."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.core.errors import UserError
from app.core.files import atomic, probe
from app.core.paths import sqlite_url
from app.core.storage.db import Database, resolve_database_url
from app.core.storage.errors import named_database
from tests.test_breaker26c import run

NFC = "データ共有"
NFD = unicodedata.normalize("NFD", NFC)


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """An empty folder of the test's own (``tmp_path`` holds the isolated home and the test's database)."""
    folder = tmp_path / "here"
    folder.mkdir()
    return folder


def nfc_names(folder: Path) -> list[str]:
    return sorted(unicodedata.normalize("NFC", n) for n in os.listdir(folder))


# --- a plain path holding a percent sign ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan%41.db", "c%1b.db", "a?b.db", "50%.db", "x#1 %E3%81%82.db", "顧客 共有.db"])
def test_a_plain_path_becomes_a_url_naming_that_very_file(tmp_path: Path, name: str) -> None:
    url = resolve_database_url(str(tmp_path / name))
    assert make_url(url).database == str(tmp_path / name)
    assert not make_url(url).query
    assert named_database(url) == str(tmp_path / name)  # shown back as typed


def test_a_url_without_a_percent_sign_or_question_mark_reads_as_the_path(tmp_path: Path) -> None:
    path = tmp_path / "顧客 共有.db"
    assert sqlite_url(path) == f"sqlite:///{path}"


def test_a_url_typed_keeps_its_own_percent_escapes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/plan%41.db"
    assert resolve_database_url(url) == url
    assert make_url(url).database == f"{tmp_path}/planA.db"


def test_a_database_at_a_path_with_a_percent_sign_is_that_file(here: Path) -> None:
    path = here / "plan%41?.db"
    db = Database(str(path))
    try:
        assert db.path == path  # what the window's status bar, Settings and About show
    finally:
        db.close()
    assert [n for n in os.listdir(here) if not n.endswith(("-wal", "-shm"))] == ["plan%41?.db"]


def test_the_data_folder_with_a_percent_sign_holds_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core import paths

    folder = tmp_path / "data%41"
    monkeypatch.setattr(paths, "default_database_path", lambda: folder / "mlops-kickoff.sqlite3")
    monkeypatch.delenv(paths.DB_ENV, raising=False)
    assert make_url(resolve_database_url(None)).database == str(folder / "mlops-kickoff.sqlite3")


def test_project_copy_to_a_path_with_percent_and_question_mark(workspace, demo, tmp_path: Path) -> None:
    from app.projects.database_copy import copy_to

    folder = tmp_path / "copies"
    folder.mkdir()
    copied = copy_to(workspace.db, demo.id, str(folder / "a%41?b.sqlite3"))
    assert os.listdir(folder) == ["a%41?b.sqlite3"]
    assert copied.where == str(folder / "a%41?b.sqlite3")


def test_mlops_kickoff_db_a_plain_path_with_a_percent_escape(tmp_path: Path) -> None:
    from tests.test_breaker26c import REPO

    home = tmp_path / "cli-home"
    home.mkdir()
    folder = tmp_path / "d"
    folder.mkdir()
    env = os.environ | {"MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
                        "MLOPS_KICKOFF_DB": str(folder / "plan%1b.db"), "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "app", "--lang", "en", "projects", "list"],
                            cwd=home, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert os.listdir(folder) == ["plan%1b.db"]


def test_project_copy_to_in_the_command_line_a_percent_path(tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    home.mkdir()
    assert run(home, "demo").returncode == 0
    folder = tmp_path / "t"
    folder.mkdir()
    result = run(home, "project", "copy", "1", "--to", str(folder / "c%41.sqlite3"), lang="en")
    assert result.returncode == 0, result.stderr
    assert os.listdir(folder) == ["c%41.sqlite3"]


# --- another spelling of a name that exists ----------------------------------------------------------------


def test_existing_spelling_finds_either_spelling(here: Path) -> None:
    (here / f"{NFD}.xlsx").write_bytes(b"x")  # decomposed on disk (made on a Mac), composed typed
    assert probe.existing_spelling(here / f"{NFC}.xlsx") == here / f"{NFD}.xlsx"
    (here / NFC).mkdir()  # a folder on the way, typed decomposed
    assert probe.existing_spelling(here / NFD / "new.xlsx") == here / NFC / "new.xlsx"
    assert probe.existing_spelling(here / "none" / NFD) == here / "none" / NFD
    assert probe.existing_spelling(here / "plain.xlsx") == here / "plain.xlsx"


def test_project_export_into_another_spelling_writes_the_file_there(workspace, demo, here: Path) -> None:
    from app.projects.transfer import export_file

    composed = here / f"{NFC}.mlops.json"
    composed.write_text("old")
    written = export_file(workspace.db, demo.id, Path(unicodedata.normalize("NFD", str(composed))))
    assert os.listdir(here) == [composed.name]
    assert written == composed and composed.read_text() != "old"


def test_an_export_into_another_spelling_of_the_open_database_is_refused(here: Path) -> None:
    composed = here / f"{NFC}.sqlite3"
    db = Database(str(composed))
    try:
        with pytest.raises(UserError) as caught:
            atomic.write_text(Path(unicodedata.normalize("NFD", str(composed))), "x")
        assert caught.value.key == "file.is_database"
    finally:
        db.close()
    assert [n for n in os.listdir(here) if not n.endswith(("-wal", "-shm"))] == [composed.name]


def test_a_database_named_in_another_spelling_is_opened_not_made_again(here: Path) -> None:
    composed = here / f"{NFC}.sqlite3"
    Database(str(composed)).close()
    db = Database(unicodedata.normalize("NFD", str(composed)))
    try:
        assert db.path == composed
    finally:
        db.close()
    db = Database("sqlite:///" + unicodedata.normalize("NFD", str(composed)))
    try:
        assert db.path == composed
    finally:
        db.close()
    assert len(nfc_names(here)) == len(set(nfc_names(here)))


def test_a_folder_export_into_another_spelling_of_an_existing_folder_is_refused(workspace, demo, here: Path) -> None:
    from app.environment.wiki_export import export_wiki

    existing = here / NFC
    existing.mkdir()
    (existing / "notes.txt").write_text("mine")
    with pytest.raises(UserError) as caught:
        export_wiki(workspace, demo.id, here / NFD, "ja")
    assert caught.value.key == "file.other_spelling"
    assert os.listdir(here) == [NFC] and os.listdir(existing) == ["notes.txt"]
    # a new folder inside an existing one typed in another spelling: made inside it
    made = export_wiki(workspace, demo.id, here / NFD / "wiki", "ja")
    assert os.listdir(here) == [NFC] and sorted(os.listdir(existing)) == ["notes.txt", "wiki"], made


def test_a_scaffold_into_another_spelling_of_a_non_empty_folder_replaces_nothing(workspace, demo, here: Path) -> None:
    from app.environment.scaffold import export_scaffold

    existing = here / NFC
    existing.mkdir()
    (existing / "mine.py").write_text("keep")
    with pytest.raises(UserError):
        export_scaffold(workspace, demo.id, here / NFD, "ja")
    assert os.listdir(here) == [NFC] and os.listdir(existing) == ["mine.py"]
