"""A backup (and every copy the app takes with SQLite's backup API: a restore, a migration's safety copy, a data
folder moved) of a database another process holds locked gives up after the busy timeout with the busy message.

Python's ``sqlite3.Connection.backup`` retries a step the source's lock refuses without end: a rollback-journal
database (a network drive: app/core/storage/db.py) a colleague's program held with ``BEGIN EXCLUSIVE`` froze
``backup create`` (and the window's restore, the start's data-folder move) for ever. Each hang is shown safely:
the CLI in a subprocess with a timeout, the core in a thread joined with a timeout.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.errors import DatabaseBusy, UserError

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "mlops-kickoff.sqlite3"
BUSY_MS = 500  # the short busy timeout the tests open the database with
MARGIN_S = 10  # a loaded 2-core machine: the process's start and the CLI's imports

# The CLI, its database on a network drive (rollback journal), its busy timeout short; ``backup create`` waits,
# once the database is open, until the test holds the lock (the files READY / LOCKED in the data folder).
CLI = """
import sys, time
from pathlib import Path
import app.core.storage.db as db_module
db_module.filesystem_type = lambda path: "nfs"
db_module.Database.__init__.__kwdefaults__["busy_timeout_ms"] = {busy}
from app.core.storage import backups
home, original = Path(sys.argv[1]), backups.create_backup
def create_backup(*args, **kwargs):
    (home / "READY").touch()
    while not (home / "LOCKED").exists():
        time.sleep(0.02)
    return original(*args, **kwargs)
backups.create_backup = create_backup
from app.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def cli(home: Path, *argv: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {"MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"), "MLOPS_KICKOFF_LANG": "ja",
            "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    return subprocess.Popen([sys.executable, "-c", CLI.format(busy=BUSY_MS), str(home), "--lang", "ja", *argv],
                            cwd=home, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


@contextlib.contextmanager
def held_exclusively(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program's transaction holding the rollback-journal database's exclusive lock (a commit under way)."""
    conn = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        yield conn
    finally:
        conn.close()  # (rolled back)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder holding a database in rollback-journal mode (as the app keeps one on a network drive)."""
    from app.core.storage.db import Database

    db = Database(str(tmp_path / DB_NAME))
    db.close()
    with contextlib.closing(sqlite3.connect(tmp_path / DB_NAME)) as conn:
        assert conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    return tmp_path


def made_backups(home: Path) -> list[str]:
    folder = home / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_cli_backup_of_a_database_another_program_holds_locked_says_busy_within_the_busy_timeout(home: Path) -> None:
    proc = cli(home, "backup", "create")
    try:
        deadline = time.monotonic() + 120
        while not (home / "READY").exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the CLI never reached its backup"
            time.sleep(0.02)
        with held_exclusively(home / DB_NAME):
            (home / "LOCKED").touch()
            started = time.monotonic()
            try:
                out, err = proc.communicate(timeout=BUSY_MS / 1000 + MARGIN_S)
            except subprocess.TimeoutExpired:
                pytest.fail(f"backup create still waiting {time.monotonic() - started:.0f} s after the lock was taken (busy timeout {BUSY_MS} ms)")
            took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err, err[-800:]
    assert proc.returncode == 2, (proc.returncode, err)
    *warned, said = err.strip().splitlines()
    assert said == "mlops-kickoff: エラー: データベースが使用中です(別のウィンドウまたはプロセスが書き込み中)。保存していません", err
    assert all(line.startswith("警告: データベース") and "ネットワークドライブ" in line for line in warned), err  # (said at every open)
    assert out == ""
    assert made_backups(home) == [], "no backup file, nor a part of one, is left"
    assert took < BUSY_MS / 1000 + MARGIN_S
    # The lock released, the same command backs the database up.
    (home / "READY").unlink()
    proc = cli(home, "backup", "create")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    made = made_backups(home)
    assert len(made) == 1 and made[0].endswith("-manual.sqlite3"), made
    with contextlib.closing(sqlite3.connect(home / "backups" / made[0])) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM alembic_version").fetchone()[0] == 1


def in_thread(work, wait_s: float) -> object:
    """``work()``'s result or exception, or a failure when it has not ended after ``wait_s`` (left running, a daemon)."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:
            result.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(wait_s)
    if thread.is_alive():
        pytest.fail(f"still waiting after {time.monotonic() - started:.0f} s (busy timeout {BUSY_MS} ms)")
    return result[0]


@pytest.fixture
def network_db(home: Path, monkeypatch: pytest.MonkeyPatch):
    import app.core.storage.db as db_module

    monkeypatch.setattr(db_module, "filesystem_type", lambda _path: "nfs")
    db = db_module.Database(str(home / DB_NAME), busy_timeout_ms=BUSY_MS)
    yield db
    db.close()


def test_a_restore_of_a_database_another_program_holds_locked_says_busy_and_changes_nothing(network_db, home: Path) -> None:
    from app.core.storage import backups

    first = backups.create_backup(network_db)
    before = (home / DB_NAME).read_bytes()
    with held_exclusively(home / DB_NAME):
        said = in_thread(lambda: backups.restore_backup(network_db, first), BUSY_MS / 1000 + MARGIN_S)
    assert isinstance(said, DatabaseBusy), said
    assert made_backups(home) == [first.name]  # no "before-restore" copy, nor a part of one
    assert (home / DB_NAME).read_bytes() == before
    backups.restore_backup(network_db, first)  # the lock released: restored
    assert len(made_backups(home)) == 2


def test_a_migrations_safety_copy_of_a_database_another_program_holds_locked_says_busy(network_db, home: Path) -> None:
    with held_exclusively(home / DB_NAME):
        said = in_thread(lambda: network_db.backup(reason="before-0099", locked=True), BUSY_MS / 1000 + MARGIN_S)
    assert isinstance(said, DatabaseBusy), said
    assert made_backups(home) == []
    assert network_db.backup(reason="before-0099", locked=True).exists()


def test_a_data_folder_move_of_a_database_another_program_holds_locked_fails_within_the_busy_timeout(home: Path, tmp_path_factory, monkeypatch) -> None:
    import app.core.storage.db as db_module
    from app.core.storage import data_folder

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", BUSY_MS)
    target = tmp_path_factory.mktemp("moved") / "data"
    with held_exclusively(home / DB_NAME):  # (fix61b: refused at once as open elsewhere; the move waits for it)
        said = in_thread(lambda: data_folder.copy_data(home, target), BUSY_MS / 1000 + MARGIN_S)
    assert isinstance(said, UserError) and said.key == "data_folder.in_use", said
    assert not (target / DB_NAME).exists() and not (target / (DB_NAME + ".moving")).exists()
    data_folder.copy_data(home, target)
    assert (target / DB_NAME).exists()


def test_a_restore_from_the_window_while_another_program_holds_the_database_says_busy_in_a_dialog(qtbot, tmp_path, monkeypatch) -> None:
    """The window's restore, its database on a network drive that another program holds: the busy dialog within
    the window's busy timeout, the database and its backups as they were. (Today's code froze the window here.)"""
    import app.core.storage.db as db_module
    from app.ui import app as ui_app
    from app.ui import messages
    from app.ui.error_text import shown_text
    from tests.gui_helpers import close_window, finish_background_work, make_window

    monkeypatch.setattr(db_module, "filesystem_type", lambda _path: "nfs")
    monkeypatch.setattr(ui_app, "UI_BUSY_TIMEOUT_MS", BUSY_MS)
    from app.core.storage import backups

    db_path = tmp_path / "db.sqlite3"
    window = make_window(qtbot, db_path, global_lang="ja")
    first = backups.create_backup(window.state.workspace.db)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *_a: shown.append(shown_text(error)))
    lock = contextlib.ExitStack()
    started: list[float] = []

    def answer(dialog) -> int:
        lock.enter_context(held_exclusively(db_path))  # held until the window has said what happened
        started.append(time.monotonic())
        dialog.findChild(type(dialog.restore_button), "restoreBackupButton").click()
        return dialog.result()

    monkeypatch.setattr(window, "exec_dialog", answer)
    finish_background_work()  # (the first page's loads: else the restore waits for them)
    with lock:
        window.findChild(type(window.quit_action), "restoreBackupAction").trigger()
        qtbot.waitUntil(lambda: bool(shown), timeout=int((BUSY_MS / 1000 + MARGIN_S) * 1000))
        took = time.monotonic() - started[0]
    assert took < BUSY_MS / 1000 + MARGIN_S, took
    assert shown and "データベースが使用中" in shown[0], shown
    assert [b.path for b in backups.list_backups(window.state.workspace.db)] == [first]  # no "before-restore" copy
    assert made_backups(tmp_path) == [first.name]
    close_window(window)
