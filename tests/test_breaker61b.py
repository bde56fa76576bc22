"""breaker61b: the app as a consultant installs and uses it on a laptop without a checkout: the PyInstaller bundle
(``make package``: dist/mlops-kickoff) and the first days of use, each "laptop" a fresh HOME with MLOPS_KICKOFF_HOME /
MLOPS_KICKOFF_SETTINGS in tmp (the data-folder move without MLOPS_KICKOFF_HOME, which fixes the folder).

The bundle is found as tests/test_bundle.py finds it; the tests that run it are marked ``bundle`` and skipped when it
is not built. The window was also run live from the bundle under Xvfb (xcb) and looked at.

Tried (held unless BROKE; each BROKE is a strict xfail below):
 1. ``--version`` (0.15 s), ``--help`` in Japanese (``--lang ja``, LANG=ja_JP.UTF-8, LC_ALL) and English, ending with
    the data folder in use; Help ▸ About (licences, the data folder with Japanese and spaces) and the guide (F1's
    page) in Japanese - held
 2. first start on a fresh HOME, live under Xvfb: the welcome page in Japanese (three starts; 画面の言語 switched to
    English at once and kept), Escape opens the demo; 「自分のプロジェクトを作る」 with a name typed with blanks and
    Japanese: created, blanks at the ends dropped, opened; two ``--screenshot`` first starts at once: one demo - held
 3. CLI from the bundle with Japanese names and paths with spaces (「画像検索 PoC　第2期」, 「出力 フォルダ/WBS 第2期.xlsx」,
    「提案書 v1.pdf」 with Noto Sans CJK embedded, 「ウィキ 1」, 「案件 ファイル.json」); broken inputs (JSON cut short,
    a zip that is no workbook, a damaged or foreign database, a folder for a file) one Japanese line each - held;
    BROKE: a customer named with 𠮷 (outside the basic plane) is missing from the proposal PDF's text layer;
    BROKE: ``projects list > file`` on a full disk prints Python's English "Exception ignored" lines, exit 120
 4. a read-only data folder (as a user who is not root: the folder, the database, a folder that cannot be made), a
    full disk (2 MB tmpfs: edits, backup, PDF and JSON exports): one Japanese line, exit 2; the window says it in a
    Japanese dialog - held; BROKE: a data folder whose name is Shift_JIS bytes: a traceback from the second command
 5. Settings ▸ Data folder ▸ Move to… (driven live: the Japanese folder chooser, the note) to 「USB メモリ/キックオフ
    データ」: moved at the next start, the CLI follows, ``--help`` names the new folder; a full stick: nothing left
    there - held; BROKE: the status-bar message saying it moved is drawn over by 「すべての変更を保存済み」; the
    dialog's notes lose their last line once a move is chosen; the failure on a full stick says SQLite's English
    words in the Japanese message, and a failed move prints an English log line on the terminal; the chosen folder
    renamed or not mounted: a new empty data folder is made in its place, silently; a move killed half-way leaves
    its half copy, and the folder is then refused; a move done while another window has the database open leaves
    what that window saves afterwards in the old folder; a relative MLOPS_KICKOFF_HOME is another database in each
    working folder. (Moving back to the original folder is refused while the old database is there: said, safe.)
 6. backups: ``backup create`` / ``list`` / ``restore`` with Japanese paths, the open database itself refused, keep 0
    refused, restore refused while a window has the database open, accepted after that window was SIGKILLed,
    restores SIGKILLed at random - held; BROKE: a backup dated in the future stops every daily backup until that
    date; a daily backup that fails is said nowhere in the window; a restore from the window deletes the oldest
    daily backup (pruned to Settings' 10, unsaid)
 7. project JSON across two laptops: a file older than the project here is said on stderr in Japanese (the new
    project made beside it); every kind of project edit (people, sessions, baselines, level) counts as a change -
    held; BROKE: changed on both laptops since the last exchange, the other laptop's newer file is imported without
    a word (a 「… (2)」 beside the project whose own change it lacks)
 8. a database of a newer schema: refused in Japanese / English, byte for byte unchanged, for every command and the
    window; a project file of a newer schema_version refused - held
 9. the tarball unpacked into 「展開 先/アプリ フォルダ」 and linked into ~/.local/bin as the README says: demo, exports,
    screenshot, templates validate; the .desktop entry launched by ``gio launch`` - held
10. two bundle processes writing one database at once (project new, hearing answer, backup create --keep 3); two
    bundle windows side by side live: typing in one shows in the other within a second, each says the other is
    open - held
11. bundle processes SIGKILLed while importing a project, exporting the WBS / wiki, backing up, restoring,
    duplicating, migrating a database of the first schema; a window SIGKILLed right after typing in the proposal:
    integrity ok, no half project, the migration done with its backup, the typing saved, a killed export's hidden
    .part cleaned by the next export - held; Ctrl+C (SIGINT) closes the window as Quit does - held; BROKE: SIGTERM
    (shutdown, logout, ``kill``) kills it as SIGKILL does: the hearing answer typed in its pause is lost
12. an earlier wiki export's folder to which the user added files, exported again: BROKE, the user's files are
    deleted without a word (the scaffold refuses such a folder without --force - held)

Noted, not counted: ``project rename`` says 「プロジェクト 1 の名前を「…」に変更しました」 (the old name not said, the
project by its number, where archive / delete say both); ``project import`` prints the new id only, not the name
「… (2)」 it was given; the first start's daily backup is of the empty database; `make package` in a fresh worktree
would run pip (requirements/*.lock are newer than .venv's stamps; built here with ``make -o``); the bundle is 208 MB
here (README: 194 MB). Not tried: Windows and macOS bundles, a real desktop session's logout (XSMP).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "mlops-kickoff"
EXECUTABLE = BUNDLE / ("mlops-kickoff.exe" if sys.platform == "win32" else "mlops-kickoff")
TIMEOUT_S = 120

needs_bundle = pytest.mark.skipif(
    not EXECUTABLE.exists(), reason=f"no bundle at {EXECUTABLE} (build it with `make package`)"
)


def program(exe: Path | None = None) -> list[str]:
    """``exe``; else the bundle when it is built, else the program from source: the defects found here are not the
    bundle's own, so the suite (CI builds no bundle) proves their fixes without it."""
    if exe is not None:
        return [str(exe)]
    return [str(EXECUTABLE)] if EXECUTABLE.exists() else [sys.executable, "-m", "app"]


def _laptop_env(home: Path, data: Path | None = None) -> dict[str, str]:
    """A laptop: its own HOME, data folder and settings file; Japanese; offscreen."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MLOPS_KICKOFF_", "XDG_", "LC_")) and k not in ("PYTHONPATH", "LANGUAGE")
    }
    home.mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        MLOPS_KICKOFF_HOME=str(data or home / "データ フォルダ"),
        MLOPS_KICKOFF_SETTINGS=str(home / "設定 ファイル.ini"),
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
    )
    return env


def run(
    env: dict[str, str], *args: str, exe: Path | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    cwd = Path(env["HOME"]) / "作業"
    cwd.mkdir(exist_ok=True)
    done = subprocess.run(
        [*program(exe), "--lang", "ja", *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=TIMEOUT_S,
    )  # fmt: skip
    if ok:
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _one_japanese_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mlops-kickoff: エラー: "), done.stderr
    return lines[0]


def _integrity(database: Path) -> str:
    with sqlite3.connect(database) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


# --- 7. a project file across two laptops ---------------------------------------------------------------------------

PROJECT = "画像検索 PoC　第2期"
ITEM = "利用者数（ＤＳ）"


def test_a_project_changed_on_both_laptops_is_said_when_the_other_ones_file_comes_in(tmp_path: Path) -> None:
    a, b = _laptop_env(tmp_path / "laptop A"), _laptop_env(tmp_path / "laptop B")
    out = tmp_path / "共有 フォルダ"
    out.mkdir()
    run(a, "project", "new", PROJECT, "--customer", "株式会社 テスト")
    run(a, "project", "export", PROJECT, "--out", str(out / "案件 1.json"))
    run(b, "project", "import", str(out / "案件 1.json"))
    run(b, "hearing", "answer", "--project", PROJECT, "--item", ITEM, "--value", "3")  # B's change
    time.sleep(0.05)  # (A's change a moment later, on a clock that goes on: its file is the newer version)
    run(a, "hearing", "answer", "--project", PROJECT, "--item", ITEM, "--value", "5")  # A's change
    run(a, "project", "export", PROJECT, "--out", str(out / "案件 2.json"))
    done = run(b, "project", "import", str(out / "案件 2.json"))
    assert (
        len(run(b, "projects", "list").stdout.strip().splitlines()) == 2
    )  # (a new project beside B's: nothing lost)
    assert PROJECT in done.stderr, "nothing said of B's own change, which the imported copy does not hold"


@pytest.mark.bundle
@needs_bundle
def test_a_file_older_than_the_project_here_is_said_in_japanese_and_made_beside_it(tmp_path: Path) -> None:
    a, b = _laptop_env(tmp_path / "laptop A"), _laptop_env(tmp_path / "laptop B")
    out = tmp_path / "共有 フォルダ"
    out.mkdir()
    run(a, "project", "new", PROJECT)
    run(a, "project", "export", PROJECT, "--out", str(out / "案件 1.json"))
    run(b, "project", "import", str(out / "案件 1.json"))
    time.sleep(0.05)
    run(b, "hearing", "answer", "--project", PROJECT, "--item", ITEM, "--value", "4")
    done = run(b, "project", "import", str(out / "案件 1.json"))
    assert done.stdout.strip().isdigit()
    warning = done.stderr.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("警告: ") and f"「{PROJECT}」" in warning[0], (
        done.stderr
    )
    listed = run(b, "hearing", "list", "--project", "id:1").stdout
    assert any(line.startswith("利用者数(DS)") and "4 人" in line for line in listed.splitlines()), listed


@pytest.mark.bundle
@needs_bundle
def test_a_project_file_of_a_newer_app_is_refused_in_one_japanese_line(tmp_path: Path) -> None:
    import json

    a = _laptop_env(tmp_path / "laptop")
    run(a, "project", "new", PROJECT)
    path = tmp_path / "新しい 版.json"
    run(a, "project", "export", PROJECT, "--out", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = 99
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    line = _one_japanese_line(run(a, "project", "import", str(path), ok=False))
    assert "99" in line and "アプリを更新" in line
    assert len(run(a, "projects", "list").stdout.strip().splitlines()) == 1


# --- 5. the data folder moved in Settings -----------------------------------------------------------------------------


def test_the_moved_data_folder_message_is_not_drawn_over_by_the_save_state(
    qtbot, tmp_path, monkeypatch
) -> None:
    from app.core.projects import ProjectService
    from app.core.storage import data_folder
    from app.core.workspace import Workspace
    from app.ui.app import build_window
    from tests.gui_helpers import _args, _open_windows, close_window

    home = tmp_path / "ホーム"
    home.mkdir()
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")  # (it fixes the data folder: nothing to move)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    workspace = Workspace.open(None)
    ProjectService(workspace.db).create("移動 テスト")
    workspace.close()
    target = home / "USB メモリ" / "キックオフ データ"
    data_folder.check_target(target)
    data_folder.request_move(target)  # what Settings' OK does with the folder chosen
    args = _args(None, global_lang="ja")
    args.db = None  # (the data folder's database, as a start from the menu opens it)
    _app, window = build_window(args)
    _open_windows.append(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        message = window.statusBar().currentMessage()
        assert str(target) in message and "移しました" in message  # moved, and said
        assert window.state.workspace.db.path == target / "mlops-kickoff.sqlite3"
        assert not window.save_label.isVisible(), f"drawn over the message: {window.save_label.text()!r}"
    finally:
        close_window(window)


# --- 6. backups -----------------------------------------------------------------------------------------------------


def test_a_backup_dated_in_the_future_does_not_stop_the_daily_backups(tmp_path: Path) -> None:
    from app.core.storage import backups
    from app.core.storage.models import utcnow
    from app.core.workspace import Workspace

    (tmp_path / "データ").mkdir()
    workspace = Workspace.open(str(tmp_path / "データ" / "mlops-kickoff.sqlite3"))
    try:
        made = backups.create_backup(workspace.db, reason="daily")
        ahead = utcnow() + dt.timedelta(days=365)
        made.rename(made.with_name(f"mlops-kickoff-{ahead:%Y%m%dT%H%M%S%f}-daily.sqlite3"))
        # the clock is right again; a week of use later:
        assert backups.daily_backup(workspace.db, now=utcnow() + dt.timedelta(days=7)) is not None
    finally:
        workspace.close()


@pytest.mark.bundle
@needs_bundle
def test_restore_waits_for_the_window_to_close_and_works_after_the_window_was_killed(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop")
    data = Path(env["MLOPS_KICKOFF_HOME"])
    run(env, "project", "new", "顧客 甲")
    run(env, "hearing", "answer", "--project", "顧客 甲", "--item", ITEM, "--value", "3")
    made = run(env, "backup", "create").stdout
    backup = next(data.joinpath("backups").glob("*-manual.sqlite3"))
    assert str(backup) in made
    run(env, "hearing", "answer", "--project", "顧客 甲", "--item", ITEM, "--value", "9")
    window = subprocess.Popen(
        [*program(), "--lang", "ja", "--project", "顧客 甲"], cwd=tmp_path, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = (
            time.monotonic() + TIMEOUT_S
        )  # (a bound for a window that never comes, not a timing assertion)
        while not list(data.glob("mlops-kickoff.sqlite3.window-*.lock")) and window.poll() is None:
            assert time.monotonic() < deadline, "the window never opened"
            time.sleep(0.1)
        assert window.poll() is None, window.stderr.read() if window.stderr else ""
        line = _one_japanese_line(run(env, "backup", "restore", str(backup), ok=False))
        assert "別のウィンドウかプロセスで開かれています" in line and "何も変更していません" in line
    finally:
        window.send_signal(signal.SIGKILL)
        window.wait(TIMEOUT_S)
        if window.stderr:
            window.stderr.close()
    done = run(env, "backup", "restore", str(backup))
    assert "戻しました" in done.stdout
    listed = run(env, "hearing", "list", "--project", "顧客 甲").stdout
    assert any(line.startswith("利用者数(DS)") and "3 人" in line for line in listed.splitlines()), listed
    assert _integrity(data / "mlops-kickoff.sqlite3") == "ok"


# --- 8. a database of a newer version ------------------------------------------------------------------------------


@pytest.mark.bundle
@needs_bundle
def test_a_database_of_a_newer_version_is_refused_in_japanese_and_left_as_it_was(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop", tmp_path / "laptop" / "新しい 版")
    data = Path(env["MLOPS_KICKOFF_HOME"])
    run(env, "project", "new", PROJECT)
    database = data / "mlops-kickoff.sqlite3"
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0010_from_the_future'")
        conn.execute("CREATE TABLE future_things (x)")
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = database.read_bytes()
    for args in (("projects", "list"), ("project", "new", "別"), ("backup", "create"),
                 ("--screenshot", str(tmp_path / "画面.png"))):  # fmt: skip
        line = _one_japanese_line(run(env, *args, ok=False))
        assert "0010_from_the_future" in line and "アプリを更新" in line and "何も変更していません" in line, (
            line
        )
    assert database.read_bytes() == before
    assert not (tmp_path / "画面.png").exists()


# --- 9. the bundle unpacked where a Japanese user keeps it ---------------------------------------------------------


@pytest.mark.bundle
@needs_bundle
def test_the_tarball_unpacked_into_a_japanese_path_with_spaces_and_linked_into_local_bin(
    tmp_path: Path,
) -> None:
    tarballs = sorted((REPO / "dist").glob("mlops-kickoff-*-linux-*.tar.gz"))
    if sys.platform != "linux" or not tarballs:
        pytest.skip("no Linux tarball in dist/")
    home = tmp_path / "山田 太郎"
    place = home / "アプリ 置き場"
    place.mkdir(parents=True)
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(place, filter="tar")
    local_bin = home / ".local" / "bin"
    local_bin.mkdir(parents=True)
    (local_bin / "mlops-kickoff").symlink_to(place / "mlops-kickoff" / "mlops-kickoff")
    env = _laptop_env(home)
    exe = local_bin / "mlops-kickoff"
    assert "デモプロジェクト" in run(env, "demo", exe=exe).stdout
    out = home / "出力 フォルダ"
    out.mkdir()
    run(env, "export", "proposal", "--project", "1", "--out", str(out / "提案 書.pdf"), exe=exe)
    run(env, "export", "wbs", "--project", "1", "--out", str(out / "W B S 第1版.xlsx"), exe=exe)
    run(env, "export", "wiki", "--project", "1", "--out", str(out / "ウィキ 1"), exe=exe)
    run(env, "--screenshot", str(out / "画面 1.png"), "--page", "hearing", exe=exe)
    assert (out / "提案 書.pdf").read_bytes()[:5] == b"%PDF-"
    assert (out / "W B S 第1版.xlsx").read_bytes()[:2] == b"PK"
    assert (out / "ウィキ 1" / "index.md").is_file() and (out / "画面 1.png").is_file()
    assert str(place) in run(env, "templates", "validate", exe=exe).stdout


# --- 10, 11. several processes, and killed ones --------------------------------------------------------------------


@pytest.mark.bundle
@needs_bundle
def test_two_bundle_processes_writing_one_database_at_once_lose_nothing(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop")
    run(env, "project", "new", "顧客 甲")
    script = (
        'for i in 1 2 3 4 5; do "$EXE" --lang ja project new "並行 $1$i" >/dev/null || exit 1; '
        '"$EXE" --lang ja hearing answer --project "顧客 甲" --item 利用者数（ＳＷＥ） --value "$i" >/dev/null || exit 1; done'
    )
    writers = [
        subprocess.Popen(
            ["sh", "-c", script, "sh", side],
            env=env | {"EXE": str(EXECUTABLE)},
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )  # fmt: skip
        for side in ("A", "B")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=TIMEOUT_S * 5)
        assert writer.returncode == 0 and "Traceback" not in err, err
    names = run(env, "projects", "list").stdout
    assert all(f"並行 {side}{i}" in names for side in "AB" for i in range(1, 6)), names
    assert _integrity(Path(env["MLOPS_KICKOFF_HOME"]) / "mlops-kickoff.sqlite3") == "ok"


@pytest.mark.bundle
@needs_bundle
@pytest.mark.parametrize("delay", [0.2, 0.4, 0.6])
def test_a_bundle_killed_while_importing_a_project_leaves_it_whole_or_not_there(
    tmp_path: Path, delay: float
) -> None:
    env = _laptop_env(tmp_path / "laptop")
    data = Path(env["MLOPS_KICKOFF_HOME"])
    run(env, "demo")
    project_file = tmp_path / "デモ 書き出し.json"
    run(env, "project", "export", "1", "--out", str(project_file))
    importing = subprocess.Popen([*program(), "--lang", "ja", "project", "import", str(project_file)], env=env,
                                 cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(delay)  # (any moment: each outcome is checked)
    importing.kill()
    importing.wait(TIMEOUT_S)
    listed = run(env, "projects", "list").stdout.strip().splitlines()
    assert len(listed) in (1, 2), listed
    assert _integrity(data / "mlops-kickoff.sqlite3") == "ok"
    with sqlite3.connect(data / "mlops-kickoff.sqlite3") as conn:
        counts = conn.execute(
            "SELECT (SELECT COUNT(*) FROM answers a WHERE a.project_id = p.id), "
            "(SELECT COUNT(*) FROM wbs_tasks t WHERE t.project_id = p.id) FROM projects p ORDER BY p.id"
        ).fetchall()
    assert all(row == counts[0] for row in counts), counts  # the copy whole, or none
    again = run(env, "project", "import", str(project_file))  # and the import works after it
    assert again.stdout.strip().isdigit()


# --- 5b. where the data folder is ------------------------------------------------------------------------------------


def _move_data_folder(env: dict[str, str], target: Path) -> None:
    """Settings ▸ Data folder ▸ Move to… ``target``, OK (the dialog's own calls, in a process of this laptop's
    HOME), then the next start of the window (the bundle's, as a screenshot run) does the move."""
    code = (
        "import sys; from pathlib import Path; from app.core.storage import data_folder as d; "
        "d.check_target(Path(sys.argv[1])); d.request_move(Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(target)], env=env | {"PYTHONPATH": str(REPO)}, check=True,
                   timeout=TIMEOUT_S)  # fmt: skip
    run(env, "--screenshot", str(Path(env["HOME"]) / "次の起動.png"))
    assert (target / "mlops-kickoff.sqlite3").is_file()


def test_a_chosen_data_folder_that_is_gone_is_said_not_replaced_by_an_empty_one(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop")
    del env["MLOPS_KICKOFF_HOME"]  # (it fixes the data folder: Settings' move is not offered with it)
    run(env, "project", "new", "大事な 案件")
    chosen = tmp_path / "laptop" / "ドキュメント" / "キックオフ データ"
    _move_data_folder(env, chosen)
    assert "大事な 案件" in run(env, "projects", "list").stdout
    chosen.rename(chosen.with_name("キックオフ データ (整理済み)"))  # the user tidies their documents
    done = run(env, "projects", "list", ok=False)
    assert not chosen.exists(), (
        f"a new empty data folder was made in its place; the command said: {done.stdout!r}"
    )
    _one_japanese_line(done)


def test_a_relative_data_folder_is_one_place_whatever_the_working_folder(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop") | {"MLOPS_KICKOFF_HOME": "データ"}
    first, second = tmp_path / "案件 フォルダ", tmp_path / "別の フォルダ"
    first.mkdir()
    second.mkdir()
    for cwd, args in ((first, ("project", "new", "案件 A")), (second, ("projects", "list"))):
        done = subprocess.run([*program(), "--lang", "ja", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, encoding="utf-8", timeout=TIMEOUT_S)  # fmt: skip
        assert "Traceback" not in done.stderr
    assert done.returncode == 2 or "案件 A" in done.stdout, (
        f"another database in another folder: {done.stdout!r}"
    )
    helped = subprocess.run([*program(), "--lang", "ja", "--help"], cwd=first, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=TIMEOUT_S).stdout  # fmt: skip
    assert str(first / "データ") in helped, helped.splitlines()[-1]


def test_a_data_folder_move_killed_half_way_leaves_no_half_copy_behind(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop")
    del env["MLOPS_KICKOFF_HOME"]
    fill = (  # a database big enough that its copy takes a moment (projects with long descriptions)
        "from app.core.workspace import Workspace; from app.core.projects import ProjectService\n"
        "ws = Workspace.open(None); ps = ProjectService(ws.db)\n"
        "for i in range(120): ps.create(f'案件 {i}', description='議事メモ' * 24000)\n"
        "ws.close()\n"
    )
    subprocess.run(
        [sys.executable, "-c", fill], env=env | {"PYTHONPATH": str(REPO)}, check=True, timeout=TIMEOUT_S
    )
    target = tmp_path / "USB メモリ" / "キックオフ データ"
    code = (
        "import sys; from pathlib import Path; from app.core.storage import data_folder as d; "
        "d.check_target(Path(sys.argv[1])); d.request_move(Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(target)], env=env | {"PYTHONPATH": str(REPO)}, check=True,
                   timeout=TIMEOUT_S)  # fmt: skip
    starting = subprocess.Popen([*program(), "--lang", "ja", "--screenshot", str(tmp_path / "1.png")], env=env,
                                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    while starting.poll() is None and not (target.is_dir() and any(target.glob("*.moving"))):
        time.sleep(0.002)
    starting.kill()
    starting.wait(TIMEOUT_S)
    if (target / "mlops-kickoff.sqlite3").exists():
        pytest.skip("the move was done before the process could be stopped")
    assert any(target.glob("*.moving")), "(stopped during the copy)"
    run(env, "--screenshot", str(tmp_path / "2.png"))  # the next start
    if not (target / "mlops-kickoff.sqlite3").exists():  # not done again: then nothing of it may stay there
        assert sorted(p.name for p in target.iterdir()) == [], "the half copy stays on the stick"


# --- 3b. a folder export the user added to ---------------------------------------------------------------------------


def test_re_exporting_the_wiki_keeps_the_files_the_user_added_to_its_folder(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop")
    run(env, "demo")
    wiki = tmp_path / "社内 Wiki"
    run(env, "export", "wiki", "--project", "1", "--out", str(wiki))
    (wiki / "自分の メモ.md").write_text("# 自分で書いた議事録\n", encoding="utf-8")
    (wiki / "画像").mkdir()
    (wiki / "画像" / "構成図.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    done = run(env, "export", "wiki", "--project", "1", "--out", str(wiki), ok=False)
    assert "Traceback" not in done.stderr
    kept = (wiki / "自分の メモ.md").is_file() and (wiki / "画像" / "構成図.png").is_file()
    assert kept or (done.returncode == 2 and "自分の メモ.md" in done.stderr), (done.returncode, done.stderr)


def test_the_settings_notes_are_whole_once_a_move_is_chosen(qtbot, db_path, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLabel

    from app.ui.window.settings_dialog import SettingsDialog
    from tests.gui_helpers import close_window, make_window

    monkeypatch.delenv("MLOPS_KICKOFF_HOME")  # (it fixes the data folder: Move to… is off with it)
    monkeypatch.setenv("HOME", str(tmp_path / "ホーム"))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        dialog = SettingsDialog(window.state, window)
        dialog.show()
        qtbot.waitExposed(dialog)
        stick = tmp_path / "USB メモリ"
        stick.mkdir()
        assert dialog.set_move_target(stick), dialog.folder_note.text()
        note = dialog.folder_note
        qtbot.waitUntil(
            lambda: "次回の起動時" in note.text() and note.height() > 2 * note.fontMetrics().height()
        )
        cut = {
            label.objectName(): (label.height(), label.heightForWidth(label.width()))
            for label in dialog.findChildren(QLabel)
            if label.isVisible() and label.wordWrap()
        }
        assert {name: hw for name, hw in cut.items() if hw[0] < hw[1]} == {}
        dialog.reject()
    finally:
        close_window(window)


def test_a_daily_backup_that_fails_is_said_in_the_window(qtbot, db_path) -> None:
    from app.ui.projects.restore_dialog import DailyBackup
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        (Path(db_path).parent / "backups").write_text(
            "同じ名前のファイル", encoding="utf-8"
        )  # no folder can be made there
        daily = DailyBackup(window.state, window)
        daily.check()  # (what the timer does a few seconds after the start, then every hour)
        qtbot.waitUntil(lambda: not daily._busy)
        said = window.statusBar().currentMessage() + window.save_label.text() + window.save_label.toolTip()
        assert "バックアップ" in said, said
    finally:
        close_window(window)


@pytest.mark.xfail(
    strict=True,
    reason="upstream (Qt's PDF writer, PySide6 6.11.3): a customer named with a kanji outside Unicode's basic plane "
    "(「株式会社𠮷田製作所」, the classic 𠮷) is drawn, but the PDF's text layer drops the 𠮷: pdftotext, search and copy in "
    "the customer's PDF reader give 「株式会社田製作所」. QFontSubset::getReverseMap (qtbase src/gui/text/qfontsubset.cpp) "
    "looks glyphs up for code points 0-0xFFFF only, and createToUnicodeMap writes each as one 16-bit value, so a glyph "
    "reached only from U+20BB7 gets no ToUnicode entry (it would need the surrogate pair <D842DFB7>); the font's cmap "
    "has it (the glyph is drawn). Not fixable in our code short of rewriting Qt's subset fonts' ToUnicode CMaps in "
    "the written PDF (as test_breaker16g's kanji test says; README, Printouts: a known limit)",
)
def test_the_proposal_pdf_keeps_a_customer_name_with_a_kanji_outside_the_basic_plane(tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is needed (Debian: poppler-utils)")
    env = _laptop_env(tmp_path / "laptop")
    run(env, "project", "new", "𠮷野家 様 PoC", "--customer", "株式会社𠮷田製作所")
    pdf = tmp_path / "出力 フォルダ" / "提案書 𠮷田様.pdf"
    pdf.parent.mkdir()
    run(env, "export", "proposal", "--project", "𠮷野家 様 PoC", "--out", str(pdf))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "株式会社" in text and "製作所" in text, text[:300]  # (the page is there)
    assert "株式会社𠮷田製作所" in text and "𠮷野家" in text, text[:300]


def test_a_data_folder_with_a_shift_jis_name_is_used_or_refused_in_one_line(tmp_path: Path) -> None:
    env = _laptop_env(
        tmp_path / "laptop", Path(os.fsdecode(bytes(tmp_path / "laptop") + b"/\x83f\x81[\x83^"))
    )
    Path(env["MLOPS_KICKOFF_HOME"]).mkdir(parents=True)
    first = run(env, "project", "new", "案件 A", ok=False)
    assert "Traceback" not in first.stderr
    for args in (("projects", "list"), ("--screenshot", str(tmp_path / "画面.png"))):
        done = subprocess.run(
            [*program(), "--lang", "ja", *args], cwd=tmp_path, env=env, capture_output=True, text=True,
            encoding="utf-8", errors="replace", timeout=TIMEOUT_S,
        )  # fmt: skip
        assert "Traceback" not in done.stderr, done.stderr[-400:]
        assert done.returncode == 0 or (
            done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
        ), done.stderr


def test_a_data_folder_move_does_not_leave_behind_what_another_open_window_saves(
    qtbot, tmp_path, monkeypatch
) -> None:
    from app.core import paths
    from app.core.storage import data_folder
    from tests.gui_helpers import close_window, make_window

    home = tmp_path / "ホーム"
    env = _laptop_env(home)
    del env["MLOPS_KICKOFF_HOME"]
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")  # (this process is the same laptop: its HOME, no fixed folder)
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    run(env, "project", "new", "案件 甲")
    other = make_window(qtbot, paths.default_database_path(), global_lang="ja", global_project="案件 甲")
    try:
        target = home / "USB メモリ" / "キックオフ データ"
        data_folder.check_target(target)
        data_folder.request_move(target)  # Settings ▸ Move to…, OK in the first window
        run(env, "--screenshot", str(tmp_path / "起動.png"))  # the first window started again (the bundle)
        other.state.answers.update(
            other.state.project_id, "hearing.basics.background", value="移動の後に書いた背景"
        )
    finally:
        close_window(other)
    listed = run(env, "hearing", "list", "--project", "案件 甲").stdout  # (the data folder in use now)
    assert "移動の後に書いた背景" in listed, [line for line in listed.splitlines() if line.startswith("背景")]


def test_restoring_a_backup_deletes_none_of_the_backups_listed(tmp_path: Path) -> None:
    from app.core.projects import ProjectService
    from app.core.storage import backups
    from app.core.workspace import Workspace
    from app.ui.projects.restore_dialog import keep_setting

    (tmp_path / "データ").mkdir()
    workspace = Workspace.open(str(tmp_path / "データ" / "mlops-kickoff.sqlite3"))
    try:
        ProjectService(workspace.db).create("案件 甲")
        first_day = dt.datetime(2026, 11, 20, 9)
        for day in range(keep_setting()):  # ten days of use: ten daily backups
            made = backups.create_backup(workspace.db, reason="daily")
            made.rename(
                made.with_name(
                    f"mlops-kickoff-{first_day + dt.timedelta(days=day):%Y%m%dT%H%M%S%f}-daily.sqlite3"
                )
            )
        listed = [backup.path for backup in backups.list_backups(workspace.db)]
        backups.restore_backup(workspace.db, listed[4], keep_setting())  # what the dialog's Restore does
        assert [path.name for path in listed if not path.exists()] == []
    finally:
        workspace.close()


def _window_stopped_by(signal_number: int, tmp_path: Path) -> tuple[int, str]:
    """The bundle's window on the WBS page, then ``signal_number``; its exit status and its settings file after."""
    env = _laptop_env(tmp_path / f"laptop {signal_number}")
    run(env, "project", "new", "案件 甲")
    data = Path(env["MLOPS_KICKOFF_HOME"])
    window = subprocess.Popen([*program(), "--lang", "ja", "--page", "wbs"], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = (
            time.monotonic() + TIMEOUT_S
        )  # (a bound for a window that never opens; no timing is asserted)
        while not list(data.glob("mlops-kickoff.sqlite3.window-*.lock")) and window.poll() is None:
            assert time.monotonic() < deadline, "the window never opened"
            time.sleep(0.1)
        window.send_signal(signal_number)
        code = window.wait(TIMEOUT_S)
    finally:
        if window.poll() is None:
            window.kill()
            window.wait(TIMEOUT_S)
    settings_file = Path(env["MLOPS_KICKOFF_SETTINGS"])
    return code, settings_file.read_text(encoding="utf-8") if settings_file.exists() else ""


@pytest.mark.bundle
@needs_bundle
def test_ctrl_c_closes_the_bundles_window_as_quit_does(tmp_path: Path) -> None:
    code, kept = _window_stopped_by(signal.SIGINT, tmp_path)
    assert code == 0 and "page=wbs" in kept, (code, kept)


def test_sigterm_closes_the_bundles_window_as_quit_does(tmp_path: Path) -> None:
    code, kept = _window_stopped_by(signal.SIGTERM, tmp_path)
    assert code == 0 and "page=wbs" in kept, (code, kept)


def test_a_listing_written_to_a_full_disk_is_said_in_one_japanese_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = _laptop_env(tmp_path / "laptop")
    run(env, "project", "new", "案件 甲")
    with open("/dev/full", "w") as full:
        done = subprocess.run([*program(), "--lang", "ja", "projects", "list"], cwd=tmp_path, env=env,
                              stdout=full, stderr=subprocess.PIPE, text=True, encoding="utf-8", timeout=TIMEOUT_S)  # fmt: skip
    assert "Exception" not in done.stderr and "Errno" not in done.stderr, done.stderr
    assert done.returncode != 0 and len(done.stderr.strip().splitlines()) == 1, (done.returncode, done.stderr)


def test_a_data_folder_move_to_a_full_stick_is_said_in_japanese(tmp_path, monkeypatch) -> None:
    import sqlite3 as sqlite

    from app.core.projects import ProjectService
    from app.core.storage import data_folder
    from app.core.workspace import Workspace

    home = tmp_path / "ホーム"
    home.mkdir()
    monkeypatch.delenv("MLOPS_KICKOFF_HOME")
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(name, raising=False)
    workspace = Workspace.open(None)
    ProjectService(workspace.db).create("案件 甲")
    workspace.close()
    stick = tmp_path / "USB メモリ"
    stick.mkdir()
    data_folder.request_move(stick / "キックオフ")

    def full(
        _source, _target, _wait_s
    ) -> None:  # what SQLite's backup raises when the stick fills up (SQLITE_FULL)
        raise sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(data_folder, "copy_database", full)
    said = data_folder.apply_pending_move()
    assert said is not None
    text = said.text("ja")
    assert "移せませんでした" in text  # (the failure is said)
    assert "database or disk is full" not in text and "いっぱい" in text, text


def test_a_failed_data_folder_move_prints_nothing_english_on_the_terminal(tmp_path: Path) -> None:
    env = _laptop_env(tmp_path / "laptop")
    del env["MLOPS_KICKOFF_HOME"]
    run(env, "project", "new", "案件 甲")
    target = tmp_path / "USB メモリ" / "キックオフ"
    target.mkdir(parents=True)
    code = (
        "import sys; from pathlib import Path; from app.core.storage import data_folder as d; "
        "d.check_target(Path(sys.argv[1])); d.request_move(Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(target)], env=env | {"PYTHONPATH": str(REPO)}, check=True,
                   timeout=TIMEOUT_S)  # fmt: skip
    (target / "mlops-kickoff.sqlite3-wal").write_bytes(b"")  # (appeared there before the next start)
    done = run(env, "--screenshot", str(tmp_path / "画面.png"))
    assert "moving the data folder" not in done.stderr and "failed" not in done.stderr, done.stderr
