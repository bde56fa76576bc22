"""An undo (or redo) that takes tasks away never takes another user's newer work with them: a sub-task
or a link someone added to those tasks since (another window, process or import) is not in the
step's snapshot, so the undo is refused as a conflict naming the tasks, and nothing changes."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError
from app.wbs import operations as wbs_ops
from app.wbs.model import Dependency
from app.wbs.service import WbsService


def _everything(workspace, pid: int) -> dict:
    return {t.id: t for t in WbsService(workspace.db).tasks(pid)}


def _added(workspace, pid: int) -> tuple[ops.Change, int]:
    step = ops.run(workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).add_task(pid, None, title="運用移行", completion_condition="移行した")))
    return step, next(iter(step.detail.created))


def test_undo_of_an_add_with_a_colleagues_sub_task_is_a_conflict_naming_both(workspace, demo) -> None:
    step, new = _added(workspace, demo.id)
    service = WbsService(workspace.db)
    service.add_task(demo.id, new, title="佐藤が追加した手順書", completion_condition="書いた")  # another window
    code = service.tree(demo.id).codes[new]
    before = _everything(workspace, demo.id)
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(step), demo.id)
    assert refused.value.ids == [f"{code} 運用移行", f"{code}.1 佐藤が追加した手順書"]
    assert _everything(workspace, demo.id) == before  # nothing changed


def test_undo_of_an_add_with_a_colleagues_link_to_it_is_a_conflict_naming_both(workspace, demo) -> None:
    step, new = _added(workspace, demo.id)
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    linked = tree.by_code()["6.1"]
    service.set_dependencies(demo.id, linked, [*tree.tasks[linked].dependencies, Dependency(predecessor_id=new)])
    before = _everything(workspace, demo.id)
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(step), demo.id)
    assert refused.value.ids == [f"{tree.codes[new]} 運用移行", f"6.1 {tree.tasks[linked].title}"]
    assert _everything(workspace, demo.id) == before


def test_undo_and_redo_of_a_delete_with_its_own_sub_tasks_and_links_still_work(workspace, demo) -> None:
    """Nobody else editing: the deleted task's sub-tasks and the links to them are the step's own."""
    service = WbsService(workspace.db)
    original = _everything(workspace, demo.id)
    doomed = service.tree(demo.id).by_code()["3.1"]
    step = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).delete(demo.id, [doomed])))
    deleted = _everything(workspace, demo.id)
    assert doomed not in deleted
    ops.run(workspace, ops.undo_op(step), demo.id)
    assert _everything(workspace, demo.id) == original
    ops.run(workspace, ops.redo_op(step), demo.id)
    assert {i: t.model_dump() for i, t in _everything(workspace, demo.id).items()} == {i: t.model_dump() for i, t in deleted.items()}


def test_redo_of_a_delete_after_a_colleague_added_a_sub_task_is_a_conflict(workspace, demo) -> None:
    service = WbsService(workspace.db)
    doomed = service.tree(demo.id).by_code()["3.1"]
    step = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).delete(demo.id, [doomed])))
    ops.run(workspace, ops.undo_op(step), demo.id)
    service.add_task(demo.id, doomed, title="佐藤の追加項目", completion_condition="書いた")  # another window
    before = _everything(workspace, demo.id)
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.redo_op(step), demo.id)
    assert refused.value.ids[0] == f"3.1 {before[doomed].title}"
    assert refused.value.ids[-1].endswith(" 佐藤の追加項目")
    assert _everything(workspace, demo.id) == before


def test_undo_of_an_add_with_nobody_else_editing_removes_it(workspace, demo) -> None:
    original = _everything(workspace, demo.id)
    step, new = _added(workspace, demo.id)
    ops.run(workspace, ops.undo_op(step), demo.id)
    assert _everything(workspace, demo.id) == original
    ops.run(workspace, ops.redo_op(step), demo.id)
    assert new in _everything(workspace, demo.id)


def test_the_window_says_the_refused_undo_in_japanese_naming_the_task(qtbot, db_path, said) -> None:
    from app.ui.operations import run_op
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        state = window.state
        pid = state.project_id
        change = run_op(state, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).add_task(pid, None, title="運用移行")), lambda: "タスクの追加")
        new = next(iter(change.detail.created))
        service = WbsService(state.workspace.db)
        service.add_task(pid, new, title="佐藤が追加した手順書")  # another window
        code = service.tree(pid).codes[new]
        problems: list[str] = []
        state.problem.connect(problems.append)
        state.undo_stack.undo()
        assert problems and f"「{code} 運用移行」" in problems[0] and "変更されました" in problems[0], problems
        assert "佐藤が追加した手順書" in {t.title for t in service.tasks(pid)}
        assert not [text for text in said if "CRASH" in text], said
    finally:
        close_window(window)
