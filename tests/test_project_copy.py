"""Copying a project with its history between databases (issue 18, "Moving between local and team").

SQLite -> SQLite -> SQLite and SQLite -> PostgreSQL -> SQLite (the test server started by tests/pg.py)
export the same project file as the original; refusals leave the target untouched.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app.core.projects import ProjectService
from app.core.storage.db import Database
from app.projects import transfer
from app.projects.database_copy import ProjectCopyFailed, copy_to

PASSWORD = "s3cret-Pw"


def comparable(data: dict, *, identity: bool = True) -> dict:
    """The project file without the moment it was written (and, with ``identity=False``, its name and UUID)."""
    data = {k: v for k, v in data.items() if k != "exported_at"}
    if not identity:
        data["project"] = {k: v for k, v in data["project"].items() if k not in ("name", "uuid")}
    return data


def edit_in_a_second_session(workspace, project_id: int) -> None:
    """History beyond the demo's: a second session in which two answers change (one twice, one a follow-up)."""
    from app.hearing import AnswerService, SessionService

    answers = AnswerService(workspace.db, workspace.library)
    SessionService(workspace.db).start(project_id, title="第2回", attendees=["山田", "佐藤"])
    first, second = sorted(answers.answers(project_id))[:2]
    answers.update(project_id, first, note="二回目のメモ")
    answers.update(project_id, first, note="二回目のメモ(訂正)")
    answers.update(project_id, second, status="follow_up", followup_owner="佐藤")


def open_database(path: Path) -> Database:
    return Database(str(path))


def project_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM projects").fetchone()[0]


def test_sqlite_to_sqlite_to_sqlite_exports_the_same_project_with_history(workspace, demo, tmp_path: Path) -> None:
    edit_in_a_second_session(workspace, demo.id)
    original = transfer.export_data(workspace.db, demo.id)
    assert len(original["sessions"]) == 2 and original["parts"]["wbs"]
    assert any(len(a["history"]) >= 3 and a["history"][-1]["session_number"] == 2 for a in original["answers"])
    assert any(a["followup_owner"] == "佐藤" for a in original["answers"])
    assert any(t["predecessors"] for t in original["parts"]["wbs"])

    middle, last = tmp_path / "middle.sqlite3", tmp_path / "last.sqlite3"
    first_copy = copy_to(workspace.db, demo.id, str(middle))
    assert (first_copy.name, first_copy.where) == (demo.name, str(middle))
    db = open_database(middle)
    try:
        second_copy = copy_to(db, first_copy.id, str(last))
    finally:
        db.close()
    db = open_database(last)
    try:
        copied = transfer.export_data(db, second_copy.id)
    finally:
        db.close()
    # Everything, timestamps and the project's identity included (each target was empty): only the export moment differs.
    assert comparable(copied) == comparable(original)
    assert comparable(transfer.export_data(workspace.db, demo.id)) == comparable(original)  # the source only read


def test_a_name_the_target_has_gets_the_next_number_as_on_import(workspace, demo, tmp_path: Path) -> None:
    target = tmp_path / "team.sqlite3"
    first = copy_to(workspace.db, demo.id, str(target))
    second = copy_to(workspace.db, demo.id, str(target))
    assert (first.name, second.name) == (demo.name, f"{demo.name} (2)")
    db = open_database(target)
    try:
        copies = {p.id: p for p in ProjectService(db).list()}
        assert copies[first.id].uuid == demo.uuid and copies[second.id].uuid != demo.uuid  # the UUID is taken there
    finally:
        db.close()


def test_a_failing_copy_writes_nothing_and_leaves_no_new_file(workspace, demo, tmp_path: Path, monkeypatch) -> None:
    from app.core.errors import RefusedImportError
    from app.core.project_file import TransferPart

    existing = tmp_path / "existing.sqlite3"
    copy_to(workspace.db, demo.id, str(existing))

    def broken_load(*_args) -> None:
        raise RefusedImportError(key="wbs.file_uid_twice")

    monkeypatch.setattr(transfer, "transfer_parts", lambda: [TransferPart(key="wbs", dump=lambda s, p: [], load=broken_load)])
    with pytest.raises(ProjectCopyFailed, match=re.escape(demo.name)):
        copy_to(workspace.db, demo.id, str(existing))
    assert project_count(existing) == 1  # the project, sessions and answers it had written are rolled back
    fresh = tmp_path / "fresh.sqlite3"
    with pytest.raises(ProjectCopyFailed):
        copy_to(workspace.db, demo.id, str(fresh))
    assert not any(tmp_path.glob("fresh.sqlite3*"))


def test_a_database_of_a_newer_schema_is_refused_unchanged(workspace, demo, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    copy_to(workspace.db, demo.id, str(newer))
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = newer.read_bytes()
    with pytest.raises(ProjectCopyFailed) as refused:
        copy_to(workspace.db, demo.id, str(newer))
    assert "9999" in refused.value.text("ja") and newer.read_bytes() == before


# --- the command line ------------------------------------------------------------------------


@pytest.fixture
def cli(db_path: Path, capsys):
    from app.main import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_path), *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_copy_prints_the_new_id(cli, demo, tmp_path: Path) -> None:
    target = tmp_path / "sub" / "copy.sqlite3"
    target.parent.mkdir()
    code, out, err = cli("project", "copy", demo.name, "--to", str(target))
    assert (code, err) == (0, "") and out.strip().isdigit()
    db = open_database(target)
    try:
        assert [(p.id, p.name) for p in ProjectService(db).list()] == [(int(out), demo.name)]
    finally:
        db.close()
    code, out, _ = cli("project", "copy", str(demo.id), "--to", str(target))
    assert code == 0 and int(out) != 0 and project_count(target) == 2


@pytest.mark.parametrize(
    ("to", "said"),
    [
        ("mysql+nosuchdriver://u@h/d", "種類"),
        (f"postgresql+psycopg://kickoff:{PASSWORD}@127.0.0.1:1/kickoff", "postgresql+psycopg://kickoff:***@127.0.0.1:1/kickoff"),
        ("{tmp}/no/such/folder/x.sqlite3", "フォルダー"),
        ("{db}", "プロジェクトを複製"),
        ("{tmp}", "フォルダー"),
    ],
)
def test_cli_bad_targets_exit_2_with_one_line_and_write_nothing(cli, demo, db_path: Path, tmp_path: Path, to: str, said: str) -> None:
    to = to.format(tmp=tmp_path, db=db_path)
    before = sorted(p.name for p in tmp_path.rglob("*") if "sqlite3" in p.name)
    code, out, err = cli("project", "copy", str(demo.id), "--to", to)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"mlops-kickoff: エラー: 「{demo.name}」を ") and said in err
    assert PASSWORD not in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*") if "sqlite3" in p.name) == before
    assert project_count(db_path) == 1


def test_cli_an_unknown_project_is_refused_before_the_target_is_made(cli, demo, tmp_path: Path) -> None:
    target = tmp_path / "never.sqlite3"
    code, out, err = cli("project", "copy", "no-such-project", "--to", str(target))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "no-such-project" in err
    assert not target.exists()
    code, _, err = cli("--lang", "en", "project", "copy", str(demo.id), "--to", str(tmp_path))
    assert code == 2 and err.startswith(f"mlops-kickoff: error: cannot copy “{demo.name}” to ")


# --- the window ------------------------------------------------------------------------------


def run_copy_dialog(window, qtbot, fill) -> str:
    """File ▸ Copy Project To…, ``fill(dialog)``, Copy, wait for the worker; the dialog's status line."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDialog, QLabel, QPushButton

    from tests.gui_helpers import finish_background_work

    said: list[str] = []

    def run(dialog: QDialog) -> int:
        assert dialog.objectName() == "copyProjectDialog"
        fill(dialog)
        dialog.findChild(QPushButton, "copyButton").click()
        finish_background_work()
        qtbot.waitUntil(lambda: dialog.findChild(QPushButton, "copyButton").isEnabled())
        said.append(dialog.findChild(QLabel, "copyStatus").text())
        said.append(dialog.findChild(QLabel, "copyTargetShown").text())
        dialog.reject()
        return dialog.result()

    window.exec_dialog = run
    action = window.menuBar().findChild(QAction, "copyProjectToAction")
    assert action.isEnabled() and action.text() == "プロジェクトを別のデータベースにコピー(&C)…"
    action.trigger()
    return "\n".join(said)


def test_the_dialog_copies_to_a_chosen_file_and_says_where(qtbot, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

    from tests.gui_helpers import make_window

    target = tmp_path / "チーム.sqlite3"
    from app.ui import messages

    chosen: list = []
    monkeypatch.setattr(messages, "chosen_path", lambda dialog: chosen.append(dialog) or str(target))
    window = make_window(qtbot, db_path, global_lang="ja")
    project = window.state.project
    assert project is not None

    def fill(dialog) -> None:
        dialog.findChild(QPushButton, "copyChooseFile").click()
        assert dialog.findChild(QLineEdit, "copyTarget").text() == str(target)
        assert not dialog.findChild(QLineEdit, "copyPassword").isEnabled()  # a file has no password

    said = run_copy_dialog(window, qtbot, fill)
    db = open_database(target)
    try:
        (copy,) = ProjectService(db).list()
    finally:
        db.close()
    assert copy.name == project.name
    assert f"「{project.name}」(ID {copy.id})として {target} にコピーしました。" in said
    assert window.state.project_id == project.id  # the window stays on its own project and database
    picker = chosen[0]  # a file that exists is copied into: no "replace it?" question; it never opens the files it lists
    assert picker.testOption(QFileDialog.Option.DontConfirmOverwrite) and picker.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert isinstance(picker.iconProvider(), messages._NamesOnly)


def test_the_dialog_hides_the_password_and_says_why_a_server_failed(qtbot, db_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.ui import settings
    from tests.gui_helpers import make_window

    window = make_window(qtbot, db_path, global_lang="ja")

    def fill(dialog) -> None:
        dialog.findChild(QLineEdit, "copyTarget").setText("postgresql+psycopg://kickoff@127.0.0.1:1/kickoff")
        password = dialog.findChild(QLineEdit, "copyPassword")
        assert password.isEnabled() and password.echoMode() == QLineEdit.EchoMode.Password
        password.setText(PASSWORD)

    said = run_copy_dialog(window, qtbot, fill)
    assert "コピーできません" in said and "データベースサーバーに接続できません" in said
    assert "postgresql+psycopg://kickoff:***@127.0.0.1:1/kickoff" in said  # where it goes, shown without the password
    assert PASSWORD not in said
    stored = settings.settings()
    stored.sync()
    assert all(PASSWORD not in str(stored.value(key)) for key in stored.allKeys())  # never kept in the settings


# --- PostgreSQL (a real server, started by tests/pg.py) ----------------------------------------


@pytest.mark.postgresql
def test_sqlite_to_postgresql_to_sqlite_exports_the_same_project(workspace, demo, tmp_path: Path, pg_url: str) -> None:
    edit_in_a_second_session(workspace, demo.id)
    original = transfer.export_data(workspace.db, demo.id)
    on_server = copy_to(workspace.db, demo.id, pg_url)
    server = Database(pg_url)
    try:
        back = copy_to(server, on_server.id, str(tmp_path / "back.sqlite3"))
    finally:
        server.close()
    db = open_database(tmp_path / "back.sqlite3")
    try:
        copied = transfer.export_data(db, back.id)
    finally:
        db.close()
    # A server holding an earlier copy names this one "… (2)" with a new UUID; the rest is the same.
    assert comparable(copied, identity=False) == comparable(original, identity=False)


def test_the_copy_holds_what_was_typed_just_before(qtbot, db_path: Path, tmp_path: Path) -> None:
    """Typing in a hearing answer, then File ▸ Copy Project To… before the save's pause: the copy has it."""
    from PySide6.QtWidgets import QLineEdit

    from app.hearing.answers import AnswerService
    from tests.gui_helpers import make_window, open_hearing_item

    item = "hearing.basics.background"
    target = tmp_path / "コピー先.sqlite3"
    window = make_window(qtbot, db_path, global_lang="ja")
    field = open_hearing_item(window, qtbot, item).editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    field.insertPlainText("追記: コピー直前の入力")
    run_copy_dialog(window, qtbot, lambda dialog: dialog.findChild(QLineEdit, "copyTarget").setText(str(target)))
    db = open_database(target)
    try:
        (copy,) = ProjectService(db).list()
        answer = AnswerService(db, window.state.workspace.library).answer(copy.id, item)
    finally:
        db.close()
    assert str(answer.value).endswith("追記: コピー直前の入力")
