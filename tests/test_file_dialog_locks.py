"""The window's file dialogs never open the files they list: Qt's own dialog (where the desktop offers
none) read each file's first bytes to guess its type, and closing one dropped every lock SQLite held on
it in this process, so a database open in the window looked unused to another window or command, which
could then delete its -wal under this one (found by the fix of break-it 59b's lost levelling)."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.ui import messages


def held_locks(folder: Path) -> list[tuple[str, str, str]]:
    """The POSIX locks this process holds on the files of ``folder``: (file, start, end)."""
    inodes = {os.stat(p).st_ino: p.name for p in folder.iterdir()}
    pid, found = str(os.getpid()), []
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        if pid in parts:
            at = parts.index(pid)
            name = inodes.get(int(parts[at + 1].split(":")[2]))
            if name is not None:
                found.append((name, parts[at + 2], parts[at + 3]))
    return sorted(found)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the process's locks from /proc/locks (Linux)")
@pytest.mark.parametrize("name", ["mydata", "mlops-kickoff.sqlite3"])  # a name without a known suffix is read whole by Qt's guess
def test_listing_the_folder_of_an_open_database_keeps_its_locks(qtbot, tmp_path: Path, name: str) -> None:
    database = sqlite3.connect(tmp_path / name, isolation_level=None)
    try:
        database.execute("PRAGMA journal_mode=WAL")
        database.execute("CREATE TABLE t (x)")
        database.execute("INSERT INTO t VALUES (1)")
        database.execute("BEGIN")
        database.execute("SELECT * FROM t").fetchall()  # a read under way: its lock on the -shm held
        before = held_locks(tmp_path)
        assert any(file.endswith("-shm") for file, _start, _end in before)
        dialog = messages.file_dialog(None, "保存", str(tmp_path / "wbs.xlsx"), "Excel (*.xlsx);;All files (*)", save=True)
        dialog.setOption(dialog.Option.DontUseNativeDialog, True)  # (the dialog Qt shows where the desktop has none)
        dialog.show()
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:  # the dialog's listing runs on a thread of Qt's: give it time to read
            QApplication.processEvents()
            time.sleep(0.02)
        assert held_locks(tmp_path) == before
        dialog.close()
        dialog.deleteLater()
    finally:
        database.close()
