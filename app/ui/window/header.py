"""The header above every page: the project's name and customer, who else has it open, and where it stands.

A real project's name and customer are long (「ECサイト類似画像検索による…PoC(第2期・…)」, 「株式会社…
データサイエンス推進部」): the name gives way first, ending in "…" with the whole of it in its tooltip,
so that the progress summary keeps a readable width and at most two lines.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QWidget

# The most of the row the name takes when name and summary do not both fit on one line: the summary
# keeps the rest (at 1366 px wide, about 40 Japanese characters a line, two lines for the whole summary).
NAME_SHARE = 0.4
_WIDEST = 16_777_215  # QWIDGETSIZE_MAX: no maximum


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" where it is narrower than its text, the whole text then in its
    tooltip. ``text()`` stays the whole text (what was set)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # overrides QLabel.setText: the tooltip follows
        super().setText(text)
        self._update_tooltip()

    def minimumSizeHint(self) -> QSize:  # overrides QLabel.minimumSizeHint: a few characters and "…"
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().horizontalAdvance("MMMMMM…")), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # overrides QLabel.resizeEvent
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, event: QPaintEvent) -> None:  # overrides QLabel.paintEvent: the text elided
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(), self.isEnabled(), shown, self.foregroundRole())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def _update_tooltip(self) -> None:
        self.setToolTip(self.text() if self.is_elided() else "")


class ProjectHeader(QWidget):
    """The row above the pages: the name (``projectTitle``), who else has the project open
    (``headerPresence``), the progress summary (``progressSummary``) and the hearing's bar
    (``hearingProgress``). Set the texts through :meth:`set_title` and :meth:`set_summary`, which
    share the row again."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel()
        self.title.setObjectName("projectTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.summary = QLabel()
        self.summary.setObjectName("progressSummary")
        # A long summary (English, a narrow window) wraps onto a second line instead of being cut.
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = QProgressBar()
        self.bar.setObjectName("hearingProgress")
        self.bar.setMinimumWidth(170)
        self.bar.setMaximumWidth(220)
        # Who else has this project open (the presence table's names), beside its name: in a meeting
        # everyone sees at a glance that a colleague is typing in the same project.
        self.presence = QLabel()
        self.presence.setObjectName("headerPresence")
        self.presence.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.presence)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.bar)

    def set_title(self, text: str) -> None:
        self.title.setText(text)
        self._share()

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self._share()

    def set_presence(self, text: str) -> None:
        self.presence.setText(text)
        self.presence.setVisible(bool(text))
        self._share()

    def resizeEvent(self, event: QResizeEvent) -> None:  # overrides QWidget.resizeEvent
        super().resizeEvent(event)
        self._share()

    def _share(self) -> None:
        """The name keeps its whole width when the summary still fits on one line beside it; else it
        takes at most :data:`NAME_SHARE` of the row (ending in "…") and the summary wraps in the rest."""
        layout = self.layout()
        spacing = max(0, layout.spacing()) if layout is not None else 0
        others = [w for w in (self.presence, self.bar) if not w.isHidden()]
        widths = (w.sizeHint().expandedTo(w.minimumSize()).boundedTo(w.maximumSize()).width() for w in others)
        room = self.contentsRect().width() - sum(widths) - spacing * (len(others) + 1)
        summary_line = self.summary.fontMetrics().horizontalAdvance(self.summary.text()) + 2 * self.summary.margin() + 4
        name = self.title.sizeHint().width()
        if room <= 0 or name + summary_line <= room:
            cap = _WIDEST
        else:
            cap = max(room - summary_line, int(room * NAME_SHARE))
        if self.title.maximumWidth() != cap:
            self.title.setMaximumWidth(cap)
