"""fix27d: Ctrl+Z in an editable combo box, a spin box or a date edit is asked by the history of the line
inside it (app/ui/window/keys.py text_field): nothing of its own to undo, the window's Undo acts, and
forget_own_steps clears that line's history once its value is saved. The People dialog forgets its
fields' own steps after a save, keeps typing for the person an undone rename gave back, and asks once,
by name, about a person removed meanwhile (added again as typed, or the typing let go): never a refusal
that keeps Close from closing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLineEdit, QPushButton, QSpinBox, QWidget

from app.core import operations as ops
from app.ui import messages
from app.ui.window.keys import FieldUndoKeys, forget_own_steps, text_field
from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window, settle

CTRL = Qt.KeyboardModifier.ControlModifier


def editable_combo() -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    return combo


@pytest.mark.parametrize("make", [editable_combo, QSpinBox, QDateEdit])
def test_a_box_is_asked_by_its_inner_lines_history(qtbot, make) -> None:
    box: QWidget = make()
    qtbot.addWidget(box)
    box.show()
    line = text_field(box)
    assert isinstance(line, QLineEdit) and line.parentWidget() is box
    keys = FieldUndoKeys()
    box.installEventFilter(keys)

    def override() -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, Qt.Key.Key_Z, CTRL)
        event.setAccepted(False)
        QApplication.sendEvent(box, event)
        return event.isAccepted()

    assert not override()  # nothing of its own to undo: the window's Undo
    box.setFocus()
    line.end(False)
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(box, "1")
    assert line.isUndoAvailable() and override()  # its own typing first: the box keeps the key
    text = line.text()
    forget_own_steps(box)  # saved
    assert not line.isUndoAvailable() and line.text() == text and not override()


def test_a_box_that_is_not_typed_in_has_no_text_field(qtbot) -> None:
    combo, spin = QComboBox(), QSpinBox()
    qtbot.addWidget(combo)
    qtbot.addWidget(spin)
    spin.setReadOnly(True)
    assert text_field(combo) is None and text_field(spin) is None


# --- the People dialog -----------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_or_cancel", lambda *_a, **_k: True)  # the removed-person question: Yes
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def said(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *_a: shown.append(str(error)))
    return shown


def open_people(window):
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())


def stored(window) -> dict[str, store.Person]:
    return store.by_name(store.read(window.state.workspace, window.state.project_id))


def test_the_fields_own_steps_go_after_a_save(window, qtbot, said) -> None:
    dialog = open_people(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    for box, typed in ((dialog.days, "3"), (dialog.percent, "70"), (dialog.days_off, "2026/12/28")):
        box.setFocus()
        text_field(box).selectAll()
        qtbot.keyClicks(QApplication.focusWidget(), typed)
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    person = stored(window)["高橋"]
    assert said == [] and (person.days_per_week, person.percent, len(person.days_off)) == (3, 70, 1)
    assert not any(text_field(field).isUndoAvailable() for field in (dialog.name, dialog.days, dialog.percent, dialog.days_off))
    dialog.close()


def test_typing_for_a_person_an_undo_renamed_keeps_a_name_typed_over(window, said) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.name.setText("高橋X")
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    dialog.name.setText("高橋Z")  # typed, not saved
    window.undo_action.trigger()  # the rename
    settle(window)
    assert "高橋" in stored(window) and dialog.name.text() == "高橋Z" and dialog.editing == "高橋"
    dialog.reject()  # saves the form: 高橋 renamed 高橋Z
    assert said == [] and "高橋Z" in stored(window) and "高橋" not in stored(window) and not dialog.isVisible()


def test_a_person_removed_elsewhere_is_asked_about_once_and_close_lets_the_typing_go(window, said, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_or_cancel", lambda _parent, _title, text: bool(asked.append(text)))  # No
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.percent.setValue(60)
    ops.run(window.state.workspace, store.remove_person_op(window.state.project_id, "高橋"))  # another window, not seen yet
    dialog.reject()  # Close / Escape
    assert len(asked) == 1 and "「高橋」" in asked[0] and said == []
    assert not dialog.isVisible() and "高橋" not in stored(window)


def test_a_person_an_undo_removed_is_added_again_as_typed_when_asked(window, said) -> None:
    dialog = open_people(window)
    dialog.new_person()
    dialog.name.setText("伊藤")
    dialog.findChild(QPushButton, "wbsPersonSave").click()
    assert "伊藤" in stored(window)
    dialog.percent.setValue(60)  # typed, not saved
    window.undo_action.trigger()  # the person added: gone
    settle(window)
    assert "伊藤" not in stored(window) and dialog.percent.value() == 60
    dialog.table.selectRow(dialog.model.row_of("田中"))  # saved first: asked (Yes), added as typed
    assert said == [] and stored(window)["伊藤"].percent == 60
    assert dialog.name.text() == "田中" and dialog.selected().name == "田中"
    dialog.reject()
    assert not dialog.isVisible()
