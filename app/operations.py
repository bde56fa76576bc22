"""Operations: the one way a project changes (Anki's pylib operations returning OpChanges).

An operation is a callable ``op(workspace) -> Change``. It validates, commits in one transaction
(``Database.transaction``: service calls inside it join that unit of work) and returns a
:class:`Change`: which parts of which project changed, which ids, and the snapshots before and
after with the function that writes one back. Undo and redo are operations too
(:func:`undo_op`, :func:`redo_op`): they write a snapshot back only where the data still is what
the change left, so an undo never reverts what another window, process or import wrote later; a
stale undo raises :class:`ConflictError` and changes nothing.

Concurrency is optimistic and per field: a write may carry the value it was based on (``base``);
when that field has changed since, the write is refused with :class:`ConflictError` (nothing
overwritten). Clients (the Qt window, the CLI, the crash harness) run operations through
:func:`run`, which turns a held write lock into :class:`DatabaseBusy`.

No Qt here: the UI pushes one generic undo command per Change and refreshes every page from one
``changed(Change)`` signal.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from app.errors import ConflictError

if TYPE_CHECKING:
    from app.domain.answers import Answer
    from app.services.hearing_sheet_import import Prefer, SheetPlan
    from app.services.wbs import WbsChange
    from app.services.workspace import Workspace


class Part(StrEnum):
    """The parts of a project a change can touch; each page refreshes the parts it shows."""

    PROJECT = "project"  # the project's own fields, or the list of projects
    ANSWERS = "answers"
    SESSIONS = "sessions"
    DOCUMENTS = "documents"
    WBS = "wbs"


ALL_PARTS = frozenset(Part)

# restore(workspace, target, expected) writes ``target`` back where the data still equals ``expected``
Restore = Callable[["Workspace", Any, Any], "Change"]


@dataclass(frozen=True)
class Change:
    """What one operation changed.

    ``items`` are answer item ids, ``kinds`` document kinds, ``tasks`` WBS task ids. ``before`` and
    ``after`` are the snapshots ``restore`` understands; ``restore`` is None for a change that
    cannot be undone (or changed nothing). ``external`` marks a change seen on the database that
    another window or process committed (its ids are unknown: every part refreshes).
    """

    project_id: int
    parts: frozenset[Part]
    items: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    tasks: frozenset[int] = frozenset()
    before: Any = None
    after: Any = None
    restore: Restore | None = None
    external: bool = False
    detail: Any = None  # the feature's own result (AnswerChange, WbsChange, DocumentChange, a count)

    @property
    def changed(self) -> bool:
        return bool(self.parts) and (self.restore is None or self.before != self.after)

    def merged(self, later: Change) -> Change:
        """This change followed by ``later`` of the same thing, as one step (a burst of typing)."""
        return Change(
            self.project_id, self.parts | later.parts, self.items | later.items, self.kinds | later.kinds,
            self.tasks | later.tasks, self.before, later.after, self.restore, detail=later.detail,
        )  # fmt: skip


Operation = Callable[["Workspace"], Change]


def run(ws: Workspace, op: Operation) -> Change:
    """Run one operation in one transaction (the operation's own service calls join it).

    A database failure (full disk, read-only file, damaged file, lost server) becomes the user's one
    line; the transaction was rolled back, so nothing was half-saved.
    """
    from app.storage.db import storage_error

    try:
        with ws.db.transaction():
            return op(ws)
    except Exception as exc:
        error = storage_error(exc)
        if error is None or error is exc:
            raise
        raise error from None


def undo_op(change: Change) -> Operation:
    """The operation that takes ``change`` back (where nobody changed the data since)."""
    restore = change.restore
    assert restore is not None, "only a change with a restore is put on the undo stack"
    return lambda ws: restore(ws, change.before, change.after)


def redo_op(change: Change) -> Operation:
    restore = change.restore
    assert restore is not None, "only a change with a restore is put on the undo stack"
    return lambda ws: restore(ws, change.after, change.before)


# --- projects -----------------------------------------------------------------------------------------


def project_op(project_id: int, call: Callable[[Workspace], Any]) -> Operation:
    """A change of a project's own fields or of the list of projects (create, rename, archive,
    duplicate, delete, import). Not an undo step; ``detail`` is what ``call`` returned."""

    def op(ws: Workspace) -> Change:
        with ws.db.transaction():
            result = call(ws)
        return Change(project_id, frozenset({Part.PROJECT}), detail=result)

    return op


# --- answers ----------------------------------------------------------------------------------------


def _answer_fields(answer: Answer) -> dict[str, Any]:
    from app.services.answers import EDITABLE

    return answer.model_dump(include=set(EDITABLE))


def _answer_change(project_id: int, before: dict[str, Answer], after: dict[str, Answer], detail: Any = None) -> Change:
    changed = {i for i in after if _answer_fields(before[i]) != _answer_fields(after[i])}
    return Change(
        project_id,
        frozenset({Part.ANSWERS}) if changed else frozenset(),
        items=frozenset(changed),
        before={i: before[i] for i in changed},
        after={i: after[i] for i in changed},
        restore=_restore_answers(project_id),
        detail=detail,
    )


def _restore_answers(project_id: int) -> Restore:
    def restore(ws: Workspace, target: dict[str, Answer], expected: dict[str, Answer]) -> Change:
        from app.services.answers import AnswerService

        service = AnswerService(ws.db, ws.library)
        before: dict[str, Answer] = {}
        after: dict[str, Answer] = {}
        with ws.db.transaction():
            stale = [i for i in target if _answer_fields(service.answer(project_id, i)) != _answer_fields(expected[i])]
            if stale:
                raise ConflictError(Part.ANSWERS, stale)
            for item_id, snapshot in target.items():
                change = service.restore(project_id, snapshot)
                before[item_id], after[item_id] = change.before, change.after
        return _answer_change(project_id, before, after)

    return restore


def update_answer(
    project_id: int, item_id: str, *, base: Answer | None = None, source: str = "ui", as_hypothesis: bool = False,
    **fields: Any,
) -> Operation:  # fmt: skip
    """Change some fields of one answer. With ``base`` (the answer the editor showed), a field
    someone else changed since is refused as a conflict instead of overwritten."""

    def op(ws: Workspace) -> Change:
        from app.services.answers import AnswerService

        service = AnswerService(ws.db, ws.library)
        with ws.db.transaction():
            if base is not None:
                current = service.answer(project_id, item_id)
                stale = [k for k in fields if k in _answer_fields(base) and getattr(current, k) != getattr(base, k)
                         and getattr(current, k) != fields[k]]  # fmt: skip
                if stale:
                    raise ConflictError(Part.ANSWERS, [item_id], stale)
            change = service.update(project_id, item_id, source=source, as_hypothesis=as_hypothesis, **fields)
        return _answer_change(project_id, {item_id: change.before}, {item_id: change.after}, detail=change)

    return op


def confirm_hypothesis(project_id: int, item_id: str) -> Operation:
    def op(ws: Workspace) -> Change:
        from app.services.answers import AnswerService

        change = AnswerService(ws.db, ws.library).confirm_hypothesis(project_id, item_id)
        return _answer_change(project_id, {item_id: change.before}, {item_id: change.after}, detail=change)

    return op


def import_hearing_sheet(plan: SheetPlan, prefer: Prefer | dict[str, Prefer] = "app") -> Operation:
    """Apply a hearing sheet's plan as one transaction and one undo step (``detail``: answers changed)."""

    def op(ws: Workspace) -> Change:
        from app.services.answers import AnswerService
        from app.services.hearing_sheet_import import apply_plan

        service = AnswerService(ws.db, ws.library)
        with ws.db.transaction():
            before = {i: service.answer(plan.project_id, i) for i in plan.items}
            count = apply_plan(ws, plan, prefer)
            after = {i: service.answer(plan.project_id, i) for i in plan.items}
        return _answer_change(plan.project_id, before, after, detail=count)

    return op


# --- documents (proposal, environment, data platform) ----------------------------------------------

_MISSING = object()


def _leaves(doc: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    """A document as {path: value}; dicts are walked, anything else (lists too) is one leaf."""
    if isinstance(doc, Mapping) and doc:
        out: dict[tuple, Any] = {}
        for key, value in doc.items():
            out |= _leaves(value, (*prefix, key))
        return out
    return {prefix: doc}


def _get(doc: Any, path: tuple) -> Any:
    for key in path:
        if not isinstance(doc, Mapping) or key not in doc:
            return _MISSING
        doc = doc[key]
    return doc


def _set(doc: dict, path: tuple, value: Any) -> None:
    if not path:
        return
    *parents, last = path
    node = doc
    for key in parents:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    if value is _MISSING:
        node.pop(last, None)
    else:
        node[last] = copy.deepcopy(value)


def _prune(doc: dict) -> dict:
    """Drop dicts a removal left empty (``{"values": {}}`` reads as no value at all)."""
    for key in list(doc):
        if isinstance(doc[key], dict):
            _prune(doc[key])
            if not doc[key]:
                del doc[key]
    return doc


def document_diff(old: dict, new: dict) -> dict[tuple, tuple[Any, Any]]:
    """The paths that differ between two versions of a document: {path: (old value, new value)}."""
    a, b = _leaves(old), _leaves(new)
    paths = set(a) | set(b)
    out = {}
    for path in paths:
        before, after = _get(old, path), _get(new, path)
        if before != after:
            # a leaf that became a dict (or back) is replaced whole at the shorter path
            out[path] = (before, after)
    return out


def patch_document(project_id: int, kind: str, base: dict, target: dict, detail: Any = None, *, force: bool = False) -> Operation:
    """Write the fields that differ between ``base`` and ``target`` into the stored document.

    Only those fields are written (never the whole document over another's fields). A field whose
    stored value is neither ``base``'s nor ``target``'s was changed elsewhere since: the write is
    refused with :class:`ConflictError` and nothing changes, unless ``force`` (the user chose to
    keep theirs).
    """

    def op(ws: Workspace) -> Change:
        from app.services.documents import DocumentService

        documents = DocumentService(ws.db)
        with ws.db.transaction():
            current = documents.get(project_id, kind)
            diff = document_diff(base, target)
            stale = [p for p, (old, new) in diff.items() if not force and _get(current, p) not in (old, new)
                     and not (_get(current, p) is _MISSING and old in (_MISSING, None, {}, ""))]  # fmt: skip
            if stale:
                raise ConflictError(Part.DOCUMENTS, [kind], [".".join(map(str, p)) for p in stale[:5]])
            merged = copy.deepcopy(current)
            for path in sorted(diff, key=len):
                _set(merged, path, diff[path][1])
            merged = _prune(merged)
            if merged != current:
                documents.put(project_id, kind, merged)
        return document_change(project_id, kind, current, merged, detail)

    return op


def document_change(project_id: int, kind: str, before: dict, after: dict, detail: Any = None) -> Change:
    changed = before != after
    return Change(
        project_id,
        frozenset({Part.DOCUMENTS}) if changed else frozenset(),
        kinds=frozenset({kind}),
        before=before,
        after=after,
        restore=lambda ws, target, expected: patch_document(project_id, kind, expected, target)(ws),
        detail=detail,
    )


# --- WBS ---------------------------------------------------------------------------------------------


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
        from app.services.wbs import WbsService

        service = WbsService(ws.db)
        with ws.db.transaction():
            current = service.snapshot(project_id, expected)
            stale = sorted(i for i in expected if current.get(i) != expected[i])
            if stale:
                tasks = [(expected.get(i) or current.get(i)) for i in stale]
                raise ConflictError(Part.WBS, [t.title for t in tasks if t is not None][:5])
            service.restore(project_id, target)
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
        with ws.db.transaction():
            if base:
                _check_wbs_base(ws, project_id, base)
            return wbs_change(call(ws), project_id)

    return op


def _check_wbs_base(ws: Workspace, project_id: int, base: Mapping[int, Mapping[str, Any]]) -> None:
    from app.services.wbs import WbsService

    current = WbsService(ws.db).snapshot(project_id, base)
    stale = {
        task_id: [k for k, v in fields.items() if current.get(task_id) is None or getattr(current[task_id], k) != v]
        for task_id, fields in base.items()
    }
    stale = {i: keys for i, keys in stale.items() if keys}
    if stale:
        titles = [current[i].title for i in stale if current.get(i) is not None]
        raise ConflictError(Part.WBS, titles[:5], sorted({k for keys in stale.values() for k in keys}))
