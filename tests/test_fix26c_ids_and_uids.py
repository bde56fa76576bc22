"""fix26c: a project's id is never handed out again (0008 makes the projects table AUTOINCREMENT on
SQLite, every row of every table kept through the rebuild), and keys of stored WBS baselines, progress
and agreement baselines are read as numbers only when they are ASCII digits ("²" passes str.isdigit)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

import app.features  # noqa: F401  (the content types the demo's library needs)
from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import RefusedImportError
from app.core.projects import ProjectService
from app.core.storage.db import SCHEMA_HEAD, Database
from app.core.storage.upgrade import LinksBroken, upgrade_keeping_links
from app.core.workspace import Workspace
from app.projects import transfer
from app.projects.baselines import store as agreement
from app.projects.baselines.diff import diff
from app.projects.demo import create_demo
from app.wbs.tracking import baselines as tracking

PREVIOUS_HEAD = "0007"


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but SQLite's own, in rowid (or key) order."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall() for name in names}
    finally:
        conn.close()


def _schema_sql(path: Path, table: str) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()


def _demo_at_previous_head(path: Path, library) -> None:
    """The Japanese and the English demo in a database the previous release (schema 0007) made."""
    db = Database(f"sqlite:///{path}", migrate=False)
    try:
        with db.engine.begin() as conn:
            command.upgrade(db._alembic_config(conn), PREVIOUS_HEAD)
        ws = Workspace(db, library)
        for lang in ("ja", "en"):
            ops.run(ws, ops.project_op(-1, lambda ws, lang=lang: create_demo(ws, lang)))
    finally:
        db.close()


def test_a_populated_database_of_the_previous_schema_keeps_every_row_and_never_reuses_an_id(tmp_path: Path, library) -> None:
    path = tmp_path / "old.sqlite3"
    _demo_at_previous_head(path, library)
    assert "AUTOINCREMENT" not in _schema_sql(path, "projects")
    before = _tables(path)
    assert all(before[t] for t in ("projects", "answers", "answer_history", "hearing_sessions", "project_documents",
                                   "wbs_tasks", "wbs_dependencies"))

    db = Database(f"sqlite:///{path}")  # migrates, a backup first
    try:
        assert db.current_revision() == SCHEMA_HEAD and len(db.backups) == 1
        after = _tables(path)
        assert {t: rows for t, rows in after.items() if t != "alembic_version"} == {
            t: rows for t, rows in before.items() if t != "alembic_version"}
        assert "AUTOINCREMENT" in _schema_sql(path, "projects")
        with db.engine.connect() as conn:  # the connection the app goes on with: its foreign keys on again
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []

        projects = ProjectService(db)
        newest = max(p.id for p in projects.list())
        projects.delete(newest)  # cascades as before: its answers, tasks and documents go with it
        left = _tables(path)
        assert not [r for r in left["answers"] if r[1] == newest] and not [r for r in left["wbs_tasks"] if r[1] == newest]
        assert [r for r in left["answers"] if r[1] != newest] == [r for r in before["answers"] if r[1] != newest]
        assert projects.create("次のプロジェクト").id == newest + 1
    finally:
        db.close()
    assert _tables(db.backups[0])["projects"] == before["projects"]  # the copy is as the old release left it


def test_a_new_database_never_gives_a_deleted_projects_id_again(any_workspace: Workspace) -> None:
    """On a SQLite file (AUTOINCREMENT from the migrations) and on PostgreSQL (its sequence)."""
    projects = ProjectService(any_workspace.db)
    first, second = projects.create("一つ目").id, projects.create("二つ目").id
    projects.delete(second)
    third = projects.create("三つ目").id
    assert third not in (first, second)
    projects.delete(third)
    assert projects.create("四つ目").id > third


def test_a_migration_that_would_leave_rows_pointing_nowhere_is_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "links.sqlite3"
    db = Database(f"sqlite:///{path}")
    try:
        project = ProjectService(db).create("リンク").id
        DocumentService(db).put(project, "notes", {"a": 1})

        def drops_the_parent() -> None:  # a rebuild gone wrong: the projects' rows are not copied
            conn.exec_driver_sql("DELETE FROM projects")

        with db.engine.connect() as conn:
            with pytest.raises(LinksBroken) as refused:
                upgrade_keeping_links(conn, drops_the_parent)
            assert refused.value.tables == ("project_documents",)
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            conn.rollback()
        assert [p.id for p in ProjectService(db).list()] == [project]
        assert DocumentService(db).get(project, "notes") == {"a": 1}
    finally:
        db.close()


# --- keys of stored baselines and progress ------------------------------------------------------------------


NOT_UIDS = ("²", "١٢", "٣", "1" * 5000, "-1", "1.5", "")


def test_stored_baseline_and_progress_keys_that_are_no_uids_read_as_no_value() -> None:
    doc = {"baselines": {"計画": {"saved": "2027-02-01T09:00:00",
                                 "tasks": {"7": {"estimate": 2.0}, **{k: {"estimate": 1.0} for k in NOT_UIDS}}}},
           "progress": {"7": {"percent": 50.0}, **{k: {"percent": 10.0} for k in NOT_UIDS}}}
    [baseline] = tracking.baselines(doc)
    assert list(baseline.tasks) == [7] and baseline.tasks[7].estimate == 2.0
    assert list(tracking.progress(doc)) == [7]


@pytest.mark.parametrize("key", ["²", "١٢", "0", "007", str(10**9 + 1)])
def test_a_project_file_keying_progress_by_no_uid_is_refused_naming_it(workspace, demo, key: str) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    doc = next(d["data"] for d in data["documents"] if d["kind"] == tracking.KIND)
    doc["progress"] = {**(doc.get("progress") or {}), key: {"percent": 10.0}}
    count = len(ProjectService(workspace.db).list())
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, data)
    assert f"「{key}」" in refused.value.text("ja") and "progress" in refused.value.text("en")
    assert len(ProjectService(workspace.db).list()) == count


def test_a_project_file_keying_a_baseline_task_by_no_uid_is_refused_naming_the_baseline(workspace, demo) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    doc = next(d["data"] for d in data["documents"] if d["kind"] == tracking.KIND)
    name, entry = next(iter(doc["baselines"].items()))
    entry["tasks"]["²"] = {"estimate": 1}
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, data)
    assert f"ベースライン「{name}」のタスク「²」" in refused.value.text("ja")


def test_agreement_baselines_with_superscript_numbers_stored_read_without_a_traceback(workspace, demo) -> None:
    ops.run(workspace, agreement.create_op(demo.id, "合意1"))
    index = agreement.read(workspace, demo.id)
    [(name, entry)] = index["baselines"].items()
    index["baselines"]["壊れた"] = {**entry, "snapshot": agreement.SNAPSHOT_KIND + "²"}
    index["baselines"]["旧形式"] = {"kind": "manual", "answers": {}, "wbs": {}}  # version 1: the index is rebuilt
    DocumentService(workspace.db).put(demo.id, agreement.KIND, {**index, "version": 1})
    ops.run(workspace, agreement.create_op(demo.id, "合意2"))  # its snapshot number past every stored one
    assert "合意2" in agreement.read(workspace, demo.id)["baselines"]
    old = agreement.find(workspace, demo.id, name)
    new = agreement.current(workspace, demo.id, "now")
    odd = {**new.wbs, "999": {**next(iter(new.wbs.values())), "code": "1.²"}}
    rows = diff(old, agreement.Baseline(new.name, new.kind, new.created, new.author, new.answers, odd), workspace.library, "ja").rows
    assert any(row.key == "999" for row in rows)


def test_opening_a_database_whose_migration_would_break_links_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    from alembic import command as alembic_command

    from app.core.storage.errors import DamagedDatabase

    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}", migrate=False)
    try:
        with db.engine.begin() as conn:
            command.upgrade(db._alembic_config(conn), PREVIOUS_HEAD)
        project = ProjectService(db).create("残るプロジェクト").id
        DocumentService(db).put(project, "notes", {"a": 1})
    finally:
        db.close()
    before = _tables(path)
    real = alembic_command.upgrade

    def loses_the_projects(config, revision, **kw) -> None:  # a rebuild that forgot to copy the rows
        real(config, revision, **kw)
        config.attributes["connection"].exec_driver_sql("DELETE FROM projects")

    monkeypatch.setattr(alembic_command, "upgrade", loses_the_projects)
    with pytest.raises(DamagedDatabase) as refused:
        Database(f"sqlite:///{path}")
    assert refused.value.key == "db.migration_broke_links_kept" and "project_documents" in refused.value.text("ja")
    assert _tables(path) == before
    monkeypatch.setattr(alembic_command, "upgrade", real)
    db = Database(f"sqlite:///{path}")
    try:
        assert db.current_revision() == SCHEMA_HEAD and DocumentService(db).get(project, "notes") == {"a": 1}
    finally:
        db.close()
