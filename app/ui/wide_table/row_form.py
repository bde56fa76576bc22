"""One row of a table as a form: a label per column, the column's own editor, previous and next row."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

PREVIOUS_KEY, NEXT_KEY = "Ctrl+PgUp", "Ctrl+PgDown"


class RowForm(QWidget):
    """A table model's row as a form, edited through the same delegates (and so the same editors) as its cells.

    A field is stored in the model when it is left (or Enter pressed, or a choice picked), when
    the form moves to another row and when ``commit`` is called (the dialog closes): nothing typed
    is lost. Only fields the user changed are stored; a field being typed in is not overwritten
    when the model changes under it.

    Signals:
        rowChanged(int): the form shows another row.
    """

    rowChanged = Signal(int)

    def __init__(
        self,
        delegate_for: Callable[[int], QAbstractItemDelegate],
        shown: Callable[[int], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wideRowForm")
        self.delegate_for = delegate_for
        self.shown = shown
        self.model: QAbstractItemModel | None = None
        self._anchor = QPersistentModelIndex()
        self._row = 0
        self.fields: dict[int, QWidget] = {}
        self._dirty: set[int] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.previous_button = self._button("wideRowPrevious", self.tr("Previous row"), PREVIOUS_KEY, lambda: self.step(-1))
        self.next_button = self._button("wideRowNext", self.tr("Next row"), NEXT_KEY, lambda: self.step(1))
        self.counter = QLabel()
        self.counter.setObjectName("wideRowCounter")
        bar.addWidget(self.previous_button)
        bar.addWidget(self.counter)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("wideRowScroll")
        self.scroll_area.setWidgetResizable(True)
        layout.addWidget(self.scroll_area, 1)
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.scroll_area.setWidget(self.body)

    def _button(self, name: str, text: str, key: str, slot: Callable[[], None]) -> QPushButton:
        sequence = QKeySequence(key)
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setToolTip(f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})")
        button.clicked.connect(slot)
        shortcut = QShortcut(sequence, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        return button

    # --- model ----------------------------------------------------------------------------------

    def set_model(self, model: QAbstractItemModel) -> None:
        self.model = model
        model.dataChanged.connect(self._data_changed)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.layoutChanged):
            signal.connect(self._rows_changed)
        for signal in (model.columnsInserted, model.columnsRemoved, model.headerDataChanged):
            signal.connect(self.rebuild)
        self.set_row(0)

    def row(self) -> int:
        """The row shown (-1 when the table has none)."""
        count = self.model.rowCount() if self.model is not None else 0
        if self._anchor.isValid():
            return self._anchor.row()
        return min(self._row, count - 1) if count else -1

    def set_row(self, row: int) -> None:
        """Show another row, storing what was typed in this one first."""
        if self.model is None:
            return
        self.commit()
        count = self.model.rowCount()
        self._row = max(0, min(row, count - 1)) if count else 0
        self._anchor = QPersistentModelIndex(self.model.index(self._row, 0)) if count else QPersistentModelIndex()
        self.rebuild()
        self.rowChanged.emit(self.row())

    def step(self, delta: int) -> None:
        row = self.row()
        if self.model is not None and 0 <= row + delta < self.model.rowCount():
            self.set_row(row + delta)

    # --- fields ---------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Make the fields again (the columns shown, a choice's list of values, may have changed)."""
        focus = self.focusWidget()
        focused = next((c for c, w in self.fields.items() if focus is not None and (w is focus or w.isAncestorOf(focus))), None)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields, self._dirty = {}, set()
        row, model = self.row(), self.model
        self._update_bar()
        if model is None or row < 0:
            return
        for column in range(model.columnCount()):
            if not self.shown(column):
                continue
            index = model.index(row, column)
            field = self._field(index)
            if field is None:
                continue
            field.setObjectName(f"wideRowField_{column}")
            label = QLabel(str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or ""))
            label.setObjectName(f"wideRowLabel_{column}")
            widest = 14 * self.fontMetrics().height()
            label.setWordWrap(True)  # a long label wraps at the widest, a short one stays on its line
            label.setMinimumWidth(min(self.fontMetrics().horizontalAdvance(label.text()) + 4, widest))
            label.setMaximumWidth(widest)
            label.setToolTip(str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or ""))
            label.setBuddy(field)
            field.setAccessibleName(label.text())
            self.form.addRow(label, field)
            self.fields[column] = field
        if focused in self.fields:
            self.fields[focused].setFocus()

    def _field(self, index: QModelIndex) -> QWidget | None:
        flags = index.flags()
        column = index.column()
        if flags & Qt.ItemFlag.ItemIsUserCheckable and not flags & Qt.ItemFlag.ItemIsEditable:
            box = QCheckBox()
            box.setChecked(index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked)
            box.clicked.connect(lambda checked, c=column: self._set_checked(c, checked))
            return box
        if not flags & Qt.ItemFlag.ItemIsEditable:
            shown = QLabel(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            return shown
        editor = self.delegate_for(column).createEditor(self.body, QStyleOptionViewItem(), index)
        if editor is None:
            return None
        self.delegate_for(column).setEditorData(editor, index)
        if isinstance(editor, QLineEdit):
            editor.setFrame(True)
            editor.textEdited.connect(lambda _text, c=column: self._dirty.add(c))
            editor.editingFinished.connect(lambda c=column: self.commit_field(c))
        elif isinstance(editor, QComboBox):
            editor.activated.connect(lambda _n, c=column: self._picked(c))
            line = editor.lineEdit() if editor.isEditable() else None
            if line is not None:
                line.textEdited.connect(lambda _text, c=column: self._dirty.add(c))
                line.editingFinished.connect(lambda c=column: self.commit_field(c))
        else:
            self._dirty.add(column)  # an editor of another kind: stored whenever the form commits
        return editor

    def _picked(self, column: int) -> None:
        self._dirty.add(column)
        self.commit_field(column)

    def _set_checked(self, column: int, checked: bool) -> None:
        if self.model is not None and self.row() >= 0:
            state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            self.model.setData(self.model.index(self.row(), column), state, Qt.ItemDataRole.CheckStateRole)

    def commit_field(self, column: int) -> None:
        """Store one field in the model when the user changed it."""
        field = self.fields.get(column)
        if self.model is None or field is None or column not in self._dirty or self.row() < 0:
            return
        self.delegate_for(column).setModelData(field, self.model, self.model.index(self.row(), column))
        self._dirty.discard(column)

    def commit(self) -> None:
        """Store every field the user changed (the form moves on or closes)."""
        for column in sorted(self._dirty):
            self.commit_field(column)

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, _roles: object = None) -> None:
        row = self.row()
        if not (top_left.row() <= row <= bottom_right.row()):
            return
        for column in range(top_left.column(), bottom_right.column() + 1):
            self._show_value(column)

    def _rows_changed(self, *_args: object) -> None:
        """Rows came, went or were reset: show the same row (or the nearest) with what is stored."""
        row = self.row()
        self._row = max(row, 0)
        if self.model is not None and 0 <= row < self.model.rowCount():
            self._anchor = QPersistentModelIndex(self.model.index(row, 0))
        missing = self.model is None or any(
            c not in self.fields for c in range(self.model.columnCount()) if self.shown(c)
        )  # fmt: skip
        if missing or row < 0:
            self.rebuild()
            return
        for column in self.fields:
            self._show_value(column)
        self._update_bar()

    def _show_value(self, column: int) -> None:
        field = self.fields.get(column)
        if self.model is None or field is None or column in self._dirty or self.row() < 0:
            return
        index = self.model.index(self.row(), column)
        if isinstance(field, QCheckBox):
            field.setChecked(index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked)
        elif isinstance(field, QLabel):
            field.setText(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        else:
            self.delegate_for(column).setEditorData(field, index)

    def _update_bar(self) -> None:
        count = self.model.rowCount() if self.model is not None else 0
        row = self.row()
        self.counter.setText(self.tr("Row {0} of {1}").format(row + 1, count) if count else self.tr("No rows"))
        self.previous_button.setEnabled(row > 0)
        self.next_button.setEnabled(0 <= row < count - 1)
