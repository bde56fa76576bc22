"""breaker68g: the last hour's changes on a team PostgreSQL database, tried by two Japanese consultants who did not
write them: the WBS page read on a worker (app/ui/wbs/loading.py read_page / reload, 「読み込み中…」), and the hearing
answer's save / undo with fewer statements whose list and editor take the answers the save returned
(app/hearing/answers.py, app/hearing/operations.py, app/ui/hearing/page.py _carried, item_editor.py).
The throwaway server of tests/pg.py (pg_server / pg_url); scratch under /tmp/b68g.

Tried:
- the WBS page shown on PostgreSQL, at once 「読み込み中…」, then while it reads: Insert, Ctrl+Z and Delete on the
  table and on the window; a switch to English before it is shown and back to Japanese during the read; the server
  stopped (pg_ctl fast) during the read for 3 s and started again;
- two windows on the same project: the same hearing item typed and saved in both (the second asked by the conflict
  dialog, 「別の場所で変更されています」, mine kept), a different item saved in the other window, the 回答済 counts of
  both lists after each save (no read again after a save of this window's);
- Undo / Redo of a saved answer after a colleague changed it, then the colleague's own Undo;
- the WBS page on SQLite (read at once, nothing changed).

Held (normal tests below): all of the above. 「読み込み中…」 said at once with the table and buttons off and never
left behind (nor "Loading…" after switching language during the read); keys during the read lose nothing and leave
no window disabled; a stopped server is said and the plan read once it is back, the page enabled; a clash on the same
item is asked (conflict dialog), the typing kept and stored; the counts are the same in both windows after saves
here and there; an Undo over a colleague's change is refused and said naming the item (「元に戻す: …AVC…」), theirs
kept.

Broke: nothing found in the 35 minutes given (not tried for lack of time: the CLI's ``hearing answer --base`` on
PostgreSQL against a window's save, a hearing session open while saving, a schedule pressed as the read lands).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui_helpers import close_window, make_window
from tests.test_breaker68b import cli
from tests.test_nothing_lost_gui import open_item

pg = pytest.mark.postgresql
BACKGROUND = "hearing.basics.background"  # 背景・課題
AVC = "hearing.basics.accuracy_avc"  # AVC(Accuracy Value Curve), not answered in the demo
LOADING = "読み込み中…"


@pytest.fixture
def team(qtbot, pg_url):
    assert cli(pg_url, "demo").returncode == 0
    window = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    yield window
    close_window(window)


@pytest.fixture
def two(qtbot, pg_url):
    assert cli(pg_url, "demo").returncode == 0
    a = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b = make_window(qtbot, pg_url, first_start=True, global_lang="ja")
    b.state.open_project(a.state.project_id)
    yield a, b
    close_window(b)
    close_window(a)


def _type(editor, text: str) -> None:
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    field.insertPlainText(text)  # as an input method commits Japanese text


def _loaded(qtbot, page, timeout: int = 30000) -> None:
    qtbot.waitUntil(lambda: bool(page.model.tree.tasks) and page.tree.isEnabled(), timeout=timeout)


@pg
def test_held_a_language_switch_during_the_read_leaves_no_loading_behind(qtbot, team, said) -> None:
    window = team
    window.set_ui_lang("en")
    window.show_page("wbs")
    assert window.page("wbs").details.text() == "Loading…"
    window.set_ui_lang("ja")
    page = window.page("wbs")  # (the pages are made again in Japanese)
    assert page.details.text() == LOADING and not page.tree.isEnabled()
    _loaded(qtbot, page)
    qtbot.wait(200)
    assert page.details.text() not in (LOADING, "Loading…") and page.generate_button.isEnabled() and said == []


@pg
def test_held_keys_pressed_while_loading_lose_nothing_and_leave_nothing_off(qtbot, team, said) -> None:
    window = team
    window.show_page("wbs")
    page = window.page("wbs")
    assert page.details.text() == LOADING
    for key, mod in ((Qt.Key_Insert, Qt.NoModifier), (Qt.Key_Z, Qt.ControlModifier), (Qt.Key_Delete, Qt.NoModifier)):
        qtbot.keyClick(page.tree, key, mod)
        qtbot.keyClick(window, key, mod)
    _loaded(qtbot, page)
    qtbot.wait(300)
    tasks = len(page.model.tree.tasks)
    assert tasks == len(page.service.tree(window.state.project_id).tasks)
    assert page.generate_button.isEnabled() and page.schedule_button.isEnabled() and said == []


@pg
def test_held_the_server_stopped_during_the_read_then_the_plan_once_back(qtbot, team, said, pg_server) -> None:
    window = team
    window.show_page("wbs")
    page = window.page("wbs")
    pg_server.halt("fast")
    try:
        qtbot.wait(3000)
        assert page.details.text() == LOADING and not page.tree.isEnabled()
    finally:
        pg_server.resume()
    _loaded(qtbot, page)
    qtbot.wait(300)
    assert page.details.text() != LOADING and page.generate_button.isEnabled()
    assert not [s for s in said if "CRASH" in s or "Traceback" in s]


@pg
def test_held_the_same_item_saved_in_two_windows_is_asked_and_counts_agree(qtbot, two, said, monkeypatch) -> None:
    from app.ui.window import conflict_dialog
    from tests.conftest import answer_conflict

    asked: list[str] = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: (asked.append(d.windowTitle()), answer_conflict("mine")(d))[1])
    a, b = two
    ea, eb = open_item(a, qtbot, BACKGROUND), open_item(b, qtbot, BACKGROUND)
    _type(eb, "佐藤の回答")
    assert eb.flush()
    _type(ea, "田中の回答")
    assert ea.flush()
    assert asked == ["別の場所で変更されています"] and said == []
    assert a.state.answers.answer(a.state.project_id, BACKGROUND).value == "田中の回答"
    pa, pb = a.page("hearing").browser, b.page("hearing").browser
    eb2 = open_item(b, qtbot, AVC)
    _type(eb2, "AVCの回答")
    assert eb2.flush()
    qtbot.waitUntil(lambda: pa.overall.text() == pb.overall.text() == "回答済 43 / 52", timeout=10000)
    assert pa.model.answers[AVC].value == "AVCの回答"


@pg
def test_held_an_undo_over_a_colleagues_change_is_refused_and_said_by_label(qtbot, two, said) -> None:
    a, b = two
    problems: list[str] = []
    a.state.problem.connect(problems.append)
    ea = open_item(a, qtbot, AVC)
    _type(ea, "田中のAVC")
    assert ea.flush()
    eb = open_item(b, qtbot, AVC)
    qtbot.waitUntil(lambda: eb.editors["value"].edit.toPlainText() == "田中のAVC", timeout=10000)
    _type(eb, "佐藤のAVC")
    assert eb.flush()
    qtbot.wait(1200)
    a.state.undo_stack.undo()
    qtbot.waitUntil(lambda: bool(problems), timeout=10000)
    assert any("AVC" in p and AVC not in p for p in problems), problems
    assert a.state.answers.answer(a.state.project_id, AVC).value == "佐藤のAVC"
    qtbot.waitUntil(lambda: ea.editors["value"].edit.toPlainText() == "佐藤のAVC", timeout=10000)
    assert a.page("hearing").browser.overall.text() == b.page("hearing").browser.overall.text()


def test_held_on_sqlite_the_wbs_page_reads_at_once(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        assert page.model.tree.tasks and page.tree.isEnabled() and page.details.text() != LOADING and said == []
    finally:
        close_window(window)
