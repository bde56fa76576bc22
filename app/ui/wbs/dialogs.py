"""Dialogs of the WBS page: the predecessor picker and the Excel import preview."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.wbs import Dependency, Task, WbsTree


class PredecessorDialog(QDialog):
    """Tick the tasks that must finish first; one lag (working days) for the ticked ones."""

    def __init__(self, tree: WbsTree, task: Task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsPredecessorDialog")
        self.setWindowTitle(self.tr("Predecessors of {0}").format(f"{tree.codes.get(task.id, '')} {task.title}"))
        self.resize(560, 520)
        self.task = task
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("wbsPredecessorSearch")
        self.search.setAccessibleName(self.tr("Search tasks"))
        self.search.setPlaceholderText(self.tr("Search tasks…"))
        self.search.textChanged.connect(self._filter)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("wbsPredecessorList")
        self.list.setAccessibleName(self.tr("Tasks that can come before"))
        current = {d.predecessor_id: d.lag_days for d in task.dependencies}
        excluded = {task.id, *tree.ancestors(task.id), *tree.descendants(task.id)}
        for other in tree.walk():
            if other.id in excluded:
                continue
            item = QListWidgetItem(f"{tree.codes[other.id]}  {other.title}")
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if other.id in current else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Lag (working days):")))
        self.lag = QSpinBox()
        self.lag.setObjectName("wbsPredecessorLag")
        self.lag.setAccessibleName(self.tr("Lag in working days"))
        self.lag.setRange(-60, 250)
        self.lag.setValue(max(current.values(), default=0))
        row.addWidget(self.lag)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("wbsPredecessorButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for n in range(self.list.count()):
            item = self.list.item(n)
            item.setHidden(bool(needle) and needle not in item.text().casefold())

    def dependencies(self) -> list[Dependency]:
        result = []
        for n in range(self.list.count()):
            item = self.list.item(n)
            if item.checkState() == Qt.CheckState.Checked:
                result.append(Dependency(predecessor_id=int(item.data(Qt.ItemDataRole.UserRole)), lag_days=self.lag.value()))
        return result


class ImportPreviewDialog(QDialog):
    """What an edited workbook would change; Apply commits it as one undoable step."""

    def __init__(self, lines: list[str], summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsImportPreview")
        self.setWindowTitle(self.tr("Import the WBS from Excel"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setObjectName("wbsImportSummary")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget()
        self.list.setObjectName("wbsImportChanges")
        self.list.setAccessibleName(self.tr("Changes to apply"))
        self.list.addItems(lines)
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox()
        self.buttons.setObjectName("wbsImportButtons")
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("wbsImportApply")
        self.apply_button.setEnabled(bool(lines))
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("wbsImportCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
