"""fix48f: a data-folder move refuses, when the folder is chosen, a folder holding a file it would write over
(named) or a stale journal; a folder export refuses a read-only file anywhere inside the folder it replaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import paths
from app.core.errors import UserError
from app.core.files.atomic import atomic_directory
from app.core.storage import data_folder
from tests.test_breaker48d import _data_home


def test_a_chosen_folder_holding_files_of_the_same_name_is_refused_naming_them(tmp_path: Path, monkeypatch) -> None:
    old = _data_home(tmp_path, monkeypatch)
    (old / "templates").mkdir()
    (old / "templates" / "proposal.md").write_text("a", encoding="utf-8")
    (old / "notes.txt").write_text("b", encoding="utf-8")
    target = tmp_path / "mine"
    (target / "templates").mkdir(parents=True)
    (target / "templates" / "proposal.md").write_text("mine", encoding="utf-8")
    (target / "notes.txt").mkdir()  # a folder where a file goes: copied into it otherwise
    with pytest.raises(UserError) as caught:
        data_folder.check_target(target)
    text = caught.value.text("ja")
    assert "templates/proposal.md" in text and "notes.txt" in text and "上書き" in text, text
    (target / "templates" / "proposal.md").unlink()
    (target / "notes.txt").rmdir()
    data_folder.check_target(target)  # the folders alone merge


def test_a_stale_shm_alone_is_refused(tmp_path: Path, monkeypatch) -> None:
    _data_home(tmp_path, monkeypatch)
    target = tmp_path / "usb"
    target.mkdir()
    (target / (paths.DB_FILENAME + "-shm")).write_bytes(b"x")
    with pytest.raises(UserError) as caught:
        data_folder.check_target(target)
    assert paths.DB_FILENAME + "-shm" in caught.value.text("ja")


def test_a_folder_replaced_with_a_read_only_file_deep_inside_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = out / "wiki"
    (folder / "docs").mkdir(parents=True)
    signed = folder / "docs" / "0-概要.md"
    signed.write_text("signed", encoding="utf-8")
    signed.chmod(0o444)
    try:
        with pytest.raises(UserError) as caught, atomic_directory(folder) as tmp:
            (tmp / "new.md").write_text("new", encoding="utf-8")
        assert "読み取り専用" in caught.value.text("ja") and signed.name in caught.value.text("ja")
        assert signed.read_text(encoding="utf-8") == "signed" and sorted(p.name for p in out.iterdir()) == ["wiki"]
    finally:
        signed.chmod(0o644)
