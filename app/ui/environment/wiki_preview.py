"""The wiki as it will be exported: a page list and the rendered page (or its Markdown source).

Links between pages work inside the preview. The Markdown is rendered by Qt with raw HTML
switched off, the same text the export writes. The wiki is built on a worker (a big project's
takes seconds: every data source is a page), as the proposal's preview is: the latest request
wins, a result a newer request overtook is dropped, and the preview shows it when it is ready.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.core.i18n import Lang
from app.environment.wiki_render import Wiki, WikiPage
from app.ui.tasks import LatestRun
from app.ui.widgets import colours
from app.ui.widgets.flow_layout import FlowLayout

MARKDOWN_FEATURES = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)
# Narrower than this many characters side by side (the page list's, the text's), the list goes above the text: beside
# it at 911x512 (1366x768 at 150 %) the text was a strip one Japanese character wide.
LIST_CHARS, TEXT_CHARS = 8, 16
PREVIEW_ROWS = 200  # a table's rows the rendered preview shows (Qt lays a table of 1,000 rows out in 1.7 s, 200 in 0.17 s)
# A table's delimiter row; blanks, dashes and cells taken whole (possessive): tried at every split between two blanks, a
# line of indentation (a user's, as no-break spaces) took the square of its length.
_DELIMITER = re.compile(r"^\s*+\|?\s*+:?-++:?\s*+(?:\|\s*+:?-++:?\s*+)*+\|?\s*+$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def bounded_tables(markdown: str, note: Callable[[int], str], rows: int = PREVIEW_ROWS) -> str:
    """``markdown`` with each table cut to its first ``rows`` rows, ``note(rows left out)`` said as a paragraph
    under each table cut. Code blocks are text, never a table."""
    lines, out = markdown.split("\n"), []
    fenced, n = False, 0
    while n < len(lines):
        line = lines[n]
        out.append(line)
        n += 1
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or "|" not in line or not _DELIMITER.match(line) or len(out) < 2 or "|" not in out[-2]:
            continue
        body = n
        while n < len(lines) and lines[n].lstrip().startswith("|"):
            n += 1
        out.extend(lines[body : min(n, body + rows)])
        if n - body > rows:
            out.extend(["", f"*{note(n - body - rows)}*", ""])
    return "\n".join(out)


class WikiPreview(QWidget):
    """Shows a rendered wiki; ``keep`` chooses which pages (by id) this preview lists.

    Signals:
        langChanged(str): the document language was switched in the preview ("ja" or "en").
        refreshed(): a wiki requested (or why there is none) is on screen (tests wait for it).
    """

    langChanged = Signal(str)
    refreshed = Signal()

    def __init__(self, keep: Callable[[str], bool] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keep = keep or (lambda page_id: True)
        self.pages: list[WikiPage] = []
        self._runs = LatestRun(self)  # the wiki rendered on a worker, the latest request winning
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = FlowLayout()
        title = QLabel(self.tr("Wiki preview"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Document language:")))
        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("previewLangCombo")
        self.lang_combo.setAccessibleName(self.tr("Document language of the preview and the exports"))
        self.lang_combo.addItem("日本語", "ja")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.currentIndexChanged.connect(lambda _=0: self.langChanged.emit(self.lang_combo.currentData()))
        top.addWidget(self.lang_combo)
        self.source_button = QToolButton()
        self.source_button.setObjectName("previewSourceButton")
        self.source_button.setText(self.tr("Markdown"))
        self.source_button.setToolTip(self.tr("Show the Markdown source that the export writes"))
        self.source_button.setCheckable(True)
        self.source_button.toggled.connect(lambda _=False: self._show_current())
        top.addWidget(self.source_button)
        layout.addLayout(top)

        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("previewSplitter")
        self.page_list = QListWidget()
        self.page_list.setObjectName("wikiPageList")
        self.page_list.setAccessibleName(self.tr("Wiki pages"))
        self.page_list.currentRowChanged.connect(lambda _=0: self._show_current())
        self.browser = QTextBrowser()
        self.browser.setObjectName("wikiPreview")
        self.browser.setAccessibleName(self.tr("Preview of the wiki page"))
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        splitter.addWidget(self.page_list)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 600])
        layout.addWidget(splitter, 1)
        colours.changed().connect(self._scheme_changed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Override QWidget.resizeEvent: the page list beside the text where both have room to be read (the text at
        least :data:`TEXT_CHARS` wide), else above it (a third of the height)."""
        super().resizeEvent(event)
        char = self.fontMetrics().horizontalAdvance("あ")
        text = TEXT_CHARS * char + self.browser.verticalScrollBar().sizeHint().width() + 2 * self.browser.frameWidth()
        beside = self.width() >= LIST_CHARS * char + self.splitter.handleWidth() + text
        wanted = Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            length = self.splitter.width() if beside else self.splitter.height()
            self.splitter.setSizes([length * 4 // 15, length * 11 // 15] if beside else [length // 3, length - length // 3])
        elif beside and self.splitter.sizes()[1] < text:  # narrowed: the list gives way to the text
            self.splitter.setSizes([self.splitter.width() - text, text])

    def set_lang(self, lang: Lang) -> None:
        self.lang_combo.blockSignals(True)
        self.lang_combo.setCurrentIndex(0 if lang == "ja" else 1)
        self.lang_combo.blockSignals(False)

    def show_wiki(self, wiki: Wiki, first: str | None = None) -> None:
        """Show ``wiki``, staying on the page the reader was on (else ``first``)."""
        current = self.current_page_id() or first
        self.pages = [p for p in wiki.all_pages() if self.keep(p.id)]
        self.page_list.blockSignals(True)
        self.page_list.clear()
        for page in self.pages:
            item = QListWidgetItem(("    " if page.parent else "") + page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.id)
            item.setToolTip(page.title)  # a data source's name may be longer than the list is wide
            self.page_list.addItem(item)
        ids = [p.id for p in self.pages]
        self.page_list.setCurrentRow(ids.index(current) if current in ids else 0)
        self.page_list.blockSignals(False)
        self._show_current(keep_scroll=self.browser.document().characterCount() > 1 and current == self.current_page_id())

    @property
    def idle(self) -> bool:
        """Nothing requested or rendering."""
        return self._runs.idle

    def request(self, render: Callable[[], Wiki], first: str | None, problem: Callable[[UserError], str]) -> None:
        """Show the wiki ``render`` builds (on a worker: it reads the database, touches no widget),
        staying on the reader's page (else ``first``); a refusal is shown as ``problem`` says it.
        The latest request wins: one made while a render runs waits for it, then only the newest runs."""
        self._runs.request(render, lambda wiki: self._rendered(wiki, first), lambda error: self._failed(error, problem))

    def _rendered(self, wiki: Wiki, first: str | None) -> None:
        self.show_wiki(wiki, first)
        self.refreshed.emit()

    def _failed(self, error: BaseException, problem: Callable[[UserError], str]) -> None:
        self._show_message(problem(error) if isinstance(error, UserError) else str(error))  # (a bug: the one error handler said it already)
        self.refreshed.emit()

    def show_problem(self, message: str) -> None:
        """Why there is no wiki to show (no project open): a render still running is dropped."""
        self._runs.drop()
        self._show_message(message)

    def _show_message(self, message: str) -> None:
        self.pages = []
        self.page_list.clear()
        self.browser.setPlainText(message)

    def current_page_id(self) -> str | None:
        item = self.page_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_page(self, page_id: str) -> None:
        for row in range(self.page_list.count()):
            if self.page_list.item(row).data(Qt.ItemDataRole.UserRole) == page_id:
                self.page_list.setCurrentRow(row)
                return

    def current_markdown(self) -> str:
        row = self.page_list.currentRow()
        return self.pages[row].markdown if 0 <= row < len(self.pages) else ""

    def _show_current(self, keep_scroll: bool = False) -> None:
        """Show the selected page; after an edit the reader keeps their place on the page."""
        text = self.current_markdown()
        scroll = self.browser.verticalScrollBar().value()
        if self.source_button.isChecked():
            self.browser.setPlainText(text)
        else:  # a table of thousands of rows is cut (the export and the Markdown view have it whole)
            text = bounded_tables(text, lambda count: self.tr("… and %n more row(s): the exported page and the Markdown view have them all.", "", count))
            self.browser.document().setMarkdown(text, MARKDOWN_FEATURES)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)  # else Qt scrolls to the old cursor position
        self.browser.verticalScrollBar().setValue(scroll if keep_scroll else 0)

    def _scheme_changed(self) -> None:
        """The desktop's colour scheme changed: the page laid out again, its links in the new one's link colour
        (Qt writes the palette's link colour into the page when it reads the Markdown)."""
        if self.pages and not self.source_button.isChecked():
            self._show_current(keep_scroll=True)

    def _follow(self, url: QUrl) -> None:
        """A link to another page of the wiki opens it here; anything else is ignored."""
        target = urllib.parse.unquote(url.toString()).removesuffix(".md")
        for row, page in enumerate(self.pages):
            if page.stem == target:
                self.page_list.setCurrentRow(row)
                return
