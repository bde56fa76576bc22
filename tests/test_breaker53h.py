"""breaker53h: the newest changes (5eff577..HEAD) tried by a demanding Japanese user who did not write them: the
namesake / holiday questions (487712e), drafts beside drafts (d9029a0, 98cc829), typing in its pause saved first
(f1d5192), pages opened with the server away (78b5fff), quitting with the window open (8997622). Scratch in each test's tmp_path.

Tried:
- People dialog (ja): a new person typed, a colleague's namesake stored meanwhile as a project file brings it (the
  role written with two spaces and a trailing one), Save, Yes, Save again (read in code too: spelling variants
  ｻﾄｳ / サトウ / full-width space go to the save's 「名前が使われています」, a namesake deleted or renamed during the
  question is added as new, nothing replaced).
- A hearing answer (users_ds "later" 4 -> 1, which takes away the onboarding task) typed, the WBS page shown and
  Generate pressed within the 0.6 s pause; the same after a pause; Undo after each.
- Every page built for the first time on PostgreSQL with the server stopped (pg_server.halt), waiting 2.5 s, server
  back: sys.excepthook and the error report watched.
- QApplication.quit() in a real child process (offscreen, ja) with the window open on each of the 8 pages after a WBS
  indent, proposal / Experiment / Review / hearing edits, the hearing typing saved or still in its pause (16 runs;
  two kept in the suite): stderr, exit code, and the answer typed in the pause stored.
Held:
- quitting on any page, typing saved or in its pause: exit 0, no traceback, the paused answer stored;
- Generate after the answer's pause reads it (the task removed) and Undo takes back the generation, answer kept;
- the proposal, WBS, review and exports pages opened with the server away raise nothing.
Broke (strict xfails):
- test_a_namesake_whose_role_holds_two_spaces_is_replaced_after_yes: Yes to 「…置き換えますか？」 is refused as
  「その後に別のウィンドウまたはプロセスで変更されました」 although nobody changed them, every Save, forever
  (put_person_op compares check(over), whose role is space-folded, with the stored entry read unfolded).
- test_generate_right_after_typing_an_answer_uses_it_and_undo_takes_back_the_generation: Generate pressed within a
  hearing answer's pause reads the hearing without it (run_op_in_background never calls save_paused_typing), so the
  WBS misses what was typed, and the answer lands as the later step (Undo takes back the answer, not the generation).
- test_each_page_first_opened_with_the_server_stopped_raises_nothing[hearing|experiment|data-ci|system-planning]:
  the page's first read (answers / EnvironmentService.choices) raises UserError 「cannot reach the database
  server…」 out of the event loop to sys.excepthook (the WBS page's own fix, 78b5fff, covers only the WBS page).
Not tried (time-box): drafts beside drafts (three windows, discard, language switch, orphans), holidays' Year-end /
.ics over colleague-named days, CLI racing the People dialog, undo / redo of the namesake saves.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core import operations as ops
from app.ui import messages
from app.ui.error_text import shown_text
from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window, settle
from tests.test_dialog_drafts import stored_people, typed_new_person

REPO = Path(__file__).resolve().parent.parent
DAY = dt.date(2027, 6, 1)


def raw_people(workspace, pid: int, people: dict) -> None:
    """The people document as a project file's import stores it (checked only for its shape: app/wbs/transfer.py)."""
    ops.run(workspace, ops.edit_document(pid, store.KIND, lambda _ws, doc: {**(doc or {}), "people": people}, "import"))


# --- 487712e: a namesake replaced only as the question showed them -------------------------------------------


def test_a_namesake_whose_role_holds_two_spaces_is_replaced_after_yes(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        pid = window.state.project_id
        dialog, (role, _d, _p, _o) = typed_new_person(qtbot, window)
        # a colleague's project file brought 新人 花子 in with the role as they typed it in their JSON
        raw_people(window.state.workspace, pid, {"新人 花子": {"role": "ML  エンジニア ", "days_per_week": 1, "percent": 20, "off": []}})
        asked: list[str] = []
        errors: list[str] = []
        monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)
        monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: errors.append(shown_text(error)))
        for _ in range(2):
            dialog.save_button.click()
            settle(window)
            if not errors:
                break
        person = stored_people(window)["新人 花子"]
        assert asked and not errors, (asked, errors)  # Yes said: replaced, no 'changed elsewhere' nobody made
        assert (person.role, person.days_per_week, person.percent) == (role, 3, 50)
    finally:
        close_window(window)


# --- f1d5192: typing in its 0.6 s pause saved first when something else is done -------------------------------

USERS = "hearing.prereq.users_ds"  # later: 4 in the demo, so Generate keeps 「追加メンバのオンボーディング準備」 (later >= 3)
ONBOARDING = "追加メンバのオンボーディング準備"


def wbs_titles(window) -> set[str]:
    from app.wbs.service import WbsService

    return {t.title for t in WbsService(window.state.workspace.db).tree(window.state.project_id).tasks.values()}


def test_generate_right_after_typing_an_answer_uses_it_and_undo_takes_back_the_generation(qtbot, db_path, monkeypatch) -> None:
    from tests.gui_helpers import finish_background_work
    from tests.test_breaker53c import _hearing, type_keys

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        before = wbs_titles(window)
        edit = _hearing(window, "hearing", USERS).editors["later"].edit
        edit.selectAll()
        type_keys(edit, "1")  # nobody joins later: the onboarding task is no longer called for
        window.show_page("wbs")  # at once: the answer is still in its pause
        window.page("wbs").generate_button.click()
        finish_background_work()
        qtbot.wait(900)
        settle(window)
        answer = window.state.answers.answer(window.state.project_id, USERS)
        assert answer is not None and answer.later == 1
        assert ONBOARDING in before and ONBOARDING not in wbs_titles(window), "the generation read the hearing without the answer typed"
        window.state.undo_stack.undo()
        settle(window)
        assert wbs_titles(window) == before, "Undo takes back the generation, the last thing done"
        assert window.state.answers.answer(window.state.project_id, USERS).later == 1
    finally:
        close_window(window)


def test_held_generate_after_a_pause_adds_the_task_the_answer_calls_for(qtbot, db_path, monkeypatch) -> None:
    from tests.gui_helpers import finish_background_work
    from tests.test_breaker53c import _hearing, type_keys

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        before = wbs_titles(window)
        edit = _hearing(window, "hearing", USERS).editors["later"].edit
        edit.selectAll()
        type_keys(edit, "1")
        qtbot.wait(900)
        window.show_page("wbs")
        window.page("wbs").generate_button.click()
        finish_background_work()
        settle(window)
        assert ONBOARDING in before and ONBOARDING not in wbs_titles(window)
        window.state.undo_stack.undo()
        settle(window)
        assert wbs_titles(window) == before
        assert window.state.answers.answer(window.state.project_id, USERS).later == 1
    finally:
        close_window(window)


# --- 78b5fff: a page opened with the server away -------------------------------------------------------------

RAISES_OFFLINE = "opened first with the server away, the page's first read raises UserError out of the event loop (sys.excepthook)"
PAGES = ["proposal", "wbs", "review", "exports", "hearing", "experiment", "data-ci", "system-planning"]  # (the last four raised: fixed)


@pytest.mark.postgresql
@pytest.mark.parametrize("page_id", PAGES)
def test_each_page_first_opened_with_the_server_stopped_raises_nothing(qtbot, pg_server, pg_url, monkeypatch, said, page_id) -> None:
    import traceback

    from tests.test_breaker53b import listening, pg_window

    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}" + "".join(traceback.format_tb(tb))))
    a = pg_window(qtbot, pg_url)
    try:
        start = "exports" if page_id != "exports" else "proposal"
        a.show_page(start)
        settle(a)
        listening(qtbot, a)
        pg_server.halt("fast")
        try:
            a.show_page(page_id)  # built now, its reads on a server away
            qtbot.wait(2500)  # (a page reading again every 2 s)
            shown = a.statusBar().currentMessage()
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: a.watcher._listener is not None, timeout=20000)
        settle(a)
        crashes = [s for s in said if "CRASH" in s or "Traceback" in s]
        assert not raised and not crashes, "\n".join(raised + crashes)
        assert not any(w in shown for w in ("Error", "psycopg", "Traceback")), shown
        # the server back: the page read (again) while in front, the status bar no longer says it cannot be read
        qtbot.waitUntil(lambda: "接続できません" not in a.save_label.text() and "オフライン" not in a.save_label.text(), timeout=10000)
        assert a.current_page().page_id == page_id and a.current_page().settled()
    finally:
        close_window(a)


# --- 8997622: QApplication.quit() with the window open, in a real process -----------------------------------

QUIT_CHILD = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    page_id, paused = sys.argv[3], sys.argv[4] == "paused"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from app.ui import messages
    from tests.gui_helpers import finish_background_work, make_window
    from tests.test_breaker53c import field, pump, type_keys
    messages.confirm = lambda *a, **k: True
    messages.show_error = lambda *a, **k: None
    win = make_window(None, sys.argv[1], global_lang="ja")
    pump(20)
    finish_background_work()
    p = win.page("wbs"); win.show_page("wbs"); finish_background_work(); pump(5)
    p.select_task(next(t for t, code in p.model.tree.codes.items() if code == "2.4"))
    p.actions_by_name["indent"].trigger(); pump(5)  # a WBS step on the stack
    type_keys(field(win, "proposal"), "(追記)"); pump(5)
    type_keys(field(win, "env"), "x"); pump(5)
    model, index = field(win, "review"); model.setData(index, "根拠"); pump(5)
    type_keys(field(win, "h_text"), "(会議メモ)")  # a hearing answer typed
    if not paused:
        pump(150)  # (saved after its pause)
    win.show_page(page_id); pump(10)
    if paused:
        type_keys(field(win, "h_text"), "(追記中)")
        win.show_page(page_id)
    print("QUITTING", flush=True)
    QTimer.singleShot(50, QApplication.instance().quit)
    QApplication.instance().exec()
    print("QUIT", flush=True)
    """
)


@pytest.mark.parametrize("paused", ["paused"])
@pytest.mark.parametrize("page_id", ["wbs", "review"])  # (16 pages x saved/paused held once; two kept, a child each)
def test_quit_with_the_window_open_after_edits_prints_no_traceback(db_path, tmp_path, page_id, paused) -> None:
    from tests.conftest import copy_database
    from tests.gui_helpers import _first_start_database

    copy_database(_first_start_database("ja"), db_path)
    home = tmp_path / "child-home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")
    env.pop("MLOPS_KICKOFF_DB", None)
    done = subprocess.run([sys.executable, "-c", QUIT_CHILD, str(db_path), str(REPO), page_id, paused],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    err = "\\n".join(line for line in done.stderr.splitlines() if "propagateSizeHints" not in line)
    assert "QUITTING" in done.stdout and done.returncode == 0, (done.returncode, done.stdout[-800:], err[-3000:])
    assert "Traceback" not in err and "Error" not in err, err[-3000:]
    if paused == "paused":  # the answer typed a moment before the session ended: stored, or kept as a draft
        import sqlite3

        rows = sqlite3.connect(db_path).execute("select value from answers where item_id = 'hearing.basics.background'").fetchall()
        kept = [f.read_text(encoding="utf-8") for f in home.rglob("*.json") if "drafts" in str(f)]
        assert any("(追記中)" in str(json.loads(r[0])) for r in rows) or any("(追記中)" in k for k in kept), (rows, kept)
