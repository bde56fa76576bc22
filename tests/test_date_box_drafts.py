"""A date typed into a dialog's date box that it cannot take (2026/02/30, a weekday that is not the date's) is what the
user typed: a crash keeps it in the dialog's draft as typed, and the dialog opened again shows it, refused as before
(the draft kept the box's own date, so the typing was gone after a restart)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QPushButton

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker54e import paste_into
from tests.test_dialog_drafts import dialog_drafts, paused, settings
from tests.test_drafts_on_disk_pages import crash, restart


def holiday_typed(window, date_text: str):
    """Settings ▸ 会社休日 open, the add row's date box at 2027/06/01, a name typed, ``date_text`` pasted over the date:
    (the dialog, the box)."""
    dialog = settings(window)
    dialog.tabs.setCurrentWidget(dialog.holidays)
    box = dialog.holidays.findChild(QDateEdit, "holidayDate")
    box.setDate(QDate(2027, 6, 1))
    dialog.holidays.findChild(QLineEdit, "holidayName").setText("創立記念日")
    paste_into(box, date_text)
    return dialog, box


def test_a_refused_date_typed_in_a_dialog_comes_back_as_typed_after_a_crash(qtbot, db_path) -> None:
    from app.wbs import company_calendar as cc

    window = make_window(qtbot, db_path, global_lang="ja")
    dialog, box = holiday_typed(window, "2027/02/30")
    qtbot.waitUntil(lambda: [d["fields"]["date"] for d in dialog_drafts()] == [{"typed": "2027/02/30"}])
    paused(qtbot)  # (the dialog's focus came into the box meanwhile: Qt wrote its date there, the typing put back)
    assert box.text() == "2027/02/30" and [d["fields"]["date"] for d in dialog_drafts()] == [{"typed": "2027/02/30"}]
    crash(window)

    window = restart(qtbot, db_path)
    try:
        dialog = settings(window)
        tab = dialog.holidays
        box = tab.findChild(QDateEdit, "holidayDate")
        assert (box.text(), tab.findChild(QLineEdit, "holidayName").text()) == ("2027/02/30", "創立記念日")
        assert box.is_refused() and "日付ではありません" in box.toolTip()
        assert "会社休日" in dialog.findChild(QLabel, "dialogDraftRestored").text()
        qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        settle(window)
        assert cc.holidays(window.state.workspace.db) == {}  # refused, never another day
        assert box.text() == "2027/02/30" and [d["fields"]["date"] for d in dialog_drafts()] == [{"typed": "2027/02/30"}]
        paste_into(box, "2027/03/01")
        qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        settle(window)
        assert cc.holidays(window.state.workspace.db).get(dt.date(2027, 3, 1)) == "創立記念日"
        dialog.reject()
    finally:
        close_window(window)


def test_a_date_qt_has_not_read_yet_is_kept_as_that_date(qtbot, db_path) -> None:
    """2027/6/5 typed (Qt reads it half): the draft keeps the 5th of June, as Add takes it."""
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog, _box = holiday_typed(window, "2027/6/5")
        paused(qtbot)
        assert [d["fields"]["date"] for d in dialog_drafts()] == ["2027-06-05"]
        dialog.reject()
    finally:
        close_window(window)


def test_a_refused_start_date_on_the_welcome_form_stays_as_typed_through_a_language_switch(qtbot, db_path) -> None:
    """The welcome page rebuilt in Japanese keeps what was typed on the form: the start date 2027/02/30 too, refused
    (it came back as the box's date, today)."""
    from PySide6.QtWidgets import QComboBox, QCommandLinkButton, QPushButton

    from app.ui import settings as ui_settings
    from tests.test_welcome import LEFT, first_window, welcome_of

    window = first_window(qtbot, db_path, "en")
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeCreateButton"), LEFT)
        dialog.findChild(QLineEdit, "welcomeNameEdit").setText("需要予測PoC")
        paste_into(dialog.findChild(QDateEdit, "welcomeStartEdit"), "2027/02/30")
        qtbot.mouseClick(dialog.findChild(QPushButton, "welcomeBackButton"), LEFT)
        combo = dialog.findChild(QComboBox, "welcomeUiLangCombo")
        combo.setCurrentIndex(combo.findData("ja"))
        assert ui_settings.ui_lang() == "ja"
        qtbot.waitUntil(lambda: len(dialog.findChildren(QDateEdit, "welcomeStartEdit")) == 1)
        box = dialog.findChild(QDateEdit, "welcomeStartEdit")
        assert dialog.findChild(QLineEdit, "welcomeNameEdit").text() == "需要予測PoC"
        assert box.text() == "2027/02/30" and box.is_refused() and "日付ではありません" in box.toolTip()
    finally:
        close_window(window)
