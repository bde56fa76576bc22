"""What one undo step is, and what Edit ▸ Undo calls it: the fixes after breaker21c, tried as a user would.

The keys of Undo and Redo everywhere (Ctrl+Shift+Z too), typing not saved yet saved before a step on
every page built on the item editor, table actions as steps of their own while a burst of typing
merges, a burst that ends where it began leaving no step, and every kind of undo text following a
live switch of the UI language, the names of things in it too.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QPushButton, QTableView

from app.core import operations as ops
from app.core.projects import ProjectService
from app.hearing import operations as hearing_ops
from app.hearing.model import AnswerStatus, format_value
from app.ui import messages
from app.ui.hearing.followups_dialog import FollowupsDialog
from app.ui.operations import OpCommand
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, environment_page, make_window, settle, wbs_find
from tests.test_breaker21c import BACKGROUND, JAPANESE, TEAM, active, names
from tests.test_nothing_lost_gui import open_item, stored
from tests.test_review_page import pick_value
from tests.test_wide_table import close_large, column, open_large, table_of

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SOURCES = "system_planning.requirements.user"  # a text item of system planning


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja", page="hearing")
    yield win
    close_window(win)


# --- the keys -----------------------------------------------------------------------------------


def test_the_edit_menu_has_every_undo_and_redo_key_ctrl_shift_z_among_them(window) -> None:
    undo = [k.toString() for k in window.undo_action.shortcuts()]
    redo = [k.toString() for k in window.redo_action.shortcuts()]
    assert "Ctrl+Z" in undo
    assert "Ctrl+Y" in redo and "Ctrl+Shift+Z" in redo
    window.set_ui_lang("en")  # the menus are built again: the keys stay
    assert "Ctrl+Shift+Z" in [k.toString() for k in window.redo_action.shortcuts()]


def test_ctrl_shift_z_in_the_large_editor_redoes(window, qtbot) -> None:
    table = table_of(window, qtbot, TEAM)
    dialog = open_large(table, qtbot)
    model = dialog.view.model()
    assert model.setData(model.index(0, column(table, "role")), "Lead")
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # its keys answer
    dialog.view.setFocus()
    qtbot.waitUntil(lambda: stored(window, TEAM).value[0]["role"] == "Lead")  # saved after the pause in typing
    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, CTRL)
    assert stored(window, TEAM).value[0]["role"] == "PM"
    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert stored(window, TEAM).value[0]["role"] == "Lead"
    close_large(dialog, qtbot)


# --- undo right after typing --------------------------------------------------------------------


def test_undo_right_after_typing_in_system_planning_takes_back_that_typing(window, qtbot) -> None:
    editor = open_item(window, qtbot, BACKGROUND)
    editor.editors["value"].edit.setPlainText("背景を書き直した")
    assert editor.flush()
    window.show_page("system-planning")
    page = window.page("system-planning")
    assert page.select_item(SOURCES)
    qtbot.waitUntil(lambda: page.editor.item_id == SOURCES)
    before = stored(window, SOURCES).value
    field = page.editor.editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    qtbot.keyClicks(field, "abc")
    window.undo_action.trigger()  # at once: the pause after which typing is saved has not run out
    assert stored(window, SOURCES).value == before and field.toPlainText() == (before or "")
    assert stored(window, BACKGROUND).value == "背景を書き直した"  # the step before stays
    window.redo_action.trigger()
    assert stored(window, SOURCES).value == f"{before or ''}abc"


def test_the_first_edit_of_a_session_can_be_undone_by_ctrl_z_in_its_pause(window, qtbot) -> None:
    """The stack is empty until typing is saved (0.6 s after the last key): Edit ▸ Undo was greyed then
    (and did nothing); it is offered at once and takes the typing back."""
    assert window.state.undo_stack.count() == 0 and not window.undo_action.isEnabled()
    editor = open_item(window, qtbot, BACKGROUND)
    before = stored(window, BACKGROUND).value
    field = editor.editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    qtbot.keyClicks(field, "abc")
    assert window.state.undo_stack.count() == 0  # not saved yet
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()  # Edit ▸ Undo (a focused text field's Ctrl+Z is the field's own)
    assert stored(window, BACKGROUND).value == before and field.toPlainText() == (before or "")
    assert window.redo_action.isEnabled() and not window.undo_action.isEnabled()
    window.redo_action.trigger()
    assert stored(window, BACKGROUND).value == f"{before or ''}abc"
    assert window.undo_action.isEnabled()


def test_a_number_draft_that_is_no_number_is_shown_as_typed(workspace) -> None:
    """The conflict dialog shows what was typed; a word in a number field (a draft) is shown, not a crash."""
    item = workspace.library.item("hearing.prereq.users_ds")
    assert format_value(item, "二人", "ja") == "二人"
    assert format_value(item, 3, "ja").startswith("3")


# --- what one step is ---------------------------------------------------------------------------


def test_a_value_changed_and_changed_back_nets_out_though_it_was_written_twice(workspace) -> None:
    project = ProjectService(workspace.db).create("P").id
    ops.run(workspace, hearing_ops.update_answer(project, BACKGROUND, value="背景"))
    first = ops.run(workspace, hearing_ops.update_answer(project, BACKGROUND, value="背景9"))
    back = ops.run(workspace, hearing_ops.update_answer(project, BACKGROUND, value="背景"))
    assert first.changed and back.changed
    assert first.before[BACKGROUND] != back.after[BACKGROUND]  # the bookkeeping (when written) differs ...
    assert not first.merged(back).changed  # ... what the user sees does not


def test_a_burst_of_typing_in_cells_is_one_step_and_a_row_moved_after_it_another(window, qtbot) -> None:
    editor = open_item(window, qtbot, TEAM)
    table = editor.editors["value"]
    steps = window.state.undo_stack.count()
    table.model.setData(table.model.index(0, 0), "佐藤一郎")
    table.model.setData(table.model.index(1, 0), "鈴木二郎")
    assert editor.flush()
    table.model.setData(table.model.index(2, 0), "田中三郎")
    assert editor.flush()  # within the merge time: the same burst
    assert window.state.undo_stack.count() == steps + 1
    table.view.setCurrentIndex(table.model.index(0, 0))
    qtbot.mouseClick(table.rowDown_button, Qt.MouseButton.LeftButton)  # saved at once, as a step of its own
    assert names(window)[:3] == ["鈴木二郎", "佐藤一郎", "田中三郎"]
    assert window.state.undo_stack.count() == steps + 2
    window.undo_action.trigger()
    settle(window)
    assert names(window)[:3] == ["佐藤一郎", "鈴木二郎", "田中三郎"]
    window.undo_action.trigger()
    settle(window)
    assert names(window)[:3] == ["佐藤", "鈴木", "田中"]


def test_a_cell_typed_then_a_row_added_at_once_are_two_steps(window, qtbot) -> None:
    editor = open_item(window, qtbot, TEAM)
    table = editor.editors["value"]
    active(window, qtbot)
    table.view.setCurrentIndex(table.model.index(0, 0))
    table.model.setData(table.model.index(0, 0), "佐藤一郎")  # typed; its pause has not run out
    qtbot.mouseClick(table.addRow_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    table.model.setData(table.model.index(1, 0), "伊藤")
    assert editor.flush()
    assert names(window) == ["佐藤一郎", "伊藤", "鈴木", "田中", "高橋", "山田"]
    window.undo_action.trigger()  # the new row's typing (the row itself, blank, stored nothing)
    settle(window)
    assert names(window) == ["佐藤一郎", "鈴木", "田中", "高橋", "山田"]
    window.undo_action.trigger()
    settle(window)
    assert names(window)[0] == "佐藤"


# --- the texts after a language switch ----------------------------------------------------------


def test_every_kind_of_undo_text_follows_a_switch_to_japanese(qtbot, db_path, monkeypatch) -> None:
    """One edit of each kind whose undo text names something, in English; after Settings ▸ Language
    switches to Japanese every step's text is Japanese, and names nothing in English."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="en", page="hearing")
    try:
        state = window.state
        labels: list[tuple[str, str]] = []  # the names the texts hold: (English, Japanese)

        def named(label) -> None:
            labels.append((label.get("en"), label.get("ja")))

        editor = open_item(window, qtbot, BACKGROUND)
        editor.editors["value"].edit.setPlainText("rewritten")
        assert editor.flush()
        named(state.workspace.library.item(BACKGROUND).label)
        editor.set_status(AnswerStatus.FOLLOW_UP)
        dialog = FollowupsDialog(state, lambda: None, window)
        try:
            dialog.set_done(BACKGROUND, True)
        finally:
            dialog.deleteLater()

        window.show_page("proposal")
        proposal = window.page("proposal")
        qtbot.waitUntil(lambda: proposal.preview.shown_generation > 0, timeout=5000)
        problems = proposal.problems
        assert problems.model.setData(problems.model.index(0, 1), "Show the effort")
        problems.add_custom()
        problems.view.setCurrentIndex(problems.model.index(0, 0))
        problems.move_selected(1)
        problems.remove_selected()

        page = environment_page(window, qtbot, "experiment")
        host = page.findChild(QComboBox, "field_repo_host")
        host.setCurrentIndex(host.findData("gitlab"))
        settle(window)
        page.form.reset("repo_host")
        named(page.form.fields["repo_host"].label)
        page = environment_page(window, qtbot, "data-ci")
        datasets = page.findChild(QTableView, "datasetsTable").model()
        datasets.setData(datasets.index(0, 1), "images_2024")

        window.show_page("review")
        settle(window)
        pick_value(qtbot, window, "model.spec_reviewed", "score", 1.0)
        named(window.page("review").current().items["model.spec_reviewed"].item.label)
        review = window.page("review")
        chooser = review.findChild(QListWidget, "reviewChecklists")
        chooser.setCurrentRow(next(r for r in range(chooser.count()) if chooser.item(r).data(Qt.ItemDataRole.UserRole) == "qa4ai"))
        review.select_item("qa4ai.model_robustness")
        qtbot.mouseClick(review.findChild(QPushButton, "reviewMakeTaskButton"), Qt.MouseButton.LeftButton)
        settle(window)
        named(review.current().items["qa4ai.model_robustness"].item.label)

        window.show_page("wbs")
        settle(window)
        wbs = window.page("wbs")
        task = wbs_find(wbs, "Write the WBS")
        wbs.proxy.setData(wbs.proxy.mapFromSource(wbs.model.index_of(task, INDEX["notes"])), "memo")

        stack = state.undo_stack
        english = [stack.command(i).text() for i in range(stack.count())]
        assert len(english) == 13, english
        window.set_ui_lang("ja")
        japanese = [stack.command(i).text() for i in range(stack.count())]
        for before, after in zip(english, japanese, strict=True):
            assert after != before and JAPANESE.search(after), (before, after)
            assert not re.search(r"\b(Edit|Change|Reset|Mark|Review|Make|Accept|Add|Remove|Move)\b", after), after
        assert all(isinstance(stack.command(i), OpCommand) for i in range(stack.count()))
        joined = "\n".join(japanese)
        for english_name, japanese_name in labels:  # named as the Japanese UI names them (some keep an English name)
            assert japanese_name in joined and english_name not in joined.replace(japanese_name, ""), english_name
    finally:
        close_window(window)
