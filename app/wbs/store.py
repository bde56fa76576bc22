"""How WBS tasks are stored: a task to its row and back, the WBS meta document, batched reads and writes.

The ``wbs_tasks`` table (``app/core/storage/models.py``) is the storage schema; every column but
the project, the time of the last change and its author is a field of :class:`~app.wbs.model.Task` of the
same name, so the mapping each way is one function: :func:`task_to_row` and :func:`task_from_row`.
Predecessors live in ``wbs_dependencies``, one row a link, in order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from itertools import compress
from operator import is_not, itemgetter
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator
from sqlalchemy import Date, DateTime, RowMapping, String, delete, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import bindparam

from app import collector_paused
from app.core.errors import ValidationFailed, shown
from app.core.messages import first_problem
from app.core.project_file import MAX_INT
from app.core.projects import copy_id
from app.core.storage.authors import author_of
from app.core.storage.models import ProjectDocument, WbsDependency, WbsTask, utcnow
from app.wbs.model import Dependency, Status, Task, TaskOrigin

Snapshot = dict[int, Task | None]
# The task's fields that are columns of its row, in the task's order.
STORED: tuple[str, ...] = tuple(name for name in Task.model_fields if name in WbsTask.__table__.c)
_STATUSES = Status._value2member_map_


def task_from_row(row: Mapping[str, Any] | RowMapping, dependencies: list[dict[str, int]]) -> Task:
    """A task from its row's values (an unknown status reads as not started) and its links in order."""
    values = {name: row[name] for name in STORED}
    values["status"] = row["status"] if row["status"] in _STATUSES else Status.NOT_STARTED.value
    values["origin"] = row["origin"] or {}
    values["dependencies"] = dependencies
    return Task.model_validate(values)


def task_to_row(task: Task, project_id: int, now: dt.datetime | None = None, author: str | None = None) -> dict[str, Any]:
    """A task as the values of its row, without the id (the links are rows of their own);
    ``author``: who writes it (the row's last editor)."""
    values = {name: getattr(task, name) for name in STORED if name != "id"}
    values |= {"project_id": project_id, "status": Status(task.status).value, "origin": task.origin.model_dump(exclude_none=True)}
    values["updated_at"] = now or utcnow()
    values["edited_by"] = author
    return values


def chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[n : n + size] for n in range(0, len(ids), size)]


_TASKS = TypeAdapter(list[Task])
_AS_TEXT = {"origin"} | {column.name for column in WbsTask.__table__.c if isinstance(column.type, Date) and not isinstance(column.type, DateTime)}


def load_tasks(s: Session, project_id: int, ids: Iterable[int] | None = None) -> list[Task]:
    """The project's tasks (or those of ``ids``) with their links."""
    # Plain rows rather than ORM objects, turned into tasks without validating each value again
    # (the rows were validated on their way in): a WBS of 10,000 tasks loads in a tenth of a second.
    table = WbsTask.__table__
    # Dates come as the database's text on SQLite (SQLAlchemy's own date processor is Python, a
    # third of the load time of a large WBS) and are parsed here; PostgreSQL gives date objects.
    columns = [type_coerce(table.c[name], String).label(name) if name in _AS_TEXT else table.c[name] for name in STORED]
    query = select(*columns).where(table.c.project_id == project_id)
    dep_table = WbsDependency.__table__
    dep_query = select(dep_table.c.task_id, dep_table.c.predecessor_id, dep_table.c.lag_days).join(table, table.c.id == dep_table.c.task_id).where(table.c.project_id == project_id)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return []
        query = query.where(table.c.id.in_(ids))
        dep_query = dep_query.where(dep_table.c.task_id.in_(ids))
    with collector_paused():
        rows = s.execute(query).all()
        deps: dict[int, list[Dependency]] = {}
        if rows:
            for task_id, predecessor_id, lag_days in s.execute(dep_query.order_by(dep_table.c.position, dep_table.c.id)):
                deps.setdefault(task_id, []).append(_dependency(predecessor_id, lag_days))
        seen: dict[Any, TaskOrigin] = {}
        return [_task(row, deps, seen) for row in rows]


_DATE_AT = tuple(n for n, name in enumerate(STORED) if name in _AS_TEXT and name != "origin")
_ESTIMATE_AT = STORED.index("estimate_days")
_STATUS_AT = STORED.index("status")
_ORIGIN_AT = STORED.index("origin")
_UID_AT, _TITLE_AT = STORED.index("uid"), STORED.index("title")
# Shared by every task and link read (not a set each): they hold every field, so the add() pydantic
# makes on an assignment changes nothing. 10,000 tasks read make 10,000 fewer objects for the collector.
_ALL_FIELDS: set[str] = set(Task.model_fields)
_LINK_FIELDS: set[str] = {"predecessor_id", "lag_days"}
_from_iso = dt.date.fromisoformat


def _dependency(predecessor_id: int, lag_days: int | None) -> Dependency:
    """A link as stored (its values are the table's integers: not validated again)."""
    link = Dependency.__new__(Dependency)
    _set_attribute(link, "__dict__", {"predecessor_id": predecessor_id, "lag_days": lag_days or 0})
    _set_attribute(link, "__pydantic_extra__", None)
    _set_attribute(link, "__pydantic_fields_set__", _LINK_FIELDS)
    _set_attribute(link, "__pydantic_private__", None)
    return link


def _origin(value: Any, seen: dict[Any, TaskOrigin]) -> TaskOrigin:
    """A task's origin from its column: JSON text from SQLite (PostgreSQL's driver decodes it
    itself); the same text read again within one load gives the same (never edited) object."""
    if isinstance(value, str):
        found = seen.get(value)
        if found is None:
            found = seen[value] = TaskOrigin.model_validate_json(value) if value and value != "null" else TaskOrigin()
        return found
    return TaskOrigin.model_validate(value or {})  # (JSON null: none)


def _task(row: Any, deps: dict[int, list[Dependency]], seen: dict[Any, TaskOrigin]) -> Task:
    """A task from its row's values in ``STORED`` order (an unknown status reads as not started)."""
    values = list(row)
    for n in _DATE_AT:
        text = values[n]
        if text is not None and not isinstance(text, dt.date):
            values[n] = _from_iso(text)
    estimate = values[_ESTIMATE_AT]
    if estimate is not None and type(estimate) is not float:
        values[_ESTIMATE_AT] = float(estimate)
    values[_STATUS_AT] = _STATUSES.get(values[_STATUS_AT], Status.NOT_STARTED)
    try:
        values[_ORIGIN_AT] = _origin(values[_ORIGIN_AT], seen)
    except ValidationError as exc:  # stored before the project file's import checked it: one line, not a traceback
        where, problem = first_problem(exc)
        raise ValidationFailed(key="wbs.origin_damaged", uid=values[_UID_AT], title=shown(str(values[_TITLE_AT] or ""), 40),
                               where=where, problem=problem) from None
    fields = dict(zip(STORED, values, strict=True))
    fields["dependencies"] = deps.get(fields["id"], [])
    task = Task.__new__(Task)
    _set_attribute(task, "__dict__", fields)
    _set_attribute(task, "__pydantic_extra__", None)
    _set_attribute(task, "__pydantic_fields_set__", _ALL_FIELDS)
    _set_attribute(task, "__pydantic_private__", None)
    return task


_set_attribute = object.__setattr__


def snapshot(s: Session, project_id: int, ids: Iterable[int]) -> Snapshot:
    """The given tasks as they are stored now (None: no such task)."""
    ids = set(ids)
    found = {t.id: t for t in load_tasks(s, project_id, ids)}
    return {i: found.get(i) for i in ids}


def dependents(s: Session, project_id: int, ids: Iterable[int]) -> set[int]:
    """The tasks, not among ``ids``, that removing ``ids`` would take with them or change: their
    children and the tasks with a link whose predecessor is one of them."""
    table, links = WbsTask.__table__, WbsDependency.__table__
    ids = set(ids)
    found: set[int] = set()
    for chunk in chunks(list(ids)):
        found |= set(s.scalars(select(table.c.id).where(table.c.project_id == project_id, table.c.parent_id.in_(chunk))))
        found |= set(s.scalars(select(links.c.task_id).where(links.c.predecessor_id.in_(chunk))))
    return found - ids


def children(s: Session, project_id: int, parents: Iterable[int | None]) -> set[int]:
    """The tasks stored now directly under ``parents`` (None: the top level)."""
    table = WbsTask.__table__
    parents = set(parents)
    ids = [p for p in parents if p is not None]
    found: set[int] = set()
    if None in parents:
        found |= set(s.scalars(select(table.c.id).where(table.c.project_id == project_id, table.c.parent_id.is_(None))))
    for chunk in chunks(ids):
        found |= set(s.scalars(select(table.c.id).where(table.c.project_id == project_id, table.c.parent_id.in_(chunk))))
    return found


def restore(s: Session, project_id: int, target: Snapshot, stored: Snapshot | None = None,
            columns: tuple[str, ...] | None = None) -> None:
    """Write the tasks of ``target`` exactly as given (None: the task must not exist).

    ``stored``: the same tasks as they are stored now, read in this transaction (None: not known).
    With it, only the columns that differ are written and only the changed links replaced: a
    schedule of 10,000 tasks updates two dates per task, not every column and every link.
    ``columns`` (with ``stored``): the only fields that may differ, the only ones compared.
    A task it would put under, or after, a task that is not there (deleted since the snapshot was
    taken, and not brought back by ``target``) refuses the whole write (:func:`_refuse_lost_links`).
    """
    _refuse_lost_links(s, project_id, target, stored)
    if stored is not None and set(stored) >= set(target):
        _restore_changes(s, project_id, target, stored, columns)
        return
    _restore_rows(s, project_id, target)


def _refuse_lost_links(s: Session, project_id: int, target: Snapshot, stored: Snapshot | None) -> None:
    """:class:`~app.wbs.checks.LinkGone` (nothing written) for a task of ``target`` whose parent or a
    predecessor is neither in this project now nor brought back by ``target`` (or taken away by it): an
    undo of a delete, or a redo of an add, after another window deleted the task it was under. The
    first such task in outline order is named; a task whose parent and links are as ``stored`` is not
    looked at (a schedule writes dates only)."""
    from app.wbs.checks import LinkGone
    from app.wbs.model import WbsTree, task_name

    wanted: dict[int, list[tuple[int, bool]]] = {}  # a task referred to -> (the tasks referring, as their parent)
    for task_id, task in target.items():
        old = stored.get(task_id) if task is not None and stored is not None else None
        if task is None or (old is not None and old.parent_id == task.parent_id and old.dependencies == task.dependencies):
            continue
        if task.parent_id is not None and (old is None or old.parent_id != task.parent_id):
            wanted.setdefault(task.parent_id, []).append((task_id, True))
        if old is None or old.dependencies != task.dependencies:
            for link in task.dependencies:
                wanted.setdefault(link.predecessor_id, []).append((task_id, False))
    outside = [i for i in wanted if i not in target]
    table = WbsTask.__table__
    there: set[int] = set()
    for chunk in chunks(outside):
        there |= set(s.scalars(select(table.c.id).where(table.c.id.in_(chunk), table.c.project_id == project_id)))
    lost = [(task_id, parent) for i, refs in wanted.items() if (target[i] is None if i in target else i not in there) for task_id, parent in refs]
    if not lost:
        return
    tree = WbsTree.build(load_tasks(s, project_id))  # (only to name the task: nothing is written)
    codes = tree.codes
    order = {t.id: n for n, t in enumerate(tree.walk())}
    task_id, parent = min(lost, key=lambda ref: (order.get(ref[0], len(order)), not ref[1], ref[0]))
    task = target[task_id]
    assert task is not None
    raise LinkGone(task_name(codes.get(task_id, ""), task.title), task_id, parent)


def _restore_rows(s: Session, project_id: int, target: Snapshot) -> None:
    """:func:`restore` without ``stored``: every task of ``target`` written whole."""
    # Core statements in batches (not ORM objects): undoing a schedule of thousands of tasks
    # is a handful of executemany calls.
    table = WbsTask.__table__
    gone = [i for i, t in target.items() if t is None]
    present = {i: t for i, t in target.items() if t is not None}
    for chunk in chunks(gone):
        s.execute(delete(WbsDependency).where(WbsDependency.task_id.in_(chunk) | WbsDependency.predecessor_id.in_(chunk)))
        # Children of removed tasks go with them (they are in the snapshot too).
        s.execute(delete(table).where(table.c.id.in_(chunk), table.c.project_id == project_id))
    existing: set[int] = set()
    for chunk in chunks(list(present)):
        existing |= set(s.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
    now = utcnow()
    new = {i: t for i, t in present.items() if i not in existing}
    ordered: list[Task] = []
    placed: set[int] = set()
    while new:
        ready = [t for i, t in new.items() if t.parent_id is None or t.parent_id not in new or t.parent_id in placed]
        ready = [t for t in ready if t.parent_id not in new or t.parent_id in placed]
        if not ready:
            raise ValidationFailed(key="wbs.parent_loop")
        for task in ready:
            ordered.append(task)
            placed.add(task.id)
            del new[task.id]
    author = author_of(s)
    if ordered:
        s.execute(insert(table), [task_to_row(t, project_id, now, author) | {"id": t.id} for t in ordered])
    updates = [task_to_row(t, project_id, now, author) | {"b_id": i} for i, t in present.items() if i in existing]
    if updates:
        s.execute(update(table).where(table.c.id == bindparam("b_id")), updates)
    _replace_links(s, present)
    s.expire_all()  # ORM objects of this session must not hold values older than these rows


def _replace_links(s: Session, tasks: dict[int, Task]) -> None:
    """These tasks' predecessor links as their ``dependencies`` say, in order (the old ones removed)."""
    for chunk in chunks(list(tasks)):
        s.execute(delete(WbsDependency).where(WbsDependency.task_id.in_(chunk)))
    links = [
        {"task_id": task_id, "predecessor_id": dep.predecessor_id, "lag_days": dep.lag_days, "position": n}
        for task_id, task in tasks.items()
        for n, dep in enumerate(task.dependencies)
    ]
    if links:
        s.execute(insert(WbsDependency.__table__), links)


_STORED_VALUES = itemgetter(*STORED)
_STORED_AT = range(len(STORED))


def _restore_changes(s: Session, project_id: int, target: Snapshot, stored: Snapshot,
                     columns: tuple[str, ...] | None = None) -> None:
    """:func:`restore` knowing what is stored: tasks added or removed go the full way; of the others
    only the changed columns are updated (one executemany per set of changed columns). ``columns``:
    the only fields that may differ (see :func:`restore`)."""
    whole = {i: t for i, t in target.items() if t is None or stored[i] is None}
    if whole:
        _restore_rows(s, project_id, whole)
    now = utcnow()
    author = author_of(s)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    relinked: dict[int, Task] = {}
    for task_id, task in target.items():
        before = stored[task_id]
        if task is None or before is None:
            continue
        new, old = task.__dict__, before.__dict__
        if columns is not None:
            changed = tuple([name for name in columns if new[name] != old[name]])
        else:
            # Only values the new task does not share with the stored one are compared (a copy shares most).
            new_values, old_values = _STORED_VALUES(new), _STORED_VALUES(old)
            differ = compress(_STORED_AT, map(is_not, new_values, old_values))
            changed = tuple([STORED[n] for n in differ if new_values[n] != old_values[n]])
            if new["dependencies"] is not old["dependencies"] and new["dependencies"] != old["dependencies"]:
                relinked[task_id] = task
        if changed or task_id in relinked:  # new links are an edit too: its time and editor change
            values = {name: new[name] for name in changed}
            if "status" in values or "origin" in values:  # the two columns stored other than as held
                row = task_to_row(task, project_id, now)
                values |= {name: row[name] for name in ("status", "origin") if name in values}
            by_columns.setdefault(changed, []).append(values | {"updated_at": now, "edited_by": author, "b_id": task_id})
    for columns, rows in by_columns.items():  # the SET clause is the rows' keys, the same in each group
        _update_many(s, (*columns, "updated_at", "edited_by"), rows)
    _replace_links(s, relinked)
    if by_columns or relinked:
        s.expire_all()


_ONCE = (str, dt.date, dt.datetime)  # the value types a conversion is kept for, by value


def _update_many(s: Session, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """``UPDATE wbs_tasks SET <columns> WHERE id = :b_id`` for each row, handed to the driver in one
    executemany. Each value goes through its column's type as SQLAlchemy would bind it, but a value
    repeated across rows (the time of the change, a date) is converted once: SQLAlchemy's own
    executemany converts every value of every row (most of a 10,000-task schedule's write)."""
    table = WbsTask.__table__
    connection = s.connection()
    dialect = connection.dialect
    compiled = update(table).where(table.c.id == bindparam("b_id")).compile(dialect=dialect, column_keys=list(columns))
    names = list(compiled.positiontup or ()) if compiled.positional else [*columns, "b_id"]
    values: list[list[Any]] = []
    for name in names:
        column = [row[name] for row in rows]
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect) if name != "b_id" else None
        if process is not None:
            seen: dict[Any, Any] = {}
            converted = []
            for value in column:
                if type(value) in _ONCE:
                    found = seen.get(value, seen)
                    if found is seen:
                        found = seen[value] = process(value)
                    converted.append(found)
                else:
                    converted.append(process(value))
            column = converted
        values.append(column)
    if compiled.positional:
        connection.exec_driver_sql(compiled.string, list(zip(*values, strict=True)))
    else:
        connection.exec_driver_sql(compiled.string, [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)])


# --- the WBS meta document -------------------------------------------------------------------------

META_KIND = "wbs"  # the kind of the project document that holds it


class WbsMeta(BaseModel):
    """What the WBS keeps beside its tasks, in one project document."""

    model_config = ConfigDict(extra="allow")  # a newer version's keys are kept as they are

    next_uid: int = 1  # a deleted task's uid is never handed out again
    dismissed: list[str] = Field(default_factory=list)  # template ids of generated tasks the user deleted
    # Each copy of the project (app/core/projects.py: copy ids) and the first uid it took: the uids
    # below the first entry's are the project's before any copy ("").
    copies: list[tuple[str, int]] = Field(default_factory=list)

    @field_validator("next_uid")
    @classmethod
    def _reachable(cls, next_uid: int) -> int:
        """A next uid past MAX_INT + 1 (MAX_INT: the largest uid the project file takes), which no task's
        uid can have led to (a hand-edited file, a version before this bound), is read as none: the next
        task takes the highest uid + 1 (:func:`_first_free`). Refusing the file for it would keep the
        user's whole project out for a counter, and keeping it would number the next task past what the
        file takes (that project could no longer be exported, duplicated nor copied). Read so, nothing is
        lost: no task ever had a uid past MAX_INT (a file's are held to it, :func:`take_uids` hands out
        none past it), so none is handed out again."""
        return next_uid if next_uid <= MAX_INT + 1 else 1


def _meta_row(s: Session, project_id: int) -> ProjectDocument | None:
    return s.scalar(select(ProjectDocument).where(ProjectDocument.project_id == project_id, ProjectDocument.kind == META_KIND))


def parse_meta(data: Any) -> WbsMeta:
    """The WBS meta document's data read (the project file's import checks its document with the same model);
    one of the wrong shape is refused with a message saying where, never a traceback."""
    try:
        return WbsMeta.model_validate(data or {})
    except ValidationError as exc:
        where, problem = first_problem(exc)
        raise ValidationFailed(key="wbs.meta_damaged", where=where, problem=problem) from None


def read_meta(s: Session, project_id: int) -> WbsMeta:
    row = _meta_row(s, project_id)
    return parse_meta(row.data if row is not None else {})


def write_meta(s: Session, project_id: int, meta: WbsMeta) -> None:
    row = _meta_row(s, project_id)
    if row is None:
        row = ProjectDocument(project_id=project_id, kind=META_KIND, data={})
        s.add(row)
    # Only what differs from the defaults is written, over the keys stored before (in their order); a
    # field back at its default (the last dismissed template taken back) is no longer stored.
    kept = meta.model_dump(exclude_defaults=True)
    fields = type(meta).model_fields
    row.data = {**{k: v for k, v in row.data.items() if k not in fields or k in kept}, **kept}


def _first_free(s: Session, project_id: int, meta: WbsMeta) -> int:
    highest = s.scalar(select(func.max(WbsTask.uid)).where(WbsTask.project_id == project_id)) or 0
    return max(meta.next_uid, highest + 1)


def take_uids(s: Session, project_id: int, count: int) -> int:
    """The first of ``count`` uids never used before in this project (reserved from now on).

    A deleted task's uid is not handed out again, so an Excel sheet exported before the delete
    cannot match a newer task. Another copy of the project (another database, or this one before a
    backup was restored) may take the same uids: the first taken in each copy is recorded
    (``copies``), so that a sheet tells its tasks from this copy's (:func:`copy_of_uid`).
    """
    meta = read_meta(s, project_id)
    first = _first_free(s, project_id, meta)
    if first + count - 1 > MAX_INT:  # a task the project file could not carry (its uids are held to MAX_INT)
        raise ValidationFailed(key="wbs.uids_used_up", limit=f"{MAX_INT:,}")
    copies, mine = meta.copies, copy_id(s, project_id)
    if born_in(first, copies) != mine:
        copies = [*copies, (mine, first)]
    write_meta(s, project_id, meta.model_copy(update={"next_uid": first + count, "copies": copies}))
    return first


def born_in(uid: int, copies: Iterable[tuple[str, int]]) -> str:
    """The copy of the project that took ``uid`` by ``copies`` (:class:`WbsMeta`): "" before any copy."""
    found = ""
    for copy, first in copies:
        if first <= uid:
            found = copy
    return found


def copy_of_uid(s: Session, project_id: int) -> Callable[[int], str]:
    """Which copy of the project took a uid, as :func:`born_in` says here; a uid not taken yet is this copy's."""
    meta = read_meta(s, project_id)
    free, mine = _first_free(s, project_id, meta), copy_id(s, project_id)
    return lambda uid: mine if uid >= free else born_in(uid, meta.copies)
