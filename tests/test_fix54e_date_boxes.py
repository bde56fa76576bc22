"""Fixes of break-it 54e's date boxes (tests/test_breaker54e.py): a whole date a date box cannot take (a day that
does not exist, a weekday that is not the date's, a date outside its range) stays in it as typed, shown refused,
and every action that takes the box's date refuses in words naming the field and the typed text: never another day."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QDateEdit, QLabel, QLineEdit, QPushButton

from app.core.errors import UserError
from tests import test_breaker54e as breaker
from tests.test_breaker54a import DATE_BOXES, date_box, put_away
from tests.test_breaker54e import add_holiday, paste_into

ja_window = breaker.ja_window  # (a fixture: the window, in Japanese)


@pytest.fixture
def said(monkeypatch) -> list[str]:
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(messages_text(error)))
    return shown


def messages_text(error) -> str:
    from app.ui.error_text import shown_text

    return error if isinstance(error, str) else shown_text(error)


def leave(box) -> None:
    """The focus leaves ``box`` (Tab), as the window sends it (an offscreen window may not be the active one)."""
    QApplication.sendEvent(box, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


REFUSED = {
    "2026/02/30": "日付ではありません",
    "2026/12/24(月)": "曜日が日付と合いません(2026/12/24(木))",
    "1899/12/31": "範囲外です(1900/01/01〜2199/12/31",
    "２２００／０１／０１": "範囲外です",
}


@pytest.mark.parametrize("pasted", list(REFUSED))
def test_a_whole_date_a_box_cannot_take_stays_as_typed_and_is_refused_in_words(ja_window, qtbot, pasted) -> None:
    stored, text, tab = add_holiday(ja_window, qtbot, pasted)
    assert stored == {}
    assert text == pasted.replace("／", "/").replace("２", "2").replace("０", "0").replace("１", "1")
    message = tab.findChild(QLabel, "holidayMessage").text()
    assert message.startswith("休日の日付: 「") and REFUSED[pasted] in message, message
    box = tab.findChild(QDateEdit, "holidayDate")
    assert box.is_refused() and REFUSED[pasted] in box.toolTip()
    assert tab.findChild(QLineEdit, "holidayName").text() == "休み"  # the typing kept


def test_a_refused_date_stays_in_the_box_when_the_focus_leaves(ja_window, qtbot) -> None:
    holder, box = date_box(ja_window, qtbot, "sessionDate")
    paste_into(box, "2026/02/30")
    leave(box)
    assert box.text() == "2026/02/30" and box.is_refused() and "日付ではありません" in box.toolTip()
    paste_into(box, "2026/02/27")  # corrected: a date again
    assert not box.is_refused() and box.date() == QDate(2026, 2, 27) and box.toolTip() == ""
    put_away(holder)


@pytest.mark.parametrize("which", DATE_BOXES)
def test_a_date_without_leading_zeros_is_taken_as_that_day_in_every_box(ja_window, qtbot, which) -> None:
    holder, box = date_box(ja_window, qtbot, which)
    paste_into(box, "2026/1/5")
    assert box.taken_date() == dt.date(2026, 1, 5) and box.text() == "2026/01/05"
    put_away(holder)


@pytest.mark.parametrize("which", DATE_BOXES)
def test_every_box_refuses_to_give_a_date_nobody_typed(ja_window, qtbot, which) -> None:
    holder, box = date_box(ja_window, qtbot, which)
    paste_into(box, "2026/02/30")
    with pytest.raises(UserError) as refused:
        box.taken_date()
    assert refused.value.key == "date_box.not_a_date" and refused.value.params["value"] == "2026/02/30"
    assert box.accessibleName() and refused.value.params["field"] == box.accessibleName()
    put_away(holder)


def test_project_properties_ok_refuses_a_start_it_cannot_take(ja_window, qtbot, said) -> None:
    from PySide6.QtWidgets import QCheckBox

    from app.core.projects import ProjectService

    holder, box = date_box(ja_window, qtbot, "projectStartEdit")
    holder.findChild(QCheckBox, "projectStartSet").setChecked(True)
    before = ProjectService(ja_window.state.workspace.db).get(ja_window.state.project_id).start_date
    paste_into(box, "2026/12/24(月)")
    holder.apply()
    assert holder.isVisible() and box.text() == "2026/12/24(月)"
    assert ProjectService(ja_window.state.workspace.db).get(ja_window.state.project_id).start_date == before
    assert len(said) == 1 and said[0].startswith("PoC 開始日: 「2026/12/24(月)」") or "2026/12/24(月)" in said[0], said
    put_away(holder)


def test_a_session_is_not_started_on_a_day_nobody_typed(ja_window, qtbot, said) -> None:
    holder, box = date_box(ja_window, qtbot, "sessionDate")
    holder.findChild(QLineEdit).setText("第3回")
    paste_into(box, "1899/12/31")
    holder.accept()
    assert holder.isVisible() and holder.result() == 0
    assert len(said) == 1 and "「1899/12/31」" in said[0] and "範囲外" in said[0], said
    put_away(holder)


def test_a_sign_off_is_not_recorded_on_a_day_nobody_typed(ja_window, qtbot, said) -> None:
    from app.core import operations as ops
    from app.projects import baselines as bl
    from app.ui.baselines.dialog import BaselinesDialog

    pid = ja_window.state.project_id
    ops.run(ja_window.state.workspace, bl.create_op(pid, "合意版1"))
    dialog = BaselinesDialog(ja_window.state, ja_window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    dialog.table.selectRow(0)
    dialog.findChild(QLineEdit, "signWhoEdit").setText("山田 太郎")
    box = dialog.findChild(QDateEdit, "signDateEdit")
    paste_into(box, "2026/02/30")
    dialog.findChild(QPushButton, "baselineSignButton").click()
    assert len(said) == 1 and "「2026/02/30」は日付ではありません" in said[0], said
    assert not bl.find(ja_window.state.workspace, pid, "合意版1").signoffs
    assert box.text() == "2026/02/30" and dialog.findChild(QLineEdit, "signWhoEdit").text() == "山田 太郎"
    dialog.reject()


def test_no_project_is_created_with_a_start_nobody_typed(ja_window, qtbot, said) -> None:
    holder, box = date_box(ja_window, qtbot, "welcomeStartEdit")
    projects = len(ja_window.state.projects.list())
    holder.findChild(QLineEdit, "welcomeNameEdit").setText("新しい案件")
    paste_into(box, "2200/01/01")
    holder.create_project()
    assert len(ja_window.state.projects.list()) == projects
    assert len(said) == 1 and "「2200/01/01」" in said[0], said
    assert box.text() == "2200/01/01"
    put_away(holder)


def test_no_figures_are_shown_at_a_status_date_nobody_typed(ja_window, qtbot) -> None:
    holder, box = date_box(ja_window, qtbot, "wbsStatusDate")
    paste_into(box, "2026/02/30")
    with pytest.raises(UserError):
        holder.status_date()
    holder.show_figures()
    assert holder.table.rowCount() == 0 and box.is_refused()
    put_away(holder)


def test_a_follow_up_due_date_refused_reaches_the_save_as_typed(ja_window, qtbot) -> None:
    holder, box = date_box(ja_window, qtbot, "followupDue")
    holder.has_due.setChecked(True)
    edits: list[tuple[str, object]] = []
    holder.edited.connect(lambda key, value: edits.append((key, value)))
    paste_into(box, "2026/02/30")
    leave(box)
    assert box.is_refused() and ("followup_due", "2026/02/30") in edits  # the save says why and keeps it
