"""Baselines and progress of the WBS, stored in one project document; each change is one operation.

The document (kind ``wbs_tracking``)::

    {"version": 1,
     "baselines": {"<name>": {"saved": "2027-02-01T09:00:00", "tasks": {"<uid>": {"start": "2027-02-01",
                                                                                "finish": "2027-02-05",
                                                                                "estimate": 5.0}}}},
     "progress": {"<uid>": {"percent": 50.0, "actual": 2.5}}}

A baseline freezes every task's start, finish and estimate (a summary's dates as it rolls them up,
its estimate None: its sub-tasks carry the effort). Progress is entered on work tasks (leaves).
Writes go through :func:`app.core.operations.patch_document`, so each is one undo step and never
overwrites a field another window changed meanwhile.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError, NotFoundError, UserError, ValidationFailed
from app.core.files.visible_text import fold_name, name_among
from app.core.i18n import local_time
from app.core.messages import Label, Many, Message, first_problem
from app.core.project_file import MAX_INT
from app.core.projects import as_id
from app.core.storage.models import utcnow
from app.wbs.model import Status, WbsTree, task_name
from app.wbs.service import WbsService

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.wbs.workdays import Calendar

KIND = "wbs_tracking"
MAX_NAME = 80


@dataclass(frozen=True)
class BaselineTask:
    start: dt.date | None
    finish: dt.date | None
    estimate: float | None

    def effort(self, cal: Calendar, milestone: bool = False) -> float:
        """Person-days the baseline budgets the task: its estimate, else (none typed) one person over
        its baseline working days, as the plan's work counts it (MSPDI Work); a milestone none."""
        if self.estimate is not None:
            return self.estimate
        if milestone or self.start is None or self.finish is None or self.finish < self.start:
            return 0.0
        return float(cal.working_days_between(self.start, self.finish))


@dataclass(frozen=True)
class Baseline:
    name: str
    saved: str  # ISO date and time (UTC)
    tasks: dict[int, BaselineTask]  # by task uid


@dataclass(frozen=True)
class Progress:
    percent: float | None = None  # 0-100; None: not typed
    actual: float = 0.0  # person-days spent

    def complete(self, status: str) -> float:
        """The percent complete: as typed, else 100 for a task marked done (完了) and 0 otherwise."""
        if self.percent is not None:
            return self.percent
        return 100.0 if status == Status.DONE else 0.0


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) else None


def stored_uid(key: Any) -> int | None:
    """A stored key of a baseline's tasks or of the progress as a task uid: ASCII digits (``"²"`` and
    ``"١٢"`` are digits to str.isdigit, and int() refuses the one and reads the other), else None."""
    return as_id(key) if isinstance(key, str) else None


def _file_uid(key: Any) -> bool:
    """Whether a project file's key names a task uid as the WBS holds them (1 to MAX_INT)."""
    uid = stored_uid(key)
    return uid is not None and 1 <= uid <= MAX_INT and key == str(uid)


class StoredTracking(BaseModel):
    """The document as it is read: ``baselines`` by name and ``progress`` by task uid, each an object (a
    damaged entry in them, or one keyed by no uid, reads as no value, never an error); other keys are kept."""

    model_config = ConfigDict(extra="allow")

    baselines: dict[str, Any] | None = None
    progress: dict[str, Any] | None = None


class TrackingDocument(StoredTracking):
    """The document as the project file's import checks it (app/wbs/transfer.py): as it is read, and every
    baseline's tasks and the progress keyed by task uids (a file keying one by "²" is refused naming it)."""

    @field_validator("baselines")
    @classmethod
    def _baseline_uids(cls, stored: dict[str, Any] | None) -> dict[str, Any] | None:
        for name, entry in (stored or {}).items():
            tasks = entry.get("tasks") if isinstance(entry, dict) else None
            bad = next((key for key in tasks if not _file_uid(key)), None) if isinstance(tasks, dict) else None
            if bad is not None:
                raise ValueError(Message(key="wbs.baseline_uid_bad", name=name, uid=bad, limit=f"{MAX_INT:,}"))
        return stored

    @field_validator("progress")
    @classmethod
    def _progress_uids(cls, stored: dict[str, Any] | None) -> dict[str, Any] | None:
        bad = next((key for key in stored or {} if not _file_uid(key)), None)
        if bad is not None:
            raise ValueError(Message(key="wbs.progress_uid_bad", uid=bad, limit=f"{MAX_INT:,}"))
        return stored


def as_exported(doc: Any) -> Any:
    """The document as a project file (an export, a duplicate, a copy) carries it: a baseline's task or a
    progress entry keyed by no task uid ("²", stored by an import before it checked the keys) left out,
    as every reader here reads it as nothing; a key read as a uid ("007") written as one ("7"), the
    entry the readers take kept. The rest as stored."""
    if not isinstance(doc, dict):
        return doc

    def by_uid(stored: Any) -> Any:
        if not isinstance(stored, dict):
            return stored
        kept = {}
        for key, values in stored.items():
            uid = stored_uid(key)
            if isinstance(values, dict) and uid is not None and 1 <= uid <= MAX_INT:
                kept[str(uid)] = values
        return kept

    out = dict(doc)
    if "progress" in out:
        out["progress"] = by_uid(out["progress"])
    if isinstance(out.get("baselines"), dict):
        out["baselines"] = {name: {**entry, "tasks": by_uid(entry["tasks"])} if isinstance(entry, dict) and "tasks" in entry else entry
                            for name, entry in out["baselines"].items()}
    return out


def _stored(doc: dict[str, Any], key: str) -> dict[str, Any]:
    """The document's ``baselines`` or ``progress`` as stored; of the wrong shape (stored before the project
    file's import checked it), ValidationFailed saying where, never a traceback."""
    try:
        parsed = StoredTracking.model_validate(doc or {})
    except ValidationError as exc:
        where, problem = first_problem(exc)
        raise ValidationFailed(key="wbs.tracking_damaged", where=where, problem=problem) from None
    return dict(getattr(parsed, key) or {})


def baselines(doc: dict[str, Any]) -> list[Baseline]:
    """The document's baselines, oldest first (a damaged entry reads as no value, never an error)."""
    found = []
    for name, entry in _stored(doc, "baselines").items():
        if not isinstance(entry, dict):
            continue
        found.append(Baseline(str(name), str(entry.get("saved") or ""), parse_tasks(entry.get("tasks"))))
    return sorted(found, key=lambda b: b.saved)  # saved in one second: as stored (a save puts its baseline last)


def parse_tasks(stored: Any) -> dict[int, BaselineTask]:
    """A baseline's tasks as :func:`freeze` stores them, by uid."""
    tasks = {}
    for key, values in (stored or {}).items() if isinstance(stored, dict) else ():
        uid = stored_uid(key)
        if isinstance(values, dict) and uid is not None:
            tasks[uid] = BaselineTask(_date(values.get("start")), _date(values.get("finish")), _number(values.get("estimate")))
    return tasks


def progress(doc: dict[str, Any]) -> dict[int, Progress]:
    """Progress by task uid."""
    found = {}
    for key, values in _stored(doc, "progress").items():
        uid = stored_uid(key)
        if isinstance(values, dict) and uid is not None:
            found[uid] = Progress(_number(values.get("percent")), _number(values.get("actual")) or 0.0)
    return found


def read(ws: Workspace, project_id: int) -> dict[str, Any]:
    return DocumentService(ws.db).get(project_id, KIND)


@dataclass(frozen=True)
class Tracking:
    """The baselines (oldest first) and the progress (by task uid) as stored, read by :func:`tracking`."""

    baselines: tuple[Baseline, ...]
    progress: Mapping[int, Progress]


def tracking(ws: Workspace, project_id: int) -> Tracking:
    """The project's baselines and progress, parsed once for each text stored: a window reads them
    after every change, and each baseline of 10,000 tasks takes a tenth of a second to parse (a
    save parses it on its worker, so the window's read after it is a lookup). Shared: never changed."""
    return _parsed(DocumentService(ws.db).text(project_id, KIND))


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> Tracking:
    doc = json.loads(text) if text else {}
    return Tracking(tuple(baselines(doc)), MappingProxyType(progress(doc)))


def find(doc: dict[str, Any], name: str | None) -> Baseline:
    """The baseline called ``name``; for None the latest saved. NotFoundError when there is none."""
    return pick(baselines(doc), name)


def pick(saved: Sequence[Baseline], name: str | None) -> Baseline:
    """Of ``saved`` (oldest first), the baseline called ``name``; for None the latest. NotFoundError when there is none."""
    if name is None:
        if not saved:
            raise NotFoundError(key="wbs.no_baseline")
        return saved[-1]
    wanted = baseline_name(name)  # as it was stored when saved: 「中間　報告」 typed with the IME is 「中間 報告」
    if not wanted:  # a script's unset variable: refused, never the latest taken for it
        raise ValidationFailed(key="wbs.baseline_name_empty_given")
    found = _named(saved, wanted)
    if found is not None:
        return found
    raise NotFoundError(key="wbs.baseline_unknown", name=name, known=Many(tuple(b.name for b in saved)) if saved else "-")


def _named(saved: Iterable[Baseline], wanted: str) -> Baseline | None:
    """Of ``saved``, the one stored as ``wanted`` (a :func:`baseline_name`), else the one alone that reads the
    same (:func:`~app.core.files.visible_text.name_among`: 「中間報告Ｖ２」 typed in the input method's
    full-width mode for 「中間報告V2」; one stored by an older version with its spaces or an invisible character)."""
    by_name = {b.name: b for b in saved}
    found = name_among(by_name, wanted)
    return by_name[found] if found is not None else None


def baseline_name(name: str) -> str:
    """A plan baseline's name as it is stored, and as a name given to find one is read: as it is seen
    (:func:`app.core.files.visible_text.fold_name`: runs of spaces, the IME's 「　」 too, one space, none at
    either end; control and invisible characters left out). Empty for a name of none."""
    return fold_name(str(name or ""))


def _clean_name(name: str) -> str:
    name = baseline_name(name)
    if not name:
        raise ValidationFailed(key="wbs.baseline_name_empty")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="wbs.baseline_name_long", limit=MAX_NAME)
    return name


def freeze(tree: WbsTree) -> dict[str, Any]:
    """Every task's dates and estimate as a baseline stores them, by uid."""
    tasks = {}
    for task in tree.tasks.values():
        rolled = tree.rollup(task.id)
        leaf = not tree.has_children(task.id)
        tasks[str(task.uid)] = {
            "start": rolled.start.isoformat() if rolled.start else None,
            "finish": rolled.finish.isoformat() if rolled.finish else None,
            "estimate": task.estimate_days if leaf else None,
        }
    return tasks


def _edit(project_id: int, change: Any, detail: Any = None) -> ops.Operation:
    """An operation that writes ``change(ws, doc)`` (a new document) over the stored one, one undo step."""
    return ops.edit_document(project_id, KIND, change, detail)


class BaselineExists(UserError):
    """A baseline of the name to save is there already (``baseline``: as stored now); nothing was replaced."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        super().__init__(key="wbs.baseline_exists", name=baseline.name, saved=saved_label(baseline.saved))


def saved_at(saved: str, lang: str) -> str:
    """When a baseline was saved (naive UTC as stored), on this computer's clock as ``lang`` writes it (2027/02/01 09:30)."""
    try:
        stamp = dt.datetime.fromisoformat(saved)
    except ValueError:
        return saved or "-"
    return local_time(stamp, lang)


def saved_label(saved: str) -> Label:
    return Label(ja=saved_at(saved, "ja"), en=saved_at(saved, "en"))


def save_baseline_op(project_id: int, name: str, *, replace: bool = True, replacing: Baseline | None = None) -> ops.Operation:
    """Save the schedule as it is now under ``name``.

    A baseline of that name is replaced only when ``replace``, and, given ``replacing`` (the baseline
    the user was asked about), only while it is that one; else, checked in the same transaction,
    nothing is written and :class:`BaselineExists` names the one there now (another window may have
    saved it since)."""
    clean = _clean_name(name)

    def change(ws: Workspace, doc: dict[str, Any]) -> dict[str, Any]:
        there = _named(baselines(doc), clean)
        if there is not None and (not replace or (replacing is not None and there != replacing)):
            raise BaselineExists(there)
        tree = WbsService(ws.db).tree(project_id)
        entry = {"saved": utcnow().isoformat(timespec="seconds"), "tasks": freeze(tree)}
        gone = there.name if there is not None else clean
        return {**doc, "baselines": {**{k: v for k, v in _stored(doc, "baselines").items() if k != gone}, clean: entry}}

    return _edit(project_id, change, clean)


class BaselineReplaced(UserError):
    """The baseline to delete was saved again since the user saw it (``baseline``: as stored now); nothing was deleted."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        super().__init__(key="wbs.baseline_replaced", name=baseline.name, saved=saved_label(baseline.saved))


def delete_baseline_op(project_id: int, name: str, *, shown: Baseline | None = None) -> ops.Operation:
    """Delete the baseline called ``name`` (NotFoundError when there is none). Given ``shown`` (the
    baseline as the user saw it), only while it is that one: replaced since (another window saved the
    schedule under its name), checked in the same transaction, nothing is deleted and
    :class:`BaselineReplaced` names the one there now."""

    def change(ws: Workspace, doc: dict[str, Any]) -> dict[str, Any]:
        there = find(doc, name)  # NotFoundError when it is not there
        if shown is not None and there != shown:
            raise BaselineReplaced(there)
        return {**doc, "baselines": {k: v for k, v in _stored(doc, "baselines").items() if k != there.name}}

    return _edit(project_id, change, name)


def set_progress_op(
    project_id: int, task_id: int, percent: float | None, actual: float | None, *, base: Progress | None = None
) -> ops.Operation:  # fmt: skip
    """Set one work task's percent complete (0-100) and actual effort (person-days, ≥ 0); None clears it.

    ``base``: the task's progress as stored when the editor showed it (:func:`progress`, a task with
    none: ``Progress()``); when it changed since (another window), nothing is written and
    :class:`ConflictError` says so (its ``ids``: the task as messages name it)."""

    def change(ws: Workspace, doc: dict[str, Any]) -> dict[str, Any]:
        tree = WbsService(ws.db).tree(project_id)
        task = tree.tasks.get(task_id)
        if task is None:
            raise NotFoundError(key="wbs.task_gone")
        name = task_name(tree.codes.get(task_id, ""), task.title)
        if tree.has_children(task_id):
            raise ValidationFailed(key="wbs.progress_on_summary", task=name)
        if percent is not None and not (_number(percent) is not None and 0 <= percent <= 100):
            raise ValidationFailed(key="wbs.progress_percent", task=name, value=percent)
        if actual is not None and not (_number(actual) is not None and 0 <= actual <= 1e6):
            raise ValidationFailed(key="wbs.progress_actual", task=name, value=actual)
        if base is not None and progress(doc).get(task.uid, Progress()) != base:
            raise ConflictError(ops.Part.WBS, [name], ["percent", "actual"])
        entries = {k: v for k, v in _stored(doc, "progress").items() if k != str(task.uid)}
        values = {k: float(v) for k, v in (("percent", percent), ("actual", actual)) if v is not None}
        if values:
            entries[str(task.uid)] = values
        return {**doc, "progress": entries}

    return _edit(project_id, change, task_id)
