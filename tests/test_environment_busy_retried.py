"""A value typed into an Experiment environment or Data platform & CI field while another process holds the
database's write lock (a colleague's import, a CLI run) is kept as a draft, marked, and saved by itself once
the database is free again, as the WBS, hearing and proposal pages do with their waiting typing: the window
tries again every few seconds while it runs, and the next window saves a busy draft a window gone left (its
save based on what was shown when the typing began: a colleague's change since is asked about, never
overwritten). A refused value (a space in a repository name) is never tried again: it waits to be corrected.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, environment_page, make_window
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture
from tests.test_drafts_on_disk_pages import (
    crash,
    kept_drafts,
    kept_files,
    other_workspace,
    restart,
    said,  # noqa: F401 - a fixture
    stored_value,
    type_into,
)

TYPED = "会議中に書いた削除方針"


def type_plain(box: QPlainTextEdit, text: str) -> None:
    box.setFocus()
    box.selectAll()
    box.insertPlainText(text)


def repo_name_typed_busy_then_crash(qtbot, db_path, text: str) -> int:
    """A window types ``text`` as the repository name while another process holds the write lock, and is
    gone (a crash) before the lock is released; the project's id."""
    first = make_window(qtbot, db_path, global_lang="ja")
    name = environment_page(first, qtbot).findChild(QLineEdit, "field_repo_name")
    lock = hold_write_lock(db_path)
    try:
        type_into(name, text)
        assert [d["fields"] for d in kept_drafts()] == [{"value": text}]
        pid = first.state.project_id
        crash(first)
    finally:
        release(lock)
    return pid


def test_a_data_ci_value_typed_while_busy_is_saved_once_the_database_is_free(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    box = page.findChild(QPlainTextEdit, "field_deletion_plan")
    before = stored_value(window, "deletion_plan")
    lock = hold_write_lock(db_path)
    try:
        type_plain(box, TYPED)
        assert box.styleSheet() and drafts_of(window.state).count() == 1  # kept, marked, counted
        assert stored_value(window, "deletion_plan") == before
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored_value(window, "deletion_plan") == TYPED, timeout=15_000)  # saved by itself
    qtbot.waitUntil(lambda: not box.styleSheet() and drafts_of(window.state).count() == 0, timeout=5000)
    assert box.toPlainText() == TYPED and kept_files() == []
    window.state.undo_stack.undo()  # the save is a step of its own: Undo takes it back
    assert stored_value(window, "deletion_plan") == before
    close_window(window)


def test_an_experiment_value_typed_while_busy_is_saved_by_the_next_window(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    repo_name_typed_busy_then_crash(qtbot, db_path, "meeting-repo")
    window = restart(qtbot, db_path)
    page = environment_page(window, qtbot)
    assert page.findChild(QLineEdit, "field_repo_name").text() == "meeting-repo"
    qtbot.waitUntil(lambda: stored_value(window, "repo_name") == "meeting-repo", timeout=15_000)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0 and kept_files() == [], timeout=5000)
    close_window(window)


def test_a_busy_draft_a_colleague_changed_since_is_asked_about_not_overwritten(qtbot, db_path, said, short_busy, monkeypatch) -> None:  # noqa: F811
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.environment.service import EnvironmentService
    from tests.conftest import answer_conflict

    pid = repo_name_typed_busy_then_crash(qtbot, db_path, "my-repo")
    window = restart(qtbot, db_path)
    ws = other_workspace(window)
    try:
        EnvironmentService(ws).set_value(pid, "repo_name", "colleague-repo")
    finally:
        ws.close()
    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or answer_conflict("theirs")(dialog))
    environment_page(window, qtbot)
    qtbot.waitUntil(lambda: bool(asked), timeout=15_000)
    assert stored_value(window, "repo_name") == "colleague-repo"
    close_window(window)


def test_a_refused_value_is_not_tried_again(qtbot, db_path, said, monkeypatch) -> None:  # noqa: F811
    from app.environment.service import EnvironmentService

    window = make_window(qtbot, db_path, global_lang="ja")
    name = environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name")
    calls: list = []
    real = EnvironmentService.set_value
    monkeypatch.setattr(EnvironmentService, "set_value", lambda self, *a, **k: calls.append(a) or real(self, *a, **k))
    name.setFocus()
    name.selectAll()
    name.insert("a b")
    tried = len(calls)
    qtbot.wait(6000)  # longer than a retry's pause
    assert len(calls) == tried and name.styleSheet()
    close_window(window)


def stored_path(window) -> str:
    from app.environment.service import EnvironmentService

    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").locations[0].path


def test_a_storage_cell_entered_while_busy_is_saved_once_the_database_is_free(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    window = make_window(qtbot, db_path, global_lang="ja")
    cells = environment_page(window, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    before = stored_path(window)
    lock = hold_write_lock(db_path)
    try:
        assert not cells.setData(cells.index(0, 1), "s3://会議中/raw/")
        assert cells.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is not None  # kept, marked
        assert stored_path(window) == before
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored_path(window) == "s3://会議中/raw/", timeout=15_000)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=5000)
    assert cells.index(0, 1).data() == "s3://会議中/raw/" and cells.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    close_window(window)


def test_a_storage_cell_kept_busy_by_a_window_gone_is_saved_by_the_next(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    from PySide6.QtWidgets import QTableView

    first = make_window(qtbot, db_path, global_lang="ja")
    cells = environment_page(first, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    lock = hold_write_lock(db_path)
    try:
        assert not cells.setData(cells.index(0, 1), "s3://kept/raw/")
        crash(first)
    finally:
        release(lock)
    window = restart(qtbot, db_path)
    environment_page(window, qtbot, "data-ci")
    qtbot.waitUntil(lambda: stored_path(window) == "s3://kept/raw/", timeout=15_000)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0 and kept_files() == [], timeout=5000)
    close_window(window)
