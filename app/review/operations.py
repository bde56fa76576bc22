"""Review operations: set a score, level or text; confirm a suggestion; make a WBS task of an unmet item.

Each is an operation of :mod:`app.core.operations`: one transaction, one :class:`Change`, one undo
step. Answers are written with :func:`~app.core.operations.patch_document` field by field, so a
field another window changed since is refused (``ConflictError``) and every other field is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.errors import ConflictError, NotFoundError, ValidationFailed
from app.core.limits import check_text
from app.core.messages import Label, Many, Message
from app.core.operations import Change, Operation, Part, patch_document, started_document
from app.review.model import TEXT_FIELD, VALUE_FIELDS, ReviewChecklist, ReviewItem
from app.review.prefill import ProjectFacts, suggestions
from app.review.scoring import KIND, answers_of, is_met, score_text
from app.review.service import find_item

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

UNSET: Any = object()  # no base given: the edit is based on what is stored now


def _label(item: ReviewItem) -> Label:
    return Label(ja=item.label.ja or item.label.en, en=item.label.en or item.label.ja)


def _field_label(name: str) -> Label:
    """A field of an answer as the page's column and the report name it (根拠, メモ, スコア, ...)."""
    from app.review.render import WORDS

    words = WORDS.get(name)
    return Label(ja=words["ja"], en=words["en"]) if words else Label(ja=name, en=name)


def _entry(doc: dict[str, Any], checklist_id: str, item_id: str) -> dict[str, Any]:
    answers = doc.get("answers")
    entry = answers.get(checklist_id, {}).get(item_id) if isinstance(answers, dict) and isinstance(answers.get(checklist_id), dict) else None
    return entry if isinstance(entry, dict) else {}


def _clean(checklist: ReviewChecklist, item: ReviewItem, name: str, value: Any) -> Any:
    """A value the field accepts (None clears it); ValidationFailed naming the item otherwise."""
    scoring = checklist.scoring
    if name == TEXT_FIELD[scoring]:
        text = "" if value is None else str(value)
        check_text(Message(key="review.item_field", item=_label(item), field=_field_label(name)), text)  # TextTooLong by label
        return text
    if name not in VALUE_FIELDS[scoring]:
        raise ValidationFailed(key="review.unknown_field", item=_label(item), field=name)
    if value is None:
        return None
    levels = [lv.value for lv in checklist.levels]
    if isinstance(value, bool) or not isinstance(value, int | float) or float(value) not in levels:
        allowed = Many(tuple(score_text(v) for v in levels))
        raise ValidationFailed(key="review.bad_value", item=_label(item), value=str(value), allowed=allowed)
    return float(value)


def _start(ws: Workspace, project_id: int) -> dict[str, Any]:
    return started_document(ws, project_id, KIND)


def set_fields(project_id: int, checklist_id: str, item_id: str, values: dict[str, Any], base: dict[str, Any] | None = None) -> Operation:
    """Set fields of one answer: ``score`` / ``level`` / ``current`` / ``target`` (None clears) and
    its text (``evidence`` for the ML Test Score, else ``note``).

    ``base``: the values the editor showed, by field; a field stored differently now (another
    window) is refused with ConflictError. Without it the edit is based on what is stored. A value
    typed by hand drops the record of the suggestion it may have come from.
    """

    def op(ws: Workspace) -> Change:
        checklist, item = find_item(ws.library, checklist_id, item_id)
        assert item is not None
        clean = {name: _clean(checklist, item, name, value) for name, value in values.items()}
        with ws.db.transaction():
            entry = _entry(_start(ws, project_id), checklist_id, item_id)
            shown = {name: (base or {}).get(name, entry.get(name)) for name in clean}
            stored_origin = entry.get("origin")
            origin: dict[str, Any] = stored_origin if isinstance(stored_origin, dict) else {}
            before: dict[str, Any] = dict(shown)
            after: dict[str, Any] = dict(clean)
            dropped = {name: origin[name] for name in clean if name in origin and clean[name] != shown[name]}
            if dropped:
                before["origin"] = dropped
            path = lambda e: {"answers": {checklist_id: {item_id: e}}}  # noqa: E731
            return patch_document(project_id, KIND, path(before), path(after), detail=(checklist_id, item_id))(ws)

    return op


def confirm_suggestions(project_id: int, checklist_id: str, wanted: list[tuple[str, str]] | None = None) -> Operation:
    """Apply suggestions of one checklist: ``wanted`` as (item id, field) pairs, None for all offered.

    The value is written with where it came from (``origin``: the source and its reason). A
    suggestion no longer offered (the field was filled in, or the fact changed) is refused.
    """

    def op(ws: Workspace) -> Change:
        checklist, _ = find_item(ws.library, checklist_id)
        with ws.db.transaction():
            doc = _start(ws, project_id)
            offered = {(s.item_id, s.field): s for s in suggestions(checklist, answers_of(doc, checklist_id), ProjectFacts.gather(ws, project_id))}
            keys = list(offered) if wanted is None else wanted
            missing = [k for k in keys if k not in offered]
            if missing:
                item = checklist.item(missing[0][0])
                raise NotFoundError(key="review.suggestion_gone", item=_label(item) if item else missing[0][0])
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}
            for item_id, name in keys:
                s = offered[(item_id, name)]
                before.setdefault(item_id, {})[name] = None
                after.setdefault(item_id, {})[name] = s.value
                after[item_id].setdefault("origin", {})[name] = s.origin()
            return patch_document(project_id, KIND, {"answers": {checklist_id: before}}, {"answers": {checklist_id: after}}, detail=len(keys))(ws)

    return op


def confirm_suggestion(project_id: int, checklist_id: str, item_id: str, field: str) -> Operation:
    return confirm_suggestions(project_id, checklist_id, [(item_id, field)])


@dataclass(frozen=True)
class MadeTask:
    task_id: int
    uid: int
    checklist_id: str
    item_id: str


def task_fields(checklist: ReviewChecklist, item: ReviewItem, lang: Lang) -> dict[str, Any]:
    """The WBS task an unmet item becomes, in the document language; its notes name the review item."""
    section = checklist.section_of(item.id)
    names = {"item": item.label.get(lang), "checklist": checklist.title.get(lang)}
    where = " / ".join(t for t in (checklist.title.get(lang), section.title.get(lang) if section else "", item.label.get(lang)) if t)
    fields: dict[str, Any] = {
        "title": checklist.task.title.get(lang).format(**names),
        "completion_condition": checklist.task.condition.get(lang).format(**names),
        "notes": (f"レビュー項目: {where}" if lang == "ja" else f"Review item: {where}"),
        "description": item.help.get(lang) if item.help else "",
    }
    if checklist.task.output is not None:
        fields["expected_output"] = checklist.task.output.get(lang).format(**names)
    return fields


def make_task(project_id: int, checklist_id: str, item_id: str, lang: Lang) -> Operation:
    """Make an unmet item a WBS task (last at the top level) and link it back: the review stores
    the task's uid, the task's notes name the review item. One step: undo removes both."""
    return make_tasks(project_id, checklist_id, [item_id], lang)


def make_tasks(project_id: int, checklist_id: str, item_ids: list[str], lang: Lang) -> Operation:
    """:func:`make_task` for each of several unmet items (the Review page's selected rows), in their order, as
    one step: undo removes every task and link. An item met or linked already refuses the whole (nothing
    written). ``detail``: the :class:`MadeTask` of one item, a tuple of them for several."""

    def op(ws: Workspace) -> Change:
        from app.wbs import WbsService

        wbs = WbsService(ws.db)
        before: dict[int, Any] = {}
        after: dict[int, Any] = {}
        base: dict[str, Any] = {}
        target: dict[str, Any] = {}
        made: list[MadeTask] = []
        with ws.db.transaction():
            doc = _start(ws, project_id)
            answers = answers_of(doc, checklist_id)
            for item_id in dict.fromkeys(item_ids):
                checklist, item = find_item(ws.library, checklist_id, item_id)
                assert item is not None
                answer = answers.get(item_id)
                if answer is not None and is_met(checklist, item, answer):
                    raise ValidationFailed(key="review.item_met", item=_label(item))
                tree = wbs.tree(project_id)
                linked = next((t for t in tree.tasks.values() if answer is not None and t.uid == answer.task_uid), None)
                if linked is not None:
                    raise ValidationFailed(key="review.task_exists", item=_label(item), task=f"{tree.codes.get(linked.id, '')} {linked.title}".strip())
                added = wbs.add_task(project_id, **task_fields(checklist, item, lang))
                for task_id, was in added.before.items():
                    before.setdefault(task_id, was)  # (as it was before the first)
                after.update(added.after)
                task_id = added.created[0]
                task = added.after[task_id]
                assert task is not None
                base[item_id] = {"task_uid": answer.task_uid if answer else None}
                target[item_id] = {"task_uid": task.uid}
                made.append(MadeTask(task_id, task.uid, checklist_id, item_id))
            linked_doc = patch_document(project_id, KIND, {"answers": {checklist_id: base}}, {"answers": {checklist_id: target}})(ws)
        return Change(
            project_id, frozenset({Part.WBS, Part.DOCUMENTS}), kinds=frozenset({KIND}),
            tasks=frozenset(set(before) | set(after)), before=(before, linked_doc.before), after=(after, linked_doc.after),
            restore=_restore_task_and_link(project_id), detail=made[0] if len(made) == 1 else tuple(made),
        )  # fmt: skip

    return op


def _restore_task_and_link(project_id: int) -> Any:
    """Undo / redo of :func:`make_task`: the WBS tasks and the review document written back together,
    only where both still are what the change left (else ConflictError, nothing written)."""

    def restore(ws: Workspace, target: tuple[Any, Any], expected: tuple[Any, Any]) -> Change:
        from app.wbs import WbsService

        wbs_target, doc_target = target
        wbs_expected, doc_expected = expected
        service = WbsService(ws.db)
        with ws.db.transaction():
            current = service.snapshot(project_id, wbs_expected)
            stale = [i for i in wbs_expected if current.get(i) != wbs_expected[i]]
            if stale:
                tasks = [wbs_expected.get(i) or current.get(i) for i in stale]
                raise ConflictError(Part.WBS, [t.title for t in tasks if t is not None][:5])
            service.restore(project_id, wbs_target, stored=current)
            patch_document(project_id, KIND, doc_expected, doc_target)(ws)
        return Change(
            project_id, frozenset({Part.WBS, Part.DOCUMENTS}), kinds=frozenset({KIND}),
            tasks=frozenset(set(wbs_target) | set(wbs_expected)), before=expected, after=target, restore=restore,
        )  # fmt: skip

    return restore
