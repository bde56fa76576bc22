"""Break-it 61a: the WBS page's everyday tree editing as a demanding Japanese consultant does it in front of a
customer (Japanese window by objectName, two windows on one database, the CLI's export / import wbs beside an
open window, a simulated crash and restart).

Tried: add / add sub-task / delete (one, several, a summary with its sub-tasks), indent / outdent / move up / down
of one task, of adjacent and of non-adjacent siblings, of tasks at mixed levels, at the ends of a level, under a
search filter; typing into every column (title, priority, completion condition, estimate, dates, not-before,
owner, role, phase, predecessors) with empty, blank, 100,000+ characters, full-width digits, 1e3, -3, 3人日,
2026/02/30, 1899/12/31, =1+1, @SUM(A1), HTML, tab-separated spreadsheet rows committed by the input method;
Insert / Ctrl+Insert / Alt+Shift+arrows pressed with a cell editor open; Ctrl+V of spreadsheet rows on the tree;
Edit ▸ Undo / Redo after each; several tasks selected and a refused value, then a crash and a restart; two
windows: a colleague deleting the task above and moving the task being edited, indenting the task whose
predecessor is being typed; the Excel WBS exported by the CLI, edited with openpyxl (=1+1, @SUM(A1),
=HYPERLINK(...), +81..., -2+3, =TODAY() in a date, =TRUE() in a yes/no, 3人日, 1,5, NaN, 1e400, a task ID
"abc", a WBS code =1+1) and imported back by the CLI while the window had the same title's editor open.

Broke (strict xfails; their reasons say what a user sees): Indent / Move up / Move down of non-adjacent tasks reorder
tasks nobody selected; spreadsheet rows pasted into a title cell become one title, unsaid; the predecessor picker's
search ignores full-width / half-width kana; the owner filter splits one person by width or spacing; a role or phase
typed in another width becomes a new one; predecessors typed with several tasks selected go to one task, unsaid; a
refused predecessor text held in its cell keeps outline numbers that then name other tasks.
Held: every other test (also tried by hand: "1e3" in the estimate is 1000, "３人日" refused at the box by its tooltip
while the Excel import reads "3人日" as 3, the search does not find a task by its outline number: none promised).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QWidget

from app.ui import messages
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window, settle, two_windows, wbs_search, wbs_shown

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # (the offscreen platform: a dialog raised)


def has_japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


# --- helpers ---------------------------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    """A Japanese window on the demo's WBS page, every confirmation answered yes."""
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    settle(win)
    yield win
    close_window(win)


def commit(editor, text: str) -> None:
    """What a Japanese input method sends when the user confirms a converted piece of text."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)


def open_editor(page, task_id: int, key: str) -> QWidget:
    """The task's cell of column ``key`` opened for editing (F2), the selection left as it is."""
    index = page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key]))
    page.tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
    page.tree.edit(index)
    editor = next(w for w in page.tree.findChildren(QWidget) if w.objectName().startswith("wbsEditor_") and w.isVisible())
    editor.setFocus()
    return editor


def line_of(editor):
    return editor.lineEdit() if hasattr(editor, "lineEdit") and callable(editor.lineEdit) else editor


def type_cell(page, qtbot, task_id: int, key: str, typed: str) -> None:
    """Open the cell, type ``typed`` over its text as the IME commits it, press Enter."""
    line = line_of(open_editor(page, task_id, key))
    line.selectAll()
    if typed:
        commit(line, typed)
    else:
        qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(page.window())


def select(page, ids: list[int]) -> None:
    """Click the first task, Ctrl+click the others."""
    selection = page.tree.selectionModel()
    selection.clear()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for n, task_id in enumerate(ids):
        index = page.proxy.mapFromSource(page.model.index_of(task_id))
        if n == 0:
            selection.setCurrentIndex(index, flags)
        else:
            selection.select(index, flags)


def act(page, name: str) -> None:
    """A toolbar command (wbsAction_<name>) triggered."""
    page.findChild(QAction, f"wbsAction_{name}").trigger()
    settle(page.window())


def stored(page):
    return page.service.tree(page.state.project_id)


def block(page, n: int = 5) -> tuple[int, list[int]]:
    """A new top-level task 「検証ブロック」 with ``n`` sub-tasks 作業A, 作業B, ... (no links between them)."""
    pid = page.state.project_id
    top = page.service.add_task(pid, None, None, title="検証ブロック", phase="proposal", owner_role="mlops").created[0]
    kids = [page.service.add_task(pid, top, None, title=f"作業{chr(65 + i)}", phase="proposal", owner_role="mlops",
                                  estimate_days=1).created[0] for i in range(n)]
    page._loaded_for = -1
    page.reload()
    settle(page.window())
    page.tree.expandAll()
    return top, kids


def block_outline(page, top: int) -> list[str]:
    """The block's outline as the plan stores it: '.1 作業A', '.1.1 作業B', ..."""
    tree = stored(page)
    code = tree.codes[top]
    return [f"{tree.codes[t.id][len(code):]} {t.title}" for t in tree.walk() if tree.codes[t.id].startswith(code + ".")]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db), "--lang", "ja", *args], capture_output=True, text=True,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120)


# --- non-adjacent tasks selected: indent and move --------------------------------------------------------------


def test_indent_of_two_non_adjacent_tasks_keeps_the_order(window) -> None:
    page = window.page("wbs")
    top, kids = block(page)
    select(page, [kids[1], kids[3]])
    act(page, "indent")
    assert block_outline(page, top) == [".1 作業A", ".1.1 作業B", ".2 作業C", ".2.1 作業D", ".3 作業E"]


def test_move_down_of_two_non_adjacent_tasks_moves_each_one_place(window) -> None:
    page = window.page("wbs")
    top, kids = block(page)
    select(page, [kids[0], kids[2]])
    act(page, "moveDown")
    assert block_outline(page, top) == [".1 作業B", ".2 作業A", ".3 作業D", ".4 作業C", ".5 作業E"]


def test_move_up_of_two_non_adjacent_tasks_moves_each_one_place(window) -> None:
    page = window.page("wbs")
    top, kids = block(page)
    select(page, [kids[2], kids[4]])
    act(page, "moveUp")
    assert block_outline(page, top) == [".1 作業A", ".2 作業C", ".3 作業B", ".4 作業E", ".5 作業D"]


@pytest.mark.parametrize("op, pick, expected", [
    ("indent", [1, 2], [".1 作業A", ".1.1 作業B", ".1.2 作業C", ".2 作業D", ".3 作業E"]),
    ("moveDown", [1, 2], [".1 作業A", ".2 作業D", ".3 作業B", ".4 作業C", ".5 作業E"]),
    ("moveUp", [3, 4], [".1 作業A", ".2 作業B", ".3 作業D", ".4 作業E", ".5 作業C"]),
    ("delete", [1, 3], [".1 作業A", ".2 作業C", ".3 作業E"]),
])
def test_held_adjacent_block_indent_move_and_delete_then_undo_back_exactly(window, said, op, pick, expected) -> None:
    page = window.page("wbs")
    top, kids = block(page)
    before = block_outline(page, top)
    select(page, [kids[i] for i in pick])
    act(page, op)
    assert block_outline(page, top) == expected
    assert window.undo_action.text().startswith("元に戻す") and has_japanese(window.undo_action.text().replace("元に戻す", ""))
    window.undo_action.trigger()
    settle(window)
    assert block_outline(page, top) == before
    window.redo_action.trigger()
    settle(window)
    assert block_outline(page, top) == expected
    assert said == []


def test_held_structure_refusals_are_one_japanese_line_and_change_nothing(window, said) -> None:
    page = window.page("wbs")
    tree = page.model.tree
    top = tree.kids(None)
    planning = tree.kids(top[1])
    before = [(tree.codes[t.id], t.title, t.parent_id) for t in stored(page).walk()]
    for op in ("indent", "outdent", "moveDown"):
        select(page, [planning[0], top[2]])  # two levels
        act(page, op)
    select(page, [planning[0]])
    act(page, "indent")  # the first of its level: nothing above to go under
    select(page, [top[0]])
    act(page, "outdent")  # at the top already
    select(page, [top[0]])
    act(page, "moveUp")  # first already
    after = stored(page)
    assert [(after.codes[t.id], t.title, t.parent_id) for t in after.walk()] == before
    assert said == ["まとめてインデントするには、同じ階層のタスクを選んでください", "まとめてアウトデントするには、同じ階層のタスクを選んでください",
                    "まとめて移動するには、同じ階層のタスクを選んでください"]


# --- typing into the cells ---------------------------------------------------------------------------------------


def a_leaf(page):
    tree = page.model.tree
    return [t for t in tree.walk() if not tree.has_children(t.id) and t.start and t.finish and not t.milestone][3]


@pytest.mark.parametrize("key, typed, why", [
    ("title", "", "タスク名が必要"),
    ("title", "　 ", "タスク名が必要"),
    ("estimate_days", "１２３４５６７", "範囲外"),
    ("start", "2026/02/30", "日付ではありません"),
    ("finish", "1899/12/31", "範囲外"),
    ("predecessors", "1.1, 999", "999"),
    ("predecessors", "=1+1", "先行タスクの書き方ではありません"),
    ("completion_condition", "<b>太字</b>" * 12_000, "長すぎます"),
])
def test_held_a_refused_value_is_one_japanese_message_by_label_kept_and_undo_steps_back_as_ever(window, qtbot, said, key, typed, why) -> None:
    page = window.page("wbs")
    task = a_leaf(page)
    before = stored(page).tasks[task.id]
    undo_before = window.undo_action.text()
    type_cell(page, qtbot, task.id, key, typed)
    assert len(said) == 1 and why in said[0] and has_japanese(said[0]) and "Traceback" not in said[0], said
    assert "estimate_days" not in said[0] and "completion_condition" not in said[0] and str(task.id) + ")" not in said[0]
    assert stored(page).tasks[task.id] == before
    assert window.undo_action.text() == undo_before


@pytest.mark.parametrize("key, typed, expected", [
    ("predecessors", "１．１＋２", "1.1+2"),
    ("owner_name", "@SUM(A1)", "@SUM(A1)"),
    ("title", "=1+1", "=1+1"),
    ("phase", "新フェーズ", "新フェーズ"),
])
def test_held_a_value_taken_is_one_undo_step_named_in_japanese(window, qtbot, said, key, typed, expected) -> None:
    page = window.page("wbs")
    task = a_leaf(page)
    before = stored(page).tasks[task.id]
    type_cell(page, qtbot, task.id, key, typed)
    shown = str(page.model.index_of(task.id, INDEX[key]).data() or "")
    assert shown.endswith(expected), shown
    text = window.undo_action.text()
    assert text.startswith("元に戻す") and "の" in text, text
    window.undo_action.trigger()
    settle(window)
    assert stored(page).tasks[task.id].model_dump(exclude={"updated_at", "version"}) == before.model_dump(exclude={"updated_at", "version"})
    assert said == []


def test_spreadsheet_rows_pasted_into_a_title_cell_are_not_silently_one_title(window, qtbot, said) -> None:
    page = window.page("wbs")
    task = a_leaf(page)
    count = len(stored(page).tasks)
    type_cell(page, qtbot, task.id, "title", "タスクA\t必須\t完了条件A\nタスクB\t推奨\t完了条件B\nタスクC\t任意\t完了条件C")
    after = stored(page)
    assert len(after.tasks) > count or said, (after.tasks[task.id].title, said)


def test_held_ctrl_v_of_spreadsheet_rows_on_the_tree_changes_nothing_and_opens_no_editor(window, qtbot, said) -> None:
    page = window.page("wbs")
    task = a_leaf(page)
    QGuiApplication.clipboard().setText("タスクA\t必須\t完了条件A\nタスクB\t推奨\t完了条件B\n")
    before = stored(page)
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task.id, INDEX["title"])))
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    after = stored(page)
    assert [(t.id, t.title) for t in after.walk()] == [(t.id, t.title) for t in before.walk()]
    assert len(said) == 1 and said[0].startswith("WBS ツリーには貼り付けできません"), said  # said, in Japanese, once


@pytest.mark.parametrize("key, typed", [("estimate_days", "7"), ("start", "2026/12/24"), ("owner_name", "鈴木"),
                                        ("completion_condition", "途中の完了条件"), ("title", "途中まで入力した題名")])
@pytest.mark.parametrize("keys", ["Insert", "Alt+Shift+Down", "Alt+Shift+Right"])
def test_held_a_command_key_pressed_with_a_cell_editor_open_loses_no_typing(window, qtbot, said, key, typed, keys) -> None:
    page = window.page("wbs")
    _top, kids = block(page)
    task = page.model.tree.tasks[kids[2]]  # 作業C: a task above it and below it
    select(page, [task.id])
    line = line_of(open_editor(page, task.id, key))
    line.selectAll()
    commit(line, typed)
    press = {"Insert": (Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier),
             "Alt+Shift+Down": (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier),
             "Alt+Shift+Right": (Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)}[keys]
    qtbot.keyClick(line, *press)
    settle(window)
    from shiboken6 import isValid

    if isValid(line) and line.isVisible():  # (the title's editor stays open over a move: Enter saves it where the task is now)
        qtbot.keyClick(line, Qt.Key.Key_Return)
        settle(window)
    value = getattr(stored(page).tasks[task.id], key)
    assert str(value).replace("-", "/").removesuffix(".0") == typed, value


# --- search while editing ----------------------------------------------------------------------------------------


def test_held_a_task_added_under_a_search_is_shown_until_its_title_no_longer_matches_undo_redo(window, qtbot, said) -> None:
    page = window.page("wbs")
    wbs_search(page, qtbot, "ヒアリング")
    settle(window)
    shown = wbs_shown(page)
    follow = next(t for t in page.model.tree.tasks.values() if t.title == "ヒアリング要フォロー事項の確認")
    select(page, [follow.id])
    act(page, "add")
    assert "新しいタスク" in wbs_shown(page)
    editor = next(w for w in page.tree.findChildren(QWidget) if w.objectName() == "wbsEditor_title" and w.isVisible())
    editor.selectAll()
    commit(editor, "ヒアリング結果の共有")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert "ヒアリング結果の共有" in wbs_shown(page)
    window.undo_action.trigger()
    settle(window)
    window.undo_action.trigger()
    settle(window)
    assert wbs_shown(page) == shown
    window.redo_action.trigger()
    settle(window)
    window.redo_action.trigger()
    settle(window)
    assert "ヒアリング結果の共有" in wbs_shown(page)
    assert said == []


# --- several tasks selected, a refused value, a crash --------------------------------------------------------------


def test_held_a_value_refused_for_three_selected_tasks_comes_back_in_each_after_a_crash(qtbot, db_path, monkeypatch, said) -> None:
    from tests.test_drafts_on_disk_pages import crash
    from tests.test_wbs_refused_drafts import drafted, shown

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    first = make_window(qtbot, db_path, global_lang="ja")
    first.show_page("wbs")
    settle(first)
    page = first.page("wbs")
    _top, kids = block(page)
    select(page, kids[:3])
    type_cell(page, qtbot, kids[0], "estimate_days", "99999")
    assert said == ["見積(人日): 「99999」は範囲外です(0〜1000)"]
    assert [shown(first, k, "estimate_days") for k in kids[:3]] == ["99999"] * 3
    crash(first)
    again = make_window(qtbot, db_path, global_lang="ja")
    again.show_page("wbs")
    settle(again)
    assert [shown(again, k, "estimate_days") for k in kids[:3]] == ["99999"] * 3
    assert all(drafted(again, k, "estimate_days") for k in kids[:3])
    assert "3 件の下書きが未保存です" in again.save_label.text()
    page = again.page("wbs")
    select(page, [kids[1]])
    type_cell(page, qtbot, kids[1], "estimate_days", "3")
    assert [shown(again, k, "estimate_days") for k in kids[:3]] == ["99999", "3", "99999"]
    again.undo_action.trigger()
    settle(again)
    assert [shown(again, k, "estimate_days") for k in kids[:3]] == ["99999"] * 3
    close_window(again)


# --- two windows -----------------------------------------------------------------------------------------------------


def seen(window) -> None:
    window.watcher.poll()
    settle(window)


def test_held_my_title_typing_lands_on_its_task_after_a_colleague_deleted_the_task_above_and_moved_it(
        qtbot, db_path, monkeypatch, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        pa, pb = a.page("wbs"), b.page("wbs")
        top, kids = block(pa)
        seen(b)
        pb.tree.expandAll()
        editor = open_editor(pb, kids[2], "title")
        editor.selectAll()
        commit(editor, "佐藤が入力中の題名")
        select(pa, [kids[1]])
        act(pa, "delete")
        select(pa, [kids[2]])
        act(pa, "moveDown")
        seen(b)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(b)
        assert block_outline(pa, top) == [".1 作業A", ".2 作業D", ".3 佐藤が入力中の題名", ".4 作業E"]
        b.undo_action.trigger()
        settle(b)
        assert block_outline(pa, top) == [".1 作業A", ".2 作業D", ".3 作業C", ".4 作業E"]
        assert said == []


def test_held_a_predecessor_typed_while_a_colleague_indented_the_task_under_it_is_refused_in_japanese(
        qtbot, db_path, monkeypatch, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        pa, pb = a.page("wbs"), b.page("wbs")
        _top, kids = block(pa)
        seen(b)
        pb.tree.expandAll()
        editor = open_editor(pb, kids[1], "predecessors")
        editor.selectAll()
        commit(editor, pb.model.tree.codes[kids[0]])  # 作業B waits for 作業A
        select(pa, [kids[1]])
        act(pa, "indent")  # 山田 puts 作業B under 作業A meanwhile
        seen(b)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(b)
        tree = stored(pa)
        assert tree.tasks[kids[1]].parent_id == kids[0] and tree.tasks[kids[1]].dependencies == []
        assert len(said) == 1 and "循環" in said[0] and has_japanese(said[0]), said


# --- the Excel WBS and the CLI beside an open window ---------------------------------------------------------------


def test_held_cli_import_of_the_title_being_typed_asks_in_japanese_and_formula_text_stays_text(
        qtbot, db_path, monkeypatch, said, tmp_path) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.ui.window.conflict_dialog import Choice

    asked: list[list[str]] = []

    def answer(dialog) -> int:
        asked.append([label.text() for label in dialog.findChildren(QLabel)] + [e.toPlainText() for e in dialog.findChildren(QPlainTextEdit)])
        dialog._done(Choice("mine"))
        return 1

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    settle(win)
    page = win.page("wbs")
    pid = page.state.project_id
    out = tmp_path / "wbs.xlsx"
    assert cli(db_path, "export", "wbs", "--project", str(pid), "--out", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    head = {c.value: n + 1 for n, c in enumerate(sheet[1])}
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["2.2"], head["タスク"]).value = "=1+1"
    sheet.cell(rows["2.2"], head["備考"]).value = "@SUM(A1)"
    book.save(out)
    task = page.model.tree.by_code()["2.2"]
    editor = open_editor(page, task, "title")
    editor.selectAll()
    commit(editor, "窓で入力中の題名")
    done = cli(db_path, "import", "wbs", str(out), "--project", str(pid), "--yes")
    assert done.returncode == 0 and "=1+1" in done.stdout and "@SUM(A1)" in done.stdout, done.stderr
    seen(win)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(win)
    assert len(asked) == 1 and has_japanese(asked[0][0]) and "=1+1" in " ".join(asked[0]) and "窓で入力中の題名" in " ".join(asked[0])
    assert not any("title" in text or "Task" in text for text in asked[0]), asked
    now = stored(page).tasks[task]
    assert (now.title, now.notes) == ("窓で入力中の題名", "@SUM(A1)")
    win.undo_action.trigger()
    settle(win)
    assert stored(page).tasks[task].title == "=1+1"
    again = tmp_path / "again.xlsx"
    assert cli(db_path, "export", "wbs", "--project", str(pid), "--out", str(again)).returncode == 0
    sheet = openpyxl.load_workbook(again)["WBS"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value in ("=1+1", "@SUM(A1)")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)
    assert said == []
    close_window(win)


@pytest.mark.parametrize("column, value, why", [
    ("開始日", "=TODAY()", "日付ではありません"),
    ("見積(人日)", "=1+1", "数値ではありません"),
    ("優先度", "@SUM(A1)", "選択肢"),
    ("顧客合意", "=TRUE()", "「はい」か「いいえ」"),
    ("見積(人日)", "1e400", "範囲外"),
    ("タスクID", "abc", "タスクIDではありません"),
])
def test_held_cli_import_of_a_formula_or_bad_cell_is_one_japanese_line_exit_2_nothing_changed(
        demo, db_path, tmp_path, column, value, why) -> None:
    out = tmp_path / "wbs.xlsx"
    assert cli(db_path, "export", "wbs", "--project", str(demo.id), "--out", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    head = {c.value: n + 1 for n, c in enumerate(sheet[1])}
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    sheet.cell(rows["2.2"], head[column]).value = value
    book.save(out)
    before = db_path.read_bytes()
    done = cli(db_path, "import", "wbs", str(out), "--project", str(demo.id), "--yes")
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and why in lines[0] and f"{rows['2.2']} 行目" in lines[0] and "Traceback" not in done.stderr, done.stderr
    assert db_path.read_bytes() == before


# --- searching and filtering as a Japanese input method types -------------------------------------------------------


@pytest.mark.parametrize("typed, found", [("ＭＬｆｌｏｗ", "実験管理ツール(MLflow等)への移行判断"), ("ﾋｱﾘﾝｸﾞ", "ヒアリング実施")])
def test_predecessor_picker_search_reads_full_width_and_half_width_kana_as_the_table_does(window, qtbot, typed, found) -> None:
    from app.ui.wbs.dialogs import PredecessorDialog

    page = window.page("wbs")
    wbs_search(page, qtbot, typed)
    settle(window)
    assert found in wbs_shown(page)  # the table finds it
    tree = page.model.tree
    task = tree.tasks[tree.by_code()["6.1"]]
    dialog = PredecessorDialog(tree, task, page)
    try:
        dialog.findChild(type(dialog.search), "wbsPredecessorSearch").setText(typed)
        shown = [dialog.list.item(n).text() for n in range(dialog.list.count()) if not dialog.list.item(n).isHidden()]
        assert any(found in text for text in shown), shown
    finally:
        dialog.deleteLater()


def test_owner_filter_takes_a_name_in_another_width_or_spacing_as_the_same_person(window, qtbot, said) -> None:
    from PySide6.QtWidgets import QComboBox

    page = window.page("wbs")
    _top, kids = block(page)
    for task_id, name in zip(kids[:4], ("山田 太郎", "山田　太郎", "ﾔﾏﾀﾞ", "ヤマダ"), strict=True):
        select(page, [task_id])
        type_cell(page, qtbot, task_id, "owner_name", name)
    assert said == []
    combo = page.findChild(QComboBox, "wbsFilterOwner")
    people = [combo.itemText(i) for i in range(combo.count()) if str(combo.itemData(i) or "").startswith("name:")]
    combo.setCurrentIndex(combo.findData("name:山田 太郎"))
    settle(window)
    shown = [title for title in wbs_shown(page) if title.startswith("作業")]
    assert shown == ["作業A", "作業B"] and len([p for p in people if "山田" in p and "太郎" in p]) == 1, (shown, people)


# --- a real SIGKILL mid-typing, then a restart ------------------------------------------------------------------------

KILL_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[2])
from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from app.ui import messages
from tests.gui_helpers import finish_background_work, make_window
from tests.test_breaker61a import block, commit, open_editor, select, line_of

messages.confirm = lambda *a, **k: True
messages.show_error = lambda *a, **k: print("said", a[1] if len(a) > 1 else "", flush=True)

def pump(n=20):
    for _ in range(n):
        QCoreApplication.processEvents()
        time.sleep(0.01)
    finish_background_work()

win = make_window(None, sys.argv[1], global_lang="ja")
win.show_page("wbs")
pump(30)
page = win.page("wbs")
top, kids = block(page)
pump()
select(page, kids[:3])
line = line_of(open_editor(page, kids[0], "estimate_days"))
line.selectAll()
commit(line, "99999")
QTest.keyClick(line, Qt.Key.Key_Return)
pump()
select(page, [kids[3]])
line = line_of(open_editor(page, kids[3], "title"))
line.selectAll()
commit(line, "保存済みの題名")
QTest.keyClick(line, Qt.Key.Key_Return)
pump()
select(page, [kids[4]])
line = line_of(open_editor(page, kids[4], "completion_condition"))
line.selectAll()
commit(line, "入力途中の完了条件")
pump(30)
print("ready", top, *kids, flush=True)
while True:
    pump()
"""


def test_held_killed_mid_typing_keeps_what_was_saved_and_the_refused_value_of_each_selected_task(
        qtbot, db_path, tmp_path, monkeypatch, demo_template) -> None:
    import sqlite3

    from tests import children
    from tests.conftest import copy_database, isolate
    from tests.test_wbs_refused_drafts import drafted, shown

    copy_database(demo_template, db_path)
    home = tmp_path / "killed-home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"),
               MLOPS_KICKOFF_LANG="ja")
    env.pop("MLOPS_KICKOFF_DB", None)
    repo = Path(__file__).resolve().parent.parent
    child = children.Child([sys.executable, "-c", children.WINDOW_GUARD + KILL_CHILD, str(db_path), str(repo)], env=env, cwd=repo)
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith("ready"):
                break
    finally:
        _out, err = child.kill()
    assert lines and lines[-1].startswith("ready"), (lines, err[-3000:])
    said = [line for line in lines if line.startswith("said")]
    assert len(said) == 1 and "範囲外" in said[0], lines
    ids = [int(x) for x in lines[-1].split()[1:]]
    _top, kids = ids[0], ids[1:]
    with sqlite3.connect(db_path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    isolate(home, monkeypatch)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    again = make_window(qtbot, db_path, global_lang="ja")
    again.show_page("wbs")
    settle(again)
    page = again.page("wbs")
    assert stored(page).tasks[kids[3]].title == "保存済みの題名"
    assert [shown(again, k, "estimate_days") for k in kids[:3]] == ["99999"] * 3
    assert all(drafted(again, k, "estimate_days") for k in kids[:3])
    assert stored(page).tasks[kids[4]].completion_condition == ""  # (an editor still open: README says it may be lost)
    close_window(again)


@pytest.mark.parametrize("key, typed, expected", [("owner_role", "ＰＭ", "pm"), ("owner_role", "ﾃﾞｰﾀｻｲｴﾝﾃｨｽﾄ", "ds"),
                                                  ("phase", "ＣＩ環境構築", "ci")])
def test_a_role_or_phase_typed_in_another_width_is_the_listed_one(window, qtbot, said, key, typed, expected) -> None:
    page = window.page("wbs")
    task = a_leaf(page)
    select(page, [task.id])
    type_cell(page, qtbot, task.id, key, typed)
    assert said == []
    assert getattr(stored(page).tasks[task.id], key) == expected


def test_predecessors_typed_with_several_tasks_selected_go_to_each_or_are_said(window, qtbot, said) -> None:
    page = window.page("wbs")
    _top, kids = block(page)
    select(page, kids[1:4])
    type_cell(page, qtbot, kids[1], "predecessors", page.model.tree.codes[kids[0]])
    tree = stored(page)
    linked = [[d.predecessor_id for d in tree.tasks[k].dependencies] for k in kids[1:4]]
    assert linked == [[kids[0]]] * 3 or said, linked


def test_held_agreed_ticked_with_several_tasks_selected_goes_to_each_and_undoes_in_one_step(window, said) -> None:
    page = window.page("wbs")
    _top, kids = block(page)
    select(page, kids[1:4])
    page.model.setData(page.model.index_of(kids[1], INDEX["agreed"]), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    settle(window)
    assert [stored(page).tasks[k].agreed for k in kids[:5]] == [False, True, True, True, False]
    window.undo_action.trigger()
    settle(window)
    assert not any(stored(page).tasks[k].agreed for k in kids)
    assert said == []


def test_refused_predecessors_kept_in_the_cell_follow_their_tasks_when_the_outline_renumbers(window, qtbot, said) -> None:
    page = window.page("wbs")
    _top, kids = block(page)
    code_c = page.model.tree.codes[kids[2]]
    select(page, [kids[4]])
    type_cell(page, qtbot, kids[4], "predecessors", f"{code_c}, 9.9.9")
    assert said == ["先行タスク: WBS 番号 9.9.9 のタスクはありません"]
    select(page, [kids[0]])
    act(page, "add")  # 新しいタスク after 作業A: 作業B and 作業C move down one number
    qtbot.keyClick(window.focusWidget() or page.tree, Qt.Key.Key_Escape)
    settle(window)
    assert page.model.tree.codes[kids[1]] == code_c
    select(page, [kids[4]])
    editor = open_editor(page, kids[4], "predecessors")
    editor.setText(editor.text().replace(", 9.9.9", ""))  # the typo removed, as the user sees the text
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert [d.predecessor_id for d in stored(page).tasks[kids[4]].dependencies] == [kids[2]], "作業E should wait for 作業C"


def test_held_predecessors_typed_while_a_colleague_renumbered_the_outline_link_the_tasks_seen(
        qtbot, db_path, monkeypatch, said) -> None:
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as (a, b):
        pa, pb = a.page("wbs"), b.page("wbs")
        _top, kids = block(pa)
        seen(b)
        pb.tree.expandAll()
        code_c = pb.model.tree.codes[kids[2]]
        editor = open_editor(pb, kids[4], "predecessors")
        editor.selectAll()
        commit(editor, code_c)  # 作業E waits for 作業C, as 佐藤 sees the numbers
        select(pa, [kids[0]])
        act(pa, "add")  # 山田 adds a task above 作業C meanwhile
        qtbot.keyClick(a.focusWidget() or pa.tree, Qt.Key.Key_Escape)
        settle(a)
        seen(b)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(b)
        assert [d.predecessor_id for d in stored(pa).tasks[kids[4]].dependencies] == [kids[2]]
        assert said == []
