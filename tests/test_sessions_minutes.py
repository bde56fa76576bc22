"""The minutes of any hearing session, not only the latest: the sessions list (GUI) and ``--session`` (CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.hearing.answers import AnswerService
from app.hearing.sessions import SessionService
from app.main import main
from app.ui import messages
from app.ui.hearing.sessions_dialog import SessionsDialog, SessionsModel
from tests.gui_helpers import close_window, finish_background_work, make_window

SECOND = "二回目だけで確認した評価指標"


def hold_second_session(db, library, project_id: int) -> None:
    """A second session that captures one answer (a follow-up) the first did not."""
    sessions = SessionService(db)
    sessions.start(project_id, attendees=["佐藤", "山田"], title="第2回: 評価")
    AnswerService(db, library).update(project_id, "hearing.basics.accuracy_avc", value=SECOND, status="follow_up")
    sessions.end(project_id)


def test_each_session_is_listed_with_what_it_captured(workspace, demo) -> None:
    first = SessionService(workspace.db).summaries(demo.id)
    assert len(first) == 1 and first[0].captured > 5 and first[0].follow_ups == 5
    hold_second_session(workspace.db, workspace.library, demo.id)
    summaries = SessionService(workspace.db).summaries(demo.id)
    assert [s.session.number for s in summaries] == [1, 2]
    assert (summaries[1].session.title, summaries[1].session.attendees) == ("第2回: 評価", ["佐藤", "山田"])
    assert (summaries[1].captured, summaries[1].follow_ups) == (1, 1)
    assert (summaries[0].captured, summaries[0].follow_ups) == (first[0].captured, 5)


def test_the_sessions_model_passes_the_model_tester(workspace, demo, qtmodeltester) -> None:
    hold_second_session(workspace.db, workspace.library, demo.id)
    model = SessionsModel(SessionService(workspace.db).summaries(demo.id), "ja")
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == SessionService(workspace.db).get(demo.id, 2).held_on.strftime("%Y/%m/%d")
    assert model.index(1, 3).data() == "佐藤、山田" and model.index(1, 5).data() == "1"


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def test_the_sessions_dialog_exports_the_older_sessions_minutes(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    state = window.state
    hold_second_session(state.workspace.db, state.workspace.library, state.project_id)
    window.show_page("hearing")
    page = window.page("hearing")
    page._update_session()
    assert page.sessions_action.isEnabled()
    shown: list[SessionsDialog] = []
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    page.sessions_action.trigger()
    [dialog] = shown
    table = dialog.findChild(type(dialog.view), "sessionsTable")
    assert table.model().rowCount() == 2
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.model().columnCount())]
    assert headers == ["回", "日付", "タイトル", "出席者", "確認した回答", "フォローアップ"]  # the window's language
    assert dialog.selected_number() == 2  # the latest is selected first
    preview = dialog.findChild(type(dialog.preview), "sessionMinutesView")
    assert SECOND in preview.toPlainText()

    table.selectRow(0)  # the older session
    assert dialog.selected_number() == 1
    assert "背景・課題" in preview.toPlainText() and SECOND not in preview.toPlainText()
    out = tmp_path / "minutes-1.md"
    suggested: list[str] = []
    monkeypatch.setattr(messages, "save_file", lambda _parent, _title, name, _filters: suggested.append(name) or str(out))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    dialog.findChild(type(dialog.export_button), "exportSessionMinutes").click()
    finish_background_work()
    qtbot.waitUntil(out.exists, timeout=10000)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 第1回ヒアリング 議事録") and "#### 背景・課題" in text
    assert SECOND not in text and "第2回" not in text
    assert suggested[0].endswith("-議事録-1.md")  # the document by its title in the window's language, then the session
    dialog.close()


def test_the_cli_exports_the_session_asked_for_and_the_latest_by_default(workspace, demo, db_path, tmp_path: Path, capsys) -> None:
    hold_second_session(workspace.db, workspace.library, demo.id)
    workspace.close()
    base = ["--db", str(db_path), "export", "minutes", "--project", str(demo.id)]
    assert main([*base, "--out", str(tmp_path / "one.md"), "--session", "1"]) == 0
    assert main([*base, "--out", str(tmp_path / "latest.md")]) == 0
    one = (tmp_path / "one.md").read_text(encoding="utf-8")
    latest = (tmp_path / "latest.md").read_text(encoding="utf-8")
    assert one.startswith("# 第1回ヒアリング 議事録") and "背景・課題" in one and SECOND not in one
    assert latest.startswith("# 第2回: 評価 議事録") and SECOND in latest and "背景・課題" not in latest
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "none.md"), "--session", "7"]) == 2
    assert "7" in capsys.readouterr().err and not (tmp_path / "none.md").exists()

