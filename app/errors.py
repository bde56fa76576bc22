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
