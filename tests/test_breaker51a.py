"""breaker51a: every promise a message makes to the user holds (commit e054e08 split the refusal said while a big
undo or redo is stored on a worker (ui.step_running, typing "kept as a draft, saved once done" vs
ui.step_running_action "not done, do again") and while the PostgreSQL server is away (db.offline vs
db.offline_not_done)). A Japanese user with real widgets acts during a big undo held on its worker
(tests/test_breaker50d.py big_undo_held) and while the server is away. Scratch under /tmp/brk51a.

Tried / Held / Broke (kept current):

Tried: a status button of the hearing item editor, a follow-up ticked done in the follow-ups list, an
environment field's Reset (↺), an environment choice, WBS title typed + Add task, a proposal row added, End
session, all during a big undo; the status button, the price kind (System planning) and an environment Reset
while the PostgreSQL server is away. Read every run_op / edit_answer / edit_document caller not passing
action=True, and the messages / .ts strings promising 保持 / 保存します.

Held:
- an environment choice (combo) during a big undo is saved once the undo is stored;
- WBS: a title typed and Add task during a big undo are made after it, the task added once;
- proposal: a problem row added during a big undo is kept and saved (no draft left);
- End session during a big undo: not ended, said "もう一度" (the UserError escaping the slot was said in one line by
  the app's hook, no error report; the page says it itself now).

Broke (all fixed in the same session, each test failed before: a status, a follow-up done and Reset are actions,
said as not done; a price choice refused offline is kept and made once the server is back, as a big undo's was):
actions that are not typing kept as a draft still went through run_op / edit_answer / edit_document without
action=True, so they promised "saved once done / once the connection is back" and nothing ever made them:
- test_a_status_set_during_a_big_undo_is_saved_as_promised_or_said_not_done (item_editor.set_status → edit_answer);
- test_a_follow_up_ticked_done_during_a_big_undo_is_saved_as_promised_or_said_not_done (FollowupsDialog.set_done);
- test_an_environment_reset_during_a_big_undo_is_made_as_promised_or_said_not_done (ChoicesForm.reset);
- test_a_status_set_while_the_server_is_away_is_saved_once_back_as_promised (the status bar says
  接続が戻りしだい保存します while the editor's line says 保存していません);
- test_a_price_kind_chosen_while_the_server_is_away_is_saved_once_back_as_promised (choose_prices keeps a choice
  only on StepRunning; on Offline the combo goes back and nothing is made);
- test_an_environment_reset_while_the_server_is_away_is_made_once_back_as_promised.

Not tried (time-box): the follow-ups list and interview mode while the server is away (same path), review field
typing, the item editor's follow-up fields, Accept suggestions, an undo waiting (server away) made by a later
action whose own op then fails ("何も変更していません" said, the undo made).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker50d import big_undo_held

PROMISE = "終わり次第保存します"  # ui.step_running
NOT_DONE = "もう一度"  # ui.step_running_action
FOLLOWUP_ITEM = "accuracy_human"


def undo_stored(qtbot, window, gate) -> None:
    gate.release.set()
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=20000)
    settle(window)


def heard(window, said: list[str]) -> list[str]:
    window.state.problem.connect(said.append)
    return said


def test_a_status_set_during_a_big_undo_is_saved_as_promised_or_said_not_done(qtbot, db_path, big, said, monkeypatch) -> None:
    from app.hearing.model import AnswerStatus

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        state = window.state
        item = next(i for i, a in state.answers.answers(state.project_id).items() if a.status == "answered")
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        window.show_page("hearing")
        qtbot.wait(50)
        assert page.select_item(item)
        qtbot.wait(50)
        button = page.editor.findChild(QPushButton, f"status_{AnswerStatus.FOLLOW_UP.value}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        shown = page.editor.findChild(QLabel, "answerError").text()
        undo_stored(qtbot, window, gate)
        qtbot.wait(1500)  # a draft kept would be saved by now
        status = state.answers.answer(state.project_id, item).status
        promised = PROMISE in shown or any(PROMISE in s for s in said)
        assert not promised or status == AnswerStatus.FOLLOW_UP, (shown, said, status)
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_a_follow_up_ticked_done_during_a_big_undo_is_saved_as_promised_or_said_not_done(qtbot, db_path, big, said, monkeypatch) -> None:
    from app.ui.hearing.followups_dialog import FollowupsDialog, FollowupsModel
    from tests.test_followups import demo_follow_ups

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        state = window.state
        human = next(i for i in demo_follow_ups(state.workspace, state.project_id) if FOLLOWUP_ITEM in i)
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        shown: list[FollowupsDialog] = []
        monkeypatch.setattr(page, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
        page.followups_list_action.trigger()
        [dialog] = shown
        model = dialog.view.model()
        row = next(r for r in range(model.rowCount()) if model.items[r].ref.item.id == human)
        done = model.index(row, FollowupsModel.DONE)
        model.setData(done, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        undo_stored(qtbot, window, gate)
        qtbot.wait(1500)
        stored = state.answers.answer(state.project_id, human).followup_done
        promised = any(PROMISE in s for s in said)
        assert not promised or stored, (said, stored)
        dialog.close()
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_an_environment_reset_during_a_big_undo_is_made_as_promised_or_said_not_done(qtbot, db_path, big, said, monkeypatch) -> None:
    from app.environment.service import EnvironmentService
    from tests.gui_helpers import environment_page

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        state = window.state
        EnvironmentService(state.workspace).set_value(state.project_id, "gpu", "no")
        page = environment_page(window, qtbot, "experiment")
        page.refresh()
        shown: list[str] = []
        page.form.problem.connect(shown.append)
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        window.show_page("experiment")
        qtbot.wait(50)
        reset = page.form.reset_buttons["gpu"]
        assert reset.isEnabled()
        qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)
        undo_stored(qtbot, window, gate)
        qtbot.wait(1500)
        source = EnvironmentService(state.workspace).choices(state.project_id, "ja").resolved["gpu"].source
        promised = any(PROMISE in s for s in shown + said)
        assert not promised or source == "hearing", (shown, said, source)
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_an_environment_choice_during_a_big_undo_is_saved_after(qtbot, db_path, big, said, monkeypatch) -> None:
    from PySide6.QtWidgets import QComboBox

    from app.environment.service import EnvironmentService
    from tests.gui_helpers import environment_page

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        state = window.state
        page = environment_page(window, qtbot, "experiment")
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        window.show_page("experiment")
        qtbot.wait(50)
        host = page.findChild(QComboBox, "field_repo_host")
        host.setCurrentIndex(host.findData("gitlab"))
        undo_stored(qtbot, window, gate)
        qtbot.waitUntil(lambda: EnvironmentService(state.workspace).choices(state.project_id, "ja").value("repo_host") == "gitlab", timeout=8000)
        assert not [s for s in said if "CRASH" in s], said
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


# --- the PostgreSQL server away: db.offline promises "入力は保持し、接続が戻りしだい保存します" -----------------------

OFFLINE_PROMISE = "接続が戻りしだい保存します"  # db.offline


def away(qtbot, pg_server, act) -> None:
    """``act`` done with the server halted; the server back, the window given time to save what it kept."""
    pg_server.halt()
    try:
        act()
    finally:
        pg_server.resume()
    qtbot.wait(3000)


@pytest.mark.postgresql
def test_a_status_set_while_the_server_is_away_is_saved_once_back_as_promised(qtbot, pg_server, pg_url, said) -> None:
    from app.hearing.model import AnswerStatus
    from tests.test_breaker50d import pg_window

    window = pg_window(qtbot, pg_url)
    try:
        window.show_page("hearing")
        settle(window)
        page, state = window.page("hearing"), window.state
        item = next(i for i, a in state.answers.answers(state.project_id).items() if a.status == "answered")
        assert page.select_item(item)
        settle(window)
        heard(window, said)
        button = page.editor.findChild(QPushButton, f"status_{AnswerStatus.FOLLOW_UP.value}")
        away(qtbot, pg_server, lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
        shown = page.editor.findChild(QLabel, "answerError").text()
        status = state.answers.answer(state.project_id, item).status
        promised = OFFLINE_PROMISE in shown or any(OFFLINE_PROMISE in s for s in said)
        assert not promised or status == AnswerStatus.FOLLOW_UP, (shown, said, status)
    finally:
        close_window(window)


@pytest.mark.postgresql
def test_a_price_kind_chosen_while_the_server_is_away_is_saved_once_back_as_promised(qtbot, pg_server, pg_url, said) -> None:
    from PySide6.QtWidgets import QComboBox

    from app.system_planning.operations import stored_doc
    from tests.test_breaker50d import pg_window

    window = pg_window(qtbot, pg_url)
    try:
        window.show_page("system-planning")
        settle(window)
        page, state = window.page("system-planning"), window.state
        heard(window, said)
        kinds = page.findChild(QComboBox, "priceKindCombo")

        def choose() -> None:
            kinds.setCurrentIndex(2)
            kinds.activated.emit(2)

        away(qtbot, pg_server, choose)
        kind = stored_doc(state.workspace, state.project_id).get("price_kind")
        promised = any(OFFLINE_PROMISE in s for s in said)
        assert not promised or kind == "spot", (said, kind, kinds.currentText())
    finally:
        close_window(window)


@pytest.mark.postgresql
def test_an_environment_reset_while_the_server_is_away_is_made_once_back_as_promised(qtbot, pg_server, pg_url, said) -> None:
    from app.environment.service import EnvironmentService
    from tests.gui_helpers import environment_page
    from tests.test_breaker50d import pg_window

    window = pg_window(qtbot, pg_url)
    try:
        state = window.state
        EnvironmentService(state.workspace).set_value(state.project_id, "gpu", "no")
        page = environment_page(window, qtbot, "experiment")
        page.refresh()
        settle(window)
        shown: list[str] = []
        page.form.problem.connect(shown.append)
        heard(window, said)
        reset = page.form.reset_buttons["gpu"]
        away(qtbot, pg_server, lambda: qtbot.mouseClick(reset, Qt.MouseButton.LeftButton))
        source = EnvironmentService(state.workspace).choices(state.project_id, "ja").resolved["gpu"].source
        promised = any(OFFLINE_PROMISE in s for s in shown + said)
        assert not promised or source == "hearing", (shown, said, source)
    finally:
        close_window(window)


# --- typing and WBS edits during a big undo (held: saved after, once) ------------------------------------------


def test_wbs_add_and_a_title_typed_during_a_big_undo_are_made_once_after(qtbot, db_path, big, said, monkeypatch) -> None:
    from app.wbs.service import WbsService
    from tests.test_breaker43a import INDEX

    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        state = window.state
        gate = big_undo_held(qtbot, window, monkeypatch)
        page = window.page("wbs")
        before = len(WbsService(state.workspace.db).tree(state.project_id).tasks)
        tree = page.model.tree
        leaf = next(t for t in tree.walk() if not tree.has_children(t.id))
        page.model.setData(page.model.index_of(leaf.id, INDEX["title"]), "大きな取り消し中に直した件名")  # (False: kept waiting)
        qtbot.wait(50)
        page.select_task(leaf.id)
        page.actions_by_name["add"].trigger()
        qtbot.wait(50)
        undo_stored(qtbot, window, gate)
        qtbot.wait(3000)
        settle(window)
        now = WbsService(state.workspace.db).tree(state.project_id)
        assert now.tasks[leaf.id].title == "大きな取り消し中に直した件名", said
        assert len(now.tasks) == before + 1, (before, len(now.tasks), said)
        assert not [s for s in said if "CRASH" in s], said
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


def test_a_proposal_row_added_during_a_big_undo_is_saved_after(qtbot, db_path, big, said, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        state = window.state
        window.show_page("proposal")
        proposal = window.page("proposal")
        qtbot.waitUntil(lambda: proposal.preview.shown_generation > 0, timeout=5000)
        settle(window)

        from app.proposal.service import ProposalService

        stored = lambda: len(ProposalService(state.documents).load(state.project_id).rows or [])  # noqa: E731
        rows, kept = proposal.problems.model.rowCount(), stored()
        gate = big_undo_held(qtbot, window, monkeypatch)
        window.show_page("proposal")
        qtbot.wait(50)
        qtbot.mouseClick(proposal.findChild(QPushButton, "addCustomRowButton"), Qt.MouseButton.LeftButton)
        qtbot.wait(50)
        assert proposal.problems.model.rowCount() == rows + 1
        undo_stored(qtbot, window, gate)
        qtbot.wait(3000)
        settle(window)
        window.show_page("wbs")
        window.show_page("proposal")
        settle(window)
        assert proposal.problems.model.rowCount() == rows + 1, said
        assert stored() > kept, (kept, stored(), said)
        assert not proposal.draft_line.isVisible(), said
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)


@pytest.mark.qt_no_exception_capture  # (a UserError escaping a slot is said in one line by the app's hook)
def test_end_session_during_a_big_undo_says_not_done_without_an_error_report(qtbot, db_path, big, said, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    gate = None
    try:
        state = window.state
        window.show_page("hearing")
        settle(window)
        page = window.page("hearing")
        state.sessions.start(state.project_id)
        page._update_session()
        assert page.end_session_button.isEnabled()
        gate = big_undo_held(qtbot, window, monkeypatch)
        heard(window, said)
        window.show_page("hearing")
        qtbot.wait(50)
        qtbot.mouseClick(page.end_session_button, Qt.MouseButton.LeftButton)
        undo_stored(qtbot, window, gate)
        assert state.sessions.current(state.project_id) is not None  # not ended
        assert [s for s in said if NOT_DONE in s] and not [s for s in said if PROMISE in s or "CRASH" in s], said
    finally:
        if gate is not None:
            gate.release.set()
        close_window(window)
