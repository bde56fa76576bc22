"""Dragging WBS tasks in the tree: what a drag carries (the tasks' ids) and where they may land.

A mixin of :class:`app.ui.wbs.model.WbsModel`: a drop never changes the model itself, it hands the
ids, the new parent and the row to ``mover`` (set by the page), which runs the move as one operation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from app.wbs.model import WbsTree

MIME = "application/x-mlops-kickoff-wbs-tasks"
Mover = Callable[[list[int], int | None, int], bool]


class TaskDragAndDrop:
    """Drag and drop of tasks, for a model with ``tree``, ``mover`` and ``_task_id(index)``."""

    tree: WbsTree
    mover: Mover | None

    @staticmethod
    def _task_id(index: QModelIndex | QPersistentModelIndex) -> int | None:
        return int(index.internalId()) if index.isValid() else None

    def supportedDropActions(self) -> Qt.DropAction:  # overrides QAbstractItemModel.supportedDropActions
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # overrides QAbstractItemModel.supportedDragActions
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # overrides QAbstractItemModel.mimeTypes
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # overrides QAbstractItemModel.mimeData
        ids = []
        for index in indexes:
            task_id = self._task_id(index)
            if task_id is not None and task_id not in ids:
                ids.append(task_id)
        data = QMimeData()
        data.setData(MIME, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # overrides QAbstractItemModel.canDropMimeData
        if not data.hasFormat(MIME) or action != Qt.DropAction.MoveAction:
            return False
        ids = self._ids(data)
        target = self._task_id(parent)
        # Never into itself or its own sub-tasks.
        while target is not None:
            if target in ids:
                return False
            target = self.tree.tasks[target].parent_id if target in self.tree.tasks else None
        return True

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # overrides QAbstractItemModel.dropMimeData
        if not self.canDropMimeData(data, action, row, column, parent) or self.mover is None:
            return False
        # Dropped on a task: it becomes the last sub-task. The view removes nothing afterwards:
        # removeRows is not implemented, the move is one service call.
        return self.mover(self._ids(data), self._task_id(parent), row)

    @staticmethod
    def _ids(data: QMimeData) -> list[int]:
        try:
            return [int(i) for i in json.loads(bytes(data.data(MIME).data()).decode() or "[]")]
        except (ValueError, TypeError):
            return []

