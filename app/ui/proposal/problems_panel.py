"""The problems-and-countermeasures table with its buttons: add from the library, add own, remove, reorder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import Lang
from app.proposal.content import ProposalContent
from app.proposal.model import Phase, ProblemRow
from app.proposal.row_merge import new_key
from app.ui import messages
from app.ui.page import WholeTextDelegate
from app.ui.proposal.delegates import ChoiceDelegate
from app.ui.proposal.library_dialog import LibraryDialog
from app.ui.proposal.problems_model import COL_COUNTERMEASURE, COL_PHASE, COL_PROBLEM, COL_TASK, ProblemsModel
from app.ui.wide_table.paste import install_paste
from app.ui.wide_table.row_heights import VisibleRowHeights


class ProblemsPanel(QWidget):
    """Edits go through ``model.rowsEdited`` (the page stores them and makes them undoable). A row added asks
    ``ready`` first: the page reads the stored rows if it has not yet (the window just opened on it), so that the
    row is added to them, not to the empty table shown for a moment; False (they could not be read): nothing added."""

    def __init__(self, content: ProposalContent, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalProblems")
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr(
                "Typical problems that surface in later phases when the PoC ignores them. Double-click a cell to "
                "reword it; a library row keeps its link and shows in the other language as the library has it "
                "until you reword it."
            )
        )
        about.setObjectName("proposalProblemsHint")
        about.setWordWrap(True)
        layout.addWidget(about)

        self.ready: Callable[[], bool] = lambda: True
        self.model = ProblemsModel(content, lang, self)
        self.view = QTableView()
        self.view.setObjectName("problemsTable")
        self.view.setAccessibleName(self.tr("Problems and countermeasures"))
        self.view.setModel(self.model)
        install_paste(self.view)  # Ctrl+C: the selected rows for a spreadsheet; Ctrl+V: cells from one (app/ui/wide_table)
        self.model.ready = lambda: self.ready()  # (a paste adding rows reads the stored rows first, as the buttons do)
        self.model.say = lambda text: messages.show_info(self, text)  # (a blank left in a library row's text: why it shows the library's)
        self.view.setWordWrap(True)
        corner = self.view.findChild(QAbstractButton)  # the select-all button where the headers meet
        if corner is not None:
            corner.setObjectName("problemsTableCorner")
            corner.setAccessibleName(self.tr("Select all problems"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setItemDelegate(WholeTextDelegate(self.view))  # a problem's text pasted whole
        self.choice_delegate = ChoiceDelegate(self.view)
        self.view.setItemDelegateForColumn(COL_PHASE, self.choice_delegate)
        self.view.setItemDelegateForColumn(COL_TASK, self.choice_delegate)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_PROBLEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_COUNTERMEASURE, QHeaderView.ResizeMode.Stretch)
        # The task that addresses a problem wraps in its cell rather than take the width the problem
        # and its countermeasure need (their headers were squeezed with a larger font).
        header.setSectionResizeMode(COL_TASK, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_TASK, max(130, header.sectionSizeHint(COL_TASK)))
        self.row_heights = VisibleRowHeights(self.view)  # the rows in sight as tall as their text (a big paste: not all)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.add_library_button = self._button("addFromLibraryButton", self.tr("Add from library…"), self.add_from_library)
        self.add_custom_button = self._button("addCustomRowButton", self.tr("Add own problem"), self.add_custom)
        self.remove_button = self._button("removeProblemButton", self.tr("Remove"), self.remove_selected)
        self.up_button = self._button("moveProblemUpButton", self.tr("Move up"), lambda: self.move_selected(-1))
        self.down_button = self._button("moveProblemDownButton", self.tr("Move down"), lambda: self.move_selected(1))
        for button in (self.add_library_button, self.add_custom_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, name: str, text: str, slot) -> QPushButton:  # any callable slot
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.view.selectionModel().selectedRows()})

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        self.remove_button.setEnabled(bool(rows))
        self.up_button.setEnabled(len(rows) == 1 and rows[0] > 0)
        self.down_button.setEnabled(len(rows) == 1 and rows[0] < self.model.rowCount() - 1)

    def _select(self, row: int) -> None:
        index = self.model.index(row, COL_PROBLEM)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def add_from_library(self) -> None:
        if not self.ready():
            return
        chosen = LibraryDialog.pick(self.model.content, self.model.lang, self.model.chosen_refs(), self)
        if chosen:
            self.model.insert_rows(self.model.rowCount(), [ProblemRow(ref=ref) for ref in chosen], lambda: self.tr("Add problems from the library"))
            self._select(max(0, self.model.rowCount() - len(chosen)))  # (after the rows another window added meanwhile)

    def add_custom(self) -> None:
        if not self.ready():
            return
        rows = self.selected_rows()
        position = rows[-1] + 1 if rows else self.model.rowCount()
        row = ProblemRow(phase=Phase.POC, task=2, key=new_key())
        self.model.insert_rows(position, [row], lambda: self.tr("Add own problem"))
        # its own row, wherever the rows another window added meanwhile put it
        position = next((i for i, r in enumerate(self.model.rows()) if r.key == row.key), position)
        self._select(position)
        self.view.edit(self.model.index(position, COL_PROBLEM))

    def remove_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.model.remove_rows(rows, lambda: self.tr("Remove problems"))
            if self.model.rowCount():
                self._select(min(rows[0], self.model.rowCount() - 1))

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self.model.move_row(rows[0], rows[0] + step, lambda: self.tr("Move problem")):
            self._select(rows[0] + step)
