"""breaker53a: a Japanese consultant's older database, opened by today's app (migrations).

Older databases are made by today's app (the Japanese demo: WBS with sub-tasks and 82 predecessor links,
environment, data platform, tracking, people; plus a baseline, a person with days off, a parent task with
a sub-task holding a Japanese/emoji/tab note and a predecessor with lag, a deleted task's hole in the ids),
then every later migration undone with Alembic (foreign keys off) down to 0002, 0004, 0007 or 0008.

Tried:
- every row (every column the old file had) after the upgrade, in the database and in its backup, at 0002/0004/0007/0008;
- the CLI in Japanese on a 0004 file: backup in backups/ beside it, once, at 0004, listed as 「更新の前」; people,
  baselines shown;
- the Japanese window on a 0007 file: WBS titles, notes, outline, every link and lag, environment;
- a newer app's database (0010, 0009a, a hash; with a newer table): CLI (4 commands) and window (run_gui) refuse
  in Japanese, no traceback, not a byte written (no -wal, no backups/); the same on PostgreSQL;
- a file named ``backups`` beside an old database: said in Japanese, nothing changed;
- a real child SIGKILLed at 30..95 % of a 40k-task upgrade, again and again: integrity ok, at the old revision or
  the head, every row there, the next start upgrades it whole, no part-files left;
- an old database on a read-only disk (a real read-only tmpfs), and a read-only backups/ mount;
- two real window processes starting on one 0007 file at the same moment: both open it, one backup;
- PostgreSQL at 0004 with Japanese rows, sub-task and a link: upgraded, every row kept;
- an older app killed with its last edits still in the -wal: upgraded keeping them (backup too).

Held: all of the above (no defect found in 40 minutes). The kill and two-window tests (> 2 s) run with
BREAKER53A_SLOW=1.

Broke:
- nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.storage.db import SCHEMA_HEAD, Database
from tests.conftest import copy_database

REPO = Path(__file__).resolve().parents[1]
_templates: dict[str, Path] = {}
PARENT = "移行前の親タスク「顧客合意」"
CHILD = "サブタスク: 評価指標の合意 🎌"
NOTES = "1行目: 先方の山田様に確認済み\n2行目: 〜 ① ｶﾀｶﾅ 髙﨑 \t タブ"


def _tables(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))


def snapshot(path: Path, tables: list[str] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (columns of the old file), read with plain SQL, ordered by rowid."""
    out: dict[str, list[tuple]] = {}
    with contextlib.closing(sqlite3.connect(path)) as conn:
        names = tables or [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in names:
            if table in ("alembic_version", "sqlite_sequence", "presence"):
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            out[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY rowid").fetchall()
            out[table + ":cols"] = [tuple(cols)]
    return out


def rows_in(path: Path, old: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The same tables and columns as ``old`` read from ``path`` (after an upgrade)."""
    out: dict[str, list[tuple]] = {}
    with contextlib.closing(sqlite3.connect(path)) as conn:
        for key, value in old.items():
            if key.endswith(":cols"):
                out[key] = value
                continue
            cols = old[key + ":cols"][0]
            out[key] = conn.execute(f"SELECT {', '.join(cols)} FROM {key} ORDER BY rowid").fetchall()
    return out


def _build(revision: str, folder: Path) -> Path:
    """A database as an older app at ``revision`` would hold it: the Japanese demo (WBS with sub-tasks and
    predecessors, environment, data platform, people, tracking), a baseline, a person, extra Japanese answers,
    then every migration after ``revision`` undone (foreign keys off, as the app runs them)."""
    from alembic import command

    from app.core.workspace import Workspace
    from app.main import main
    from app.projects.demo import create_demo
    from app.wbs.service import WbsService

    path = folder / f"古い版-{revision}.sqlite3"
    ws = Workspace.open(str(path))
    try:
        info = create_demo(ws, "ja")
        pid = info.id
        wbs = WbsService(ws.db)
        parent = wbs.add_task(pid, title=PARENT).created[0]
        child = wbs.add_task(pid, parent_id=parent, title=CHILD, notes=NOTES, owner_name="山田 太郎").created[0]
        first = min(t.id for t in wbs.tasks(pid))
        from app.wbs.model import Dependency

        wbs.set_dependencies(pid, child, [Dependency(predecessor_id=first, lag_days=2)])
        gone = wbs.add_task(pid, title="消したタスク").created[0]
        wbs.delete(pid, [gone])  # a hole in the ids, as an older app left it
    finally:
        ws.close()
    for args in (["baseline", "create", "--project", str(pid), "--name", "キックオフ合意 第1版"],
                 ["resources", "add", "--project", str(pid), "--name", "山田 太郎", "--role", "データサイエンティスト",
                  "--off", "2026-12-29..2026-12-31"]):
        code = main(["--db", str(path), "--lang", "ja", *args])
        assert code in (0, None)
    db = Database(str(path), migrate=False)
    try:
        with db.engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                command.downgrade(db._alembic_config(conn), revision)
    finally:
        db.close()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(revision,)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return path


def old_database(revision: str, target: Path, tmp_path_factory) -> Path:
    if revision not in _templates:
        _templates[revision] = _build(revision, tmp_path_factory.mktemp(f"old{revision}"))
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_database(_templates[revision], target)  # (bounded: a locked template fails the test)
    with contextlib.closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
    return target


@pytest.mark.parametrize("revision", ["0002", "0004", "0007", "0008"])
def test_every_row_of_an_older_database_survives_the_upgrade(revision, tmp_path, tmp_path_factory) -> None:
    path = old_database(revision, tmp_path / "データ" / "計画.sqlite3", tmp_path_factory)
    before = snapshot(path)
    assert before["wbs_tasks"] and before["wbs_dependencies"] and before["project_documents"]
    db = Database(str(path))
    try:
        assert db.current_revision() == SCHEMA_HEAD
        assert len(db.backups) == 1
        backup = db.backups[0]
    finally:
        db.close()
    assert rows_in(path, before) == before
    assert rows_in(backup, before) == before
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]



# --- helpers for the command line and the window -----------------------------------------------------


JAPANESE_CHARS = "\u3040-\u30ff\u3400-\u9fff"


def run_cli(path: Path, *args: str, home: Path | None = None, user: int | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {
        "PYTHONPATH": str(REPO), "MLOPS_KICKOFF_HOME": str(home or path.parent.parent / "home"),
        "MLOPS_KICKOFF_SETTINGS": str((home or path.parent.parent / "home") / "settings.ini"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "app", "--db", str(path), "--lang", "ja", *args], capture_output=True,
                          text=True, env=env, cwd=str(path.parent), timeout=timeout, user=user)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stamp(path: Path, revision: str) -> None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()


# --- a database from a newer app ----------------------------------------------------------------------


@pytest.mark.parametrize("revision", ["0010", "0009a", "f3c2e1d0b9a8"])
def test_a_newer_apps_database_is_refused_in_japanese_by_the_cli_and_left_as_it_was(revision, tmp_path, tmp_path_factory) -> None:
    folder = tmp_path / "新しい版"
    path = old_database("0008", folder / "計画.sqlite3", tmp_path_factory)
    stamp(path, revision)
    with contextlib.closing(sqlite3.connect(path)) as conn:  # a newer app's table, with a user's row
        conn.execute("CREATE TABLE future_notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO future_notes VALUES (1, '新しい版で書いたメモ')")
        conn.commit()
    before = files_of(folder)
    for args in (["projects", "list"], ["backup", "list"], ["backup", "create"], ["demo"]):
        done = run_cli(path, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and "新しい MLOps Kickoff" in done.stderr, (args, done.stderr)
        assert revision in done.stderr
        assert files_of(folder) == before, args  # no -wal, no backup, not a byte changed


def test_a_newer_apps_database_is_refused_by_the_window_in_japanese_and_left_as_it_was(tmp_path, tmp_path_factory, monkeypatch) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui import app as ui_app

    folder = tmp_path / "新しい版"
    path = old_database("0008", folder / "計画.sqlite3", tmp_path_factory)
    stamp(path, "0010")
    before = files_of(folder)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a, **k: said.append(text)))
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MLOPS_KICKOFF_SETTINGS", str(tmp_path / "home" / "settings.ini"))
    args = argparse.Namespace(db=str(path), global_lang="ja", global_project=None, page=None, screenshot=None, size=None, welcome=False)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: pytest.fail("the window opened on a newer database"))
    assert ui_app._run_gui(args, None) == 2
    assert len(said) == 1 and "新しい MLOps Kickoff" in said[0] and "0010" in said[0], said
    assert files_of(folder) == before


# --- the command line and the window on an older database ----------------------------------------------


def test_the_cli_in_japanese_upgrades_an_older_database_backs_it_up_and_shows_every_value(tmp_path, tmp_path_factory) -> None:
    folder = tmp_path / "顧客 A"
    path = old_database("0004", folder / "計画.sqlite3", tmp_path_factory)
    before = snapshot(path)
    done = run_cli(path, "projects", "list")
    assert done.returncode == 0, done.stderr
    assert "類似画像検索PoC" in done.stdout and "Traceback" not in done.stderr
    backups = sorted((folder / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    assert rows_in(backups[0], before) == before
    with contextlib.closing(sqlite3.connect(backups[0])) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]
    assert rows_in(path, before) == before
    listed = run_cli(path, "backup", "list")
    assert listed.returncode == 0 and backups[0].name in listed.stdout, listed
    assert "更新の前" in listed.stdout, listed.stdout
    people = run_cli(path, "resources", "list", "--project", "1")
    assert "山田 太郎" in people.stdout and "データサイエンティスト" in people.stdout, people.stdout
    baselines = run_cli(path, "baseline", "list", "--project", "1")
    assert "キックオフ合意 第1版" in baselines.stdout, baselines.stdout
    assert len(list((folder / "backups").glob("*.sqlite3"))) == 1  # once: later starts back up nothing more


def test_a_file_named_backups_beside_an_older_database_is_said_in_japanese_and_nothing_changes(tmp_path, tmp_path_factory) -> None:
    folder = tmp_path / "顧客 B"
    path = old_database("0004", folder / "計画.sqlite3", tmp_path_factory)
    (folder / "backups").write_text("メモ: バックアップは別の場所\n")
    before, rows = (folder / "backups").read_bytes(), snapshot(path)
    done = run_cli(path, "projects", "list")
    assert "Traceback" not in done.stderr, done.stderr[-1500:]
    assert done.returncode == 2, done
    assert "backups" in done.stderr and any("\u3040" <= c <= "\u30ff" for c in done.stderr), done.stderr
    print(done.stderr)
    assert (folder / "backups").read_bytes() == before and rows_in(path, rows) == rows
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]


def test_the_japanese_window_opens_an_older_database_and_shows_the_wbs_people_and_environment(qtbot, tmp_path, tmp_path_factory,
                                                                                            monkeypatch) -> None:
    from app.core.documents import DocumentService
    from tests.conftest import isolate
    from tests.gui_helpers import close_window, environment_page, make_window, settle, wbs_find

    isolate(tmp_path / "home", monkeypatch)
    folder = tmp_path / "古いデータ"
    path = old_database("0007", folder / "計画.sqlite3", tmp_path_factory)
    before = snapshot(path)
    old_tasks = {row[0]: row for row in before["wbs_tasks"]}
    cols = before["wbs_tasks:cols"][0]
    window = make_window(qtbot, path, global_lang="ja")
    try:
        settle(window)
        assert len(list((folder / "backups").glob("*.sqlite3"))) == 1
        assert window.state.project is not None and "類似画像検索PoC" in window.state.project.name
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        tree = page.model.tree
        shown = {t.id: t for t in tree.tasks.values()}
        assert set(shown) == set(old_tasks)
        for task_id, row in old_tasks.items():
            values = dict(zip(cols, row, strict=True))
            assert shown[task_id].title == values["title"] and shown[task_id].notes == values["notes"]
            assert shown[task_id].parent_id == values["parent_id"]
        child = wbs_find(page, CHILD)
        assert shown[child].parent_id == wbs_find(page, PARENT) and shown[child].notes == NOTES
        assert [(d.predecessor_id, d.lag_days) for d in shown[child].dependencies] == [(min(old_tasks), 2)]
        links = {(row[1], row[2], row[3]) for row in before["wbs_dependencies"]}
        assert {(t.id, d.predecessor_id, d.lag_days) for t in shown.values() for d in t.dependencies} == links
        env = environment_page(window, qtbot)
        assert env is not None
        stored_env = DocumentService(window.state.workspace.db).get(window.state.project_id, "environment")
        assert stored_env  # the older app's environment values
    finally:
        close_window(window)
    assert rows_in(path, before) == before


# --- a process killed in the middle of an upgrade -------------------------------------------------------

KILL_CHILD = """
import sys, time
from pathlib import Path
from app.core.storage.db import Database
print("start", flush=True)
db = Database(sys.argv[1])
print("done", len(db.backups), flush=True)
db.close()
"""


def padded(path: Path, tasks: int) -> None:
    """Many more tasks (and their history-like notes) so that the upgrade's table rebuilds take a while."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(wbs_tasks)")]
        top = conn.execute("SELECT max(id), max(uid) FROM wbs_tasks").fetchone()
        picked = ", ".join(
            f"id + {top[0]} * n" if c == "id" else f"uid + {top[1]} * n" if c == "uid" else
            "NULL" if c == "parent_id" else "title || ' ' || n" if c == "title" else c for c in cols)
        conn.execute("CREATE TEMP TABLE k (n INTEGER)")
        conn.executemany("INSERT INTO k VALUES (?)", [(n,) for n in range(1, tasks // 80 + 1)])
        conn.execute(f"INSERT INTO wbs_tasks ({', '.join(cols)}) SELECT {picked} FROM wbs_tasks, k WHERE wbs_tasks.id <= {top[0]}")
        conn.commit()


@pytest.mark.skipif(not os.environ.get("BREAKER53A_SLOW"), reason="held; slow (> 2 s): run with BREAKER53A_SLOW=1")
def test_a_process_killed_at_any_moment_of_the_upgrade_leaves_a_database_the_next_start_upgrades_whole(tmp_path, tmp_path_factory) -> None:
    folder = tmp_path / "強制終了"
    path = old_database("0007", folder / "計画.sqlite3", tmp_path_factory)
    padded(path, 40_000)
    before = snapshot(path)
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {"PYTHONPATH": str(REPO),
                                                                                "MLOPS_KICKOFF_HOME": str(tmp_path / "home")}
    # How long the whole upgrade takes, on a copy.
    probe_copy = tmp_path / "probe" / "計画.sqlite3"
    probe_copy.parent.mkdir()
    shutil.copy(path, probe_copy)
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-c", KILL_CHILD, str(probe_copy)], env=env, capture_output=True, text=True, timeout=300)
    whole = time.monotonic() - t0
    assert done.returncode == 0, done.stderr[-2000:]
    kills = 0
    for fraction in (0.3, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95):
        child = subprocess.Popen([sys.executable, "-c", KILL_CHILD, str(path)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        time.sleep(whole * fraction)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.communicate(timeout=60)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        assert revision in ([("0007",)], [(SCHEMA_HEAD,)]), revision
        assert rows_in(path, before) == before, fraction
        if revision == [(SCHEMA_HEAD,)]:
            break
    assert kills
    db = Database(str(path))
    try:
        assert db.current_revision() == SCHEMA_HEAD
    finally:
        db.close()
    assert rows_in(path, before) == before
    assert not [p for p in folder.rglob("*") if "part" in p.name], list(folder.rglob("*"))
    for backup in (folder / "backups").glob("*.sqlite3"):
        assert rows_in(backup, before) == before


# --- an older database on a read-only disk (a real read-only mount) ----------------------------------------


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs to mount a file system")
def test_an_older_database_on_a_read_only_disk_is_refused_in_japanese_and_left_as_it_was(tmp_path, tmp_path_factory) -> None:
    disk = tmp_path / "ro-disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        folder = disk / "読み取り専用"
        path = old_database("0004", folder / "計画.sqlite3", tmp_path_factory)
        assert _mount("-o", "remount,ro", str(disk))
        before = files_of(folder)
        done = run_cli(path, "projects", "list", home=tmp_path / "home")
        assert "Traceback" not in done.stderr, done.stderr[-1500:]
        assert done.returncode == 2, done
        assert "読み取り専用" in done.stderr, done.stderr
        assert files_of(folder) == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


# --- two windows starting at once on an older database ----------------------------------------------------

WINDOW_CHILD = """
import sys, time
from pathlib import Path
from app.ui.app import build_window
import argparse
args = argparse.Namespace(db=sys.argv[1], global_lang="ja", global_project=None, page="wbs", screenshot=None)
while not Path(sys.argv[2]).exists():
    time.sleep(0.01)
app, window = build_window(args)
from app.wbs.service import WbsService
tasks = WbsService(window.state.workspace.db).tasks(window.state.project_id)
print("opened", window.state.project.name, len(tasks), flush=True)
window.state.workspace.close()
"""


@pytest.mark.skipif(not os.environ.get("BREAKER53A_SLOW"), reason="held; slow (> 2 s): run with BREAKER53A_SLOW=1")
def test_two_windows_starting_at_once_on_an_older_database_both_open_it_and_it_is_backed_up_once(tmp_path, tmp_path_factory) -> None:
    folder = tmp_path / "二つの窓"
    path = old_database("0007", folder / "計画.sqlite3", tmp_path_factory)
    before = snapshot(path)
    go = tmp_path / "go"
    children = []
    for n in range(2):
        home = tmp_path / f"home{n}"
        env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {
            "PYTHONPATH": str(REPO), "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"),
            "QT_QPA_PLATFORM": "offscreen", "MLOPS_KICKOFF_LANG": "ja"}
        children.append(subprocess.Popen([sys.executable, "-c", WINDOW_CHILD, str(path), str(go)], env=env,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    time.sleep(1.5)
    go.write_text("go")
    results = [c.communicate(timeout=120) for c in children]
    tasks = len(before["wbs_tasks"])
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err[-2000:]
        assert "Traceback" not in err, err[-2000:]
        assert out.startswith("opened 類似画像検索PoC") and out.split()[-1] == str(tasks), out
    assert len(list((folder / "backups").glob("*.sqlite3"))) == 1
    assert rows_in(path, before) == before


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("mount") is None, reason="needs to mount a file system")
def test_an_older_database_whose_backups_folder_is_read_only_is_refused_in_japanese_and_left_as_it_was(tmp_path, tmp_path_factory) -> None:
    folder = tmp_path / "バックアップ不可"
    path = old_database("0004", folder / "計画.sqlite3", tmp_path_factory)
    backups = folder / "backups"
    backups.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=8m,ro", "tmpfs", str(backups)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        rows = snapshot(path)
        done = run_cli(path, "projects", "list", home=tmp_path / "home")
        assert "Traceback" not in done.stderr, done.stderr[-1500:]
        assert done.returncode == 2, done
        assert "backups" in done.stderr and "読み取り専用" in done.stderr, done.stderr
        assert rows_in(path, rows) == rows
        with contextlib.closing(sqlite3.connect(path)) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]
    finally:
        subprocess.run(["umount", str(backups)], capture_output=True)


# --- PostgreSQL: a team database at an older revision ------------------------------------------------------


@pytest.mark.postgresql
def test_a_team_database_at_an_older_revision_is_upgraded_keeping_every_row(pg_empty_url) -> None:
    from alembic import command
    from sqlalchemy import text

    db = Database(pg_empty_url, migrate=False)
    try:
        with db.engine.begin() as conn:
            command.upgrade(db._alembic_config(conn), "0004")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO projects (id, uuid, name, customer, description, lang, start_date, archived, settings, created_at, updated_at)"
                " VALUES (1, 'u-1', '共有プロジェクト', '株式会社テスト', :desc, 'ja', '2026-11-02', false, '{}', now(), now())"),
                {"desc": "説明\n二行目"})
            conn.execute(text(
                "INSERT INTO answers (id, project_id, checklist_id, item_id, status, value, later, note, answered_by, hypothesis_state,"
                " hypothesis_value, content_version, session_id, updated_at, followup_owner, followup_done)"
                " VALUES (1, 1, 'hearing', 'hearing.basics.background', 'answered', '\"在庫照会を写真で\"', NULL, '要確認', '山田',"
                " 'none', NULL, 1, NULL, now(), '佐藤', false)"))
            for tid, parent, title in ((1, None, PARENT), (2, 1, CHILD), (3, None, "前のタスク")):
                conn.execute(text(
                    "INSERT INTO wbs_tasks (id, project_id, uid, parent_id, position, title, description, phase, priority,"
                    " completion_condition, expected_output, owner_role, owner_name, milestone, status, agreed, notes, origin,"
                    " often_missed, user_edited, updated_at) VALUES (:id, 1, :id, :parent, :id, :title, '', '準備', 'must', '', '',"
                    " 'PM', '山田 太郎', false, 'not_started', false, :notes, '{}', '', true, now())"),
                    {"id": tid, "parent": parent, "title": title, "notes": NOTES})
            conn.execute(text("INSERT INTO wbs_dependencies (id, task_id, predecessor_id, lag_days, position) VALUES (1, 2, 3, 2, 0)"))
    finally:
        db.close()
    db = Database(pg_empty_url)
    try:
        assert db.current_revision() == SCHEMA_HEAD
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name, description FROM projects")).all() == [("共有プロジェクト", "説明\n二行目")]
            assert conn.execute(text("SELECT note, followup_owner FROM answers")).all() == [("要確認", "佐藤")]
            assert conn.execute(text("SELECT id, parent_id, title, notes FROM wbs_tasks ORDER BY id")).all() == [
                (1, None, PARENT, NOTES), (2, 1, CHILD, NOTES), (3, None, "前のタスク", NOTES)]
            assert conn.execute(text("SELECT task_id, predecessor_id, lag_days FROM wbs_dependencies")).all() == [(2, 3, 2)]
    finally:
        db.close()


@pytest.mark.postgresql
def test_a_team_database_from_a_newer_app_is_refused_in_japanese_by_the_cli_and_left_as_it_was(pg_url, tmp_path) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0010'"))
            conn.execute(text("CREATE TABLE future_notes (id integer primary key, body text)"))
            conn.execute(text("INSERT INTO future_notes VALUES (1, '新しい版のメモ')"))
        env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {"PYTHONPATH": str(REPO),
                                                                                    "MLOPS_KICKOFF_HOME": str(tmp_path / "home")}
        done = subprocess.run([sys.executable, "-m", "app", "--db", pg_url, "--lang", "ja", "projects", "list"], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done
        assert "新しい MLOps Kickoff" in done.stderr and "0010" in done.stderr, done.stderr
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [("0010",)]
            assert conn.execute(text("SELECT body FROM future_notes")).all() == [("新しい版のメモ",)]
    finally:
        engine.dispose()


def test_an_older_app_killed_with_its_last_answers_still_in_the_wal_is_upgraded_keeping_them(tmp_path, tmp_path_factory) -> None:
    source = old_database("0004", tmp_path / "src" / "計画.sqlite3", tmp_path_factory)
    writer = sqlite3.connect(source, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE answers SET note = '強制終了の直前に書いたメモ' WHERE id = (SELECT min(id) FROM answers)")
        writer.execute("UPDATE wbs_tasks SET notes = '直前のメモ' WHERE title = ?", (CHILD,))
        folder = tmp_path / "落ちた後"
        folder.mkdir()
        for suffix in ("", "-wal", "-shm"):  # the files as the killed app left them
            shutil.copy(str(source) + suffix, str(folder / "計画.sqlite3") + suffix)
    finally:
        writer.close()
    path = folder / "計画.sqlite3"
    done = run_cli(path, "projects", "list")
    assert done.returncode == 0, done.stderr
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT note FROM answers ORDER BY id LIMIT 1").fetchone() == ("強制終了の直前に書いたメモ",)
        assert conn.execute("SELECT notes FROM wbs_tasks WHERE title = ?", (CHILD,)).fetchone() == ("直前のメモ",)
    backup = next((folder / "backups").glob("*.sqlite3"))
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT note FROM answers ORDER BY id LIMIT 1").fetchone() == ("強制終了の直前に書いたメモ",)
