"""A table answer (data sources, team, ...) as an editable Qt table model with typed cells, and its view."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from shiboken6 import isValid

from app.core.content.model import Column, ColumnKind
from app.core.i18n import Lang, format_date, parse_date
from app.hearing.model import cell_error, format_cell, typed_cell
from app.ui.error_text import value_problem
from app.ui.page import INVALID_BACKGROUND, INVALID_TEXT, whole_text
from app.ui.wide_table.frozen import KeepingTableView

Index = QModelIndex | QPersistentModelIndex
CLOSED = "cellEditorClosed"  # the property a cell editor its view has closed carries


class TableAnswerModel(QAbstractTableModel):
    """Rows of a table answer; one column per checklist column.

    Cells keep what the user typed; the answer service checks and converts them on save, so a
    half-typed number is never lost. A cell that does not fit its column is shown red, with the
    reason as its tool tip, until it is fixed. Bool columns are check boxes.

    Signals:
        rowsAboutToBeArranged(): a row is about to be added, removed or moved, or cells pasted.
        rowsEdited(bool): the user changed the rows: True for a cell typed, False for a row added,
            removed or moved or cells pasted (an action of a button or a key, a step of its own).
    """

    rowsAboutToBeArranged = Signal()
    rowsEdited = Signal(bool)

    def __init__(self, columns: list[Column], lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.lang = lang
        self._rows: list[dict[str, Any]] = []

    def rows(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self._rows)

    def set_rows(self, rows: list[dict[str, Any]] | None) -> None:
        self.beginResetModel()
        self._rows = copy.deepcopy(list(rows or []))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self.columns):
            column = self.columns[section]  # the whole label, however narrow the column, and its help
            return "\n".join([column.label.get(self.lang), *([column.help.get(self.lang)] if column.help else [])])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label.get(self.lang) if 0 <= section < len(self.columns) else None
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].kind == ColumnKind.BOOL:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        column = self.columns[index.column()]
        value = self._rows[index.row()].get(column.id)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            error = cell_error("", column, value)
            problem = value_problem(error, self.lang, None, column.label.get(self.lang), column) if error else None
            if problem is not None:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return problem
                return QBrush(QColor(INVALID_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else INVALID_TEXT))
        if column.kind == ColumnKind.BOOL:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if _truthy(value) else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                return format_cell(column, value, self.lang)
            except (TypeError, ValueError):
                return str(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else value
        if role == Qt.ItemDataRole.ToolTipRole and column.help:
            return column.help.get(self.lang)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        column = self.columns[index.column()]
        if column.kind == ColumnKind.BOOL:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, str):
            value = value.strip()
        row = self._rows[index.row()]
        if row.get(column.id) == value:
            return False
        row[column.id] = value
        self.dataChanged.emit(index, index, [role, Qt.ItemDataRole.DisplayRole])
        self.rowsEdited.emit(True)
        return True

    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or not (0 <= row <= len(self._rows)) or count < 1:
            return False
        self.rowsAboutToBeArranged.emit()
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for _ in range(count):
            self._rows.insert(row, {})
        self.endInsertRows()
        self.rowsEdited.emit(False)
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.rowsAboutToBeArranged.emit()
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        self.rowsEdited.emit(False)
        return True

    def paste(self, row: int, columns: list[int], grid: list[list[str]]) -> int:
        """Cells copied from a spreadsheet written from ``row`` on into ``columns`` (the shown ones from
        the current cell on), as one edit: rows added as needed, cells past the last column left out,
        an empty cell clearing its cell, each value in its stored shape where it fits (:func:`typed_cell`).
        Returns the rows written."""
        targets = [self.columns[c] for c in columns if 0 <= c < len(self.columns)]
        if not grid or not targets:
            return 0
        self.rowsAboutToBeArranged.emit()
        row = max(0, min(row, len(self._rows)))
        self.beginResetModel()
        self._rows.extend({} for _ in range(row + len(grid) - len(self._rows)))
        for n, cells in enumerate(grid):
            target = self._rows[row + n]
            for col, text in zip(targets, cells, strict=False):
                value = typed_cell(col, text.strip())
                if value in (None, ""):
                    target.pop(col.id, None)
                else:
                    target[col.id] = value
        self.endResetModel()
        self.rowsEdited.emit(False)
        return len(grid)

    def move_row(self, row: int, delta: int) -> bool:
        """Move one row up (-1) or down (+1)."""
        target = row + delta
        if not (0 <= row < len(self._rows)) or not (0 <= target < len(self._rows)):
            return False
        destination = target + 1 if delta > 0 else target  # Qt's beginMoveRows counts before the move
        self.rowsAboutToBeArranged.emit()
        if not self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination):
            return False
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self.rowsEdited.emit(False)
        return True


def values_in_column(model: QAbstractItemModel, column: int) -> list[Any]:
    """The distinct values the cells of a column hold (edit role), in row order, blanks left out."""
    seen: list[Any] = []
    for row in range(model.rowCount()):
        value = model.index(row, column).data(Qt.ItemDataRole.EditRole)
        if value not in (None, "") and value not in seen:
            seen.append(value)
    return seen


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "はい", "有", "あり", "x")
    return bool(value)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for choice columns; a line editor with the cell's text for the others.

    The cell's text, not Qt's editor for the stored type: a stored number would get a spin box
    (no placeholder, a 0-99 range), and a half-typed number must stay text until it is checked.
    A value a cell of the column holds that is not one of its options (imported, typed in an
    older version) is offered too, as it is: opening and leaving the cell never drops it.
    """

    def __init__(self, columns: list[Column], lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.lang = lang

    def clone(self, parent: QWidget) -> ChoiceDelegate:
        """The same delegate for another view (a delegate is not shared between views)."""
        return ChoiceDelegate(self.columns, self.lang, parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # overrides QStyledItemDelegate.createEditor
        column = self.columns[index.column()]
        if column.kind != ColumnKind.CHOICE:
            edit = whole_text(QLineEdit(parent))  # a long paste whole: too long for a cell is the answer's to say
            edit.setObjectName("tableCellText")
            edit.setAccessibleName(column.label.get(self.lang))
            edit.setFrame(False)
            if column.kind in (ColumnKind.NUMBER, ColumnKind.DATE):
                edit.setPlaceholderText(("YYYY/MM/DD" if self.lang == "ja" else "YYYY-MM-DD") if column.kind == ColumnKind.DATE else "0")
            return edit
        combo = QComboBox(parent)
        combo.setObjectName("tableCellChoice")
        combo.setAccessibleName(column.label.get(self.lang))
        combo.addItem("—", None)
        for opt in column.options:
            combo.addItem(opt.label.get(self.lang), opt.id)
        model = index.model()
        for value in values_in_column(model, index.column()) if model is not None else []:
            if combo.findData(value) < 0:
                combo.addItem(str(value), value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # overrides QStyledItemDelegate.setEditorData
        if isinstance(editor, QComboBox):
            value = index.data(Qt.ItemDataRole.EditRole) or None
            found = editor.findData(value)
            if found < 0 and value is not None:  # the cell holds a value the list lacks: offered, kept
                editor.addItem(str(value), value)
                found = editor.count() - 1
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QLineEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            day = _day(value) if self.columns[index.column()].kind == ColumnKind.DATE else None
            editor.setText(format_date(day, self.lang) if day is not None else "" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # overrides QStyledItemDelegate.setModelData
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            day = _day(editor.text()) if self.columns[index.column()].kind == ColumnKind.DATE else None
            if day is not None and day == _day(index.data(Qt.ItemDataRole.EditRole)):
                return  # the date it holds, as the window writes it: not an edit
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QStyledItemDelegate.eventFilter
        """Enter in a cell: the editor takes the key, then its text is stored and the editor closed, as Qt's delegate
        does, unless the editor was closed in between (Esc, the item left, the dialog closed: each stores it).
        Qt's own delayed store would then go to a view that no longer has the editor, which Qt warns of."""
        if (
            isinstance(watched, QLineEdit | QComboBox)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and (not isinstance(watched, QLineEdit) or watched.hasAcceptableInput())
        ):
            QTimer.singleShot(0, self, lambda: self._submit(watched))
            return False
        return super().eventFilter(watched, event)

    def _submit(self, editor: QWidget) -> None:
        if isValid(editor) and not editor.property(CLOSED):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.SubmitModelCache)

    def destroyEditor(self, editor: QWidget, index: Index) -> None:  # overrides QAbstractItemDelegate.destroyEditor
        """The view closed the editor (it goes with the next event loop pass): marked, never stored again."""
        editor.setProperty(CLOSED, True)
        super().destroyEditor(editor, index)


def _day(value: Any) -> dt.date | None:
    """A date cell's text as a date (None: empty or not a date, shown and kept as it is)."""
    try:
        return parse_date(value) if isinstance(value, str) and value.strip() else None
    except ValueError:
        return None


class TableView(KeepingTableView):
    """A table answer's view on the page: Esc in a cell keeps what was typed, as in the large editor (the same
    table: one behaviour wherever it is shown; Ctrl+Z takes it back), and the edit key (F2) edits the current
    cell, even where the window binds F2 to an action."""

    def event(self, event: QEvent) -> bool:  # overrides QTableView.event (via KeepingTableView)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F2
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.state() != QAbstractItemView.State.EditingState
            and self.currentIndex().flags() & Qt.ItemFlag.ItemIsEditable
        ):
            event.accept()  # the key press comes to keyPressEvent, which opens the editor
            return True
        return super().event(event)
