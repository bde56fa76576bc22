"""What a feature adds to the project file (app/projects/transfer.py): its part, and the bounds of numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

MAX_INT = 10**9  # session numbers, content versions: far beyond any real one, far inside SQLite's range


@dataclass(frozen=True)
class TransferPart:
    """A feature's own rows in the project file: ``dump`` them, and ``load`` them into a new project."""

    key: str
    dump: Callable[[Session, int], list[dict[str, Any]]]
    load: Callable[[Session, int, list[dict[str, Any]], dict[str, Any]], None]
