"""fix16n: the command line's defects found by breaker16n, checked in-process where the subprocess
tests of tests/test_breaker16n.py cannot reach (other writers, the window's exports, edge cases)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserError
from app.core.files import probe
from app.core.files.atomic import atomic_directory, write_text
from app.core.storage.db import Database

LONG = "長" * 90  # 270 bytes: over the 255 one name may have


@pytest.fixture
def db(tmp_path: Path):
    (tmp_path / "data").mkdir()
    database = Database(str(tmp_path / "data" / "x.sqlite3"))
    yield database
    database.close()


def test_no_writer_writes_over_the_open_database_by_any_name(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    link = tmp_path / "link.json"
    link.symlink_to(db.path)
    hard = tmp_path / "hard.json"
    hard.hardlink_to(db.path)
    for target in (db.path, link, hard, db.path.with_name("x.sqlite3-wal"), tmp_path / "data" / "." / "x.sqlite3"):
        with pytest.raises(UserError) as refused:
            write_text(target, "{}")
        assert refused.value.key == "file.is_database"
    with pytest.raises(UserError) as refused:
        write_text(tmp_path / "data" / "backups" / "a.json", "{}")
    assert refused.value.key == "file.in_backups"
    assert db.path.read_bytes().startswith(b"SQLite format 3")


def test_no_folder_export_replaces_the_folder_holding_the_open_database(db: Database, tmp_path: Path) -> None:
    for folder in (tmp_path / "data", tmp_path):
        with pytest.raises(UserError) as refused, atomic_directory(folder):
            pass
        assert refused.value.key == "file.holds_database"
    assert db.path is not None and db.path.exists()


def test_once_closed_the_database_file_is_no_longer_the_open_one_but_still_a_database(tmp_path: Path) -> None:
    database = Database(str(tmp_path / "x.sqlite3"))
    second = Database(str(tmp_path / "x.sqlite3"))  # two windows on one file: both must close
    database.close()
    with pytest.raises(UserError) as refused:
        write_text(tmp_path / "x.sqlite3", "{}")
    assert refused.value.key == "file.is_database"
    second.close()
    second.close()  # closing twice releases nothing more
    with pytest.raises(UserError) as refused:  # fix16q: any SQLite file is refused, open or not
        write_text(tmp_path / "x.sqlite3", "{}")
    assert refused.value.key == "file.is_sqlite_database"
    assert (tmp_path / "x.sqlite3").read_bytes().startswith(b"SQLite format 3\x00")


def test_a_name_the_system_refuses_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(UserError) as refused:
        probe.exists(tmp_path / LONG)
    assert refused.value.key == "file.cannot_use"
    assert "85" in refused.value.text("ja") and "長すぎます" in refused.value.text("ja")
    assert probe.exists(tmp_path / "missing") is False


def test_a_damaged_backup_or_database_is_said_in_the_users_language(tmp_path: Path) -> None:
    from app.core.storage import backups

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)  # SQLite's header, scrambled pages
    with pytest.raises(UserError) as refused:
        backups.read_backup(junk)
    assert refused.value.key == "backup.damaged"
    line = refused.value.text("ja")
    assert not any(word in line for word in ("malformed", "not a database", "file is")), line


def test_a_number_of_backups_to_keep_below_one_is_refused_before_anything_is_made(db: Database) -> None:
    from app.core.storage import backups

    backups.create_backup(db)
    for keep in (0, -1):
        with pytest.raises(UserError) as refused:
            backups.create_backup(db, keep)
        assert refused.value.key == "backup.keep_at_least_one"
        with pytest.raises(UserError):
            backups.prune(db, keep)
    assert len(backups.list_backups(db)) == 1


def test_an_unreachable_server_is_named_with_its_port_in_both_languages() -> None:
    from sqlalchemy.exc import OperationalError

    from app.core.storage.errors import storage_error

    raw = 'connection failed: connection to server at "10.0.0.5", port 6543 failed: Connection refused'
    error = storage_error(OperationalError("connect", {}, Exception(raw)), "postgresql+psycopg://u:secret@10.0.0.5:6543/k")
    assert error is not None and error.key == "db.server_unreachable"
    assert "10.0.0.5:6543" in error.text("ja") and "Connection refused" not in error.text("ja")
    assert "10.0.0.5:6543" in error.text("en") and "secret" not in error.text("en")


def test_a_project_is_named_by_id_colon_or_name_colon_and_an_ambiguous_text_is_refused(db: Database) -> None:
    from app.core.projects import ProjectService

    projects = ProjectService(db)
    first = projects.create("顧客A")
    second = projects.create(str(first.id))  # a project named like the first one's id
    with pytest.raises(UserError) as refused:
        projects.resolve(str(first.id))
    assert refused.value.key == "project.id_or_name"
    assert f"id:{first.id}" in refused.value.text("ja") and "顧客A" in refused.value.text("ja")
    assert projects.resolve(f"id:{first.id}").id == first.id
    assert projects.resolve(f"name:{first.id}").id == second.id
    assert projects.resolve(str(second.id)).id == second.id  # no project is named "2": the id
    assert projects.resolve("顧客A").id == first.id


def test_names_are_compared_as_they_are_seen(db: Database) -> None:
    from app.core.errors import ValidationFailed
    from app.core.projects import ProjectService

    projects = ProjectService(db)
    made = projects.create("ゼロ\u200b幅\u2060 案件")
    assert made.name == "ゼロ幅 案件"
    other = projects.create("別の案件")
    with pytest.raises(ValidationFailed):
        projects.rename(other.id, " ゼロ幅\ufeff  案件")
    assert projects.resolve("ゼロ\u200b幅   案件").id == made.id


def test_two_older_projects_that_look_the_same_are_reached_only_by_id(db: Database) -> None:
    from app.core.projects import ProjectService
    from app.core.storage.models import Project

    projects = ProjectService(db)
    seen = projects.create("ゼロ幅")
    with db.session() as s:  # made before names were folded
        s.add(Project(uuid="u-16n", name="ゼロ\u200b幅", customer="", description="", lang="ja", settings={}))
    for typed in ("ゼロ幅", "ゼロ\u200b幅"):
        with pytest.raises(UserError) as refused:
            projects.resolve(typed)
        assert refused.value.key == "project.names_alike" and f"id:{seen.id}" in refused.value.text("ja")
    assert projects.resolve(f"id:{seen.id}").id == seen.id


def test_an_empty_unknown_part_loses_nothing_and_imports(db: Database) -> None:
    from app.core.errors import RefusedImportError
    from app.core.projects import ProjectService
    from app.projects import transfer

    data = transfer.export_data(db, ProjectService(db).create("元の案件").id)
    data["parts"]["risks"] = []
    assert ProjectService(db).get(transfer.import_data(db, data)).name == "元の案件 (2)"
    data["parts"]["risks"] = [{"title": "データが届かない"}]
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(db, data)
    assert "risks" in refused.value.text("ja") and "失われる" in refused.value.text("ja")
    assert len(ProjectService(db).list()) == 2


def test_an_os_error_no_check_caught_is_still_one_line_in_the_window_and_the_cli(tmp_path: Path, monkeypatch, capsys) -> None:
    import errno

    from app.cli import main as cli
    from app.core.content.loader import default_library
    from app.ui.error_text import user_text

    refused = OSError(errno.ENAMETOOLONG, "File name too long", str(tmp_path / LONG))
    assert "長すぎます" in user_text(refused, "ja", default_library()) and "Errno" not in user_text(refused, "ja", default_library())

    def fails(_ctx) -> int:
        raise refused

    monkeypatch.setitem(cli.COMMANDS, "demo", fails)
    assert cli.main(["--lang", "ja", "--db", str(tmp_path / "x.sqlite3"), "demo"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("mlops-kickoff: エラー: ") and "長すぎます" in err[0]


# --- fix16q: ids beyond SQLite's integers, emoji sequences in names ------------------------------


@pytest.mark.parametrize("typed", ["id:9223372036854775808", "9223372036854775808", "id:" + "9" * 5000, "9" * 5000])
def test_an_id_beyond_sqlites_integers_is_no_project(db: Database, typed: str) -> None:
    from app.core.errors import NotFoundError
    from app.core.projects import ProjectService

    projects = ProjectService(db)
    projects.create("顧客A")
    with pytest.raises(NotFoundError) as refused:
        projects.resolve(typed)
    assert "ありません" in refused.value.text("ja")
    with pytest.raises(NotFoundError):
        projects.get(2**64)


def test_the_largest_id_and_digits_that_are_not_ascii_are_looked_up_without_an_error(db: Database) -> None:
    from app.core.errors import NotFoundError
    from app.core.projects import ProjectService

    projects = ProjectService(db)
    squared = projects.create("案件²")
    with pytest.raises(NotFoundError):
        projects.resolve(f"id:{2**63 - 1}")
    assert projects.resolve(f"id:{squared.id:05d}").id == squared.id  # leading zeros: the same id
    for typed in ("²", "id:²", "١"):  # str.isdigit() says yes, int() would fail
        with pytest.raises(NotFoundError):
            projects.resolve(typed)
    with pytest.raises(NotFoundError) as refused:
        projects.resolve("id:12345")
    assert "12345" in refused.value.text("ja")  # an id as typed, not 12,345


FAMILY = "👨\u200d👩\u200d👧"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"


@pytest.mark.parametrize("name", [f"家族{FAMILY}案件", f"{SCOTLAND}支社", "在宅👩🏽\u200d💻", "❤\ufe0f\u200d🔥 案件", "1\ufe0f\u20e3 期", "葛\U000e0100飾区"])
def test_emoji_sequences_and_variation_selectors_in_a_name_are_kept(db: Database, name: str) -> None:
    from app.core.files.visible_text import fold_name
    from app.core.projects import ProjectService

    projects = ProjectService(db)
    made = projects.create(name)
    assert made.name == name and fold_name(name) == name
    assert projects.resolve(name).id == made.id


@pytest.mark.parametrize(("typed", "seen"), [
    ("案\u200d件", "案件"),  # a ZWJ between letters joins nothing
    ("\u200d👩 案件", "👩 案件"),
    ("👨\u200d\u200d👩", "👨👩"),  # a second ZWJ: two emoji shown apart
    ("案件\U000e0067\U000e0062", "案件"),  # tag characters after no flag
    ("\ufe0f案件 \ufe0f", "案件"),  # variation selectors after nothing, after a space
    ("案件\u200b\ufe0f\ufe0f", "案件"),
])
def test_format_characters_that_join_nothing_are_dropped(typed: str, seen: str) -> None:
    from app.core.files.visible_text import fold_name

    assert fold_name(typed) == seen
    assert fold_name(fold_name(typed)) == fold_name(typed)


# --- fix16q: no writer replaces a SQLite database this process does not have open ---------------


def test_no_writer_replaces_a_database_that_is_not_open_nor_its_journal(db: Database, tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as made:
        made.execute("create table t (x)")
    made.close()
    before = other.read_bytes()
    link = tmp_path / "link.json"
    link.symlink_to(other)
    for target, key in ((other, "file.is_sqlite_database"), (link, "file.is_sqlite_database"),
                        (tmp_path / "other.sqlite3-wal", "file.is_sqlite_journal"),
                        (tmp_path / "other.sqlite3-journal", "file.is_sqlite_journal")):
        with pytest.raises(UserError) as refused:
            write_text(target, "{}")
        assert refused.value.key == key
        assert str(other) in refused.value.text("ja") and "データベース" in refused.value.text("ja")
    assert other.read_bytes() == before and not (tmp_path / "other.sqlite3-wal").exists()


def test_files_that_only_look_like_a_database_are_written(tmp_path: Path) -> None:
    for name, data in (("notes.sqlite3", b""), ("short.sqlite3", b"SQLite format"), ("text.json", b"SQLite format 3 is a header")):
        (tmp_path / name).write_bytes(data)
        write_text(tmp_path / name, "{}")
        assert (tmp_path / name).read_text() == "{}"
    write_text(tmp_path / "new.sqlite3-wal", "{}")  # the journal of no database
    assert (tmp_path / "new.sqlite3-wal").read_text() == "{}"


def test_backups_restore_and_copies_still_write_databases(db: Database, tmp_path: Path) -> None:
    from app.core.projects import ProjectService
    from app.core.storage import backups
    from app.projects.database_copy import copy_to

    projects = ProjectService(db)
    made = projects.create("元の案件")
    first = db.backup(reason="manual")
    second = db.backup(reason="manual")  # a backup next to another: written by SQLite, not refused
    assert first.read_bytes().startswith(b"SQLite format 3\x00") and second.exists()
    projects.rename(made.id, "変えた案件")
    backups.restore_backup(db, first)
    assert projects.get(made.id).name == "元の案件"
    target = tmp_path / "copy.sqlite3"
    copy_to(db, made.id, str(target))
    copy_to(db, made.id, str(target))  # into an existing database again
    copied = Database(str(target))
    try:
        assert sorted(p.name for p in ProjectService(copied).list()) == ["元の案件", "元の案件 (2)"]
    finally:
        copied.close()


def test_restoring_the_open_database_from_itself_is_refused_and_changes_nothing(db: Database, tmp_path: Path) -> None:
    """`backup restore` given the live database file (by its name or a hard link) says so; no backup is made and
    the projects keep their copy ids (a restore gives each a new one)."""
    import os

    from app.core.projects import ProjectService, copy_id
    from app.core.storage import backups

    made = ProjectService(db).create("案件")
    with db.session() as session:
        before = copy_id(session, made.id)
    link = tmp_path / "link.sqlite3"
    os.link(db.path, link)
    for given in (db.path, link):
        with pytest.raises(UserError) as refused:
            backups.restore_backup(db, given)
        assert "開いているデータベースそのもの" in refused.value.text("ja") and "何も変更していません" in refused.value.text("ja")
    with db.session() as session:
        assert copy_id(session, made.id) == before
    assert backups.list_backups(db) == []
