"""A baseline diff as a table: part, item or task, what, before, after (changed cells shaded)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from app.projects.baselines import BaselineDiff, DiffRow
from app.ui.widgets import colours


def shade(change: str, background: bool) -> QColor:
    """A changed, added or removed cell's background (``background``) or its text, in the scheme of now."""
    scheme = colours.current()
    if change == "added":
        return scheme.loaded_bg if background else scheme.shade_text
    if change == "removed":
        return scheme.removed_bg if background else scheme.shade_text
    return scheme.note_bg if background else scheme.note_text


class DiffModel(QAbstractTableModel):
    """Rows of a :class:`~app.projects.baselines.BaselineDiff`, read-only."""

    COLUMNS = ("area", "subject", "field", "old", "new")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diff: BaselineDiff | None = None
        self._rows: list[DiffRow] = []

    def set_diff(self, diff: BaselineDiff | None) -> None:
        self.beginResetModel()
        self.diff = diff
        self._rows = list(diff.rows) if diff is not None else []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # Qt signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or not 0 <= section < len(self.COLUMNS):
            return None
        old = self.diff.old_name if self.diff else ""
        new = self.diff.new_name if self.diff else ""
        labels = {
            "area": self.tr("Part"),
            "subject": self.tr("Item / task"),
            "field": self.tr("What"),
            "old": self.tr("Before (%1)").replace("%1", old),
            "new": self.tr("After (%1)").replace("%1", new),
        }
        return labels[self.COLUMNS[section]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self.COLUMNS):
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == "area":
                return self.diff.areas.get(row.area, row.area) if self.diff else row.area
            return str(getattr(row, column))
        shaded = column in ("old", "new") and (row.change, column) not in (("added", "old"), ("removed", "new"))
        if role == Qt.ItemDataRole.BackgroundRole and shaded:
            return QBrush(shade(row.change, True))
        if role == Qt.ItemDataRole.ForegroundRole and shaded:
            return QBrush(shade(row.change, False))
        return None
