"""Fix 55a: a day typed key by key in a date box is the day typed or refused (3 then 0 in February was the 3rd), and
the Baselines dialog open over the window follows its language switch (a refusal named its field in the other one)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QLineEdit, QPushButton

from tests import test_breaker54e as breaker
from tests.test_breaker54e import holidays_tab, paste_into
from tests.test_fix54e_date_boxes import leave

ja_window = breaker.ja_window  # (a fixture: the window, in Japanese)


def typed_in_day(qtbot, tab, start: QDate, keys: str):
    """``keys`` typed one by one over the day of the holiday row's date box (holding ``start``), the focus gone."""
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(start)
    box.setFocus()
    box.lineEdit().setSelection(8, 2)
    qtbot.keyClicks(box, keys)
    leave(box)
    return box


def added(ja_window, qtbot, tab) -> dict[dt.date, str]:
    from app.wbs import company_calendar as cc

    tab.findChild(QLineEdit, "holidayName").setText("休み")
    qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
    return cc.holidays(ja_window.state.workspace.db)


@pytest.mark.parametrize(("start", "keys", "day"), [
    (QDate(2027, 2, 5), "3", dt.date(2027, 2, 3)),  # 3 alone in February: the 3rd, as typed
    (QDate(2027, 2, 5), "28", dt.date(2027, 2, 28)),
    (QDate(2028, 2, 5), "29", dt.date(2028, 2, 29)),  # (a leap year)
    (QDate(2027, 3, 5), "31", dt.date(2027, 3, 31)),
    (QDate(2027, 2, 5), "7", dt.date(2027, 2, 7)),
])  # fmt: skip
def test_a_day_typed_key_by_key_is_the_day_added(ja_window, qtbot, start, keys, day) -> None:
    tab = holidays_tab(ja_window, qtbot)
    box = typed_in_day(qtbot, tab, start, keys)
    assert not box.is_refused()
    assert added(ja_window, qtbot, tab) == {day: "休み"}, tab.findChild(QLabel, "holidayMessage").text()


@pytest.mark.parametrize(("start", "keys", "shown"), [
    (QDate(2027, 2, 5), "31", "2027/02/31"),
    (QDate(2027, 2, 5), "29", "2027/02/29"),  # (not a leap year)
    (QDate(2027, 4, 5), "31", "2027/04/31"),
])  # fmt: skip
def test_a_day_the_month_lacks_typed_key_by_key_is_refused_naming_the_field(ja_window, qtbot, start, keys, shown) -> None:
    tab = holidays_tab(ja_window, qtbot)
    box = typed_in_day(qtbot, tab, start, keys)
    assert added(ja_window, qtbot, tab) == {}
    assert box.text() == shown and box.is_refused()
    message = tab.findChild(QLabel, "holidayMessage").text()
    assert shown in message and "日付ではありません" in message, message


def test_a_month_typed_key_by_key_still_moves_on_to_the_day(ja_window, qtbot) -> None:
    tab = holidays_tab(ja_window, qtbot)
    box = tab.findChild(QDateEdit, "holidayDate")
    box.setDate(QDate(2027, 2, 5))
    box.setFocus()
    box.lineEdit().setSelection(5, 2)
    qtbot.keyClicks(box, "330")  # 3: March (no month 3x), then the day 30
    leave(box)
    assert box.text() == "2027/03/30"
    assert added(ja_window, qtbot, tab) == {dt.date(2027, 3, 30): "休み"}


def test_the_baselines_dialog_follows_the_window_into_english_keeping_what_is_typed(ja_window, qtbot) -> None:
    from app.core import operations as ops
    from app.projects import baselines as bl
    from app.ui.baselines.dialog import BaselinesDialog

    ops.run(ja_window.state.workspace, bl.create_op(ja_window.state.project_id, "合意版1"))
    dialog = BaselinesDialog(ja_window.state, ja_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    dialog.findChild(QLineEdit, "signWhoEdit").setText("山田 太郎")
    box = dialog.findChild(QDateEdit, "signDateEdit")
    paste_into(box, "2026/02/30")
    leave(box)
    assert "日付" in box.toolTip() and dialog.windowTitle() == "合意ベースライン"
    ja_window.set_ui_lang("en")
    assert dialog.windowTitle() == "Agreement baselines"
    assert dialog.sign_button.text() == "Record sign-off" and box.accessibleName() == "Date"
    assert box.text() == "2026/02/30" and box.is_refused()
    assert box.toolTip().startswith("Date:") and "日付" not in box.toolTip(), box.toolTip()
    assert dialog.findChild(QLineEdit, "signWhoEdit").text() == "山田 太郎"
    assert dialog.selected_name() == "合意版1" and dialog.table.horizontalHeaderItem(0).text() == "Baseline"
    dialog.reject()
