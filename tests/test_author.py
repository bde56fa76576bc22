"""Who did what: each answer change and WBS task edit records its author (Settings > author name in
the window, the OS user or MLOPS_KICKOFF_AUTHOR on the CLI); the history, the minutes, the WBS
tooltip and the project file carry it; rows from before authors read as no one."""

from __future__ import annotations

import getpass
import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.core import operations as ops
from app.core.storage.db import Database
from app.core.workspace import Workspace
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from app.hearing.minutes import minutes_markdown
from app.hearing.sessions import SessionService
from app.hearing.sheet import export_hearing_sheet
from app.main import main
from app.projects.transfer import export_data, import_data
from app.ui import settings
from app.ui.window.settings_dialog import SettingsDialog
from app.wbs import operations as wbs_ops
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window
from tests.schema_0001 import make_database
from tests.test_hearing_sheet import fill
from tests.test_settings_dialog import open_settings

ITEM = "hearing.basics.accuracy_avc"


def history_authors(ws: Workspace, project_id: int, item_id: str = ITEM) -> list[str]:
    return [h.author for h in AnswerService(ws.db, ws.library).history(project_id, item_id)]


def test_an_answer_typed_in_the_window_records_the_settings_name_shown_in_history_and_minutes(qtbot, db_path) -> None:
    settings.set_author_name("山田 太郎")
    window = make_window(qtbot, db_path, global_lang="ja")
    state = window.state
    SessionService(state.workspace.db).start(state.project_id, attendees=["佐藤"], title="第2回")
    window.show_page("hearing")
    page = window.page("hearing")
    assert page.select_item(ITEM)
    qtbot.waitUntil(lambda: page.editor.item_id == ITEM)
    page.editor.editors["value"].edit.clear()
    qtbot.keyClicks(page.editor.editors["value"].edit, "Recall +2%")  # keyClicks types ASCII only
    page.editor.flush()
    assert history_authors(state.workspace, state.project_id)[-1] == "山田 太郎"

    # The editor's history list says who, newest first.
    model = page.editor.history_model
    qtbot.waitUntil(lambda: model.rowCount() > 0 and model.index(0, 4).data() == "山田 太郎")
    assert model.headerData(4, Qt.Orientation.Horizontal) == "記録者"
    assert model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == "記録: 山田 太郎"

    # Settings > author name changed: the next change is recorded under the new name at once.
    def rename(dialog: SettingsDialog) -> None:
        dialog.findChild(QLineEdit, "authorName").setText("佐藤 花子")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    open_settings(window, rename)
    qtbot.keyClicks(page.editor.editors["value"].edit, " and more")
    page.editor.flush()
    assert history_authors(state.workspace, state.project_id)[-2:] == ["山田 太郎", "佐藤 花子"]

    minutes = minutes_markdown(state.workspace, state.project_id, 2, "ja")
    assert "記録: 山田 太郎、佐藤 花子" in minutes
    assert minutes_markdown(state.workspace, state.project_id, 2, "en").count("Recorded by: 山田 太郎, 佐藤 花子") == 1
    close_window(window)


def test_a_wbs_edit_records_its_author_shown_in_the_title_tooltip(qtbot, db_path) -> None:
    settings.set_author_name("山田 太郎")
    window = make_window(qtbot, db_path, global_lang="ja")
    state = window.state
    service = WbsService(state.workspace.db)
    task = service.tasks(state.project_id)[0]
    ops.run(state.workspace, wbs_ops.wbs_op(state.project_id, lambda ws: WbsService(ws.db).update(state.project_id, [task.id], notes="確認済")))
    assert service.last_editor(task.id) == "山田 太郎"
    window.show_page("wbs")
    page = window.page("wbs")
    tip = page.model.data(page.model.index_of(task.id, 0), Qt.ItemDataRole.ToolTipRole)
    assert "最終更新: 山田 太郎" in tip
    other = service.tasks(state.project_id)[1]
    if service.last_editor(other.id) is None:  # the demo's tasks made before: no name said
        assert "最終更新" not in (page.model.data(page.model.index_of(other.id, 0), Qt.ItemDataRole.ToolTipRole) or "")
    close_window(window)


def test_undo_of_a_task_edit_records_who_undid_it(workspace, demo) -> None:
    workspace.author = "山田 太郎"
    task = WbsService(workspace.db).tasks(demo.id)[0]
    change = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).update(demo.id, [task.id], notes="A")))
    assert WbsService(workspace.db).last_editor(task.id) == "山田 太郎"
    workspace.author = "佐藤 花子"
    ops.run(workspace, ops.undo_op(change))
    assert WbsService(workspace.db).last_editor(task.id) == "佐藤 花子"
    assert WbsService(workspace.db).tasks(demo.id)[0].notes == task.notes


def test_the_cli_records_the_os_user_or_mlops_kickoff_author(workspace, demo, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja")
    first = fill(sheet, tmp_path / "first.xlsx", {ITEM: {"answer": "CLI 1"}})

    monkeypatch.delenv("MLOPS_KICKOFF_AUTHOR", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "os-user")
    assert main(["--db", str(db_path), "import", "hearing-sheet", str(first), "--project", str(demo.id)]) == 0
    assert history_authors(workspace, demo.id)[-1] == "os-user"

    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "sheet2.xlsx", "ja")
    second = fill(sheet, tmp_path / "second.xlsx", {ITEM: {"answer": "CLI 2"}})
    monkeypatch.setenv("MLOPS_KICKOFF_AUTHOR", "  山田\u3000太郎 ")  # one line, trimmed
    assert main(["--db", str(db_path), "import", "hearing-sheet", str(second), "--project", str(demo.id)]) == 0
    assert history_authors(workspace, demo.id)[-1] == "山田 太郎"


def test_an_old_database_migrated_keeps_its_rows_with_no_author(db_path: Path, library) -> None:
    make_database(db_path)  # the first schema, with data
    conn = sqlite3.connect(db_path)
    old_history = conn.execute("SELECT count(*) FROM answer_history").fetchone()[0]
    conn.close()
    ws = Workspace(Database(str(db_path)), library, author="山田 太郎")  # migrates to the head
    try:
        conn = sqlite3.connect(db_path)
        assert conn.execute("SELECT count(*), count(author) FROM answer_history").fetchone() == (old_history, 0)
        assert conn.execute("SELECT count(*) FROM wbs_tasks WHERE edited_by IS NOT NULL").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM presence").fetchone() == (0,)
        item_id = conn.execute("SELECT item_id FROM answers a JOIN answer_history h ON h.answer_id = a.id").fetchone()[0]
        project_id = conn.execute("SELECT id FROM projects ORDER BY id").fetchone()[0]
        conn.close()
        before = history_authors(ws, project_id, item_id)
        assert before and set(before) == {""}  # shown as nothing
        ops.run(ws, hearing_ops.update_answer(project_id, item_id, note="追記"))
        assert history_authors(ws, project_id, item_id) == [*before, "山田 太郎"]
        tasks = WbsService(ws.db).tasks(project_id)
        if tasks:
            assert WbsService(ws.db).last_editor(tasks[0].id) is None
    finally:
        ws.close()


def test_the_project_file_carries_the_authors_and_older_files_import_with_none(workspace, demo, tmp_path: Path) -> None:
    workspace.author = "山田 太郎"
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, value="購買率+2%"))
    task = WbsService(workspace.db).tasks(demo.id)[0]
    ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).update(demo.id, [task.id], notes="A")))
    data = export_data(workspace.db, demo.id)
    record = next(a for a in data["answers"] if a["item_id"] == ITEM)
    assert record["history"][-1]["author"] == "山田 太郎"
    assert next(t for t in data["parts"]["wbs"] if t["uid"] == task.uid)["edited_by"] == "山田 太郎"

    copied = json.loads(json.dumps(data, default=str))
    other = Workspace(Database(str(tmp_path / "other.sqlite3")), workspace.library)
    try:
        new_id = import_data(other.db, copied)
        assert history_authors(other, new_id)[-1] == "山田 太郎"
        new_task = next(t for t in WbsService(other.db).tasks(new_id) if t.uid == task.uid)
        assert WbsService(other.db).last_editor(new_task.id) == "山田 太郎"
    finally:
        other.close()

    for a in copied["answers"]:  # a file from before authors
        for h in a["history"]:
            h.pop("author", None)
    for t in copied["parts"]["wbs"]:
        t.pop("edited_by", None)
    old_id = import_data(workspace.db, copied, name="古いファイル")
    assert set(history_authors(workspace, old_id)) == {""}
    assert all(WbsService(workspace.db).last_editor(t.id) is None for t in WbsService(workspace.db).tasks(old_id))


def test_an_overlong_or_multiline_author_is_kept_to_one_line_of_the_columns_width(workspace, demo) -> None:
    workspace.author = "山田\n太郎" + "x" * 300
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, value="x"))
    author = history_authors(workspace, demo.id)[-1]
    assert author.startswith("山田 太郎") and len(author) == 200


def test_the_demos_made_up_answers_are_recorded_by_no_one(workspace) -> None:
    from app.projects.demo import create_demo

    workspace.author = "山田 太郎"
    project = ops.run(workspace, ops.project_op(-1, lambda ws: create_demo(ws, "ja"))).detail  # as the CLI does
    service = AnswerService(workspace.db, workspace.library)
    entries = [h for item_id in service.answers(project.id) for h in service.history(project.id, item_id)]
    assert entries and {(h.source, h.author) for h in entries} == {("demo", "")}
    assert "記録: " not in minutes_markdown(workspace, project.id, 1, "ja")
