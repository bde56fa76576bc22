"""A page's failed read is said as a read's failure (break-it 69j): 「読み込めません: …」, never 「未保存」 nor
「保存していません」 (nothing typed is at stake; the page reads again by itself), and the line goes once that page
reads fine; a save's failure still says 「未保存」 as before."""

from __future__ import annotations

import pytest

from app.core.errors import DatabaseBusy, UserError
from app.core.messages import Message
from app.ui.operations import Offline
from tests.gui_helpers import close_window, make_window

LOST = UserError(key="db.connection_lost", detail=Message(key="db.lost_cut"))
UNREACHABLE = UserError(key="db.server_unreachable", detail="localhost:5432")


@pytest.fixture
def window(qtbot, db_path):
    window = make_window(qtbot, db_path, global_lang="ja")
    yield window
    close_window(window)


@pytest.mark.parametrize("error", [LOST, UNREACHABLE, Offline(UNREACHABLE), DatabaseBusy(),
                                   UserError(key="db.change_damaged", detail="x"), UserError(key="db.change_io_error", detail="x")],
                         ids=["lost", "unreachable", "offline", "busy", "damaged", "io"])  # fmt: skip
def test_a_failed_read_is_said_as_not_read_and_goes_once_read(window, error) -> None:
    heard: list[str] = []
    window.state.unread.connect(heard.append)
    window.state.report_unread("proposal", error)
    line = window.save_label.text()
    assert line.startswith("読み込めません: ") and heard and heard[0] in line, line
    assert "未保存" not in line and "保存していません" not in line and "保存" not in line, line
    assert not [w for w in line.split() if w.isascii() and w.isalpha() and w != "backups"], line  # in Japanese (the reason too)
    window.state.read_fine("proposal")
    assert not window.save_label.text().startswith("読み込めません"), window.save_label.text()


def test_the_lost_connection_read_names_why_and_that_it_reconnects(window) -> None:
    window.state.report_unread("review", LOST)
    line = window.save_label.text()
    assert "接続が切れました(接続が途中で切れました(ネットワークかサーバー))" in line and "再接続" in line, line


def test_a_save_refused_still_says_not_saved_and_a_read_fine_leaves_it(window) -> None:
    window.state.report_problem(LOST)
    line = window.save_label.text()
    assert line.startswith("未保存: ") and "保存していません" in line, line
    window.state.report_unread("hearing", LOST)
    window.state.report_problem(LOST)  # said since the read's failure: the read fine does not take it away
    window.state.read_fine("hearing")
    assert window.save_label.text() == line
