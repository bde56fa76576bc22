"""breaker46b: the WBS page (ページ「WBS」) as a demanding Japanese user (window A 山田, window B 佐藤 on one
database), real widgets: cells opened with F2 in ``wbsTree`` and typed into with key events, toolbar actions,
the Generate / Schedule / Level buttons; stored tasks read through WbsService (not the view) and compared whole.

Tried and held: undo and redo after a typed title, completion condition, owner, estimate, start, finish, not
before, expected output, notes, description, predecessors (typed, cleared), a priority / status / role / phase
picked; add task, add sub-task, delete (a task, a summary with 4 sub-tasks), indent, outdent, move up / down;
schedule, resource levelling (the demo's over-allocation: 2 tasks moved), generation after a hearing change
(3 feature-store tasks added): after undo the stored tasks (every field, user_edited and positions included)
and the dismissed templates are exactly what they were, after redo exactly what the edit made; Edit ▸ Undo with
a cell editor open takes back that typing (README). Bad values: a 100,001-character title refused in one
Japanese line (100,000 あ stored), estimate 10000000000000000 said out of range, 「３日」 / 「３人日」 stored as 3,
「-」 refused at the box, 0001-01-01 / 9999/12/31 said as out of range in Japanese, ２０２７年１月５日 read,
blank title, 99.9, 1+999, the task itself as predecessor all refused in Japanese. Two windows: B deletes the
task while A's cell editor (title, condition, estimate, date, priority) is open and typed into: A's Enter says
what was typed in Japanese; a multi-select owner edit with one task deleted and another's notes changed by B:
saved on the rest, said, undo / redo keep B's notes. Filters (search text, priority) while editing, undoing,
redoing, adding and deleting: the rows shown match the stored tasks (a task added stays shown for its title).

Not counted: 「1e16」 in the estimate box stores 116 (the box refuses the 「e」 in a tooltip, as its module
documents); a generated task undone-to-untouched and then no longer called for by the hearing is probably
removed with a colleague's text (same cause as the third defect, not tried).

Defects (strict xfails):
- a date that does not exist (2026/02/30, 2026/13/01) typed in a WBS date cell: Enter and Tab do nothing and
  nothing is said; clicking elsewhere drops the typing without a word (the earlier tests called setData directly
  and never met the editor's validator);
- an estimate typed into a task another window deleted is said back as 「人日: 4.0」 instead of 「4」 (the
  refusals were mended to say numbers as typed; this message was not);
- 山田 undoes his estimate edit of a generated task after 佐藤 typed its completion condition in another window:
  the undo also puts back "not edited by the user", and the next Generate / update from hearing overwrites
  佐藤's completion condition with the template's (README: a task you edited is never changed).
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.gui_helpers import make_window, settle, two_windows, wbs_find
from tests.test_breaker43a import act, open_cell, page, seen, stored

TASK = "データのバージョン管理"  # 4.2, a work task of the demo


@pytest.fixture
def win(qtbot, db_path, monkeypatch, said):
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    w = make_window(qtbot, db_path, global_lang="ja")
    w.show_page("wbs")
    settle(w)
    return w


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as pair:
        yield pair


@pytest.fixture
def crashes(monkeypatch) -> list[str]:
    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    return raised






def tasks(window) -> dict:
    return {i: t.model_dump() for i, t in stored(window).tasks.items()}


def dismissed(window) -> list:
    """The generated tasks' templates the project's WBS remembers as deleted (not generated again)."""
    from app.wbs.store import read_meta

    with window.state.workspace.db.session() as s:
        return list(read_meta(s, window.state.project_id).dismissed)




def undo(window) -> None:
    window.state.undo_stack.undo()
    settle(window)


def redo(window) -> None:
    window.state.undo_stack.redo()
    settle(window)






def type_in(editor, text: str) -> None:
    target = editor.lineEdit() if hasattr(editor, "lineEdit") and editor.lineEdit() is not None else editor
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def enter(qtbot, window, editor) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)


# --- defects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2026/02/30", "2026/13/01"])
def test_a_date_that_does_not_exist_typed_in_a_wbs_cell_is_said_not_dropped_unsaid(win, qtbot, said, crashes, monkeypatch, typed) -> None:
    from PySide6.QtWidgets import QToolTip

    tips: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda *a, **_k: tips.append(str(a[1])))
    heard: list[str] = []
    win.state.problem.connect(heard.append)
    p = page(win)
    x = wbs_find(p, TASK)
    before = tasks(win)
    editor = open_cell(win, qtbot, x, "start")
    type_in(editor, typed)
    assert editor.text() == typed  # the box shows what was typed
    enter(qtbot, win, editor)  # Enter: the user expects it saved or told why not
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    settle(win)
    p.tree.setFocus()  # the user clicks elsewhere in the table
    settle(win)
    told = [s for s in said + heard + tips if s]
    assert not crashes
    assert tasks(win) == before  # nothing stored (right: no such day)
    # ...but the user must be told the date does not exist (in Japanese), as 0001/01/01 or 9999/12/31 are
    assert told and all(not s.startswith("CRASH") for s in told), "the typed date vanished without a word"
    assert any("日付" in s or typed in s for s in told), told


def test_an_estimate_typed_into_a_task_deleted_elsewhere_is_said_back_as_typed(two, qtbot, said, crashes) -> None:
    a, b = two
    x = wbs_find(page(a), TASK)
    editor = open_cell(a, qtbot, x, "estimate_days")
    type_in(editor, "4")
    page(b).select_task(x)
    act(b, "delete")  # 佐藤 deletes the task while 山田 types
    seen(a)
    enter(qtbot, a, editor)
    assert not crashes
    assert len(said) == 1 and "別のウィンドウかプロセスで削除" in said[0], said
    assert "人日: 4" in said[0] and "4.0" not in said[0], said[0]



def test_a_colleagues_completion_condition_survives_my_undo_and_the_next_generation(two, qtbot, said, crashes) -> None:
    a, b = two
    x = wbs_find(page(a), TASK)  # a generated task nobody had edited
    editor = open_cell(a, qtbot, x, "estimate_days")
    type_in(editor, "6")
    enter(qtbot, a, editor)  # 山田 sets 6 days
    seen(b)
    editor = open_cell(b, qtbot, x, "completion_condition")
    type_in(editor, "佐藤が顧客と合意した完了条件")
    enter(qtbot, b, editor)  # 佐藤 types the condition the customer agreed
    seen(a)
    undo(a)  # 山田 takes back his 6 days (allowed: only the estimate is his step's)
    t = stored(a).tasks[x]
    assert (t.estimate_days, t.completion_condition) == (1.0, "佐藤が顧客と合意した完了条件")
    page(a).generate_button.click()  # Generate / update from hearing: "never changes a task you edited"
    settle(a)
    assert not crashes and not said, said
    assert stored(a).tasks[x].completion_condition == "佐藤が顧客と合意した完了条件", page(a).details.text()


# --- held (guards) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [("cell", "title", "新しい名前"), ("cell", "start", "２０２７年１月５日"), ("cell", "predecessors", ""),
                                  ("act", "addChild", None), ("act", "delete", None), ("act", "outdent", None)])
def test_held_undo_and_redo_give_back_exactly_the_stored_tasks(win, qtbot, said, crashes, step) -> None:
    kind, name, text = step
    x = wbs_find(page(win), TASK)
    before, d0 = tasks(win), dismissed(win)
    if kind == "cell":
        editor = open_cell(win, qtbot, x, name)
        if text:
            type_in(editor, text)
        else:
            editor.clear()
        enter(qtbot, win, editor)
    else:
        page(win).select_task(x)
        act(win, name)
        page(win).tree.setFocus()
        settle(win)
    after, d1 = tasks(win), dismissed(win)
    assert after != before
    undo(win)
    assert tasks(win) == before and dismissed(win) == d0
    redo(win)
    assert tasks(win) == after and dismissed(win) == d1
    assert not crashes and not said, said


def test_my_redo_after_a_colleagues_note_on_the_same_task_is_not_refused(two, qtbot, said, crashes) -> None:
    """(Noted by breaker 46f, mended after.) My estimate edit undone, then 佐藤 types the task's completion
    condition, then my redo: the colleague changed another field (and so made the task the user's, as my
    redo would), so the redo puts my estimate back and keeps 佐藤's text, not "changed elsewhere"."""
    a, b = two
    x = wbs_find(page(a), TASK)
    editor = open_cell(a, qtbot, x, "estimate_days")
    type_in(editor, "6")
    enter(qtbot, a, editor)
    undo(a)
    seen(b)
    editor = open_cell(b, qtbot, x, "completion_condition")
    type_in(editor, "佐藤の完了条件")
    enter(qtbot, b, editor)
    seen(a)
    redo(a)
    assert not crashes and not said, said
    t = stored(a).tasks[x]
    assert (t.estimate_days, t.completion_condition, t.user_edited) == (6.0, "佐藤の完了条件", True)
    undo(a)  # and undone again: the estimate back, 佐藤's text and "the user's" kept
    t = stored(a).tasks[x]
    assert (t.estimate_days, t.completion_condition, t.user_edited) == (1.0, "佐藤の完了条件", True)
    assert not said, said
