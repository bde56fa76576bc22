"""Fix 56b: Return or Enter in a date box holding a day the month lacks (2027/02/30) made it 02/28 (Qt's own fixup),
and the dialog took that day, nobody told. The text stays as typed, refused; the key goes on to the dialog, whose OK
refuses it naming the field. A date the box takes is taken by Enter as before."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from tests.test_breaker56b import type_keys

KEYS = {  # the main Return key, the keypad's Enter
    "return": (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
    "keypad": (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
}


@pytest.fixture
def session(japanese_window, qtbot, monkeypatch):
    """A new hearing session dialog over the Japanese window, its date 2027/02/05; and what it says."""
    from app.ui import messages
    from app.ui.hearing.dialogs import SessionDialog

    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: said.append(str(error.text("ja"))))
    dialog = SessionDialog(2)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("第2回")
    dialog.date.setDate(QDate(2027, 2, 5))
    return dialog, said


def day_typed(box, keys: str) -> None:
    """``keys`` typed one by one over the box's day."""
    box.setFocus()
    box.lineEdit().setSelection(8, 2)
    type_keys(box.lineEdit(), keys)


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("to_box", [True, False], ids=["box", "line-edit"])
def test_enter_on_a_day_february_lacks_keeps_it_refused_and_the_dialog_says_so_naming_the_field(session, qtbot, key, to_box) -> None:
    dialog, said = session
    box = dialog.date
    day_typed(box, "30")
    assert box.text() == "2027/02/30"
    qtbot.keyClick(box if to_box else box.lineEdit(), *KEYS[key])
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert box.text() == "2027/02/30" and box.is_refused() and box.date() == QDate(2027, 2, 5)
    assert len(said) == 1 and "2027/02/30" in said[0] and box.accessibleName() in said[0], said
    day_typed(box, "28")  # corrected: Enter takes it
    qtbot.keyClick(box, *KEYS[key])
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.values()["held_on"] == dt.date(2027, 2, 28)


@pytest.mark.parametrize("key", KEYS)
def test_enter_on_a_date_the_box_takes_accepts_the_dialog_with_that_day(session, qtbot, key) -> None:
    dialog, said = session
    day_typed(dialog.date, "27")
    qtbot.keyClick(dialog.date, *KEYS[key])
    assert dialog.result() == QDialog.DialogCode.Accepted and not said
    assert dialog.values()["held_on"] == dt.date(2027, 2, 27)
