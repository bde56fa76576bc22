"""Type-ahead that finds a name typed in the other width: ABC (the input method off) finds 「ＡＢＣ商事」, ＡＢＣ
finds 「ABC商事」, as the command line finds a project by its name (the core's width-blind key,
:func:`app.core.i18n.typed_key`: one width, any case, spaces folded).

Qt's type-ahead (a key or an input method's text typed in a list, a table or a closed combo box) asks its
model's :meth:`~PySide6.QtCore.QAbstractItemModel.match` for the next row whose text starts with what was
typed; the models here answer it by the names' keys (Qt's own search compares the texts as they are).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox

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


def type_ahead_combo(object_name: str) -> QComboBox:
    """A combo box (not editable) whose type-ahead finds an item typed in the other width."""
    combo = QComboBox()
    combo.setObjectName(object_name)
    combo.setModel(TypeAheadItemModel(combo))
    return combo
