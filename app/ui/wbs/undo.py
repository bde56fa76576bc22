"""Undoable WBS edits: the service has committed the change; undo restores the snapshot before."""

from __future__ import annotations

from collections.abc import Callable

from app.services.wbs import WbsChange, WbsService
from app.ui.undo import CommittedEdit


class WbsEdit(CommittedEdit):
    """One committed WBS change. ``apply(snapshot)`` shows a snapshot in the page's model."""

    def __init__(self, service: WbsService, change: WbsChange, text: str, apply: Callable[[dict], None]) -> None:
        super().__init__(text, change.before, change.after)
        self.service = service
        self.project_id = change.project_id
        self.apply = apply

    def write(self, snapshot: dict) -> None:
        self.service.restore(self.project_id, snapshot)

    def notify(self, snapshot: dict, applied_now: bool) -> None:
        if applied_now:  # the page shows a fresh change itself
            self.apply(snapshot)
