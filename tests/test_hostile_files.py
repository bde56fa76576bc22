"""Project files and databases as hostile input (issue 12): every bad one is refused in one line,
in bounded time, with nothing changed; through the service and through the CLI.

Every input is generated here (no large committed files).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import UserError
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.projects import file_format, transfer

REPO = Path(__file__).resolve().parent.parent
LIMIT_S = 5.0
STAMP = "2024-04-01T09:00:00+00:00"


# --- helpers --------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The program in English (the words these cases look for are the English message's)."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "app", "--lang", "en", *args], cwd=REPO, capture_output=True, text=True, timeout=30,
        env=os.environ.copy(),
    )
    result.elapsed = time.monotonic() - started  # type: ignore[attr-defined]
    return result


def assert_refused_by_cli(result: subprocess.CompletedProcess, *words: str) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert len(lines) == 1, result.stderr
    assert result.elapsed < LIMIT_S + 1  # type: ignore[attr-defined] - the interpreter's start on top
    for word in words:
        assert word.lower() in lines[0].lower(), lines[0]
    return lines[0]


@contextlib.contextmanager
def refused(*words: str) -> Iterator[None]:
    """The block raises a UserError with a one-line message naming ``words``, within the time limit."""
    started = time.monotonic()
    with pytest.raises(UserError) as info:
        yield
    assert time.monotonic() - started < LIMIT_S
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    for word in words:
        assert word.lower() in message.lower(), message


def counts(path: Path) -> dict[str, int]:
    """Rows per table, read without changing the file (read-only, no journal-mode switch)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def valid_project() -> dict[str, Any]:
    return {
        "format": transfer.FORMAT,
        "schema_version": transfer.SCHEMA_VERSION,
        "project": {"uuid": "0f6c2f0e-6d1c-4d8f-9a53-0e2f1d4c5b6a", "name": "Hostile", "created_at": STAMP, "updated_at": STAMP},
        "sessions": [{"number": 1, "held_on": "2024-04-01", "started_at": STAMP}],
        "answers": [
            {
                "item_id": "data.volume",
                "checklist_id": "hearing",
                "status": "answered",
                "value": {"rows": 10},
                "content_version": 1,
                "session_number": 1,
                "updated_at": STAMP,
                "history": [{"changed_at": STAMP, "status": "answered", "value": {"rows": 10}, "session_number": 1}],
            }
        ],
        "documents": [{"kind": "proposal", "data": {"sections": {}}, "updated_at": STAMP}],
        "parts": {"wbs": [{"uid": 1, "title": "Kickoff", "estimate_days": 1.5}]},
    }


@pytest.fixture
def base_db(tmp_path: Path, library) -> Path:
    """A database of ours with one project in it, closed."""
    path = tmp_path / "base.sqlite3"
    ws = Workspace.open(str(path), library)
    try:
        ProjectService(ws.db).create("Existing")
    finally:
        ws.close()
    return path


# --- project files ----------------------------------------------------------------------------------


def dumped(change: Callable[[dict], Any]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = valid_project()
        change(data)
        path = folder / "case.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return build


def raw(text: str | bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "case.json"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return build


def replaced(old: str, new: str) -> Callable[[Path], Path]:
    """The valid file with one piece of its text replaced (for what json.dumps would not write)."""
    text = json.dumps(valid_project())
    assert old in text
    return raw(text.replace(old, new, 1))


def nested(depth: int) -> Callable[[Path], Path]:
    text = json.dumps(valid_project())
    value = "[" * depth + "]" * depth
    return raw(text.replace('"value": {"rows": 10}', f'"value": {value}', 1))


def padded(megabytes: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / "case.json"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(valid_project()))
            chunk = " " * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
        return path

    return build


def many_answers(count: int) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        data = valid_project()
        data["answers"] = []
        text = json.dumps(data)
        one = json.dumps({"item_id": "a", "checklist_id": "c", "updated_at": STAMP}, separators=(",", ":"))
        path = folder / "case.json"
        path.write_text(text.replace('"answers": []', '"answers": [' + ",".join([one] * count) + "]", 1), encoding="utf-8")
        return path

    return build


def _set(path: str, value: Any) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target: Any = data
        keys = path.split(".")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = keys[-1]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


FILE_CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "content_version_10e30": (dumped(_set("answers.0.content_version", 10**30)), ("number",)),
    "session_number_10e25": (dumped(lambda d: (_set("sessions.0.number", 10**25)(d), _set("answers.0.session_number", 10**25)(d))), ("number",)),
    "history_session_10e25": (dumped(_set("answers.0.history.0.session_number", 10**25)), ("number",)),
    "wbs_uid_10e30": (dumped(_set("parts.wbs.0.uid", 10**30)), ("number",)),
    "integer_of_5000_digits": (replaced('"rows": 10', '"rows": 1' + "0" * 5000), ("number",)),
    "nested_1000": (nested(1_000), ("deep",)),
    "nested_100000": (nested(100_000), ("deep",)),
    "schema_version_true": (dumped(_set("schema_version", True)), ("schema",)),
    "schema_version_zero": (dumped(_set("schema_version", 0)), ("schema",)),
    "estimate_nan": (replaced('"estimate_days": 1.5', '"estimate_days": NaN'), ("NaN",)),
    "estimate_infinity": (replaced('"estimate_days": 1.5', '"estimate_days": Infinity'), ("Infinity",)),
    "estimate_1e400": (replaced('"estimate_days": 1.5', '"estimate_days": 1e400'), ("number",)),
    "estimate_1e308": (dumped(_set("parts.wbs.0.estimate_days", 1e308)), ("estimate_days",)),
    "estimate_negative": (dumped(_set("parts.wbs.0.estimate_days", -3)), ("estimate_days",)),
    "nan_in_an_answer": (replaced('"rows": 10', '"rows": NaN'), ("NaN",)),
    "item_id_dotdot": (dumped(_set("answers.0.item_id", "../../etc/passwd")), ("item_id",)),
    "item_id_slash": (dumped(_set("answers.0.item_id", "data/volume")), ("item_id",)),
    "checklist_id_dotdot": (dumped(_set("answers.0.checklist_id", "../hearing")), ("checklist_id",)),
    "document_kind_dotdot": (dumped(_set("documents.0.kind", "../../proposal")), ("kind",)),
    "document_kind_newline": (dumped(_set("documents.0.kind", "proposal\nx")), ("kind",)),
    "file_of_200mb": (padded(200), ("MB",)),
    "one_million_answers": (many_answers(1_000_000), ()),
    "answers_past_the_limit": (lambda folder: many_answers(file_format.MAX_ANSWERS + 1)(folder), ("answers",)),
    "invalid_utf8": (raw(b'{"format": "mlops-kickoff-project", "x": "\xff\xfe"}'), ("UTF-8",)),
    "json_array": (raw("[1, 2, 3]"), ("not an MLOps Kickoff project file",)),
    "json_string": (raw('"mlops-kickoff-project"'), ("not an MLOps Kickoff project file",)),
    "duplicate_keys": (replaced('"name": "Hostile"', '"name": "Hostile", "name": "Other"'), ("twice", "name")),
    "duplicate_top_level": (replaced('"schema_version": 1', '"schema_version": 1, "schema_version": 2'), ("twice",)),
}


def _refuse_case(name: str, folder: Path) -> Path:
    build, _words = FILE_CASES[name]
    return build(folder)


def test_the_valid_file_these_cases_start_from_imports(workspace, tmp_path: Path) -> None:
    path = dumped(lambda d: None)(tmp_path)
    new_id = transfer.import_file(workspace.db, path)
    data = transfer.export_data(workspace.db, new_id)
    assert data["answers"][0]["content_version"] == 1 and data["parts"]["wbs"][0]["estimate_days"] == 1.5


@pytest.mark.parametrize("name", list(FILE_CASES))
def test_a_hostile_project_file_is_refused_by_the_service(workspace, tmp_path: Path, name: str) -> None:
    path = _refuse_case(name, tmp_path)
    before_file = path.stat().st_size, path.stat().st_mtime_ns
    before = ProjectService(workspace.db).list()
    with refused(*FILE_CASES[name][1]):
        transfer.import_file(workspace.db, path)
    assert ProjectService(workspace.db).list() == before
    assert (path.stat().st_size, path.stat().st_mtime_ns) == before_file


@pytest.mark.parametrize("name", list(FILE_CASES))
def test_a_hostile_project_file_is_refused_by_the_cli(base_db: Path, tmp_path: Path, name: str) -> None:
    path = _refuse_case(name, tmp_path)
    before = counts(base_db)
    result = run_cli("--db", str(base_db), "project", "import", str(path))
    assert_refused_by_cli(result, *FILE_CASES[name][1])
    assert counts(base_db) == before


@contextlib.contextmanager
def fifo_released_late(path: Path) -> Iterator[Path]:
    """A named pipe nobody writes to; after the time limit a writer opens and closes it, so that a
    reader blocked on it (the unfixed code) ends, too late, instead of hanging the test run."""
    import threading

    os.mkfifo(path)
    done = threading.Event()

    def release() -> None:
        if not done.wait(LIMIT_S + 1):
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK) if _has_reader(path) else None
            if fd is not None:
                os.close(fd)

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        done.set()
        thread.join()


def _has_reader(path: Path) -> bool:
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        return True
    except OSError:  # ENXIO: nobody has it open for reading
        return False


def test_a_pipe_is_not_read_forever(workspace, tmp_path: Path, base_db: Path) -> None:
    with fifo_released_late(tmp_path / "pipe.json") as fifo:
        with refused("not a regular file"):
            transfer.import_file(workspace.db, fifo)
    with fifo_released_late(tmp_path / "pipe2.json") as fifo:
        assert_refused_by_cli(run_cli("--db", str(base_db), "project", "import", str(fifo)), "not a regular file")


# --- databases ------------------------------------------------------------------------------------------


def file_state(path: Path) -> tuple[bytes, list[str]]:
    return path.read_bytes(), sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def scrambled(base: Path) -> Path:
    data = bytearray(base.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    import random

    rng = random.Random(12)
    for offset in range(page, len(data)):  # every page but the first (the header and the schema stay)
        data[offset] = rng.randrange(256)
    base.write_bytes(bytes(data))
    return base


def stamped(revision: str) -> Callable[[Path], Path]:
    def change(base: Path) -> Path:
        conn = sqlite3.connect(base)
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
        conn.close()
        return base

    return change


def without_table(table: str) -> Callable[[Path], Path]:
    def change(base: Path) -> Path:
        conn = sqlite3.connect(base)
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(f"DROP TABLE {table}")
        conn.commit()
        conn.close()
        return base

    return change


def foreign(base: Path) -> Path:
    base.unlink()
    conn = sqlite3.connect(base)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    conn.execute("INSERT INTO photos (path) VALUES ('a.jpg')")
    conn.commit()
    conn.close()
    return base


def foreign_with_alembic(base: Path) -> Path:
    foreign(base)
    conn = sqlite3.connect(base)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    conn.commit()
    conn.close()
    return base


def not_sqlite(base: Path) -> Path:
    base.write_text("name,value\nfoo,1\n" * 100, encoding="utf-8")
    return base


DB_CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "scrambled_pages": (scrambled, ("damaged",)),
    "stamped_older_than_its_tables": (stamped("0001"), ("0001",)),
    "stamp_current_table_missing": (without_table("answer_history"), ("answer_history",)),
    "from_another_program": (foreign, ("not an MLOps Kickoff database",)),
    "from_another_alembic_program": (foreign_with_alembic, ("ae1027a6acf",)),
    "not_sqlite_at_all": (not_sqlite, ("not",)),
}


@pytest.mark.parametrize("name", list(DB_CASES))
def test_a_hostile_database_is_refused_at_open_and_left_as_it_was(base_db: Path, library, name: str) -> None:
    path = DB_CASES[name][0](base_db)
    before = file_state(path)
    with refused(*DB_CASES[name][1]):
        Workspace.open(str(path), library).close()
    assert file_state(path) == before


@pytest.mark.parametrize("name", list(DB_CASES))
def test_a_hostile_database_is_refused_by_the_cli_and_left_as_it_was(base_db: Path, name: str) -> None:
    path = DB_CASES[name][0](base_db)
    before = file_state(path)
    assert_refused_by_cli(run_cli("--db", str(path), "projects", "list"), *DB_CASES[name][1])
    assert file_state(path) == before


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+psycopg2://kick:s3cret@localhost:5432/kickoff", ("psycopg2", "install")),  # psycopg 3 is ours; psycopg2 is not installed
        ("nosuchdb://kick:s3cret@localhost/kickoff", ("nosuchdb",)),
    ],
)
def test_a_database_url_without_its_driver_is_one_line(url: str, words: tuple[str, ...], library) -> None:
    with refused(*words):
        Workspace.open(url, library)
    line = assert_refused_by_cli(run_cli("--db", url, "projects", "list"), *words)
    assert "s3cret" not in line  # a password never lands on the screen


# --- file systems: read-only, full -------------------------------------------------------------------------


@contextlib.contextmanager
def small_filesystem(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def read_only_db(tmp_path: Path, base_db: Path) -> Iterator[Path]:
    """Our database on a file system that cannot be written (root ignores file modes: remount ro)."""
    if os.geteuid() != 0:
        os.chmod(base_db, 0o444)
        yield base_db
        os.chmod(base_db, 0o644)
        return
    with small_filesystem(tmp_path / "ro", "8M") as folder:
        path = folder / base_db.name
        path.write_bytes(base_db.read_bytes())
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield path


def test_a_read_only_database_is_refused_at_open(read_only_db: Path, library) -> None:
    before = file_state(read_only_db)
    with refused("read-only", "cannot be saved"):
        Workspace.open(str(read_only_db), library).close()
    assert_refused_by_cli(run_cli("--db", str(read_only_db), "projects", "list"), "read-only")
    assert file_state(read_only_db) == before


def _fill(folder: Path, leave: int) -> None:
    """Take the free bytes of the file system ``folder`` is on, but ``leave`` (to open a database)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    chunk = b"\0" * 4096
    try:
        while True:
            os.write(fd, chunk)
    except OSError:
        pass
    finally:
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
        os.close(fd)


def test_a_full_disk_during_an_edit_and_an_import_loses_nothing(tmp_path: Path, library) -> None:
    export = tmp_path / "demo.json"
    with small_filesystem(tmp_path / "full", "2M") as folder:
        path = folder / "kick.sqlite3"
        ws = Workspace.open(str(path), library)
        try:
            ProjectService(ws.db).create("Existing")
        finally:
            ws.close()
        data = valid_project()
        first = data["answers"][0]  # 40 notes of 99,000 characters: more room than is left, each within the limit
        data["answers"] = [first | {"item_id": f"{first['item_id']}{n or ''}", "note": "x" * 99_000, "history": []}
                           for n in range(40)]
        export.write_text(json.dumps(data), encoding="utf-8")
        _fill(folder, leave=36 * 1024)  # room for the shared-memory index (32 KB), not for a change
        before = counts(path)
        line = assert_refused_by_cli(run_cli("--db", str(path), "project", "import", str(export)), "disk is full", "nothing")
        assert counts(path) == before, line
        line = assert_refused_by_cli(run_cli("--db", str(path), "project", "new", "Another"), "disk is full")
        assert counts(path) == before, line
        (folder / "filler").unlink()
        listed = run_cli("--db", str(path), "projects", "list")
        assert listed.returncode == 0 and "Existing" in listed.stdout


def test_a_full_disk_is_told_as_such_in_the_service(workspace, tmp_path: Path) -> None:
    """Without a small file system: SQLite's own page limit gives the same "database or disk is full"."""
    from sqlalchemy import event

    path = dumped(lambda d: [a.__setitem__("note", "x" * 99_000) for a in d["answers"]])(tmp_path)
    before = ProjectService(workspace.db).list()
    with workspace.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(workspace.db.engine, "begin")
    def _limit(conn) -> None:
        conn.exec_driver_sql(f"PRAGMA max_page_count={int(pages)}")

    from app.core import operations as ops
    from app.core.errors import DiskFull
    from app.core.storage.errors import storage_error

    started = time.monotonic()
    with pytest.raises(Exception) as info:
        ops.run(workspace, ops.project_op(-1, lambda ws: transfer.import_file(ws.db, path)))
    assert time.monotonic() - started < LIMIT_S
    event.remove(workspace.db.engine, "begin", _limit)
    error = storage_error(info.value)
    assert isinstance(error, DiskFull) and "disk is full" in str(error) and "nothing" in str(error)
    assert ProjectService(workspace.db).list() == before


@pytest.mark.parametrize(("damage", "word"), [(without_table("projects"), "projects"), (scrambled, "damaged"), (foreign, "not an MLOps")])
def test_the_window_says_in_one_message_why_a_database_cannot_be_opened(base_db: Path, monkeypatch, capsys, damage, word) -> None:
    import argparse

    from PySide6.QtWidgets import QMessageBox

    from app.ui import app as ui_app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _parent, _title, text, *a, **k: shown.append(text)))
    path = damage(base_db)
    before = file_state(path)
    args = argparse.Namespace(db=str(path), global_lang="en", global_project=None, page=None, screenshot=None, size="800x600")
    assert ui_app._run_gui(args, None) == 2
    assert len(shown) == 1 and word in shown[0] and "\n" not in shown[0]
    assert "Traceback" not in capsys.readouterr().err
    assert file_state(path) == before


def test_a_demo_that_does_not_fit_on_the_disk_leaves_no_half_made_project(workspace) -> None:
    """A full disk half-way through the demo: the demo is whole or absent (one transaction)."""
    from sqlalchemy import event

    from app.core.storage.errors import storage_error
    from app.projects.demo import create_demo

    before = ProjectService(workspace.db).list()
    with workspace.db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    @event.listens_for(workspace.db.engine, "begin")
    def _limit(conn) -> None:
        conn.exec_driver_sql(f"PRAGMA max_page_count={int(pages) + 2}")

    with pytest.raises(Exception) as info:
        create_demo(workspace, "ja")
    event.remove(workspace.db.engine, "begin", _limit)
    assert "disk is full" in str(storage_error(info.value))
    assert ProjectService(workspace.db).list() == before
