"""Break-it 69j: a Japanese consultant on a team PostgreSQL database over a slow VPN (100 ms a round trip: the VPN
proxy and Heartbeat of tests/test_breaker68b.py), the Hearing, Proposal and Review pages reading the project on a
worker (「読み込み中…」, editing off until the read is in: app/ui/page_reads/reading.py). The demo is made with the
command line straight against the server; the window opens through the VPN. Break-it 69g tried project switches;
this one tries what it did not.

Tried
- Fast page switching ヒアリング → 提案書 → レビュー → ヒアリング (twice, 150 ms apart) while the VPN stalled 3 s.
- Typing the instant 「読み込み中…」 disappears on 提案書 (a section field) and レビュー (an evidence cell), then Ctrl+Z.
- Ctrl+Z, Ctrl+Shift+Z, Ctrl+Z pressed while 提案書 reads (VPN stalled 3 s) after a saved hearing answer.
- The window language switched ja → en while 提案書 reads, and while レビュー reads.
- The server stopped (pg_ctl stop -m fast) while 提案書 reads, the VPN stalled, then started again.
- Closing a real window (``python -m app --db <VPN url> --lang ja``, offscreen) with SIGTERM 1 s into a VPN stall,
  3 s and 6 s after it started.

Held
- After fast page switching through a stall, each page ends on this project's data, editable: the hearing's 背景,
  the proposal's sections, the review's items, no 「読み込み中…」 left.
- Typed the instant the read is in: the proposal section and the review evidence are saved, one undo step each,
  Ctrl+Z takes them back in the database and on screen.
- Undo/redo while a page reads: nothing lost; the hearing shows what the database holds, the proposal read is in.
- Language switched mid-read: the rebuilt page reads and ends in English (labels, buttons, Edit menu), no crash.
- The server stopped mid-read: the status bar says it in Japanese (「データベースサーバーとの接続が切れました…」,
  no English, no page id), the page reads again once the server is back, the line goes, the saved answer is kept.
- Closing the window mid-read (SIGTERM): exits 0, nothing on stderr.

Broke
- レビュー over a VPN: she types evidence into a cell and presses Enter; the cell goes back to the old evidence
  (「データ項目定義書に型・範囲・欠損の扱いを記載(手動で確認)」) for ~2.5 s and only then shows what she typed: the save
  (app/ui/review/editing.py edit -> run_op) puts nothing on the model; the page shows its old view until the
  re-read on a worker (page.reload from state.changed) comes back over the VPN.
- 提案書 reading when the server stops (her answer saved, 「…に保存」 shown): the status bar says
  「未保存: データベースサーバーとの接続が切れました(…)。保存していません。もう一度お試しください(自動で再接続します)」, as if
  something typed were lost, though only a page's read failed: app/ui/state.py report_unread -> report_problem,
  shown by main_window._on_problem as "Not saved: {0}", with the save-failure text of app/ui/error_text.
"""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication

from tests.gui_helpers import close_window, make_window, page_read
from tests.test_breaker68b import BACKGROUND, VPN, Heartbeat, cli

pg = pytest.mark.postgresql
LOADING = "読み込み中…"


@pytest.fixture
def vpn(pg_server):
    proxy = VPN(pg_server.port)
    yield proxy
    proxy.close()


@pytest.fixture
def team(qtbot, pg_server, pg_url, vpn):
    assert cli(pg_url, "demo").returncode == 0
    # (opened on the Hearing page: the Proposal page, the first page, would be read as the window opens, its read in
    # before the tests show it)
    window = make_window(qtbot, vpn.url(pg_url, pg_server.port), first_start=True, global_lang="ja", page="hearing")
    beat = Heartbeat()
    yield window, beat
    beat.stop()
    vpn.unstall()
    close_window(window)


def _stall(vpn, seconds: float = 3.0) -> threading.Timer:
    vpn.stall()
    release = threading.Timer(seconds, vpn.unstall)
    release.start()
    return release


def _pump_until(cond, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        assert time.monotonic() < deadline
        QCoreApplication.processEvents()
        time.sleep(0.002)


def _review_text(window, pid: int) -> dict:
    from app.review.service import review_view

    view = review_view(window.state.workspace, pid)
    return {(c.checklist.id, i): (r.answer.evidence, r.answer.note) for c in view.checklists for i, r in c.items.items()}


@pg
def test_held_fast_page_switching_while_reads_run(qtbot, team, vpn) -> None:
    window, _beat = team
    pid = window.state.project_id
    hearing = window.page("hearing")
    page_read(hearing)
    release = _stall(vpn)
    t0 = time.monotonic()
    for page_id in ("hearing", "proposal", "review", "hearing", "proposal", "review", "hearing"):
        window.show_page(page_id)
        qtbot.wait(150)
    print("switches took", time.monotonic() - t0)
    release.join()
    for page_id in ("proposal", "review", "hearing"):
        window.show_page(page_id)
        page = window.page(page_id)
        if page_id == "review":
            qtbot.waitUntil(lambda p=page: p.reads.idle and not p._loading, timeout=20000)
            assert p_ok_review(page, pid)
        elif page_id == "proposal":
            qtbot.waitUntil(lambda p=page: p._loaded_for == pid and p.reads.reading is None, timeout=20000)
            assert page.splitter.isEnabled() and page.result_label.text() != LOADING
            assert page.sections.editors
        else:
            page_read(page)
            assert page.select_item(BACKGROUND)
            qtbot.waitUntil(lambda p=page: p.editor.item_id == BACKGROUND)
            assert page.editor.isEnabled() and page.editor.editors["value"].edit.toPlainText()
            assert page.session_label.text() != LOADING


def p_ok_review(page, pid) -> bool:
    return page.view is not None and page.view.project_id == pid and page.table.isEnabled() and page.model.rowCount() > 0 \
        and page.detail.text() != LOADING


def _stored_section(window, section_id: str, lang: str) -> str:
    from app.proposal.service import ProposalService

    return ProposalService(window.state.documents).load(window.state.project_id).texts.get(section_id, {}).get(lang, "")


@pg
def test_held_typing_the_instant_the_proposal_read_is_in(qtbot, team, vpn) -> None:
    window, _beat = team
    page_read(window.page("hearing"))
    release = _stall(vpn, 1.5)
    window.show_page("proposal")
    page = window.page("proposal")
    assert page.result_label.text() == LOADING and not page.splitter.isEnabled()
    _pump_until(lambda: page.result_label.text() != LOADING)
    release.join()
    section_id = list(page.sections.editors)[0]
    field = page.sections.editor(section_id).edit
    assert field.isEnabled() and page.splitter.isEnabled()
    before = field.toPlainText()
    stored_before = _stored_section(window, section_id, page.lang)
    count = window.state.undo_stack.count()
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    field.insertPlainText("(VPN越しの追記)")
    qtbot.waitUntil(lambda: _stored_section(window, section_id, page.lang).endswith("(VPN越しの追記)"), timeout=15000)
    assert window.state.undo_stack.count() == count + 1
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _stored_section(window, section_id, page.lang) == stored_before, timeout=15000)
    qtbot.waitUntil(lambda: field.toPlainText() == before, timeout=5000)


def _text_cell(page, row: int):
    return page.model.index(row, page.model.column_of("text"))


def _review_typed_the_instant_the_read_is_in(qtbot, window, vpn):
    pid = window.state.project_id
    page_read(window.page("hearing"))
    release = _stall(vpn, 1.5)
    window.show_page("review")
    page = window.page("review")
    assert page.detail.text() == LOADING and not page.table.isEnabled()
    _pump_until(lambda: page.detail.text() != LOADING)
    release.join()
    assert page.table.isEnabled()
    before = _review_text(window, pid)
    count = window.state.undo_stack.count()
    assert page.model.setData(_text_cell(page, 0), "VPN越しの根拠")
    return page, pid, before, count


@pg
def test_held_typing_the_instant_the_review_read_is_in_is_saved_and_undone_in_one_step(qtbot, team, vpn) -> None:
    window, _beat = team
    page, pid, before, count = _review_typed_the_instant_the_read_is_in(qtbot, window, vpn)
    qtbot.waitUntil(lambda: any("VPN越しの根拠" in v for v in _review_text(window, pid).values()), timeout=15000)
    qtbot.waitUntil(page.settled, timeout=15000)
    assert _text_cell(page, 0).data() == "VPN越しの根拠"
    assert window.state.undo_stack.count() == count + 1
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _review_text(window, pid) == before, timeout=15000)
    qtbot.waitUntil(lambda: _text_cell(page, 0).data() != "VPN越しの根拠", timeout=10000)


@pg
def test_review_evidence_typed_over_a_vpn_stays_shown_after_enter(qtbot, team, vpn) -> None:
    window, _beat = team
    page, _pid, _before, _count = _review_typed_the_instant_the_read_is_in(qtbot, window, vpn)
    shown = []
    for _ in range(10):
        qtbot.wait(100)
        shown.append(_text_cell(page, 0).data())
    assert set(shown) == {"VPN越しの根拠"}, shown


def _type_background(window, qtbot, text: str):
    from tests.test_nothing_lost_gui import open_item

    editor = open_item(window, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    field.insertPlainText(text)
    return editor


def _stored(window) -> str:
    return window.state.answers.answer(window.state.project_id, BACKGROUND).value


@pg
def test_held_undo_and_redo_pressed_while_the_proposal_reads(qtbot, team, vpn) -> None:
    window, _beat = team
    editor = _type_background(window, qtbot, "VPN越しに書いた背景")
    editor.flush()
    qtbot.waitUntil(lambda: _stored(window) == "VPN越しに書いた背景", timeout=15000)
    release = _stall(vpn, 3.0)
    window.show_page("proposal")
    page = window.page("proposal")
    assert page.result_label.text() == LOADING
    window.undo_action.trigger()
    window.redo_action.trigger()
    window.undo_action.trigger()
    release.join()
    qtbot.waitUntil(lambda: page.reads.reading is None and page._loaded_for == window.state.project_id, timeout=20000)
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=20000)
    from tests.gui_helpers import settle

    settle(window)
    stored = _stored(window)
    assert stored != "VPN越しに書いた背景"  # undo, redo, undo: the one before
    assert page.splitter.isEnabled() and page.result_label.text() != LOADING
    assert page.inputs is not None
    shown = repr(page.inputs)
    assert "VPN越しに書いた背景" not in shown
    window.show_page("hearing")
    hearing = window.page("hearing")
    page_read(hearing)
    assert hearing.select_item(BACKGROUND)
    qtbot.waitUntil(lambda: hearing.editor.item_id == BACKGROUND)
    assert hearing.editor.editors["value"].edit.toPlainText() == stored


def _japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


@pg
def test_held_language_switched_while_the_proposal_reads(qtbot, team, vpn, said) -> None:
    window, _beat = team
    page_read(window.page("hearing"))
    release = _stall(vpn, 3.0)
    window.show_page("proposal")
    assert window.page("proposal").result_label.text() == LOADING
    window.set_ui_lang("en")
    release.join()
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.reads.reading is None and page._loaded_for == window.state.project_id, timeout=20000)
    assert page.splitter.isEnabled() and page.sections.editors
    assert not _japanese(page.result_label.text()) and not _japanese(page.export_button.text())
    assert not _japanese(window.undo_action.text()) and not _japanese(window.save_label.text())
    assert not [s for s in said if "CRASH" in s], said


@pg
def test_held_language_switched_while_the_review_reads(qtbot, team, vpn, said) -> None:
    window, _beat = team
    page_read(window.page("hearing"))
    release = _stall(vpn, 3.0)
    window.show_page("review")
    assert window.page("review").detail.text() == LOADING
    window.set_ui_lang("en")
    release.join()
    page = window.page("review")
    qtbot.waitUntil(lambda: page.settled() and not page._loading, timeout=20000)
    assert page.table.isEnabled() and page.model.rowCount() > 0
    assert not _japanese(page.detail.text()) and not _japanese(page.export_button.text()), page.detail.text()
    assert not [s for s in said if "CRASH" in s], said


def _halted_mid_read(qtbot, window, vpn, pg_server, said):
    editor = _type_background(window, qtbot, "停止前に書いた背景")
    editor.flush()
    qtbot.waitUntil(lambda: _stored(window) == "停止前に書いた背景", timeout=15000)
    qtbot.waitUntil(lambda: window.save_label.text().endswith("に保存"), timeout=10000)
    vpn.stall()
    window.show_page("proposal")
    page = window.page("proposal")
    assert page.result_label.text() == LOADING
    try:
        pg_server.halt("fast")
    finally:
        vpn.unstall()
    qtbot.wait(3000)
    told = [m for m in (window.statusBar().currentMessage(), window.save_label.text(), *said) if m]
    pg_server.resume()
    return page, told


@pg
def test_held_server_halted_mid_read_then_back(qtbot, team, vpn, pg_server, said) -> None:
    window, _beat = team
    page, told = _halted_mid_read(qtbot, window, vpn, pg_server, said)
    assert told
    for m in told:
        words = [w for w in m.replace("(", " ").replace(")", " ").split() if w.isascii() and any(c.isalpha() for c in w)]
        assert not words and "proposal" not in m and "接続が切れました" in m, told
    qtbot.waitUntil(lambda: page.reads.reading is None and page._loaded_for == window.state.project_id, timeout=20000)
    assert page.splitter.isEnabled() and page.result_label.text() != LOADING and page.sections.editors
    qtbot.waitUntil(lambda: not window.save_label.text().startswith("未保存"), timeout=10000)
    assert _stored(window) == "停止前に書いた背景"


@pg
def test_a_read_cut_off_by_the_server_stopping_does_not_say_something_is_unsaved(qtbot, team, vpn, pg_server, said) -> None:
    window, _beat = team
    _page, told = _halted_mid_read(qtbot, window, vpn, pg_server, said)
    assert told and not [m for m in told if "未保存" in m or "保存していません" in m], told


@pg
@pytest.mark.parametrize("stall_at", [3.0, 6.0])
def test_held_closing_the_window_while_a_read_runs(pg_server, pg_url, vpn, stall_at) -> None:
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    assert cli(pg_url, "demo").returncode == 0
    home = Path("/tmp/brk69j") / f"gui-{os.getpid()}-{stall_at}"
    home.mkdir(parents=True, exist_ok=True)
    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(repo), MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"),
               QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "app", "--db", vpn.url(pg_url, pg_server.port), "--lang", "ja"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        time.sleep(stall_at)
        vpn.stall()
        time.sleep(1.0)
        proc.send_signal(signal.SIGTERM)
        threading.Timer(2.0, vpn.unstall).start()
        out, err = proc.communicate(timeout=20)
    finally:
        vpn.unstall()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err and "Error" not in err, err[-3000:]
    assert proc.returncode == 0, (proc.returncode, err[-2000:])
