"""The Load tab: each person's load per ISO week (percent of their availability or hours), the
over-allocated weeks in red with the tasks in a tooltip, and the marks the table and the Gantt show.

A week is over-allocated when its work is more than the person gives the project that week, or when
one of its days is (two tasks on one day): planning tools mark the whole period then, as here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import Lang, format_date
from app.ui.widgets import colours
from app.wbs.model import WbsTree, task_name
from app.wbs.resources.load import HOURS_PER_DAY, Load, Week
from app.wbs.resources.people import Person

_ROOT = QModelIndex()


@dataclass(frozen=True)
class Overload:
    """Where a load is too much, worked out once per change (the views only look it up)."""

    load: Load = field(default_factory=Load)
    cells: dict[tuple[str, dt.date], tuple[dt.date, ...]] = field(default_factory=dict)  # (person, Monday) -> its over days
    tasks: dict[int, list[tuple[str, dt.date]]] = field(default_factory=dict)  # task id -> (person, Monday) it overloads

    @property
    def people(self) -> list[str]:
        return list(dict.fromkeys(person for person, _monday in self.cells))

    def summary(self) -> str:
        """「過負荷: 2人・3週」/ "Over-allocated: 2 people, 3 weeks" (empty when nobody is)."""
        if not self.cells:
            return ""
        people, weeks = len(self.people), len(self.cells)
        who = QCoreApplication.translate("WbsLoad", "1 person") if people == 1 else QCoreApplication.translate("WbsLoad", "{0} people").format(people)
        when = QCoreApplication.translate("WbsLoad", "1 week") if weeks == 1 else QCoreApplication.translate("WbsLoad", "{0} weeks").format(weeks)
        return QCoreApplication.translate("WbsLoad", "Over-allocated: {0}, {1}").format(who, when)

    def mark(self, task_id: int, lang: Lang) -> str:
        """The owner cell's tooltip of an over-allocated task: who, which weeks."""
        return "\n".join(QCoreApplication.translate("WbsLoad", "Over-allocated: {0}, week {1} (from {2})").format(person, monday.isocalendar()[1], format_date(monday, lang))
                         for person, monday in self.tasks.get(task_id, ()))


def overload(load: Load) -> Overload:
    """The over-allocated person-weeks of ``load`` and the tasks in them (:meth:`Load.over_cells`)."""
    cells: dict[tuple[str, dt.date], tuple[dt.date, ...]] = {}
    tasks: dict[int, list[tuple[str, dt.date]]] = {}
    for key, (days, ids) in load.over_cells().items():
        cells[key] = days
        for task_id in ids:
            tasks.setdefault(task_id, []).append(key)
    return Overload(load, cells, tasks)


class LoadModel(QAbstractTableModel):
    """Rows are the project's people, columns the ISO weeks from the first loaded one to the last.

    Signals: the standard QAbstractItemModel ones only.
    """

    def __init__(self, lang: Lang, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.hours = False  # False: percent of availability
        self.people: list[Person] = []
        self.mondays: list[dt.date] = []
        self.weeks: dict[tuple[str, dt.date], Week] = {}
        self.over = Overload()
        self.titles: dict[int, str] = {}  # task id -> code and title, for the tooltips
        self._bold = QFont()
        self._bold.setBold(True)

    def show(self, people: list[Person], over: Overload, tree: WbsTree) -> None:
        """Show a new load (the model is reset: the weeks shown change with the plan)."""
        self.beginResetModel()
        self.people = list(people)
        self.over = over
        self.weeks = {(w.person, w.monday): w for w in over.load.weeks}
        mondays = sorted({w.monday for w in over.load.weeks})
        self.mondays = [mondays[0] + dt.timedelta(days=7 * k) for k in range((mondays[-1] - mondays[0]).days // 7 + 1)] if mondays else []
        ids = {i for w in over.load.weeks for i in w.tasks}
        self.titles = {i: task_name(tree.codes.get(i, ""), tree.tasks[i].title) for i in ids if i in tree.tasks}
        self.endResetModel()

    def set_hours(self, hours: bool) -> None:
        if hours != self.hours:
            self.hours = hours
            if self.rowCount() and self.columnCount():
                self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def week(self, index: QModelIndex | QPersistentModelIndex) -> Week | None:
        if not index.isValid():
            return None
        return self.weeks.get((self.people[index.row()].name, self.mondays[index.column()]))

    # --- QAbstractTableModel ------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # overrides QAbstractItemModel.rowCount
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:  # overrides QAbstractItemModel.columnCount
        return 0 if parent.isValid() else len(self.mondays)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.headerData
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.mondays):
            monday = self.mondays[section]
            if role == Qt.ItemDataRole.DisplayRole:
                new_year = section == 0 or self.mondays[section - 1].year != monday.year  # the year said where it starts
                return f"W{monday.isocalendar()[1]:02d}\n" + (format_date(monday, self.lang) if new_year else f"{monday.month}/{monday.day}")
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate("WbsLoad", "Week {0}: {1} – {2}").format(monday.isocalendar()[1], format_date(monday, self.lang), format_date(monday + dt.timedelta(days=6), self.lang))
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.people):
            person = self.people[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return person.name
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate("WbsLoad", "{0}: {1} days a week at {2} %").format(person.name, person.days_per_week, person.percent)
            if role == Qt.ItemDataRole.FontRole and person.name in self.over.people:
                return self._bold
            if role == Qt.ItemDataRole.ForegroundRole and person.name in self.over.people:
                return QBrush(colours.current().over_text)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # overrides QAbstractItemModel.data
        week = self.week(index)
        if week is None:
            return None
        over = (week.person, week.monday) in self.over.cells
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(week)
        if role == Qt.ItemDataRole.BackgroundRole:
            scheme = colours.current()
            return QBrush(scheme.over_bg if over else scheme.loaded_bg)
        if role == Qt.ItemDataRole.ForegroundRole:
            scheme = colours.current()
            return QBrush(scheme.over_text if over else scheme.shade_text)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(week)
        return None

    def text(self, week: Week) -> str:
        if self.hours:
            return f"{week.hours:.1f} h".replace(".0 h", " h")
        return "—" if week.percent is None else f"{week.percent:.0f} %"

    def tooltip(self, week: Week) -> str:
        lines = [QCoreApplication.translate("WbsLoad", "{0}, week {1} (from {2})").format(week.person, week.week, format_date(week.monday, self.lang)),
                 QCoreApplication.translate("WbsLoad", "Work: {0:g} person-days ({1:g} h) of {2:g} available").format(round(week.days, 2), round(week.hours, 1), round(week.available, 2))]
        days = self.over.cells.get((week.person, week.monday))
        if days is not None:
            if week.over:
                lines.append(QCoreApplication.translate("WbsLoad", "More work than the person's availability this week"))
            for day in days:
                loaded = self.over.load.days[week.person][day]
                lines.append(QCoreApplication.translate("WbsLoad", "{0}: {1:g} person-days of work on one day").format(format_date(day, self.lang), round(loaded, 2)))
        lines.append(QCoreApplication.translate("WbsLoad", "Tasks:"))
        lines += [f"• {self.titles.get(i, i)}" for i in week.tasks]
        return "\n".join(lines)


class LoadPanel(QWidget):
    """The Load tab: the table and the unit (percent of availability or hours)."""

    def __init__(self, lang: Lang, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsLoadPanel")
        self.model = LoadModel(lang, self)
        self.table = QTableView()
        self.table.setObjectName("wbsLoadTable")
        self.table.setAccessibleName(self.tr("Load per person and week"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultSectionSize(self.fontMetrics().horizontalAdvance("100.0 h") + 16)
        self.percent = QRadioButton(self.tr("% of availability"))
        self.percent.setObjectName("wbsLoadPercent")
        self.hours = QRadioButton(self.tr("Hours"))
        self.hours.setObjectName("wbsLoadHours")
        self.percent.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.percent)
        group.addButton(self.hours)
        self.hours.toggled.connect(self.model.set_hours)
        self.note = QLabel()
        self.note.setObjectName("wbsLoadNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Show:")))
        row.addWidget(self.percent)
        row.addWidget(self.hours)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def show_load(self, people: list[Person], over: Overload, tree: WbsTree) -> None:
        self.model.show(people, over, tree)
        header, metrics = self.table.horizontalHeader(), self.table.horizontalHeader().fontMetrics()
        for section in range(self.model.columnCount()):  # a week that says its year is as wide as its date
            text = str(self.model.headerData(section, Qt.Orientation.Horizontal) or "")
            need = max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 16
            header.resizeSection(section, max(header.defaultSectionSize(), need))
        if not people:
            self.note.setText(self.tr("No people yet: add the project's people with “People…” and give tasks their names as owners."))
        elif not over.load.weeks:
            self.note.setText(self.tr("No scheduled task has one of the project's people as its owner."))
        else:
            self.note.setText(self.tr("Red: more work than the person gives the project that week, or two tasks on one of its days. "
                                      "{0} h a person-day.").format(HOURS_PER_DAY))
