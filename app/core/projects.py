"""Projects: create, rename, duplicate, archive, delete, list, and find by id or name."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid as uuidlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import NotFoundError, UserError, ValidationFailed
from app.core.i18n import LANGS
from app.core.limits import check_text
from app.core.messages import Label, Many
from app.core.project import ProjectInfo
from app.core.storage.db import Database
from app.core.storage.models import Project, utcnow

MAX_NAME = 200
# A project's text fields as messages name them (the labels of Project ▸ Properties).
FIELD_LABELS = {"customer": Label(ja="顧客", en="customer"), "description": Label(ja="説明", en="description")}


def info(row: Project) -> ProjectInfo:
    return ProjectInfo.model_validate(row, from_attributes=True)


def fold_name(name: str) -> str:
    """``name`` as it is seen: invisible format characters (a zero-width space pasted from a chat,
    Unicode category Cf) dropped, runs of white space one space, none at either end."""
    visible = "".join(ch for ch in (name or "") if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def clean_name(name: str) -> str:
    name = fold_name(name)
    if not name:
        raise ValidationFailed(key="project.needs_name")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="project.name_too_long", limit=MAX_NAME)
    return name


def touch(session: Session, project_id: int) -> None:
    """Mark the project as modified now (the list shows it; the most recent comes first)."""
    project = session.get(Project, project_id)
    if project is not None:
        project.updated_at = utcnow()


_NUMBERED = re.compile(r"(.+) \((\d+)\)")


def free_name(session: Session, wanted: str) -> str:
    """``wanted`` or, when taken, ``wanted (2)``, ``wanted (3)``, ...

    A copy of "Plan (2)" becomes "Plan (3)", not "Plan (2) (2)".
    """
    taken = {fold_name(name) for name in session.scalars(select(Project.name))}
    wanted = fold_name(wanted) or wanted
    if wanted not in taken:
        return wanted
    numbered = _NUMBERED.fullmatch(wanted)
    if numbered:
        wanted = numbered.group(1)
    n = 2
    while f"{wanted} ({n})" in taken:
        n += 1
    return f"{wanted} ({n})"


class ProjectService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list(self, include_archived: bool = True) -> list[ProjectInfo]:
        with self.db.session() as s:
            query = select(Project).order_by(Project.updated_at.desc(), Project.id.desc())
            if not include_archived:
                query = query.where(Project.archived.is_(False))
            return [info(p) for p in s.scalars(query)]

    def count(self) -> int:
        with self.db.session() as s:
            return s.scalar(select(func.count(Project.id))) or 0

    def get(self, project_id: int) -> ProjectInfo:
        with self.db.session() as s:
            return info(self._row(s, project_id))

    @staticmethod
    def _row(s: Session, project_id: int) -> Project:
        project = s.get(Project, project_id)
        if project is None:
            raise NotFoundError(key="project.not_found_id", id=project_id)
        return project

    def resolve(self, id_or_name: str | int) -> ProjectInfo:
        """Find a project by numeric id, name (as seen: :func:`fold_name`) or UUID.

        ``id:5`` is always the id, ``name:5`` always the name. A bare text that is one project's id
        and another's name is refused as ambiguous (which one the user meant cannot be guessed,
        and ``project delete`` must never pick one).
        """
        key = str(id_or_name).strip()
        prefix, _, rest = key.partition(":")
        with self.db.session() as s:
            if prefix == "id" and rest.strip().isdigit():
                return info(self._row(s, int(rest.strip())))
            if prefix == "name":
                named = self._named(s, rest)
                if named is None:
                    raise NotFoundError(key="project.not_found", name=rest.strip())
                return info(named)
            by_id = s.get(Project, int(key)) if key.isdigit() else None
            named = self._named(s, key)
            if by_id is not None and named is not None and by_id.id != named.id:
                raise UserError(key="project.id_or_name", text=key, id=by_id.id, id_name=by_id.name, other=named.id)
            row = by_id or named or s.scalar(select(Project).where(Project.uuid == key))
            if row is not None:
                return info(row)
        raise NotFoundError(key="project.not_found", name=key)

    @staticmethod
    def _named(s: Session, name: str) -> Project | None:
        """The project called ``name`` as it is seen; refused when several look the same (made
        before invisible characters were dropped from names)."""
        wanted = fold_name(name)
        if not wanted:
            return None
        ids = [pid for pid, other in s.execute(select(Project.id, Project.name)) if fold_name(other) == wanted]
        alike = [row for row in (s.get(Project, pid) for pid in ids) if row is not None]
        if len(alike) > 1:
            raise UserError(key="project.names_alike", name=wanted, ids=Many(tuple(f"id:{row.id}" for row in alike)))
        return alike[0] if alike else None

    def create(
        self,
        name: str,
        *,
        customer: str = "",
        description: str = "",
        lang: str = "ja",
        start_date: dt.date | None = None,
    ) -> ProjectInfo:
        name = clean_name(name)
        check_text(FIELD_LABELS["customer"], customer)
        check_text(FIELD_LABELS["description"], description)
        if lang not in LANGS:
            raise ValidationFailed(key="lang.unknown", lang=lang, langs=Many(LANGS))
        with self.db.session() as s:
            if self._taken(s, name):
                raise ValidationFailed(key="project.name_taken", name=name)
            row = Project(
                uuid=str(uuidlib.uuid4()),
                name=name,
                customer=customer.strip(),
                description=description,
                lang=lang,
                start_date=start_date,
                settings={},
            )
            s.add(row)
            s.flush()
            return info(row)

    @staticmethod
    def _taken(s: Session, name: str, but: int | None = None) -> bool:
        """Whether another project (not ``but``) is called ``name`` as it is seen."""
        rows = s.execute(select(Project.id, Project.name).where(Project.id != (but if but is not None else -1)))
        return any(fold_name(other) == name for _, other in rows)

    def rename(self, project_id: int, new_name: str) -> ProjectInfo:
        new_name = clean_name(new_name)
        with self.db.session() as s:
            row = self._row(s, project_id)
            if self._taken(s, new_name, but=project_id):
                raise ValidationFailed(key="project.name_taken", name=new_name)
            row.name = new_name
            row.updated_at = utcnow()
            return info(row)

    def update(self, project_id: int, **fields: object) -> ProjectInfo:
        allowed = {"customer", "description", "lang", "start_date", "settings"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationFailed(key="project.unknown_field", fields=Many(tuple(sorted(unknown))))
        for key in ("customer", "description"):
            check_text(FIELD_LABELS[key], fields.get(key))
        if "lang" in fields and fields["lang"] not in LANGS:
            raise ValidationFailed(key="lang.unknown", lang=fields["lang"], langs=Many(LANGS))
        with self.db.session() as s:
            row = self._row(s, project_id)
            for key, value in fields.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            return info(row)

    def set_archived(self, project_id: int, archived: bool = True) -> ProjectInfo:
        with self.db.session() as s:
            row = self._row(s, project_id)
            row.archived = archived
            row.updated_at = utcnow()
            return info(row)

    def delete(self, project_id: int) -> None:
        with self.db.session() as s:
            s.delete(self._row(s, project_id))
