"""A database as the first schema (0001) left it, with data in every table, written with plain SQL.

Used by the migration test (every row survives every migration) and by the crash harness (a kill
while the database is backed up before its migration). Values are stored the way SQLAlchemy
stored them at 0001: dates as ISO text, datetimes with microseconds, JSON as text, booleans 0/1.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command

from app.core.storage.db import Database

# The 0001 tables in insertion order (parents first) and their columns at 0001.
TABLES: dict[str, tuple[str, ...]] = {
    "projects": (
        "id", "uuid", "name", "customer", "description", "lang", "start_date", "archived", "settings",
        "created_at", "updated_at",
    ),
    "hearing_sessions": ("id", "project_id", "number", "held_on", "title", "attendees", "notes", "started_at", "ended_at"),
    "project_documents": ("id", "project_id", "kind", "data", "updated_at"),
    "answers": (
        "id", "project_id", "checklist_id", "item_id", "status", "value", "later", "note", "answered_by",
        "hypothesis_state", "hypothesis_value", "content_version", "session_id", "updated_at",
    ),
    "answer_history": (
        "id", "answer_id", "changed_at", "session_id", "status", "value", "later", "note", "answered_by",
        "hypothesis_state", "source",
    ),
}


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def rows_0001(padding: int = 0) -> dict[str, list[tuple]]:
    """Two projects (one archived) with sessions, documents, answers of each kind and their history.

    ``padding`` adds that many extra history rows (about 1 KB each) to make the file large.
    """
    projects = [
        (1, "0b6f2a0e-6c4e-4c0a-9d7e-3f1c2b5a8e01", "類似画像検索PoC", "株式会社サンプル小売", "店舗の商品写真から類似商品を探す。\n二行目。",
         "ja", "2026-11-02", 0, _j({"wbs": {"hours_per_day": 7.5}, "currency": "JPY"}),
         "2026-11-01 09:15:00.123456", "2026-11-20 18:02:11.000001"),
        (2, "7d1c9a44-2f3b-4e55-8a10-5b9e0c6d7f22", "Demand forecast (archived)", "Example Corp", "",
         "en", None, 1, _j({}), "2026-10-01 00:00:00.000000", "2026-10-15 12:30:45.500000"),
    ]
    sessions = [
        (1, 1, 1, "2026-11-05", "第1回ヒアリング", _j(["山田 (顧客)", "佐藤 (PM)"]), "議事メモ", "2026-11-05 10:00:00.000000", "2026-11-05 11:30:00.000000"),
        (2, 1, 2, "2026-11-12", "第2回ヒアリング", _j([]), "", "2026-11-12 10:00:00.000000", None),
        (3, 2, 1, "2026-10-02", "Kick-off", _j(["Alice"]), "", "2026-10-02 09:00:00.000000", "2026-10-02 10:00:00.000000"),
    ]
    documents = [
        (1, 1, "proposal", _j({"title": "提案書", "sections": [{"id": "goal", "text": "目的 <b>太字ではない</b>"}]}), "2026-11-18 08:00:00.000000"),
        (2, 1, "environment", _j({"gpu": "A10G", "count": 2, "notes": None}), "2026-11-19 08:00:00.000000"),
        (3, 2, "proposal", _j({}), "2026-10-03 08:00:00.000000"),
    ]
    answers = [
        (1, 1, "hearing", "hearing.basics.background", "answered", _j("在庫照会を写真で行いたい"), None, "要確認: 対象店舗数",
         "山田", "none", None, 1, 1, "2026-11-05 10:20:00.000000"),
        (2, 1, "hearing", "hearing.basics.deliverables_handover", "answered", _j(["report", "code"]), None, "", "", "corrected",
         _j({"value": ["report"], "later": None}), 1, 1, "2026-11-05 10:25:00.000000"),
        (3, 1, "hearing", "hearing.basics.poc_start", "answered", _j("2026-11-02"), None, "", "", "none", None, 1, None,
         "2026-11-05 10:30:00.000000"),
        (4, 1, "hearing", "hearing.prereq.users_ds", "answered", _j(3), _j(5), "", "", "hypothesis",
         _j({"value": 3, "later": 5}), 1, 2, "2026-11-12 10:05:00.000000"),
        (5, 1, "hearing", "hearing.prereq.env_gpu", "follow_up", _j("undecided"), _j("yes"), "", "", "none", None, 1, 2,
         "2026-11-12 10:06:00.000000"),
        (6, 1, "hearing", "hearing.prereq.ethics", "answered", _j({"checked": True, "text": "審査済み"}), None, "", "", "confirmed",
         _j({"value": {"checked": True, "text": ""}, "later": None}), 1, 1, "2026-11-05 10:40:00.000000"),
        (7, 1, "hearing", "hearing.removed.old_question", "answered", _j("項目が消えた回答 (orphan)"), None, "", "", "none", None, 1,
         None, "2026-11-05 10:45:00.000000"),
        (8, 2, "hearing", "hearing.basics.background", "not_asked", None, None, "", "", "none", None, 1, None,
         "2026-10-02 09:10:00.000000"),
    ]
    history = [
        (1, 1, "2026-11-05 10:10:00.000000", 1, "answered", _j("写真で在庫照会"), None, "", "山田", "none", "ui"),
        (2, 1, "2026-11-05 10:20:00.000000", 1, "answered", _j("在庫照会を写真で行いたい"), None, "要確認: 対象店舗数", "山田", "none", "ui"),
        (3, 2, "2026-11-01 12:00:00.000000", None, "not_asked", _j(["report"]), None, "", "", "hypothesis", "ui"),
        (4, 2, "2026-11-05 10:25:00.000000", 1, "answered", _j(["report", "code"]), None, "", "", "corrected", "ui"),
        (5, 4, "2026-11-12 10:05:00.000000", 2, "answered", _j(3), _j(5), "", "", "hypothesis", "sheet"),
        (6, 7, "2026-11-05 10:45:00.000000", None, "answered", _j("項目が消えた回答 (orphan)"), None, "", "", "none", "import"),
    ]
    filler = "あ" * 330  # about 1 KB of UTF-8
    for n in range(padding):
        history.append((7 + n, 3, f"2026-11-{1 + n % 28:02d} 09:00:00.{n % 1000000:06d}", None, "answered",
                        _j(f"{filler}{n}"), None, "", "", "none", "ui"))
    return {
        "projects": projects,
        "hearing_sessions": sessions,
        "project_documents": documents,
        "answers": answers,
        "answer_history": history,
    }


def make_database(path: Path, padding: int = 0) -> dict[str, list[tuple]]:
    """Create ``path`` at revision 0001 holding :func:`rows_0001`; return the rows written."""
    db = Database(f"sqlite:///{path}", migrate=False)
    try:
        with db.engine.begin() as conn:
            command.upgrade(db._alembic_config(conn), "0001")
    finally:
        db.close()
    rows = rows_0001(padding)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for table, columns in TABLES.items():
                marks = ", ".join("?" * len(columns))
                conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows[table])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return rows


def read_rows(path: Path, table: str, columns: tuple[str, ...] | None = None) -> list[tuple]:
    """The rows of ``table`` (``columns``, default those of 0001) ordered by id, read with plain SQL."""
    columns = columns or TABLES[table]
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()
