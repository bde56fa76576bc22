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
