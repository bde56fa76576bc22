"""breaker68b: a team database over a slow, unreliable network. Two Japanese consultants share a team PostgreSQL
database (README "Working as a team", "Where data lives", "When the server goes away"); one of them works from a
customer's site over a VPN. A small TCP proxy (class VPN below: threads, sockets) sits between her window (or her
command line) and the throwaway server of tests/pg.py (conftest's pg_server / pg_url): it delays every chunk by 50 ms
each way (100 ms a round trip, the low end of a VPN from a customer's site), and stalls (holds every byte) or cuts
(RST both ways) the connections on command. The UI thread's freezes are measured with a 10 ms QTimer heartbeat (the
longest gap). Scratch under /tmp/b68b.

Tried:
- the first start of the Japanese window on an empty team database through the proxy (the demo made: about 117 s
  before the window shows; not made a test, noted here), then the window opened through the proxy (100 ms and 200 ms round trips): pages shown for the first time
  (ヒアリング, WBS, 実験環境構築, レビュー, 提案書), a hearing item opened, an answer typed and saved, Ctrl+Z;
- the connection cut (RST) 0.3 s, 1.0 s and 2.0 s into the save of a typed answer;
- the connection stalled 1 s into the save of a typed answer, for 20-25 s;
- the command line (``python -m app --db <proxy url> --lang ja``): ``projects list``, ``hearing answer`` with the
  connection cut 0.3 / 0.8 / 1.5 / 3.0 s in, stalled 1.5 s and 2.5-3 s in.

Held (normal tests below):
- a cut during the save: what was typed is kept (「オフライン: 未保存の編集 1 件」, one Japanese line under the
  field, no password, no English), saved once the connection is back, exactly one history entry for it (no duplicate
  after the retry);
- the command line with the connection cut mid-command: one Japanese line on stderr (「データベースサーバーとの接続が
  切れました…保存していません…」), exit 2, no traceback, no password, and nothing stored; a cut while it connects is
  retried and the answer saved once; a stall while it connects gives up after 10 s in Japanese.

Broke (strict xfails below; each reason says what the user sees):
- test_saving_a_typed_answer_over_a_vpn_does_not_freeze_the_window: at a 100 ms round trip the window freezes
  3.3 s when a typed answer is saved (and 3.2 s on Ctrl+Z; 6.6 s / 6.3 s at 200 ms): the save's dozens of round
  trips run on the UI thread (app/ui/hearing editor flush -> AnswerService.update through db.session);
- test_opening_the_wbs_page_over_a_vpn_does_not_freeze_the_window: the WBS page shown for the first time freezes the
  window 4.9 s at 100 ms (9.4 s at 200 ms); ヒアリング 4.1 s, 提案書 2.3 s, 実験環境構築 1.8 s, レビュー 1.4 s: the
  page loads read the project on the UI thread;
- test_a_stalled_vpn_does_not_hang_the_window_for_as_long_as_it_stalls: the connection stalls 1 s into a save: the
  window is frozen (no repaint, no input) for the whole stall (27 s over a 25 s stall), however long it lasts: no
  client-side bound on a query's answer (app/core/storage/db.py _create_engine: connect_timeout only, no
  keepalives / tcp_user_timeout; statement_timeout is the server's and the server did answer);
- test_the_command_line_over_a_stalled_vpn_gives_up_in_japanese: ``hearing answer`` with the connection stalled
  mid-command never returns (killed after 40 s, nothing printed); the same stall while connecting gives up at 10 s.
"""

from __future__ import annotations

import os
import queue
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests.gui_helpers import close_window, make_window
from tests.pg import PASSWORD
from tests.test_nothing_lost_gui import open_item

pg = pytest.mark.postgresql
REPO = Path(__file__).resolve().parents[1]
BACKGROUND = "hearing.basics.background"  # 背景・課題
ONE_WAY_S = 0.05  # 100 ms a round trip
FROZEN_OK_S = 1.0  # a freeze the user would not notice as one


# --- the VPN: a TCP proxy with latency, stall and cut -----------------------------------------------------------


def _rst(s: socket.socket) -> None:
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        s.close()
    except OSError:
        pass


class VPN:
    """Forwards 127.0.0.1:<port> to the server; each chunk is sent ``delay_s`` after it arrived, in order."""

    def __init__(self, target_port: int, delay_s: float = ONE_WAY_S) -> None:
        self.target = ("127.0.0.1", target_port)
        self.delay_s = delay_s
        self.stalled = threading.Event()
        self.closed = False
        self.lock = threading.Lock()
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, pg_url: str, server_port: int) -> str:
        return pg_url.replace(f":{server_port}/", f":{self.port}/")

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _rst(client)
                continue
            with self.lock:
                self.pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        chunks: queue.Queue = queue.Queue()
        threading.Thread(target=self._send, args=(chunks, src, dst), daemon=True).start()
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            chunks.put((time.monotonic() + self.delay_s, data))
            if not data:
                return

    def _send(self, chunks: queue.Queue, src: socket.socket, dst: socket.socket) -> None:
        while True:
            due, data = chunks.get()
            while due > time.monotonic() or self.stalled.is_set():
                if self.closed:
                    return
                time.sleep(0.005)
            if not data:
                for s in (src, dst):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            try:
                dst.sendall(data)
            except OSError:
                return

    def cut(self) -> None:
        """Every connection reset now, both ways (a VPN dropping)."""
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for s in pair:  # wake the blocked recv first: a socket closed under it sends nothing
                try:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    s.shutdown(socket.SHUT_RD)
                except OSError:
                    pass
        time.sleep(0.05)
        for a, b in pairs:
            _rst(a)
            _rst(b)

    def stall(self) -> None:
        self.stalled.set()

    def unstall(self) -> None:
        self.stalled.clear()

    def close(self) -> None:
        self.stalled.clear()
        self.closed = True
        self.listener.close()
        self.cut()


class Heartbeat:
    """A 10 ms QTimer on the UI thread: its longest gap is the longest freeze."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.reset()
        self.timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.gaps.append(now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last = time.monotonic()
        self.gaps: list[float] = []

    def worst(self) -> float:
        return max([*self.gaps, time.monotonic() - self.last])

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def vpn(pg_server):
    proxy = VPN(pg_server.port)
    yield proxy
    proxy.close()


@pytest.fixture
def remote(qtbot, pg_server, pg_url, vpn):
    """The consultant's Japanese window on the team database, through the VPN (the demo made by a colleague in the
    office first: made through the VPN, the first start alone takes about two minutes)."""
    assert cli(pg_url, "demo").returncode == 0
    window = make_window(qtbot, vpn.url(pg_url, pg_server.port), first_start=True, global_lang="ja")
    beat = Heartbeat()
    yield window, beat
    beat.stop()
    vpn.unstall()
    close_window(window)


def _type(field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    field.insertPlainText(text)  # as an input method commits Japanese text


def _stored(window, item_id: str = BACKGROUND) -> str:
    return window.state.answers.answer(window.state.project_id, item_id).value


def _ascii_words(text: str) -> list[str]:
    return [w for w in text.replace("(", " ").replace(")", " ").split() if w.isascii() and any(c.isalpha() for c in w) and ":" not in w and "." not in w]


def cli(url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    home = Path("/tmp/b68b") / f"home-{os.getpid()}"
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(REPO), MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"))
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-m", "app", "--db", url, "--lang", "ja", *args], capture_output=True, text=True, timeout=timeout, env=env)


# --- held -----------------------------------------------------------------------------------------------------------


@pg
def test_held_a_cut_during_the_save_keeps_the_typing_and_saves_it_once(qtbot, remote, vpn, said) -> None:
    window, _beat = remote
    editor = open_item(window, qtbot, BACKGROUND)
    typed = "顧客先から書いた背景: VPNが切れる直前の入力"
    _type(editor.editors["value"].edit, typed)
    threading.Timer(0.3, vpn.cut).start()
    saved_at_once = editor.flush()
    if not saved_at_once:
        assert window.save_label.text() == "オフライン: 未保存の編集 1 件"
        line = editor.error_label.text()
        assert line.startswith("未保存(下書きとして保持): オフライン") and "接続が戻りしだい保存します" in line, line
        assert PASSWORD not in line and not _ascii_words(line), line
        assert editor.editors["value"].edit.toPlainText() == typed
    qtbot.waitUntil(lambda: _stored(window) == typed, timeout=20000)
    qtbot.waitUntil(lambda: window.save_label.text().endswith("に保存"), timeout=10000)
    history = [h.value for h in window.state.answers.history(window.state.project_id, BACKGROUND)]
    assert history.count(typed) == 1, history  # never twice after the retry
    assert not [s for s in said if "CRASH" in s], said


@pg
def test_held_the_command_line_cut_mid_command_says_one_japanese_line_and_stores_nothing(pg_server, pg_url, vpn) -> None:
    assert cli(pg_url, "demo").returncode == 0
    url = vpn.url(pg_url, pg_server.port)
    before = cli(pg_url, "hearing", "list", "--project", "1").stdout
    timer = threading.Timer(2.0, vpn.cut)  # the command takes ~9 s over 100 ms round trips
    timer.start()
    run = cli(url, "hearing", "answer", "--project", "1", "--item", BACKGROUND, "--value", "切断中のCLI入力", timeout=60)
    timer.cancel()
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr and PASSWORD not in run.stderr, run.stderr
    assert "接続が切れました" in lines[0] and "保存していません" in lines[0], lines
    after = cli(pg_url, "hearing", "list", "--project", "1").stdout
    assert "切断中のCLI入力" not in after and after == before


# --- defects --------------------------------------------------------------------------------------------------------


@pg
def test_saving_a_typed_answer_over_a_vpn_does_not_freeze_the_window(qtbot, remote) -> None:
    window, beat = remote
    editor = open_item(window, qtbot, BACKGROUND)
    qtbot.wait(300)
    typed = "顧客先から書いた背景: 回遊率が伸び悩んでいる"
    beat.reset()
    _type(editor.editors["value"].edit, typed)
    qtbot.waitUntil(lambda: _stored(window) == typed, timeout=20000)  # saved after the pause in typing
    qtbot.wait(200)
    frozen = beat.worst()
    assert frozen < FROZEN_OK_S, f"the window froze {frozen:.1f} s while the answer was saved"


@pg
def test_opening_the_wbs_page_over_a_vpn_does_not_freeze_the_window(qtbot, remote) -> None:
    window, beat = remote
    qtbot.wait(300)
    beat.reset()
    window.show_page("wbs")
    qtbot.wait(2000)
    frozen = beat.worst()
    assert frozen < FROZEN_OK_S, f"the window froze {frozen:.1f} s while the WBS page opened"


@pg
def test_a_stalled_vpn_does_not_hang_the_window_for_as_long_as_it_stalls(qtbot, remote, vpn) -> None:
    window, beat = remote
    editor = open_item(window, qtbot, BACKGROUND)
    qtbot.wait(300)
    typed = "VPNが止まる直前に書いた背景"
    _type(editor.editors["value"].edit, typed)
    release = threading.Timer(20.0, vpn.unstall)
    beat.reset()
    try:
        # Stalled as the save begins (1 s into it was the middle of the save while it took 3 s; it takes 0.75 s now,
        # and a stall timed after it began once the save was done and outlasted the test's unstall)
        vpn.stall()
        release.start()
        editor.flush()  # what the pause in typing (or leaving the field) does
        qtbot.wait(200)
    finally:
        release.cancel()
        vpn.unstall()
    frozen = beat.worst()
    qtbot.waitUntil(lambda: _stored(window) == typed, timeout=30000)  # nothing typed lost either way
    # bounded by the reply watchdog (10 s, MLOPS_KICKOFF_PG_REPLY_TIMEOUT) and the handling of the cut, never the 20 s stall
    assert frozen < 15, f"the window froze {frozen:.1f} s while the VPN stalled"


@pg
def test_the_command_line_over_a_stalled_vpn_gives_up_in_japanese(pg_server, pg_url, vpn) -> None:
    assert cli(pg_url, "demo").returncode == 0
    url = vpn.url(pg_url, pg_server.port)
    timer = threading.Timer(3.0, vpn.stall)  # past the connect (bounded at 10 s), in the middle of the work
    timer.start()
    try:
        run = cli(url, "hearing", "answer", "--project", "1", "--item", BACKGROUND, "--value", "停止中のCLI入力", timeout=40)
    except subprocess.TimeoutExpired:
        pytest.fail("the command line still waits after 40 s, nothing said")
    finally:
        timer.cancel()
        vpn.unstall()
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr and PASSWORD not in run.stderr, run.stderr
    assert not _ascii_words(lines[0].split(":", 1)[-1]), lines


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
