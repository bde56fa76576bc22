"""breaker43e: moving a project between laptops and keeping it safe, as a demanding Japanese MLOps consultant:
project files (export / import, a file older than the project here), backups (make, list, restore, with a
window open), the Exports page (every document at once, a folder that exists, names with Japanese, spaces and
emoji, a read-only, immutable or full target) and processes killed during an import or a restore. Two
MainWindow instances on one database, both Japanese (window A 山田, window B 佐藤; breaker43b's fixture). Every
file is in the test's own tmp_path (the databases too: ``db_path`` is overridden below).

Tried and held:
- a file exported, the project then changed in B (an answer saved, more typed and not yet saved), the old file
  imported in A from the Exports page: asked first, in Japanese, naming the project and both times
  (ファイル: 最終変更 …、ここ: 最終変更 …); Yes imports 「類似画像検索PoC(デモ) (2)」 beside it, and what B had saved
  and what B was typing are both kept (kept below as a test);
- ``project import`` of the same stale file on the command line: imported as a new project, one Japanese line on
  stderr (警告: … ファイルの版より後にここで変更されています …);
- File ▸ Restore Backup in A while B is open: refused in Japanese (別のウィンドウかプロセスで開かれています …
  何も変更していません), A keeps its project; with B closed it restores and says where the database before is
  kept (kept below as a test);
- every document of the Exports page clicked at once into a folder named 「書き出し 先 🚀」: all thirteen written
  (the wiki folder replaced at once on the second round); each export into a read-only mount, an immutable
  folder (chattr +i) and a full tmpfs (all made by hand under /tmp/break43e, not in the tests): one Japanese
  line each (ディスクが読み取り専用です / この操作は許可されていません / ディスクの空き容量がありません), no
  half file left, no traceback; ``backup create`` on the full disk: ディスクがいっぱいです … 失われたものはありません;
- project names with a full-width space, a ZWJ family emoji, a flag and a ``/``: exported to a file named
  「家族 👨‍👩‍👧.json」 and imported twice: (2) and (3), the name kept byte for byte;
- ``backup restore`` of a project file, a truncated and a damaged backup, a folder, a missing file, ``--keep 0``:
  one Japanese line each, nothing changed; a project file that is a newer schema (2), indented, CRLF: said or
  imported as they should be;
- a ``project import`` SIGKILLed inside its write transaction: the next start lists the projects as before, the
  database passes ``PRAGMA integrity_check`` (kept below as a test);
- read, not run: ``db.backup`` writes a hidden ``.backup-part`` renamed when whole (a killed backup leaves no
  backup that lists), a killed restore's ``.restore-part`` is removed at the next backup.

Defects (strict xfails, each asserting what the user should get):
- ``backup list`` in Japanese shows each backup's internal reason id (``manual``, ``before-restore``, ``daily``,
  ``before-<revision>``) where File ▸ Restore Backup shows 手動 / 復元の前 …;
- Exports page ▸ ひな形 (scaffold) a second time into the same folder: refused with 「--force を付けて」, an option
  of the command line the window has no way to give (the user cannot re-export the scaffold there at all);
- a project file without its schema version (a hand-made or cut file): 「正しいスキーマバージョンがありません
  (None)」: Python's ``None`` in the Japanese line;
- a ``backup restore`` killed after the backup's file replaced the database (before the projects were given new
  copy ids, app/core/storage/backups.restore_backup): the next start never finishes it, so a WBS sheet exported
  before the restore is read against tasks added after it: a row of a task the restore took away is matched to
  the new task that took its task id (a conflict on its title, which ``--prefer sheet`` overwrites), where the
  README promises the row is skipped with a line saying so, "never read as the task this copy added".

Not kept as tests: a UTF-8 BOM project file (saved by PowerShell 5 / old Notepad) is refused as "not JSON at line
1, column 1" (RFC 8259 allows either); ``export`` under a file-size rlimit says the OS's English "File too large"
(EFBIG, which no real project file reaches).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app.core.content.loader import default_library
from app.core.storage import backups
from app.core.workspace import Workspace
from app.main import main
from app.projects import transfer
from app.ui import messages
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, settle
from tests.test_nothing_lost_gui import open_item, stored

PYTHON = sys.executable
REPO = Path(__file__).resolve().parent.parent
BACKGROUND = "hearing.basics.background"  # 背景・課題 (text)

# A command run in a child process, SIGKILLed by itself when ``MODULE:FUNCTION`` is called (before it runs):
# a power cut or a kill -9 at that very point, deterministic.
KILL_AT = """
import importlib, os, signal, sys
target, *args = sys.argv[1:]
module, name = target.split(":")
module = importlib.import_module(module)
def killed(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)
setattr(module, name, killed)
from app.main import main
sys.exit(main(args))
"""


@pytest.fixture
def scratch(tmp_path) -> Path:
    """A folder of this test's own, empty (in its tmp_path: a test run at once in another worker or session never
    shares it)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    return folder


@pytest.fixture
def db_path(scratch) -> Path:
    (scratch / "db").mkdir()
    return scratch / "db" / "mlops-kickoff.sqlite3"


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """Window A (山田) and window B (佐藤) on one database, in Japanese, on the demo."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    yield a, b
    from tests import gui_helpers

    for window in (b, a):
        if window in gui_helpers._open_windows:  # (a test may close B itself)
            close_window(window)


def pid(window) -> int:
    return window.state.project_id


def cli(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), "--lang", "ja", *args])


def killed_at(db_path: Path, where: str, *args: str) -> int:
    """The command run in a child process killed (SIGKILL) when ``where`` is reached; its return code."""
    env = {**__import__("os").environ, "MLOPS_KICKOFF_HOME": str(db_path.parent)}
    run = subprocess.run([PYTHON, "-c", KILL_AT, where, "--db", str(db_path), "--lang", "ja", *args],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    return run.returncode


# --- held -------------------------------------------------------------------------------------------


def test_an_old_file_imported_while_the_colleague_types_is_asked_in_japanese_and_loses_nothing(two, qtbot, scratch, monkeypatch, said) -> None:
    a, b = two
    file = scratch / "プロジェクト 🚀 古い版.json"
    transfer.export_file(a.state.workspace.db, pid(a), file, a.state.workspace.library)
    b.state.answers.update(pid(b), BACKGROUND, value="佐藤が後で書いた背景")  # the project changed here since the file
    editor = open_item(b, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    field.moveCursor(field.textCursor().MoveOperation.End)
    field.insertPlainText("(追記中)")  # B is typing: not saved yet
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, title, text: asked.append((title, text)) or True)
    monkeypatch.setattr(messages, "open_file", lambda *_a, **_k: str(file))
    a.show_page("exports")
    page = a.page("exports")
    page.import_button.click()
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=20000)
    settle(a)
    assert len(asked) == 1, asked
    title, text = asked[0]
    assert "類似画像検索PoC(デモ)" in text and "ファイル: 最終変更" in text and "ここ: 最終変更" in text, text
    assert sorted(p.name for p in a.state.projects.list()) == ["類似画像検索PoC(デモ)", "類似画像検索PoC(デモ) (2)"]
    assert page.result_label.text() == "「類似画像検索PoC(デモ) (2)」として読み込みました"
    assert editor.flush()
    assert stored(b, BACKGROUND).value == "佐藤が後で書いた背景(追記中)"
    assert not said, said


def test_a_restore_while_the_colleagues_window_is_open_is_refused_in_japanese(two, said) -> None:
    from app.ui.projects.restore_dialog import restore_into_window

    a, b = two
    made = backups.create_backup(a.state.workspace.db)
    before = pid(a)
    assert not restore_into_window(a.state, a, made)
    assert said and "別のウィンドウかプロセスで開かれています" in said[-1] and "何も変更していません" in said[-1], said
    assert pid(a) == before
    close_window(b)
    # On a busy machine b's database may still count as open a moment after its window closed (seen once in CI: the
    # restore refused as in use, nothing changed); the user tries again, as here (at most 10 s, collecting meanwhile).
    import gc
    import time

    from PySide6.QtTest import QTest

    deadline = time.monotonic() + 10
    while not (restored := restore_into_window(a.state, a, made)) and time.monotonic() < deadline:
        gc.collect()
        QTest.qWait(200)
    assert restored
    assert "バックアップから戻し" in said[-1] and "before-restore" in said[-1], said
    assert pid(a) == before


def test_an_import_killed_in_its_transaction_leaves_the_database_whole(db_path, scratch) -> None:
    assert cli(db_path, "demo") == 0
    file = scratch / "案件 📦.json"
    assert cli(db_path, "project", "export", "1", "--out", str(file)) == 0
    assert killed_at(db_path, "app.projects.transfer:transfer_parts", "project", "import", str(file)) == -9
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT id, name FROM projects").fetchall() == [(1, "類似画像検索PoC(デモ)")]
    assert cli(db_path, "project", "import", str(file)) == 0  # the next start imports it whole
    with sqlite3.connect(db_path) as conn:
        counts = conn.execute("SELECT project_id, COUNT(*) FROM answers GROUP BY project_id ORDER BY project_id").fetchall()
    assert len(counts) == 2 and counts[0][1] == counts[1][1] > 0, counts


# --- defects ----------------------------------------------------------------------------------------


def test_backup_list_in_japanese_names_why_each_backup_was_made_in_japanese(db_path, scratch, capsys) -> None:
    assert cli(db_path, "demo") == 0
    assert cli(db_path, "backup", "create") == 0
    made = next((db_path.parent / "backups").glob("*-manual.sqlite3"))
    assert cli(db_path, "backup", "restore", str(made)) == 0  # makes a before-restore backup too
    capsys.readouterr()
    assert cli(db_path, "backup", "list") == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "KiB" in line]
    assert len(lines) == 2, out
    shown = [line.split(str(db_path.parent))[0] for line in lines]  # what the line says before the file's path
    assert not [s for s in shown if "manual" in s or "before-restore" in s], shown


def test_the_scaffold_exported_again_from_the_exports_page_says_no_command_line_option(two, qtbot, scratch, monkeypatch, said) -> None:
    a, _b = two
    a.show_page("exports")
    page = a.page("exports")
    out = scratch / "書き出し 先 🚀"
    out.mkdir()
    monkeypatch.setattr(messages, "choose_folder", lambda *_a, **_k: str(out))
    button = page.kind_buttons["scaffold"]
    for _ in range(2):  # the second time: the folder holds the first scaffold
        button.click()
        qtbot.waitUntil(button.isEnabled, timeout=20000)
        settle(a)
    assert (out / "similar-image-search").is_dir()  # (the scaffold by its repository name, as the 実験環境構築 page names it)
    assert not [s for s in said if "--force" in s or "--" in s], said


def test_a_project_file_without_a_schema_version_is_refused_without_python_words(db_path, scratch, capsys) -> None:
    import json

    assert cli(db_path, "demo") == 0
    file = scratch / "版なし.json"
    assert cli(db_path, "project", "export", "1", "--out", str(file)) == 0
    data = json.loads(file.read_text(encoding="utf-8"))
    del data["schema_version"]
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert cli(db_path, "project", "import", str(file)) == 2
    err = capsys.readouterr().err
    assert "スキーマ" in err, err
    assert "None" not in err, err


# A command run in a child process, SIGKILLed by itself right after a file was renamed over the database (whatever
# the code does next): a power cut or a kill -9 at that very point, deterministic.
KILL_AFTER_RENAME = """
import os, signal, sys
database, *args = sys.argv[1:]
rename = os.replace
def renamed(src, dst, *a, **k):
    rename(src, dst, *a, **k)
    if os.path.abspath(dst) == os.path.abspath(database):
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = renamed
from app.main import main
sys.exit(main(args))
"""


def killed_after_rename(db_path: Path, *args: str) -> int:
    """The command run in a child process killed (SIGKILL) once a file replaced ``db_path``; its return code."""
    env = {**__import__("os").environ, "MLOPS_KICKOFF_HOME": str(db_path.parent)}
    run = subprocess.run([PYTHON, "-c", KILL_AFTER_RENAME, str(db_path), "--db", str(db_path), "--lang", "ja", *args],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    return run.returncode


def test_a_restore_killed_half_way_still_tells_an_old_sheets_task_from_a_new_one(db_path, scratch, capsys) -> None:
    assert cli(db_path, "demo") == 0
    assert cli(db_path, "backup", "create") == 0
    backup = next((db_path.parent / "backups").glob("*-manual.sqlite3"))
    ws = Workspace.open(str(db_path), default_library())
    try:
        WbsService(ws.db).add_task(1, title="X: 顧客データ追加分析", estimate_days=2)  # after the backup
    finally:
        ws.close()
    sheet = scratch / "WBS 顧客提出 📝.xlsx"
    assert cli(db_path, "export", "wbs", "--project", "1", "--out", str(sheet)) == 0
    # The restore is killed the moment the backup's file is in place (before it finished):
    assert killed_after_rename(db_path, "backup", "restore", str(backup)) == -9
    ws = Workspace.open(str(db_path), default_library())  # the next start
    try:
        WbsService(ws.db).add_task(1, title="Y: 佐藤の新タスク", estimate_days=1)  # takes X's task id
    finally:
        ws.close()
    wb = openpyxl.load_workbook(sheet)
    cells = [c for row in wb.worksheets[0].iter_rows() for c in row if c.value == "X: 顧客データ追加分析"]
    assert len(cells) == 1
    cells[0].value = "X: 顧客データ追加分析(顧客修正)"  # the customer edited X's row
    wb.save(sheet)
    capsys.readouterr()
    assert cli(db_path, "import", "wbs", str(sheet), "--project", "1", "--prefer", "sheet", "--yes") == 0
    out = capsys.readouterr().out
    ws = Workspace.open(str(db_path), default_library())
    try:
        titles = [t.title for t in WbsService(ws.db).tasks(1)]
    finally:
        ws.close()
    assert "Y: 佐藤の新タスク" in titles, out  # never overwritten by the row of the task the restore took away
    assert "読み飛ばしました" in out, out
