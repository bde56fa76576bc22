"""The Excel WBS's load sheet (負荷 / Load): each person's hours per ISO week, over-allocations marked.

Written only when the project has people (:mod:`app.wbs.resources`); the load is worked out from
the tasks' dates as the WBS sheet shows them (:func:`app.wbs.resources.load.load`), with the
part-days of the schedule from the project's start, as the CLI ``load`` counts them. Names, roles
and task codes are user text, written as text (never a formula).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.files import xlsx_writer as xw
from app.wbs.resources.load import HOURS_PER_DAY, load, part_days

if TYPE_CHECKING:
    import datetime as dt

    from app.core.i18n import Lang
    from app.wbs.catalog import Catalog
    from app.wbs.model import WbsTree
    from app.wbs.resources.people import Person
    from app.wbs.workdays import Calendar

T = {
    "sheet": {"ja": "負荷", "en": "Load"},
    "title": {"ja": "要員の負荷(週ごと、1日8時間)", "en": "Load per person and ISO week (8 hours a day)"},
    "person": {"ja": "担当者", "en": "Person"},
    "role": {"ja": "役割", "en": "Role"},
    "week": {"ja": "週(ISO)", "en": "ISO week"},
    "monday": {"ja": "週の初日", "en": "Week of"},
    "hours": {"ja": "負荷(時間)", "en": "Load (hours)"},
    "available": {"ja": "稼働可能(時間)", "en": "Available (hours)"},
    "percent": {"ja": "稼働率", "en": "Load %"},
    "over": {"ja": "超過", "en": "Over"},
    "over_days": {"ja": "超過日", "en": "Days over"},
    "tasks": {"ja": "タスク", "en": "Tasks"},
    "none": {"ja": "要員に割り当てられた日程のあるタスクはありません", "en": "No scheduled task is assigned to a person of the project"},
}


def sheet_name(lang: Lang) -> str:
    return T["sheet"][lang]


def write_load(writer: xw.Writer, tree: WbsTree, people: list[Person], cal: Calendar, cat: Catalog, lang: Lang,
               start: dt.date | None = None) -> None:
    """One row per person and week: the role by its label, hours, hours available, percent, a mark
    where over, the tasks (``start``: the project's start, for the part-days of a fractional schedule)."""
    found = load(tree, people, cal, None, *part_days(tree, people, cal, start)) if start else load(tree, people, cal)
    roles = {person.name: cat.role_label(person.role, lang) if person.role else "" for person in people}
    cells = found.over_cells()
    writer.text(0, 0, T["title"][lang], bold=True)
    keys = ("person", "role", "week", "monday", "hours", "available", "percent", "over", "over_days", "tasks")
    for col, key in enumerate(keys):
        writer.text(2, col, T[key][lang], **xw.HEADER)
    row = 2
    for week in found.weeks:
        row += 1
        mark = {"bold": True, "font_color": "#C00000"} if week.over else {}
        writer.text(row, 0, week.person)
        writer.text(row, 1, roles.get(week.person, ""))
        writer.text(row, 2, f"{week.year}-W{week.week:02d}")
        writer.value(row, 3, week.monday)
        writer.value(row, 4, round(week.hours, 2), num_format="0.0", **mark)
        writer.value(row, 5, round(week.available * HOURS_PER_DAY, 2), num_format="0.0")
        if week.percent is None:
            writer.text(row, 6, "-", align="right")
        else:
            writer.value(row, 6, round(week.percent / 100, 4), num_format="0%", **mark)
        writer.text(row, 7, T["over"][lang] if week.over else "", **mark)
        over_days = cells.get((week.person, week.monday), ((), ()))[0]
        writer.text(row, 8, ", ".join(f"{day.month}/{day.day}" for day in over_days))
        writer.text(row, 9, ", ".join(tree.codes.get(i, "") for i in week.tasks))
    if not found.weeks:
        writer.text(3, 0, T["none"][lang])
    widths = [writer.width(col, col, width) for col, width in enumerate((16, 22, 10, 11.5, 10, 14, 8, 6, 16, 40))]  # roles by label: データサイエンティスト
    xw.print_setup(writer.ws, widths)
