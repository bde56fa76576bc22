"""A horizontal header whose labels wrap instead of being cut, and columns sized to what they show."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView, QToolTip, QWidget

MAX_LINES = 4  # a longer label is cut at its fourth line; its tool tip has it whole
WRAP_EMS = 9  # a label wider than this many line heights wraps rather than widening its column
MIN_EMS, MAX_EMS = 3.5, 16  # the narrowest and widest a column is sized to its contents
FIT_ROWS = 50  # the rows a column is sized from: those in view first, then their neighbours (Qt's own default: 1,000)


def bound_fitting(header: QHeaderView) -> None:
    """Size a header's columns to their contents from at most FIT_ROWS rows, so a table of thousands of
    rows opens at once (a column of a 1,000-row table took 0.1 s to fit, asking the model for every cell).

    Qt's QHeaderView.resizeContentsPrecision bounds resizeColumnToContents, resizeColumnsToContents and ResizeToContents
    sections alike: the rows in view are measured first, then those around them; a table of fewer rows
    is measured whole, as before. (Precision 0, "the rows in view", means every row while the view is
    not shown yet: a table fitted as it is filled, before the page shows, would be measured whole.)
    """
    header.setResizeContentsPrecision(FIT_ROWS)


class WrappingHeader(QHeaderView):
    """Horizontal header: each label wraps to its column's width (up to MAX_LINES lines), never cut mid-word.

    Resizing to contents makes a column no wider than WRAP_EMS line heights for its label's sake
    (the label wraps instead); the header grows as tall as its longest wrapped label. The full
    label is each section's tool tip (the model's own tool tip comes first when it has one).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("wrappingHeader")
        self.setAccessibleName(self.tr("Column headers"))
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        self.setSectionsClickable(True)  # as QTableView's own header: a click selects the column
        self.setHighlightSections(True)
        self.height_source: QHeaderView | None = None  # a header whose height this one takes (a frozen column's)
        bound_fitting(self)  # every table a WrappingHeader heads can hold thousands of rows (a hearing table answer)

    def _label(self, logical: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def _margin(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)

    def wrap_width(self) -> int:
        return int(WRAP_EMS * self.fontMetrics().height())

    def wrapped_height(self, logical: int, width: int | None = None) -> int:
        """The height a label needs at a width (its column's by default), at most MAX_LINES lines."""
        metrics = self.fontMetrics()
        inner = max((self.sectionSize(logical) if width is None else width) - 2 * self._margin() - 4, metrics.height())
        flags = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap)
        text_height = metrics.boundingRect(QRect(0, 0, inner, 100000), flags, self._label(logical)).height()
        return min(text_height, MAX_LINES * metrics.lineSpacing()) + 2 * self._margin() + 4

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # overrides QHeaderView.sectionSizeFromContents
        size = super().sectionSizeFromContents(logicalIndex)
        size.setWidth(min(size.width(), self.wrap_width()))
        return size

    def sizeHint(self) -> QSize:  # overrides QHeaderView.sizeHint
        hint = super().sizeHint()
        if self.height_source is not None:
            hint.setHeight(self.height_source.sizeHint().height())
            return hint
        heights = [self.wrapped_height(n) for n in range(self.count()) if not self.isSectionHidden(n)]
        hint.setHeight(max([hint.height(), *heights]))
        return hint

    def viewportEvent(self, event: QEvent) -> bool:  # overrides QHeaderView.viewportEvent
        model = self.model()
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip and model is not None:
            logical = self.logicalIndexAt(event.pos())
            own = model.headerData(logical, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) if logical >= 0 else None
            if logical >= 0 and not own:
                QToolTip.showText(event.globalPos(), self._label(logical), self)
                return True
        return super().viewportEvent(event)


def use_wrapping_header(view: QTableView) -> WrappingHeader:
    """Give a table view a wrapping header (keeping the old one's default section size)."""
    old = view.horizontalHeader()
    header = WrappingHeader(view)
    header.setDefaultSectionSize(old.defaultSectionSize())
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setHorizontalHeader(header)  # QTableView asks its height again after a column is resized
    return header


def fit_column(view: QTableView, column: int, widest_ems: float = MAX_EMS) -> None:
    """Size a column to its contents, between MIN_EMS and ``widest_ems`` line heights.

    Labels wrap in a WrappingHeader, so a long label alone does not make a column wide.
    """
    em = view.fontMetrics().height()
    view.resizeColumnToContents(column)
    width = view.horizontalHeader().sectionSize(column)
    view.setColumnWidth(column, max(int(MIN_EMS * em), min(width, int(widest_ems * em))))


def fit_columns(view: QTableView, *, widest_ems: float = MAX_EMS) -> None:
    """Size every shown column to its contents (see fit_column)."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if not header.isSectionHidden(column):
            fit_column(view, column, widest_ems)
