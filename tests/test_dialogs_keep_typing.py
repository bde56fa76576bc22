"""The small dialogs keep what was typed: a long paste whole (never cut at Qt's 32,767 characters),
a value the core refuses said naming the field while the dialog stays open with it (the hearing
session's title, the project's Properties, the People dialog, a baseline's name, a sign-off, the
predecessors chosen with a lag out of range)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QPushButton, QTableWidget

from app.core.limits import TextTooLong
from app.hearing.sessions import MAX_TITLE, SessionService
from app.projects import baselines as bl
from app.ui import messages
from app.ui.hearing.dialogs import SessionDialog
from app.ui.projects.properties import ProjectPropertiesDialog
from app.ui.wbs.tracking import BaselineDialog
from app.wbs.model import format_dependencies
from app.wbs.service import WbsService
from tests.gui_helpers import settle, wbs_find

LONG = 40_000  # over a bare QLineEdit's 32,767


def paste(line: QLineEdit, text: str) -> None:
    QApplication.clipboard().setText(text)
    line.setFocus()
    line.selectAll()
    line.paste()


@pytest.fixture
def window(japanese_window):
    return japanese_window


def test_a_session_title_too_long_is_said_naming_it_and_the_dialog_stays_open(window, qtbot, said) -> None:
    dialog = SessionDialog(2, window)
    qtbot.addWidget(dialog)
    paste(dialog.title, "題" * LONG)
    assert len(dialog.title.text()) == LONG
    dialog.show()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert len(said) == 1 and "セッションのタイトル" in said[0] and "40,000" in said[0], said
    assert len(dialog.title.text()) == LONG  # kept as typed
    dialog.title.setText("第2回ヒアリング")
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_core_refuses_a_session_title_too_long(workspace, demo) -> None:
    sessions = SessionService(workspace.db)
    with pytest.raises(TextTooLong) as refused:
        sessions.start(demo.id, title="x" * (MAX_TITLE + 1))
    assert "Session title" in refused.value.text("en")
    started = sessions.start(demo.id, title="  " + "x" * MAX_TITLE + " ")
    assert started.title == "x" * MAX_TITLE
    with pytest.raises(TextTooLong):
        sessions.update(demo.id, started.number, title="y" * (MAX_TITLE + 1))


def test_properties_take_a_long_paste_whole_and_say_what_is_too_long(window, qtbot, said) -> None:
    dialog = ProjectPropertiesDialog(window.state, window)
    qtbot.addWidget(dialog)
    paste(dialog.customer, "顧" * LONG)
    paste(dialog.name, "名" * LONG)
    assert (len(dialog.name.text()), len(dialog.customer.text())) == (LONG, LONG)
    dialog.show()
    dialog.apply()
    assert dialog.isVisible() and len(said) == 1 and "プロジェクト名" in said[0], said
    assert len(dialog.name.text()) == LONG
    dialog.name.setText("短い名前")
    dialog.apply()
    assert window.state.projects.get(window.state.project_id).customer == "顧" * LONG  # whole, under 100,000


def test_the_people_dialog_takes_a_long_name_whole(window, qtbot, said) -> None:
    from app.ui.wbs.resources.people import PeopleDialog
    from app.wbs.catalog import catalog

    window.show_page("wbs")
    dialog = PeopleDialog(window.state, catalog(window.state.workspace.library), window)
    qtbot.addWidget(dialog)
    paste(dialog.name, "人" * LONG)
    paste(dialog.days_off, "2026/12/29, " * 4000)
    assert len(dialog.name.text()) == LONG and len(dialog.days_off.text()) > 32_767
    dialog.save()
    assert len(said) == 1 and "80" in said[0], said  # the name's limit, said
    assert len(dialog.name.text()) == LONG


def test_a_wbs_baseline_name_too_long_is_kept_and_said(window, qtbot, said) -> None:
    window.show_page("wbs")
    dialog = BaselineDialog(window.state, "", window)
    qtbot.addWidget(dialog)
    paste(dialog.name, "基" * LONG)
    dialog.save()
    assert len(said) == 1 and "80" in said[0], said
    assert len(dialog.name.text()) == LONG


def test_an_agreement_baseline_name_refused_is_asked_again_as_typed(window, qtbot, said, monkeypatch) -> None:
    asked: list[str] = []
    answers = iter(["合" * 100, None])
    monkeypatch.setattr(messages, "ask_text", lambda _p, _t, _l, text="": asked.append(text) or next(answers))

    def run(dialog: QDialog) -> int:
        dialog.findChild(QPushButton, "baselineCreateButton").click()
        dialog.reject()
        return dialog.result()

    window.exec_dialog = run
    window.menuBar().findChild(QAction, "baselinesAction").trigger()
    assert len(asked) == 2 and asked[1] == "合" * 100  # asked again with the name as typed
    assert len(said) == 1 and "80" in said[0], said
    assert bl.baselines(window.state.workspace, window.state.project_id) == []


def test_a_sign_off_name_too_long_is_said_and_kept(window, qtbot, said, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "キックオフ合意")
    seen: dict[str, int] = {}

    def run(dialog: QDialog) -> int:
        create = dialog.findChild(QPushButton, "baselineCreateButton")
        create.click()
        table = dialog.findChild(QTableWidget, "baselinesTable")
        qtbot.waitUntil(lambda: table.rowCount() == 1 and create.isEnabled(), timeout=10000)
        who = dialog.findChild(QLineEdit, "signWhoEdit")
        paste(who, "山" * LONG)
        dialog.findChild(QPushButton, "baselineSignButton").click()
        qtbot.waitUntil(lambda: create.isEnabled(), timeout=10000)
        seen["who"] = len(who.text())
        dialog.reject()
        return dialog.result()

    window.exec_dialog = run
    window.menuBar().findChild(QAction, "baselinesAction").trigger()
    assert seen["who"] == LONG
    assert len(said) == 1 and "氏名" in said[0], said
    assert bl.find(window.state.workspace, window.state.project_id, "キックオフ合意").signoffs == ()


def test_a_lag_out_of_range_keeps_the_predecessor_dialog_open_with_the_ticks(window, qtbot, said, monkeypatch) -> None:
    window.show_page("wbs")
    page = window.page("wbs")
    task, before = wbs_find(page, "WBS作成"), wbs_find(page, "背景と課題・対策案の整理")
    seen: dict[str, object] = {}

    def run(dialog: QDialog) -> int:
        item = next(dialog.list.item(n) for n in range(dialog.list.count()) if dialog.list.item(n).data(Qt.ItemDataRole.UserRole) == before)
        item.setCheckState(Qt.CheckState.Checked)
        dialog.lag.setValue(300)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        dialog.show()
        ok.click()
        seen["open"] = dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        seen["said"] = list(said)
        seen["ticked"] = item.checkState() == Qt.CheckState.Checked and dialog.lag.value() == 300
        dialog.lag.setValue(3)
        ok.click()
        return dialog.result()

    monkeypatch.setattr(page, "exec_dialog", run)
    page.select_task(task)
    page.pick_predecessors()
    settle(window)
    assert seen["open"] and seen["ticked"], seen
    [refusal] = seen["said"]
    assert "WBS作成" in refusal and "-60" in refusal and "250" in refusal, refusal
    tree = WbsService(window.state.workspace.db).tree(window.state.project_id)
    assert "1.1+3" in format_dependencies(tree.tasks[task], tree)


def test_a_text_asked_for_takes_a_long_paste_whole(qtbot, monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    def get_text(parent, title, label, mode, text):  # Qt's static call, as it runs the dialog
        dialog = QInputDialog(parent)
        dialog.setLabelText(label)
        dialog.setTextValue(text)

        def type_and_ok() -> None:
            line = dialog.findChild(QLineEdit)
            line.setText(line.text() + "—")
            line.end(False)
            QApplication.clipboard().setText("名" * LONG)
            line.paste()
            dialog.accept()

        QTimer.singleShot(0, type_and_ok)  # after ask_text's own (timers of 0 ms run in order)
        return dialog.textValue() if dialog.exec() else "", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    asked = messages.ask_text(None, "t", "l", "x" * LONG)
    assert asked == "x" * LONG + "—" + "名" * LONG
