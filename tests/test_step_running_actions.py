"""An action (a button, a dialog's Save) refused because a big undo or redo is being stored says it was not done,
to do again once the step is stored; only typing, which pages keep as a draft and save by themselves, is promised
to be saved once it is done (app/ui/operations.py run_op's ``action``; ``ui.step_running_action``).

Each test holds a big undo on its worker (tests/test_breaker50d.py big_undo_held), does the action as a Japanese
user does, lets the undo finish and checks: the action was not made, and nothing said promised it would be.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton, QTableView

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker50d import big_undo_held

PROMISE = "終わり次第保存します"  # ui.step_running (typing kept as a draft, saved by the page)
NOT_DONE = "もう一度"  # ui.step_running_action


def heard(window, said: list[str]) -> list[str]:
    """What the window says (message boxes, the status bar's problems) from now on."""
    window.state.problem.connect(said.append)
    return said


def undo_stored(qtbot, window, gate) -> None:
    gate.release.set()
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=20000)
    settle(window)


def test_holidays_added_during_a_big_undo_say_not_done_and_keep_the_typing(qtbot, db_path, big, said, monkeypatch) -> None:
    from app.ui.window.holidays_tab import HolidaysTab
    from app.wbs import company_calendar as cc

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        gate = big_undo_held(qtbot, window, monkeypatch)
        tab = HolidaysTab(window.state)
        tab.date_edit.setDate(QDate(2027, 8, 13))
        tab.findChild(QLineEdit, "holidayName").setText("夏季休業")
        qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
        shown = tab.findChild(QLabel, "holidayMessage").text()
        undo_stored(qtbot, window, gate)
        assert QDate(2027, 8, 13).toPython() not in cc.holidays(window.state.workspace.db)
        assert PROMISE not in shown and NOT_DONE in shown, shown
        assert tab.findChild(QLineEdit, "holidayName").text() == "夏季休業"  # to add again as typed
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_make_a_wbs_task_during_a_big_undo_says_not_done(qtbot, db_path, big, said, monkeypatch) -> None:
    from tests.test_review_page import choose, stored

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        window.show_page("review")
        qtbot.wait(50)  # (not settle: the undo held is background work)
        page = window.page("review")
        chooser = page.findChild(QListWidget, "reviewChecklists")
        qtbot.waitUntil(lambda: any(chooser.item(r).data(Qt.ItemDataRole.UserRole) == "qa4ai" for r in range(chooser.count())),
                        timeout=10000)  # (its checklists read: slower under load)
        choose(window, "qa4ai")
        page.select_item("qa4ai.model_robustness")
        qtbot.mouseClick(page.findChild(QPushButton, "reviewMakeTaskButton"), Qt.MouseButton.LeftButton)
        undo_stored(qtbot, window, gate)
        assert stored(window, "qa4ai", "qa4ai.model_robustness").answer.task_uid is None  # not made
        assert said and not [s for s in said if PROMISE in s], said
        assert [s for s in said if NOT_DONE in s], said
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_mark_reviewed_during_a_big_undo_says_not_done(qtbot, db_path, big, said, monkeypatch) -> None:
    from app.core import operations as ops
    from app.hearing import operations as hearing_ops
    from app.hearing.answers import AnswerService
    from app.projects import suspects as core
    from app.wbs.service import WbsService

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        ws, project = window.state.workspace, window.state.project_id
        wbs = WbsService(ws.db)
        task = next(t for t in wbs.tree(project).tasks.values()
                    if t.origin.answers and t.origin.answers[0].get("item", "").startswith("hearing.scope."))  # fmt: skip
        item = task.origin.answers[0]["item"]
        wbs.update(project, [task.id], agreed=True)
        first = AnswerService(ws.db, ws.library).answer(project, item).value
        ops.run(ws, hearing_ops.update_answer(project, item, value="out" if first != "out" else "now"))
        window.state.publish(ops.Change(project, frozenset(ops.ALL_PARTS), external=True))
        settle(window)
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        window.findChild(QAction, "suspectLinksAction").trigger()
        qtbot.waitUntil(lambda: window.findChild(QLabel, "suspectStatus") is not None)
        dialog = window.findChild(QLabel, "suspectStatus").parent()
        table = dialog.findChild(QTableView, "suspectTable")

        def rows() -> list[int]:  # (the dialog reads its rows on a worker: under load they come after a while)
            return [r for r in range(table.model().rowCount()) if task.title in (table.model().index(r, 1).data() or "")]

        qtbot.waitUntil(lambda: bool(rows()), timeout=15000)
        row = rows()[0]
        table.selectRow(row)
        qtbot.mouseClick(dialog.findChild(QPushButton, "suspectReview"), Qt.MouseButton.LeftButton)
        undo_stored(qtbot, window, gate)
        assert [s for s in core.suspects(ws, project) if s.dependent.task_id == task.id]  # not cleared
        assert said and not [s for s in said if PROMISE in s], said
        assert [s for s in said if NOT_DONE in s], said
        dialog.close()
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_a_baseline_created_during_a_big_undo_says_not_done(qtbot, db_path, big, said, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from app.projects import baselines as bl

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        before = len(bl.baselines(window.state.workspace, window.state.project_id))
        seen: list[QDialog] = []
        window.exec_dialog = lambda dialog: seen.append(dialog) or dialog.show() or 0
        window.findChild(QAction, "baselinesAction").trigger()
        dialog = seen[0]
        from app.ui import messages

        monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "合意版")  # the name asked, typed and OK
        qtbot.mouseClick(dialog.findChild(QPushButton, "baselineCreateButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(said), timeout=5000)
        undo_stored(qtbot, window, gate)
        assert len(bl.baselines(window.state.workspace, window.state.project_id)) == before
        assert not [s for s in said if PROMISE in s], said
        assert [s for s in said if NOT_DONE in s], said
        dialog.close()
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)



@pytest.mark.postgresql
def test_a_holiday_added_while_the_server_is_away_says_not_done(qtbot, pg_server, pg_url, said) -> None:
    """The same for a server out of reach: an action is not kept to retry, so it says nothing was changed
    (``db.offline_not_done``), not that it is saved once the connection is back (typing's ``db.offline``)."""
    from app.ui.window.holidays_tab import HolidaysTab
    from app.wbs import company_calendar as cc
    from tests.test_breaker50d import pg_window

    window = pg_window(qtbot, pg_url)
    try:
        tab = HolidaysTab(window.state)
        tab.date_edit.setDate(QDate(2027, 8, 13))
        tab.findChild(QLineEdit, "holidayName").setText("夏季休業")
        pg_server.halt()
        try:
            qtbot.mouseClick(tab.findChild(QPushButton, "addHoliday"), Qt.MouseButton.LeftButton)
            shown = tab.findChild(QLabel, "holidayMessage").text()
        finally:
            pg_server.resume()
        assert "何も変更していません" in shown and "保存します" not in shown, shown
        assert tab.findChild(QLineEdit, "holidayName").text() == "夏季休業"
        qtbot.wait(1500)  # the server back: nothing was kept to be made by itself
        assert QDate(2027, 8, 13).toPython() not in cc.holidays(window.state.workspace.db)
    finally:
        close_window(window)


def test_a_session_started_during_a_big_undo_keeps_its_form_for_ok_once_done(qtbot, db_path, big, said, monkeypatch) -> None:
    """Start session's OK during a big undo: said as not done, the dialog stays open with the title and attendees
    typed (they were lost with the dialog closed); OK once the undo is stored starts it."""
    from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

    from app.ui.hearing.dialogs import SessionDialog

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        window.show_page("hearing")
        settle(window)
        page = window.page("hearing")
        started: list[dict] = []

        def ask(cls, number, parent=None):
            dialog = cls(number, parent, parent.session_clash)
            dialog.findChild(QLineEdit, "sessionTitle").setText("第3回ヒアリング: データと環境")
            dialog.findChild(QPlainTextEdit, "sessionAttendees").setPlainText("佐藤\n鈴木")
            dialog.show()
            ok = dialog.findChild(QDialogButtonBox, "sessionButtons").button(QDialogButtonBox.StandardButton.Ok)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # during the big undo
            assert dialog.isVisible() and dialog.findChild(QLineEdit, "sessionTitle").text() == "第3回ヒアリング: データと環境"
            undo_stored(qtbot, window, gate)
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # once it is stored
            assert not dialog.isVisible()
            started.append(dialog.values())
            return dialog.values() if dialog.result() == 1 else None

        monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
        gate = big_undo_held(qtbot, window, monkeypatch)
        window.show_page("hearing")
        page.start_session()
        settle(window)
        running = window.state.sessions.current(window.state.project_id)
        assert running is not None and running.title == "第3回ヒアリング: データと環境", running
        assert [s for s in said if NOT_DONE in s] and not [s for s in said if PROMISE in s], said
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)
