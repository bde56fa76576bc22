"""Editors for the WBS table: combos for scale, status, role and phase; a date field with a
calendar that may be left empty; a number spinner; a predecessor field that completes outline codes.

What a Japanese input method types is read as the user means it: full-width digits and signs
(「２．５」, 「２０２６／１２／２１」) and dates written 2026年12月21日.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QAbstractItemModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app.core.i18n import parse_date as read_date
from app.ui.error_text import ui_lang
from app.ui.page import whole_text
from app.ui.translations import date_display_format
from app.ui.wbs.columns import COLUMNS, header
from app.ui.wbs.model import WbsModel
from app.ui.widgets.date_box import today_qdate
from app.ui.widgets.number_box import NumberBox
from app.wbs.cells.typed import ESTIMATE_DECIMALS
from app.wbs.checks import MAX_ESTIMATE

# What a date the app reads (:func:`app.core.i18n.parse_date`) is on its way to, as an input method commits it piece
# by piece: 2026/12, 2026年12月, an era's name before its year (令和, 令和8年12月, R8.12), a weekday after the
# date, as a schedule writes it (2026/12/24(木), 2026-12-24 (Thu)). Blanks are taken whole (possessive): tried at every
# split between two optional parts, a pasted run of them took the square of its length.
_WESTERN = r"\d{0,4}(?:[-/.]\d{0,2}(?:[-/.]\d{0,2})?|年(?:\d{0,2}(?:月(?:\d{0,2}日?)?)?)?)?"
_ERA = r"(?:令和?|平成?|[RH])(?:\s*+(?:元|\d{1,2})(?:\s*+(?:年|[-/.])(?:\s*+\d{1,2}(?:\s*+(?:月|[-/.])(?:\s*+\d{1,2}\s*+日?)?)?)?)?)?"
_WEEKDAY = r"\((?:[月火水木金土日](?:曜日?)?|m(?:on?)?|t(?:ue?|hu?)?|w(?:ed?)?|f(?:ri?)?|s(?:at?|un?)?)?\)?"
_PARTIAL_DATE = re.compile(rf"\s*+(?:{_WESTERN}|{_ERA})(?:\s*+{_WEEKDAY})?\s*+", re.IGNORECASE)


def folded(text: str) -> str:
    """Full-width digits, signs and separators as their ASCII forms (「２０２６／１」 is 2026/1)."""
    return unicodedata.normalize("NFKC", text).replace("−", "-")


def date_format() -> str:
    """How the date editor writes a date: as the table shows it (2026/12/21 in a Japanese window)."""
    return date_display_format(ui_lang())


def parse_date(text: str) -> QDate | None:
    """``2031-03-04``, ``2031/3/4``, ``2031.03.04`` or ``2031年3月4日`` (full-width digits too) as a
    valid QDate; None for anything else."""
    try:
        date = read_date(text)
    except ValueError:
        return None
    return QDate(date.year, date.month, date.day)


class _DateValidator(QValidator):
    """Refuses a key that can never make a date (a letter); takes empty (no date), a real date, and what has a
    date's shape without being one (2026/02/30, 2026/13/01, 2026/1, 令和 or R8.12 on its way to an era date,
    2026/12/05(月) with the 5th a Saturday): Enter, Tab or leaving the cell hands that on for the task's check
    to refuse in words with what was typed. (Qt's delegate neither saves nor closes on Enter with an
    intermediate text, and drops it on leaving the cell, without a word: hence Acceptable, not Intermediate.)"""

    def validate(self, text: str, pos: int) -> QValidator.State:  # overrides QValidator.validate
        if not text.strip() or parse_date(text) is not None or _PARTIAL_DATE.fullmatch(folded(text)):
            return QValidator.State.Acceptable
        return QValidator.State.Invalid


class DateEditor(QLineEdit):
    """A date typed (as :func:`parse_date` reads it) or picked from a calendar (the arrow, Alt+Down or F4); deleting
    the text leaves the task without that date. A QDateEdit cannot be emptied, hence a line edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(_DateValidator(self))
        self.setPlaceholderText(self.tr("no date"))
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setObjectName("wbsDateCalendarAction")
        self.calendar_action.setToolTip(self.tr("Pick from a calendar (Alt+Down)"))
        self.calendar_action.triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None

    def date(self) -> QDate | None:
        """The date shown, or None when the field is empty (or holds no real date)."""
        return parse_date(self.text())

    def setDate(self, date: QDate | None) -> None:  # Qt style, as QDateEdit
        self.setText(date.toString(date_format()) if date is not None and date.isValid() else "")

    def show_calendar(self) -> None:
        if self.calendar is None:
            # A child of the editor: the view's delegate keeps the editor open while it has focus.
            self.calendar = QCalendarWidget(self)
            self.calendar.setObjectName("wbsDateCalendar")
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        self.calendar.setSelectedDate(self.date() or today_qdate())
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self.setDate(date)
        if self.calendar is not None:
            self.calendar.hide()
        self.setFocus()

    def minimum_width(self) -> int:
        """Room for a whole date and the calendar arrow, however narrow the column."""
        return self.fontMetrics().horizontalAdvance("0000-00-00") + self.sizeHint().height() + 16

    def keyPressEvent(self, event: QKeyEvent) -> None:  # overrides QLineEdit.keyPressEvent
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)


class WbsDelegate(QStyledItemDelegate):
    """One delegate for every column; the column's kind picks the editor."""

    def __init__(self, source: WbsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self._open: dict[QWidget, int] = {}  # editor -> its task (the model keeps these rows shown)

    def _choices(self, key: str) -> list[tuple[str, str]]:
        cat, lang = self.source.catalog, self.source.lang
        if key == "priority":
            return [(k, cat.priority_label(k, lang)) for k in cat.priority_keys]
        if key == "status":
            return [(k, cat.status_label(k, lang)) for k in cat.statuses()]
        if key == "owner_role":
            return [(r.id, r.label.get(lang)) for r in cat.roles]
        return [(p.id, p.title.get(lang)) for p in cat.phases]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # overrides QStyledItemDelegate.createEditor
        editor = self._editor(parent, index)
        self._open[editor] = int(index.internalId())
        self.source.editing = set(self._open.values())
        return editor

    def destroyEditor(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # overrides QStyledItemDelegate.destroyEditor
        super().destroyEditor(editor, index)
        if self._open.pop(editor, None) is not None:
            self.source.editing = set(self._open.values())
            # After the view is done closing it: a filter may hide the row now (its edit committed).
            QTimer.singleShot(0, self.source, self.source.refilter)

    def _editor(self, parent: QWidget, index: QModelIndex | QPersistentModelIndex) -> QWidget:
        column = COLUMNS[index.column()]
        key = column.key
        if column.kind == "choice":
            combo = QComboBox(parent)
            combo.setObjectName(f"wbsEditor_{key}")
            combo.setAccessibleName(header(key))
            for data, label in self._choices(key):
                combo.addItem(label, data)
            if key in ("owner_role", "phase"):
                combo.setEditable(True)  # a user-defined role or phase is allowed
            return whole_text(combo)
        if column.kind == "date":
            editor = DateEditor(parent)
            editor.setObjectName(f"wbsEditor_{key}")
            editor.setAccessibleName(header(key))
            return editor
        if column.kind == "number":
            spin = NumberBox(parent)  # (full-width digits too: 「２．５」 is 2.5)
            spin.setObjectName("wbsEditor_estimate")
            spin.setAccessibleName(header(key))
            spin.set_limits(0, MAX_ESTIMATE)  # past it, kept for the core to refuse by the column's name
            spin.show_as_typed(ESTIMATE_DECIMALS)  # an hour, 0.125, as typed (not 0.12); 2 as 2, not 2.000
            spin.setSingleStep(0.5)
            return spin
        line = whole_text(QLineEdit(parent))  # a long paste whole: the task's check says it is too long
        line.setObjectName(f"wbsEditor_{key}")
        line.setAccessibleName(header(key))
        if column.kind == "deps":
            tree = self.source.tree
            codes = [f"{tree.codes[t.id]}" for t in tree.walk()]
            completer = QCompleter(codes, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            line.setCompleter(completer)
            line.setPlaceholderText("1.2, 3.1+2")
        return line

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # overrides QStyledItemDelegate.setEditorData
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            at = editor.findData(value)
            if at >= 0:
                editor.setCurrentIndex(at)
            elif editor.isEditable():
                editor.setEditText(str(value or ""))
        elif isinstance(editor, DateEditor):
            if isinstance(value, str):  # a refused value held as a draft (2026/02/30): as typed
                editor.setText(value)
            else:
                editor.setDate(value if isinstance(value, QDate) else None)  # an empty date stays empty
        elif isinstance(editor, NumberBox):
            editor.set_kept(None if value is None else float(value))  # a stored 0.0625 (or none) closed unchanged stays so
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex) -> None:  # overrides QStyledItemDelegate.setModelData
        if isinstance(editor, QComboBox):
            text = editor.currentText().strip()
            data = editor.currentData()
            label = editor.itemText(editor.currentIndex()) if editor.currentIndex() >= 0 else None
            value = data if data is not None and text == label else text
        elif isinstance(editor, DateEditor):
            value = editor.date() or editor.text().strip() or None  # None: the date is cleared; a text no date: refused, said
        elif isinstance(editor, NumberBox):
            value = editor.kept_value()
        else:
            assert isinstance(editor, QLineEdit)  # createEditor makes nothing else
            value = editor.text()
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # overrides QStyledItemDelegate.updateEditorGeometry
        rect = option.rect
        if COLUMNS[index.column()].kind == "title":
            # Leave the outline code visible; edit the title only.
            offset = option.fontMetrics.horizontalAdvance(self.source.tree.codes.get(index.internalId(), "") + "   ") + option.decorationSize.width()
            rect = rect.adjusted(offset, 0, 0, 0)
        if isinstance(editor, DateEditor) and rect.width() < editor.minimum_width():
            rect.setWidth(editor.minimum_width())  # over the next column while editing
        editor.setGeometry(rect)
