"""A project deleted elsewhere is not a conflict, decided in one place (app/core/operations.py):
:func:`refuse_if_deleted`, which the edits that compare with what they were based on ask first, and
which :func:`run` asks of any other conflict of the project the caller edits (the window's open one)."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError, NotFoundError
from app.core.projects import ProjectService
from app.wbs import operations as wbs_ops
from app.wbs.service import WbsService


def _renamed_task(workspace, pid: int) -> ops.Change:
    task = WbsService(workspace.db).tasks(pid)[-1]
    return ops.run(workspace, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], title="別の名前")))


def test_a_conflict_of_the_project_run_for_is_no_such_project_once_it_is_gone(demo, workspace) -> None:
    pid = demo.id
    renamed = _renamed_task(workspace, pid)
    ProjectService(workspace.db).delete(pid)  # another window
    with pytest.raises(ConflictError):  # the WBS's undo does not ask itself: told no project, a conflict it stays
        ops.run(workspace, ops.undo_op(renamed))
    with pytest.raises(NotFoundError) as refused:
        ops.run(workspace, ops.undo_op(renamed), pid)
    assert not isinstance(refused.value, ConflictError)
    assert refused.value.key == "project.not_found_id" and refused.value.params["id"] == str(pid)
    with pytest.raises(ConflictError):  # -1: no project open
        ops.run(workspace, ops.undo_op(renamed), -1)


def test_a_conflict_of_a_project_still_there_stays_a_conflict(demo, workspace) -> None:
    pid = demo.id
    renamed = _renamed_task(workspace, pid)
    task = WbsService(workspace.db).tasks(pid)[-1]
    WbsService(workspace.db).update(pid, [task.id], title="もう一つの名前")  # another window, the same field
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(renamed), pid)


def test_a_database_that_cannot_say_leaves_the_conflict_as_it_was(demo, workspace, monkeypatch) -> None:
    pid = demo.id
    renamed = _renamed_task(workspace, pid)
    ProjectService(workspace.db).delete(pid)

    def busy(_ws, _project_id) -> None:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(ops, "refuse_if_deleted", busy)
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(renamed), pid)


def test_an_undo_in_a_window_whose_project_another_window_deleted_names_it(qtbot, db_path, said) -> None:
    """The WBS's undo meets a conflict with the tasks that went with the project: the window says the
    project is gone, by its name, and closes it (it asked nobody to choose between theirs and mine)."""
    from app.ui.operations import run_op
    from tests.gui_helpers import close_window, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        state = window.state
        window.watcher.timer.stop()  # undone within the second after the deletion
        pid, name = state.project_id, state.project.name
        task = WbsService(state.workspace.db).tasks(pid)[-1]
        run_op(state, wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], title="別の名前")), lambda: "名前の変更")
        ProjectService(state.workspace.db).delete(pid)  # another window
        problems: list[str] = []
        state.problem.connect(problems.append)
        state.undo_stack.undo()
        assert problems and f"「{name}」は別のウィンドウかプロセスで削除されました" in problems[0], problems
        settle(window)
        assert state.project is None
        assert not [text for text in [*problems, *said] if "変更されました" in text or "ID" in text], (problems, said)
    finally:
        close_window(window)
