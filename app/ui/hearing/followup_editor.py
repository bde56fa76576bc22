"""The follow-up of one hearing item: who follows it up, by when, and whether it is done.

Shown by the item editor while the item's status is 要フォロー; each change goes the editor's way
(saved after a short pause, one undo step per burst).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFrame,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.core.errors import UserError
from app.hearing.model import Answer
from app.ui.error_text import ui_lang
from app.ui.page import text_field
from app.ui.translations import date_display_format
from app.ui.widgets.date_box import DateBox, today_qdate
from app.ui.widgets.flow_layout import FlowLayout

FIELDS = ("followup_owner", "followup_due", "followup_done")


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class FollowupEditor(QFrame):
    """Owner (free text, with the hearing's people as suggestions), due date (or none), done.

    Signals:
        edited(str, object): a field was changed by the user: ``followup_owner`` (text),
            ``followup_due`` (a date, or None when the date is cleared), ``followup_done`` (bool).
    """

    edited = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followupEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = FlowLayout(self)  # a narrow editor (1366 px wide, the help beside it): the date and done wrap below
        row.setContentsMargins(6, 2, 6, 2)
        # A label, not a group box's title: a label takes the room its text needs in any type size.
        self.title_label = QLabel(self.tr("Follow-up"))
        self.title_label.setObjectName("followupTitle")
        bold = self.title_label.font()
        bold.setBold(True)
        self.title_label.setFont(bold)
        row.addWidget(self.title_label)
        self.owner = text_field(self.tr("Who follows it up"))  # a long paste whole: the save says it is too long
        self.owner.setObjectName("followupOwner")
        self.owner.setAccessibleName(self.tr("Follow-up owner"))
        self.names = QStringListModel(self)
        self.known: list[str] | None = None  # the names the page's read of the project brought (once): not read again
        completer = QCompleter(self.names, self.owner)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner.setCompleter(completer)
        self.owner.textEdited.connect(lambda text: self.edited.emit("followup_owner", text))
        self.has_due = QCheckBox(self.tr("Due"))
        self.has_due.setObjectName("followupHasDue")
        self.has_due.setAccessibleName(self.tr("Has a due date"))
        self.has_due.toggled.connect(self._due_toggled)
        self.due = DateBox()
        self.due.setObjectName("followupDue")
        self.due.setAccessibleName(self.tr("Due date"))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(date_display_format(ui_lang()))  # as the lists write dates
        self.due.setEnabled(False)
        if (inner := self.due.findChild(QLineEdit)) is not None:  # what a screen reader lands on
            inner.setAccessibleName(self.tr("Due date"))
        self.due.dateChanged.connect(self._due_changed)
        self.due.refusedChanged.connect(lambda _refused: self._due_changed(self.due.date()))  # a text it cannot take: as typed
        self.done = QCheckBox(self.tr("Done"))
        self.done.setObjectName("followupDone")
        self.done.setAccessibleName(self.tr("Follow-up done"))
        self.done.toggled.connect(lambda on: self.edited.emit("followup_done", on))
        row.addWidget(self.owner, 1)
        row.addWidget(self.has_due)
        row.addWidget(self.due)
        row.addWidget(self.done)
        self._fit()

    def _fit(self) -> None:
        """Room for the owner's placeholder whole, in the fonts they have now (interview mode's are larger)."""
        self.owner.setMinimumWidth(self.owner.fontMetrics().horizontalAdvance(self.owner.placeholderText()) + 24)

    def changeEvent(self, event: QEvent) -> None:  # overrides QFrame.changeEvent
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def due_date(self) -> dt.date | str | None:
        """The due date as the box shows it; a text it cannot take as a date as typed (the save says why and keeps it)."""
        if not self.has_due.isChecked():
            return None
        if self.due.is_refused():
            return self.due.refused_text().strip()
        try:
            return self.due.taken_date()
        except UserError:
            return self.due.text().strip()

    def _due_toggled(self, on: bool) -> None:
        self.due.setEnabled(on)
        self.edited.emit("followup_due", self.due_date())

    def _due_changed(self, _date: QDate) -> None:
        if self.has_due.isChecked():
            self.edited.emit("followup_due", self.due_date())

    def show_answer(self, answer: Answer, pending: dict[str, Any], names: Callable[[], list[str]]) -> None:
        """Show the stored follow-up, except the fields typed and not saved yet; only for a 要フォロー item."""
        self.setVisible(answer.is_follow_up)
        if not answer.is_follow_up:
            return
        known, self.known = self.known, None
        self.names.setStringList(names() if known is None else known)
        self.show_fields({k: getattr(answer, k) for k in FIELDS if k not in pending})

    def show_fields(self, fields: dict[str, Any]) -> None:
        """Put these values in the widgets without reporting them as edits."""
        for widget in (self.owner, self.has_due, self.due, self.done):
            widget.blockSignals(True)
        try:
            if "followup_owner" in fields and self.owner.text() != (fields["followup_owner"] or ""):
                self.owner.setText(fields["followup_owner"] or "")
            if "followup_due" in fields:
                due = fields["followup_due"]
                if isinstance(due, str):
                    due = _parsed(due)
                self.has_due.setChecked(due is not None)
                self.due.setEnabled(due is not None)
                self.due.setDate(to_qdate(due) if due is not None else today_qdate())
            if "followup_done" in fields:
                self.done.setChecked(bool(fields["followup_done"]))
        finally:
            for widget in (self.owner, self.has_due, self.due, self.done):
                widget.blockSignals(False)


def _parsed(text: str) -> dt.date | None:
    from app.core.i18n import parse_date

    try:
        return parse_date(text)
    except ValueError:
        return None
