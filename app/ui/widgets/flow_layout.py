"""A row of buttons that wraps onto a second (third) line when the window is too narrow for it, every label whole.

The pages' header rows (the title at the left, then labels, choices and buttons) were QHBoxLayouts: in a
narrow window (1366x768 at 150 %, the window's minimum) they squeezed their buttons and cut their labels.
:class:`FlowLayout` (Qt's "Flow Layout" example) lays the same items out left to right at their size hints
and starts a new line where the next one does not fit; its height follows its width (heightForWidth), so
the widgets below move down rather than overlap. A stretch (:meth:`FlowLayout.addStretch`) takes what is
left of its line, as it does in a QHBoxLayout: where the row fits on one line it looks the same.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget, QWidgetItem
from shiboken6 import isValid


class FlowLayout(QLayout):
    """Items left to right at their size hints, wrapping onto further lines; what stretches shares its line's free room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretches: list[int] = []  # beside each item: its share of its line's free room (0: none)
        self._height = 0  # the height its lines take at the width it was last given

    # --- filling it, as a QHBoxLayout is filled ---------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        """Override QLayout.addItem (addWidget comes here too)."""
        self._items.append(item)
        self._stretches.append(0)
        self.invalidate()

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:
        """Override QLayout.addWidget: ``stretch`` as in QBoxLayout.addWidget, within the widget's line."""
        super().addWidget(widget)
        self._stretches[-1] = stretch

    def insertWidget(self, index: int, widget: QWidget, stretch: int = 0) -> None:
        """``widget`` at ``index`` (as QBoxLayout.insertWidget; a negative index adds it at the end)."""
        self.addChildWidget(widget)
        index = index if 0 <= index <= len(self._items) else len(self._items)
        self._items.insert(index, QWidgetItem(widget))
        self._stretches.insert(index, stretch)
        self.invalidate()

    def addStretch(self, stretch: int = 1) -> None:
        """Room that takes what is left of its line, as in a QHBoxLayout (a stretch never starts a line)."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))
        self._stretches[-1] = max(1, stretch)

    def count(self) -> int:
        """Override QLayout.count."""
        self._prune()
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        """Override QLayout.itemAt."""
        self._prune()
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        """Override QLayout.takeAt."""
        if not 0 <= index < len(self._items):
            return None
        self._stretches.pop(index)
        item = self._items.pop(index)
        self.invalidate()
        return item

    def line_count(self) -> int:
        """How many lines the items take at the layout's width now (1: they fit on one, as in a QHBoxLayout)."""
        return len(self._lines(self.contentsRect().width()))

    # --- sizes ------------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        """Override QLayout.expandingDirections: it takes the width it is given, its height follows."""
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        """Override QLayout.hasHeightForWidth."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Override QLayout.heightForWidth: the height of the lines it takes at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:
        """Override QLayout.sizeHint: everything on one line, as a QHBoxLayout would want."""
        shown = self._shown()
        height = max((item.sizeHint().height() for item in shown), default=0)
        return self._grown(QSize(self._line_width(shown), height))

    def minimumSize(self) -> QSize:
        """Override QLayout.minimumSize: as wide as its widest item (each on a line of its own), every label whole;
        as high as its lines at the width it has (a splitter, which knows no heightForWidth, keeps them whole too)."""
        size = QSize(0, 0)
        for item in self._shown():
            least = item.minimumSize().width() if item.hasHeightForWidth() else self._width(item)
            size = size.expandedTo(QSize(least, item.minimumSize().height()))
        size = self._grown(size)
        return size.expandedTo(QSize(0, self._height))

    def setGeometry(self, rect: QRect) -> None:
        """Override QLayout.setGeometry: place the items on their lines; where they now take another height,
        the layouts around it are told (its minimum height changed)."""
        super().setGeometry(rect)
        height = self._arrange(rect, move=True)
        if height != self._height:
            self._height = height
            outer = self.parent()  # (not self.invalidate(): that forgets the geometry just set)
            while isinstance(outer, QLayout):
                outer.invalidate()
                outer = outer.parent()
            if isinstance(outer, QWidget):
                outer.updateGeometry()  # the widget's minimum height changed: the layout around it is told

    # --- the lines --------------------------------------------------------------------------

    def _grown(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        """The items that take room: a hidden widget takes none (isEmpty), a stretch does (its line's rest)."""
        self._prune()
        return [item for item in self._items if item.spacerItem() is not None or not item.isEmpty()]

    def _prune(self) -> None:
        """Forget the items Qt deleted with their widgets (as a page is closed): nothing may touch them."""
        if not all(isValid(item) for item in self._items):
            kept = [(item, stretch) for item, stretch in zip(self._items, self._stretches, strict=True) if isValid(item)]
            self._items, self._stretches = [item for item, _ in kept], [stretch for _, stretch in kept]

    def _stretch(self, item: QLayoutItem) -> int:
        return next(stretch for known, stretch in zip(self._items, self._stretches, strict=True) if known is item)

    def _gap(self) -> int:
        return max(0, self.spacing())  # (unset: the style's, as a QHBoxLayout's)

    @staticmethod
    def _width(item: QLayoutItem) -> int:
        """The width an item wants: its size hint, never less than its minimum (a button's whole label)."""
        if item.spacerItem() is not None:
            return 0
        return max(item.sizeHint().width(), item.minimumSize().width())

    def _line_width(self, line: list[QLayoutItem]) -> int:
        """What ``line`` needs: its items' widths, a gap between widgets (none beside a stretch, as in a QHBoxLayout)."""
        widgets = [item for item in line if item.spacerItem() is None]
        return sum(self._width(item) for item in widgets) + self._gap() * max(0, len(widgets) - 1)

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        """The items on lines of at most ``width``: a line ends where the next widget does not fit."""
        lines: list[list[QLayoutItem]] = [[]]
        used, widgets, gap = 0, 0, self._gap()  # the last line's width as _line_width counts it, its widgets
        for item in self._shown():
            if item.spacerItem() is None:
                wanted = self._width(item)
                if used > 0 and used + gap + wanted > width:
                    lines.append([])
                    used, widgets = 0, 0
                used += wanted + (gap if widgets else 0)
                widgets += 1
            lines[-1].append(item)
        return lines

    def _widths(self, line: list[QLayoutItem], width: int) -> list[int]:
        """Each item's width on its line: what it wants (at most the line), and what stretches shares the room left."""
        wanted = [min(self._width(item), width) for item in line]
        stretches = [self._stretch(item) for item in line]
        free = max(0, width - self._line_width(line))
        total = sum(stretches)
        if total:
            shares = [free * stretch // total for stretch in stretches]
            shares[stretches.index(max(stretches))] += free - sum(shares)  # (what rounding left)
            wanted = [want + share for want, share in zip(wanted, shares, strict=True)]
        return wanted

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Lay the items out in ``rect`` (only measure unless ``move``): the height the lines take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        gap = self._gap()
        y = area.y()
        for line in self._lines(area.width()):
            widths = self._widths(line, area.width())
            heights = [0 if item.spacerItem() is not None else item.heightForWidth(w) if item.hasHeightForWidth() else item.sizeHint().height()
                       for item, w in zip(line, widths, strict=True)]  # fmt: skip
            height = max(heights, default=0)
            x, after_widget = area.x(), False
            for item, width, own in zip(line, widths, heights, strict=True):
                if item.spacerItem() is None:
                    x += gap if after_widget else 0
                    after_widget = True
                if move:  # each centred in its line's height
                    item.setGeometry(QRect(QPoint(x, y + (height - own) // 2), QSize(width, own)))
                x += width
            y += height + gap
        return y - gap - area.y() + margins.top() + margins.bottom()
