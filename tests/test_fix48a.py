"""Fix 48a: refused values kept as drafts that an action let go without a way back, driven through real widgets
(Japanese window):
- the hearing page's table: a row whose only cells were refused (nothing of it stored) removed, then Undo: the row
  comes back with its drafts;
- the WBS page: a refused value's draft taken over from a window gone (a crash), its task deleted here: let go with
  the delete (said at no later read), brought back by the delete's Undo;
- the WBS page: several tasks selected and a value they refuse typed: kept as a draft for each selected task's cell,
  as a valid value applies to each.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QToolButton

from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, make_window, open_hearing_item, settle
from tests.test_breaker47c import act, stored_answer, type_cell

SCHEDULE = "hearing.basics.schedule"  # マイルストーン / 日付 (a date) / 種別 / 備考


def _crashed(said) -> list[str]:
    return [s for s in said if "CRASH" in s or "Traceback" in s]


# --- 1. the hearing table: a row of refused cells only, removed and undone ---------------------------------------


def test_hearing_row_of_refused_cells_only_removed_then_undo_brings_it_back_with_its_drafts(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    open_hearing_item(window, qtbot, SCHEDULE)
    page = window.page("hearing")
    view = page.findChild(QTableView, "answer_value_table")
    model = view.model()
    stored = stored_answer(window, SCHEDULE)
    if model.rowCount():
        view.setCurrentIndex(model.index(model.rowCount() - 1, 0))
    page.findChild(QToolButton, "answer_value_addRow").click()
    settle(window)
    row = view.currentIndex().row()
    type_cell(window, qtbot, view, row, 1, "2027/02/30")  # no such day: refused, the row's only cell, kept red
    typed = [model.index(row, c).data() for c in range(model.columnCount())]
    assert typed[1] == "2027/02/30"
    assert stored_answer(window, SCHEDULE) == stored  # nothing of the row stored
    assert drafts_of(window.state).get(window.state.project_id, SCHEDULE) is not None
    rows = model.rowCount()
    view.setCurrentIndex(model.index(row, 0))
    page.findChild(QToolButton, "answer_value_removeRow").click()  # the wrong row removed
    settle(window)
    assert model.rowCount() == rows - 1
    act(window, "undoAction")  # Ctrl+Z: the row back, its refused date in it, still a draft
    assert model.rowCount() == rows, "the row of refused cells removed cannot come back"
    assert [model.index(row, c).data() for c in range(model.columnCount())] == typed
    assert drafts_of(window.state).get(window.state.project_id, SCHEDULE) is not None
    assert stored_answer(window, SCHEDULE) == stored
    assert "下書き" in window.save_label.text()
    act(window, "redoAction")  # removed again: the draft goes with it
    assert model.rowCount() == rows - 1
    assert drafts_of(window.state).get(window.state.project_id, SCHEDULE) is None
    act(window, "undoAction")
    assert [model.index(row, c).data() for c in range(model.columnCount())] == typed
    assert not _crashed(said), said
    close_window(window)


# --- 2. the WBS page: a refused value taken over from a crashed window, its task deleted here ----------------------


def test_wbs_refused_value_taken_over_from_a_crashed_window_goes_with_its_task_deleted_here_and_undo_brings_it_back(
    qtbot, db_path, said, monkeypatch
) -> None:
    from app.ui import messages
    from tests.gui_helpers import wbs_find
    from tests.test_breaker43a import page, stored
    from tests.test_drafts_on_disk_pages import crash, kept_files, restart
    from tests.test_wbs_refused_drafts import TASK, drafted, shown, typed, wbs

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    task = wbs_find(wbs(window), TASK)
    typed(qtbot, window, task, "estimate_days", "99999")  # refused, held
    crash(window)
    window = restart(qtbot, db_path)  # takes the crashed window's drafts over
    wbs(window)
    assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days")
    said.clear()
    page(window).select_task(task)
    page(window).actions_by_name["delete"].trigger()  # deleted here: the value it held goes with it
    settle(window)
    assert task not in stored(window).tasks
    assert drafts_of(window.state).count() == 0, "a draft taken over from a crashed window stays after its task is deleted here"
    assert "下書き" not in window.save_label.text()
    for step in ("undo", "redo", "undo"):
        getattr(window.state.undo_stack, step)()
        settle(window)
        back = step == "undo"
        assert drafts_of(window.state).count() == (1 if back else 0), step
        if back:
            again = wbs_find(page(window), TASK)
            assert shown(window, again, "estimate_days") == "99999" and drafted(window, again, "estimate_days")
    window.state.undo_stack.redo()  # deleted for good this time
    settle(window)
    assert drafts_of(window.state).count() == 0
    page(window).reload(keep_view=True)  # the plan read again: nothing to say of a value let go here
    settle(window)
    assert said == [] and drafts_of(window.state).count() == 0, said
    close_window(window)
    assert kept_files() == []
    assert not _crashed(said), said


# --- 3. the WBS page: a value refused typed into several tasks selected -------------------------------------------


def _typed_into_selection(qtbot, window, ids: list[int], key: str, text: str) -> None:
    """The tasks selected (Ctrl+click), ``text`` typed into the last one's cell opened with F2, Enter."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from app.ui.wbs.columns import INDEX
    from tests.test_breaker43a import enter, page, type_in

    p = page(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    p.select_task(ids[0])
    selection = p.tree.selectionModel()
    flag = QItemSelectionModel.SelectionFlag
    for task_id in ids[1:]:
        selection.select(p.proxy.mapFromSource(p.model.index_of(task_id)), flag.Select | flag.Rows)
    selection.setCurrentIndex(p.proxy.mapFromSource(p.model.index_of(ids[-1], INDEX[key])), flag.NoUpdate)
    assert sorted(p.selected_ids()) == sorted(ids)
    p.tree.setFocus()
    qtbot.keyClick(p.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: p.tree.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    editor.lineEdit().selectAll()
    type_in(editor, text)
    enter(qtbot, window, editor)


def _leaves(window, codes: tuple[str, ...]) -> list[int]:
    from tests.test_breaker43a import page

    tree = page(window).model.tree
    by_code = {code: task_id for task_id, code in tree.codes.items()}
    ids = [by_code[code] for code in codes]
    assert not any(tree.has_children(i) for i in ids)
    return ids


def test_wbs_a_value_refused_typed_into_several_tasks_selected_is_kept_as_a_draft_for_each(qtbot, db_path, said) -> None:
    from tests.test_breaker43a import page, stored
    from tests.test_drafts_on_disk_pages import crash, kept_drafts
    from tests.test_wbs_refused_drafts import drafted, shown, wbs

    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    ids = _leaves(window, ("4.1", "4.2", "4.3"))
    before = {i: stored(window).tasks[i].estimate_days for i in ids}
    _typed_into_selection(qtbot, window, ids, "estimate_days", "99999")
    assert len(said) == 1 and "見積(人日)" in said[0], said  # said once
    assert {i: stored(window).tasks[i].estimate_days for i in ids} == before  # nothing written
    for task in ids:
        assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days"), page(window).model.tree.codes[task]
    assert drafts_of(window.state).count() == 3 and len(kept_drafts()) == 3  # on disk, each
    crash(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: "3 件の下書きが未保存です" in window.save_label.text())  # counted from the start
    wbs(window)
    for task in ids:  # each back after a crash
        assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days")
    _typed_into_selection(qtbot, window, ids, "estimate_days", "3")  # a value they take, typed over all: saved, each draft gone
    assert {stored(window).tasks[i].estimate_days for i in ids} == {3}
    assert drafts_of(window.state).count() == 0
    assert not any(drafted(window, task, "estimate_days") for task in ids)
    assert not _crashed(said), said
    close_window(window)


def test_wbs_undo_while_the_editor_holds_a_refused_value_for_several_tasks_takes_it_back_for_each(qtbot, db_path, monkeypatch) -> None:
    """Ctrl+Z with the editor open on 99999 over three tasks selected: the refusal said, that typing taken back, no draft left."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from app.ui import messages
    from app.ui.wbs.columns import INDEX
    from tests.test_breaker43a import page, stored, type_in
    from tests.test_drafts_on_disk_pages import kept_files
    from tests.test_wbs_refused_drafts import drafted, typed, wbs

    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *_a, **_k: said.append(str(error)))
    window = make_window(qtbot, db_path, global_lang="ja")
    wbs(window)
    ids = _leaves(window, ("4.1", "4.2", "4.3"))
    typed(qtbot, window, ids[0], "notes", "先方PLの指摘あり")  # an edit before: it stays
    p = page(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    p.select_task(ids[0])
    flag = QItemSelectionModel.SelectionFlag
    for task_id in ids[1:]:
        p.tree.selectionModel().select(p.proxy.mapFromSource(p.model.index_of(task_id)), flag.Select | flag.Rows)
    p.tree.selectionModel().setCurrentIndex(p.proxy.mapFromSource(p.model.index_of(ids[-1], INDEX["estimate_days"])), flag.NoUpdate)
    p.tree.setFocus()
    qtbot.keyClick(p.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: p.tree.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    editor.lineEdit().selectAll()
    type_in(editor, "99999")
    window.undo_action.trigger()
    settle(window)
    assert len(said) == 1, said
    assert drafts_of(window.state).count() == 0 and kept_files() == []
    assert not any(drafted(window, task, "estimate_days") for task in ids)
    assert stored(window).tasks[ids[0]].notes == "先方PLの指摘あり"  # only that typing taken back
    close_window(window)
