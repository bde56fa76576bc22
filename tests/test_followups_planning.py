"""Follow-ups of the System planning page: an item left 要フォロー there (an owner, a due date, what to find out) is in
the follow-up list as the hearing's are: the Follow-ups dialog, its export and ``hearing follow-ups``, each naming the
page it is on. The window's header counted them ("9 to follow up") while the list showed the hearing's five."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from app.core import operations as ops
from app.hearing import operations as hearing_ops
from app.hearing.followups import by_owner_and_due, follow_ups
from app.hearing.minutes import followups_markdown
from app.projects.overview import overview
from app.ui.hearing.followups_dialog import FollowupsDialog, FollowupsModel
from tests.gui_helpers import close_window, make_window
from tests.test_cli_hearing import cli

PROCESSES = "system_planning.process_flow.processes"  # 処理ごとの想定データ量・処理時間・処理頻度, 要フォロー in the demo


def test_the_list_has_every_item_to_follow_up_the_system_plans_after_the_hearings(workspace, demo) -> None:
    items = follow_ups(workspace, demo.id)
    ids = [f.ref.item.id for f in items]
    assert len(ids) == overview(workspace, demo.id).follow_ups == 9  # as the header counts them
    assert [i.split(".")[0] for i in ids] == ["hearing"] * 5 + ["system_planning"] * 4
    planning = next(f for f in items if f.ref.item.id == PROCESSES)
    assert planning.place("ja") == "システム化計画 › 3. 処理フロー、DFD"
    assert next(f for f in items if f.ref.item.id.startswith("hearing.")).place("ja").startswith("1. PJ基本情報の確認")


def test_the_export_lists_them_under_their_owner_naming_the_page(workspace, demo) -> None:
    ops.run(workspace, hearing_ops.update_answer(demo.id, PROCESSES, followup_owner="山田", followup_due="2027/01/08"))
    text = followups_markdown(workspace, demo.id, "ja")
    assert "9件" in text.splitlines()[2], text.splitlines()[2]
    block = text[text.index("## 担当: 山田"):]
    assert "**処理ごとの想定データ量・処理時間・処理頻度**: 特徴量抽出がバッチウィンドウ" in block
    assert "セクション: システム化計画 › 3. 処理フロー、DFD" in block
    english = followups_markdown(workspace, demo.id, "en")
    assert "System planning › 3. Processing flow" in english or "System planning › " in english


def test_the_command_line_lists_them_with_their_checklist(demo, db_path: Path) -> None:
    done = cli(db_path, "hearing", "follow-ups", "--project", str(demo.id), "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert len(listed) == 9
    planning = next(f for f in listed if f["id"] == PROCESSES)
    assert planning["checklist"] == "system_planning" and planning["label"] == "処理ごとの想定データ量・処理時間・処理頻度"
    assert {f["checklist"] for f in listed} == {"hearing", "system_planning"}
    text = cli(db_path, "hearing", "follow-ups", "--project", str(demo.id))
    assert "処理ごとの想定データ量・処理時間・処理頻度" in text.stdout


def test_the_dialog_shows_and_ticks_a_system_planning_follow_up_as_one_undo_step(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        page, state = window.page("hearing"), window.state
        shown: list[FollowupsDialog] = []
        monkeypatch.setattr(page, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
        page.followups_list_action.trigger()
        [dialog] = shown
        model = dialog.findChild(type(dialog.view), "followupsTable").model()
        assert model.rowCount() == 9 and dialog.summary.text() == "9件フォロー中 · 完了 0件"
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == PROCESSES)
        assert model.index(row, 0).data() == "処理ごとの想定データ量・処理時間・処理頻度(システム化計画)"
        assert model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) == "システム化計画 › 3. 処理フロー、DFD"
        steps = state.undo_stack.count()
        assert model.setData(model.index(row, FollowupsModel.DONE), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        assert state.answers.answer(state.project_id, PROCESSES).followup_done
        assert state.undo_stack.count() == steps + 1
        qtbot.waitUntil(lambda: dialog.summary.text() == "8件フォロー中 · 完了 1件", timeout=3000)
        window.undo_action.trigger()
        assert not state.answers.answer(state.project_id, PROCESSES).followup_done
        dialog.close()
    finally:
        close_window(window)


def test_ordered_by_owner_and_due_whatever_their_page(workspace, demo) -> None:
    ops.run(workspace, hearing_ops.update_answer(demo.id, PROCESSES, followup_owner="佐藤", followup_due="2027/01/04"))
    first = by_owner_and_due(follow_ups(workspace, demo.id))[0]
    assert first.ref.item.id == PROCESSES


def test_the_command_lines_list_names_the_page_of_a_system_planning_item(demo, db_path: Path) -> None:
    lines = cli(db_path, "hearing", "follow-ups", "--project", str(demo.id)).stdout.splitlines()
    assert any(line.split("\t")[2] == "処理ごとの想定データ量・処理時間・処理頻度(システム化計画)" for line in lines), lines
    english = cli(db_path, "hearing", "follow-ups", "--project", str(demo.id), lang="en").stdout.splitlines()
    assert any(line.split("\t")[2].endswith(" (System planning)") for line in english), english


def test_a_system_planning_follow_up_listed_on_the_command_line_is_answered_there_too(demo, db_path: Path, workspace) -> None:
    """``hearing answer`` takes the items ``hearing follow-ups`` lists: a System planning item by its label or ID (the
    hearing's own item first where both checklists have a label)."""
    done = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "処理ごとの想定データ量・処理時間・処理頻度",
               "--follow-up-owner", "山田", "--follow-up-due", "2027/01/08")
    assert done.returncode == 0, done.stderr
    done = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", PROCESSES, "--follow-up-done")
    assert done.returncode == 0, done.stderr
    from app.hearing.answers import AnswerService

    stored = AnswerService(workspace.db, workspace.library).answer(demo.id, PROCESSES)
    assert (stored.followup_owner, stored.followup_due.isoformat(), stored.followup_done) == ("山田", "2027-01-08", True)
    both = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "成果物", "--note", "確認済み")  # both have 成果物
    assert both.returncode == 0, both.stderr
    answers = AnswerService(workspace.db, workspace.library).answers(demo.id)
    assert [i for i, a in answers.items() if a.note == "確認済み"] == ["hearing.basics.deliverables"]  # the hearing's, as before
    planning = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "system_planning.deliverables.list", "--note", "別")
    assert planning.returncode == 0, planning.stderr
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, "system_planning.deliverables.list").note == "別"
