"""Small builders for WBS tests."""

from __future__ import annotations

from app.core.projects import ProjectService
from app.wbs.service import WbsService


def new_project(workspace, name: str = "WBS test", lang: str = "en", start=None) -> int:
    return ProjectService(workspace.db).create(name, lang=lang, start_date=start).id


def add(service: WbsService, project_id: int, title: str, parent: int | None = None, **fields) -> int:
    fields.setdefault("completion_condition", f"{title} is done")
    return service.add_task(project_id, parent, title=title, **fields).created[0]


def codes(service: WbsService, project_id: int) -> list[tuple[str, str]]:
    tree = service.tree(project_id)
    return [(tree.codes[t.id], t.title) for t in tree.walk()]


# --- reading the exports back, as the importing tools would ------------------------------------------

MSPDI_NS = {"p": "http://schemas.microsoft.com/project"}


def read_mspdi(path) -> tuple[dict[int, dict], set]:
    """The tasks of a Microsoft Project XML file by UID (the project's summary task, UID 0, left
    out) and its calendar's non-working days."""
    import datetime as dt
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    tasks = {}
    for element in root.findall("p:Tasks/p:Task", MSPDI_NS):
        field = lambda tag, e=element: e.findtext(f"p:{tag}", namespaces=MSPDI_NS)  # noqa: E731
        uid = int(field("UID"))
        if uid == 0:
            continue
        duration = field("Duration")  # PT<hours>H<minutes>M0S
        tasks[uid] = {
            "name": field("Name"),
            "outline": field("OutlineNumber"),
            "level": int(field("OutlineLevel")),
            "start": dt.datetime.fromisoformat(field("Start")).date(),
            "finish": dt.datetime.fromisoformat(field("Finish")).date(),
            "hours": int(duration.removeprefix("PT").split("H")[0]) + int(duration.split("H")[1].split("M")[0]) / 60,
            "milestone": field("Milestone") == "1",
            "summary": field("Summary") == "1",
            "predecessors": {
                (int(link.findtext("p:PredecessorUID", namespaces=MSPDI_NS)), int(link.findtext("p:LinkLag", namespaces=MSPDI_NS)))
                for link in element.findall("p:PredecessorLink", MSPDI_NS)
            },
        }
    # The project calendar's days off (each person's calendar adds their own days off: not the plan's).
    project_calendar = root.findtext("p:CalendarUID", namespaces=MSPDI_NS)
    holidays = {
        dt.date.fromisoformat(w.findtext("p:TimePeriod/p:FromDate", namespaces=MSPDI_NS)[:10])
        for c in root.findall("p:Calendars/p:Calendar", MSPDI_NS)
        if project_calendar is None or c.findtext("p:UID", namespaces=MSPDI_NS) == project_calendar
        for w in c.findall("p:WeekDays/p:WeekDay", MSPDI_NS)
        if w.findtext("p:DayType", namespaces=MSPDI_NS) == "0" and w.findtext("p:DayWorking", namespaces=MSPDI_NS) == "0"
    }
    return tasks, holidays


def working_days(start, finish, holidays: set) -> int:
    """Monday to Friday from ``start`` to ``finish`` (both counted), less the calendar's holidays."""
    import datetime as dt

    days = (start + dt.timedelta(days=n) for n in range((finish - start).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and day not in holidays)


def mspdi_as_the_wbs(tree) -> dict[int, dict]:
    """What read_mspdi should find for each task of ``tree`` (durations are checked apart)."""
    expected = {}
    for task in tree.walk():
        rolled = tree.rollup(task.id)
        expected[task.uid] = {
            "name": task.title,
            "outline": tree.codes[task.id],
            "level": tree.depths[task.id],
            "start": rolled.start,
            "finish": rolled.finish,
            "milestone": task.milestone,
            "summary": tree.has_children(task.id),
            # A finish-to-start link; its lag in tenths of a minute of 8-hour working days.
            "predecessors": {(tree.tasks[d.predecessor_id].uid, d.lag_days * 8 * 60 * 10) for d in task.dependencies},
        }
    return expected


def read_csv_rows(path) -> list[dict[str, str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))
