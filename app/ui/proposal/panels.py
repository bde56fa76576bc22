"""The derived parts of the proposal: scope and schedule (read from the hearing and the WBS), effort."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.proposal.view import EffortView, ProposalView
from app.ui.proposal.delegates import DaysDelegate
from app.ui.proposal.effort_model import COL_DS, COL_DS_WORK, COL_MLOPS, COL_TASK, EffortModel
from app.ui.proposal.readonly_model import ReadOnlyTableModel
from app.ui.wide_table.copying import install_copy
from app.ui.wide_table.widths import OwnWidths


def _table(name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    install_copy(view)  # Ctrl+C: the selected cells for a spreadsheet; Ctrl+V: says it takes no paste (app/ui/wide_table/copying.py)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class ScopeSchedulePanel(QWidget):
    """Scope by maturity level and the schedule, as the proposal shows them. Both are read, not edited here.

    Signals:
        openHearing(): the user wants to change the scope or the PoC period in the hearing.
    """

    openHearing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalScopeSchedule")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        about = QLabel(
            self.tr(
                "The scope is the hearing's answers for the level 0/1/2 components; the dates come from the WBS "
                "when it has them, otherwise from the PoC start and end agreed in the hearing."
            )
        )
        about.setObjectName("scopeScheduleHint")
        about.setWordWrap(True)
        top.addWidget(about, 1)
        self.hearing_button = QPushButton(self.tr("Open the hearing"))
        self.hearing_button.setObjectName("openHearingButton")
        self.hearing_button.clicked.connect(self.openHearing)
        top.addWidget(self.hearing_button)
        layout.addLayout(top)
        self.scope_model = ReadOnlyTableModel([self.tr("Level"), self.tr("Component"), self.tr("Scope")], self)
        self.scope_view = _table("scopeTable", self.tr("Scope by maturity level"))
        self.scope_view.setModel(self.scope_model)
        layout.addWidget(self.scope_view, 3)
        self.schedule_model = ReadOnlyTableModel([self.tr("Phase or task"), self.tr("Start"), self.tr("End")], self)
        self.schedule_view = _table("scheduleTable", self.tr("Schedule overview"))
        self.schedule_view.setModel(self.schedule_model)
        layout.addWidget(self.schedule_view, 2)
        self.scope_widths, self.schedule_widths = OwnWidths(self.scope_view), OwnWidths(self.schedule_view)
        self.schedule_note = QLabel()
        self.schedule_note.setObjectName("scheduleSource")
        self.schedule_note.setWordWrap(True)
        layout.addWidget(self.schedule_note)

    def show_view(self, view: ProposalView) -> None:
        rows = []
        for level in view.scope:
            for n, item in enumerate(level.items):
                rows.append([level.title if n == 0 else "", item.label, item.status_label])
        self.scope_model.set_rows(rows)
        self.scope_widths.fit()  # a column the user widened keeps its width
        schedule = view.schedule
        bold = {n for n, r in enumerate(schedule.rows) if r.kind == "phase"}
        self.schedule_model.set_rows([[r.label, r.start_text, r.end_text] for r in schedule.rows], bold)
        self.schedule_widths.fit()
        key = {"wbs": "dates_from_wbs", "hearing": "dates_from_hearing"}.get(schedule.source, "dates_unknown")
        self.schedule_note.setText(view.labels.get(key, ""))


class EffortPanel(QWidget):
    """Person-days per task and role with totals; edits arrive as ``model.effortEdited``.

    Signals:
        resetRequested(): the user wants the template's estimate back.
    """

    resetRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalEffort")
        layout = QVBoxLayout(self)
        self.source = QLabel()
        self.source.setObjectName("effortSource")
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.model = EffortModel(self)
        self.view = _table("effortTable", self.tr("Effort per task and role"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.days_delegate = DaysDelegate(self.view)
        self.view.setItemDelegateForColumn(COL_MLOPS, self.days_delegate)
        self.view.setItemDelegateForColumn(COL_DS, self.days_delegate)
        self.widths = OwnWidths(self.view)
        self._fit_columns()
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.reset_button = QPushButton(self.tr("Use the template estimate"))
        self.reset_button.setObjectName("effortResetButton")
        self.reset_button.clicked.connect(self.resetRequested)
        row.addWidget(self.reset_button)
        layout.addLayout(row)

    def _fit_columns(self) -> None:
        """The task's title takes the room left; the data-science work column is as wide as its header
        (its notes wrap), so a long title cannot squeeze that header to a few letters."""
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TASK, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DS_WORK, QHeaderView.ResizeMode.Interactive)
        if COL_DS_WORK not in self.widths.own:  # a width the user gave it is kept
            header.resizeSection(COL_DS_WORK, max(160, header.sectionSizeHint(COL_DS_WORK)))

    def show_effort(self, effort: EffortView, overridden: bool) -> None:
        self.model.set_effort(effort)
        self.widths.fit()
        self._fit_columns()
        if effort.source == "wbs":
            self.source.setText(self.tr("Totalled from the WBS estimates (read-only here: change them in the WBS)."))
        else:
            self.source.setText(
                self.tr("A rough estimate: double-click a number to change it. Once the WBS has estimates, they replace it.")
            )
        self.reset_button.setVisible(effort.source == "manual")
        self.reset_button.setEnabled(overridden)
