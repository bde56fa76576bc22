"""Filtering the WBS tree: priority, phase, owner, missing completion condition, not agreed, critical path, text.

Parents of a matching task stay visible (recursive filtering) so the outline keeps its context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QIdentityProxyModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)

from app.core.i18n import name_key, searchable
from app.ui.wide_table.copying import as_shown

if TYPE_CHECKING:
    from app.ui.wbs.model import WbsModel
    from app.wbs.model import Task

_DISPLAY, _CHECK_STATE = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.CheckStateRole)


@dataclass
class Criteria:
    priority: str | None = None
    phase: str | None = None
    owner: str | None = None  # "role:KEY" or "name:TEXT"
    no_completion: bool = False
    not_agreed: bool = False
    critical: bool = False  # on the critical path (the model's last analysis)
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.priority or self.phase or self.owner or self.no_completion or self.not_agreed or self.critical or self.text.strip())

    def narrows(self, before: Criteria) -> bool:
        """Every task these let through, ``before`` let through too (the search text grew)."""
        same = (self.priority, self.phase, self.owner, self.no_completion, self.not_agreed, self.critical) == (
            before.priority, before.phase, before.owner, before.no_completion, before.not_agreed, before.critical)
        return same and before.active and searchable(self.text).find(searchable(before.text)) >= 0


class WbsFilterModel(QIdentityProxyModel):
    """The WBS as the view shows it: :class:`WbsModel` with only the tasks the criteria let through
    and the tasks above them (a recursive filter). The model leaves the others out itself: this proxy
    maps rows in C++ alone (a sorting-filter proxy asked the model's Python ``index()`` for every
    mapping, four times a row: half the time of opening a 5,000-task WBS)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.criteria = Criteria()
        self._haystacks: dict[int, tuple[object, str]] = {}  # task id -> (the task, its searched text folded)
        self._needle = ""

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # overrides QAbstractItemModel.multiData
        # The model's, in one call (Qt's proxies ask the model's data() once per role instead).
        self.sourceModel().multiData(self.mapToSource(index), roleDataSpan)

    def shown_texts(self, index: QModelIndex | QPersistentModelIndex, columns: list[int]) -> list[str]:
        """The row's cells in these columns as the tree shows them, for a copy (:mod:`app.ui.wide_table.copying`):
        read from the model in Python, where a cell's text and tick through Qt are two calls into it (a whole
        5,050-task WBS: 181,800 calls, the better part of its copy's two seconds)."""
        source: WbsModel = self.sourceModel()  # type: ignore[assignment]
        task = source.task(index)  # (an identity proxy: the same row, the same task id)
        if task is None:
            return [""] * len(columns)
        shown = source.cell_value  # (what data() answers, a refused value kept as a draft included)
        return [as_shown(shown(task, c, _DISPLAY), shown(task, c, _CHECK_STATE)) for c in columns]

    def set_criteria(self, criteria: Criteria) -> None:
        self.criteria = criteria
        self._needle = searchable(criteria.text)
        source: WbsModel = self.sourceModel()  # type: ignore[assignment]
        source.set_filter(self.accepts if criteria.active else None)

    def accepts(self, task: Task) -> bool:
        """The task matches every criterion."""
        c = self.criteria
        if c.priority and task.priority != c.priority:
            return False
        if c.phase and task.phase != c.phase:
            return False
        if c.owner:
            kind, _, value = c.owner.partition(":")
            if kind == "role" and name_key(task.owner_role) != name_key(value):  # an unlisted role in any width
                return False
            if kind == "name" and name_key(task.owner_name) != name_key(value):  # one person, any width or spacing
                return False
        if c.no_completion and task.completion_condition.strip():
            return False
        if c.not_agreed and (task.agreed or str(task.uid) in self.sourceModel().signed):  # type: ignore[attr-defined]
            return False
        if c.critical and task.id not in self.sourceModel().critical.critical:  # type: ignore[attr-defined]
            return False
        if self._needle:
            cached = self._haystacks.get(task.id)
            if cached is None or cached[0] is not task:  # (a task is replaced, never changed, by an edit)
                text = searchable(" ".join((task.title, task.description, task.completion_condition, task.expected_output, task.notes, task.owner_name)))
                cached = self._haystacks[task.id] = (task, text)
            if self._needle not in cached[1]:
                return False
        return True
