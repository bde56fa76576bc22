"""Person-days per MLOps task and role, with totals: from the WBS (read-only) or the user's estimate."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from app.proposal.render import format_days
from app.proposal.view import EffortView

Index = QModelIndex | QPersistentModelIndex
COL_TASK, COL_MLOPS, COL_DS, COL_DS_WORK = range(4)
ROLE_OF_COLUMN = {COL_MLOPS: "mlops", COL_DS: "ds"}


class EffortModel(QAbstractTableModel):
    """Rows: tasks 0-5, then the total. Editable person-days only while there is no WBS.

    Signals:
        effortEdited(int, str, float): task number, role and the new person-days.
    """

    effortEdited = Signal(int, str, float)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.effort: EffortView | None = None

    def set_effort(self, effort: EffortView) -> None:
        if self.effort is not None and len(effort.rows) == len(self.effort.rows):
            self.effort = effort
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self.effort = effort
        self.endResetModel()

    @property
    def editable(self) -> bool:
        return self.effort is not None and self.effort.source == "manual"

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() or self.effort is None else len(self.effort.rows) + 1

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        labels = self.effort.role_labels if self.effort else {}
        unit = self.tr("(person-days)")  # on a line of its own: the role's column stays narrow
        titles = (
            self.tr("Task"),
            f"{labels.get('mlops', 'MLOps')}\n{unit}",
            f"{labels.get('ds', 'DS')}\n{unit}",
            self.tr("Work on the data-science side"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def _is_total(self, row: int) -> bool:
        return self.effort is not None and row == len(self.effort.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if self.effort is None or not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        column = index.column()
        total = self._is_total(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if total:
                if column == COL_TASK:
                    return self.tr("Total")
                role_id = ROLE_OF_COLUMN.get(column)
                return format_days(self.effort.totals[role_id]) if role_id else ""
            row = self.effort.rows[index.row()]
            if column == COL_TASK:
                return row.title
            if column == COL_DS_WORK:
                return row.ds_work
            days = row.days[ROLE_OF_COLUMN[column]]
            return days if role == Qt.ItemDataRole.EditRole else format_days(days)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ROLE_OF_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractTableModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in ROLE_OF_COLUMN and not self._is_total(index.row()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides
        if role != Qt.ItemDataRole.EditRole or not (index.isValid() and self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        try:
            days = float(value)
        except (TypeError, ValueError):
            return False
        if not math.isfinite(days) or days < 0 or self.effort is None:
            return False
        row = self.effort.rows[index.row()]
        role_id = ROLE_OF_COLUMN[index.column()]
        if days == row.days[role_id]:
            return False
        self.effortEdited.emit(row.number, role_id, days)
        return True
