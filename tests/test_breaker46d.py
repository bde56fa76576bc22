"""Break-it round 46d: what a busy database (SQLite write lock held by another process: hold_write_lock /
short_busy) or a PostgreSQL server down kept waiting on the Experiment environment and Data platform & CI pages,
saved by itself once the database is free (commit 7329fa3); CLI ``resources add --remove-off`` and suggested role;
``project duplicate --name ''``; drafts of a project made after the window started (841828c). As a Japanese
user (--lang ja / global_lang="ja"). Retry pauses shortened to 1 s in the tests (quick_retry).

Defects (each a strict xfail first, then fixed: a waiting draft keeps what it is based on, the cells retried when their project is shown again, ↺ on a busy database drops the typing, an offline draft read back waits):
- A colleague (another window or a CLI process) changes a field while this window's busy draft of it waits:
  the window's refresh (watcher) makes the colleague's value what the retry is based on, so the retry saves the
  draft over it without asking (test_a_colleague_change_while_a_busy_field_waits_is_asked_about). The same for a
  storage cell: the colleague's path is overwritten without a word
  (test_a_colleague_change_while_a_busy_storage_cell_waits_is_not_overwritten). Only the after-a-crash path (the
  base kept on disk) asks.
- A storage / dataset cell kept waiting, another project opened meanwhile (the retry comes while it is open) and
  the project opened again: the cell stays red, never saved by itself in this window (the cells' retry is not
  started again when the project is shown again; the form's fields are)
  (test_a_busy_storage_cell_waits_over_a_project_switch_and_is_saved_back).
- ↺ clicked while the database is still busy: the DatabaseBusy escapes the page (the app's last-resort hook says
  it in a popup), and once the database is free the retry saves the very typing the user asked to throw away
  (test_reset_while_the_database_is_busy_does_not_end_with_the_typing_saved).
- PostgreSQL: a field typed while the server is down (in a project made after the window started) is kept and
  comes back in the next window, but red with 「オフライン: データベースサーバーに接続できません…入力は保持し、接続が戻り
  しだい保存します」 although the server is up, and never saved by itself: an Offline error is kept on disk as a
  plain message (key db.offline), read back not busy (not specific to new projects)
  (test_an_experiment_field_typed_offline_in_a_new_project_is_saved_by_the_next_window).

Tried and held:
- The same field's draft over a project switch and back: saved once back (guarded).
- Typing on in the same field while the retry still finds it busy, then on right after it saved: the last text
  saved, nothing left as a draft (guarded).
- Undo right after the busy typing (lock still held): the draft dropped for good, nothing saved when free;
  Undo / Redo right after the retry saved: the value before / the typed value, shown and stored (guarded).
- A language switch (ja -> en -> ja) while it waits: the draft shown, said busy in Japanese, saved when free (guarded).
- The window closed while the lock is still held: the draft kept on disk (busy), the next window saves it (guarded).
- A refused value (a space in a repository name) typed while busy: tried once free, then said refused in Japanese,
  kept red, never tried again (guarded).
- CLI resources add --remove-off: 2026/12/21〜2026/12/22, ２０２６／１２／２３ (full width), a date not theirs
  (「高橋: 2026-12-25 は休みに登録されていません。何も変更していません」, exit 2), --off and --remove-off together, a
  reversed range, 2026-02-30, '' (each refused in Japanese, exit 2). Suggested role: ``resources add --name ' 佐藤 '``
  takes PM from the hearing's team; ``--role ''`` keeps no role. ``project duplicate 1 --name ''`` / '   ' / '　'
  refused 「プロジェクトには名前が必要です」 (exit 2).
- Noted, not counted: ``resources add --name 存在しない --remove-off 2026-12-30`` says 「存在しない: 2026-12-30 は休み
  に登録されていません」 rather than that there is no such person (exit 2, nothing changed).

Not tried (time-box): a project renamed after the start with the server down (uuid unchanged by a rename),
a dataset cell's retry after its data source was renamed, a kill during the retry's save.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

import app.ui.environment.choices_form as choices_form
import app.ui.environment.pages as env_pages
from app.environment.service import EnvironmentService
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, environment_page, make_window
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture
from tests.test_drafts_on_disk_pages import (  # noqa: F401 - a fixture
    crash,
    kept_drafts,
    kept_files,
    other_workspace,
    restart,
    said,
    stored_value,
    type_into,
)


@pytest.fixture
def quick_retry(monkeypatch) -> None:
    """Forms made after this try a busy draft again after 1 s (not 5 s)."""
    monkeypatch.setattr(choices_form, "BUSY_PAUSE_S", 1.0)
    monkeypatch.setattr(env_pages, "BUSY_PAUSE_S", 1.0)


def repo_name_field(qtbot, db_path, **options):
    """A Japanese window on the Experiment environment page: (window, page, its repository name field)."""
    window = make_window(qtbot, db_path, global_lang="ja", **options)
    page = environment_page(window, qtbot)
    return window, page, page.findChild(QLineEdit, "field_repo_name")


def stored_path(window) -> str:
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").locations[0].path


# --- 1. A colleague's change while a busy draft waits (same window) ----------------------------------


def test_a_colleague_change_while_a_busy_field_waits_is_asked_about(qtbot, db_path, said, short_busy, quick_retry, monkeypatch) -> None:  # noqa: F811
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict

    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: asked.append(d) or answer_conflict("theirs")(d))
    window, page, name = repo_name_field(qtbot, db_path)
    pid = window.state.project_id
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
        assert drafts_of(window.state).count() == 1
        page.form._retry.stop()  # (the retry's pause held until the colleague's change is seen: no race)
    finally:
        release(lock)
    ws = other_workspace(window)
    try:
        EnvironmentService(ws).set_value(pid, "repo_name", "colleague-repo")
    finally:
        ws.close()
    window.watcher.poll()  # the colleague's change seen: the page refreshes (the draft stays in its field)
    qtbot.waitUntil(page.settled, timeout=5000)
    assert name.text() == "meeting-repo"
    page.form._retry.start()
    qtbot.waitUntil(lambda: bool(asked) or drafts_of(window.state).count() == 0, timeout=8000)
    assert asked, "the colleague's value was overwritten without asking"
    assert stored_value(window, "repo_name") == "colleague-repo"
    close_window(window)


def test_a_colleague_change_while_a_busy_storage_cell_waits_is_not_overwritten(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    cells = page.findChild(QTableView, "locationsTable").model()
    pid = window.state.project_id
    lock = hold_write_lock(db_path)
    try:
        assert not cells.setData(cells.index(0, 1), "s3://会議中/raw/")
        page._cells_retry.stop()  # (the retry's pause held until the colleague's change is seen: no race)
    finally:
        release(lock)
    ws = other_workspace(window)
    try:
        EnvironmentService(ws).set_location(pid, "raw", "path", "s3://colleague/raw/")
    finally:
        ws.close()
    window.watcher.poll()
    qtbot.waitUntil(page.settled, timeout=5000)
    assert cells.index(0, 1).data() == "s3://会議中/raw/"  # the draft still shown
    page._cells_retry.start()
    qtbot.waitUntil(lambda: not page._cells_retry.isActive(), timeout=5000)
    qtbot.wait(300)
    assert stored_path(window) == "s3://colleague/raw/", "the colleague's path was overwritten without a word"
    close_window(window)


# --- 2. Another project opened while a busy draft waits, and back --------------------------------------


def _switch_away_and_back(qtbot, window, demo, other, timer) -> None:
    window.open_project(other.id)
    qtbot.waitUntil(lambda: not timer.isActive(), timeout=5000)  # the retry came while the other project was open
    window.open_project(demo.id)


def test_a_busy_field_waits_over_a_project_switch_and_is_saved_back(qtbot, demo, workspace, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    from app.core.projects import ProjectService

    other = ProjectService(workspace.db).create("別案件")
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(demo.id))
    page = environment_page(window, qtbot)
    name = page.findChild(QLineEdit, "field_repo_name")
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
    finally:
        release(lock)
    _switch_away_and_back(qtbot, window, demo, other, page.form._retry)
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo", timeout=5000)
    close_window(window)


def test_a_busy_storage_cell_waits_over_a_project_switch_and_is_saved_back(qtbot, demo, workspace, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    from app.core.projects import ProjectService

    other = ProjectService(workspace.db).create("別案件")
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(demo.id))
    page = environment_page(window, qtbot, "data-ci")
    cells = page.findChild(QTableView, "locationsTable").model()
    lock = hold_write_lock(db_path)
    try:
        assert not cells.setData(cells.index(0, 1), "s3://会議中/raw/")
    finally:
        release(lock)
    _switch_away_and_back(qtbot, window, demo, other, page._cells_retry)
    qtbot.waitUntil(page.settled, timeout=5000)
    assert cells.index(0, 1).data() == "s3://会議中/raw/"
    qtbot.waitUntil(lambda: stored_path(window) == "s3://会議中/raw/", timeout=5000)
    close_window(window)


# --- 3. ↺ and a language switch while a busy draft waits ---------------------------------------------


def test_reset_while_the_database_is_busy_does_not_end_with_the_typing_saved(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    from PySide6.QtWidgets import QToolButton

    window, page, name = repo_name_field(qtbot, db_path)
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
        with qtbot.capture_exceptions() as escaped:
            qtbot.mouseClick(page.findChild(QToolButton, "reset_repo_name"), Qt.MouseButton.LeftButton)
    finally:
        release(lock)
    qtbot.waitUntil(lambda: not page.form._retry.isActive(), timeout=5000)
    qtbot.wait(300)
    # The last thing the user asked for was "back to the hearing's value": never the typing saved after it.
    assert stored_value(window, "repo_name") != "meeting-repo"
    assert not escaped, escaped
    close_window(window)


def test_language_switch_while_a_busy_field_waits(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    window, page, name = repo_name_field(qtbot, db_path)
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
        window.set_ui_lang("en")  # Settings ▸ English, then back, while it waits
        window.set_ui_lang("ja")
        page = window.page("experiment")
        assert page.findChild(QLineEdit, "field_repo_name").text() == "meeting-repo"
        assert "使用中" in page.problem_label.text()
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo", timeout=5000)
    close_window(window)


# --- 4. Undo / redo around the retry; closing while it waits ------------------------------------------


def test_undo_while_a_busy_field_waits_drops_it_for_good(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    window, page, name = repo_name_field(qtbot, db_path)
    before = stored_value(window, "repo_name")
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
        window.state.undo_stack.undo()  # Undo right after: the typing taken back
    finally:
        release(lock)
    qtbot.wait(1800)
    assert stored_value(window, "repo_name") == before
    assert drafts_of(window.state).count() == 0
    close_window(window)


def test_undo_and_redo_right_after_the_retry_saved(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    window, page, name = repo_name_field(qtbot, db_path)
    before = stored_value(window, "repo_name")
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo", timeout=5000)
    window.state.undo_stack.undo()
    qtbot.waitUntil(page.settled, timeout=5000)
    assert stored_value(window, "repo_name") == before and name.text() == before
    window.state.undo_stack.redo()
    qtbot.waitUntil(page.settled, timeout=5000)
    assert stored_value(window, "repo_name") == "meeting-repo" and name.text() == "meeting-repo"
    close_window(window)


def test_typing_on_in_the_field_while_it_waits_saves_the_last_text(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811

    window, page, name = repo_name_field(qtbot, db_path)
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting")
        qtbot.wait(1500)  # a retry found it busy still
        qtbot.keyClicks(name, "-repo")
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo", timeout=5000)
    qtbot.keyClicks(name, "2")  # typing on right after the retry saved it
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo2", timeout=5000)
    assert drafts_of(window.state).count() == 0
    close_window(window)


def test_closing_while_a_busy_field_waits_keeps_it_for_the_next_window(qtbot, db_path, said, short_busy, quick_retry) -> None:  # noqa: F811
    window, page, name = repo_name_field(qtbot, db_path)
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "meeting-repo")
        close_window(window)
    finally:
        release(lock)
    assert [d["fields"] for d in kept_drafts()] == [{"value": "meeting-repo"}]
    window = restart(qtbot, db_path)
    environment_page(window, qtbot)
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo", timeout=5000)
    close_window(window)


def test_a_refused_value_typed_while_busy_is_said_refused_once_tried_and_not_tried_again(qtbot, db_path, said, short_busy, quick_retry, monkeypatch) -> None:  # noqa: F811
    calls: list = []
    real = EnvironmentService.set_value
    monkeypatch.setattr(EnvironmentService, "set_value", lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    window, page, name = repo_name_field(qtbot, db_path)
    before = stored_value(window, "repo_name")
    lock = hold_write_lock(db_path)
    try:
        type_into(name, "会議 リポジトリ")
    finally:
        release(lock)
    qtbot.waitUntil(lambda: "使用中" not in page.problem_label.text() and page.problem_label.text() != "", timeout=5000)
    tried = len(calls)
    qtbot.wait(2500)  # two retry pauses
    assert len(calls) == tried and name.text() == "会議 リポジトリ" and name.styleSheet()
    assert stored_value(window, "repo_name") == before and drafts_of(window.state).count() == 1
    close_window(window)


# --- 5. PostgreSQL: typing kept while the server is down, in a project made after the start -------------


@pytest.mark.postgresql
def test_an_experiment_field_typed_offline_in_a_new_project_is_saved_by_the_next_window(qtbot, pg_server, pg_url, monkeypatch, said) -> None:  # noqa: F811
    from PySide6.QtGui import QAction
    from sqlalchemy.engine import make_url

    from app.ui import messages

    pg_server.make_durable(make_url(pg_url).database)
    close_window(make_window(qtbot, pg_url, global_lang="ja", first_start=True))  # the team's database has its demo
    a = make_window(qtbot, pg_url, global_lang="ja", first_start=True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "新規案件")
    a.findChild(QAction, "newProjectAction").trigger()  # File ▸ 新規プロジェクト…
    qtbot.waitUntil(lambda: a.state.project is not None and a.state.project.name == "新規案件", timeout=5000)
    new_id = a.state.project_id
    name = environment_page(a, qtbot).findChild(QLineEdit, "field_repo_name")
    pg_server.halt("fast")
    try:
        type_into(name, "offline-repo")
        assert [d["fields"] for d in kept_drafts()] == [{"value": "offline-repo"}]
        close_window(a)
    finally:
        pg_server.resume()
    b = make_window(qtbot, pg_url, global_lang="ja", first_start=True, global_project=str(new_id))
    try:
        assert b.state.project_id == new_id
        page = environment_page(b, qtbot)
        field = page.findChild(QLineEdit, "field_repo_name")
        assert field.text() == "offline-repo"  # back in its field
        # "入力は保持し、接続が戻りしだい保存します": the server is back, so it is saved by itself
        qtbot.waitUntil(lambda: stored_value(b, "repo_name") == "offline-repo", timeout=9000)
    finally:
        close_window(b)
