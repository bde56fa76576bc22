"""Editors for table cells: a drop-down for choice cells and a spin box for person-days."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.proposal.edits import MAX_EFFORT_DAYS
from app.ui.page import whole_text
from app.ui.proposal.problems_model import KeyRole, OptionsRole
from app.ui.widgets.number_box import NumberBox

Index = QModelIndex | QPersistentModelIndex
MAX_DAYS = MAX_EFFORT_DAYS  # what the core stores (app/proposal/edits.py with_effort)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box filled from the cell's OptionsRole; stores the chosen key with setData."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # overrides
        options = index.data(OptionsRole)
        if not options:
            return whole_text(super().createEditor(parent, option, index))
        combo = QComboBox(parent)
        combo.setObjectName("choiceEditor")
        combo.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        for key, label in options:
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # overrides QStyledItemDelegate.setEditorData
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(KeyRole))
            editor.setCurrentIndex(max(found, 0))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # overrides
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


class DaysDelegate(QStyledItemDelegate):
    """Person-days in steps of half a day, three decimals (an hour, 0.125) shown as typed: the arrows go from
    0 to 9999; a number typed past them is handed on as typed, for the core to refuse naming the cell (a minus sign
    is refused as it is typed, and said)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # overrides
        spin = NumberBox(parent)
        spin.setObjectName("daysEditor")
        spin.setAccessibleName(str(index.model().headerData(index.column(), Qt.Orientation.Horizontal)))
        spin.set_limits(0.0, MAX_DAYS)
        spin.show_as_typed()  # an hour, 0.125, as typed (not 0.12); 2 as 2, not 2.000
        spin.setSingleStep(0.5)
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # overrides QStyledItemDelegate.setEditorData
        if isinstance(editor, NumberBox):
            editor.set_kept(float(index.data(Qt.ItemDataRole.EditRole) or 0.0))  # closed unchanged: not rounded

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # overrides
        if isinstance(editor, NumberBox):
            editor.interpretText()
            model.setData(index, editor.kept_value(), Qt.ItemDataRole.EditRole)
