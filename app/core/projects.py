"""Projects: create, rename, duplicate, archive, delete, list, and find by id or name."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid as uuidlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import ConflictError, NotFoundError, UserError, ValidationFailed
from app.core.files.visible_text import compared_name, cut_seen, fold_name, typed_name
from app.core.i18n import LANGS, check_date, date_label
from app.core.limits import check_text
from app.core.messages import Label, Many
from app.core.operations import Change, Operation, Part
from app.core.project import ProjectInfo
from app.core.storage.db import Database
from app.core.storage.models import Project, utcnow

if TYPE_CHECKING:
    import sqlite3

    from app.core.workspace import Workspace

MAX_NAME = 200
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is no project's
# A project's text fields as messages name them (the labels of Project ▸ Properties).
FIELD_LABELS = {"customer": Label(ja="顧客", en="customer"), "description": Label(ja="説明", en="description"),
                "start_date": Label(ja="PoC開始日", en="PoC start")}  # fmt: skip


def check_start_date(start: object) -> None:
    """A project's PoC start within the dates a plan holds (9999/12/31 typed as "no end" is refused
    here, not later by the schedule or an export)."""
    if isinstance(start, dt.date):
        check_date(start, key="project.date_out_of_range", field=FIELD_LABELS["start_date"], value=date_label(start))


def info(row: Project) -> ProjectInfo:
    return ProjectInfo.model_validate(row, from_attributes=True)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # "²" or "١٢" are digits to str.isdigit, not an id


def as_id(text: str) -> int | None:
    """``text`` as a project id: ASCII digits within SQLite's integers (:data:`MAX_ID`), else None.

    A longer number is no project's id (SQLite would refuse it with an OverflowError, and Python's
    int() one of more than 4300 digits)."""
    text = text.strip()
    if not _digits(text) or len(text.lstrip("0")) > len(str(MAX_ID)) or int(text) > MAX_ID:
        return None
    return int(text)


def project_key(name: str) -> str:
    """A project's name as it is compared with the others' (a name taken, a project found by name): as
    baselines' names are (:func:`compared_name`: as seen, in one width: 「類似画像検索ＰｏＣ（デモ）」 typed with
    the input method on is 「類似画像検索PoC(デモ)」, ｱ is ア; case kept). Only compared, never stored."""
    return compared_name(name)


def taken_error(typed: str, other: str) -> ValidationFailed:
    """The refusal of ``typed`` as a project's name, ``other`` being a project's name that is the same
    (:func:`project_key`): naming that project too when it is spelt otherwise (width, spaces)."""
    if other == typed:
        return ValidationFailed(key="project.name_taken", name=typed)
    return ValidationFailed(key="project.name_taken_as", name=typed, other=other)


def clean_name(name: str) -> str:
    """A project's name as it is stored: as typed, the user's own spaces kept (:func:`typed_name`);
    refused when nothing shows or it is longer than :data:`MAX_NAME`. Compared with others folded
    (:func:`project_key`: :meth:`ProjectService._taken`)."""
    name = typed_name(name)
    if not fold_name(name):
        raise ValidationFailed(key="project.needs_name")
    if len(name) > MAX_NAME:
        raise ValidationFailed(key="project.name_too_long", limit=MAX_NAME)
    return name


def touch(session: Session, project_id: int) -> None:
    """Mark the project as modified now (the list shows it; the most recent comes first)."""
    project = session.get(Project, project_id)
    if project is not None:
        project.updated_at = utcnow()


# A numbered name as free_name writes it and as it is typed: any space before the number (the IME's
# full-width 「　」 too), the number in parentheses of either width (「案件　（2）」), its digits of either width.
_NUMBERED = re.compile(r"(.+?)(\s)([(（])([0-9]+|[０-９]+)([)）])")
_WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


# --- copies of a project ------------------------------------------------------------------------
# A project copied into another database (Copy Project To…, a project file) keeps its UUID, and a
# restored backup takes the database back to an older state of it: from then on each copy changes
# on its own. Its copy id (in the project's settings, never in the project file) changes at each
# of these, so that what a copy numbers from then on (the WBS's task uids) is told apart from what
# another copy numbered the same (app/wbs/store.py: take_uids).

COPY_ID = "copy_id"
# The version (updated_at, naive UTC ISO) a project imported from a file was at in it: the version
# it and the file's other copy were both changed from (app/projects/transfer.py: changed_here).
BASE = "imported_version"


def new_copy_id() -> str:
    return uuidlib.uuid4().hex


def copy_id(session: Session, project_id: int) -> str:
    """This copy of the project ("" for a project never copied nor restored)."""
    settings = session.scalar(select(Project.settings).where(Project.id == project_id))
    return str(settings.get(COPY_ID) or "") if isinstance(settings, dict) else ""


def renew_copy_ids(conn: sqlite3.Connection) -> None:
    """Every project of the SQLite file ``conn`` writes to is a copy of its own from now on (a backup
    about to be restored), in ``conn``'s open transaction.

    Plain SQL on the columns of the first schema (``projects.id``, ``projects.settings``: JSON text as
    SQLAlchemy writes it), so that a backup of any schema is renewed before its file replaces the database.
    """
    rows = conn.execute("SELECT id, settings FROM projects").fetchall()
    renewed = []
    for project_id, text in rows:
        settings = json.loads(text) if text else {}
        settings = settings if isinstance(settings, dict) else {}
        renewed.append((json.dumps({**settings, COPY_ID: new_copy_id()}), project_id))
    conn.executemany("UPDATE projects SET settings = ? WHERE id = ?", renewed)


def free_name(session: Session, wanted: str) -> str:
    """``wanted`` or, when taken, ``wanted (2)``, ``wanted (3)``, ...

    ``wanted`` keeps its own spaces (:func:`typed_name`); it is taken when another name is the same
    (:func:`project_key`). A copy of "Plan (2)" becomes "Plan (3)", not "Plan (2) (2)". A numbered name stays within
    :data:`MAX_NAME` (the number is kept, the name before it shortened): a longer one could be
    neither exported nor duplicated again.
    """
    taken = {project_key(name) for name in session.scalars(select(Project.name))}
    wanted = typed_name(wanted) or wanted
    if project_key(wanted) not in taken:
        return wanted
    numbered = _NUMBERED.fullmatch(wanted)
    form = (" ", "(", False, ")")  # how the number is written: as the name numbered wrote it (「PoC　(2)」 -> 「PoC　(3)」)
    if numbered:
        wanted, space, opening, digits, closing = numbered.groups()
        form = (space, opening, not digits.isascii(), closing)
    n = 2
    while project_key(name := _numbered(wanted, n, form)) in taken:
        n += 1
    return name


def _numbered(base: str, n: int, form: tuple[str, str, bool, str] = (" ", "(", False, ")")) -> str:
    """``base (n)`` within :data:`MAX_NAME`, ``base`` cut between what shows as characters (:func:`cut_seen`: never
    inside a flag or an emoji) and kept as a name is (:func:`typed_name`: no blank at the cut); ``form``: the space,
    the parentheses and whether the digits are full-width."""
    space, opening, wide, closing = form
    suffix = f"{space}{opening}{str(n).translate(_WIDE_DIGITS) if wide else n}{closing}"
    if len(base) + len(suffix) > MAX_NAME:
        base = typed_name(cut_seen(base, MAX_NAME - len(suffix)))  # never half a flag, an emoji family or a skin tone
    return base + suffix


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
        project = s.get(Project, project_id) if 0 < project_id <= MAX_ID else None
        if project is None:
            raise NotFoundError(key="project.not_found_id", id=str(project_id))  # an id as typed: 12345, not 12,345
        return project

    def resolve(self, id_or_name: str | int) -> ProjectInfo:
        """Find a project by numeric id, name (as compared: :func:`project_key`) or UUID.

        ``id:5`` is always the id, ``name:5`` always the name. A bare text that is one project's id
        and another's name is refused as ambiguous (which one the user meant cannot be guessed,
        and ``project delete`` must never pick one).
        """
        key = str(id_or_name).strip()
        prefix, _, rest = key.partition(":")
        with self.db.session() as s:
            if prefix == "id" and _digits(rest.strip()):
                number = as_id(rest)
                if number is None:
                    raise NotFoundError(key="project.not_found_id", id=rest.strip())
                return info(self._row(s, number))
            if prefix == "name":
                named = self._named(s, rest)
                if named is None:
                    raise NotFoundError(key="project.not_found", name=rest.strip())
                return info(named)
            number = as_id(key)
            by_id = s.get(Project, number) if number is not None else None
            named = self._named(s, key)
            if by_id is not None and named is not None and by_id.id != named.id:
                raise UserError(key="project.id_or_name", text=key, id=by_id.id, id_name=by_id.name, other=named.id)
            row = by_id or named or s.scalar(select(Project).where(Project.uuid == key))
            if row is not None:
                return info(row)
        raise NotFoundError(key="project.not_found", name=key)

    @staticmethod
    def _named(s: Session, name: str) -> Project | None:
        """The project called ``name`` (:func:`project_key`); refused when several are (made before invisible
        characters were dropped from names, or before names were compared in one width)."""
        wanted = project_key(name)
        if not wanted:
            return None
        ids = [pid for pid, other in s.execute(select(Project.id, Project.name)) if project_key(other) == wanted]
        alike = [row for row in (s.get(Project, pid) for pid in ids) if row is not None]
        if len(alike) > 1:
            raise UserError(key="project.names_alike", name=typed_name(name), ids=Many(tuple(f"id:{row.id}" for row in alike)))
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
        check_start_date(start_date)
        if lang not in LANGS:
            raise ValidationFailed(key="lang.unknown", lang=lang, langs=Many(LANGS))
        with self.db.session() as s:
            if (other := self._taken(s, name)) is not None:
                raise taken_error(name, other)
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
    def _taken(s: Session, name: str, but: int | None = None) -> str | None:
        """The name of another project (not ``but``) that is ``name`` as names compare (:func:`project_key`), if any."""
        rows = s.execute(select(Project.id, Project.name).where(Project.id != (but if but is not None else -1)))
        wanted = project_key(name)
        return next((other for _, other in rows if project_key(other) == wanted), None)

    def rename(self, project_id: int, new_name: str) -> ProjectInfo:
        return self.update(project_id, name=new_name)  # (one copy of the name's rules)

    def update(self, project_id: int, base: Mapping[str, object] | None = None, **fields: object) -> ProjectInfo:
        """Set the given fields (``name`` too) and only those.

        ``base``: the values the user saw of the fields they changed (Project ▸ Properties). A field
        whose stored value is no longer its base (another window, process or import changed it since)
        is refused with :class:`ConflictError` naming it, unless it already holds the new value;
        nothing is written then. Fields without a base are written as given.
        """
        allowed = {"name", "customer", "description", "lang", "start_date", "settings"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationFailed(key="project.unknown_field", fields=Many(tuple(sorted(unknown))))
        for key in ("customer", "description"):
            check_text(FIELD_LABELS[key], fields.get(key))
        check_start_date(fields.get("start_date"))
        if "lang" in fields and fields["lang"] not in LANGS:
            raise ValidationFailed(key="lang.unknown", lang=fields["lang"], langs=Many(LANGS))
        if "name" in fields:
            fields["name"] = clean_name(str(fields["name"]))
        with self.db.session() as s:
            row = self._row(s, project_id)
            stale = sorted(key for key, was in (base or {}).items()
                           if key in fields and getattr(row, key) != was and getattr(row, key) != fields[key])  # fmt: skip
            if stale:
                raise ConflictError(Part.PROJECT, [row.name], stale)
            if "name" in fields and (other := self._taken(s, str(fields["name"]), but=project_id)) is not None:
                raise taken_error(str(fields["name"]), other)
            for key, value in fields.items():
                if key == "settings" and isinstance(value, dict):  # not settings: which copy this is, where it came from
                    value = {**value, **{k: v for k, v in (row.settings or {}).items() if k in (COPY_ID, BASE)}}
                setattr(row, key, value)
            row.updated_at = utcnow()
            return info(row)

    def set_archived(self, project_id: int, archived: bool = True) -> ProjectInfo:
        with self.db.session() as s:
            row = self._row(s, project_id)
            if row.archived != archived:  # (archived again, or restored when not archived: nothing changes)
                row.archived = archived
                row.updated_at = utcnow()
            return info(row)

    def delete(self, project_id: int) -> None:
        with self.db.session() as s:
            s.delete(self._row(s, project_id))


def update_op(project_id: int, base: Mapping[str, object] | None = None, **fields: object) -> Operation:
    """Set a project's own fields (:meth:`ProjectService.update`, over ``base``) as one operation and one
    undo step (Project ▸ Properties, Rename Project). Undo and redo write the other side back only where
    the fields still hold what this change left: one changed elsewhere since is refused with
    :class:`ConflictError` (a name taken meanwhile as ever), and nothing is written. ``detail``: the
    project as saved. (Creating, archiving, duplicating or deleting a project is no undo step:
    :func:`app.core.operations.project_op`.)"""

    def op(ws: Workspace) -> Change:
        service = ProjectService(ws.db)
        with ws.db.transaction():
            was = service.get(project_id)
            now = service.update(project_id, base=base, **fields)
        keys = sorted(fields)
        return Change(project_id, frozenset({Part.PROJECT}), before={key: getattr(was, key) for key in keys},
                      after={key: getattr(now, key) for key in keys}, restore=_restore_fields(project_id), detail=now)  # fmt: skip

    return op


def _restore_fields(project_id: int) -> Callable[[Workspace, dict[str, object], dict[str, object]], Change]:
    def restore(ws: Workspace, target: dict[str, object], expected: dict[str, object]) -> Change:
        return update_op(project_id, base=expected, **target)(ws)

    return restore
