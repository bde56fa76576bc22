"""What the review charts share: cleaned values, palette colours, label wrapping and the cached-geometry widget.

A chart works out its geometry (every point, rectangle and line of text) when its size, font or
data change, and its ``paintEvent`` only draws what was worked out; the same drawing code paints
into a ``QImage`` for a document (:func:`app.ui.review.charts.render_png`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QEvent, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QToolTip, QWidget

from app.ui.widgets.colours import is_dark

PAD = 8.0  # the space kept free along the widget's edges


@dataclass(frozen=True)
class Item:
    """One value out of its maximum, cleaned: ``value`` is within 0..maximum, ``maximum`` is positive."""

    label: str
    value: float
    maximum: float
    missing: bool = False  # the value given was no number (drawn at 0, written "-")

    @property
    def ratio(self) -> float:
        return self.value / self.maximum

    def text(self) -> str:
        return f"{'-' if self.missing else number(self.value)}/{number(self.maximum)}"


def to_float(raw: Any) -> float:
    try:
        return float(raw)
    except (TypeError, ValueError, OverflowError):
        return math.nan


def clean_label(raw: Any) -> str:
    """One line of text: control characters and runs of white space become one space."""
    text = "" if raw is None else str(raw)
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def clean_item(label: Any, value: Any, maximum: Any) -> Item:
    """An item a chart can draw: a maximum that is no positive finite number counts as 1; the value is clamped to 0..maximum."""
    top = to_float(maximum)
    if not math.isfinite(top) or top <= 0:
        top = 1.0
    v = to_float(value)
    if math.isnan(v):
        return Item(clean_label(label), 0.0, top, missing=True)
    return Item(clean_label(label), min(max(v, 0.0), top), top)


def clean_items(rows: Sequence[Sequence[Any]] | None) -> list[Item]:
    items = []
    for row in rows or ():
        label, value, maximum = (tuple(row) + (None, None, None))[:3]
        items.append(clean_item(label, value, maximum))
    return items


def number(value: float) -> str:
    """A score as people write it: 3, 2.5, 1.2e+09 (no long runs of digits)."""
    if not math.isfinite(value):
        return "-"
    if abs(value) >= 1e6:
        return f"{value:.3g}"
    if abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Colours:
    """The chart's colours, taken from the widget's palette so that a dark theme gets light text and lines."""

    background: QColor
    text: QColor
    muted: QColor  # ring numbers, axis ticks
    grid: QColor
    series: tuple[QColor, ...]
    warning: QColor  # the lowest section
    dark: bool


LIGHT_SERIES = ("#e07b1f", "#2e9b57", "#8a5cc2", "#c2417a")
DARK_SERIES = ("#f5a04a", "#5cc985", "#b08ee6", "#ef7aa8")


def colours(palette: QPalette) -> Colours:
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    dark = is_dark(palette)
    accent = palette.color(QPalette.ColorRole.Highlight)
    if accent.hsvSaturation() < 60 or abs(accent.lightness() - background.lightness()) < 60:
        accent = QColor("#5aa3e8" if dark else "#2f6fbf")  # a grey or low-contrast highlight makes a poor line colour
    muted = QColor(text)
    muted.setAlphaF(0.65)
    grid = QColor(text)
    grid.setAlphaF(0.22 if dark else 0.16)
    others = tuple(QColor(c) for c in (DARK_SERIES if dark else LIGHT_SERIES))
    return Colours(background, text, muted, grid, (accent, *others), QColor("#ff7b72" if dark else "#d23c32"), dark)


def with_alpha(colour: QColor, alpha: float) -> QColor:
    result = QColor(colour)
    result.setAlphaF(alpha)
    return result


def wrap(text: str, font: QFont, width: float, max_lines: int = 2) -> list[str]:
    """``text`` broken into lines of at most ``width`` (at word boundaries, or anywhere in Japanese), the last elided."""
    if not text:
        return [""]
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    spans = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    units = text.encode("utf-16-le")  # Qt counts UTF-16 code units

    def part(start: int, length: int | None = None) -> str:
        end = None if length is None else 2 * (start + length)
        return units[2 * start : end].decode("utf-16-le", errors="ignore").strip()

    lines = [part(start, length) for start, length in spans[:max_lines]]
    if len(spans) > max_lines:
        rest = part(spans[max_lines - 1][0])
        lines[-1] = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines or [""]


def elide(text: str, metrics: QFontMetricsF, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, width))


G = TypeVar("G")


class Chart(QWidget, Generic[G]):
    """A widget that draws a geometry worked out once per size, font or data change.

    Subclasses implement ``_layout(size)`` (the geometry for a size, with the widget's font and
    data), ``_draw(painter, geometry, colours)`` and ``_tooltip(geometry, pos)``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._geometry: G | None = None

    # -- for subclasses -------------------------------------------------------------------------
    def _layout(self, size: QSizeF) -> G:
        raise NotImplementedError

    def _draw(self, painter: QPainter, geometry: G, palette: Colours) -> None:
        raise NotImplementedError

    def _tooltip(self, geometry: G, pos: QPointF) -> str:
        return ""

    def _describe(self) -> str:
        raise NotImplementedError

    # -- shared -----------------------------------------------------------------------------------
    def _data_changed(self) -> None:
        """Work the geometry out again, tell assistive technology the new values and repaint."""
        self.setAccessibleDescription(self._describe())
        self._geometry = self._layout(QSizeF(self.size()))
        self.update()

    def geometry_now(self) -> G:
        """The geometry for the widget's size now (a hidden widget gets its resize event only when shown)."""
        size = QSizeF(self.size())
        if self._geometry is None or getattr(self._geometry, "size", None) != size:
            self._geometry = self._layout(size)
        return self._geometry

    def paint_into(self, painter: QPainter, size: QSizeF) -> None:
        """Draw the chart at ``size`` on ``painter`` (an export: the widget's own geometry is left alone)."""
        self._draw(painter, self._layout(size), colours(self.palette()))

    def tooltip_at(self, pos: QPointF) -> str:
        """The tooltip for the mouse at ``pos``: the values of the axis, bar or point there ("" for none)."""
        return self._tooltip(self.geometry_now(), pos)

    def resizeEvent(self, event: QResizeEvent) -> None:  # overrides QWidget.resizeEvent
        super().resizeEvent(event)
        self._geometry = self._layout(QSizeF(event.size()))

    def changeEvent(self, event: QEvent) -> None:  # overrides QWidget.changeEvent
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange, QEvent.Type.StyleChange):
            self._retranslate()
            self._data_changed()

    def _retranslate(self) -> None:
        """Set the accessible name again (the language changed)."""

    def event(self, event: QEvent) -> bool:  # overrides QWidget.event
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # overrides QWidget.paintEvent
        painter = QPainter(self)
        self._draw(painter, self.geometry_now(), colours(self.palette()))
        painter.end()


def draw_message(painter: QPainter, rect: QRectF, text: str, palette: Colours) -> None:
    """The chart's place says why there is no picture ("No data")."""
    painter.setPen(palette.muted)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)


def begin(painter: QPainter, size: QSizeF, palette: Colours) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(QRectF(QPointF(0, 0), size), palette.background)


def small_font(font: QFont) -> QFont:
    result = QFont(font)
    result.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
    return result


def bold_font(font: QFont) -> QFont:
    result = QFont(font)
    result.setBold(True)
    return result
