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

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from app.ui.review.chart_base import Chart
from app.ui.review.radar import RadarChart
from app.ui.review.score_history import ScoreHistory
from app.ui.review.section_bars import SectionBars

__all__ = ["RadarChart", "ScoreHistory", "SectionBars", "render_png"]


def render_png(widget_or_chart: QWidget, size: QSize | QSizeF, ratio: float = 1.0) -> bytes:
    """The widget drawn at ``size`` (logical pixels, times ``ratio`` in the file) as PNG bytes.

    A chart draws itself afresh for that size (sharp at any size); any other widget is grabbed and scaled.
    """
    logical = QSizeF(size)
    image = QImage(max(1, round(logical.width() * ratio)), max(1, round(logical.height() * ratio)), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    pixmap = None if isinstance(widget_or_chart, Chart) else widget_or_chart.grab()
    painter = QPainter(image)
    try:
        painter.setFont(widget_or_chart.font())
        if isinstance(widget_or_chart, Chart):
            widget_or_chart.paint_into(painter, logical)
        elif pixmap is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawPixmap(QRectF(QPointF(0, 0), logical), pixmap, QRectF(pixmap.rect()))
    finally:
        painter.end()  # an active painter on an image being freed crashes Qt
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes only a str here
    buffer.close()
    return bytes(data.data())
