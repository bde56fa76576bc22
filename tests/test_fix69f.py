"""Fix 69f: long names and customers in the Projects dialog and the switcher, a long WBS title's tooltip, the focus
shown in a page's own scroll areas (tests/test_breaker69f.py has the break-it's own)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QToolTip, QWidget

from tests import test_breaker69f as breaker
from tests.gui_helpers import settle
from tests.test_breaker69f import CUSTOMER, NAME, _projects_dialog, _properties

ja_window, long_name_and_its_copy = breaker.ja_window, breaker.long_name_and_its_copy  # (the break-it's fixtures)


def test_a_long_customer_is_cut_in_its_column_and_whole_in_its_tooltip(ja_window, monkeypatch) -> None:
    window = ja_window
    _properties(window, monkeypatch, customer=CUSTOMER)
    got = _projects_dialog(window, monkeypatch, lambda _d, table: {
        "tip": table.model().index(0, 1).data(Qt.ItemDataRole.ToolTipRole),
        "widths": [table.columnWidth(c) for c in range(4)], "room": table.viewport().width()})  # fmt: skip
    assert got["tip"] == CUSTOMER
    assert got["widths"][1] < got["room"] // 3 and got["widths"][0] >= got["room"] // 3, got  # the name keeps the most


def test_the_switcher_cuts_in_the_middle_keeps_the_whole_name_to_read_and_to_type(long_name_and_its_copy, monkeypatch) -> None:
    window, original = long_name_and_its_copy
    switcher = window.switcher
    assert switcher.currentText() == window.state.project.name  # only what is painted is cut
    index = switcher.model().index(switcher.currentIndex(), 0)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == window.state.project.name  # the open list's item
    tips: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda *a, **_k: tips.append(str(a[1])))
    QApplication.sendEvent(switcher, QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), switcher.mapToGlobal(QPoint(5, 5))))
    assert tips == [window.state.project.name]
    # type-ahead still finds a project by the start of its whole name (the copy is open: the original found)
    assert switcher.model().match(index, Qt.ItemDataRole.DisplayRole, NAME[:6]) != []
    assert original in [switcher.itemData(i) for i in range(switcher.count())]
    settle(window)


@pytest.mark.parametrize("page_id", ["experiment", "data-ci", "system-planning"])
def test_a_field_given_the_keys_without_tab_is_shown_in_the_pages_own_scroll_area(ja_window, page_id) -> None:
    """Any focus change (a shortcut, the code's setFocus), not only Tab: the page's inner area scrolls to it."""
    window = ja_window
    window.show_page(page_id)
    settle(window)
    page = window.page(page_id)
    areas = [a for a in page.findChildren(QScrollArea) if a.isVisible() and a.verticalScrollBar().maximum() > 0]
    assert areas, page_id
    area = areas[0]
    fields = [w for w in area.widget().findChildren(QWidget) if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    QApplication.processEvents()
    hidden = next(w for w in fields if not area.viewport().rect().intersects(QRect(w.mapTo(area.viewport(), QPoint(0, 0)), w.size())))
    hidden.setFocus(Qt.FocusReason.ShortcutFocusReason)
    QApplication.processEvents()
    assert QApplication.focusWidget() is hidden
    assert breaker._out_of_view(window) is None


def test_a_wbs_title_tooltip_starts_with_the_title_short_or_long(ja_window) -> None:
    """The whole title first (then the problems, where it came from, the description...), a short one too."""
    window = ja_window
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    for title in ("前処理", breaker.TASK):
        task = page.proxy.index(0, 0, page.proxy.index(0, 0))
        assert page.model.setData(page.proxy.mapToSource(task), title, Qt.ItemDataRole.EditRole)
        settle(window)
        task = page.proxy.index(0, 0, page.proxy.index(0, 0))
        first = page.proxy.data(task, Qt.ItemDataRole.ToolTipRole).split("\n")[0]
        assert first.endswith(f"  {title}") and first.split()[0][0].isdigit(), first  # its outline number, then the title
