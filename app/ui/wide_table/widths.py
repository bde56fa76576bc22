"""Columns a page fits to their contents on every refresh, except those the user sized by hand."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QTableView


class OwnWidths(QObject):
    """A table's columns fitted to what they show, each column the user dragged (or double-clicked) on its
    header's edge keeping the width the user gave it through the page's refreshes (every save refreshes a
    page: fitting again undid the user's widening as soon as a cell was typed in).

    A width is the user's when it is the first to change while a mouse button is down on the header (the
    column whose edge is dragged; a stretched last column giving way to it is not). The widths are kept by
    the table's object name for the session, so a page built again (a language switch) has them too.
    """

    _kept: dict[str, dict[int, int]] = {}  # a table's object name -> its own widths, for pages built again

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.own: dict[int, int] = self._kept.setdefault(view.objectName(), {}) if view.objectName() else {}  # column -> width
        self._pressed = False
        self._dragged: int | None = None  # the column whose edge the mouse moves (the first resized since the press)
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
        if not self._pressed or self._fitting:
            return
        if self._dragged is None:
            self._dragged = column
        if column == self._dragged:
            self.own[column] = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self._pressed, self._dragged = True, None
        elif event.type() == QEvent.Type.MouseButtonRelease:
            QTimer.singleShot(0, self._released)  # after the header's own resize on release (a double-click's fit)
        return super().eventFilter(watched, event)

    def _released(self) -> None:
        self._pressed, self._dragged = False, None
