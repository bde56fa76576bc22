"""Per-project documents edited as a whole (proposal, environment choices, ...), stored as JSON by kind."""

from __future__ import annotations

import copy
from typing import Any

from sqlalchemy import Text, cast, delete, select

from app.core.errors import NotFoundError
from app.core.limits import check_tree
from app.core.projects import touch
from app.core.storage.db import Database
from app.core.storage.models import Project, ProjectDocument, utcnow


class DocumentService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, project_id: int, kind: str) -> dict[str, Any]:
        with self.db.session() as s:
            row = s.scalar(
                select(ProjectDocument).where(ProjectDocument.project_id == project_id, ProjectDocument.kind == kind)
            )
            return copy.deepcopy(row.data) if row else {}

    def text(self, project_id: int, kind: str) -> str:
        """The document as stored, its JSON text ("" for none): what a cache of its parse is keyed by
        (read without parsing or copying it: a baselines document of 10,000 tasks is megabytes)."""
        with self.db.session() as s:
            found = s.scalar(
                select(cast(ProjectDocument.data, Text)).where(ProjectDocument.project_id == project_id, ProjectDocument.kind == kind)
            )
            return found or ""

    def put(self, project_id: int, kind: str, data: dict[str, Any]) -> None:
        with self.db.session() as s:
            if s.get(Project, project_id) is None:
                raise NotFoundError(key="project.not_found_id", id=project_id)
            row = s.scalar(
                select(ProjectDocument).where(ProjectDocument.project_id == project_id, ProjectDocument.kind == kind)
            )
            check_tree(kind, data, row.data if row else None)  # no text longer than a field holds
            if row is None:
                row = ProjectDocument(project_id=project_id, kind=kind)
                s.add(row)
            row.data = copy.deepcopy(data)
            row.updated_at = utcnow()
            touch(s, project_id)

    def rename_keys(self, project_id: int, kind: str, part: str, renames: dict[str, str]) -> bool:
        """Move the entries of a document's ``part`` (a mapping) from each old key to its new one, as
        one write joining the caller's unit of work; an entry already under a new key takes the old
        key's place (swapped, never dropped). False: nothing to move."""
        data = self.get(project_id, kind)
        entries = data.get(part)
        if not isinstance(entries, dict) or not set(renames) & set(entries):
            return False
        moved = {k: v for k, v in entries.items() if k not in renames and k not in renames.values()}
        for old, new in renames.items():
            if old in entries:
                moved[new] = entries[old]
            if new in entries and new not in renames:
                moved[old] = entries[new]
        self.put(project_id, kind, data | {part: moved})
        return True

    def delete(self, project_id: int, kind: str) -> None:
        """Remove the project's document of ``kind`` (none there: nothing changes)."""
        with self.db.session() as s:
            s.execute(delete(ProjectDocument).where(ProjectDocument.project_id == project_id, ProjectDocument.kind == kind))
            touch(s, project_id)
