"""breaker39c: the pages' wrapping rows (FlowLayout), the one scroll area around the page stack ("pageScroll") and
Tab leaving item views (focusChanged), tried in the Japanese window as a demanding consultant would.

Tried: every page at 760x420, 911x512, 1366x768, 1920x1080 and back to 760x420 (scroll bars, page sizes, the
flow rows' lines, buttons cut, widgets in one row overlapping); the keyboard focus brought into view by Ctrl+F when
the page is scrolled down at 760x420; Tab out of a table focused by a mouse click and of a tree focused by Ctrl+F;
a language switch at 760x420 (the scroll area keeps the page, the rows still wrap).
Held: no scroll bar at 1366x768 and 1920x1080 on any page; at every size no button label cut and no two widgets of
one flow row overlapping; coming back to 760x420 the rows wrap again; Tab leaves a table focused by a click and the
hearing tree; Tab at 760x420 keeps the new focus partly in view; the language switch keeps the stack in pageScroll.
Defects (strict xfails):
- At 911x512 and 760x420, once the pages were visited, every page scrolls as far as the largest page needs (the
  Exports page, which needs 68x68, gets both scroll bars, 287 px sideways at 760x420): the scroll area sizes to the
  QStackedWidget, whose minimum / height-for-width is the largest over all its pages. (The WBS page alone, the only
  one visited, scrolls no further than it needs: kept as a passing test.)
- Ctrl+F on the hearing page scrolled to its bottom at 760x420 puts the focus in the search box out of view: the
  shortcut's setFocus does not ensureWidgetVisible (only Tab through QScrollArea.focusNextPrevChild does).
Noted, not counted: the Data platform & CI page at 1366x768 has a flow row 26 px high whose heightForWidth says 36.
Not tried (time): a view in a dialog opened before the window (Settings at first start), the large editor, DPI
scale 150 %, the WBS/Gantt splitter's share at each size.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from app.ui.widgets.flow_layout import FlowLayout
from tests.gui_helpers import settle

SIZES = [(760, 420), (911, 512), (1366, 768), (1920, 1080), (760, 420)]


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.resize(1366, 768)
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)
    settle(japanese_window)
    return japanese_window


def page_scroll(window) -> QScrollArea:
    return window.findChild(QScrollArea, "pageScroll")


def every_page(window):
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(window)
        yield window.current_page()


def in_view(window, widget: QWidget) -> bool:
    """Whether ``widget`` is whole inside the page scroll area's viewport."""
    viewport = page_scroll(window).viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


# --- the rows and the scroll area at each size ------------------------------------------------------------


def test_every_page_at_every_size_buttons_whole_rows_apart_no_needless_scroll_bar(window) -> None:
    scroll = page_scroll(window)
    for size in SIZES:
        window.resize(*size)
        for page in every_page(window):
            where = (size, page.objectName())
            assert scroll.widget() is window.stack, where
            for button in page.findChildren(QAbstractButton):
                if button.isVisible() and button.text():
                    assert button.width() >= button.minimumSizeHint().width(), (where, button.text())
            for flow in page.findChildren(FlowLayout):
                shown = [flow.itemAt(n).widget() for n in range(flow.count())]
                boxes = [w.geometry() for w in shown if w is not None and w.isVisible()]
                assert not any(a.intersects(b) for n, a in enumerate(boxes) for b in boxes[n + 1:]), where
            if size[0] >= 1366:
                assert not scroll.horizontalScrollBar().isVisible(), where
                assert not scroll.verticalScrollBar().isVisible(), where
                headers = [flow for flow in page.findChildren(FlowLayout) if flow.parentWidget().objectName() != "followupEditor"]
                assert all(flow.line_count() == 1 for flow in headers), where  # (the follow-up row wraps in the narrow item editor)
    assert any(flow.line_count() > 1 for flow in window.page("wbs").findChildren(FlowLayout))  # wraps again


@pytest.mark.parametrize("size", [(911, 512), (760, 420)])
def test_a_page_scrolls_only_as_far_as_its_own_size_needs(window, size) -> None:
    window.resize(*size)
    for _page in every_page(window):  # every page visited once (the Experiment page is the widest)
        pass
    scroll = page_scroll(window)
    for page_id in ("exports", "wbs", "hearing"):
        window.show_page(page_id)
        settle(window)
        page, viewport = window.page(page_id), scroll.viewport().size()
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        assert scroll.horizontalScrollBar().maximum() <= max(0, least.width() - viewport.width()), page_id
        needed = page.heightForWidth(viewport.width()) if page.hasHeightForWidth() else least.height()
        assert scroll.verticalScrollBar().maximum() <= max(0, max(needed, least.height()) - viewport.height()), page_id


# --- the keyboard focus ---------------------------------------------------------------------------------


def test_ctrl_f_on_a_scrolled_page_shows_the_search_box(window, qtbot) -> None:
    """(The System planning page: at 760x420 the hearing page, as large as it needs since fix39c, scrolls by
    too little to hide its search box.)"""
    window.resize(760, 420)
    window.show_page("system-planning")
    settle(window)
    scroll = page_scroll(window)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    settle(window)
    box = next(e for e in window.page("system-planning").findChildren(QLineEdit) if e.objectName().endswith("Search"))
    assert box is not None and not in_view(window, box)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(box.hasFocus)
    settle(window)
    assert in_view(window, box)


def test_tab_from_a_field_below_the_fold_brings_the_next_into_view(window, qtbot) -> None:
    window.resize(760, 420)
    window.show_page("hearing")
    settle(window)
    box = window.page("hearing").findChild(QLineEdit, "hearingSearch")
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        settle(window)
        focus = QApplication.focusWidget()
        if window.stack.isAncestorOf(focus):
            visible = focus.visibleRegion().boundingRect()
            assert not visible.isEmpty(), focus.objectName() or type(focus).__name__


def test_tab_leaves_a_table_focused_by_a_mouse_click(window, qtbot) -> None:
    window.resize(760, 420)
    window.show_page("wbs")
    settle(window)
    view = window.page("wbs").tree
    scroll = page_scroll(window)
    scroll.ensureWidgetVisible(view)
    index = view.model().index(0, 0)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert view.hasFocus(), QApplication.focusWidget()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert not view.hasFocus() and QApplication.focusWidget() is not None
    assert view.currentIndex().row() == 0


def test_tab_leaves_the_tree_focused_by_ctrl_f_then_shift_tab(window, qtbot) -> None:
    window.show_page("hearing")
    settle(window)
    page = window.page("hearing")
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = page.findChild(QLineEdit, "hearingSearch")
    qtbot.waitUntil(box.hasFocus)
    tree = page.findChild(QAbstractItemView, "hearingTree")
    for _ in range(10):
        if tree.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert tree.hasFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    assert not tree.hasFocus()


# --- a language switch ------------------------------------------------------------------------------------


def test_a_language_switch_at_760x420_keeps_the_page_in_its_scroll_area_and_the_rows_wrapped(window, qtbot) -> None:
    window.resize(760, 420)
    window.show_page("wbs")
    settle(window)
    window.set_ui_lang("en")
    settle(window)
    window.set_ui_lang("ja")
    settle(window)
    scroll = page_scroll(window)
    assert scroll.widget() is window.stack
    page = window.current_page()
    assert page is window.page("wbs")
    flows = page.findChildren(FlowLayout)
    assert flows and any(flow.line_count() > 1 for flow in flows)
    for button in page.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            assert button.width() >= button.minimumSizeHint().width(), button.text()
    window.resize(1366, 768)
    settle(window)
    assert not scroll.verticalScrollBar().isVisible() and not scroll.horizontalScrollBar().isVisible()


def test_the_wbs_page_alone_scrolls_only_as_far_as_it_needs(qtbot, db_path, monkeypatch) -> None:
    from app.ui import messages
    from tests.gui_helpers import make_window

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja", page="wbs")
    window.resize(760, 420)
    settle(window)
    scroll, page = page_scroll(window), window.page("wbs")
    assert window.current_page() is page
    width = scroll.viewport().width()
    needed = max(page.heightForWidth(width), page.minimumSizeHint().height())
    assert scroll.verticalScrollBar().maximum() <= max(0, needed - scroll.viewport().height())
