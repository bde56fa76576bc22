"""The large editor: a table in a dialog nearly the size of the window, over the model the page already uses.

It edits that model itself, so every edit takes the page's own path (for a hearing table: the item
editor saves it as one undoable operation, as a cell edited in the page). What the open cell
editor or the row form holds is stored when the dialog closes, however it closes.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui import settings
from app.ui.page import WholeTextDelegate, menu_button
from app.ui.wide_table.frozen import FrozenColumnView, commit_open_editor
from app.ui.wide_table.header import fit_column, fit_columns
from app.ui.wide_table.paste import install_paste
from app.ui.wide_table.row_form import RowForm
from app.ui.window.keys import window_steps

OPEN_KEY = "Ctrl+Shift+E"  # opens the large editor from a table (see open_button)
ROW_FORM_KEY = "Ctrl+Shift+R"
FIT_KEY = "Ctrl+Shift+W"
FIT_WIDEST_EMS = 30  # "fit to contents" lets a column grow this wide before its text is cut
WINDOW_MARGIN = 12  # pixels left around the dialog over its window


def key_text(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def clone_delegate(source: QTableView, column: int | None, parent: QWidget) -> QAbstractItemDelegate | None:
    """A copy of the delegate a view uses for a column (its default one for None), for another view.

    Qt's delegates are not to be shared between views; a delegate with a ``clone(parent)`` method
    copies itself, any other is replaced by Qt's standard one (its text editors taking a text of any
    length). None when the column has no delegate of its own.
    """
    delegate = source.itemDelegate() if column is None else source.itemDelegateForColumn(column)
    if delegate is None:
        return None
    clone = getattr(delegate, "clone", None)
    return clone(parent) if callable(clone) else WholeTextDelegate(parent)


class WideTableDialog(QDialog):
    """A table's model in a window-sized editor: column chooser, frozen first column, fit to contents, row form.

    ``key`` names the table in the settings (the columns hidden are remembered per key);
    ``column_ids`` name the columns there (their labels when not given).
    """

    def __init__(
        self,
        source: QTableView,
        key: str,
        title: str,
        column_ids: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wideTableDialog")
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        self.source = source
        self.model = source.model()
        self.key = key
        count = self.model.columnCount()
        labels = [str(self.model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or c) for c in range(count)]
        self.column_ids = list(column_ids) if column_ids and len(column_ids) == count else labels
        layout = QVBoxLayout(self)

        self.view = FrozenColumnView()
        self.view.setObjectName("wideTable")
        self.view.setAccessibleName(title)
        self.view.setModel(self.model)
        for view in (self.view, self.view.frozen):
            view.setSelectionBehavior(source.selectionBehavior())
            view.setSelectionMode(source.selectionMode())
        for view in (self.view, self.view.frozen):
            self._install_delegates(view)
        install_paste(self.view, self.view.frozen)  # cells copied from Excel, where the model takes them
        self._form_delegates: dict[int, QAbstractItemDelegate] = {}
        self.form = RowForm(self._form_delegate, lambda column: not self.view.isColumnHidden(column))
        self.form.rowChanged.connect(self._form_row_changed)

        bar = QHBoxLayout()
        self.columns_button = menu_button("wideColumnsButton", self.tr("Columns"), self.tr("Columns"))
        self.columns_button.setToolTip(self.tr("Choose the columns shown (remembered for this table)"))
        self.columns_menu = QMenu(self.columns_button)
        self.columns_menu.setObjectName("wideColumnsMenu")
        self.columns_button.setMenu(self.columns_menu)
        self.column_actions: list[QAction] = []
        self._fill_columns_menu(labels)
        bar.addWidget(self.columns_button)
        self.fit_button = self._button("wideFitColumns", self.tr("Fit to contents"), FIT_KEY, self.fit_to_contents)
        self.form_button = self._button("wideRowFormToggle", self.tr("Row form"), ROW_FORM_KEY, self.toggle_form)
        self.form_button.setCheckable(True)
        self.add_button = self._button("wideAddRow", self.tr("Add row"), None, self.add_row)
        self.remove_button = self._button("wideRemoveRow", self.tr("Remove row"), None, self.remove_row)
        for button in (self.fit_button, self.form_button, self.add_button, self.remove_button):
            bar.addWidget(button)
        bar.addStretch(1)
        hint = QLabel(self.tr("Edits are saved as you make them; Esc in a cell keeps what you typed."))
        hint.setObjectName("wideHint")
        hint.setEnabled(False)
        bar.addWidget(hint)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("wideClose")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.accept)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)

        self.stack = QStackedWidget()
        self.stack.setObjectName("wideStack")
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.form)
        layout.addWidget(self.stack, 1)
        self.form.set_model(self.model)

        self._apply_hidden()
        self.model.modelReset.connect(self._hide_again)
        self.ensurePolished()  # sized in the fonts it shows (a parent's style sheet: interview mode's large type)
        fit_columns(self.view)
        current = source.currentIndex()
        if current.isValid():
            self.view.setCurrentIndex(current)
        self.fit_to_window()
        self._step = window_steps(self, self.commit, self.source.window)

    def step(self, action_name: str) -> None:
        """Undo or redo from inside the dialog (its Ctrl+Z, Ctrl+Y): what the cell or the form holds is
        stored first, then the window's own Undo/Redo runs (:func:`app.ui.window.keys.window_steps`)."""
        self._step(action_name)

    # --- building -----------------------------------------------------------------------------

    def _button(self, name: str, text: str, key: str | None, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setToolTip(f"{text} ({key_text(key)})" if key else text)
        button.clicked.connect(slot)
        if key:
            QShortcut(QKeySequence(key), self, button.click)
        return button

    def _install_delegates(self, view: QTableView) -> None:
        default = clone_delegate(self.source, None, view)
        if default is not None:
            view.setItemDelegate(default)
        for column in range(self.model.columnCount()):
            own = clone_delegate(self.source, column, view)
            if own is not None:
                view.setItemDelegateForColumn(column, own)

    def _form_delegate(self, column: int) -> QAbstractItemDelegate:
        if column not in self._form_delegates:
            delegate = clone_delegate(self.source, column, self) or clone_delegate(self.source, None, self)
            self._form_delegates[column] = delegate or WholeTextDelegate(self)
        return self._form_delegates[column]

    def fit_to_window(self) -> None:
        """Cover the window this dialog belongs to, less a small margin."""
        parent = self.parentWidget()
        area = parent.window().geometry() if parent is not None else self.screen().availableGeometry()
        self.setGeometry(area.adjusted(WINDOW_MARGIN, WINDOW_MARGIN, -WINDOW_MARGIN, -WINDOW_MARGIN))

    # --- columns ------------------------------------------------------------------------------

    def _settings_key(self) -> str:
        return f"wideTable/{self.key}/hidden"

    def hidden_ids(self) -> set[str]:
        stored = settings.value(self._settings_key(), "")
        if isinstance(stored, list | tuple):
            return {str(v) for v in stored if v}
        return {v for v in str(stored or "").split(",") if v}

    def _fill_columns_menu(self, labels: list[str]) -> None:
        hidden = self.hidden_ids()
        for column, label in enumerate(labels):
            action = QAction(label, self.columns_menu)
            action.setObjectName(f"wideColumn_{self.column_ids[column]}")
            action.setCheckable(True)
            action.setChecked(column == 0 or self.column_ids[column] not in hidden)
            if column == 0:
                action.setEnabled(False)  # the frozen column is always shown
                action.setText(self.tr("{0} (always shown)").format(label))
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
            self.columns_menu.addAction(action)
            self.column_actions.append(action)
        self.columns_menu.addSeparator()
        show_all = self.columns_menu.addAction(self.tr("Show all columns"))
        show_all.setObjectName("wideShowAllColumns")
        show_all.triggered.connect(self.show_all_columns)

    def set_column_shown(self, column: int, shown: bool) -> None:
        """Show or hide a column (never the first) and remember the choice for this table."""
        if column <= 0 or column >= len(self.column_ids):
            return
        self.form.commit()
        hidden = self.hidden_ids()
        (hidden.discard if shown else hidden.add)(self.column_ids[column])
        settings.set_value(self._settings_key(), ",".join(i for i in self.column_ids if i in hidden))
        action = self.column_actions[column]
        if action.isChecked() != shown:
            action.blockSignals(True)
            action.setChecked(shown)
            action.blockSignals(False)
        self._apply_hidden()
        if shown:
            fit_column(self.view, column)

    def show_all_columns(self) -> None:
        for column in range(1, len(self.column_ids)):
            self.set_column_shown(column, True)

    def _apply_hidden(self) -> None:
        self._hide_again()
        if self.stack.currentWidget() is self.form:
            self.form.rebuild()

    def _hide_again(self) -> None:
        """Hide the columns chosen hidden (a model reset, an undo, shows every section again)."""
        hidden = self.hidden_ids()
        for column, column_id in enumerate(self.column_ids):
            self.view.setColumnHidden(column, column > 0 and column_id in hidden)

    # --- actions ------------------------------------------------------------------------------

    def fit_to_contents(self) -> None:
        """Every shown column as wide as its contents (up to a limit), every row as tall as its text."""
        fit_columns(self.view, widest_ems=FIT_WIDEST_EMS)
        self.view.resizeRowsToContents()

    def toggle_form(self) -> None:
        """Switch between the table and the form of the current row."""
        if self.stack.currentWidget() is self.view:
            self.view.commit_open_editor()
            self.form.set_row(max(self.view.currentIndex().row(), 0))
            self.stack.setCurrentWidget(self.form)
            self.form_button.setChecked(True)
            first = next(iter(self.form.fields.values()), None)
            if first is not None:
                first.setFocus()
        else:
            self.form.commit()
            self.stack.setCurrentWidget(self.view)
            self.form_button.setChecked(False)
            self.view.setFocus()

    def _form_row_changed(self, row: int) -> None:
        if row >= 0:
            column = max(self.view.currentIndex().column(), 0)
            self.view.selectionModel().setCurrentIndex(
                self.model.index(row, column),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _current_row(self) -> int:
        if self.stack.currentWidget() is self.form:
            return self.form.row()
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        self.commit()
        row = self._current_row() + 1 if self._current_row() >= 0 else self.model.rowCount()
        if self.model.insertRows(row, 1, QModelIndex()):
            self.view.setCurrentIndex(self.model.index(row, 0))
            if self.stack.currentWidget() is self.form:
                self.form.set_row(row)

    def remove_row(self) -> None:
        self.commit()
        row = self._current_row()
        if row >= 0:
            self.model.removeRows(row, 1, QModelIndex())

    # --- closing ------------------------------------------------------------------------------

    def commit(self) -> None:
        """Store what the open cell editor and the row form hold."""
        self.view.commit_open_editor()
        self.form.commit()

    def done(self, result: int) -> None:  # overrides QDialog.done
        self.commit()
        current = self.view.currentIndex()
        if current.isValid() and self.source.model() is self.model:
            self.source.setCurrentIndex(current)
        super().done(result)


def open_wide_editor(
    source: QTableView, key: str, title: str, column_ids: list[str] | None = None, parent: QWidget | None = None
) -> WideTableDialog:
    """Open the large editor over a view's model (window-modal, deleted when closed) and return it."""
    commit_open_editor(source)
    dialog = WideTableDialog(source, key, title, column_ids, parent or source)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
