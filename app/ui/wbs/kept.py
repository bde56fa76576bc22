"""The WBS cell edits kept as drafts: a busy database kept them waiting, or a conflict asked about them.

A cell edit kept is data in the window's drafts (item ``wbs:<task uid>``, or ``wbs:<task uid>:dependencies``
for predecessors: the fields as typed and, as ``base``, the task's id, name and the values shown), so the
drafts file keeps it through a crash or a killed process and the WBS page of the next window takes it back
(:meth:`app.ui.wbs.editing.WbsEditing.take_back_waiting`), checked as a new edit is: a cell someone else
changed since asks again, never written over unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from pydantic_core import to_jsonable_python  # a value as the drafts file keeps it (dates as ISO text)

from app.ui.operations import UndoText
from app.wbs.checks import clean_fields
from app.wbs.model import Dependency, Task, WbsTree, task_name
from app.wbs.service import WbsChange

if TYPE_CHECKING:
    from app.core.errors import UserError
    from app.ui.hearing.drafts import DraftRegistry

Work = Callable[[], WbsChange | None]  # a WBS service call that commits (or changes nothing)
KEPT = "wbs:"  # the item ids of the WBS edits kept in the window's drafts
DEPENDENCIES = "dependencies"


@dataclass(frozen=True)
class Waiting:
    """An edit a busy database kept waiting."""

    project_id: int
    key: str  # its draft's item id
    work: Work | None = None  # a structure edit's call (in memory only); None: a cell edit, kept as data in its draft
    text: UndoText | None = None
    turn: int = 0  # its turn among the window's edits waiting (WaitingEdits.wait); 0: kept before this window's


@dataclass(frozen=True)
class Kept:
    """A cell edit kept, read back from its draft and checked as a new edit is."""

    task_id: int
    uid: int
    fields: dict[str, Any]  # as the service takes them (cleaned)
    base: dict[str, Any]  # the values shown when it was typed
    name: str  # the task as the table showed it (outline number and title)


class NotAKeptEdit(ValueError):
    """A draft that is no WBS edit (a damaged or hand-edited file): the reason goes to the log only."""


def read_kept(item_id: str, fields: dict[str, Any], base: Any, priorities: list[str]) -> Kept:
    """A cell edit kept, from its draft (user data: a file may have been edited or damaged).

    Raises UserError when a value is refused as typed into the table would be, NotAKeptEdit when the
    draft is not a WBS edit."""
    parts = item_id.split(":")
    if not (2 <= len(parts) <= 3 and parts[0] == KEPT[:-1] and parts[1].isdigit() and parts[2:] in ([], [DEPENDENCIES])):
        raise NotAKeptEdit(f"not a WBS edit: {item_id!r}")
    if not isinstance(base, dict) or not isinstance(base.get("fields"), dict) or set(base["fields"]) != set(fields):
        raise NotAKeptEdit("no values shown")
    task_id, name = base.get("task"), base.get("name", "")
    if not isinstance(task_id, int) or isinstance(task_id, bool) or not isinstance(name, str):
        raise NotAKeptEdit("no task")
    try:
        if parts[2:]:
            if set(fields) != {DEPENDENCIES}:
                raise NotAKeptEdit("predecessors and fields together")
            clean = {DEPENDENCIES: TypeAdapter(list[Dependency]).validate_python(fields[DEPENDENCIES])}
        else:
            clean = clean_fields(fields, priorities)
        was = {k: TypeAdapter(Task.model_fields[k].annotation or Any).validate_python(v) for k, v in base["fields"].items()}
    except (TypeError, KeyError) as exc:  # (pydantic's ValidationError is a ValueError)
        raise NotAKeptEdit(str(exc)) from None
    return Kept(task_id, int(parts[1]), clean, was, name)


def keep_typed(drafts: DraftRegistry, pid: int, tree: WbsTree, base: dict[int, dict[str, Any]], typed: dict[str, Any], error: UserError) -> list[str]:
    """Keep a cell edit as data in the drafts (on disk at once), one draft per task of ``base`` (the
    values each showed), typing into a task already kept joining its draft (the values shown before
    the first edit kept stay its base). Returns the drafts' item ids."""
    keys = []
    for task_id, values in base.items():
        task = tree.tasks[task_id]
        key = kept_key(task.uid, typed)
        kept = drafts.get(pid, key)
        before = kept.base if kept is not None and isinstance(kept.base, dict) and isinstance(kept.base.get("fields"), dict) else {}
        fields = {**(kept.fields if kept is not None else {}), **{k: to_jsonable_python(v) for k, v in typed.items()}}
        shown_first = {**{k: to_jsonable_python(v) for k, v in values.items()}, **before.get("fields", {})}
        name = before.get("name") or task_name(tree.codes.get(task_id, ""), task.title)  # as shown before the first edit kept
        drafts.put(pid, key, fields, error, base={"task": task_id, "name": name, "fields": shown_first})
        keys.append(key)
    return keys


def kept_key(uid: int, fields: Iterable[str]) -> str:
    """The draft a task's kept cell edit of ``fields`` is in: one per task, its predecessors in one of their own."""
    return f"{KEPT}{uid}" + (f":{DEPENDENCIES}" if DEPENDENCIES in fields else "")
