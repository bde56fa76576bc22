"""fix26e: Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z inside the modal dialogs that save undo steps (People, WBS
baselines, agreement baselines, follow-ups) run the window's Undo and Redo, out of reach while the dialog
is open (app.ui.window.keys.window_steps, as the large table editor does), and the dialog shows the result."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from app.hearing.followups import follow_ups
from app.projects import baselines as bl
from app.ui import messages
from app.ui.baselines.dialog import BaselinesDialog
from app.ui.hearing.followups_dialog import FollowupsDialog, FollowupsModel
from app.ui.wbs.tracking import BaselineDialog
from app.wbs.resources import people as people_store
from app.wbs.tracking import baselines as wbs_baselines
from tests.gui_helpers import close_window, make_window, settle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def active(dialog: QWidget, qtbot) -> None:
    """The dialog shown window-modal and active (its keys answer)."""
    dialog.open()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)


def key(qtbot, widget: QWidget, letter: Qt.Key, modifiers=CTRL) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, letter, modifiers)


# --- People ---------------------------------------------------------------------------------------------


def open_people(window, qtbot):
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def test_the_people_dialog_undoes_and_redoes_a_rename_and_its_form_follows(window, qtbot) -> None:
    def names() -> set[str]:
        return {p.name for p in people_store.read(window.state.workspace, window.state.project_id)}

    dialog = open_people(window, qtbot)
    try:
        dialog.table.selectRow(dialog.model.row_of("高橋"))
        dialog.name.setFocus()
        dialog.name.end(False)
        qtbot.keyClicks(dialog.name, "X")
        key(qtbot, dialog.name, Qt.Key.Key_Z)  # the field's own typing first: the field takes it back
        assert dialog.name.text() == "高橋" and "高橋" in names()
        qtbot.keyClicks(dialog.name, "X")
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        settle(window)
        assert "高橋X" in names()
        key(qtbot, dialog.name, Qt.Key.Key_Z)  # the save
        settle(window)
        assert "高橋" in names() and "高橋X" not in names()
        assert dialog.name.text() == "高橋" and dialog.selected().name == "高橋"  # the form shows the person as stored
        assert not dialog.typed()
        key(qtbot, dialog.table, Qt.Key.Key_Y)
        settle(window)
        assert "高橋X" in names() and dialog.name.text() == "高橋X" and dialog.selected().name == "高橋X"
        key(qtbot, dialog.name, Qt.Key.Key_Z)
        key(qtbot, dialog.name, Qt.Key.Key_Z, CTRL | SHIFT)
        settle(window)
        assert "高橋X" in names() and dialog.name.text() == "高橋X"
    finally:
        dialog.reject()


def test_undo_in_the_people_dialog_keeps_what_the_form_holds_unsaved(window, qtbot) -> None:
    dialog = open_people(window, qtbot)
    try:
        dialog.table.selectRow(dialog.model.row_of("高橋"))
        dialog.percent.setValue(60)
        dialog.findChild(QPushButton, "wbsPersonSave").click()
        settle(window)
        assert people_store.by_name(people_store.read(window.state.workspace, window.state.project_id))["高橋"].percent == 60
        dialog.days.setValue(3)  # typed, not saved
        key(qtbot, dialog.name, Qt.Key.Key_Z)  # the name has nothing of its own: the window's Undo
        settle(window)
        assert people_store.by_name(people_store.read(window.state.workspace, window.state.project_id))["高橋"].percent == 100
        assert dialog.days.value() == 3 and dialog.percent.value() == 60 and dialog.typed()  # what was typed stays
    finally:
        dialog.close()  # (not reject: that would save the form)


# --- WBS baselines --------------------------------------------------------------------------------------


def test_the_wbs_baselines_dialog_undoes_and_redoes_a_save(window, qtbot, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *_a: said.append(str(error)))
    window.show_page("wbs")
    dialog = BaselineDialog(window.state, "", window.page("wbs"))
    qtbot.addWidget(dialog)
    active(dialog, qtbot)

    def saved() -> list[str]:
        return [b.name for b in wbs_baselines.baselines(wbs_baselines.read(window.state.workspace, window.state.project_id))]

    before = saved()
    dialog.name.setFocus()
    dialog.name.insert("合意版")  # typed (an input method's text)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    settle(window)  # (stored on a worker)
    assert saved() == [*before, "合意版"] and dialog.name.text() == ""
    assert said == []  # saved once (Enter never clicked Save again with the name cleared)
    key(qtbot, dialog.name, Qt.Key.Key_Z)  # the save, not the name back in the field
    assert saved() == before and dialog.name.text() == ""
    assert not dialog.list.findItems("合意版", Qt.MatchFlag.MatchExactly)  # the list shows it
    key(qtbot, dialog.list, Qt.Key.Key_Z, CTRL | SHIFT)
    assert saved() == [*before, "合意版"] and dialog.list.findItems("合意版", Qt.MatchFlag.MatchExactly)
    dialog.reject()


# --- agreement baselines --------------------------------------------------------------------------------


def test_the_agreement_baselines_dialog_undoes_a_baseline_and_a_sign_off(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "キックオフ合意")
    dialog = BaselinesDialog(window.state, window)
    qtbot.addWidget(dialog)
    active(dialog, qtbot)
    ws, pid = window.state.workspace, window.state.project_id
    dialog.create_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and dialog.table.rowCount() == 1, timeout=10000)
    dialog.who.setFocus()
    dialog.who.insert("山田")  # typed
    dialog.sign_button.click()
    qtbot.waitUntil(lambda: not dialog.busy and bool(bl.find(ws, pid, "キックオフ合意").signoffs), timeout=10000)
    key(qtbot, dialog.who, Qt.Key.Key_Z)  # the sign-off, not the name typed
    assert not bl.find(ws, pid, "キックオフ合意").signoffs and dialog.who.text() == "山田"
    qtbot.waitUntil(lambda: dialog.table.item(0, 3).text() == "", timeout=3000)
    key(qtbot, dialog.table, Qt.Key.Key_Z)  # the baseline
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=3000)
    assert not bl.baselines(ws, pid)
    key(qtbot, dialog.table, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=3000)
    dialog.busy = True  # its own work running: no step meanwhile
    steps = window.state.undo_stack.index()
    dialog.step("undoAction")
    assert window.state.undo_stack.index() == steps
    dialog.busy = False
    dialog.reject()


# --- follow-ups -----------------------------------------------------------------------------------------


def test_the_follow_ups_dialog_undoes_and_redoes_a_tick(window, qtbot) -> None:
    window.show_page("hearing")
    state = window.state
    dialog = FollowupsDialog(state, lambda: None, window.page("hearing"))  # deleted when closed
    active(dialog, qtbot)

    def done() -> int:
        return sum(1 for f in follow_ups(state.workspace, state.project_id) if f.done)

    model = dialog.model
    assert done() == 0
    assert model.setData(model.index(0, FollowupsModel.DONE), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert done() == 1
    key(qtbot, dialog.view, Qt.Key.Key_Z)
    assert done() == 0
    qtbot.waitUntil(lambda: dialog.summary.text().endswith("完了 0件"), timeout=3000)
    key(qtbot, dialog.view, Qt.Key.Key_Y)
    assert done() == 1
    qtbot.waitUntil(lambda: dialog.summary.text().endswith("完了 1件"), timeout=3000)
    dialog.close()
