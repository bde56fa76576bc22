"""Dialogs of the WBS page: the predecessor picker and the Excel import preview."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationFailed
from app.core.i18n import Lang, searchable
from app.core.operations import Prefer
from app.ui import messages
from app.ui.widgets.number_box import WholeNumberBox
from app.ui.window.geometry import fit_dialog
from app.wbs.catalog import Catalog
from app.wbs.files.sheet_plan import FieldChange, RowChange, SheetPlan, column_label, show_value, shown_new
from app.wbs.model import (
    MAX_LAG_DAYS,
    MIN_LAG_DAYS,
    Dependency,
    Task,
    WbsTree,
    format_dependencies,
    task_name,
)

Index = QModelIndex | QPersistentModelIndex


class PredecessorDialog(QDialog):
    """Tick the tasks that must finish first. Each link keeps its own lag (working days) unless the
    lag box is changed, which then sets it for every ticked task; a newly ticked task takes the box's.

    ``check``: the core's check of the links chosen, run on OK (a lag out of range, a cycle): what it
    refuses is said and the dialog stays open with the ticks and the lag as they are."""

    def __init__(self, tree: WbsTree, task: Task, parent: QWidget | None = None,
                 check: Callable[[list[Dependency]], object] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.check = check
        self.setObjectName("wbsPredecessorDialog")
        self.setWindowTitle(self.tr("Predecessors of {0}").format(task_name(tree.codes.get(task.id, ""), task.title)))
        fit_dialog(self, 560, 520)
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
        self._current = current
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
        self.lag = WholeNumberBox()
        self.lag.setObjectName("wbsPredecessorLag")
        self.lag.setAccessibleName(self.tr("Lag in working days"))
        self.lag.set_limits(MIN_LAG_DAYS, MAX_LAG_DAYS)  # a lag typed past them is refused by the core, said
        lags = set(current.values())
        self.lag.setValue(lags.pop() if len(lags) == 1 else 0)
        self.lag_changed = False  # untouched: each link keeps its own lag
        self.lag.valueChanged.connect(self._lag_edited)
        row.addWidget(self.lag)
        row.addStretch(1)
        layout.addLayout(row)
        if len(set(current.values())) > 1:  # the box cannot show them all: say what stays
            own = QLabel(self.tr("Each ticked task keeps its own lag ({0}) unless you change the lag here.").format(format_dependencies(task, tree)))
            own.setObjectName("wbsPredecessorOwnLags")
            own.setWordWrap(True)
            layout.addWidget(own)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("wbsPredecessorButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = searchable(text)  # as the table's search reads it: ＭＬｆｌｏｗ finds MLflow, ﾋｱﾘﾝｸﾞ ヒアリング
        for n in range(self.list.count()):
            item = self.list.item(n)
            item.setHidden(bool(needle) and needle not in searchable(item.text()))

    def _lag_edited(self, _value: int) -> None:
        self.lag_changed = True

    def accept(self) -> None:  # overrides QDialog.accept: links the core refuses are said, the dialog stays open
        if self.check is not None:
            try:
                self.check(self.dependencies())
            except ValidationFailed as exc:
                messages.show_error(self, exc)
                self.lag.setFocus()
                return
        super().accept()

    def dependencies(self) -> list[Dependency]:
        """The ticked tasks as links: those kept in their order first, each with its own lag unless the
        lag box was changed; then the newly ticked, in the list's order, with the box's lag."""
        ticked = [int(item.data(Qt.ItemDataRole.UserRole)) for item in (self.list.item(n) for n in range(self.list.count()))
                  if item.checkState() == Qt.CheckState.Checked]  # fmt: skip
        order = [i for i in self._current if i in ticked] + [i for i in ticked if i not in self._current]
        box = self.lag.value()
        return [Dependency(predecessor_id=i, lag_days=self._current[i] if i in self._current and not self.lag_changed else box) for i in order]


class ImportChangesModel(QAbstractTableModel):
    """One row per changed cell and per new task; a conflict's last column is a tick "take the sheet's"."""

    COLUMNS = 5

    def __init__(self, plan: SheetPlan, lang: Lang, cat: Catalog | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.lang = lang
        self.cat = cat
        self.cells: list[tuple[RowChange, FieldChange]] = [(row, c) for row in plan.changed for c in row.changes if not c.conflict]
        self.cells += plan.conflicts
        self.take_sheet: dict[tuple[int, str], bool] = {(row.task_id, c.field): False for row, c in plan.conflicts}

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cells) + len(self.plan.added)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("Task"), self.tr("Column"), self.tr("In the app"), self.tr("In the sheet"), self.tr("Take the sheet's"))
        return titles[section] if 0 <= section < self.COLUMNS else None

    def _cell(self, row: int) -> tuple[RowChange, FieldChange] | None:
        return self.cells[row] if row < len(self.cells) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        cell = self._cell(index.row())
        if index.column() == self.COLUMNS - 1 and cell is not None and cell[1].conflict:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()):
            return None
        column = index.column()
        cell = self._cell(index.row())
        if cell is None:
            new = self.plan.added[index.row() - len(self.cells)]
            if role == Qt.ItemDataRole.DisplayRole:
                texts = (new.title, self.tr("row {0}").format(new.row), "—", self.tr("under {0}").format(new.parent_code) if new.parent_code else "", self.tr("new task"))
                return texts[column]
            return None
        row, change = cell
        if role == Qt.ItemDataRole.DisplayRole:
            match column:
                case 0:
                    return f"{row.code} {row.title}"
                case 1:
                    return column_label(change.field).get(self.lang)
                case 2:
                    return show_value(change.old, change.field, self.cat, self.lang)
                case 3:
                    return shown_new(change, self.cat, self.lang)
                case 4:
                    return self.tr("conflict") if change.conflict else self.tr("change")
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COLUMNS - 1 and change.conflict:
            return Qt.CheckState.Checked if self.take_sheet[(row.task_id, change.field)] else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):  # the whole value, as the user reads it
            return show_value(change.old, change.field, self.cat, self.lang, limit=None) if column == 2 else shown_new(change, self.cat, self.lang, None)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.COLUMNS - 1 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        cell = self._cell(index.row())
        if cell is None or not cell[1].conflict:
            return False
        self.take_sheet[(cell[0].task_id, cell[1].field)] = Qt.CheckState(value) == Qt.CheckState.Checked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def prefer(self) -> dict[tuple[int, str], Prefer]:
        return {key: ("sheet" if take else "app") for key, take in self.take_sheet.items()}


class ImportPreviewDialog(QDialog):
    """What an edited workbook would change; conflicts keep the app's value unless ticked.
    Apply commits it all as one undoable step."""

    def __init__(self, plan: SheetPlan, summary: str, lang: Lang, cat: Catalog | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("wbsImportPreview")
        self.setWindowTitle(self.tr("Import the WBS from Excel"))
        fit_dialog(self, 900, 520)
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setObjectName("wbsImportSummary")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.model = ImportChangesModel(plan, lang, cat, self)
        self.view = QTableView()
        self.view.setObjectName("wbsImportChanges")
        self.view.setAccessibleName(self.tr("Changes to apply"))
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.notes = QListWidget()
        self.notes.setObjectName("wbsImportNotes")
        self.notes.setAccessibleName(self.tr("Not imported and warnings"))
        ignored = [self.tr("Ignored: {0}").format(reason.text(lang)) for reason in plan.ignored]
        self.notes.addItems(ignored + [warning.text(lang) for warning in plan.warnings])
        self.notes.setVisible(self.notes.count() > 0)
        self.notes.setWordWrap(True)
        self.notes.setMaximumHeight(120)
        layout.addWidget(self.notes)
        self.buttons = QDialogButtonBox()
        self.buttons.setObjectName("wbsImportButtons")
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("wbsImportApply")
        self.apply_button.setEnabled(not plan.empty)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("wbsImportCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def prefer(self) -> dict[tuple[int, str], Prefer]:
        """Per conflicting cell: "sheet" where ticked, else "app"."""
        return self.model.prefer()
