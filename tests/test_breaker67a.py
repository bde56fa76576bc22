"""breaker67a: a consultant installs the release tarball on a laptop (no checkout, no Python) and uses it in front
of a customer in Japanese.

Built with ``make package`` (208 MB folder, 88 MB tarball), the tarball unpacked into a fresh folder, the unpacked
executable run with a fresh HOME (no MLOPS_KICKOFF_* variables), LANG=ja_JP.UTF-8, a PATH without the venv; offscreen,
and on Xvfb with a real X window driven with xdotool and looked at. The bundle is found at ``$BREAKER67A_BUNDLE`` (a
folder holding the executable) or, as tests/test_bundle.py finds it, at REPO/dist/mlops-kickoff; the tarball at
REPO/dist/mlops-kickoff-*-linux-*.tar.gz. Tests that need them are skipped when they are not there (the CI has no
bundle), the X-window test also without Xvfb and xdotool.

Tried:
 1. first start on a fresh HOME, real X window (Xvfb): the welcome page in Japanese, *open the demo*, Ctrl+3, F1 guide,
    Help ▸ About (libraries listed, data folder named), Ctrl+Q; the second start opens the last project on its page
    (demo on WBS; then another project picked in the switcher, on Hearing: that one, there); the welcome's *import a
    project file* with a file the checkout exported (HOME 「h3 山田 太郎」); a CLI rename and answer seen live by the
    open window; Japanese typed (xdotool) then kill -9 after 2 s: the answer is there at the next command.
 2. ``--version``, ``--help`` (Japanese, ends with the data folder in use), bad arguments (unknown option, missing KIND,
    missing --project/--out, unknown KIND, --lang fr, --size 10x10, projects lis, --page nowhere, unknown project,
    --db without value, --db ""): one Japanese stderr line each, exit 2.
 3. every export from the CLI of the bundle into 「出力 先」: wbs / hearing-sheet / experiment-sheet / system-plan /
    earned-value xlsx (openpyxl: Japanese sheets and headers), proposal md/html/pdf, review pdf (pdffonts: Noto Sans CJK
    JP embedded; pdftoppm pages looked at: no tofu), minutes, followups, wiki (14 pages), system-plan md, mspdi,
    tracker csv, project file; an export from the window's file dialog (Qt's dialog in Japanese).
 4. kill -9 of ``export proposal`` (pdf), ``export wiki`` and ``export wbs`` at 0.5-1.2 s, 21 times: the previous file
    / folder intact, nothing half-written beside it, the next export fine.
 5. a project file exported by the checkout imported by the bundle, exported again and imported by the checkout:
    identical but for the export time and the " (2)" the import gives a name already there.
 6. the bundle moved (mv) to 「新しい 場所」 after first use: templates validate, exports, screenshots; a duplicate
    shipped checklist left by an unpack over an older install: used silently, nothing breaks.
 7. two first starts at once on a new database (3 times): one demo between them.
 8. the tarball's contents: relative symlinks only, modes 644/755, the .desktop file, licences, every .qm of
    resources/i18n, help guides, checklists, templates; the Qt file dialog, the About box and F1 guide in Japanese.
 9. a laptop without fonts-noto-cjk (fontconfig seeing only DejaVu).
10. Help ▸ About ▸ データフォルダーを開く with a recording ``xdg-open`` first on the PATH.
11. a first CLI command before the first window (``projects list`` to check the install; a mistyped export).

Held: 1-8 and 11's commands themselves (tests below for 2, 3, 4, 5, 7 and the unpacked tarball).

Broke (strict xfails below):
 A. Help ▸ About ▸ データフォルダーを開く (also Open Log Folder of the error dialog, and every https link of the About
    box and the guide) starts the file manager / browser with LD_LIBRARY_PATH set to the bundle's ``_internal``: the
    program the desktop opens loads the bundle's libstdc++, GLib, ICU 73, Qt 6.11 and OpenSSL instead of the system's.
    On this machine (the build machine) they are the same libraries, so it works; on a laptop whose distribution is
    newer than the build machine's (Ubuntu 24.04 from a Debian 12 build: GLib 2.80, GLIBCXX_3.4.32; KDE's Qt 6.6
    dolphin against Qt 6.11) the folder does not open, silently. PyInstaller's bootloader sets it (its documentation:
    "LD_LIBRARY_PATH / LIBPATH considerations"); app/ui/help/about.py open_data_folder, app/ui/crash.py and the
    QTextBrowser's setOpenExternalLinks (app/ui/help/about.py, app/ui/window/help.py) never give the launched
    program the user's own library path back (nothing in app/ or packaging/entry.py restores it).
 B. A laptop without fonts-noto-cjk (the README's ``sudo apt install`` skipped: no sudo on a company laptop): the
    window is all boxes and nothing says why; ``export proposal --out 提案.pdf`` exits 0, "書き出しました", with a
    line listing 13 "items the format cannot hold as they are" whose text is every heading's characters run together
    (「背景プロジェクトには、を円滑進めること阻…」) and a reason that speaks of an emoji font; neither names the
    missing Japanese font nor fonts-noto-cjk, which docs/packaging.md gives as "the answer" to empty boxes
    (app/ui/pdf/__init__.py's unshown glyphs, resources/messages.yaml export_report.no_glyph; no font check at start).
 C. A consultant checks the install with ``mlops-kickoff projects list`` (「プロジェクトはまだありません…」) or mistypes
    a first export (exit 2, "nothing is changed"), then opens the app: no welcome page, the demo is made and opened;
    *create my project* and *import a project file* are never offered. Any command made the database file, and the
    first start is told by the file alone (app/ui/welcome/start.py is_first_start: a file that exists and is not
    empty), although settings record whether the welcome was ever shown and the database holds no project.

Not tried: a real desktop session (GNOME/KDE, a real file manager, an input method: the bundle carries Qt's IBus and
compose input contexts only, not Fcitx 5's, as a pip PySide6 does), Windows and macOS bundles, an upgrade by
unpacking a newer tarball over an installed one. Noted: the README's 194 MB (85 MB packed) is now 208 MB (88 MB).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUNDLE = Path(os.environ.get("BREAKER67A_BUNDLE") or REPO / "dist" / "mlops-kickoff")
EXECUTABLE = BUNDLE / ("mlops-kickoff.exe" if sys.platform == "win32" else "mlops-kickoff")
TARBALLS = sorted((REPO / "dist").glob("mlops-kickoff-*-linux-*.tar.gz"))
TIMEOUT_S = 120
LINUX = sys.platform.startswith("linux")

needs_bundle = pytest.mark.skipif(not EXECUTABLE.exists(), reason=f"no bundle at {BUNDLE} (make package)")
needs_tarball = pytest.mark.skipif(not TARBALLS or not LINUX, reason="no Linux tarball in dist/ (make package)")
QT_LOCALE_WARNING = ("Detected locale", "Qt depends on a UTF-8", "If this causes problems", "for more information")


def laptop_env(home: Path, **extra: str) -> dict[str, str]:
    """A user's shell: a fresh HOME, a Japanese locale, no venv on the PATH, no MLOPS_KICKOFF_* variable."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MLOPS_KICKOFF_", "LC_", "XDG_", "QT_", "VIRTUAL_ENV"))
        and k not in ("PYTHONPATH", "LANGUAGE", "PYTHONHOME", "DISPLAY", "WAYLAND_DISPLAY")
    }
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), LANG="ja_JP.UTF-8", PATH="/usr/local/bin:/usr/bin:/bin", QT_QPA_PLATFORM="offscreen")
    env.update(extra)
    return env


def run_bundle(
    home: Path, *args: str, executable: Path = EXECUTABLE, ok: bool = True, **extra: str
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(executable), *args], cwd=home, env=laptop_env(home, **extra), capture_output=True, text=True,
        encoding="utf-8", errors="replace", timeout=TIMEOUT_S,
    )  # fmt: skip
    if ok:
        assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def run_checkout(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = laptop_env(home, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=home, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=TIMEOUT_S,
    )  # fmt: skip
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def own_lines(stderr: str) -> list[str]:
    """stderr without Qt's warning about a locale this machine lacks (ja_JP.UTF-8 is not generated here)."""
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(QT_LOCALE_WARNING)]


# --- held: the unpacked tarball on a fresh laptop --------------------------------------------------------------------


@needs_tarball
def test_held_the_unpacked_tarball_runs_on_a_fresh_home_in_japanese(tmp_path: Path) -> None:
    place = tmp_path / "ノート PC" / "opt"
    place.mkdir(parents=True)
    with tarfile.open(TARBALLS[-1]) as tar:
        names = tar.getnames()
        assert all(name.split("/")[0] == "mlops-kickoff" for name in names)  # one folder, nothing beside it
        assert all(not m.issym() or not m.linkname.startswith("/") for m in tar.getmembers())  # movable
        tar.extractall(place, filter="tar")
    executable = place / "mlops-kickoff" / "mlops-kickoff"
    home = tmp_path / "ホーム 山田"
    assert run_bundle(home, "--version", executable=executable).stdout.startswith("mlops-kickoff 0.")
    helped = run_bundle(home, "--help", executable=executable).stdout
    assert "使い方" in helped and str(home / ".local" / "share" / "mlops-kickoff") in helped
    run_bundle(home, "demo", executable=executable)
    out = tmp_path / "出力 先" / "WBS 計画.xlsx"
    out.parent.mkdir()
    run_bundle(home, "export", "wbs", "--project", "1", "--out", str(out), executable=executable)
    import openpyxl

    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert sheet.title == "WBS" and sheet["B1"].value == "タスク"
    assert (home / ".local" / "share" / "mlops-kickoff" / "mlops-kickoff.sqlite3").exists()  # where the README says


BAD_ARGUMENTS = [
    ["--bogus"],
    ["export"],
    ["export", "wbs"],
    ["export", "nope", "--project", "1", "--out", "x.xlsx"],
    ["--lang", "fr"],
    ["--size", "10x10", "--screenshot", "x.png"],
    ["projects", "lis"],
    ["--page", "nowhere"],
    ["export", "wbs", "--project", "999", "--out", "x.xlsx"],
    ["--db"],
    ["--db", ""],
]


@needs_bundle
def test_held_bad_arguments_are_one_japanese_line_and_exit_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for args in BAD_ARGUMENTS:
        done = run_bundle(home, *args, ok=False)
        lines = own_lines(done.stderr)
        assert done.returncode == 2, (args, done.returncode, done.stderr)
        assert len(lines) == 1 and "エラー" in lines[0], (args, done.stderr)
        assert "usage" not in done.stderr and "error:" not in done.stderr and "Traceback" not in done.stderr, args
    assert run_bundle(home, "--version").stdout.strip().startswith("mlops-kickoff ")


# --- held: exports of the bundle, opened ---------------------------------------------------------------------------


@needs_bundle
def test_held_exports_of_the_bundle_open_with_japanese_text(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_bundle(home, "demo")
    out = tmp_path / "出力 先"
    out.mkdir()
    for kind, name in [("proposal", "提案書.pdf"), ("hearing-sheet", "ヒアリング.xlsx"), ("tracker-csv", "課題.csv"),
                       ("mspdi", "計画.xml")]:  # fmt: skip
        run_bundle(home, "export", kind, "--project", "1", "--out", str(out / name))
    if shutil.which("pdffonts") and shutil.which("pdftotext"):
        fonts = subprocess.run(["pdffonts", str(out / "提案書.pdf")], capture_output=True, text=True, check=True).stdout
        assert "NotoSansCJK" in fonts
        text = subprocess.run(["pdftotext", str(out / "提案書.pdf"), "-"], capture_output=True, text=True).stdout
        assert "MLOps導入提案" in text and "株式会社サンプルリテール" in text
    import openpyxl

    sheet = openpyxl.load_workbook(out / "ヒアリング.xlsx").worksheets[0]
    assert sheet.title == "ヒアリングシート" and sheet["C1"].value == "質問"
    assert (out / "課題.csv").read_text(encoding="utf-8").startswith("Summary,Description,Acceptance Criteria")
    assert "<Name>類似画像検索PoC(デモ)</Name>" in (out / "計画.xml").read_text(encoding="utf-8")


@needs_bundle
@pytest.mark.skipif(not LINUX, reason="kill -9")
def test_held_an_export_killed_midway_leaves_the_previous_file_and_the_next_one_works(tmp_path: Path) -> None:
    home = tmp_path / "home"
    run_bundle(home, "demo")
    out = tmp_path / "out"
    out.mkdir()
    pdf = out / "提案.pdf"
    run_bundle(home, "export", "proposal", "--project", "1", "--out", str(pdf))
    before = pdf.read_bytes()
    for delay in (0.5, 0.8, 1.0):
        proc = subprocess.Popen(
            [str(EXECUTABLE), "export", "proposal", "--project", "1", "--out", str(pdf)], cwd=home,
            env=laptop_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert [p.name for p in out.iterdir()] == ["提案.pdf"]  # nothing half-written beside it
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.read_bytes().rstrip().endswith(b"%%EOF")
    run_bundle(home, "export", "proposal", "--project", "1", "--out", str(pdf))
    assert len(pdf.read_bytes()) > len(before) // 2
    assert "類似画像検索PoC(デモ)" in run_bundle(home, "projects", "list").stdout


@needs_bundle
def test_held_a_project_file_goes_from_the_checkout_to_the_bundle_and_back(tmp_path: Path) -> None:
    checkout_home, laptop_home = tmp_path / "checkout", tmp_path / "laptop"
    db = str(checkout_home / "plan.sqlite3")
    run_checkout(checkout_home, "--db", db, "project", "new", "需要予測 PoC", "--customer", "東京 商事")
    run_checkout(checkout_home, "--db", db, "hearing", "answer", "--project", "1", "--item", "背景・課題",
                 "--value", "顧客の声: 「欠品」が多い ①②")  # fmt: skip
    first = tmp_path / "渡す ファイル.json"
    run_checkout(checkout_home, "--db", db, "project", "export", "1", "--out", str(first))
    new_id = run_bundle(laptop_home, "project", "import", str(first)).stdout.split()[-1]
    assert "顧客の声: 「欠品」が多い ①②" in run_bundle(laptop_home, "hearing", "list", "--project", new_id).stdout
    back = tmp_path / "戻す ファイル.json"
    run_bundle(laptop_home, "project", "export", new_id, "--out", str(back))
    a, b = (json.loads(path.read_text(encoding="utf-8")) for path in (first, back))
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b
    run_checkout(checkout_home, "--db", db, "project", "import", str(back))
    assert "需要予測 PoC (2)" in run_checkout(checkout_home, "--db", db, "projects", "list").stdout


@needs_bundle
def test_held_two_first_starts_at_once_make_one_demo(tmp_path: Path) -> None:
    home = tmp_path / "home"
    procs = [
        subprocess.Popen([str(EXECUTABLE), "--screenshot", str(tmp_path / f"{n}.png")], cwd=home,
                         env=laptop_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for n in ("a", "b")
    ]  # fmt: skip
    assert [proc.wait(timeout=TIMEOUT_S) for proc in procs] == [0, 0]
    listed = run_bundle(home, "projects", "list").stdout.splitlines()
    assert len(listed) == 1 and "類似画像検索PoC(デモ)" in listed[0]


# --- broke A: programs the bundle starts get the bundle's libraries ------------------------------------------------


def _free_display() -> int:
    for number in range(167, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    pytest.skip("no free X display number")


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    number = _free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.skip("Xvfb did not start")
            time.sleep(0.1)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(display: str, *args: str) -> str:
    done = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, capture_output=True,
                          text=True, timeout=30)  # fmt: skip
    return done.stdout


def _window(display: str, name: str, timeout_s: float = 30) -> dict[str, int]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = _xdotool(display, "search", "--onlyvisible", "--name", name).split()
        if found:
            shell = _xdotool(display, "getwindowgeometry", "--shell", found[-1])
            return {k: int(v) for k, v in (line.split("=") for line in shell.split()) if k in ("X", "Y", "WIDTH", "HEIGHT")}
        time.sleep(0.2)
    raise AssertionError(f"no window named {name!r} on {display}")


@needs_bundle
@pytest.mark.skipif(not (LINUX and shutil.which("Xvfb") and shutil.which("xdotool")), reason="Xvfb and xdotool")
def test_the_file_manager_about_opens_runs_with_the_users_own_libraries(tmp_path: Path) -> None:
    home = tmp_path / "ホーム 山田"
    run_bundle(home, "demo")  # a database: the window opens the demo, no welcome page in front
    fake = tmp_path / "bin"
    fake.mkdir()
    record = tmp_path / "xdg-open.txt"
    (fake / "xdg-open").write_text(  # what the desktop's opener is handed: the folder and the environment
        f'#!/bin/sh\n{{ echo "ARGS=$*"; echo "LD_LIBRARY_PATH=${{LD_LIBRARY_PATH-}}"; }} > "{record}"\n',
        encoding="utf-8",
    )
    (fake / "xdg-open").chmod(0o755)
    with xvfb() as display:
        env = laptop_env(home, DISPLAY=display, PATH=f"{fake}:/usr/local/bin:/usr/bin:/bin")
        env.pop("QT_QPA_PLATFORM")
        window = subprocess.Popen([str(EXECUTABLE)], cwd=home, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            main = _window(display, "— MLOps Kickoff")
            time.sleep(1.5)  # the first page drawn
            _xdotool(display, "mousemove", str(main["X"] + 600), str(main["Y"] + main["HEIGHT"] - 10), "click", "1")
            time.sleep(0.5)
            _xdotool(display, "key", "alt+h")
            time.sleep(0.7)
            _xdotool(display, "key", "a")
            about = _window(display, "について")
            time.sleep(0.5)  # (the button row: データフォルダーを開く, Qt について, 閉じる)
            x, y = about["X"] + about["WIDTH"] - 285, about["Y"] + about["HEIGHT"] - 24
            _xdotool(display, "mousemove", str(x), str(y), "click", "1")
            deadline = time.monotonic() + 10
            while not record.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            window.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                window.wait(timeout=10)
            if window.poll() is None:
                window.kill()
    handed = dict(line.split("=", 1) for line in record.read_text(encoding="utf-8").splitlines())
    assert "mlops-kickoff" in handed["ARGS"]  # it did open the data folder
    assert str(BUNDLE.resolve()) not in handed["LD_LIBRARY_PATH"], handed["LD_LIBRARY_PATH"]


# --- broke B: no Japanese font on the laptop, nothing says so -------------------------------------------------------


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@needs_bundle
@pytest.mark.skipif(not (LINUX and DEJAVU.is_dir()), reason="fontconfig with DejaVu only (Linux)")
def test_a_laptop_without_a_japanese_font_is_told_which_package_to_install(tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{DEJAVU}</dir>\n  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    home = tmp_path / "home"
    run_bundle(home, "demo")
    pdf = tmp_path / "提案書.pdf"
    done = run_bundle(home, "export", "proposal", "--project", "1", "--out", str(pdf), FONTCONFIG_FILE=str(conf))
    if shutil.which("pdffonts"):  # the laptop as meant: no CJK font in the PDF
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "CJK" not in fonts
    said = done.stdout + "\n".join(own_lines(done.stderr))
    assert "□" in said  # what it says today: boxes
    assert "fonts-noto-cjk" in said and "日本語" in said, said


# --- broke C: the first window after a first command -----------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["projects", "list"], ["export", "wbs", "--project", "1", "--out", "wbs.xlsx"]],
    ids=["projects-list-to-check-the-install", "a-mistyped-first-export"],
)
def test_the_first_window_after_a_first_command_still_offers_the_welcome(qtbot, db_path, tmp_path, command) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialog

    from app.core.projects import ProjectService
    from tests.gui_helpers import make_window

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--lang", "ja", "--db", str(db_path), *command], cwd=tmp_path, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_S,
    )  # fmt: skip
    assert "プロジェクトはまだありません" in done.stdout or done.returncode == 2, done.stderr
    window = make_window(qtbot, db_path, first_start=True, welcome=True, global_lang="ja")
    for _ in range(5):
        QCoreApplication.processEvents()
    welcome = window.findChild(QDialog, "welcome")
    shown = welcome is not None and welcome.isVisible()
    projects = ProjectService(window.state.workspace.db).list()
    assert shown and not projects, f"welcome shown: {shown}; projects made: {[p.name for p in projects]}"
