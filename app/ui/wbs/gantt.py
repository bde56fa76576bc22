"""A simple Gantt chart beside the WBS tree: one bar per visible row, aligned with the tree's rows.

It paints only the rows the tree shows on screen (walking ``indexBelow`` from the top visible
row), so it stays fast with thousands of tasks. Weekends, Japanese holidays and the company's holidays are shaded.
Tasks on the critical path (the model's last analysis, :mod:`app.wbs.analysis.critical`) are drawn in red.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygon,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollBar, QToolTip, QTreeView, QVBoxLayout, QWidget

from app.core.demo_source import app_today
from app.core.i18n import FIRST_DATE, LAST_DATE, format_date
from app.ui.error_text import ui_lang
from app.ui.wbs.model import WbsModel
from app.wbs.tracking.baselines import Baseline
from app.wbs.tracking.earned_value import slippage
from app.wbs.workdays import NATIONAL, Calendar

BAR = QColor("#4f81bd")
BAR_DONE = QColor("#9bbb59")
CRITICAL = QColor("#e0533f")  # a task bar on the critical path (not done yet)
SUMMARY = QColor("#1f3864")
MILESTONE = QColor("#c00000")
OFF_DAY = QColor("#f1f1f1")
TODAY = QColor("#e06666")
GRID = QColor("#d9d9d9")
LINK = QColor("#7f7f7f")
BASELINE = QColor("#a6a6a6")
OVER = QColor("#c00000")  # the outline and hatching of an over-allocated task's bar


class GanttView(QWidget):
    """Draws bars for the rows visible in ``tree`` (whose model is a proxy over ``source``)."""

    def __init__(self, tree: QTreeView, source: WbsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wbsGantt")
        self.setAccessibleName(self.tr("Gantt chart"))
        self.tree = tree
        self.source = source
        self.day_width = 7
        self.calendar: Calendar = NATIONAL  # the page sets the one with the company holidays
        self.baseline: Baseline | None = None  # drawn as thin grey bars under the current ones
        self.over: dict[int, str] = {}  # over-allocated tasks (id -> who, which week): outlined and hatched
        self.canvas = _Canvas(self)
        self.scroll_bar = QScrollBar(Qt.Orientation.Horizontal, self)  # not self.scroll: that is QWidget.scroll()
        self.scroll_bar.setObjectName("wbsGanttScroll")
        self.scroll_bar.valueChanged.connect(self.canvas.update)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.scroll_bar)
        self.origin = app_today()
        self.days = 90
        self._extent_of: object = None  # the roll-ups self._extent was worked out from
        self._extent = (self.origin, self.origin)
        tree.verticalScrollBar().valueChanged.connect(self.canvas.update)
        tree.expanded.connect(self.canvas.update)
        tree.collapsed.connect(self.canvas.update)
        model = tree.model()
        for signal in (model.dataChanged, model.layoutChanged, model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.refresh)

    def refresh(self, *_args) -> None:
        """The date range from the tasks' dates, then a repaint (Qt paints once for many updates).

        Every model signal lands here (an undo of a schedule sends thousands); the range is
        worked out again only when the roll-ups changed (the model replaces them on every change).
        """
        rollups = self.source.rollups
        if rollups is not self._extent_of:
            self._extent_of = rollups
            starts = [r.start for r in rollups.values() if r.start]
            finishes = [r.finish for r in rollups.values() if r.finish]
            if starts and finishes:
                first, last = min(starts), max(finishes)
            else:
                first = last = app_today()
            # Within the dates a plan holds: a date stored before they were checked (0001/01/01) is
            # drawn off the chart's edge, never a range Python's dates cannot count.
            first, last = max(first, FIRST_DATE), min(max(last, first), LAST_DATE)
            self._extent = (min(first, last), last)
        first, last = self._extent
        self.origin = first - dt.timedelta(days=first.weekday() + 7)
        self.days = (last - self.origin).days + 21
        self.scroll_bar.setRange(0, max(0, self.days * self.day_width - self.canvas.width()))
        self.scroll_bar.setPageStep(max(1, self.canvas.width()))
        self.canvas.update()

    def resizeEvent(self, event) -> None:  # overrides QWidget.resizeEvent
        super().resizeEvent(event)
        self.refresh()

    def x_of(self, day: dt.date) -> int:
        return (day - self.origin).days * self.day_width - self.scroll_bar.value()

    def zoom(self, steps: int) -> None:
        self.day_width = max(2, min(30, self.day_width + steps))
        self.refresh()

    def header_height(self) -> int:
        """The band above the first row: the tree's header, so the bars line up with the rows."""
        return self.tree.viewport().mapTo(self.tree, QPoint(0, 0)).y()

    def week_labels(self, fm: QFontMetrics, width: int) -> list[tuple[QRect, str]]:
        """(rectangle, text) of the date labels in the header band of a canvas ``width`` wide.

        A label names the Monday it starts at. Zoomed out, a week is narrower than a label: then
        every second (third, ...) week has one, the same weeks while scrolling, so none overlap.
        The first label read whole and the first of each new year say the year, as dates are written
        elsewhere in the window (2026/12/28 in Japanese, 2026-12-28 in English); the others 12/28. A
        label that a dated one's longer text would overlap is left out.
        """
        week = 7 * self.day_width
        step = max(1, math.ceil((fm.horizontalAdvance("12/28") + 6) / week))  # weeks per label
        height = self.header_height()
        lang = ui_lang()
        labels: list[tuple[QRect, str]] = []
        year: int | None = None  # the year the labels read so far are in
        free = -math.inf  # where the next label may start, after the text before it
        monday = self.origin + dt.timedelta(days=max(0, self.scroll_bar.value() // self.day_width) // 7 * 7)
        while (x := self.x_of(monday)) < width:
            if (monday - self.origin).days // 7 % step == 0 and x + week * step > 0 and x + 2 >= free:
                whole = x + 2 >= 0  # (one cut by the left edge is not read: the next says the year)
                text = format_date(monday, lang) if whole and monday.year != year else f"{monday.month}/{monday.day}"
                rect = QRect(x + 2, 0, max(week * step - 4, fm.horizontalAdvance(text) + 2), height)
                labels.append((rect, text))
                free = rect.left() + rect.width() + 4
                if whole:
                    year = monday.year
            monday += dt.timedelta(days=7)
        return labels

    def visible_rows(self) -> list[tuple[QModelIndex, QRect]]:
        """(proxy index, row rectangle in the tree viewport) for every row on screen."""
        rows = []
        index = self.tree.indexAt(QPoint(1, 1))
        height = self.tree.viewport().height()
        while index.isValid():
            rect = self.tree.visualRect(index)
            if rect.top() > height:
                break
            rows.append((index, rect))
            index = self.tree.indexBelow(index)
        return rows


    def bars(self) -> dict[int, Bar]:
        """The bar of every task on screen, in canvas coordinates (rows without dates have none)."""
        top = self.header_height()
        proxy = self.tree.model()
        critical = self.source.critical.critical
        result = {}
        for index, rect in self.visible_rows():
            source_index = proxy.mapToSource(index) if hasattr(proxy, "mapToSource") else index
            task = self.source.task(source_index)
            if task is None:
                continue
            y, h = rect.top() + top, rect.height()
            if y + h < top:
                continue
            rolled = self.source.rollups.get(task.id)
            if rolled is None or not rolled.start or not rolled.finish:
                continue
            summary = self.source.tree.has_children(task.id)
            kind = "summary" if summary else "milestone" if task.milestone else "task"
            x1 = self.x_of(rolled.start)
            x2 = x1 + self.day_width if kind == "milestone" else self.x_of(rolled.finish) + self.day_width
            estimate = task.estimate_days
            if kind == "task" and rolled.start == rolled.finish and estimate is not None and 0 < estimate < 1:
                x2 = x1 + max(3, round(self.day_width * estimate))  # a part of a day: that part of the day's width
            result[task.id] = Bar(x1, x2, y, h, kind, kind == "task" and task.id in critical)
        return result

    def baseline_bars(self, bars: dict[int, Bar]) -> dict[int, QRect]:
        """The chosen baseline's bar of every task on screen: thin, at the bottom of its row."""
        if self.baseline is None:
            return {}
        result = {}
        for task_id, bar in bars.items():
            planned = self.baseline.tasks.get(self.source.tree.tasks[task_id].uid)
            if planned is None or planned.start is None or planned.finish is None:
                continue
            x1, x2 = self.x_of(planned.start), self.x_of(planned.finish) + self.day_width
            result[task_id] = QRect(x1, bar.y + bar.h - 4, max(2, x2 - x1), 3)
        return result

    def tooltip_at(self, y: int) -> str:
        """The tooltip of the row at canvas height ``y``: the task's dates, its baseline's and the slippage."""
        for task_id, bar in self.bars().items():
            if bar.y <= y < bar.y + bar.h:
                task, lang = self.source.tree.tasks[task_id], self.source.lang
                rolled = self.source.rollups[task_id]
                lines = [task.title, self.tr("Dates: {0} – {1}").format(_day(rolled.start, lang), _day(rolled.finish, lang))]
                planned = self.baseline.tasks.get(task.uid) if self.baseline is not None else None
                if self.baseline is not None and planned is None:
                    lines.append(self.tr("Not in baseline “{0}”").format(self.baseline.name))
                elif self.baseline is not None and planned is not None:
                    lines.append(self.tr("Baseline “{0}”: {1} – {2}").format(self.baseline.name, _day(planned.start, lang), _day(planned.finish, lang)))
                    slip = slippage(rolled.finish, planned.finish, self.calendar)
                    if slip is not None:
                        lines.append(self.tr("Slippage: {0:+d} working days").format(slip))
                if task_id in self.over:
                    lines.append(self.over[task_id])
                return "\n".join(lines)
        return ""

    def links(self, bars: dict[int, Bar] | None = None) -> list[tuple[Bar, Bar]]:
        """Finish-to-start links between tasks that are both on screen: (predecessor's bar, successor's bar)."""
        bars = self.bars() if bars is None else bars
        result = []
        for task_id, bar in bars.items():
            for dependency in self.source.tree.tasks[task_id].dependencies:
                before = bars.get(dependency.predecessor_id)
                if before is not None:
                    result.append((before, bar))
        return result


def _day(day: dt.date | None, lang: str) -> str:
    return format_date(day, lang) if day else "-"


@dataclass(frozen=True)
class Bar:
    x1: int
    x2: int
    y: int  # the row's top
    h: int  # the row's height
    kind: str  # task | summary | milestone
    critical: bool = False  # a task on the critical path


class _Canvas(QWidget):
    def __init__(self, view: GanttView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("wbsGanttCanvas")
        self.setMinimumWidth(200)

    def wheelEvent(self, event: QWheelEvent) -> None:  # overrides QWidget.wheelEvent
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.view.zoom(1 if event.angleDelta().y() > 0 else -1)
        elif event.angleDelta().x() or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            delta = event.angleDelta().x() or event.angleDelta().y()
            self.view.scroll_bar.setValue(self.view.scroll_bar.value() - delta)
        else:
            self.view.tree.verticalScrollBar().setValue(self.view.tree.verticalScrollBar().value() - event.angleDelta().y() // 40)

    def event(self, event: QEvent) -> bool:  # overrides QWidget.event
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.view.tooltip_at(event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # overrides QWidget.paintEvent
        view = self.view
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        header = view.header_height()
        width = self.width()
        dw = view.day_width
        first_day = view.origin + dt.timedelta(days=max(0, view.scroll_bar.value() // dw))
        day = first_day
        # Off days and the week grid.
        while view.x_of(day) < width:
            x = view.x_of(day)
            if not view.calendar.is_working_day(day):
                painter.fillRect(QRect(x, header, dw, self.height() - header), OFF_DAY)
            if day.weekday() == 0:
                painter.setPen(QPen(GRID))
                painter.drawLine(x, 0, x, self.height())
            day += dt.timedelta(days=1)
        painter.setPen(QPen(QColor("#404040")))
        for rect, text in view.week_labels(painter.fontMetrics(), width):
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.setPen(QPen(GRID))
        painter.drawLine(0, header - 1, width, header - 1)
        today = app_today()
        bars = view.bars()
        for rect in view.baseline_bars(bars).values():
            painter.fillRect(rect, BASELINE)
        for task_id, bar in bars.items():
            x1, x2, y, h = bar.x1, bar.x2, bar.y, bar.h
            if bar.kind == "milestone":
                cx, cy, r = x1 + dw // 2, y + h // 2, max(4, h // 3)
                painter.setBrush(MILESTONE)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawPolygon(QPolygon([QPoint(cx, cy - r), QPoint(cx + r, cy), QPoint(cx, cy + r), QPoint(cx - r, cy)]))
            elif bar.kind == "summary":
                painter.fillRect(QRect(x1, y + h // 2 - 3, max(2, x2 - x1), 6), SUMMARY)
            else:
                done = view.source.tree.tasks[task_id].status.value == "done"
                rect = QRect(x1, y + 4, max(3, x2 - x1), max(4, h - 8))
                painter.fillRect(rect, BAR_DONE if done else CRITICAL if bar.critical else BAR)
                if task_id in view.over:
                    painter.setPen(QPen(OVER, 2))
                    painter.setBrush(QBrush(OVER, Qt.BrushStyle.BDiagPattern))
                    painter.drawRect(rect.adjusted(0, 0, -1, -1))
        self._paint_links(painter, view.links(bars))
        x = view.x_of(today)
        painter.setPen(QPen(TODAY, 1, Qt.PenStyle.DashLine))
        painter.drawLine(x + dw // 2, header, x + dw // 2, self.height())
        painter.end()

    def _paint_links(self, painter: QPainter, links: list[tuple[Bar, Bar]]) -> None:
        """From the predecessor's end to the successor's start, with an arrowhead (as planning tools draw them)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(LINK, 1))
        painter.setBrush(LINK)
        for before, after in links:
            start = QPoint(before.x2, before.y + before.h // 2)
            target_y = after.y + after.h // 2
            if after.x1 - start.x() >= 8:  # room to come in from the left: one elbow, arrow pointing right
                bend = after.x1 - 6
                painter.drawPolyline(QPolygon([start, QPoint(bend, start.y()), QPoint(bend, target_y), QPoint(after.x1, target_y)]))
                tip, back = QPoint(after.x1, target_y), (-5, 0)
            else:  # it starts right after (or before) the end: drop onto the bar's top or bottom edge
                x = max(start.x() + 3, after.x1 + 3)
                below = target_y > start.y()
                edge = after.y + 4 if below else after.y + after.h - 4
                painter.drawPolyline(QPolygon([start, QPoint(x, start.y()), QPoint(x, edge)]))
                tip, back = QPoint(x, edge), (0, -5 if below else 5)
            bx, by = tip.x() + back[0], tip.y() + back[1]
            side = (0, 3) if back[1] == 0 else (3, 0)
            painter.drawPolygon(QPolygon([tip, QPoint(bx + side[0], by + side[1]), QPoint(bx - side[0], by - side[1])]))
