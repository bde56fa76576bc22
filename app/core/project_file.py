"""What a feature adds to the project file (app/projects/transfer.py): its part, the models of its
documents, and the bounds of numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.core.errors import UserError

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
