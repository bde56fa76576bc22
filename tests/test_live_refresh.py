"""Two users on one PostgreSQL project: what one saves appears in the other's window within about a
second, through LISTEN/NOTIFY on a connection of its own (no polling), also after a server restart."""

from __future__ import annotations

import time

import pytest

from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import BACKGROUND, open_item, type_answer

pytestmark = pytest.mark.postgresql


def _seen_within(qtbot, editor, text: str, timeout_ms: int = 3000) -> float:
    started = time.perf_counter()
    qtbot.waitUntil(lambda: editor.editors["value"].edit.toPlainText() == text, timeout=timeout_ms)
    return time.perf_counter() - started


def test_an_answer_saved_by_one_user_appears_in_the_others_window(qtbot, pg_url) -> None:
    a = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    try:
        assert a.state.project_id == b.state.project_id >= 0
        qtbot.waitUntil(lambda: b.watcher._listener is not None)  # listening (connected on a worker), not polling
        editor_b = open_item(b, qtbot, BACKGROUND)
        type_answer(a, qtbot, BACKGROUND, "Aさんが会議中に書いた背景")
        seconds = _seen_within(qtbot, editor_b, "Aさんが会議中に書いた背景")
        print(f"\nanother user's answer shown after {seconds * 1000:.0f} ms")
        assert seconds < 1.5
        # the WBS page of the other window follows a task edit too
        b.show_page("wbs")
        page_b = b.page("wbs")
        qtbot.waitUntil(lambda: bool(page_b.model.tree.tasks), timeout=10000)  # (a team database: read on a worker)
        task_id = next(iter(page_b.model.tree.tasks))
        from app.ui.operations import run_op
        from app.wbs.operations import wbs_op
        from app.wbs.service import WbsService

        run_op(a.state, wbs_op(a.state.project_id, lambda ws: WbsService(ws.db).update(a.state.project_id, [task_id], title="Aさんが直した題名")), lambda: "edit")
        qtbot.waitUntil(lambda: page_b.model.tree.tasks[task_id].title == "Aさんが直した題名", timeout=3000)
    finally:
        close_window(b)
        close_window(a)


def test_after_a_server_restart_the_window_listens_again(qtbot, pg_url, pg_server) -> None:
    a = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    try:
        editor_b = open_item(b, qtbot, BACKGROUND)
        pg_server.restart()
        qtbot.waitUntil(lambda: b.watcher._listener is not None and b.watcher._relisten.isActive() is False, timeout=15000)
        type_answer(a, qtbot, BACKGROUND, "再起動の後に書いた背景")
        qtbot.waitUntil(lambda: a.state.project_id >= 0 and not a.page("hearing").editor._pending, timeout=15000)
        _seen_within(qtbot, editor_b, "再起動の後に書いた背景", timeout_ms=10000)
    finally:
        close_window(b)
        close_window(a)


def test_settings_opens_a_team_database_from_the_next_start_without_a_password(qtbot, db_path, pg_url, tmp_path, monkeypatch) -> None:
    """Settings ▸ Team database: a URL holding a password is refused (settings are plain text); the
    same URL without it, the password in ~/.pgpass, is opened by the next start."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    from app.ui import settings
    from app.ui.app import build_window
    from app.ui.window.settings_dialog import SettingsDialog
    from tests.gui_helpers import _args
    from tests.pg import PASSWORD

    url = pg_url.replace(f":{PASSWORD}@", "@")
    host_port, dbname = url.split("@", 1)[1].split("/", 1)
    host, port = host_port.split(":")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{host}:{port}:{dbname}:kickoff:{PASSWORD}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog = SettingsDialog(window.state, window)
        field = dialog.findChild(QLineEdit, "databaseUrl")
        field.setText(pg_url)  # with the password
        dialog.accept()
        assert dialog.result() == 0 and "パスワード" in dialog.findChild(QLabel, "databaseNote").text()
        assert settings.database_url() == ""
        field.setText(url)
        dialog.accept()
        assert dialog.result() == 1
        dialog.save()
        dialog.deleteLater()
        assert settings.database_url() == url and PASSWORD not in str(settings.settings().value("database/url"))
    finally:
        close_window(window)
    _app, team = build_window(_args(None, db=None, global_lang="ja"))
    try:
        assert team.state.workspace.db.is_postgresql and team.state.project_id >= 0
    finally:
        close_window(team)
