"""The WBS search box: it filters when typing pauses or on Enter, never on every key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from tests.gui_helpers import close_window, make_window


@pytest.fixture
def page(qtbot, db_path):
    window = make_window(qtbot, db_path)
    window.show_page("wbs")
    yield window.page("wbs")
    close_window(window)


def shown_titles(page) -> list[str]:
    """The titles of the rows one can see: every expanded branch walked."""
    result = []

    def walk(parent: QModelIndex) -> None:
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            result.append(page.model.task(page.proxy.mapToSource(index)).title)
            if page.tree.isExpanded(index):
                walk(index)

    walk(QModelIndex())
    return result


def test_typing_filters_once_it_pauses_and_enter_at_once(page, qtbot) -> None:
    search = page.findChild(QLineEdit, "wbsSearch")
    everything = len(shown_titles(page))
    qtbot.keyClicks(search, "rules")
    assert page.filters.search_pending() and len(shown_titles(page)) == everything  # the keys only typed
    qtbot.waitUntil(lambda: not page.filters.search_pending())
    assert "Experiment rules (wiki)" in shown_titles(page) and len(shown_titles(page)) < everything
    # More text narrows what is shown; the match stays in view under its expanded parents.
    qtbot.keyClicks(search, " (wiki")
    qtbot.waitUntil(lambda: not page.filters.search_pending())
    shown = shown_titles(page)
    assert "Experiment rules (wiki)" in shown and all(t == "Experiment rules (wiki)" or "wiki" not in t.casefold() for t in shown)
    # Other text, then Enter: filtered at once, its matches shown expanded.
    search.setText("Hearing")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert not page.filters.search_pending()
    assert "Experiment rules (wiki)" not in shown_titles(page)
    assert any("hearing" in t.casefold() for t in shown_titles(page))
    # Clearing the box shows the whole outline again at once.
    search.clear()
    assert not page.filters.search_pending() and not page.proxy.criteria.active
    assert page.proxy.rowCount() == page.model.rowCount() and "Experiment rules (wiki)" in shown_titles(page)
