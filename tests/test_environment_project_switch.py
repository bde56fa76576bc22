"""The Experiment environment and Data platform & CI pages right after another project is opened: what is typed at once
goes to the project opened, based on its own values (no conflict dialog about a change nobody made), never into the
project left's values still shown. On SQLite the page reads the project at once (no 「読み込み中…」, no delay); on a team
database it says 「読み込み中…」 with its fields off at once, before its read on a worker is in (tests/test_breaker69g.py:
the Experiment environment page through a 100 ms VPN).
"""

from __future__ import annotations

import pytest

from app.environment.service import EnvironmentService
from tests.gui_helpers import close_window, make_window, settle

pg = pytest.mark.postgresql
FIELD = {"experiment": "repo_name", "data-ci": "storage_root"}
LEFT_VALUE = "left-projects-value"  # the project left's own value of the field (the demo's)


def _conflicts(monkeypatch) -> list[str]:
    """The conflict dialogs that open, answered "keep theirs"."""
    shown: list[str] = []

    def ask(dialog) -> int:
        from app.ui.window.conflict_dialog import Choice

        shown.append(dialog.windowTitle())
        dialog._done(Choice("theirs"))
        return 1

    monkeypatch.setattr("app.ui.window.conflict_dialog.ask_conflict", ask)
    return shown


def _stored(window, project_id: int, field_id: str) -> object:
    return EnvironmentService(window.state.workspace).choices(project_id, window.state.content_lang).value(field_id)


def _read_in(qtbot, page, project_id: int) -> None:
    qtbot.waitUntil(lambda: page.reads.shown == project_id and page.reads.idle and not page.loading_label.isVisible(), timeout=30000)


def _window_with_two_projects(qtbot, url, *, first_start: bool = False):
    """A Japanese window on the demo (its field of each page set to LEFT_VALUE) and 「別案件」, made empty."""
    window = make_window(qtbot, url, first_start=first_start, global_lang="ja")
    demo = window.state.project_id
    service = EnvironmentService(window.state.workspace)
    for field_id in FIELD.values():
        service.set_value(demo, field_id, LEFT_VALUE)
    other = window.state.projects.create("別案件").id
    window.reload_switcher()
    return window, demo, other


@pytest.mark.parametrize("page_id", ["experiment", "data-ci"])
def test_on_sqlite_typing_right_after_a_switch_saves_to_the_project_opened(qtbot, db_path, monkeypatch, said, page_id) -> None:
    window, demo, other = _window_with_two_projects(qtbot, db_path)
    try:
        window.show_page(page_id)
        page = window.page(page_id)
        field_id = FIELD[page_id]
        box = page.form.editors[field_id]
        page.refresh()
        assert box.text() == LEFT_VALUE
        conflicts = _conflicts(monkeypatch)
        window.open_project(other)
        # At once, before any timer: the project opened shown, nothing said loading, the field on.
        assert LEFT_VALUE not in box.text() and box.isEnabled() and not page.loading_label.isVisible()
        box.setFocus()
        box.end(False)
        qtbot.keyClicks(box, "-v2")
        settle(window)
        assert conflicts == []
        assert str(_stored(window, other, field_id)).endswith("-v2") and LEFT_VALUE not in str(_stored(window, other, field_id))
        assert _stored(window, demo, field_id) == LEFT_VALUE and box.text() == _stored(window, other, field_id)
        assert said == []
    finally:
        close_window(window)


@pg
@pytest.mark.parametrize("page_id", ["experiment", "data-ci"])
def test_on_a_team_database_a_switch_says_loading_at_once_then_typing_saves_to_the_project_opened(
        qtbot, pg_url, monkeypatch, said, page_id) -> None:  # fmt: skip
    from tests.test_breaker68b import cli

    assert cli(pg_url, "demo").returncode == 0
    window, demo, other = _window_with_two_projects(qtbot, pg_url, first_start=True)
    try:
        window.show_page(page_id)
        page = window.page(page_id)
        field_id = FIELD[page_id]
        box = page.form.editors[field_id]
        page.refresh()
        _read_in(qtbot, page, demo)
        assert box.text() == LEFT_VALUE
        conflicts = _conflicts(monkeypatch)
        window.open_project(other)
        # At once, before the read on a worker: 「読み込み中…」, the fields off (nothing typed into the demo's values).
        assert page.loading_label.isVisible() and page.loading_label.text() == "読み込み中…"
        assert not box.isEnabled()
        _read_in(qtbot, page, other)
        assert box.isEnabled() and LEFT_VALUE not in box.text()
        box.setFocus()
        box.end(False)
        qtbot.keyClicks(box, "-v2")
        settle(window)
        assert conflicts == []
        assert str(_stored(window, other, field_id)).endswith("-v2") and _stored(window, demo, field_id) == LEFT_VALUE
        assert said == []
    finally:
        close_window(window)
