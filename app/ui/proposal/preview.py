"""The live preview: the proposal as the PDF will lay it out, refreshed as the user types.

Typing must never stutter, however long the proposal. A change only restarts a timer. When typing
pauses, a worker thread builds the proposal and renders its HTML (pure Python: no database, no Qt
objects). Qt's rich-text engine then parses and lays it out, which has to happen on the UI thread
(a laid-out document holds per-thread font data and must not cross threads); that step waits for
a pause in the typing, and the pause it waits for grows with how long the step took last time, so
a very long proposal is refreshed less eagerly rather than interrupting the user. A result that
a newer change has overtaken is dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QWidget
from shiboken6 import isValid

from app.core.errors import UserError
from app.core.i18n import Lang
from app.proposal.inputs import ProposalInputs
from app.proposal.model import ProposalDoc
from app.proposal.view import build_view
from app.ui.error_text import shown_text
from app.ui.pdf import document_font
from app.ui.tasks import run_in_background
from app.ui.widgets import colours

DEBOUNCE_MS = 250  # the shortest pause in typing that refreshes the preview
MAX_QUIET_MS = 1500  # the longest, for a proposal that takes long to lay out


@dataclass(frozen=True)
class Rendered:
    generation: int
    html: str
    render_ms: float


PREVIEW_PROBLEMS = 200  # problems the preview lays out at most (a pasted sheet of 3,000 took the UI thread 2 s and more)


def render_preview_html(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang, more_note: str = "") -> str:
    """The proposal's HTML as the PDF lays it out, its problems table cut at :data:`PREVIEW_PROBLEMS`
    rows: Qt lays a table out whole, on the UI thread, however many rows it has. ``more_note`` (the
    window's words, with {0} the problems shown and {1} all of them) follows the cut table."""
    from app.proposal.render import render_html

    view = build_view(inputs, doc, lang)
    total = len(view.problems)
    if total > PREVIEW_PROBLEMS:
        view = replace(view, problems=view.problems[:PREVIEW_PROBLEMS], problems_note=more_note.format(PREVIEW_PROBLEMS, total))
    return render_html(view, for_pdf=True)


class PreviewPane(QTextBrowser):
    """Shows the rendered proposal; keeps the reader's scroll position across refreshes.

    Signals:
        refreshed(): new content is on screen (tests and measurements wait for it).
    """

    refreshed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalPreview")
        self.setAccessibleName(self.tr("Preview of the proposal"))
        self.setOpenLinks(False)  # a link in the preview goes nowhere; the export is what is shared
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no re-wrap when it appears
        self.document().setDefaultFont(document_font())
        # The page as the PDF prints it, in its own colours on white paper, whatever the desktop's scheme.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, colours.PAPER)
        palette.setColor(QPalette.ColorRole.Text, colours.INK)
        self.setPalette(palette)
        self.generation = 0  # of the latest request
        self.shown_generation = 0  # of what is on screen
        self.render_count = 0  # refreshes shown (measurements and tests)
        self.last_render_ms = 0.0  # building and rendering the HTML, off the UI thread
        self.last_apply_ms = 0.0  # parsing and laying it out, on the UI thread
        self._pending: tuple[ProposalInputs, ProposalDoc, Lang] | None = None
        self._ready: Rendered | None = None
        self._busy = False
        self._last_request = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start)
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.timeout.connect(self._apply_when_quiet)

    @property
    def idle(self) -> bool:
        """Nothing requested, rendering or waiting to be shown."""
        return not (self._busy or self._pending or self._ready or self._timer.isActive() or self._apply_timer.isActive())

    @property
    def quiet_ms(self) -> int:
        """How long typing must have paused before the UI thread spends time on the preview."""
        return int(max(DEBOUNCE_MS, min(MAX_QUIET_MS, 2 * self.last_apply_ms)))

    def request(self, inputs: ProposalInputs | None, doc: ProposalDoc, lang: Lang, *, now: bool = False) -> None:
        """Refresh with this content (the latest request wins).

        ``now`` renders at once on the UI thread: for a project just opened or a language just
        switched, when nobody is typing and the preview should not show stale content first.
        """
        if inputs is None:
            self.clear()
            return
        self.generation += 1
        self._ready = None
        if now:
            self._timer.stop()
            self._apply_timer.stop()
            self._pending = None
            started = time.perf_counter()
            html = render_preview_html(inputs, doc, lang, self.more_note())
            self._apply(Rendered(self.generation, html, (time.perf_counter() - started) * 1000))
            return
        self._last_request = time.monotonic()
        self._pending = (inputs, doc, lang)
        self._timer.start(self.quiet_ms)

    def more_note(self) -> str:
        """Said below a problems table the preview cuts (:func:`render_preview_html`)."""
        return self.tr("The preview shows the first {0} of the {1} problems; the export holds them all.")

    def _start(self) -> None:
        if self._busy or self._pending is None:
            return  # the running render picks the pending request up when it finishes
        inputs, doc, lang = self._pending
        self._pending = None
        generation = self.generation
        self._busy = True
        more_note = self.more_note()  # (the window's words, read here: tr() on the UI thread)

        def work() -> Rendered:
            started = time.perf_counter()
            html = render_preview_html(inputs, doc, lang, more_note)
            return Rendered(generation, html, (time.perf_counter() - started) * 1000)

        run_in_background(work, self._rendered, self._failed)

    def _rendered(self, result: Rendered) -> None:
        if not isValid(self):  # the page closed while a render was running
            return
        self._busy = False
        if self._pending is not None or result.generation != self.generation:
            self._timer.start(self.quiet_ms)  # typed on meanwhile: render the newer text instead
            return
        self._ready = result
        self._apply_when_quiet()

    def _apply_when_quiet(self) -> None:
        if self._ready is None:
            return
        waited_ms = (time.monotonic() - self._last_request) * 1000
        if waited_ms < self.quiet_ms:  # the user is typing: do not take the UI thread from them
            self._apply_timer.start(int(self.quiet_ms - waited_ms) + 1)
            return
        result, self._ready = self._ready, None
        self._apply(result)

    def _apply(self, result: Rendered) -> None:
        started = time.perf_counter()
        bar = self.verticalScrollBar()
        position = bar.value()
        self.setHtml(result.html)
        bar.setValue(min(position, bar.maximum()))
        self.last_apply_ms = (time.perf_counter() - started) * 1000
        self.last_render_ms = result.render_ms
        self.shown_generation = result.generation
        self.render_count += 1
        self.refreshed.emit()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._busy = False
        self.setPlainText(shown_text(error) if isinstance(error, UserError) else str(error))
        self.refreshed.emit()
        if self._pending is not None:
            self._timer.start(self.quiet_ms)
