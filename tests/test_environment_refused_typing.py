"""Typing on the environment pages that ends refused leaves the value stored before that typing
(app/ui/environment/field_typing.py): each keystroke is saved at once, so the fragment that happened to
fit on the way ("my" of "my repo name") was saved; the burst's step is taken back at once, no redo of it
left. The field keeps the draft, red; correcting it saves it as a new step; Undo right after takes back
the typing, never the step before. In the Japanese window, typed key by key, for a line, a paragraph,
a suggestion box and a number box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

from app.environment.model import MAX_TEXT
from app.environment.service import EnvironmentService
from app.environment.wiki_render import render_wiki
from app.ui.page import INVALID_BACKGROUND
from tests.gui_helpers import close_window, environment_page, make_window, settle

# The offscreen platform cannot raise the tooltip a refused keystroke shows; not our warning.
OFFSCREEN_POPUP = r"This plugin does not support (raise\(\)|grabbing the keyboard)"
OLD_NAME = "similar-image-search"  # the demo's repository name


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)
    settle(japanese_window)
    return japanese_window


def stored(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def wiki_text(window) -> str:
    wiki = render_wiki(window.state.workspace, window.state.project_id, "ja", "plain")
    return "\n".join(page.markdown for page in wiki.all_pages())


def red(widget) -> bool:
    return INVALID_BACKGROUND in widget.styleSheet()


def type_keys(qtbot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_a_refused_name_typed_key_by_key_keeps_the_old_name_and_undo_takes_the_typing_back(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    stack = window.state.undo_stack
    steps, wiki = stack.count(), wiki_text(window)
    type_keys(qtbot, field, "my repo name")
    settle(window)
    assert field.text() == "my repo name" and red(field) and "リポジトリ名" in field.toolTip()
    assert "リポジトリ名" in page.problem_label.text()
    assert stored(window, "repo_name") == "similar-image-search"
    assert wiki_text(window) == wiki  # the wiki and the exports keep the old name
    assert stack.count() == steps and not stack.canRedo()  # the step saved on the way is gone, no redo of it
    window.undo_action.trigger()  # right after: the typing taken back, not the step before
    settle(window)
    assert field.text() == "similar-image-search" and not red(field) and page.problem_label.text() == ""
    assert stored(window, "repo_name") == "similar-image-search" and stack.count() == steps and stack.index() == steps
    assert not window.redo_action.isEnabled()
    window.redo_action.trigger()
    settle(window)
    assert stored(window, "repo_name") == "similar-image-search" == field.text()


def test_a_corrected_name_is_saved_as_a_new_step_undone_back_to_the_old_name(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    type_keys(qtbot, field, "my repo")
    assert stored(window, "repo_name") == "similar-image-search" and red(field)
    steps = window.state.undo_stack.count()
    for _ in range(5):  # "my repo" -> "my": fits again
        qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "-repo")
    settle(window)
    assert stored(window, "repo_name") == "my-repo" == field.text() and not red(field)
    assert window.state.undo_stack.count() == steps + 1  # one new step
    window.undo_action.trigger()
    settle(window)
    assert stored(window, "repo_name") == "similar-image-search" == field.text()
    window.redo_action.trigger()
    settle(window)
    assert stored(window, "repo_name") == "my-repo" == field.text()


def test_ctrl_z_in_the_field_takes_the_typing_back_never_the_fragment(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    steps = window.state.undo_stack.index()
    type_keys(qtbot, field, "my repo name")
    for _ in range(3):  # the field's own typing since it stopped fitting, then the window's Undo: the typing
        if field.text() == "similar-image-search":
            break
        qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        settle(window)
        assert stored(window, "repo_name") == "similar-image-search"
    assert field.text() == "similar-image-search" and not red(field)
    assert window.state.undo_stack.index() == steps


def test_the_draft_and_the_old_name_stay_over_a_language_switch(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    type_keys(qtbot, page.findChild(QLineEdit, "field_repo_name"), "my repo name")
    window.set_ui_lang("en")
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    assert field.text() == "my repo name" and red(field) and "Repository name" in page.problem_label.text()
    assert stored(window, "repo_name") == "similar-image-search"
    assert "similar-image-search" in wiki_text(window)


def test_another_window_sees_only_the_old_name(qtbot, db_path, window) -> None:
    other = make_window(qtbot, db_path, global_lang="ja")
    try:
        page_b = environment_page(other, qtbot)
        seen: list[str] = []
        field_b = page_b.findChild(QLineEdit, "field_repo_name")
        field_b.textChanged.connect(seen.append)
        page = environment_page(window, qtbot)
        window.activateWindow()
        type_keys(qtbot, page.findChild(QLineEdit, "field_repo_name"), "my repo name")
        other.watcher.poll()
        settle(other)
        assert field_b.text() == "similar-image-search" and not red(field_b)
        assert EnvironmentService(other.state.workspace).choices(other.state.project_id, "ja").value("repo_name") == "similar-image-search"
        assert all(text == "similar-image-search" for text in seen), seen
    finally:
        close_window(other)


def test_a_paragraph_grown_too_long_keeps_the_text_before_it(window, qtbot) -> None:
    page = environment_page(window, qtbot, "data-ci")
    text = page.findChild(QPlainTextEdit, "field_deletion_plan")
    before = stored(window, "deletion_plan")
    text.setFocus()
    text.selectAll()
    text.insertPlainText("a" * (MAX_TEXT - 1))  # fits: saved
    assert stored(window, "deletion_plan") == "a" * (MAX_TEXT - 1)
    qtbot.keyClicks(text, "bcd")  # 4000 fits, 4001 does not
    settle(window)
    assert red(text) and text.toPlainText().endswith("bcd")
    assert stored(window, "deletion_plan") == before
    window.undo_action.trigger()
    settle(window)
    assert text.toPlainText() == before == stored(window, "deletion_plan") and not red(text)


def test_an_image_name_typed_in_its_suggestion_box_keeps_the_name_before_it(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    box = page.findChild(QComboBox, "field_docker_base_image")
    before = stored(window, "docker_base_image")
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "my image")
    settle(window)
    assert box.currentText() == "my image" and red(box)
    assert stored(window, "docker_base_image") == before
    window.undo_action.trigger()
    settle(window)
    assert box.currentText() == before and not red(box)


@pytest.mark.filterwarnings(f"ignore:{OFFSCREEN_POPUP}")
def test_a_number_entered_past_its_maximum_keeps_the_number_before_the_burst(window, qtbot) -> None:
    page = environment_page(window, qtbot, "data-ci")
    spin = page.findChild(QSpinBox, "field_deletion_days")
    before = stored(window, "deletion_days")
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "40")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert stored(window, "deletion_days") == 40
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "4000")
    qtbot.keyClick(spin, Qt.Key.Key_Return)  # refused within the burst: the 40 saved on the way goes too
    settle(window)
    assert spin.text() == "4000" and red(spin)
    assert stored(window, "deletion_days") == before
    window.undo_action.trigger()
    settle(window)
    assert spin.value() == before == stored(window, "deletion_days") and not red(spin)


# Several refused typings, and steps done after one, are taken back in the order they were done.


def test_two_refused_typings_are_taken_back_last_first_then_the_step_before(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    box = page.findChild(QComboBox, "field_docker_base_image")
    image = stored(window, "docker_base_image")
    type_keys(qtbot, field, "my-repo")  # a saved step, before the refused typings
    settle(window)
    assert stored(window, "repo_name") == "my-repo"
    box.lineEdit().setFocus()  # the keyboard leaves the field: the next typing there is a new one
    settle(window)
    type_keys(qtbot, field, "my repo")
    type_keys(qtbot, box.lineEdit(), "my image")
    settle(window)
    assert red(field) and red(box) and stored(window, "repo_name") == "my-repo"
    window.undo_action.trigger()  # the image's typing
    settle(window)
    assert box.currentText() == image and not red(box)
    assert field.text() == "my repo" and red(field)
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()  # the name's typing: the stored name shown again, nothing undone
    settle(window)
    assert field.text() == "my-repo" == stored(window, "repo_name") and not red(field)
    window.undo_action.trigger()  # only now the saved step
    settle(window)
    assert field.text() == OLD_NAME == stored(window, "repo_name") and not red(field)
    assert stored(window, "docker_base_image") == image


def test_an_edit_after_a_refused_typing_is_undone_before_it(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    box = page.findChild(QComboBox, "field_docker_base_image")
    image = stored(window, "docker_base_image")
    type_keys(qtbot, field, "my repo")
    type_keys(qtbot, box.lineEdit(), "python:3.12")  # saved
    settle(window)
    assert stored(window, "docker_base_image") == "python:3.12" and red(field)
    window.undo_action.trigger()  # the image, done last
    settle(window)
    assert stored(window, "docker_base_image") == image == box.currentText()
    assert field.text() == "my repo" and red(field)
    window.undo_action.trigger()  # then the name's typing, refused before it
    settle(window)
    assert field.text() == OLD_NAME == stored(window, "repo_name") and not red(field)
