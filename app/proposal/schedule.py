"""The proposal's timeline: the PoC, tasks 0-5 and the milestones, dated from the WBS or the hearing."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from app.core.errors import ValidationFailed
from app.core.i18n import Lang, date_in_range, format_date
from app.hearing import order_note
from app.proposal.inputs import ProposalInputs, answer_value, date_answer, leaf_tasks

MAX_TIMELINE_COLUMNS = 26


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
    warning: str = ""  # the PoC's end typed before its start, said (app/hearing/date_order.py)


def _wbs_spans(inputs: ProposalInputs) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """Each task's dates: from the first start to the last finish of its WBS phase's work. A milestone is a
    date on the timeline (its ◆ row), not work: the reports the WBS files under 計画 do not stretch 「1. 計画」 to
    the final report. Summaries span their sub-tasks, milestones too, so only the leaves are read."""
    by_phase = {t.plan_phase: t.number for t in inputs.content.template.tasks}
    spans: dict[int, tuple[dt.date | None, dt.date | None]] = {}
    for task in leaf_tasks(inputs.plan):
        number = by_phase.get(task.phase)
        if number is None or task.milestone:
            continue
        start, end = spans.get(number, (None, None))
        if task.start:
            start = min(start, task.start) if start else task.start
        if task.finish:
            end = max(end, task.finish) if end else task.finish
        spans[number] = (start, end)
    return spans


def _held(day: dt.date | None) -> dt.date | None:
    """A stored date within the dates a plan holds, else None: 9999-12-31 ("no end date", kept by an
    older version that took it) reads as no date, so the timeline is not drawn to the year 9999."""
    return day if day is not None and date_in_range(day) else None


def _milestones(inputs: ProposalInputs) -> list[tuple[str, dt.date, str]]:
    rows = answer_value(inputs, "hearing.basics.schedule")
    found = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        try:
            when = dt.date.fromisoformat(str(row.get("date") or ""))
        except ValueError:
            continue
        if _held(when) is None:
            continue
        found.append((str(row.get("milestone") or ""), when, str(row.get("kind") or "")))
    return sorted(found, key=lambda m: m[1])


def _next_working_day(inputs: ProposalInputs, day: dt.date) -> dt.date:
    """The first working day on or after ``day`` on the calendar the WBS is scheduled on (weekends,
    national and company holidays off): a PoC ending on Friday 12/31 is followed by a build phase from
    the first working day of January, not from New Year's Day. Past the dates a plan holds: ``day``."""
    from app.wbs import NATIONAL

    try:
        return (inputs.calendar or NATIONAL).next_working_day(day)
    except ValidationFailed:  # beyond the years the calendar counts (a PoC ending 2199/12/31)
        return day


def build_schedule(inputs: ProposalInputs, lang: Lang) -> ScheduleView:
    template = inputs.content.template
    milestones = _milestones(inputs)
    wbs = _wbs_spans(inputs)
    wbs_dated = any(s or e for s, e in wbs.values())
    poc_start = _held(date_answer(inputs, "hearing.basics.poc_start")) or _held(inputs.project.start_date)
    poc_end = _held(date_answer(inputs, "hearing.basics.poc_end"))
    # An end typed before the start (a year slip): shown as typed and said under the table, as the wiki says it; the
    # timeline is drawn with no end (the dates it would spread over are not known)
    warning = order_note(lambda item: answer_value(inputs, item), lang)
    typed_end = poc_end if warning else None
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
        texts = {"start_text": format_date(start, lang) if start else tbd, "end_text": format_date(end, lang) if end else tbd}
        return SpanView(kind, key, label, start, end, marks(start, end), **texts)

    rows = [span("phase", "poc", template.phase_label("poc", lang), poc_start, poc_end)]
    if typed_end is not None:
        rows[0] = replace(rows[0], end_text=f"{format_date(typed_end, lang)} ⚠")
    for task in sorted(template.tasks, key=lambda t: t.number):
        task_start, task_end = spans.get(task.number, (None, None))
        rows.append(span("task", str(task.number), f"{task.number}. {task.title.get(lang)}", task_start, task_end))
    for label, when, _kind in milestones:
        rows.append(span("milestone", label, f"◆ {label}", when, when))
    after = _next_working_day(inputs, poc_end + dt.timedelta(days=1)) if poc_end else None
    build_start = format_date(after, lang) if after else template.label("after_poc", lang)
    rows.append(SpanView("phase", "build", template.phase_label("build", lang), after, None, marks(None, None), build_start, ""))
    rows.append(SpanView("phase", "operation", template.phase_label("operation", lang), None, None, marks(None, None), "", ""))
    return ScheduleView(source, poc_start, poc_end, columns, step, rows, warning)
