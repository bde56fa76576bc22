"""What a feature adds to the project file (app/projects/transfer.py): its part, the models of its
documents, and the bounds of numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from app.core.errors import UserError
from app.core.i18n import date_in_range, date_years
from app.core.messages import Message

if TYPE_CHECKING:
    from pydantic import BaseModel

MAX_INT = 10**9  # session numbers, content versions: far beyond any real one, far inside SQLite's range
# The key of ``load``'s context saying whether the rows are those of a project the app holds (a
# duplicate, a copy to another database), not of a file: a refusal then says the stored data is
# damaged (:class:`StoredDataDamaged`), never "the file".
HELD = "held"


class StoredDataDamaged(UserError):
    """A project the app holds whose stored data its own import would refuse (Duplicate, Copy Project
    To…, the export's check that its file comes back): ``part`` names what is damaged in the user's
    words (a document by its label, a WBS task by its title), ``problem`` says what is wrong with it.
    Never a file, a database URL or a field's path: the damage is the project's own."""

    def __init__(self, part: object, problem: object) -> None:
        super().__init__(key="project.stored_damaged", part=part, problem=problem)


@dataclass(frozen=True)
class TransferPart:
    """A feature's own rows in the project file: ``dump`` them, and ``load`` them into a new project.

    ``documents``: the feature's project documents (``ProjectDocument.kind``) and the model its readers
    read each with; the import refuses a file holding one the model refuses (a value of the wrong
    shape would end every later read of it), naming the document.

    ``check``: the checks ``load`` makes of the rows, without writing (``check(rows, held)``; ``held``
    as :data:`HELD`); the export runs it so that it never writes a file its import refuses.

    ``exported``: for a document kind, the document as the file carries it (what its readers read of it:
    an entry they read as nothing, stored before the import checked it, left out)."""

    key: str
    dump: Callable[[Session, int], list[dict[str, Any]]]
    load: Callable[[Session, int, list[dict[str, Any]], dict[str, Any]], None]
    documents: Mapping[str, type[BaseModel]] = field(default_factory=dict)
    check: Callable[[list[dict[str, Any]], bool], object] | None = None
    exported: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)


NOT_A_TIME = "datetime_not_text"  # pydantic's error type of a time (or date) of the file not written as text
_ISO_DAY = re.compile(r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _written_time(value: Any) -> Any:
    """A time of a file as an export writes it: ISO text (2026-12-01T21:00:00+09:00). A number (12345),
    which pydantic would read as seconds since 1970, is none: "not a date or time"."""
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        raise PydanticCustomError(NOT_A_TIME, "not a date or time written as text")
    return value


def _stored_time(value: dt.datetime, info: ValidationInfo) -> dt.datetime:
    """A time of a file as the database keeps it: naive UTC (an offset converted), within the years the
    app holds (:func:`app.core.i18n.date_in_range`: 0001-01-01 or 9999-12-31 is a slip, and this
    computer's clock may not hold it). A project the app holds (:data:`HELD`) keeps what it stored."""
    try:
        utc = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo is not None else value
    except OverflowError:  # 0001-01-01T00:00:00+09:00 is in year 0 in UTC
        utc = None
    if (utc is None or not date_in_range(utc.date())) and not (info.context or {}).get(HELD):
        raise ValueError(Message(key="value.time_out_of_range", **date_years()))
    return utc or value


# A time of the file: ISO text (:func:`_written_time`), stored naive UTC within the years the app holds (:func:`_stored_time`).
FileTime = Annotated[dt.datetime, BeforeValidator(_written_time), AfterValidator(_stored_time)]


def _written_date(value: Any) -> Any:
    """A date of a file as an export writes it: ISO text (2026-12-01). A number (12345), which pydantic would
    read as seconds since 1970, is none: "not a date or time"."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return _written_time(value)


def _stored_date(value: dt.date, info: ValidationInfo) -> dt.date:
    """A date of a file within the years the app holds (:func:`app.core.i18n.date_in_range`, as every date the app
    takes: 0001-01-01 is a slip, and a schedule, the Gantt and an export cannot hold it). A project the app holds
    (:data:`HELD`) keeps what it stored."""
    if not date_in_range(value) and not (info.context or {}).get(HELD):
        raise ValueError(Message(key="value.date_out_of_range", **date_years()))
    return value


# A date of the file (a project's start, a session's day, a task's dates): ISO text within the years the app holds.
FileDate = Annotated[dt.date, BeforeValidator(_written_date), AfterValidator(_stored_date)]
