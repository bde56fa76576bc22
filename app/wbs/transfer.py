"""The WBS in the project file: tasks by uid (parents and predecessors too), so ids never leak; and the
models its documents are read with, which the import checks them with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidContent, RefusedImportError, UserError, shown
from app.core.messages import Label, Message, first_problem
from app.core.project_file import HELD, MAX_INT, FileDate, FileTime, StoredDataDamaged, TransferPart
from app.core.storage.models import WbsDependency, WbsTask
from app.wbs.checks import MAX_ESTIMATE, cycle_named, dependency_cycle
from app.wbs.model import (
    TRANSFER_FIELDS,
    Dependency,
    Status,
    Task,
    TaskOrigin,
    WbsTree,
    field_name,
    lag_problem,
    value_type,
)
from app.wbs.resources.people import KIND as PEOPLE_KIND
from app.wbs.resources.people import PeopleDocument
from app.wbs.store import META_KIND, WbsMeta
from app.wbs.tracking.baselines import KIND as TRACKING_KIND
from app.wbs.tracking.baselines import TrackingDocument, as_exported

KEY = "wbs"
# Everything a task stores, as the project file carries it (besides its uid, parent and links).
FIELDS = TRANSFER_FIELDS


class LinkRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")
    uid: int = Field(ge=1, le=MAX_INT)
    lag_days: int = 0

    @field_validator("lag_days")
    @classmethod
    def _lag_in_range(cls, lag: int) -> int:
        """The lag any link may have (app/wbs/model.py), said in the user's language."""
        refused = lag_problem(lag, f"{lag:+d}")
        if isinstance(refused, UserError) and refused.key is not None:
            raise InvalidContent(key=refused.key, **refused.params)
        return lag


class _RecordBase(BaseModel):
    """A task in the file: the parent and links by uid, and the fields read as stored, within bounds."""

    model_config = ConfigDict(extra="ignore")

    uid: int = Field(ge=1, le=MAX_INT)
    parent_uid: int | None = Field(None, ge=1, le=MAX_INT)
    position: int = Field(0, ge=-MAX_INT, le=MAX_INT)
    estimate_days: float | None = Field(None, ge=0, le=MAX_ESTIMATE, allow_inf_nan=False)  # as the sheet import
    status: str = Status.NOT_STARTED.value  # an unknown status is kept (it reads as not started)
    origin: TaskOrigin = Field(default_factory=TaskOrigin)  # as the task reads it (stored as task_to_row does)
    updated_at: FileTime | None = None  # naive UTC within the years the app holds, as every time of the file
    edited_by: str | None = Field(None, max_length=200)  # who changed it last (files before 0005: none)
    predecessors: list[LinkRecord] = Field(default_factory=list)


def _as_declared(name: str) -> tuple[Any, Any]:
    info = Task.model_fields[name]
    return info.annotation, info.default if info.default_factory is None else Field(default_factory=info.default_factory)


# The other fields as the task declares them (app/wbs/model.py). Typed Any: create_model takes
# the fields as keywords beside its own (__base__, __config__, ...).
_DECLARED: dict[str, Any] = {name: _as_declared(name) for name in FIELDS if name not in _RecordBase.model_fields}
# A task's dates (start, finish, not before, agreed on) as every date of the file: within the years the app holds.
_DECLARED |= {name: (FileDate | None, declared[1]) for name, declared in _DECLARED.items() if value_type(name) is dt.date}
TaskRecord = create_model("TaskRecord", __base__=_RecordBase, **_DECLARED)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def dump(s: Session, project_id: int) -> list[dict[str, Any]]:
    rows = list(s.scalars(select(WbsTask).where(WbsTask.project_id == project_id).order_by(WbsTask.uid)))
    uids = {r.id: r.uid for r in rows}
    links: dict[int, list[WbsDependency]] = {}
    if rows:
        for dep in s.scalars(select(WbsDependency).where(WbsDependency.task_id.in_(list(uids))).order_by(WbsDependency.position, WbsDependency.id)):
            links.setdefault(dep.task_id, []).append(dep)
    result = []
    for row in rows:
        record: dict[str, Any] = {"uid": row.uid, "parent_uid": uids.get(row.parent_id) if row.parent_id else None, "position": row.position}
        record |= {name: _iso(getattr(row, name)) for name in FIELDS}
        record["updated_at"] = _iso(row.updated_at)
        if row.edited_by:
            record["edited_by"] = row.edited_by
        record["predecessors"] = [{"uid": uids[d.predecessor_id], "lag_days": d.lag_days} for d in links.get(row.id, [])]
        result.append(record)
    return result


def _task_named(raw: Any) -> str:
    """A task of the part as a message about a stored WBS names it: its title, else its task ID."""
    title = raw.get("title") if isinstance(raw, dict) else None
    return shown(title, 40) if isinstance(title, str) and title.strip() else str(raw.get("uid", "?") if isinstance(raw, dict) else "?")


# What the user calls the fields of a task's record that are no task field (said of a stored WBS).
_RECORD_FIELDS = {
    "parent_uid": Label(ja="親タスク", en="parent task"),
    "position": Label(ja="並び順", en="position"),
    "updated_at": Label(ja="更新日時", en="time of the last change"),
    "edited_by": Label(ja="更新者", en="last editor"),
    "predecessors": field_name("dependencies"),
    "title": Label(ja="タスク名", en="name"),
}
WBS = Label(ja="WBS", en="WBS")


def check(records: list[dict[str, Any]], held: bool = False) -> list[Any]:
    """The part's rows read and checked as :func:`load` takes them, without writing; the records, each
    after its parent. ``held`` (app/core/project_file.py: HELD): the rows of a project the app holds,
    whose refusal names its task and field (:class:`StoredDataDamaged`), never the file's field path."""
    parsed = []
    for n, raw in enumerate(records):
        try:
            parsed.append(TaskRecord.model_validate(raw, context={HELD: held}))
        except ValidationError as exc:
            name = str(exc.errors()[0]["loc"][0]) if exc.errors()[0]["loc"] else "uid"
            field = _RECORD_FIELDS.get(name) or field_name(name)
            if held:
                raise StoredDataDamaged(Message(key="wbs.stored_task_field", task=_task_named(raw), field=field),
                                        first_problem(exc)[1]) from None
            where, problem = first_problem(exc, ("parts", KEY, n))  # its path in the file's JSON, after the words
            raise RefusedImportError(key="wbs.file_damaged", task=_task_named(raw), field=field, where=where,
                                     problem=problem) from None
    by_uid = {r.uid: r for r in parsed}
    if len(by_uid) != len(parsed):
        if held:
            twice = next(r for n, r in enumerate(parsed) if any(o.uid == r.uid for o in parsed[:n]))
            raise StoredDataDamaged(WBS, Message(key="wbs.stored_uid_twice", uid=str(twice.uid)))
        raise RefusedImportError(key="wbs.file_uid_twice")
    ordered: list[Any] = []
    placed: set[int] = set()
    pending = list(parsed)
    while pending:
        ready = [r for r in pending if r.parent_uid is None or r.parent_uid in placed]
        if not ready:
            if held:
                raise StoredDataDamaged(WBS, Message(key="wbs.stored_parent_missing", task=_task_named(pending[0].model_dump())))
            raise RefusedImportError(key="wbs.file_parent_missing")
        ordered += ready
        placed |= {r.uid for r in ready}
        pending = [r for r in pending if r.uid not in placed]
    for record in parsed:
        for link in record.predecessors:
            if link.uid not in by_uid:
                if held:
                    raise StoredDataDamaged(WBS, Message(key="wbs.stored_link_missing", task=_task_named(record.model_dump()),
                                                         missing=str(link.uid)))
                raise RefusedImportError(key="wbs.file_link_missing", task=str(record.uid), missing=str(link.uid))
    _refuse_a_cycle(parsed, held)
    return ordered


def load(s: Session, project_id: int, records: list[dict[str, Any]], context: dict[str, Any]) -> None:
    ids: dict[int, int] = {}
    ordered = check(records, bool(context.get(HELD)))
    for record in ordered:  # each after its parent
        row = WbsTask(project_id=project_id, uid=record.uid, parent_id=ids.get(record.parent_uid) if record.parent_uid else None, position=record.position)
        for name in FIELDS:
            setattr(row, name, getattr(record, name))
        row.origin = record.origin.model_dump(exclude_none=True)  # (app/wbs/store.py task_to_row)
        if record.updated_at is not None:
            row.updated_at = record.updated_at
        row.edited_by = record.edited_by or None
        s.add(row)
        s.flush()
        ids[record.uid] = row.id
    for record in ordered:
        for n, link in enumerate(record.predecessors):
            s.add(WbsDependency(task_id=ids[record.uid], predecessor_id=ids[link.uid], lag_days=link.lag_days, position=n))


def _refuse_a_cycle(records: list[Any], held: bool) -> None:
    """Refuse tasks that precede each other, directly or through their parents (the app never stores
    such a WBS: its schedule and exports would fail), naming them by outline number and title."""
    tree = WbsTree.build([
        Task.model_construct(id=r.uid, uid=r.uid, parent_id=r.parent_uid, position=r.position,
                             title=r.title, dependencies=[Dependency(predecessor_id=link.uid, lag_days=link.lag_days) for link in r.predecessors])
        for r in records
    ])
    cycle = dependency_cycle(tree)
    if cycle:
        if held:
            raise StoredDataDamaged(WBS, Message(key="wbs.stored_cycle", tasks=cycle_named(tree, cycle)))
        raise RefusedImportError(key="wbs.file_cycle", tasks=cycle_named(tree, cycle))


PART = TransferPart(key=KEY, dump=dump, load=load, check=check,
                    documents={META_KIND: WbsMeta, TRACKING_KIND: TrackingDocument, PEOPLE_KIND: PeopleDocument},
                    exported={TRACKING_KIND: as_exported})
