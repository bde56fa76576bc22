"""Pictures in the PDF: Qt's rich text draws no SVG, so each SVG image of the HTML is drawn here."""

from __future__ import annotations

import base64
import re

from PySide6.QtCore import QByteArray, QRectF, QUrl
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer

from app.ui.pdf.pagination import CSS_DPI

PICTURE_MAX = 1200  # CSS pixels, each way: a picture is at most a page wide (its image at most 3,750 px at 300 dpi)
_SVG_IMAGE = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]*)" width="(\d{1,4})" height="(\d{1,4})"')


def svg_images(html: str, document: QTextDocument, dpi: int) -> str:
    """``html`` with each SVG image (``data:image/svg+xml``, as app/review/render.py ``svg_image`` writes the
    review's charts) drawn by Qt's SVG renderer at the PDF's resolution and given to ``document`` as an image
    resource: Qt's rich text draws no SVG. The image keeps its size in CSS pixels (Qt scales it to the page as
    it scales text); a picture the renderer cannot read is left blank."""
    scale = dpi / CSS_DPI

    def draw(match: re.Match[str]) -> str:
        width, height = min(int(match.group(2)), PICTURE_MAX), min(int(match.group(3)), PICTURE_MAX)
        image = QImage(max(1, round(width * scale)), max(1, round(height * scale)), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        renderer = QSvgRenderer(QByteArray(base64.b64decode(match.group(1))))
        if renderer.isValid():
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
            painter.end()
        name = f"mlops-kickoff-picture-{match.start()}"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        return f'<img src="{name}" width="{width}" height="{height}"'

    return _SVG_IMAGE.sub(draw, html)
