"""fix24: Rename Project over the name shown (a rename elsewhere meanwhile is asked about), Rename and
Project ▸ Properties as one undo step each (an undo over another window's later change refused and
said), and the WBS baselines dialog never replacing a baseline unasked (the list follows changes)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from app.core import operations as ops
from app.core.errors import ConflictError
from app.core.projects import ProjectService, update_op
from app.ui import messages
from app.ui.projects.dialog import ProjectsDialog
from app.ui.projects.properties import ProjectPropertiesDialog
from app.ui.wbs.tracking import BaselineDialog
from app.ui.window import conflict_dialog
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from tests.conftest import answer_conflict
from tests.gui_helpers import settle, wbs_find

COLLEAGUE, MINE = "同僚が付けた名前", "私が付けた名前"


@pytest.fixture
def window(japanese_window):
    return japanese_window


def renamed_elsewhere_while_typing(window, monkeypatch, answers: list[str | None]) -> list[str]:
    """``ask_text`` stand-in: the first time, another window renames the project meanwhile; returns the texts asked with."""
    asked: list[str] = []
    pid = window.state.project_id

    def ask(_parent, _title, _label, text=""):
        if not asked:
            ProjectService(window.state.workspace.db).rename(pid, COLLEAGUE)
        asked.append(text)
        return answers[len(asked) - 1]

    monkeypatch.setattr(messages, "ask_text", ask)
    return asked


def answering(choice: str, seen: list):
    answer = answer_conflict(choice)

    def ask(dialog) -> int:
        seen.extend((c.key, c.theirs, c.mine, c.base) for c in dialog.clashes)
        return answer(dialog)

    return ask


def problems(window) -> list[str]:
    said: list[str] = []
    window.state.problem.connect(said.append)
    return said


# --- a rename over another window's ------------------------------------------------------------


def test_a_rename_over_another_windows_asks_with_both_names_and_mine_is_saved_one_undo_step(window, monkeypatch, said) -> None:
    pid = window.state.project_id
    shown = window.state.project.name
    renamed_elsewhere_while_typing(window, monkeypatch, [MINE])
    seen: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", answering("mine", seen))
    steps = window.state.undo_stack.count()
    window.findChild(QAction, "renameProjectAction").trigger()
    settle(window)
    assert seen == [("name", COLLEAGUE, MINE, shown)] and not said
    assert window.state.projects.get(pid).name == MINE == window.state.project.name
    assert window.state.undo_stack.count() == steps + 1
    window.undo_action.trigger()
    settle(window)
    assert window.state.projects.get(pid).name == COLLEAGUE  # the name before mine was saved: theirs


def test_a_rename_conflict_closed_without_a_choice_asks_the_name_again_as_typed(window, monkeypatch, said) -> None:
    pid = window.state.project_id
    asked = renamed_elsewhere_while_typing(window, monkeypatch, [MINE, None])
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda _dialog: 0)  # closed: no choice
    window.findChild(QAction, "renameProjectAction").trigger()
    settle(window)
    assert asked[1:] == [MINE]  # nothing typed is lost
    assert window.state.projects.get(pid).name == COLLEAGUE and not said


def test_the_projects_dialogs_rename_over_another_windows_asks_and_keeps_theirs(window, qtbot, monkeypatch, said) -> None:
    pid = window.state.project_id
    renamed_elsewhere_while_typing(window, monkeypatch, [MINE])
    seen: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", answering("theirs", seen))
    dialog = ProjectsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(dialog.model.row_of(pid))
    dialog.rename_selected()
    settle(window)
    assert seen and seen[0][:3] == ("name", COLLEAGUE, MINE) and not said
    assert window.state.projects.get(pid).name == COLLEAGUE == window.state.project.name
    assert dialog.model.project_at(dialog.model.row_of(pid)).name == COLLEAGUE


def test_mine_chosen_but_renamed_yet_again_meanwhile_is_said_not_asked_twice(window, monkeypatch, said) -> None:
    pid = window.state.project_id
    renamed_elsewhere_while_typing(window, monkeypatch, [MINE])

    def again(dialog) -> int:
        ProjectService(window.state.workspace.db).rename(pid, "三人目の名前")
        return answer_conflict("mine")(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", again)
    window.findChild(QAction, "renameProjectAction").trigger()
    settle(window)
    assert window.state.projects.get(pid).name == "三人目の名前" and len(said) == 1, said


# --- one undo step each --------------------------------------------------------------------------


def test_rename_project_is_one_undo_step_named_in_the_ui_language(window, monkeypatch) -> None:
    pid = window.state.project_id
    old = window.state.project.name
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "新しい名前")
    window.findChild(QAction, "renameProjectAction").trigger()
    settle(window)
    stack = window.state.undo_stack
    assert stack.text(stack.index() - 1) == "プロジェクト名を「新しい名前」に変更"
    window.set_ui_lang("en")
    assert stack.text(stack.index() - 1) == "Rename project to “新しい名前”"
    window.undo_action.trigger()
    settle(window)
    assert window.state.projects.get(pid).name == old == window.state.project.name
    window.redo_action.trigger()
    settle(window)
    assert window.state.projects.get(pid).name == "新しい名前" == window.state.project.name


def test_undoing_a_rename_after_another_window_renamed_it_keeps_theirs_and_says_so(window, monkeypatch) -> None:
    pid = window.state.project_id
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: MINE)
    window.findChild(QAction, "renameProjectAction").trigger()
    settle(window)
    ProjectService(window.state.workspace.db).rename(pid, COLLEAGUE)  # another window, later
    said = problems(window)
    window.undo_action.trigger()
    settle(window)
    assert window.state.projects.get(pid).name == COLLEAGUE
    assert said and COLLEAGUE in said[0], said


def properties_saved(window, qtbot, **typed: str) -> None:
    dialog = ProjectPropertiesDialog(window.state, window)
    qtbot.addWidget(dialog)
    for key, text in typed.items():
        widget = getattr(dialog, key)
        widget.setPlainText(text) if key == "description" else widget.setText(text)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    settle(window)


def test_properties_saved_undo_and_redo_as_one_step_named_in_the_ui_language(window, qtbot) -> None:
    pid = window.state.project_id
    old = window.state.projects.get(pid)
    steps = window.state.undo_stack.count()
    properties_saved(window, qtbot, customer="株式会社新顧客", description="新しい説明")
    stack = window.state.undo_stack
    assert stack.count() == steps + 1 and stack.undoText() == "プロジェクトのプロパティを変更"
    window.undo_action.trigger()
    settle(window)
    now = window.state.projects.get(pid)
    assert (now.customer, now.description) == (old.customer, old.description)
    assert window.state.project.customer == old.customer  # the window reads it again
    window.redo_action.trigger()
    settle(window)
    now = window.state.projects.get(pid)
    assert (now.customer, now.description) == ("株式会社新顧客", "新しい説明")


def test_undoing_properties_after_another_window_changed_a_field_changes_nothing_and_says_so(window, qtbot) -> None:
    pid = window.state.project_id
    properties_saved(window, qtbot, customer="株式会社新顧客", description="新しい説明")
    ProjectService(window.state.workspace.db).update(pid, customer="同僚の顧客")  # another window, later
    said = problems(window)
    window.undo_action.trigger()
    settle(window)
    now = window.state.projects.get(pid)
    assert (now.customer, now.description) == ("同僚の顧客", "新しい説明")  # neither field taken back
    assert said, said


def test_archive_is_no_undo_step(window) -> None:
    steps = window.state.undo_stack.count()
    window.archive_project()
    assert window.state.projects.get(window.state.project_id).archived
    assert window.state.undo_stack.count() == steps


def test_the_core_operation_undoes_only_over_what_it_left(workspace) -> None:
    pid = ProjectService(workspace.db).create("案件A", customer="甲").id
    change = ops.run(workspace, update_op(pid, base={"customer": "甲"}, customer="乙"))
    assert change.before == {"customer": "甲"} and change.after == {"customer": "乙"} and change.changed
    ops.run(workspace, ops.undo_op(change))
    assert ProjectService(workspace.db).get(pid).customer == "甲"
    ops.run(workspace, ops.redo_op(change))
    ProjectService(workspace.db).update(pid, customer="丙")
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(change))
    assert ProjectService(workspace.db).get(pid).customer == "丙"


# --- WBS baselines ------------------------------------------------------------------------------


def baseline_dialog(window, qtbot) -> BaselineDialog:
    window.show_page("wbs")
    dialog = BaselineDialog(window.state, "", window)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def estimate_saved(window, name: str) -> float | None:
    pid = window.state.project_id
    task = wbs_find(window.page("wbs"), "WBS作成")
    uid = WbsService(window.state.workspace.db).tree(pid).tasks[task].uid
    return store.find(store.read(window.state.workspace, pid), name).tasks[uid].estimate


def set_estimate(window, days: float) -> None:
    WbsService(window.state.workspace.db).update(window.state.project_id, [wbs_find(window.page("wbs"), "WBS作成")], estimate_days=days)


def test_saving_under_a_name_the_list_shows_asks_before_replacing(window, qtbot, monkeypatch, said) -> None:
    dialog = baseline_dialog(window, qtbot)
    set_estimate(window, 7.0)
    dialog.name.setText("合意版")
    dialog.findChild(QPushButton, "wbsBaselineSave").click()
    settle(window)  # (stored on a worker)
    set_estimate(window, 8.0)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, question, *a, **k: asked.append(question) or False)
    dialog.name.setText("合意版")
    dialog.findChild(QPushButton, "wbsBaselineSave").click()
    settle(window)  # (stored on a worker)
    assert len(asked) == 1 and "合意版" in asked[0] and not said
    assert estimate_saved(window, "合意版") == 7.0 and dialog.name.text() == "合意版"  # not replaced, the name kept
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    dialog.findChild(QPushButton, "wbsBaselineSave").click()
    settle(window)  # (stored on a worker)
    assert estimate_saved(window, "合意版") == 8.0 and dialog.name.text() == ""


def test_a_baseline_replaced_elsewhere_after_the_list_showed_it_is_said_and_shown_then_asked(window, qtbot, said) -> None:
    pid = window.state.project_id
    window.show_page("wbs")
    set_estimate(window, 7.0)
    ops.run(window.state.workspace, store.save_baseline_op(pid, "合意版"))
    dialog = baseline_dialog(window, qtbot)
    set_estimate(window, 9.0)
    ops.run(window.state.workspace, store.save_baseline_op(pid, "合意版"))  # another window replaces it
    set_estimate(window, 8.0)
    dialog.name.setText("合意版")
    dialog.findChild(QPushButton, "wbsBaselineSave").click()  # (confirm answers yes: it is not asked)
    settle(window)  # (stored on a worker)
    assert len(said) == 1 and "合意版" in said[0], said
    assert estimate_saved(window, "合意版") == 9.0 and dialog.name.text() == "合意版"
    assert dialog.shown["合意版"] == store.find(store.read(window.state.workspace, pid), "合意版")  # the list read again
    dialog.findChild(QPushButton, "wbsBaselineSave").click()  # now asked (yes): replaced
    settle(window)  # (stored on a worker)
    assert estimate_saved(window, "合意版") == 8.0 and len(said) == 1


def test_the_list_follows_a_baseline_saved_elsewhere_and_an_undo(window, qtbot) -> None:
    pid = window.state.project_id
    dialog = baseline_dialog(window, qtbot)
    names = lambda: [dialog.list.item(i).text() for i in range(dialog.list.count())]  # noqa: E731
    ops.run(window.state.workspace, store.save_baseline_op(pid, "別窓の版"))
    window.state.publish(ops.Change(pid, ops.ALL_PARTS, external=True))  # as the watcher does
    assert "別窓の版" in names()
    dialog.name.setText("この窓の版")
    dialog.findChild(QPushButton, "wbsBaselineSave").click()
    settle(window)  # (stored on a worker)
    assert "この窓の版" in names() and dialog.selected() == "この窓の版"
    window.undo_action.trigger()
    settle(window)
    assert "この窓の版" not in names() and "別窓の版" in names()


def test_the_core_refuses_a_replacement_not_asked_for(workspace) -> None:
    pid = ProjectService(workspace.db).create("案件B").id
    ops.run(workspace, store.save_baseline_op(pid, "v1"))
    with pytest.raises(store.BaselineExists) as refused:
        ops.run(workspace, store.save_baseline_op(pid, " v1 ", replace=False))
    first = refused.value.baseline
    assert first.name == "v1" and "v1" in refused.value.text("ja") and "置き換えていません" in refused.value.text("ja")
    assert "nothing was replaced" in refused.value.text("en")
    other = store.Baseline("v1", "2000-01-01T00:00:00", {})
    with pytest.raises(store.BaselineExists):
        ops.run(workspace, store.save_baseline_op(pid, "v1", replacing=other))  # not the one asked about
    assert store.find(store.read(workspace, pid), "v1") == first
    ops.run(workspace, store.save_baseline_op(pid, "v1", replacing=first))
    ops.run(workspace, store.save_baseline_op(pid, "v2", replace=False))  # a new name: saved
    assert [b.name for b in store.baselines(store.read(workspace, pid))][-1] == "v2"
