"""Table models of the Data platform & CI page: storage locations per data kind, and the datasets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.core.i18n import Lang
from app.environment.service import Dataset, Location

Index = QModelIndex | QPersistentModelIndex
# (kind id or dataset key, column id, new text) -> an error message, or None when saved
Editor = Callable[[str, str, str], str | None]


class _Table(QAbstractTableModel):
    """A small read-mostly table whose editable cells are saved through ``editor``; edited cells show bold."""

    columns: tuple[str, ...] = ()
    editable: frozenset[str] = frozenset()

    def __init__(self, editor: Editor, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.lang: Lang = "ja"
        self.last_error: str | None = None

    def headers(self) -> list[str]:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self._rows())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractItemModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()] in self.editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.data
        if not index.isValid() or not (0 <= index.row() < len(self._rows())):
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return self._cell(index.row(), column)
        if role == Qt.ItemDataRole.FontRole and column in self._edited(index.row()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        if column not in self.editable or str(value) == self._cell(index.row(), column):
            return False
        self.last_error = self.editor(self._key(index.row()), column, str(value))
        return self.last_error is None  # the page refreshes the rows from the saved document

    def _rows(self) -> list:
        raise NotImplementedError

    def _key(self, row: int) -> str:
        raise NotImplementedError

    def _cell(self, row: int, column: str) -> str:
        raise NotImplementedError

    def _edited(self, row: int) -> frozenset[str]:
        raise NotImplementedError


class LocationsModel(_Table):
    """Where each kind of data lives (raw, processed, models, metadata) and who may access it."""

    columns = ("kind", "path", "access", "note")
    editable = frozenset({"path", "access", "note"})

    def __init__(self, editor: Editor, parent=None) -> None:
        super().__init__(editor, parent)
        self.locations: list[Location] = []

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("LocationsModel", "Data"),
            QCoreApplication.translate("LocationsModel", "Where"),
            QCoreApplication.translate("LocationsModel", "Access"),
            QCoreApplication.translate("LocationsModel", "Note"),
        ]

    def set_locations(self, locations: list[Location], lang: Lang) -> None:
        self.beginResetModel()
        self.locations, self.lang = list(locations), lang
        self.endResetModel()

    def _rows(self) -> list:
        return self.locations

    def _key(self, row: int) -> str:
        return self.locations[row].kind.id

    def _cell(self, row: int, column: str) -> str:
        location = self.locations[row]
        return location.kind.label.get(self.lang) if column == "kind" else getattr(location, column)

    def _edited(self, row: int) -> frozenset[str]:
        return self.locations[row].edited


class DatasetsModel(_Table):
    """The hearing's data sources with their dataset name (①), owner and place in storage."""

    columns = ("source", "dataset_id", "owner", "path", "personal_info", "license")
    editable = frozenset({"dataset_id", "owner"})

    def __init__(self, editor: Editor, parent=None) -> None:
        super().__init__(editor, parent)
        self.datasets: list[Dataset] = []

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("DatasetsModel", "Data source"),
            QCoreApplication.translate("DatasetsModel", "Dataset name (1)"),
            QCoreApplication.translate("DatasetsModel", "Owner"),
            QCoreApplication.translate("DatasetsModel", "Stored at"),
            QCoreApplication.translate("DatasetsModel", "Personal information"),
            QCoreApplication.translate("DatasetsModel", "Licence"),
        ]

    def set_datasets(self, datasets: list[Dataset], lang: Lang) -> None:
        self.beginResetModel()
        self.datasets, self.lang = list(datasets), lang
        self.endResetModel()

    def _rows(self) -> list:
        return self.datasets

    def _key(self, row: int) -> str:
        return self.datasets[row].key

    def _cell(self, row: int, column: str) -> str:
        dataset = self.datasets[row]
        match column:
            case "source":
                return dataset.name
            case "personal_info":
                return QCoreApplication.translate("DatasetsModel", "yes") if dataset.personal_info else ""
            case "license":
                return str(dataset.row.get("license") or "")
            case _:
                return str(getattr(dataset, column))

    def _edited(self, row: int) -> frozenset[str]:
        return self.datasets[row].edited
