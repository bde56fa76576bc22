"""Redo in the reverse order of the undos, across a text field's own undo and the window's
(app/ui/window/keys.py RedoOrder, FieldUndoKeys; the break-it cases: tests/test_breaker59a.py).

Typing taken back by the field's own Ctrl+Z, then the step before by the window's: Ctrl+Y brings that
step back first, the field left as it is; the next Ctrl+Y brings the typing back in the field. A field's
own undo made after the window's is the last one: its redo comes first. The same on the System planning page,
in a line field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui_helpers import settle
from tests.test_breaker59a import AVC, HUMAN, type_keys
from tests.test_interview_keys import stored

CTRL = Qt.KeyboardModifier.ControlModifier
USER = "system_planning.requirements.user"
NEED = "system_planning.requirements.user_need"


@pytest.fixture
def window(japanese_window):
    japanese_window.show_page("hearing")
    settle(japanese_window)
    return japanese_window


def keys(window, qtbot, *letters: str) -> None:
    for letter in letters:
        qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter}"), CTRL)
        settle(window)


def answer_field(window):
    field = window.page("hearing").editor.editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    return field


def stored_a1_then_typing_h1(window, qtbot):
    """A1 on AVC stored (a step of the window's), H1 typed on 人の精度 (not stored): (its field, its stored value)."""
    page = window.page("hearing")
    page.select_item(AVC)
    settle(window)
    answer_field(window)
    type_keys(qtbot, "A1")
    page.select_item(HUMAN)
    settle(window)
    assert stored(window, AVC).value == "A1"
    human = stored(window, HUMAN).value or ""
    field = answer_field(window)
    type_keys(qtbot, "H1")
    return field, human


def test_redo_after_the_fields_undo_then_the_windows_goes_window_first_then_field(window, qtbot) -> None:
    field, human = stored_a1_then_typing_h1(window, qtbot)
    keys(window, qtbot, "Z", "Z")
    assert field.toPlainText() == human and stored(window, AVC).value is None
    keys(window, qtbot, "Y")  # the step undone last comes back first; the field as it is
    assert stored(window, AVC).value == "A1"
    assert field.toPlainText() == human and stored(window, HUMAN).value == human
    keys(window, qtbot, "Y")  # then the typing the field took back
    assert field.toPlainText() == f"{human}H1"
    qtbot.wait(800)
    settle(window)
    assert stored(window, HUMAN).value == f"{human}H1" and stored(window, AVC).value == "A1"
    keys(window, qtbot, "Z")  # undo again in the reverse order: the typing, then A1
    assert stored(window, HUMAN).value == human and stored(window, AVC).value == "A1"
    keys(window, qtbot, "Z")
    assert stored(window, AVC).value is None


def test_the_fields_own_undo_after_the_windows_is_redone_first(window, qtbot) -> None:
    field, human = stored_a1_then_typing_h1(window, qtbot)
    keys(window, qtbot, "Z", "Z")
    assert stored(window, AVC).value is None
    type_keys(qtbot, "K")  # typed again, taken back by the field's own undo before its save
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert field.toPlainText() == human
    qtbot.keyClick(field, Qt.Key.Key_Y, CTRL)  # the field's undo was the last: its redo first
    assert field.toPlainText() == f"{human}K"
    assert stored(window, AVC).value is None


def test_system_planning_page_line_field_redoes_the_last_undone_first(window, qtbot) -> None:
    page = window.page("system-planning")
    window.show_page(page.page_id)
    settle(window)

    def answered_by(item_id: str):
        assert page.select_item(item_id)
        settle(window)
        field = page.editor.answered_by
        field.setFocus()
        field.end(False)
        return field

    before = stored(window, USER).answered_by or ""
    answered_by(USER)
    type_keys(qtbot, "佐藤")
    settle(window)
    field = answered_by(NEED)
    assert stored(window, USER).answered_by == f"{before}佐藤"
    need = field.text()
    type_keys(qtbot, "鈴木")
    keys(window, qtbot, "Z")  # the typing, by the line itself
    assert field.text() == need and field.isRedoAvailable()
    keys(window, qtbot, "Z")  # then the other item's step
    assert stored(window, USER).answered_by == before
    keys(window, qtbot, "Y")
    assert stored(window, USER).answered_by == f"{before}佐藤"
    assert field.text() == need
    keys(window, qtbot, "Y")
    assert field.text() == f"{need}鈴木"


def test_an_undo_stack_with_a_redo_goes_without_an_error(qtbot, db_path) -> None:
    """The window's undo stack, with a step to redo, deleted (the window's end): its last canRedoChanged
    reached the redo order after the stack's wrapper was gone (RuntimeError: UndoStack already deleted)."""
    import shiboken6

    from tests.gui_helpers import make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("hearing")
    settle(window)
    state = window.state
    from app.hearing.operations import update_answer
    from app.ui.operations import run_op

    stack = state.undo_stack
    before = stack.index()
    run_op(state, update_answer(state.project_id, AVC, value="A2"), lambda: "edit")
    stack.undo()
    settle(window)
    assert stack.canRedo() and stack.index() == before
    shiboken6.delete(stack)  # raised in the slot: pytest-qt fails the test with the exception
    settle(window)


@pytest.mark.parametrize(("base", "at", "new", "redone"), [
    ("高橋 一郎", 5, "高橋", "高橋X"), ("abc", 0, "zzabc", "zzXabc"), ("abcdef", 3, "abQQdef", "abQQXdef"), ("ab", 1, "ab", "aXb"),
])
def test_a_forms_refill_keeps_the_lines_own_redo_in_the_new_text(qtbot, base, at, new, redone) -> None:
    """A form shown again after an undo (:func:`app.ui.window.keys.refill`): the typing the line's own undo took back
    comes back by its redo, in the text shown now; nothing else to undo."""
    from PySide6.QtWidgets import QLineEdit

    from app.ui.window.keys import refill

    line = QLineEdit(base)
    qtbot.addWidget(line)
    line.setCursorPosition(at)
    line.insert("X")
    line.undo()
    refill(line, new)
    assert line.text() == new and line.isRedoAvailable() and not line.isUndoAvailable()
    line.redo()
    assert line.text() == redone
