"""Small dialogs of the Hearing page: starting a session, previewing a hearing-sheet import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import Lang
from app.core.operations import Prefer
from app.core.project import HearingSessionInfo
from app.hearing.sessions import check_title, clean_attendees
from app.hearing.sheet_import import SheetChange, SheetPlan
from app.ui import messages
from app.ui.error_text import ui_lang
from app.ui.page import whole_text
from app.ui.translations import date_display_format, plan_date_range
from app.ui.widgets.date_box import DateBox, today_qdate
from app.ui.widgets.dialog_drafts import DIALOG_TITLES, DialogDraft
from app.ui.window.geometry import fit_dialog

Index = QModelIndex | QPersistentModelIndex


class SessionDialog(QDialog):
    """Date, title and attendees of a new hearing session."""

    def __init__(self, number: int, parent: QWidget | None = None, clash: Callable[[], UserError | None] | None = None) -> None:
        super().__init__(parent)
        self.number = number  # the session's, as the dialog says it (kept with the draft: started since, or not)
        self.clash = clash  # asked on OK: the session another window started meanwhile (None: none)
        self.setObjectName("sessionDialog")
        self.setWindowTitle(self.tr("Start hearing session {0}").format(number))
        form = QFormLayout(self)
        self.date = DateBox(today_qdate())
        self.date.setObjectName("sessionDate")
        self.date.setAccessibleName(self.tr("Date"))
        self.date.setCalendarPopup(True)
        plan_date_range(self.date)  # the dates a plan holds, as every typed date
        self.date.setDisplayFormat(date_display_format(ui_lang()))  # as the window writes dates
        self.title = whole_text(QLineEdit())  # a long paste whole: too long is refused naming the field, kept here
        self.title.setObjectName("sessionTitle")
        self.title.setAccessibleName(self.tr("Title"))
        self.title.setPlaceholderText(self.tr("e.g. Second hearing: data and environment"))
        self.attendees = QPlainTextEdit()
        self.attendees.setObjectName("sessionAttendees")
        self.attendees.setTabChangesFocus(True)  # Tab on to OK, as the pages' boxes (Enter: the next attendee's line)
        self.attendees.setAccessibleName(self.tr("Attendees"))
        self.attendees.setPlaceholderText(self.tr("One attendee per line"))
        form.addRow(self.tr("Date"), self.date)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Attendees"), self.attendees)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("sessionButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.form = form
        self.draft = self.keep_draft(getattr(parent, "state", None))

    def keep_draft(self, state: Any) -> DialogDraft | None:
        """What is typed is kept on disk until the session is started (the page drops it) or Cancel lets it go. One
        kept by a window gone that started its session before it dropped the draft (:func:`started_as`) goes: the
        fields show what they would without it, a note says which session it is."""
        if state is None or state.project_id < 0:
            return None
        draft = DialogDraft(self, state, "session", {"date": self.date, "title": self.title, "attendees": self.attendees},
                            DIALOG_TITLES["session"], base={"number": self.number}, saved_by_ok=False)  # fmt: skip
        try:
            started = started_as(state.sessions.list(state.project_id), draft.restored, draft.restored_base) if draft.restored else None
        except UserError:  # (the database cannot be read now: the draft is given back, as ever)
            started = None
        if started is not None:
            draft.discard()
            note = QLabel(self.tr("The session typed here before was started before its window closed: it is session {0}. "
                                  "Nothing to start again.").format(started.number))  # fmt: skip
            note.setObjectName("sessionStartedNote")
            note.setWordWrap(True)
            self.form.insertRow(0, note)
        return draft

    def fields_taken(self) -> bool:
        """Whether the session would take the date, title and attendees typed; else one is said and focused."""
        for check, field in ((self.date.taken_date, self.date), (lambda: check_title(self.title.text()), self.title), (lambda: clean_attendees(self.values()["attendees"]), self.attendees)):
            try:
                check()
            except UserError as exc:
                messages.show_error(self, exc)
                field.setFocus()
                return False
        return True

    def accept(self) -> None:  # overrides QDialog.accept: a title the session would refuse is said, the dialog stays open
        if not self.fields_taken():
            return
        running = self.clash() if self.clash is not None else None
        if running is not None:  # started elsewhere while this was open: said, and what was typed stays here
            messages.show_error(self, running)
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        qdate = self.date.date()
        return {
            "held_on": dt.date(qdate.year(), qdate.month(), qdate.day()),
            "title": self.title.text().strip(),
            "attendees": [line.strip() for line in self.attendees.toPlainText().splitlines() if line.strip()],
        }

    @classmethod
    def ask(cls, number: int, parent: QWidget | None = None) -> dict[str, Any] | None:
        """Run the dialog; None when cancelled (tests replace this method). The parent's ``session_clash``
        (the Hearing page's), when it has one, is asked on OK."""
        dialog = cls(number, parent, getattr(parent, "session_clash", None))
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def started_as(sessions: Sequence[HearingSessionInfo], typed: Mapping[str, Any], base: Any) -> HearingSessionInfo | None:
    """The session a Start session draft (``typed``: its fields; ``base``: the number the dialog was to start) was
    started as by a window gone before it dropped the draft: one numbered from that number on (a draft of an older
    version: any) with the title and attendees typed, and the date when one was typed. None when there is none: it
    was not started (given back)."""
    number = base.get("number") if isinstance(base, dict) else None
    number = number if isinstance(number, int) and not isinstance(number, bool) else 0
    title, attendees, day = typed.get("title", ""), typed.get("attendees", ""), typed.get("date")
    if not isinstance(title, str) or not isinstance(attendees, str):
        return None
    held = (title.strip(), [line.strip() for line in attendees.splitlines() if line.strip()])  # as OK starts it
    return next((s for s in sessions if s.number >= number and (s.title, s.attendees) == held and day in (None, s.held_on.isoformat())), None)


def session_started(state: Any, project_id: int, typed: Mapping[str, Any], base: Any) -> bool:
    """Whether the Start session draft a window gone kept in project ``project_id`` was started (:func:`started_as`;
    the next window's start, app/ui/widgets/dialog_drafts.py drop_recorded)."""
    return started_as(state.sessions.list(project_id), typed, base) is not None


def _elide(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class ChangesModel(QAbstractItemModel):
    """The changes a hearing sheet brings, as the app shows values, in the UI language.

    One top-level row per changed field; a table answer's row has one child per cell change
    (row added, row removed, a cell changed). Each conflicting field carries its own check box
    "take the sheet's value": the sheet's 'now' can be taken and the app's newer 'later' kept.
    """

    COLUMNS = 4

    def __init__(self, plan: SheetPlan, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.lang = lang
        self.take_sheet: dict[tuple[str, str], bool] = {(c.item_id, c.field): False for c in plan.conflicts}

    def change(self, row: int) -> SheetChange:
        return self.plan.changes[row]

    # Top-level rows have internalId 0; a cell change under change N has internalId N + 1.
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.plan.changes)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.change(parent.row()).cells)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Item"), self.tr("In the app"), self.tr("In the sheet"), self.tr("Take the sheet's"))
        return titles[section] if 0 <= section < self.COLUMNS else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() == 0 and index.column() == 3 and self.change(index.row()).conflict:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def _kind(self, change: SheetChange) -> str:
        if change.conflict:
            return self.tr("conflict")
        return self.tr("new") if change.kind == "new" else self.tr("changed")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() != 0:
            return self._cell_data(index, role)
        change = self.change(index.row())
        column, lang = index.column(), self.lang
        if role == Qt.ItemDataRole.DisplayRole:
            match column:
                case 0:
                    return change.title(lang)
                case 1:
                    return _elide(change.current_text(lang))
                case 2:
                    return _elide(change.incoming_text(lang))
                case 3:
                    return self._kind(change)
        if role == Qt.ItemDataRole.CheckStateRole and column == 3 and change.conflict:
            return Qt.CheckState.Checked if self.take_sheet[(change.item_id, change.field)] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2):
            return change.current_text(lang) if column == 1 else change.incoming_text(lang)
        return None

    def _cell_data(self, index: Index, role: int) -> Any:
        cell = self.change(int(index.internalId()) - 1).cells[index.row()]
        texts = (cell.where(self.lang), cell.old_text(self.lang), cell.new_text(self.lang), "")
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _elide(texts[column]) if column in (1, 2) else texts[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (1, 2):
            return texts[column]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (not index.isValid() or index.internalId() != 0 or index.column() != 3
                or role != Qt.ItemDataRole.CheckStateRole):
            return False
        change = self.change(index.row())
        if not change.conflict:
            return False
        self.take_sheet[(change.item_id, change.field)] = Qt.CheckState(value) == Qt.CheckState.Checked
        cell = self.index(index.row(), 3)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])  # each field its own choice
        return True

    def prefer(self) -> dict[tuple[str, str], Prefer]:
        """Per conflicting field (item id, "value" | "later"): "sheet" where ticked, else "app"."""
        return {key: ("sheet" if take else "app") for key, take in self.take_sheet.items()}


class ImportPreviewDialog(QDialog):
    """Shows what a hearing sheet would change; conflicts keep the app's answer unless ticked."""

    def __init__(self, plan: SheetPlan, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("importPreviewDialog")
        self.setWindowTitle(self.tr("Import hearing sheet"))
        fit_dialog(self, 900, 520)
        layout = QVBoxLayout(self)
        summary = QLabel(
            self.tr("Changes: {0} (items: {1}). Conflicts: {2} (answers changed in the app since the sheet was "
                    "exported: tick “Take the sheet's” to replace the app's answer).").format(
                len(plan.changes), len(plan.items), len(plan.conflicts))
        )
        summary.setObjectName("importSummary")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        notices = plan.notices(lang)  # formulas imported as their text, macros not run
        self.notices = QLabel("\n".join(line.removeprefix("! ") for line in notices))
        self.notices.setObjectName("importNotices")
        self.notices.setWordWrap(True)
        self.notices.setTextFormat(Qt.TextFormat.PlainText)  # cell references and file names are data
        self.notices.setVisible(bool(notices))
        layout.addWidget(self.notices)
        self.model = ChangesModel(plan, lang, self)
        self.view = QTreeView()
        self.view.setObjectName("importChanges")
        self.view.setAccessibleName(self.tr("Changes"))
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.expandAll()  # a table's cell changes are what the user checks, not folded away
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("importButtons")
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("applyImportButton")
        self.apply_button.setEnabled(bool(plan.changes))
        self.apply_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
