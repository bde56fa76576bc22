"""The project file's format: its bounds, its records, and how a file is read and validated.

Reading never trusts the file: its size is checked before it is read, JSON numbers and nesting
are bounded while it is parsed, a key given twice is refused, and the records are validated
before anything is written (app/projects/transfer.py writes them).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from app.core.content.model import ID_PATTERN
from app.core.errors import FileMissing, InvalidContent, RefusedImportError, UserError, shown
from app.core.files import probe
from app.core.files.atomic import os_reason
from app.core.files.guarded import in_use_here
from app.core.files.visible_text import fold_name
from app.core.messages import Label, Message, first_problem
from app.core.project_file import HELD, MAX_INT, FileDate, FileTime, StoredDataDamaged
from app.hearing import AnswerStatus, HypothesisState, lf_lines
from app.projects.json_values import count_values

if TYPE_CHECKING:
    from app.core.limits import TextTooLong

FORMAT = "mlops-kickoff-project"
SCHEMA_VERSION = 1

# Limits of an imported project file (the README's "Safety" section lists them). The export refuses,
# before writing, a file past MAX_FILE_BYTES or MAX_VALUES (check_export): what it writes, the import
# takes. Measured: a WBS of 5,000 tasks with 9 agreement baselines (each a snapshot of every task)
# is a 47 MB file of 1.5 million values, imported in 7.6 s with a peak of 276 MB (ru_maxrss); the
# worst hostile file within the limits is refused in 4.4 s with 343 MB. 10,000 tasks with 10
# baselines (130 MB, 4 million values) needed 0.7 GB, past what a hostile file may cost: refused at export.
MAX_FILE_BYTES = 64 * 1024 * 1024  # checked on the file's size before anything is read
# Values (objects, lists, strings, numbers) in the file, counted on its bytes before it is parsed:
# memory follows the number of values more than the bytes (33 MB of "[{},{},...]" took 1.7 GB).
MAX_VALUES = 2_000_000
MAX_DEPTH = 32  # nesting of objects and lists (answer values and documents use a handful)
MAX_NUMBER_DIGITS = 18  # any integer in the file fits SQLite's 64-bit integers
MAX_SESSIONS = 1_000
MAX_ANSWERS = 20_000
# Per-list caps below what MAX_VALUES bounds anyway: generous, as the app itself sets no such cap
# (an answer typed into over months keeps every saved state; each agreement baseline is a document).
# They guard against a file from outside: a project the app holds already (Duplicate Project, Copy
# Project To…) is copied whatever its size (validate(held=True)), as the app let it grow so.
MAX_HISTORY = 100_000  # records per answer
MAX_DOCUMENTS = 1_000
MAX_PART_ROWS = (
    10_000  # rows of one feature's part (WBS tasks): pages and exports stay quick well past a PoC's WBS
)

THE_FILE = Label(ja="ファイル", en="the file")  # a file's name where none is given
# What a file holds twice when the database refuses a second copy (its unique constraints).
TWICE_LABELS = {
    "answers": Label(ja="項目への回答", en="answer to an item"),
    "hearing_sessions": Label(ja="ヒアリングの回", en="hearing session"),
    "project_documents": Label(ja="文書", en="document"),
    "wbs_tasks": Label(ja="WBS タスク", en="WBS task"),
    "wbs_dependencies": Label(ja="タスクの依存関係", en="task dependency"),
}
# The parts of a project file by the names its structure uses (a refusal names them in the user's words).
PART_LABELS = {
    "sessions": Label(ja="ヒアリングの回", en="hearing sessions"),
    "answers": Label(ja="回答", en="answers"),
    "history": Label(ja="回答の履歴", en="an answer's history"),
    "documents": Label(ja="文書(ベースラインなど)", en="documents (agreement baselines and others)"),
    "parts": Label(ja="機能のデータ(WBS など)", en="a feature's data (the WBS and others)"),
    "project": Label(ja="プロジェクトの情報", en="the project's details"),
}

# A count or number column: bounded so that SQLite (64-bit integers) never overflows.
Count = Annotated[int, Field(ge=0, le=MAX_INT, strict=True)]
Identifier = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=120)]


LIST_TOO_LONG = "too_long"


def _cap(limit: int) -> BeforeValidator:
    """At most ``limit`` entries in a list of a file (said as pydantic says a list too long), checked
    before they are validated; none for a project the app holds (the context's :data:`HELD`)."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, list) and len(value) > limit and not (info.context or {}).get(HELD):
            # pydantic's own error type: said in the user's language as any list too long is
            raise PydanticCustomError(LIST_TOO_LONG, "at most {max_length} entries",
                                      {"field_type": "List", "max_length": limit, "actual_length": len(value)})
        return value

    return BeforeValidator(check)


# --- the file's shape (validated on import) --------------------------------------------------


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Answered(_Loose):
    """An answer's texts with their line breaks as the app stores them (``\n``: a file written on
    Windows or edited by hand may hold CRLF), so that a hearing sheet of them reads back unchanged."""

    @field_validator("value", "later", "note", "hypothesis_value", check_fields=False)
    @classmethod
    def _lf(cls, value: Any) -> Any:
        return lf_lines(value)


class HistoryRecord(_Answered):
    changed_at: FileTime
    session_number: Count | None = None
    status: AnswerStatus
    value: Any = None
    later: Any = None
    note: str = ""
    answered_by: str = ""
    hypothesis_state: HypothesisState = HypothesisState.NONE
    source: str = "ui"
    author: str | None = Field(default=None, max_length=200)  # who made the change (files before 0005: none)


class AnswerRecord(_Answered):
    item_id: Identifier
    checklist_id: Identifier
    status: AnswerStatus = AnswerStatus.NOT_ASKED
    value: Any = None
    later: Any = None
    note: str = ""
    answered_by: str = ""
    hypothesis_state: HypothesisState = HypothesisState.NONE
    hypothesis_value: Any = None
    content_version: Count = 1
    session_number: Count | None = None
    updated_at: FileTime
    followup_owner: str = Field("", max_length=200)  # files written before follow-ups had owners: none
    followup_due: dt.date | None = None  # an earlier version took 9999-12-31: it comes in as it was (test_dates_in_range)
    followup_done: bool = False
    history: Annotated[list[HistoryRecord], _cap(MAX_HISTORY)] = Field(default_factory=list)


class SessionRecord(_Loose):
    number: Count
    held_on: FileDate
    title: str = ""
    attendees: list[str] = Field(default_factory=list)
    notes: str = ""
    started_at: FileTime
    ended_at: FileTime | None = None
    started_by: str | None = Field(None, max_length=200)  # files written before sessions had starters: not known


class DocumentRecord(_Loose):
    kind: str = Field(pattern=ID_PATTERN, min_length=1, max_length=60)
    data: dict[str, Any]
    updated_at: FileTime


class ProjectRecord(_Loose):
    uuid: str
    name: str = Field(min_length=1, max_length=200)  # imported as the app folds it (control characters dropped)
    customer: str = ""
    description: str = ""
    lang: str = "ja"
    start_date: FileDate | None = None
    archived: bool = False
    settings: dict[str, Any] = Field(default_factory=dict)
    created_at: FileTime
    updated_at: FileTime

    @field_validator("name")
    @classmethod
    def _visible(cls, name: str) -> str:
        """A name with something to show once folded (not only control or invisible characters)."""
        if not fold_name(name):
            raise InvalidContent(key="project.needs_name")
        return name


class ProjectFile(_Loose):
    format: str
    schema_version: Annotated[int, Field(strict=True, ge=1, le=SCHEMA_VERSION)]
    app_version: str = ""
    exported_at: FileTime | None = None
    project: ProjectRecord
    sessions: Annotated[list[SessionRecord], _cap(MAX_SESSIONS)] = Field(default_factory=list)
    answers: Annotated[list[AnswerRecord], _cap(MAX_ANSWERS)] = Field(default_factory=list)
    documents: Annotated[list[DocumentRecord], _cap(MAX_DOCUMENTS)] = Field(default_factory=list)
    parts: dict[str, Annotated[list[dict[str, Any]], _cap(MAX_PART_ROWS)]] = Field(default_factory=dict, max_length=50)


# --- reading ----------------------------------------------------------------------------------


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
    """Refuse nesting deeper than MAX_DEPTH (iteratively: no recursion on hostile input; one iterator a
    level, never a copy of a long list's children)."""
    stack: list[Any] = [iter((data,))]  # stack[n] walks the values at depth n + 1
    while stack:
        for child in stack[-1]:
            if isinstance(child, dict | list):
                if len(stack) > MAX_DEPTH:
                    raise _Refused(Message(key="project_file.too_deep", limit=MAX_DEPTH))
                stack.append(iter(child.values() if isinstance(child, dict) else child))
                break
        else:
            stack.pop()


class ProjectTooLarge(UserError):
    """The export refused before writing: a project too large to export as one file the import takes
    (``size`` MB or ``values`` past a limit), or whose stored data its import would refuse."""


def check_round_trip(data: dict[str, Any], path: Path) -> ProjectFile:
    """Refuse, before anything is written, a file whose contents the import would refuse: the same
    checks it makes of the texts and of the file's structure and caps (the documents and the parts:
    app/projects/transfer.py export_file), so that what the export writes comes back; the records."""
    from app.core.limits import TextTooLong, check_tree

    try:
        _check_characters(data)  # a broken character stored before the entries refused it: said, no traceback
    except _Refused as exc:
        raise export_damaged(data, path, StoredDataDamaged(Label(ja="データ", en="its records"), exc.problem)) from None
    try:
        check_tree("", data)  # (the field: the text's place in the file, said below in the user's words)
        return validate(data, THE_FILE)
    except TextTooLong as exc:
        part, text = _said(data, str(exc.field))
        raise ProjectTooLarge(key="project_file.export_text_too_long", path=path, part=part, start=shown(text[:24]),
                              length=f"{exc.length:,}", limit=f"{exc.limit:,}") from None
    except RefusedImportError as exc:
        if exc.key != "project_file.damaged":
            raise ProjectTooLarge(key="project_file.export_would_be_refused", path=path, problem=exc) from None
        try:  # the project's stored data damaged (said as such), or past a cap a file is held to (below)
            validate(data, THE_FILE, held=True)
        except StoredDataDamaged as damaged:
            raise export_damaged(data, path, damaged) from None
        if getattr(problem := exc.params.get("problem"), "key", "") in ("value.time_out_of_range", "value.date_out_of_range"):  # stored so by an older version
            raise ProjectTooLarge(key="project_file.export_would_be_refused", path=path,
                                  problem=Message(key="content.at_field", field=exc.params.get("where", ""), problem=problem)) from None
        steps = str(exc.params.get("where", "")).split(".")
        part = PART_LABELS["history"] if "history" in steps else PART_LABELS.get(steps[0], steps[0])
        raise ProjectTooLarge(key="project_file.export_part_refused", path=path, part=part,
                              problem=exc.params.get("problem", "")) from None
    except UserError as exc:
        raise ProjectTooLarge(key="project_file.export_would_be_refused", path=path, problem=exc) from None


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _said(data: dict[str, Any], where: str) -> tuple[object, str]:
    """The part of the file a text at ``where`` (``parts.wbs[2].title``: list places from 1) is in,
    in the user's words (a document by its label, a WBS task by its title), and the text ("" where a
    key of the file holds a dot or a bracket and the place cannot be read back)."""
    steps = [int(index) - 1 if index else key for key, index in _STEP.findall(where)]
    value: Any = data
    try:
        for step in steps:
            value = value[step]
    except (KeyError, IndexError, TypeError):
        value = ""
    part: object = PART_LABELS["history"] if "history" in steps else stored_part(data, tuple(steps))
    if steps[:2] == ["parts", "wbs"] and len(steps) > 2 and isinstance(steps[2], int):
        try:
            part = Message(key="project_file.wbs_task", title=shown(str(data["parts"]["wbs"][steps[2]].get("title", ""))[:40]))
        except (KeyError, IndexError, TypeError, AttributeError):
            pass
    return part, value if isinstance(value, str) else ""


def import_text_too_long(data: dict[str, Any], source: object, exc: TextTooLong) -> TextTooLong:
    """The import's refusal of a text of the file longer than a field holds (``exc``: found by
    :func:`app.core.limits.check_tree` at its place in the file), naming where it is in the user's
    words and how it begins (:func:`_said`), never by its path in the file (documents[3].data.rows[1].problem)."""
    from app.core.limits import TextTooLong

    part, text = _said(data, str(exc.field))
    where = Message(key="project_file.text_in", file=source, part=part, start=shown(text[:24]))
    return TextTooLong(where, exc.length, exc.limit)


def export_damaged(data: dict[str, Any], path: Path, damaged: StoredDataDamaged) -> ProjectTooLarge:
    """The export's refusal of a project whose stored data its import would refuse (the user's only
    copy would be a file that does not come back), naming the project and what is damaged."""
    return ProjectTooLarge(key="project_file.export_damaged", path=path, project=data["project"]["name"], problem=damaged)


def stored_part(data: Any, loc: tuple[int | str, ...]) -> object:
    """What the place ``loc`` (a pydantic error's) in a project's data is, in the user's words: a
    document by its label, an answer's history, the WBS, the project's details; never a field's path."""
    from app.features import document_label

    head = str(loc[0]) if loc else "project"
    if head == "answers" and "history" in loc:
        return PART_LABELS["history"]
    if head == "documents" and len(loc) > 1 and isinstance(loc[1], int):
        try:
            kind = str(data["documents"][loc[1]]["kind"])
        except (KeyError, IndexError, TypeError):
            return PART_LABELS["documents"]
        return Message(key="project.stored_document", document=document_label(kind) or shown(kind))
    return PART_LABELS.get(head, PART_LABELS["project"])


def check_export(blob: bytes, path: Path) -> None:
    """Refuse, before anything is written, a file the import would refuse for its size (never a file
    that cannot come back)."""
    limit_mb = MAX_FILE_BYTES // (1024 * 1024)
    if len(blob) > MAX_FILE_BYTES:
        raise ProjectTooLarge(key="project_file.export_too_large", path=path, size=f"{len(blob) / (1024 * 1024):.0f}", limit=limit_mb)
    if (values := count_values(blob)) > MAX_VALUES:
        raise ProjectTooLarge(key="project_file.export_too_many_values", path=path, values=f"{values:,}", limit=f"{MAX_VALUES:,}")


def _refused(source: object, problem: Message) -> RefusedImportError:
    return RefusedImportError(key="project_file.refused", source=source, problem=problem)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _check_characters(data: Any) -> None:
    """Refuse a text holding an unpaired surrogate (valid JSON escapes, but no character: the
    database cannot store it). Iterative, as _check_depth."""
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refused(Message(key="project_file.broken_character")) from None


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
        if _SURROGATE_ESCAPE.search(text):  # only an escape can make one (UTF-8 cannot carry it)
            _check_characters(data)
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
    probe.refuse_nul(path)  # a path pasted with a NUL: one line, no ValueError
    path = Path(path)
    limit_mb = MAX_FILE_BYTES // (1024 * 1024)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UserError(key="project_file.is_folder", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise RefusedImportError(key="project_file.not_regular", path=path)
        if info.st_size > MAX_FILE_BYTES:
            raise RefusedImportError(key="project_file.too_large", path=path, size=f"{info.st_size / (1024 * 1024):.0f}", limit=limit_mb)
        if in_use_here(path) is not None:  # a database open here (or its journal): never opened raw in this process
            raise RefusedImportError(key="project_file.not_utf8", path=path)
        with open(path, "rb") as fh:
            blob = fh.read(min(info.st_size, MAX_FILE_BYTES) + 1)  # no bigger buffer than the file; it may have grown
            if len(blob) > info.st_size:  # it grew since stat(): read on, up to the limit
                blob += fh.read(MAX_FILE_BYTES + 1 - len(blob))
        if len(blob) > MAX_FILE_BYTES:
            raise RefusedImportError(key="project_file.grew_too_large", path=path, limit=limit_mb)
        if (values := count_values(blob)) > MAX_VALUES:
            raise RefusedImportError(key="project_file.too_many_values", path=path, values=f"{values:,}", limit=f"{MAX_VALUES:,}")
        text = blob.decode("utf-8-sig")  # a byte-order mark (PowerShell 5, old Notepad) is no part of the JSON
        del blob  # not both copies while it is parsed
    except FileNotFoundError:
        raise FileMissing(path) from None
    except IsADirectoryError:
        raise UserError(key="project_file.is_folder", path=path) from None
    except UnicodeDecodeError:
        raise RefusedImportError(key="project_file.not_utf8", path=path) from None
    except OSError as exc:
        raise UserError(key="file.cannot_read", path=path, reason=os_reason(exc)) from None
    return parse(text, str(path))


def validate(data: Any, source: object = THE_FILE, *, held: bool = False) -> ProjectFile:
    """The file's records; refused with one line saying where and what. ``held``: the data of a project
    the app holds (a duplicate, a copy to another database), not a file: no caps on counts."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RefusedImportError(key="project_file.wrong_format", source=source)
    version = data.get("schema_version")
    if version is None:  # (a file made by hand, or cut short)
        raise RefusedImportError(key="project_file.schema_version_missing", source=source)
    if type(version) is not int or version < 1:  # bool is an int to Python: not here
        raise RefusedImportError(key="project_file.no_schema_version", source=source, version=str(version)[:20])
    if version > SCHEMA_VERSION:
        raise RefusedImportError(key="project_file.newer_schema", source=source, version=str(version), supported=SCHEMA_VERSION)
    try:
        return ProjectFile.model_validate(data, context={HELD: held})
    except ValidationError as exc:
        where, problem = first_problem(exc)
        if held:  # the project's own data: what is damaged in the user's words, never the file nor a path
            raise StoredDataDamaged(stored_part(data, tuple(exc.errors()[0]["loc"])), problem) from None
        raise RefusedImportError(key="project_file.damaged", source=source, part=stored_part(data, tuple(exc.errors()[0]["loc"])),
                                 where=where, problem=problem) from None
