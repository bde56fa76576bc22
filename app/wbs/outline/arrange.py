"""Where a structure edit (move, indent, outdent, move up / down) puts the tasks, worked out on the plan
as read: the new order of each level it touches, and the links it lets go. Pure: no database, no Qt;
:meth:`app.wbs.service.WbsService.arrange` commits it as one change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.core.errors import NotFoundError, ValidationFailed
from app.wbs.checks import refuse_a_new_cycle
from app.wbs.model import Dependency, WbsTree

Levels = dict[int | None, list[int]]
"""{parent id (None: the top level): its sub-tasks in their new order} for each level a structure edit touches."""


def moved(tree: WbsTree, task_ids: Iterable[int]) -> list[int]:
    """:func:`top_most` of the tasks a structure edit moves; NotFoundError when one of them is gone
    (deleted in another window meanwhile: said, as adding a sub-task to it is, nothing moved)."""
    ids = list(task_ids)
    if any(i not in tree.tasks for i in ids):
        raise NotFoundError(key="wbs.task_gone")
    return top_most(tree, ids)


def top_most(tree: WbsTree, task_ids: Iterable[int]) -> list[int]:
    """The selected tasks without those whose ancestor is also selected, in outline order."""
    chosen = {i for i in task_ids if i in tree.tasks}
    result = [i for i in chosen if not any(a in chosen for a in tree.ancestors(i))]
    order = {t.id: n for n, t in enumerate(tree.walk())}
    return sorted(result, key=order.__getitem__)


def unlinked(tree: WbsTree, parents: Mapping[int, int | None]) -> dict[int, list[Dependency]]:
    """Tasks moved under new summaries (``{task id: its parent after the edit}``; an indent under the task just
    before, their predecessor): the links between each of them (with its sub-tasks) and its summaries go, as a
    scheduling tool drops them (a summary cannot wait for its own sub-task, nor a sub-task for its summary: the plan
    could never be scheduled again), returned as ``{task id: the predecessors it keeps}``. Refused, naming the tasks,
    when the edit still makes a cycle (a chain of links from a task to its new summary). A cycle the plan had before
    is not the edit's."""
    barred: dict[int, set[int]] = {}  # {task id: the predecessors it can no longer have}
    for root, parent in parents.items():
        if parent is None:
            continue
        below = {root, *tree.descendants(root)}
        above = {parent, *tree.ancestors(parent)}
        for task_id in below:
            barred.setdefault(task_id, set()).update(above)
        for task_id in above:
            barred.setdefault(task_id, set()).update(below)
    kept: dict[int, list[Dependency]] = {}
    for task_id, other in barred.items():
        deps = tree.tasks[task_id].dependencies
        if any(d.predecessor_id in other for d in deps):
            kept[task_id] = [d for d in deps if d.predecessor_id not in other]
    changes: dict[int, dict[str, Any]] = {i: {"parent_id": p} for i, p in parents.items()}
    for task_id, deps in kept.items():
        changes.setdefault(task_id, {})["dependencies"] = deps
    refuse_a_new_cycle(tree, {i: tree.tasks[i].replaced(**fields) for i, fields in changes.items()}, key="wbs.move_cycle")
    return kept


def put(tree: WbsTree, roots: list[int], parent_id: int | None, row: int | None) -> Levels:
    """The tasks ``roots`` moved, in their order, under ``parent_id`` before its sub-task ``row`` (None: last)."""
    if parent_id is not None:
        if parent_id not in tree.tasks:
            raise NotFoundError(key="wbs.task_gone")
        if parent_id in roots or any(r in tree.ancestors(parent_id) for r in roots):
            raise ValidationFailed(key="wbs.move_under_itself")
    target = tree.kids(parent_id)
    at = len(target) if row is None else max(0, min(row, len(target)))
    at -= sum(1 for i in target[:at] if i in roots)  # rows before the insertion point that move away shift it up
    old_parents = {tree.tasks[r].parent_id for r in roots}
    levels: Levels = {p: [i for i in tree.kids(p) if i not in roots] for p in old_parents | {parent_id}}
    levels[parent_id][at:at] = roots
    return levels


def _one_level(tree: WbsTree, roots: list[int], refused: ValidationFailed) -> dict[int | None, list[int]]:
    """The tasks by their parent, in outline order; ``refused`` raised when they are not all on one level
    (tasks of one depth under different summaries are: each is moved on its own level)."""
    if len({tree.depths.get(r, 0) for r in roots}) > 1:
        raise refused
    groups: dict[int | None, list[int]] = {}
    for task_id in roots:
        groups.setdefault(tree.tasks[task_id].parent_id, []).append(task_id)
    return groups


def indented(tree: WbsTree, roots: list[int]) -> Levels | None:
    """Each task made the last sub-task of the nearest task above it that is not moved too (tasks next to each
    other go under one task, in their order; A, [B], C, [D] gives A{B}, C{D}); None when a first has none."""
    if not roots:
        return None
    levels: Levels = {}
    for parent, chosen in _one_level(tree, roots, ValidationFailed(key="wbs.same_level_indent")).items():
        levels[parent] = []
        under: int | None = None
        for task_id in tree.kids(parent):
            if task_id not in chosen:
                levels[parent].append(task_id)
                under = task_id
            elif under is None:
                return None
            else:
                levels.setdefault(under, list(tree.kids(under))).append(task_id)
    return levels


def outdented(tree: WbsTree, roots: list[int]) -> Levels | None:
    """Each task moved up one level, right after its current parent (several of one parent in their order);
    None at the top level."""
    if not roots:
        return None
    groups = _one_level(tree, roots, ValidationFailed(key="wbs.same_level_outdent"))
    if None in groups:
        return None
    levels: Levels = {}
    for parent, chosen in groups.items():
        assert parent is not None  # (None is refused above)
        grand = tree.tasks[parent].parent_id
        level = levels.setdefault(grand, list(tree.kids(grand)))
        level[level.index(parent) + 1:level.index(parent) + 1] = chosen
        levels[parent] = [i for i in tree.kids(parent) if i not in chosen]
    return levels


def stepped(tree: WbsTree, roots: list[int], step: int) -> Levels | None:
    """Each task moved one place up (``step`` < 0) or down among its siblings, past the nearest task not moved
    (tasks next to each other move as a block; the others keep their places between them, as a spreadsheet moves
    rows); None when a first (up) or last (down) of its level is selected."""
    if not roots:
        return None
    levels: Levels = {}
    for parent, chosen in _one_level(tree, roots, ValidationFailed(key="wbs.same_level_move")).items():
        order = list(tree.kids(parent)) if step < 0 else list(reversed(tree.kids(parent)))
        if order[0] in chosen:
            return None
        for n in range(1, len(order)):
            if order[n] in chosen and order[n - 1] not in chosen:
                order[n - 1], order[n] = order[n], order[n - 1]
        levels[parent] = order if step < 0 else order[::-1]
    return levels
