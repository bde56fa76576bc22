"""Settings ▸ Company holidays: the days off beside the national holidays, for every project's schedule.

The days live in the database (:mod:`app.wbs.company_calendar`), so the CLI schedules with them
too. Each add, remove or import is one operation and one undo step, saved at once (the dialog's
Cancel does not take it back; Edit ▸ Undo does).

A day typed in the add row and not added yet (its name, its date) is kept in the window's drafts
(:mod:`app.ui.widgets.dialog_drafts`) until Add or the dialog's OK adds it, or Cancel lets it go: a crash
loses none of it, and the Settings dialog opened again holds it. Company holidays are the database's, so is
that draft: kept with no project open too, and held whichever project is open then.

A day that is a company holiday already under another name (a colleague's, added meanwhile) is renamed by
Add or OK only when the user says so; No keeps its name and the typing in the row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import operations as ops
from app.core.demo_source import app_today
from app.core.errors import UserError
from app.core.i18n import date_shaped, format_date, weekday_name
from app.ui import messages
from app.ui.error_text import shown_text
from app.ui.operations import run_op
from app.ui.page import whole_text
from app.ui.state import AppState
from app.ui.translations import date_display_format, plan_date_range
from app.ui.widgets.date_box import DateBox, today_qdate
from app.ui.widgets.dialog_drafts import DIALOG_TITLES, DialogDraft
from app.ui.widgets.number_box import WholeNumberBox
from app.ui.window.keys import forget_own_steps
from app.wbs import company_calendar as cc


class HolidaysTab(QWidget):
    """The list of company holidays with add, 年末年始, import (.ics) and remove."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.draft: DialogDraft | None = None  # (the dialog holding the tab keeps the add row's typing: keep_typing)
        self.setObjectName("holidaysTab")
        layout = QVBoxLayout(self)
        about = QLabel(self.tr(
            "Days the company does not work, beside weekends and national holidays. The WBS schedule of every "
            "project skips them (in the window and on the command line). Each change is saved at once; "
            "Edit ▸ Undo takes it back."
        ))  # fmt: skip
        about.setWordWrap(True)
        layout.addWidget(about)
        self.list = QListWidget()
        self.list.setObjectName("holidayList")
        self.list.setAccessibleName(self.tr("Company holidays"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list, 1)

        row = QHBoxLayout()
        self.date_edit = DateBox()
        self.date_edit.setObjectName("holidayDate")
        self.date_edit.setAccessibleName(self.tr("Date of the holiday"))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_display_format(state.ui_lang))
        plan_date_range(self.date_edit)
        self.date_edit.setDate(today_qdate())
        self._date_shown = self.date_edit.date()  # the date the add row holds untouched: another one is typing
        row.addWidget(self.date_edit)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("holidayName")
        self.name_edit.setAccessibleName(self.tr("Name of the holiday"))
        self.name_edit.setPlaceholderText(self.tr("Name (e.g. summer holidays)"))
        whole_text(self.name_edit)  # a name too long is refused by the core, said under the list, never cut
        row.addWidget(self.name_edit, 1)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("addHoliday")
        self.add_button.clicked.connect(self.add_day)
        row.addWidget(self.add_button)
        layout.addLayout(row)

        row = QHBoxLayout()
        self.year_spin = WholeNumberBox()
        self.year_spin.setObjectName("yearEndYear")
        self.year_spin.setAccessibleName(self.tr("Year of the year-end holidays"))
        self.year_spin.set_limits(*cc.YEAR_END_YEARS)  # the years `holidays add --year-end` takes; another typed is refused, said
        self.year_spin.setValue(app_today().year)
        row.addWidget(self.year_spin)
        self.year_end_button = QPushButton(self.tr("Add year-end holidays 12/29–1/3"))
        self.year_end_button.setObjectName("addYearEnd")
        self.year_end_button.clicked.connect(self.add_year_end)
        row.addWidget(self.year_end_button)
        row.addStretch(1)
        self.import_button = QPushButton(self.tr("Import .ics…"))
        self.import_button.setObjectName("importIcs")
        self.import_button.clicked.connect(self.import_ics)
        row.addWidget(self.import_button)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeHoliday")
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.remove_button)
        layout.addLayout(row)

        self.message = QLabel("")
        self.message.setObjectName("holidayMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        state.changed.connect(self._on_changed)
        self.reload()

    def keep_typing(self, dialog: QDialog) -> bool:
        """Keep what the add row holds typed in the window's drafts until it is added or ``dialog`` is let go
        (its date with it: the day the row showed). True when a day kept before is back in the row."""
        fields = {"date": self.date_edit, "name": self.name_edit}
        self.draft = DialogDraft(dialog, self.state, "holiday", fields, DIALOG_TITLES["holiday"], together=[tuple(fields)], database_wide=True,
                                 note=self.tr("The company holiday typed before and not added is back in Company holidays: "
                                              "Add or OK adds it, Cancel lets it go."))  # fmt: skip
        return bool(self.draft.restored)

    def _on_changed(self, change: ops.Change) -> None:
        if change.external or change.parts & {ops.Part.WBS, ops.Part.CALENDAR}:
            self.reload()  # an undo or redo (the window's, Ctrl+Z here), or another process

    def reload(self) -> None:
        days = cc.holidays(self.state.workspace.db)
        self.list.clear()
        lang = self.state.ui_lang
        for day, name in days.items():
            item = QListWidgetItem(f"{format_date(day, lang)} ({weekday_name(day, lang)})  {name}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
            self.list.addItem(item)

    def days(self) -> list[dt.date]:
        return [dt.date.fromisoformat(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def _run(self, op: ops.Operation, removing: bool = False) -> bool:
        try:
            change = run_op(self.state, op, lambda: self.tr("Company holidays"), action=True)
        except UserError as exc:
            self.message.setText(shown_text(exc))
            return False
        self.reload()
        count = change.detail or 0
        self.message.setText(self.tr("%n day(s) removed.", "", count) if removing else self.tr("%n day(s) added.", "", count))
        return True

    def add_day(self) -> bool:
        """Add (or rename) the day of the add row; done, the row is clear for the next one. A day listed under
        another name is renamed only when the user says so (No: False, its name and the row as they were)."""
        try:  # the date as the row shows it: one it cannot take is said, never another day added
            day = self.date_edit.taken_date()
        except UserError as exc:
            self.message.setText(shown_text(exc))
            self.date_edit.setFocus()
            return False
        name = self.name_edit.text().strip()
        agreed, seen = self._renaming_agreed(day, name)
        if not agreed:
            return False
        # Added over the day as the user saw it: named otherwise since (another window, the CLI), refused and said
        if not self._run(cc.edit_holidays_op(self.state.project_id, {day: name}, expect=seen)):
            return False
        self.name_edit.clear()
        forget_own_steps(self.name_edit, self.date_edit)  # added: Ctrl+Z there is the window's Undo (the day taken back)
        self._date_shown = self.date_edit.date()
        if self.draft is not None:
            self.draft.saved()  # added: the row's typing is no draft any more
        return True

    def _renaming_agreed(self, day: dt.date, name: str) -> tuple[bool, dict[dt.date, str | None] | None]:
        """Whether to add: not when ``day`` is a company holiday under another name (another window's, the CLI's,
        added since the row was typed) and the user keeps that name (then said under the list); with the day's
        name as the user saw it (a name, or None: no holiday; no dict when it could not be read)."""
        try:
            listed = cc.holidays(self.state.workspace.db).get(day)
        except UserError:
            return True, None  # (the database cannot be read now: the add says why)
        if not listed or listed == name:
            return True, {day: listed}
        lang = self.state.ui_lang
        date = format_date(day, lang)
        question = self.tr(
            "{0} is a company holiday already: “{1}”. Rename it “{2}”? No: it stays “{1}”, and what you typed stays in the row."
        ) if name else self.tr(
            "{0} is a company holiday already: “{1}”. Take its name away? No: it stays “{1}”, and what you typed stays in the row."
        )  # fmt: skip
        if messages.confirm(self, self.tr("Company holidays"), question.format(date, listed, name)):
            return True, {day: listed}
        self.message.setText(self.tr("Not added: {0} stays “{1}”. What you typed stays in the row.").format(date, listed))
        return False, None

    def typing(self) -> bool:
        """True when the add row holds a day typed and not added: a name, another date, a date half typed
        (a date cleared, no name: nothing)."""
        if not self.name_edit.text().strip() and not any(ch.isdigit() for ch in self.date_edit.text()):
            return False
        return (
            bool(self.name_edit.text().strip())
            or self.date_edit.date() != self._date_shown
            or not self.date_edit.hasAcceptableInput()
        )

    def add_typed(self) -> bool:
        """The dialog's OK: a whole day typed in the add row and not added is added as Add does (one
        undo step). False, said under the list, when it cannot be (a date half typed, a refusal): the
        dialog stays open with the typing as it was."""
        if not self.typing():
            return True
        try:
            day = self.date_edit.taken_date()
        except UserError as exc:  # a whole date it cannot take: why; one half typed: finish it
            self.message.setText(shown_text(exc) if date_shaped(self.date_edit.text()) else self.tr(
                "The holiday typed is not added: “{0}” is not a whole date. Finish the date and press OK "
                "again (or Add), or clear the name and the date to leave it out."
            ).format(self.date_edit.text()))  # fmt: skip
            self.date_edit.setFocus()
            return False
        if not self.name_edit.text().strip() and day in cc.holidays(self.state.workspace.db):
            return True  # a listed day looked up, no name typed: nothing to add (Add would rename it to no name)
        return self.add_day()

    def add_year_end(self) -> None:
        try:
            days = cc.year_end(self.year_spin.value(), self.state.ui_lang)
        except UserError as exc:  # a year the app does not plan in (202 typed for 2026): said, nothing changed
            self.message.setText(shown_text(exc))
            return
        self._run(cc.edit_holidays_op(self.state.project_id, days))

    def remove_selected(self) -> None:
        chosen = [dt.date.fromisoformat(item.data(Qt.ItemDataRole.UserRole)) for item in self.list.selectedItems()]
        if chosen:
            self._run(cc.edit_holidays_op(self.state.project_id, remove=chosen), removing=True)

    def import_ics(self) -> None:
        path = messages.open_file(self, self.tr("Import company holidays"), self.tr("iCalendar files (*.ics)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> bool:
        """Add the all-day events of ``path``; a bad file changes nothing and says why in one line."""
        try:
            days = cc.parse_ics(path)
        except UserError as exc:
            self.message.setText(shown_text(exc))
            return False
        return self._run(cc.edit_holidays_op(self.state.project_id, days, keep_names=True))
