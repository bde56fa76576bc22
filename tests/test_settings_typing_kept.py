"""Settings and the welcome page with something typed that does not fit, or not added yet: each said in one
line in the window's language and kept, never a crash, never dropped (breaker29d's siblings).

- Settings ▸ チームのデータベース: every malformed address (a space, a port that is no number or out of range,
  no server, a password with a bare @, an unknown driver, a control character) is refused under the field,
  naming it, in Japanese, the dialog left open.
- Settings ▸ 会社休日: OK with a whole day typed adds it as Add would (one undo step); a half-typed date keeps
  the dialog open and says so; an untouched row, or a row just added, adds nothing more.
- The welcome form: every field kept over a window-language switch, both ways.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from app.ui.welcome.start import show_welcome
from app.ui.window.settings_dialog import SettingsDialog
from app.wbs import company_calendar as cc
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(japanese_window):
    return japanese_window


def japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the team database --------------------------------------------------------------------------------

HOST = "postgresql+psycopg://kickoff@db.example.com"


@pytest.mark.parametrize(("typed", "said"), [
    ("postgresql ://kickoff@db.example.com/kickoff", "読めません"),  # a space after the scheme
    (HOST + ":54e2/kickoff", "ポート「54e2」"),
    (HOST + ":/kickoff", "読めません"),  # a colon and no port
    (HOST + ":70000/kickoff", "ポート「70000」"),
    (HOST + ":-1/kickoff", "ポート「-1」"),
    ("postgresql+psycopg://kickoff@/kickoff", "サーバー名がありません"),
    ("postgresql+psycopg://kickoff@:5432/kickoff", "サーバー名がありません"),
    ("postgresql+psycopg://", "サーバー名がありません"),
    ("postgresql+psycopg://kickoff@db example.com/kickoff", "読めません"),  # a space in the server's name
    ("postgresql+psycopg://kickoff:p@ss@db.example.com/kickoff", "パスワード"),  # a bare @ in a password
    ("postgresql+unknowndriver://kickoff@db.example.com/kickoff", "postgresql+unknowndriver"),
    (HOST + "/kick\toff", "制御文字"),
    (HOST + "/kick\x00off", "制御文字"),
])  # fmt: skip
def test_a_malformed_team_database_address_is_said_under_the_field_in_japanese(window, qtbot, typed, said) -> None:
    dialog = SettingsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.holidays)
    dialog.database_edit.setText(typed)
    dialog.accept()  # OK: refused, the dialog stays open on the field
    assert dialog.result() != QDialog.DialogCode.Accepted
    note = dialog.database_note.text()
    assert said in note and japanese(note), note
    assert "SQLAlchemy" not in note and "Traceback" not in note and "\n" not in note
    assert "p@ss" not in note and ":p@" not in note  # a password typed is never shown back
    assert dialog.tabs.currentIndex() == 0
    if said not in ("パスワード", "postgresql+unknowndriver"):
        assert note.startswith("チームのデータベース: 「")  # the field by its label, what was typed quoted


@pytest.mark.parametrize("typed", ["", HOST + ":5432/kickoff", HOST + "/kickoff", "sqlite:///tmp/team.sqlite3"])
def test_a_team_database_address_that_can_work_is_taken(window, qtbot, typed) -> None:
    dialog = SettingsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.database_edit.setText(typed)
    assert dialog.check_database(), dialog.database_note.text()


# --- company holidays ---------------------------------------------------------------------------------


def test_ok_with_a_half_typed_holiday_date_stays_open_and_says_so(window, qtbot) -> None:
    dialog = SettingsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.show()
    tab = dialog.holidays
    dialog.tabs.setCurrentWidget(tab)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    tab.name_edit.setText("夏季休暇")
    tab.date_edit.setFocus()
    month = tab.date_edit.date()
    QTest.keyClick(tab.date_edit, Qt.Key.Key_End)
    QTest.keyClick(tab.date_edit, Qt.Key.Key_Backspace)
    QTest.keyClick(tab.date_edit, Qt.Key.Key_Backspace)  # the day taken out, not typed again yet
    half = tab.date_edit.text()
    assert not tab.date_edit.hasAcceptableInput()
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.tabs.currentWidget() is tab
    assert f"「{half}」" in tab.message.text() and japanese(tab.message.text())
    assert tab.name_edit.text() == "夏季休暇" and cc.holidays(window.state.workspace.db) == {}
    QTest.keyClicks(tab.date_edit, "14")  # finished: OK adds it and closes
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert cc.holidays(window.state.workspace.db) == {dt.date(month.year(), month.month(), 14): "夏季休暇"}


def test_ok_adds_a_typed_holiday_in_one_undo_step_and_nothing_when_the_row_is_untouched_or_added(window, qtbot) -> None:
    db, stack = window.state.workspace.db, window.state.undo_stack
    dialog = SettingsDialog(window.state, window)
    qtbot.addWidget(dialog)
    steps = stack.count()
    dialog.accept()  # nothing typed: nothing added
    assert dialog.result() == QDialog.DialogCode.Accepted and stack.count() == steps and cc.holidays(db) == {}

    dialog = SettingsDialog(window.state, window)
    qtbot.addWidget(dialog)
    tab = dialog.holidays
    tab.date_edit.setDate(QDate(2026, 8, 13))
    tab.name_edit.setText("夏季休暇")
    tab.add_button.click()  # Add, then OK: the day once, the row clear
    assert tab.name_edit.text() == "" and stack.count() == steps + 1
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and stack.count() == steps + 1

    dialog = SettingsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.holidays.date_edit.setDate(QDate(2026, 8, 14))  # a date chosen, no name: a day off without one
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and stack.count() == steps + 2
    assert cc.holidays(db) == {dt.date(2026, 8, 13): "夏季休暇", dt.date(2026, 8, 14): ""}
    stack.undo()  # Edit ▸ Undo: the day OK added, alone
    assert cc.holidays(db) == {dt.date(2026, 8, 13): "夏季休暇"}


# --- the welcome form ---------------------------------------------------------------------------------


def test_every_field_of_the_welcome_form_is_kept_over_language_switches(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="en")
    dialog = show_welcome(window, window.state)
    try:
        dialog.create_button.click()
        dialog.name_edit.setText("画像検索PoC")
        dialog.customer_edit.setText("株式会社サンプル")
        dialog.start_edit.setDate(QDate(2027, 4, 5))
        dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("en"))
        for lang in ("ja", "en", "ja"):
            dialog.back_button.click()
            dialog.ui_lang_combo.setCurrentIndex(dialog.ui_lang_combo.findData(lang))
            assert window.state.ui_lang == lang
            assert dialog.name_edit.text() == "画像検索PoC" and dialog.customer_edit.text() == "株式会社サンプル"
            assert dialog.start_edit.date() == QDate(2027, 4, 5) and dialog.lang_combo.currentData() == "en"
            assert dialog.ui_lang_combo.currentData() == lang and dialog.pages.currentIndex() == 0
            dialog.create_button.click()
        dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("ja"))  # chosen back: kept as well
        dialog.back_button.click()
        dialog.ui_lang_combo.setCurrentIndex(dialog.ui_lang_combo.findData("en"))
        assert dialog.lang_combo.currentData() == "ja"
    finally:
        dialog.close()
        close_window(window)
