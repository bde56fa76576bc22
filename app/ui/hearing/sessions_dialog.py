"""Every hearing session in a list (date, attendees, what was captured); any one's minutes viewed or exported."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import Lang, format_date, list_separator
from app.hearing.sessions import SessionSummary

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
    """

    exportRequested = Signal(int)

    def __init__(self, summaries: list[SessionSummary], lang: Lang, minutes: Any, parent: QWidget | None = None) -> None:
        """``minutes(number)`` returns the Markdown minutes of one session (in the document language)."""
        super().__init__(parent)
        self.setObjectName("sessionsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # opened from a menu each time: gone when closed
        self.setWindowTitle(self.tr("Hearing sessions"))
        self.resize(980, 560)
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
        splitter.addWidget(self.view)
        self.preview = QTextBrowser()
        self.preview.setObjectName("sessionMinutesView")
        self.preview.setAccessibleName(self.tr("Minutes"))
        self.preview.setOpenLinks(False)  # the minutes hold the customer's text: nothing to follow
        splitter.addWidget(self.preview)
        splitter.setSizes([560, 420])
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
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
        if number is None:
            self.preview.clear()
        else:
            self.preview.setMarkdown(self._minutes(number))  # user text in it is escaped Markdown

    def _export(self) -> None:
        number = self.selected_number()
        if number is not None:
            self.exportRequested.emit(number)
