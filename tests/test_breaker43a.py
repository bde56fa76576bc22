"""breaker43a: the WBS page (ページ「WBS」) as a demanding Japanese MLOps consultant (window A, 山田) and a
colleague (window B, 佐藤) sharing the demo project on one database, both windows in Japanese; a real window
process killed with SIGKILL while a WBS cell was being saved.

Tried and held: typing (real key events into the cell editor found by the tree ``wbsTree``) in the title,
completion condition and owner cells of 4.3 while B renames that task or its parent, adds a task above it,
indents its parent, moves or indents the task, schedules, or generates from the hearing: every time the
typing is saved (A's watcher holds B's change until the editor commits), or, for the same cell changed by
B, the conflict dialog asks and closing it says the text back in Japanese; B deleting the task's parent
while A types: 「「4.2 データのバージョン管理」は別のウィンドウで削除されたため…入力した内容: 完了条件: …」.
Undo (Ctrl+Z) of a title edit after B retitled the task: refused, said in the status bar, B's title kept;
undo of an indent after B added a sub-task in front of it: refused and said; undo of a schedule after B
moved a task's start: only the dates the schedule set are put back, B's start kept (finish before start is
then flagged ⚠, nothing overwritten). Bad values typed: a 10,000-character title, =1+1 in the completion
condition, emoji / ZWJ / 𠮷 in the expected output, @佐藤 as owner, 2199/12/31: stored and exported as
text / real date cells (openpyxl: data type s, the formula not a formula); 2300/01/01 and 99999 days are
refused in one Japanese line; "-" in the days box is refused at the box with a Japanese tooltip. Committed
cells survive a SIGKILL of the window process.

Found, no test (same cause as the first defect): Redo of an "Add sub-task" after B deleted the parent raises
the same FOREIGN KEY traceback. Not counted (taste): the undo refusal names the task by the title the step
left (「4.2 山田」), not the title B gave it; 2300/01/01 is said back as 「2300-01-01」 and 99999 as 「99999.0」
(all three mended since: tests/test_wbs_refusal_as_typed.py and the undo test below).
Not tried (time-box): Level resources (its preview dialog) and the Excel import in A while B edits, MSPDI.

Defects (strict xfails, each asserting what the user should get):
- Ctrl+Z of a task deleted in A after B deleted its parent: a traceback (sqlite3 IntegrityError: FOREIGN KEY
  constraint failed, raw English, from app/wbs/store.py restore) instead of the undo refused and said (the
  undo compares only the step's own tasks, never that their parent / predecessors still exist);
- a WBS cell whose conflict dialog is closed without a choice ("あとで"): the typing is said once in a
  message box and gone; no draft, nothing at the next start (README: a conflict left unanswered is kept in
  drafts/ on any page and comes back at the next start; app/ui/wbs/editing.py _resolve_conflict);
- the window process killed while the WBS conflict dialog is open (the consultant reading both sides): the
  typing is gone at the next start (README: a conflict still being answered is kept in drafts/);
- the Excel WBS exported untouched from a plan whose phase totals over 1,000 person-days (two tasks of 500
  typed in the table) cannot be imported back: 「見積(人日): 「1012.5」は範囲外です」 for the summary row,
  whose roll-up is checked as if typed although the import ignores it (app/wbs/files/sheet_cells.py
  clean_fields before _read_task_row drops rolled-up fields); README: every plan the app exports comes back.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from app.core.errors import UserError
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.wbs.columns import INDEX
from app.wbs.files.sheet_import import read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests import children
from tests.conftest import copy_database, isolate
from tests.gui_helpers import close_window, make_window, settle, two_windows, wbs_find

REPO = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/break43a")
TASK = "データのバージョン管理"  # 4.2, under 4 データ基盤構築, after 4.1 (its predecessor)


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """Window A (山田) and window B (佐藤) on one database, in Japanese, on the demo, both on the WBS page."""
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as pair:
        yield pair


@pytest.fixture
def heard(two) -> list[str]:
    """What window A says in its status bar (an undo refused)."""
    out: list[str] = []
    two[0].state.problem.connect(out.append)
    return out


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def page(window):
    return window.page("wbs")


def stored(window):
    return WbsService(window.state.workspace.db).tree(window.state.project_id)


def act(window, name: str) -> None:
    """A WBS editing command (the toolbar's action, as its shortcut triggers it)."""
    page(window).actions_by_name[name].trigger()
    settle(window)


def open_cell(window, qtbot, task_id: int, key: str):
    """The task's cell opened with F2 in the tree (the user's keyboard): its editor."""
    p = page(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    p.select_task(task_id)
    p.tree.setFocus()
    p.tree.setCurrentIndex(p.proxy.mapFromSource(p.model.index_of(task_id, INDEX[key])))
    qtbot.keyClick(p.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: p.tree.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    if isinstance(editor, QLineEdit):
        editor.selectAll()
    elif hasattr(editor, "lineEdit") and editor.lineEdit() is not None:  # an editable box (a date, a number)
        editor.lineEdit().selectAll()
    return editor


def type_in(editor, text: str) -> None:
    """Key events carrying the text (Japanese as an input method commits it)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def enter(qtbot, window, editor) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)


# --- defects ---------------------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_undo_of_a_delete_after_the_colleague_deleted_its_parent_is_refused_and_said(two, qtbot, said, heard, monkeypatch) -> None:
    a, b = two
    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    tree = stored(a)
    child = wbs_find(page(a), "実験規約の説明会")  # 3.1.9, last under 3.1 実験規約(wiki)作成
    parent = tree.tasks[child].parent_id
    page(a).select_task(child)
    act(a, "delete")
    seen(b)
    page(b).select_task(parent)
    act(b, "delete")  # 佐藤 drops the whole wiki block
    seen(a)
    before = stored(a).tasks
    a.state.undo_stack.undo()  # Ctrl+Z in A
    settle(a)
    after = stored(a)
    orphans = [t.title for t in after.tasks.values() if t.parent_id is not None and t.parent_id not in after.tasks]
    assert not raised and not [s for s in said if s.startswith("CRASH")], raised + said
    assert not orphans, orphans
    assert any("元に戻す" in line for line in heard + said), (heard, said)
    assert after.tasks == before, "the refused undo changed something"
    assert any(line.startswith("元に戻す: ") and "「実験規約の説明会」は戻せません: 親タスクがもうありません" in line for line in heard), heard


@pytest.mark.qt_no_exception_capture
def test_redo_of_an_add_sub_task_after_the_colleague_deleted_its_parent_is_refused_and_said(two, qtbot, said, heard, monkeypatch) -> None:
    a, b = two
    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    parent = wbs_find(page(a), "実験規約(wiki)作成")  # 3.1, its new sub-task added last (3.1.10)
    page(a).select_task(parent)
    act(a, "addChild")
    page(a).tree.setFocus()  # (the new task's title editor closed: nothing typed)
    a.state.undo_stack.undo()  # Ctrl+Z: the sub-task gone again
    settle(a)
    seen(b)
    page(b).select_task(parent)
    act(b, "delete")
    seen(a)
    before = stored(a).tasks
    a.state.undo_stack.redo()  # Ctrl+Y in A
    settle(a)
    after = stored(a).tasks
    assert not raised and not [s for s in said if s.startswith("CRASH")], raised + said
    assert after == before, "the refused redo changed something"
    assert any(line.startswith("やり直し: ") and "「新しいタスク」は戻せません" in line and "親タスク" in line for line in heard), heard


def by_title(tree, title: str) -> int:
    return next(t.id for t in tree.tasks.values() if t.title == title)


@pytest.mark.parametrize("step", ["undo_move", "undo_delete_linked", "redo_add"])
def test_a_wbs_step_put_back_under_or_after_a_task_deleted_since_is_refused_and_named(demo, workspace, step) -> None:
    """The core's undo and redo of every WBS step that puts a task back (a move, a delete, an add): a
    parent or a predecessor deleted since (by 佐藤) refuses it, typed, naming the task; nothing changes."""
    from app.core import operations as ops
    from app.wbs.checks import LinkGone
    from app.wbs.operations import wbs_op

    service, pid = WbsService(workspace.db), demo.id
    tree = service.tree(pid)
    if step == "undo_move":  # 3.1.9 dragged to the top of 4; then 3.1 deleted: the undo would put it back under 3.1
        x, gone = by_title(tree, "実験規約の説明会"), by_title(tree, "実験規約(wiki)作成")
        change = ops.run(workspace, wbs_op(pid, lambda ws: WbsService(ws.db).move(pid, [x], by_title(tree, "データ基盤構築"), 0)))
        name, parent, back = "4.1 実験規約の説明会", True, ops.undo_op
    elif step == "undo_delete_linked":  # 2.9 (after 2.5) deleted; then 2.5 deleted: the undo would link 2.9 after nothing
        x, gone = by_title(tree, "店舗スタッフによる目視評価の段取り"), by_title(tree, "評価指標・撤退ラインの合意")
        change = ops.run(workspace, wbs_op(pid, lambda ws: WbsService(ws.db).delete(pid, [x])))
        name, parent, back = "店舗スタッフによる目視評価の段取り", False, ops.undo_op
    else:  # a sub-task added to 6.13, taken back; then 6.13 deleted: the redo would add it under nothing
        gone = by_title(tree, "監視設計(監視対象・検知・アラート・対応)")
        change = ops.run(workspace, wbs_op(pid, lambda ws: WbsService(ws.db).add_task(pid, gone, title="アラート閾値の決定")))
        ops.run(workspace, ops.undo_op(change))
        name, parent, back = "アラート閾値の決定", True, ops.redo_op
    service.delete(pid, [gone])  # 佐藤, in another window
    before = service.tree(pid).tasks
    with pytest.raises(LinkGone) as refused:
        ops.run(workspace, back(change))
    assert (refused.value.params, refused.value.parent) == ({"task": name}, parent)
    assert refused.value.text("ja").startswith(f"「{name}」は戻せません: {'親' if parent else '先行'}タスクがもうありません")
    assert service.tree(pid).tasks == before


def test_a_wbs_conflict_left_unanswered_is_kept_as_a_draft(two, qtbot, said, monkeypatch) -> None:
    a, b = two
    import app.ui.window.conflict_dialog as conflict_dialog

    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: setattr(dialog, "choice", conflict_dialog.Choice.LATER))
    x = wbs_find(page(a), TASK)
    editor = open_cell(a, qtbot, x, "completion_condition")
    type_in(editor, "会議で合意した完了条件")
    WbsService(b.state.workspace.db).update(b.state.project_id, [x], completion_condition="佐藤の完了条件")
    seen(a)
    enter(qtbot, a, editor)
    assert any("会議で合意した完了条件" in s for s in said), said  # (said once: held)
    kept = " ".join(str(d.fields) for _key, d in drafts_of(a.state).kept(a.state.project_id, ""))
    assert "会議で合意した完了条件" in kept, (kept, said)


def test_held_a_wbs_conflict_left_unanswered_asks_again_in_the_next_window_and_mine_is_saved(two, qtbot, said, monkeypatch) -> None:
    """The draft a conflict left unanswered kept: the next window shows it in the cell and asks again
    (never over the colleague's value unseen); "mine" saves it and the draft goes."""
    from tests.conftest import answer_conflict

    a, b = two
    import app.ui.window.conflict_dialog as conflict_dialog

    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: setattr(dialog, "choice", conflict_dialog.Choice.LATER))
    x = wbs_find(page(a), TASK)
    editor = open_cell(a, qtbot, x, "completion_condition")
    type_in(editor, "会議で合意した完了条件")
    WbsService(b.state.workspace.db).update(b.state.project_id, [x], completion_condition="佐藤の完了条件")
    seen(a)
    enter(qtbot, a, editor)
    seen(a)  # a reload here asks nothing again
    assert sum("会議で合意した完了条件" in s for s in said) == 1, said
    db = a.state.workspace.db.url
    close_window(a)
    asked: list[object] = []
    mine = answer_conflict("mine")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or mine(dialog))
    c = make_window(qtbot, db.removeprefix("sqlite:///"), global_lang="ja")
    try:
        c.show_page("wbs")
        settle(c)
        p = page(c)
        assert p.model.data(p.model.index_of(x, INDEX["completion_condition"]), Qt.ItemDataRole.DisplayRole) == "会議で合意した完了条件"
        qtbot.waitUntil(lambda: bool(asked), timeout=5000)
        settle(c)
        assert stored(c).tasks[x].completion_condition == "会議で合意した完了条件", said
        assert not drafts_of(c.state).kept(c.state.project_id, ""), said
    finally:
        close_window(c)


# The child: the real window (Japanese, on the WBS page of the demo) and 佐藤's second window in the same
# process. 佐藤 saves 4.2's completion condition; 山田's window, which has not looked since, types into that
# cell and presses Enter: the conflict dialog opens. While it is on the screen the child says "ready" and
# is SIGKILLed. Before that, 山田 saved the owner of 4.3 (no conflict): it must survive the kill.
CHILD = children.WINDOW_GUARD + textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QCoreApplication
    from app.ui import messages
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.ui.wbs.columns import INDEX
    from app.wbs.service import WbsService
    from tests.gui_helpers import make_window, wbs_find

    messages.confirm = lambda *a, **k: True

    def pump(n=20):
        for _ in range(n):
            QCoreApplication.processEvents()
            time.sleep(0.01)

    def on_screen(dialog):
        print("ready", flush=True)
        while True:
            pump()

    conflict_dialog.ask_conflict = on_screen
    a = make_window(None, sys.argv[1], global_lang="ja", page="wbs")
    b = make_window(None, sys.argv[1], global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    a.watcher.timer.stop()
    a.show_page("wbs")
    pump(20)
    page = a.page("wbs")

    def typed(title, key, text):
        from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit
        task = wbs_find(page, title)
        index = page.proxy.mapFromSource(page.model.index_of(task, INDEX[key]))
        page.select_task(task)
        page.tree.setCurrentIndex(index)
        page.tree.edit(index)
        editor = page.tree.indexWidget(index)
        editor.selectAll()
        editor.insert(text)
        pump(5)
        page.tree.commitData(editor)  # Enter
        page.tree.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        pump(5)

    typed("データ受領と受領記録", "owner_name", "高橋(先方窓口)")
    x = wbs_find(page, "データのバージョン管理")
    WbsService(b.state.workspace.db).update(b.state.project_id, [x], completion_condition="佐藤の完了条件")
    typed("データのバージョン管理", "completion_condition", "会議で合意した完了条件(山田)")
    print("no conflict asked", flush=True)
    """
)


@pytest.fixture(scope="module")
def killed(demo_template):
    """The child run and killed once: (database, data folder)."""
    SCRATCH.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="killed-", dir=SCRATCH))
    db = folder / "kickoff.sqlite3"
    copy_database(demo_template, db)
    home = folder / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")  # fmt: skip
    env.pop("MLOPS_KICKOFF_DB", None)
    child = children.Child([sys.executable, "-c", CHILD, str(db), str(REPO)], env=env, cwd=REPO)  # fmt: skip
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith(("ready", "no conflict")):
                break
    finally:
        _out, err = child.kill()
    assert lines == ["ready"], f"the conflict dialog did not open: {lines} {err[-2000:]}"
    return db, home


def next_start(qtbot, killed, monkeypatch):
    db, home = killed
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    import app.ui.window.conflict_dialog as conflict_dialog

    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: setattr(dialog, "choice", conflict_dialog.Choice.LATER))
    isolate(home, monkeypatch)
    window = make_window(qtbot, db, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    return window, home


def test_held_a_cell_saved_before_the_kill_is_there_at_the_next_start(qtbot, killed, monkeypatch, said) -> None:
    window, _home = next_start(qtbot, killed, monkeypatch)
    try:
        tree = stored(window)
        assert tree.tasks[wbs_find(page(window), "データ受領と受領記録")].owner_name == "高橋(先方窓口)"
    finally:
        close_window(window)


def test_a_wbs_cell_typed_into_a_conflict_is_offered_back_after_a_kill(qtbot, killed, monkeypatch, said) -> None:
    window, home = next_start(qtbot, killed, monkeypatch)
    try:
        p = page(window)
        x = wbs_find(p, TASK)
        shown = p.model.data(p.model.index_of(x, INDEX["completion_condition"]), Qt.ItemDataRole.DisplayRole)
        kept = " ".join(f.read_text(encoding="utf-8") for f in (home / "drafts").rglob("*.json")) if (home / "drafts").exists() else ""
        told = " ".join(said)
        typed = "会議で合意した完了条件(山田)"
        assert typed in kept or typed in shown or typed in told, (shown, kept[:300], said)
    finally:
        close_window(window)


def test_an_untouched_excel_wbs_whose_phase_totals_over_1000_person_days_comes_back(two, qtbot, said) -> None:
    a, _b = two
    p = page(a)
    tree = stored(a)
    phase = wbs_find(p, "データ基盤構築")
    for task_id in tree.kids(phase)[:2]:  # two big tasks typed in the table (each within 0-1,000)
        editor = open_cell(a, qtbot, task_id, "estimate_days")
        editor.lineEdit().selectAll()
        type_in(editor, "500")
        enter(qtbot, a, editor)
    assert [stored(a).tasks[i].estimate_days for i in tree.kids(phase)[:2]] == [500.0, 500.0], said
    out = SCRATCH / f"wbs-{os.getpid()}.xlsx"
    SCRATCH.mkdir(exist_ok=True)
    export_wbs_xlsx(a.state.workspace, a.state.project_id, out, "ja")
    try:
        plan = read_plan(a.state.workspace, a.state.project_id, out)
    except UserError as exc:
        pytest.fail(f"the untouched export is refused: {exc}")
    finally:
        out.unlink(missing_ok=True)
    assert not plan.changed and not plan.added


# --- held ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["delete_parent", "indent"])
def test_held_typing_in_a_cell_while_the_other_window_restructures_is_saved_or_said(two, qtbot, said, what) -> None:
    a, b = two
    x = wbs_find(page(a), "データ受領と受領記録")  # 4.3
    editor = open_cell(a, qtbot, x, "completion_condition")
    type_in(editor, "受領記録を先方と確認した")
    page(b).select_task(stored(b).tasks[x].parent_id if what == "delete_parent" else x)
    act(b, "delete" if what == "delete_parent" else "indent")
    seen(a)
    enter(qtbot, a, editor)
    seen(a)
    task = stored(a).tasks.get(x)
    if what == "delete_parent":
        assert task is None and any("受領記録を先方と確認した" in s and "削除" in s for s in said), said
    else:
        assert task.completion_condition == "受領記録を先方と確認した", said


def test_held_undo_of_a_title_after_the_colleague_retitled_it_is_refused_and_said(two, qtbot, said, heard) -> None:
    a, b = two
    x = wbs_find(page(a), TASK)
    editor = open_cell(a, qtbot, x, "title")
    type_in(editor, "データのバージョン管理(DVC)")
    enter(qtbot, a, editor)
    WbsService(b.state.workspace.db).update(b.state.project_id, [x], title="データのバージョン管理(佐藤案)")
    seen(a)
    page(a).tree.setFocus()
    a.state.undo_stack.undo()
    settle(a)
    assert stored(a).tasks[x].title == "データのバージョン管理(佐藤案)"
    assert any(line.startswith("元に戻す") and "別のウィンドウ" in line for line in heard), heard
    # Named as the task is now (the colleague's title, the one the page shows), not the title the step left.
    refused = [line for line in heard if line.startswith("元に戻す")]
    assert "(佐藤案)」" in refused[0] and "(DVC)" not in refused[0], heard


def test_held_hostile_cells_are_text_in_the_excel_wbs(two, qtbot, said) -> None:
    a, _b = two
    x = wbs_find(page(a), TASK)
    for key, text in (("completion_condition", "=1+1"), ("expected_output", "完成🎉👨\u200d👩\u200d👧 𠮷"), ("owner_name", "@佐藤")):
        editor = open_cell(a, qtbot, x, key)
        type_in(editor, text)
        enter(qtbot, a, editor)
    editor = open_cell(a, qtbot, x, "start")
    type_in(editor, "2300/01/01")
    enter(qtbot, a, editor)
    assert any("開始日" in s and "範囲外" in s for s in said), said
    out = SCRATCH / f"hostile-{os.getpid()}.xlsx"
    SCRATCH.mkdir(exist_ok=True)
    export_wbs_xlsx(a.state.workspace, a.state.project_id, out, "ja")
    try:
        sheet = openpyxl.load_workbook(out)["WBS"]
        row = next(r for r in sheet.iter_rows() if r[0].value == "4.2")
        cells = {c.value: c.data_type for c in row if isinstance(c.value, str)}
    finally:
        out.unlink(missing_ok=True)
    assert cells.get("=1+1") == "s" and cells.get("完成🎉👨\u200d👩\u200d👧 𠮷") == "s" and cells.get("@佐藤") == "s", cells
