"""Horizontal bars of the score of each section, the lowest highlighted (the ML Test Score is its lowest section)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from app.ui.review.chart_base import (
    PAD,
    Chart,
    Colours,
    Item,
    begin,
    bold_font,
    clean_items,
    draw_message,
    elide,
)


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
        metrics, bold_metrics = QFontMetricsF(self.font()), QFontMetricsF(bold_font(self.font()))
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
        begin(painter, geometry.size, palette)
        if geometry.message:
            draw_message(painter, QRectF(QPointF(0, 0), geometry.size), geometry.message, palette)
            return
        font, bold = self.font(), bold_font(self.font())
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
