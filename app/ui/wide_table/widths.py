"""Columns a page fits to their contents on every refresh, except those the user sized by hand."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView


class OwnWidths(QObject):
    """A table's columns fitted to what they show, each column the user dragged (or double-clicked) on its
    header's edge keeping the width the user gave it through the page's refreshes (every save refreshes a
    page: fitting again undid the user's widening as soon as a cell was typed in).

    A width is the user's when it changes while a mouse button is down on the header; the last column,
    when it stretches over what is left, is never one.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.own: dict[int, int] = {}  # column -> the width the user gave it
        self._pressed = False
        self._fitting = False
        header = view.horizontalHeader()
        header.viewport().installEventFilter(self)
        header.sectionResized.connect(self._resized)

    def fit(self) -> None:
        """Fit the columns to their contents (see bound_fitting for how many rows are measured), then put
        back the widths the user gave."""
        self._fitting = True
        try:
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            for column, width in self.own.items():
                if column < header.count():
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _resized(self, column: int, _old: int, new: int) -> None:
        header = self.view.horizontalHeader()
        stretched = header.stretchLastSection() and column == header.count() - 1
        if self._pressed and not self._fitting and not stretched:
            self.own[column] = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed = True
        elif event.type() == QEvent.Type.MouseButtonRelease:
            QTimer.singleShot(0, self._released)  # after the header's own resize on release (a double-click's fit)
        return super().eventFilter(watched, event)

    def _released(self) -> None:
        self._pressed = False
