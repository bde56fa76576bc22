"""Read-only table models over the computed system plan: capacity per process, and the cost totals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QWidget

from app.core.content.model import Item
from app.core.i18n import Lang
from app.hearing.model import format_cell
from app.system_planning.capacity import CapacityResult, duration, exact_text, money, num, share, versus
from app.system_planning.cost_estimate import CostSummary
from app.system_planning.service import ProcessLine, SystemPlan
from app.system_planning.text import flag_message
from app.ui.widgets import colours

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1


class CapacityModel(QAbstractTableModel):
    """One row per process of the process-flow table with what the calculator made of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[ProcessLine] = []
        self.item: Item | None = None
        self.lang: Lang = "ja"

    def set_plan(self, plan: SystemPlan, item: Item | None, lang: Lang) -> None:
        self.beginResetModel()
        self.lines, self.item, self.lang = list(plan.processes), item, lang
        self.endResetModel()

    # Column order: what a reader scans first (the verdict, the count and the money) comes first.
    COLUMNS = ("process", "verdict", "machine", "instances", "required", "cost", "run", "latency", "hours", "throughput", "time")

    def headers(self) -> dict[str, str]:
        return {
            "process": self.tr("Process"), "verdict": self.tr("Verdict"), "machine": self.tr("Machine type"),
            "instances": self.tr("Instances"), "required": self.tr("Required"), "cost": self.tr("Per month"),
            "run": self.tr("Run time / utilisation (target)"), "latency": self.tr("Latency (ms)"),
            "hours": self.tr("Hours / month"), "throughput": self.tr("Required /s"), "time": self.tr("Processing time"),
        }

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers()[self.COLUMNS[section]] if 0 <= section < len(self.COLUMNS) else None
        return section + 1

    def result(self, row: int) -> CapacityResult | None:
        return self.lines[row].result if 0 <= row < len(self.lines) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines)) or not (0 <= index.column() < len(self.COLUMNS)):
            return None
        line = self.lines[index.row()]
        r = line.result
        key = self.COLUMNS[index.column()]
        if role == RowRole:
            return line.row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "verdict":
            scheme = colours.current()
            return QBrush(scheme.warning if r.problems else scheme.pending if not r.complete else scheme.success)
        if role == Qt.ItemDataRole.ToolTipRole and r.flags:
            return "\n".join(flag_message(f, self.lang, self.item) for f in r.flags)
        if role == Qt.ItemDataRole.TextAlignmentRole and key not in ("process", "verdict", "machine"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, line: ProcessLine, key: str) -> str:
        r = line.result
        match key:
            case "process":
                name = r.spec.name or self.tr("Row {0}").format(line.row)
                mode = self._mode(r.spec.mode)
                return f"{name} ({mode})" if mode else name
            case "verdict":
                if r.problems:
                    return "⚠ " + self.tr("Cannot be met") + ": " + flag_message(r.problems[0], self.lang, self.item)
                if r.flags:
                    return self.tr("Incomplete") + ": " + flag_message(r.flags[0], self.lang, self.item)
                return self._ok_reason(r)
            case "machine":
                return r.spec.instance_type
            case "throughput":
                return num(r.required_throughput) if r.required_throughput is not None else ""
            case "required":
                return num(r.instances_required) if r.instances_required is not None else ""
            case "instances":
                return num(r.instances) if r.instances is not None else ""
            case "run":
                if r.run_hours is not None:
                    return f"{num(r.run_hours)} h"
                if r.utilisation is None:
                    return ""
                return f"{r.utilisation:.0%} ({share(r.target_utilisation)})" if r.target_utilisation is not None else f"{r.utilisation:.0%}"
            case "time":
                t = r.spec.processing_time_s
                return duration(t, r.spec.time_unit) if isinstance(t, int | float) and not isinstance(t, bool) else ""
            case "latency":
                return num(r.latency_ms) if r.latency_ms is not None else ""
            case "hours":
                return exact_text(r.monthly_hours) if r.monthly_hours is not None else ""  # the hours the cost is of
            case "cost":
                return money(r.monthly_cost, r.price.currency) if r.price and r.monthly_cost is not None else ""
        return ""

    def _ok_reason(self, r: CapacityResult) -> str:
        """Why the verdict is OK, in numbers the reader can check against the formulas."""
        if r.utilisation is not None and r.target_utilisation is not None:
            return self.tr("OK: {0} at peak, target {1}; one spare (N+1)").format(*versus(r.utilisation, r.target_utilisation))
        if r.run_hours is not None and r.spec.batch_window_h is not None:
            return self.tr("OK: a run takes {0} h within the {1} h window").format(num(r.run_hours), num(r.spec.batch_window_h))
        return self.tr("OK")

    def _mode(self, mode: str | None) -> str:
        if not mode or self.item is None:
            return ""
        column = next((c for c in self.item.columns if c.id == "mode"), None)
        return format_cell(column, mode, self.lang) if column else mode


class CostSummaryModel(QAbstractTableModel):
    """The cost totals: one-off, per month and per year for each line, in the estimate's currency."""

    KEYS = (
        "initial_infrastructure", "initial_effort", "initial_total", "running_infrastructure", "running_capacity",
        "running_effort", "retraining", "running_total", "first_year", "business_value", "net",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: CostSummary | None = None
        self.rows_: list[tuple[str, float | None, float | None, float | None]] = []

    def set_summary(self, summary: CostSummary) -> None:
        self.beginResetModel()
        self.summary = summary
        s = summary
        capacity = s.running_capacity
        rows = [
            (self.tr("Initial infrastructure"), s.initial_infrastructure, None, None),
            (self.tr("Initial development effort"), s.initial_effort, None, None),
            (self.tr("Initial total"), s.initial_total, None, None),
            (self.tr("Running infrastructure (table)"), None, s.running_infrastructure, s.running_infrastructure * 12),
            (self.tr("Running infrastructure (calculator)"), None, capacity, capacity * 12 if capacity is not None else None),
            (self.tr("Running development effort"), None, s.running_effort, s.running_effort * 12),
            (self.tr("Retraining"), None, s.retraining_monthly, s.retraining_monthly * 12),
            (self.tr("Running total"), None, s.running_monthly, s.running_yearly),
            (self.tr("First-year total"), s.first_year_total, None, None),
        ]
        if s.business_value is not None:
            rows.append((self.tr("Expected business value"), None, s.business_value, s.business_value * 12))
            rows.append((self.tr("Net benefit"), None, s.net_monthly, (s.net_monthly or 0.0) * 12))
        self.rows_ = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows_)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("Line"), self.tr("One-off"), self.tr("Per month"), self.tr("Per year"))
        return titles[section] if 0 <= section < 4 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows_)) or self.summary is None:
            return None
        label, *amounts = self.rows_[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return label
            value = amounts[index.column() - 1]
            return money(value, self.summary.currency) if value is not None else ""
        if role == Qt.ItemDataRole.UserRole and index.column() > 0:
            return amounts[index.column() - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() in self._total_rows():
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and index.column() > 0:
            value = amounts[index.column() - 1]
            if value is not None and value < 0:
                return QBrush(colours.current().warning)
        return None

    def _total_rows(self) -> set[int]:
        return {2, 7, 8}

    def amount(self, label_row: int, column: int) -> float | None:
        """The number behind a cell (tests and exports read it without parsing text)."""
        if not (0 <= label_row < len(self.rows_)) or not (1 <= column <= 3):
            return None
        return self.rows_[label_row][1:][column - 1]  # the amounts after the label


class ReadOnlyProxy(QIdentityProxyModel):
    """Shows a table model without letting anything be edited or ticked (linked answers)."""

    def flags(self, index: Index) -> Qt.ItemFlag:  # overrides QIdentityProxyModel.flags
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # overrides QIdentityProxyModel.setData
        return False
