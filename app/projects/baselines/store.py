"""Agreement baselines: named, read-only snapshots of what was agreed, and who signed them off.

A small index (kind ``agreement_baselines``, :data:`app.core.project.AGREEMENT_KIND`) and one
document per snapshot (kind ``agreement_baseline.<n>``)::

    agreement_baselines:
    {"version": 2, "next": 3,
     "baselines": {"<name>": {"kind": "kickoff", "created": "2026-12-02T09:00:00+00:00", "author": "...",
                              "snapshot": "agreement_baseline.2", "answer_count": 40, "task_count": 82,
                              "signoffs": [{"who", "role", "org", "date", "comment", "recorded", "author"}]}}}
    agreement_baseline.2:
    {"answers": {"hearing": {"<item id>": {"status", "value", "later", "note"}}, "system_planning": {...}},
     "wbs": {"<uid>": {"code": "1.2", "parent_uid": 3, "title": ..., "predecessors": [...]}}}

The list and a sign-off read and write only the index; a snapshot is read when a diff needs it.
Version 1 kept every snapshot inside its index entry: it still reads, and the next create or
sign-off moves each into its own document (in the same transaction, not an undo step).

A baseline is never edited once made: :func:`create_op` adds one (its snapshot document and its
index entry are one undo step), :func:`sign_op` adds a sign-off to one
(:func:`app.core.operations.patch_document` of the index). Neither overwrites what another window
wrote meanwhile. These are not the WBS's plan baselines (dates and effort for earned value,
``wbs_tracking``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core import operations as ops
from app.core.demo_source import app_today
from app.core.documents import DocumentService
from app.core.errors import ConflictError, NotFoundError, ValidationFailed
from app.core.files.visible_text import compared_name, fold_name, name_among, typed_name
from app.core.messages import Label, Many
from app.core.project import AGREEMENT_KIND as KIND
from app.core.project import SNAPSHOT_PREFIX
from app.core.projects import as_id

BASELINES_PART = "baselines"  # a ConflictError of a baseline: its ids are baseline names

if TYPE_CHECKING:
    from app.core.workspace import Workspace

KINDS = ("manual", "kickoff", "sheet_import", "interim", "final")
SNAPSHOT_KIND = SNAPSHOT_PREFIX  # + a number: the document holding one baseline's snapshot
VERSION = 2
MAX_NAME = 80
MAX_BASELINES = 100  # a project file holds at most 200 documents (app/projects/file_format.py)
MAX_SIGNER = 200  # name, role and organisation of a sign-off (as an author's name)
# Task fields a baseline keeps but a diff does not compare (the outline moves with every insert; the
# origin, the flags and the moment an agreement was ticked are the app's own bookkeeping: 顧客合意 and
# 合意日 say the agreement to the reader).
NOT_COMPARED = ("code", "parent_uid", "origin", "user_edited", "often_missed", "agreed_at")
# What an index entry holds; everything else of a version-1 entry is its snapshot.
# The index keeps the review's scores too (small): the Review page's history reads no snapshot.
INDEX_FIELDS = ("kind", "created", "author", "signoffs", "snapshot", "answer_count", "task_count", "review")


@dataclass(frozen=True)
class SignOff:
    who: str
    role: str
    org: str
    date: str  # ISO
    comment: str
    recorded: str  # when it was entered (UTC, ISO)
    author: str  # who entered it


@dataclass(frozen=True)
class Baseline:
    """A baseline; from :func:`baselines` (the index only) ``answers`` and ``wbs`` are empty and
    ``counts`` says how many it holds; :func:`find` reads them too."""

    name: str
    kind: str
    created: str  # UTC, ISO
    author: str
    answers: dict[str, dict[str, dict[str, Any]]]  # checklist id -> item id -> status, value, later, note
    wbs: dict[str, dict[str, Any]]  # task uid -> its fields
    signoffs: tuple[SignOff, ...] = ()
    counts: tuple[int, int] | None = None  # (answers, tasks) as the index keeps them
    id: str = ""  # the snapshot document it names (``agreement_baseline.<n>``): never another baseline's, an undone one's too

    @property
    def answer_count(self) -> int:
        return self.counts[0] if self.counts else sum(len(items) for items in self.answers.values())

    @property
    def task_count(self) -> int:
        return self.counts[1] if self.counts else len(self.wbs)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _dicts(value: Any) -> dict[str, Any]:
    return {str(k): v for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}


def parse(name: str, entry: dict[str, Any]) -> Baseline:
    """A stored baseline: an index entry, with its snapshot's fields when read (a damaged part reads
    as empty, never as an error)."""
    signoffs = tuple(
        SignOff(*(_text(s.get(k)) for k in ("who", "role", "org", "date", "comment", "recorded", "author")))
        for s in entry.get("signoffs") or [] if isinstance(s, dict)
    )  # fmt: skip
    answers = {cid: _dicts(items) for cid, items in _dicts(entry.get("answers")).items()}
    counts = (_count(entry.get("answer_count")), _count(entry.get("task_count"))) if _is_indexed(entry) else None
    return Baseline(name, _text(entry.get("kind")) or "manual", _text(entry.get("created")), _text(entry.get("author")),
                    answers, _dicts(entry.get("wbs")), signoffs, counts, _text(entry.get("snapshot")))  # fmt: skip


def is_baseline_kind(kind: str) -> bool:
    """A document of the agreement baselines (the index, a snapshot): none of what a diff against now reads."""
    return kind == KIND or kind.startswith(SNAPSHOT_KIND)


def _is_indexed(entry: dict[str, Any]) -> bool:
    """An entry of the index whose snapshot is a document of its own (version 2), not inside it."""
    return _text(entry.get("snapshot")).startswith(SNAPSHOT_KIND)


def read(ws: Workspace, project_id: int) -> dict[str, Any]:
    """The index document (version 1: with every snapshot inside it)."""
    return DocumentService(ws.db).get(project_id, KIND)


def baselines(ws: Workspace, project_id: int) -> list[Baseline]:
    """The project's agreement baselines, oldest first, from the index (no snapshot is read)."""
    stored = _dicts(read(ws, project_id).get("baselines"))
    listed = []
    for name, entry in stored.items():
        if not _is_indexed(entry):  # version 1: count what is inside, keep only the index's part
            entry = {**{k: entry.get(k) for k in INDEX_FIELDS}, **_counts(entry), "snapshot": SNAPSHOT_KIND}
        listed.append(parse(name, entry))
    return sorted(listed, key=lambda b: (b.created, b.name))


class BaselineGone(NotFoundError):
    """A baseline the caller showed (by its :attr:`Baseline.id`) that is no longer there: removed since (the undo
    of its creation, in another window or process), or removed and another made under its name (``replaced``).
    Nothing was changed. Told apart from a name the project never had (``agreement.none``, ``agreement.unknown``:
    the command line's, with its hint), which only a caller that showed no baseline gets."""

    def __init__(self, name: str, replaced: bool) -> None:
        if replaced:
            super().__init__(key="agreement.replaced", name=name)
        else:
            super().__init__(key="agreement.removed", name=name)
        self.name, self.replaced = name, replaced


def _entry(stored: dict[str, Any], name: str, shown: str | None = None) -> tuple[str, dict[str, Any]]:
    """The index entry called ``name`` (as seen: :func:`~app.core.files.visible_text.name_among`); NotFoundError names the others.
    ``shown``: the id of the baseline the caller showed under that name (:class:`BaselineGone` when it is gone)."""
    wanted = typed_name(str(name or ""))
    if not fold_name(wanted):  # a script's unset variable: refused, never another baseline (or now) taken for it
        raise ValidationFailed(key="agreement.name_empty")
    found = name_among(stored, wanted)
    if shown is not None:
        if found is None:
            raise BaselineGone(wanted, replaced=False)
        # (a version-1 entry's id names no document: its snapshot moves at the next write, it is the one shown)
        if _number(shown) and _text(stored[found].get("snapshot")) != shown:
            raise BaselineGone(found, replaced=True)
    if found is not None:
        return found, stored[found]
    if not stored:
        raise NotFoundError(key="agreement.none", name=wanted)
    known = tuple(b.name for b in sorted((parse(n, e) for n, e in stored.items()), key=lambda b: (b.created, b.name)))
    raise NotFoundError(key="agreement.unknown", name=wanted, known=Many(known))


def find(ws: Workspace, project_id: int, name: str, shown: str | None = None) -> Baseline:
    """The baseline called ``name`` with its snapshot; NotFoundError names the others. ``shown``: the
    :attr:`Baseline.id` the caller listed it with (:class:`BaselineGone` when that one is gone)."""
    found, entry = _entry(_dicts(read(ws, project_id).get("baselines")), name, shown)
    if _is_indexed(entry):
        entry = {**DocumentService(ws.db).get(project_id, entry["snapshot"]), **entry}
    return parse(found, entry)


def clean_name(name: str) -> str:
    """The name as it is stored and shown: as typed, the user's own spaces kept (the IME's 「　」), control
    and invisible characters left out (:func:`typed_name`, as a project's name); compared with the others
    as seen (:func:`~app.core.files.visible_text.name_among`: a name typed with another space or a stray invisible character is found again)."""
    name = typed_name(str(name or ""))
    if not fold_name(name):
        raise ValidationFailed(key="agreement.name_empty")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="agreement.name_long", limit=MAX_NAME)
    return name


class TimeOutOfRange(ValueError):
    """A time of the index outside the years the app holds (:func:`as_imported`); ``where`` it is in the
    index (``baselines.<name>.created``, ``baselines.<name>.signoffs.0.recorded``: as pydantic says places)."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def _utc_text(text: Any, where: str, held: bool) -> Any:
    """A time of the index as the app writes it (ISO, in UTC: +00:00), one with another offset (a file
    written by hand: +09:00) moved to UTC; text that is no time as it is (it reads as written).
    :class:`TimeOutOfRange` for one outside the years the app holds, unless ``held`` (the app's own: kept)."""
    from app.core.i18n import date_in_range

    try:
        written = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
        utc = written.astimezone(dt.UTC) if written is not None and written.tzinfo is not None else written
    except ValueError:
        return text
    except OverflowError:  # 0001-01-01T00:00:00+09:00: in year 0 in UTC
        utc = dt.datetime.min
    if utc is None:
        return text
    if not date_in_range(utc.date()):
        if held:
            return text
        raise TimeOutOfRange(where)
    return utc.isoformat() if utc is not written else text


def as_imported(index: Any, held: bool = False) -> Any:
    """The index as a project file carries it, with when each baseline was made (``created``: the list is
    in its order) and each sign-off was recorded (``recorded``) in UTC as the app writes them
    (:func:`_utc_text`). ``held``: a project the app holds (its times out of range kept as stored)."""
    entries = index.get("baselines") if isinstance(index, dict) else None
    if not isinstance(entries, dict):
        return index
    moved: dict[str, Any] = {}
    for name, entry in entries.items():
        if isinstance(entry, dict) and "created" in entry:
            entry = {**entry, "created": _utc_text(entry["created"], f"baselines.{name}.created", held)}
        if isinstance(entry, dict) and isinstance(entry.get("signoffs"), list):
            entry = {**entry, "signoffs": [
                {**signed, "recorded": _utc_text(signed["recorded"], f"baselines.{name}.signoffs.{n}.recorded", held)}
                if isinstance(signed, dict) and "recorded" in signed else signed for n, signed in enumerate(entry["signoffs"])
            ]}  # fmt: skip
        moved[name] = entry
    return {**index, "baselines": moved}


# --- the snapshot ---------------------------------------------------------------------------------


def snapshot(ws: Workspace, project_id: int) -> dict[str, Any]:
    """What a baseline keeps of the project now: the answers (hearing, system plan) and every WBS task."""
    from app.hearing import AnswerService, AnswerStatus, is_empty
    from app.wbs import WbsService

    answers: dict[str, dict[str, Any]] = {}
    for item_id, answer in sorted(AnswerService(ws.db, ws.library).answers(project_id).items()):
        if answer.status == AnswerStatus.NOT_ASKED and is_empty(answer.value) and is_empty(answer.later) and not answer.note:
            continue  # never touched: nothing was agreed about it
        checklist = ws.library.checklist_of(item_id)
        group = checklist.id if checklist is not None else (answer.checklist_id or "other")
        answers.setdefault(group, {})[item_id] = {
            "status": str(answer.status.value), "value": answer.value, "later": answer.later, "note": answer.note,
        }  # fmt: skip
    tree = WbsService(ws.db).tree(project_id)
    uids = {task.id: task.uid for task in tree.tasks.values()}
    wbs: dict[str, Any] = {}
    for task in tree.walk():
        fields = task.model_dump(mode="json", exclude={"id", "parent_id", "position", "uid", "dependencies"})
        fields["code"] = tree.codes.get(task.id, "")
        fields["parent_uid"] = uids.get(task.parent_id) if task.parent_id is not None else None
        fields["predecessors"] = [{"uid": uids[d.predecessor_id], "lag_days": d.lag_days} for d in task.dependencies if d.predecessor_id in uids]
        wbs[str(task.uid)] = fields
    return {"answers": answers, "wbs": wbs, "review": _review_values(ws, project_id)}


def _review_values(ws: Workspace, project_id: int) -> dict[str, Any]:
    """The readiness review's scores and levels (no texts: enough for its score history)."""
    stored = _dicts(DocumentService(ws.db).get(project_id, "review").get("answers"))
    keep = ("score", "level", "current", "target")
    return {cid: {iid: {k: a[k] for k in keep if k in a} for iid, a in _dicts(items).items()} for cid, items in stored.items()}


def current(ws: Workspace, project_id: int, label: str) -> Baseline:
    """The project as it is now, as a baseline called ``label`` (for a diff against now)."""
    return parse(label, {"kind": "manual", **snapshot(ws, project_id)})


def _counts(taken: dict[str, Any]) -> dict[str, int]:
    return {"answer_count": sum(len(items) for items in _dicts(taken.get("answers")).values()), "task_count": len(_dicts(taken.get("wbs")))}


# --- storage --------------------------------------------------------------------------------------


def _number(kind: str) -> int:
    tail = kind.removeprefix(SNAPSHOT_KIND)
    return (as_id(tail) or 0) if kind.startswith(SNAPSHOT_KIND) else 0  # ASCII digits only: "²" is no number


def _index(ws: Workspace, project_id: int) -> dict[str, Any]:
    """The index in version 2, for a write (in the caller's transaction): a version-1 document has
    each snapshot moved into its own document first. That move changes no baseline: it is not an
    undo step, and an undo after it never puts the old layout back."""
    documents = DocumentService(ws.db)
    stored = read(ws, project_id)
    entries = _dicts(stored.get("baselines"))
    if stored.get("version") == VERSION and all(_is_indexed(e) for e in entries.values()):
        return stored
    index: dict[str, Any] = {**stored, "version": VERSION, "baselines": {}}
    index["next"] = max([_count(stored.get("next")), *(_number(_text(e.get("snapshot"))) + 1 for e in entries.values()), 1])
    for name, entry in entries.items():
        if not _is_indexed(entry):
            kind, index["next"] = f"{SNAPSHOT_KIND}{index['next']}", index["next"] + 1
            taken = {k: v for k, v in entry.items() if k not in INDEX_FIELDS}
            documents.put(project_id, kind, taken)
            entry = {**{k: entry[k] for k in INDEX_FIELDS if k in entry}, **_counts(taken), "snapshot": kind}
        index["baselines"][name] = entry
    documents.put(project_id, KIND, index)
    return index


def _restore(project_id: int, name: str, kind: str) -> ops.Restore:
    """Write one baseline back: ``target`` and ``expected`` are (index entry, snapshot), None for none.

    Where the entry or the snapshot is no longer what ``expected`` says (signed since, made again
    elsewhere), nothing is written and :class:`ConflictError` says so.
    """

    def restore(ws: Workspace, target: Any, expected: Any) -> ops.Change:
        documents = DocumentService(ws.db)
        with ws.db.transaction():
            index = _index(ws, project_id)
            entries = _dicts(index.get("baselines"))
            held = documents.get(project_id, kind) or None
            if entries.get(name) != expected[0] or held != expected[1]:
                raise ConflictError(BASELINES_PART, [name], [f"baselines.{name}"])  # named by its name, the user's own words
            if target[1] is None:
                documents.delete(project_id, kind)
            else:
                documents.put(project_id, kind, target[1])
            entries = {n: e for n, e in entries.items() if n != name}
            if target[0] is not None:
                entries[name] = target[0]
            documents.put(project_id, KIND, {**index, "baselines": entries})
        entry = target[0] or expected[0] or {}
        detail = parse(name, {**(target[1] or {}), **entry})
        return ops.Change(project_id, frozenset({ops.Part.DOCUMENTS}), kinds=frozenset({KIND, kind}),
                          before=expected, after=target, restore=restore, detail=detail)  # fmt: skip

    return restore


# --- operations -----------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def create_op(project_id: int, name: str, kind: str = "manual") -> ops.Operation:
    """Freeze the hearing answers, the system plan and the WBS as baseline ``name``; ``detail`` is the :class:`Baseline`.

    The snapshot goes into a document of its own and its entry into the index: one undo step that
    takes both away (and a redo that puts both back)."""
    name = clean_name(name)
    if kind not in KINDS:
        raise ValidationFailed(key="agreement.bad_kind", kind=kind, kinds=Many(KINDS))

    def op(ws: Workspace) -> ops.Change:
        documents = DocumentService(ws.db)
        with ws.db.transaction():
            index = _index(ws, project_id)
            entries = _dicts(index.get("baselines"))
            if any(compared_name(n) == compared_name(name) for n in entries):  # (one that reads the same too: it is the one found by name)
                raise ValidationFailed(key="agreement.name_taken", name=name)
            if len(entries) >= MAX_BASELINES:
                raise ValidationFailed(key="agreement.too_many", limit=MAX_BASELINES)
            number = _count(index.get("next")) or 1
            while documents.get(project_id, f"{SNAPSHOT_KIND}{number}"):  # never over a document already there
                number += 1
            # The counter only grows (an undo leaves it): a redo finds its number still free.
            documents.put(project_id, KIND, {**index, "next": number + 1})
            taken, held = snapshot(ws, project_id), f"{SNAPSHOT_KIND}{number}"
            entry: dict[str, Any] = {"kind": kind, "created": _now(), "author": ws.author or "", "snapshot": held, **_counts(taken), "signoffs": [],
                     "review": taken.get("review") or {}}  # fmt: skip
            return _restore(project_id, name, held)(ws, (entry, taken), (None, None))

    return op


def _signer_field(label: Label, value: str | None, limit: int = MAX_SIGNER) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise ValidationFailed(key="agreement.field_long", field=label, limit=limit)
    return text


def sign_op(project_id: int, name: str, who: str, role: str = "", org: str = "", date: dt.date | None = None, comment: str = "",
            shown: str | None = None) -> ops.Operation:  # fmt: skip
    """Record that ``who`` agreed baseline ``name`` (on ``date``, today by default); ``detail`` is the :class:`SignOff`.
    ``shown``: the :attr:`Baseline.id` of the one the user chose (a window's list): :class:`BaselineGone` when it
    was removed since, rather than "the project has none" (the command line, which names it only).

    Only the index is read and written (a patch of the one entry: one undo step)."""
    from app.core.i18n import check_date, date_label
    from app.core.limits import check_text

    who = _signer_field(Label(ja="氏名", en="Name"), who)
    if not who:
        raise ValidationFailed(key="agreement.who_empty")
    role = _signer_field(Label(ja="役割", en="Role"), role)
    org = _signer_field(Label(ja="組織", en="Organisation"), org)
    check_text(Label(ja="コメント", en="Comment"), comment)
    if date is not None:  # the dates a plan holds, as the window's date field offers them
        check_date(date, key="agreement.date_out_of_range", value=date_label(date))

    def op(ws: Workspace) -> ops.Change:
        with ws.db.transaction():
            index = _index(ws, project_id)
            stored = _dicts(index.get("baselines"))
            found, entry = _entry(stored, name, shown)  # the same transaction: it is there when the write is
            signed = {"who": who, "role": role, "org": org, "date": (date or app_today()).isoformat(),
                      "comment": str(comment or "").strip(), "recorded": _now(), "author": ws.author or ""}  # fmt: skip
            signoffs = [*(s for s in entry.get("signoffs") or [] if isinstance(s, dict)), signed]
            base = {"baselines": {found: {"signoffs": entry.get("signoffs")}}}
            target = {"baselines": {found: {"signoffs": signoffs}}}
            return ops.patch_document(project_id, KIND, base, target, SignOff(**signed))(ws)

    return op


def review_history(ws: Workspace, project_id: int) -> list[tuple[str, dict[str, Any]]]:
    """(name, the review's scores and levels) of each baseline that kept them, oldest first: from the
    index alone (no snapshot is read)."""
    stored = _dicts(read(ws, project_id).get("baselines"))
    found = sorted((_text(entry.get("created")), name, entry.get("review")) for name, entry in stored.items())
    return [(name, review) for _created, name, review in found if isinstance(review, dict)]
