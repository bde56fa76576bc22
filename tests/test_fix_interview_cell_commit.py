"""A table cell being typed in interview mode is stored in its own table, once, before the item is left or the
dialog closes (app/ui/hearing/item_editor.py ``flush(cells=True)``, table_model.py ChoiceDelegate's Enter).

'POS' typed in a new row of 利用データ, then Enter and at once another key (the key reaches the cell before Qt
stores it on the next event loop pass), then the dialog closed: stored, and Qt never warns that it commits an
editor its view no longer has. Ctrl+Enter, Alt+U or Ctrl+Shift+Enter from the cell: the typing was taken
for the next item's answer (a draft 「…」は数値ではありません on 利用者数(DS)) and lost from the table."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui_helpers import settle
from tests.test_interview_keys import NOW_LATER_ITEM, TABLE_ITEM, open_interview, press, stored


@pytest.fixture
def window(japanese_window):
    japanese_window.show_page("hearing")
    settle(japanese_window)
    return japanese_window


def type_pos_in_a_new_row(qtbot, dialog) -> None:
    press(qtbot, dialog, "Alt+N")
    for letter in "POS":
        qtbot.keyClicks(QApplication.focusWidget(), letter)
    assert QApplication.focusWidget().objectName() == "tableCellText"


def names(window) -> list[str | None]:
    return [row.get("name") for row in stored(window, TABLE_ITEM).value]


def no_commit_warning(qtlog) -> None:
    assert not [r.message for r in qtlog.records if "commitData" in r.message]


@pytest.mark.parametrize("keys", [["Return", "Right"], ["Return", "Esc", "Right"]], ids=["enter-right", "enter-esc-right"])
def test_enter_then_keys_before_qt_stores_the_cell_then_close(window, qtbot, monkeypatch, qtlog, keys) -> None:
    before = names(window)
    dialog = open_interview(window, qtbot, monkeypatch, TABLE_ITEM)
    type_pos_in_a_new_row(qtbot, dialog)
    for key in keys:  # no event loop pass between them: Qt's store of Enter waits for one
        press(qtbot, dialog, key)
        if key == "Esc":
            dialog.setFocus()  # (Esc stored the cell and closed its editor; the dialog's keys from here)
    dialog.accept()
    assert names(window) == [*before, "POS"]  # saved as the dialog closes, in the new row, once
    settle(window)
    assert names(window) == [*before, "POS"]
    no_commit_warning(qtlog)


@pytest.mark.parametrize("key", ["Ctrl+Return", "Alt+U", "Ctrl+Shift+Return"])
def test_leaving_the_item_from_a_cell_stores_it_in_its_own_table(window, qtbot, monkeypatch, qtlog, key) -> None:
    before, other = names(window), stored(window, NOW_LATER_ITEM)
    dialog = open_interview(window, qtbot, monkeypatch, TABLE_ITEM)
    type_pos_in_a_new_row(qtbot, dialog)
    press(qtbot, dialog, key)
    assert dialog.current_item_id() != TABLE_ITEM
    assert names(window) == [*before, "POS"]
    settle(window)
    pid = window.state.project_id
    assert names(window) == [*before, "POS"]
    assert stored(window, NOW_LATER_ITEM) == other  # the next item's answer untouched, no draft of it
    assert dialog.editor.drafts.get(pid, dialog.current_item_id()) is None
    assert dialog.editor.drafts.get(pid, NOW_LATER_ITEM) is None
    assert not dialog.editor.error_label.isVisible()
    dialog.accept()
    settle(window)
    no_commit_warning(qtlog)


def test_closing_the_dialog_from_a_cell_saves_it_at_once(window, qtbot, monkeypatch, qtlog) -> None:
    """Not left to the pause's timer of a dialog that is deleted next."""
    before = names(window)
    dialog = open_interview(window, qtbot, monkeypatch, TABLE_ITEM)
    type_pos_in_a_new_row(qtbot, dialog)
    dialog.reject()
    assert names(window) == [*before, "POS"]
    settle(window)
    assert names(window) == [*before, "POS"]
    no_commit_warning(qtlog)


def test_enter_in_a_cell_still_stores_it_and_closes_the_editor(window, qtbot, monkeypatch, qtlog) -> None:
    before = names(window)
    dialog = open_interview(window, qtbot, monkeypatch, TABLE_ITEM)
    type_pos_in_a_new_row(qtbot, dialog)
    press(qtbot, dialog, "Return")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().objectName() == "answer_value_table")
    settle(window)
    assert names(window) == [*before, "POS"]
    press(qtbot, dialog, "Esc")  # out of the table: the dialog's single keys
    press(qtbot, dialog, "Right")
    assert dialog.current_item_id() == NOW_LATER_ITEM
    dialog.accept()
    settle(window)
    assert names(window) == [*before, "POS"]
    no_commit_warning(qtlog)
