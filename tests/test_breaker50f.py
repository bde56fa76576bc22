"""breaker50f: the WBS page (app/ui/wbs/loading.py, app/ui/wbs/refused.py), tried as a demanding Japanese user
where 50a/50b/50c did not. Two windows (A 山田 the colleague through its WbsService, B 佐藤 hearing it with
``b.watcher.poll()``); "big" reads (loading.BIG = 10) held on B's worker with 50a's ``Hold``.

Tried:
- a colleague's change landing while B: types in the search box (the typing pause not over; small and big);
  has the predecessor picker (Ctrl+Shift+P) open and ticks a task the colleague deleted meanwhile / the
  colleague deletes the picker's own task / links the same task (conflict question, mine and theirs) / makes
  B's pick a cycle; has People… open with a new person's name typed, or Baselines… open; drags two rows
  (mime data taken) while the colleague deletes one and adds a task at the top, then drops them onto a task;
  has a date cell's calendar popup (F4) open while a big read lands, then picks a day; has two big reads
  heard one after another land under one open editor; closes an editor with a read waiting by a click into
  the Gantt or by switching page and back.
- held (refused) values: 99999 typed over by 3 in the demo, a held 2026/02/30, and 88888 held in a second
  project, switched back and forth (undo history cleared; Ctrl+Z with nothing to undo); a crash after a
  valid value typed over a held one (plain, after undo+redo, after another edit), the next window Ctrl+Z;
  a crash while the 3 typed over the held 99999 waits on a busy database (another process's BEGIN
  IMMEDIATE); a small undo and a small redo refused by a locked SQLite database (the stack steps back),
  then made once the lock is gone (these three held, 2.8-4.5 s each with the busy timeout: left out of this file
  as too slow to keep). (No Edit ▸ Undo history view exists: nothing to try.)

Held: all of the above: the search text and the filter as a fresh search; the picker's links (a deleted
task's tick said in Japanese, the deleted task's picker said, the conflict asked in Japanese and answered
as chosen, the cycle refused in Japanese); People's typing kept and saved on Close; the drop said or made,
B as stored; the popup's date saved and the waiting read made; both reads shown and the typing saved;
the Gantt click and the page switch save the typing and show the colleague's change; each project shows its
own held value, the given-up 99999 never back (not after a switch, a crash, an Undo in the next window); the
busy typing saved in the next window; the busy undo/redo leaves the cell, the stored value and the drafts
as before the press, and is made afterwards.

Broke: nothing found in this time-box.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLineEdit

from app.ui.hearing.drafts import drafts_of
from app.ui.wbs import loading
from app.wbs.service import WbsService
from tests.gui_helpers import (
    close_window,
    finish_background_work,
    make_window,
    poll_heard,
    settle,
    two_windows,
)
from tests.test_breaker43a import enter, open_cell, type_in
from tests.test_breaker50a import Hold, leaf_ids, page, same_as_stored, seen, stored
from tests.test_wbs_refused_drafts import TASK, drafted, refused_in, shown, typed

ENGLISH = re.compile(r"[A-Za-z]{4,}")


def japanese_only(said: list[str]) -> None:
    """Nothing said is a crash, English words or an internal id (wbs-refused:, a uid)."""
    for text in said:
        assert not text.startswith("CRASH"), said
        assert "wbs-refused" not in text and "Traceback" not in text, said
        words = [w for w in ENGLISH.findall(text) if w not in {"DVC", "MLflow", "GitHub", "Actions", "Python"}]
        assert not words, (words, text)


def colleague(a):
    return WbsService(a.state.workspace.db), a.state.project_id


# --- a colleague's change while B is in the middle of something ----------------------------------------


@pytest.mark.parametrize("big", [False, True])
def test_a_read_landing_while_the_search_is_being_typed_keeps_the_typing_and_filters_as_fresh(qtbot, db_path, monkeypatch, said, big) -> None:
    """B types 「データ」 in the search box (the typing pause not over yet); the colleague renames a task to
    match and deletes another that matched; B's box keeps the text, the rows are those the fresh search shows."""
    if big:
        monkeypatch.setattr(loading, "BIG", 10)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        box = b.findChild(QLineEdit, "wbsSearch")
        box.setFocus()
        type_in(box, "デー")
        p = page(b)
        service, pid = colleague(a)
        leaves = leaf_ids(p)
        matching = [t for t in leaves if "データ" in p.model.tree.tasks[t].title]
        service.update(pid, [leaves[0]], title="データ同僚の題名")
        service.delete(pid, [matching[-1]])
        b.watcher.poll()
        type_in(box, "タ")
        seen(b)
        qtbot.wait(300)
        settle(b)
        assert box.text() == "データ"
        assert p.proxy.criteria.text == "データ"
        shown_now = set(p.model.row_of)
        from PySide6.QtCore import QModelIndex

        def visible(parent=QModelIndex()) -> set[int]:
            out = set()
            for r in range(p.proxy.rowCount(parent)):
                ix = p.proxy.index(r, 0, parent)
                task = p.model.task(p.proxy.mapToSource(ix))
                out.add(task.id)
                out |= visible(ix)
            return out

        vis = visible()
        assert leaves[0] in vis and matching[-1] not in vis and matching[-1] not in shown_now
        same_as_stored(b)
        japanese_only(said)


def picker_with(qtbot, b, task: int, meanwhile, tick: list[int]):
    """Ctrl+Shift+P on ``task`` in B: while the picker is open ``meanwhile()`` runs (the colleague) and B hears
    it; then the tasks ``tick`` are ticked and OK pressed. Returns the dialog's list (ids offered)."""
    from app.ui.wbs.dialogs import PredecessorDialog

    p = page(b)
    offered: list[int] = []

    def run(dialog) -> int:
        assert isinstance(dialog, PredecessorDialog)
        meanwhile()
        seen(b)
        for n in range(dialog.list.count()):
            item = dialog.list.item(n)
            offered.append(int(item.data(Qt.ItemDataRole.UserRole)))
            if offered[-1] in tick:
                item.setCheckState(Qt.CheckState.Checked)
        dialog.accept()
        return dialog.result()

    p.exec_dialog = run
    p.select_task(task)
    p.actions_by_name["predecessors"].trigger()
    settle(b)
    return offered


def test_the_predecessor_picker_open_while_the_colleague_deletes_a_task_ticked_there(qtbot, db_path, monkeypatch, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        leaves = leaf_ids(page(b))
        task, gone, kept = leaves[30], leaves[2], leaves[3]
        picker_with(qtbot, b, task, lambda: service.delete(pid, [gone]), [gone, kept])
        seen(b)
        deps = [d.predecessor_id for d in stored(b).tasks[task].dependencies]
        assert gone not in deps
        assert said, "the tick of a task deleted meanwhile dropped without a word"
        japanese_only(said)
        same_as_stored(b)


def test_the_predecessor_picker_open_while_the_colleague_deletes_its_task(qtbot, db_path, monkeypatch, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        leaves = leaf_ids(page(b))
        task = leaves[30]
        picker_with(qtbot, b, task, lambda: service.delete(pid, [task]), [leaves[3]])
        seen(b)
        assert task not in stored(b).tasks
        assert said, "the links picked for a task deleted meanwhile dropped without a word"
        japanese_only(said)
        same_as_stored(b)


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_the_predecessor_picker_open_while_the_colleague_links_the_same_task(qtbot, db_path, monkeypatch, said, choice) -> None:
    from app.ui.window import conflict_dialog
    from app.wbs.model import Dependency
    from tests.conftest import answer_conflict

    asked: list[str] = []
    answer = answer_conflict(choice)

    def ask(dialog) -> int:
        from PySide6.QtWidgets import QLabel

        asked.extend(label.text() for label in dialog.findChildren(QLabel))
        return answer(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", ask)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        leaves = leaf_ids(page(b))
        task = leaves[30]
        before = {d.predecessor_id for d in stored(b).tasks[task].dependencies}
        picker_with(qtbot, b, task, lambda: service.set_dependencies(pid, task, [Dependency(predecessor_id=leaves[5])]), [leaves[3]])
        seen(b)
        japanese_only(said)
        same_as_stored(b)
        deps = {d.predecessor_id for d in stored(b).tasks[task].dependencies}
        assert asked
        japanese_only(asked)
        assert deps == (before | {leaves[3]} if choice == "mine" else {leaves[5]}), (deps, leaves[3], leaves[5], before)


def test_the_predecessor_picker_open_while_the_colleague_makes_the_pick_a_cycle(qtbot, db_path, monkeypatch, said) -> None:
    """B picks X as a predecessor of T; meanwhile the colleague made T a predecessor of X: refused, said in Japanese."""
    from app.wbs.model import Dependency

    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        leaves = leaf_ids(page(b))
        task, other = leaves[30], leaves[40]
        picker_with(qtbot, b, task, lambda: service.set_dependencies(pid, other, [Dependency(predecessor_id=task)]), [other])
        seen(b)
        assert other not in {d.predecessor_id for d in stored(b).tasks[task].dependencies}
        assert said
        japanese_only(said)
        same_as_stored(b)


def test_a_drag_of_rows_in_progress_while_the_colleague_deletes_one_dragged(qtbot, db_path, monkeypatch, said) -> None:
    """B drags two rows (their data taken at the press); the colleague deletes one of them and adds a task at
    the top meanwhile; B drops them onto another task: said in Japanese or the one left moved, B as stored."""
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        p = page(b)
        leaves = leaf_ids(p)
        dragged, target = [leaves[2], leaves[3]], leaves[20]
        data = p.model.mimeData([p.model.index_of(t, 0) for t in dragged])
        service.delete(pid, [dragged[0]])
        service.add_task(pid, parent_id=None, row=0, title="先頭に入ったタスク")
        seen(b)
        dropped = p.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, p.model.index_of(target, 0))
        settle(b)
        seen(b)
        tree = stored(b)
        assert tree.tasks[dragged[1]].parent_id == target or said, (dropped, said)
        japanese_only(said)
        same_as_stored(b)


@pytest.mark.parametrize("how", ["gantt_click", "page_switch"])
def test_an_editor_with_a_read_waiting_closed_by_a_click_in_the_gantt_or_a_page_switch(qtbot, db_path, monkeypatch, said, how) -> None:
    hold = Hold(monkeypatch)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        p = page(b)
        leaves = leaf_ids(p)
        task, other = leaves[3], leaves[10]
        try:
            service.update(pid, [other], notes="同僚のメモ")
            assert poll_heard(b)
            assert hold.started.wait(10)
            editor = open_cell(b, qtbot, task, "completion_condition")
            type_in(editor, "佐藤の完了条件")
        finally:
            hold.release()
        finish_background_work()
        QCoreApplication.processEvents()
        assert p._read_waiting
        if how == "gantt_click":
            canvas = p.gantt.canvas
            qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.rect().center())
            settle(b)
            if p.tree.state() == QAbstractItemView.State.EditingState:  # the Gantt takes no focus: Enter
                enter(qtbot, b, editor)
        else:
            b.show_page("hearing")
            settle(b)
            b.show_page("wbs")
            settle(b)
        for _ in range(3):
            seen(b)
        assert p.tree.state() != QAbstractItemView.State.EditingState
        assert stored(b).tasks[task].completion_condition == "佐藤の完了条件"
        assert p.model.tree.tasks[other].notes == "同僚のメモ", "the colleague's change never shown"
        same_as_stored(b)
        japanese_only(said)


def test_two_big_reads_landing_under_one_open_editor(qtbot, db_path, monkeypatch, said) -> None:
    """Two of the colleague's changes heard one after the other (the second read asked while the first is held);
    both land while B's editor is open; B presses Enter: the typing saved, both changes shown."""
    hold = Hold(monkeypatch)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        p = page(b)
        leaves = leaf_ids(p)
        task = leaves[3]
        try:
            service.update(pid, [leaves[10]], notes="同僚のメモ1")
            assert poll_heard(b)
            assert hold.started.wait(10)
            service.update(pid, [leaves[11]], title="同僚の題名2")
            assert poll_heard(b)
            editor = open_cell(b, qtbot, task, "completion_condition")
            type_in(editor, "佐藤の完了条件")
        finally:
            hold.release()
        finish_background_work()
        QCoreApplication.processEvents()
        finish_background_work()
        QCoreApplication.processEvents()
        assert editor.text() == "佐藤の完了条件"
        enter(qtbot, b, editor)
        for _ in range(3):
            seen(b)
        assert stored(b).tasks[task].completion_condition == "佐藤の完了条件"
        assert p.model.tree.tasks[leaves[10]].notes == "同僚のメモ1" and p.model.tree.tasks[leaves[11]].title == "同僚の題名2"
        same_as_stored(b)
        japanese_only(said)


# --- held (refused) values ------------------------------------------------------------------------------


def test_held_values_in_two_projects_and_a_typed_over_one_after_the_switches(qtbot, db_path, said) -> None:
    """Demo: 99999 held in 4.2, 3 typed over it; 2026/02/30 held in 4.1's start. Another project: 88888 held in
    its task. Switching back and forth (each project's undo history kept while the window is open): each project shows its own held
    value, an Undo after coming back brings the 99999 back held, as without a switch, nothing typed is lost."""
    window, task, before = refused_in(qtbot, db_path, said, "estimate_days", TASK, "99999")
    state = window.state
    demo = state.project_id
    typed(qtbot, window, task, "estimate_days", "3")
    pred = next(t for t, code in stored(window).codes.items() if code == "4.1")
    typed(qtbot, window, pred, "start", "2026/02/30")
    assert drafts_of(state).count() == 1
    other = state.projects.create("別案件").id
    service = WbsService(state.workspace.db)
    service.add_task(other, parent_id=None, title="別案件のタスク")
    mine = next(t.id for t in service.tree(other).tasks.values() if t.title == "別案件のタスク")
    state.open_project(other)
    settle(window)
    window.show_page("wbs")
    settle(window)
    typed(qtbot, window, mine, "estimate_days", "88888")
    assert drafted(window, mine, "estimate_days") and shown(window, mine, "estimate_days") == "88888"
    for turn in range(2):
        state.open_project(demo)
        settle(window)
        assert state.undo_stack.count() > 0  # the demo's history kept while the window is open (break-it 68a)
        assert drafted(window, pred, "start") and shown(window, pred, "start") == "2026/02/30"
        if turn == 0:
            assert shown(window, task, "estimate_days") == "3" and not drafted(window, task, "estimate_days")
            window.undo_action.trigger()  # the 3 typed over the refused 99999 taken back: 99999 held again, as without a switch
            settle(window)
        assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days")
        state.open_project(other)
        settle(window)
        assert drafted(window, mine, "estimate_days") and shown(window, mine, "estimate_days") == "88888"
    assert drafts_of(state).count() == 3  # 4.2's 99999 held again by the undo, 4.1's date and the other project's 88888
    assert stored(window).tasks[mine].estimate_days != 88888
    japanese_only(said)
    close_window(window)


@pytest.mark.parametrize("after", ["typed", "undo_redo", "typed_then_other_edit"])
def test_a_crash_after_typing_over_a_held_value_does_not_bring_it_back(qtbot, db_path, said, after) -> None:
    from tests.test_drafts_on_disk_pages import crash, kept_drafts
    from tests.test_wbs_refused_drafts import wbs

    window, task, before = refused_in(qtbot, db_path, said, "estimate_days", TASK, "99999")
    typed(qtbot, window, task, "estimate_days", "3")
    if after == "undo_redo":
        window.undo_action.trigger()
        settle(window)
        assert drafted(window, task, "estimate_days")
        window.redo_action.trigger()
        settle(window)
    elif after == "typed_then_other_edit":
        typed(qtbot, window, task, "notes", "先方確認済み")
    assert not [d for d in kept_drafts() if "wbs-refused" in str(d)], kept_drafts()
    crash(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    assert stored(window).tasks[task].estimate_days == 3
    assert shown(window, task, "estimate_days") == "3" and not drafted(window, task, "estimate_days")
    assert drafts_of(window.state).count() == 0
    window.undo_action.trigger()  # no history: nothing comes back
    settle(window)
    assert stored(window).tasks[task].estimate_days == 3 and not drafted(window, task, "estimate_days")
    japanese_only(said)
    close_window(window)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_read_landing_while_a_date_cell_s_calendar_popup_is_open(qtbot, db_path, monkeypatch, said) -> None:
    """B opens a start date cell and its calendar popup (F4) while a big read of the colleague's change is held;
    the read lands with the popup open; B clicks a day, Enter: the date saved, the colleague's change shown."""
    from PySide6.QtCore import QDate

    hold = Hold(monkeypatch)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        p = page(b)
        leaves = leaf_ids(p)
        task, other = leaves[3], leaves[10]
        try:
            service.update(pid, [other], notes="同僚のメモ")
            assert poll_heard(b)
            assert hold.started.wait(10)
            editor = open_cell(b, qtbot, task, "start")
            qtbot.keyClick(editor, Qt.Key.Key_F4)
            QCoreApplication.processEvents()
            popup = QApplication.activePopupWidget()
            assert popup is not None and not b.watcher.poll()  # (the watcher waits while it is open)
        finally:
            hold.release()
        finish_background_work()
        QCoreApplication.processEvents()
        day = QDate(2026, 7, 15)
        calendar = editor.calendarWidget() if hasattr(editor, "calendarWidget") else None
        if popup is not None and calendar is not None:
            calendar.setSelectedDate(day)
            calendar.clicked.emit(day)
        else:
            editor.setDate(day)
        QCoreApplication.processEvents()
        if p.tree.state() == QAbstractItemView.State.EditingState:
            enter(qtbot, b, editor)
        settle(b)
        for _ in range(3):
            seen(b)
        import datetime as dt

        assert stored(b).tasks[task].start == dt.date(2026, 7, 15), (popup, stored(b).tasks[task].start)
        assert p.model.tree.tasks[other].notes == "同僚のメモ"
        same_as_stored(b)
        japanese_only(said)


@pytest.mark.parametrize("dialog_name", ["wbsPeople", "wbsBaselines"])
def test_a_read_landing_while_people_or_baselines_is_open(qtbot, db_path, monkeypatch, said, dialog_name) -> None:
    """People… (a new person's name typed in its form) or Baselines… open in B; the colleague retitles a task and
    deletes another: B's table as stored under the dialog, the form's typing kept and saved on Close."""
    from PySide6.QtWidgets import QPushButton

    from app.wbs.resources.people import read as people_read

    monkeypatch.setattr(loading, "BIG", 10)
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        service, pid = colleague(a)
        p = page(b)
        leaves = leaf_ids(p)
        b.findChild(QPushButton, dialog_name).click()
        settle(b)
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        if dialog_name == "wbsPeople":
            name = dialog.findChild(QLineEdit, "wbsPersonName")
            name.setFocus()
            type_in(name, "鈴木一郎")
        service.update(pid, [leaves[1]], title="同僚の題名")
        service.delete(pid, [leaves[2]])
        seen(b)
        same_as_stored(b)
        if dialog_name == "wbsPeople":
            assert name.text() == "鈴木一郎"
        dialog.reject()
        settle(b)
        if dialog_name == "wbsPeople":
            assert "鈴木一郎" in {person.name for person in people_read(b.state.workspace, pid)}
        japanese_only(said)
