"""Typing on the environment pages kept over a window-language switch (EnvironmentPage.place /
restore_place): the text as typed, the keyboard and the cursor in its field, no undo step added."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from app.environment.service import EnvironmentService
from tests.gui_helpers import environment_page, settle


def test_a_paragraph_typed_with_a_closing_line_break_keeps_it_and_the_cursor(japanese_window, qtbot) -> None:
    window = japanese_window
    page = environment_page(window, qtbot, "data-ci")
    service = EnvironmentService(window.state.workspace)
    before = service.choices(window.state.project_id, "ja").value("deletion_plan")
    box = page.findChild(QPlainTextEdit, "field_deletion_plan")
    box.setFocus()
    box.selectAll()
    box.insertPlainText("契約終了後に削除する")  # (keyClicks types ASCII only)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # a new line begun, nothing on it yet
    settle(window)
    window.set_ui_lang("en")
    settle(window)
    box = window.page("data-ci").findChild(QPlainTextEdit, "field_deletion_plan")
    assert box.hasFocus()
    box.insertPlainText("担当: 佐藤")
    settle(window)
    assert box.toPlainText() == "契約終了後に削除する\n担当: 佐藤"
    assert service.choices(window.state.project_id, "ja").value("deletion_plan") == "契約終了後に削除する\n担当: 佐藤"
    box.clearFocus()
    window.undo_action.trigger()  # the typing in the field, one step: the switch added none
    settle(window)
    assert service.choices(window.state.project_id, "ja").value("deletion_plan") == before


def test_only_typing_stored_as_it_shows_is_put_back(japanese_window, qtbot) -> None:
    window = japanese_window
    page = environment_page(window, qtbot, "experiment")
    box = page.findChild(QLineEdit, "field_frameworks")
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "PyTorch ")
    settle(window)
    place = page.place()
    assert place[:3] == ("frameworks", "PyTorch ", 8)  # (and the wiki page the preview shows)
    window.set_ui_lang("en")
    settle(window)
    new_page = window.page("experiment")
    box = new_page.findChild(QLineEdit, "field_frameworks")
    assert (box.text(), box.cursorPosition(), box.hasFocus()) == ("PyTorch ", 8, True)
    new_page.restore_place(("frameworks", "JAX ", 4))  # not what is stored (changed since, say): not put back
    assert box.text() == "PyTorch "
