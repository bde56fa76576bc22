"""The WBS page on a team database reads its project on a worker (break-it 68b: over a VPN its reads on the UI
thread froze the window 5 s): shown at once saying "Loading…" with its editing off, filled when the read arrives,
a project switched meanwhile reading only the new one, a failed read said and tried again."""

from __future__ import annotations

import pytest

from app.core.errors import UserError
from app.ui.wbs import loading
from tests.gui_helpers import close_window, make_window
from tests.test_breaker68b import cli

pytestmark = pytest.mark.postgresql


@pytest.fixture
def team(qtbot, pg_url):
    assert cli(pg_url, "demo").returncode == 0
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    yield window
    close_window(window)


def test_the_page_shows_at_once_loading_then_the_plan(qtbot, team) -> None:
    window = team
    window.show_page("wbs")
    page = window.page("wbs")
    assert page.details.text() == "読み込み中…" and not page.tree.isEnabled() and not page.generate_button.isEnabled()
    assert not page.model.tree.tasks and not page.empty_label.isVisible()
    qtbot.waitUntil(lambda: bool(page.model.tree.tasks), timeout=20000)
    assert page.tree.isEnabled() and page.generate_button.isEnabled() and page.details.text() != "読み込み中…"
    assert page._loaded_for == window.state.project_id


def test_a_project_switched_while_reading_shows_only_the_new_one(qtbot, team, pg_url) -> None:
    window = team
    other = window.state.projects.create("新しい案件").id  # (another project: no plan yet)
    window.show_page("wbs")
    page = window.page("wbs")
    window.state.open_project(other)
    qtbot.waitUntil(lambda: page._loaded_for == other and page.tree.isEnabled(), timeout=20000)
    qtbot.wait(300)
    assert page._loaded_for == other and not page.model.tree.tasks  # never the first project's plan, read meanwhile
    assert page.empty_label.isVisible()


def test_a_failed_read_is_said_and_tried_again(qtbot, team, monkeypatch) -> None:
    window = team
    real, calls = loading.read_page, []

    def flaky(ws, pid, lang):
        calls.append(pid)
        if len(calls) == 1:
            raise UserError("the server is away", ja="サーバーに接続できません")
        return real(ws, pid, lang)

    monkeypatch.setattr(loading, "read_page", flaky)
    unread = []
    monkeypatch.setattr(window.state, "report_unread", lambda reader, exc: unread.append(reader))
    window.show_page("wbs")
    page = window.page("wbs")
    qtbot.waitUntil(lambda: bool(page.model.tree.tasks), timeout=20000)
    assert unread == [loading.READER] and len(calls) == 2
    assert page.tree.isEnabled()
