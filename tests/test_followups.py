"""Follow-ups with an owner, a due date and a done flag: stored as answer fields (one undo step each
edit), migrated from old databases, carried by the project file, edited in the item editor and the
follow-ups list, and exported by owner then due date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from app.core import operations as ops
from app.core.errors import ValidationFailed
from app.core.storage.db import SCHEMA_HEAD, Database
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from app.hearing.followups import owner_suggestions
from app.hearing.minutes import followups_markdown, minutes_markdown
from app.hearing.sessions import SessionService
from app.projects.transfer import export_data, import_data
from app.ui import messages
from app.ui.hearing.followups_dialog import FollowupsDialog, FollowupsModel
from tests.gui_helpers import close_window, finish_background_work, make_window
from tests.schema_0001 import make_database

TODAY = dt.date(2026, 12, 22)


def demo_follow_ups(workspace, project_id: int) -> list[str]:
    answers = AnswerService(workspace.db, workspace.library).answers(project_id)
    return [i for i, a in answers.items() if a.is_follow_up and i.startswith("hearing.")]


@pytest.fixture
def ids(workspace, demo) -> dict[str, str]:
    """The demo's five hearing follow-ups by their English label."""
    library = workspace.library
    return {library.item(i).label.get("en"): i for i in demo_follow_ups(workspace, demo.id)}


def assign(workspace, project_id: int, item_id: str, **fields) -> ops.Change:
    return ops.run(workspace, hearing_ops.update_answer(project_id, item_id, **fields))


def test_owner_due_and_done_are_stored_and_one_edit_is_one_undo_step(workspace, demo, ids) -> None:
    item = ids["Human accuracy"]
    change = assign(workspace, demo.id, item, followup_owner="  佐藤 (顧客 PM) ", followup_due="2026/12/21")
    answers = AnswerService(workspace.db, workspace.library)
    stored = answers.answer(demo.id, item)
    assert (stored.followup_owner, stored.followup_due, stored.followup_done) == ("佐藤 (顧客 PM)", dt.date(2026, 12, 21), False)
    assert change.items == frozenset({item}) and stored.status == "follow_up" and stored.note == change.before[item].note
    done = assign(workspace, demo.id, item, followup_done=True)
    assert answers.answer(demo.id, item).followup_done
    ops.run(workspace, ops.undo_op(done))
    assert not answers.answer(demo.id, item).followup_done
    ops.run(workspace, ops.undo_op(change))
    back = answers.answer(demo.id, item)
    assert (back.followup_owner, back.followup_due) == ("", None)
    ops.run(workspace, ops.redo_op(change))
    assert answers.answer(demo.id, item).followup_due == dt.date(2026, 12, 21)


def test_a_due_date_that_is_not_a_date_is_refused_by_the_items_label(workspace, demo, ids) -> None:
    with pytest.raises(ValidationFailed) as caught:
        assign(workspace, demo.id, ids["Human accuracy"], followup_due="来週中")
    assert caught.value.text("ja").startswith("人の精度: フォローアップの期限「来週中」は日付ではありません")
    with pytest.raises(ValidationFailed):
        assign(workspace, demo.id, ids["Human accuracy"], followup_owner="x" * 201)
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, ids["Human accuracy"]).followup_owner == ""


def test_the_follow_up_list_groups_by_owner_then_due_date(workspace, demo, ids) -> None:
    assign(workspace, demo.id, ids["Link between technical and business KPIs"], followup_owner="佐藤", followup_due="2026-12-24")
    assign(workspace, demo.id, ids["Human accuracy"], followup_owner="佐藤", followup_due="2026-12-21")
    assign(workspace, demo.id, ids["Kinds of data"], followup_owner="鈴木")
    assign(workspace, demo.id, ids["Labelling quality and consistency"], followup_owner="佐藤")
    assign(workspace, demo.id, ids["Infrastructure cost estimate"], followup_owner="山田", followup_due="2026-12-01",
           followup_done=True)

    text = followups_markdown(workspace, demo.id, "ja", today=TODAY)
    assert "2026/12/22時点 · 8件 · 完了 1件" in text  # the System planning page's four too (no owner)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## 担当: 佐藤", "## 担当: 鈴木", "## 担当者未定", "## 完了したフォローアップ"]
    sato = text.split("## 担当: 佐藤")[1].split("## 担当: 鈴木")[0]
    items = [line for line in sato.splitlines() if line.startswith("- [ ]")]
    assert items == [
        "- [ ] **人の精度**(期限: 2026/12/21(期限超過))",
        "- [ ] **技術的KPIとビジネス的KPIの紐付け**: 次回までにクリック率の実績値を共有いただく(期限: 2026/12/24)",
        "- [ ] **ラベリングの質・一貫性**",  # undated: last
    ]
    done = text.split("## 完了したフォローアップ")[1]
    assert "- [x] **インフラ費用見積もり**(担当: 山田、期限: 2026/12/01)" in done  # done: not overdue
    assert "期限超過" not in done and "[ ]" not in done

    english = followups_markdown(workspace, demo.id, "en", today=TODAY)
    assert [line for line in english.splitlines() if line.startswith("## ")] == ["## Owner: 佐藤", "## Owner: 鈴木", "## No owner yet", "## Done"]
    assert "- [ ] **Human accuracy** (due: 2026-12-21 (overdue))" in english
    assert "as of 2026-12-22 · 8 items · 1 done" in english

    assign(workspace, demo.id, ids["Kinds of data"], followup_owner="")
    no_owner = followups_markdown(workspace, demo.id, "ja", today=TODAY)
    assert [line for line in no_owner.splitlines() if line.startswith("## ")][-2:] == ["## 担当者未定", "## 完了したフォローアップ"]


def test_the_minutes_name_each_follow_ups_owner_and_due_date(workspace, demo, ids) -> None:
    assign(workspace, demo.id, ids["Link between technical and business KPIs"], followup_owner="佐藤", followup_due="2026-12-24")
    text = minutes_markdown(workspace, demo.id, 1, "ja")
    followups = text.split("## フォローアップ事項")[1]
    assert ("- [ ] **技術的KPIとビジネス的KPIの紐付け**: 次回までにクリック率の実績値を共有いただく(担当: 佐藤、期限: 2026/12/24)"
            in followups)
    assert "- [ ] **人の精度**" in followups.splitlines()  # neither owner nor date: as before


def test_the_project_file_carries_the_follow_ups(workspace, demo, ids) -> None:
    assign(workspace, demo.id, ids["Human accuracy"], followup_owner="佐藤", followup_due="2026-12-21", followup_done=True)
    data = export_data(workspace.db, demo.id)
    record = next(a for a in data["answers"] if a["item_id"] == ids["Human accuracy"])
    assert (record["followup_owner"], record["followup_due"], record["followup_done"]) == ("佐藤", "2026-12-21", True)
    copy = import_data(workspace.db, data, name="コピー")
    answer = AnswerService(workspace.db, workspace.library).answer(copy, ids["Human accuracy"])
    assert (answer.status, answer.followup_owner, answer.followup_due, answer.followup_done) == (
        "follow_up", "佐藤", dt.date(2026, 12, 21), True)
    for a in data["answers"]:  # a file written before follow-ups had owners
        for key in ("followup_owner", "followup_due", "followup_done"):
            a.pop(key)
    older = import_data(workspace.db, data, name="古いファイル")
    answer = AnswerService(workspace.db, workspace.library).answer(older, ids["Human accuracy"])
    assert (answer.status, answer.followup_owner, answer.followup_due, answer.followup_done) == ("follow_up", "", None, False)


def test_an_old_database_migrates_and_keeps_its_follow_ups(db_path: Path, library) -> None:
    make_database(db_path)  # the first schema (0001), with a follow-up
    db = Database(str(db_path))
    try:
        assert db.current_revision() == SCHEMA_HEAD and len(db.backups) == 1
        answers = AnswerService(db, library)
        gpu = answers.answer(1, "hearing.prereq.env_gpu")
        assert (gpu.status, gpu.value, gpu.later) == ("follow_up", "undecided", "yes")
        assert (gpu.followup_owner, gpu.followup_due, gpu.followup_done) == ("", None, False)
        answers.update(1, "hearing.prereq.env_gpu", followup_owner="山田", followup_due=dt.date(2026, 12, 21))
        again = answers.answer(1, "hearing.prereq.env_gpu")
        assert (again.status, again.value, again.followup_owner, again.followup_due) == (
            "follow_up", "undecided", "山田", dt.date(2026, 12, 21))
    finally:
        db.close()


def test_owner_suggestions_come_from_the_hearings_people(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, "hearing.basics.team", value=[{"name": "高橋", "side": "customer"}, {"name": " 佐藤  花子 "}])
    SessionService(workspace.db).start(demo.id, attendees=["伊藤"])
    names = owner_suggestions(workspace, demo.id)
    assert names[:2] == ["高橋", "佐藤 花子"] and "伊藤" in names
    assert "佐藤(顧客 PM)" in names  # an attendee of the demo's first session
    assert len(names) == len(set(names))


def test_one_person_typed_in_two_widths_is_suggested_once(workspace, demo) -> None:
    """「ＰＭ」 typed in the input method's full-width mode is 「PM」: one suggestion, spelt as first found."""
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, "hearing.basics.team", value=[{"name": "ＰＭ"}, {"name": "pm"}, {"name": "ﾀﾅｶ"}, {"name": "タナカ"}])
    names = owner_suggestions(workspace, demo.id)
    assert names[:2] == ["ＰＭ", "ﾀﾅｶ"] and "pm" not in names and "タナカ" not in names


# --- the window ----------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def test_the_item_editor_sets_owner_due_and_done_of_a_follow_up(window, qtbot) -> None:
    window.show_page("hearing")
    page = window.page("hearing")
    state = window.state
    item = next(i for i in demo_follow_ups(state.workspace, state.project_id) if "accuracy_human" in i)
    assert page.select_item(item)
    editor = page.editor
    box = editor.findChild(type(editor.followup), "followupEditor")
    assert box.isVisible()
    owner = box.findChild(type(box.owner), "followupOwner")
    assert "佐藤(顧客 PM)" in box.names.stringList()  # the session's attendees are offered
    undo_before = state.undo_stack.count()
    qtbot.keyClicks(owner, "Zq7")  # no suggestion holds it: no completion popup (offscreen has no popups)
    box.findChild(type(box.has_due), "followupHasDue").setChecked(True)
    box.findChild(type(box.due), "followupDue").setDate(QDate(2026, 12, 21))
    box.findChild(type(box.done), "followupDone").setChecked(True)
    assert editor.flush()
    stored = state.answers.answer(state.project_id, item)
    assert (stored.followup_owner, stored.followup_due, stored.followup_done) == ("Zq7", dt.date(2026, 12, 21), True)
    assert state.undo_stack.count() == undo_before + 1  # one burst, one step
    window.undo_action.trigger()
    stored = state.answers.answer(state.project_id, item)
    assert (stored.followup_owner, stored.followup_due, stored.followup_done) == ("", None, False)
    qtbot.waitUntil(lambda: owner.text() == "" and not box.done.isChecked(), timeout=3000)

    answered = next(i for i, a in state.answers.answers(state.project_id).items() if a.status == "answered")
    assert page.select_item(answered)
    assert not box.isVisible()  # only a 要フォロー item has a follow-up


def test_the_follow_ups_list_ticks_done_as_one_undo_step_and_exports(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    window.show_page("hearing")
    page = window.page("hearing")
    state = window.state
    human = next(i for i in demo_follow_ups(state.workspace, state.project_id) if "accuracy_human" in i)
    state.answers.update(state.project_id, human, followup_owner="佐藤", followup_due="2026/12/21")
    shown: list[FollowupsDialog] = []
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    page.followups_list_action.trigger()
    [dialog] = shown
    table = dialog.findChild(type(dialog.view), "followupsTable")
    model = table.model()
    assert model.rowCount() == 9  # the hearing's five and the System planning page's four
    assert [model.index(0, c).data() for c in range(4)] == ["人の精度", "", "佐藤", "2026/12/21"]  # owners first
    assert model.index(8, 2).data() == "(担当者未定)"
    assert dialog.summary.text() == "9件フォロー中 · 完了 0件"
    done = model.index(0, FollowupsModel.DONE)
    assert done.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    steps = state.undo_stack.count()
    assert model.setData(done, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert state.answers.answer(state.project_id, human).followup_done
    assert state.undo_stack.count() == steps + 1 and "人の精度" in state.undo_stack.undoText()
    qtbot.waitUntil(lambda: dialog.summary.text() == "8件フォロー中 · 完了 1件", timeout=3000)
    assert model.index(8, 0).data() == "人の精度"  # the done ones last
    dialog.findChild(type(dialog.show_done), "followupsShowDone").setChecked(False)
    assert model.rowCount() == 8
    window.undo_action.trigger()
    assert not state.answers.answer(state.project_id, human).followup_done
    qtbot.waitUntil(lambda: model.rowCount() == 9, timeout=3000)

    out = tmp_path / "followups.md"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    dialog.findChild(type(dialog.export_button), "exportFollowups").click()
    finish_background_work()
    qtbot.waitUntil(out.exists, timeout=10000)
    text = out.read_text(encoding="utf-8")
    assert text.index("## 担当: 佐藤") < text.index("**人の精度**") < text.index("## 担当者未定")
    dialog.close()


def test_the_follow_ups_model_passes_the_model_tester(workspace, demo, qtmodeltester) -> None:
    from app.hearing.followups import by_owner_and_due, follow_ups

    model = FollowupsModel("ja")
    model.set_items(by_owner_and_due(follow_ups(workspace, demo.id)), TODAY)
    qtmodeltester.check(model)
