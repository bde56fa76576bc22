"""The database: pragmas, one connection, migrations with a backup first, refusal of foreign files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.errors import UserError
from app.core.projects import ProjectService
from app.core.storage import db as dbmod
from app.core.storage.db import Database, resolve_database_url


def test_pragmas_are_set_on_the_connection(db_path: Path) -> None:
    db = Database(str(db_path))
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    db.close()


def test_there_is_only_one_connection(db_path: Path) -> None:
    db = Database(str(db_path))
    assert db.engine.pool.size() == 1
    assert db.engine.pool._max_overflow == 0  # the point of the test
    db.close()


def test_a_new_database_is_migrated_to_head(db_path: Path) -> None:
    db = Database(str(db_path))
    assert db.current_revision() == db.head_revision() != ""
    # The start-up shortcut knows the newest migration (raise SCHEMA_HEAD with a new migration).
    assert dbmod.SCHEMA_HEAD == db.head_revision()
    assert db.backups == []  # nothing to back up in a new file
    db.close()


def test_edits_are_committed_at_once_and_survive_a_new_process(db_path: Path) -> None:
    db = Database(str(db_path))
    ProjectService(db).create("Kept")
    # Another connection (as after a crash and restart) sees the row without any save step.
    raw = sqlite3.connect(db_path)
    assert raw.execute("select name from projects").fetchall() == [("Kept",)]
    raw.close()
    db.close()


def test_foreign_keys_cascade_on_delete(workspace, demo) -> None:
    ProjectService(workspace.db).delete(demo.id)
    with workspace.db.engine.connect() as conn:
        assert conn.execute(text("select count(*) from answers")).scalar() == 0
        assert conn.execute(text("select count(*) from answer_history")).scalar() == 0


EXTRA_MIGRATION = '''
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("colour", sa.String(20), nullable=False, server_default="blue"))


def downgrade():
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("colour")
'''


def test_an_upgrade_backs_up_first_and_keeps_every_row(db_path: Path, tmp_path: Path, monkeypatch) -> None:
    db = Database(str(db_path))
    ProjectService(db).create("Before the upgrade")
    head = db.head_revision()
    db.close()

    migrations = tmp_path / "migrations"
    shutil.copytree(dbmod.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9999_colour.py").write_text(EXTRA_MIGRATION.format(head=head))
    monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", migrations)

    upgraded = Database(str(db_path))
    assert upgraded.current_revision() == "9999"
    assert len(upgraded.backups) == 1
    backup = upgraded.backups[0]
    with upgraded.engine.connect() as conn:
        assert conn.execute(text("select name, colour from projects")).all() == [("Before the upgrade", "blue")]
    upgraded.close()
    old = sqlite3.connect(backup)
    assert old.execute("select version_num from alembic_version").fetchall() == [(head,)]
    assert old.execute("select name from projects").fetchall() == [("Before the upgrade",)]
    old.close()


def test_a_database_from_a_newer_app_is_refused_unchanged(db_path: Path) -> None:
    Database(str(db_path)).close()
    raw = sqlite3.connect(db_path)
    raw.execute("update alembic_version set version_num = 'fffffff'")
    raw.commit()
    raw.close()
    with pytest.raises(UserError, match="newer MLOps Kickoff"):
        Database(str(db_path))
    raw = sqlite3.connect(db_path)
    assert raw.execute("select version_num from alembic_version").fetchall() == [("fffffff",)]
    raw.close()


def test_a_foreign_sqlite_file_is_refused_unchanged(db_path: Path) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("create table notes (x text)")
    raw.commit()
    raw.close()
    with pytest.raises(UserError, match="not an MLOps Kickoff database"):
        Database(str(db_path))
    raw = sqlite3.connect(db_path)
    tables = {r[0] for r in raw.execute("select name from sqlite_master where type='table'")}
    raw.close()
    assert tables == {"notes"}


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("this is not a database, just text " * 50)
    with pytest.raises(UserError, match="cannot open the database"):
        Database(str(bogus))


def test_url_resolution(tmp_path: Path, monkeypatch) -> None:
    assert resolve_database_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    monkeypatch.setenv("MLOPS_KICKOFF_DB", str(tmp_path / "env.db"))
    assert resolve_database_url(None).endswith("env.db")
    assert resolve_database_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(UserError, match="does not exist"):
        resolve_database_url(str(tmp_path / "missing" / "a.db"))
    with pytest.raises(UserError, match="is a folder"):
        resolve_database_url(str(tmp_path))


def test_a_sqlite_url_with_options_is_refused_from_the_environment_too(tmp_path: Path, monkeypatch) -> None:
    """MLOPS_KICKOFF_DB (and the in-memory URL) like --db: options the driver would ignore with an English
    warning, or that would override the app's own connection settings, are refused before anything opens."""
    target = tmp_path / "ro.sqlite3"
    monkeypatch.setenv("MLOPS_KICKOFF_DB", f"sqlite:///{target}?mode=ro&uri=true")
    with pytest.raises(UserError) as refused:
        Database(None)
    assert refused.value.key == "db.sqlite_options" and not target.exists()
    with pytest.raises(UserError, match="timeout"):
        resolve_database_url("sqlite://?timeout=0")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:///:memory:", "sqlite://plan.db", "mysql://u@h/d"])
def test_a_database_that_keeps_nothing_or_is_no_file_is_refused_from_the_environment_too(
    tmp_path: Path, monkeypatch, url: str
) -> None:
    """MLOPS_KICKOFF_DB as --db: a database in memory (nothing kept when the program ends), a SQLite URL with two
    slashes (a server's name, no file), a kind of database the app is not made for: refused before anything opens."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("MLOPS_KICKOFF_DB", url)
    with pytest.raises(UserError) as refused:
        Database(None)
    assert refused.value.key == {"sqlite://plan.db": "db.sqlite_two_slashes", "mysql://u@h/d": "db.unknown_kind"}.get(
        url, "db.keeps_nothing"
    )
    assert list(here.iterdir()) == []


def test_default_location_is_the_data_folder(isolated_home: Path, monkeypatch) -> None:
    monkeypatch.delenv("MLOPS_KICKOFF_DB", raising=False)
    assert resolve_database_url(None) == f"sqlite:///{isolated_home / 'mlops-kickoff.sqlite3'}"


def test_manual_backup_uses_the_online_api_on_a_live_database(workspace, demo, tmp_path: Path) -> None:
    target = workspace.db.backup(tmp_path / "copy.sqlite3")
    copy = sqlite3.connect(target)
    assert copy.execute("select count(*) from answers").fetchone()[0] > 20
    copy.close()


def test_opening_a_current_database_does_not_load_alembic(db_path: Path) -> None:
    import subprocess
    import sys

    Database(str(db_path)).close()
    code = (
        "import sys; from app.core.storage.db import Database; "
        f"Database({str(db_path)!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(("free", "word"), [(0, "disk is full"), (10 * 1024**3, "could not be read or written")])
def test_a_disk_io_error_is_never_said_as_a_damaged_database(tmp_path: Path, monkeypatch, free: int, word: str) -> None:
    """SQLite's "disk I/O error" is the disk refusing (full, unplugged): the file is intact, so the
    user is never told to restore a backup over it."""
    from collections import namedtuple

    from sqlalchemy.exc import OperationalError

    from app.core.storage import errors

    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _folder: usage(free + 1, 1, free))
    raw = sqlite3.OperationalError("disk I/O error")
    error = errors.storage_error(OperationalError("INSERT", {}, raw), f"sqlite:///{tmp_path / 'kick.sqlite3'}")
    assert error is not None and word in str(error)
    for lang in ("en", "ja"):
        assert not any(mark in error.text(lang) for mark in ("damaged", "restore", "壊れ", "戻して")), error.text(lang)


def test_a_database_on_a_full_disk_is_refused_at_open_as_a_full_disk(db_path: Path, monkeypatch) -> None:
    from collections import namedtuple

    from app.core.storage import errors, file_checks

    Database(str(db_path)).close()
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(errors.shutil, "disk_usage", lambda _folder: usage(1, 1, 0))

    def no_room(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")  # SQLite cannot make its -shm index

    monkeypatch.setattr(file_checks.sqlite3, "connect", no_room)
    with pytest.raises(UserError) as refused:
        Database(str(db_path))
    assert refused.value.key == "db.open_disk_full"
    assert "空きを作って" in refused.value.text("ja")


@pytest.mark.parametrize("raw", ["connection socket closed", "consuming input failed: server closed the connection unexpectedly",
                                 "the connection is lost"])
def test_a_connection_the_server_cut_is_said_as_lost_not_as_a_refused_change(raw: str) -> None:
    """psycopg says "connection socket closed" when the server ended the connection mid-transaction (a CI run of
    tests/test_postgres.py met it): it is the lost connection (kept and retried as offline), never "refused"."""
    import psycopg
    from sqlalchemy.exc import OperationalError

    from app.core.storage import errors

    error = errors.storage_error(OperationalError("UPDATE", {}, psycopg.OperationalError(raw)), "postgresql+psycopg://u:p@127.0.0.1:5/db")
    assert error is not None and error.key == "db.connection_lost", error


FAILED_AT = 'connection failed: connection to server at "127.0.0.1", port 5 failed: FATAL:  '


@pytest.mark.parametrize(("raw", "key", "named"), [
    (FAILED_AT + 'permission denied for database "kick"\nDETAIL:  User does not have CONNECT privilege.', "db.no_connect_right", "kick"),
    (FAILED_AT + 'role "u" is not permitted to log in', "db.no_login_right", "u"),
    (FAILED_AT + 'too many connections for role "u"', "db.server_unreachable", "上限"),
    (FAILED_AT + 'too many connections for database "kick"', "db.server_unreachable", "上限"),
    (FAILED_AT + "sorry, too many clients already", "db.server_unreachable", "上限"),
    (FAILED_AT + "remaining connection slots are reserved for non-replication superuser connections", "db.server_unreachable", "上限"),
    (FAILED_AT + 'database "kick" is not currently accepting connections', "db.server_unreachable", "管理者"),
    (FAILED_AT + "the database system is in recovery mode", "db.server_unreachable", "復旧中"),
    (FAILED_AT + 'database "kick" does not exist', "db.no_database", "kick"),
    (FAILED_AT + 'password authentication failed for user "u"', "db.auth_failed", "u"),
])
def test_a_server_refusing_a_connection_is_said_without_its_english_words(raw: str, key: str, named: str) -> None:
    """Break-it 67b: an administrator's REVOKE CONNECT was said 「…接続できません(127.0.0.1:…: permission denied for
    database "…")…」, the server's English in the Japanese window, and waited out as an outage. A right refused is
    said as such (the user, the database, ask the administrator), never as an outage; a passing refusal (too many
    connections, a database closed to connections, a server recovering) is said in the UI language and waited out."""
    import re

    import psycopg
    from sqlalchemy.exc import OperationalError

    from app.core.storage import errors
    from app.ui.operations import OFFLINE_KEYS

    error = errors.storage_error(OperationalError("connect", {}, psycopg.OperationalError(raw)), "postgresql+psycopg://u:s3cret@127.0.0.1:5/kick")
    assert error is not None and error.key == key, error
    ja = error.text("ja")
    assert named in ja and "s3cret" not in ja, ja
    assert not re.findall(r"[A-Za-z]{3,}(?: [A-Za-z]{2,})+", re.sub(r"postgresql\+psycopg://\S+", "", ja)), ja
    assert isinstance(error, errors.NoPermission) == (key in ("db.no_connect_right", "db.no_login_right"))
    if isinstance(error, errors.NoPermission):
        assert "管理者" in ja and "u" in ja and key not in OFFLINE_KEYS and key in errors.CONNECTION_KEYS, ja


def test_a_right_on_a_table_refused_is_said_naming_it_not_as_a_crash() -> None:
    """SQLSTATE 42501 on a statement (an administrator's REVOKE on a table, no CREATE on the schema for an upgrade):
    a typed refusal naming the user, the database and the table, never None (a traceback)."""
    import psycopg
    from sqlalchemy.exc import ProgrammingError

    from app.core.storage import errors

    for raw, thing in (("permission denied for table projects", "projects"), ("permission denied for schema public", "public"),
                       ("must be owner of table tasks", "tasks")):
        error = errors.storage_error(ProgrammingError("UPDATE", {}, psycopg.errors.InsufficientPrivilege(raw)),
                                     "postgresql+psycopg://u:s3cret@127.0.0.1:5/kick")
        assert isinstance(error, errors.NoPermission) and error.key == "db.no_right", error
        assert all(part in error.text("ja") for part in (thing, "kick", "ユーザー u", "管理者")), error.text("ja")
