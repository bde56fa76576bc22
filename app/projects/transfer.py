"""A whole project as one schema-versioned JSON file, and back.

The file holds the project, its hearing sessions, answers with their full history, documents,
and whatever later features register as a :class:`TransferPart` (the WBS adds its tasks). Import
always creates a new project; nothing existing is touched. A file whose project is here already and
was changed here since the file's version of it (:class:`ChangedHere`, found by :func:`read_import`)
is told to the user before it is imported beside it (the window asks, the command line says so).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuidlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from app import __version__
from app.core.errors import RefusedImportError, UserError
from app.core.files.atomic import write_bytes
from app.core.limits import TextTooLong, check_tree
from app.core.messages import Label, Many, Message, done, first_problem
from app.core.project import ProjectInfo
from app.core.project_file import HELD, StoredDataDamaged, TransferPart
from app.core.projects import BASE, COPY_ID, free_name, new_copy_id
from app.core.storage.db import Database
from app.core.storage.errors import named_database
from app.core.storage.models import (
    Answer,
    AnswerHistory,
    HearingSession,
    Project,
    ProjectDocument,
    utcnow,
)
from app.projects.field_rules import check_field_rules, check_stored_values
from app.projects.file_format import (
    FORMAT,
    SCHEMA_VERSION,
    THE_FILE,
    TWICE_LABELS,
    ProjectFile,
    ProjectTooLarge,
    check_export,
    check_round_trip,
    export_damaged,
    import_text_too_long,
    read_file,
    validate,
)

# --- export -------------------------------------------------------------------------------------


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _exported_settings(project: Project) -> dict[str, Any]:
    """The project's settings as its file carries them: not which copy it is (this database's); the version
    it was imported from (:data:`BASE`) once it has changed since (the file's base: the other copy's import
    tells a change made on both sides; unchanged, the file is that version and round-trips as it came)."""
    settings = {k: v for k, v in (project.settings or {}).items() if k != COPY_ID}
    if settings.get(BASE) == _iso(project.updated_at):
        del settings[BASE]
    return settings


def export_data(db: Database, project_id: int) -> dict[str, Any]:
    with db.session(snapshot=True) as s:  # the project as it was at one moment (a colleague's undo lands meanwhile)
        project = s.get(Project, project_id)
        if project is None:
            from app.core.errors import NotFoundError

            raise NotFoundError(key="project.not_found_id", id=project_id)
        numbers = {row.id: row.number for row in project.sessions}
        answers = s.scalars(select(Answer).where(Answer.project_id == project_id).order_by(Answer.item_id))
        exported = {kind: as_carried for part in transfer_parts() for kind, as_carried in part.exported.items()}
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
                "settings": _exported_settings(project),
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
                    "started_by": row.started_by,
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
                    "followup_owner": a.followup_owner,
                    "followup_due": _iso(a.followup_due),
                    "followup_done": a.followup_done,
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
                        } | ({"author": h.author} if h.author else {})  # older entries: no author, as before
                        for h in a.history
                    ],
                }
                for a in answers
            ],
            "documents": [
                {"kind": d.kind, "data": exported.get(d.kind, _as_stored)(d.data), "updated_at": _iso(d.updated_at)}
                for d in sorted(project.documents, key=lambda d: d.kind)
            ],
            "parts": {part.key: part.dump(s, project_id) for part in transfer_parts()},
        }
    return data


def _as_stored(data: Any) -> Any:
    return data


def export_file(db: Database, project_id: int, out: Path, library: Any = None) -> Path:
    """Write the project file; one the import would refuse (for its size, or for the project's stored
    data: the same checks it makes) is refused before anything is written. With the content
    ``library`` (as the import is given it), its values are checked as the import checks them too."""
    data = export_data(db, project_id)
    parsed = check_round_trip(data, Path(out))
    try:  # and what the import checks beyond the file's structure: the user's only copy must come back
        check_documents(parsed, THE_FILE, held=True)
        check_parts(parsed, held=True)
    except StoredDataDamaged as damaged:
        raise export_damaged(data, Path(out), damaged) from None
    try:  # (a time an older version stored out of the years the app holds)
        _agreement_times(parsed, THE_FILE, held=False, convert=False)
    except RefusedImportError as exc:
        where = Message(key="content.at_field", field=exc.params["where"], problem=exc.params["problem"])
        raise ProjectTooLarge(key="project_file.export_would_be_refused", path=Path(out),
                              problem=Message(key="content.at_field", field=exc.params["document"], problem=where)) from None
    if library is not None:
        check_stored_values(library, parsed, Path(out))
    blob = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    check_export(blob, Path(out))
    return write_bytes(Path(out), blob)


# --- import -------------------------------------------------------------------------------------


def import_data(
    db: Database,
    data: dict[str, Any],
    *,
    name: str | None = None,
    source: object = THE_FILE,
    library: Any = None,
    held: bool = False,
) -> int:
    """Create a new project from exported data and return its id (all or nothing).

    With the content ``library``, the environment documents get the same field rules as the pages
    (values that end up in commands, paths and CI files). ``held``: the data of a project the app
    holds (:func:`duplicate`, a copy to another database), not a file: the file's caps on counts
    (app/projects/file_format.py) do not apply.
    """
    parsed = check_data(data, source=source, library=library, held=held)
    return insert_checked(db, parsed, name=name, source=source, held=held)


def check_data(data: dict[str, Any], *, source: object = THE_FILE, library: Any = None, held: bool = False) -> ProjectFile:
    """Everything :func:`import_data` refuses before it writes, without a database: the records to insert."""
    if not held:  # (a text of a project the app holds was taken by its pages, or stored before their limit)
        try:
            check_tree("", data)  # no field longer than the pages take
        except TextTooLong as exc:  # said where it is in the user's words, never by its path in the file
            raise import_text_too_long(data, source, exc) from None
    parsed = validate(data, source, held=held)
    refuse_unknown_parts(parsed, source)
    check_documents(parsed, source, held=held, library=library)
    _agreement_times(parsed, source, held)
    if library is not None:
        check_field_rules(library, parsed, source)
    return parsed


def insert_checked(db: Database, parsed: ProjectFile, *, name: str | None = None, source: object = THE_FILE, held: bool = False) -> int:
    """The new project of checked records (:func:`check_data`), all or nothing; its id."""
    try:
        return _insert(db, parsed, name, held)
    except IntegrityError as exc:
        detail = str(exc.orig).split("\n")[0]
        table = (
            detail.split(":", 1)[1].strip().split(".", 1)[0]
            if detail.startswith("UNIQUE constraint failed:")
            else ""
        )
        if held:  # the project's own data holds it twice: its damage, not a file's
            twice = TWICE_LABELS.get(table)
            raise StoredDataDamaged(twice or Label(ja="データ", en="its records"),
                                    Message(key="project.stored_twice") if twice else detail) from None
        if table in TWICE_LABELS:
            raise RefusedImportError(
                key="project_file.twice", source=source, what=TWICE_LABELS[table]
            ) from None
        raise RefusedImportError(key="project_file.contradicts", source=source, detail=detail) from None


def refuse_unknown_parts(parsed: ProjectFile, source: object) -> None:
    """Refuse a file (from a newer app, same schema) holding data in a part this version does not
    know: importing it would drop that data without a word."""
    known = {part.key for part in transfer_parts()}
    unknown = sorted(key for key, rows in parsed.parts.items() if key not in known and rows)
    if unknown:
        raise RefusedImportError(key="project_file.unknown_parts", source=source, parts=Many(tuple(unknown)),
                                 version=parsed.app_version or "?")


def check_documents(parsed: ProjectFile, source: object, *, held: bool = False, library: Any = None) -> None:
    """Refuse a file holding a feature's document that the model its readers read it with refuses
    (:func:`app.features.document_models`): stored, it would end every later read of it, naming the document
    and, with the content ``library``, the part the page names (a person, a section), never a stored path.
    ``held``: a project the app holds (a duplicate, a copy, the export's check), whose damage is said
    as its own (:class:`StoredDataDamaged`: the document by its label), never the file's."""
    from app.features import document_field_label, document_label, document_models
    from app.projects import suspects

    models: dict[str, type[BaseModel]] = {**document_models(), suspects.KIND: suspects.ReviewsDocument}
    for doc in parsed.documents:
        model = models.get(doc.kind)
        if model is None:
            continue
        try:
            model.model_validate(doc.data)
        except ValidationError as exc:
            where, problem = first_problem(exc)
            label = document_label(doc.kind) or doc.kind
            if held:
                raise StoredDataDamaged(Message(key="project.stored_document", document=label), problem) from None
            named = None if library is None else (suspects.reviewed_label(library, where) if doc.kind == suspects.KIND
                                                  else document_field_label(library, doc.kind, where))
            raise RefusedImportError(key="project_file.document_damaged", source=source,
                                     document=label, where=named or where, problem=problem) from None


def _agreement_times(parsed: ProjectFile, source: object, held: bool, *, convert: bool = True) -> None:
    """The agreement baselines' times (when each was made, each sign-off recorded) in UTC as the app writes
    them (app/projects/baselines/store.py: as_imported; ``convert``: else only checked); one outside the
    years the app holds refused, naming where."""
    from app.core.i18n import date_years
    from app.core.project import AGREEMENT_KIND
    from app.features import document_label
    from app.projects.baselines.store import TimeOutOfRange, as_imported

    for doc in parsed.documents:
        if doc.kind == AGREEMENT_KIND:
            try:
                moved = as_imported(doc.data, held)
            except TimeOutOfRange as exc:
                raise RefusedImportError(key="project_file.document_damaged", source=source, document=document_label(doc.kind) or doc.kind,
                                         where=exc.where, problem=Message(key="value.time_out_of_range", **date_years())) from None  # fmt: skip
            if convert:
                doc.data = moved


def check_parts(parsed: ProjectFile, *, held: bool = False) -> None:
    """The features' parts checked as their ``load`` checks them, without writing (the export's check)."""
    for part in transfer_parts():
        if part.check is not None:
            part.check(parsed.parts.get(part.key, []), held)


def _insert(db: Database, parsed: ProjectFile, name: str | None, held: bool) -> int:
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
            settings={**record.settings, COPY_ID: new_copy_id(), BASE: _iso(record.updated_at)},  # a copy of its own from now on
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
        context: dict[str, Any] = {"session_ids": session_ids, HELD: held}
        for part in transfer_parts():
            part.load(s, project.id, parsed.parts.get(part.key, []), context)
        s.flush()
        # Keep the original modification time: an import is not an edit.
        project.updated_at = record.updated_at
        added = Message(key="done.project_added", name=project.name, id=project.id, database=named_database(db.url))
        event.listen(s, "after_commit", lambda _session: done(added), once=True)  # once it is there: a Ctrl+C then says so
        return project.id


def import_file(db: Database, path: Path, library: Any = None) -> int:
    """A new project of the file (as :func:`read_import` then :func:`FileToImport.insert`); its id."""
    return read_import(db, path, library).insert(db)


def _moment(value: dt.datetime) -> Label:
    """A stored time (naive UTC) on this computer's clock, as each language writes it (2026/12/21 09:30:05);
    one the clock cannot hold (9999-12-31 23:59 UTC is in the year 10000 in Japan: stored by an older
    version's import) as stored."""
    from app.core.i18n import local_time

    return Label(ja=local_time(value, "ja", seconds=True), en=local_time(value, "en", seconds=True))


@dataclass(frozen=True)
class ChangedHere:
    """The project a file holds is in this database (the same UUID) and was changed here after the
    file's version of it (its ``updated_at`` here is later than the file's): the file is older than
    the project here; or (``base``) changed here and in the file both since the version both come from
    (the file newer, but without the change made here). Importing it makes a new project beside it, the
    one here unchanged."""

    project_id: int
    name: str  # the project's name here, now
    file_name: str  # its name in the file
    file_changed: dt.datetime  # when the file's version was last changed (naive UTC)
    here_changed: dt.datetime  # when the project here was last changed (naive UTC)
    base: dt.datetime | None = None  # the version both were changed from, when the file is newer (naive UTC)

    def message(self, target: str | None = None) -> Message:
        """What it is, in the user's words (both names, both times on this computer's clock); ``target``: the
        database a copy of the project went to (``project copy``, File ▸ Copy Project To…), as it is shown: the
        copy is the file's version, the target "here"."""
        said: dict[str, Any] = {"name": self.name, "file_time": _moment(self.file_changed), "here_time": _moment(self.here_changed)}
        same = self.name == self.file_name
        if not same:
            said["file_name"] = self.file_name
        if self.base is not None:
            said["base_time"] = _moment(self.base)
        if target is not None:
            said["target"] = target
            if self.base is not None:
                return Message(key="project_copy.changed_both", **said) if same else Message(key="project_copy.changed_both_renamed", **said)
            return Message(key="project_copy.changed_there", **said) if same else Message(key="project_copy.changed_there_renamed", **said)
        if self.base is not None:
            return Message(key="project_file.changed_both", **said) if same else Message(key="project_file.changed_both_renamed", **said)
        return Message(key="project_file.changed_here", **said) if same else Message(key="project_file.changed_here_renamed", **said)


def _base(settings: Any) -> dt.datetime | None:
    """The version a copy was imported from (:data:`BASE` of its settings: naive UTC), if it says one."""
    try:
        return dt.datetime.fromisoformat(settings[BASE]).replace(tzinfo=None)
    except (KeyError, TypeError, ValueError):
        return None


def changed_here(db: Database, parsed: ProjectFile) -> ChangedHere | None:
    """:class:`ChangedHere` when the file's project is here and was changed here since the file's
    version, or since the version the file and the project here were both changed from (the one here
    was imported from, or the file's copy was: the older of the two); None when it is not here, here as
    the file has it or older, or the file is a later version of it (imported as ever, unasked)."""
    with db.session() as s:
        row = s.execute(select(Project.id, Project.name, Project.updated_at, Project.settings)
                        .where(Project.uuid == parsed.project.uuid)).first()  # fmt: skip
    if row is None or row.updated_at is None:
        return None
    file_changed = parsed.project.updated_at  # (both naive UTC: file_format.FileTime)
    if row.updated_at > file_changed:
        return ChangedHere(row.id, row.name, parsed.project.name, file_changed, row.updated_at)
    bases = [base for base in (_base(row.settings), _base(parsed.project.settings)) if base is not None]
    base = min(bases, default=None)
    if base is None or not base < row.updated_at < file_changed:
        return None  # not changed here since (the file is a later version of it), or no version known to come from
    return ChangedHere(row.id, row.name, parsed.project.name, file_changed, row.updated_at, base)


@dataclass(frozen=True)
class FileToImport:
    """A project file read and checked (everything its import refuses is refused by :func:`read_import`),
    and whether its project is here and changed since (:attr:`changed`), for the user to know before it
    is imported."""

    parsed: ProjectFile
    source: str
    changed: ChangedHere | None

    def insert(self, db: Database) -> int:
        """The new project (the one here, if any, unchanged); its id."""
        return insert_checked(db, self.parsed, source=self.source)


def read_import(db: Database, path: Path, library: Any = None) -> FileToImport:
    """Read a project file and check it as the import does (its features' parts too), nothing written."""
    path = Path(path)
    parsed = check_data(read_file(path), source=str(path), library=library)
    check_parts(parsed)
    return FileToImport(parsed, str(path), changed_here(db, parsed))


def duplicate(db: Database, project_id: int, new_name: str | None = None) -> ProjectInfo:
    """A full copy (answers with their history, sessions, documents, WBS) under a new name and UUID."""
    from app.core.projects import ProjectService, clean_name, project_key, taken_error

    given = clean_name(new_name) if new_name is not None else None  # a name given empty: refused, as a new project's
    if given is not None:
        with db.session() as s:
            other = next((name for name in s.scalars(select(Project.name)) if project_key(name) == project_key(given)), None)
            if other is not None:  # as names compare (width, spaces); kept as typed
                raise taken_error(given, other)
    data = export_data(db, project_id)
    base = given if given is not None else data["project"]["name"]
    data["project"]["uuid"] = str(uuidlib.uuid4())
    from app.core.storage.models import utcnow

    data["project"]["created_at"] = data["project"]["updated_at"] = _iso(utcnow())  # a new project, made now
    try:
        new_id = import_data(db, data, name=base, source=held_source(data), held=True)  # however large the app let it grow
    except StoredDataDamaged as damaged:
        raise UserError(key="project.cannot_duplicate", project=data["project"]["name"], problem=damaged) from None
    return ProjectService(db).get(new_id)


def held_source(data: dict[str, Any]) -> Label:
    """A project the app holds as a refusal of its data names it (instead of a file): by its name."""
    name = str(data["project"]["name"])
    return Label(ja=f"「{name}」", en=f"“{name}”")


def transfer_parts() -> list[TransferPart]:
    from app import features

    return features.transfer_parts()
