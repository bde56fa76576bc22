"""The user guide (F1) rendered from resources/help/guide.LANG.md, opened at the current page's section."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from app.core import paths
from app.core.i18n import Lang
from app.ui.desktop import open_links_outside
from app.ui.widgets import colours
from app.ui.window.geometry import fit_dialog

# The guide's section for each page: the heading's id, written in the guide as "## WBS {#wbs}".
PAGE_SECTIONS = {
    "proposal": "proposal",
    "hearing": "hearing",
    "wbs": "wbs",
    "experiment": "environment",
    "data-ci": "environment",
    "system-planning": "system-planning",
    "review": "review",
    "exports": "exports",
}
HEADINGS = {f"h{n}" for n in range(1, 7)}


def guide_path(lang: Lang) -> Path:
    return paths.resources_dir() / "help" / f"guide.{lang}.md"


def guide_html(text: str) -> str:
    """The guide's Markdown as sanitised HTML; a heading's ``{#id}`` is its anchor (QTextBrowser.scrollToAnchor).

    Python-Markdown, not Qt's own Markdown reader: Qt follows CommonMark, where ``**強調**で``
    (emphasis ending in punctuation, followed by a letter) stays literal asterisks, and the
    Japanese guide is full of them. nh3 cleans the result with the app's allow-list (the guide is
    ours, but a user's copy of the resources folder is not).
    """
    import markdown
    import nh3

    from app.core.files.markdown_safe import ALLOWED_TAGS, URL_SCHEMES

    html = markdown.markdown(text, extensions=["attr_list", "tables", "sane_lists"], output_format="html")
    attributes: dict[str, set[str]] = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}
    attributes.update({tag: {"id"} for tag in HEADINGS})
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=attributes, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


class HelpDialog(QDialog):
    """The user guide in a window of its own (not modal: the user keeps working beside it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        fit_dialog(self, 720, 640)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("helpBrowser")
        open_links_outside(self.browser)
        QVBoxLayout(self).addWidget(self.browser)
        self.setModal(False)
        self._html = ""  # the guide shown: laid out again when the colour scheme changes (its links' colour)
        colours.changed().connect(self._scheme_changed)

    def show_guide(self, lang: Lang, page_id: str | None = None) -> None:
        """Show the guide in ``lang`` at the section about ``page_id`` (the top when it has none)."""
        self.setWindowTitle(self.tr("User Guide"))
        self._html = ""
        try:
            self._html = guide_html(guide_path(lang).read_text(encoding="utf-8"))
            self.browser.setHtml(self._html)
        except OSError:
            self.browser.setPlainText(self.tr("The user guide is missing from this installation."))
        if self.isVisible():
            self.activateWindow()  # in front again, where the user looks
        self.show()
        section = PAGE_SECTIONS.get(page_id or "")
        if section:
            self.browser.scrollToAnchor(section)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _scheme_changed(self) -> None:
        if self._html:
            bar = self.browser.verticalScrollBar()
            position = bar.value()
            self.browser.setHtml(self._html)  # (Qt writes the palette's link colour into the page it reads)
            bar.setValue(position)
