"""What a feature adds to the project file (app/projects/transfer.py): its part, the models of its
documents, and the bounds of numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from pydantic import BaseModel

MAX_INT = 10**9  # session numbers, content versions: far beyond any real one, far inside SQLite's range


@dataclass(frozen=True)
class TransferPart:
    """A feature's own rows in the project file: ``dump`` them, and ``load`` them into a new project.

    ``documents``: the feature's project documents (``ProjectDocument.kind``) and the model its readers
    read each with; the import refuses a file holding one the model refuses (a value of the wrong
    shape would end every later read of it), naming the document."""

    key: str
    dump: Callable[[Session, int], list[dict[str, Any]]]
    load: Callable[[Session, int, list[dict[str, Any]], dict[str, Any]], None]
    documents: Mapping[str, type[BaseModel]] = field(default_factory=dict)
