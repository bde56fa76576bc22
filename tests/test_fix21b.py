"""fix21b: what the breaker21b tests reach only through two windows or killed processes, checked
directly: leftovers of killed restores, holidays named as dates in a refusal, stale table sheets,
WBS sheets from another copy of a project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.errors import ConflictError
from app.core.storage import backups


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_backup_removes_what_a_killed_restore_left_and_keeps_a_running_ones(workspace) -> None:
    db = workspace.db
    assert db.path is not None
    dead, alive = _dead_pid(), os.getppid()  # a process that is gone, one that runs
    left = [db.path.with_name(f".{db.path.name}.{dead}.restore-part{end}") for end in ("", "-journal")]
    running = db.path.with_name(f".{db.path.name}.{alive}.restore-part")
    for path in (*left, running):
        path.write_bytes(b"x")
    backups.create_backup(db)
    assert [p.exists() for p in left] == [False, False]
    assert running.exists()  # another process's restore, still copying
    running.unlink()


def test_a_refused_undo_of_holidays_names_the_days_as_each_language_writes_a_date(library) -> None:
    from app.ui.error_text import user_text
    from app.wbs.company_calendar import PART

    error = ConflictError(PART, ["2026-12-29", "2027-01-03"])
    assert "「2026/12/29」、「2027/01/03」" in user_text(error, "ja", library)
    assert "“2026-12-29”, “2027-01-03”" in user_text(error, "en", library)
