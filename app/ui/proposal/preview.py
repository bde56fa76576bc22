"""The live preview: the proposal as the PDF will lay it out, refreshed as the user types.

Typing must never stutter, however long the proposal: a change only restarts a short timer; when
typing pauses, a worker thread builds the proposal (no database), renders its HTML, and parses and
lays it out in a QTextDocument that it then hands to the UI thread, which only swaps the finished
document in. A result that a newer change has overtaken is dropped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget
from shiboken6 import isValid

from app.domain.proposal import ProposalDoc
from app.i18n import Lang
from app.services.proposal import ProposalInputs, build_view
from app.ui.pdf import document_font
from app.ui.tasks import run_in_background

DEBOUNCE_MS = 250


@dataclass(frozen=True)
class Rendered:
    generation: int
    document: QTextDocument
    render_ms: float


def render_preview_html(inputs: ProposalInputs, doc: ProposalDoc, lang: Lang) -> str:
    from app.exporters.proposal import render_html

    return render_html(build_view(inputs, doc, lang), for_pdf=True)


def laid_out_document(html: str, width: float, wrap: QTextOption.WrapMode, target: QThread) -> QTextDocument:
    """Parse and lay out ``html`` at ``width`` (on the calling thread), then hand it to ``target``.

    Parsing and layout are the expensive part of showing a long proposal; done here, the UI
    thread only swaps the finished document in. Width and wrap mode must be the viewer's, or
    it lays everything out again.
    """
    document = QTextDocument()
    document.setDefaultFont(document_font())
    option = document.defaultTextOption()
    option.setWrapMode(wrap)
    document.setDefaultTextOption(option)
    document.setHtml(html)
    document.setTextWidth(width)
    document.size()  # lays the whole document out now
    document.moveToThread(target)
    return document


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
        # A scroll bar that comes and goes would change the width the worker laid the text out for.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.document().setDefaultFont(document_font())
        self.generation = 0
        self.shown_generation = 0
        self.render_count = 0  # documents swapped in (measurements and tests)
        self.last_render_ms = 0.0
        self.last_apply_ms = 0.0
        self._pending: tuple[ProposalInputs, ProposalDoc, Lang] | None = None
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)

    def request(self, inputs: ProposalInputs | None, doc: ProposalDoc, lang: Lang, *, now: bool = False) -> None:
        """Schedule a refresh with this content (the latest request wins)."""
        if inputs is None:
            self.clear()
            return
        self.generation += 1
        self._pending = (inputs, doc, lang)
        if now:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def _start(self) -> None:
        if self._busy or self._pending is None:
            return  # the running render picks the pending request up when it finishes
        inputs, doc, lang = self._pending
        self._pending = None
        generation = self.generation
        self._busy = True
        width = float(self.viewport().width())
        wrap = self.wordWrapMode()
        ui_thread = self.thread()

        def work() -> Rendered:
            started = time.perf_counter()
            document = laid_out_document(render_preview_html(inputs, doc, lang), width, wrap, ui_thread)
            return Rendered(generation, document, (time.perf_counter() - started) * 1000)

        run_in_background(work, self._show, self._failed)

    def _show(self, result: Rendered) -> None:
        if not isValid(self):  # the page closed while a render was running
            return
        self._busy = False
        if self._pending is not None:  # typed on while rendering: render again, show nothing stale
            self._start()
            return
        started = time.perf_counter()
        bar = self.verticalScrollBar()
        position = bar.value()
        old = self.document()
        ours = old is not None and old.parent() is self  # the first document belongs to Qt, which deletes it
        result.document.setParent(self)
        self.setDocument(result.document)
        if ours:
            old.deleteLater()
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
        self.setPlainText(str(error))
        self.refreshed.emit()
        if self._pending is not None:
            self._start()


