"""Interview mode on a projector: every action has a key, the legend shows each key, the type is
large and follows the window; confirming a hypothesis and adding a table row by key (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTableView

from app.hearing import operations as hearing_ops
from app.hearing.model import AnswerStatus, HypothesisState
from app.ui.hearing.interview import InterviewDialog, key_text
from app.ui.operations import run_op
from tests.gui_helpers import close_window, make_window

TEXT_ITEM = "hearing.basics.accuracy_avc"  # the item after it: hearing.basics.accuracy_human
TABLE_ITEM = "hearing.prereq.data_sources"
NOW_LATER_ITEM = "hearing.prereq.users_ds"

# What the legend must say in each language, whatever the code builds it from.
EXPECTED = {
    "en": {"next": ("Next item", "Ctrl+Enter"), "addRow": ("Add table row", "Alt+N"),
           "confirm": ("Confirm hypothesis", "Alt+C"), "close": ("Leave the field / close", "Esc")},
    "ja": {"next": ("次の項目", "Ctrl+Enter"), "addRow": ("表に行を追加", "Alt+N"),
           "confirm": ("仮説を確定", "Alt+C"), "close": ("入力欄を抜ける / 閉じる", "Esc")},
}  # fmt: skip


@pytest.fixture(params=["ja", "en"])
def window(request, qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang=request.param)
    win.show_page("hearing")
    yield win
    close_window(win)


def lang_of(window) -> str:
    return window.state.ui_lang


def open_interview(window, qtbot, monkeypatch, item_id: str, size: tuple[int, int] = (1920, 1080)) -> InterviewDialog:
    page = window.page("hearing")
    monkeypatch.setattr(page, "show_interview", lambda dialog: dialog.show())  # not full screen, not modal
    assert page.select_item(item_id)
    dialog = page.open_interview()
    dialog.resize(*size)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # the keys are the dialog's shortcuts: live while it is the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.setFocus()
    assert dialog.current_item_id() == item_id
    return dialog


def press(qtbot, dialog, sequence: QKeySequence | str) -> None:
    """Press a key where the user's keyboard goes: the widget that has focus."""
    combination = QKeySequence(sequence)[0]
    qtbot.keyClick(QApplication.focusWidget() or dialog, combination.key(), combination.keyboardModifiers())


def stored(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id)


def legend_keys(dialog, name: str) -> list[str]:
    return dialog.findChild(QLabel, f"interviewKey_{name}").text().split(" / ")


def entry_of(dialog, action: QAction) -> str:
    """The legend entry that lists ``action`` (the four statuses share one, undo and redo another)."""
    name = action.objectName().removeprefix("interviewAction_")
    return {"redo": "undo"}.get(name, "status" if name.startswith("status_") else name)


def test_every_action_has_a_key_shown_in_the_legend_and_the_key_does_it(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, TABLE_ITEM)
    actions = [a for a in dialog.findChildren(QAction) if a.objectName().startswith("interviewAction_")]
    table_action = dialog.findChild(QAction, "answer_value_addRowAction")
    assert table_action is not None and table_action in dialog.actions()  # works anywhere in the dialog
    assert len(actions) == 15  # next, previous, next unanswered, 4 statuses, 4 fields, confirm, undo, redo, close
    for action in [*actions, table_action]:
        keys = action.shortcuts()
        assert keys, action.objectName()
        name = "addRow" if action is table_action else entry_of(dialog, action)
        key_label = dialog.findChild(QLabel, f"interviewKey_{name}")
        text_label = dialog.findChild(QLabel, f"interviewKeyText_{name}")
        assert key_label.isVisible() and text_label.isVisible() and key_label.isEnabled()  # not greyed
        for key in keys:
            assert key_text(key) in legend_keys(dialog, name), (action.objectName(), key.toString())
    for name, (text, key) in EXPECTED[lang_of(window)].items():
        assert dialog.findChild(QLabel, f"interviewKeyText_{name}").text() == text
        assert key in legend_keys(dialog, name)

    # Each key of each action triggers it (pressed where the focus is: the dialog, put back each
    # time). The table's first, while its item shows; the item changes with the moves.
    fired: list[str] = []
    for action in [table_action, *actions]:
        action.triggered.connect(lambda _=False, a=action: fired.append(a.objectName()))
    for action in [table_action, *(a for a in actions if a.objectName() != "interviewAction_close")]:
        for key in action.shortcuts():
            dialog.setFocus()
            fired.clear()
            press(qtbot, dialog, key)
            assert fired == [action.objectName()], (action.objectName(), key.toString(), fired)
    dialog.setFocus()
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_the_keys_move_set_and_focus_as_the_legend_says(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, TEXT_ITEM)
    ids = [r.item.id for r in dialog.refs]
    start = ids.index(TEXT_ITEM)
    press(qtbot, dialog, "PgDown")
    assert dialog.current_item_id() == ids[start + 1]
    press(qtbot, dialog, "PgUp")
    assert dialog.current_item_id() == TEXT_ITEM
    press(qtbot, dialog, "3")
    assert stored(window, TEXT_ITEM).status == AnswerStatus.FOLLOW_UP
    press(qtbot, dialog, "M")
    assert QApplication.focusWidget() is dialog.editor.note
    for key in "12":  # in a field a plain key types: no status, no move
        press(qtbot, dialog, key)
    assert dialog.editor.note.toPlainText().endswith("12") and stored(window, TEXT_ITEM).status == AnswerStatus.FOLLOW_UP
    press(qtbot, dialog, "Ctrl+Return")  # from the field: next, and what was typed is stored
    assert dialog.current_item_id() == ids[start + 1]
    assert stored(window, TEXT_ITEM).note.endswith("12")
    press(qtbot, dialog, "B")
    assert QApplication.focusWidget() is dialog.editor.answered_by
    press(qtbot, dialog, "Ctrl+Shift+Return")  # from a field: previous
    assert dialog.current_item_id() == TEXT_ITEM
    press(qtbot, dialog, "Return")
    answer = dialog.editor.editors["value"].edit
    assert QApplication.focusWidget() is answer
    press(qtbot, dialog, "Esc")  # out of the field, dialog still open
    assert dialog.isVisible() and QApplication.focusWidget() is dialog
    dialog.go(ids.index(NOW_LATER_ITEM))
    press(qtbot, dialog, "L")
    assert QApplication.focusWidget() is dialog.editor.editors["later"].edit
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_confirm_a_hypothesis_by_key_is_stored_and_undone_in_one_step(window, qtbot, monkeypatch) -> None:
    state = window.state
    run_op(state, hearing_ops.update_answer(state.project_id, TEXT_ITEM, value="+2% per 0.1 recall", as_hypothesis=True), "prepare")
    assert stored(window, TEXT_ITEM).hypothesis_state == HypothesisState.HYPOTHESIS
    dialog = open_interview(window, qtbot, monkeypatch, TEXT_ITEM)
    done = dialog.progress.value()
    steps = state.undo_stack.count()
    press(qtbot, dialog, "Return")  # in the answer field: Alt+C works there too
    assert isinstance(QApplication.focusWidget(), QPlainTextEdit)
    press(qtbot, dialog, "Alt+C")
    answer = stored(window, TEXT_ITEM)
    assert answer.hypothesis_state == HypothesisState.CONFIRMED and answer.status == AnswerStatus.ANSWERED
    assert answer.value == "+2% per 0.1 recall"
    assert state.undo_stack.count() == steps + 1  # one step
    assert dialog.progress.value() == done + 1
    assert not dialog.editor.confirm_button.isVisible()
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "Ctrl+Z")  # one undo: a hypothesis again, not asked
    answer = stored(window, TEXT_ITEM)
    assert answer.hypothesis_state == HypothesisState.HYPOTHESIS and answer.status == AnswerStatus.NOT_ASKED
    assert dialog.progress.value() == done and dialog.editor.confirm_button.isVisible()
    press(qtbot, dialog, "C")  # the single key, outside a field
    assert stored(window, TEXT_ITEM).hypothesis_state == HypothesisState.CONFIRMED
    steps = state.undo_stack.count()
    press(qtbot, dialog, "C")  # nothing left to confirm: said so, nothing stored
    assert state.undo_stack.count() == steps
    expected = {"en": "there is no hypothesis to confirm", "ja": "確定する仮説がありません"}[lang_of(window)]
    assert dialog.editor.error_label.isVisible() and expected in dialog.editor.error_label.text()
    dialog.accept()


def test_add_a_table_row_by_key_and_type_into_it(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, TABLE_ITEM)
    table = dialog.editor.editors["value"]
    before = stored(window, TABLE_ITEM).value
    press(qtbot, dialog, "Alt+N")  # from the dialog's single keys, no Shift+Tab
    assert table.model.rowCount() == len(before) + 1
    view = table.findChild(QTableView, "answer_value_table")
    assert QApplication.focusWidget() is view
    new_row = view.currentIndex().row()
    assert view.currentIndex().column() == 0 and new_row == len(before)
    for char in "Store photos":  # typing starts editing the new row's first cell
        qtbot.keyClicks(QApplication.focusWidget(), char)
    press(qtbot, dialog, "Return")  # the cell's text is kept (Qt commits it at the next event loop pass)
    qtbot.waitUntil(lambda: table.model.index(new_row, 0).data() == "Store photos")
    press(qtbot, dialog, "M")  # a plain key in the table is the table's: it types, no jump to the note
    assert QApplication.focusWidget() is not dialog.editor.note and view.isAncestorOf(QApplication.focusWidget())
    press(qtbot, dialog, "Esc")  # Esc in a cell: the cell's (what was typed kept, as in the large editor), the dialog stays
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    assert table.model.index(new_row, 0).data() == "m" and dialog.isVisible()
    dialog.editor.note.setFocus()
    press(qtbot, dialog, "Alt+N")  # from the note as well
    assert table.model.rowCount() == len(before) + 2
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "Right")  # next item: the table's rows are stored (the blank one is no row)
    rows = stored(window, TABLE_ITEM).value
    assert [r["name"] for r in rows] == [r["name"] for r in before] + ["m"]
    dialog.accept()


def test_add_row_key_in_the_page_table(window, qtbot) -> None:
    page = window.page("hearing")
    assert page.select_item(TABLE_ITEM)
    qtbot.waitUntil(lambda: page.editor.item_id == TABLE_ITEM)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table = page.editor.editors["value"]
    rows = table.model.rowCount()
    table.view.setFocus()
    press(qtbot, window, "Alt+N")
    assert table.model.rowCount() == rows + 1 and QApplication.focusWidget() is table.view
    page.editor.note.setFocus()
    press(qtbot, window, "Alt+N")  # outside the table the key is not the table's
    assert table.model.rowCount() == rows + 1


def test_type_is_large_scaled_to_the_window_and_in_the_normal_colour(window, qtbot, monkeypatch) -> None:
    page = window.page("hearing")
    assert page.select_item(TEXT_ITEM)
    normal_question = page.editor.question_label.fontInfo().pointSizeF()
    normal_text = page.editor.note.fontInfo().pointSizeF()
    dialog = open_interview(window, qtbot, monkeypatch, TEXT_ITEM, (1920, 1080))
    labels = [dialog.findChild(QLabel, "interviewCounter"), dialog.findChild(QLabel, "interviewKeysHint")]
    labels += [label for label in dialog.findChildren(QLabel) if label.objectName().startswith("interviewKey")]
    big = {label.objectName(): label.fontInfo().pointSizeF() for label in labels}
    assert min(big.values()) >= 14 and min(big.values()) > normal_text
    assert all(label.isEnabled() for label in labels)  # not greyed
    question = dialog.editor.question_label.fontInfo().pointSizeF()
    answer = dialog.editor.editors["value"].edit.fontInfo().pointSizeF()
    assert answer >= 24 and question > answer and question > 2 * normal_question
    room = dialog.rect()
    for label in labels:  # the whole legend shows, nothing cut off at the right or the bottom
        corner = label.mapTo(dialog, label.rect().bottomRight())
        assert room.contains(corner), label.objectName()

    dialog.resize(1280, 720)  # a smaller projector: smaller type, still readable, still all there
    qtbot.waitUntil(lambda: dialog.editor.editors["value"].edit.fontInfo().pointSizeF() < answer)
    small = {label.objectName(): label.fontInfo().pointSizeF() for label in labels}
    assert min(small.values()) >= 14
    assert dialog.editor.editors["value"].edit.fontInfo().pointSizeF() >= 17
    for label in labels:
        assert dialog.rect().contains(label.mapTo(dialog, label.rect().bottomRight())), label.objectName()
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.editor.question_label.fontInfo().pointSizeF() == normal_question  # the page keeps its sizes
    assert page.editor.note.fontInfo().pointSizeF() == normal_text
