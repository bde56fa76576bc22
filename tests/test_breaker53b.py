"""breaker53b: a team sharing one PostgreSQL database (README "Working as a team"): window A (山田) and window B
(佐藤), both Japanese, on one pg_url (tests/conftest.py pg_server / pg_url), the seeded two-window random walk of
tests/test_breaker52b.py (class World, imported) run against PostgreSQL: colleague changes arrive by NOTIFY (the
watcher's listening socket), not by polling SQLite's data_version. Plus: the server stopped and started in the
middle of typing, a third client's long transaction holding a row lock while a window saves, the CLI
(``python -m app --db <url> --lang ja ...``) editing at the same moment as a window. Scratch under /tmp/b53b.

Tried: the random walk (class World of test_breaker52b with hear() reading each window's NOTIFY socket) seeds 1-23,
40 steps each (hearing, proposal, environment, review, People, WBS cells, adds / deletes / indents, Undo / Redo, a
colleague changing what my last step changed then my Undo / Redo); the server stopped (pg_ctl stop -m fast) between
two IME commits in 山田's answer while 佐藤 retitles a WBS task offline; opening the WBS page and selecting a row while
the server is down; a third client holding the answer's / the task's row FOR UPDATE for 6-10 s while 山田 saves; the
CLI's ``resources add`` (role, then share) of 高橋 while 山田 types and after his People edit.

Held: on PostgreSQL no colleague value ever overwritten by an Undo or Redo in 23 seeds, every undo of what only I
touched made, every refusal said in Japanese naming the field; both windows' pages as stored after each heard
NOTIFY; the answer typed across the server restart kept whole on screen (「オフライン: 未保存の編集 1 件」), saved once
after, 佐藤's offline title too, each window then showing the other's, 山田's Ctrl+Z taking his answer back; a row
lock: nothing typed lost, stored once the lock goes, said in Japanese (「データベースが使用中です…入力内容は保持して
います…」); the CLI writing People while the window types: both kept, the window's undo of the share keeps the CLI's
role, an undo after the CLI's share refused naming 「高橋」, the CLI's output Japanese.

Broke (strict xfails):
- test_opening_the_wbs_page_while_the_server_is_down_raises_nothing_out_of_the_page: the page's reload raises a
  UserError (show_baseline reading the baselines) out of the Qt event loop; its load stops half-way.
- test_selecting_a_wbs_row_while_the_server_is_down_raises_nothing_out_of_the_page: the details pane's tooltip reads
  the task's last editor on the UI thread (WbsService.last_editor) and raises; in the app a message box per click.
- test_a_row_locked_by_a_long_transaction_freezes_no_window_and_the_edit_is_saved[hearing, wbs]: while a third
  client holds the row, every retry of the draft waits the UI busy timeout (2 s) on the UI thread again: 3.4-4.1 s
  frozen over a 6 s lock, 5.6-5.9 s over 10 s; on the WBS page each retry also shows the busy message box again.
  Fixed: found busy a moment ago, a save on the UI thread waits for a lock 0.2 s (AppState.busy_within, as the
  environment fields' keystrokes): 2.0-2.1 s frozen in all over a 6 s or 10 s lock, the busy box once.
Harness notes: settle() never returns while the server is down (the watcher's 3 s re-listen and the drafts' retries
are single-shot timers), so the offline parts wait with qtbot.wait.
"""

from __future__ import annotations

import os
import random
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker52b import World

pg = pytest.mark.postgresql
REPO = Path(__file__).resolve().parent.parent


def pg_window(qtbot, url: str, author: str = "山田 太郎"):
    window = make_window(qtbot, url, first_start=True, global_lang="ja")
    window.state.workspace.author = author
    settle(window)
    return window


def listening(qtbot, *windows) -> None:
    """Each window's LISTEN connection is up (it connects on a worker)."""
    qtbot.waitUntil(lambda: all(w.watcher._listener is not None for w in windows), timeout=10000)


@contextmanager
def two_pg_windows(qtbot, url: str, monkeypatch):
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = pg_window(qtbot, url)
    b = pg_window(qtbot, url, "佐藤 花子")
    try:
        assert a.state.project_id == b.state.project_id
        listening(qtbot, a, b)
        yield a, b
    finally:
        for w in (b, a):
            with suppress(Exception):
                close_window(w)


class PgWorld(World):
    """World (test_breaker52b) whose windows hear each other as on a team database: the NOTIFY a commit sends
    reaches the other window's listening socket; given a moment, read by the watcher as its socket notifier would."""

    def hear(self) -> None:
        for _ in range(2):
            self.qtbot.wait(80)
            for w in (self.a, self.b):
                w.watcher._on_notified()
                w.watcher.poll()
                settle(w)


SEEDS = [int(x) for x in os.environ.get("SEEDS53B", "7").split(",")]


@pg
@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("seed", SEEDS)
def test_random_interleaving_on_postgresql(qtbot, pg_server, pg_url, monkeypatch, said, seed) -> None:
    """40 random steps (edits on every page, adds, deletes, indents, Undo, Redo in either window, a colleague
    changing what my last step changed then my Undo / Redo); after each, every shadow field as stored, each
    window's page as stored, no undo / redo overwriting a colleague's later value. SEEDS53B=1,2,... for more."""
    with two_pg_windows(qtbot, pg_url, monkeypatch) as (a, b):
        world = PgWorld(a, b, said, random.Random(seed))
        world.qtbot = qtbot
        start = time.monotonic()
        for _ in range(40):
            world.random_step()
            if time.monotonic() - start > 60:
                break
        with suppress(OSError):
            Path(f"/tmp/b53b/log-{seed}.txt").write_text("\n".join(world.log), encoding="utf-8")
        crashes = [s for s in said if "CRASH" in s or "Traceback" in s]
        assert not world.problems and not crashes, "\n".join(world.problems[:6] + crashes) + "\n---\n" + "\n".join(world.log)


# --- the server stopped and started in the middle of typing ---------------------------------------------------


def wbs(window):
    window.show_page("wbs")
    settle(window)
    return window.page("wbs")


def a_leaf(tree) -> int:
    return next(t.id for t in tree.walk() if not tree.has_children(t.id) and tree.tasks[t.id].parent_id is not None)


@pg
@pytest.mark.qt_no_exception_capture
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_server_restarted_mid_typing_keeps_both_windows_typing_and_saves_it_after(qtbot, pg_server, pg_url, monkeypatch, said) -> None:
    """山田 types the first half of 背景・課題, the server stops, he types the second half; 佐藤 retitles a WBS task
    while it is down. Both wait as drafts (「オフライン: 未保存の編集 1 件」), both are saved once the server is back,
    each window then shows the other's, and 山田's Ctrl+Z takes his whole answer back."""
    import sys

    from tests.test_breaker40b import ime
    from tests.test_breaker43a import open_cell, type_in
    from tests.test_breaker52b import BG
    from tests.test_nothing_lost_gui import open_item

    raised: list[str] = []  # (a task's row selected offline raises: test_selecting_a_wbs_row_while_the_server_is_down_...)
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    with two_pg_windows(qtbot, pg_url, monkeypatch) as (a, b):
        pid = a.state.project_id
        before = a.state.answers.answer(pid, BG).value
        service_tree = lambda: __import__("app.wbs.service", fromlist=["WbsService"]).WbsService(a.state.workspace.db).tree(pid)  # noqa: E731
        task = a_leaf(service_tree())
        wbs(b)  # 佐藤 has the WBS open (opening it while the server is down: test_opening_the_wbs_page_offline_...)
        editor = open_item(a, qtbot, BG)
        field = editor.editors["value"].edit
        a.activateWindow()
        field.setFocus()
        field.selectAll()
        ime(field, "山田の前半")
        pg_server.halt("fast")
        try:
            ime(field, "と後半")
            qtbot.wait(1500)  # the pause after typing: the answer is tried, and kept
            assert field.toPlainText() == "山田の前半と後半"
            # 佐藤 retitles a task while the server is down
            b.activateWindow()
            cell = open_cell(b, qtbot, task, "title")
            type_in(cell, "佐藤がオフラインで直した件名")
            qtbot.keyClick(cell, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.Key.Key_Return)
            qtbot.wait(300)
            qtbot.waitUntil(lambda: a.state.offline and b.state.offline, timeout=8000)
            assert "オフライン" in a.save_label.text() and "1" in a.save_label.text(), a.save_label.text()
            assert "オフライン" in b.save_label.text() and "1" in b.save_label.text(), b.save_label.text()
            assert b.page("wbs").model.tree.tasks[task].title == "佐藤がオフラインで直した件名"
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: not a.state.offline and not b.state.offline, timeout=20000)
        qtbot.waitUntil(lambda: "オフライン" not in a.save_label.text() and "オフライン" not in b.save_label.text(), timeout=20000)
        settle(a)
        settle(b)
        assert a.state.answers.answer(pid, BG).value == "山田の前半と後半"
        assert service_tree().tasks[task].title == "佐藤がオフラインで直した件名"
        # each window shows the other's (the listener connects again and reads what it missed)
        qtbot.waitUntil(lambda: wbs(a).model.tree.tasks[task].title == "佐藤がオフラインで直した件名", timeout=10000)
        shown_b = open_item(b, qtbot, BG).editors["value"].edit
        qtbot.waitUntil(lambda: shown_b.toPlainText() == "山田の前半と後半", timeout=10000)
        # 山田's Ctrl+Z takes back the answer typed across the restart (one edit), nothing of 佐藤's
        open_item(a, qtbot, BG)
        a.undo_action.trigger()
        settle(a)
        assert a.state.answers.answer(pid, BG).value == before, a.state.answers.answer(pid, BG).value
        assert service_tree().tasks[task].title == "佐藤がオフラインで直した件名"
        assert not [s for s in said if "CRASH" in s or "Traceback" in s], said


@pg
@pytest.mark.qt_no_exception_capture
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_opening_the_wbs_page_while_the_server_is_down_raises_nothing_out_of_the_page(qtbot, pg_server, pg_url, monkeypatch, said) -> None:
    import sys

    raised: list[str] = []
    import traceback

    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}" + "".join(traceback.format_tb(tb))))
    a = pg_window(qtbot, pg_url)
    try:
        a.show_page("hearing")
        settle(a)
        listening(qtbot, a)
        pg_server.halt("fast")
        try:
            a.show_page("wbs")
            qtbot.wait(500)
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: a.watcher._listener is not None, timeout=20000)
        settle(a)
        assert len(a.page("wbs").model.tree.tasks) == 86
        assert not raised, raised
    finally:
        close_window(a)


@pg
@pytest.mark.qt_no_exception_capture
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_selecting_a_wbs_row_while_the_server_is_down_raises_nothing_out_of_the_page(qtbot, pg_server, pg_url, monkeypatch, said) -> None:
    import sys

    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    a = pg_window(qtbot, pg_url)
    try:
        p = wbs(a)
        listening(qtbot, a)
        tree = p.model.tree
        first, second = [t.id for t in tree.walk() if not tree.has_children(t.id)][:2]
        p.select_task(first)
        settle(a)
        pg_server.halt("fast")
        try:
            p.select_task(second)  # 山田 clicks another task to read it
            qtbot.wait(500)
        finally:
            pg_server.resume()
        qtbot.waitUntil(lambda: a.watcher._listener is not None, timeout=20000)
        settle(a)
        assert not raised, raised
    finally:
        close_window(a)


# --- a third client's long transaction holding a row lock while a window saves ------------------------------


def third_client(pg_url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    from tests.pg import BOUNDED, PASSWORD

    u = make_url(pg_url)
    return psycopg.connect(host=u.host, port=u.port, user=u.username, password=PASSWORD, dbname=u.database,
                           connect_timeout=10, options=BOUNDED)  # (a server that hangs fails the test, never holds it)


class Stalls:
    """The longest the UI thread went without running a 20 ms timer (a freeze the user sees)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.last = time.monotonic()
        self.worst = 0.0
        self.frozen = 0.0  # the sum of stalls over 0.3 s
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self.last)
        if now - self.last > 0.3:
            self.frozen += now - self.last
        self.last = now

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def hold_row_lock(pg_url: str, sql: str, params: tuple, seconds: float):
    """A third client (a report script, psql left in a transaction) locks a row FOR UPDATE, commits ``seconds`` later."""
    import threading

    conn = third_client(pg_url)
    conn.execute(sql, params)
    done = threading.Event()

    def later() -> None:
        time.sleep(seconds)
        conn.commit()
        conn.close()
        done.set()

    threading.Thread(target=later, daemon=True).start()
    return done


HOLD_S = float(os.environ.get("HOLD53B", "6"))


@pg
@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("where", ["hearing", "wbs"])
def test_a_row_locked_by_a_long_transaction_freezes_no_window_and_the_edit_is_saved(qtbot, pg_server, pg_url, monkeypatch, said, where) -> None:
    """A third client holds the answer's (or the task's) row FOR UPDATE for 6 s while 山田 saves an edit of it: what
    he typed stays on screen and is stored once the lock goes, anything said is Japanese (held); the window waits
    the busy timeout (2 s) once, not at every retry, and says it once (broke)."""
    from PySide6.QtCore import Qt

    from app.wbs.service import WbsService
    from tests.test_breaker40b import ime
    from tests.test_breaker43a import open_cell, type_in
    from tests.test_breaker52b import BG
    from tests.test_nothing_lost_gui import open_item

    a = pg_window(qtbot, pg_url)
    problems: list[str] = []
    a.state.problem.connect(problems.append)
    try:
        pid = a.state.project_id
        listening(qtbot, a)
        if where == "hearing":
            editor = open_item(a, qtbot, BG)
            done = hold_row_lock(pg_url, "SELECT id FROM answers WHERE project_id = %s AND item_id = %s FOR UPDATE", (pid, BG), HOLD_S)
            stalls = Stalls()
            field = editor.editors["value"].edit
            a.activateWindow()
            field.setFocus()
            field.selectAll()
            ime(field, "ロック中に山田が入力")
            qtbot.wait(int(HOLD_S * 1000 + 1500))
            worst = stalls.stop()
            qtbot.waitUntil(done.is_set, timeout=10000)
            qtbot.waitUntil(lambda: a.state.answers.answer(pid, BG).value == "ロック中に山田が入力", timeout=15000)
            assert field.toPlainText() == "ロック中に山田が入力"
        else:
            p = wbs(a)
            tree = p.model.tree
            task = a_leaf(tree)
            done = hold_row_lock(pg_url, "SELECT id FROM wbs_tasks WHERE id = %s FOR UPDATE", (task,), HOLD_S)
            stalls = Stalls()
            cell = open_cell(a, qtbot, task, "title")
            type_in(cell, "ロック中に山田が直した件名")
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            qtbot.wait(int(HOLD_S * 1000 + 1500))
            worst = stalls.stop()
            qtbot.waitUntil(done.is_set, timeout=10000)
            qtbot.waitUntil(lambda: WbsService(a.state.workspace.db).tree(pid).tasks[task].title == "ロック中に山田が直した件名", timeout=15000)
            assert p.model.tree.tasks[task].title == "ロック中に山田が直した件名"
        settle(a)
        shown = problems + said + [a.save_label.text()]
        english = [s for s in shown if s and s.isascii() and any(c.isalpha() for c in s)]
        assert not english and not [s for s in shown if "CRASH" in s or "Traceback" in s or "psycopg" in s], shown
        # (2 s as designed; bounds over a loaded machine's jitter, far under the lock waited out)
        assert worst < 3.0, f"the window froze {worst:.1f} s at once while the row was locked; said {shown}"
        assert stalls.frozen < 4.0, f"the window was frozen {stalls.frozen:.1f} s of the {HOLD_S:g} s lock; said {shown}"
        busy = [s for s in said if "使用中" in s]
        assert len(busy) <= 1, f"the busy database said in {len(busy)} message boxes for one edit"
    finally:
        close_window(a)


# --- the CLI editing at the same moment as a window ------------------------------------------------------------


def cli(pg_url: str, tmp_path: Path, *args: str):
    import subprocess
    import sys

    home = tmp_path / "cli"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "s.ini"), "MLOPS_KICKOFF_AUTHOR": "鈴木"}
    return subprocess.Popen([sys.executable, "-m", "app", "--db", pg_url, "--lang", "ja", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def finished(qtbot, proc) -> str:
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, (out, err)
    assert "Traceback" not in out + err and "psycopg" not in out + err, (out, err)
    return out + err


@pg
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_cli_editing_people_while_the_window_types_keeps_both_and_undo_respects_it(qtbot, pg_server, pg_url, monkeypatch, said, tmp_path) -> None:
    """山田 sets 高橋's share in People; 鈴木's CLI (``resources add --name 高橋 --role DS``) runs while 山田 types the
    hearing's 背景・課題: both stored. 山田's Ctrl+Z of the share puts the share back and keeps the CLI's role (only the
    step's field compared). Then the CLI sets the share (``--percent 70``) after 山田's Redo: his next Ctrl+Z is
    refused, naming 高橋, and 70 stays; both windows' stored state as the shadow model says (World)."""
    from app.wbs.resources import people as people_store
    from tests.test_breaker52b import PERSON

    with two_pg_windows(qtbot, pg_url, monkeypatch) as (a, b):
        world = PgWorld(a, b, said, random.Random(3))
        world.qtbot = qtbot
        pid = a.state.project_id
        ws = a.state.workspace

        def person():
            return people_store.by_name(people_store.read(ws, pid)).get(PERSON)

        before = world.shadow[("people",)]
        world.edit_people(a)
        mine = world.shadow[("people",)]
        proc = cli(pg_url, tmp_path, "resources", "add", "--project", str(pid), "--name", PERSON, "--role", "DS")
        world.edit_hearing(a)  # 山田 types while the CLI writes
        finished(qtbot, proc)
        world.hear()
        world.shadow = world.read_all()
        assert person().role.lower() == "ds" and person().percent == mine
        assert world.shadow[("hearing",)].startswith("山田の入力")
        world.step_back(a, undo=True)  # the hearing
        world.step_back(a, undo=True)  # the share: only the percent compared, the CLI's role kept
        assert person().percent == before and person().role.lower() == "ds", (person(), world.log)
        world.step_back(a, undo=False)  # Redo: the share again
        assert person().percent == mine
        out = finished(qtbot, cli(pg_url, tmp_path, "resources", "add", "--project", str(pid), "--name", PERSON, "--percent", "70"))
        assert not out.isascii(), out  # the CLI speaks Japanese
        world.hear()
        world.shadow = world.read_all()
        heard = len(world.heard["A"])
        world.step_back(a, undo=True)
        assert person().percent == 70 and person().role.lower() == "ds"
        assert any(f"「{PERSON}」" in m for m in world.heard["A"][heard:]), world.heard["A"][heard:]
        assert not world.problems, "\n".join(world.problems)
