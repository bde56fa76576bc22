"""A team database chosen in Settings that cannot be reached when the window starts: asked (try again,
this computer's database for now, quit), never a start that only says so and quits, which would keep the
user from Settings, the one place to correct it."""

from __future__ import annotations

import argparse
import socket

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from app.ui import settings
from app.ui.app import _run_gui
from tests.gui_helpers import close_open_windows, close_window

Buttons = QMessageBox.StandardButton


def _refused_port() -> int:
    with socket.socket() as s:  # bound, never listening: a connection is refused at once
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def unreachable() -> str:
    url = f"postgresql+psycopg://kickoff@127.0.0.1:{_refused_port()}/kickoff"
    settings.set_database_url(url)  # Settings ▸ チームのデータベース, the port mistyped
    return url


def start(monkeypatch, answers: list[Buttons]) -> tuple[int, list[str], dict]:
    """A start in Japanese, the question answered by ``answers`` in turn; what the window showed."""
    asked: list[str] = []
    seen: dict = {}

    def critical(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return answers[len(asked) - 1] if len(asked) <= len(answers) else Buttons.Ok

    def running(*_args) -> int:
        QApplication.processEvents()  # (what the window does once it is up: the welcome page on a first start)
        window = next(w for w in QApplication.topLevelWidgets() if isValid(w) and w.objectName() == "mainWindow")
        seen.update(status=window.statusBar().currentMessage(), db=window.state.workspace.db.url,
                    project=window.state.project.name if window.state.project else None)  # fmt: skip
        return 0

    monkeypatch.setattr(QMessageBox, "critical", critical)
    monkeypatch.setattr(QApplication, "exec", running)
    args = argparse.Namespace(db=None, global_lang="ja", global_project=None, page=None, screenshot=None, size=None)
    try:
        code = _run_gui(args, None)
    finally:
        close_open_windows()
        for widget in QApplication.topLevelWidgets():
            if isValid(widget) and widget.objectName() == "mainWindow":
                close_window(widget)
    return code, asked, seen


def test_open_this_computers_database_for_now_and_keep_the_setting(monkeypatch, unreachable: str) -> None:
    code, asked, seen = start(monkeypatch, [Buttons.Open])

    assert code == 0 and len(asked) == 1
    assert "設定 ▸ チームのデータベース" in asked[0] and "接続を拒否" in asked[0]  # why, and where to correct it
    assert "再試行" in asked[0] or "Retry" in asked[0]  # the buttons named as the dialog shows them
    assert seen["db"].startswith("sqlite") and "このコンピューターのデータベース" in seen["status"]
    assert settings.database_url() == unreachable  # kept: the server may be back tomorrow, or it is corrected in Settings


def test_try_again_then_quit_asks_twice_and_says_nothing_more(monkeypatch, unreachable: str, capsys) -> None:
    code, asked, seen = start(monkeypatch, [Buttons.Retry, Buttons.Close])

    assert code == 2 and len(asked) == 2 and not seen  # no window; no third dialog repeating what was read
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "接続を拒否" in err[0]


def test_on_a_first_start_this_computers_database_opens_on_the_welcome_page(monkeypatch, unreachable: str, qtbot) -> None:
    from app.ui.welcome.dialog import WelcomeDialog

    welcomed: list[bool] = []
    monkeypatch.setattr(WelcomeDialog, "open", lambda self: welcomed.append(True))
    code, _asked, seen = start(monkeypatch, [Buttons.Open])

    assert code == 0 and seen["db"].startswith("sqlite")
    assert seen["project"] is None and welcomed  # the welcome page, as on any first start (no demo made unasked)
