"""Typed errors that carry a message meant for the user.

Core code raises these; the UI shows them through one dialog function and the CLI prints one
line on stderr and exits with status 2. Anything else escaping is a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix (bad input, missing file, unknown project)."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(UserError):
    """A project, item, session or file that does not exist."""


class ContentError(UserError):
    """A checklist or template file that cannot be used; the message names file, item and problem."""

    def __init__(self, path: str, problem: str, item: str | None = None) -> None:
        where = f"{path}: {item}: " if item else f"{path}: "
        super().__init__(where + problem)
        self.path = path
        self.item = item
        self.problem = problem


class RefusedImportError(UserError):
    """An import file that does not belong here (foreign project, wrong structure, not the right format)."""


class ValidationFailed(UserError):
    """A value that does not fit the field it is meant for."""


class DatabaseBusy(UserError):
    """Another window or process held the database's write lock for longer than we wait; nothing was saved."""

    def __init__(self, message: str = "the database is busy (another window or process is writing); nothing was saved") -> None:
        super().__init__(message)


class DiskFull(UserError):
    """The disk (or the database's size limit) is full: the transaction was rolled back, nothing was lost."""

    def __init__(self, message: str = "the disk is full: the change was not saved and nothing was lost (the data is as it was before); free some space and try again") -> None:
        super().__init__(message)


class ConflictError(UserError):
    """A change based on a value that someone else has changed since (another window, process or import).

    Nothing was written. ``part`` is the part of the project (answers, documents, wbs), ``ids`` what
    collided there (item ids, a document kind, task titles) and ``fields`` which fields; clients
    render labels in their language from these.
    """

    def __init__(self, part: str, ids: list[str] | tuple[str, ...] = (), fields: list[str] | tuple[str, ...] = ()) -> None:
        self.part = part
        self.ids = list(ids)
        self.fields = list(fields)
        what = ", ".join(self.ids) or part
        detail = f" ({', '.join(self.fields)})" if self.fields else ""
        super().__init__(f"{what}{detail} was changed elsewhere since; nothing was overwritten")
