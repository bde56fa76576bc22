"""breaker58a: a demanding Japanese user tries language switches (ja <-> en) with Edit > Undo / Redo on each page
(87cc1fe: the hearing editor's Tab-order walk, keys.chain_step) and edits kept waiting by a locked database
(WaitingEdits, run_op_in_background saving them first: Schedule, Generate, Import).

 Broke (strict xfails, fixed by fixa58: the proposal's waiting draft keeps its turn; a slow operation waits for the lock
 off the UI thread, saves the edits waiting, then runs):
 - a proposal edit kept waiting loses its turn at a language switch: after the lock goes it is stored after the
   answer typed later (timers), after an answer typed once the lock went, after Schedule pressed then; Undo right
   after takes back the proposal (WBS and hearing edits keep their turns).
 - Schedule pressed while an estimate waits, the lock going during the schedule's own busy wait: scheduled without
   the estimate ("スケジュールは最新です"), the estimate stored after; the finish dates stale, nothing said.
 Held: Ctrl+Z / Ctrl+Shift+Z after 1-3 switches on five pages (order, menu and step texts in the new language, no
 excepthook); Tab from the item tree to the answer, Shift+Tab back, a full Tab round after 0-3 switches; estimate,
 answer, proposal waiting then Schedule after the lock went (4 steps in order, Undo x4); a process SIGKILLed with three
 edits waiting (with or without switches) -> all saved by the next window; Undo refused while locked then switches;
 two windows, one switching while its answer waits.
"""

from __future__ import annotations

import sys
import traceback

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker53k import (
    BACKGROUND,
    answer,
    drafts,
    hearing_answer,
    leaves,
    stored_title,
    wbs,
    wbs_title,
)
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401 - a fixture
from tests.test_nothing_lost_gui import open_item


@pytest.fixture
def hooked(monkeypatch) -> list[str]:
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: seen.append(f"{t.__name__}: {v} " + "".join(traceback.format_tb(tb))))
    return seen


def keys(window, qtbot, redo: bool = False) -> None:
    """Ctrl+Z (Ctrl+Shift+Z) with the navigation focused: the Edit menu's Undo (Redo)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    mods = Qt.KeyboardModifier.ControlModifier | (Qt.KeyboardModifier.ShiftModifier if redo else Qt.KeyboardModifier.NoModifier)
    qtbot.keyClick(window.nav, Qt.Key.Key_Z, mods)
    settle(window)


def edit_menu_texts(window) -> list[str]:
    from PySide6.QtWidgets import QMenu

    bars = [bar for bar in window.findChildren(QWidget, "menuBar") if bar.isVisible()]
    assert len(bars) == 1, bars
    menu = bars[0].findChild(QMenu, "editMenu")
    return [menu.title()] + [a.text() for a in menu.actions() if a.text()]


def _cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


SWITCHES = [("en",), ("en", "ja"), ("en", "ja", "en")]


@pytest.mark.parametrize("langs", SWITCHES, ids=["1", "2", "3"])
def test_an_answer_then_switches_ctrl_z_undoes_it_menu_in_the_new_language(qtbot, db_path, hooked, langs) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        before = answer(window)
        hearing_answer(window, qtbot, "切替前の回答")
        settle(window)
        assert answer(window) == "切替前の回答"
        for lang in langs:
            window.set_ui_lang(lang)
            settle(window)
        texts = " ".join(edit_menu_texts(window))
        if langs[-1] == "en":
            assert "Undo" in texts and "元に戻す" not in texts, texts
        else:
            assert "元に戻す" in texts and "Undo" not in texts, texts
        keys(window, qtbot)
        assert answer(window) == before
        keys(window, qtbot, redo=True)
        assert answer(window) == "切替前の回答"
        assert drafts(window) == 0
        assert not hooked, hooked
    finally:
        close_window(window)


SP_ITEM = "system_planning.requirements.user"


def env_typed(window, qtbot, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import environment_page
    from tests.test_drafts_on_disk_pages import type_into

    page = environment_page(window, qtbot)
    type_into(page.findChild(QLineEdit, "field_repo_name"), text)
    qtbot.wait(300)


def everything(window, t1: int, section: str) -> tuple:
    from tests.test_breaker53k import stored_section
    from tests.test_drafts_on_disk_pages import stored_value

    return (stored_title(window, t1), answer(window), stored_section(window, section), stored_value(window, "repo_name"),
            answer(window, SP_ITEM))


def five_edits(window, qtbot, t1: int) -> str:
    from tests.test_breaker53k import proposal_typed

    wbs_title(window, qtbot, t1, "件名一")
    settle(window)
    hearing_answer(window, qtbot, "回答二")
    settle(window)
    section = proposal_typed(window, qtbot, "(追記三)")
    settle(window)
    env_typed(window, qtbot, "repo-four")
    settle(window)
    sp_answer(window, qtbot, "システム要件五")
    settle(window)
    return section


def sp_answer(window, qtbot, text: str) -> None:
    from tests.gui_helpers import open_hearing_item
    from tests.test_breaker40b import ime

    editor = open_hearing_item(window, qtbot, SP_ITEM)
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    ime(field, text)
    editor.flush()
    qtbot.wait(50)


@pytest.mark.parametrize("langs", SWITCHES, ids=["1", "2", "3"])
def test_edits_on_five_pages_then_switches_undo_walks_them_back_in_order_and_redo_forward(qtbot, db_path, hooked, langs) -> None:
    from tests.test_breaker53k import proposal_typed

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[0]
        section = proposal_typed(window, qtbot, "")
        settle(window)
        states = [everything(window, t1, section)]
        c0 = window.state.undo_stack.count()
        section = five_edits(window, qtbot, t1)
        states.append(everything(window, t1, section))
        assert window.state.undo_stack.count() - c0 == 5, [window.state.undo_stack.text(i) for i in range(c0, window.state.undo_stack.count())]
        for lang in langs:
            window.set_ui_lang(lang)
            settle(window)
        texts, prev = [], states[-1]
        for step in range(5):
            texts.append(window.undo_action.text())
            keys(window, qtbot)
            got = everything(window, t1, section)
            changed = [i for i in range(5) if got[i] != prev[i]]
            assert changed == [4 - step], (step, changed, got)
            prev = got
        assert [got[i] == states[0][i] for i in range(5)] == [True] * 5, got
        for _step in range(5):
            keys(window, qtbot, redo=True)
        assert everything(window, t1, section) == states[-1]
        assert drafts(window) == 0
        if langs[-1] == "en":
            assert all(t.startswith("&Undo") or t.startswith("Undo") for t in texts), texts
            assert not any(_cjk(t) for t in texts), texts
        else:
            assert not any("Undo" in t or "Edit" in t for t in texts) and all(_cjk(t) for t in texts), texts
        assert not hooked, hooked
    finally:
        close_window(window)


# --- Tab / Shift+Tab in the hearing item editor after switches ---------------------------------------------


def _tab(qtbot, back: bool = False) -> QWidget | None:
    widget = QApplication.focusWidget()
    assert widget is not None, "focus lost to nowhere"
    qtbot.keyClick(widget, Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier)
    return QApplication.focusWidget()


@pytest.mark.parametrize("langs", [(), *SWITCHES], ids=["0", "1", "2", "3"])
def test_tab_from_the_item_tree_reaches_the_answer_first_after_switches(qtbot, db_path, hooked, langs) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        open_item(window, qtbot, BACKGROUND)
        for lang in langs:
            window.set_ui_lang(lang)
            settle(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        editor = open_item(window, qtbot, BACKGROUND)
        page = window.page("hearing")
        tree = page.findChild(QAbstractItemView, "hearingTree")
        tree.setFocus()
        qtbot.waitUntil(tree.hasFocus)
        answer_box = editor.editors["value"].edit
        now = _tab(qtbot)
        assert now is answer_box or (now is not None and answer_box.isAncestorOf(now)), now
        back = _tab(qtbot, back=True)
        assert back is tree, back
        # a whole round of Tab comes back to the tree, never losing focus
        seen = []
        for _ in range(80):
            now = _tab(qtbot)
            assert now is not None and now.window() is window, (seen, now)
            seen.append(now.objectName() or type(now).__name__)
            if now is tree:
                break
        assert now is tree, seen
        assert not hooked, hooked
    finally:
        close_window(window)


# --- edits kept waiting, then Schedule / Generate / Import ------------------------------------------------


def steps(window, c0: int) -> list[str]:
    stack = window.state.undo_stack
    return [stack.text(i) for i in range(c0, stack.count())]


def stored_task(window, task_id: int):
    from tests.test_breaker54f import stored

    return stored(window, task_id)


def estimate(window, qtbot, task_id: int, text: str) -> None:
    from tests.test_breaker54f import wbs_cell

    wbs_cell(window, qtbot, task_id, "estimate_days", text)


def test_estimate_answer_proposal_waiting_then_schedule_after_the_lock_went_stores_all_in_order(qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    from tests.test_breaker53k import proposal_typed, stored_section

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = wbs(window)
        t1 = leaves(window)[-1]
        section = proposal_typed(window, qtbot, "")
        settle(window)
        before = (stored_task(window, t1), answer(window), stored_section(window, section))
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            estimate(window, qtbot, t1, "19.5")
            hearing_answer(window, qtbot, "待ちの回答")
            proposal_typed(window, qtbot, "(待ちの追記)")
            assert drafts(window) >= 3, drafts(window)
        finally:
            release(lock)
        n = len(said)  # (a busy edit is said once while locked)
        window.show_page("wbs")
        page.schedule_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        assert len(got) == 4 and got[-1] == "スケジュール", got
        after = stored_task(window, t1)
        assert after.estimate_days == 19.5 and after.finish != before[0].finish, (got, after)
        assert answer(window) == "待ちの回答" and stored_section(window, section).endswith("(待ちの追記)")
        window.undo_action.trigger()
        settle(window)
        assert stored_task(window, t1).finish == before[0].finish and stored_task(window, t1).estimate_days == 19.5
        window.undo_action.trigger()
        settle(window)
        assert stored_section(window, section) == before[2] and answer(window) == "待ちの回答"
        window.undo_action.trigger()
        settle(window)
        assert answer(window) == before[1] and stored_task(window, t1).estimate_days == 19.5
        window.undo_action.trigger()
        settle(window)
        assert stored_task(window, t1).estimate_days == before[0].estimate_days
        assert not said[n:], said
    finally:
        close_window(window)


def thread_lock(db_path):
    import sqlite3

    con = sqlite3.connect(str(db_path), isolation_level=None, timeout=5, check_same_thread=False)
    con.execute("BEGIN IMMEDIATE")
    return con


def release_in(con, seconds: float):
    import threading

    timer = threading.Timer(seconds, lambda: (con.rollback(), con.close()))
    timer.start()
    return timer


def test_schedule_pressed_while_locked_lock_gone_during_its_wait_uses_the_estimate_typed_before(qtbot, db_path, said, monkeypatch) -> None:
    import app.ui.app as ui_app

    monkeypatch.setattr(ui_app, "UI_BUSY_TIMEOUT_MS", 1500)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = wbs(window)
        t1 = leaves(window)[-1]
        before = stored_task(window, t1)
        c0 = window.state.undo_stack.count()
        lock = thread_lock(db_path)
        estimate(window, qtbot, t1, "19.5")
        assert drafts(window) >= 1
        n = len(said)
        timer = release_in(lock, 0.4)  # the other process commits while the schedule waits for the lock
        page.schedule_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        timer.join()
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        after = stored_task(window, t1)
        assert after.estimate_days == 19.5, got
        # pressed after the estimate was typed: the schedule works with it (or is said not done), and Undo right after takes back the schedule
        assert got[-1] == "スケジュール" and after.finish != before.finish or said[n:], (got, before.finish, after.finish, said[n:], page.details.text())
    finally:
        close_window(window)


# --- a process killed (SIGKILL) while edits wait -------------------------------------------------------------

CHILD = r'''
import argparse, sys, time
sys.path.insert(0, {repo!r})
import app.features  # noqa
from app.core.kinds import use_pdf_writer
from app.main import write_pdf
use_pdf_writer(write_pdf)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
import app.ui.app as ui_app
ui_app.UI_BUSY_TIMEOUT_MS = 300
from app.ui.app import build_window
from app.ui.hearing.drafts import drafts_of
from PySide6.QtWidgets import QMessageBox
for _name in ("warning", "information", "critical"):  # (a busy edit said in a box: answered, as the user does)
    setattr(QMessageBox, _name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))

def pump(s):
    end = time.monotonic() + s
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)

def ime(field, text):
    e = QInputMethodEvent(); e.setCommitString(text); QApplication.sendEvent(field, e)

args = argparse.Namespace(db={db!r}, global_lang="ja", global_project=None, page=None, screenshot=None)
_app, window = build_window(args)
window.show(); pump(0.5)
window.show_page("wbs"); pump(0.3); window.show_page("proposal"); pump(0.5)
print("STARTED", flush=True)
sys.stdin.readline()  # the database locked by the test now
if {switch!r}:
    window.set_ui_lang("en"); pump(0.3)
# 1. a WBS title
window.show_page("wbs"); pump(0.3)
wbs = window.page("wbs")
tree = wbs.model.tree
leaf = [t.id for t in tree.walk() if not tree.has_children(t.id) and tree.tasks[t.id].parent_id is not None][0]
from app.ui.wbs.columns import INDEX
wbs.model.setData(wbs.model.index_of(leaf, INDEX["title"]), "殺される前の件名", Qt.ItemDataRole.EditRole)
pump(0.3)
# 2. an answer
window.show_page("hearing"); pump(0.2)
page = window.page("hearing"); page.select_item("hearing.basics.background"); pump(0.3)
field = page.editor.editors["value"].edit
field.setFocus(); field.selectAll(); ime(field, "殺される前の回答"); page.editor.flush(); pump(0.3)
if {switch!r}:
    window.set_ui_lang("ja"); pump(0.3)
# 3. a proposal section
window.show_page("proposal"); pump(0.5)
prop = window.page("proposal")
section = list(prop.sections.editors)[0]
edit = prop.sections.editor(section).edit
edit.setFocus(); edit.moveCursor(edit.textCursor().MoveOperation.End); ime(edit, "(殺される前の追記)"); pump(1.5)
print("READY", leaf, section, drafts_of(window.state).count(), flush=True)
while True:
    pump(1)
'''


def _line(child, seconds: float) -> str:
    """The child's next line, or "" after ``seconds`` (never hangs the run)."""
    import select

    ready, _w, _x = select.select([child.stdout], [], [], seconds)
    return child.stdout.readline() if ready else ""


@pytest.mark.parametrize("switch", [False, True], ids=["no-switch", "switch"])
def test_a_process_killed_while_edits_wait_leaves_drafts_saved_on_restart(qtbot, db_path, said, short_busy, tmp_path, monkeypatch, switch) -> None:  # noqa: F811
    import os
    import signal
    import subprocess

    from tests.conftest import REPO, copy_database
    from tests.gui_helpers import _first_start_database
    from tests.test_breaker53k import stored_section

    copy_database(_first_start_database("ja"), db_path)
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(repo=str(REPO), db=str(db_path), switch=switch), encoding="utf-8")
    errors = (tmp_path / "child.err").open("w")
    child = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=str(REPO))
    lock = None
    try:
        assert _line(child, 30).startswith("STARTED"), (tmp_path / "child.err").read_text()
        lock = hold_write_lock(db_path)
        child.stdin.write("go\n")
        child.stdin.flush()
        line = _line(child, 30)
        assert line.startswith("READY"), (line, (tmp_path / "child.err").read_text())
        _ready, leaf, section, count = line.split()
        assert int(count) >= 3, line
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        errors.close()
        if lock is not None:
            release(lock)
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        def now():
            return (stored_title(again, int(leaf)), answer(again), stored_section(again, section).endswith("(殺される前の追記)"))

        try:
            qtbot.waitUntil(lambda: now() == ("殺される前の件名", "殺される前の回答", True), timeout=15000)
        except Exception:
            pytest.fail(f"not back after SIGKILL: {now()}; drafts {drafts(again)}; {said}")
        settle(again)
        assert drafts(again) == 0
    finally:
        close_window(again)


# --- a language switch while edits wait ---------------------------------------------------------------------


@pytest.mark.parametrize("langs", SWITCHES, ids=["1", "2", "3"])
def test_edits_waiting_switches_then_lock_gone_and_schedule_stores_in_order_undo_in_the_new_language(qtbot, db_path, said, short_busy, hooked, langs) -> None:  # noqa: F811
    from tests.test_breaker53k import proposal_typed, stored_section

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[-1]
        section = proposal_typed(window, qtbot, "")
        settle(window)
        before = (stored_task(window, t1), answer(window), stored_section(window, section))
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            estimate(window, qtbot, t1, "19.5")
            hearing_answer(window, qtbot, "待ちの回答")
            proposal_typed(window, qtbot, "(待ちの追記)")
            for lang in langs:
                window.set_ui_lang(lang)
                qtbot.wait(100)
        finally:
            release(lock)
        n = len(said)
        window.show_page("wbs")
        page = window.page("wbs")
        page.schedule_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        after = stored_task(window, t1)
        assert after.estimate_days == 19.5 and answer(window) == "待ちの回答" and stored_section(window, section).endswith("(待ちの追記)"), got
        schedule = "Schedule" if langs[-1] == "en" else "スケジュール"
        assert len(got) == 4 and got[-1] == schedule and after.finish != before[0].finish, (got, before[0].finish, after.finish)
        for _ in range(4):
            text = window.undo_action.text()
            assert _cjk(text) == (langs[-1] == "ja") or "待ち" in text, text
            keys(window, qtbot)
        assert (stored_task(window, t1).estimate_days, stored_task(window, t1).finish, answer(window), stored_section(window, section)) == (
            before[0].estimate_days, before[0].finish, before[1], before[2])
        assert not said[n:] and not hooked, (said[n:], hooked)
    finally:
        close_window(window)


GOALS = "hearing.basics.kpi_business"


@pytest.mark.parametrize("langs", [(), ("en",)], ids=["0", "1"])
def test_edits_waiting_a_switch_then_lock_gone_and_another_answer_typed_stores_in_order(qtbot, db_path, said, short_busy, hooked, langs) -> None:  # noqa: F811
    from tests.test_breaker53k import proposal_typed, stored_section

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[-1]
        section = proposal_typed(window, qtbot, "")
        settle(window)
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "待ちの件名")
            proposal_typed(window, qtbot, "(待ちの追記)")
            hearing_answer(window, qtbot, "待ちの回答")
            for lang in langs:
                window.set_ui_lang(lang)
                qtbot.wait(100)
        finally:
            release(lock)
        hearing_answer(window, qtbot, "後の回答", GOALS)  # typed once the lock went, before any retry fired
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        assert (stored_title(window, t1), stored_section(window, section)[-7:], answer(window), answer(window, GOALS)) == (
            "待ちの件名", "(待ちの追記)", "待ちの回答", "後の回答")
        got = steps(window, c0)
        assert len(got) == 4, got
        keys(window, qtbot)
        assert answer(window, GOALS) != "後の回答" and answer(window) == "待ちの回答", got
        assert not hooked, hooked
    finally:
        close_window(window)


@pytest.mark.parametrize("langs", [(), ("en",), ("en", "ja")], ids=["0", "1", "2"])
def test_edits_waiting_across_switches_saved_by_the_timers_in_the_order_typed(qtbot, db_path, said, short_busy, hooked, langs) -> None:  # noqa: F811
    from tests.test_breaker53k import proposal_typed, stored_section

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        wbs(window)
        t1 = leaves(window)[-1]
        section = proposal_typed(window, qtbot, "")
        settle(window)
        start = (stored_title(window, t1), stored_section(window, section), answer(window))
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_title(window, qtbot, t1, "待ちの件名")
            proposal_typed(window, qtbot, "(待ちの追記)")
            hearing_answer(window, qtbot, "待ちの回答")
            for lang in langs:
                window.set_ui_lang(lang)
                qtbot.wait(100)
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        now = (stored_title(window, t1), stored_section(window, section), answer(window))
        assert (now[0], now[1][-7:], now[2]) == ("待ちの件名", "(待ちの追記)", "待ちの回答"), got
        assert len(got) == 3 and got[-1] in ("「背景・課題」を編集", "Edit “Background and problem”"), got
        keys(window, qtbot)
        assert (stored_title(window, t1), stored_section(window, section)[-7:], answer(window)) == (now[0], now[1][-7:], start[2]), got
        keys(window, qtbot)
        assert (stored_title(window, t1), stored_section(window, section), answer(window)) == (now[0], start[1], start[2]), got
        keys(window, qtbot)
        assert (stored_title(window, t1), stored_section(window, section), answer(window)) == start, got
        assert not hooked, hooked
    finally:
        close_window(window)


@pytest.mark.parametrize("langs", [(), *SWITCHES], ids=["0", "1", "2", "3"])
def test_undo_refused_while_locked_then_switches_the_steps_stay_and_undo_redo_work_once_free(qtbot, db_path, said, short_busy, hooked, langs) -> None:  # noqa: F811
    """(SQLite busy: Undo is refused and said, the step stays to press again; only an unreachable server keeps it waiting.)"""
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        before, goals_before = answer(window), answer(window, GOALS)
        hearing_answer(window, qtbot, "一つ目")
        settle(window)
        hearing_answer(window, qtbot, "二つ目", GOALS)
        settle(window)
        lock = hold_write_lock(db_path)
        try:
            keys(window, qtbot)
            assert answer(window, GOALS) == "二つ目" and answer(window) == "一つ目"
            assert "使用中" in window.save_label.text(), window.save_label.text()
            for lang in langs:
                window.set_ui_lang(lang)
                qtbot.wait(100)
        finally:
            release(lock)
        keys(window, qtbot)
        assert answer(window, GOALS) == goals_before and answer(window) == "一つ目"
        keys(window, qtbot)
        assert answer(window) == before
        keys(window, qtbot, redo=True)
        keys(window, qtbot, redo=True)
        assert (answer(window), answer(window, GOALS)) == ("一つ目", "二つ目")
        assert drafts(window) == 0 and not hooked, hooked
    finally:
        close_window(window)


def test_two_windows_one_switches_while_its_answer_waits_the_other_sees_it_and_its_undo_leaves_it(qtbot, db_path, said, short_busy, hooked, monkeypatch) -> None:  # noqa: F811
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch, page="hearing") as (a, b):
        hearing_answer(b, qtbot, "Bの回答", GOALS)
        settle(b)
        lock = hold_write_lock(db_path)
        try:
            hearing_answer(a, qtbot, "Aの待ちの回答")
            a.set_ui_lang("en")
            qtbot.wait(100)
            b.set_ui_lang("en")
            qtbot.wait(100)
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(a) == 0 and answer(a) == "Aの待ちの回答", timeout=15000)
        qtbot.waitUntil(lambda: answer(b) == "Aの待ちの回答", timeout=10000)
        b.undo_action.trigger()  # B's own last edit only
        settle(b)
        assert answer(b) == "Aの待ちの回答" and answer(b, GOALS) != "Bの回答"
        editor = open_item(b, qtbot, BACKGROUND)
        qtbot.waitUntil(lambda: editor.editors["value"].edit.toPlainText() == "Aの待ちの回答", timeout=5000)
        assert not hooked, hooked
