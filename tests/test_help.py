"""Help: F1 opens the guide at the page's section; About names the licences and where data lives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QTextBrowser

from app.core import paths
from app.ui.help.licences import bundled_libraries
from tests.gui_helpers import close_window, make_window


def heading_top(browser: QTextBrowser, heading: str) -> int | None:
    """How far below the browser's top the heading's line is shown (None: out of sight)."""
    document = browser.document()
    block = document.begin()
    while block.isValid() and block.text() != heading:
        block = block.next()
    assert block.isValid(), heading
    top = int(document.documentLayout().blockBoundingRect(block).top()) - browser.verticalScrollBar().value()
    return top if 0 <= top < browser.viewport().height() else None


def test_f1_on_the_wbs_page_opens_the_guide_at_the_wbs_section(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path)
    try:
        window.show_page("wbs")
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # a shortcut reaches the active window only
        qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
        dialog = window.findChild(QDialog, "helpDialog")
        assert dialog is not None and dialog.isVisible() and not dialog.isModal()
        browser = dialog.findChild(QTextBrowser, "helpBrowser")
        margin = browser.document().documentMargin() + 1
        qtbot.waitUntil(lambda: (top := heading_top(browser, "WBS")) is not None and top <= margin)  # at the top
        assert browser.verticalScrollBar().value() > 0  # scrolled down to it, not the guide's top
    finally:
        close_window(window)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_about_lists_pyside6_under_the_lgpl_and_where_data_lives(qtbot, db_path, lang) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        window.findChild(QAction, "aboutAction").trigger()
        dialog = window.findChild(QDialog, "aboutDialog")
        assert dialog is not None and dialog.isVisible()
        text = dialog.findChild(QTextBrowser, "aboutText").toPlainText()
        cells = text.splitlines()  # the table's cells: name, version, licence
        pyside = next(n for n, cell in enumerate(cells) if cell.startswith("PySide6"))
        assert cells[pyside + 2] == "LGPL-3.0-only"
        assert "SQLAlchemy" in text and "MIT" in text
        assert str(paths.data_dir()) in text and str(db_path) in text
        # The review checklists' sources and licences, as their content files record them (issue 19).
        assert "Breck" in text and "CC BY 4.0" in text and "QA4AI" in text
        if lang == "ja":
            assert "データの保存場所" in text and "置き換える" in text  # the LGPL notice, in the UI language
        else:
            assert "Where your data lives" in text and "You may replace the Qt and PySide6 libraries" in text
        dialog.reject()
    finally:
        close_window(window)


def test_the_bundled_libraries_are_the_runtime_ones_with_their_licences() -> None:
    libraries = {lib.name.lower(): lib for lib in bundled_libraries()}
    assert libraries["sqlalchemy"].licence == "MIT"
    assert libraries["shiboken6"].licence == "LGPL-3.0-only"  # pulled in by PySide6, not listed by the app
    assert "markupsafe" in libraries  # Jinja2's, followed transitively
    assert "pytest" not in libraries and "mypy" not in libraries  # test tools are not bundled
