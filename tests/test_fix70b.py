"""Fix session 70b: the item editor after a colleague's change on a team database, and the System planning page's item
over a language switch.

1. A colleague's change heard: the Hearing page's item editor read the shown item's answer on the window's thread
   (0.3 s over a VPN of 100 ms a round trip; about 0.9 s for a 要フォロー item, its owners to suggest read too). Now it
   shows the answer from the page's read again on a worker; what is typed and not saved stays as typed. On SQLite the
   editor reads at once, as ever.
2. The owners to suggest for a follow-up come from the page's last read (read on the worker with it), never the UI thread.
3. The System planning page's item kept over a UI language switch made while the page's first read runs.
"""

from __future__ import annotations

import time

import pytest

from app.core.operations import Change, Part
from tests.gui_helpers import close_window, make_window
from tests.test_breaker68b import VPN, cli
from tests.test_nothing_lost_gui import open_item

pg = pytest.mark.postgresql
USER = "system_planning.requirements.user"
HEARD_OK_S = 0.1  # the UI thread's time on hearing a colleague's change (the page's reads are on a worker)


@pytest.fixture
def slow(qtbot, pg_server, pg_url):
    """The Japanese window on the team database through a VPN of 100 ms a round trip."""
    assert cli(pg_url, "demo").returncode == 0
    proxy = VPN(pg_server.port)
    window = make_window(qtbot, proxy.url(pg_url, pg_server.port), first_start=True, global_lang="ja", page="exports")
    yield window
    close_window(window)
    proxy.close()


@pytest.fixture
def team(qtbot, pg_url):
    assert cli(pg_url, "demo").returncode == 0
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja", page="exports")
    yield window
    close_window(window)


def _heard(window, item_id: str, **fields) -> float:
    """A colleague's change of ``item_id`` (stored, then heard as another window's): the UI thread's time hearing it."""
    pid = window.state.project_id
    window.state.answers.update(pid, item_id, **fields)
    start = time.monotonic()
    window.state.publish(Change(pid, frozenset({Part.ANSWERS}), external=True))
    return time.monotonic() - start


def _follow_up_item(window, qtbot):
    window.show_page("hearing")
    page = window.page("hearing")
    qtbot.waitUntil(lambda: page.reads.reading is None and page.tree.isEnabled(), timeout=30000)
    item_id = next(i for i in page.visible_item_ids() if (a := page.model.answers.get(i)) is not None and a.is_follow_up
                   and a.value and isinstance(a.value, str))  # fmt: skip
    return page, open_item(window, qtbot, item_id)


@pg
def test_a_colleagues_change_of_the_item_shown_is_read_on_a_worker_over_a_vpn(qtbot, slow, said) -> None:
    window = slow
    page, editor = _follow_up_item(window, qtbot)
    item_id = editor.item_id
    assert editor.followup.isVisible()
    editor.note.setFocus()
    editor.note.selectAll()
    editor.note.insertPlainText("打ち合わせ中のメモ")  # typed, not saved yet
    frozen = _heard(window, item_id, value="同僚が書いた答え")
    print(f"UI thread on hearing the change: {frozen:.3f} s")  # (-rA shows it: 0.97 s before fix 70b)
    assert frozen < HEARD_OK_S, f"the window froze {frozen:.2f} s hearing a colleague's change"
    qtbot.waitUntil(lambda: editor.editors["value"].value() == "同僚が書いた答え", timeout=15000)
    assert editor.note.toPlainText() == "打ち合わせ中のメモ"  # what is typed stays as typed
    assert editor.followup.names.stringList()  # the owners to suggest, from the page's read
    assert editor.flush()
    stored = window.state.answers.answer(window.state.project_id, item_id)
    assert stored.value == "同僚が書いた答え" and stored.note == "打ち合わせ中のメモ"  # (based on the answer shown: no conflict)
    assert said == []


@pg
def test_typing_while_the_colleagues_change_is_read_is_never_overwritten(qtbot, team, said) -> None:
    window = team
    page, editor = _follow_up_item(window, qtbot)
    item_id = editor.item_id
    frozen = _heard(window, item_id, note="同僚のメモ")
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    field.insertPlainText("いま書いている答え")  # typed before the read is in
    qtbot.waitUntil(lambda: editor.note.toPlainText() == "同僚のメモ", timeout=15000)
    assert field.toPlainText() == "いま書いている答え"
    assert frozen < 1.0
    assert editor.flush()
    stored = window.state.answers.answer(window.state.project_id, item_id)
    assert stored.value == "いま書いている答え" and stored.note == "同僚のメモ"
    assert said == []


@pg
def test_saving_a_follow_up_reads_no_owners_on_the_ui_thread(qtbot, team, said, monkeypatch) -> None:
    window = team
    page, editor = _follow_up_item(window, qtbot)
    import threading

    from app.hearing import followups

    read: list[int] = []
    real = followups.SessionService.list
    monkeypatch.setattr(followups.SessionService, "list", lambda *a, **k: (
        read.append(1) if threading.current_thread() is threading.main_thread() else None) or real(*a, **k))
    editor.answered_by.setText("新しい担当")
    editor.answered_by.textEdited.emit("新しい担当")
    assert editor.flush()
    assert editor.followup.names.stringList()
    assert read == [], "the owners to suggest were read on the UI thread after a save"
    assert said == []


def test_on_sqlite_the_editor_reads_a_colleagues_change_at_once(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja", page="exports")
    try:
        page, editor = _follow_up_item(window, qtbot)
        _heard(window, editor.item_id, value="同僚が書いた答え")
        assert editor.editors["value"].value() == "同僚が書いた答え"  # at once, no wait
        assert said == []
    finally:
        close_window(window)


@pg
def test_a_language_switch_while_the_system_planning_page_reads_comes_back_to_its_item(qtbot, team, said) -> None:
    window = team
    window.show_page("system-planning")
    page = window.page("system-planning")
    qtbot.waitUntil(lambda: page.reads.reading is None and page.tree.isEnabled(), timeout=30000)
    assert page.select_item(USER)
    qtbot.waitUntil(lambda: page.editor.item_id == USER)
    window.set_ui_lang("en")  # the page built anew: its first read runs on a worker
    page = window.page("system-planning")
    assert page.reads.reading is not None
    window.set_ui_lang("ja")  # and again, while that read runs
    page = window.page("system-planning")
    qtbot.waitUntil(lambda: page.reads.reading is None and page.tree.isEnabled(), timeout=30000)
    qtbot.waitUntil(lambda: page.editor.item_id == USER, timeout=5000)
    assert page.browser.tree.currentIndex().isValid()
    assert said == []


@pg
def test_a_colleagues_change_of_a_plain_item_shown_is_read_on_a_worker_over_a_vpn(qtbot, slow, said) -> None:
    """An item that is no 要フォロー (only its answer was read on the window's thread: 0.3 s before fix 70b)."""
    window = slow
    window.show_page("hearing")
    page = window.page("hearing")
    qtbot.waitUntil(lambda: page.reads.reading is None and page.tree.isEnabled(), timeout=30000)
    item_id = "hearing.basics.background"
    editor = open_item(window, qtbot, item_id)
    frozen = _heard(window, item_id, value="同僚が書いた背景")
    print(f"UI thread on hearing the change: {frozen:.3f} s")
    assert frozen < HEARD_OK_S, f"the window froze {frozen:.2f} s hearing a colleague's change"
    qtbot.waitUntil(lambda: editor.editors["value"].value() == "同僚が書いた背景", timeout=15000)
    assert said == []


@pg
def test_a_colleagues_change_of_the_system_planning_item_shown_keeps_the_typing(qtbot, team, said) -> None:
    window = team
    window.show_page("system-planning")
    page = window.page("system-planning")
    qtbot.waitUntil(lambda: page.reads.reading is None and page.tree.isEnabled(), timeout=30000)
    assert page.select_item(USER)
    editor = page.editor
    qtbot.waitUntil(lambda: editor.item_id == USER)
    frozen = _heard(window, USER, value="同僚が書いた利用者")
    editor.note.setFocus()
    editor.note.selectAll()
    editor.note.insertPlainText("書きかけのメモ")  # typed before the read is in
    qtbot.waitUntil(lambda: editor.editors["value"].value() == "同僚が書いた利用者", timeout=15000)
    assert editor.note.toPlainText() == "書きかけのメモ" and frozen < 1.0
    assert editor.flush()
    stored = window.state.answers.answer(window.state.project_id, USER)
    assert stored.value == "同僚が書いた利用者" and stored.note == "書きかけのメモ"
    assert said == []
