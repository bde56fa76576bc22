"""The proposal as it reads in one language: the stored document resolved against its inputs.

:func:`build_view` touches no database, so the preview runs it off the UI thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.core.i18n import Lang
from app.hearing import AnswerStatus
from app.proposal.edits import effective_rows, effort_value, section_text
from app.proposal.inputs import ProposalInputs, answer_value, leaf_tasks
from app.proposal.model import ROLES, ProposalDoc
from app.proposal.rows import shown_row
from app.proposal.schedule import ScheduleView, build_schedule

SCOPE_TAG = "scope"


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
class EffortRowView:
    number: int | None  # the task 0-5; None: a WBS phase none of them stands for (a phase the user typed)
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
    agreement: tuple[str, str] | None = None  # the last signed agreement baseline: (label, text)
    problems_note: str = ""  # said below the problems table (the window's preview: the first problems only)

    def section(self, section_id: str) -> SectionView | None:
        return next((s for s in self.sections if s.id == section_id), None)


def _problems(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang) -> list[ProblemView]:
    template, library = inputs.content.template, inputs.content.library
    views = []
    for number, row in enumerate(effective_rows(doc, inputs.content), start=1):
        problem, countermeasure, shown_phase, task = shown_row(row, library, lang)
        phase = shown_phase.value
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
            answer = inputs.answers.get(item.id)
            if answer is not None and answer.status == AnswerStatus.NOT_APPLICABLE:  # 対象外 by its status: as the hearing says
                status, shown = answer.status.value, inputs.not_applicable.get(lang)
            else:
                value = answer_value(inputs, item.id)
                option = item.option(value) if isinstance(value, str) else None
                status, shown = (option.id, option.label.get(lang)) if option else ("", not_answered)
            items.append(ScopeItemView(item_id=item.id, label=item.label.get(lang), status=status, status_label=shown))
        if items:
            levels.append(ScopeLevelView(id=section.id, title=section.title.get(lang), items=items))
    return levels


def _effort(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang) -> EffortView:
    template = inputs.content.template
    tasks = sorted(template.tasks, key=lambda t: t.number)
    days: dict[int, dict[str, float]] = {t.number: {r: 0.0 for r in ROLES} for t in tasks}
    others: dict[str, dict[str, float]] = {}  # the WBS phases no task 0-5 stands for
    if inputs.plan:
        source = "wbs"
        by_phase = {t.plan_phase: t.number for t in tasks}
        for task in leaf_tasks(inputs.plan):
            if task.owner_role not in ROLES or not task.estimate_days:
                continue
            number = by_phase.get(task.phase)
            row = days[number] if number is not None else others.setdefault(task.phase, {r: 0.0 for r in ROLES})
            row[task.owner_role] += float(task.estimate_days)
    else:
        source = "manual"
        for t in tasks:
            for role in ROLES:
                days[t.number][role] = effort_value(doc, template, t.number, role)
    rows = [EffortRowView(t.number, f"{t.number}. {t.title.get(lang)}", days[t.number], t.ds_work.get(lang)) for t in tasks]
    # A task in a phase the user typed is counted in a row of its own, named as the WBS's summary names the
    # phase, so the totals are the WBS's (never a day left out of 「WBSの見積もりを集計しています」).
    order = list(inputs.phase_labels)
    for phase in sorted(others, key=lambda key: order.index(key) if key in order else len(order)):
        label = inputs.phase_labels.get(phase)
        rows.append(EffortRowView(None, label.get(lang) if label else phase, others[phase], ""))
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
        value = answer_value(inputs, item_id)
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
        schedule=build_schedule(inputs, lang),
        effort=_effort(inputs, doc, lang),
        labels={key: text.get(lang) for key, text in template.labels.items()},
    )
