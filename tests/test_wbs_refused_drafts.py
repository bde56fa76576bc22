"""A WBS cell value the task refuses is kept as a draft on disk while it is held, not only said: 99999 days
(past the most a task takes), a date that does not exist (2026/02/30), a title past the longest a field holds
(a 100,001-character paste), predecessors that make a dependency cycle or name no task. Killed while the
refusal is showing (or after it), the next window (Japanese) shows the typed value again in its cell, marked
(the draft colour), counted in the status bar, with why it was refused in Japanese naming the column by its
label; Escape in that cell, a valid value typed over it, or an Undo that takes that typing back (pressed while
the editor holds it) drops the draft; nothing is written to the database while it is refused. (Finish before
start is not refused: flagged ⚠, saved.)

Real widgets: the cell opened with F2 in ``wbsTree``, typed into with key events (a paste for the long
title), Enter; the crash as tests/test_drafts_on_disk_pages.py simulates it (its drafts file left, its lock
freed).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView

from app.ui.hearing.drafts import drafts_of
from app.ui.page import INVALID_BACKGROUND
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window, settle, wbs_find
from tests.test_breaker43a import enter, open_cell, page, stored, type_in
from tests.test_drafts_on_disk_pages import crash, kept_drafts, kept_files, restart

TASK = "データのバージョン管理"  # 4.2, after 4.1 (its predecessor)
LONG = "あ" * 100_001

# (column, task, what is typed, how the cell shows it, the column's label, why, in Japanese)
REFUSED = [
    pytest.param("estimate_days", TASK, "99999", "99999", "見積(人日)", "範囲外", id="days"),
    pytest.param("start", TASK, "2026/02/30", "2026/02/30", "開始日", "日付ではありません", id="date"),
    pytest.param("title", TASK, LONG, LONG, "タスク", "長すぎます", id="title"),
    pytest.param("predecessors", TASK, "4.1, 4.13", "4.1, 4.13", "先行タスク", "循環", id="cycle"),  # 4.13 follows 4.2
    pytest.param("predecessors", TASK, "9.9.9", "9.9.9", "先行タスク", "9.9.9", id="no-such-task"),
]


def wbs(window):
    window.show_page("wbs")
    settle(window)
    return page(window)


def typed(qtbot, window, task: int, key: str, text: str) -> None:
    """``text`` typed into the task's cell (a long one, or outline numbers the completer would offer, pasted), Enter."""
    editor = open_cell(window, qtbot, task, key)
    if len(text) > 100 or "," in text:
        editor.insert(text)
    else:
        type_in(editor, text)
    enter(qtbot, window, editor)


def cell(window, task: int, key: str):
    p = page(window)
    return p.model.index_of(task, INDEX[key])


def shown(window, task: int, key: str) -> str:
    return str(cell(window, task, key).data(Qt.ItemDataRole.DisplayRole) or "")


def drafted(window, task: int, key: str) -> bool:
    """The cell is marked as a draft (the drafts' colour; a problem's colour is another)."""
    brush = cell(window, task, key).data(Qt.ItemDataRole.BackgroundRole)
    return brush is not None and brush.color() == QColor(INVALID_BACKGROUND)


def refused_in(qtbot, db_path, said, key: str, title: str, text: str):
    """A Japanese window whose user typed ``text`` into the task's cell and was told it is refused."""
    window = make_window(qtbot, db_path, global_lang="ja")
    p = wbs(window)
    task = wbs_find(p, title)
    before = stored(window).tasks[task]
    steps = window.state.undo_stack.count()
    typed(qtbot, window, task, key, text)
    assert said, "the refusal is said"
    assert stored(window).tasks[task] == before and window.state.undo_stack.count() == steps  # nothing written
    return window, task, before


@pytest.mark.parametrize(("key", "title", "text", "as_shown", "label", "why"), REFUSED)
def test_a_refused_cell_value_comes_back_after_a_crash_marked_with_why(qtbot, db_path, said, key, title, text, as_shown, label, why) -> None:
    window, task, before = refused_in(qtbot, db_path, said, key, title, text)
    assert [next(iter(d["fields"].values())) for d in kept_drafts()] == [text if key != "estimate_days" else 99999], "kept on disk at once"
    crash(window)

    window = restart(qtbot, db_path)  # (counted in the status bar from the start)
    wbs(window)
    assert shown(window, task, key).endswith(as_shown)  # (the title's cell after its outline number)
    assert drafted(window, task, key)
    tip = str(cell(window, task, key).data(Qt.ItemDataRole.ToolTipRole) or "")
    assert label in tip and why in tip and "下書き" in tip, tip
    assert "estimate_days" not in tip and "dependencies" not in tip and "Days" not in tip  # by its label, in Japanese
    assert stored(window).tasks[task] == before  # a draft is never project data
    close_window(window)
    assert len(kept_files()) == 1  # closing keeps it (on disk), for the next start again


def test_escape_in_the_cell_taken_back_drops_the_draft(qtbot, db_path, said) -> None:
    window, task, before = refused_in(qtbot, db_path, said, "estimate_days", TASK, "99999")
    crash(window)
    window = restart(qtbot, db_path)
    p = wbs(window)
    editor = open_cell(window, qtbot, task, "estimate_days")
    assert editor.value() == 99999  # the editor holds what was typed
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle(window)
    assert p.tree.state() != QAbstractItemView.State.EditingState
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert shown(window, task, "estimate_days") == "1" and not drafted(window, task, "estimate_days")
    assert stored(window).tasks[task] == before
    close_window(window)


def test_a_valid_value_typed_after_the_crash_is_saved_and_drops_the_draft(qtbot, db_path, said) -> None:
    window, task, _before = refused_in(qtbot, db_path, said, "start", TASK, "2026/02/30")
    crash(window)
    window = restart(qtbot, db_path)
    wbs(window)
    typed(qtbot, window, task, "start", "2026/12/07")
    assert str(stored(window).tasks[task].start) == "2026-12-07"
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert shown(window, task, "start") == "2026/12/07" and not drafted(window, task, "start")
    close_window(window)


def test_correcting_the_value_in_the_same_window_saves_it_and_drops_the_draft(qtbot, db_path, said) -> None:
    window, task, _before = refused_in(qtbot, db_path, said, "estimate_days", TASK, "99999")
    assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days") and len(kept_files()) == 1  # held, on disk
    typed(qtbot, window, task, "estimate_days", "3")
    assert stored(window).tasks[task].estimate_days == 3
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert not drafted(window, task, "estimate_days")
    close_window(window)


def test_undo_that_takes_the_refused_typing_back_drops_the_draft_and_goes_no_further(qtbot, db_path, monkeypatch) -> None:
    """Ctrl+Z while the cell's editor holds 99999: the refusal is said (the draft on disk meanwhile), that typing
    taken back, its draft with it."""
    from app.ui import messages

    said: list[tuple[str, list]] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *_a, **_k: said.append((str(error), [d["fields"] for d in kept_drafts()])))
    window = make_window(qtbot, db_path, global_lang="ja")
    p = wbs(window)
    task = wbs_find(p, TASK)
    typed(qtbot, window, task, "notes", "先方PLの指摘あり")  # an edit before: it stays
    editor = open_cell(window, qtbot, task, "estimate_days")
    type_in(editor, "99999")
    window.undo_action.trigger()
    settle(window)
    assert said == [(said[0][0], [{"estimate_days": 99999}])] and "見積(人日)" in said[0][0], said
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert shown(window, task, "estimate_days") == "1" and not drafted(window, task, "estimate_days")
    assert stored(window).tasks[task].notes == "先方PLの指摘あり"  # only that typing taken back
    window.undo_action.trigger()  # the next undo: the notes
    settle(window)
    assert stored(window).tasks[task].notes != "先方PLの指摘あり"
    close_window(window)


def test_undo_after_the_refusal_was_said_steps_back_as_ever_and_the_draft_stays(qtbot, db_path, said) -> None:
    """The refusal said, the editor closed: Undo is the last step's (tests/test_undo_after_saved_typing.py); the value
    the cell holds stays a draft (Escape or a value typed over it drops it)."""
    window = make_window(qtbot, db_path, global_lang="ja")
    p = wbs(window)
    task = wbs_find(p, TASK)
    typed(qtbot, window, task, "notes", "先方PLの指摘あり")
    typed(qtbot, window, task, "estimate_days", "99999")
    assert said and drafts_of(window.state).count() == 1
    window.undo_action.trigger()
    settle(window)
    assert stored(window).tasks[task].notes != "先方PLの指摘あり"
    assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days") and len(kept_files()) == 1
    close_window(window)


def test_killed_while_the_refusal_is_showing_keeps_the_typing(qtbot, db_path, monkeypatch) -> None:
    """The message box is up (modal) when the process is killed: the draft is on disk already."""
    from app.ui import messages

    on_disk: list[list] = []
    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: on_disk.append([d["fields"] for d in kept_drafts()]))
    window = make_window(qtbot, db_path, global_lang="ja")
    p = wbs(window)
    task = wbs_find(p, TASK)
    typed(qtbot, window, task, "estimate_days", "99999")
    assert on_disk == [[{"estimate_days": 99999}]], on_disk
    close_window(window)


def test_a_held_title_follows_its_tasks_outline_number_and_its_delete_lets_it_go_until_undone(qtbot, db_path, said, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    task = wbs_find(page(window), TASK)
    typed(qtbot, window, task, "title", LONG)
    page(window).select_task(task)
    page(window).actions_by_name["indent"].trigger()
    settle(window)
    code = stored(window).codes[task]
    assert code != "4.2" and shown(window, task, "title").startswith(f"{code}  ")
    for step in ("delete", "undo", "redo", "undo"):  # deleted here: let go, not counted; undone: back in its cell
        if step == "delete":
            page(window).select_task(task)
            page(window).actions_by_name["delete"].trigger()
        else:
            getattr(window.state.undo_stack, step)()
        settle(window)
        back = step == "undo"
        assert drafts_of(window.state).count() == (1 if back else 0), step
        if back:
            assert drafted(window, task, "title") and shown(window, task, "title").startswith(f"{code}  あ")
    assert len(said) == 1  # the refusal only
    close_window(window)


def test_a_held_value_of_a_task_a_colleague_deletes_is_said_by_the_task_with_what_was_typed_and_dropped(qtbot, db_path, said, monkeypatch) -> None:
    from tests.gui_helpers import two_windows
    from tests.test_breaker43a import seen

    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        task = wbs_find(page(a), TASK)
        typed(qtbot, a, task, "estimate_days", "99999")
        said.clear()
        seen(b)
        page(b).select_task(task)
        page(b).actions_by_name["delete"].trigger()
        settle(b)
        seen(a)
        assert drafts_of(a.state).count() == 0 and len(said) == 1
        assert "4.2 データのバージョン管理" in said[0] and "99999" in said[0] and "削除" in said[0], said
