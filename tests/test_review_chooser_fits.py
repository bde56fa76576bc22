"""The Review page's list of checklists shows each one's title and its status line (「3/5 met」) whole, in English and
Japanese: a title that wrapped to one line more at the width painted than at the width measured had its status line cut
(「QA4AI quality assurance axes…」 and nothing under it, at 1366x768 in English)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle

from tests.gui_helpers import close_window, make_window


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [1366, 1100, 1600])
def test_every_checklists_title_and_status_line_fit_in_its_row(qtbot, db_path, lang, width) -> None:
    window = make_window(qtbot, db_path, global_lang=lang, page="review")  # the page in front at start, as --page review
    try:
        window.resize(width, 768)
        window.show()
        chooser = window.page("review").chooser
        qtbot.waitUntil(lambda: chooser.count() == 5)
        qtbot.wait(50)  # laid out
        metrics = QFontMetrics(chooser.font())
        margin = chooser.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, chooser) + 1  # each side, as painted
        for row in range(chooser.count()):
            item = chooser.item(row)
            rect = chooser.visualItemRect(item)
            needed = metrics.boundingRect(QRect(0, 0, rect.width() - 2 * margin, 10_000), Qt.TextFlag.TextWordWrap, item.text())
            assert needed.height() <= rect.height(), (item.text(), rect, needed)
            assert rect.width() <= chooser.viewport().width() - 2 * chooser.spacing()  # no row wider than the list shows
    finally:
        close_window(window)
