"""The demo project: the seed's image-similarity-search PoC for a retailer, half-way through planning.

Its content is data (``resources/demo/project.yaml``). Features add their own part of the demo
in their ``demo`` modules (``build_demo(ws, project_id, lang, start)``, listed in app/features.py);
they run in name order after the hearing answers exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.demo_source import demo_source, localize, poc_start
from app.core.i18n import Lang, system_lang
from app.core.project import ProjectInfo
from app.core.projects import ProjectService, free_name
from app.core.workspace import Workspace
from app.hearing import AnswerService, SessionService


def create_demo(ws: Workspace, lang: Lang | None = None, today: dt.date | None = None, *, only_first: bool = False) -> ProjectInfo:
    """A new demo project; ``only_first``: the demo a first start opens, made only while the database
    holds no demo (by its name, in either language), else that demo is returned: of two first starts
    at one moment, the second waits for the first's write lock, then opens its demo, never a second."""
    lang = lang or system_lang()
    start = poc_start(today)
    source = localize(demo_source(), lang, start)
    projects = ProjectService(ws.db)
    meta = source["project"]
    with ws.db.transaction() as s:  # a demo is whole or absent, never half-made (a full disk, a kill)
        if only_first:  # (inside the write lock: another start's demo is seen here)
            names = {localize(demo_source(), other, start)["project"]["name"] for other in ("ja", "en")}
            made = [p for p in projects.list() if p.name in names]
            if made:
                return made[-1]  # (the oldest, should there be two)
        name = free_name(s, meta["name"])
        project = projects.create(
            name, customer=meta["customer"], description=meta["description"], lang=lang, start_date=start
        )
        _fill(ws, project.id, source, lang, start)
    return projects.get(project.id)


def _fill(ws: Workspace, project_id: int, source: dict[str, Any], lang: Lang, start: dt.date) -> None:
    sessions = SessionService(ws.db)
    session = source["session"]
    sessions.start(
        project_id,
        held_on=dt.date.fromisoformat(session["held_on"]),
        attendees=session["attendees"],
        title=session["title"],
    )
    answers = AnswerService(ws.db, ws.library)
    for item_id, fields in source["answers"].items():
        answers.update(project_id, item_id, source="demo", **fields)
    sessions.end(project_id)
    from app import features

    for build in features.demo_builders():
        build(ws, project_id, lang, start)
