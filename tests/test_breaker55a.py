"""Break-it 55a: the date box holding a whole date it cannot take (typed key by key, the IME, the calendar, the
arrows, the app setting a date, language switches, crash drafts), and backups / restores of a database another
program holds locked (the CLI, the window), as a demanding Japanese consultant drives them."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QPushButton

from app.core.errors import UserError
from tests import test_breaker54e as breaker
from tests.test_breaker54a import date_box, put_away
from tests.test_breaker54e import holidays_tab, paste_into
from tests.test_fix54e_date_boxes import leave

ja_window = breaker.ja_window  # (a fixture: the window, in Japanese)


def test_a_nonexistent_day_typed_key_by_key_in_the_day_section_is_refused_not_another_day(ja_window, qtbot) -> None:
    from app.wbs import company_calendar as cc

    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(QDate(2027, 2, 5))
    box.setFocus()
    box.lineEdit().setSelection(8, 2)
    qtbot.keyClicks(box, "30")
    leave(box)
    tab.findChild(QLineEdit, "holidayName").setText("休み")
    qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
    assert cc.holidays(ja_window.state.workspace.db) == {}  # 30 typed: refused (as pasted), never the 3rd
    assert box.text() == "2027/02/30" and box.is_refused()


def refuse_in(box, text: str = "2027/02/30") -> None:
    """``text`` committed over the box's whole text (the IME, a paste) and the focus gone: held, refused."""
    paste_into(box, text)
    leave(box)
    assert box.text() == text and box.is_refused()


# (the offscreen platform says it cannot raise the calendar popup nor grab the keyboard for it: not the app's)
popup_said = pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")


def pick_in_calendar(qtbot, box, day: QDate) -> None:
    """The box's calendar popup opened (a click on its arrow), ``day`` chosen in it, Enter."""
    box.setFocus()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 5, box.height() // 2))
    calendar = box.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    calendar.setSelectedDate(day)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())


@popup_said
def test_a_day_chosen_in_the_calendar_over_a_refused_text_is_the_day_added(ja_window, qtbot) -> None:
    from app.wbs import company_calendar as cc

    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(QDate(2027, 3, 5))
    refuse_in(box)
    pick_in_calendar(qtbot, box, QDate(2027, 3, 20))
    assert box.text() == "2027/03/20"
    tab.findChild(QLineEdit, "holidayName").setText("休み")
    qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
    assert cc.holidays(ja_window.state.workspace.db) == {dt.date(2027, 3, 20): "休み"}, tab.findChild(QLabel, "holidayMessage").text()


def wheel_up(box) -> None:
    """One notch of the mouse wheel over the box (its day section where the cursor is)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    at = QPointF(box.width() / 2, box.height() / 2)
    event = QWheelEvent(at, QPointF(box.mapToGlobal(at.toPoint())), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(box, event)


def test_the_mouse_wheel_over_a_refused_status_date_gives_the_date_it_shows(ja_window, qtbot) -> None:
    holder, box = date_box(ja_window, qtbot, "wbsStatusDate")
    box.setDate(QDate(2027, 3, 5))
    refuse_in(box)
    box.setFocus()
    box.lineEdit().setCursorPosition(9)  # the day
    wheel_up(box)
    shown = box.text()
    assert shown != "2027/02/30" and QDate.fromString(shown, "yyyy/MM/dd").isValid()
    try:
        taken = holder.status_date()
    except UserError as exc:
        taken = exc
    put_away(holder)
    assert taken == QDate.fromString(shown, "yyyy/MM/dd").toPython(), f"{shown} shown, {taken} taken"


def test_an_arrow_key_over_a_refused_text_shows_a_date_no_longer_refused(ja_window, qtbot) -> None:
    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(QDate(2027, 3, 5))
    refuse_in(box)
    box.setFocus()
    box.lineEdit().setCursorPosition(9)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.text() == "2027/03/06" and box.taken_date() == dt.date(2027, 3, 6)  # (held: the action takes it)
    assert (box.is_refused(), box.toolTip()) == (False, "")


@popup_said
def test_the_same_day_chosen_in_the_calendar_replaces_the_refused_text(ja_window, qtbot) -> None:
    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(QDate(2027, 3, 5))
    refuse_in(box)
    pick_in_calendar(qtbot, box, QDate(2027, 3, 5))
    assert box.text() == "2027/03/05" and not box.is_refused()


# --- a restore from the CLI while another program holds the database locked ------------------------------------

RESTORE_CLI = """
import sys, time
from pathlib import Path
import app.core.storage.db as db_module
db_module.filesystem_type = lambda path: "nfs"
db_module.Database.__init__.__kwdefaults__["busy_timeout_ms"] = 500
from app.core.storage import backups
home, original = Path(sys.argv[1]), backups.restore_backup
def restore_backup(*args, **kwargs):
    (home / "READY").touch()
    while not (home / "LOCKED").exists():
        time.sleep(0.02)
    return original(*args, **kwargs)
backups.restore_backup = restore_backup
from app.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def dump(path) -> list[str]:
    import contextlib
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


def test_the_cli_restore_of_a_database_another_program_holds_locked_says_busy_in_japanese_and_changes_nothing(tmp_path) -> None:
    import contextlib
    import os
    import sqlite3
    import subprocess
    import sys
    import time

    from app.core.storage.db import Database
    from tests.test_fix_backup_busy import DB_NAME, REPO, held_exclusively, made_backups

    db = Database(str(tmp_path / DB_NAME))
    db.close()
    with contextlib.closing(sqlite3.connect(tmp_path / DB_NAME)) as conn:
        assert conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {"MLOPS_KICKOFF_HOME": str(tmp_path), "MLOPS_KICKOFF_SETTINGS": str(tmp_path / "settings.ini"),
            "MLOPS_KICKOFF_LANG": "ja", "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    made = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "backup", "create"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert made.returncode == 0, made.stderr
    (first,) = made_backups(tmp_path)
    before = dump(tmp_path / DB_NAME)
    proc = subprocess.Popen([sys.executable, "-c", RESTORE_CLI, str(tmp_path), "--lang", "ja", "backup", "restore",
                             str(tmp_path / "backups" / first)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "READY").exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        with held_exclusively(tmp_path / DB_NAME):
            (tmp_path / "LOCKED").touch()
            out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err, err[-800:]
    assert proc.returncode == 2, (proc.returncode, err)
    said = [line for line in err.strip().splitlines() if not line.startswith("警告: データベース")]
    assert len(said) == 1 and said[0].startswith("mlops-kickoff: エラー: ") and "使用中" in said[0], err
    assert out == ""
    assert made_backups(tmp_path) == [first], "no before-restore copy nor a part of one"
    assert not list(tmp_path.glob("*restore*")), list(tmp_path.iterdir())
    assert dump(tmp_path / DB_NAME) == before
    # the lock gone, the same command restores
    again = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "backup", "restore", str(tmp_path / "backups" / first)],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert again.returncode == 0, again.stderr


@popup_said
def test_the_settings_draft_keeps_the_day_chosen_in_the_calendar_not_the_refused_text(qtbot, db_path) -> None:
    from tests.gui_helpers import close_window, make_window
    from tests.test_dialog_drafts import dialog_drafts, paused, settings

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog = settings(window)
        dialog.tabs.setCurrentWidget(dialog.holidays)
        box = dialog.holidays.findChild(QDateEdit, "holidayDate")
        box.setDate(QDate(2027, 3, 5))
        dialog.holidays.findChild(QLineEdit, "holidayName").setText("創立記念日")
        refuse_in(box)
        qtbot.waitUntil(lambda: [d["fields"]["date"] for d in dialog_drafts()] == [{"typed": "2027/02/30"}])
        pick_in_calendar(qtbot, box, QDate(2027, 3, 20))
        paused(qtbot)
        assert box.text() == "2027/03/20"
        assert [d["fields"]["date"] for d in dialog_drafts()] == ["2027-03-20"]
        dialog.reject()
    finally:
        close_window(window)


def test_a_refused_date_in_the_english_ui_is_said_in_english_naming_the_field(qtbot, db_path, monkeypatch) -> None:
    from tests.gui_helpers import close_window, make_window

    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "en")
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        tab = holidays_tab(window, qtbot)
        box = tab.findChild(QDateEdit, "holidayDate")
        box.setDate(QDate(2027, 3, 5))
        refuse_in(box, "2026/12/24(月)")
        tab.findChild(QLineEdit, "holidayName").setText("Founding day")
        qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        message = tab.findChild(QLabel, "holidayMessage").text()
        assert "2026/12/24(月)" in message and "Thu" in message, message
        assert not any("\u3040" <= ch <= "\u30ff" for ch in message.replace("2026/12/24(月)", "")), message
        assert box.toolTip() and "曜日" not in box.toolTip(), box.toolTip()
    finally:
        close_window(window)


def test_a_refused_sign_off_date_stays_through_a_language_switch_of_the_window(ja_window, qtbot, monkeypatch) -> None:
    from app.core import operations as ops
    from app.projects import baselines as bl
    from app.ui import messages
    from app.ui.baselines.dialog import BaselinesDialog
    from app.ui.error_text import shown_text

    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: said.append(error if isinstance(error, str) else shown_text(error)))
    pid = ja_window.state.project_id
    ops.run(ja_window.state.workspace, bl.create_op(pid, "合意版1"))
    dialog = BaselinesDialog(ja_window.state, ja_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    dialog.findChild(QLineEdit, "signWhoEdit").setText("山田 太郎")
    box = dialog.findChild(QDateEdit, "signDateEdit")
    refuse_in(box, "2026/12/24(月)")
    ja_window.set_ui_lang("en")
    box.setFocus()
    dialog.findChild(QPushButton, "baselineSignButton").click()
    assert box.text() == "2026/12/24(月)" and box.is_refused()
    assert not bl.find(ja_window.state.workspace, pid, "合意版1").signoffs
    assert len(said) == 1 and "2026/12/24(月)" in said[0], said
    dialog.reject()
    text = said[0].replace("2026/12/24(月)", "")
    mixed = "weekday" in text and any("\u3040" <= ch <= "\u9fff" for ch in text)
    assert not mixed, f"one message in two languages: {said[0]}"
