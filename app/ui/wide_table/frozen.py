"""A table view whose first column stays in view while the others scroll (Qt's frozen-column pattern)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QTableView, QWidget
from shiboken6 import isValid

from app.ui.wide_table.header import WrappingHeader, use_wrapping_header

Index = QModelIndex | QPersistentModelIndex
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


def open_editor(view: QAbstractItemView) -> QWidget | None:
    """The cell editor open in a view now, if any."""
    if view.state() != QAbstractItemView.State.EditingState:
        return None
    return view.indexWidget(view.currentIndex())


def commit_open_editor(view: QAbstractItemView) -> bool:
    """Store what a view's open cell editor holds and close it (nothing typed is lost); True when one was open."""
    editor = open_editor(view)
    if editor is None:
        return False
    view.commitData(editor)
    view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
    return True


def commit_open_editors(root: QWidget) -> int:
    """Store what every cell editor open in ``root`` holds (a window: its pages, its dialogs) and close them;
    how many were open.

    A cell's editor commits by itself when it loses the focus, and a menu takes none: before a menu's
    action leaves what is shown (another project opened, the window closed, Edit ▸ Undo), the window
    calls this, so what is being typed reaches its table's model, and is saved with the rest of the
    typing (or kept as a draft) in the project it was typed in, never dropped with the table's rows.
    """
    return sum(commit_open_editor(view) for view in root.findChildren(QAbstractItemView) if isValid(view))


class KeepingTableView(QTableView):
    """A table view whose cell editor keeps what was typed when Esc closes it (as the interview's fields do).

    Qt's delegates drop the typing on Esc; here nothing typed is lost: Esc commits the cell and
    closes its editor, and a second Esc goes on to whatever holds the view (closes a dialog).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        use_wrapping_header(self)
        self.setEditTriggers(EDIT_TRIGGERS)
        self.setWordWrap(True)

    def edit(self, index: Index, trigger: Any = None, event: Any = None) -> bool:  # type: ignore[override]  # overrides QAbstractItemView.edit (both overloads)
        if trigger is None:  # the public slot edit(index): Qt calls the virtual one below
            super().edit(index)
            return self.state() == QAbstractItemView.State.EditingState
        opened = super().edit(index, trigger, event)
        editor = self.indexWidget(index) if opened else None
        if editor is not None:
            editor.installEventFilter(self)
        return opened

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if (
            isinstance(watched, QWidget)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.indexWidget(self.currentIndex()) is watched
        ):
            self.commit_open_editor()
            return True
        return super().eventFilter(watched, event)

    def open_editor(self) -> QWidget | None:
        return open_editor(self)

    def commit_open_editor(self) -> None:
        commit_open_editor(self)


class FrozenColumnView(KeepingTableView):
    """The whole table, with a second view over its first column that does not scroll sideways.

    Both views share the model, the selection, the row heights and the vertical scroll; a cell of
    the first column is edited in the frozen view, with its own copies of the delegates
    (Qt's delegates must not be shared between views).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = KeepingTableView(self)
        self.frozen.setObjectName("wideFrozenColumn")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.frozen.setFocusProxy(self)  # keys go on in the whole table after a frozen cell is edited
        self.frozen.verticalHeader().hide()
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#wideFrozenColumn { border: none; border-right: 2px solid palette(mid); }")
        header = self.frozen.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        header.height_source = self.horizontalHeader()
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._main_resized)
        header.sectionResized.connect(self._frozen_resized)
        self.verticalHeader().sectionResized.connect(lambda row, _old, new: self.frozen.setRowHeight(row, new))
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.show()

    def setModel(self, model: QAbstractItemModel | None) -> None:  # overrides QTableView.setModel
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self._sync)
            model.columnsInserted.connect(self._sync)
            model.columnsRemoved.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        """Show only the first column in the frozen view, as wide and as tall as the main view's."""
        header = self.frozen.horizontalHeader()
        for column in range(header.count()):
            self.frozen.setColumnHidden(column, column != 0)
        if header.count():
            self.frozen.setColumnWidth(0, self.columnWidth(0))
        for row in range(self.verticalHeader().count()):
            self.frozen.setRowHeight(row, self.rowHeight(row))
        self._place_frozen()

    def _main_resized(self, column: int, _old: int, new: int) -> None:
        if column == 0 and self.frozen.columnWidth(0) != new:
            self.frozen.setColumnWidth(0, new)
        self._place_frozen()

    def _frozen_resized(self, column: int, _old: int, new: int) -> None:
        if column == 0 and self.columnWidth(0) != new:
            self.setColumnWidth(0, new)

    def _place_frozen(self) -> None:
        frame = self.frameWidth()
        shown = self.horizontalHeader().count() > 0
        self.frozen.setVisible(shown)
        for _ in range(2):  # the second pass adds the frozen view's own border to its column's width
            border = self.frozen.width() - self.frozen.viewport().width()
            self.frozen.setGeometry(
                self.verticalHeader().width() + frame, frame,
                self.columnWidth(0) + border if shown else 0, self.viewport().height() + self.horizontalHeader().height(),
            )  # fmt: skip

    def updateGeometries(self) -> None:  # overrides QTableView.updateGeometries
        super().updateGeometries()
        self.frozen.updateGeometries()  # its header takes this one's height
        self._place_frozen()

    def resizeEvent(self, event: Any) -> None:  # overrides QTableView.resizeEvent
        super().resizeEvent(event)
        self._place_frozen()

    def edit(self, index: Index, trigger: Any = None, event: Any = None) -> bool:  # type: ignore[override]  # overrides QAbstractItemView.edit (both overloads)
        if trigger is not None and index.isValid() and index.column() == 0 and self.frozen.isVisible():
            return self.frozen.edit(index, trigger, event)  # the first column is edited where it is seen
        return super().edit(index, trigger, event)

    def open_editor(self) -> QWidget | None:
        return super().open_editor() or self.frozen.open_editor()

    def commit_open_editor(self) -> None:
        super().commit_open_editor()
        self.frozen.commit_open_editor()

    def scrollTo(self, index: Index, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # overrides QTableView.scrollTo
        """Scroll a cell into view beside the frozen column, never under it; the first column only scrolls rows."""
        bar = self.horizontalScrollBar()
        if index.isValid() and index.column() == 0:
            left = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(left)
            return
        super().scrollTo(index, hint)
        left_edge = self.visualRect(index).left()
        if index.isValid() and left_edge < self.columnWidth(0):
            bar.setValue(bar.value() + left_edge - self.columnWidth(0))

