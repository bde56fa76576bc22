"""Importing a project file in the window (Exports ▸ Import project…, the welcome dialog's Import): the
file read and checked on a worker; one whose project is here already and was changed here since the
file's version of it (app/projects/transfer.py: :class:`ChangedHere`) asked about first; then imported
on a worker as a new project, the one here unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.core import operations as ops
from app.projects import transfer
from app.ui import messages
from app.ui.operations import run_op_in_background
from app.ui.tasks import run_in_background

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from app.ui.state import AppState


def ask_import_beside(parent: QWidget | None, state: AppState, changed: transfer.ChangedHere) -> bool:
    """Whether to import a file older than its project here as a new project beside it (True) or
    nothing (False: closed, No). Replacing the project here with the file is not offered: that would
    be no undo step (the project's rows and their ids would all be new)."""
    said = changed.message().text(state.ui_lang)
    question = QCoreApplication.translate(
        "ExportsPage", "{0}.\n\nImport the file as a new project beside it? The project here does not change. (No: nothing is imported.)"
    ).format(said[:1].upper() + said[1:])  # fmt: skip
    return messages.confirm(parent, QCoreApplication.translate("ExportsPage", "Import project"), question)


def import_project_file(
    state: AppState,
    parent: QWidget | None,
    path: str | Path,
    on_done: Callable[[int], None],
    on_error: Callable[[BaseException], None],
    on_cancel: Callable[[], None],
) -> None:
    """Import the project file ``path``: ``on_done`` gets the new project's id; ``on_error`` a refusal
    (nothing imported); ``on_cancel`` runs when the user chose not to import a file older than its
    project here (nothing imported). The callbacks run on the UI thread."""
    db, library = state.workspace.db, state.workspace.library

    def read() -> transfer.FileToImport:
        return transfer.read_import(db, Path(path), library)

    def checked(found: transfer.FileToImport) -> None:
        if found.changed is not None and not ask_import_beside(parent, state, found.changed):
            on_cancel()
            return
        op = ops.project_op(-1, lambda ws: found.insert(ws.db))
        run_op_in_background(state, op, "", lambda change: on_done(change.detail), on_error)

    run_in_background(read, checked, on_error)
