"""Undo and the typing it meets (app/ui/operations.py UndoStack, app/ui/window/keys.py forget_own_steps):
a text field whose typing was saved as an undo step has no history of its own left, so Ctrl+Z there is
Edit ▸ Undo's, step by step (a line field as a text box); a table cell's typing that the commit before an
undo refuses is what that undo takes back, and only then (the breaker cases: tests/test_breaker24c.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QPlainTextEdit

from app.ui import messages
from app.ui.wbs.model import column_index
from app.ui.wide_table.frozen import commit_open_editor
from app.ui.window.keys import FieldUndoKeys, forget_own_steps
from app.wbs.service import WbsService
from tests.gui_helpers import open_hearing_item, settle, wbs_find

BACKGROUND = "hearing.basics.background"  # a text answer (背景・課題)
TEAM = "hearing.basics.team"  # a table answer
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(japanese_window):
    return japanese_window


def answered_by(window, qtbot) -> QLineEdit:
    field = open_hearing_item(window, qtbot, BACKGROUND).answered_by
    field.setFocus()
    field.end(False)
    return field


def test_ctrl_z_in_a_line_field_whose_typing_was_saved_takes_back_step_by_step(window, qtbot) -> None:
    pid = window.state.project_id
    before = window.state.answers.answer(pid, BACKGROUND).answered_by
    qtbot.keyClicks(answered_by(window, qtbot), "Sato")
    settle(window)
    open_hearing_item(window, qtbot, TEAM)
    settle(window)
    field = answered_by(window, qtbot)
    qtbot.keyClicks(field, "-san")
    settle(window)  # saved: a step of its own
    assert window.state.answers.answer(pid, BACKGROUND).answered_by == f"{before}Sato-san"
    assert not field.isUndoAvailable()  # the window's undo stack owns it now
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    settle(window)
    field = answered_by(window, qtbot)
    assert field.text() == window.state.answers.answer(pid, BACKGROUND).answered_by == f"{before}Sato"
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    settle(window)
    field = answered_by(window, qtbot)
    assert field.text() == window.state.answers.answer(pid, BACKGROUND).answered_by == before


def test_typing_not_saved_yet_stays_the_fields_own_to_undo(window, qtbot) -> None:
    field = open_hearing_item(window, qtbot, BACKGROUND).editors["value"].edit
    field.setFocus()
    qtbot.keyClicks(field, "-memo")
    assert field.document().isUndoAvailable()  # in the pause before the save: the field's own Ctrl+Z
    settle(window)
    assert not field.document().isUndoAvailable()


@pytest.mark.parametrize("kind", [QLineEdit, QPlainTextEdit])
def test_forgetting_a_fields_steps_keeps_its_text_and_cursor_and_says_nothing(qtbot, kind) -> None:
    field = kind()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "abcdef")
    changes: list[object] = []
    field.textChanged.connect(lambda *a: changes.append(a))
    if isinstance(field, QLineEdit):
        field.setSelection(4, -2)  # "cd", the cursor before it
        forget_own_steps(field)
        assert not field.isUndoAvailable() and field.text() == "abcdef"
        assert (field.selectedText(), field.cursorPosition()) == ("cd", 2)
    else:
        forget_own_steps(field)
        assert not field.document().isUndoAvailable() and field.toPlainText() == "abcdef"
        assert field.textCursor().position() == 6
    assert changes == []


def test_a_line_field_composing_kana_keeps_them_and_its_history_until_they_are_typed(qtbot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.installEventFilter(FieldUndoKeys(field))  # as on every text field that takes focus
    qtbot.keyClicks(field, "Sato")
    QApplication.sendEvent(field, QInputMethodEvent("ぶちょう", []))  # an input method composing: not typed yet
    forget_own_steps(field)  # a save meanwhile: setText would drop the kana
    assert field.isUndoAvailable()
    assert field.inputMethodQuery(Qt.InputMethodQuery.ImSurroundingText) == "Sato"
    typed = QInputMethodEvent()
    typed.setCommitString("部長")
    QApplication.sendEvent(field, typed)
    assert field.text() == "Sato部長"
    forget_own_steps(field)  # the next save
    assert not field.isUndoAvailable() and field.text() == "Sato部長"


def _type_in_cell(page, task: int, key: str, text: str) -> QLineEdit:
    cell = page.proxy.mapFromSource(page.model.index_of(task).siblingAtColumn(column_index(key)))
    view = page.tree
    view.setFocus()
    view.setCurrentIndex(cell)
    view.edit(cell)
    assert view.state() == QAbstractItemView.State.EditingState
    editor = view.indexWidget(cell)
    line = editor if isinstance(editor, QLineEdit) else editor.lineEdit()
    line.selectAll()
    line.insert(text)
    return line


@pytest.fixture
def wbs(window, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *_a: said.append(str(error)))
    window.show_page("wbs")
    page = window.page("wbs")
    settle(window)
    task = wbs_find(page, "WBS作成")
    assert page.model.setData(page.model.index_of(task).siblingAtColumn(column_index("title")), "WBS作成(改)")  # one undo step
    settle(window)
    return page, task, said


def title_of(window, task: int) -> str:
    return WbsService(window.state.workspace.db).tree(window.state.project_id).tasks[task].title


def test_undo_with_refused_predecessors_in_a_wbs_cell_takes_back_that_typing_only(window, wbs) -> None:
    page, task, said = wbs
    _type_in_cell(page, task, "predecessors", "どれか")  # no outline code: refused, naming the column
    window.undo_action.trigger()
    settle(window)
    assert said  # the refusal is said: nothing typed goes silently
    assert title_of(window, task) == "WBS作成(改)"
    assert page.tree.state() != QAbstractItemView.State.EditingState
    window.undo_action.trigger()  # the next Undo: the step before
    settle(window)
    assert title_of(window, task) == "WBS作成"


def test_a_refusal_said_before_undo_leaves_undo_as_it_was(window, wbs) -> None:
    page, task, said = wbs
    _type_in_cell(page, task, "estimate_days", "99999")
    assert commit_open_editor(page.tree)  # committed as Enter does: refused and said there, the editor closed
    assert said
    window.undo_action.trigger()  # then Undo: the last step, as ever
    settle(window)
    assert title_of(window, task) == "WBS作成"
