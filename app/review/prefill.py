"""Suggestions from what the project already knows, each with its reason; applied only when confirmed.

A checklist item's ``prefill`` rules (content) name one source each: a hearing answer, a WBS task
made from a template that is done, or an environment / data-platform field the user set. The
first rule that holds suggests its value for a field the engineer has not filled in yet; the
reason names the source by its label and value, in both languages, as a generated WBS task
records the answers it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.documents import DocumentService
from app.review.model import PrefillRule, ReviewChecklist
from app.review.scoring import ItemAnswer

if TYPE_CHECKING:
    from app.core.workspace import Workspace

ENVIRONMENT_KINDS = ("environment", "data_platform")  # the environment feature's documents: {"values": {...}}


@dataclass(frozen=True)
class Suggestion:
    checklist_id: str
    item_id: str
    field: str  # score | level | current | target
    value: float
    kind: str  # hearing | wbs | environment
    ref: str  # the hearing item, WBS template or environment field
    reason: dict[str, str]  # {"ja": ..., "en": ...}

    def reason_text(self, lang: str) -> str:
        return self.reason.get(lang) or self.reason.get("en", "")

    def origin(self) -> dict[str, Any]:
        """What a confirmed suggestion records beside the value."""
        return {"kind": self.kind, "ref": self.ref, "reason": dict(self.reason)}


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules read, gathered once: hearing answers, done WBS tasks, environment values."""

    answers: dict[str, Any]  # item id -> the hearing Answer
    done_tasks: dict[str, list[dict[str, str]]]  # template id -> names of its tasks that are done, by language ("1.2 Title")
    environment: dict[str, Any]  # field id -> the value the user set
    workspace: Workspace = field(compare=False, repr=False)  # (what is read with, never what the facts are)

    @classmethod
    def gather(cls, ws: Workspace, project_id: int) -> ProjectFacts:
        from app.hearing import AnswerService
        from app.wbs import WbsService, wbs_catalog

        tree = WbsService(ws.db).tree(project_id)
        cat = wbs_catalog(ws.library)  # a reason in English names the app's text of the task in English
        done: dict[str, list[dict[str, str]]] = {}
        for task in tree.tasks.values():
            if task.status == "done" and task.origin.template_id:
                code = tree.codes.get(task.id, "")
                names = {lang: f"{code} {cat.worded(task, lang).title}".strip() for lang in ("ja", "en")}
                done.setdefault(task.origin.template_id, []).append(names)
        documents = DocumentService(ws.db)
        environment: dict[str, Any] = {}
        for kind in ENVIRONMENT_KINDS:
            values = documents.get(project_id, kind).get("values")
            if isinstance(values, dict):
                environment |= values
        return cls(AnswerService(ws.db, ws.library).answers(project_id), done, environment, ws)


def _hearing_value(answer: Any) -> Any:
    from app.hearing import is_empty

    if answer is None:
        return None
    for value in (answer.value, answer.later):
        if not is_empty(value):
            return value
    return None


def _accepts(value: Any, tokens: list[str]) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return False
    if not tokens:
        return True
    chosen = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and v in tokens for v in chosen)


def _environment_field(ws: Workspace, field_id: str) -> Any:
    """The environment form's field (its label and options), read from the content library by duck
    type: this feature does not import the environment feature."""
    for form in ws.library.documents.get("environment_form", {}).values():
        for f in getattr(form, "fields", ()):
            if getattr(f, "id", None) == field_id:
                return f
    return None


def _environment_text(f: Any, value: Any, lang: str) -> str:
    options = {getattr(o, "id", None): o.label.get(lang) for o in getattr(f, "options", ()) or ()} if f is not None else {}
    values = value if isinstance(value, list) else [value]
    return ", ".join(str(options.get(v, v)) if not isinstance(v, dict | list) else "…" for v in values)


def _reason(rule: PrefillRule, facts: ProjectFacts) -> dict[str, str] | None:
    """The rule's reason in both languages when it holds, else None."""
    ws = facts.workspace
    if rule.hearing:
        value = _hearing_value(facts.answers.get(rule.hearing))
        if not _accepts(value, rule.is_):
            return None
        from app.hearing import format_value

        item = ws.library.item(rule.hearing)
        label = {lang: item.label.get(lang) if item else rule.hearing for lang in ("ja", "en")}
        shown = {lang: format_value(item, value, lang) for lang in ("ja", "en")}
        return {"ja": f"ヒアリング「{label['ja']}」の回答: {shown['ja']}", "en": f"Hearing “{label['en']}”: {shown['en']}"}
    if rule.wbs:
        names = facts.done_tasks.get(rule.wbs)
        if not names:
            return None
        return {"ja": f"WBSタスク「{names[0]['ja']}」が完了", "en": f"WBS task “{names[0]['en']}” is done"}
    value = facts.environment.get(rule.environment)
    if not _accepts(value, rule.is_):
        return None
    f = _environment_field(ws, rule.environment)
    label = {lang: f.label.get(lang) if f is not None else rule.environment for lang in ("ja", "en")}
    return {
        "ja": f"実験環境・データ基盤「{label['ja']}」: {_environment_text(f, value, 'ja')}",
        "en": f"Environment “{label['en']}”: {_environment_text(f, value, 'en')}",
    }


def suggestions(checklist: ReviewChecklist, answers: dict[str, ItemAnswer], facts: ProjectFacts) -> list[Suggestion]:
    """The first rule that holds per item and field, for fields not filled in yet, in checklist order."""
    found: list[Suggestion] = []
    for item in checklist.items():
        answer = answers.get(item.id, ItemAnswer())
        taken: set[str] = set()
        for rule in item.prefill:
            if rule.field in taken or answer.value(rule.field) is not None:
                continue
            reason = _reason(rule, facts)
            if reason is not None:
                taken.add(rule.field)
                found.append(Suggestion(checklist.id, item.id, rule.field, rule.value, rule.source_kind, rule.ref, reason))
    return found
