"""Atomic writes: no half-written file, no damaged previous file, no leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import UserError
from app.exporters.atomic import atomic_directory, write_text, write_with


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own (the shared tmp_path also holds the test's data folder)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_file_is_written_whole(out: Path) -> None:
    path = write_text(out / "a.md", "# 見出し\n")
    assert path.read_text(encoding="utf-8") == "# 見出し\n"
    assert [p.name for p in out.iterdir()] == ["a.md"]


def test_a_failing_writer_leaves_the_old_file_and_no_temp_file(out: Path) -> None:
    target = out / "report.xlsx"
    target.write_bytes(b"old")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        write_with(target, half_then_fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in out.iterdir()] == ["report.xlsx"]


def test_writing_into_a_missing_folder_is_a_clear_error(out: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_text(out / "missing" / "a.md", "x")


def test_a_folder_is_swapped_in_only_when_complete(out: Path) -> None:
    target = out / "wiki"
    with atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v1")
    assert (target / "Home.md").read_text() == "v1"

    with pytest.raises(RuntimeError), atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v2 half")
        raise RuntimeError("failed half-way")
    assert (target / "Home.md").read_text() == "v1"
    assert sorted(p.name for p in out.iterdir()) == ["wiki"]

    with atomic_directory(target) as tmp:
        (tmp / "Other.md").write_text("v3")
    assert sorted(p.name for p in target.iterdir()) == ["Other.md"]
    assert sorted(p.name for p in out.iterdir()) == ["wiki"]
