"""fix39a: the typing a refusal takes back on the environment forms is everything typed into the field since
it got the keyboard (or since its project was shown), pauses included; leaving the field starts a new
typing (the earlier one, accepted, stays saved); a language switch keeps the typing going on and the
typing refused (Japanese window, real widgets, typed key by key)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from app.core.projects import ProjectService
from app.environment.service import EnvironmentService
from app.ui import operations
from app.ui.page import INVALID_BACKGROUND
from tests.gui_helpers import environment_page, settle

OLD_NAME = "similar-image-search"
PAUSE = 0.1  # longer than the merge window the tests shorten to 0.05 s


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)
    settle(japanese_window)
    return japanese_window


@pytest.fixture
def short_merge(monkeypatch) -> None:
    monkeypatch.setattr(operations, "MERGE_SECONDS", 0.05)  # the 2 s pause, shortened: the same rule


def stored(window, field_id: str, project_id: int | None = None):
    project = window.state.project_id if project_id is None else project_id
    return EnvironmentService(window.state.workspace).choices(project, "ja").value(field_id)


def red(widget) -> bool:
    return INVALID_BACKGROUND in widget.styleSheet()


def type_over(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def type_on(qtbot, field, text: str) -> None:
    """The keyboard into the field (from elsewhere), at the end of its text, and ``text`` typed."""
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, text)


def test_pauses_in_one_typing_leave_no_fragment_saved(window, qtbot, short_merge) -> None:
    page = environment_page(window, qtbot)
    box = page.findChild(QComboBox, "field_docker_base_image")
    image, stack = stored(window, "docker_base_image"), window.state.undo_stack
    steps = stack.count()
    type_over(qtbot, box.lineEdit(), "acme")
    time.sleep(PAUSE)
    qtbot.keyClicks(box.lineEdit(), "/img")
    time.sleep(PAUSE)
    qtbot.keyClicks(box.lineEdit(), ":1")
    assert stored(window, "docker_base_image") == "acme/img:1" and stack.count() == steps + 3  # three steps on the way
    qtbot.keyClicks(box.lineEdit(), " x")
    settle(window)
    assert box.currentText() == "acme/img:1 x" and red(box)
    assert stored(window, "docker_base_image") == image and stack.count() == steps and not stack.canRedo()
    window.undo_action.trigger()
    settle(window)
    assert box.currentText() == image == stored(window, "docker_base_image") and not red(box)


def test_a_field_left_and_typed_into_again_keeps_the_earlier_typing(window, qtbot, short_merge) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    other = page.findChild(QComboBox, "field_docker_base_image").lineEdit()
    stack = window.state.undo_stack
    steps = stack.count()
    type_over(qtbot, field, "my")
    time.sleep(PAUSE)
    qtbot.keyClicks(field, "-repo")  # a pause: the same typing, two steps
    other.setFocus()  # the field left
    assert QApplication.focusWidget() is not field
    type_on(qtbot, field, " x")  # typed into again: a new typing, refused
    settle(window)
    assert field.text() == "my-repo x" and red(field)
    assert stored(window, "repo_name") == "my-repo" and stack.count() == steps + 2 and not stack.canRedo()
    window.undo_action.trigger()  # takes back the refused typing only
    settle(window)
    assert field.text() == "my-repo" == stored(window, "repo_name") and not red(field)
    window.undo_action.trigger()  # then the earlier typing, as its steps
    settle(window)
    window.undo_action.trigger()
    settle(window)
    assert field.text() == OLD_NAME == stored(window, "repo_name")


def test_a_field_left_and_typed_into_again_at_once_is_a_step_of_its_own(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    other = page.findChild(QComboBox, "field_docker_base_image").lineEdit()
    steps = window.state.undo_stack.count()
    type_over(qtbot, field, "my")
    other.setFocus()
    type_on(qtbot, field, "-repo")  # within the merge window, but a new typing: not merged into "my"
    type_on(qtbot, field, "-2")
    settle(window)
    assert stored(window, "repo_name") == "my-repo-2" and window.state.undo_stack.count() == steps + 2  # "-2": the field kept the keyboard
    other.setFocus()
    type_on(qtbot, field, " x")
    settle(window)
    assert stored(window, "repo_name") == "my-repo-2" and red(field)
    window.undo_action.trigger()
    settle(window)
    assert field.text() == "my-repo-2" == stored(window, "repo_name")
    window.undo_action.trigger()
    settle(window)
    assert field.text() == "my" == stored(window, "repo_name")


def test_another_project_shown_starts_a_new_typing(window, qtbot, short_merge) -> None:
    page = environment_page(window, qtbot)
    first = window.state.project_id
    other = ProjectService(window.state.workspace.db).create("別の案件")
    field = page.findChild(QLineEdit, "field_repo_name")
    type_over(qtbot, field, "ab")
    window.open_project(other.id)
    settle(window)
    other_name = stored(window, "repo_name")
    type_over(qtbot, field, "cd")
    time.sleep(PAUSE)
    qtbot.keyClicks(field, "-e")
    qtbot.keyClicks(field, " x")
    settle(window)
    assert field.text() == "cd-e x" and red(field) and stored(window, "repo_name") == other_name
    window.open_project(first)
    settle(window)
    assert field.text() == "ab" == stored(window, "repo_name") and not red(field)
    type_on(qtbot, field, "c")
    time.sleep(PAUSE)
    qtbot.keyClicks(field, " x")  # the typing since the project was shown: "c" taken back, "ab" stays
    settle(window)
    assert field.text() == "abc x" and red(field) and stored(window, "repo_name") == "ab"
    assert stored(window, "repo_name", other.id) == other_name


def test_the_typing_goes_on_over_a_language_switch(window, qtbot, short_merge) -> None:
    page = environment_page(window, qtbot)
    type_over(qtbot, page.findChild(QLineEdit, "field_repo_name"), "my")
    settle(window)
    assert stored(window, "repo_name") == "my"
    window.set_ui_lang("en")
    settle(window)
    window.set_ui_lang("ja")
    page = environment_page(window, qtbot)
    settle(window)
    field = page.findChild(QLineEdit, "field_repo_name")
    assert QApplication.focusWidget() is field and field.cursorPosition() == 2  # the keyboard back where it was
    time.sleep(PAUSE)
    qtbot.keyClicks(field, " repo")  # the same typing: what it saved before the switch is taken back too
    settle(window)
    assert field.text() == "my repo" and red(field) and stored(window, "repo_name") == OLD_NAME
    assert not window.state.undo_stack.canRedo()
    window.undo_action.trigger()
    settle(window)
    assert field.text() == OLD_NAME == stored(window, "repo_name") and not red(field)


def test_a_refused_draft_kept_over_a_language_switch_is_taken_back_by_undo(window, qtbot) -> None:
    page = environment_page(window, qtbot)
    field = page.findChild(QLineEdit, "field_repo_name")
    type_over(qtbot, field, "ab")
    page.findChild(QComboBox, "field_docker_base_image").setFocus()  # a new typing next
    type_on(qtbot, field, " x")
    settle(window)
    assert stored(window, "repo_name") == "ab" and red(field)
    window.set_ui_lang("en")
    settle(window)
    page = environment_page(window, qtbot)
    settle(window)
    field = page.findChild(QLineEdit, "field_repo_name")
    assert field.text() == "ab x" and red(field)
    window.undo_action.trigger()  # the refused typing, not "ab"
    settle(window)
    assert field.text() == "ab" == stored(window, "repo_name") and not red(field)
    window.set_ui_lang("ja")
    settle(window)
    window.undo_action.trigger()
    settle(window)
    assert stored(window, "repo_name") == OLD_NAME
    assert environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name").text() == OLD_NAME
