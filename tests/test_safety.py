"""When something goes wrong: the error report (workers and the UI thread), the log, backups and restore."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from app.core import logs
from app.core.errors import UserError
from app.core.storage import backups
from app.core.storage.models import utcnow
from tests.gui_helpers import close_window, finish_background_work, make_window

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def log_file():
    path = logs.setup_logging(native_crashes=False)
    yield path
    logs.shutdown_logging()


def _reports() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorReport" and w.isVisible()]


def _close_reports() -> None:
    for dialog in _reports():
        dialog.close()
    QApplication.sendPostedEvents()


def _label(dialog: QDialog, name: str) -> str:
    label = dialog.findChild(QLabel, name)
    assert label is not None
    return label.text()


@pytest.mark.parametrize(
    ("lang", "failed", "safe"),
    [("ja", "予期しないエラー", "失われていません"), ("en", "unexpected error", "No saved data was lost")],
)
def test_a_worker_failing_shows_the_report_logs_the_trace_and_the_app_goes_on(qtbot, tmp_path, monkeypatch, log_file, lang, failed, safe):
    from app.projects import transfer
    from app.ui import crash, messages

    window = make_window(qtbot, tmp_path / "db.sqlite3", global_lang=lang)
    monkeypatch.setattr("sys.excepthook", sys.excepthook)  # pytest-qt's own comes back after the test
    crash.install()  # as the app does at start
    window.show_page("exports")
    page = window.current_page()
    page_title = page.title()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    monkeypatch.setattr(messages, "save_file", lambda *_a: str(tmp_path / "out.json"))

    def broken(*_args):
        raise RuntimeError("injected failure in a worker")

    monkeypatch.setattr(transfer, "export_file", broken)
    button = page.findChild(type(page.export_button), "exportProjectButton")
    button_text = button.text().replace("&", "")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(_reports()))
    finish_background_work()
    dialog = _reports()[0]
    what = _label(dialog, "errorWhat")
    assert failed in what and page_title in what and button_text in what
    assert safe in _label(dialog, "errorDataSafe")
    assert "Traceback" not in what
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: injected failure in a worker" in text and "broken" in text
    assert button.isEnabled()  # the page put its button back: the app keeps working

    dialog.findChild(type(button), "copyReport").click()
    report = QApplication.clipboard().text()
    assert "MLOps Kickoff" in report and "Qt:" in report and "Python:" in report and "injected failure in a worker" in report
    opened = []
    monkeypatch.setattr("app.ui.desktop.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.findChild(type(button), "openLogFolder").click()
    assert opened == [str(logs.log_dir())]
    _close_reports()

    renamed = window.state.change_projects(lambda: window.state.projects.rename(window.state.project_id, "after the error"))
    assert renamed.name == "after the error"
    close_window(window)


@pytest.mark.qt_no_exception_capture
def test_an_exception_on_the_ui_thread_is_reported_once_and_logged(qtbot, tmp_path, log_file):
    from app.ui import crash

    window = make_window(qtbot, tmp_path / "db.sqlite3", global_lang="ja")
    uninstall = crash.install()
    try:
        def boom() -> None:
            raise ValueError("injected failure on the UI thread")

        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: bool(_reports()))
    finally:
        uninstall()
    assert len(_reports()) == 1
    assert "予期しないエラー" in _label(_reports()[0], "errorWhat")
    assert "ValueError: injected failure on the UI thread" in log_file.read_text(encoding="utf-8")
    _close_reports()
    assert not _reports()
    close_window(window)


def test_a_user_error_is_no_crash_report(qtbot):
    from app.ui import crash

    assert not crash.is_unexpected(UserError(key="db.backup_sqlite_only"))
    assert not crash.is_unexpected(sqlite3.OperationalError("database or disk is full"))
    assert crash.is_unexpected(KeyError("x"))


def test_a_native_crash_is_written_to_the_log_folder(tmp_path):
    home = tmp_path / "crashhome"
    code = "from app.core import logs; logs.setup_logging(); import faulthandler; faulthandler._sigsegv()"
    env = {"MLOPS_KICKOFF_HOME": str(home), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert result.returncode != 0
    crash_file = home / "logs" / logs.NATIVE_CRASH_NAME
    assert "Fatal Python error" in crash_file.read_text(encoding="utf-8")
    assert (home / "logs" / logs.LOG_NAME).exists()


# --- backups -----------------------------------------------------------------------------------


def test_the_daily_backup_is_made_once_a_day_and_pruned(workspace):
    db = workspace.db
    first = backups.daily_backup(db, keep=3)
    assert first is not None and first.exists()
    assert backups.daily_backup(db, keep=3) is None  # the same day: not again
    assert backups.daily_backup(db, keep=3, now=utcnow() + dt.timedelta(hours=23)) is None
    made = [first]
    for day in range(1, 6):
        # a day later each time: rename the newest so its stamp says so
        newest = backups.list_backups(db)[0]
        older = newest.created - dt.timedelta(days=1, minutes=1)
        newest.path.rename(newest.path.with_name(newest.path.name.replace(newest.created.strftime(backups._STAMP), older.strftime(backups._STAMP))))
        path = backups.daily_backup(db, keep=3)
        assert path is not None, day
        made.append(path)
    kept = backups.list_backups(db)
    assert len(kept) == 3
    assert kept[0].path == made[-1] and kept[0].reason == "daily"


def _project_names(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return sorted(row[0] for row in conn.execute("SELECT name FROM projects"))


def test_restore_from_the_cli_brings_back_the_old_data_after_backing_up_the_current(workspace, demo, db_path, capsys):
    from app.cli.main import main

    workspace.db.engine.dispose()  # the test's own connection: a restore is refused while another one has the file open

    assert main(["--db", str(db_path), "backup", "create"]) == 0
    assert main(["--db", str(db_path), "project", "new", "Made after the backup"]) == 0
    assert "Made after the backup" in _project_names(db_path)
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "en", "backup", "list"]) == 0
    listed = capsys.readouterr().out
    assert "1 project:" in listed and demo.name in listed
    found = sorted((db_path.parent / "backups").glob("*-manual.sqlite3"))
    assert len(found) == 1
    assert main(["--db", str(db_path), "--lang", "en", "backup", "restore", str(found[0])]) == 0
    out = capsys.readouterr().out
    assert "restored the database" in out
    assert _project_names(db_path) == [demo.name]
    before = sorted((db_path.parent / "backups").glob("*-before-restore.sqlite3"))
    assert len(before) == 1 and "Made after the backup" in _project_names(before[0])


def test_a_damaged_backup_is_refused_and_changes_nothing(demo, db_path, capsys):
    from app.cli.main import main

    folder = db_path.parent / "backups"
    folder.mkdir()
    damaged = folder / f"{db_path.stem}-20260101T000000000000-daily.sqlite3"
    good = sqlite3.connect(damaged)
    good.execute("CREATE TABLE x (a)")
    good.close()
    damaged.write_bytes(damaged.read_bytes()[:100] + b"\xff" * 4000)
    before = db_path.read_bytes()
    assert main(["--db", str(db_path), "--lang", "en", "backup", "restore", str(damaged)]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert _project_names(db_path) == [demo.name]
    assert db_path.read_bytes() == before
    assert sorted(folder.iterdir()) == [damaged]  # not even a backup of the current one was made


def test_restore_from_the_window_previews_and_reloads(qtbot, tmp_path, monkeypatch):
    from app.ui import messages
    from app.ui.projects.restore_dialog import RestoreBackupDialog

    db_path = tmp_path / "db.sqlite3"
    window = make_window(qtbot, db_path, global_lang="ja")
    state = window.state
    original = state.project.name
    backups.create_backup(state.workspace.db)
    extra = state.change_projects(lambda: state.projects.create("バックアップ後の案件"), -1)
    state.open_project(extra.id)
    from PySide6.QtGui import QUndoCommand

    state.undo_stack.push(QUndoCommand("an earlier step"))  # a step of the database about to be replaced
    assert state.undo_stack.count() == 1

    seen: dict[str, object] = {}

    def answer(dialog: QDialog) -> int:
        assert dialog.objectName() == "restoreBackup"
        preview = dialog.findChild(type(dialog.preview), "backupPreview").toPlainText()
        seen["preview"] = preview
        dialog.findChild(type(dialog.restore_button), "restoreBackupButton").click()
        return dialog.result()

    monkeypatch.setattr(window, "exec_dialog", answer)
    infos: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *_a: infos.append(text))
    window.findChild(type(window.quit_action), "restoreBackupAction").trigger()
    assert original in str(seen["preview"]) and "バックアップ後の案件" not in str(seen["preview"])
    assert "回答" in str(seen["preview"])
    names = [p.name for p in state.projects.list()]
    assert names == [original]
    assert state.project is not None and state.project.name == original
    assert state.undo_stack.count() == 0
    assert infos and "元に戻す履歴" in infos[0]
    assert window.switcher.count() == 1
    kept = backups.list_backups(state.workspace.db)
    assert kept[0].reason == "before-restore"
    assert "バックアップ後の案件" in _project_names(kept[0].path)
    assert isinstance(RestoreBackupDialog(state, window), QDialog)
    close_window(window)


def test_the_preview_says_a_backup_is_damaged_and_restore_stays_off(qtbot, tmp_path):
    from app.ui.projects.restore_dialog import RestoreBackupDialog

    window = make_window(qtbot, tmp_path / "db.sqlite3", global_lang="en")
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "db-20260101T000000000000-daily.sqlite3").write_bytes(b"not a database at all" * 100)
    dialog = RestoreBackupDialog(window.state, window)
    assert dialog.table.rowCount() == 1
    assert "cannot be read" in dialog.preview.toPlainText()
    assert not dialog.restore_button.isEnabled()
    dialog.deleteLater()
    close_window(window)
