"""The people of a project (要員): name, role, availability and their own days off, in one project document.

The document (kind ``wbs_resources``)::

    {"version": 1,
     "people": {"<name>": {"role": "DS", "days_per_week": 5, "percent": 100,
                           "off": ["2026-12-29", "2026-12-30"]}}}

A task is assigned to a person through its ``owner_name``: the same name as :func:`name_key` reads
it (widths, case, spaces and invisible characters aside: ｻﾄｳ is サトウ, Ｓａｔｏ  is sato, 山田太郎 is 山田 太郎, 高\u200b橋
is 高橋; the core's key, by which the hearing's follow-up owners are matched too), shown as typed (a person's name
without what nobody sees: :func:`clean_name`). A person renamed takes the tasks they own along (:func:`put_person_op`). A person's availability is
``days_per_week`` (1-5) days a week at ``percent`` (1-100) of a day: ``days_per_week / 5 * percent /
100`` of each working day on average. Their days off come on top
of the company calendar. Each change is one operation through
:func:`app.core.operations.patch_document` (one undo step; a field another window changed
meanwhile is never overwritten).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError, NotFoundError, ValidationFailed
from app.core.files.visible_text import fold_name
from app.core.i18n import Lang, format_date, list_separator
from app.core.i18n import name_key as name_key
from app.core.messages import Label, Many, first_problem

if TYPE_CHECKING:
    from app.core.workspace import Workspace
    from app.wbs.model import WbsTree

KIND = "wbs_resources"
MAX_NAME = 80
MAX_ROLE = 80
MAX_DAYS_OFF = 1_000
TEAM_ITEM = "hearing.basics.team"  # the hearing's team and stakeholders: name, side, role
FIELDS = ("role", "days_per_week", "percent", "off")  # a person's stored fields (a ConflictError names these)


def clean_name(name: object) -> str:
    """A person's name as it is stored and shown: as it is seen (:func:`fold_name`: spaces folded to one,
    invisible characters such as a zero-width space pasted from a chat left out, composed), so that a
    name never holds a character nobody sees (``owner_name`` is matched the same way: :func:`name_key`)."""
    return fold_name(str(name or ""))


@dataclass(frozen=True)
class Person:
    name: str
    role: str = ""
    days_per_week: int = 5  # 1-5
    percent: int = 100  # 1-100
    days_off: frozenset[dt.date] = field(default_factory=frozenset)

    @property
    def capacity(self) -> float:
        """Person-days a working day this person gives the project, on average (1.0: full time)."""
        return self.days_per_week / 5 * self.percent / 100


@dataclass(frozen=True)
class Candidate:
    """A name to offer as a person of the project, with where it was found."""

    name: str
    role: str = ""
    sources: tuple[str, ...] = ()  # "hearing" (the team table) and/or "owner" (a task's owner_name)


def person_label(_library: object, path: str) -> Label | None:
    """The person a stored path of the document names (``people.<name>.<field>``, as a refused change names
    it), by their name (the user's own words); None when it names none."""
    if not path.startswith("people."):
        return None
    name, dot, last = path.removeprefix("people.").rpartition(".")
    name = name if dot and last in FIELDS else path.removeprefix("people.")
    return Label(ja=name, en=name) if name else None


def _int(value: Any, default: int, low: int, high: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else default


def _days(values: Any) -> frozenset[dt.date]:
    found = set()
    for value in values if isinstance(values, list) else ():
        try:
            found.add(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            continue  # a damaged entry reads as no day off, never an error
    return frozenset(found)


class PeopleDocument(BaseModel):
    """The document as it is read: ``people`` an object by name, each person an object (a field of one of
    another shape reads as its default: never an error); other keys are kept. The project file's import
    checks the document with it (app/wbs/transfer.py): a person of another shape (``"田中": "PM"``) is refused
    there, naming them, as the app could neither list them nor add them again."""

    model_config = ConfigDict(extra="allow")

    people: dict[str, dict[str, Any]] | None = None


def stored_people(doc: dict[str, Any]) -> dict[str, Any]:
    """The document's ``people`` as stored, by name; of the wrong shape (stored before the project file's
    import checked it), ValidationFailed saying where, never a traceback."""
    try:
        return dict(PeopleDocument.model_validate(doc or {}).people or {})
    except ValidationError as exc:
        where, problem = first_problem(exc)
        raise ValidationFailed(key="resources.damaged", where=where, problem=problem) from None


def people(doc: dict[str, Any]) -> list[Person]:
    """The document's people by name."""
    found = []
    for name, entry in stored_people(doc).items():
        if not isinstance(entry, dict) or not clean_name(name):
            continue
        found.append(Person(clean_name(name), str(entry.get("role") or ""), _int(entry.get("days_per_week"), 5, 1, 5),
                            _int(entry.get("percent"), 100, 1, 100), _days(entry.get("off"))))
    return sorted(found, key=lambda person: person.name)


def read(ws: Workspace, project_id: int) -> list[Person]:
    return people(DocumentService(ws.db).get(project_id, KIND))


def by_name(found: Iterable[Person]) -> dict[str, Person]:
    return {person.name: person for person in found}


def by_key(found: Iterable[Person]) -> dict[str, Person]:
    """The people by :func:`name_key`: look a task's ``owner_name`` up here with ``name_key(owner_name)``."""
    return {name_key(person.name): person for person in found}


def _stored_name(stored: dict[str, Any], name: str) -> str | None:
    """The stored name that is the same person as ``name`` (:func:`name_key`), if any; the one spelt as
    ``name`` first (a project may hold two names stored before they were one person: 「山田太郎」 and 「山田 太郎」)."""
    if name in stored:
        return name
    key = name_key(name)
    alike = [known for known in stored if name_key(known) == key]
    return next((known for known in alike if clean_name(known) == clean_name(name)), alike[0] if alike else None)


def _entry(stored: dict[str, Any], name: str) -> dict[str, Any]:
    """The stored person ``name`` as :func:`_stored` writes them (read as the app reads them); {} for an entry of another shape."""
    found = people({"people": {name: stored[name]}})
    return _stored(found[0]) if found else {}


def _stored(person: Person) -> dict[str, Any]:
    return {"role": person.role, "days_per_week": person.days_per_week, "percent": person.percent,
            "off": [day.isoformat() for day in sorted(person.days_off)]}


def check(person: Person) -> Person:
    """The person with a clean name, or ValidationFailed naming what is wrong."""
    name = clean_name(person.name)
    if not name:
        raise ValidationFailed(key="resources.name_empty")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="resources.name_long", limit=MAX_NAME)
    role = clean_name(person.role)
    if len(role) > MAX_ROLE:
        raise ValidationFailed(key="resources.role_long", name=name, limit=MAX_ROLE)
    if not (isinstance(person.days_per_week, int) and 1 <= person.days_per_week <= 5):
        raise ValidationFailed(key="resources.days_per_week", name=name, value=person.days_per_week)
    if not (isinstance(person.percent, int) and 1 <= person.percent <= 100):
        raise ValidationFailed(key="resources.percent", name=name, value=person.percent)
    if len(person.days_off) > MAX_DAYS_OFF:
        raise ValidationFailed(key="resources.days_off_many", name=name, limit=MAX_DAYS_OFF)
    return Person(name, role, person.days_per_week, person.percent, frozenset(person.days_off))


def days_text(days: frozenset[dt.date] | set[dt.date], lang: Lang) -> str:
    """Days off as dates and ranges of consecutive days: ``2026/12/29..2026/12/31、2027/01/04`` (as the
    People dialog and ``resources add --off`` read them back)."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [format_date(run[0], lang) if len(run) == 1 else f"{format_date(run[0], lang)}..{format_date(run[-1], lang)}" for run in runs]
    return list_separator(lang).join(parts)


def with_days_off(person: Person, added: Iterable[str] = (), taken_back: Iterable[str] = ()) -> Person:
    """The person with the days off of ``added`` and without those of ``taken_back`` (dates or ranges as
    typed: 2026-12-29, 2026-12-29..2026-12-31, 2026/12/29〜2026/12/31). A date or range of ``taken_back``
    that holds none of their days off (typed by mistake) is refused, naming it: nothing changes."""
    from app.wbs.company_calendar import DAY_OFF_LABEL, parse_days

    days = person.days_off | frozenset(parse_days(added, DAY_OFF_LABEL))
    for text in taken_back:
        gone = days & frozenset(parse_days([text], DAY_OFF_LABEL))
        if not gone:
            raise ValidationFailed(key="resources.not_day_off", name=clean_name(person.name), value=text.strip())
        days -= gone
    return replace(person, days_off=days)


def refuse_unknown(people: Iterable[Person], name: str) -> None:
    """Refuse ``name`` when it is none of ``people`` (days off taken back from someone not in the
    project: said as no such person, not as a day they do not have off)."""
    names = tuple(p.name for p in people)
    if name_key(name) not in {name_key(n) for n in names}:
        raise NotFoundError(key="resources.unknown", name=clean_name(name), known=Many(names) if names else "-")


def _edit(project_id: int, change: Any, detail: Any = None) -> ops.Operation:
    """An operation that writes ``change(doc)`` over the stored document: one undo step."""
    return ops.edit_document(project_id, KIND, lambda _ws, doc: change(doc), detail)


def put_person_op(
    project_id: int, person: Person, replaces: str | None = None, base: Person | None = None, *, new: bool = False, over: Person | None = None
) -> ops.Operation:
    """Add a person, or change one (``replaces``: the name they had, when renamed: the tasks they own follow,
    :func:`_owners_follow`); one undo step.

    ``base``: the person as the form showed them. Then only the fields the user changed from it are
    written; the others keep what is stored (another window's days off stay). A changed field that
    was changed elsewhere too (stored neither as shown nor as typed) is refused with
    :class:`ConflictError` naming the person and the fields (:data:`FIELDS`); nothing is written.

    ``new``: a person typed as new (the People dialog's form, a suggestion). A person of that name stored
    by then (another window, the command line) is replaced only when they are ``over``, the person the
    user saw and agreed to replace; else :class:`ConflictError` naming them, nothing written.
    """
    clean = check(person)
    shown = _stored(check(base)) if base is not None else None
    seen = _stored(over) if over is not None else None  # as read (the stored one is compared as read too, unchecked)

    def change(doc: dict[str, Any]) -> dict[str, Any]:
        stored = stored_people(doc)
        old = _stored_name(stored, replaces) if replaces is not None else None
        if replaces is not None and old is None:
            raise NotFoundError(key="resources.unknown", name=clean_name(replaces), known=Many(tuple(stored)) if stored else "-")
        same = _stored_name(stored, clean.name)
        if same is not None and same != (old if old is not None else clean.name):
            raise ValidationFailed(key="resources.name_taken", name=same)
        if new and replaces is None and same is not None and (seen is None or _entry(stored, same) != seen):
            raise ConflictError(ops.Part.DOCUMENTS, [same])
        entry = _stored(clean)
        if shown is not None and old is not None:
            current = _entry(stored, old)
            changed = {key: value for key, value in entry.items() if value != shown[key]}
            stale = [key for key, value in changed.items() if current.get(key) not in (shown[key], value)]
            if stale:
                raise ConflictError(ops.Part.DOCUMENTS, [old], stale)
            entry = {**current, **changed}
        if old is not None and old != clean.name:
            stored = {(clean.name if k == old else k): v for k, v in stored.items()}
        stored[clean.name] = entry
        return {**doc, "people": stored}

    edit = _edit(project_id, change, clean.name)
    return edit if replaces is None else _owners_follow(project_id, edit, replaces, clean.name)


def _owners_follow(project_id: int, edit: ops.Operation, old: str, new: str) -> ops.Operation:
    """``edit`` (a person saved over the one called ``old``, now ``new``) with the tasks ``old`` owned
    (:func:`name_key`) given to ``new``, in the same transaction: a rename keeps their work and the
    load, levelling and the over-allocation mark go on finding it. One undo step brings back both the
    name and the owners; its redo gives ``new`` again every task ``old`` owns by then (:func:`_both`).
    Only the owner field of each task is written, over the tasks as stored in the
    transaction (a colleague's edit of another field stays; a task a colleague gave someone else meanwhile
    keeps its owner); the undo takes back only the owners still as the rename left them (else it is
    refused, naming the tasks). Nothing moves when ``new`` is the same person (another spelling) or when
    another person stored by the old name (two stored before they were one person) is still theirs."""

    def op(ws: Workspace) -> ops.Change:
        with ws.db.transaction():
            person = edit(ws)
            key = name_key(old)
            if key == name_key(new) or person.restore is None or _still_named(person.after, key):
                return person
            tasks = _give_tasks(ws, project_id, key, new)
        return _both(project_id, person, tasks, key, new)

    return op


def _still_named(doc: Any, key: str) -> bool:
    """Whether a person of the people document ``doc`` is called ``key`` (:func:`name_key`)."""
    return any(name_key(name) == key for name in stored_people(doc if isinstance(doc, dict) else {}))


def _give_tasks(ws: Workspace, project_id: int, key: str, new: str) -> ops.Change:
    """The tasks owned by the name ``key`` (:func:`name_key`) given to ``new``: only their owner field written."""
    from app.wbs.operations import wbs_change
    from app.wbs.service import WbsService

    service = WbsService(ws.db)
    owned = [task.id for task in service.tasks(project_id) if task.owner_name and name_key(task.owner_name) == key]
    return wbs_change(service.update(project_id, owned, owner_name=new) if owned else None, project_id)


def _both(project_id: int, person: ops.Change, tasks: ops.Change, key: str, new: str) -> ops.Change:
    """One step of a person renamed (from the name ``key``, :func:`name_key`, to ``new``) and the tasks that
    followed: ``before`` and ``after`` are (the people document, the tasks), as :func:`documents_of` reads them;
    undone and redone together, in one transaction. The redo does what the rename did: besides the tasks the
    rename moved, it gives ``new`` every task owned by the old name by then (a colleague gave 高橋 one more
    after the undo: else it would belong to nobody, out of the load and levelling); the undo of that redo
    gives those back to the old name too (only their owner, only if still as the redo left it: else refused,
    naming the task), so that every undo brings back exactly what was."""
    doc_restore, task_restore = person.restore, tasks.restore
    assert doc_restore is not None  # (:func:`_owners_follow` makes no step of a change it cannot undo)
    along: list[ops.Change] = []  # the tasks the last redo gave ``new`` besides the rename's own (owned by the old name by then)

    def restore(ws: Workspace, target: tuple[Any, Any], expected: tuple[Any, Any]) -> ops.Change:
        nothing = ops.Change(project_id, frozenset())
        with ws.db.transaction():  # (either refused, e.g. a task's owner changed since: nothing written)
            doc = doc_restore(ws, target[0], expected[0])
            moved = task_restore(ws, target[1], expected[1]) if task_restore is not None else nothing
            if _still_named(target[0], key):  # an undo: what its redo took along goes back to the old name too
                extra = along[-1].restore(ws, along[-1].before, along[-1].after) if along and along[-1].restore else nothing
                taken: list[ops.Change] = []
            elif _still_named(DocumentService(ws.db).get(project_id, KIND), key):
                extra, taken = nothing, []  # (someone stored by the old name again: theirs, as the rename would leave them)
            else:  # a redo: as the rename, every task the old name owns now
                extra = _give_tasks(ws, project_id, key, new)
                taken = [extra] if extra.restore is not None else []
        along[:] = taken  # (once written: a refused step keeps what the last one took)
        return ops.Change(
            project_id, doc.parts | moved.parts | extra.parts, kinds=doc.kinds, tasks=moved.tasks | extra.tasks, before=expected,
            after=target, restore=restore,
        )  # fmt: skip

    return ops.Change(
        project_id, person.parts | tasks.parts, kinds=person.kinds, tasks=tasks.tasks, before=(person.before, tasks.before),
        after=(person.after, tasks.after), restore=restore, detail=person.detail,
    )  # fmt: skip


def documents_of(change: ops.Change) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The people document before and after ``change`` (a person's change, a rename with the tasks that
    followed it, the undo of either); None for a change of something else, or seen from another window."""
    if KIND not in change.kinds:
        return None
    before, after = change.before, change.after
    if isinstance(before, tuple) and isinstance(after, tuple):  # (a rename with its tasks: _both)
        before, after = before[0], after[0]
    return (before, after) if isinstance(before, dict) and isinstance(after, dict) else None


def remove_person_op(project_id: int, name: str) -> ops.Operation:
    """Remove a person (the tasks keep their owner name); one undo step."""
    clean = clean_name(name)

    def change(doc: dict[str, Any]) -> dict[str, Any]:
        stored = stored_people(doc)
        found = _stored_name(stored, clean)
        if found is None:
            raise NotFoundError(key="resources.unknown", name=clean, known=Many(tuple(stored)) if stored else "-")
        return {**doc, "people": {k: v for k, v in stored.items() if k != found}}

    return _edit(project_id, change, clean)


def candidates(ws: Workspace, project_id: int, tree: WbsTree | None = None) -> list[Candidate]:
    """Names to offer as people of the project that are not people yet: the hearing's team and
    stakeholders (with their role) and the tasks' owner names, each once, with where it came from."""
    from app.hearing import AnswerService
    from app.wbs.service import WbsService

    known = {name_key(person.name) for person in read(ws, project_id)}
    found: dict[str, tuple[str, str, list[str]]] = {}  # key -> (name as first typed, role, sources)

    def add(name: object, role: object, source: str) -> None:
        text = clean_name(name)
        key = name_key(text)
        if not text or key in known:
            return
        shown, old_role, sources = found.setdefault(key, (text, clean_name(role), []))
        if not old_role and clean_name(role):
            found[key] = (shown, clean_name(role), sources)
        if source not in sources:
            sources.append(source)

    answer = AnswerService(ws.db, ws.library).answers(project_id).get(TEAM_ITEM)
    for value in (answer.value, answer.later) if answer is not None else ():
        for row in value if isinstance(value, list) else ():
            if isinstance(row, dict):
                add(row.get("name"), row.get("role"), "hearing")
    tree = WbsService(ws.db).tree(project_id) if tree is None else tree
    for task in tree.walk():
        add(task.owner_name, "", "owner")
    return [Candidate(name, role, tuple(sources)) for name, role, sources in found.values()]
