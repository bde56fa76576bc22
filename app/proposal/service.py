"""The kickoff proposal: the stored document, and the resolved view that exports and the preview show.

The stored :class:`ProposalDoc` holds only the user's changes. :func:`build_view` combines it with
the content (template and problem library), the hearing's answers (scope, PoC period, milestones:
read here, never copied into the proposal) and the WBS when one exists (dates and effort).
Gathering the inputs touches the database; building the view does not, so the preview can build it
off the UI thread on every keystroke.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from app.core.content.loader import ContentLibrary
from app.core.content.model import Checklist
from app.core.documents import DocumentService
from app.core.errors import ContentError, ValidationFailed
from app.core.i18n import Lang
from app.core.project import ProjectInfo
from app.hearing import Answer
from app.proposal.model import (
    ROLES,
    Block,
    Phase,
    ProblemLibrary,
    ProblemRow,
    ProposalDoc,
    ProposalTemplate,
)
from app.wbs import PlanTask

if TYPE_CHECKING:
    from app.core.workspace import Workspace

KIND = "proposal"
TEMPLATE_ID = "proposal"
LIBRARY_ID = "problems"
HEARING_ID = "hearing"
SCOPE_TAG = "scope"
MAX_TIMELINE_COLUMNS = 26


# --- content ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalContent:
    template: ProposalTemplate
    library: ProblemLibrary


def proposal_content(library: ContentLibrary) -> ProposalContent:
    """The template and the problem library, or a ContentError naming what is missing."""
    template = library.documents.get("proposal_template", {}).get(TEMPLATE_ID)
    problems = library.documents.get("problems", {}).get(LIBRARY_ID)
    if not isinstance(template, ProposalTemplate):
        raise ContentError("checklists/proposal.yaml", f"no proposal template with id {TEMPLATE_ID!r} is loaded")
    if not isinstance(problems, ProblemLibrary):
        raise ContentError("checklists/problems.yaml", f"no problem library with id {LIBRARY_ID!r} is loaded")
    return ProposalContent(template, problems)


# --- the stored document --------------------------------------------------------------------------


def parse_doc(data: dict[str, Any]) -> ProposalDoc:
    try:
        return ProposalDoc.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValidationFailed(f"the stored proposal is damaged ({where}: {first['msg']})") from None


def dump_doc(doc: ProposalDoc) -> dict[str, Any]:
    return doc.model_dump(mode="json", exclude_none=False)


class ProposalService:
    """Reads and writes a project's proposal document (one JSON document of kind "proposal")."""

    def __init__(self, documents: DocumentService) -> None:
        self.documents = documents

    def load(self, project_id: int) -> ProposalDoc:
        return parse_doc(self.documents.get(project_id, KIND))

    def save(self, project_id: int, doc: ProposalDoc) -> None:
        self.documents.put(project_id, KIND, dump_doc(doc))


def default_rows(content: ProposalContent) -> list[ProblemRow]:
    return [ProblemRow(ref=p.id) for p in content.library.problems if p.default]


def effective_rows(doc: ProposalDoc, content: ProposalContent) -> list[ProblemRow]:
    return [r.model_copy() for r in doc.rows] if doc.rows is not None else default_rows(content)


def section_text(doc: ProposalDoc, template: ProposalTemplate, section_id: str, lang: Lang) -> str:
    edited = doc.texts.get(section_id, {}).get(lang)
    if edited is not None:
        return edited
    section = template.section(section_id)
    return section.body.get(lang).rstrip("\n") if section else ""


def with_section_text(
    doc: ProposalDoc, template: ProposalTemplate, section_id: str, lang: Lang, text: str
) -> ProposalDoc:
    """A copy of ``doc`` with the section's text set; typing the template's text back removes the edit."""
    texts = {k: dict(v) for k, v in doc.texts.items()}
    section = template.section(section_id)
    default = section.body.get(lang).rstrip("\n") if section else None
    per_lang = texts.setdefault(section_id, {})
    if text == default:
        per_lang.pop(lang, None)
        if not per_lang:
            texts.pop(section_id)
    else:
        per_lang[lang] = text
    return doc.model_copy(update={"texts": texts})


def with_rows(doc: ProposalDoc, rows: list[ProblemRow]) -> ProposalDoc:
    return doc.model_copy(update={"rows": [r.model_copy() for r in rows]})


def default_effort(template: ProposalTemplate, number: int, role: str) -> float:
    return float(template.task(number).effort.get(role, 0.0))


def effort_value(doc: ProposalDoc, template: ProposalTemplate, number: int, role: str) -> float:
    override = doc.effort.get(str(number), {}).get(role)
    return float(override) if override is not None else default_effort(template, number, role)


def with_effort(doc: ProposalDoc, template: ProposalTemplate, number: int, role: str, days: float) -> ProposalDoc:
    if not math.isfinite(days) or days < 0:
        raise ValidationFailed("effort must be a number of person-days, 0 or more")
    effort = {k: dict(v) for k, v in doc.effort.items()}
    per_task = effort.setdefault(str(number), {})
    if days == default_effort(template, number, role):
        per_task.pop(role, None)
        if not per_task:
            effort.pop(str(number))
    else:
        per_task[role] = days
    return doc.model_copy(update={"effort": effort})


# --- inputs gathered from the database ------------------------------------------------------------


@dataclass(frozen=True)
class ProposalInputs:
    """Everything a proposal shows besides the document itself (read once, then reused)."""

    project: ProjectInfo
    content: ProposalContent
    hearing: Checklist | None
    answers: dict[str, Answer]
    plan: list[PlanTask]
    today: dt.date


def gather_inputs(ws: Workspace, project_id: int, today: dt.date | None = None) -> ProposalInputs:
    from app.core.projects import ProjectService
    from app.hearing import AnswerService
    from app.wbs import plan_tasks

    return ProposalInputs(
        project=ProjectService(ws.db).get(project_id),
        content=proposal_content(ws.library),
        hearing=ws.library.checklists.get(HEARING_ID),
        answers=AnswerService(ws.db, ws.library).answers(project_id),
        plan=plan_tasks(ws, project_id),
        today=today or dt.date.today(),
    )


# --- the resolved view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    text: str
    block: str
    style: str
    edited: bool


@dataclass(frozen=True)
class ProblemView:
    number: int
    problem: str
    countermeasure: str
    phase: str
    phase_label: str
    task: int
    task_label: str
    custom: bool
    ref: str | None


@dataclass(frozen=True)
class TaskView:
    number: int
    title: str
    summary: str


@dataclass(frozen=True)
class ScopeItemView:
    item_id: str
    label: str
    status: str  # now | later | out | "" (not answered)
    status_label: str


@dataclass(frozen=True)
class ScopeLevelView:
    id: str
    title: str
    items: list[ScopeItemView]


@dataclass(frozen=True)
class SpanView:
    """A row of the timeline: a phase, a task or a milestone, with a mark per column."""

    kind: str  # phase | task | milestone
    key: str
    label: str
    start: dt.date | None
    end: dt.date | None
    marks: list[bool]
    start_text: str = ""
    end_text: str = ""


@dataclass(frozen=True)
class ScheduleView:
    source: str  # wbs | hearing | none
    poc_start: dt.date | None
    poc_end: dt.date | None
    columns: list[dt.date]  # the first day of each column
    column_days: int
    rows: list[SpanView]


@dataclass(frozen=True)
class EffortRowView:
    number: int
    title: str
    days: dict[str, float]
    ds_work: str


@dataclass(frozen=True)
class EffortView:
    source: str  # wbs | manual
    rows: list[EffortRowView]
    totals: dict[str, float]
    role_labels: dict[str, str]


@dataclass(frozen=True)
class ProposalView:
    lang: Lang
    title: str
    project_name: str
    customer: str
    created: dt.date
    case: dict[str, str]
    sections: list[SectionView]
    problems: list[ProblemView]
    tasks: list[TaskView]
    scope: list[ScopeLevelView]
    schedule: ScheduleView
    effort: EffortView
    labels: dict[str, str] = field(default_factory=dict)

    def section(self, section_id: str) -> SectionView | None:
        return next((s for s in self.sections if s.id == section_id), None)


def _answer_value(inputs: ProposalInputs, item_id: str) -> Any:
    answer = inputs.answers.get(item_id)
    return answer.value if answer else None


def _date_answer(inputs: ProposalInputs, item_id: str) -> dt.date | None:
    value = _answer_value(inputs, item_id)
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def _problems(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang) -> list[ProblemView]:
    template, library = inputs.content.template, inputs.content.library
    views = []
    for number, row in enumerate(effective_rows(doc, inputs.content), start=1):
        known = library.get(row.ref) if row.ref else None
        problem = row.problem or (known.problem.get(lang) if known else row.ref or "")
        countermeasure = row.countermeasure or (known.countermeasure.get(lang) if known else "")
        phase = (row.phase or (known.phase if known else Phase.POC)).value
        task = row.task if row.task is not None else (known.task if known else 0)
        views.append(
            ProblemView(
                number=number,
                problem=problem,
                countermeasure=countermeasure,
                phase=phase,
                phase_label=template.phase_label(phase, lang),
                task=task,
                task_label=f"{task}. {template.task(task).title.get(lang)}",
                custom=row.is_custom,
                ref=row.ref,
            )
        )
    return views


def _scope(inputs: ProposalInputs, lang: Lang) -> list[ScopeLevelView]:
    if inputs.hearing is None:
        return []
    not_answered = inputs.content.template.label("not_answered", lang)
    levels = []
    for section in inputs.hearing.walk_sections():
        items = []
        for item in section.items:
            if SCOPE_TAG not in item.tags:
                continue
            value = _answer_value(inputs, item.id)
            option = item.option(value) if isinstance(value, str) else None
            items.append(
                ScopeItemView(
                    item_id=item.id,
                    label=item.label.get(lang),
                    status=option.id if option else "",
                    status_label=option.label.get(lang) if option else not_answered,
                )
            )
        if items:
            levels.append(ScopeLevelView(id=section.id, title=section.title.get(lang), items=items))
    return levels


def _wbs_spans(inputs: ProposalInputs) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    by_phase = {t.plan_phase: t.number for t in inputs.content.template.tasks}
    spans: dict[int, tuple[dt.date | None, dt.date | None]] = {}
    for task in inputs.plan:
        number = by_phase.get(task.phase)
        if number is None:
            continue
        start, end = spans.get(number, (None, None))
        if task.start:
            start = min(start, task.start) if start else task.start
        if task.finish:
            end = max(end, task.finish) if end else task.finish
        spans[number] = (start, end)
    return spans


def _milestones(inputs: ProposalInputs) -> list[tuple[str, dt.date, str]]:
    rows = _answer_value(inputs, "hearing.basics.schedule")
    found = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        try:
            when = dt.date.fromisoformat(str(row.get("date") or ""))
        except ValueError:
            continue
        found.append((str(row.get("milestone") or ""), when, str(row.get("kind") or "")))
    return sorted(found, key=lambda m: m[1])


def _schedule(inputs: ProposalInputs, lang: Lang) -> ScheduleView:
    template = inputs.content.template
    milestones = _milestones(inputs)
    wbs = _wbs_spans(inputs)
    wbs_dated = any(s or e for s, e in wbs.values())
    poc_start = _date_answer(inputs, "hearing.basics.poc_start") or inputs.project.start_date
    poc_end = _date_answer(inputs, "hearing.basics.poc_end")
    if poc_end is None:
        finals = [d for _, d, kind in milestones if kind == "final_report"]
        poc_end = finals[-1] if finals else None
    if wbs_dated:
        starts = [s for s, _ in wbs.values() if s]
        ends = [e for _, e in wbs.values() if e]
        poc_start = poc_start or (min(starts) if starts else None)
        poc_end = poc_end or (max(ends) if ends else None)
    if poc_start and poc_end and poc_end < poc_start:
        poc_end = None

    spans: dict[int, tuple[dt.date | None, dt.date | None]] = {}
    if wbs_dated:
        source = "wbs"
        spans = wbs
    elif poc_start and poc_end:
        source = "hearing"
        total = (poc_end - poc_start).days + 1  # both ends inclusive
        for task in template.tasks:
            first, last = task.window
            offset = round(total * first)
            start = poc_start + dt.timedelta(days=offset)
            end = poc_start + dt.timedelta(days=max(round(total * last) - 1, offset))
            spans[task.number] = (start, min(end, poc_end))
    else:
        source = "none"

    columns: list[dt.date] = []
    step = 7
    if poc_start and poc_end:
        first_monday = poc_start - dt.timedelta(days=poc_start.weekday())
        weeks = (poc_end - first_monday).days // 7 + 1
        step = 7 * max(1, math.ceil(weeks / MAX_TIMELINE_COLUMNS))
        day = first_monday
        while day <= poc_end:
            columns.append(day)
            day += dt.timedelta(days=step)

    def marks(start: dt.date | None, end: dt.date | None) -> list[bool]:
        if not start or not end:
            return [False] * len(columns)
        return [start < c + dt.timedelta(days=step) and end >= c for c in columns]

    tbd = template.label("tbd", lang)

    def span(kind: str, key: str, label: str, start: dt.date | None, end: dt.date | None) -> SpanView:
        texts = {"start_text": start.isoformat() if start else tbd, "end_text": end.isoformat() if end else tbd}
        return SpanView(kind, key, label, start, end, marks(start, end), **texts)

    rows = [span("phase", "poc", template.phase_label("poc", lang), poc_start, poc_end)]
    for task in sorted(template.tasks, key=lambda t: t.number):
        task_start, task_end = spans.get(task.number, (None, None))
        rows.append(span("task", str(task.number), f"{task.number}. {task.title.get(lang)}", task_start, task_end))
    for label, when, _kind in milestones:
        rows.append(span("milestone", label, f"◆ {label}", when, when))
    after = poc_end + dt.timedelta(days=1) if poc_end else None
    build_start = after.isoformat() if after else template.label("after_poc", lang)
    rows.append(SpanView("phase", "build", template.phase_label("build", lang), after, None, marks(None, None), build_start, ""))
    rows.append(SpanView("phase", "operation", template.phase_label("operation", lang), None, None, marks(None, None), "", ""))
    return ScheduleView(source, poc_start, poc_end, columns, step, rows)


def _leaf_tasks(plan: list[PlanTask]) -> list[PlanTask]:
    outlines = [t.outline for t in plan]
    return [t for t in plan if not any(o.startswith(t.outline + ".") for o in outlines)]


def _effort(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang) -> EffortView:
    template = inputs.content.template
    tasks = sorted(template.tasks, key=lambda t: t.number)
    days: dict[int, dict[str, float]] = {t.number: {r: 0.0 for r in ROLES} for t in tasks}
    if inputs.plan:
        source = "wbs"
        by_phase = {t.plan_phase: t.number for t in tasks}
        for task in _leaf_tasks(inputs.plan):
            number = by_phase.get(task.phase)
            if number is not None and task.owner_role in ROLES and task.estimate_days:
                days[number][task.owner_role] += float(task.estimate_days)
    else:
        source = "manual"
        for t in tasks:
            for role in ROLES:
                days[t.number][role] = effort_value(doc, template, t.number, role)
    rows = [EffortRowView(t.number, f"{t.number}. {t.title.get(lang)}", days[t.number], t.ds_work.get(lang)) for t in tasks]
    totals = {role: sum(r.days[role] for r in rows) for role in ROLES}
    labels = {role: template.role_label(role, lang) for role in ROLES}
    return EffortView(source, rows, totals, labels)


def build_view(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang) -> ProposalView:
    """The proposal as it reads in ``lang``: pure, no database (safe to run off the UI thread)."""
    template = inputs.content.template
    sections = [
        SectionView(
            id=s.id,
            title=s.title.get(lang),
            text=section_text(doc, template, s.id, lang),
            block=s.block.value,
            style=s.style,
            edited=lang in doc.texts.get(s.id, {}),
        )
        for s in template.sections
    ]
    case = {"background": "", "purpose": ""}
    for key, item_id in (("background", "hearing.basics.background"), ("purpose", "hearing.basics.purpose_goal")):
        value = _answer_value(inputs, item_id)
        if isinstance(value, str) and value.strip():
            case[key] = value.strip()
    tasks = [
        TaskView(t.number, t.title.get(lang), t.summary.get(lang)) for t in sorted(template.tasks, key=lambda t: t.number)
    ]
    return ProposalView(
        lang=lang,
        title=template.title.get(lang),
        project_name=inputs.project.name,
        customer=inputs.project.customer,
        created=inputs.today,
        case=case,
        sections=sections,
        problems=_problems(inputs, doc, lang),
        tasks=tasks,
        scope=_scope(inputs, lang),
        schedule=_schedule(inputs, lang),
        effort=_effort(inputs, doc, lang),
        labels={key: text.get(lang) for key, text in template.labels.items()},
    )


def proposal_view(ws: Workspace, project_id: int, lang: Lang, today: dt.date | None = None) -> ProposalView:
    inputs = gather_inputs(ws, project_id, today)
    doc = ProposalService(DocumentService(ws.db)).load(project_id)
    return build_view(inputs, doc, lang)


__all__ = ["Block", "KIND", "ProposalService", "build_view", "gather_inputs", "proposal_view"]
