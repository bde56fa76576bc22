"""Break-it session 54d: the app as a desktop program on a laptop (real X server through xvfb-run + xdotool,
settings file corrupt / read-only, data folder read-only, geometry from a big screen on a small one,
scale factors, dark palette, LANG).

Tried / Held / Broke (the Broke ones are strict xfails below):
    Broke (all three fixed since, their strict xfails removed): geometry saved on 1920x1080 restored on 1024x600 (window 760x420 in the corner, /tmp/brk54d/s3.png);
    an unwritable settings file (typed author name dropped silently); a full disk under the data folder
    ('--- Logging error ---' tracebacks in the terminal).
    Held: corrupt settings.ini; WM close (WM_DELETE_WINDOW) right after typing on real X keeps the typing;
    a first start on 1024x600 fits the screen; a full disk while typing (red draft, Japanese box);
    LANG=ja_JP.UTF-8 without --lang is Japanese, LANG=C English; QT_SCALE_FACTOR=2 Japanese hearing page fits
    (the tree's status column scrolls); an unreadable settings.ini owned by root, run as nobody, starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import children

REPO = Path(__file__).resolve().parent.parent


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLOPS_KICKOFF", "QT_"))}
    env.update(
        HOME=str(home),
        MLOPS_KICKOFF_HOME=str(home / "data"),
        MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "share"),
    )
    env.update(extra)
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_held_a_corrupt_settings_file_starts_the_screenshot(tmp_path: Path) -> None:
    """A settings.ini full of binary junk: the app still starts (a screenshot is drawn), no traceback."""
    home = tmp_path / "h"
    home.mkdir()
    (home / "settings.ini").write_bytes(b"\x00\xff[window]\ngeometry=@ByteArray(\x01\x02\ngarbage\n[ui\nlanguage=xx\n")
    env = _env(home, QT_QPA_PLATFORM="offscreen")
    assert _run(["demo"], env).returncode == 0
    shot = tmp_path / "s.png"
    result = _run(["--lang", "ja", "--screenshot", str(shot), "--page", "hearing"], env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert shot.stat().st_size > 0


def _geometry_from_a_screen(width: int, rect: tuple[int, int, int, int]) -> bytes:
    """What QWidget.saveGeometry writes (format 3.0) for a normal window at ``rect`` on a screen ``width`` wide."""
    import struct

    x, y, w, h = rect
    box = struct.pack(">iiii", x, y, x + w - 1, y + h - 1)
    return (struct.pack(">IHH", 0x1D9D0CB, 3, 0) + box + box + struct.pack(">i??i", 0, False, False, width) + box)


def test_a_window_from_a_big_monitor_fills_a_small_screen(qtbot, db_path) -> None:
    """Real X (Xvfb 1920x1080, window 1200x760 at 700,300, closed; Xvfb 1024x600 again): the window came back
    760x420 at 0,0 (screenshot /tmp/brk54d/s3.png). Here: the offscreen screen (800x800)."""
    from PySide6.QtCore import QByteArray

    from app.ui import settings
    from tests.gui_helpers import close_window, make_window

    settings.set_value("window/geometry", QByteArray(_geometry_from_a_screen(1920, (700, 300, 1200, 760))))
    window = make_window(qtbot, db_path, global_lang="ja")
    area = window.screen().availableGeometry()
    size, frame = window.size(), window.frameGeometry()
    close_window(window)
    assert area.contains(frame), (frame, area)
    assert size.width() >= area.width() * 0.9 and size.height() >= area.height() * 0.8, (size, area)


def test_held_a_window_from_a_small_screen_keeps_its_size_on_a_similar_one(qtbot, db_path) -> None:
    """A geometry saved on an 800-wide screen (as the offscreen one) comes back as it was closed."""
    from PySide6.QtCore import QByteArray

    from app.ui import settings
    from tests.gui_helpers import close_window, make_window

    settings.set_value("window/geometry", QByteArray(_geometry_from_a_screen(800, (10, 40, 700, 500))))
    window = make_window(qtbot, db_path, global_lang="ja")
    size = window.size()
    close_window(window)
    assert (size.width(), size.height()) == (760, 500)  # the width raised to the window's minimum


def _open_settings(window, act) -> None:
    from PySide6.QtGui import QAction

    def run(dialog) -> int:
        act(dialog)
        return dialog.result()

    window.exec_dialog = run
    window.menuBar().findChild(QAction, "languageAction").trigger()


def test_an_unwritable_settings_file_is_said_and_the_name_typed_still_applies(qtbot, db_path, tmp_path, monkeypatch,
                                                                               said) -> None:
    """By hand (real X, as user nobody): settings.ini owned by root, mode 600; Settings ▸ author 山田 太郎, OK;
    nothing said; the next start has forgotten it. Here the settings path lies under a regular file (root too
    cannot write there)."""
    from tests.gui_helpers import close_window, make_window

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MLOPS_KICKOFF_SETTINGS", str(blocker / "settings.ini"))
    window = make_window(qtbot, db_path, global_lang="ja")

    def fill(dialog) -> None:
        dialog.author_edit.setText("山田 太郎")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    _open_settings(window, fill)
    author = window.state.workspace.author
    status = window.statusBar().currentMessage()
    close_window(window)
    assert author == "山田 太郎", (author, said, status)  # (this run goes on with it)
    assert [s for s in said if "設定を" in s and "保存できませんでした" in s and "settings.ini" in s] == said != [], said


def test_a_full_disk_under_the_log_prints_no_traceback(capfd) -> None:
    """By hand: a 700 KB tmpfs as MLOPS_KICKOFF_HOME, `demo` fills it; `python -m app --lang ja` on real X printed
    two such tracebacks at start (the start line and 'the daily backup failed'). Here the log file is /dev/full."""
    import logging

    from app.core import logs

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    logs.log_file().symlink_to("/dev/full")
    try:
        logs.setup_logging(native_crashes=False)
        logging.getLogger("app.test").warning("the daily backup failed: %s", "disk full")
    finally:
        logs.shutdown_logging()  # (its last flush to the full disk raises nothing either)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err, err[:400]


def test_held_the_system_language_picks_the_command_lines_language(tmp_path: Path) -> None:
    """No --lang: LANG=ja_JP.UTF-8 answers in Japanese, LANG=C in English (the window followed LANG=ja_JP too)."""
    home = tmp_path / "h"
    home.mkdir()
    ja = _run(["demo"], _env(home, QT_QPA_PLATFORM="offscreen", LANG="ja_JP.UTF-8", LC_ALL="ja_JP.UTF-8"))
    en = _run(["projects"], _env(home, QT_QPA_PLATFORM="offscreen", LANG="C", LC_ALL="C"))
    assert ja.returncode == 0 and "デモ" in ja.stdout, ja.stdout + ja.stderr
    assert en.returncode == 2 and "required" in en.stderr and "Traceback" not in en.stderr, en.stderr


_WM_CLOSE = r'''
import ctypes, ctypes.util, subprocess, sys, time
x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
x.XOpenDisplay.restype = ctypes.c_void_p
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = x.XCloseDisplay.argtypes = [ctypes.c_void_p]
app = subprocess.Popen([sys.executable, "-m", "app", "--lang", "ja", "--page", "proposal"])
win = ""
for _ in range(100):
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "MLOps Kickoff"], capture_output=True, text=True)
    if found.stdout.split():
        win = found.stdout.split()[0]
        break
    time.sleep(0.2)
assert win, "no window"
time.sleep(2.5)
subprocess.run(["xdotool", "windowmove", win, "0", "0"])
subprocess.run(["xdotool", "mousemove", "300", "300", "click", "1"])
time.sleep(0.3)
subprocess.run(["xdotool", "key", "ctrl+End"])
subprocess.run(["xdotool", "type", "--delay", "15", "QQCLOSE"])
d = x.XOpenDisplay(None)
class CM(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("l", ctypes.c_long * 5)]
class Ev(ctypes.Union):
    _fields_ = [("cm", CM), ("pad", ctypes.c_long * 24)]
ev = Ev()
ev.cm.type, ev.cm.send_event, ev.cm.display, ev.cm.window = 33, 1, d, int(win)
ev.cm.message_type, ev.cm.format = x.XInternAtom(d, b"WM_PROTOCOLS", 0), 32
ev.cm.l[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
x.XSendEvent(d, int(win), 0, 0, ctypes.byref(ev))
x.XFlush(d)
x.XCloseDisplay(d)
sys.exit(app.wait(timeout=20))
'''


@pytest.mark.skipif(not (shutil.which("xvfb-run") and shutil.which("xdotool")), reason="needs xvfb-run and xdotool")
def test_held_typing_then_a_window_manager_close_on_a_real_x_server_keeps_the_typing(tmp_path: Path) -> None:
    """Real X (Xvfb, keys through XTEST): type at the end of the proposal's Background and close the window at once
    with WM_DELETE_WINDOW (what Alt+F4 / the title bar's × send): the typing is in the database."""
    import sqlite3

    home = tmp_path / "h"
    home.mkdir()
    env = _env(home, LANG="ja_JP.UTF-8")
    assert _run(["demo", "--lang", "ja"], {**env, "QT_QPA_PLATFORM": "offscreen"}).returncode == 0
    driver = tmp_path / "drive.py"
    driver.write_text(_WM_CLOSE, encoding="utf-8")
    result = children.run(["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable, str(driver)], cwd=REPO,
                          env=env, timeout=60)  # its own process group: Xvfb and the app killed with it
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    with sqlite3.connect(home / "data" / "mlops-kickoff.sqlite3") as db:
        (hits,) = db.execute("select count(*) from project_documents where cast(data as text) like '%QQCLOSE%'").fetchone()
    assert hits == 1
