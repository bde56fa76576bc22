"""fix34a: the Projects dialog by keyboard (Enter on a row opens it) and its Archive/Restore doing what the
button says; numbered names with the user's own spaces and parentheses; agreement baseline names keeping
their spaces and found by either; a project file's times moved to UTC, refused outside the years the app
holds and when not written as text; a far time already stored shown without a crash."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.cli.main import main
from app.core import operations as ops
from app.core.errors import NotFoundError, RefusedImportError, ValidationFailed
from app.core.projects import ProjectService, free_name
from app.core.storage.db import Database
from app.core.storage.models import AnswerHistory, HearingSession, Project, ProjectDocument
from app.projects import transfer
from app.projects.baselines import moments
from app.projects.baselines import store as baselines
from app.projects.file_format import ProjectTooLarge
from app.ui import messages
from app.ui.projects.dialog import ProjectsDialog
from tests.gui_helpers import settle

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(japanese_window):
    return japanese_window


@pytest.fixture
def dialog(window, qtbot):
    shown = ProjectsDialog(window.state, window, window.watcher)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.reject()


# --- File ▸ プロジェクトを開く… by keyboard and mouse -------------------------------------------------------


def test_arrow_keys_then_enter_open_the_row_chosen(window, dialog, qtbot, monkeypatch) -> None:
    service = ProjectService(window.state.workspace.db)
    service.create("一つ目の案件")
    service.create("二つ目の案件")
    dialog.reload()
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: pytest.fail(f"asked for a name: {a[1:3]}"))
    dialog.activateWindow()
    assert dialog.focusWidget() is dialog.table  # the list has the keyboard when the dialog opens
    dialog.table.selectRow(0)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    chosen = dialog.selected()
    assert chosen is not None and dialog.model.row_of(chosen.id) == 1
    qtbot.keyClick(dialog.table, Qt.Key.Key_Enter)  # the keypad's Enter as the Return key
    settle(window)
    assert dialog.chosen_id == chosen.id and dialog.result() == ProjectsDialog.DialogCode.Accepted


def test_a_double_click_opens_the_row(window, dialog, qtbot) -> None:
    other = ProjectService(window.state.workspace.db).create("ダブルクリックの案件")
    dialog.reload()
    row = dialog.model.row_of(other.id)
    rect = dialog.table.visualRect(dialog.model.index(row, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(window)
    assert dialog.chosen_id == other.id and dialog.result() == ProjectsDialog.DialogCode.Accepted


def test_enter_on_a_button_with_the_focus_presses_that_button(window, dialog, qtbot, monkeypatch) -> None:
    other = ProjectService(window.state.workspace.db).create("名前を変える案件")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(other.id))
    asked: list[tuple] = []
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: asked.append(a) or None)
    dialog.buttons["rename"].setFocus()
    qtbot.keyClick(dialog.buttons["rename"], Qt.Key.Key_Return)
    settle(window)
    assert [a[1] for a in asked] == ["プロジェクト名の変更"] and dialog.chosen_id is None and dialog.isVisible()
    dialog.table.setFocus()  # back on the list: Enter is Open's again
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.chosen_id == other.id


def test_enter_with_no_row_selected_asks_nothing(window, dialog, qtbot, monkeypatch) -> None:
    dialog.table.clearSelection()
    dialog._update_buttons()
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: pytest.fail("asked for a new project's name"))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    settle(window)
    assert dialog.chosen_id is None and dialog.isVisible()


def test_restore_pressed_after_another_window_restored_it_leaves_it_restored(window, dialog, db_path, said) -> None:
    service = ProjectService(window.state.workspace.db)
    other = service.create("戻す案件")
    service.set_archived(other.id, True)
    dialog.show_archived.setChecked(True)
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(other.id))
    assert dialog.buttons["archive"].text() == "復元"
    db = Database(f"sqlite:///{db_path}")
    try:
        ProjectService(db).set_archived(other.id, False)  # another window, not heard yet
    finally:
        db.close()
    dialog.buttons["archive"].click()
    settle(window)
    assert not said, said
    assert not service.get(other.id).archived, "the project the user restored is archived again"


# --- numbered names ---------------------------------------------------------------------------------


def test_a_numbered_name_counts_on_in_the_users_own_space_and_parentheses(workspace) -> None:
    service = ProjectService(workspace.db)
    for name in ("PoC (2)", "案件 （2）", "案件２　（２）", "検証　(2)", "検証 (3)"):
        service.create(name)
    with workspace.db.session() as s:
        assert free_name(s, "PoC (2)") == "PoC (3)"
        assert free_name(s, "案件 （2）") == "案件 （3）"
        assert free_name(s, "案件２　（２）") == "案件２　（３）"
        assert free_name(s, "検証　(2)") == "検証　(4)"  # 「検証　(3)」 looks like 「検証 (3)」: taken
        long = "長" * 190 + "　(2)"
        assert len(free_name(s, long)) <= 200
    service.create("長" * 190 + "　(2)")
    with workspace.db.session() as s:
        numbered = free_name(s, "長" * 190 + "　(2)")
    assert numbered.endswith("　(3)") and len(numbered) <= 200, numbered


# --- agreement baseline names ------------------------------------------------------------------------


def test_a_baseline_is_found_signed_and_taken_by_either_space(workspace) -> None:
    pid = ProjectService(workspace.db).create("画像検索　ＰｏＣ").id
    ops.run(workspace, baselines.create_op(pid, "  キックオフ　合意 ", "kickoff"))
    assert [b.name for b in baselines.baselines(workspace, pid)] == ["キックオフ　合意"]
    assert baselines.find(workspace, pid, "キックオフ 合意").name == "キックオフ　合意"
    ops.run(workspace, baselines.sign_op(pid, "キックオフ 合意", "佐藤"))
    assert [s.who for s in baselines.find(workspace, pid, "キックオフ　合意").signoffs] == ["佐藤"]
    with pytest.raises(ValidationFailed) as taken:
        ops.run(workspace, baselines.create_op(pid, "キックオフ 合意"))
    assert taken.value.key == "agreement.name_taken"
    with pytest.raises(NotFoundError) as unknown:
        baselines.find(workspace, pid, "中間 合意")
    assert unknown.value.params["known"].values == ("キックオフ　合意",)


def test_a_baseline_stored_before_names_kept_their_spaces_is_found_by_either(workspace) -> None:
    pid = ProjectService(workspace.db).create("案件").id
    ops.run(workspace, baselines.create_op(pid, "キックオフ 合意", "kickoff"))  # as names were folded before
    assert baselines.find(workspace, pid, "キックオフ　合意").name == "キックオフ 合意"
    suggested = moments.suggested_name(workspace, pid, "kickoff", "ja")
    ops.run(workspace, baselines.create_op(pid, suggested.replace(" ", "　"), "kickoff"))
    assert moments.suggested_name(workspace, pid, "kickoff", "ja") == f"{suggested} (2)"  # the one with 「　」 is taken


def test_baseline_commands_find_a_name_typed_with_the_other_space(workspace, db_path, tmp_path, capsys) -> None:
    pid = ProjectService(workspace.db).create("需要予測").id
    ops.run(workspace, baselines.create_op(pid, "キックオフ　合意", "kickoff"))
    base = ["--db", str(db_path), "--lang", "ja", "baseline"]
    assert main([*base, "sign", "--project", str(pid), "--name", "キックオフ 合意", "--who", "佐藤"]) == 0
    assert "キックオフ　合意" in capsys.readouterr().out  # said by its name as stored
    assert main([*base, "diff", "--project", str(pid), "--from", "キックオフ 合意", "--out", str(tmp_path / "d.md")]) == 0
    capsys.readouterr()
    assert main([*base, "list", "--project", str(pid), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["name"], [s["who"] for s in b["signoffs"]]) for b in listed] == [("キックオフ　合意", ["佐藤"])]


# --- a project file's times -------------------------------------------------------------------------


def edited(workspace, tmp_path: Path, edit, name: str = "時刻の案件") -> tuple[int, Path]:
    """A project with a session and a signed baseline, exported, then ``edit(data)``."""
    service = ProjectService(workspace.db)
    pid = service.create(name).id
    with workspace.db.session() as s:
        s.add(HearingSession(project_id=pid, number=1, held_on=dt.date(2026, 12, 1), title="初回"))
    ops.run(workspace, baselines.create_op(pid, "キックオフ合意", "kickoff"))
    ops.run(workspace, baselines.sign_op(pid, "キックオフ合意", "佐藤"))
    path = transfer.export_file(workspace.db, pid, tmp_path / "p.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000003401"
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return pid, path


def test_every_time_of_a_file_is_stored_in_utc(workspace, tmp_path) -> None:
    jst = "2026-12-01T21:00:00+09:00"

    def edit(data) -> None:
        data["project"] |= {"created_at": jst, "updated_at": jst}
        data["sessions"][0] |= {"started_at": jst, "ended_at": "2026-12-01T22:00:00+09:00"}
        data["answers"] = [{"item_id": "x-item", "checklist_id": "x", "updated_at": jst,
                            "history": [{"changed_at": jst, "status": "answered"}]}]
        for doc in data["documents"]:
            doc["updated_at"] = jst
            if doc["kind"] == "agreement_baselines":
                entry = doc["data"]["baselines"]["キックオフ合意"]
                entry["created"] = jst
                entry["signoffs"][0]["recorded"] = jst

    _pid, path = edited(workspace, tmp_path, edit)
    new_id = transfer.import_file(workspace.db, path)
    noon = "2026-12-01 12:00:00"
    with workspace.db.session() as s:
        project = s.get(Project, new_id)
        assert (str(project.created_at), str(project.updated_at)) == (noon, noon)
        session = project.sessions[0]
        assert (str(session.started_at), str(session.ended_at)) == (noon, "2026-12-01 13:00:00")
        assert [str(h.changed_at) for h in s.query(AnswerHistory)] == [noon]
        assert {str(d.updated_at) for d in s.query(ProjectDocument).filter_by(project_id=new_id)} == {noon}
    made = baselines.find(workspace, new_id, "キックオフ合意")
    assert made.created == "2026-12-01T12:00:00+00:00" and made.signoffs[0].recorded == "2026-12-01T12:00:00+00:00"


@pytest.mark.parametrize(("where", "value", "said"), [
    ("updated_at", 12345, "日付や日時ではありません"),
    ("updated_at", "12345", "日付や日時ではありません"),
    ("created_at", "9999-12-31T23:59:59+00:00", "1900年〜2199年"),
    ("created_at", "1899-12-31T23:59:59Z", "1900年〜2199年"),
    ("updated_at", "1900-01-01T08:00:00+09:00", "1900年〜2199年"),  # 1899 in UTC
    ("updated_at", "0001-01-01T00:00:00+09:00", "1900年〜2199年"),
])
def test_a_time_of_the_project_not_text_or_out_of_range_is_refused_in_one_line(workspace, db_path, tmp_path, capsys, where, value, said) -> None:
    _pid, path = edited(workspace, tmp_path, lambda data: data["project"].update({where: value}))
    count = ProjectService(workspace.db).count()
    capsys.readouterr()
    assert main(["--db", str(db_path), "--lang", "ja", "project", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"project.{where}" in err and said in err, err
    assert ProjectService(workspace.db).count() == count


def test_an_answers_or_a_baselines_time_out_of_range_is_refused_naming_where(workspace, tmp_path) -> None:
    def far_history(data) -> None:
        data["answers"] = [{"item_id": "x-item", "checklist_id": "x", "updated_at": "2026-12-01T09:00:00",
                            "history": [{"changed_at": "9999-12-31T23:59:59", "status": "answered"}]}]

    _pid, path = edited(workspace, tmp_path, far_history)
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_file(workspace.db, path)
    assert refused.value.params["where"] == "answers.0.history.0.changed_at"

    def far_signoff(data) -> None:
        doc = next(d for d in data["documents"] if d["kind"] == "agreement_baselines")
        doc["data"]["baselines"]["キックオフ合意"]["signoffs"][0]["recorded"] = "0001-01-01T00:00:00+09:00"

    count = ProjectService(workspace.db).count()
    _pid, path = edited(workspace, tmp_path, far_signoff, "時刻の案件２")
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_file(workspace.db, path)
    assert refused.value.key == "project_file.document_damaged"
    assert refused.value.params["where"] == "baselines.キックオフ合意.signoffs.0.recorded"
    assert "1900年〜2199年" in refused.value.text("ja")
    assert ProjectService(workspace.db).count() == count + 1  # (the project exported above), none imported


def test_a_far_time_an_older_version_stored_duplicates_and_is_said_on_export(workspace, tmp_path) -> None:
    pid = ProjectService(workspace.db).create("遠い案件").id
    ops.run(workspace, baselines.create_op(pid, "合意", "kickoff"))
    with workspace.db.session() as s:
        s.get(Project, pid).created_at = dt.datetime(9999, 12, 31, 23, 59, 59)
    copy = transfer.duplicate(workspace.db, pid)  # the app's own data: copied (the copy made now)
    assert copy.created_at.year < 2200 and copy.id != pid
    with pytest.raises(ProjectTooLarge) as refused:
        transfer.export_file(workspace.db, pid, tmp_path / "far.json")
    text = refused.value.text("ja")
    assert "project.created_at" in text and "1900年〜2199年" in text and "コピー" in text, text
    assert not (tmp_path / "far.json").exists()


def test_a_baselines_far_time_an_older_version_stored_duplicates_and_is_said_on_export(workspace, tmp_path) -> None:
    from app.core.documents import DocumentService

    pid = ProjectService(workspace.db).create("遠い合意の案件").id
    ops.run(workspace, baselines.create_op(pid, "合意", "kickoff"))
    index = baselines.read(workspace, pid)
    index["baselines"]["合意"]["created"] = "9999-12-31T23:59:59+00:00"
    with workspace.db.transaction():
        DocumentService(workspace.db).put(pid, "agreement_baselines", index)
    copy = transfer.duplicate(workspace.db, pid)
    assert [b.created for b in baselines.baselines(workspace, copy.id)] == ["9999-12-31T23:59:59+00:00"]
    with pytest.raises(ProjectTooLarge) as refused:
        transfer.export_file(workspace.db, pid, tmp_path / "far.json")
    text = refused.value.text("ja")
    assert "合意ベースライン: baselines.合意.created: 扱える1900年〜2199年の範囲外の日時です" in text, text
    assert not (tmp_path / "far.json").exists()


# --- a far time already stored, on this computer's clock ----------------------------------------------

SHOWN = textwrap.dedent("""
    import datetime as dt
    from app.projects import transfer
    from app.projects.baselines.moments import made_at
    from app.core.i18n import local_time
    for value in (dt.datetime(9999, 12, 31, 23, 59, 59), dt.datetime(1, 1, 1)):
        print(local_time(value, "ja"), made_at(value.isoformat() + "+00:00", "ja"), transfer._moment(value).ja)
""")


@pytest.mark.parametrize("tz", ["Asia/Tokyo", "America/New_York"])
def test_a_time_the_clock_cannot_hold_is_shown_as_stored(tz) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "TZ": tz}
    shown = subprocess.run([sys.executable, "-c", SHOWN], env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr[-600:]
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("9999/12/31 23:59 9999/12/31 23:59") if tz == "Asia/Tokyo" else lines[1].startswith("0001/01/01 00:00 0001/01/01 00:00"), lines


WINDOW = textwrap.dedent("""
    import argparse, sys
    from app.ui.app import build_window
    from app.ui.projects.dialog import ProjectsDialog
    app, window = build_window(argparse.Namespace(db=sys.argv[1], global_lang="ja", global_project=sys.argv[2], page=None, screenshot=None))
    window.show()
    app.processEvents()
    dialog = ProjectsDialog(window.state, window, window.watcher)
    dialog.show()
    app.processEvents()
    print("open", window.state.project_id, "listed", dialog.model.rowCount(), dialog.model.data(dialog.model.index(0, 2)), flush=True)
    import os
    os._exit(0)
""")


@pytest.mark.parametrize(("tz", "stored"), [("Asia/Tokyo", "9999-12-31 23:59:59.000000"), ("America/New_York", "0001-01-01 00:00:00.000000")])
def test_a_far_time_already_stored_opens_the_window_and_the_projects_dialog(tmp_path, tz, stored) -> None:
    db_file = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{db_file}")
    try:
        pid = ProjectService(db).create("古い版の案件").id
    finally:
        db.close()
    with sqlite3.connect(db_file) as raw:  # as an older version stored a file's time, unchecked
        raw.execute("UPDATE projects SET created_at = ?, updated_at = ?", (stored, stored))
    raw.close()
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {"MLOPS_KICKOFF_HOME": str(tmp_path), "MLOPS_KICKOFF_SETTINGS": str(tmp_path / "settings.ini"),
            "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "TZ": tz}
    shown = subprocess.run([sys.executable, "-c", WINDOW, str(db_file), str(pid)], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=180)
    assert shown.returncode == 0, (shown.returncode, shown.stderr[-600:])
    assert f"open {pid} listed 1 {stored[:4]}/" in shown.stdout, shown.stdout


def test_a_wbs_tasks_times_are_stored_in_utc_and_far_ones_refused(workspace, demo, tmp_path, capsys) -> None:
    """The WBS part's time (a task's last change) as every other time of the file."""
    from app.core.storage.models import WbsTask

    path = transfer.export_file(workspace.db, demo.id, tmp_path / "w.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000003402"
    data["parts"]["wbs"][0]["updated_at"] = "2026-12-01T21:00:00+09:00"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    new_id = transfer.import_file(workspace.db, path)
    uid = data["parts"]["wbs"][0]["uid"]
    with workspace.db.session() as s:
        task = s.query(WbsTask).filter_by(project_id=new_id, uid=uid).one()
        assert str(task.updated_at) == "2026-12-01 12:00:00"
    data["project"]["uuid"] = "00000000-0000-4000-8000-000000003403"
    data["parts"]["wbs"][0]["updated_at"] = "9999-12-31T23:59:59Z"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code = main(["--db", str(workspace.db.url.removeprefix("sqlite:///")), "--lang", "ja", "project", "import", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "1900年〜2199年" in err, err
