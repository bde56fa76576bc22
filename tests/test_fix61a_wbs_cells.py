"""Cells of the WBS table typed as a careful user types them (break-it 61a's fixes): spreadsheet rows pasted
into a title cell are said and held in the cell, never joined into one title; predecessors typed with several
rows selected; refused predecessors held while the outline renumbers."""

from __future__ import annotations

import pytest

from app.core.errors import ValidationFailed
from app.ui import messages
from app.wbs.checks import clean_fields, one_line_title
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker61a import a_leaf, block, has_japanese, select, stored, type_cell
from tests.test_wbs_refused_drafts import drafted, shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # (the offscreen platform: the completer's popup)


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    settle(win)
    yield win
    close_window(win)


@pytest.mark.parametrize("typed", ["タスクA\t必須", "タスクA\nタスクB", " タスクA\r\n\r\n タスクB "])
def test_a_title_of_rows_or_cells_is_refused_by_the_cells_check_while_a_sheet_title_is_joined(typed) -> None:
    with pytest.raises(ValidationFailed) as refused:
        one_line_title(typed)
    assert refused.value.key == "wbs.title_rows"
    one_line_title(" タスクA\n")  # one line, its line break at the end: taken
    assert clean_fields({"title": "データ基盤\n構築"})["title"] == "データ基盤 構築"  # (an Excel cell's line break: as ever)


def test_rows_pasted_into_a_title_cell_are_said_in_japanese_and_held_in_the_cell(window, qtbot, said) -> None:
    page = window.page("wbs")
    task = a_leaf(page)
    before = stored(page).tasks[task.id]
    type_cell(page, qtbot, task.id, "title", "タスクA\t必須\nタスクB\t推奨")
    assert len(said) == 1 and "タスク名は 1 行" in said[0] and has_japanese(said[0]), said
    assert stored(page).tasks[task.id] == before
    assert drafted(window, task.id, "title") and "タスクA 必須 タスクB 推奨" in shown(window, task.id, "title")


def test_predecessors_typed_with_several_rows_selected_go_to_each_in_one_undo_step(window, qtbot, said) -> None:
    page = window.page("wbs")
    _top, kids = block(page)
    select(page, kids[1:4])
    type_cell(page, qtbot, kids[1], "predecessors", page.model.tree.codes[kids[0]])
    assert [[d.predecessor_id for d in stored(page).tasks[k].dependencies] for k in kids[1:4]] == [[kids[0]]] * 3
    window.undo_action.trigger()
    settle(window)
    assert all(stored(page).tasks[k].dependencies == [] for k in kids[1:4]) and said == []


def test_predecessors_one_selected_task_cannot_take_are_refused_for_all_and_held_in_each(window, qtbot, said) -> None:
    page = window.page("wbs")
    _top, kids = block(page)
    select(page, kids[0:3])
    type_cell(page, qtbot, kids[1], "predecessors", page.model.tree.codes[kids[0]])  # 作業A cannot wait for itself
    assert len(said) == 1 and has_japanese(said[0]) and "作業A" in said[0], said
    assert all(stored(page).tasks[k].dependencies == [] for k in kids[0:3])
    assert all(drafted(window, k, "predecessors") for k in kids[0:3])


def test_refused_predecessors_held_show_their_tasks_numbers_as_the_outline_renumbers(window, qtbot, said) -> None:
    from PySide6.QtCore import Qt

    from tests.test_breaker61a import act

    page = window.page("wbs")
    _top, kids = block(page)
    code_c = page.model.tree.codes[kids[2]]
    wide = code_c.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    select(page, [kids[4]])
    type_cell(page, qtbot, kids[4], "predecessors", f"{wide}+2、9.9.9")
    assert len(said) == 1 and drafted(window, kids[4], "predecessors")
    select(page, [kids[0]])
    act(page, "add")  # 作業C's number moves on one
    qtbot.keyClick(window.focusWidget() or page.tree, Qt.Key.Key_Escape)
    settle(window)
    now_c = page.model.tree.codes[kids[2]]
    assert now_c != code_c and shown(window, kids[4], "predecessors") == f"{now_c}+2、9.9.9"


def test_a_held_predecessor_whose_task_is_deleted_is_shown_by_its_title_and_refused_by_it_until_it_is_back(window, qtbot, said) -> None:
    from PySide6.QtCore import Qt

    from tests.test_breaker61a import act, open_editor

    page = window.page("wbs")
    _top, kids = block(page, 6)
    code_c, title_c = page.model.tree.codes[kids[2]], page.model.tree.tasks[kids[2]].title
    select(page, [kids[4]])
    type_cell(page, qtbot, kids[4], "predecessors", f"{code_c}+2, 9.9.9")
    select(page, [kids[2]])
    act(page, "delete")  # 作業C gone: 作業D has its number now
    assert shown(window, kids[4], "predecessors") == f"「{title_c}」(削除済み)+2, 9.9.9" and drafted(window, kids[4], "predecessors")
    select(page, [kids[4]])
    editor = open_editor(page, kids[4], "predecessors")
    editor.setText(editor.text().replace(", 9.9.9", ""))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert said[-1] == (f"先行タスク: 入力したときに {code_c} だったタスク「{title_c}」は削除されました({code_c} は今は別のタスクの番号かもしれません)。"
                        "先行タスクにするタスクの WBS 番号を入力するか、消してください")
    assert stored(page).tasks[kids[4]].dependencies == [] and shown(window, kids[4], "predecessors") == f"「{title_c}」(削除済み)+2"
    window.undo_action.trigger()  # the delete undone (the refused typing was no step): 作業C back, its number shown
    settle(window)
    assert shown(window, kids[4], "predecessors") == f"{page.model.tree.codes[kids[2]]}+2"
