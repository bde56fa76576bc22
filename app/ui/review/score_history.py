"""A small line chart of scores over named points: the baselines, then "now"."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QWidget

from app.ui.review.chart_base import (
    PAD,
    Chart,
    Colours,
    begin,
    bold_font,
    clean_label,
    draw_message,
    elide,
    number,
    small_font,
    to_float,
    with_alpha,
)


@dataclass
class HistoryGeometry:
    size: QSizeF
    message: str = ""
    plot: QRectF = field(default_factory=QRectF)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # y, text
    columns: list[tuple[float, str]] = field(default_factory=list)  # x, point name (elided)
    lines: list[list[QPointF | None]] = field(default_factory=list)  # per series, per point
    ends: list[tuple[QPointF, str]] = field(default_factory=list)  # each series' last value, written beside it
    legend: list[tuple[QRectF, QPointF, str]] = field(default_factory=list)  # swatch, text origin, name
    line_height: float = 0.0


class ScoreHistory(Chart[HistoryGeometry]):
    """A small line chart: the score at each named point (baselines, then "now"), one line per series, with a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewScoreHistory")
        self.points: list[str] = []
        self.series: list[tuple[str, list[float | None]]] = []
        self.maximum = 1.0
        self._retranslate()
        self._data_changed()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Score history"))

    def set_data(self, points: Sequence[Any], series: Sequence[tuple[Any, Sequence[Any]]], maximum: float | None = None) -> None:
        """``points`` names the columns (baseline names, then "now"); each series is (name, one value per point, None for none).

        The scale runs from 0 to ``maximum`` (values are clamped to it), or to a round number above the largest value.
        """
        self.points = [clean_label(p) for p in points]
        self.series = []
        for name, raw in series:
            values: list[float | None] = []
            for v in list(raw)[: len(self.points)]:
                f = to_float(v)
                values.append(None if not math.isfinite(f) and math.isnan(f) else f)
            values += [None] * (len(self.points) - len(values))
            self.series.append((clean_label(name), values))
        top = to_float(maximum)
        if not math.isfinite(top) or top <= 0:
            seen = [v for _n, vs in self.series for v in vs if v is not None and math.isfinite(v) and v > 0]
            top = _nice_ceiling(max(seen, default=1.0))
        self.maximum = top
        self.series = [(name, [None if v is None else min(max(v, 0.0), top) for v in vs]) for name, vs in self.series]
        self._data_changed()

    def sizeHint(self) -> QSize:  # overrides QWidget.sizeHint
        return QSize(420, 220)

    def minimumSizeHint(self) -> QSize:  # overrides QWidget.minimumSizeHint
        return QSize(220, 140)

    def _has_values(self) -> bool:
        return any(v is not None for _n, vs in self.series for v in vs)

    def _describe(self) -> str:
        if not self.points or not self._has_values():
            return self.tr("No data")
        parts = []
        for name, values in self.series:
            row = ", ".join(f"{point} {'-' if v is None else number(v)}" for point, v in zip(self.points, values, strict=True))
            parts.append(f"{name}: {row}")
        return "; ".join(parts)

    def _layout(self, size: QSizeF) -> HistoryGeometry:
        geometry = HistoryGeometry(size)
        if not self.points or not self._has_values():
            geometry.message = self.tr("No data")
            return geometry
        metrics, small = QFontMetricsF(self.font()), QFontMetricsF(small_font(self.font()))
        line = metrics.height()
        geometry.line_height = line
        # The legend: one row of swatches and names along the top.
        x, y = PAD, PAD
        for name in (n for n, _v in self.series):
            text_w = min(metrics.horizontalAdvance(name), size.width() * 0.4)
            if x + 16 + text_w > size.width() - PAD and x > PAD:
                x, y = PAD, y + line + 2
            geometry.legend.append((QRectF(x, y + line / 2 - 5, 10, 10), QPointF(x + 14, y + metrics.ascent()), elide(name, metrics, text_w)))
            x += 14 + text_w + 14
        step = _nice_step(self.maximum)
        ticks = [k * step for k in range(int(self.maximum / step + 1e-9) + 1)]
        if ticks[-1] < self.maximum - 1e-9:
            ticks.append(self.maximum)
        tick_w = max(small.horizontalAdvance(number(t)) for t in ticks)
        end_w = max(metrics.horizontalAdvance(number(v)) for _n, vs in self.series for v in vs if v is not None)
        plot = QRectF(PAD + tick_w + 6, y + line + 8, 0, 0)
        plot.setRight(size.width() - PAD - end_w - 8)
        plot.setBottom(size.height() - PAD - line - 4)
        if plot.width() < 10 or plot.height() < 10:
            plot = QRectF(plot.left(), plot.top(), max(10.0, plot.width()), max(10.0, plot.height()))
        geometry.plot = plot

        def y_of(v: float) -> float:
            return plot.bottom() - plot.height() * v / self.maximum

        geometry.ticks = [(y_of(t), number(t)) for t in ticks]
        slot = plot.width() / len(self.points)
        xs = [plot.left() + slot * (i + 0.5) for i in range(len(self.points))]
        geometry.columns = [(x, elide(name, metrics, slot - 4)) for x, name in zip(xs, self.points, strict=True)]
        for _name, values in self.series:
            points = [None if v is None else QPointF(x, y_of(v)) for x, v in zip(xs, values, strict=True)]
            geometry.lines.append(points)
            last = next((i for i in range(len(values) - 1, -1, -1) if values[i] is not None), None)
            if last is not None:
                p, v = points[last], values[last]
                assert p is not None and v is not None
                geometry.ends.append((QPointF(p.x() + 7, p.y() + metrics.ascent() / 2 - 1), number(v)))
        return geometry

    def point_at(self, series: int, index: int) -> QPointF | None:
        """Where series ``series``'s value at point ``index`` is drawn (None: no value there)."""
        found = self.geometry_now().lines[series][index]
        return None if found is None else QPointF(found)

    def _draw(self, painter: QPainter, geometry: HistoryGeometry, palette: Colours) -> None:
        begin(painter, geometry.size, palette)
        if geometry.message:
            draw_message(painter, QRectF(QPointF(0, 0), geometry.size), geometry.message, palette)
            return
        plot, line = geometry.plot, geometry.line_height
        font = self.font()
        painter.setFont(small_font(font))
        for y, text in geometry.ticks:
            painter.setPen(QPen(palette.grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(palette.muted)
            painter.drawText(QRectF(PAD, y - line / 2, plot.left() - 6 - PAD, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setFont(font)
        painter.setPen(palette.text)
        for x, name in geometry.columns:
            slot = plot.width() / max(1, len(geometry.columns))
            painter.drawText(QRectF(x - slot / 2, plot.bottom() + 4, slot, line), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)
        for k, points in enumerate(geometry.lines):
            colour = palette.series[k % len(palette.series)]
            solid = QPen(colour, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
            dotted = QPen(with_alpha(colour, 0.6), 1.5, Qt.PenStyle.DotLine)  # across points without a value
            present = [(i, p) for i, p in enumerate(points) if p is not None]
            for (i, a), (j, b) in zip(present, present[1:], strict=False):
                painter.setPen(solid if j == i + 1 else dotted)
                painter.drawLine(a, b)
            painter.setPen(QPen(palette.background, 1.5))
            painter.setBrush(colour)
            for p in points:
                if p is not None:
                    painter.drawEllipse(p, 4.0, 4.0)
        painter.setFont(bold_font(font))
        for k, (origin, text) in enumerate(geometry.ends):
            painter.setPen(palette.series[k % len(palette.series)])
            painter.drawText(origin, text)
        painter.setFont(font)
        for k, (swatch, origin, name) in enumerate(geometry.legend):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.series[k % len(palette.series)])
            painter.drawRoundedRect(swatch, 2, 2)
            painter.setPen(palette.text)
            painter.drawText(origin, name)

    def _tooltip(self, geometry: HistoryGeometry, pos: QPointF) -> str:
        if geometry.message or not geometry.plot.adjusted(0, -8, 0, 24).contains(pos):
            return ""
        index = min(range(len(geometry.columns)), key=lambda i: abs(geometry.columns[i][0] - pos.x()))
        rows = [self.points[index]]
        for name, values in self.series:
            v = values[index]
            rows.append(f"{name}: {'-' if v is None else number(v)}")
        return "\n".join(rows)


def _nice_step(top: float) -> float:
    """A round step giving about four or five grid lines up to ``top``."""
    if top == int(top) and top <= 10:
        return 1.0 if top <= 5 else 2.0
    rough = top / 4
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def _nice_ceiling(value: float) -> float:
    """The round number at or above ``value`` the scale ends at (5 for 4.2, 50 for 42, 1 for 0.3)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value - 1e-12)
