"""The demo project: the seed's image-similarity-search PoC for a retailer, half-way through planning.

Its content is data (``resources/demo/project.yaml``). Features add their own part of the demo
in ``app/services/<feature>_demo.py`` modules exposing ``build_demo(ws, project_id, lang, start)``;
they run in name order after the hearing answers exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from app import paths
from app.domain.project import ProjectInfo
from app.i18n import Lang, system_lang
from app.services.answers import AnswerService
from app.services.plugins import modules_with_suffix
from app.services.projects import ProjectService, free_name
from app.services.sessions import SessionService
from app.services.workspace import Workspace


def demo_source() -> dict[str, Any]:
    return yaml.safe_load((paths.resources_dir() / "demo" / "project.yaml").read_text(encoding="utf-8"))


def poc_start(today: dt.date | None = None) -> dt.date:
    """The Monday a week before ``today``: the demo PoC has just begun."""
    today = today or dt.date.today()
    return today - dt.timedelta(days=today.weekday() + 7)


def localize(value: Any, lang: Lang, start: dt.date) -> Any:
    """Pick the language of ``{ja, en}`` texts and turn ``"@+N"`` offsets into dates, recursively."""
    if isinstance(value, dict):
        if set(value) == {"ja", "en"}:
            return localize(value[lang], lang, start)
        return {k: localize(v, lang, start) for k, v in value.items()}
    if isinstance(value, list):
        return [localize(v, lang, start) for v in value]
    if isinstance(value, str) and value.startswith("@+"):
        return (start + dt.timedelta(days=int(value[2:]))).isoformat()
    return value


def create_demo(ws: Workspace, lang: Lang | None = None, today: dt.date | None = None) -> ProjectInfo:
    lang = lang or system_lang()
    start = poc_start(today)
    source = localize(demo_source(), lang, start)
    projects = ProjectService(ws.db)
    meta = source["project"]
    with ws.db.transaction() as s:  # a demo is whole or absent, never half-made (a full disk, a kill)
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
    for module in modules_with_suffix("_demo"):
        module.build_demo(ws, project_id, lang, start)
