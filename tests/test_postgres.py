"""The same app on PostgreSQL (issue 18): storage and operations on both backends, faults, the project lock.

Tests taking ``db_url`` or ``any_workspace`` run twice: on a SQLite file and on a database of the
throwaway PostgreSQL server (tests/pg.py); the PostgreSQL ones skip, saying how to enable them,
where the server binaries are missing.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy.engine import make_url

from app.core import operations as ops
from app.core.errors import ConflictError, DatabaseBusy, UserError
from app.core.projects import ProjectService
from app.core.storage.db import Database, lock_project, shown_url
from app.core.workspace import Workspace
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from app.projects import transfer
from app.wbs import operations as wbs_ops
from app.wbs.model import Dependency
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from tests.pg import PASSWORD

ITEM = "hearing.basics.background"
MONDAY = dt.date(2026, 12, 7)


def _strip(data):
    """An export without what differs between two copies of one project (ids, times, the name)."""
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items()
                if k not in {"id", "uuid", "name", "created_at", "updated_at", "changed_at", "started_at", "ended_at", "exported_at"}}  # fmt: skip
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


# --- on both backends -------------------------------------------------------------------------------


def test_projects_are_created_renamed_archived_and_deleted(any_workspace: Workspace) -> None:
    projects = ProjectService(any_workspace.db)
    a = projects.create("画像検索PoC", customer="株式会社サンプル", start_date=MONDAY)
    b = projects.create("Demand forecast", lang="en")
    assert [p.name for p in projects.list()] == ["Demand forecast", "画像検索PoC"]  # the latest change first
    assert projects.rename(a.id, "画像検索PoC 第2期").name == "画像検索PoC 第2期"
    assert projects.get(a.id).start_date == MONDAY and projects.get(a.id).customer == "株式会社サンプル"
    with pytest.raises(UserError):
        projects.create("Demand forecast")  # the name is taken: refused, nothing written
    projects.set_archived(b.id)
    assert [p.id for p in projects.list(include_archived=False)] == [a.id]
    projects.delete(b.id)
    assert [p.id for p in projects.list()] == [a.id] and projects.count() == 1


def test_an_answer_is_saved_undone_redone_and_a_stale_write_refused(any_workspace: Workspace) -> None:
    ws = any_workspace
    pid = ProjectService(ws.db).create("ヒアリング").id
    answers = AnswerService(ws.db, ws.library)
    change = ops.run(ws, hearing_ops.update_answer(pid, ITEM, value="在庫照会を写真で", note="次回確認"))
    assert change.changed and change.items == {ITEM}
    shown = answers.answer(pid, ITEM)
    ops.run(ws, ops.undo_op(change))
    assert answers.answer(pid, ITEM).note == ""
    ops.run(ws, ops.redo_op(change))
    assert (answers.answer(pid, ITEM).value, answers.answer(pid, ITEM).note) == ("在庫照会を写真で", "次回確認")
    ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="A のメモ"))  # another window, later
    with pytest.raises(ConflictError):
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, base=shown, note="B のメモ"))
    assert answers.answer(pid, ITEM).note == "A のメモ"
    assert [h.note for h in answers.history(pid, ITEM)][-1] == "A のメモ"


def test_wbs_edits_undo_and_a_schedule_as_operations(any_workspace: Workspace) -> None:
    ws = any_workspace
    pid = ProjectService(ws.db).create("WBS", lang="en", start_date=MONDAY).id
    service = WbsService(ws.db)
    first = ops.run(ws, wbs_ops.wbs_op(pid, lambda w: service.add_task(pid, None, title="Collect data", estimate_days=3))).detail.created[0]
    second = ops.run(ws, wbs_ops.wbs_op(pid, lambda w: service.add_task(pid, None, title="Train", estimate_days=2))).detail.created[0]
    ops.run(ws, wbs_ops.wbs_op(pid, lambda w: service.set_dependencies(pid, second, [Dependency(predecessor_id=first)])))
    edit = ops.run(ws, wbs_ops.wbs_op(pid, lambda w: service.update(pid, [first], title="Collect images")))
    assert service.tree(pid).tasks[first].title == "Collect images"
    ops.run(ws, ops.undo_op(edit))
    assert service.tree(pid).tasks[first].title == "Collect data"
    planned = ops.run(ws, wbs_ops.wbs_op(pid, lambda w: schedule(w, pid)))
    tasks = service.tree(pid).tasks
    assert (tasks[first].start, tasks[first].finish) == (MONDAY, MONDAY + dt.timedelta(days=2))
    assert tasks[second].start == MONDAY + dt.timedelta(days=3)  # Thursday, after its predecessor
    ops.run(ws, ops.undo_op(planned))
    assert service.tree(pid).tasks[second].start is None


def test_the_demo_exports_and_imports_as_the_same_project(any_workspace: Workspace, library) -> None:
    from app.projects.demo import create_demo

    ws = any_workspace
    create_demo(ws, "ja")
    original = ProjectService(ws.db).list()[0]
    data = transfer.export_data(ws.db, original.id)
    copy = transfer.import_data(ws.db, data, name="コピー", library=library)
    again = transfer.export_data(ws.db, copy)
    assert again["project"]["name"] == "コピー"
    assert _strip(again) == _strip(data)
    assert len(WbsService(ws.db).tasks(copy)) == len(WbsService(ws.db).tasks(original.id)) > 0


# --- PostgreSQL only -----------------------------------------------------------------------------------

pg = pytest.mark.postgresql


@pg
def test_a_project_moves_from_sqlite_to_postgresql_and_back_unchanged(pg_url, db_path, library) -> None:
    from app.projects.demo import create_demo

    local = Workspace.open(str(db_path), library)
    team = Workspace.open(pg_url, library)
    try:
        create_demo(local, "ja")
        data = transfer.export_data(local.db, ProjectService(local.db).list()[0].id)
        on_server = transfer.import_data(team.db, data, library=library)
        back = transfer.import_data(local.db, transfer.export_data(team.db, on_server), name="戻したもの", library=library)
        assert _strip(transfer.export_data(local.db, back)) == _strip(data)
    finally:
        local.close()
        team.close()


@pg
def test_the_first_schema_with_data_migrates_on_postgresql(pg_empty_url, library) -> None:
    """A database at 0001 holding rows in every table is brought to the head; the app reads and edits it."""
    import json

    from sqlalchemy import text

    from app.core.documents import DocumentService
    from tests.schema_0001 import TABLES, rows_0001

    db = Database(pg_empty_url, migrate=False)
    try:
        db.migrate("0001")
        rows = rows_0001()
        with db.engine.begin() as conn:
            for table, columns in TABLES.items():
                for row in rows[table]:
                    values = dict(zip(columns, row, strict=True))
                    if table == "projects":
                        values["archived"] = bool(values["archived"])
                    conn.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"), values)
                # rows written with their ids: the sequence goes on after them, as the app's inserts need
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))
    finally:
        db.close()

    db = Database(pg_empty_url)
    try:
        assert db.current_revision() == db.head_revision() and db.backups == []
        with db.engine.connect() as conn:
            for table in TABLES:
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == len(rows[table]), table
            assert conn.execute(text("SELECT DISTINCT followup_done, followup_owner FROM answers")).all() == [(False, "")]
        projects = {p.id: p for p in ProjectService(db).list()}
        assert projects[1].name == "類似画像検索PoC" and projects[1].start_date == dt.date(2026, 11, 2)
        assert projects[2].archived
        answers = AnswerService(db, library)
        current = answers.answers(1)
        assert current["hearing.basics.deliverables_handover"].value == ["report", "code"]
        assert current["hearing.prereq.ethics"].value == {"checked": True, "text": "審査済み"}
        assert [h.note for h in answers.history(1, "hearing.basics.background")] == ["", "要確認: 対象店舗数"]
        assert DocumentService(db).get(1, "environment") == json.loads('{"gpu": "A10G", "count": 2, "notes": null}')
        WbsService(db).add_task(1, title="移行後のタスク")
        assert [t.title for t in WbsService(db).tasks(1)] == ["移行後のタスク"]
        copy = transfer.import_data(db, transfer.export_data(db, 1), name="コピー")
        assert answers.answers(copy)["hearing.basics.background"].value == "在庫照会を写真で行いたい"
    finally:
        db.close()


@pg
def test_what_is_sqlite_only_says_so_on_postgresql(pg_url) -> None:
    db = Database(pg_url)
    try:
        assert db.path is None and not db.is_sqlite and db.is_postgresql
        assert db.data_version() is None  # no polling: another client's change is not seen that way
        with pytest.raises(UserError) as refused:
            db.backup()
        assert refused.value.key == "db.backup_sqlite_only"
    finally:
        db.close()


def _open_error(url: str) -> UserError:
    with pytest.raises(UserError) as refused:
        Database(url)
    return refused.value


@pg
def test_server_faults_are_one_line_in_the_users_language_without_the_password(pg_server, pg_url) -> None:
    name = make_url(pg_url).database
    wrong = _open_error(pg_url.replace(PASSWORD, "wrong-" + PASSWORD[::-1]))
    assert wrong.key == "db.auth_failed" and "kickoff" in wrong.text("ja")
    missing = _open_error(pg_server.url("no_such_db"))
    assert missing.key == "db.no_database" and "createdb no_such_db" in missing.text("en")
    closed = pg_url.replace(f":{pg_server.port}/", f":{_closed_port()}/")
    unreachable = _open_error(closed)
    assert unreachable.key == "db.server_unreachable"
    assert "データベースサーバーに接続できません" in unreachable.text("ja")
    for error in (wrong, missing, unreachable):
        for lang in ("ja", "en"):
            line = error.text(lang)
            assert PASSWORD not in line and "\n" not in line.strip(), line
    assert name and name in pg_url


def _closed_port() -> int:
    import socket

    with socket.socket() as s:  # bound, never listening: a connection is refused at once
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pg
def test_the_cli_says_a_wrong_password_in_one_line_and_exits_2(pg_url, capsys) -> None:
    from app.cli.main import main

    code = main(["--db", pg_url.replace(PASSWORD, "not-it"), "projects", "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "kickoff" in err and "not-it" not in err and PASSWORD not in err


@pg
def test_a_database_of_a_newer_schema_is_refused(pg_url) -> None:
    db = Database(pg_url)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0999'")
    db.close()
    refused = _open_error(pg_url)
    assert refused.key == "db.newer_schema" and "0999" in refused.text("ja") and PASSWORD not in refused.text("ja")


@pg
def test_a_database_holding_other_tables_is_not_taken_over(pg_empty_url) -> None:
    import psycopg

    plain = make_url(pg_empty_url).set(drivername="postgresql")
    with psycopg.connect(plain.render_as_string(hide_password=False)) as conn:
        conn.execute("CREATE TABLE invoices (id integer)")
    refused = _open_error(pg_empty_url)
    assert refused.key == "db.not_ours" and PASSWORD not in refused.text("en")


@pg
def test_a_dropped_connection_is_replaced_before_the_next_operation(pg_server, pg_url, library) -> None:
    ws = Workspace.open(pg_url, library)
    try:
        pid = ProjectService(ws.db).create("接続").id
        assert pg_server.terminate_connections(make_url(pg_url).database) == 1
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="切断の後"))  # pre-ping: a new connection
        assert AnswerService(ws.db, ws.library).answer(pid, ITEM).note == "切断の後"
    finally:
        ws.close()


@pg
def test_a_connection_dropped_during_an_edit_loses_nothing_and_the_next_edit_goes_through(pg_server, pg_url, library) -> None:
    ws = Workspace.open(pg_url, library)
    name = make_url(pg_url).database
    try:
        pid = ProjectService(ws.db).create("接続").id
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="保存済み"))

        def cut_then_edit(w: Workspace) -> ops.Change:
            AnswerService(w.db, w.library).answer(pid, ITEM)  # the transaction has begun on the server
            pg_server.terminate_connections(name)  # the server goes away in the middle of the transaction
            return hearing_ops.update_answer(pid, ITEM, note="途中で切れた")(w)

        with pytest.raises(UserError) as lost:
            ops.run(ws, cut_then_edit)
        assert lost.value.key == "db.connection_lost" and PASSWORD not in lost.value.text("ja")
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, value="再接続の後"))
        now = AnswerService(ws.db, ws.library).answer(pid, ITEM)
        assert (now.note, now.value) == ("保存済み", "再接続の後")
    finally:
        ws.close()


@pg
def test_a_server_restart_mid_session_is_survived(pg_server, pg_url, library) -> None:
    ws = Workspace.open(pg_url, library)
    try:
        pid = ProjectService(ws.db).create("再起動").id
        pg_server.restart()
        ops.run(ws, hearing_ops.update_answer(pid, ITEM, note="再起動の後"))
        assert AnswerService(ws.db, ws.library).answer(pid, ITEM).note == "再起動の後"
    finally:
        ws.close()


@pg
def test_a_long_operation_waits_for_another_clients_lock_on_the_project(pg_server, pg_url, library) -> None:
    """Two clients: while one holds the project (an import being applied), the other's schedule waits, then runs."""
    a = Workspace.open(pg_url, library)
    b = Workspace.open(pg_url, library)
    name = make_url(pg_url).database
    try:
        pid = ProjectService(a.db).create("ロック", start_date=MONDAY).id
        WbsService(a.db).add_task(pid, None, title="Collect", estimate_days=1)
        order: list[str] = []
        with a.db.transaction() as s:
            lock_project(s, pid)
            worker = threading.Thread(target=lambda: (ops.run(b, wbs_ops.wbs_op(pid, lambda w: schedule(w, pid))), order.append("b")))
            worker.start()
            _wait_until_blocked(pg_server, name)
            order.append("a")
        worker.join(30)
        assert order == ["a", "b"]
        assert WbsService(a.db).tasks(pid)[0].start == MONDAY
        # A lock held longer than the busy timeout: the operation is refused as busy, nothing changed.
        short = Workspace.open(pg_url, library, busy_timeout_ms=200)
        try:
            with a.db.transaction() as s:
                lock_project(s, pid)
                with pytest.raises(DatabaseBusy):
                    ops.run(short, wbs_ops.wbs_op(pid, lambda w: schedule(w, pid, MONDAY + dt.timedelta(days=7))))
            assert WbsService(a.db).tasks(pid)[0].start == MONDAY
        finally:
            short.close()
    finally:
        a.close()
        b.close()


def _wait_until_blocked(pg_server, dbname: str) -> None:
    import time

    with pg_server.admin() as conn:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (dbname,)).fetchone()
            if row and row[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second client never waited for the project's lock")


def test_a_url_is_shown_without_its_password() -> None:
    url = f"postgresql+psycopg://kickoff:{PASSWORD}@db.example:5432/kickoff"
    assert PASSWORD not in shown_url(url) and shown_url(url).endswith("kickoff:***@db.example:5432/kickoff")
