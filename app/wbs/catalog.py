"""The WBS content in force: every ``wbs_rules`` file merged, with labels for scale, roles and phases."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.content.loader import ContentLibrary
from app.core.content.model import Localized
from app.core.errors import ContentError, FieldRefused
from app.core.i18n import Lang, typed_key
from app.core.messages import Label, Many, Message
from app.wbs.model import STATUS_LABELS, Status, Task, WbsTree, field_name
from app.wbs.rules import (
    DEFAULT_PRIORITIES,
    Condition,
    Phase,
    Role,
    Rule,
    ScaleEntry,
    TaskTemplate,
    WbsRules,
    Wording,
)

PRIMARY = "wbs"
PHASE_TEMPLATE = "phase."  # a phase summary's template id: "phase." and the phase's id
LABELLED = ("priority", "status", "owner_role", "phase")  # the task fields shown by a label of the content
# When no rules file brings a scale (the shipped one did not load): the default keys, shown as they
# are. The labels live in the content only (checklists/wbs_rules.yaml).
FALLBACK_SCALE = [ScaleEntry(id=key, label=Localized(ja=key, en=key)) for key in DEFAULT_PRIORITIES]


# What the totals call the tasks without a phase or an owner role (an imported row left blank).
UNSET_LABEL: dict[Lang, str] = {"ja": "未設定", "en": "Not set"}


@dataclass
class Catalog:
    scale: list[ScaleEntry] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    templates: dict[str, tuple[Rule, TaskTemplate]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # rule id -> the id of the file it comes from

    @property
    def priority_keys(self) -> list[str]:
        return [e.id for e in self.scale]

    def map_priority(self, key: str) -> str:
        """A template's priority on the scale in force (matched by rank when the scale is custom)."""
        keys = self.priority_keys
        if key in keys:
            return key
        rank = DEFAULT_PRIORITIES.index(key) if key in DEFAULT_PRIORITIES else 1
        return keys[min(rank, len(keys) - 1)]

    def priority_label(self, key: str, lang: Lang) -> str:
        entry = next((e for e in self.scale if e.id == key), None)
        return entry.label.get(lang) if entry else key

    def priority_rank(self, key: str) -> int:
        keys = self.priority_keys
        return keys.index(key) if key in keys else len(keys)

    def role_label(self, key: str, lang: Lang) -> str:
        role = next((r for r in self.roles if r.id == key), None)
        return role.label.get(lang) if role else key

    def phase_label(self, key: str, lang: Lang) -> str:
        phase = self.phase(key)
        return phase.title.get(lang) if phase else key

    def bucket_label(self, name: str, key: str, lang: Lang) -> str:
        """A totals bucket by its label (``phase``, ``owner_role`` or ``priority``); the bucket of the
        tasks without one is 「未設定」 / "Not set", never a blank."""
        if not str(key or "").strip():
            return UNSET_LABEL[lang]
        return str(self.label_of(name, key, lang))

    def phase(self, key: str) -> Phase | None:
        return next((p for p in self.phases if p.id == key), None)

    def phase_index(self, key: str) -> int:
        ids = [p.id for p in self.phases]
        return ids.index(key) if key in ids else len(ids)

    @staticmethod
    def status_label(key: str, lang: Lang) -> str:
        return STATUS_LABELS.get(key, {}).get(lang, key)

    def template_texts(self, template_id: str) -> list[dict[str, Localized]]:
        """The texts the template ``template_id`` gives a task, a phase summary's from its phase ([]: not in the
        content): its own, then each of its other wordings (:class:`~app.wbs.rules.Wording`) with its own beside."""
        if template_id.startswith(PHASE_TEMPLATE):
            phase = self.phase(template_id.removeprefix(PHASE_TEMPLATE))
            return [] if phase is None else [{"title": phase.title, "completion_condition": phase.completion, "expected_output": phase.output}]
        found = self.templates.get(template_id)
        if found is None:
            return []
        return [template_fields(found[1], wording) for wording in (None, *found[1].wordings)]

    def wording_items(self, template_id: str) -> tuple[str, ...]:
        """The hearing items the template's wordings read (which texts a task of it gets); () for none."""
        found = self.templates.get(template_id)
        return tuple(dict.fromkeys(i for w in found[1].wordings if w.when for i in w.when.items() if i)) if found else ()

    def worded(self, task: Task, lang: Lang) -> Task:
        """``task`` as a document in ``lang`` writes it: a text still as its template wrote it (in either language,
        whoever changed the task's other fields) in ``lang``; a text the user typed as typed. A Japanese engineer
        exports an English WBS of a Japanese project: what the app wrote reads in English."""
        if not task.origin.template_id or task.origin.adopted:  # (a task taken from the user's: every text typed)
            return task
        changes = {}
        for texts in self.template_texts(task.origin.template_id):
            for name, text in texts.items():
                value = getattr(task, name)
                if name not in changes and value and value in (text.ja, text.en) and value != text.get(lang):
                    changes[name] = text.get(lang)
        return task.replaced(**changes) if changes else task

    @staticmethod
    def statuses() -> list[str]:
        return [s.value for s in Status]

    def label_of(self, name: str, value: Any, lang: Lang) -> Any:
        """A task field's value as the user reads it: a priority, status, owner role or phase by its
        label (see :data:`LABELLED`); any other value as it is."""
        if name == "priority":
            return self.priority_label(value, lang)
        if name == "status":
            return self.status_label(str(getattr(value, "value", value)), lang)
        if name == "owner_role":
            return self.role_label(value, lang)
        if name == "phase":
            return self.phase_label(value, lang)
        return value

    def lookup(self, kind: str, text: str) -> str | None:
        """The key of a priority / role / phase / status given as key or as a label in either language, read as
        :func:`app.core.i18n.typed_key` compares typed names (the cell editor, the Excel import and the CLI share it)."""
        text = str(text).strip()
        if not text:
            return None
        pairs: list[tuple[str, Localized]]
        if kind == "status":
            pairs = [(s, Localized(**STATUS_LABELS[s])) for s in self.statuses()]
        elif kind == "priority":
            pairs = [(e.id, e.label) for e in self.scale]
        elif kind == "role":
            pairs = [(r.id, r.label) for r in self.roles]
        elif kind == "phase":
            pairs = [(p.id, p.title) for p in self.phases]
        else:
            raise KeyError(kind)
        # As typed: ＰＭ (an input method's full-width mode), ﾃﾞｰﾀｻｲｴﾝﾃｨｽﾄ (half-width kana), any case or spacing.
        folded = typed_key(text)
        for key, label in pairs:
            if folded in (typed_key(key), typed_key(label.ja), typed_key(label.en)):
                return key
        return None

    def typed(self, name: str, text: object) -> str:
        """A priority, status, owner role or phase (the task field ``name``) typed into its cell, as the window's
        lists, the Excel import and the command line read it: by key or by label in either language
        (:meth:`lookup`). A role or phase the content does not list is the user's own, kept as typed (the list is
        editable); a priority or status must be one of the list's, else :class:`FieldRefused` naming the field and
        listing them. "" for nothing typed (the caller says whether the cell may be left empty)."""
        typed = "" if text is None else str(text).strip()
        if name in ("owner_role", "phase"):
            return self.lookup("role" if name == "owner_role" else "phase", typed) or typed
        if not typed:
            return ""
        found = self.lookup(name, typed)
        if found is None:
            options = tuple(e.label for e in self.scale) if name == "priority" else tuple(Label(**STATUS_LABELS[s]) for s in Status)
            raise FieldRefused(field_name(name), typed, key="field.not_an_option", options=Many(options))
        return found


def template_fields(template: TaskTemplate, wording: Wording | None = None) -> dict[str, Localized]:
    """A template's texts by task field, with ``wording``'s in place of those it gives."""
    texts = {"title": template.title, "completion_condition": template.completion, "expected_output": template.output}
    texts |= {"description": template.description} if template.description else {}
    if wording is not None:
        given = {"title": wording.title, "description": wording.description, "completion_condition": wording.completion,
                 "expected_output": wording.output}
        texts |= {name: text for name, text in given.items() if text is not None}
    return texts


def worded_tree(tree: WbsTree, cat: Catalog, lang: Lang) -> WbsTree:
    """``tree`` as a document in ``lang`` writes it (:meth:`Catalog.worded`): for exports only, never written back."""
    tasks = {task_id: cat.worded(task, lang) for task_id, task in tree.tasks.items()}
    return dataclasses.replace(tree, tasks=tasks)  # the same outline: its codes and roll-ups are the tree's


TEMPLATE_TEXTS = ("title", "description", "completion_condition", "expected_output")  # a task's texts a template writes


def typed_texts(task: Task, names: Iterable[str]) -> dict[str, Any]:
    """What to store beside a user's edit of the fields ``names`` of ``task``: its origin with the template's texts
    among them recorded as typed (``origin.typed``), so that no generation rewords the task
    (:func:`app.wbs.outline.generated.reworded`), even when the user typed one of its template's wordings: the
    customer's choice of it. A document still writes a wording of the template in its own language
    (:meth:`Catalog.worded`): the choice is of the wording, which reads in both. {} when there is none to record (a
    task added by hand, or taken from the user's: every text of it is the user's already)."""
    origin = task.origin
    had = origin.typed or []
    new = [name for name in TEMPLATE_TEXTS if name in names and name not in had]
    if not new or not origin.template_id or origin.adopted:
        return {}
    return {"origin": origin.model_copy(update={"typed": [*had, *new]})}


def read_back(cat: Catalog, task: Task, name: str, value: Any, lang: Lang) -> Any:
    """``value`` read for ``task``'s ``name`` from a document in ``lang`` as that document writes it
    (:meth:`Catalog.worded`) when it reads so as the task's own text does: the template's text in either language
    while the task's own still is its template's (the stored Japanese typed back into an English sheet is no
    change); any other value as it is."""
    if name not in TEMPLATE_TEXTS or not isinstance(value, str) or not value or not task.origin.template_id:
        return value
    shown = getattr(cat.worded(task, lang), name)
    return shown if getattr(cat.worded(task.replaced(**{name: value}), lang), name) == shown else value


def worded_fields(cat: Catalog, fields: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """A task kept as a dict of its fields (an agreement baseline's snapshot) as a document in ``lang`` writes it
    (:meth:`Catalog.worded`): its template's texts in ``lang``, what the user typed as typed."""
    from app.wbs.model import TaskOrigin

    origin = fields.get("origin")
    origin = origin if isinstance(origin, dict) else {}
    template_id = origin.get("template_id")
    texts = {name: fields[name] for name in TEMPLATE_TEXTS if isinstance(fields.get(name), str) and fields[name]}
    if not isinstance(template_id, str) or not template_id or not texts or origin.get("adopted"):  # (taken: the user's texts)
        return fields
    worded = cat.worded(Task(id=0, uid=0, origin=TaskOrigin(template_id=template_id), **texts), lang)
    changes = {name: getattr(worded, name) for name in texts if getattr(worded, name) != texts[name]}
    return fields | changes if changes else fields


NEW_TASK_ROLE = "mlops"  # the owner role of a task added by hand (the page's Add task / sub-task, `wbs add`): the planner's

def catalog(library: ContentLibrary) -> Catalog:
    docs: dict[str, WbsRules] = dict(library.documents.get("wbs_rules", {}))  # type: ignore[arg-type]
    ordered = ([docs.pop(PRIMARY)] if PRIMARY in docs else []) + [docs[k] for k in sorted(docs)]
    result = Catalog()
    for doc in ordered:
        if doc.priority_scale:
            result.scale = list(doc.priority_scale)  # the last file that brings a scale wins
        for role in doc.roles:
            if all(r.id != role.id for r in result.roles):
                result.roles.append(role)
        for phase in doc.phases:
            if all(p.id != phase.id for p in result.phases):
                result.phases.append(phase)
        for rule in doc.rules:
            if all(r.id != rule.id for r in result.rules):
                result.rules.append(rule)
                result.files[rule.id] = doc.id
                for template in rule.tasks:
                    result.templates.setdefault(template.id, (rule, template))
    if not result.scale:
        result.scale = list(FALLBACK_SCALE)
    return result


def check_rules(library: ContentLibrary) -> list[ContentError]:
    """What the WBS rules in force use from other content and it does not define: hearing items and
    their options, phases, roles, priorities. Each problem names the file and the rule or task."""
    cat = catalog(library)
    phases = {p.id for p in cat.phases}
    roles = {r.id for r in cat.roles}
    found: list[ContentError] = []
    for rule in cat.rules:
        problems: list[tuple[Message, Message]] = []  # (rule or task, what is wrong)
        in_rule = Message(key="wbs.rules_rule", id=rule.id)
        for condition in [rule.when] + [t.when for t in rule.tasks] + [w.when for t in rule.tasks for w in t.wordings]:
            if condition is None:
                continue
            problems += [(in_rule, Message(key="wbs.rules_no_item", item=i)) for i in condition.items() if library.item(i) is None]
            problems += [(in_rule, problem) for problem in _check_values(condition, library)]
        for template in rule.tasks:
            where = Message(key="wbs.rules_task", id=template.id)
            phase = template.phase or rule.phase
            if phase not in phases:
                problems.append((where, Message(key="wbs.rules_unknown_phase", phase=str(phase))))
            if template.role not in roles:
                problems.append((where, Message(key="wbs.rules_unknown_role", role=template.role)))
            if template.priority not in DEFAULT_PRIORITIES and template.priority not in cat.priority_keys:
                problems.append((where, Message(key="wbs.rules_unknown_priority", priority=template.priority)))
            problems += [(where, Message(key="wbs.rules_no_item", item=d.item)) for d in template.not_before if library.item(d.item) is None]
        path = str(library.sources.get(cat.files[rule.id], cat.files[rule.id]))
        found += [ContentError(path, problem, item=where) for where, problem in problems]
    return found


def _check_values(condition: Condition, library: ContentLibrary) -> list[Message]:
    found: list[Message] = []
    nested = condition.all or condition.any or ([condition.not_] if condition.not_ else [])
    for sub in nested:
        found += _check_values(sub, library)
    item = library.item(condition.item) if condition.item else None
    if item is None:
        return found
    options = {o.id for o in item.options}
    for value in [condition.equals, *(condition.in_ or [])]:
        if value is not None and options and value not in options:
            found.append(Message(key="wbs.rules_not_an_option", value=str(value), item=item.id))
    if condition.row:
        columns = {c.id: c for c in item.columns}
        for key, value in condition.row.items():
            column = columns.get(key)
            if column is None:
                found.append(Message(key="wbs.rules_no_column", item=item.id, column=key))
            elif column.options and value not in {o.id for o in column.options}:
                found.append(Message(key="wbs.rules_not_an_option", value=str(value), item=f"{item.id}[{key}]"))
    if condition.of != "now" and not item.now_later:
        found.append(Message(key="wbs.rules_not_now_later", item=item.id))
    return found
