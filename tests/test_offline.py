"""The window offline (issue 18): the PostgreSQL server goes away while the user types.

A real server is stopped (``pg_ctl stop``) while the window has typed an answer, edited a WBS cell
and typed in the proposal: each edit is kept as a draft, the status bar says the window is offline
and how many edits wait, nothing is dropped and no crash dialog shows. The server is started again:
the window's retries commit every edit once, and the status bar says saved.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy.engine import make_url

from app.proposal.service import ProposalService
from app.ui import messages
from app.ui.operations import Offline
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window
from tests.test_breaker_nothing_lost import wbs_task, wbs_view_index
from tests.test_nothing_lost_gui import BACKGROUND, open_item, stored, type_answer

pytestmark = pytest.mark.postgresql

TASK = "2. Document management"


def _saved_again(window, qtbot) -> None:
    """The retries (every 2 s) reach the started server: the status bar says saved, not offline."""
    qtbot.waitUntil(lambda: window.save_label.text().startswith("Saved"), timeout=15000)
    assert not window.state.offline


def test_edits_made_while_the_server_is_down_wait_and_are_saved_once_when_it_is_back(qtbot, pg_server, pg_url, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, text, *a, **k: told.append(str(text)))
    pg_server.make_durable(make_url(pg_url).database)  # a commit survives halt("immediate")
    window = make_window(qtbot, pg_url, first_start=True)
    try:
        state = window.state
        pid = state.project_id
        type_answer(window, qtbot, BACKGROUND, "オンラインで入力")  # saved while the server is up
        steps = state.undo_stack.count()

        # --- the hearing: an answer typed while the server is down --------------------------------
        editor = open_item(window, qtbot, BACKGROUND)
        pg_server.halt("fast")
        try:
            field = editor.editors["value"].edit
            field.selectAll()
            field.insertPlainText("オフライン中の回答")
            assert not editor.flush()  # not saved: kept as a draft
            assert "オフライン" in editor.error_label.text() or "offline" in editor.error_label.text().lower()
            assert field.toPlainText() == "オフライン中の回答"
            assert window.save_label.text() == "Offline: 1 edit waiting"
            # undo while offline takes back the typing waiting (the last thing done), never the saved step before
            state.undo_stack.undo()
            qtbot.wait(50)
            assert field.toPlainText() == "オンラインで入力" and "1 edit" not in window.save_label.text()
            assert state.undo_stack.canUndo() and state.undo_stack.index() == state.undo_stack.count() == steps
            field.selectAll()
            field.insertPlainText("オフライン中の回答")  # typed again: waits for the server
            assert not editor.flush()
            assert window.save_label.text() == "Offline: 1 edit waiting"
            qtbot.wait(2500)  # a retry while still down: nothing changes, nothing is dropped
            assert window.save_label.text() == "Offline: 1 edit waiting"
        finally:
            pg_server.resume()
        _saved_again(window, qtbot)
        assert stored(window, BACKGROUND).value == "オフライン中の回答"
        history = [h.value for h in state.answers.history(pid, BACKGROUND)]
        assert history.count("オフライン中の回答") == 1 and history.count("オンラインで入力") == 1
        assert state.undo_stack.count() == steps + 1  # one step, not two

        # --- the WBS: a cell edited while the server is down ----------------------------------------
        window.show_page("wbs")
        wbs = window.page("wbs")
        task = wbs_task(wbs, TASK)
        index = wbs_view_index(wbs, task, "completion_condition")
        wbs.tree.setCurrentIndex(index)
        wbs.tree.edit(index)
        cell = wbs.tree.findChild(QLineEdit, "wbsEditor_completion_condition")
        cell.setText("オフライン中の完了条件")
        pg_server.halt("immediate")
        try:
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: bool(told), timeout=5000)
            assert "オフライン" in told[0] or "offline" in told[0].lower()  # what the page said: kept, offline
            shown = wbs.model.data(wbs.model.index_of(task, INDEX["completion_condition"]))
            assert shown == "オフライン中の完了条件"  # the table shows what was typed
            assert window.save_label.text() == "Offline: 1 edit waiting"
        finally:
            pg_server.resume()
        _saved_again(window, qtbot)
        assert wbs.service.tree(pid).tasks[task].completion_condition == "オフライン中の完了条件"
        assert state.undo_stack.count() == steps + 2

        # --- the proposal: typing while the server is down ------------------------------------------
        window.show_page("proposal")
        proposal = window.page("proposal")
        qtbot.waitUntil(lambda: proposal.inputs is not None, timeout=10000)
        section = next(iter(proposal.sections.editors))
        edit = proposal.sections.editor(section).edit
        edit.setFocus()
        edit.selectAll()
        pg_server.halt("fast")
        try:
            edit.insertPlainText("オフライン中に書いた提案")
            qtbot.waitUntil(lambda: state.offline, timeout=5000)
            assert window.save_label.text() == "Offline: 1 edit waiting"
            assert edit.toPlainText() == "オフライン中に書いた提案"
        finally:
            pg_server.resume()
        _saved_again(window, qtbot)
        doc = ProposalService(state.documents).load(pid)
        assert doc.texts[section][proposal.lang] == "オフライン中に書いた提案"
        assert state.undo_stack.count() == steps + 3  # one step per edit, none twice
    finally:
        close_window(window)


def test_offline_is_a_busy_database_to_the_pages_and_says_so(pg_server, pg_url, library) -> None:
    """The single place: a lost server becomes Offline (a DatabaseBusy), a wrong password does not."""
    from app.core import operations as ops
    from app.core.errors import DatabaseBusy, UserError
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.hearing import operations as hearing_ops
    from app.ui.error_text import user_text
    from app.ui.operations import _run

    pg_server.make_durable(make_url(pg_url).database)
    ws = Workspace.open(pg_url, library)
    try:
        pid = ProjectService(ws.db).create("オフライン").id
        pg_server.halt("immediate")
        try:
            with pytest.raises(Offline) as offline:
                _run(ws, hearing_ops.update_answer(pid, BACKGROUND, note="x"))
        finally:
            pg_server.resume()
        assert isinstance(offline.value, DatabaseBusy)
        assert offline.value.cause.key in ("db.server_unreachable", "db.connection_lost")
        line = user_text(offline.value, "ja", library)
        assert line.startswith("オフライン: データベースサーバーに接続できません") and "\n" not in line
        assert "busy" not in user_text(offline.value, "en", library)
        refused = UserError(key="db.auth_failed", user="kickoff", url="postgresql://kickoff@host/db")
        assert not isinstance(refused, DatabaseBusy)  # said as it is, never retried
        assert _run(ws, hearing_ops.update_answer(pid, BACKGROUND, note="戻った")).changed  # reconnected
        assert ops.run(ws, hearing_ops.update_answer(pid, BACKGROUND, note="次")).changed
    finally:
        ws.close()
