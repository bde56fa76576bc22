"""Generate / update the WBS from the hearing.

Every rule of the catalog is evaluated against the project's answers. A task whose template
holds and is missing is added (under its parent template's task, else its phase's summary task);
a generated task the user never edited, a phase summary too, is refreshed from its template (in
the project's document language), or removed when its condition no longer holds. A task the user
edited is never changed or removed; when its rule no longer holds it is only reported. A generated task the user deleted is not added again unless
asked. Each generated task records its origin: the rule and the answers that triggered it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.core.content.loader import ContentLibrary
from app.core.content.model import AnswerKind
from app.core.i18n import Lang
from app.core.projects import ProjectService
from app.core.storage.db import lock_project
from app.core.workspace import Workspace
from app.hearing import AnswerService, AnswerStatus, format_cell, format_value, is_empty, status_label
from app.wbs.catalog import PHASE_TEMPLATE, Catalog, catalog, template_fields
from app.wbs.model import TEMPLATE_FIELDS, Dependency, Task, TaskOrigin, WbsTree
from app.wbs.outline.generated import HandTasks, keeps_its_own, reworded, set_links
from app.wbs.rules import Condition, DateSource, Rule, TaskTemplate
from app.wbs.service import WbsChange, WbsService
from app.wbs.store import read_meta

if TYPE_CHECKING:
    from app.hearing import Answer

PHASE_RULE = "phase"
ROLES_ITEM = "hearing.basics.tasks_roles"

Trigger = dict[str, Any]


# --- conditions ----------------------------------------------------------------------------------


def _values(answer, which: str) -> list[tuple[str, Any]]:  # Answer | None
    if answer is None or answer.status == AnswerStatus.NOT_APPLICABLE:
        return []
    pairs = {"now": [("now", answer.value)], "later": [("later", answer.later)]}
    return pairs.get(which, pairs["now"] + pairs["later"])


def _equal(value: Any, wanted: Any) -> bool:
    if isinstance(value, list):
        return wanted in value
    if isinstance(value, dict) and "checked" in value:
        return value.get("checked") == wanted
    return value == wanted


def _test(cond: Condition, value: Any) -> Any:
    """The part of ``value`` that meets the test (truthy), or None."""
    if cond.equals is not None:
        return value if _equal(value, cond.equals) else None
    if cond.in_ is not None:
        return value if any(_equal(value, w) for w in cond.in_) else None
    if cond.row is not None:
        if not isinstance(value, list):
            return None
        return next((r for r in value if isinstance(r, dict) and all(r.get(k) == v for k, v in cond.row.items())), None)
    if cond.at_least is not None:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= cond.at_least
        return value if ok else None
    if cond.answered is not None:
        return (value if value is not None else "") if (not is_empty(value)) == cond.answered else None
    return None if is_empty(value) else value


def evaluate(cond: Condition | None, answers: dict) -> list[Trigger] | None:
    """The answers that make ``cond`` true, or None when it is false (an absent condition is true)."""
    if cond is None:
        return []
    if cond.all is not None:
        found: list[Trigger] = []
        for sub in cond.all:
            part = evaluate(sub, answers)
            if part is None:
                return None
            found += part
        return found
    if cond.any is not None:
        parts = [p for p in (evaluate(sub, answers) for sub in cond.any) if p is not None]
        return [t for p in parts for t in p] if parts else None
    if cond.not_ is not None:
        if evaluate(cond.not_, answers) is not None:
            return None
        # What it holds on is still those items (an unanswered scope item): recorded, so a task agreed on it is
        # suspect when it is answered, and one kept after it no longer holds says which answer.
        return [_as_now(item, answers) for item in dict.fromkeys(cond.not_.items())]
    answer = answers.get(cond.item)
    if cond.answered is not None and answer is not None and answer.status == AnswerStatus.NOT_APPLICABLE:
        # 対象外 (not applicable) settles the item as an answer does, with no value to test.
        return [_as_now(cond.item, answers)] if cond.answered else None
    for which, value in _values(answer, cond.of):
        hit = _test(cond, value)
        if hit is not None:
            return [{"item": cond.item, "of": which, "value": hit}]
    return None


def _as_now(item: str | None, answers: dict) -> Trigger:
    """The trigger of an item as it reads now: its value (None unanswered), its status when 対象外."""
    answer = answers.get(item)
    trigger: Trigger = {"item": item, "of": "now", "value": answer.value if answer is not None and not is_empty(answer.value) else None}
    if answer is not None and answer.status == AnswerStatus.NOT_APPLICABLE:
        trigger.update(value=None, status=AnswerStatus.NOT_APPLICABLE.value)
    return trigger


def describe_trigger(trigger: Trigger, library: ContentLibrary, lang: Lang) -> str:
    """``Feature store = In scope now`` / ``Data sources: Browsing logs (personal information)``."""
    item = library.item(trigger.get("item", ""))
    label = item.label.get(lang) if item else str(trigger.get("item"))
    if trigger.get("of") == "later":
        label += "(これから)" if lang == "ja" else " (later)"
    value = trigger.get("value")
    if item is not None and item.kind == AnswerKind.TABLE and isinstance(value, dict):
        columns = {c.id: c for c in item.columns}
        name = next((str(v) for k, v in value.items() if k in ("name", "milestone", "service", "task") and v), "")
        shown = format_cell(columns["date"], value["date"], lang) if "date" in value and "date" in columns else ""
        text = " ".join(p for p in (name, shown) if p)
        return f"{label}: {text}" if text else label
    shown = format_value(item, value, lang) if item is not None else str(value)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return f"{label} = {shown}" if shown else label


def _date_from(sources: list[DateSource], answers: dict) -> dt.date | None:
    for source in sources:
        answer = answers.get(source.item)
        value = answer.value if answer is not None else None
        if source.row is not None:
            rows = value if isinstance(value, list) else []
            row = next((r for r in rows if isinstance(r, dict) and all(r.get(k) == v for k, v in source.row.items())), None)
            value = row.get(source.column or "date") if row else None
        if value:
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                continue
    return None


def _owners(answers: dict) -> dict[str, str]:
    answer = answers.get(ROLES_ITEM)
    owners: dict[str, str] = {}
    for row in (answer.value if answer is not None and isinstance(answer.value, list) else []):
        if isinstance(row, dict) and row.get("role") and row.get("assignee"):
            owners.setdefault(str(row["role"]), str(row["assignee"]))
    return owners


# --- the plan ------------------------------------------------------------------------------------


@dataclass
class GenerationPlan:
    """What generation would do; ``after`` is the target state of every task it touches
    (negative ids are tasks to create)."""

    after: dict[int, Task | None] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)  # template ids
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    kept_edited: list[int] = field(default_factory=list)  # edited tasks whose rule no longer holds
    skipped_dismissed: list[str] = field(default_factory=list)  # templates of generated tasks the user deleted
    left_with: list[str] = field(default_factory=list)  # templates left out with a deleted task they go under (it stood for them)
    adopted: list[int] = field(default_factory=list)  # tasks added by hand taken as a template's (same phase and title)
    covered: list[str] = field(default_factory=list)  # templates not added under a user's worked leaf (it stands for them)
    phase_worked: set[int] = field(default_factory=set)  # a phase's task of the user's, worked as a leaf, that gets sub-tasks

    @property
    def pending(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)

    def summary(self) -> dict[str, int]:
        counted = ("added", "updated", "removed", "kept_edited", "skipped_dismissed", "left_with", "adopted", "covered", "phase_worked")
        return {name: len(getattr(self, name)) for name in counted}


@dataclass
class _Wanted:
    rule: Rule | None
    template: TaskTemplate | None
    triggers: list[Trigger]
    phase: str


def _template_task(cat: Catalog, wanted: _Wanted, lang: Lang, answers: dict) -> dict[str, Any]:
    """The template's own fields: a value for each of TEMPLATE_FIELDS (what refreshing may set)."""
    if wanted.template is None:  # a phase summary
        phase = cat.phase(wanted.phase)
        assert phase is not None  # summaries are made from the catalog's phases
        return {
            "title": phase.title.get(lang),
            "description": "",
            "phase": phase.id,
            "priority": cat.map_priority("must"),
            "completion_condition": phase.completion.get(lang),
            "expected_output": phase.output.get(lang),
            "owner_role": phase.role,
            "estimate_days": None,
            "milestone": False,
        }
    t = wanted.template
    texts = template_fields(t, next((w for w in t.wordings if evaluate(w.when, answers) is not None), None))
    return {
        "title": texts["title"].get(lang),
        "description": texts["description"].get(lang) if "description" in texts else "",
        "phase": wanted.phase,
        "priority": cat.map_priority(t.priority),
        "completion_condition": texts["completion_condition"].get(lang),
        "expected_output": texts["expected_output"].get(lang),
        "owner_role": t.role,
        "estimate_days": t.estimate,
        "milestone": t.milestone,
    }


def plan(
    ws: Workspace, project_id: int, include_dismissed: bool = False, tree: WbsTree | None = None, *, to_apply: bool = True
) -> GenerationPlan:
    cat = catalog(ws.library)
    lang: Lang = ProjectService(ws.db).get(project_id).lang  # type: ignore[assignment]
    answers = AnswerService(ws.db, ws.library).answers(project_id)
    tree = tree or WbsService(ws.db).tree(project_id)
    with ws.db.session() as s:
        dismissed = set(read_meta(s, project_id).dismissed)
    owners = _owners(answers)

    # What the hearing asks for, in catalog order.
    wanted: dict[str, _Wanted] = {}
    for rule in cat.rules:
        rule_triggers = evaluate(rule.when, answers)
        if rule_triggers is None:
            continue
        for task_template in rule.tasks:
            extra = evaluate(task_template.when, answers)
            if extra is None:
                continue
            wanted[task_template.id] = _Wanted(rule, task_template, rule_triggers + extra, task_template.phase or rule.phase or "")
    phases_needed = {w.phase for w in wanted.values() if w.template and not w.template.parent}
    phase_wanted = {f"{PHASE_TEMPLATE}{p.id}": _Wanted(None, None, [], p.id) for p in cat.phases if p.id in phases_needed}

    existing: dict[str, Task] = {}
    for task in tree.tasks.values():
        if task.origin.template_id:
            existing.setdefault(task.origin.template_id, task)
    by_hand = HandTasks(tree, to_apply)  # the tasks the user added (before the template came, say)
    result = GenerationPlan()
    after = result.after
    by_template: dict[str, int] = {k: t.id for k, t in existing.items()}
    next_new = -1
    next_position: dict[int | None, int] = {}

    def current(task_id: int) -> Task:
        task = after.get(task_id)
        return task if task is not None else tree.tasks[task_id]

    def append_position(parent: int | None) -> int:
        if parent not in next_position:
            kids = [tree.tasks[k].position for k in tree.kids(parent)] if parent is None or parent > 0 else []
            next_position[parent] = (max(kids) + 1) if kids else 0
        value = next_position[parent]
        next_position[parent] = value + 1
        return value

    def phase_position(phase_id: str) -> int:
        # Phase summaries keep the catalog's order among themselves.
        rank = cat.phase_index(phase_id)
        tops = [current(k) for k in tree.kids(None)] + [t for t in after.values() if t is not None and t.id < 0 and t.parent_id is None]
        before = [t.position for t in tops if t.origin.rule_id == PHASE_RULE and cat.phase_index(t.phase) < rank]
        return (max(before) + 1) if before else 0

    def create(key: str, want: _Wanted, parent: int | None, position: int | None = None) -> int:
        nonlocal next_new
        fields = _template_task(cat, want, lang, answers)
        task = Task(
            id=next_new,
            uid=0,
            parent_id=parent,
            position=append_position(parent) if position is None else position,
            owner_name=owners.get(fields["owner_role"], ""),
            not_before=_date_from(want.template.not_before, answers) if want.template else None,
            origin=TaskOrigin(rule_id=want.rule.id if want.rule else PHASE_RULE, template_id=key, answers=want.triggers),
            often_missed=(want.template.often_missed or "") if want.template else "",
            **fields,
        )
        after[task.id] = task
        by_template[key] = task.id
        result.added.append(key)
        next_new -= 1
        return task.id

    def adopt(key: str, want: _Wanted) -> bool:
        """Take the user's own task of this phase and title (either language) as the template's: added by hand
        before the template came (an old project), it is not added again beside it. It stays as the user wrote it
        (edited: never refreshed, relinked or removed); only its origin says which rule now calls for it."""
        titles = [t["title"].get(o) for t in cat.template_texts(key) for o in ("ja", "en")]
        mine = by_hand.take(titles, want.phase, want.template is None, by_template.get(f"{PHASE_TEMPLATE}{want.phase}"))
        if mine is None:
            return False
        origin = TaskOrigin(rule_id=want.rule.id if want.rule else PHASE_RULE, template_id=key, answers=want.triggers, adopted=True,
                            sheet=mine.origin.sheet)  # (the Excel row it was added from: the same workbook again recognises it)
        update: dict[str, Any] = {"origin": origin, "user_edited": True} | ({} if mine.phase else {"phase": want.phase})  # (no phase: its place gave it)
        after[mine.id] = current(mine.id).model_copy(update=update)
        by_template[key] = mine.id
        result.adopted.append(mine.id)
        return True

    def refresh(key: str, want: _Wanted) -> None:
        # A generated task the user never edited follows its template (and the document language).
        task = existing[key]
        fields = _template_task(cat, want, lang, answers)
        if task.user_edited:  # (only its texts, when they all still read as a wording of its template wrote them)
            if texts := reworded(cat.template_texts(key), task, fields):
                after[task.id] = current(task.id).model_copy(update=texts)
                result.updated.append(task.id)
            return
        update = {k: fields[k] for k in TEMPLATE_FIELDS if getattr(task, k) != fields[k]}
        origin = TaskOrigin(rule_id=want.rule.id if want.rule else PHASE_RULE, template_id=key, answers=want.triggers)
        if origin != task.origin:
            update["origin"] = origin
        if want.template is not None and want.template.not_before:
            not_before = _date_from(want.template.not_before, answers)
            if not_before != task.not_before:
                update["not_before"] = not_before
        if update:
            after[task.id] = current(task.id).model_copy(update=update)
            result.updated.append(task.id)

    # Phase summaries first (new ones slot in by phase order; later ones shift down).
    for key, want in phase_wanted.items():
        if key in existing:
            refresh(key, want)
            continue
        if adopt(key, want):
            continue
        if key in dismissed and not include_dismissed:
            result.skipped_dismissed.append(key)  # (a phase the user deleted: its summary counts as a task left out)
            continue
        position = phase_position(want.phase)
        for kid in tree.kids(None):
            task = current(kid)
            if task.position >= position:
                after[kid] = task.model_copy(update={"position": task.position + 1})
        for added in list(after.values()):
            if added is not None and added.id < 0 and added.parent_id is None and added.position >= position:
                after[added.id] = added.model_copy(update={"position": added.position + 1})
        create(key, want, None, position)

    for key, want in wanted.items():
        template = want.template
        assert template is not None and want.rule is not None  # only phase summaries lack them
        if key in existing:
            refresh(key, want)
            continue
        if adopt(key, want):
            continue
        if key in dismissed and not include_dismissed:
            result.skipped_dismissed.append(key)
            continue
        if template.parent and (template.parent in result.skipped_dismissed or template.parent in result.left_with):
            result.left_with.append(key)  # (its summary deleted, or the user's task that stood for it: left out with it, said so)
            continue
        if template.parent and template.parent in by_template:
            parent: int | None = by_template[template.parent]
        else:
            parent = by_template.get(f"{PHASE_TEMPLATE}{want.phase}")
        worked = parent if parent is not None and keeps_its_own(tree, current(parent)) else None
        phase_row = worked is not None and current(worked).origin.rule_id == PHASE_RULE  # (a phase's: its tasks go under it, said)
        if template.parent in result.covered or (worked is not None and not phase_row):
            result.covered.append(key)  # (the user's leaf, or a template it stands for, covers it: nothing hidden under it)
            continue
        if worked is not None:
            result.phase_worked.add(worked)
        create(key, want, parent)

    # Generated tasks whose condition no longer holds.
    all_wanted = set(wanted) | set(phase_wanted)
    doomed: set[int] = set()
    for key, task in existing.items():
        if key in all_wanted:
            continue
        subtree = [task.id, *tree.descendants(task.id)]
        if any(tree.tasks[i].user_edited or not tree.tasks[i].origin.template_id for i in subtree):
            if task.user_edited:
                result.kept_edited.append(task.id)
            continue
        if any(by_template.get(k) in subtree for k in all_wanted if k in existing):
            continue  # a wanted task still lives below it
        doomed.update(subtree)

    # Links between generated tasks (new ones, and refreshed ones the user has not touched): to a task the WBS keeps (a
    # predecessor going: its `otherwise`), never between a task and its own summary or sub-task, never closing a cycle.
    def kept(k: str | None) -> bool:
        return k is not None and k in by_template and by_template[k] not in doomed

    links: dict[int, list[Dependency]] = {}
    for key, want in wanted.items():
        task_id = by_template.get(key)
        if task_id is None or want.template is None or task_id in doomed or (task_id > 0 and current(task_id).user_edited):
            continue
        found = [(p.task if kept(p.task) else p.otherwise, p.lag) for p in want.template.predecessors()]
        links[task_id] = [Dependency(predecessor_id=by_template[k], lag_days=lag) for k, lag in found if k is not None and kept(k)]
    if to_apply:  # (the links and their cycle check over the whole plan: not for stale_tasks, at every page load)
        result.updated += [i for i in set_links(tree, after, links, doomed) if i not in result.updated]

    for task_id in doomed:
        after[task_id] = None
        result.removed.append(task_id)
    for task in tree.tasks.values():
        if task.id in doomed:
            continue
        target = current(task.id)
        if any(d.predecessor_id in doomed for d in target.dependencies):
            after[task.id] = target.model_copy(update={"dependencies": [d for d in target.dependencies if d.predecessor_id not in doomed]})
    for added in list(after.values()):
        if added is not None and added.id < 0 and any(d.predecessor_id in doomed for d in added.dependencies):
            after[added.id] = added.model_copy(update={"dependencies": [d for d in added.dependencies if d.predecessor_id not in doomed]})
    result.removed.sort()
    return result


def generate(ws: Workspace, project_id: int, include_dismissed: bool = False) -> WbsChange:
    """Apply the plan as one undoable change; ``change.info`` holds the counts."""
    with ws.db.session() as s:  # inside the operation's transaction: the plan is read under the lock
        lock_project(s, project_id)
    result = plan(ws, project_id, include_dismissed)
    return WbsService(ws.db).apply_snapshot(project_id, result.after, kind="generate", **result.summary(),
                                            phase_rows=tuple(sorted(result.phase_worked)))  # (named with their figures: phase_row_said)


def stale_tasks(ws: Workspace, project_id: int, tree: WbsTree | None = None) -> set[int]:
    """Edited generated tasks whose rule the hearing no longer meets (shown as a problem)."""
    return set(plan(ws, project_id, tree=tree, to_apply=False).kept_edited)  # (no hand task taken, no link set: neither is kept_edited's)


_why_cache: dict[int, tuple[ContentLibrary, dict[str, Rule]]] = {}


def _rules(library: ContentLibrary) -> dict[str, Rule]:
    cached = _why_cache.get(id(library))
    if cached is None or cached[0] is not library:
        cached = (library, {r.id: r for r in catalog(library).rules})
        _why_cache[id(library)] = cached
    return cached[1]


def origin_text(task: Task, library: ContentLibrary, lang: Lang, answers: dict[str, Answer] | None = None) -> str:
    """Why a task is there (the rule's reason and the answers), for the table, exports and tooltips.

    With ``answers`` (the project's answers now) the reasons are the answers as they read now, not
    as they read when the task was generated; a rule they no longer meet says so."""
    if task.origin.is_manual:
        return "手動で追加" if lang == "ja" else "added by hand"
    if task.origin.rule_id == PHASE_RULE:
        return "フェーズのまとめ" if lang == "ja" else "phase summary"
    rule = _rules(library).get(task.origin.rule_id)
    why = rule.why.get(lang) if rule is not None and rule.why else task.origin.rule_id
    triggers, lapsed = task.origin.answers, False
    if answers is not None and rule is not None:
        current = evaluate(rule.when, answers)
        lapsed = current is None
        if lapsed:  # (an origin recorded before the items a `not` reads were: the rule's items, as they read now)
            triggers = [_now(t, answers) for t in triggers or [{"item": i} for i in dict.fromkeys(rule.when.items() if rule.when else [])]]
        else:
            triggers = current or []
    reasons = "; ".join(describe_trigger(t, library, lang) + _unset(t, library, lang) for t in triggers)
    if lapsed:
        reasons = ("もう当てはまりません: " if lang == "ja" else "no longer met: ") + reasons
    return f"{why} ({reasons})" if reasons else why  # (the rule's id is internal: no file reads it back, no user sees it)


def _now(trigger: Trigger, answers: dict[str, Answer]) -> Trigger:
    """``trigger`` with its item's value as it reads now (its status too when that is 対象外)."""
    answer = answers.get(str(trigger.get("item")))
    values = _values(answer, str(trigger.get("of") or "now"))
    now = {k: v for k, v in trigger.items() if k != "status"} | {"value": values[0][1] if values else None}
    if answer is not None and answer.status == AnswerStatus.NOT_APPLICABLE:
        now["status"] = AnswerStatus.NOT_APPLICABLE.value
    return now


def _unset(trigger: Trigger, library: ContentLibrary, lang: Lang) -> str:
    """What an item without a value reads as: 対象外 (its status), else (未回答)."""
    if not is_empty(trigger.get("value")):
        return ""
    if trigger.get("status") == AnswerStatus.NOT_APPLICABLE:
        return " = " + status_label(AnswerStatus.NOT_APPLICABLE, lang, library)
    return " = (未回答)" if lang == "ja" else " = (no answer)"
