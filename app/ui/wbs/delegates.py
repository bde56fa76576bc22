"""Editors for the WBS table: combos for scale, status, role and phase; a date picker; a number
spinner; a predecessor field that completes outline codes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.ui.wbs.columns import COLUMNS
from app.ui.wbs.model import WbsModel


class WbsDelegate(QStyledItemDelegate):
    """One delegate for every column; the column's kind picks the editor."""

    def __init__(self, source: WbsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source

    def _choices(self, key: str) -> list[tuple[str, str]]:
        cat, lang = self.source.catalog, self.source.lang
        if key == "priority":
            return [(k, cat.priority_label(k, lang)) for k in cat.priority_keys]
        if key == "status":
            return [(k, cat.status_label(k, lang)) for k in cat.statuses()]
        if key == "owner_role":
            return [(r.id, r.label.get(lang)) for r in cat.roles]
        return [(p.id, p.title.get(lang)) for p in cat.phases]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget:  # overrides QStyledItemDelegate.createEditor
        column = COLUMNS[index.column()]
        key = column.key
        if column.kind == "choice":
            combo = QComboBox(parent)
            combo.setObjectName(f"wbsEditor_{key}")
            combo.setAccessibleName(key)
            for data, label in self._choices(key):
                combo.addItem(label, data)
            if key in ("owner_role", "phase"):
                combo.setEditable(True)  # a user-defined role or phase is allowed
            return combo
        if column.kind == "date":
            editor = QDateEdit(parent)
            editor.setObjectName(f"wbsEditor_{key}")
            editor.setAccessibleName(key)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            return editor
        if column.kind == "number":
            spin = QDoubleSpinBox(parent)
            spin.setObjectName("wbsEditor_estimate")
            spin.setAccessibleName(key)
            spin.setRange(0, 1000)
            spin.setDecimals(2)
            spin.setSingleStep(0.5)
            return spin
        line = QLineEdit(parent)
        line.setObjectName(f"wbsEditor_{key}")
        line.setAccessibleName(key)
        if column.kind == "deps":
            tree = self.source.tree
            codes = [f"{tree.codes[t.id]}" for t in tree.walk()]
            completer = QCompleter(codes, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            line.setCompleter(completer)
            line.setPlaceholderText("1.2, 3.1+2")
        return line

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # overrides QStyledItemDelegate.setEditorData
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            at = editor.findData(value)
            if at >= 0:
                editor.setCurrentIndex(at)
            elif editor.isEditable():
                editor.setEditText(str(value or ""))
        elif isinstance(editor, QDateEdit):
            today = dt.date.today()
            editor.setDate(value if isinstance(value, QDate) and value.isValid() else QDate(today.year, today.month, today.day))
        elif isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(value or 0))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex) -> None:  # overrides QStyledItemDelegate.setModelData
        if isinstance(editor, QComboBox):
            text = editor.currentText().strip()
            data = editor.currentData()
            label = editor.itemText(editor.currentIndex()) if editor.currentIndex() >= 0 else None
            value = data if data is not None and text == label else text
        elif isinstance(editor, QDateEdit):
            value = editor.date()
        elif isinstance(editor, QDoubleSpinBox):
            value = editor.value()
        else:
            value = editor.text()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # overrides QStyledItemDelegate.updateEditorGeometry
        rect = option.rect
        if COLUMNS[index.column()].kind == "title":
            # Leave the outline code visible; edit the title only.
            offset = option.fontMetrics.horizontalAdvance(self.source.tree.codes.get(index.internalId(), "") + "   ") + option.decorationSize.width()
            rect = rect.adjusted(offset, 0, 0, 0)
        editor.setGeometry(rect)
