"""Two windows that both go (crashed, or closed keeping their drafts) each holding a draft of the same hearing item or
WBS cell: the next window took over the files one after the other and the last one read replaced the first, so one
window's typing was gone. Now the second waits beside the first, kept on disk and counted in the status bar; the
hearing item shows it when opened once the first is saved or let go, and any page shows it after the next start.
The same typing in both windows comes back once.
"""

from __future__ import annotations

import pytest

from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, make_window, settle, wbs_find
from tests.test_drafts_on_disk_pages import crash, kept_drafts, kept_files, restart
from tests.test_hearing_drafts_kept import USERS_DS, type_range
from tests.test_nothing_lost_gui import open_item, stored
from tests.test_wbs_refused_drafts import TASK, shown, typed, wbs


@pytest.fixture(autouse=True)
def closing_with_drafts_confirmed(monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


def test_two_windows_drafts_of_one_hearing_item_both_come_back_one_after_the_other(qtbot, db_path, monkeypatch) -> None:
    from app.ui.window import conflict_dialog
    from tests.conftest import answer_conflict

    asked = []
    mine = answer_conflict("mine")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(1) or mine(dialog))
    a, b = make_window(qtbot, db_path, global_lang="ja"), make_window(qtbot, db_path, global_lang="ja")
    before = stored(a, USERS_DS).value
    type_range(a, qtbot, "2〜3")
    type_range(b, qtbot, "5人くらい")
    c = make_window(qtbot, db_path, global_lang="ja")
    type_range(c, qtbot, "2〜3")  # the same typing as A's: kept once
    for window in (a, b, c):
        crash(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: "2 件の下書きが未保存です" in window.save_label.text())
        assert sorted(str(d["fields"]["value"]) for d in kept_drafts()) == ["2〜3", "5人くらい"]
        seen = []
        for fixed in ("3", "5"):
            editor = open_item(window, qtbot, USERS_DS)
            seen.append(editor.editors["value"].edit.text())
            assert "下書き" in editor.error_label.text() and stored(window, USERS_DS).value == (before if fixed == "3" else 3)
            editor.editors["value"].edit.setText(fixed)
            editor._edited("value", fixed)
            assert editor.flush()
            open_item(window, qtbot, "hearing.basics.background")  # elsewhere, then back to the item
        assert sorted(seen) == ["2〜3", "5人くらい"]
        assert asked == [1]  # the second typing was based on the answer before the first was saved: asked, not overwritten
        assert stored(window, USERS_DS).value == 5 and drafts_of(window.state).count() == 0
        settle(window)
        assert "下書き" not in window.save_label.text() and kept_files() == []
    finally:
        close_window(window)


def test_two_windows_refused_values_of_one_wbs_cell_both_kept_the_second_shown_at_the_next_start(qtbot, db_path, said) -> None:
    typing = {}
    for text in ("99999", "88888"):
        window = make_window(qtbot, db_path, global_lang="ja")
        task = wbs_find(wbs(window), TASK)
        typed(qtbot, window, task, "estimate_days", text)
        typing[text] = window
    for window in typing.values():
        crash(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: "2 件の下書きが未保存です" in window.save_label.text())
        wbs(window)
        first = shown(window, task, "estimate_days")
        assert first in typing
        from tests.test_breaker43a import enter, open_cell, type_in

        editor = open_cell(window, qtbot, task, "estimate_days")
        editor.selectAll()
        type_in(editor, "4")
        enter(qtbot, window, editor)  # a value the task takes over the shown draft: saved, that draft gone
        settle(window)
        assert shown(window, task, "estimate_days") == "4"
        assert [next(iter(d["fields"].values())) for d in kept_drafts()] == [int(next(t for t in typing if t != first))]
        qtbot.waitUntil(lambda: "1 件の下書きが未保存です" in window.save_label.text())
    finally:
        close_window(window)
    window = restart(qtbot, db_path)
    try:
        wbs(window)
        assert shown(window, task, "estimate_days") == next(t for t in typing if t != first)
    finally:
        close_window(window)
