"""Read a Microsoft Project XML file with MPXJ (the library ProjectLibre and GanttProject import
through) and print what it understood as JSON. Run as a script, so the Java VM lives in its own
process: ``python tests/mpxj_read.py plan.xml``. Needs the ``mpxj`` package (with JPype) and Java.
"""

from __future__ import annotations

import json
import sys


def _hours(duration, properties) -> float | None:
    """An MPXJ Duration in hours (the file's minutes per day), None for none."""
    if duration is None:
        return None
    from org.mpxj import TimeUnit  # type: ignore[import-not-found]

    return float(duration.convertUnits(TimeUnit.HOURS, properties).getDuration())


def _text(value) -> str | None:
    return None if value is None else str(value)


def _exceptions(calendar) -> list[dict]:
    return [
        {"from": str(e.getFromDate()), "to": str(e.getToDate()), "working": bool(e.getWorking()), "name": _text(e.getName())}
        for e in calendar.getCalendarExceptions()
    ]


def read(path: str) -> dict:
    import jpype
    import mpxj  # noqa: F401 - puts MPXJ's jars on the class path

    jpype.startJVM()
    from org.mpxj.mspdi import MSPDIReader  # type: ignore[import-not-found]

    project = MSPDIReader().read(path)
    default = project.getDefaultCalendar()
    props = project.getProjectProperties()
    tasks = {}
    for task in project.getTasks():
        tasks[int(task.getUniqueID())] = {
            "name": _text(task.getName()),
            "start": _text(task.getStart()),
            "finish": _text(task.getFinish()),
            "work": _hours(task.getWork(), props),
            "duration": _hours(task.getDuration(), props),
            "percent": None if task.getPercentageComplete() is None else float(task.getPercentageComplete().doubleValue()),
            "actual_work": _hours(task.getActualWork(), props),
            "actual_start": _text(task.getActualStart()),
            "baseline_start": _text(task.getBaselineStart()),
            "baseline_finish": _text(task.getBaselineFinish()),
            "baseline_duration": _hours(task.getBaselineDuration(), props),
            "baseline_work": _hours(task.getBaselineWork(), props),
            "calendar": _text(task.getEffectiveCalendar().getName()),
            "text1": _text(task.getText(1)),
            "flag1": bool(task.getFlag(1)),
            "date1": _text(task.getDate(1)),
        }
    resources = {}
    for resource in project.getResources():
        if resource.getUniqueID() is None or int(resource.getUniqueID()) == 0:
            continue  # MPXJ's own unassigned placeholder
        calendar = resource.getCalendar()
        resources[int(resource.getUniqueID())] = {
            "name": _text(resource.getName()),
            "type": _text(resource.getType()),
            "generic": bool(resource.getGeneric()),
            "group": _text(resource.getGroup()),
            "max_units": None if resource.getMaxUnits() is None else float(resource.getMaxUnits().doubleValue()),
            "calendar": None if calendar is None else _text(calendar.getName()),
            "calendar_parent": None if calendar is None or calendar.getParent() is None else _text(calendar.getParent().getName()),
            "days_off": [] if calendar is None else _exceptions(calendar),
        }
    assignments = [
        {"task": int(a.getTask().getUniqueID()), "resource": int(a.getResource().getUniqueID()), "work": _hours(a.getWork(), props)}
        for a in project.getResourceAssignments()
        if a.getResource() is not None
    ]
    from org.mpxj import TaskField  # type: ignore[import-not-found]

    fields = project.getCustomFields()
    aliases = {name: _text(fields.getOrCreate(getattr(TaskField, name)).getAlias()) for name in ("TEXT1", "FLAG1", "DATE1")}
    return {
        "aliases": aliases,
        "calendar": _text(default.getName()),
        "exceptions": _exceptions(default),
        "tasks": tasks,
        "resources": resources,
        "assignments": assignments,
    }


if __name__ == "__main__":
    json.dump(read(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
