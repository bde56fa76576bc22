"""The WBS page's task tree: a QTreeView that opens every branch in one layout, and a one-time
hook on a widget's next paint."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractProxyModel, QEvent, QObject
from PySide6.QtWidgets import QTreeView, QWidget

from app.ui.wbs.model import WbsModel


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
    """The task tree, with an :meth:`expandAll` that lays the rows out once, without recursing."""

    def expandAll(self) -> None:  # overrides QTreeView.expandAll
        """Every task with sub-tasks opened, as Qt's expandAll opens them, for fewer calls into the
        model: Qt's recursive layout asks every row whether it can have children three times; here
        only the rows with sub-tasks are opened (each just noted, a layout being due) and the
        tree is laid out once, as any layout does."""
        proxy = self.model()
        source = proxy.sourceModel() if isinstance(proxy, QAbstractProxyModel) else None
        if not isinstance(proxy, QAbstractProxyModel) or not isinstance(source, WbsModel):
            super().expandAll()
            return
        self.scheduleDelayedItemsLayout()  # each expand() below only notes its row
        for task_id in source.tree.children:
            if task_id is not None and task_id in source.row_of:
                self.expand(proxy.mapFromSource(source.index_of(task_id)))
        self.executeDelayedItemsLayout()
