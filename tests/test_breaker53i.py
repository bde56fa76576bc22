"""breaker53i: a demanding Japanese user tries the last hour's fixes (d7d7f68 busy waits, page_stack offline
reads, 223c809 PDF boxes named, 4f13594 display checks), none of which they wrote.

Tried / Held / Broke (kept current; the Broke ones are strict xfails below):
 1. display checks (4f13594) in a real child, LANG=ja_JP.UTF-8, no DISPLAY/WAYLAND_DISPLAY unless named:
    DISPLAY=:99 (nothing there) - one Japanese line, exit 2 (held); xvfb-run (a live Xvfb) with and without
    QT_QPA_PLATFORM=xcb, and with a stale WAYLAND_DISPLAY - the window opens (held);
    QT_QPA_PLATFORM="xcb;offscreen" with DISPLAY=:99 dead - opens offscreen (Qt's English lines on stderr; held);
    BROKE (fixed: the platforms checked in Qt's own order, app/ui/welcome/display.py): WAYLAND_DISPLAY set (no
    compositor there) with DISPLAY unset, DISPLAY=:99 dead with a stale WAYLAND_DISPLAY, QT_QPA_PLATFORM=wayland
    with no compositor, QT_QPA_PLATFORM=XCB (Qt reads it as xcb): Qt's abort in English (SIGABRT, exit 134,
    "Reinstalling the application may fix this problem").
 2. busy SQLite (d7d7f68): another process holds the write lock 7 s while a WBS title (F2, Enter), a hearing answer
    (IME) and a proposal section are typed one after the other: all three stored soon after it goes, one message
    box, the status bar in Japanese, worst stall 2.04 s, 2.5 s frozen in all (held);
    (was broken, fixed in f53o: the three were stored in the order their retries came (answer, proposal, then the
    WBS title typed first), so Undo right after took back the WBS title, not the proposal section typed last).
 3. a page picked with PostgreSQL stopped (a15a35f): WBS and Proposal come in front (held); BROKE: Hearing's build
    raises (caught, said, retried every 2 s) but the stack is left on the page before (Exports) while the
    navigation says ヒアリング: what the user sees and types is another page's.
 4. PDF boxes named (223c809), html_to_pdf_bytes directly: 20,000 distinct CJK characters plus 5,000 bold: the
    search for boxes 0.12 s (held); ✅ ❤️ a ZWJ family 1️⃣ 🇯🇵 👍🏽, U+2A6D6, a private-use character named under
    their heading; が and e+U+0301 decomposed not named (held; the keycap named as "1️" and U+20E3).

Not tried (time-box): the CLI --report JSON and the window's export flow, PostgreSQL row locks, dialogs' Save
(People, holidays) and Generate during a lock, two windows busy, typing into a page built offline, a project
switch offline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gui_helpers import close_window, make_window, settle

REPO = Path(__file__).resolve().parent.parent


# --- 4f13594: the display checked before Qt starts, in a real child ------------------------------------------


def _start_window(tmp_path: Path, timeout: float = 20, **extra: str) -> subprocess.CompletedProcess[str] | None:
    """``python -m app`` as the user starts it, with only ``extra`` naming displays; None: still running (opened)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLOPS_KICKOFF_", "LC_", "XDG_"))
           and k not in ("PYTHONPATH", "LANGUAGE", "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(LANG="ja_JP.UTF-8", PYTHONPATH=str(REPO), MLOPS_KICKOFF_HOME=str(tmp_path / "データ"),
               MLOPS_KICKOFF_SETTINGS=str(tmp_path / "settings.ini"), XDG_RUNTIME_DIR=str(tmp_path))
    env.update(extra)
    try:
        return subprocess.run([sys.executable, "-m", "app"], cwd=tmp_path, env=env, capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def _one_japanese_line(done: subprocess.CompletedProcess[str] | None) -> None:
    assert done is not None, "hung (no window could open here, nothing said)"
    assert done.returncode == 2, f"exit {done.returncode}\n{done.stderr}"
    assert "Reinstalling" not in done.stderr and "qt.qpa" not in done.stderr, done.stderr
    assert any("\u3040" <= c <= "\u30ff" for c in done.stderr), done.stderr


def test_held_a_display_that_is_not_there_is_one_japanese_line(tmp_path: Path) -> None:
    _one_japanese_line(_start_window(tmp_path, DISPLAY=":99"))


@pytest.mark.parametrize("where", [
    {"WAYLAND_DISPLAY": "wayland-0"},  # a Wayland session's variable, no compositor answering, no DISPLAY
    {"DISPLAY": ":99", "WAYLAND_DISPLAY": "wayland-0"},  # both stale (ssh -X gone, a Wayland variable left)
    {"QT_QPA_PLATFORM": "wayland"},  # the README's users of Wayland set it; no compositor here
    {"QT_QPA_PLATFORM": "XCB"},  # Qt reads platform names case-insensitively: xcb, with no display
], ids=["wayland-display-only", "both-stale", "qpa-wayland", "qpa-XCB"])
def test_a_display_that_cannot_open_is_one_japanese_line(tmp_path: Path, where: dict[str, str]) -> None:
    _one_japanese_line(_start_window(tmp_path, **where))


# --- d7d7f68: the database found busy (another process holds SQLite's write lock) --------------------------


def _busy_session(qtbot, window, lock_s: float, said: list[str], undo_during: bool = False):
    """Another process holds the write lock ``lock_s`` s while the user edits a WBS title, a hearing answer and a
    proposal section, one after the other; returns (stalls, task, section, problems)."""
    import sqlite3
    import threading
    import time

    from PySide6.QtCore import Qt

    from tests.test_breaker40b import ime
    from tests.test_breaker43a import open_cell, type_in
    from tests.test_breaker53b import Stalls, a_leaf, wbs
    from tests.test_nothing_lost_gui import open_item

    problems: list[str] = []
    window.state.problem.connect(problems.append)
    p = wbs(window)
    task = a_leaf(p.model.tree)
    settle(window)
    lock = sqlite3.connect(str(window.state.workspace.db.path), isolation_level=None, timeout=5, check_same_thread=False)
    lock.execute("BEGIN IMMEDIATE")  # another process's long write (a CLI import, a backup script)
    threading.Timer(lock_s, lambda: (lock.rollback(), lock.close())).start()
    stalls = Stalls()
    start = time.monotonic()
    cell = open_cell(window, qtbot, task, "title")
    type_in(cell, "ロック中に直した件名")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.wait(300)
    editor = open_item(window, qtbot, "hearing.basics.background")
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    ime(field, "ロック中の回答")
    qtbot.wait(1200)
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None and bool(page.sections.editors), timeout=10000)
    section = list(page.sections.editors)[0]
    text = page.sections.editor(section).edit
    text.setFocus()
    text.moveCursor(text.textCursor().MoveOperation.End)
    ime(text, "(ロック中の追記)")
    qtbot.wait(1200)
    if undo_during:
        window.undo_action.trigger()
        qtbot.wait(300)
    qtbot.wait(max(0, int((lock_s - (time.monotonic() - start)) * 1000)) + 300)
    return stalls, task, section, problems


def _after_a_busy_spell(qtbot, window, said, undo_during: bool = False):
    from app.wbs.service import WbsService
    from tests.test_breaker26a import stored_section

    stalls, task, section, problems = _busy_session(qtbot, window, 7.0, said, undo_during)
    pid = window.state.project_id
    qtbot.waitUntil(lambda: WbsService(window.state.workspace.db).tree(pid).tasks[task].title == "ロック中に直した件名", timeout=15000)
    qtbot.waitUntil(lambda: window.state.answers.answer(pid, "hearing.basics.background").value == "ロック中の回答", timeout=15000)
    qtbot.waitUntil(lambda: stored_section(window, section).endswith("(ロック中の追記)"), timeout=15000)
    worst = stalls.stop()
    settle(window)
    return worst, stalls.frozen, task, section, problems


def test_held_edits_during_a_long_write_lock_are_saved_once_it_goes_said_once_no_freeze(qtbot, db_path, said) -> None:
    """A WBS title, a hearing answer, a proposal section typed during a 7 s write lock: all three stored after it,
    one message box, the status bar in Japanese, the worst stall 2.0 s (the busy timeout once)."""
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        worst, frozen, _task, _section, problems = _after_a_busy_spell(qtbot, window, said)
        shown = problems + said + [window.save_label.text()]
        english = [s for s in shown if s and s.isascii() and any(c.isalpha() for c in s)]
        assert not english and not [s for s in shown if "CRASH" in s or "Traceback" in s], shown
        # (as designed: the busy timeout once, 2.0 s; bounds far under a regression (the 7 s lock waited out, or the
        # busy timeout for each of the three edits: 6 s) and over a loaded machine's jitter (3.0 s in all seen at -n 3))
        assert worst < 3.0, f"froze {worst:.1f} s; {shown}"
        assert frozen < 4.0, f"frozen {frozen:.1f} s in all; {shown}"
        assert len([s for s in said if "使用中" in s]) <= 1, said
    finally:
        close_window(window)


def test_undo_after_a_busy_spell_takes_back_the_edit_typed_last(qtbot, db_path, said) -> None:
    from app.wbs.service import WbsService
    from tests.test_breaker26a import stored_section

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        _worst, _frozen, task, section, _problems = _after_a_busy_spell(qtbot, window, said)
        pid = window.state.project_id
        window.undo_action.trigger()
        settle(window)
        assert WbsService(window.state.workspace.db).tree(pid).tasks[task].title == "ロック中に直した件名", "Undo took back the WBS title typed first"
        assert window.state.answers.answer(pid, "hearing.basics.background").value == "ロック中の回答"
        assert not stored_section(window, section).endswith("(ロック中の追記)")
    finally:
        close_window(window)


# --- a15a35f: a page first shown with the server away --------------------------------------------------------


@pytest.mark.postgresql
@pytest.mark.parametrize("page_id", [
    "hearing",  # (was broken: its build raised, the page left (Exports) stayed in front while the navigation said ヒアリング)
    "wbs", "proposal",
])
def test_a_page_picked_with_the_server_away_is_the_page_in_front(qtbot, pg_server, pg_url, monkeypatch, said, page_id) -> None:
    """The navigation says the page picked: the stack shows it too (or nothing of another page), so that what the
    user types goes where the navigation says."""
    from tests.test_breaker53b import listening, pg_window

    a = pg_window(qtbot, pg_url)
    try:
        a.show_page("exports")
        settle(a)
        listening(qtbot, a)
        pg_server.halt("fast")
        try:
            a.show_page(page_id)
            qtbot.wait(500)
            nav = a.nav.currentItem().text()
            in_front = a.stack.currentWidget()
            front_id = getattr(in_front, "page_id", None) or in_front.objectName()
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: a.watcher._listener is not None, timeout=20000)
        settle(a)
        assert front_id in (page_id, f"unbuilt_{page_id}"), f"navigation on {page_id!r} ({nav}), the page in front {front_id!r}"
    finally:
        close_window(a)
