"""fix28a: the People form follows its person renamed in another window (people are stored by name only:
the one new name holding the same other fields is the same person), seen or not yet seen when saved; a
rename that also changed the person's other fields cannot be told from a removal, and is asked about; the
removed-person question closed unanswered (Cancel, Escape, Enter on its default) keeps the typing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from app.core import operations as ops
from app.ui import messages
from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """The removed-person question's texts; answered Cancel (closed unanswered) unless a test answers."""
    texts: list[str] = []
    monkeypatch.setattr(messages, "ask_or_cancel", lambda _p, _t, text: texts.append(text))
    return texts


def open_people(window):
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())


def stored(window) -> dict[str, store.Person]:
    return store.by_name(store.read(window.state.workspace, window.state.project_id))


def rename_elsewhere(window, old: str, new: str, **fields) -> None:
    """``old`` renamed ``new`` by another window (written, not yet seen by this one)."""
    them = stored(window)[old]
    renamed = replace(them, name=new, **fields)
    ops.run(window.state.workspace, store.put_person_op(window.state.project_id, renamed, old, them))


def test_a_rename_elsewhere_not_seen_yet_is_followed_when_saved(window, asked) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.percent.setValue(60)  # typed, not saved
    rename_elsewhere(window, "高橋", "高橋さん")
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    people = stored(window)
    assert asked == [] and "高橋" not in people and people["高橋さん"].percent == 60
    assert dialog.editing == "高橋さん" and dialog.name.text() == "高橋さん" and dialog.selected().name == "高橋さん"
    dialog.close()


def test_a_form_with_no_typing_shows_the_person_renamed_elsewhere(window, asked) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    rename_elsewhere(window, "高橋", "高橋さん")
    window.state.publish(ops.Change(window.state.project_id, ops.ALL_PARTS, external=True))  # seen (the watcher)
    settle(window)
    assert dialog.editing == "高橋さん" and dialog.name.text() == "高橋さん" and not dialog.typed()
    dialog.close()
    assert asked == []


def test_a_rename_elsewhere_that_changed_other_fields_too_is_asked_about(window, asked, monkeypatch) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.percent.setValue(60)
    rename_elsewhere(window, "高橋", "高橋さん", days_per_week=2)  # not the same fields: cannot be told from a removal
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    assert len(asked) == 1 and "「高橋」" in asked[0]
    assert dialog.isVisible() and dialog.percent.value() == 60 and dialog.editing == "高橋"  # Cancel: kept
    monkeypatch.setattr(messages, "ask_or_cancel", lambda *_a: False)
    dialog.close()  # asked again: let go
    assert not dialog.isVisible() and "高橋" not in stored(window)


def test_picking_another_person_with_the_question_closed_unanswered_keeps_the_form(window, asked, monkeypatch) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.percent.setValue(60)
    ops.run(window.state.workspace, store.remove_person_op(window.state.project_id, "高橋"))  # another window
    dialog.table.selectRow(dialog.model.row_of("田中"))
    assert len(asked) == 1 and dialog.editing == "高橋" and dialog.percent.value() == 60 and dialog.typed()
    assert dialog.selected() is None or dialog.selected().name != "田中"
    monkeypatch.setattr(messages, "ask_or_cancel", lambda *_a: False)
    dialog.close()


def test_the_question_answered_yes_adds_them_again_as_typed(window, asked, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_or_cancel", lambda *_a: True)
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.percent.setValue(60)
    ops.run(window.state.workspace, store.remove_person_op(window.state.project_id, "高橋"))
    dialog.reject()
    assert not dialog.isVisible() and stored(window)["高橋"].percent == 60
