"""A database made by the first schema (0001), with data, goes through every migration unchanged."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import TextClause

from app.core.documents import DocumentService
from app.core.projects import ProjectService
from app.core.storage.db import Database
from app.core.storage.models import Base
from app.hearing.answers import AnswerService
from app.projects.transfer import export_data, import_data
from app.wbs.service import WbsService
from tests.schema_0001 import TABLES, make_database, read_rows


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def _default_of(column) -> object:  # a model Column
    """What SQLite stores for a column a migration added with a server default."""
    default = column.server_default.arg
    sql = default.text if isinstance(default, TextClause) else "'" + str(default).replace("'", "''") + "'"
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE TABLE t (c {column.type.compile()} DEFAULT ({sql}), x INTEGER)")
        conn.execute("INSERT INTO t (x) VALUES (1)")
        return conn.execute("SELECT c FROM t").fetchone()[0]
    finally:
        conn.close()


def test_a_0001_database_with_data_keeps_every_row_through_every_migration(db_path: Path, library) -> None:
    written = make_database(db_path)
    assert all(written[table] for table in TABLES)  # data in every table of the first schema
    old_columns = {table: _columns(db_path, table) for table in TABLES}
    before = {table: read_rows(db_path, table) for table in TABLES}  # as SQLite stored them at 0001
    assert [len(before[table]) for table in TABLES] == [len(written[table]) for table in TABLES]

    db = Database(str(db_path))  # migrates to the head, backing up first
    try:
        assert db.current_revision() == db.head_revision()
        assert len(db.backups) == 1
        backup = db.backups[0]
    finally:
        db.close()

    for table, columns in TABLES.items():
        assert old_columns[table] == list(columns)
        assert read_rows(db_path, table) == before[table], table
        assert read_rows(backup, table) == before[table], f"backup of {table}"
        # Columns that later migrations add to these tables hold their defaults in the old rows.
        model = Base.metadata.tables[table]
        for name in set(_columns(db_path, table)) - set(columns):
            column = model.columns[name]
            values = [row[0] for row in read_rows(db_path, table, (name,))]
            if column.server_default is not None:
                assert values == [_default_of(column)] * len(values), f"{table}.{name}"
            elif not column.nullable:
                assert None not in values, f"{table}.{name}"
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    conn.close()

    # The app reads the old rows as it wrote them, and edits the migrated database.
    db = Database(str(db_path))
    try:
        assert db.backups == []  # already at the head: nothing to back up
        projects = {p.id: p for p in ProjectService(db).list()}
        assert projects[1].name == "類似画像検索PoC"
        assert projects[1].start_date == dt.date(2026, 11, 2)
        assert projects[2].archived
        answers = AnswerService(db, library)
        current = answers.answers(1)
        assert current["hearing.basics.deliverables_handover"].value == ["report", "code"]
        assert current["hearing.prereq.users_ds"].later == 5
        assert current["hearing.prereq.ethics"].value == {"checked": True, "text": "審査済み"}
        assert current["hearing.removed.old_question"].value == "項目が消えた回答 (orphan)"
        assert [h.note for h in answers.history(1, "hearing.basics.background")] == ["", "要確認: 対象店舗数"]
        assert DocumentService(db).get(1, "environment") == {"gpu": "A10G", "count": 2, "notes": None}
        wbs = WbsService(db)
        wbs.add_task(1, title="移行後のタスク")
        assert [t.title for t in wbs.tasks(1)] == ["移行後のタスク"]
        copy = import_data(db, export_data(db, 1), name="コピー")
        assert answers.answers(copy)["hearing.basics.background"].value == "在庫照会を写真で行いたい"
    finally:
        db.close()
