"""The Review page's pictures, drawn with QPainter from plain data: a radar, section bars and a score history.

    radar = RadarChart()
    radar.set_data([("データ品質", 3, 5), ("モデル", 2, 5), ("インフラ", 4, 5)], series2=[4, 4, 4])
    bars = SectionBars()
    bars.set_data([("データ", 2, 5), ("モデル", 1, 5)])          # the lowest section is highlighted
    history = ScoreHistory()
    history.set_data(["BL1", "BL2", "now"], [("Score", [1, 2, 2.5])], maximum=5)
    png = render_png(radar, QSize(480, 360))                     # the picture for a document

Values are cleaned, never refused: a value that is no number is drawn at 0 and written "-", a
value below 0 or above its maximum is clamped, a maximum that is no positive number counts as 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLineF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.ui.review.chart_base import (
    PAD,
    Chart,
    Colours,
    Item,
    clean_item,
    clean_items,
    clean_label,
    draw_message,
    elide,
    number,
    to_float,
    with_alpha,
    wrap,
)


def render_png(widget_or_chart: QWidget, size: QSize | QSizeF, ratio: float = 1.0) -> bytes:
    """The widget drawn at ``size`` (logical pixels, times ``ratio`` in the file) as PNG bytes.

    A chart draws itself afresh for that size (sharp at any size); any other widget is grabbed and scaled.
    """
    logical = QSizeF(size)
    image = QImage(max(1, round(logical.width() * ratio)), max(1, round(logical.height() * ratio)), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setFont(widget_or_chart.font())
    if isinstance(widget_or_chart, Chart):
        widget_or_chart.paint_into(painter, logical)
    else:
        pixmap = widget_or_chart.grab()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawPixmap(QRectF(QPointF(0, 0), logical), pixmap, QRectF(pixmap.rect()))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _begin(painter: QPainter, size: QSizeF, palette: Colours) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(QPointF(0, 0), size), palette.background)


def _small(font: QFont) -> QFont:
    result = QFont(font)
    result.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    return result


def _bold(font: QFont) -> QFont:
    result = QFont(font)
    result.setBold(True)
    return result


# -- Radar ----------------------------------------------------------------------------------------


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
        font, bold = self.font(), _bold(self.font())
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
        _begin(painter, geometry.size, palette)
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
        painter.setFont(_small(self.font()))
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
        font, bold = self.font(), _bold(self.font())
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


# -- Section bars -----------------------------------------------------------------------------------


@dataclass
class BarsGeometry:
    size: QSizeF
    message: str = ""
    rows: list[tuple[QRectF, str, QRectF, QRectF, QPointF, str, bool]] = field(default_factory=list)
    # label rect, label text (elided), track, bar, value text origin, value text, lowest


class SectionBars(Chart[BarsGeometry]):
    """Horizontal bars, one per section (label, value, maximum); the lowest section is highlighted.

    The ML Test Score's final score is its lowest section, so that bar is the one to look at. When
    every section has the same score none stands out and none is highlighted.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSectionBars")
        self.items: list[Item] = []
        self.lowest: set[int] = set()
        self._retranslate()
        self._data_changed()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Scores by section"))

    def set_data(self, sections: Sequence[Sequence[Any]]) -> None:
        """Sections as (label, value, maximum), drawn top to bottom in this order."""
        self.items = clean_items(sections)
        ratios = [item.ratio for item in self.items if not item.missing]
        low = min(ratios, default=0.0)
        all_same = len(ratios) < 2 or max(ratios) - low < 1e-9
        self.lowest = set() if all_same else {i for i, item in enumerate(self.items) if not item.missing and item.ratio - low < 1e-9}
        self._data_changed()

    def _row_height(self) -> float:
        return max(26.0, QFontMetricsF(self.font()).height() + 12)

    def sizeHint(self) -> QSize:  # overrides QWidget.sizeHint
        return QSize(420, int(2 * PAD + max(3, len(self.items)) * self._row_height()))

    def minimumSizeHint(self) -> QSize:  # overrides QWidget.minimumSizeHint
        return QSize(220, int(2 * PAD + max(1, len(self.items)) * self._row_height()))

    def _describe(self) -> str:
        if not self.items:
            return self.tr("No data")
        lowest = self.tr("lowest")
        return ", ".join(f"{item.label} {item.text()}" + (f" ({lowest})" if i in self.lowest else "") for i, item in enumerate(self.items))

    def _layout(self, size: QSizeF) -> BarsGeometry:
        geometry = BarsGeometry(size)
        if not self.items:
            geometry.message = self.tr("No data")
            return geometry
        metrics, bold_metrics = QFontMetricsF(self.font()), QFontMetricsF(_bold(self.font()))
        lowest = self.tr("lowest")
        values = [item.text() + (f"  {lowest}" if i in self.lowest else "") for i, item in enumerate(self.items)]
        value_w = max(bold_metrics.horizontalAdvance(v) for v in values)
        label_w = min(max(metrics.horizontalAdvance(item.label) for item in self.items), size.width() * 0.38)
        row = min(self._row_height(), max(14.0, (size.height() - 2 * PAD) / len(self.items)))
        track_x = PAD + label_w + 10
        track_w = max(10.0, size.width() - PAD - value_w - 8 - track_x)
        thickness = max(6.0, min(row - 8, metrics.height()))
        for i, item in enumerate(self.items):
            y = PAD + i * row
            label_rect = QRectF(PAD, y, label_w, row)
            track = QRectF(track_x, y + (row - thickness) / 2, track_w, thickness)
            bar = QRectF(track.x(), track.y(), track_w * item.ratio, thickness)
            origin = QPointF(bar.right() + 6, y + row / 2 + bold_metrics.ascent() / 2 - 1)
            geometry.rows.append((label_rect, elide(item.label, metrics, label_w), track, bar, origin, values[i], i in self.lowest))
        return geometry

    def track_rect(self, index: int) -> QRectF:
        """Where section ``index``'s full-scale bar lies (a bar of the maximum fills it)."""
        return QRectF(self.geometry_now().rows[index][2])

    def _draw(self, painter: QPainter, geometry: BarsGeometry, palette: Colours) -> None:
        _begin(painter, geometry.size, palette)
        if geometry.message:
            draw_message(painter, QRectF(QPointF(0, 0), geometry.size), geometry.message, palette)
            return
        font, bold = self.font(), _bold(self.font())
        for label_rect, label, track, bar, origin, value, lowest in geometry.rows:
            colour = palette.warning if lowest else palette.series[0]
            painter.setFont(bold if lowest else font)
            painter.setPen(palette.warning if lowest else palette.text)
            painter.drawText(label_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.grid)
            painter.drawRoundedRect(track, 3, 3)
            if bar.width() > 0.5:
                painter.setBrush(QBrush(colour))
                painter.drawRoundedRect(bar, 3, 3)
            painter.setFont(bold)
            painter.setPen(colour if lowest else palette.text)
            painter.drawText(origin, value)

    def _tooltip(self, geometry: BarsGeometry, pos: QPointF) -> str:
        for i, (label_rect, *_rest) in enumerate(geometry.rows):
            if label_rect.top() <= pos.y() < label_rect.bottom():
                item = self.items[i]
                suffix = f" ({self.tr('lowest')})" if i in self.lowest else ""
                return f"{item.label}: {item.text()}{suffix}"
        return ""


# -- Score history ----------------------------------------------------------------------------------


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
        metrics, small = QFontMetricsF(self.font()), QFontMetricsF(_small(self.font()))
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
        _begin(painter, geometry.size, palette)
        if geometry.message:
            draw_message(painter, QRectF(QPointF(0, 0), geometry.size), geometry.message, palette)
            return
        plot, line = geometry.plot, geometry.line_height
        font = self.font()
        painter.setFont(_small(font))
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
            painter.setPen(QPen(colour, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            for a, b in zip(points, points[1:], strict=False):
                if a is not None and b is not None:
                    painter.drawLine(a, b)
            painter.setPen(QPen(palette.background, 1.5))
            painter.setBrush(colour)
            for p in points:
                if p is not None:
                    painter.drawEllipse(p, 4.0, 4.0)
        painter.setFont(_bold(font))
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
