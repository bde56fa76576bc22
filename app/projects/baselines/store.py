"""Agreement baselines: named, read-only snapshots of what was agreed, and who signed them off.

One project document (kind ``agreement_baselines``, :data:`app.core.project.AGREEMENT_KIND`)::

    {"version": 1,
     "baselines": {"<name>": {"kind": "kickoff", "created": "2026-12-02T09:00:00+00:00", "author": "...",
                              "answers": {"hearing": {"<item id>": {"status", "value", "later", "note"}},
                                          "system_planning": {...}},
                              "wbs": {"<uid>": {"code": "1.2", "parent_uid": 3, "title": ..., "predecessors": [...]}},
                              "signoffs": [{"who", "role", "org", "date", "comment", "recorded", "author"}]}}}

A baseline is never edited once made: :func:`create_op` adds one, :func:`sign_op` adds a sign-off
to one. Each is one operation (:func:`app.core.operations.patch_document`): one undo step, and it
never overwrites what another window wrote meanwhile. These are not the WBS's plan baselines
(dates and effort for earned value, ``wbs_tracking``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import NotFoundError, ValidationFailed
from app.core.messages import Label, Many
from app.core.project import AGREEMENT_KIND as KIND

if TYPE_CHECKING:
    from app.core.workspace import Workspace

KINDS = ("manual", "kickoff", "sheet_import", "interim", "final")
MAX_NAME = 80
MAX_SIGNER = 200  # name, role and organisation of a sign-off (as an author's name)
# Task fields a baseline keeps but a diff does not compare (the outline moves with every insert; the
# origin and the flags are the app's own bookkeeping).
NOT_COMPARED = ("code", "parent_uid", "origin", "user_edited", "often_missed")


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
    name: str
    kind: str
    created: str  # UTC, ISO
    author: str
    answers: dict[str, dict[str, dict[str, Any]]]  # checklist id -> item id -> status, value, later, note
    wbs: dict[str, dict[str, Any]]  # task uid -> its fields
    signoffs: tuple[SignOff, ...] = ()

    @property
    def answer_count(self) -> int:
        return sum(len(items) for items in self.answers.values())


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dicts(value: Any) -> dict[str, Any]:
    return {str(k): v for k, v in value.items() if isinstance(v, dict)} if isinstance(value, dict) else {}


def parse(name: str, entry: dict[str, Any]) -> Baseline:
    """A stored baseline (a damaged part reads as empty, never as an error)."""
    signoffs = tuple(
        SignOff(*(_text(s.get(k)) for k in ("who", "role", "org", "date", "comment", "recorded", "author")))
        for s in entry.get("signoffs") or [] if isinstance(s, dict)
    )  # fmt: skip
    answers = {cid: _dicts(items) for cid, items in _dicts(entry.get("answers")).items()}
    return Baseline(name, _text(entry.get("kind")) or "manual", _text(entry.get("created")), _text(entry.get("author")),
                    answers, _dicts(entry.get("wbs")), signoffs)  # fmt: skip


def read(ws: Workspace, project_id: int) -> dict[str, Any]:
    return DocumentService(ws.db).get(project_id, KIND)


def baselines(ws: Workspace, project_id: int) -> list[Baseline]:
    """The project's agreement baselines, oldest first."""
    stored = _dicts(read(ws, project_id).get("baselines"))
    return sorted((parse(name, entry) for name, entry in stored.items()), key=lambda b: (b.created, b.name))


def find(ws: Workspace, project_id: int, name: str) -> Baseline:
    """The baseline called ``name`` (spaces as :func:`clean_name` folds them); NotFoundError names the others."""
    saved = baselines(ws, project_id)
    wanted = " ".join(str(name or "").split())
    for baseline in saved:
        if baseline.name == wanted:
            return baseline
    if not saved:
        raise NotFoundError(key="agreement.none", name=wanted)
    raise NotFoundError(key="agreement.unknown", name=wanted, known=Many(tuple(b.name for b in saved)))


def clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise ValidationFailed(key="agreement.name_empty")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="agreement.name_long", limit=MAX_NAME)
    return name


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
    taken = snapshot(ws, project_id)
    return Baseline(label, "manual", "", "", taken["answers"], taken["wbs"])


# --- operations -----------------------------------------------------------------------------------


def _edit(project_id: int, change: Any) -> ops.Operation:
    """An operation that writes ``change(ws, doc)`` (a new document) over the stored one: one undo step."""

    def op(ws: Workspace) -> ops.Change:
        with ws.db.transaction():
            stored = read(ws, project_id)
            target, detail = change(ws, stored)
            if not stored:
                # Never undo back to an empty document (as app/wbs/tracking/baselines.py): the first
                # write puts the version, which stays.
                stored = {"version": 1}
                DocumentService(ws.db).put(project_id, KIND, stored)
                target = {**stored, **target}
            return ops.patch_document(project_id, KIND, stored, target, detail)(ws)

    return op


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def create_op(project_id: int, name: str, kind: str = "manual") -> ops.Operation:
    """Freeze the hearing answers, the system plan and the WBS as baseline ``name``; ``detail`` is the :class:`Baseline`."""
    name = clean_name(name)
    if kind not in KINDS:
        raise ValidationFailed(key="agreement.bad_kind", kind=kind, kinds=Many(KINDS))

    def change(ws: Workspace, doc: dict[str, Any]) -> tuple[dict[str, Any], Baseline]:
        stored = _dicts(doc.get("baselines"))
        if name in stored:
            raise ValidationFailed(key="agreement.name_taken", name=name)
        entry = {"kind": kind, "created": _now(), "author": ws.author or "", **snapshot(ws, project_id), "signoffs": []}
        return {**doc, "baselines": {**stored, name: entry}}, parse(name, entry)

    return _edit(project_id, change)


def _signer_field(label: Label, value: str | None, limit: int = MAX_SIGNER) -> str:
    text = " ".join(str(value or "").split())
    if len(text) > limit:
        raise ValidationFailed(key="agreement.field_long", field=label, limit=limit)
    return text


def sign_op(project_id: int, name: str, who: str, role: str = "", org: str = "", date: dt.date | None = None, comment: str = "") -> ops.Operation:
    """Record that ``who`` agreed baseline ``name`` (on ``date``, today by default); ``detail`` is the :class:`SignOff`."""
    from app.core.limits import check_text

    who = _signer_field(Label(ja="氏名", en="Name"), who)
    if not who:
        raise ValidationFailed(key="agreement.who_empty")
    role = _signer_field(Label(ja="役割", en="Role"), role)
    org = _signer_field(Label(ja="組織", en="Organisation"), org)
    check_text(Label(ja="コメント", en="Comment"), comment)

    def change(ws: Workspace, doc: dict[str, Any]) -> tuple[dict[str, Any], SignOff]:
        baseline = find(ws, project_id, name)  # the same transaction: it is there when the write is
        stored = _dicts(doc.get("baselines"))
        entry = dict(stored[baseline.name])
        signed = {"who": who, "role": role, "org": org, "date": (date or dt.date.today()).isoformat(),
                  "comment": str(comment or "").strip(), "recorded": _now(), "author": ws.author or ""}  # fmt: skip
        entry["signoffs"] = [*(s for s in entry.get("signoffs") or [] if isinstance(s, dict)), signed]
        return {**doc, "baselines": {**stored, baseline.name: entry}}, SignOff(**signed)

    return _edit(project_id, change)
