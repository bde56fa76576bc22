"""Drafts: what was typed for an item but does not fit it yet, kept for the window's life, never dropped.

An item editor that cannot save what was typed (a word in a number cell) leaves it here, keyed by
project and item; it shows it again when the user comes back to the item, and the status bar
counts the drafts instead of claiming that everything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Draft:
    fields: dict[str, Any]  # answer fields as typed: value, later, note, answered_by
    error: str  # why they could not be saved
    busy: bool = False  # the database was busy: the same fields are saved on a retry
    base: Any = None  # the answer shown when the typing began (an Answer): a retry never overwrites a later change


class DraftRegistry(QObject):
    """The window's drafts, by (project id, item id).

    Signals:
        changed(): a draft was added, changed or discarded.
    """

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._drafts: dict[tuple[int, str], Draft] = {}

    def get(self, project_id: int, item_id: str) -> Draft | None:
        return self._drafts.get((project_id, item_id))

    def put(self, project_id: int, item_id: str, fields: dict[str, Any], error: str, *, busy: bool = False, base: Any = None) -> None:
        draft = Draft(dict(fields), error, busy, base)
        if self._drafts.get((project_id, item_id)) != draft:
            self._drafts[(project_id, item_id)] = draft
            self.changed.emit()

    def discard(self, project_id: int, item_id: str) -> None:
        if self._drafts.pop((project_id, item_id), None) is not None:
            self.changed.emit()

    def waiting(self) -> list[tuple[int, str, Draft]]:
        """The answer drafts a busy database kept waiting (project id, item id, draft), oldest first."""
        return [(p, i, d) for (p, i), d in self._drafts.items() if d.busy and d.fields]

    def count(self) -> int:
        return len(self._drafts)

    def errors(self) -> list[str]:
        """Why each draft is not saved, oldest first."""
        return [draft.error for draft in self._drafts.values()]


def drafts_of(state: QObject) -> DraftRegistry:
    """The drafts of the window whose state this is (made on first use, living as long as the state)."""
    registry = getattr(state, "drafts", None)
    if not isinstance(registry, DraftRegistry):
        registry = DraftRegistry(state)
        state.drafts = registry  # type: ignore[attr-defined]  # a plain attribute, see the module docstring
    return registry
