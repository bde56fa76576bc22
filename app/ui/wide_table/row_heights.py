"""Rows as tall as their wrapped text, worked out for the rows in sight only.

Qt's ResizeToContents on a table's rows measures every row of the table on each change: a sheet of
3,000 rows pasted (a current cell set, a column widened) asked the model for some 200,000 values and
froze the window for seconds. Here a row is sized to its contents when it comes into sight (scrolled
to, the table widened, its text changed), the rows out of sight keeping the header's default height
until then; a change waits for the events in hand (one timer), so a paste sizes its rows once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

_ROUNDS = 4  # sizing rows can bring more into sight (or take some out): sized again, a few times at most


class VisibleRowHeights(QObject):
    """Keeps the rows of ``view`` in sight as tall as their contents (in place of the vertical header's
    ResizeToContents, whose cost grows with the table's rows)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # (not dragged: as before)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.fit)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset,
                       model.layoutChanged, model.rowsMoved):
            signal.connect(self.later)
        view.verticalScrollBar().valueChanged.connect(self.later)
        view.horizontalHeader().sectionResized.connect(self.later)  # a column's width re-wraps its text
        view.viewport().installEventFilter(self)
        self.later()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.later()
        return False

    def later(self, *_args: object) -> None:
        """Size the rows in sight once the events in hand are done (many changes, one sizing)."""
        if not self._timer.isActive():
            self._timer.start(0)

    def fit(self) -> None:
        """The rows in sight sized to their contents, until sizing them brings no other row into sight."""
        view, rows = self.view, self.view.model().rowCount()
        if rows == 0:
            return
        done: set[int] = set()
        for _ in range(_ROUNDS):
            top = max(0, view.rowAt(0))
            bottom = view.rowAt(view.viewport().height() - 1)
            shown = set(range(top, (rows - 1 if bottom < 0 else bottom) + 1))
            if shown <= done:
                return
            for row in sorted(shown - done):
                view.resizeRowToContents(row)
            done |= shown
