"""The people of an MSPDI export: resources, their calendars and the assignments of work tasks.

One work resource per owner name; a task with an owner role but no name is given a generic
resource for the role (``IsGeneric``), as MS Project names a role to be staffed later. The seam
for a people list is :class:`Person`: pass a list to :func:`resources_for` (with the days each is
away and the share of their time on the project) and it feeds MaxUnits and the person's calendar;
owners the list does not name still get a resource of their own. :func:`project_people` makes the
list from the project's people (:mod:`app.wbs.resources.people`). Owner names are matched as the app
matches them (:func:`app.wbs.resources.people.name_key`: widths, case and spaces aside).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.wbs.model import WbsTree
from app.wbs.resources import people as project

DAY_MINUTES = 480
# MS Project refuses a resource name with a comma (its list separator) or square brackets: the
# export shows them as their full-width forms, which read the same.
_NAME_SAFE = str.maketrans({",": "，", "[": "［", "]": "］"})


@dataclass(frozen=True)
class Person:
    """A resource as the export writes it: a named person, or a role still to staff (``generic``)."""

    name: str
    role: str = ""  # the owner role's key
    max_units_percent: float = 100.0
    days_off: tuple[dt.date, ...] = ()
    generic: bool = False


@dataclass
class Resource:
    uid: int
    person: Person
    label: str  # the name shown (a generic resource's role label)
    calendar_uid: int
    task_uids: list[int] = field(default_factory=list)


def work_text(minutes: int) -> str:
    """An MSPDI duration or work value: ``PT20H30M0S``."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    return f"PT{hours}H{rest}M0S"


def days_minutes(days: float) -> int:
    return round(days * DAY_MINUTES)


def project_people(tree: WbsTree, found: Iterable[project.Person]) -> list[Person]:
    """The project's people as resources: their share of a day as MaxUnits, their days off, and the
    owner role of the first of their tasks that has one (the resource's group)."""
    roles: dict[str, str] = {}
    for task in tree.walk():
        if task.owner_role.strip():
            roles.setdefault(project.name_key(task.owner_name), task.owner_role.strip())
    return [Person(name=person.name, role=roles.get(project.name_key(person.name), ""), max_units_percent=float(person.percent),
                   days_off=tuple(sorted(person.days_off))) for person in found]


def resources_for(tree: WbsTree, people: Sequence[Person] = ()) -> list[Person]:
    """The resources of ``tree``: ``people`` first, then one per owner name they leave out, then
    one generic resource per owner role of tasks with no owner name."""
    found = list(people)
    names = {project.name_key(p.name) for p in found if not p.generic}
    roles = {p.role for p in found if p.generic}
    for task in tree.walk():
        if tree.has_children(task.id):
            continue
        # (the owner as typed in the task, spaces folded: a control character in it is shown, as in every field of the file)
        name, role = " ".join(task.owner_name.split()), task.owner_role.strip()
        if name and project.name_key(name) not in names:
            names.add(project.name_key(name))
            found.append(Person(name=name, role=role))
        elif not name and role and role not in roles:
            roles.add(role)
            found.append(Person(name="", role=role, generic=True))
    return found


def assign(tree: WbsTree, people: Sequence[Person], role_label: Callable[[str], str], first_calendar_uid: int) -> list[Resource]:
    """Numbered resources with the uids of the work tasks each is assigned (milestones take none)."""
    resources = [
        Resource(
            uid=n,
            person=p,
            label=(role_label(p.role) if p.generic else p.name).translate(_NAME_SAFE),
            calendar_uid=first_calendar_uid + n - 1,
        )
        for n, p in enumerate(people, start=1)
    ]
    by_name = {project.name_key(r.person.name): r for r in resources if not r.person.generic}
    by_role = {r.person.role: r for r in resources if r.person.generic}
    for task in tree.walk():
        if tree.has_children(task.id) or task.milestone:
            continue
        name, role = project.name_key(task.owner_name), task.owner_role.strip()
        resource = by_name.get(name) if name else by_role.get(role)
        if resource is not None:
            resource.task_uids.append(task.uid)
    return resources


Sub = Callable[[ET.Element, str, object], ET.Element]


def write_calendars(calendars: ET.Element, resources: Iterable[Resource], base_uid: int, q: Callable[[str], str], sub: Sub) -> None:
    """One calendar per resource on the project's (``base_uid``), the person's days off not working."""
    for resource in resources:
        calendar = ET.SubElement(calendars, q("Calendar"))
        sub(calendar, q("UID"), resource.calendar_uid)
        sub(calendar, q("Name"), resource.label[:512])
        sub(calendar, q("IsBaseCalendar"), 0)
        sub(calendar, q("BaseCalendarUID"), base_uid)
        days_off = sorted(set(resource.person.days_off))
        if days_off:
            weekdays = ET.SubElement(calendar, q("WeekDays"))
            for day in days_off:
                weekday = ET.SubElement(weekdays, q("WeekDay"))
                sub(weekday, q("DayType"), 0)
                sub(weekday, q("DayWorking"), 0)
                period = ET.SubElement(weekday, q("TimePeriod"))
                sub(period, q("FromDate"), f"{day.isoformat()}T00:00:00")
                sub(period, q("ToDate"), f"{day.isoformat()}T23:59:00")


def write_resources(root: ET.Element, resources: Sequence[Resource], role_label: Callable[[str], str], q: Callable[[str], str], sub: Sub) -> None:
    element = ET.SubElement(root, q("Resources"))
    for resource in resources:
        person = resource.person
        item = ET.SubElement(element, q("Resource"))
        sub(item, q("UID"), resource.uid)
        sub(item, q("ID"), resource.uid)
        sub(item, q("Name"), resource.label[:512])
        sub(item, q("Type"), 1)  # work (people), not material
        sub(item, q("IsNull"), 0)
        if person.role:
            sub(item, q("Group"), role_label(person.role)[:512])
        sub(item, q("MaxUnits"), f"{max(0.0, person.max_units_percent) / 100:.2f}")
        sub(item, q("CalendarUID"), resource.calendar_uid)
        sub(item, q("IsGeneric"), int(person.generic))
        sub(item, q("IsInactive"), 0)


def write_assignments(
    root: ET.Element,
    resources: Sequence[Resource],
    work: Callable[[int], tuple[int, int]],
    dates: Callable[[int], tuple[str, str]],
    q: Callable[[str], str],
    sub: Sub,
) -> None:
    """An assignment per (task, resource): ``work(uid)`` gives (work minutes, duration minutes) and
    ``dates(uid)`` the task's start and finish as written."""
    element = ET.SubElement(root, q("Assignments"))
    uid = 0
    for resource in resources:
        for task_uid in resource.task_uids:
            uid += 1
            minutes, duration = work(task_uid)
            start, finish = dates(task_uid)
            item = ET.SubElement(element, q("Assignment"))
            sub(item, q("UID"), uid)
            sub(item, q("TaskUID"), task_uid)
            sub(item, q("ResourceUID"), resource.uid)
            sub(item, q("Finish"), finish)
            sub(item, q("Start"), start)
            sub(item, q("Units"), f"{minutes / duration:.2f}" if duration else "1")
            sub(item, q("Work"), work_text(minutes))
