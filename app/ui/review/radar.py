"""A radar (spider) chart of scores out of their maxima, with an optional second series drawn dashed."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.ui.review.chart_base import (
    PAD,
    Chart,
    Colours,
    Item,
    begin,
    bold_font,
    clean_item,
    clean_items,
    clean_label,
    draw_message,
    number,
    small_font,
    with_alpha,
    wrap,
)


@dataclass
class RadarGeometry:
    size: QSizeF
    message: str = ""  # set: no chart, this text instead
    center: QPointF = field(default_factory=QPointF)
    radius: float = 0.0
    spokes: list[QPointF] = field(default_factory=list)  # each axis's outer end
    rings: list[QPolygonF] = field(default_factory=list)
    ring_labels: list[tuple[QPointF, str]] = field(default_factory=list)
    polygon: QPolygonF = field(default_factory=QPolygonF)
    polygon2: QPolygonF | None = None
    labels: list[tuple[QRectF, list[str], str, Qt.AlignmentFlag]] = field(default_factory=list)  # rect, lines, value, alignment
    legend: list[tuple[QLineF, QPointF, str, bool]] = field(default_factory=list)  # sample line, text origin, name, dashed
    line_height: float = 0.0


class RadarChart(Chart[RadarGeometry]):
    """A radar (spider) chart: one axis per (label, value, maximum), an optional second series drawn dashed.

    Three to eight axes read well; fewer than three show a message instead of a picture.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewRadar")
        self.items: list[Item] = []
        self.items2: list[Item] | None = None
        self.names: tuple[str, str] = ("", "")
        self._retranslate()
        self._data_changed()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Radar chart"))

    def set_data(self, axes: Sequence[Sequence[Any]], series2: Sequence[Any] | None = None, names: Sequence[str] | None = None) -> None:
        """Axes as (label, value, maximum); ``series2`` one value per axis (same maxima), e.g. the target or a baseline.

        ``names`` labels the two series in the legend (shown when there is a second series).
        """
        self.items = clean_items(axes)
        self.items2 = None
        if series2 is not None:
            values = list(series2) + [None] * max(0, len(self.items) - len(series2))
            self.items2 = [clean_item(item.label, value, item.maximum) for item, value in zip(self.items, values, strict=False)]
        given = [clean_label(n) for n in (names or ())] + ["", ""]
        self.names = (given[0] or self.tr("Now"), given[1] or self.tr("Target"))
        self._data_changed()

    def sizeHint(self) -> QSize:  # overrides QWidget.sizeHint
        return QSize(440, 360)

    def minimumSizeHint(self) -> QSize:  # overrides QWidget.minimumSizeHint
        return QSize(260, 220)

    def _describe(self) -> str:
        if not self.items:
            return self.tr("No data")
        text = ", ".join(f"{item.label} {item.text()}" for item in self.items)
        if self.items2 is None:
            return text
        other = ", ".join(f"{item.label} {item.text()}" for item in self.items2)
        return f"{self.names[0]}: {text}; {self.names[1]}: {other}"

    def _layout(self, size: QSizeF) -> RadarGeometry:
        geometry = RadarGeometry(size)
        n = len(self.items)
        if n == 0:
            geometry.message = self.tr("No data")
            return geometry
        if n < 3:
            geometry.message = self.tr("A radar chart needs at least three axes")
            return geometry
        font, bold = self.font(), bold_font(self.font())
        metrics, bold_metrics = QFontMetricsF(font), QFontMetricsF(bold)
        line = metrics.height()
        geometry.line_height = line
        bottom = size.height() - PAD
        if self.items2 is not None:  # the legend takes a row along the bottom
            bottom -= line + 4
            self._layout_legend(geometry, metrics, size, bottom + 4 + line / 2)
        top, width = PAD, size.width()
        label_width = min(170.0, max(56.0, width * 0.24))
        blocks = []
        for item in self.items:
            lines = wrap(item.label, font, label_width)
            value = item.text()
            block_w = max([metrics.horizontalAdvance(t) for t in lines] + [bold_metrics.horizontalAdvance(value)])
            blocks.append((lines, value, block_w, line * (len(lines) + 1)))
        gap = 8.0
        cx, half_w = width / 2, width / 2 - PAD
        angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

        def fit(cy: float) -> float:
            """The largest radius whose web and labels fit with the centre at height ``cy``."""
            radius = min(half_w, cy - top, bottom - cy) - gap
            for angle, (_lines, _value, bw, bh) in zip(angles, blocks, strict=True):
                c, s = math.cos(angle), math.sin(angle)
                need_x = bw if abs(c) > 0.25 else bw / 2
                need_y = bh if abs(s) > 0.25 else bh / 2
                if abs(c) > 0.01:
                    radius = min(radius, (half_w - need_x) / abs(c) - gap)
                if s < -0.01:
                    radius = min(radius, (cy - top - need_y) / -s - gap)
                elif s > 0.01:
                    radius = min(radius, (bottom - cy - need_y) / s - gap)
            return radius

        # An odd number of axes leaves more room below the centre than above: the centre moves to
        # where the web can be largest (the fit is the least of straight lines in cy, so one peak).
        low, high = top, bottom
        for _step in range(40):
            a, b = low + (high - low) / 3, high - (high - low) / 3
            if fit(a) < fit(b):
                low = a
            else:
                high = b
        cy = (low + high) / 2
        radius = fit(cy)
        radius = max(radius, 16.0)
        center = QPointF(cx, cy)
        geometry.center, geometry.radius = center, radius

        def at(i: int, r: float) -> QPointF:
            return QPointF(cx + r * math.cos(angles[i]), cy + r * math.sin(angles[i]))

        geometry.spokes = [at(i, radius) for i in range(n)]
        levels, ring_texts = _rings(self.items)
        for k in range(1, levels + 1):
            geometry.rings.append(QPolygonF([at(i, radius * k / levels) for i in range(n)]))
            point = at(0, radius * k / levels)  # beside the top spoke, clear of the dot drawn on it
            geometry.ring_labels.append((QPointF(point.x() + 7, point.y() + line * 0.3), ring_texts[k - 1]))
        geometry.polygon = QPolygonF([at(i, radius * item.ratio) for i, item in enumerate(self.items)])
        if self.items2 is not None:
            geometry.polygon2 = QPolygonF([at(i, radius * item.ratio) for i, item in enumerate(self.items2)])
        for i, (lines, value, bw, bh) in enumerate(blocks):
            c, s = math.cos(angles[i]), math.sin(angles[i])
            anchor = at(i, radius + gap)
            if c > 0.25:
                x, align = anchor.x(), Qt.AlignmentFlag.AlignLeft
            elif c < -0.25:
                x, align = anchor.x() - bw, Qt.AlignmentFlag.AlignRight
            else:
                x, align = anchor.x() - bw / 2, Qt.AlignmentFlag.AlignHCenter
            y = anchor.y() - bh if s < -0.25 else anchor.y() if s > 0.25 else anchor.y() - bh / 2
            geometry.labels.append((QRectF(x, y, bw, bh), lines, value, align))
        return geometry

    def _layout_legend(self, geometry: RadarGeometry, metrics: QFontMetricsF, size: QSizeF, y: float) -> None:
        sample = 22.0
        widths = [sample + 6 + metrics.horizontalAdvance(name) for name in self.names]
        x = (size.width() - sum(widths) - 16) / 2
        for (name, w), dashed in zip(zip(self.names, widths, strict=True), (False, True), strict=True):
            geometry.legend.append((QLineF(x, y, x + sample, y), QPointF(x + sample + 6, y + metrics.ascent() / 2 - 1), name, dashed))
            x += w + 16

    def _draw(self, painter: QPainter, geometry: RadarGeometry, palette: Colours) -> None:
        begin(painter, geometry.size, palette)
        if geometry.message:
            draw_message(painter, QRectF(QPointF(0, 0), geometry.size), geometry.message, palette)
            return
        main, other = palette.series[0], palette.series[1]
        painter.setPen(QPen(palette.grid, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for ring in geometry.rings:
            painter.drawPolygon(ring)
        for spoke in geometry.spokes:
            painter.drawLine(geometry.center, spoke)
        painter.setFont(small_font(self.font()))
        painter.setPen(palette.muted)
        for point, text in geometry.ring_labels:
            painter.drawText(point, text)
        painter.setPen(QPen(main, 2))
        painter.setBrush(with_alpha(main, 0.28))
        painter.drawPolygon(geometry.polygon)
        if geometry.polygon2 is not None:
            pen = QPen(other, 2, Qt.PenStyle.DashLine)
            pen.setDashPattern([4, 3])
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(geometry.polygon2)
        painter.setPen(QPen(palette.background, 1.5))
        painter.setBrush(main)
        for i in range(geometry.polygon.size()):
            painter.drawEllipse(geometry.polygon.at(i), 4.0, 4.0)
        font, bold = self.font(), bold_font(self.font())
        line = geometry.line_height
        for rect, lines, value, align in geometry.labels:
            painter.setFont(font)
            painter.setPen(palette.text)
            for k, text in enumerate(lines):
                painter.drawText(QRectF(rect.x(), rect.y() + k * line, rect.width(), line), align | Qt.AlignmentFlag.AlignVCenter, text)
            painter.setFont(bold)
            painter.setPen(main)
            painter.drawText(QRectF(rect.x(), rect.y() + len(lines) * line, rect.width(), line), align | Qt.AlignmentFlag.AlignVCenter, value)
        painter.setFont(font)
        for sample, origin, name, dashed in geometry.legend:
            pen = QPen(other if dashed else main, 2, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            if dashed:
                pen.setDashPattern([4, 3])
            painter.setPen(pen)
            painter.drawLine(sample)
            painter.setPen(palette.text)
            painter.drawText(origin, name)

    def _tooltip(self, geometry: RadarGeometry, pos: QPointF) -> str:
        if geometry.message or not geometry.spokes:
            return ""
        hit = next((i for i, (rect, *_rest) in enumerate(geometry.labels) if rect.adjusted(-4, -4, 4, 4).contains(pos)), None)
        if hit is None:
            dx, dy = pos.x() - geometry.center.x(), pos.y() - geometry.center.y()
            if math.hypot(dx, dy) > geometry.radius + 12:
                return ""
            n = len(geometry.spokes)
            step = 2 * math.pi / n
            hit = round(((math.atan2(dy, dx) + math.pi / 2) % (2 * math.pi)) / step) % n
        item = self.items[hit]
        if self.items2 is None:
            return f"{item.label}: {item.text()}"
        return f"{item.label}\n{self.names[0]}: {item.text()}\n{self.names[1]}: {self.items2[hit].text()}"


def _rings(items: list[Item]) -> tuple[int, list[str]]:
    """How many grid rings and their numbers: one per point of a common small whole maximum (1..5), else quarters."""
    maxima = {item.maximum for item in items}
    if len(maxima) == 1:
        top = maxima.pop()
        if top == int(top) and 2 <= top <= 10:
            return int(top), [str(k) for k in range(1, int(top) + 1)]
        return 4, [number(top * k / 4) for k in range(1, 5)]
    return 4, [f"{25 * k}%" for k in range(1, 5)]
