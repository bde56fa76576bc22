"""A dialog's draft kept by a window killed right after the dialog's operation committed (before the window dropped
the draft) is not offered again as unsaved when what it would record is stored already: Start session (ヒアリングを開始)
would start a second session of the same date, title and attendees, 合意を記録 a second signer twice. The next window
drops it at start (its status bar counts none), or the dialog when it opens; one not recorded is given back as ever."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

import app.ui.hearing.page as hearing_page
from app.core import operations as ops
from app.core.errors import UserError
from app.hearing import operations as hearing_ops
from app.ui.hearing.dialogs import SessionDialog
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, make_window, settle
from tests.test_dialog_drafts import ok
from tests.test_drafts_on_disk_pages import COUNTED, crash, kept_drafts

TITLE, ATTENDEES = "第3回ヒアリング: データと環境", "佐藤\n鈴木"


def _started_then_killed(qtbot, db_path, monkeypatch) -> int:
    """Start session's OK typed and the session started; the window killed before it dropped the dialog's draft."""
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("hearing")
    settle(window)
    page, pid = window.page("hearing"), window.state.project_id
    if window.state.sessions.current(pid) is not None:
        page.end_session()
    before = len(window.state.sessions.list(pid))

    def ask(cls, number, parent=None):
        dialog = cls(number, parent, parent.session_clash)
        dialog.show()
        dialog.findChild(QLineEdit, "sessionTitle").setText(TITLE)
        dialog.findChild(QPlainTextEdit, "sessionAttendees").setPlainText(ATTENDEES)
        ok(dialog, "sessionButtons")  # (OK at once: the typing is kept on disk as it is accepted)
        return dialog.values() if dialog.result() == 1 else None

    real_ask, real_drop = SessionDialog.__dict__["ask"], hearing_page.drop_dialog_draft
    monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
    monkeypatch.setattr(hearing_page, "drop_dialog_draft", lambda *_a: None)  # killed first: never reached
    page.start_session()
    assert [s.title for s in window.state.sessions.list(pid)][before:] == [TITLE]
    assert [d for d in kept_drafts() if d["item_id"] == "dialog:session"]
    crash(window)
    monkeypatch.setattr(SessionDialog, "ask", real_ask)
    monkeypatch.setattr(hearing_page, "drop_dialog_draft", real_drop)
    return pid


def test_a_session_started_by_a_window_killed_before_it_dropped_the_draft_is_not_offered_again(qtbot, db_path, monkeypatch) -> None:
    pid = _started_then_killed(qtbot, db_path, monkeypatch)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        settle(window)
        page = window.page("hearing")
        assert window.state.sessions.current(pid).title == TITLE  # it was started
        page.end_session()  # the hearing goes on; a next session, later
        settle(window)
        shown: list[tuple[str, str]] = []

        def ask(cls, number, parent=None):
            dialog = cls(number, parent, parent.session_clash)
            dialog.show()
            shown.append((dialog.title.text(), dialog.attendees.toPlainText()))
            if dialog.title.text() != TITLE:  # (only the typing given back is started again here, as its note says)
                dialog.reject()
                return None
            ok(dialog, "sessionButtons")
            return dialog.values() if dialog.result() == 1 else None

        monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
        page.start_session()
        settle(window)
        assert [s.title for s in window.state.sessions.list(pid)].count(TITLE) == 1
        assert shown == [("", "")], shown
        assert not [d for d in kept_drafts() if d["item_id"] == "dialog:session"]
    finally:
        close_window(window)


def _session_dialog_over_a_kept_draft(qtbot, db_path, typed_after: bool):
    """A window whose drafts hold a Start session typing a window gone kept, typed for the session started last (with
    what was typed), or for the one after it (``typed_after``). The Start session dialog opened."""
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("hearing")
    settle(window)
    pid, page = window.state.project_id, window.page("hearing")
    if window.state.sessions.current(pid) is not None:
        page.end_session()
    ops.run(window.state.workspace, hearing_ops.start_session(pid, held_on=dt.date(2027, 4, 1), title=TITLE, attendees=["佐藤", "鈴木"]))
    settle(window)
    started = window.state.sessions.current(pid).number
    typed = {"date": "2027-04-01", "title": TITLE, "attendees": ATTENDEES}
    drafts_of(window.state).put(pid, "dialog:session", typed, UserError(key="ui.dialog_typing", dialog="ヒアリングを開始"),
                                base={"number": started + 1 if typed_after else started})
    page.end_session()
    dialog = SessionDialog(started + 1, page, page.session_clash)
    dialog.show()
    qtbot.waitExposed(dialog)
    return window, dialog, pid, started


def _notes(dialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel) if label.isVisible() and label.text()]


def test_a_session_draft_found_started_is_dropped_by_the_dialog_and_said(qtbot, db_path) -> None:
    window, dialog, pid, started = _session_dialog_over_a_kept_draft(qtbot, db_path, typed_after=False)
    try:
        assert (dialog.title.text(), dialog.attendees.toPlainText()) == ("", "")
        assert drafts_of(window.state).get(pid, "dialog:session") is None
        said = f"前に入力したセッションは、そのウィンドウが閉じる前に開始されていました(第{started}回)"
        assert any(said in text for text in _notes(dialog)), _notes(dialog)
        assert not any("戻しました" in text for text in _notes(dialog))
    finally:
        dialog.reject()
        close_window(window)


def test_a_session_draft_typed_after_the_same_session_was_started_is_given_back(qtbot, db_path) -> None:
    """Typed for the next session (the one started before holds the same fields): not started, given back as ever."""
    window, dialog, pid, started = _session_dialog_over_a_kept_draft(qtbot, db_path, typed_after=True)
    try:
        assert (dialog.title.text(), dialog.attendees.toPlainText()) == (TITLE, ATTENDEES)
        assert drafts_of(window.state).get(pid, "dialog:session") is not None
        assert not any("開始されていました" in text for text in _notes(dialog)), _notes(dialog)
    finally:
        dialog.reject()
        close_window(window)


def test_the_status_bar_counts_no_session_draft_that_was_started(qtbot, db_path, monkeypatch) -> None:
    """Found started by the next window at start, without Start session opened: not counted as unsaved."""
    _started_then_killed(qtbot, db_path, monkeypatch)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        settle(window)
        assert COUNTED not in window.save_label.text()
        assert drafts_of(window.state).count() == 0
    finally:
        close_window(window)


# --- a second signer typed over the first's organisation --------------------------------------------------------


def test_a_second_signer_recorded_by_a_window_killed_before_it_heard_so_is_not_offered_again(qtbot, db_path, monkeypatch) -> None:
    """After one sign-off the form keeps its name, role and organisation for the next signer: the second typed over
    them (another name and role, the same organisation) was kept as a draft of the fields typed only, so the next
    window gave it back with no organisation, not finding it recorded, and 合意を記録 recorded that signer again."""
    from app.projects import baselines as bl
    from app.ui.baselines import dialog as baselines_dialog
    from tests.test_dialog_drafts import paused

    window = make_window(qtbot, db_path, global_lang="ja")
    pid = window.state.project_id
    ops.run(window.state.workspace, bl.create_op(pid, "合意版1"))
    dialog = baselines_dialog.BaselinesDialog(window.state, window)
    dialog.show()
    settle(window)
    dialog.table.selectRow(0)
    for box, text in ((dialog.who, "山田 太郎"), (dialog.role, "部長"), (dialog.org, "顧客情報システム部")):
        box.setText(text)
    dialog.sign_button.click()
    settle(window)
    dialog.who.setText("佐藤 次郎")  # the next signer: another name and role, the same organisation
    dialog.role.setText("課長")
    dialog.comment.setText("範囲に合意")
    paused(qtbot)
    # 合意を記録 commits on a worker; the window is killed before the result reaches the dialog
    real = baselines_dialog.run_op_in_background
    monkeypatch.setattr(baselines_dialog, "run_op_in_background", lambda state, op, *_a: ops.run(state.workspace, op))
    dialog.sign_button.click()
    assert [s.who for s in bl.find(window.state.workspace, pid, "合意版1").signoffs] == ["山田 太郎", "佐藤 次郎"]
    crash(window)
    monkeypatch.setattr(baselines_dialog, "run_op_in_background", real)

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        settle(window)
        assert COUNTED not in window.save_label.text()  # (found recorded at start: no dialog opened for it)
        dialog = baselines_dialog.BaselinesDialog(window.state, window)
        dialog.show()
        settle(window)
        if dialog.who.text() and dialog.sign_button.isEnabled():
            dialog.sign_button.click()  # as the note says
            settle(window)
        assert [s.who for s in bl.find(window.state.workspace, pid, "合意版1").signoffs] == ["山田 太郎", "佐藤 次郎"]
        assert drafts_of(window.state).get(pid, "dialog:signoff") is None
        dialog.close()
    finally:
        close_window(window)
