"""One editor widget per answer kind; all share ``value()``, ``set_value()`` and ``edited``.

Editors hold what the user typed; the answer service checks it on save. ``set_value`` never
emits ``edited``, so showing a stored answer (or an undo) is never mistaken for an edit. A value
an editor cannot show (another kind's value: a draft kept from before the checklist changed, a
hand-edited drafts file) is never put in its widgets: ``set_value`` says so; a text editor shows its
words. It stays saved until a value is typed over it: an edit that leaves the editor empty (a blank row
added, a tick taken back) is no edit (:meth:`ValueEditor._replaces`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.core.content.model import AnswerKind, Item
from app.core.i18n import Lang, format_date, parse_date, plain_number
from app.hearing.formats import stored_words
from app.hearing.model import drop_blank_rows, is_empty
from app.ui.hearing.table_model import ChoiceDelegate, TableAnswerModel, TableView
from app.ui.page import whole_text
from app.ui.wide_table.dialog import OPEN_KEY, WideTableDialog, key_text, open_wide_editor
from app.ui.wide_table.header import fit_columns
from app.ui.wide_table.paste import install_paste

PANE_WIDEST_EMS = 8  # in the page a column sized to its contents is at most this many line heights wide

W = TypeVar("W", bound=QWidget)

ADD_ROW_KEY = QKeySequence("Alt+N")  # adds a table row from anywhere in the table, a cell being typed in too


class ValueEditor(QWidget):
    """Base of the editors.

    Signals:
        edited(): the user changed the value (never emitted by set_value).
        aboutToAct(): an action (a table row added, removed or moved, cells pasted) is about to
            change the value: what was typed before it is saved first.
        acted(): that action changed the value (saved at once, an undo step of its own).
    """

    edited = Signal()
    aboutToAct = Signal()
    acted = Signal()
    shows_as_text = False  # a value it cannot show as it is, it shows as text (else nothing)
    kept = False  # shows nothing in place of a saved answer it cannot show (said beside it): kept until a value is typed

    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.lang = lang
        self.setObjectName(name)
        self._loading = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def typed(self) -> Any:
        """The value to save: :meth:`value` (a text editor gives back the saved answer of another kind its
        words stand for while they stand untouched: nothing typed in the end replaces nothing)."""
        return self.value()

    def set_value(self, value: Any) -> bool:
        """Show ``value``; False when this editor cannot show it as it is (then it shows it as text if
        it is a text editor, else nothing)."""
        fits = value is None or self.can_show(value)
        self.kept = not fits and not self.shows_as_text
        self._loading = True
        try:
            self._show(value if fits else self._unfit(value))
        finally:
            self._loading = False
        return fits

    def can_show(self, value: Any) -> bool:
        """Whether ``value`` (not None) is of the shape this editor shows."""
        raise NotImplementedError

    def _unfit(self, value: Any) -> Any:
        """What is shown in place of a value this editor cannot show."""
        return None

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _changed(self, *_args: object) -> None:
        if not self._loading and self._replaces():
            self.edited.emit()

    def _replaces(self) -> bool:
        """Whether an edit is one to save: over a saved answer this editor cannot show (``kept``), only a value
        typed replaces it; an edit that leaves the editor empty (a blank row added, a tick taken back) is none,
        and the answer stays saved, said beside the field."""
        if self.kept and is_empty(self.value()):
            return False
        self.kept = False
        return True

    def focus_input(self) -> None:
        self.setFocus()

    def _name(self, widget: W, suffix: str, accessible: str) -> W:
        widget.setObjectName(f"{self.objectName()}_{suffix}")
        widget.setAccessibleName(accessible)
        return whole_text(widget)  # a line editor takes a long paste whole (the save says what is too long)


class TextEditor(ValueEditor):
    shows_as_text = True

    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        self.edit = self._name(QPlainTextEdit(), "text", item.label.get(lang))
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._changed)
        self.layout_.addWidget(self.edit)
        self._words: tuple[str, Any] | None = None  # (the words shown, the saved answer of another kind they say)

    def value(self) -> str:
        return self.edit.toPlainText()

    def typed(self) -> Any:
        text = self.value()
        return self._words[1] if self._words is not None and text == self._words[0] else text

    def set_value(self, value: Any) -> bool:
        self._words = None
        return super().set_value(value)

    def can_show(self, value: Any) -> bool:
        return isinstance(value, str)

    def _unfit(self, value: Any) -> Any:
        """A saved answer of another kind as its words (a table's row a line): never JSON or a column's id."""
        if isinstance(value, list):
            words = "\n".join(said for v in value if (said := stored_words(self.item, v, self.lang)))
        else:
            words = stored_words(self.item, value, self.lang)
        self._words = (words, value)
        return words

    def _show(self, value: Any) -> None:
        if self.edit.toPlainText() != (value or ""):
            self.edit.setPlainText(value or "")

    def focus_input(self) -> None:
        self.edit.setFocus()


class CheckEditor(ValueEditor):
    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        row = QHBoxLayout()
        self.box = self._name(QCheckBox(self.tr("Applies")), "check", item.label.get(lang))
        # The box and the line beside it are two inputs: a screen reader names the line as the details.
        self.text = self._name(QLineEdit(), "checkText", self.tr("{0}: details").format(item.label.get(lang)))
        self.box.toggled.connect(self._changed)
        self.text.textEdited.connect(self._changed)
        row.addWidget(self.box)
        row.addWidget(self.text, 1)
        self.layout_.addLayout(row)

    def value(self) -> dict[str, Any]:
        return {"checked": self.box.isChecked(), "text": self.text.text()}

    def can_show(self, value: Any) -> bool:
        return isinstance(value, dict) and isinstance(value.get("text"), str | None)

    def _show(self, value: Any) -> None:
        value = value or {}
        self.box.setChecked(bool(value.get("checked")))
        self.text.setText(value.get("text") or "")

    def focus_input(self) -> None:
        self.text.setFocus()


class ChoiceEditor(ValueEditor):
    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        self.combo = self._name(QComboBox(), "choice", item.label.get(lang))
        self.combo.addItem("—", None)
        for option in item.options:
            self.combo.addItem(option.label.get(lang), option.id)
        self.combo.activated.connect(self._changed)
        self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)

    def value(self) -> str | None:
        return self.combo.currentData()

    def can_show(self, value: Any) -> bool:
        return isinstance(value, str)

    def _show(self, value: Any) -> None:
        found = self.combo.findData(value) if value else 0
        if found < 0:  # a stored value that is no option (imported, an older checklist): offered, kept
            self.combo.addItem(str(value), value)
            found = self.combo.count() - 1
        self.combo.setCurrentIndex(found)

    def focus_input(self) -> None:
        self.combo.setFocus()


class MultiEditor(ValueEditor):
    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        self.list = self._name(QListWidget(), "multi", item.label.get(lang))
        for option in item.options:
            entry = QListWidgetItem(option.label.get(lang))
            entry.setData(Qt.ItemDataRole.UserRole, option.id)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(entry)
        self.list.setMaximumHeight(26 * max(3, len(item.options)) + 6)
        self.list.itemChanged.connect(self._changed)
        self.layout_.addWidget(self.list)

    def value(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def can_show(self, value: Any) -> bool:
        return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        offered = {self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())}
        for extra in [v for v in value or [] if v not in offered]:  # no option now (an older checklist): offered, ticked, kept
            entry = QListWidgetItem(str(extra))
            entry.setData(Qt.ItemDataRole.UserRole, extra)
            entry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            self.list.addItem(entry)
        for i in range(self.list.count()):
            entry = self.list.item(i)
            state = Qt.CheckState.Checked if entry.data(Qt.ItemDataRole.UserRole) in chosen else Qt.CheckState.Unchecked
            entry.setCheckState(state)

    def focus_input(self) -> None:
        self.list.setFocus()


class NumberEditor(ValueEditor):
    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        row = QHBoxLayout()
        self.edit = self._name(QLineEdit(), "number", item.label.get(lang))
        self.edit.setPlaceholderText("0")
        self.edit.setMaximumWidth(160)
        self.edit.textEdited.connect(self._changed)
        row.addWidget(self.edit)
        if item.unit:
            row.addWidget(QLabel(item.unit.get(lang)))
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addStretch(1)

    def value(self) -> str:
        return self.edit.text()

    def can_show(self, value: Any) -> bool:
        return isinstance(value, str | int | float) and not isinstance(value, bool)

    def _show(self, value: Any) -> None:
        # as typed (1234567.5, never 1.23457e+06): the next edit saves what the field shows
        text = "" if value is None else (plain_number(value) if isinstance(value, int | float) else str(value))
        if self.edit.text() != text:
            self.edit.setText(text)

    def focus_input(self) -> None:
        self.edit.setFocus()


class DateEditor(ValueEditor):
    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        row = QHBoxLayout()
        self.edit = self._name(QLineEdit(), "date", item.label.get(lang))
        self.edit.setPlaceholderText("YYYY/MM/DD" if lang == "ja" else "YYYY-MM-DD")
        self.edit.setMaximumWidth(140)
        self.edit.textEdited.connect(self._changed)
        self.pick = self._name(QToolButton(), "pickDate", self.tr("Pick a date"))
        self.pick.setText("📅")
        self.pick.setToolTip(self.tr("Pick a date"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName(f"{name}_calendar")
        self.calendar.clicked.connect(self._picked)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        self.pick.setMenu(menu)
        row.addWidget(self.edit)
        row.addWidget(self.pick)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addStretch(1)

    def _picked(self, qdate: QDate) -> None:
        self.edit.setText(format_date(dt.date(qdate.year(), qdate.month(), qdate.day()), self.lang))
        self.pick.menu().hide()
        self._changed()

    def value(self) -> str:
        """The date as stored (ISO) when the text is one, else the text as typed (refused on save)."""
        text = self.edit.text()
        try:
            return parse_date(text).isoformat()
        except ValueError:
            return text

    def can_show(self, value: Any) -> bool:
        return isinstance(value, str | dt.date)

    def _show(self, value: Any) -> None:
        try:
            day = parse_date(str(value)) if value else None
        except ValueError:
            day = None
        self.edit.setText(format_date(day, self.lang) if day else (value or ""))  # 2026/12/21 in Japanese
        if day:
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))

    def focus_input(self) -> None:
        self.edit.setFocus()


class TableEditor(ValueEditor):
    """A table answer: rows added, removed and reordered with buttons or keys, typed cells.

    Columns are sized to what they hold and labels wrap; a wide table opens in the large editor
    (:mod:`app.ui.wide_table`) over the same model, so its edits are saved as the page's are.
    """

    def __init__(self, item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> None:
        super().__init__(item, lang, name, parent)
        self.model = TableAnswerModel(item.columns, lang, self)
        self.model.rowsAboutToBeArranged.connect(self._about_to_arrange)
        self.model.rowsEdited.connect(self._rows_edited)
        self.view = self._name(TableView(), "table", item.label.get(lang))  # its header wraps, Esc keeps the typing
        self.view.setParent(self)  # first in the Tab order (Qt's: the order widgets join): the cells, then the buttons above
        self.view.setModel(self.model)
        self.model.modelReset.connect(self.fit_columns)  # after the view's own connection: it has the new rows
        self.view.setItemDelegate(ChoiceDelegate(item.columns, lang, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        corner = self.view.findChild(QAbstractButton)  # Qt's "select all" corner button
        if corner is not None:
            corner.setObjectName(f"{name}_selectAll")
            corner.setAccessibleName(self.tr("Select all rows"))
        self.view.horizontalHeader().setDefaultSectionSize(130)
        buttons = QHBoxLayout()
        for key, text, slot in (
            ("addRow", self.tr("Add row"), self.add_row),
            ("removeRow", self.tr("Remove row"), self.remove_row),
            ("rowUp", self.tr("Move up"), lambda: self.move_row(-1)),
            ("rowDown", self.tr("Move down"), lambda: self.move_row(1)),
        ):
            button = self._name(QToolButton(), key, text)  # as wide as its text: the row fits a narrow pane
            button.setText(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            setattr(self, f"{key}_button", button)
        buttons.addStretch(1)
        wide = self.tr("Open large editor")
        self.wide_button = self._name(QToolButton(), "openWideEditor", wide)
        self.wide_button.setText(wide)
        self.wide_button.setToolTip(
            self.tr("Work the table in a window-sized editor: choose the columns, first column frozen, one row as a form ({0})").format(key_text(OPEN_KEY))
        )
        self.wide_button.clicked.connect(self.open_large_editor)
        buttons.addWidget(self.wide_button)
        install_paste(self.view)  # cells copied from Excel, Ctrl+V
        shortcut = QShortcut(QKeySequence(OPEN_KEY), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.open_large_editor)
        self.add_row_action = QAction(self.tr("Add row"), self)
        self.add_row_action.setObjectName(f"{name}_addRowAction")
        self.add_row_action.setShortcut(ADD_ROW_KEY)
        self.add_row_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_row_action.triggered.connect(self.add_row)
        self.addAction(self.add_row_action)
        add_button: QToolButton = getattr(self, "addRow_button")  # noqa: B009 (made in the loop above)
        add_button.setToolTip(self.tr("Add a row below the current one ({0})").format(ADD_ROW_KEY.toString(QKeySequence.SequenceFormat.NativeText)))
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.view, 1)
        self._fitted = False

    def _about_to_arrange(self) -> None:
        if not self._loading:
            self.aboutToAct.emit()

    def _rows_edited(self, typed: bool) -> None:
        if typed:
            self._changed()
        elif not self._loading and self._replaces():
            self.acted.emit()

    def value(self) -> list[dict[str, Any]]:
        return self.model.rows()

    def can_show(self, value: Any) -> bool:
        return isinstance(value, list) and all(
            isinstance(row, dict) and all(isinstance(cell, str | int | float | None) for cell in row.values()) for row in value
        )

    def _show(self, value: Any) -> None:
        # Blank rows are not stored: rows just added and not typed into yet stay until left.
        if drop_blank_rows(self.model.rows()) != drop_blank_rows(value):
            self.model.set_rows(value)

    def _current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        row = self._current_row() + 1 if self._current_row() >= 0 else self.model.rowCount()
        self.model.insertRows(row, 1)
        self.view.setCurrentIndex(self.model.index(row, 0))
        self.view.setFocus()

    def remove_row(self) -> None:
        row = self._current_row()
        if row >= 0:
            self.model.removeRows(row, 1)

    def move_row(self, delta: int) -> None:  # not move(): that is QWidget's
        row = self._current_row()
        if row >= 0 and self.model.move_row(row, delta):
            self.view.setCurrentIndex(self.model.index(row + delta, max(self.view.currentIndex().column(), 0)))

    def focus_input(self) -> None:
        self.view.setFocus()

    def fit_columns(self) -> None:
        """Size the columns to what they hold (in the fonts they are shown with: interview mode's are larger)."""
        self.view.ensurePolished()
        self.view.horizontalHeader().ensurePolished()
        fit_columns(self.view, widest_ems=PANE_WIDEST_EMS)
        self._fitted = True

    def showEvent(self, event: QShowEvent) -> None:  # overrides QWidget.showEvent
        super().showEvent(event)
        if not self._fitted:
            self.fit_columns()

    def open_large_editor(self) -> WideTableDialog:
        """The table in the large editor, over this model (its edits are this editor's edits)."""
        return open_wide_editor(self.view, self.item.id, self.item.label.get(self.lang), [c.id for c in self.item.columns], self)


EDITORS: dict[AnswerKind, type[ValueEditor]] = {
    AnswerKind.TEXT: TextEditor,
    AnswerKind.CHECK: CheckEditor,
    AnswerKind.CHOICE: ChoiceEditor,
    AnswerKind.MULTI: MultiEditor,
    AnswerKind.NUMBER: NumberEditor,
    AnswerKind.DATE: DateEditor,
    AnswerKind.TABLE: TableEditor,
}


def make_editor(item: Item, lang: Lang, name: str, parent: QWidget | None = None) -> ValueEditor:
    return EDITORS[item.kind](item, lang, name, parent)
