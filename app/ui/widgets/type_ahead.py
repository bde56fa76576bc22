"""Type-ahead that finds a name typed in the other width: ABC (the input method off) finds 「ＡＢＣ商事」, ＡＢＣ
finds 「ABC商事」, as the command line finds a project by its name (the core's width-blind key,
:func:`app.core.i18n.typed_key`: one width, any case, spaces folded).

Qt's type-ahead (a key or an input method's text typed in a list, a table or a closed combo box) asks its
model's :meth:`~PySide6.QtCore.QAbstractItemModel.match` for the next row whose text starts with what was
typed; the models here answer it by the names' keys (Qt's own search compares the texts as they are).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent, QPaintEvent, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QToolTip

from app.core.i18n import typed_key

Index = QModelIndex | QPersistentModelIndex


def typed_match(model: QAbstractItemModel, start: Index, role: int, value: Any, hits: int, flags: Qt.MatchFlag) -> list[QModelIndex] | None:
    """The rows of ``model`` (a flat list or table: ``start``'s column) whose text starts with ``value`` as typed
    names compare, from ``start`` (wrapping round with Qt's MatchWrap), ``hits`` at most (-1: all): a type-ahead's
    search. None for any other search (another role, kind of match or a tree), which Qt's own match answers."""
    kind = Qt.MatchFlag(flags) & Qt.MatchFlag.MatchTypeMask
    if role != Qt.ItemDataRole.DisplayRole or kind != Qt.MatchFlag.MatchStartsWith or not isinstance(value, str) or start.parent().isValid():
        return None
    key = typed_key(value)
    if not key or not start.isValid():
        return None
    rows, first = model.rowCount(), start.row()
    order = [*range(first, rows), *(range(first) if Qt.MatchFlag(flags) & Qt.MatchFlag.MatchWrap else ())]
    found: list[QModelIndex] = []
    for row in order:
        index = model.index(row, start.column())
        if typed_key(str(index.data(role) or "")).startswith(key):
            found.append(index)
            if 0 <= hits <= len(found):
                break
    return found


class TypeAheadItemModel(QStandardItemModel):
    """A combo box's items (:meth:`QComboBox.addItem` fills it as its own) found by type-ahead in either width."""

    def match(self, start: Index, role: int, value: Any, hits: int = 1, flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap) -> list[QModelIndex]:
        """Overrides QAbstractItemModel.match: a type-ahead's search by the names' keys (:func:`typed_match`)."""
        found = typed_match(self, start, role, value, hits, flags)
        return found if found is not None else super().match(start, role, value, hits, flags)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Overrides QStandardItemModel.data: an item's whole text is its tooltip (the list cuts a long one in the middle)."""
        if role == Qt.ItemDataRole.ToolTipRole:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class MiddleCutCombo(QComboBox):
    """A combo box (not editable) that cuts a long item in the middle, closed and open, so that its end shows: a long
    project name and its copy 「… (2)」 tell apart (Qt cuts the closed box's text at its right end). Only the painted
    text is cut: ``currentText()`` and the type-ahead read the whole one, as does the tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)

    def paintEvent(self, _event: QPaintEvent) -> None:  # overrides QComboBox.paintEvent (as Qt's, the label cut)
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        room = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideMiddle, room.width() - 2)  # (Qt's 1 px each side)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def event(self, event: QEvent) -> bool:  # overrides QComboBox.event: the tooltip is the whole current text
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and self.currentText() and not self.toolTip():
            QToolTip.showText(event.globalPos(), self.currentText(), self)
            return True
        return super().event(event)


def type_ahead_combo(object_name: str) -> QComboBox:
    """A combo box (not editable) whose type-ahead finds an item typed in the other width, a long one cut in the middle."""
    combo = MiddleCutCombo()
    combo.setObjectName(object_name)
    combo.setModel(TypeAheadItemModel(combo))
    return combo
