"""What the Experiment environment, Data platform & CI, Review and Proposal pages could not save (a
value refused, a conflict left unanswered, a busy database) is kept on disk as a draft, not only in
the window: a window that crashes or is killed leaves it to the next window on the database, which
shows it again in its field, cell or editor, marked, counted in the status bar, and saves it once
fixed (against what was shown when the typing began: another window's change since is asked about),
or drops it (↺). A kept draft that no longer fits is said in the page's error line with what was
typed, never a traceback. Closing a window no longer asks about these: they are kept.

A crash is simulated in the process: the window is torn down without its close handler, its drafts
file left as it was and its lock freed (as a process gone frees it); tests/test_breaker16p.py kills
a real process for the hearing's drafts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QToolButton

import app.ui.window.conflict_dialog as conflict_dialog
from app.core import operations as ops
from app.core import paths
from app.core.documents import DocumentService
from app.core.workspace import Workspace
from app.environment.service import EnvironmentService
from app.hearing.drafts_file import StoredDraft, drafts_folder, write_drafts
from app.proposal.service import ProposalService
from app.review import review_view, set_fields
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from tests import gui_helpers
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, environment_page, finish_background_work, make_window, settle
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture

REFUSED_NAME = "類似画像 検索"  # a repository name with a space: refused
REFUSED_PATH = "s3://顧客 バケット/raw/"  # a storage path with a space: refused
COUNTED = "1 件の下書きが未保存です"


@pytest.fixture
def said(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return shown


def kept_files() -> list[Path]:
    return sorted(paths.drafts_dir().glob("*/*.json"))


def kept_drafts() -> list[dict]:
    return [d for path in kept_files() for d in json.loads(path.read_text(encoding="utf-8"))["drafts"]]


def crash(window) -> None:
    """The window's process is gone (a crash, kill -9): nothing it would do on closing runs, what it
    kept on disk stays as it was, and its drafts file's lock is free."""
    registry = drafts_of(window.state)
    registry._folder = None  # gone: it writes (and removes) nothing more
    if registry._lock is not None:
        registry._lock.unlock()
    window.hide()  # never closed: no close handler
    for timer in window.findChildren(QTimer):
        timer.stop()
    finish_background_work()
    QCoreApplication.processEvents()  # zero-delay single shots aimed at its widgets, before they go
    window.state.workspace.close()
    gui_helpers._open_windows.remove(window)
    for child in window.findChildren(QObject):
        child.blockSignals(True)
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def restart(qtbot, db_path):
    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: COUNTED in window.save_label.text())  # counted from the start
    return window


def other_workspace(window) -> Workspace:
    return Workspace.open(str(window.state.workspace.db.url), window.state.workspace.library)


def type_into(field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.insert(text)


# --- Experiment environment: a field ----------------------------------------------------------------


def stored_value(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def test_a_refused_field_comes_back_after_a_crash_marked_counted_and_is_saved_once_fixed(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    type_into(environment_page(first, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
    before = stored_value(first, "repo_name")
    assert [d["fields"] for d in kept_drafts()] == [{"value": REFUSED_NAME}]  # on disk at once
    crash(first)

    window = restart(qtbot, db_path)
    page = environment_page(window, qtbot)
    name = page.findChild(QLineEdit, "field_repo_name")
    assert name.text() == REFUSED_NAME and name.styleSheet()  # back, red
    assert "リポジトリ名" in name.toolTip()  # with why
    assert page.findChild(QToolButton, "reset_repo_name").isEnabled()
    assert stored_value(window, "repo_name") == before  # a draft is never project data
    type_into(name, "similar-image-search-v3")
    assert stored_value(window, "repo_name") == "similar-image-search-v3"
    assert not name.styleSheet() and drafts_of(window.state).count() == 0 and kept_files() == []
    close_window(window)


def test_reset_drops_a_field_draft_taken_back(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    type_into(environment_page(first, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
    crash(first)
    window = restart(qtbot, db_path)
    page = environment_page(window, qtbot)
    name = page.findChild(QLineEdit, "field_repo_name")
    assert name.text() == REFUSED_NAME
    qtbot.mouseClick(page.findChild(QToolButton, "reset_repo_name"), Qt.MouseButton.LeftButton)
    settle(window)
    qtbot.waitUntil(page.settled)
    assert name.text() != REFUSED_NAME and not name.styleSheet()
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    close_window(window)


def test_a_field_another_window_set_after_the_crash_is_asked_about_not_overwritten(qtbot, db_path, said, monkeypatch) -> None:
    asked: list = []

    def answer(dialog) -> int:
        asked.append([(c.theirs, c.mine) for c in dialog.clashes])
        return answer_conflict("mine")(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    first = make_window(qtbot, db_path, global_lang="ja")
    type_into(environment_page(first, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
    pid = first.state.project_id
    crash(first)
    window = restart(qtbot, db_path)
    ws = other_workspace(window)
    try:
        EnvironmentService(ws).set_value(pid, "repo_name", "colleagues-repo")  # a colleague, before the page is shown
    finally:
        ws.close()
    name = environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name")
    assert name.text() == REFUSED_NAME
    type_into(name, "my-repo")
    assert asked == [[("colleagues-repo", "my-repo")]]  # based on what was shown when the typing began
    assert stored_value(window, "repo_name") == "my-repo"  # mine, chosen
    close_window(window)


# --- Data platform & CI: a storage cell --------------------------------------------------------------


def test_a_refused_storage_cell_comes_back_after_a_crash_and_is_saved_once_fixed(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    cells = environment_page(first, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    before = cells.index(0, 1).data()
    assert not cells.setData(cells.index(0, 1), REFUSED_PATH)
    assert [d["fields"] for d in kept_drafts()] == [{"text": REFUSED_PATH}]
    crash(first)

    window = restart(qtbot, db_path)
    cells = environment_page(window, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    cell = cells.index(0, 1)
    assert cell.data() == REFUSED_PATH
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None and "パス" in cell.data(Qt.ItemDataRole.ToolTipRole)
    raw = EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").locations[0]
    assert raw.path == before
    assert cells.setData(cell, "s3://customer-bucket/raw/")
    raw = EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").locations[0]
    assert raw.path == "s3://customer-bucket/raw/"
    assert cells.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    close_window(window)


def test_a_storage_cell_a_colleague_set_after_the_crash_is_said_not_overwritten(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    cells = environment_page(first, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    assert not cells.setData(cells.index(0, 1), REFUSED_PATH)
    pid = first.state.project_id
    crash(first)
    window = restart(qtbot, db_path)
    ws = other_workspace(window)
    try:
        EnvironmentService(ws).set_location(pid, "raw", "path", "s3://colleague/raw/")
    finally:
        ws.close()
    page = environment_page(window, qtbot, "data-ci")
    cells = page.findChild(QTableView, "locationsTable").model()
    assert not cells.setData(cells.index(0, 1), "s3://mine/raw/")  # based on what was shown before the crash: said
    assert cells.index(0, 1).data() == "s3://mine/raw/" and page.problem_label.text()
    raw = EnvironmentService(window.state.workspace).choices(pid, "ja").locations[0]
    assert raw.path == "s3://colleague/raw/"
    assert cells.setData(cells.index(0, 1), "s3://mine/raw/")  # typed again, knowing: saved
    assert EnvironmentService(window.state.workspace).choices(pid, "ja").locations[0].path == "s3://mine/raw/"
    assert drafts_of(window.state).count() == 0
    close_window(window)


# --- Review: a text too long --------------------------------------------------------------------------


def review_page(window, qtbot):
    window.show_page("review")
    page = window.page("review")
    qtbot.waitUntil(lambda: page.settled() and page.model.rowCount() > 0, timeout=10000)
    return page


def test_a_refused_review_text_comes_back_after_a_crash_and_is_saved_once_fixed(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(first, qtbot)
    checklist_id, item_id, typed = page.checklist_id, page.model.rows[0].item.id, "長" * 100_001
    text = page.model.column_of("text")
    assert not page.model.setData(page.model.index(0, text), typed)
    assert len(kept_drafts()) == 1
    crash(first)

    window = restart(qtbot, db_path)
    page = review_page(window, qtbot)
    page.choose(checklist_id)
    cell = page.model.index(page.model.row_of(item_id), text)
    assert cell.data() == typed and cell.data(Qt.ItemDataRole.FontRole).italic()
    assert "保存されていません" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert page.model.setData(cell, "長さを直した根拠")
    settle(window)
    row = review_view(window.state.workspace, window.state.project_id).checklist(checklist_id).items[item_id]
    assert row.answer.text(page.model.view.checklist.scoring) == "長さを直した根拠"
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    close_window(window)


def test_a_review_score_left_in_a_conflict_is_asked_about_again_after_a_crash(qtbot, db_path, said, monkeypatch) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(first, qtbot)
    checklist_id, item_id = "ml_test_score", "monitor.dependencies"  # not scored in the demo
    page.choose(checklist_id)
    ws, pid = first.state.workspace, first.state.project_id
    ops.run(ws, set_fields(pid, checklist_id, item_id, {"score": 0.5}))  # another window: this page does not know
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: 0)  # closed without a choice
    score = page.model.column_of("score")
    assert not page.model.setData(page.model.index(page.model.row_of(item_id), score), 1.0)
    crash(first)

    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or answer_conflict("mine")(dialog))
    window = restart(qtbot, db_path)
    page = review_page(window, qtbot)
    page.choose(checklist_id)
    cell = page.model.index(page.model.row_of(item_id), score)
    assert cell.data().startswith("1") and cell.data(Qt.ItemDataRole.FontRole).italic()
    assert page.model.setData(cell, 1.0)  # the same value committed again: based on what was shown before the crash
    settle(window)
    assert len(asked) == 1
    assert review_view(window.state.workspace, pid).checklist(checklist_id).items[item_id].answer.score == 1.0
    assert drafts_of(window.state).count() == 0
    close_window(window)


# --- Proposal: the typed document ----------------------------------------------------------------------


def proposal_page(window, qtbot):
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None, timeout=10000)
    return page


def stored_purpose(window) -> str | None:
    doc = ProposalService(window.state.documents).load(window.state.project_id)
    return doc.texts.get("purpose", {}).get(window.page("proposal").lang)


def test_a_refused_proposal_text_comes_back_after_a_crash_and_is_saved_once_fixed(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    proposal_page(first, qtbot)
    edit = first.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.setPlainText("あ" * 100_001)  # too long: refused, kept
    assert said
    assert len(kept_drafts()) == 1
    crash(first)

    said.clear()
    window = restart(qtbot, db_path)
    page = proposal_page(window, qtbot)
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    assert edit.toPlainText() == "あ" * 100_001 and edit.styleSheet()  # back, marked
    line = window.findChild(QLabel, "proposalDraft")
    assert line.isVisibleTo(window) and "目的" in line.text()  # why, by the section's title
    assert stored_purpose(window) != edit.toPlainText()
    edit.setPlainText("PoC の目的を直した")
    qtbot.waitUntil(lambda: stored_purpose(window) == "PoC の目的を直した", timeout=8000)
    assert not line.isVisibleTo(window) and not edit.styleSheet()
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert page.doc.texts["purpose"][page.lang] == "PoC の目的を直した"
    close_window(window)


def test_proposal_typing_a_busy_database_kept_is_saved_by_the_next_window(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    first = make_window(qtbot, db_path, global_lang="ja")
    proposal_page(first, qtbot)
    edit = first.findChild(QPlainTextEdit, "section_purpose")
    lock = hold_write_lock(db_path)
    try:
        edit.setFocus()
        edit.selectAll()
        edit.insertPlainText("会議中に書いた目的")  # busy: kept, retried
        assert [d["fields"]["doc"]["texts"]["purpose"] for d in kept_drafts()] == [{"ja": "会議中に書いた目的"}]
        crash(first)
    finally:
        release(lock)
    window = restart(qtbot, db_path)
    proposal_page(window, qtbot)
    assert window.findChild(QPlainTextEdit, "section_purpose").toPlainText() == "会議中に書いた目的"
    qtbot.waitUntil(lambda: stored_purpose(window) == "会議中に書いた目的", timeout=8000)  # saved by itself
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    close_window(window)


def test_proposal_typing_taken_back_asks_about_a_colleagues_change_since(qtbot, db_path, said, monkeypatch) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    proposal_page(first, qtbot)
    pid = first.state.project_id
    edit = first.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.setPlainText("あ" * 100_001)
    crash(first)
    window = restart(qtbot, db_path)
    ws = other_workspace(window)
    try:
        service = ProposalService(DocumentService(ws.db))
        doc = service.load(pid)
        service.save(pid, doc.model_copy(update={"texts": {**doc.texts, "purpose": {"ja": "同僚が書いた目的"}}}))
    finally:
        ws.close()
    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or answer_conflict("mine")(dialog))
    proposal_page(window, qtbot)
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    edit.setPlainText("私の目的")
    qtbot.waitUntil(lambda: bool(asked), timeout=8000)
    qtbot.waitUntil(lambda: stored_purpose(window) == "私の目的", timeout=8000)
    close_window(window)


def test_discarding_a_proposal_draft_taken_back_shows_what_is_stored(qtbot, db_path, said) -> None:
    first = make_window(qtbot, db_path, global_lang="ja")
    proposal_page(first, qtbot)
    before = stored_purpose(first)
    edit = first.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.setPlainText("あ" * 100_001)
    crash(first)
    window = restart(qtbot, db_path)
    proposal_page(window, qtbot)
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    assert edit.toPlainText() == "あ" * 100_001
    qtbot.mouseClick(window.findChild(QPushButton, "proposalDiscardDraft"), Qt.MouseButton.LeftButton)
    assert edit.toPlainText() != "あ" * 100_001 and not edit.styleSheet()
    assert not window.findChild(QLabel, "proposalDraft").isVisibleTo(window)
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert stored_purpose(window) == before
    close_window(window)


# --- closing ---------------------------------------------------------------------------------------


def test_closing_does_not_ask_about_drafts_kept_on_disk_and_they_come_back(qtbot, db_path, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text, *_a, **_k: asked.append(text) or False)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    window = make_window(qtbot, db_path, global_lang="ja")
    type_into(environment_page(window, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
    cells = environment_page(window, qtbot, "data-ci").findChild(QTableView, "locationsTable").model()
    assert not cells.setData(cells.index(0, 1), REFUSED_PATH)
    page = review_page(window, qtbot)
    assert not page.model.setData(page.model.index(0, page.model.column_of("text")), "長" * 100_001)
    proposal_page(window, qtbot)
    window.findChild(QPlainTextEdit, "section_purpose").setPlainText("あ" * 100_001)
    assert drafts_of(window.state).count() == 4 and "4" in window.save_label.text()
    assert drafts_of(window.state).lost_on_close() == 0
    assert window.close() and asked == []  # kept on disk: nothing to ask
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "4 件の下書きが未保存です" in window.save_label.text())
    close_window(window)


# --- a kept draft that no longer fits -------------------------------------------------------------------


def test_kept_drafts_that_no_longer_fit_are_said_with_what_was_typed_never_a_traceback(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    project, url = window.state.project, window.state.workspace.db.url
    page = review_page(window, qtbot)
    checklist_id, item_id = page.checklist_id, page.model.rows[0].item.id
    close_window(window)

    def draft(item: str, fields: dict, base=None) -> StoredDraft:
        return StoredDraft(project.id, project.uuid, item, fields, "前の理由", base)

    write_drafts(drafts_folder(url) / "gone.json", url, [
        draft("experiment:repo_name", {"value": ["一覧になった名前"]}, {"own": None}),  # another shape
        draft("experiment:a_field_removed", {"value": "消えた欄の値"}),
        draft("data_ci:no-such-kind:path", {"text": "s3://消えた行/"}),
        draft("data_ci:raw:path", {"text": {"not": "text"}}),
        draft(f"review:{checklist_id}:{item_id}", {"score": "とても良い"}, {"score": None}),
        draft("review:no_such_checklist:x.y", {"note": "消えたチェックリストのメモ"}),
        draft("proposal:document", {"doc": {"texts": "壊れた提案の文章"}}),
    ])  # fmt: skip
    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "7 件の下書きが未保存です" in window.save_label.text())

    env = environment_page(window, qtbot)
    qtbot.waitUntil(env.settled)
    line = env.findChild(QLabel, "environmentProblem").text()
    assert "一覧になった名前" in line and "消えた欄の値" in line and "そのまま表示できません" in line, line
    assert "リポジトリ名" in line and "repo_name" not in line  # named by its label
    name = env.findChild(QLineEdit, "field_repo_name")
    assert name.styleSheet() and env.findChild(QToolButton, "reset_repo_name").isEnabled()  # marked; ↺ drops it

    data = environment_page(window, qtbot, "data-ci")
    qtbot.waitUntil(data.settled)
    line = data.findChild(QLabel, "environmentProblem").text()
    assert "s3://消えた行/" in line and "not" in line, line

    review = review_page(window, qtbot)
    line = review.findChild(QLabel, "reviewProblem").text()
    assert "とても良い" in line and "消えたチェックリストのメモ" in line, line

    proposal_page(window, qtbot)
    line = window.findChild(QLabel, "proposalDraft")
    assert line.isVisibleTo(window) and "壊れた提案の文章" in line.text()
    qtbot.mouseClick(window.findChild(QPushButton, "proposalDiscardDraft"), Qt.MouseButton.LeftButton)
    assert drafts_of(window.state).count() == 6  # dropped by the user; the others are kept all the same
    assert not said  # no error dialog, no traceback
    close_window(window)
