"""breaker44b: a demanding Japanese MLOps consultant (田中, window A) and a colleague (佐藤 花子, window B or
the command line) sharing one team PostgreSQL database (README "Working as a team", "Where data lives",
"Safety"), against the throwaway server of tests/pg.py (fixtures ``pg_server``, ``pg_url``, ``pg_empty_url``):
the server stopped and restarted while they type, the Japanese window and ``python -m app --lang ja``.

Tried and held: an answer typed while the server restarts (``pg_ctl restart``) is saved at once, nothing
said; a hearing answer, a WBS cell and a proposal section typed while it is down are kept, 「オフライン:
未保存の編集 1 件」, and saved once it is back; a proposal section and a WBS cell typed offline by A while B
saves the same one just after the server is back: A's retry meets B's text as a conflict (the dialog),
never an overwrite; the WBS, Experiment, Data platform & CI, System planning, Review and Proposal pages
shown for the first time while the server is down say it in one Japanese line (no password) and show the
project once it is back; the command line against a stopped server, an unknown host, a wrong password, a
missing database: one Japanese line, exit 2, the password ``***``; ``backup list|create|restore`` on the
team database: 「バックアップできるのは SQLite のデータベースファイルだけです」 (as the README says);
a database of a newer schema (0999): every command refused in Japanese, ``project copy --to`` it refused,
``pg_dump`` before and after identical (nothing written); an empty database and one at schema 0001 opened
by four ``project new`` processes at once: migrated once, four projects, no error; ``project copy`` from the
laptop's SQLite file into an empty and into an older (0003) team database, ``project export`` / ``import``
between them: the same project (the name numbered); two ``import wbs --yes`` processes at once on the
same task with different titles: the first applied, the second keeps it and says so by the task's code
and title (「…その変更を残しました…: 1.1 背景と課題・対策案の整理(並行A)」).

Defects (strict xfails below):
- the window's messages while the team server is down name the server 「localhost:5432」, not the one the
  window is on (db.session's storage_error is given no URL): 「サーバー localhost:5432 が接続を拒否しました。
  サーバーが起動していないか、ポート番号が違います」 sends the user looking at the wrong machine and port;
- Ctrl+Z pressed while the server is down says 「元に戻す: オフライン: …入力は保持し、接続が戻りしだい
  保存します」 and the status bar 「オフライン: 未保存の編集 0 件」, but the undo is never made once the server
  is back (README: "an undo waits in the same way"): the answer stays as it was, the user believes it undone;
- a team database typed in Settings ▸ チームのデータベース with a typo in the port (or host, or database
  name) is accepted ("not tried now"), and from the next start the window never opens again: one dialog
  「データベースサーバーに接続できません(…)」 and exit 2, saying nothing of the setting that causes it, so the
  user cannot reach Settings to correct it (only by editing the settings file by hand);
- a page first shown while the server is down leaves 「未保存: データベースサーバーに接続できません…
  保存していません」 in the status bar after the server is back and the page shows the project: the window
  says something is not saved when nothing is waiting.

Not tried (time-box): the conflict dialog's Merge on PostgreSQL, hearing sessions across two windows,
Settings ▸ Move data folder with a team database.
"""

from __future__ import annotations

import argparse
import socket

import pytest
from PySide6.QtWidgets import QMessageBox

import app.ui.window.conflict_dialog as conflict_dialog
from app.proposal.service import ProposalService
from app.ui import messages
from app.ui.error_text import shown_text
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, make_window, proposal_section, settle
from tests.pg import PASSWORD
from tests.test_nothing_lost_gui import BACKGROUND, open_item, stored

pg = pytest.mark.postgresql


@pytest.fixture
def told(monkeypatch) -> list[str]:
    """The one-line messages the window shows (messages.show_error), as the user reads them."""
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, text, *a, **k: shown.append(text if isinstance(text, str) else shown_text(text)))
    return shown


def _type(field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.insertPlainText(text)  # as an input method commits Japanese text


def _server(pg_server) -> str:
    return f"127.0.0.1:{pg_server.port}"


# --- held ------------------------------------------------------------------------------------------


@pg
def test_held_a_proposal_section_typed_offline_meets_the_colleagues_later_text_as_a_conflict(qtbot, pg_server, pg_url, monkeypatch, told) -> None:
    asked: list[int] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: (asked.append(1), answer_conflict("theirs")(d))[1])
    a = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    try:
        _page_b, section, field_b = proposal_section(b, qtbot, 0)
        _page_a, _section, field_a = proposal_section(a, qtbot, 0)
        pg_server.halt("fast")
        try:
            _type(field_a, "田中がオフラインで書いた提案")
            qtbot.waitUntil(lambda: a.state.offline, timeout=5000)
            assert a.save_label.text() == "オフライン: 未保存の編集 1 件"
        finally:
            pg_server.resume()
        _type(field_b, "佐藤が復旧直後に書いた提案")  # before A's retry (every 2 s)
        settle(b)
        qtbot.waitUntil(lambda: not a.state.offline, timeout=8000)
        settle(a)
        assert asked  # never a silent overwrite
        assert ProposalService(a.state.documents).load(a.state.project_id).texts[section]["ja"] == "佐藤が復旧直後に書いた提案"
    finally:
        close_window(b)
        close_window(a)


# --- defects ---------------------------------------------------------------------------------------


@pg
def test_the_offline_message_names_the_team_server_the_window_is_on(qtbot, pg_server, pg_url, told) -> None:
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    try:
        editor = open_item(window, qtbot, BACKGROUND)
        pg_server.halt("fast")
        try:
            _type(editor.editors["value"].edit, "サーバー停止中に書いた背景")
            assert not editor.flush()  # kept as a draft
            said = editor.error_label.text()
        finally:
            pg_server.resume()
        assert said.startswith("未保存(下書きとして保持): オフライン") and PASSWORD not in said, said
        # 「サーバー localhost:5432 が接続を拒否しました。サーバーが起動していないか、ポート番号が違います」
        assert "localhost:5432" not in said and _server(pg_server) in said, said
    finally:
        close_window(window)


@pg
def test_an_undo_pressed_while_the_server_is_down_is_made_once_it_is_back(qtbot, pg_server, pg_url, told) -> None:
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    heard: list[str] = []
    window.state.problem.connect(heard.append)
    try:
        before = stored(window, BACKGROUND).value
        editor = open_item(window, qtbot, BACKGROUND)
        _type(editor.editors["value"].edit, "田中が書き直した背景")
        assert editor.flush()
        assert stored(window, BACKGROUND).value == "田中が書き直した背景"
        pg_server.halt("fast")
        try:
            window.undo_action.trigger()  # Ctrl+Z
            qtbot.wait(100)
            # 「元に戻す: オフライン: データベースサーバーに接続できません(…)。入力は保持し、接続が戻りしだい保存します」
            assert any(line.startswith("元に戻す: オフライン") and "接続が戻りしだい保存します" in line for line in heard), heard
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: not window.state.offline, timeout=5000)
        settle(window)
        # the undo waits as typing does (retried every 2 s): done once the server answers
        qtbot.waitUntil(lambda: stored(window, BACKGROUND).value == before, timeout=3000)
    finally:
        close_window(window)


def _refused_port() -> int:
    with socket.socket() as s:  # bound, never listening: a connection is refused at once
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_typo_in_the_team_database_setting_does_not_lock_the_user_out(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QApplication

    from app.ui import settings
    from app.ui.app import _run_gui
    from tests.gui_helpers import close_open_windows

    # Settings ▸ チームのデータベース: the port mistyped (5433 for 5432), accepted for the next start
    url = f"postgresql+psycopg://kickoff@127.0.0.1:{_refused_port()}/kickoff"
    settings.set_database_url(url)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)  # a window that opens: closed again at once
    args = argparse.Namespace(db=None, global_lang="ja", global_project=None, page=None, screenshot=None, size=None)
    try:
        code = _run_gui(args, None)
    finally:
        close_open_windows()
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "mainWindow":
                close_window(widget)
    # Either the window opens (on the local database, the problem said), or the one message says it is the
    # team database chosen in Settings (設定) and how to get back to it.
    assert code == 0 or any("設定" in text for text in shown), shown


@pg
def test_the_status_bar_stops_saying_not_saved_once_the_server_is_back(qtbot, pg_server, pg_url, told) -> None:
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    try:
        pg_server.halt("fast")
        try:
            window.show_page("review")  # 「5 レビュー」, first shown now
            qtbot.waitUntil(lambda: "接続できません" in window.save_label.text(), timeout=5000)
            assert PASSWORD not in window.save_label.text()
        finally:
            pg_server.resume()
        window.show_page("hearing")
        settle(window)
        window.show_page("review")  # back to it: it shows the project (the scores)
        settle(window)
        page = window.page("review")
        qtbot.waitUntil(lambda: page.isVisible(), timeout=2000)
        assert not window.state.offline and not told
        # nothing typed, nothing waiting: yet 「未保存: データベースサーバーに接続できません(…)。保存していません」
        assert "未保存" not in window.save_label.text(), window.save_label.text()
    finally:
        close_window(window)
