"""Two windows on one project never overwrite each other's fields unasked (fix of breaker21b): the
project's properties, a person of the WBS, a hearing session, a multi-select edit over a task deleted
meanwhile, and the undo of a step after another window changed other fields of the same tasks."""

from __future__ import annotations

import datetime as dt

import pytest

import app.ui.window.conflict_dialog as conflict_dialog
from app.core import operations as ops
from app.core.errors import ConflictError, NotFoundError
from app.core.projects import ProjectService
from app.hearing.sessions import SessionRunning, SessionService
from app.wbs import operations as wbs_ops
from app.wbs.resources import people
from app.wbs.service import WbsService
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, make_window

# --- the project's own fields ------------------------------------------------------------------------


def test_a_project_field_is_written_over_the_value_shown_only(workspace) -> None:
    projects = ProjectService(workspace.db)
    shown = projects.create("画像検索PoC", customer="サンプル社", description="最初の説明")
    projects.update(shown.id, name="画像検索 本番", description="田中の説明")  # another window, meanwhile
    projects.update(shown.id, base={"customer": shown.customer}, customer="サンプル社 本社")  # only the customer changed here
    now = projects.get(shown.id)
    assert (now.name, now.customer, now.description) == ("画像検索 本番", "サンプル社 本社", "田中の説明")
    with pytest.raises(ConflictError) as refused:  # the description both changed: nothing written
        projects.update(shown.id, base={"description": shown.description, "lang": "ja"}, description="佐藤の説明", lang="en")
    assert refused.value.fields == ["description"] and refused.value.ids == ["画像検索 本番"]
    assert projects.get(shown.id).lang == "ja"
    # the same value on both sides is no clash
    assert projects.update(shown.id, base={"description": shown.description}, description="田中の説明").description == "田中の説明"


def test_properties_ok_asks_for_a_field_both_windows_changed_and_keeps_the_others(qtbot, db_path, monkeypatch) -> None:
    from app.ui.projects.properties import ProjectPropertiesDialog

    asked: list[list[str]] = []
    mine = answer_conflict("mine")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append([c.key for c in dialog.clashes]) or mine(dialog))
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    try:
        theirs, ours = ProjectPropertiesDialog(b.state, b), ProjectPropertiesDialog(a.state, a)
        ours.name.setText("画像検索 本番")
        ours.description.setPlainText("田中の説明")
        ours.apply()
        b.watcher.poll()
        theirs.name.setText("画像検索 第2期")  # the name again: asked
        theirs.customer.setText("サンプル社 本社")
        theirs.apply()
        assert asked == [["name"]]
        project = a.state.projects.get(a.state.project_id)
        assert (project.name, project.customer, project.description) == ("画像検索 第2期", "サンプル社 本社", "田中の説明")
        assert theirs.result() == theirs.DialogCode.Accepted
    finally:
        close_window(b)
        close_window(a)


# --- a person of the WBS ---------------------------------------------------------------------------


def test_a_person_saved_over_the_values_shown_keeps_what_another_window_saved(demo, workspace) -> None:
    pid = demo.id
    ops.run(workspace, people.put_person_op(pid, people.Person("田中", "ds")))
    shown = {p.name: p for p in people.read(workspace, pid)}["田中"]
    days = frozenset({dt.date(2026, 12, 29), dt.date(2026, 12, 30)})
    ops.run(workspace, people.put_person_op(pid, people.Person("田中", "ds", days_off=days), "田中", shown))  # window A
    ops.run(workspace, people.put_person_op(pid, people.Person("田中", "ds", percent=80), "田中", shown))  # window B, shown before A saved
    saved = {p.name: p for p in people.read(workspace, pid)}["田中"]
    assert (saved.percent, saved.days_off) == (80, days)
    with pytest.raises(ConflictError) as refused:  # the share of a day both changed
        ops.run(workspace, people.put_person_op(pid, people.Person("田中", "ds", percent=50), "田中", shown))
    assert refused.value.ids == ["田中"] and refused.value.fields == ["percent"]
    assert {p.name: p for p in people.read(workspace, pid)}["田中"].percent == 80


def test_the_people_dialog_asks_for_a_field_both_windows_saved(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.test_breaker21b import _people_dialog

    asked: list[list[str]] = []
    theirs = answer_conflict("theirs")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append([c.key for c in dialog.clashes]) or theirs(dialog))
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    first, second = _people_dialog(a), _people_dialog(b)
    try:
        for dialog in (first, second):
            dialog.table.selectRow(dialog.model.row_of("田中"))
        first.percent.setValue(50)
        first.findChild(QPushButton, "wbsPersonSave").click()
        second.percent.setValue(80)  # typed before the other window's save reached it: the same field, asked, theirs kept
        second.days.setValue(4)  # another one: saved whatever is chosen
        b.watcher.poll()  # (the form keeps the typing; a form without any follows the stored person)
        second.findChild(QPushButton, "wbsPersonSave").click()
        assert asked == [["percent"]]
        person = {p.name: p for p in people.read(a.state.workspace, a.state.project_id)}["田中"]
        assert (person.percent, person.days_per_week) == (50, 4)
    finally:
        for dialog in (first, second):
            dialog.reject()
        close_window(b)
        close_window(a)


# --- a hearing session -------------------------------------------------------------------------------


def test_a_session_is_never_started_over_one_still_open(demo, workspace) -> None:
    pid = demo.id
    workspace.author = "田中 太郎"
    first = ops.run(workspace, lambda ws: ops.Change(pid, frozenset(), detail=SessionService(ws.db).start(pid, title="第2回ヒアリング"))).detail
    assert first.started_by == "田中 太郎"
    with pytest.raises(SessionRunning) as refused:
        SessionService(workspace.db).start(pid, title="社内レビュー")
    ja, en = refused.value.text("ja"), refused.value.text("en")
    assert "「第2回ヒアリング」" in ja and "田中 太郎さん" in ja and "実施中" in ja, ja
    assert "“第2回ヒアリング”" in en and "started by 田中 太郎 at" in en, en
    assert SessionService(workspace.db).current(pid).number == first.number  # still open
    started = SessionService(workspace.db).start(pid, title="社内レビュー", closing=first.number)  # ended by choice
    assert SessionService(workspace.db).get(pid, first.number).ended_at is not None
    assert SessionService(workspace.db).current(pid).number == started.number


def test_the_start_button_of_a_window_that_has_not_seen_the_session_says_whose_it_is(qtbot, db_path, said) -> None:
    a = make_window(qtbot, db_path, global_lang="ja")
    try:
        a.show_page("hearing")
        page = a.page("hearing")
        other = SessionService(a.state.workspace.db)
        other.start(a.state.project_id, title="第2回ヒアリング")  # another process; this window has not looked yet
        assert page.start_session_button.isEnabled()
        page.start_session()  # no dialog: the session is running
        assert len(said) == 1 and "「第2回ヒアリング」" in said[0], said
        assert not page.start_session_button.isEnabled() and page.end_session_button.isEnabled()
    finally:
        close_window(a)


# --- the WBS ----------------------------------------------------------------------------------------


def _two_leaves(workspace, pid: int) -> tuple[int, int]:
    tree = WbsService(workspace.db).tree(pid)
    leaves = [t.id for t in tree.walk() if not tree.has_children(t.id)]
    return leaves[0], leaves[1]


def test_a_multi_select_edit_leaves_out_a_task_deleted_meanwhile(demo, workspace) -> None:
    pid = demo.id
    kept, gone = _two_leaves(workspace, pid)
    service = WbsService(workspace.db)
    service.delete(pid, [gone])
    base = {kept: {"notes": service.tree(pid).tasks[kept].notes}, gone: {"notes": ""}}
    change = ops.run(workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [kept, gone], notes="顧客と合意"), base))
    assert change.detail.info["gone"] == (gone,)
    assert set(change.before) == set(change.after) == {kept}  # the undo step holds the task edited only
    assert service.tree(pid).tasks[kept].notes == "顧客と合意"
    with pytest.raises(NotFoundError):  # every one gone: said so
        service.update(pid, [gone], notes="x")


def test_undo_of_an_edit_keeps_another_field_changed_meanwhile_and_refuses_the_same_field(demo, workspace) -> None:
    pid = demo.id
    task, _ = _two_leaves(workspace, pid)
    edit = ops.run(workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task], notes="田中のメモ")))
    WbsService(workspace.db).update(pid, [task], title="佐藤が変えた名前")  # another window
    undone = ops.run(workspace, ops.undo_op(edit))
    now = WbsService(workspace.db).tree(pid).tasks[task]
    assert (now.title, now.notes) == ("佐藤が変えた名前", edit.before[task].notes)
    assert undone.after[task] == now  # the page shows what is stored
    ops.run(workspace, ops.redo_op(edit))
    WbsService(workspace.db).update(pid, [task], notes="佐藤のメモ")  # the same field: the undo is refused
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(edit))
    assert WbsService(workspace.db).tree(pid).tasks[task].notes == "佐藤のメモ"
