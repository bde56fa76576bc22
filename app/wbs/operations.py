"""The WBS's operations: every WBS service call as one undoable change (see app/core/operations.py)."""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from app.core.errors import ConflictError
from app.core.operations import Change, Operation, Part, Restore
from app.core.storage.authors import authored
from app.wbs.checks import refuse_a_new_cycle

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.wbs.model import Task, TaskOrigin
    from app.wbs.service import WbsChange


def wbs_change(change: WbsChange | None, project_id: int) -> Change:
    """A WBS service result as a Change (the WBS meta document counts as part of the WBS)."""
    if change is None or not change.changed:
        return Change(project_id, frozenset(), detail=change)
    ids = {i for i in set(change.before) | set(change.after)}
    return Change(
        project_id, frozenset({Part.WBS}), tasks=frozenset(ids), before=change.before, after=change.after,
        restore=_restore_wbs(project_id, frozenset(change.info.get("dismissed", ())), frozenset(change.info.get("moved", ()))), detail=change,
    )  # fmt: skip


def _restore_wbs(project_id: int, dismissed: frozenset[str] = frozenset(), moved: frozenset[int] = frozenset()) -> Restore:
    """Put back ``target`` where the step left ``expected``: only the fields the step changed are
    compared and written (a move: the moved tasks' parent; a schedule: the dates), so a field someone
    else changed since (another task's title, say) neither refuses the undo nor is overwritten. A task the
    step added or removed is compared whole; one it takes away again must take nothing else along
    (:func:`_taken_along`), one it puts back must find its parent and predecessors there
    (:class:`~app.wbs.checks.LinkGone`). A position is no field compared: outline numbers shift with
    any task added or deleted before (a colleague's delete renumbers mine), so the tasks the step placed
    (added, removed, moved, or renumbered along) are put back in the step's order among their siblings as
    they are now (:func:`_in_order`), refused only when someone reordered the step's tasks since.
    ``dismissed``: the templates of generated tasks the step (a delete) dismissed, dismissed again or
    not with them."""

    def restore(ws: Workspace, target: dict, expected: dict) -> Change:
        from app.wbs.service import WbsService

        service = WbsService(ws.db)
        with authored(ws):
            current = service.snapshot(project_id, set(target) | set(expected))
            written: dict[int, Task | None] = {}
            columns: set[str] = set()
            stale: list[int] = []
            placed: set[int] = set()  # tasks whose place among their siblings the step changed
            steps = {i: step_fields(expected.get(i), target.get(i)) for i in sorted(set(target) | set(expected))}
            whole = {i for i, keys in steps.items() if keys is None}
            for i, keys in steps.items():
                now, was, goal = current.get(i), expected.get(i), target.get(i)
                if keys is None:  # added or removed by the step: the whole task must be as the step left it
                    if not _same_but_place(now, was):
                        stale.append(i)
                    written[i] = goal
                    placed.add(i)
                    continue
                if "position" in keys:
                    placed.add(i)
                    keys = [k for k in keys if k != "position"]
                if now is None and _only_along(keys, was, goal, whole):
                    continue  # deleted since: what the step changed on it went with it (renumbered, a link to its own task)
                if keys:
                    # (a field someone else already set to what the step puts there is no conflict: a colleague's
                    # edit made the task the user's, as a redo of mine would)
                    values = _put_back(now, was, goal, keys)
                    if now is None or values is None:
                        stale.append(i)
                    else:
                        written[i] = _still_own(now.replaced(**values), goal, keys)
                        columns |= set(keys)
            now_all: dict[int, Task | None] = dict(current)
            if placed and not stale:
                stale, positions = _in_order(ws, project_id, placed, target, expected, written, now_all, moved)
                for i, n in positions.items():
                    task = written[i] if i in written else now_all[i]
                    assert task is not None
                    written[i] = task.replaced(position=n)
                    columns.add("position")
            if stale:
                tasks = [(now_all.get(i) or expected.get(i)) for i in stale]  # as it is now (as the page shows it), else as left
                gone = all(now_all.get(i) is None and expected.get(i) is not None for i in stale)  # deleted since: said so
                raise ConflictError(Part.WBS, _names(ws, project_id, [t for t in tasks if t is not None]), gone=gone)
            taken = _taken_along(ws, project_id, written, current)
            if taken:  # removing the step's tasks would take another's newer work with them
                raise ConflictError(Part.WBS, _names(ws, project_id, taken))
            if whole or columns & {"parent_id", "dependencies"}:  # (tasks put back or taken away, moved, relinked)
                refuse_a_new_cycle(service.tree(project_id), written, key="wbs.step_cycle")
            stored = {i: now_all.get(i) for i in written}
            # (links are no column: a step that changed them has every field compared)
            service.restore(project_id, written, stored=stored, columns=None if "dependencies" in columns else tuple(sorted(columns)),
                            dismissed=dismissed)
        return Change(
            project_id, frozenset({Part.WBS}), tasks=frozenset(written), before=stored, after=written, restore=restore,
        )  # fmt: skip

    return restore


def _put_back(now: Task | None, was: Task | None, goal: Task | None, keys: list[str]) -> dict[str, Any] | None:
    """The values a step (undone or redone) puts back on a task it changed the fields ``keys`` of, where the task is
    ``now`` (None: someone changed one of them since, or deleted the task). The origin's mark of the texts the user
    typed (``typed``) holds one entry per text: the step puts back only its own texts' entries, so a colleague's text
    typed since (its entry with it) neither refuses my undo nor loses its mark (:func:`_origin_back`)."""
    if now is None or was is None or goal is None or any(k != "origin" and getattr(now, k) not in (getattr(was, k), getattr(goal, k)) for k in keys):
        return None
    values = {k: getattr(goal, k) for k in keys}
    if "origin" in keys:
        values["origin"] = _origin_back(now.origin, was.origin, goal.origin)
        if values["origin"] is None:
            return None
    return values


def _origin_back(now: TaskOrigin, was: TaskOrigin, goal: TaskOrigin) -> TaskOrigin | None:
    """The origin a step puts back: ``goal``'s, with the typed mark's entries the step did not change as they are
    ``now`` (None: the rest of the origin changed since, as neither the step left it nor puts it back)."""
    rest = {"typed": None}
    if now.model_copy(update=rest) not in (was.model_copy(update=rest), goal.model_copy(update=rest)):
        return None
    had, put = set(was.typed or ()), set(goal.typed or ())
    typed = [name for name in now.typed or () if name in put or name not in had]  # (the step's own entries taken away)
    typed += [name for name in goal.typed or () if name not in had and name not in typed]  # (and put)
    return goal if set(typed) == put else goal.model_copy(update={"typed": typed or None})


def _only_along(keys: list[str], was: Task | None, goal: Task | None, whole: set[int]) -> bool:
    """The step changed the task only along with the tasks it added or removed (``whole``): its position
    (renumbered) or its links to those tasks (a delete takes the links to the task deleted)."""
    if not set(keys) <= {"dependencies"} or was is None or goal is None:
        return False
    links = {(d.predecessor_id, d.lag_days) for d in was.dependencies} ^ {(d.predecessor_id, d.lag_days) for d in goal.dependencies}
    return all(predecessor in whole for predecessor, _ in links)


def _same_but_place(now: Task | None, was: Task | None) -> bool:
    """``now`` is ``was`` but for its position (renumbered by another's add or delete before it)."""
    if now is None or was is None:
        return now is was
    return now.__dict__ | {"position": was.position} == was.__dict__


def _reordered(left: list[int], before: list[int], moved: frozenset[int] = frozenset()) -> set[int]:
    """The tasks under one parent whose place the step itself chose: those it added, removed or moved there or
    away, and those it moved within it (a move up or down, a drag: the tasks the move named, ``moved``; else the
    fewest whose places explain the new order, the rest being the longest run kept in order). Tasks it only
    renumbered (a task added or deleted before them) are not: their order now is whoever's changed it since."""
    both = set(left) & set(before)
    ours = (set(left) | set(before)) - both
    now_order = [i for i in left if i in both]
    if now_order != [i for i in before if i in both]:
        ours |= (both & moved) or both - _in_same_order(now_order, {i: n for n, i in enumerate(before)})
    return ours


def _in_same_order(ids: list[int], rank: Mapping[int, int]) -> set[int]:
    """The longest run of ``ids`` (in their order) whose ``rank`` rises: the tasks a reorder left in order."""
    tails: list[int] = []  # the smallest last rank of a run of each length
    ends: list[int] = []  # where in ``ids`` that run ends
    back = [-1] * len(ids)
    for n, task_id in enumerate(ids):
        k = bisect_left(tails, rank[task_id])
        if k == len(tails):
            tails.append(rank[task_id])
            ends.append(n)
        else:
            tails[k], ends[k] = rank[task_id], n
        back[n] = ends[k - 1] if k else -1
    kept: set[int] = set()
    n = ends[-1] if ends else -1
    while n >= 0:
        kept.add(ids[n])
        n = back[n]
    return kept


def _in_order(
    ws: Workspace, project_id: int, placed: set[int], target: Mapping[int, Task | None], expected: Mapping[int, Task | None],
    written: Mapping[int, Task | None], now: dict[int, Task | None], moved: frozenset[int] = frozenset(),
) -> tuple[list[int], dict[int, int]]:  # fmt: skip
    """The positions (task -> position) that put the tasks ``placed`` back among their siblings as they are now:
    under each parent they leave or go to, the tasks the step itself placed there (:func:`_reordered`) each after
    the task it followed in ``target``, the others in their order now (a colleague's reorder stays). ``now``
    (the step's tasks as stored) gets their siblings too. First what refuses it: the step's own tasks someone
    reordered since (their order now is not the one the step left)."""
    from app.wbs import store

    parents = {t.parent_id for i in placed for t in (now.get(i), target.get(i), written.get(i)) if t is not None}
    with ws.db.session() as s:  # the undo's own transaction
        others = store.children(s, project_id, parents) - set(now)
        now |= store.snapshot(s, project_id, others) if others else {}

    def final(i: int) -> Task | None:
        return written[i] if i in written else now.get(i)

    def by_parent(tasks: Mapping[int, Task | None]) -> dict[int | None, list[int]]:
        """Each parent's tasks of ``tasks`` in their order (read once: a big step's tasks are many)."""
        grouped: dict[int | None, list[Task]] = {}
        for task in tasks.values():
            if task is not None and task.parent_id in parents:
                grouped.setdefault(task.parent_id, []).append(task)
        return {p: [t.id for t in sorted(kids, key=lambda t: (t.position, t.id))] for p, kids in grouped.items()}

    now_under, left_under, target_under = by_parent(now), by_parent(expected), by_parent(target)
    written_under: dict[int | None, set[int]] = {}
    for i, task in written.items():
        if task is not None:
            written_under.setdefault(task.parent_id, set()).add(i)
    step = target.keys() | expected.keys()
    stale: list[int] = []
    positions: dict[int, int] = {}
    for parent in parents:
        here = now_under.get(parent, [])
        left, before = left_under.get(parent, []), target_under.get(parent, [])
        ours = _reordered(left, before, moved)
        kept = set(here)
        mine_left = [i for i in left if i in ours and i in kept]  # the step's tasks here, as it left them
        placed_here = set(mine_left)
        mine_seen = [i for i in here if i in placed_here]
        if mine_seen != mine_left:  # someone reordered the step's own tasks since
            stale += [i for i, j in zip(mine_left, mine_seen, strict=True) if i != j]
            continue
        members = {i for i in kept | written_under.get(parent, set()) if (t := final(i)) is not None and t.parent_id == parent}
        theirs = [i for i in here if i in members and i not in ours]  # as they are now
        followers: dict[int | None, list[int]] = {}  # who follows whom: each task after the one it is to follow
        last: int | None = None
        # The step's order of the parent's tasks: its own by their places as it puts them, a task it never held
        # (untouched by it, or added since) by its place now, before the step's task of the same number.
        untouched = [i for i in here if i not in step]
        at = {i: (now_task.position, 0) for i in untouched if (now_task := now.get(i)) is not None}
        at |= {i: (task.position, 1) for i in before if (task := target.get(i)) is not None}
        for i in sorted(at, key=lambda i: (*at[i], i)):  # the others stay as they are now, the step's own each after the task it followed
            if i in ours and i in members:
                followers.setdefault(last, []).append(i)
            if i in members:
                last = i
        result: list[int] = []
        for anchor in (None, *theirs):
            if anchor is not None:
                result.append(anchor)
            pending = list(reversed(followers.get(anchor, [])))
            while pending:
                i = pending.pop()
                result.append(i)
                pending += reversed(followers.get(i, []))
        positions |= {i: n for n, i in enumerate(result) if (t := final(i)) is not None and t.position != n}
    return stale, positions


def _taken_along(ws: Workspace, project_id: int, written: Mapping[int, Task | None], current: Mapping[int, Task | None]) -> list[Task]:
    """What removing the tasks ``written`` removes (an undo of an add, a redo of a delete) would take
    along that is not the step's: a task someone put under one of them since (with everything under
    it) or a link someone set to one of them, which the snapshot does not hold. The tasks removed
    first, then those that would lose a child or a link (for the message); empty: nothing else goes."""
    from app.wbs import store

    removed = {i for i, task in written.items() if task is None}
    if not removed:
        return []
    with ws.db.session() as s:  # the undo's own transaction
        found = store.dependents(s, project_id, removed)
        stored = {t.id: t for t in store.load_tasks(s, project_id, found - set(written))} if found else {}
    after = {i: written[i] if i in written else stored.get(i) for i in found}  # as the undo would leave them
    lost: dict[int, set[int]] = {}
    for i, task in after.items():
        held = removed & {task.parent_id, *(link.predecessor_id for link in task.dependencies)} if task is not None else set()
        if held:
            lost[i] = held
    holders = sorted(set().union(*lost.values()))
    return [t for i in holders if (t := current.get(i)) is not None] + [t for i in sorted(lost) if (t := after[i]) is not None]


def _still_own(task: Task, goal: Task | None, keys: list[str]) -> Task:
    """A task an undo (or redo) takes back to "not edited by the user" that still holds a change the step does
    not take back (a field someone changed since, in another window): the user's own all the same (as it
    was), so the next generation neither overwrites that change with the template's nor removes it."""
    from app.wbs.model import USER_FIELDS

    if goal is None or "user_edited" not in keys or goal.user_edited or all(getattr(task, k) == getattr(goal, k) for k in USER_FIELDS):
        return task
    return task.replaced(user_edited=True)


def step_fields(before: Task | None, after: Task | None) -> list[str] | None:
    """The fields a step changed on one task (None: it added or removed the task)."""
    if (before is None) != (after is None):
        return None
    if before is None or after is None:
        return []
    was, now = before.__dict__, after.__dict__  # (a task's fields, read as pydantic keeps them: 10,000 tasks undone at once)
    return [] if was == now else [name for name in _fields_of(type(before)) if was[name] != now[name]]


@functools.cache
def _fields_of(kind: type[Task]) -> tuple[str, ...]:
    return tuple(kind.model_fields)  # (pydantic's model_fields: 17 µs a read)


def wbs_op(
    project_id: int, call: Callable[[Workspace], WbsChange | None], base: Mapping[int, Mapping[str, Any]] | None = None
) -> Operation:  # fmt: skip
    """A WBS service call (edit, move, generate, schedule, import) as an operation.

    ``base`` holds, per task, the field values the editor showed: when one of them changed since
    (another window, process or import), the edit is refused with :class:`ConflictError`. A task
    deleted since is no conflict: the call leaves it out, or refuses it as gone.
    """

    def op(ws: Workspace) -> Change:
        with authored(ws):
            if base:
                _check_wbs_base(ws, project_id, base)
            return wbs_change(call(ws), project_id)

    return op


def _check_wbs_base(ws: Workspace, project_id: int, base: Mapping[int, Mapping[str, Any]]) -> None:
    from app.wbs.service import WbsService

    current = WbsService(ws.db).snapshot(project_id, base)
    # A task deleted meanwhile holds no value someone changed: the call leaves it out or says it is gone.
    stale = {
        task_id: [k for k, v in fields.items() if getattr(task, k) != v]
        for task_id, fields in base.items() if (task := current.get(task_id)) is not None
    }
    stale = {i: keys for i, keys in stale.items() if keys}
    if stale:
        raise ConflictError(Part.WBS, _names(ws, project_id, [t for i in stale if (t := current.get(i)) is not None]),
                            sorted({k for keys in stale.values() for k in keys}))  # fmt: skip


def _names(ws: Workspace, project_id: int, tasks: list[Task]) -> list[str]:
    """The first five tasks as messages name them: outline number (as numbered now; none for a task
    that is gone) and title, so two tasks of one title are told apart."""
    from app.wbs.model import task_name
    from app.wbs.service import WbsService

    codes = WbsService(ws.db).tree(project_id).codes if tasks else {}
    return [task_name(codes.get(t.id, ""), t.title) for t in tasks[:5]]
