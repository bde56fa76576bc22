"""An undo (or redo) of my WBS step after a colleague (another window, process or import) added or deleted
tasks beside the ones it touched (break-it 52b): their positions, renumbered by the colleague's step, are no
change of mine to refuse on; my tasks go back in my step's order among the siblings as they are now. A
change that is one (a field of a task my step puts back, or my tasks reordered since) is still refused."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError
from app.wbs import operations as wbs_ops
from app.wbs.model import Dependency
from app.wbs.service import WbsService


def _kids(workspace, pid: int, parent: int | None) -> list[int]:
    return list(WbsService(workspace.db).tree(pid).kids(parent))


def _positions(workspace, pid: int, parent: int | None) -> list[int]:
    tree = WbsService(workspace.db).tree(pid)
    return [tree.tasks[i].position for i in tree.kids(parent)]


def _group(workspace, pid: int) -> tuple[int, list[int]]:
    """A parent with at least four leaf tasks under it, and those tasks."""
    tree = WbsService(workspace.db).tree(pid)
    for t in tree.walk():
        kids = list(tree.kids(t.id))
        if len(kids) >= 4 and not any(tree.has_children(k) for k in kids):
            return t.id, kids
    raise AssertionError("no such parent")


def _delete(pid: int, task: int) -> ops.Operation:
    return wbs_ops.wbs_op(pid, lambda ws: WbsService(ws.db).delete(pid, [task]))


def _unlinked(workspace, pid: int, kids: list[int]) -> None:
    service = WbsService(workspace.db)
    for k in kids:
        service.set_dependencies(pid, k, [])


@pytest.mark.parametrize("theirs", [1, 0, 3], ids=["the next task", "the one before", "a later one"])
def test_undo_of_my_delete_after_the_colleague_deleted_a_sibling_brings_mine_back(workspace, demo, theirs) -> None:
    parent, kids = _group(workspace, demo.id)
    _unlinked(workspace, demo.id, kids)  # (positions only: links have a test of their own)
    mine = kids[1] if theirs == 0 else kids[0]
    other = kids[theirs]
    step = ops.run(workspace, _delete(demo.id, mine))
    ops.run(workspace, _delete(demo.id, other))  # the colleague's, since
    ops.run(workspace, ops.undo_op(step), demo.id)
    assert _kids(workspace, demo.id, parent) == [k for k in kids if k != other]  # mine back in its place
    assert _positions(workspace, demo.id, parent) == list(range(len(kids) - 1))
    ops.run(workspace, ops.redo_op(step), demo.id)  # and deleted again
    assert _kids(workspace, demo.id, parent) == [k for k in kids if k not in (mine, other)]
    assert _positions(workspace, demo.id, parent) == list(range(len(kids) - 2))


def test_undo_of_my_delete_after_the_colleague_deleted_the_task_linked_to_mine(workspace, demo) -> None:
    """The breaker's case: the next task follows mine (my delete took its link); the colleague deletes it; my
    undo brings mine back whole (the link went with the task deleted), the colleague's delete stays."""
    parent, kids = _group(workspace, demo.id)
    service = WbsService(workspace.db)
    mine, theirs = kids[0], kids[1]
    service.set_dependencies(demo.id, theirs, [Dependency(predecessor_id=mine)])
    original = service.tree(demo.id).tasks[mine]
    step = ops.run(workspace, _delete(demo.id, mine))
    ops.run(workspace, _delete(demo.id, theirs))
    ops.run(workspace, ops.undo_op(step), demo.id)
    tree = service.tree(demo.id)
    assert tree.tasks[mine] == original and theirs not in tree.tasks
    assert list(tree.kids(parent)) == [k for k in kids if k != theirs]
    ops.run(workspace, ops.redo_op(step), demo.id)  # the redo too: mine deleted again
    assert list(service.tree(demo.id).kids(parent)) == [k for k in kids if k not in (mine, theirs)]


def test_redo_of_my_delete_after_the_colleague_deleted_the_task_linked_to_mine(workspace, demo) -> None:
    parent, kids = _group(workspace, demo.id)
    service = WbsService(workspace.db)
    mine, theirs = kids[0], kids[1]
    service.set_dependencies(demo.id, theirs, [Dependency(predecessor_id=mine)])
    step = ops.run(workspace, _delete(demo.id, mine))
    ops.run(workspace, ops.undo_op(step), demo.id)
    ops.run(workspace, _delete(demo.id, theirs))  # the colleague's, after my undo
    ops.run(workspace, ops.redo_op(step), demo.id)
    assert list(service.tree(demo.id).kids(parent)) == kids[2:]
    assert _positions(workspace, demo.id, parent) == list(range(len(kids) - 2))


def test_undo_of_my_delete_keeps_the_order_the_colleague_gave_the_siblings(workspace, demo) -> None:
    """My delete only renumbered the tasks after mine: the colleague's reorder of them since is theirs to keep,
    and my task comes back where it was, first (break-it 52d: it was refused, naming two tasks I never touched)."""
    parent, kids = _group(workspace, demo.id)
    service = WbsService(workspace.db)
    step = ops.run(workspace, _delete(demo.id, kids[0]))
    service.move_by(demo.id, [kids[3]], -1)  # the colleague reorders what my delete left
    theirs = list(service.tree(demo.id).kids(parent))
    ops.run(workspace, ops.undo_op(step), demo.id)
    assert list(service.tree(demo.id).kids(parent)) == [kids[0], *theirs]
    assert _positions(workspace, demo.id, parent) == list(range(len(kids)))
    ops.run(workspace, ops.redo_op(step), demo.id)
    assert list(service.tree(demo.id).kids(parent)) == theirs


def test_undo_of_my_move_after_the_colleague_moved_it_back_and_swapped_two_others_keeps_theirs(workspace, demo) -> None:
    """A move names the task it moves: its undo puts that task back after the one it followed; the colleague's
    own reorder of the others since is theirs and stays (break-it 52e: any reorder of the siblings refused it)."""
    parent, kids = _group(workspace, demo.id)
    _unlinked(workspace, demo.id, kids)
    service = WbsService(workspace.db)
    step = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).move_by(demo.id, [kids[1]], 1)))
    service.move_by(demo.id, [kids[1]], -1)  # the colleague puts it back themselves
    service.move_by(demo.id, [kids[3]], -1)  # and swaps two others
    theirs = list(service.tree(demo.id).kids(parent))
    ops.run(workspace, ops.undo_op(step), demo.id)
    assert list(service.tree(demo.id).kids(parent)) == theirs
    assert _positions(workspace, demo.id, parent) == list(range(len(kids)))


def test_undo_of_my_retitle_is_still_refused_when_the_colleague_deleted_the_task(workspace, demo) -> None:
    _parent, kids = _group(workspace, demo.id)
    step = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).update(demo.id, [kids[2]], title="山田の題")))
    ops.run(workspace, _delete(demo.id, kids[2]))
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.undo_op(step), demo.id)


def test_undo_of_my_move_after_the_colleague_added_a_task_puts_mine_back_between_the_same_ones(workspace, demo) -> None:
    parent, kids = _group(workspace, demo.id)
    _unlinked(workspace, demo.id, kids)
    service = WbsService(workspace.db)
    step = ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).move_by(demo.id, [kids[1]], 1)))
    assert service.tree(demo.id).kids(parent)[:3] == [kids[0], kids[2], kids[1]]
    new = next(iter(service.add_task(demo.id, parent, row=0, title="佐藤の追加").created))  # the colleague's, first
    ops.run(workspace, ops.undo_op(step), demo.id)
    assert list(service.tree(demo.id).kids(parent)) == [new, *kids]
    assert _positions(workspace, demo.id, parent) == list(range(len(kids) + 1))
    ops.run(workspace, ops.redo_op(step), demo.id)
    assert list(service.tree(demo.id).kids(parent))[:4] == [new, kids[0], kids[2], kids[1]]
