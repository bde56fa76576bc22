"""fix31b: a path the user gives to write, held to one rule in the core (app/core/files/probe.py):
copying a project into a SQLite file whose name holds a character that cannot be seen, or a path
holding NUL, is refused in one line before the target is touched (app/projects/database_copy.py, the
rule ``project copy --to`` is held to as well); an export's output, a new database or a project file
to read with a NUL in its path is said in one line, never a ValueError."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.files.probe import unseen_name
from app.core.kinds import run_export
from app.core.workspace import Workspace
from app.features import export_kinds
from app.projects.database_copy import ProjectCopyFailed, copy_to
from app.projects.transfer import import_file


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of the test's own (its tmp_path holds the data folder)."""
    made = tmp_path / "target"
    made.mkdir()
    return made


def _kind(name: str):  # type: ignore[no-untyped-def]
    return next(k for k in export_kinds() if k.name == name)


@pytest.mark.parametrize("target", [
    "顧客\u200b共有.sqlite3", "顧客\x1b共有.sqlite3", "顧客\u202e共有.sqlite3", "顧客\x00共有.sqlite3", "a\x00b/c.sqlite3", "\u3164",
], ids=["zwsp", "esc", "rlo", "nul", "nul-in-folder", "hangul-filler"])
def test_a_copy_into_a_file_named_with_unseen_characters_is_refused(workspace, demo, folder: Path, target: str) -> None:
    with pytest.raises(ProjectCopyFailed) as caught:
        copy_to(workspace.db, demo.id, str(folder / target))
    line = caught.value.text("ja")
    assert "\n" not in line and "\x00" not in line and "\x1b" not in line and "\u200b" not in line, line
    assert "名前" in line or "NUL" in line, line
    assert list(folder.iterdir()) == []


def test_a_sqlite_url_naming_esc_is_refused_as_its_file_is_named(workspace, demo, folder: Path) -> None:
    with pytest.raises(ProjectCopyFailed) as caught:
        copy_to(workspace.db, demo.id, f"sqlite:///{folder}/copy%1bx.sqlite3")
    assert "\\x1b" in caught.value.text("en"), caught.value.text("en")
    assert list(folder.iterdir()) == []


def test_a_name_of_visible_characters_is_copied_an_emoji_family_too(workspace, demo, folder: Path) -> None:
    target = folder / "顧客👨\u200d👩\u200d👧共有.sqlite3"
    assert unseen_name(str(target)) is None
    copied = copy_to(workspace.db, demo.id, str(target))
    assert target.exists() and copied.where == str(target)


@pytest.mark.parametrize(("kind", "name"), [("hearing-sheet", "a\x00b.xlsx"), ("minutes", "a\x00b.md"), ("wiki", "w\x00iki")])
def test_an_export_to_a_path_holding_nul_is_one_line(workspace, demo, folder: Path, kind: str, name: str) -> None:
    with pytest.raises(UserError) as caught:
        run_export(_kind(kind), workspace, demo.id, folder / name, "ja", {})
    assert caught.value.key == "file.nul_in_path"
    assert "\\x00" in caught.value.text("ja") and "\x00" not in caught.value.text("ja")
    assert list(folder.iterdir()) == []


def test_a_new_database_at_a_path_holding_nul_is_one_line(library, folder: Path) -> None:
    for url in (str(folder / "n\x00.sqlite3"), f"sqlite:///{folder}/n%00.sqlite3"):
        with pytest.raises(UserError) as caught:
            Workspace.open(url, library)
        assert caught.value.key == "file.nul_in_path", url
    assert list(folder.iterdir()) == []


def test_a_project_file_to_read_at_a_path_holding_nul_is_one_line(workspace, folder: Path) -> None:
    with pytest.raises(UserError) as caught:
        import_file(workspace.db, folder / "p\x00.json")
    assert caught.value.key == "file.nul_in_path"
