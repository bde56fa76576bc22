"""breaker43f: this session's newest fixes, as a demanding Japanese consultant (window A, 山田) and a colleague
(window B, 佐藤) on one database (tests/gui_helpers.two_windows, both windows in Japanese, real widgets), and
the command line (`python -m app --lang ja`, its files in the test's tmp_path).

Tried and held:
- WBS conflict kept in drafts/ (app/ui/wbs/editing.py, kept.py): typing into a cell 佐藤 changed since, the
  dialog closed without a choice: said in Japanese (「…入力した内容は下書きに残し、次回の起動時にもう一度確認します」)
  and the draft holds the typing;
- WBS undo refused over a task deleted since (LinkGone): a task dragged (model drag and drop) from 3.1 to the
  end of 4, then 佐藤 deletes 3.1: Ctrl+Z says 「元に戻す: 「4.15 実験規約の説明会」は戻せません: 親タスクがもう
  ありません…」, nothing changed; an outdent's undo after the old parent was deleted is refused as a conflict
  naming the siblings whose positions the delete shifted (nothing changed, said); a chain (a title edit after
  the outdent) undoes the title first, then refuses; redo after the refusal redoes the later step only;
- the undo of a Schedule after 佐藤 deleted a task the schedule had moved: refused, the task named, nothing
  changed, said in Japanese;
- `backup create` / `list` / `restore` in Japanese: the reasons said as 手動 / 復元の前; `project import` of a
  project file without schema_version, with null, "1", 1.0, -1, [1], 10**30: each refused in one Japanese line
  without Python's None;
- Exports page ▸ 雛形 into a folder already holding the scaffold: asked in Japanese
  (「…には雛形がすでにあります。雛形のファイルを置き換え、それ以外のファイルは残しますか?」); no writes nothing,
  yes writes.

Defects (strict xfails, each asserting what the user should get):
- a WBS conflict on one cell closed without a choice (kept as a draft, "asked again at the next start"), then
  a conflict on another cell of the same task answered mine or theirs: the first cell's typing is dropped
  from drafts/ with the second's (keep_typed merges both into one draft ``wbs:<uid>``, and _drop_kept
  discards the whole draft), so it never comes back although the window said it would;
- the baselines dialog showing the diff 合意1 → 合意2, 佐藤 takes 合意2 back and makes another 合意2 (A's window
  sees both in one poll, its once-a-second poll not having run in between; when it does run in between, the
  dialog says 「「合意2」は別のウィンドウで削除されました…」 and unchooses it: held): Export writes the diff of
  the removed 合意2 (its old background) under the name of the new one; and a sign-off (the row 合意2 selected) is recorded on the new 合意2 without a word, where the
  core has BaselineGone(replaced) for exactly this (the dialog reloads its ids by name, so the replaced one is
  never told apart).

Not tried within the time-box: a language switch while the WBS conflict dialog is open (modal: not reached),
several tasks selected and typed into at once with some in conflict, a project switch with a conflict draft
left, `backup restore` killed half-way (breaker43e's test covers it), Mark reviewed in 要確認.
"""

from __future__ import annotations

import sys

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableWidget

from app.core import operations as ops
from app.hearing import operations as hearing_ops
from app.projects import baselines as bl
from app.ui import messages
from app.ui.error_text import user_text
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import run_op
from app.wbs.service import WbsService
from tests.conftest import answer_conflict
from tests.gui_helpers import settle, two_windows, wbs_find
from tests.test_breaker43a import act, open_cell, page, seen, stored, type_in

TASK = "データのバージョン管理"  # 4.2
CHILD = "実験規約の説明会"  # 3.1.9, the last under 3.1
PARENT = "実験規約(wiki)作成"  # 3.1
BACKGROUND = "hearing.basics.background"


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """A (山田) and B (佐藤) on the WBS page."""
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as pair:
        yield pair


@pytest.fixture
def plain(qtbot, db_path, monkeypatch, said):
    """A (山田) and B (佐藤) on their first page."""
    with two_windows(qtbot, db_path, monkeypatch) as pair:
        yield pair


@pytest.fixture
def heard(two) -> list[str]:
    """What window A says in its status bar (an undo refused)."""
    out: list[str] = []
    two[0].state.problem.connect(out.append)
    return out


def typed_into_a_conflict(a, b, qtbot, task_id: int, key: str, mine: str, theirs: str) -> None:
    """山田 types ``mine`` into the cell; 佐藤 saves ``theirs`` there meanwhile; 山田 presses Enter."""
    editor = open_cell(a, qtbot, task_id, key)
    type_in(editor, mine)
    WbsService(b.state.workspace.db).update(b.state.project_id, [task_id], **{key: theirs})
    seen(a)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(a)


def kept_text(window) -> str:
    return " ".join(
        f"{key}={d.fields}" for key, d in drafts_of(window.state).kept(window.state.project_id, "")
    )


# --- defects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["mine", "theirs"])
def test_a_conflict_left_unanswered_stays_a_draft_when_another_cell_of_the_task_is_answered(
    two, qtbot, said, monkeypatch, answer
) -> None:
    a, b = two
    import app.ui.window.conflict_dialog as conflict_dialog

    monkeypatch.setattr(
        conflict_dialog,
        "ask_conflict",
        lambda dialog: setattr(dialog, "choice", conflict_dialog.Choice.LATER),
    )
    x = wbs_find(page(a), TASK)
    typed_into_a_conflict(a, b, qtbot, x, "completion_condition", "会議で合意した完了条件", "佐藤の完了条件")
    assert any("次回の起動時にもう一度確認します" in s and "会議で合意した完了条件" in s for s in said), (
        said
    )  # (held)
    assert "会議で合意した完了条件" in kept_text(a)  # (held)
    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer_conflict(answer))
    typed_into_a_conflict(a, b, qtbot, x, "expected_output", "山田の成果物", "佐藤の成果物")
    assert stored(a).tasks[x].completion_condition == "佐藤の完了条件"  # the first typing was never saved
    assert "会議で合意した完了条件" in kept_text(a), (
        "said to be kept and asked again at the next start, it is gone from drafts/"
    )


def _diff_shown_then_replaced(a, b, qtbot, monkeypatch, then) -> dict:
    """A's baselines dialog shows the diff 合意1 → 合意2 with the row 合意2 selected and a signer typed; 佐藤 takes
    合意2 back (his Ctrl+Z), changes the background and makes 合意2 again; A's window polls once; ``then(dialog)``."""
    pid = b.state.project_id
    ops.run(b.state.workspace, bl.create_op(pid, "合意1"))
    ops.run(b.state.workspace, hearing_ops.update_answer(pid, BACKGROUND, value="合意2の時点の背景"))
    run_op(b.state, bl.create_op(pid, "合意2"), lambda: "作成")
    seen(a)
    got: dict = {"errors": []}
    monkeypatch.setattr(
        messages,
        "show_error",
        lambda _p, exc, *_a, **_k: got["errors"].append(user_text(exc, "ja", a.state.workspace.library)),
    )

    def run(dialog) -> int:
        table = dialog.findChild(QTableWidget, "baselinesTable")
        assert table.rowCount() == 2
        dialog.from_combo.setCurrentIndex(dialog.from_combo.findData("合意1"))
        dialog.to_combo.setCurrentIndex(dialog.to_combo.findData("合意2"))
        dialog.findChild(QPushButton, "baselineDiffButton").click()
        qtbot.waitUntil(lambda: dialog.diff_model.rowCount() > 0 and not dialog.busy, timeout=10000)
        table.selectRow(1)
        dialog.findChild(QLineEdit, "signWhoEdit").setText("顧客 鈴木")
        a.watcher.timer.stop()  # A's once-a-second poll next runs after 佐藤's three steps (seen below)
        b.undo_action.trigger()
        settle(b)
        ops.run(b.state.workspace, hearing_ops.update_answer(pid, BACKGROUND, value="佐藤の差し替え後の背景"))
        run_op(b.state, bl.create_op(pid, "合意2"), lambda: "作成")
        seen(a)
        got["note"] = dialog.note.text()
        then(dialog)
        return 0

    a.exec_dialog = run
    a.findChild(QAction, "baselinesAction").trigger()
    return got


def test_a_diff_exported_after_its_baseline_was_replaced_under_its_name_holds_the_new_one(
    plain, qtbot, said, monkeypatch, tmp_path
) -> None:
    a, b = plain
    out = tmp_path / "diff-replaced.xlsx"
    out.unlink(missing_ok=True)
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(out))
    infos: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *_a, **_k: infos.append(text))

    def export(dialog) -> None:
        button = dialog.findChild(QPushButton, "baselineExportButton")
        if not button.isEnabled():  # the replaced 合意2 no longer chosen, the note says so: the user chooses again
            assert "合意2" in dialog.note.text()
            return
        button.click()
        qtbot.waitUntil(lambda: bool(infos) and not dialog.busy, timeout=10000)

    got = _diff_shown_then_replaced(a, b, qtbot, monkeypatch, export)
    if not out.exists():  # refused and said: the user chooses again (what should happen, too)
        assert got["errors"] or got["note"], (infos, got, said)
        return
    cells = [
        str(c)
        for row in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)
        for c in row
        if c is not None
    ]
    assert "佐藤の差し替え後の背景" in cells, (
        "the file names 合意2 but holds the removed 合意2's background",
        [c for c in cells if "背景" in c],
    )


def test_a_sign_off_of_a_baseline_replaced_under_its_name_is_said(plain, qtbot, said, monkeypatch) -> None:
    a, b = plain

    def sign(dialog) -> None:
        if dialog.selected_name() is not None:
            dialog.findChild(QPushButton, "baselineSignButton").click()
            qtbot.waitUntil(lambda: not dialog.busy, timeout=5000)

    got = _diff_shown_then_replaced(a, b, qtbot, monkeypatch, sign)
    signs = {x.name: [s.who for s in x.signoffs] for x in bl.baselines(a.state.workspace, a.state.project_id)}
    told = " ".join(got["errors"]) + got["note"]
    assert signs["合意2"] == [] or told, "顧客 鈴木 signed a 合意2 nobody showed him, unsaid"
    assert told, (
        "the 合意2 chosen (and diffed) was replaced by another under its name: the dialog says nothing"
    )


# --- held ------------------------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_held_undo_of_a_drag_and_drop_after_the_old_parent_was_deleted_is_refused_and_named(
    two, qtbot, said, heard, monkeypatch
) -> None:
    a, b = two
    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: raised.append(f"{kind.__name__}: {error}"))
    p = page(a)
    x, target = wbs_find(p, CHILD), wbs_find(p, "データ基盤構築")
    assert p.model.dropMimeData(
        p.model.mimeData([p.model.index_of(x)]), Qt.DropAction.MoveAction, -1, 0, p.model.index_of(target)
    )
    settle(a)
    seen(b)
    page(b).select_task(wbs_find(page(b), PARENT))
    act(b, "delete")
    seen(a)
    before = stored(a).tasks
    a.undo_action.trigger()
    settle(a)
    assert not raised and not [s for s in said if s.startswith("CRASH")], raised + said
    assert stored(a).tasks == before
    assert any(
        h.startswith("元に戻す: 「4.") and f"{CHILD}」は戻せません: 親タスクがもうありません" in h
        for h in heard
    ), heard


def test_held_undo_of_a_schedule_after_a_scheduled_task_was_deleted_is_refused_and_said(
    two, qtbot, said, heard
) -> None:
    a, b = two
    p = page(a)
    WbsService(a.state.workspace.db).update(a.state.project_id, [wbs_find(p, TASK)], estimate_days=7)
    seen(a)
    before = {t.id: (t.start, t.finish) for t in stored(a).tasks.values()}
    p.schedule_button.click()
    settle(a)
    tree = stored(a)
    moved = [
        t.id
        for t in tree.tasks.values()
        if (t.start, t.finish) != before[t.id] and not tree.has_children(t.id) and t.title != TASK
    ]
    assert moved
    seen(b)
    page(b).select_task(moved[0])
    act(b, "delete")
    seen(a)
    now = stored(a).tasks
    a.undo_action.trigger()
    settle(a)
    assert stored(a).tasks == now and not [s for s in said if s.startswith("CRASH")], said
    assert any(h.startswith("元に戻す: 「") for h in heard), heard


def test_held_exports_page_scaffold_into_a_folder_holding_one_asks_in_japanese(
    plain, qtbot, said, monkeypatch, tmp_path
) -> None:
    a, _b = plain
    asked: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(
        messages, "confirm", lambda _p, _title, text, *_a, **_k: asked.append(text) or next(answers)
    )
    folder = tmp_path / "出力"
    folder.mkdir()
    monkeypatch.setattr(messages, "choose_folder", lambda *_a, **_k: str(folder))
    a.show_page("exports")
    settle(a)
    exports = a.page("exports")
    exports.export_kind("scaffold")  # the first: a new folder, nothing asked
    settle(a)
    (out,) = folder.iterdir()
    readme = next(out.rglob("README*"))
    readme.write_text("山田のメモ", encoding="utf-8")
    exports.export_kind("scaffold")  # asked: no
    settle(a)
    assert readme.read_text(encoding="utf-8") == "山田のメモ" and len(asked) == 1
    exports.export_kind("scaffold")  # asked: yes
    settle(a)
    assert len(asked) == 2 and all("雛形がすでにあります" in q for q in asked), asked
    assert readme.read_text(encoding="utf-8") != "山田のメモ" and not said, said
