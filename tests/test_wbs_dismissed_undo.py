"""A generated task deleted is dismissed (Generate leaves it out); its undo takes that back, its redo
dismisses it again, in the WBS's stored settings as in the project file."""

from __future__ import annotations

from app.core import operations as ops
from app.wbs import operations as wbs_ops
from app.wbs import store
from app.wbs.service import WbsService


def dismissed(workspace, project_id: int) -> list[str]:
    with workspace.db.session() as s:
        return store.read_meta(s, project_id).dismissed


def stored_meta(workspace, project_id: int) -> dict:
    with workspace.db.session() as s:
        row = store._meta_row(s, project_id)
        return dict(row.data) if row is not None else {}


def test_undo_of_deleting_a_generated_task_takes_its_dismissal_back_and_redo_makes_it(workspace, demo) -> None:
    service = WbsService(workspace.db)
    task = next(t for t in service.tree(demo.id).walk() if t.origin.template_id == "resources.onboarding")
    before = stored_meta(workspace, demo.id)
    change = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda _ws: service.delete(demo.id, [task.id])))
    assert dismissed(workspace, demo.id) == ["resources.onboarding"]
    undone = ops.run(workspace, ops.undo_op(change))
    assert dismissed(workspace, demo.id) == [] and stored_meta(workspace, demo.id) == before
    assert any(t.origin.template_id == "resources.onboarding" for t in service.tree(demo.id).walk())
    ops.run(workspace, ops.redo_op(change))
    assert dismissed(workspace, demo.id) == ["resources.onboarding"]
    assert undone.tasks  # (the undo put the task back)


def test_undo_keeps_a_template_dismissed_before_the_delete(workspace, demo) -> None:
    service = WbsService(workspace.db)
    tasks = [t for t in service.tree(demo.id).walk() if t.origin.template_id and not service.tree(demo.id).has_children(t.id)]
    first, second = tasks[0], tasks[1]
    ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda _ws: service.delete(demo.id, [first.id])))
    change = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda _ws: service.delete(demo.id, [second.id])))
    assert set(dismissed(workspace, demo.id)) == {first.origin.template_id, second.origin.template_id}
    ops.run(workspace, ops.undo_op(change))
    assert dismissed(workspace, demo.id) == [first.origin.template_id]
