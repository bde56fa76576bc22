"""Every hearing session in a list (date, attendees, what was captured); any one's minutes viewed, edited
(date, title, attendees, notes: Edit…) or exported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ConflictError, UserError
from app.core.i18n import Lang, format_date, list_separator
from app.core.messages import Label
from app.core.operations import Part
from app.core.project import HearingSessionInfo
from app.hearing.operations import SESSION_FIELDS, update_session
from app.hearing.sessions import SessionSummary
from app.ui import messages
from app.ui.hearing.dialogs import SessionDialog
from app.ui.operations import run_op
from app.ui.widgets.dialog_drafts import DialogDraft
from app.ui.window.geometry import fit_dialog

Index = QModelIndex | QPersistentModelIndex


class SessionsModel(QAbstractTableModel):
    """One row per session, oldest first: number, date, title, attendees, answers captured, follow-ups."""

    COLUMNS = 6

    def __init__(self, summaries: list[SessionSummary], lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summaries = summaries
        self.lang = lang

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self.summaries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.headerData
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("No."), self.tr("Date"), self.tr("Title"), self.tr("Attendees"),
                  self.tr("Answers captured"), self.tr("Follow-ups"))
        return titles[section] if 0 <= section < self.COLUMNS else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if not index.isValid() or not 0 <= index.row() < len(self.summaries):
            return None
        summary = self.summaries[index.row()]
        session = summary.session
        if role == Qt.ItemDataRole.DisplayRole:
            match index.column():
                case 0:
                    return str(session.number)
                case 1:
                    return format_date(session.held_on, self.lang)
                case 2:
                    return session.title or self.tr("Hearing {0}").format(session.number)
                case 3:
                    return list_separator(self.lang).join(session.attendees)
                case 4:
                    return str(summary.captured)
                case 5:
                    return str(summary.follow_ups)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return "\n".join(session.attendees) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return session.number
        return None


class SessionsDialog(QDialog):
    """The project's hearing sessions; the selected one's minutes shown beside the list, or exported.

    Signals:
        exportRequested(int): export the minutes of the session with this number.
        editRequested(int): edit the session with this number (Edit…, or a double-click on its row).
    """

    exportRequested = Signal(int)
    editRequested = Signal(int)

    def __init__(self, summaries: list[SessionSummary], lang: Lang, minutes: Any, parent: QWidget | None = None) -> None:
        """``minutes(number)`` returns the Markdown minutes of one session (in the document language)."""
        super().__init__(parent)
        self.setObjectName("sessionsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # opened from a menu each time: gone when closed
        self.setWindowTitle(self.tr("Hearing sessions"))
        fit_dialog(self, 980, 560)
        self._minutes = minutes
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = SessionsModel(summaries, lang, self)
        self.view = QTableView()
        self.view.setObjectName("sessionsTable")
        self.view.setAccessibleName(self.tr("Hearing sessions"))
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()  # each heading whole ("Answers captured" was cut in English)
        splitter.addWidget(self.view)
        self.preview = QTextBrowser()
        self.preview.setObjectName("sessionMinutesView")
        self.preview.setAccessibleName(self.tr("Minutes"))
        self.preview.setOpenLinks(False)  # the minutes hold the customer's text: nothing to follow
        splitter.addWidget(self.preview)
        splitter.setSizes([560, 420])
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editSession")
        self.edit_button.setAccessibleName(self.tr("Edit the session"))
        self.edit_button.setToolTip(self.tr("Change the session's date, title, attendees and notes (the minutes' notes)"))
        self.edit_button.clicked.connect(self._edit)
        self.view.doubleClicked.connect(self._edit)
        row.addWidget(self.edit_button)
        self.export_button = QPushButton(self.tr("Export minutes…"))
        self.export_button.setObjectName("exportSessionMinutes")
        self.export_button.setAccessibleName(self.tr("Export minutes"))
        self.export_button.clicked.connect(self._export)
        row.addWidget(self.export_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        if summaries:
            self.select_session(summaries[-1].session.number)  # the latest, as the menu's export takes
        self._selection_changed()

    def selected_number(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return int(rows[0].data(Qt.ItemDataRole.UserRole)) if rows else None

    def select_session(self, number: int) -> bool:
        for row, summary in enumerate(self.model.summaries):
            if summary.session.number == number:
                self.view.selectRow(row)
                return True
        return False

    def _selection_changed(self, *_args: object) -> None:
        """The selected session's minutes are shown beside the list, as they would be exported."""
        number = self.selected_number()
        self.export_button.setEnabled(number is not None)
        self.edit_button.setEnabled(number is not None)
        if number is None:
            self.preview.clear()
        else:
            self.preview.setMarkdown(self._minutes(number))  # user text in it is escaped Markdown

    def _export(self) -> None:
        number = self.selected_number()
        if number is not None:
            self.exportRequested.emit(number)

    def _edit(self, *_: object) -> None:
        number = self.selected_number()
        if number is not None:
            self.editRequested.emit(number)

    def follow(self, changed: Any, project_id: int, summaries: Callable[[], list[SessionSummary]]) -> None:
        """Show the sessions again on each change of ``changed`` (the window's) to ``project_id``'s sessions or
        answers (one edited here, by Undo, in another window; an answer captured), from ``summaries()``."""
        self._follows = (project_id, summaries)
        changed.connect(self._changed)  # (a slot of the dialog's: let go with it)

    def _changed(self, change: Any) -> None:
        project_id, summaries = self._follows
        if change.project_id == project_id and (change.external or change.parts & {Part.SESSIONS, Part.ANSWERS}):
            self.show_sessions(summaries())

    def show_sessions(self, summaries: list[SessionSummary]) -> None:
        """The sessions as they are now (one edited here or elsewhere, an answer captured), the one selected kept."""
        number = self.selected_number()
        self.model.beginResetModel()
        self.model.summaries = summaries
        self.model.endResetModel()
        if number is None or not self.select_session(number):
            self._selection_changed()


FIELD_OF = {"date": "held_on"}  # the edit dialog's draft fields by the session's field they hold (else the same name)


def edit_text(number: int) -> Callable[[], str]:
    """The undo step of a session edited, in the UI language of the moment."""
    return lambda: QCoreApplication.translate("SessionEditDialog", "Edit hearing session {0}").format(number)


class SessionEditDialog(SessionDialog):
    """A session's date, title, attendees and notes (the minutes' heading and メモ) after it started. OK saves
    the fields changed here, each over the value shown (one undo step); a field another window saved
    meanwhile is asked about. What is typed is kept on disk until OK saves it or Cancel lets it go."""

    def __init__(self, state: Any, session: HearingSessionInfo, parent: QWidget | None = None) -> None:
        self.state, self.session = state, session  # as shown: the base of what OK saves
        self.notes = QPlainTextEdit()
        super().__init__(session.number, parent)  # (filled, then the draft kept before put over it: keep_draft)
        self.setObjectName("sessionEditDialog")
        self.setWindowTitle(self.tr("Edit hearing session {0}").format(session.number))
        self.resize(max(self.width(), 560), self.height())

    def _base(self) -> HearingSessionInfo:
        """What OK compares with and saves over: the session as the dialog opened on it, but for the fields a
        draft kept before holds (and Discard has not let go), which were typed over the session as it was
        then (a colleague's change of one of those since is asked about; of any other field, never)."""
        restored = self.draft.restored if self.draft is not None else {}
        kept = self.draft.restored_base if self.draft is not None and isinstance(self.draft.restored_base, dict) else {}
        fields = {FIELD_OF.get(name, name) for name in restored}
        try:
            return HearingSessionInfo.model_validate(self.session.model_dump(mode="json") | {k: v for k, v in kept.items() if k in fields})
        except ValueError:
            return self.session  # (a drafts file edited by hand: over the session as it is now)

    @staticmethod
    def _shown(session: HearingSessionInfo) -> dict[str, Any]:
        """The fields as the session fills them (what OK compares with: only what differs is saved)."""
        return {"held_on": session.held_on, "title": session.title, "attendees": list(session.attendees), "notes": session.notes}

    def keep_draft(self, state: Any) -> DialogDraft | None:  # overrides SessionDialog.keep_draft: the session shown, one draft per session
        session, number = self.session, self.session.number
        self.date.setDate(QDate(session.held_on.year, session.held_on.month, session.held_on.day))
        self.title.setText(session.title)
        self.attendees.setPlainText("\n".join(session.attendees))
        self.notes.setPlainText(session.notes)
        self.notes.setObjectName("sessionNotes")
        self.notes.setTabChangesFocus(True)  # Tab on to OK, as the pages' boxes (Enter: a new line)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Decisions, agreements and anything else said: the minutes' Notes section"))
        self.notes.setMinimumHeight(160)
        self.form.insertRow(self.form.rowCount() - 1, self.tr("Notes"), self.notes)
        if self.state.project_id < 0:
            return None
        title = Label(f"ヒアリング第{number}回を編集", f"Edit hearing session {number}")
        base = session.model_dump(mode="json", include=set(SESSION_FIELDS))
        return DialogDraft(self, self.state, f"session_edit:{number}", {"date": self.date, "title": self.title, "attendees": self.attendees,
                           "notes": self.notes}, title, base=base)  # fmt: skip

    def _typed(self) -> dict[str, Any]:
        return self.values() | {"notes": self.notes.toPlainText()}

    def accept(self) -> None:  # overrides SessionDialog.accept: saves the fields changed, over what was shown
        from app.ui.window.conflict_dialog import save_asking

        if not self.fields_taken():
            return
        now, base_session = self._typed(), self._base()
        shown = self._shown(base_session)
        fields = {key: value for key, value in now.items() if value != shown[key]}
        base = {key: getattr(base_session, key) for key in fields}
        if save_asking(self, (fields, base), self._save, self._resolve):  # else the dialog stays open with what was typed
            QDialog.accept(self)

    def _save(self, typed: tuple[dict[str, Any], dict[str, Any]]) -> bool:
        fields, base = typed
        if fields:
            run_op(self.state, update_session(self.session.project_id, self.session.number, base=base, **fields),
                   edit_text(self.session.number), action=True)  # fmt: skip
        return True

    def _resolve(self, typed: tuple[dict[str, Any], dict[str, Any]], error: ConflictError) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Another window saved a field this dialog changed too: both values side by side, the user keeps
        theirs or uses mine (or merges the notes). Returns what to save over the session as stored now."""
        from app.ui.window.conflict_dialog import Clash, ConflictDialog, chosen_fields, named

        fields = typed[0]
        try:
            stored = self.state.sessions.get(self.session.project_id, self.session.number)
        except UserError as exc:
            messages.show_error(self, exc)
            return None
        labels = {"held_on": self.tr("Date"), "title": self.tr("Title"), "attendees": self.tr("Attendees"), "notes": self.tr("Notes")}
        lang = self.state.ui_lang

        def show(value: Any) -> str:  # a date or the attendees as the form shows them
            return format_date(value, lang) if isinstance(value, dt.date) else "\n".join(value)

        clashing = [key for key in fields if key in error.fields]
        base = self._base()

        def clash(key: str) -> Clash:  # attendees both sides changed merge as both lists, theirs first, each name once
            theirs, mine = getattr(stored, key), fields[key]
            both = list(theirs) + [name for name in mine if name not in theirs] if key == "attendees" else None
            return Clash(key, labels[key], theirs, mine, getattr(base, key), show if key in ("held_on", "attendees") else None, both)

        clashes = [clash(key) for key in clashing]
        what = self.session.title or self.tr("Hearing session {0}").format(self.session.number)
        chosen = chosen_fields(ConflictDialog(named(what, lang), clashes, parent=self, can_merge="held_on" not in clashing), fields)
        return None if chosen is None else (chosen, {key: getattr(stored, key) for key in chosen})
