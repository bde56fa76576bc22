"""A list whose rows wrap their text (a title and a status line under it) at the width the list shows them.

Qt's list measures a wrapped row by its text's own width: a title a few pixels wider than the list is laid out as
one line and painted in two, and the line under it (the status: 「3/5 met」) is cut off. :func:`wrap_rows_to_width`
gives every row the list's width and the height its text needs at that width, again whenever the list is resized."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QListWidget, QStyle

SLACK = 4  # px narrower than the text has: a row one line too high at worst, never one cut


class _RowsToWidth(QObject):
    """Sizes the rows of the list whose viewport it watches, on each resize."""

    def __init__(self, rows: QListWidget) -> None:
        super().__init__(rows)
        self._rows = rows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() == QEvent.Type.Resize:
            size_rows(self._rows)
        return False


def size_rows(rows: QListWidget) -> None:
    """Each row of ``rows`` as wide as the list shows it and as high as its text wrapped at that width."""
    spacing = rows.spacing()
    width = max(1, rows.viewport().width() - 2 * spacing)
    margin = rows.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, rows) + 1  # each side of the text
    metrics = QFontMetrics(rows.font())
    for row in range(rows.count()):
        item = rows.item(row)
        needed = metrics.boundingRect(QRect(0, 0, max(1, width - 2 * margin - SLACK), 100_000), Qt.TextFlag.TextWordWrap, item.text())
        size = QSize(width, needed.height() + 2 * margin)
        if item.sizeHint() != size:
            item.setSizeHint(size)


def wrap_rows_to_width(rows: QListWidget) -> None:
    """Keep the rows of ``rows`` sized to its width (call :func:`size_rows` after filling it)."""
    rows.setWordWrap(True)
    rows.viewport().installEventFilter(_RowsToWidth(rows))
