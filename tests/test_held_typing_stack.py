"""Refused typing in several fields, one after another, taken back by Undo in the order it was typed.

Each field's typing refused (kept red, a draft) is held for Undo; the next Undo takes back the typing
refused after it first, then this one, and only then a saved step (nothing undone past a draft shown).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from app.environment.service import EnvironmentService
from app.ui.page import INVALID_BACKGROUND
from tests.gui_helpers import environment_page, settle

OLD_NAME = "similar-image-search"


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)
    settle(japanese_window)
    return japanese_window


def stored(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def red(widget) -> bool:
    return INVALID_BACKGROUND in widget.styleSheet()


def type_keys(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


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
