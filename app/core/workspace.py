"""The open database plus the loaded content: what every service needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.storage.db import Database

if TYPE_CHECKING:
    from app.core.content.loader import ContentLibrary


class Workspace:
    """The database and the content library; the library is read when first asked for, so a command
    that never needs content (``projects list``) does not pay for it."""

    def __init__(self, db: Database, library: ContentLibrary | None = None, *, author: str | None = None) -> None:
        from app.core.storage.authors import default_author

        self.db = db
        self._library = library
        # Who the changes made through this workspace are recorded as (app/core/storage/authors.py): the
        # CLI's user by default; the window sets Settings > author name.
        self.author = default_author() if author is None else author

    @property
    def library(self) -> ContentLibrary:
        if self._library is None:
            from app.core.content.loader import default_library  # pydantic and the content: on first use

            self._library = default_library()
        return self._library

    @library.setter
    def library(self, library: ContentLibrary) -> None:
        self._library = library

    @classmethod
    def open(cls, url: str | None = None, library: ContentLibrary | None = None, *, busy_timeout_ms: int | None = None) -> Workspace:
        """``busy_timeout_ms``: how long a write waits for another process (the database's default if None)."""
        db = Database(url) if busy_timeout_ms is None else Database(url, busy_timeout_ms=busy_timeout_ms)
        return cls(db, library)

    def close(self) -> None:
        self.db.close()
