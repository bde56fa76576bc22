"""A colleague's change seen through a slow VPN while the consultant types: window A on the team database through the
VPN proxy of tests/test_breaker68b.py (100 ms a round trip), window B on the same database in the office (no proxy),
both on the demo. B saves a change (a hearing answer, an Experiment environment field); A shows it within a few
seconds while she goes on typing in another field, and what she types is not overwritten.

A hears other windows' commits through its watcher's LISTEN connection (``window.watcher._listener``), connected on a
worker once the window is up: a change made before it listens is not heard (the test waits for it first, as a user's
window has listened for long by the time a colleague saves).
"""

from __future__ import annotations

import time

import pytest

from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker68b import VPN, cli
from tests.test_nothing_lost_gui import open_item

pg = pytest.mark.postgresql
BACKGROUND = "hearing.basics.background"  # she types here
KPI = "hearing.basics.kpi_business"  # her colleague answers this
SEEN_WITHIN_S = 5.0


@pytest.fixture
def windows(qtbot, pg_server, pg_url):
    """A (through the VPN) and B (direct), Japanese, on the demo; A listening for other windows' commits."""
    assert cli(pg_url, "demo").returncode == 0
    proxy = VPN(pg_server.port)
    a = make_window(qtbot, proxy.url(pg_url, pg_server.port), first_start=True, global_lang="ja")
    b = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    try:
        b.state.open_project(a.state.project_id)
        qtbot.waitUntil(lambda: a.watcher._listener is not None, timeout=20000)
        yield a, b
    finally:
        close_window(b)
        close_window(a)
        proxy.close()


def _typing_until(qtbot, box, seen, timeout_s: float, key: str = "あ") -> tuple[bool, str]:
    """Type a character every 250 ms (as she does, on and on) until ``seen()`` or ``timeout_s``; what was typed."""
    typed = ""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if seen():
            return True, typed
        box.insert(key) if hasattr(box, "insert") else box.insertPlainText(key)
        typed += key
        qtbot.wait(250)
    return seen(), typed


@pg
def test_a_colleagues_hearing_answer_is_seen_through_the_vpn_while_she_types(qtbot, windows, said) -> None:
    a, b = windows
    editor = open_item(a, qtbot, BACKGROUND)
    field = editor.editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    before = field.toPlainText()
    page = a.page("hearing")
    row = lambda: page.browser.model.index(page.browser.model.index_of(KPI).row(), 2, page.browser.model.index_of(KPI).parent())  # noqa: E731
    other = open_item(b, qtbot, KPI)
    other_field = other.editors["value"].edit
    _done, typed_first = _typing_until(qtbot, field, lambda: False, 1.0)  # she is typing as her colleague saves
    other_field.selectAll()
    other_field.insertPlainText("売上10%増(佐藤)")
    assert other.flush()
    settle(b)
    seen, typed = _typing_until(qtbot, field, lambda: "佐藤" in str(row().data()), SEEN_WITHIN_S)
    typed = typed_first + typed
    assert seen, f"A did not show B's answer within {SEEN_WITHIN_S} s while typing"
    qtbot.wait(1500)
    settle(a)
    assert field.toPlainText().startswith(before) and field.toPlainText().endswith(typed)  # her typing kept
    assert a.state.answers.answer(a.state.project_id, BACKGROUND).value.endswith(typed)
    assert said == []


@pg
def test_a_colleagues_environment_change_is_seen_through_the_vpn_while_she_types(qtbot, windows, said) -> None:
    a, b = windows
    for window in (a, b):
        window.show_page("experiment")
    page_a, page_b = a.page("experiment"), b.page("experiment")
    for page in (page_a, page_b):
        qtbot.waitUntil(lambda page=page: page.form.choices is not None and not page.loading_label.isVisible(), timeout=30000)
    mine = page_a.form.editors["branch_naming"]
    mine.setFocus()
    mine.end(False)
    before = mine.text()
    _done, typed_first = _typing_until(qtbot, mine, lambda: False, 1.0, key="x")  # she is typing as her colleague saves
    theirs = page_b.form.editors["repo_name"]
    theirs.setFocus()
    theirs.selectAll()
    qtbot.keyClicks(theirs, "colleague-repo")
    page_b.setFocus()
    settle(b)
    shown = page_a.form.editors["repo_name"]
    seen, typed = _typing_until(qtbot, mine, lambda: shown.text() == "colleague-repo", SEEN_WITHIN_S, key="x")
    typed = typed_first + typed
    assert seen, f"A did not show B's repository name within {SEEN_WITHIN_S} s while typing"
    qtbot.wait(1500)
    settle(a)
    assert mine.text() == before + typed and mine.cursorPosition() == len(mine.text())  # her typing kept, the cursor where it was
    assert page_a.form.choices is not None and page_a.form.choices.value("branch_naming") == before + typed  # and saved
    assert said == []
