"""Undoable WBS edits: the service has committed the change; undo restores the snapshot before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.services.wbs import WbsChange, WbsService


class WbsEdit(QUndoCommand):
    """One committed WBS change. ``apply(snapshot)`` shows a snapshot in the page's model."""

    def __init__(self, service: WbsService, change: WbsChange, text: str, apply: Callable[[dict], None]) -> None:
        super().__init__(text)
        self.service = service
        self.change = change
        self.apply = apply
        self._pushed = False

    def redo(self) -> None:  # overrides QUndoCommand.redo
        if not self._pushed:  # QUndoStack.push calls redo(); the service has applied it already
            self._pushed = True
            return
        self.service.restore(self.change.project_id, self.change.after)
        self.apply(self.change.after)

    def undo(self) -> None:  # overrides QUndoCommand.undo
        self.service.restore(self.change.project_id, self.change.before)
        self.apply(self.change.before)
