"""A small read-only table model for derived lists (the scope and the schedule on the proposal page)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

Index = QModelIndex | QPersistentModelIndex


class ReadOnlyTableModel(QAbstractTableModel):
    """Rows of strings under fixed headers; ``bold_rows`` are shown in bold (phase rows, totals)."""

    def __init__(self, headers: list[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self._rows: list[list[str]] = []
        self.bold_rows: set[int] = set()

    def set_rows(self, rows: list[list[str]], bold_rows: set[int] | None = None) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.bold_rows = set(bold_rows or ())
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and 0 <= index.column() < len(row):
            return row[index.column()]
        if role == Qt.ItemDataRole.FontRole and index.row() in self.bold_rows:
            font = QFont()
            font.setBold(True)
            return font
        return None
