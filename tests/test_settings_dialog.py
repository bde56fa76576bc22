"""The Settings dialog: opened by Ctrl+, (Preferences), kept across a restart, the language at once,
company holidays that move the schedule (one undo step), a bad .ics refused, the data-folder move."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from app.core import paths
from app.core.errors import UserError
from app.core.storage import data_folder
from app.core.storage.db import Database
from app.ui import settings
from app.ui.translations import install_translations
from app.ui.window.settings_dialog import SettingsDialog
from app.wbs import company_calendar as cc
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window
from tests.wbs_helpers import add, new_project


@pytest.fixture
def english_afterwards(qapp):
    yield
    install_translations(qapp, "en")


def open_settings(window, act) -> None:
    """Settings from the menu (as Ctrl+, does); ``act(dialog)`` fills it in and presses a button."""

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, SettingsDialog) and dialog.objectName() == "settingsDialog"
        act(dialog)
        return dialog.result()

    window.exec_dialog = run
    action = window.menuBar().findChild(QAction, "languageAction")
    action.trigger()


def test_settings_persist_across_a_restart_and_the_language_applies_at_once(qtbot, db_path, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang=None)
    action = window.menuBar().findChild(QAction, "languageAction")
    assert action.shortcut() == QKeySequence("Ctrl+,") and action.menuRole() == QAction.MenuRole.PreferencesRole
    assert window.state.ui_lang == "ja"

    def fill(dialog: SettingsDialog) -> None:
        assert dialog.findChild(type(dialog.backups_spin), "backupsKeep").value() == 10  # the default
        assert dialog.findChild(type(dialog.author_edit), "authorName").text() == settings.os_user()
        assert dialog.findChild(type(dialog.folder_edit), "dataFolder").text() == str(paths.data_dir())
        dialog.ui_combo.setCurrentIndex(dialog.ui_combo.findData("en"))
        dialog.author_edit.setText("山田 太郎")
        dialog.backups_spin.setValue(7)
        dialog.findChild(type(dialog.bom_check), "trackerBom").setChecked(True)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    open_settings(window, fill)
    assert window.state.ui_lang == "en"  # at once
    assert window.menuBar().findChild(QAction, "languageAction").text() == "&Settings…"
    close_window(window)

    again = make_window(qtbot, db_path, global_lang=None)  # a new window reads what was kept
    assert again.state.ui_lang == "en"
    assert (settings.author_name(), settings.backups_keep(), settings.tracker_bom()) == ("山田 太郎", 7, True)
    assert settings.value("backups/keep") in (7, "7")  # the key the backup job reads

    def check(dialog: SettingsDialog) -> None:
        assert (dialog.author_edit.text(), dialog.backups_spin.value(), dialog.bom_check.isChecked()) == ("山田 太郎", 7, True)
        assert dialog.ui_lang() == "en"
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()

    open_settings(again, check)
    close_window(again)


def test_the_exports_page_preselects_the_settings_defaults(qtbot, db_path) -> None:
    settings.set_tracker_bom(True)
    window = make_window(qtbot, db_path)
    try:
        from app.ui.projects.exports_page import ExportsPage

        page = ExportsPage(window.state)
        assert page.options_of("tracker-csv")["bom"] is True
        settings.set_tracker_bom(False)
        assert page.options_of("tracker-csv")["bom"] is False
        page.deleteLater()
    finally:
        close_window(window)


def test_a_holiday_added_in_settings_moves_the_schedule_and_undoes_in_one_step(qtbot, db_path, tmp_path, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        ws = window.state.workspace
        pid = new_project(ws, start=dt.date(2026, 12, 25))
        service = WbsService(ws.db)
        design = add(service, pid, "Design", estimate_days=3)
        window.open_project(pid)
        steps = window.state.undo_stack.count()

        def year_end(dialog: SettingsDialog) -> None:
            tab = dialog.holidays
            tab.year_spin.setValue(2026)
            tab.findChild(type(tab.year_end_button), "addYearEnd").click()
            assert tab.list.count() == 6 and tab.list.item(0).text().startswith("2026/12/29 (火)")
            bad = tmp_path / "bad.ics"
            bad.write_text("not a calendar", encoding="utf-8")
            assert not tab.import_file(bad)
            assert tab.message.text() == "bad.ics はiCalendar(.ics)ファイルではありません。何も変更していません"
            dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()  # holidays are saved already

        open_settings(window, year_end)
        assert len(cc.holidays(ws.db)) == 6
        schedule(ws, pid)
        task = service.tree(pid).tasks[design]
        assert (task.start, task.finish) == (dt.date(2026, 12, 25), dt.date(2027, 1, 4))  # Fri 25, Mon 28, Mon 1/4
        assert window.state.project_id == pid and window.state.undo_stack.count() == steps + 1
        window.state.undo_stack.undo()  # Edit ▸ Undo: the six days in one step
        assert cc.holidays(ws.db) == {}
    finally:
        close_window(window)


def test_the_data_folder_moves_at_the_next_start(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    old = paths.data_dir()
    assert old == paths.default_data_dir() and old.is_relative_to(tmp_path)
    old.mkdir(parents=True)
    db = Database(str(paths.default_database_path()))
    with db.transaction() as s:
        s.merge(cc.CompanyHoliday(day=dt.date(2026, 8, 13), name="お盆"))
    (old / "templates").mkdir()
    (old / "templates" / "mine.md").write_text("私のテンプレート", encoding="utf-8")
    target = tmp_path / "elsewhere" / "kickoff"

    with pytest.raises(UserError):
        data_folder.request_move(old / "inside")  # a folder inside the data folder is refused
    data_folder.request_move(target)
    assert paths.data_dir() == old  # nothing moves while the database is open
    db.close()

    message = data_folder.apply_pending_move()  # the next start
    assert message is not None and message.key == "data_folder.moved"
    assert paths.data_dir() == target and data_folder.pending_move() is None
    assert (target / "templates" / "mine.md").read_text(encoding="utf-8") == "私のテンプレート"
    with sqlite3.connect(target / paths.DB_FILENAME) as con:
        assert con.execute("select name from company_holidays").fetchall() == [("お盆",)]
    assert (old / paths.DB_FILENAME).exists()  # the old folder is left as it was
    assert data_folder.apply_pending_move() is None  # done once


def test_a_move_that_fails_on_a_copy_says_the_systems_reason_in_the_users_language(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths.data_dir().mkdir(parents=True)
    target = tmp_path / "USB メモリ" / "キックオフ"
    data_folder.request_move(target)

    def full(_source: Path, _target: Path) -> None:
        import errno

        raise OSError(errno.ENOSPC, "No space left on device", str(target / paths.DB_FILENAME))

    monkeypatch.setattr(data_folder, "copy_data", full)
    message = data_folder.apply_pending_move()
    assert message is not None and message.key == "data_folder.move_failed"
    said = message.text("ja")
    assert "ディスクの空き容量がありません" in said and "No space" not in said, said
    assert paths.data_dir() != target


def test_a_move_that_fails_removes_what_it_copied_into_a_folder_that_was_there_and_only_that(tmp_path: Path, monkeypatch) -> None:
    """fix48d: the target folder held the user's files (a backups folder among them): a move failing after
    the copy (the location not written) removes the database, the folders and files it added, and
    leaves every file that was there before as it was."""
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    old = paths.data_dir()
    old.mkdir(parents=True)
    Database(str(paths.default_database_path())).close()
    for name in ("templates/mine.md", "backups/old.sqlite3", "backups/sub/deep.txt", "notes.txt"):
        (old / name).parent.mkdir(parents=True, exist_ok=True)
        (old / name).write_text(name, encoding="utf-8")
    target = tmp_path / "USB メモリ"
    (target / "backups").mkdir(parents=True)
    (target / "backups" / "mine.sqlite3").write_text("前からある", encoding="utf-8")
    (target / "私のメモ.txt").write_text("前からある", encoding="utf-8")
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    data_folder.request_move(target)

    def refused(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(data_folder, "write_bytes", refused)  # the copy made, the location not recorded
    message = data_folder.apply_pending_move()
    assert message is not None and message.key == "data_folder.move_failed", message
    assert "コピーしたものは残していません" in message.text("ja")
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert (target / "backups" / "mine.sqlite3").read_text(encoding="utf-8") == "前からある"
    assert paths.data_dir() == old and (old / paths.DB_FILENAME).exists()


def test_a_half_copy_that_cannot_be_removed_is_said_as_left(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths.data_dir().mkdir(parents=True)
    Database(str(paths.default_database_path())).close()
    target = tmp_path / "USB メモリ" / "キックオフ"
    data_folder.request_move(target)
    monkeypatch.setattr(data_folder, "write_bytes", lambda path, _data: (_ for _ in ()).throw(OSError(28, "No space left on device", str(path))))
    monkeypatch.setattr(data_folder.shutil, "rmtree", lambda path: (_ for _ in ()).throw(PermissionError(13, "Permission denied", str(path))))
    message = data_folder.apply_pending_move()
    assert message is not None and message.key == "data_folder.move_failed_left", message
    said = message.text("ja")
    assert "削除できませんでした" in said and "Permission" not in said and "元のフォルダー" in said, said
