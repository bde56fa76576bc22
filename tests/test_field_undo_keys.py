"""Ctrl+Z and redo in a text field with nothing of its own to undo are the window's Edit ▸ Undo and Redo
(app/ui/window/keys.py FieldUndoKeys); a field with typing of its own to undo keeps the key; read-only
fields and table cell editors are left as they were. The menu bar built again on a language switch takes
its keys at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit

from app.ui import messages
from app.ui.window.keys import FieldUndoKeys, text_field
from tests.gui_helpers import close_window, make_window, open_hearing_item, settle

BACKGROUND = "hearing.basics.background"  # a text answer (背景・課題)
TEAM = "hearing.basics.team"  # a table answer
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def stored(window, item_id: str) -> str:
    return str(window.state.answers.answer(window.state.project_id, item_id).value or "")


def background_field(window, qtbot) -> QPlainTextEdit:
    field = open_hearing_item(window, qtbot, BACKGROUND).editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    return field


def test_the_fields_own_typing_goes_first_then_the_window_undoes_and_redoes_the_step_before(window, qtbot) -> None:
    before = stored(window, BACKGROUND)
    qtbot.keyClicks(background_field(window, qtbot), "-first")
    settle(window)
    assert stored(window, BACKGROUND) == f"{before}-first"
    open_hearing_item(window, qtbot, TEAM)  # left and opened again: the field's own history is new
    settle(window)
    field = background_field(window, qtbot)
    qtbot.keyClicks(field, "-second")
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # the field's own typing first, as always
    settle(window)
    assert field.toPlainText() == stored(window, BACKGROUND) == f"{before}-first"
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)  # nothing of its own left: the step before, once
    settle(window)
    field = background_field(window, qtbot)
    assert field.toPlainText() == stored(window, BACKGROUND) == before
    assert not field.document().isRedoAvailable()
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL | SHIFT)  # redo: the window's too
    settle(window)
    field = background_field(window, qtbot)
    assert field.toPlainText() == stored(window, BACKGROUND) == f"{before}-first"


def test_ctrl_z_in_a_field_with_nothing_to_undo_takes_back_one_step_only(window, qtbot) -> None:
    before = stored(window, BACKGROUND)
    qtbot.keyClicks(background_field(window, qtbot), "-memo")
    settle(window)
    window.set_ui_lang("en")  # pages and menus built again; Ctrl+Z at once, in the field again
    field = background_field(window, qtbot)
    steps = window.state.undo_stack.index()
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    settle(window)
    assert window.state.undo_stack.index() == steps - 1
    assert stored(window, BACKGROUND) == before


def test_the_menu_keys_act_right_after_a_language_switch(window, qtbot) -> None:
    window.set_ui_lang("en")
    assert window.menuBar().isVisible()
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_3, CTRL)  # Go ▸ the third page, before anything else runs
    assert window.nav.currentRow() == 2


def test_a_table_cell_editor_keeps_its_keys(window, qtbot) -> None:
    qtbot.keyClicks(background_field(window, qtbot), "-memo")
    settle(window)
    view = open_hearing_item(window, qtbot, TEAM).editors["value"].view
    index = view.model().index(0, 0)
    view.setFocus()
    view.setCurrentIndex(index)
    view.edit(index)
    assert view.state() == QAbstractItemView.State.EditingState
    cell = view.indexWidget(index)
    assert isinstance(cell, QLineEdit) and text_field(cell) is None
    cell.setFocus()
    steps = window.state.undo_stack.index()
    qtbot.keyClick(cell, Qt.Key.Key_Z, CTRL)
    assert window.state.undo_stack.index() == steps and view.state() == QAbstractItemView.State.EditingState


@pytest.mark.parametrize("kind", [QLineEdit, QPlainTextEdit])
def test_the_filter_lets_a_field_with_its_own_undo_and_a_read_only_field_be(qtbot, kind) -> None:
    field = kind()
    qtbot.addWidget(field)
    keys = FieldUndoKeys()
    field.installEventFilter(keys)

    def override() -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, CTRL)
        event.setAccepted(False)
        QApplication.sendEvent(field, event)
        return event.isAccepted()

    assert not override()  # nothing to undo: not the field's key
    if isinstance(field, QLineEdit):
        field.insert("abc")
    else:
        field.insertPlainText("abc")
    assert override()  # the field's own undo
    field.setReadOnly(True)
    assert text_field(field) is None and not override()  # as Qt has it: not a read-only field's key
