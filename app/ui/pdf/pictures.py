"""Pictures in the PDF: Qt's rich text draws no SVG, so each SVG image of the HTML is drawn here, as vectors.

The HTML carries each picture as an ``<img>`` of ``data:image/svg+xml`` (app/review/render.py ``svg_image``).
:func:`svg_images` names each one and keeps its SVG; once the document is read, :func:`draw_as_vectors` puts an
object in each image's place that Qt's SVG renderer paints straight onto the PDF's page: lines and text stay
sharp at any zoom, the labels' text can be searched and copied, and the file stays small.
"""

from __future__ import annotations

import base64
import re

from PySide6.QtCore import QByteArray, QRect, QRectF, QSizeF
from PySide6.QtGui import QPainter, QPyTextObject, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtSvg import QSvgRenderer

from app.ui.pdf import text_fragments
from app.ui.pdf.pagination import CSS_DPI

PICTURE_MAX = 1200  # CSS pixels, each way: a picture is at most a page wide
_SVG_IMAGE = re.compile(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]*)" width="(\d{1,4})" height="(\d{1,4})"')
_PREFIX = "mlops-kickoff-picture-"
SVG_OBJECT = int(QTextFormat.ObjectTypes.UserObject.value) + 1
_SVG, _WIDTH, _HEIGHT = (int(QTextFormat.Property.UserProperty.value) + n for n in (1, 2, 3))

Pictures = dict[str, tuple[bytes, int, int]]  # name -> (SVG, width, height in CSS pixels)


def svg_images(html: str) -> tuple[str, Pictures]:
    """``html`` with each SVG image named (an ``<img>`` Qt reads as an image of that name and size) and the pictures
    by name: their SVG and size in CSS pixels (at most PICTURE_MAX each way)."""
    pictures: Pictures = {}

    def name(match: re.Match[str]) -> str:
        width, height = min(int(match.group(2)), PICTURE_MAX), min(int(match.group(3)), PICTURE_MAX)
        key = f"{_PREFIX}{len(pictures)}"
        pictures[key] = (base64.b64decode(match.group(1)), width, height)
        return f'<img src="{key}" width="{width}" height="{height}"'

    return _SVG_IMAGE.sub(name, html), pictures


class _SvgObject(QPyTextObject):
    """Qt's text layout asks it the size of a picture's place and has it paint the picture there."""

    def intrinsicSize(self, doc: QTextDocument, position: int, format: QTextFormat) -> QSizeF:  # overrides QTextObjectInterface.intrinsicSize
        return QSizeF(float(format.property(_WIDTH)), float(format.property(_HEIGHT)))

    def drawObject(self, painter: QPainter, rect: QRectF | QRect, doc: QTextDocument, position: int, format: QTextFormat) -> None:  # overrides QTextObjectInterface.drawObject
        renderer = QSvgRenderer(QByteArray(format.property(_SVG)))
        if renderer.isValid():  # (a picture the renderer cannot read is left blank)
            renderer.render(painter, QRectF(rect))


def draw_as_vectors(document: QTextDocument, pictures: Pictures, dpi: int) -> None:
    """Put each named picture's SVG in its image's place in ``document``, painted as vectors at its size in CSS
    pixels on a page of ``dpi`` (by a painter the document owns)."""
    document.documentLayout().registerHandler(SVG_OBJECT, _SvgObject(document))
    scale = dpi / CSS_DPI
    places = [(fragment.position(), fragment.charFormat().toImageFormat().name()) for _block, fragment in text_fragments(document)
              if fragment.charFormat().isImageFormat() and fragment.charFormat().toImageFormat().name() in pictures]  # fmt: skip
    for position, key in reversed(places):
        svg, width, height = pictures[key]
        look = QTextCharFormat()
        look.setObjectType(SVG_OBJECT)
        look.setProperty(_SVG, QByteArray(svg))
        look.setProperty(_WIDTH, width * scale)
        look.setProperty(_HEIGHT, height * scale)
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText("\ufffc", look)
