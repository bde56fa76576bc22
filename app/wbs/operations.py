"""The WBS's operations: every WBS service call as one undoable change (see app/core/operations.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from app.core.errors import ConflictError
from app.core.operations import Change, Operation, Part, Restore
from app.core.storage.authors import authored

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.wbs.model import Task
    from app.wbs.service import WbsChange


def wbs_change(change: WbsChange | None, project_id: int) -> Change:
    """A WBS service result as a Change (the WBS meta document counts as part of the WBS)."""
    if change is None or not change.changed:
        return Change(project_id, frozenset(), detail=change)
    ids = {i for i in set(change.before) | set(change.after)}
    return Change(
        project_id, frozenset({Part.WBS}), tasks=frozenset(ids), before=change.before, after=change.after,
        restore=_restore_wbs(project_id), detail=change,
    )  # fmt: skip


def _restore_wbs(project_id: int) -> Restore:
    def restore(ws: Workspace, target: dict, expected: dict) -> Change:
        from app.wbs.service import WbsService

        service = WbsService(ws.db)
        with authored(ws):
            current = service.snapshot(project_id, expected)
            stale = sorted(i for i in expected if current.get(i) != expected[i])
            if stale:
                tasks = [(expected.get(i) or current.get(i)) for i in stale]
                raise ConflictError(Part.WBS, _names(ws, project_id, [t for t in tasks if t is not None]))
            service.restore(project_id, target, stored=current)  # current == expected: just checked
        return Change(
            project_id, frozenset({Part.WBS}), tasks=frozenset(set(target) | set(expected)), before=expected,
            after=target, restore=restore,
        )  # fmt: skip

    return restore


def wbs_op(
    project_id: int, call: Callable[[Workspace], WbsChange | None], base: Mapping[int, Mapping[str, Any]] | None = None
) -> Operation:  # fmt: skip
    """A WBS service call (edit, move, generate, schedule, import) as an operation.

    ``base`` holds, per task, the field values the editor showed: when one of them changed since
    (another window, process or import), the edit is refused with :class:`ConflictError`.
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
    stale = {
        task_id: [k for k, v in fields.items() if current.get(task_id) is None or getattr(current[task_id], k) != v]
        for task_id, fields in base.items()
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
