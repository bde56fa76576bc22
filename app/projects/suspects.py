"""Suspect links: what was agreed on answers that have changed since.

A WBS task generated from hearing answers, a proposal section built from them and an environment
choice (a rule of the wiki) prefilled from them each *depend* on those answers. Once such an item
is agreed (a task marked agreed on a date; everything the newest signed baseline holds), a later change
of one of its answers makes it *suspect*: it shows the answer as it was when agreed and as it is
now, until someone reviews it (clears the mark) or agrees it again. What a signed baseline agreed is
read from it (the answers it froze: its time is kept to the second, an answer's to the microsecond);
a task it does not hold (added since) was not agreed by it; one it holds that is gone (a generation removed it
after the scope changed) is listed as deleted. An answer marked 対象外 by its status reads
as 対象外, as the WBS and the proposal read it.

Reviews are kept in the project document ``suspect_reviews`` ({key: {item id: ISO time}}), each one
operation (one undo step), read with :class:`ReviewsDocument` (a project file's import checks it with it too).
Nothing here writes anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ContentError, NotFoundError, ValidationFailed
from app.core.messages import Label, first_problem
from app.core.project import Agreed

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.project import HeldTask
    from app.core.workspace import Workspace
    from app.hearing import HistoryEntry
    from app.wbs import Task, WbsTree

KIND = "suspect_reviews"
TASK, PROPOSAL, ENVIRONMENT, REVIEW = "task", "proposal", "environment", "review"
KINDS = {
    TASK: Label(ja="WBSタスク", en="WBS task"),
    PROPOSAL: Label(ja="提案書の節", en="proposal section"),
    ENVIRONMENT: Label(ja="環境の選択(Wikiのルール)", en="environment choice (wiki rule)"),
    REVIEW: Label(ja="レビューの評価", en="review score"),
}


@dataclass(frozen=True)
class Dependent:
    """Something built from hearing answers: ``key`` is ``task:<uid>``, ``proposal:<section id>``
    or ``environment:<field id>``; ``agreed_at`` (naive UTC) when it was agreed, else None."""

    key: str
    kind: str
    label: Label
    sources: tuple[str, ...]
    agreed_at: dt.datetime | None
    task_id: int | None = None  # a task's id in this database (the key names its uid: stable across copies)
    page: str = ""  # the window's page that shows it
    # Agreed in a signed baseline: the answers as it holds them (item id -> (status, value, later)). None: agreed at
    # ``agreed_at`` (ticked on a task, or a baseline whose snapshot cannot be read): the answers as they read then.
    held: Mapping[str, tuple[str, Any, Any]] | None = field(default=None, compare=False, repr=False)
    removed: bool = False  # a task the signed baseline holds that is no longer in the WBS (named as it held it)

    @property
    def ref(self) -> str:
        return self.key.partition(":")[2]


@dataclass(frozen=True)
class StatusValue:
    """An answer that reads as its status (対象外 marked on the item, whatever its value): shown by the status's name."""

    status: str


OUT = StatusValue("not_applicable")  # (AnswerStatus.NOT_APPLICABLE)


@dataclass(frozen=True)
class Agreement:
    """What an item not ticked on its own was agreed in: when (naive UTC), the answers it holds and the uids of the
    tasks it holds (None: not known, every task and the answers as they read then)."""

    at: dt.datetime
    answers: Mapping[str, tuple[str, Any, Any]] | None = None
    tasks: frozenset[str] | None = None
    built: Mapping[str, HeldTask] | None = None  # its tasks built from answers, as it holds them


@dataclass(frozen=True)
class Suspect:
    """``dependent`` was agreed when ``item_id`` read ``old``; it reads ``new`` since ``changed_at``."""

    dependent: Dependent
    item_id: str
    item_label: Label
    old: Any
    new: Any
    changed_at: dt.datetime
    author: str


def local_midnight_utc(day: dt.date) -> dt.datetime:
    """The start of ``day`` on this computer's clock, as naive UTC (how answer history is stored)."""
    return dt.datetime.combine(day, dt.time.min).astimezone(dt.UTC).replace(tzinfo=None)


def _task_agreed(task: Task, agreed: Agreement | None) -> tuple[dt.datetime | None, Mapping[str, Any] | None]:
    """When a task was last agreed, and the answers it was agreed on when that was a signed baseline: ticked
    "agreed" (the moment, else the end of its agreed-on day: what a meeting ended with) or held by the newest signed
    baseline, whichever came later. A task that baseline does not hold (added since) was not agreed by it."""
    own = None
    if task.agreed:
        own = task.agreed_at or (local_midnight_utc(task.agreed_on + dt.timedelta(days=1)) if task.agreed_on else None)
    if agreed is None or (agreed.tasks is not None and str(task.uid) not in agreed.tasks):
        return own, None
    if own is not None and own > agreed.at:
        return own, None
    return agreed.at, agreed.answers


def _task_dependents(ws: Workspace, tree: WbsTree, agreed_in: Agreement | None) -> list[Dependent]:
    """The tasks built from answers: those that put them there, and those their template's wordings read (学習基盤
    answered 対象外 rewords the agreed data scientists' trial: suspect, as what was agreed reads otherwise now)."""
    from app.wbs import wbs_catalog

    cat = wbs_catalog(ws.library)
    found: list[Dependent] = []
    for task in tree.tasks.values():
        items = tuple(dict.fromkeys([*(str(t.get("item")) for t in task.origin.answers if t.get("item")), *cat.wording_items(task.origin.template_id)]))
        if not items:
            continue
        agreed, held = _task_agreed(task, agreed_in)
        code = tree.codes.get(task.id, "")
        title = f"{code} {task.title}".strip()
        found.append(Dependent(f"{TASK}:{task.uid}", TASK, Label(ja=title, en=title), items, agreed, task.id, "wbs", held))
    return found


def _removed_task_dependents(ws: Workspace, tree: WbsTree, agreed: Agreement | None) -> list[Dependent]:
    """The tasks built from answers that the signed baseline holds and the WBS no longer has (a generation after a
    scope change removes the untouched ones the customer signed): named as the baseline holds them."""
    from app.wbs import wbs_catalog

    if agreed is None or not agreed.built:
        return []
    cat = wbs_catalog(ws.library)
    here = {str(task.uid) for task in tree.tasks.values()}
    found = []
    for uid, task in agreed.built.items():
        items = tuple(dict.fromkeys([*task.items, *cat.wording_items(task.template_id)]))
        if uid in here or not items:
            continue
        title = f"{task.code} {task.title}".strip()
        label = Label(ja=f"{title}(削除されました)", en=f"{title} (deleted)")
        found.append(Dependent(f"{TASK}:{uid}", TASK, label, items, agreed.at, None, "wbs", agreed.answers, removed=True))
    return found


def task_suspects(ws: Workspace, project_id: int, tree: WbsTree, lang: Lang, held: Agreed | None | bool = True) -> dict[int, list[str]]:
    """The WBS page's marks: task id -> one line per changed answer ("label: old → new"). ``held``: the newest signed
    agreement as the caller read it already (:func:`app.core.project.last_agreed`: its snapshot is read once), or True
    to read it here."""
    from app.hearing import AnswerService

    agreed = agreement(ws, project_id) if held is True else agreement_of(held if isinstance(held, Agreed) else None)
    items = [d for d in _task_dependents(ws, tree, agreed) if d.agreed_at]
    if not items:
        return {}
    histories = AnswerService(ws.db, ws.library).histories(project_id, {i for d in items for i in d.sources})
    marks: dict[int, list[str]] = {}
    for s in find(items, histories, reviews(ws, project_id), lambda item_id: item_label(ws, item_id)):
        if s.dependent.task_id is not None:
            old, new = shown_value(ws, s.item_id, s.old, lang, 60), shown_value(ws, s.item_id, s.new, lang, 60)
            marks.setdefault(s.dependent.task_id, []).append(f"{s.item_label.get(lang)}: {old} → {new}")
    return marks


def dependents(ws: Workspace, project_id: int, agreed: Agreement | None = None) -> list[Dependent]:
    """Everything in the project built from hearing answers, with when it was agreed.

    A task counts as agreed when it was ticked (its agreed-on day's end when the moment is not known) or in ``agreed``
    (the newest signed baseline) when that holds it and came later (one it holds that is gone too, :attr:`Dependent.removed`);
    proposal sections, environment choices and review scores in ``agreed``."""
    from app.environment import field_sources, form_in
    from app.proposal import section_sources
    from app.wbs import WbsService

    tree = WbsService(ws.db).tree(project_id)
    found = _task_dependents(ws, tree, agreed) + _removed_task_dependents(ws, tree, agreed)
    signed_at, held = (agreed.at, agreed.answers) if agreed is not None else (None, None)
    try:
        sections = section_sources(ws.library)
    except ContentError:  # no proposal template loaded: nothing of it to watch
        sections = []
    for section in sections:
        found.append(Dependent(f"{PROPOSAL}:{section.section_id}", PROPOSAL, section.title, section.items, signed_at, page="proposal", held=held))
    try:
        form = form_in(ws.library)
    except NotFoundError:
        form = None
    if form is not None:
        fields = {f.id: f for f in form.fields}
        for field_id, items in field_sources(form.fields).items():
            field = fields[field_id]
            label = Label(ja=field.label.ja, en=field.label.en)
            page = "experiment" if field.page == "experiment" else "data-ci"
            found.append(Dependent(f"{ENVIRONMENT}:{field_id}", ENVIRONMENT, label, items, signed_at, page=page, held=held))
    return found + _review_dependents(ws, project_id, agreed)


def _review_dependents(ws: Workspace, project_id: int, agreed: Agreement | None) -> list[Dependent]:
    """Review scores taken from a hearing answer (a confirmed suggestion records the item it read)."""
    from app.review import review_checklists

    doc = DocumentService(ws.db).get(project_id, "review") or {}
    answers = _mapping(doc.get("answers"))
    signed_at, held = (agreed.at, agreed.answers) if agreed is not None else (None, None)
    found = []
    for checklist in review_checklists(ws.library):
        stored = _mapping(answers.get(checklist.id))
        for section in checklist.sections:
            for item in section.items:
                origin = _mapping(_mapping(stored.get(item.id)).get("origin"))
                items = tuple(dict.fromkeys(str(o["ref"]) for o in origin.values()
                                            if isinstance(o, dict) and o.get("kind") == "hearing" and o.get("ref")))  # fmt: skip
                if items:
                    label = Label(ja=f"{checklist.title.ja}: {item.label.ja}", en=f"{checklist.title.en}: {item.label.en}")
                    found.append(Dependent(f"{REVIEW}:{checklist.id}/{item.id}", REVIEW, label, items, signed_at, page="review", held=held))
    return found


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _reviewed_at(value: Any) -> Any:
    """When an answer was reviewed: ISO text in naive UTC, as :func:`clear_op` writes it (compared with when it
    was agreed); None: not reviewed."""
    try:
        when = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if value is not None and (when is None or when.tzinfo is not None):
        raise PydanticCustomError("datetime_parsing", "not a time as the app writes it")  # (said as not a date or time)
    return value


class ReviewsDocument(BaseModel):
    """The document as it is read: ``{dependent key: {item id: ISO time reviewed}}`` and its ``version``."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, dict[str, Annotated[str | None, BeforeValidator(_reviewed_at)]]] = Field(init=False)

    version: int = 1


def reviews(ws: Workspace, project_id: int) -> dict[str, Any]:
    """{dependent key: {item id: ISO time reviewed}} (and the document's ``version``); of the wrong shape (stored
    before the project file's import checked it), ValidationFailed saying where, never a traceback."""
    doc = DocumentService(ws.db).get(project_id, KIND) or {}
    try:
        ReviewsDocument.model_validate(doc)
    except ValidationError as exc:
        where, problem = first_problem(exc)
        raise ValidationFailed(key="suspects.damaged", where=where, problem=problem) from None
    return doc


State = tuple[Any, ...]  # what an answer reads as: (value, later), or (OUT,) when its status is 対象外


def _state(status: object, value: Any, later: Any) -> State:
    return (OUT,) if status == OUT.status else (value, later)


def _value_at(entries: list[HistoryEntry], when: dt.datetime) -> State:
    state: State = (None, None)
    for entry in entries:
        if entry.changed_at > when:
            break
        state = _state(entry.status, entry.value, entry.later)
    return state


def _shown(old: State, new: State) -> tuple[Any, Any]:
    """The two values a suspect shows: the one that changed (now, else later), or what reads as 対象外 beside it."""
    if OUT in (old[0], new[0]):
        before, after = (s[0] if s[0] == OUT or s[0] not in (None, "", []) else s[1] for s in (old, new))
        return before, after
    return (old[0], new[0]) if old[0] != new[0] else (old[1], new[1])


def find(
    items: Iterable[Dependent],
    histories: dict[str, list[HistoryEntry]],
    reviewed: dict[str, Any],
    label_of: Callable[[str], Label],
) -> list[Suspect]:
    """The suspects among ``items`` (pure): an answer reads differently now (its value, or 対象外 by its status) from
    when the item was agreed (as the signed baseline holds it, else as it read then), or from its last review of that
    answer when that came later."""
    found = []
    for dependent in items:
        if dependent.agreed_at is None:
            continue
        for item_id in dependent.sources:
            entries = histories.get(item_id) or []
            if not entries:
                continue
            since = dependent.agreed_at
            seen = reviewed.get(dependent.key, {}).get(item_id)
            if seen:
                since = max(since, dt.datetime.fromisoformat(seen))
            if dependent.held is not None and since == dependent.agreed_at:
                old = _state(*dependent.held.get(item_id, ("", None, None)))  # as the signed baseline holds it
            elif entries[-1].changed_at <= since:
                continue
            else:
                old = _value_at(entries, since)
            last = entries[-1]
            new = _state(last.status, last.value, last.later)
            if new == old:
                continue  # unchanged, or changed and changed back
            before, after = _shown(old, new)
            found.append(Suspect(dependent, item_id, label_of(item_id), before, after, last.changed_at, last.author))
    return found


def agreement(ws: Workspace, project_id: int) -> Agreement | None:
    """The newest signed agreement baseline (:func:`app.core.project.last_agreed`): when it was made and what it holds."""
    from app.core.project import last_agreed

    return agreement_of(last_agreed(ws.db, project_id))


def agreement_of(found: Agreed | None) -> Agreement | None:
    """:func:`agreement` of what :func:`app.core.project.last_agreed` read."""
    if found is None or found.at is None:
        return None
    return Agreement(found.at, found.answers, found.tasks, found.built)


def suspects(ws: Workspace, project_id: int, signed: dt.datetime | None = None) -> list[Suspect]:
    """The project's suspect items, in the order of :func:`dependents`; agreed in the newest
    signed baseline unless ``signed`` says when (then every task, the answers as they read then)."""
    from app.hearing import AnswerService

    agreed = Agreement(signed) if signed is not None else agreement(ws, project_id)
    items = [d for d in dependents(ws, project_id, agreed) if d.agreed_at is not None]
    if not items:
        return []
    sources = {i for d in items for i in d.sources}
    histories = AnswerService(ws.db, ws.library).histories(project_id, sources)
    return find(items, histories, reviews(ws, project_id), lambda item_id: item_label(ws, item_id))


def shown_value(ws: Workspace, item_id: str, value: Any, lang: Lang, limit: int = 120) -> str:
    """An answer's value as the hearing shows it, shortened to ``limit`` characters."""
    from app.hearing import format_value, status_label

    if isinstance(value, StatusValue):
        return status_label(value.status, lang, ws.library)
    if value is None or value == "" or value == []:
        return "(未回答)" if lang == "ja" else "(no answer)"
    text = format_value(ws.library.item(item_id), value, lang)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def item_label(ws: Workspace, item_id: str) -> Label:
    item = ws.library.item(item_id)
    return Label(ja=item.label.ja, en=item.label.en) if item is not None else Label(ja=item_id, en=item_id)


def reviewed_label(library: Any, path: str) -> Label | None:
    """What a stored path of the reviews (``task:17.hearing.basics.schedule``) names, in the user's words: the kind of
    item reviewed and the hearing item whose change it was (「WBSタスク(スケジュール)」); None: neither is known."""
    key, _dot, item_id = path.partition(".")
    kind = KINDS.get(key.partition(":")[0]) if ":" in key else None
    item = library.item(item_id) if kind is not None and item_id else None
    if kind is None or item is None:
        return kind
    return Label(ja=f"{kind.ja}({item.label.ja})", en=f"{kind.en} ({item.label.en})")


def dependents_of(ws: Workspace, project_id: int, item_id: str) -> list[Dependent]:
    """Everything built from the answer to ``item_id`` (for the hearing's "used by"; not a task no longer there)."""
    return [d for d in dependents(ws, project_id, agreement(ws, project_id)) if item_id in d.sources and not d.removed]


def clear_op(project_id: int, found: Iterable[Suspect]) -> ops.Operation:
    """Mark ``found`` reviewed as the user saw them: up to the change each showed (a change made since, in
    another window before this one showed it, keeps the mark suspect). One operation, one undo step."""
    marks = [(s.dependent.key, s.item_id, s.changed_at.isoformat(timespec="microseconds")) for s in found]

    def reviewed(_ws: Workspace, current: dict[str, Any]) -> dict[str, Any]:
        target = {k: dict(v) if isinstance(v, dict) else v for k, v in current.items()}
        for key, item_id, seen in marks:
            earlier = target.setdefault(key, {}).get(item_id)
            target[key][item_id] = _later(seen, earlier)  # never back before a later review
        return target

    return ops.edit_document(project_id, KIND, reviewed, detail="clear")


def _later(seen: str, earlier: object) -> str:
    try:
        return earlier if isinstance(earlier, str) and dt.datetime.fromisoformat(earlier) > dt.datetime.fromisoformat(seen) else seen
    except ValueError:
        return seen
