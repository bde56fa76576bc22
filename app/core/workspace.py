"""The open database plus the loaded content: what every service needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.content.loader import ContentLibrary, default_library
from app.core.storage.db import Database


@dataclass
class Workspace:
    db: Database
    library: ContentLibrary = field(default_factory=default_library)

    @classmethod
    def open(cls, url: str | None = None, library: ContentLibrary | None = None, *, busy_timeout_ms: int | None = None) -> Workspace:
        """``busy_timeout_ms``: how long a write waits for another process (the database's default if None)."""
        db = Database(url) if busy_timeout_ms is None else Database(url, busy_timeout_ms=busy_timeout_ms)
        return cls(db, library or default_library())

    def close(self) -> None:
        self.db.close()
