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
from typing import TYPE_CHECKING, Any, Literal

from app.core.errors import ConflictError, NotFoundError, UserError

if TYPE_CHECKING:
    from app.core.workspace import Workspace


class Part(StrEnum):
    """The parts of a project a change can touch; each page refreshes the parts it shows."""

    PROJECT = "project"  # the project's own fields, or the list of projects
    ANSWERS = "answers"
    SESSIONS = "sessions"
    DOCUMENTS = "documents"
    WBS = "wbs"
    CALENDAR = "calendar"  # the company holidays: every project's schedule, not one project's data


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
    compared: Callable[[Any], Any] | None = None

    @property
    def changed(self) -> bool:
        """Something changed: for an undoable change, in what counts (a burst typed and deleted again did not)."""
        if not self.parts:
            return False
        if self.restore is None:
            return True
        counted = self.compared or (lambda snapshot: snapshot)
        return bool(counted(self.before) != counted(self.after))

    def merged(self, later: Change) -> Change:
        """This change followed by ``later`` of the same thing, as one step (a burst of typing)."""
        return Change(
            self.project_id, self.parts | later.parts, self.items | later.items, self.kinds | later.kinds,
            self.tasks | later.tasks, self.before, later.after, self.restore, detail=later.detail, compared=self.compared,
        )  # fmt: skip


Operation = Callable[["Workspace"], Change]


def run(ws: Workspace, op: Operation, project_id: int | None = None) -> Change:
    """Run one operation in one transaction (the operation's own service calls join it).

    A database failure (full disk, read-only file, damaged file, lost server) becomes the user's one
    line; the transaction was rolled back, so nothing was half-saved. ``project_id``: the project
    the caller edits (the window's open one; None or -1: none), whose deletion elsewhere turns a
    conflict into "no such project" (:func:`refuse_if_deleted`).
    """
    from app.core.storage.authors import authored
    from app.core.storage.errors import storage_error

    try:
        with authored(ws):  # the history and task edits it writes record ws.author
            change = op(ws)
            if change.parts and ws.db.is_postgresql:
                from app.core.storage.live import announce

                announce(ws.db, change.project_id, change.parts)  # other users' windows refresh: heard with the commit
    except ConflictError as conflict:
        gone = _deleted_since(ws, project_id) if project_id is not None and project_id > 0 else None
        if gone is not None:
            raise gone from conflict
        raise
    except Exception as exc:
        error = storage_error(exc, ws.db.url)  # a lost server named as the database's, not libpq's default
        if error is None or error is exc:
            raise
        raise error from None
    return change


def write_lock_free(ws: Workspace, ms: int = 1) -> bool:
    """Whether an operation could take the write lock now (waiting ``ms`` at most, not the busy timeout): False while
    another client holds it (SQLite's ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock) or the server is away. Writes
    nothing: a client keeping edits waiting saves them before a new one only once they can be saved."""
    try:
        with ws.db.waiting_briefly(ms):
            wait_write_lock(ws)
    except UserError:
        return False
    return True


def wait_write_lock(ws: Workspace) -> None:
    """Wait for the write lock as an operation does (the busy timeout at most), writing nothing; raises as it would
    (:class:`DatabaseBusy`: still held; the server away). A client keeping edits waiting that must save them before a
    slow operation waits so off the UI thread, then saves them and runs it (app/ui/window/waiting_steps.py)."""
    from sqlalchemy import text

    from app.core.storage.errors import storage_error

    try:
        with ws.db.transaction() as session:
            session.execute(text("SELECT 1"))
    except UserError:
        raise
    except Exception as exc:
        error = storage_error(exc, ws.db.url)
        if error is None or error is exc:
            raise
        raise error from None


def refuse_if_deleted(ws: Workspace, project_id: int) -> None:
    """Refuse an edit of a project another window or process deleted as "no project with id N"
    (:class:`NotFoundError` ``project.not_found_id``, which the window says by the name it showed),
    never as a conflict: its data went with it, so whatever the edit was based on differs from what
    is stored, and there is nobody's change to keep. Edits that compare with what they were based on
    ask this first (in their transaction: nothing is compared or written then); :func:`run` asks it
    of any other conflict of the project it is told of."""
    from app.core.projects import ProjectService

    ProjectService(ws.db).get(project_id)


def _deleted_since(ws: Workspace, project_id: int) -> NotFoundError | None:
    """What :func:`refuse_if_deleted` refuses an edit of ``project_id`` with now (None: the project is there)."""
    try:
        refuse_if_deleted(ws, project_id)
    except NotFoundError as gone:
        return gone
    except Exception:  # the database cannot say now (busy, offline): the conflict stays as it was
        return None
    return None


Prefer = Literal["app", "sheet"]  # the side a conflict of a sheet import takes: the app's value or the sheet's
# One side for every conflict, or a choice per field (``(task id, field)``, ``(item id, field)``) and, for the
# hearing sheet, per item (its id: every field of it); a conflict not in the mapping keeps the app's value.
Choice = Prefer | Mapping[Any, Prefer]


def side(prefer: Choice, key: Any, whole: Any = None) -> Prefer:
    """The side ``prefer`` names for the conflict ``key`` (a field of a task or an item), else for ``whole``
    (its task or item), else the app's. The WBS and the hearing-sheet imports both choose through it."""
    if not isinstance(prefer, Mapping):
        return prefer
    return prefer.get(key) or (prefer.get(whole) if whole is not None else None) or "app"


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


# --- documents (proposal, environment, data platform) ----------------------------------------------

_MISSING = object()


def _leaves(doc: Any, prefix: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """A document as {path: value}; dicts are walked, anything else (lists too) is one leaf. An empty
    document has no leaves (not one leaf at the root, which would clash with every field added to it)."""
    if isinstance(doc, Mapping) and (doc or not prefix):
        out: dict[tuple[Any, ...], Any] = {}
        for key, value in doc.items():
            out |= _leaves(value, (*prefix, key))
        return out
    return {prefix: doc}


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        if not isinstance(doc, Mapping) or key not in doc:
            return _MISSING
        doc = doc[key]
    return doc


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    if not path:
        return
    *parents, last = path
    node = doc
    for key in parents:
        if not isinstance(node.get(key), dict):
            if value is _MISSING:
                return  # nothing to take away: never a container made for it (nor a value replaced by one)
            node[key] = {}
        node = node[key]
    if value is _MISSING:
        node.pop(last, None)
    else:
        node[last] = copy.deepcopy(value)


def _prune(doc: dict[str, Any], removed: list[tuple[Any, ...]], current: dict[str, Any], target: dict[str, Any]) -> None:
    """Drop the dicts the ``removed`` paths emptied, unless ``target`` holds them empty (taking the last
    value away leaves no ``{"values": {}}`` behind: the undo of the first value brings back a document
    without it).

    An empty dict stays where ``target`` holds it as a value in its own right (an index entry's
    ``review: {}``), or where it was empty already before this write: an empty dict and none are two
    states that must come back as they were through a patch and its undo, and a patch of one field never
    rewrites the rest of the document. Removals never make a container (:func:`_set`), so a leaf another
    window took away since leaves no empty entry of it behind."""
    for path in sorted(removed, key=len, reverse=True):
        for depth in range(len(path) - 1, 0, -1):
            parent = path[:depth]
            left, was = _get(doc, parent), _get(current, parent)
            if left != {} or was == {} or _get(target, parent) == {}:
                break
            _set(doc, parent, _MISSING)


def document_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[tuple[Any, ...], tuple[Any, Any]]:
    """The paths that differ between two versions of a document: {path: (old value, new value)}.

    An empty dict filled on the other side (or a filled one emptied) differs by its fields only, never as
    a whole: it holds no value of its own, so a field one window adds in it never clashes with another's
    field added beside it, nor an undo of one field with the others."""
    a, b = _leaves(old), _leaves(new)
    paths = set(a) | set(b)
    out = {}
    for path in paths:
        before, after = _get(old, path), _get(new, path)
        if before != after and not (isinstance(before, Mapping) and isinstance(after, Mapping)):
            # a leaf that became a dict (or back) is replaced whole at the shorter path
            out[path] = (before, after)
    return out


def _container(old: Any, new: Any) -> bool:
    """An empty dict added where there was none, or taken away: no value, only a place for fields."""
    return (old == {} and new is _MISSING) or (old is _MISSING and new == {})


def _stale(now: Any, old: Any, new: Any) -> bool:
    """The stored value ``now`` of a path a write changes from ``old`` to ``new`` was changed elsewhere since:
    neither side's, nor missing where the write started from nothing, nor (for an empty dict added or taken
    away) a dict another window filled since (what it put in it is its own, kept)."""
    if now in (old, new):
        return False
    if now is _MISSING and old in (_MISSING, None, {}, ""):
        return False
    return not (_container(old, new) and isinstance(now, Mapping))


def _write(doc: dict[str, Any], path: tuple[Any, ...], old: Any, new: Any) -> None:
    """Write ``new`` at ``path``; an empty dict added or taken away leaves a dict there alone when it holds
    another's fields (an added one: whatever it holds; a removed one: unless it is empty)."""
    if _container(old, new) and isinstance(now := _get(doc, path), Mapping) and (new == {} or now):
        return
    _set(doc, path, new)


def patch_document(project_id: int, kind: str, base: dict[str, Any], target: dict[str, Any], detail: Any = None, *, force: bool = False) -> Operation:
    """Write the fields that differ between ``base`` and ``target`` into the stored document.

    Only those fields are written (never the whole document over another's fields). A field whose
    stored value is neither ``base``'s nor ``target``'s was changed elsewhere since: the write is
    refused with :class:`ConflictError` and nothing changes, unless ``force`` (the user chose to
    keep theirs). An empty dict is no value to clash with: fields added in it by two writers are both
    kept, an undo compares only the fields its step changed (:func:`document_diff`), and an empty dict
    added or taken away leaves the fields another put in it since (:func:`_stale`, :func:`_write`).
    """

    def op(ws: Workspace) -> Change:
        from app.core.documents import DocumentService

        documents = DocumentService(ws.db)
        with ws.db.transaction():
            refuse_if_deleted(ws, project_id)  # never a conflict with its document gone
            current = documents.get(project_id, kind)
            diff = document_diff(base, target)
            stale = [p for p, (old, new) in diff.items() if not force and _stale(_get(current, p), old, new)]
            if stale:
                raise ConflictError(Part.DOCUMENTS, [kind], [".".join(map(str, p)) for p in stale[:5]])
            merged = copy.deepcopy(current)
            for path in sorted(diff, key=len):
                _write(merged, path, *diff[path])
            _prune(merged, [p for p, (_old, new) in diff.items() if new is _MISSING], current, target)
            if merged != current:
                documents.put(project_id, kind, merged)
        return document_change(project_id, kind, current, merged, detail)

    return op


def started_document(ws: Workspace, project_id: int, kind: str) -> dict[str, Any]:
    """The stored document, for a write in the caller's transaction. A missing one is first stored as
    ``{"version": 1}``: :func:`patch_document` reads "no document" as one value at the root, so an
    undo of a first write back to nothing would clash with any later write."""
    from app.core.documents import DocumentService

    documents = DocumentService(ws.db)
    current = documents.get(project_id, kind)
    if not current:
        current = {"version": 1}
        documents.put(project_id, kind, current)
    return current


def edit_document(project_id: int, kind: str, change: Callable[[Workspace, dict[str, Any]], dict[str, Any]], detail: Any = None) -> Operation:
    """An operation that writes ``change(ws, document)`` (the document it should become) field by
    field over the stored one (:func:`patch_document`): one transaction, one undo step."""

    def op(ws: Workspace) -> Change:
        with ws.db.transaction():
            current = started_document(ws, project_id, kind)
            return patch_document(project_id, kind, current, change(ws, current), detail)(ws)

    return op


def document_change(project_id: int, kind: str, before: dict[str, Any], after: dict[str, Any], detail: Any = None) -> Change:
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
