"""Picking problems from the library: a checkable list of the problems not yet in the proposal."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import Lang
from app.proposal.content import ProposalContent
from app.proposal.model import Problem
from app.ui.window.geometry import fit_dialog

Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractTableModel):
    """The library's problems with a check box each; ``chosen()`` lists the checked ids in library order."""

    def __init__(self, content: ProposalContent, lang: Lang, exclude: set[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.content = content
        self.lang: Lang = lang
        self.problems: list[Problem] = [p for p in content.library.problems if p.id not in exclude]
        self.checked: set[str] = set()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.rowCount
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # Qt signature; overrides QAbstractTableModel.columnCount
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Problem"), self.tr("Countermeasure"), self.tr("Bites in"), self.tr("Addressed by"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractTableModel.data
        if not index.isValid() or not 0 <= index.row() < len(self.problems):
            return None
        problem = self.problems[index.row()]
        template = self.content.template
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                problem.problem.get(self.lang),
                problem.countermeasure.get(self.lang),
                template.phase_label(problem.phase.value, self.lang),
                f"{problem.task}. {template.task(problem.task).title.get(self.lang)}",
            )[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            return Qt.CheckState.Checked if problem.id in self.checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QAbstractTableModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 0 else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        problem_id = self.problems[index.row()].id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(problem_id)
        else:
            self.checked.discard(problem_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def chosen(self) -> list[str]:
        return [p.id for p in self.problems if p.id in self.checked]


class LibraryDialog(QDialog):
    """Choose problems to add; ``chosen()`` after ``accept()``."""

    def __init__(self, content: ProposalContent, lang: Lang, exclude: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemLibraryDialog")
        self.setWindowTitle(self.tr("Add problems from the library"))
        fit_dialog(self, 900, 520)
        layout = QVBoxLayout(self)
        self.model = LibraryModel(content, lang, exclude, self)
        about = QLabel(
            self.tr("Tick the problems to add to the proposal. Problems already in it are not listed.")
            if self.model.problems
            else self.tr("Every problem of the library is already in the proposal.")
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        self.view = QTableView()
        self.view.setObjectName("problemLibraryView")
        self.view.setAccessibleName(self.tr("Problems in the library"))
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.resizeRowsToContents()
        self.view.doubleClicked.connect(self._toggle)
        layout.addWidget(self.view)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName("problemLibraryButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _toggle(self, index: QModelIndex) -> None:
        first = self.model.index(index.row(), 0)
        checked = self.model.data(first, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        state = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        self.model.setData(first, state.value, Qt.ItemDataRole.CheckStateRole)

    def chosen(self) -> list[str]:
        return self.model.chosen()

    @classmethod
    def pick(cls, content: ProposalContent, lang: Lang, exclude: set[str], parent: QWidget | None = None) -> list[str]:
        """Run the dialog; the chosen ids, or [] when cancelled (tests replace this method)."""
        dialog = cls(content, lang, exclude, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []
