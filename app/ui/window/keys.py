"""F2 in the window: it edits the cell of the table that has focus, elsewhere it renames the project."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QWidget


def editing_view(widget: QWidget | None) -> QAbstractItemView | None:
    """The item view that edits a cell on F2 (EditKeyPressed) and holds ``widget``: itself, or the
    view of a cell editor that is open."""
    while widget is not None:
        if isinstance(widget, QAbstractItemView):
            return widget if widget.editTriggers() & QAbstractItemView.EditTrigger.EditKeyPressed else None
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


class ItemViewKeys(QObject):
    """Keeps F2 for the item view that has focus: the window's Rename Project shortcut must not take
    the key that edits a cell. Accepting the ShortcutOverride event makes Qt deliver F2 as a key press
    to the focused widget instead of triggering the shortcut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and isinstance(watched, QWidget)
            and editing_view(watched) is not None
        ):
            event.accept()
            return True
        return False
