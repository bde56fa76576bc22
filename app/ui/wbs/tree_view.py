"""The WBS page's task tree: a QTreeView that opens every branch in one layout and whose Tab in a cell
editor opens the next cell of the row, a one-time hook on a widget's next paint, and dragging tasks in
the tree: what a drag carries (the tasks' ids) and where they may land.

:class:`TaskDragAndDrop` is a mixin of :class:`app.ui.wbs.model.WbsModel`: a drop never changes the model
itself, it hands the ids, the new parent and the row to ``mover`` (set by the page), which runs the move as
one operation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractProxyModel,
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from app.ui import messages
from app.ui.wide_table.copying import copy_selection

if TYPE_CHECKING:
    from app.ui.wbs.model import WbsModel
    from app.wbs.model import WbsTree


class OnPaint(QObject):
    """Calls ``then`` when ``widget`` is next painted, once (then it lets go of the widget)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.deleteLater()
            self._then()
        return False


class WbsTreeView(QTreeView):
    """The task tree, with an :meth:`expandAll` that lays the rows out once, without recursing,
    :meth:`moveCursor` taking Tab in a cell editor along the row and Ctrl+C copying the selected rows."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # overrides QTreeView.keyPressEvent
        """Ctrl+C copies the selected tasks' rows for a spreadsheet, as the pages' tables copy theirs
        (:func:`app.ui.wide_table.copying.copy_selection`: the columns as shown, in the header's order, the
        rows in the tree's): Qt copied the current cell's text alone. Ctrl+V says the tree takes no paste (tasks are
        added and moved by their own operations, keeping the outline), where Qt said nothing. Each task's cell keeps
        its outline number as the tree shows it (「3.1.1  0. プロジェクト概要」), not indented with spaces: the number
        says the level, and spaces would become part of the text a spreadsheet sorts and looks up by."""
        if event.matches(QKeySequence.StandardKey.Copy):
            copy_selection(self)
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste):  # (Qt did nothing, without a word)
            messages.show_info(self, self.tr(
                "The WBS tree takes no paste: nothing was pasted. Type in a task's cells, or add tasks with Add task (Insert)."))
            event.accept()
            return
        super().keyPressEvent(event)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # overrides QTreeView.moveCursor
        """Tab and Shift+Tab in an open cell editor (the delegate's EditNextItem / EditPreviousItem: Qt's
        MoveNext / MovePrevious) store it and open the next / previous editable cell of the same row, in the
        columns' shown order, then the first / last of the row below / above, as the pages' tables do: Qt's
        QTreeView took them down / up the same column, so a condition typed after a new task's title went
        over the next task's title. (Tab with no editor open leaves the tree: its tabKeyNavigation is off.)"""
        forward = action == QAbstractItemView.CursorAction.MoveNext
        if not forward and action != QAbstractItemView.CursorAction.MovePrevious:
            return super().moveCursor(action, modifiers)
        current = self.currentIndex()
        header = self.header()
        shown = [c for c in (header.logicalIndex(v) for v in range(header.count())) if not header.isSectionHidden(c)]
        if not current.isValid() or current.column() not in shown:
            return QModelIndex()
        row, at = current, shown.index(current.column())
        columns = shown[at + 1 :] if forward else shown[:at][::-1]
        while row.isValid():
            for column in columns:
                cell = row.siblingAtColumn(column)
                if cell.flags() & Qt.ItemFlag.ItemIsEditable:
                    return cell
            row = self.indexBelow(row) if forward else self.indexAbove(row)
            columns = shown if forward else shown[::-1]
        return QModelIndex()

    def selectAll(self) -> None:  # overrides QTreeView.selectAll
        """Every row the tree shows selected (not the tasks under a closed branch, as Qt's select-all), as one
        range of rows per task with sub-tasks shown: Qt's walks every shown row asking the model for its
        parent and the row above's, 66 calls into the Python model a row (a 5,050-task WBS: 333,000, 1-1.7 s)."""
        proxy, source = self._models()
        mode = self.selectionMode()
        if source is None or mode in (QAbstractItemView.SelectionMode.SingleSelection, QAbstractItemView.SelectionMode.NoSelection):
            super().selectAll()
            return
        selection, last = QItemSelection(), proxy.columnCount() - 1
        for parent_id, kids in source.shown.items():
            if kids and self._opened(proxy, source, parent_id):
                parent = proxy.mapFromSource(source.index_of(parent_id)) if parent_id is not None else QModelIndex()
                selection.select(proxy.index(0, 0, parent), proxy.index(len(kids) - 1, last, parent))
        # (Whole rows already: the Rows flag would have Qt merge each range with every other, asking parents.)
        self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _opened(self, proxy: QAbstractProxyModel, source: WbsModel, task_id: int | None) -> bool:
        """The task's sub-tasks are in sight: it is shown and open, and so is every task above it."""
        tasks = source.tree.tasks
        while task_id is not None:
            index = source.index_of(task_id)
            if not index.isValid() or not self.isExpanded(proxy.mapFromSource(index)):
                return False
            parent = tasks[task_id].parent_id
            task_id = parent if parent in tasks else None
        return True

    def _models(self) -> tuple[QAbstractProxyModel, WbsModel | None]:
        """The tree's proxy and the WBS model under it (None: another model, as in a test)."""
        from app.ui.wbs.model import WbsModel  # (the model's module imports this one)

        proxy = self.model()
        source = proxy.sourceModel() if isinstance(proxy, QAbstractProxyModel) else None
        return proxy, source if isinstance(source, WbsModel) else None  # type: ignore[return-value]

    def expandAll(self) -> None:  # overrides QTreeView.expandAll
        """Every task with sub-tasks opened, as Qt's expandAll opens them, for fewer calls into the
        model: Qt's recursive layout asks every row whether it can have children three times; here
        only the rows with sub-tasks are opened (each just noted, a layout being due) and the
        tree is laid out once, as any layout does."""
        proxy, source = self._models()
        if source is None:
            super().expandAll()
            return
        self.scheduleDelayedItemsLayout()  # each expand() below only notes its row
        for task_id in source.tree.children:
            if task_id is not None and task_id in source.row_of:
                self.expand(proxy.mapFromSource(source.index_of(task_id)))
        self.executeDelayedItemsLayout()


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

