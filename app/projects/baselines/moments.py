"""When to offer a baseline: the moments the project's agreement is worth freezing.

The CLI prints a hint after a hearing-sheet import; the window offers one there and after the
proposal's export (app/ui/baselines/offer.py), both through :func:`suggested_moment` and
:func:`suggested_name`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.core.demo_source import app_today
from app.core.files.visible_text import compared_name
from app.core.i18n import format_date, local_time
from app.core.messages import Message

if TYPE_CHECKING:
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

# event -> the kind of baseline it suggests
MOMENTS = {
    "kickoff": "kickoff",
    "hearing_sheet_import": "sheet_import",
    "proposal_export": "kickoff",  # the proposal is what the kickoff agrees on
    "interim_report": "interim",
    "final_report": "final",
}


def suggested_moment(event: str) -> str | None:
    """The baseline kind an event suggests making (``hearing_sheet_import`` -> ``sheet_import``), None for other events."""
    return MOMENTS.get(event)


def kind_label(kind: str, lang: Lang) -> str:
    labels = {
        "manual": Message(key="agreement.kind_manual"),
        "kickoff": Message(key="agreement.kind_kickoff"),
        "sheet_import": Message(key="agreement.kind_sheet_import"),
        "interim": Message(key="agreement.kind_interim"),
        "final": Message(key="agreement.kind_final"),
    }
    return labels[kind].text(lang) if kind in labels else kind


def suggested_name(ws: Workspace, project_id: int, kind: str, lang: Lang, today: dt.date | None = None) -> str:
    """A name no baseline of the project has yet: 「ヒアリングシート取込 2026/12/02」, then 「… (2)」."""
    from app.projects.baselines.store import baselines

    base = f"{kind_label(kind, lang)} {format_date(today or app_today(), lang)}"
    taken = {compared_name(b.name) for b in baselines(ws, project_id)}  # as names are compared (one typed with 「　」 too)
    name, n = base, 2
    while compared_name(name) in taken:
        name, n = f"{base} ({n})", n + 1
    return name


def made_at(created: str, lang: Lang) -> str:
    """When a baseline was made, on this computer's clock, as ``lang`` writes dates (2026/12/21 09:30);
    a time the clock cannot hold (9999-12-31T23:59:59+00:00 is in the year 10000 in Japan) as written."""
    try:
        made = dt.datetime.fromisoformat(created)
    except ValueError:
        return created
    return local_time(made, lang)


def signed_on(iso: str, lang: Lang) -> str:
    """A sign-off's date as ``lang`` writes dates."""
    try:
        return format_date(dt.date.fromisoformat(iso), lang)
    except ValueError:
        return iso
