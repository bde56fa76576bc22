"""Atomic writes: no half-written file, no damaged previous file, no leftovers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.files.atomic import atomic_directory, write_text, write_with


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


class _Killed(BaseException):
    """Stands for the process dying between two steps (not an error the code could handle)."""


def _fail_on_call(monkeypatch, n: int, exc: BaseException) -> list[tuple[str, str]]:
    """Make the ``n``-th ``os.replace`` of the atomic module raise ``exc``; the others run."""
    import app.core.files.atomic as atomic

    calls: list[tuple[str, str]] = []
    real = os.replace

    def replace(src, dst):
        calls.append((str(src), str(dst)))
        if len(calls) == n:
            raise exc
        return real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)  # the two-rename path (no atomic swap)
    return calls


@pytest.mark.parametrize("exc", [OSError(5, "I/O error"), _Killed()], ids=["error", "interrupted"])
def test_a_fault_between_the_two_renames_keeps_the_old_folder_visible(out: Path, monkeypatch, exc) -> None:
    target = out / "wiki"
    with atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v1")
    _fail_on_call(monkeypatch, 2, exc)  # the first moves the old folder aside, the second fails
    with pytest.raises((UserError, _Killed)), atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v2")
    assert (target / "Home.md").read_text() == "v1"
    assert sorted(p.name for p in out.iterdir()) == ["wiki"]


def test_the_swap_is_one_step_where_the_system_has_one(out: Path, monkeypatch) -> None:
    import app.core.files.atomic as atomic

    target = out / "wiki"
    with atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v1")
    if not atomic._exchange_supported(out):
        pytest.skip("no atomic folder exchange on this system")  # pragma: no cover - Linux has renameat2

    def two_steps(*_args) -> None:
        pytest.fail("the old folder was moved aside before the new one was in place")

    monkeypatch.setattr(atomic.os, "replace", two_steps)
    with atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v2")
    assert (target / "Home.md").read_text() == "v2"
    assert sorted(p.name for p in out.iterdir()) == ["wiki"]


def test_leftovers_of_a_killed_export_are_cleaned_by_the_next_one(out: Path) -> None:
    dead = _dead_pid()
    target = out / "wiki"
    # What a run killed between its two renames leaves: the old copy aside, the new one unfinished.
    old = out / f".wiki.old-{dead}"
    old.mkdir()
    (old / "Home.md").write_text("v1")
    part = out / f".wiki.{dead}-abcd1234.part"
    part.mkdir()
    (out / ".wiki.q8z_x1yw.part").mkdir()  # an earlier version's name, without a process id
    (out / f".report.md.{dead}-abcd1234.part").write_text("half")
    (out / ".wiki-notes.old-1").mkdir()  # another folder's name: not ours to touch
    with atomic_directory(target) as tmp:
        (tmp / "Home.md").write_text("v2")
    assert (target / "Home.md").read_text() == "v2"
    assert sorted(p.name for p in out.iterdir()) == [f".report.md.{dead}-abcd1234.part", ".wiki-notes.old-1", "wiki"]
    write_text(out / "report.md", "whole")
    assert sorted(p.name for p in out.iterdir()) == [".wiki-notes.old-1", "report.md", "wiki"]


def test_a_killed_swap_brings_the_old_folder_back_at_the_next_export(out: Path) -> None:
    dead = _dead_pid()
    old = out / f".wiki.old-{dead}"
    old.mkdir()
    (old / "Home.md").write_text("v1")
    with pytest.raises(RuntimeError), atomic_directory(out / "wiki") as tmp:
        (tmp / "Home.md").write_text("v2 half")
        raise RuntimeError("this export fails too")
    assert (out / "wiki" / "Home.md").read_text() == "v1"
    assert sorted(p.name for p in out.iterdir()) == ["wiki"]


def test_a_live_exports_temporary_files_are_left_alone(out: Path) -> None:
    busy = out / f".wiki.{os.getppid()}-abcd1234.part"  # a running process's unfinished export
    busy.mkdir()
    with atomic_directory(out / "wiki") as tmp:
        (tmp / "Home.md").write_text("v1")
    assert busy.exists()


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(60)
    return child.pid


@pytest.fixture
def on_windows(monkeypatch) -> list[int]:
    """Windows as the process checks see it: process 4242 is gone, every other one runs; os.kill fails the
    test (on Windows it sends Ctrl+C: signal 0 is CTRL_C_EVENT). Returns the process ids asked about."""
    import ctypes
    import sys

    from app.core.files import atomic

    asked: list[int] = []

    class Kernel32:
        def OpenProcess(self, _access, _inherit, pid):
            asked.append(pid)
            return 0 if pid == 4242 else 7

        def GetLastError(self):
            return 87  # ERROR_INVALID_PARAMETER: no such process

        def GetExitCodeProcess(self, _handle, code):
            code._obj.value = 259  # STILL_ACTIVE
            return 1

        def CloseHandle(self, _handle):
            return 1

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": Kernel32()})(), raising=False)
    monkeypatch.setattr(atomic.os, "kill", lambda *_a: pytest.fail("os.kill on Windows"))
    return asked


def test_on_windows_a_leftover_owner_is_asked_of_windows_never_signalled(on_windows) -> None:
    from app.core.files import atomic

    assert atomic.pid_alive(4242) is False
    assert atomic.pid_alive(4343) is True
    assert on_windows == [4242, 4343]


def test_on_windows_a_backup_asks_windows_whose_leftovers_it_may_remove(tmp_path: Path, on_windows) -> None:
    """Database.backup cleans up killed backups' hidden copies the same way (it signalled the process)."""
    from app.core.storage.db import Database

    db = Database(str(tmp_path / "kickoff.sqlite3"))
    try:
        folder = tmp_path / "backups"
        folder.mkdir()
        gone, running = folder / ".old.sqlite3.4242.backup-part", folder / ".old.sqlite3.4343.backup-part-journal"
        gone.write_bytes(b"half")
        running.write_bytes(b"being written")
        made = db.backup(folder / "kickoff-manual.sqlite3")
    finally:
        db.close()
    assert made.exists() and not gone.exists() and running.exists()
    assert sorted(on_windows) == [4242, 4343]


@pytest.mark.parametrize("code", ["ENOTDIR", "EISDIR", "ENAMETOOLONG", "EROFS", "ENOSPC", "EACCES", "EPERM", "ELOOP",
                                  "EXDEV", "EBUSY", "EEXIST", "ENOENT", "EDQUOT", "EIO"])
def test_the_systems_common_reasons_are_said_in_japanese(code: str) -> None:
    import errno

    from app.core.files.atomic import os_reason
    from app.core.messages import Message

    reason = os_reason(OSError(getattr(errno, code), os.strerror(getattr(errno, code))))
    assert isinstance(reason, Message)
    assert not any("a" <= ch.lower() <= "z" for ch in reason.text("ja")), reason.text("ja")


@pytest.mark.parametrize("library", ["xlsxwriter", "openpyxl"])
def test_a_workbook_on_a_full_disk_is_one_error_and_nothing_said_later(out: Path, monkeypatch, library: str) -> None:
    """A disk that fills up while a workbook is written: one error in the user's language, nothing
    left behind, and no archive left open to repeat the failure as a traceback when it is collected."""
    import errno
    import gc
    import sys

    from app.core.files import xlsx_style, xlsx_writer

    def full(self: Path, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    if library == "xlsxwriter":
        write = lambda tmp: xlsx_writer.write_book(tmp, lambda book: book.add_worksheet().write_string(0, 0, "WBS"))  # noqa: E731
    else:
        from openpyxl import Workbook

        book = Workbook()
        book.active["A1"] = "WBS"
        write = lambda tmp: xlsx_style.save(book, tmp)  # noqa: E731
    with pytest.raises(UserError) as refused:
        write_with(out / "WBS.xlsx", write)
    gc.collect()
    assert refused.value.text("ja").endswith("ディスクの空き容量がありません")
    assert unraisable == []
    assert list(out.iterdir()) == []
