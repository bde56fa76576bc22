"""Interview mode's large type: an item editor's fonts and fixed sizes scaled to a point size.

A style sheet reaches every child, including editors created later for the next item; setFont
alone does not override the per-class fonts some platforms set. The fixed widths and heights the
value editors were made with (a date field, a list of options, table rows, the note) grow with the
type, from the sizes they were made with (kept as properties: scaling again never compounds, and
no size gives the normal ones back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QSizePolicy, QTableView, QWidget

from app.ui.widgets import colours

if TYPE_CHECKING:
    from app.ui.hearing.item_editor import ItemEditor

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no limit" for a widget's size


def apply(editor: ItemEditor, points: float | None) -> None:
    """Set the type size of the whole ``editor`` in points; None gives back the normal sizes."""
    sheet = editor.base_sheet
    if points is not None:
        sheet += (
            f" QWidget {{ font-size: {points:.0f}pt; }}"
            f" QLabel#itemQuestion {{ font-size: {points * 1.25:.0f}pt; font-weight: bold; }}"
            f" QLabel#itemSectionPath {{ font-size: {max(points * 0.7, 12):.0f}pt; }}"
            f" QLabel#itemHelp {{ font-size: {max(points * 0.8, 12):.0f}pt; }}"
        )
        editor.question_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    editor.path_label.setEnabled(points is not None)  # greyed beside normal type; normal colour on a projector
    colours.style(editor, sheet)
    fit(editor, points)
    # The note: room for a few lines of its type (it was made for the normal one).
    note = editor.note
    normal = note.property("normalMaxHeight")
    if normal is None:
        note.setProperty("normalMaxHeight", normal := note.maximumHeight())
    lines = QFontMetricsF(_font(editor, points)).lineSpacing() * 2.5 if points is not None else 0
    note.setMaximumHeight(max(int(normal), round(lines + 2 * note.frameWidth() + 8)))


def fit(editor: ItemEditor, points: float | None) -> None:
    """Scale the fixed sizes of the answer's editors (made anew for every item) to ``points``."""
    normal = QApplication.font().pointSizeF()
    scale = points / normal if points is not None and normal > 0 else 1.0
    line = QFontMetricsF(_font(editor, points)).height() * 1.4 if points is not None else 0.0
    for value_editor in editor.editors.values():
        for child in [value_editor, *value_editor.findChildren(QWidget)]:
            _scale_limits(child, scale)
            if isinstance(child, QTableView):
                _fit_table(child, scale, line)


def _scale_limits(widget: QWidget, scale: float) -> None:
    for prop, get, put in (
        ("normalMaxWidth", widget.maximumWidth, widget.setMaximumWidth),
        ("normalMaxHeight", widget.maximumHeight, widget.setMaximumHeight),
    ):
        normal = widget.property(prop)
        if normal is None:
            if get() >= QWIDGETSIZE_MAX:
                continue
            normal = get()
            widget.setProperty(prop, normal)
        put(min(QWIDGETSIZE_MAX, round(int(normal) * scale)))


def _fit_table(view: QTableView, scale: float, line: float) -> None:
    """Rows as high as a line of the type; columns a little narrower than the type's scale, so that
    more of them show at once."""
    vertical, horizontal = view.verticalHeader(), view.horizontalHeader()
    if view.property("normalRowHeight") is None:
        view.setProperty("normalRowHeight", vertical.defaultSectionSize())
        view.setProperty("normalColumnWidth", horizontal.defaultSectionSize())
    vertical.setDefaultSectionSize(max(int(view.property("normalRowHeight")), round(line)))
    horizontal.setDefaultSectionSize(round(int(view.property("normalColumnWidth")) * max(1.0, scale * 0.75)))


def _font(editor: ItemEditor, points: float | None) -> QFont:
    font = QFont(editor.font())
    if points is not None:
        font.setPointSizeF(points)
    return font
