"""Defects found by breaker22a, trying the start-up laziness, the undo offered in the typing pause,
the import of an earlier version's out-of-range dates and the drafts of deleted projects as a
demanding Japanese user would. Each test fails today for the reason its xfail gives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel

from app.cli.main import main
from app.core import paths
from app.hearing.drafts_file import StoredDraft, drafts_folder, write_drafts
from app.projects import transfer
from app.ui import messages
from tests.gui_helpers import close_window, make_window, settle
from tests.test_nothing_lost_gui import open_item, stored

BACKGROUND = "hearing.basics.background"
USERS_DS = "hearing.prereq.users_ds"  # a number item
DELIVERABLES = "hearing.basics.deliverables"  # a table with a date column (due)


@pytest.fixture
def quiet(monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)


def orphans_text(window) -> str | None:
    found = [d for d in window.findChildren(QDialog, "orphanDraftsDialog") if d.isVisible()]
    return found[0].findChild(QLabel, "orphanDraftsText").text() if found else None


# --- a project file of an earlier version, its out-of-range dates kept -----------------------------


def old_file(workspace, demo, tmp_path: Path, due: str) -> Path:
    """The demo's project file as an earlier version wrote it: every deliverable due on ``due``."""
    data = transfer.export_data(workspace.db, demo.id)
    data["project"]["uuid"] = "00000000-0000-4000-8000-0000000022aa"
    data["project"]["name"] = "古い版の無期限案件"
    answers = {a["item_id"]: a for a in data["answers"]}
    for row in answers[DELIVERABLES]["value"]:
        row["due"] = due
    out = tmp_path / "old.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_the_hearing_sheet_of_an_imported_project_with_a_9999_due_date_is_written(workspace, demo, db_path, tmp_path) -> None:
    new_id = transfer.import_file(workspace.db, old_file(workspace, demo, tmp_path, "9999/12/31"), library=workspace.library)
    out = tmp_path / "ヒアリングシート.xlsx"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "hearing-sheet", "--project", str(new_id), "--out", str(out)]) == 0
    assert out.is_file()


def test_a_year_1_due_date_in_the_hearing_sheet_is_no_negative_excel_date(workspace, demo, db_path, tmp_path) -> None:
    new_id = transfer.import_file(workspace.db, old_file(workspace, demo, tmp_path, "0001-01-01"), library=workspace.library)
    out = tmp_path / "ヒアリングシート.xlsx"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "hearing-sheet", "--project", str(new_id), "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as book:
        sheets = [book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("xl/worksheets/")]
    assert not any("<v>-" in sheet for sheet in sheets)  # no cell holds a date before Excel's first day


# --- Edit ▸ Undo offered while a number that is no number is typed --------------------------------


@pytest.fixture
def window(qtbot, db_path, quiet):
    win = make_window(qtbot, db_path, global_lang="ja", page="hearing")
    yield win
    close_window(win)


def type_no_number(window, qtbot):
    editor = open_item(window, qtbot, USERS_DS)
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "abc")  # not saved yet: in its pause
    return editor, field


def test_undo_offered_while_a_bad_number_is_typed_takes_that_typing_back(window, qtbot) -> None:
    assert window.state.undo_stack.count() == 0
    before = stored(window, USERS_DS).value
    editor, field = type_no_number(window, qtbot)
    offered = window.undo_action.isEnabled()
    window.undo_action.trigger()
    # Undo, when offered, takes back what was typed: the field shows the answer again, no draft left.
    assert not offered or (field.text() == str(before) and editor.drafts.get(window.state.project_id, USERS_DS) is None), field.text()


def test_undo_with_a_bad_number_typed_never_undoes_an_earlier_edit_of_another_item(window, qtbot) -> None:
    editor = open_item(window, qtbot, BACKGROUND)
    text = editor.editors["value"].edit
    text.selectAll()
    text.insertPlainText("背景を書き直した")
    assert editor.flush()
    type_no_number(window, qtbot)
    window.undo_action.trigger()
    assert stored(window, BACKGROUND).value == "背景を書き直した"


# --- drafts of deleted projects said at the next start ---------------------------------------------


def test_the_orphan_drafts_dialog_names_no_project_whose_drafts_it_does_not_list(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    url = window.state.workspace.db.url
    close_window(window)
    write_drafts(drafts_folder(url) / "gone.json", url, [
        StoredDraft(1000 + n, f"gone-{n}", BACKGROUND, {"value": f"案件{n}で書いた背景"}, "理由", project_name=f"削除済み案件{n:02d}")
        for n in range(20)
    ])  # fmt: skip
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: orphans_text(window) is not None, timeout=3000)
        lines = orphans_text(window).splitlines()
        headings = [n for n, line in enumerate(lines) if line.startswith("「削除済み案件")]
        assert all(lines[n + 1].startswith("・") for n in headings), "\n".join(lines)
    finally:
        close_window(window)


def test_a_draft_of_a_project_the_user_deleted_is_never_said_typed_after_the_deletion(qtbot, db_path, quiet) -> None:
    window = make_window(qtbot, db_path, global_lang="ja", page="hearing")
    editor, _field = type_no_number(window, qtbot)
    assert not editor.flush()  # kept as a draft
    window.delete_project()
    settle(window)
    close_window(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        settle(window)
        said = orphans_text(window)
        assert said is None or "削除の後に入力" not in said, said
    finally:
        close_window(window)


# --- the message catalogue's cache ---------------------------------------------------------------


def test_a_deeply_nested_messages_cache_is_parsed_around(isolated_home) -> None:
    from app.core import messages as core_messages
    from app.core.content.cache import MESSAGES_CACHE_FILE

    core_messages.catalogue.cache_clear()
    try:
        paths.cache_dir().mkdir(parents=True, exist_ok=True)
        (paths.cache_dir() / MESSAGES_CACHE_FILE).write_text("[" * 100_000, encoding="utf-8")
        assert core_messages.catalogue()["file.no_folder"]["ja"]
    finally:
        core_messages.catalogue.cache_clear()
