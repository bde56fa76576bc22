"""A whole project as one schema-versioned JSON file, and back.

The file holds the project, its hearing sessions, answers with their full history, documents,
and whatever later features register as a :class:`TransferPart` (the WBS adds its tasks). Import
always creates a new project; nothing existing is touched.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import stat
import uuid as uuidlib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import __version__
from app.core.content.model import ID_PATTERN
from app.core.errors import FileMissing, RefusedImportError, UserError, ValidationFailed, shown
from app.core.files.atomic import write_text
from app.core.limits import check_tree
from app.core.messages import Label, Message, pydantic_problem
from app.core.project import ProjectInfo
from app.core.project_file import MAX_INT, TransferPart
from app.core.projects import free_name
from app.core.storage.db import Database
from app.core.storage.models import (
    Answer,
    AnswerHistory,
    HearingSession,
    Project,
    ProjectDocument,
    utcnow,
)

FORMAT = "mlops-kickoff-project"
SCHEMA_VERSION = 1

# Limits of an imported project file (the README's "Safety" section lists them). A real project's
# file is a few MB; these leave room for years of history and still bound time and memory.
MAX_FILE_BYTES = 32 * 1024 * 1024  # checked on the file's size before anything is read
MAX_DEPTH = 32  # nesting of objects and lists (answer values and documents use a handful)
MAX_NUMBER_DIGITS = 18  # any integer in the file fits SQLite's 64-bit integers
MAX_SESSIONS = 1_000
MAX_ANSWERS = 20_000
MAX_HISTORY = 1_000  # records per answer
MAX_DOCUMENTS = 200
MAX_PART_ROWS = 10_000  # rows of one feature's part (WBS tasks): pages and exports stay quick well past a PoC's WBS

THE_FILE = Label(ja="ファイル", en="the file")  # a file's name where none is given
# What a file holds twice when the database refuses a second copy (its unique constraints).
TWICE_LABELS = {
    "answers": Label(ja="項目への回答", en="answer to an item"),
    "hearing_sessions": Label(ja="ヒアリングの回", en="hearing session"),
    "project_documents": Label(ja="文書", en="document"),
    "wbs_tasks": Label(ja="WBS タスク", en="WBS task"),
    "wbs_dependencies": Label(ja="タスクの依存関係", en="task dependency"),
}

# A count or number column: bounded so that SQLite (64-bit integers) never overflows.
Count = Annotated[int, Field(ge=0, le=MAX_INT, strict=True)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120)]


# --- the file's shape (validated on import) --------------------------------------------------


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class HistoryRecord(_Loose):
    changed_at: dt.datetime
    session_number: Count | None = None
    status: str
    value: Any = None
    later: Any = None
    note: str = ""
    answered_by: str = ""
    hypothesis_state: str = "none"
    source: str = "ui"


class AnswerRecord(_Loose):
    item_id: Identifier
    checklist_id: Identifier
    status: str = "not_asked"
    value: Any = None
    later: Any = None
    note: str = ""
    answered_by: str = ""
    hypothesis_state: str = "none"
    hypothesis_value: Any = None
    content_version: Count = 1
    session_number: Count | None = None
    updated_at: dt.datetime
    history: list[HistoryRecord] = Field(default_factory=list, max_length=MAX_HISTORY)


class SessionRecord(_Loose):
    number: Count
    held_on: dt.date
    title: str = ""
    attendees: list[str] = Field(default_factory=list)
    notes: str = ""
    started_at: dt.datetime
    ended_at: dt.datetime | None = None


class DocumentRecord(_Loose):
    kind: str = Field(pattern=ID_PATTERN, min_length=1, max_length=60)
    data: dict[str, Any]
    updated_at: dt.datetime


class ProjectRecord(_Loose):
    uuid: str
    name: str = Field(min_length=1, max_length=200)
    customer: str = ""
    description: str = ""
    lang: str = "ja"
    start_date: dt.date | None = None
    archived: bool = False
    settings: dict[str, Any] = Field(default_factory=dict)
    created_at: dt.datetime
    updated_at: dt.datetime


class ProjectFile(_Loose):
    format: str
    schema_version: Annotated[int, Field(strict=True, ge=1, le=SCHEMA_VERSION)]
    app_version: str = ""
    exported_at: dt.datetime | None = None
    project: ProjectRecord
    sessions: list[SessionRecord] = Field(default_factory=list, max_length=MAX_SESSIONS)
    answers: list[AnswerRecord] = Field(default_factory=list, max_length=MAX_ANSWERS)
    documents: list[DocumentRecord] = Field(default_factory=list, max_length=MAX_DOCUMENTS)
    parts: dict[str, Annotated[list[dict[str, Any]], Field(max_length=MAX_PART_ROWS)]] = Field(default_factory=dict, max_length=50)


# --- export -------------------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_data(db: Database, project_id: int) -> dict[str, Any]:
    with db.session() as s:
        project = s.get(Project, project_id)
        if project is None:
            from app.core.errors import NotFoundError

            raise NotFoundError(key="project.not_found_id", id=project_id)
        numbers = {row.id: row.number for row in project.sessions}
        answers = s.scalars(select(Answer).where(Answer.project_id == project_id).order_by(Answer.item_id))
        data = {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "app_version": __version__,
            "exported_at": _iso(utcnow()),
            "project": {
                "uuid": project.uuid,
                "name": project.name,
                "customer": project.customer,
                "description": project.description,
                "lang": project.lang,
                "start_date": _iso(project.start_date),
                "archived": project.archived,
                "settings": project.settings or {},
                "created_at": _iso(project.created_at),
                "updated_at": _iso(project.updated_at),
            },
            "sessions": [
                {
                    "number": row.number,
                    "held_on": _iso(row.held_on),
                    "title": row.title,
                    "attendees": list(row.attendees or []),
                    "notes": row.notes,
                    "started_at": _iso(row.started_at),
                    "ended_at": _iso(row.ended_at),
                }
                for row in project.sessions
            ],
            "answers": [
                {
                    "item_id": a.item_id,
                    "checklist_id": a.checklist_id,
                    "status": a.status,
                    "value": a.value,
                    "later": a.later,
                    "note": a.note,
                    "answered_by": a.answered_by,
                    "hypothesis_state": a.hypothesis_state,
                    "hypothesis_value": a.hypothesis_value,
                    "content_version": a.content_version,
                    "session_number": numbers.get(a.session_id) if a.session_id else None,
                    "updated_at": _iso(a.updated_at),
                    "history": [
                        {
                            "changed_at": _iso(h.changed_at),
                            "session_number": numbers.get(h.session_id) if h.session_id else None,
                            "status": h.status,
                            "value": h.value,
                            "later": h.later,
                            "note": h.note,
                            "answered_by": h.answered_by,
                            "hypothesis_state": h.hypothesis_state,
                            "source": h.source,
                        }
                        for h in a.history
                    ],
                }
                for a in answers
            ],
            "documents": [
                {"kind": d.kind, "data": d.data, "updated_at": _iso(d.updated_at)}
                for d in sorted(project.documents, key=lambda d: d.kind)
            ],
            "parts": {part.key: part.dump(s, project_id) for part in transfer_parts()},
        }
    return data


def export_file(db: Database, project_id: int, out: Path) -> Path:
    data = export_data(db, project_id)
    return write_text(Path(out), json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- import -------------------------------------------------------------------------------------


class _Refused(Exception):
    """Raised from inside the JSON parser's hooks; becomes one RefusedImportError with its message."""

    def __init__(self, problem: Message) -> None:
        super().__init__(problem.key)
        self.problem = problem


def _no_constant(name: str) -> Any:
    raise _Refused(Message(key="project_file.not_a_json_number", name=name))


def _bounded_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(Message(key="project_file.number_too_large", number=text[:20]))
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Refused(Message(key="project_file.too_many_digits", digits=len(text.lstrip("-")), limit=MAX_NUMBER_DIGITS))
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        first_at = {key: n for n, (key, _) in reversed(list(enumerate(pairs)))}
        twice = next(key for n, (key, _) in enumerate(pairs) if first_at[key] != n)
        raise _Refused(Message(key="project_file.name_twice", name=shown(twice)))
    return result


def _check_depth(data: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH (iteratively: no recursion on hostile input)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Refused(Message(key="project_file.too_deep", limit=MAX_DEPTH))
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _refused(source: object, problem: Message) -> RefusedImportError:
    return RefusedImportError(key="project_file.refused", source=source, problem=problem)


def parse(text: str, source: object = THE_FILE) -> Any:
    """JSON, strictly: no NaN or Infinity, no duplicate names, bounded numbers and nesting."""
    try:
        data = json.loads(
            text,
            parse_constant=_no_constant,
            parse_float=_bounded_float,
            parse_int=_bounded_int,
            object_pairs_hook=_no_duplicates,
        )
        if isinstance(data, dict | list):
            _check_depth(data)
    except json.JSONDecodeError as exc:  # where, not the parser's English words
        raise RefusedImportError(key="project_file.not_json", source=source, line=exc.lineno, column=exc.colno) from None
    except _Refused as exc:
        raise _refused(source, exc.problem) from None
    except RecursionError:
        raise _refused(source, Message(key="project_file.too_deep", limit=MAX_DEPTH)) from None
    except ValueError as exc:  # what the hooks did not foresee (e.g. Python's own integer-size limit): Python's words
        raise RefusedImportError(key="project_file.unusable_json", source=source, detail=str(exc).splitlines()[0]) from None
    return data


def read_file(path: Path) -> dict[str, Any]:
    path = Path(path)
    limit_mb = MAX_FILE_BYTES // (1024 * 1024)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UserError(key="project_file.is_folder", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedImportError(key="project_file.not_regular", path=path)
        if info.st_size > MAX_FILE_BYTES:
            raise RefusedImportError(key="project_file.too_large", path=path, size=f"{info.st_size / 1e6:.0f}", limit=limit_mb)
        with open(path, "rb") as fh:
            blob = fh.read(min(info.st_size, MAX_FILE_BYTES) + 1)  # no bigger buffer than the file; it may have grown
            if len(blob) > info.st_size:  # it grew since stat(): read on, up to the limit
                blob += fh.read(MAX_FILE_BYTES + 1 - len(blob))
        if len(blob) > MAX_FILE_BYTES:
            raise RefusedImportError(key="project_file.grew_too_large", path=path, limit=limit_mb)
        text = blob.decode("utf-8")
    except FileNotFoundError:
        raise FileMissing(path) from None
    except IsADirectoryError:
        raise UserError(key="project_file.is_folder", path=path) from None
    except UnicodeDecodeError:
        raise RefusedImportError(key="project_file.not_utf8", path=path) from None
    except OSError as exc:
        raise UserError(key="file.cannot_read", path=path, reason=exc.strerror or str(exc)) from None
    return parse(text, str(path))


def validate(data: Any, source: object = THE_FILE) -> ProjectFile:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RefusedImportError(key="project_file.wrong_format", source=source)
    version = data.get("schema_version")
    if type(version) is not int or version < 1:  # bool is an int to Python: not here
        raise RefusedImportError(key="project_file.no_schema_version", source=source, version=str(version)[:20])
    if version > SCHEMA_VERSION:
        raise RefusedImportError(key="project_file.newer_schema", source=source, version=str(version), supported=SCHEMA_VERSION)
    try:
        return ProjectFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RefusedImportError(key="project_file.damaged", source=source, where=where, problem=pydantic_problem(first)) from None


def import_data(
    db: Database, data: dict[str, Any], *, name: str | None = None, source: object = THE_FILE, library: Any = None
) -> int:
    """Create a new project from exported data and return its id (all or nothing).

    With the content ``library``, the environment documents get the same field rules as the pages
    (values that end up in commands, paths and CI files).
    """
    check_tree(str(source), data)  # no field longer than the pages take
    parsed = validate(data, source)
    if library is not None:
        check_field_rules(library, parsed, source)
    try:
        return _insert(db, parsed, name)
    except IntegrityError as exc:
        detail = str(exc.orig).split("\n")[0]
        table = detail.split(":", 1)[1].strip().split(".", 1)[0] if detail.startswith("UNIQUE constraint failed:") else ""
        if table in TWICE_LABELS:
            raise RefusedImportError(key="project_file.twice", source=source, what=TWICE_LABELS[table]) from None
        raise RefusedImportError(key="project_file.contradicts", source=source, detail=detail) from None


def _insert(db: Database, parsed: ProjectFile, name: str | None) -> int:
    record = parsed.project
    with db.session() as s:
        taken_uuid = s.scalar(select(Project.id).where(Project.uuid == record.uuid)) is not None
        project = Project(
            uuid=str(uuidlib.uuid4()) if taken_uuid else record.uuid,
            name=free_name(s, name or record.name),
            customer=record.customer,
            description=record.description,
            lang=record.lang if record.lang in ("ja", "en") else "ja",
            start_date=record.start_date,
            archived=record.archived,
            settings=record.settings,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
        s.add(project)
        s.flush()
        session_ids: dict[int, int] = {}
        for session_rec in parsed.sessions:
            row = HearingSession(project_id=project.id, **session_rec.model_dump())
            s.add(row)
            s.flush()
            session_ids[session_rec.number] = row.id
        for rec in parsed.answers:
            answer = Answer(
                project_id=project.id,
                session_id=session_ids.get(rec.session_number) if rec.session_number else None,
                **rec.model_dump(exclude={"history", "session_number"}),
            )
            s.add(answer)
            s.flush()
            for h in rec.history:
                s.add(
                    AnswerHistory(
                        answer_id=answer.id,
                        session_id=session_ids.get(h.session_number) if h.session_number else None,
                        **h.model_dump(exclude={"session_number"}),
                    )
                )
        for doc in parsed.documents:
            s.add(ProjectDocument(project_id=project.id, **doc.model_dump()))
        context: dict[str, Any] = {"session_ids": session_ids}
        for part in transfer_parts():
            part.load(s, project.id, parsed.parts.get(part.key, []), context)
        s.flush()
        # Keep the original modification time: an import is not an edit.
        project.updated_at = record.updated_at
        return project.id


def check_field_rules(library: Any, parsed: ProjectFile, source: object) -> None:
    """Refuse a file holding a value that the Experiment environment or Data platform page would refuse."""
    from app.core.errors import NotFoundError, ValidationFailed
    from app.environment import check_documents, form_in

    try:
        form = form_in(library)
    except NotFoundError:
        return
    for doc in parsed.documents:
        try:
            check_documents(form, doc.kind, doc.data)
        except ValidationFailed as exc:  # the page's own words, in the user's language
            raise RefusedImportError(key="project_file.refused_value", source=source, problem=exc) from None
    check_answer_values(library, parsed, source)


def check_answer_values(library: Any, parsed: ProjectFile, source: object) -> None:
    """Every answer to a known item must fit it, as if typed in the app (a choice is one of its options).

    Answers to items the content does not know are kept as they are (orphans, never dropped).
    """
    from app.core.errors import ValidationFailed
    from app.hearing import normalize_value

    for answer in parsed.answers:
        item = library.item(answer.item_id)
        if item is None:
            continue
        for key in ("value", "later"):
            raw = getattr(answer, key, None)
            if raw is None:
                continue
            try:
                normalize_value(item, raw)
            except ValidationFailed as exc:  # the item named by its label (AnswerValueError), not its id
                raise RefusedImportError(key="project_file.refused_value", source=source, problem=exc) from None


def import_file(db: Database, path: Path, library: Any = None) -> int:
    path = Path(path)
    return import_data(db, read_file(path), source=str(path), library=library)


def duplicate(db: Database, project_id: int, new_name: str | None = None) -> ProjectInfo:
    """A full copy (answers with their history, sessions, documents, WBS) under a new name and UUID."""
    from app.core.projects import ProjectService, clean_name

    data = export_data(db, project_id)
    base = clean_name(new_name) if new_name else data["project"]["name"]
    if new_name:
        with db.session() as s:
            if s.scalar(select(Project.id).where(Project.name == base)) is not None:
                raise ValidationFailed(key="project.name_taken", name=base)
    data["project"]["uuid"] = str(uuidlib.uuid4())
    return ProjectService(db).get(import_data(db, data, name=base))


def transfer_parts() -> list[TransferPart]:
    from app import features

    return features.transfer_parts()
