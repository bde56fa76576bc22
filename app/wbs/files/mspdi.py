"""The WBS as Microsoft Project XML (MSPDI), for MS Project, ProjectLibre and GanttProject.

Elements follow the schema's sequence order (mspdi_pj12.xsd). Task UID 0 is the project
summary; every task keeps its WBS uid as UID so links survive. The project calendar is the
Japanese one the app schedules with: weekends, public and company holidays are exceptions. Tasks not
scheduled yet get the dates the app's scheduler would give them. A task that begins or ends
part-way through a day in the schedule (fractional estimates: 0.25 d is 2 hours) has those times
and a duration in hours (09:00-12:00 and 13:00-18:00 are the working hours). Owners become resources assigned
to their work tasks (:mod:`.mspdi_resources`); a saved baseline is Baseline 0 and the progress
entered is each task's percent complete and actual work (:mod:`.mspdi_tracking`). The phase, the
customer's agreement and its date are custom fields (Text1, Flag1, Date1) named by their labels.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from app.core.files.atomic import write_bytes
from app.core.files.control_chars import visible
from app.core.i18n import Lang
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.wbs.catalog import catalog, worded_tree
from app.wbs.files import mspdi_resources as people_xml
from app.wbs.files import mspdi_tracking as tracking
from app.wbs.files.mspdi_resources import Person, work_text
from app.wbs.model import FIELDS
from app.wbs.resources.load import calendars_of, part_days
from app.wbs.resources.people import read as read_people
from app.wbs.schedule import Timeline, calendar_of, check_start, project_start, timeline
from app.wbs.service import WbsService
from app.wbs.tracking.baselines import Progress

NS = "http://schemas.microsoft.com/project"
DAY_MINUTES = 480
PRIORITY_BY_RANK = (900, 700, 500, 100)


# Task fields MSPDI has no element for, as Project's custom fields (its FieldID, its name), shown as a column
# named by the field's label (the alias): the phase as Text1, customer agreement as Flag1, its date as Date1.
CUSTOM_FIELDS = (("phase", 188743731, "Text1"), ("agreed", 188743752, "Flag1"), ("agreed_on", 188743945, "Date1"))
TEXT_FIELD_CHARS = 255  # the most a Project text field holds


def _custom_values(task, cat, lang: Lang) -> list[tuple[int, str]]:
    """(FieldID, value) of the task's custom fields that hold something."""
    values = {
        "phase": cat.phase_label(task.phase, lang)[:TEXT_FIELD_CHARS] if task.phase else "",
        "agreed": "1" if task.agreed else "",
        "agreed_on": _dt(task.agreed_on, 9) if task.agreed_on else "",
    }
    return [(field_id, values[name]) for name, field_id, _field_name in CUSTOM_FIELDS if values[name]]


class Moment(NamedTuple):
    """A start or finish as written: its day, how far into the day's work (0: 09:00, 1: 18:00), the text written (a
    start at the lunch break is 13:00, a finish 12:00). Moments compare by day, then by the time in it."""

    day: dt.date
    part: float
    text: str


def _starts(day: dt.date, part: float) -> Moment:
    return Moment(day, part, _at(day, part, True))


def _ends(day: dt.date, part: float) -> Moment:
    return Moment(day, part, _at(day, part, False))


def _span(spans: Sequence[tuple[Moment, Moment]]) -> tuple[Moment, Moment]:
    """A summary's start and finish: its sub-tasks' earliest start and latest finish as written (a milestone last
    at 09:00, or where the half day it waits for ends, is the summary's finish: not that day's 18:00)."""
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _dt(day: dt.date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00"


def _at(day: dt.date, fraction: float, start: bool) -> str:
    """The time ``fraction`` of the working day (09:00-12:00, 13:00-18:00) into ``day``: a start at
    the lunch break is 13:00, a finish 12:00."""
    minutes = round(fraction * DAY_MINUTES)
    clock = 9 * 60 + minutes if minutes < 180 or (minutes == 180 and not start) else 13 * 60 + minutes - 180
    return f"{day.isoformat()}T{clock // 60:02d}:{clock % 60:02d}:00"



def _sub(parent: ET.Element, tag: str, text: object) -> ET.Element:
    """The one way text enters the XML: control characters XML 1.0 cannot hold are shown (NUL -> ␀)."""
    element = ET.SubElement(parent, tag)
    element.text = visible(str(text))
    return element


def build_mspdi(
    ws: Workspace, project_id: int, lang: Lang, baseline: str | None = None, people: Sequence[Person] | None = None
) -> ET.Element:
    """The plan as an MSPDI tree. ``baseline`` names the baseline to write (None: the latest saved,
    if any); ``people`` are known resources (None: the project's people, with their availability
    and days off; owners it leaves out get one of their own)."""
    project = ProjectService(ws.db).get(project_id)
    cat = catalog(ws.library)
    tree = worded_tree(WbsService(ws.db).tree(project_id), cat, lang)  # what the app wrote, in the file's language
    team = read_people(ws, project_id)
    if people is None:
        people = people_xml.project_people(tree, team)
    start = project_start(ws, project_id)
    check_start(start)  # (also without tasks: the calendar's holidays are written around it)
    cal = calendar_of(ws)  # national and company holidays, as the app schedules
    # Where a task begins and ends within its days (fractional estimates): the schedule's, for the
    # dates it gave; a task with no dates yet is dated as the schedule would.
    line = timeline(tree, start, cal, calendars_of(team, cal)) if tree.tasks else Timeline({}, {}, {})
    begun, used = part_days(tree, team, cal, start) if tree.tasks else ({}, {})
    dates = {}
    for task in tree.tasks.values():
        if tree.has_children(task.id):
            continue
        dates[task.id] = (task.start or line.dates[task.id][0], task.finish or line.dates[task.id][1])
        if task.start is None and task.finish is None:
            begun[task.id], used[task.id] = line.begun.get(task.id, 0.0), line.used.get(task.id, 1.0)
    from_at = {i: (dates[i][0], begun.get(i, 0.0)) for i in dates}
    to_at = {i: (dates[i][1], used.get(i, 1.0)) for i in dates}
    for task_id in sorted(tree.tasks, key=lambda i: -tree.depths[i]):
        if tree.has_children(task_id):  # (its days; its times are its sub-tasks' as written: moments_of)
            kids = tree.kids(task_id)
            dates[task_id] = (min(dates[k][0] for k in kids), max(dates[k][1] for k in kids))
    first = min((d[0] for d in dates.values()), default=start)
    last = max((d[1] for d in dates.values()), default=start)
    chosen, progress = tracking.chosen(ws, project_id, baseline)
    planned = tracking.planned(tree, chosen, cal) if chosen else {}
    role_label = lambda key: cat.role_label(key, lang)  # noqa: E731
    resources = people_xml.assign(tree, people_xml.resources_for(tree, people), role_label, first_calendar_uid=2)
    days_of: dict[int, int] = {}
    span_of: dict[int, int] = {}  # working minutes from start to finish, by task id
    work_of: dict[int, int] = {}  # minutes, by task id
    for task_id in tree.tasks:  # (the summaries' once their sub-tasks' moments are known, below)
        task = tree.tasks[task_id]
        if tree.has_children(task_id):
            continue
        begin, end = dates[task_id]
        days_of[task_id] = 0 if task.milestone else cal.working_days_between(begin, end)
        span_of[task_id] = _minutes(days_of[task_id], _starts(*from_at[task_id]), _ends(*to_at[task_id]))
        # The estimate as work; none typed: no work (the task keeps its duration, scheduled as one day)
        # Project's total work is then the WBS's total person-days (a task with no estimate added none); a
        # fixed-duration task (Type 1) of no work, its owner assigned at 0 units, opens as such in Project and MPXJ.
        # A milestone given an estimate (検収会議 0.5 人日) keeps it as its own work, at no duration: no one is
        # assigned it (work = duration x units), so the resources' work is the WBS's less the milestones'.
        work_of[task_id] = people_xml.days_minutes(task.estimate_days or 0)

    points: dict[int, float] = {}

    def is_point(task_id: int) -> bool:
        """A task of no duration (a milestone; a task on days off): not one typed to finish before it starts, whose
        dates are written as typed (the WBS flags it: 終了日が開始日より前です)."""
        return days_of.get(task_id) == 0 and task_id in from_at and from_at[task_id][0] <= to_at[task_id][0]

    def point_of(task_id: int, day: int, at: Callable[[int], tuple[dt.date, float] | None]) -> float:
        """Where in its day (``day``) a milestone sits, as the schedule puts it: where the predecessor that dates it
        ends (shifted by the lag; a day's work: 18:00), else at the day's beginning. ``at``: a task's finish (day, fraction)."""
        found = 0.0
        for dep in tree.tasks[task_id].dependencies:
            ends = at(dep.predecessor_id)
            if ends is not None and cal.shift_ordinal(ends[0].toordinal(), dep.lag_days) == day:
                found = max(found, ends[1])
        return found

    def finish_at(task_id: int) -> tuple[dt.date, float] | None:
        if tree.has_children(task_id):
            finish = moments_of(task_id)[1]
            return finish.day, finish.part
        if task_id not in to_at:
            return None
        if not is_point(task_id):
            return to_at[task_id]
        if task_id not in points:
            points[task_id] = 0.0  # (a link cycle is never stored; this only stops one)
            points[task_id] = point_of(task_id, to_at[task_id][0].toordinal(), finish_at)
        return to_at[task_id][0], points[task_id]

    moments: dict[int, tuple[Moment, Moment]] = {}

    def moments_of(task_id: int) -> tuple[Moment, Moment]:
        """A task's start and finish as written: part-way through a day where the schedule has it so; a milestone where
        the work it waits for ends (Project, scheduling the link on opening, then moves nothing); a summary over its
        sub-tasks as written (Project works out a summary's dates from them: written otherwise, they moved)."""
        if task_id not in moments:
            begin, end = dates[task_id]
            moments[task_id] = _starts(begin, 0.0), _ends(end, 1.0)  # (a link cycle is never stored; this only stops one)
            if tree.has_children(task_id):
                moments[task_id] = _span([moments_of(k) for k in tree.kids(task_id)])
            elif is_point(task_id):
                point = finish_at(task_id)
                moment = _ends(to_at[task_id][0], point[1] if point else 0.0)
                moments[task_id] = moment, moment
            else:
                moments[task_id] = _starts(*from_at[task_id]), _ends(*to_at[task_id])
        return moments[task_id]

    def clock_of(task_id: int) -> tuple[str, str]:
        start, finish = moments_of(task_id)
        return start.text, finish.text

    for task_id in sorted(tree.tasks, key=lambda i: -tree.depths[i]):  # the summaries: sub-tasks first
        if tree.has_children(task_id):
            opens, closes = moments_of(task_id)
            days_of[task_id] = cal.working_days_between(opens.day, closes.day)
            span_of[task_id] = _minutes(days_of[task_id], opens, closes)
            work_of[task_id] = sum(work_of[k] for k in tree.kids(task_id))

    base_points: dict[int, float] = {}

    def planned_at(task_id: int) -> tuple[dt.date, float] | None:
        """A task's finish in the baseline (day, fraction): a day's work ends at 18:00, a milestone as above, a summary
        at its sub-tasks' latest."""
        if tree.has_children(task_id):
            span = based_of(task_id)
            return (span[1].day, span[1].part) if span else None
        found = planned.get(tree.tasks[task_id].uid) if task_id in tree.tasks else None
        if found is None:
            return None
        if found.days:
            return found.finish, 1.0
        if task_id not in base_points:
            base_points[task_id] = 0.0
            base_points[task_id] = point_of(task_id, found.finish.toordinal(), planned_at)
        return found.finish, base_points[task_id]

    based: dict[int, tuple[Moment, Moment] | None] = {}

    def based_of(task_id: int) -> tuple[Moment, Moment] | None:
        """A task's start and finish in Baseline 0, as moments_of says them in the plan (None: not in the baseline); a
        summary's over its sub-tasks in the baseline (none of them: its own days, 09:00 to 18:00)."""
        if task_id not in based:
            found = planned.get(tree.tasks[task_id].uid)
            own = (_starts(found.start, 0.0), _ends(found.finish, 1.0)) if found else None
            based[task_id] = own  # (a link cycle is never stored; this only stops one)
            if tree.has_children(task_id):
                spans = [span for k in tree.kids(task_id) if (span := based_of(k)) is not None]
                based[task_id] = _span(spans) if spans else own
            elif found is not None and found.days == 0:
                held = planned_at(task_id)
                point = held[1] if held else 0.0
                based[task_id] = _ends(found.start, point), _ends(found.finish, point)
        return based[task_id]

    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}Project")
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731 - the namespace on every tag
    _sub(root, q("Name"), project.name)
    _sub(root, q("Title"), project.name)
    if project.customer:
        _sub(root, q("Company"), project.customer)
    _sub(root, q("CreationDate"), dt.datetime.now().strftime("%Y-%m-%dT%H:%M:%S"))
    _sub(root, q("ScheduleFromStart"), 1)
    whole = _span([moments_of(k) for k in tree.kids(None)]) if tree.tasks else (_starts(first, 0.0), _ends(last, 1.0))
    _sub(root, q("StartDate"), whole[0].text)
    _sub(root, q("FinishDate"), whole[1].text)
    _sub(root, q("CalendarUID"), 1)
    _sub(root, q("DefaultStartTime"), "09:00:00")
    _sub(root, q("DefaultFinishTime"), "18:00:00")
    _sub(root, q("MinutesPerDay"), DAY_MINUTES)
    _sub(root, q("MinutesPerWeek"), DAY_MINUTES * 5)
    _sub(root, q("DaysPerMonth"), 20)
    attributes = ET.SubElement(root, q("ExtendedAttributes"))  # the custom fields the tasks fill, named in the document's language
    for name, field_id, field_name in CUSTOM_FIELDS:
        attribute = ET.SubElement(attributes, q("ExtendedAttribute"))
        _sub(attribute, q("FieldID"), field_id)
        _sub(attribute, q("FieldName"), field_name)
        _sub(attribute, q("Alias"), FIELDS[name].label(lang))

    calendars = ET.SubElement(root, q("Calendars"))
    calendar = ET.SubElement(calendars, q("Calendar"))
    _sub(calendar, q("UID"), 1)
    _sub(calendar, q("Name"), "標準(日本)" if lang == "ja" else "Standard (Japan)")
    _sub(calendar, q("IsBaseCalendar"), 1)
    _sub(calendar, q("BaseCalendarUID"), -1)
    weekdays = ET.SubElement(calendar, q("WeekDays"))
    for day_type in range(1, 8):  # 1 Sunday ... 7 Saturday
        weekday = ET.SubElement(weekdays, q("WeekDay"))
        _sub(weekday, q("DayType"), day_type)
        working = day_type not in (1, 7)
        _sub(weekday, q("DayWorking"), int(working))
        if working:
            times = ET.SubElement(weekday, q("WorkingTimes"))
            for from_time, to_time in (("09:00:00", "12:00:00"), ("13:00:00", "18:00:00")):
                period = ET.SubElement(times, q("WorkingTime"))
                _sub(period, q("FromTime"), from_time)
                _sub(period, q("ToTime"), to_time)
    for day, _name in cal.holidays_between(first - dt.timedelta(days=31), last + dt.timedelta(days=366)):
        weekday = ET.SubElement(weekdays, q("WeekDay"))
        _sub(weekday, q("DayType"), 0)
        _sub(weekday, q("DayWorking"), 0)
        period = ET.SubElement(weekday, q("TimePeriod"))
        _sub(period, q("FromDate"), _dt(day, 0))
        _sub(period, q("ToDate"), f"{day.isoformat()}T23:59:00")
    people_xml.write_calendars(calendars, resources, 1, q, _sub)

    tasks = ET.SubElement(root, q("Tasks"))
    summary = ET.SubElement(tasks, q("Task"))
    for tag, value in (
        ("UID", 0), ("ID", 0), ("Name", project.name), ("Type", 1), ("IsNull", 0), ("WBS", 0),
        ("OutlineNumber", 0), ("OutlineLevel", 0), ("Start", whole[0].text), ("Finish", whole[1].text),
        ("Duration", work_text(_minutes(cal.working_days_between(whole[0].day, whole[1].day), *whole))), ("DurationFormat", 7),
        ("Work", work_text(sum(work_of[k] for k in tree.kids(None)))), ("Milestone", 0), ("Summary", 1),
    ):  # fmt: skip
        _sub(summary, q(tag), value)
    if planned:
        roots = [planned[u] for u in (tree.tasks[k].uid for k in tree.kids(None)) if u in planned]
        spans = [span for k in tree.kids(None) if (span := based_of(k)) is not None]
        if roots and spans:
            b_first, b_last = _span(spans)
            days = cal.working_days_between(b_first.day, b_last.day)
            _baseline(summary, (b_first, b_last), _minutes(days, b_first, b_last), sum(p.work_minutes for p in roots), q)
    for n, task in enumerate(tree.walk(), start=1):
        element = ET.SubElement(tasks, q("Task"))
        leaf = not tree.has_children(task.id)
        code = tree.codes[task.id]
        _sub(element, q("UID"), task.uid)
        _sub(element, q("ID"), n)
        _sub(element, q("Name"), task.title[:512])
        _sub(element, q("Type"), 1)
        _sub(element, q("IsNull"), 0)
        if task.owner_name:
            _sub(element, q("Contact"), task.owner_name[:512])
        _sub(element, q("WBS"), code)
        _sub(element, q("OutlineNumber"), code)
        _sub(element, q("OutlineLevel"), tree.depths[task.id])
        rank = cat.priority_rank(task.priority)
        _sub(element, q("Priority"), PRIORITY_BY_RANK[min(rank, len(PRIORITY_BY_RANK) - 1)])
        starts, finishes = clock_of(task.id)
        _sub(element, q("Start"), starts)
        _sub(element, q("Finish"), finishes)
        _sub(element, q("Duration"), work_text(span_of[task.id]))
        _sub(element, q("DurationFormat"), 7)
        _sub(element, q("Work"), work_text(work_of[task.id]))
        _sub(element, q("Milestone"), int(task.milestone))
        _sub(element, q("Summary"), int(not leaf))
        done = progress.get(task.uid) if leaf else None
        percent = round((done or Progress()).complete(tree.rollup(task.id).status))
        _sub(element, q("PercentComplete"), percent)
        if percent:
            _sub(element, q("ActualStart"), starts)
        if percent == 100:
            _sub(element, q("ActualFinish"), finishes)
        if done and done.actual:
            _sub(element, q("ActualWork"), work_text(people_xml.days_minutes(done.actual)))
        if task.not_before:
            _sub(element, q("ConstraintType"), 4)  # start no earlier than
            _sub(element, q("ConstraintDate"), _dt(task.not_before, 9))
        else:
            _sub(element, q("ConstraintType"), 0)
        notes = _notes(task, cat, lang)
        if notes:
            _sub(element, q("Notes"), notes)
        for dep in task.dependencies:
            pred = tree.tasks.get(dep.predecessor_id)
            if pred is None:
                continue
            link = ET.SubElement(element, q("PredecessorLink"))
            _sub(link, q("PredecessorUID"), pred.uid)
            _sub(link, q("Type"), 1)  # finish-to-start
            _sub(link, q("LinkLag"), dep.lag_days * DAY_MINUTES * 10)  # tenths of a minute
            _sub(link, q("LagFormat"), 7)
        for field_id, value in _custom_values(task, cat, lang):
            attribute = ET.SubElement(element, q("ExtendedAttribute"))
            _sub(attribute, q("FieldID"), field_id)
            _sub(attribute, q("Value"), value)
        span = based_of(task.id)
        if task.uid in planned and span is not None:
            days = planned[task.uid].days if leaf else cal.working_days_between(span[0].day, span[1].day)
            _baseline(element, span, _minutes(days, *span), planned[task.uid].work_minutes, q)
    people_xml.write_resources(root, resources, role_label, q, _sub)
    by_uid = {t.uid: t.id for t in tree.tasks.values()}

    people_xml.write_assignments(
        root, resources, lambda uid: (work_of[by_uid[uid]], span_of[by_uid[uid]]), lambda uid: clock_of(by_uid[uid]), q, _sub
    )
    return root


def _minutes(days: int, start: Moment, finish: Moment) -> int:
    """The working minutes from ``start`` to ``finish``, ``days`` the working days they span (0: a point)."""
    return max(0, round(days * DAY_MINUTES - (start.part + 1 - finish.part) * DAY_MINUTES)) if days else 0


def _baseline(task: ET.Element, span: tuple[Moment, Moment], minutes: int, work_minutes: int, q) -> None:
    """Baseline 0: its start and finish as written (a milestone where the work it waited for ended, a summary over
    its sub-tasks), its duration in working minutes."""
    element = ET.SubElement(task, q("Baseline"))
    _sub(element, q("Number"), 0)
    _sub(element, q("Start"), span[0].text)
    _sub(element, q("Finish"), span[1].text)
    _sub(element, q("Duration"), work_text(minutes))
    _sub(element, q("DurationFormat"), 7)
    _sub(element, q("Work"), work_text(work_minutes))


def _notes(task, cat, lang: Lang) -> str:
    parts = [
        ("completion_condition", task.completion_condition),
        ("expected_output", task.expected_output),
        ("priority", cat.priority_label(task.priority, lang)),
        ("description", task.description),
        ("notes", task.notes),
    ]
    return "\n".join(f"{FIELDS[name].label(lang)}: {text}" for name, text in parts if text)


PROJECT_DATES = (dt.date(1984, 1, 1), dt.date(2149, 12, 31))  # what Microsoft Project itself holds (the app plans 1900-2199)


def outside_project_dates(out: Path) -> list[tuple[str, str]]:
    """(WBS number, name) of each task of the written file with a date Microsoft Project cannot hold (its start,
    finish, not-before or agreed-on date): Project may refuse the file, which ProjectLibre and GanttProject read."""
    low, high = (day.isoformat() for day in PROJECT_DATES)
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    found = []
    for task in ET.parse(out).getroot().iter(q("Task")):
        days = [task.findtext(q(tag)) or "" for tag in ("Start", "Finish", "ConstraintDate")]
        days += [a.findtext(q("Value")) or "" for a in task.iter(q("ExtendedAttribute"))
                 if a.findtext(q("FieldID")) == str(CUSTOM_FIELDS[2][1])]  # fmt: skip
        if any(day and not low <= day[:10] <= high for day in days):
            found.append((task.findtext(q("OutlineNumber")) or "", task.findtext(q("Name")) or ""))
    return found


def export_mspdi(
    ws: Workspace, project_id: int, out: Path, lang: Lang, baseline: str | None = None, people: Sequence[Person] | None = None
) -> Path:
    root = build_mspdi(ws, project_id, lang, baseline, people)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return write_bytes(Path(out), data)


