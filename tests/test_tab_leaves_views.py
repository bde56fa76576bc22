"""Tab and Shift+Tab leave every table and tree of the application (one rule, app/ui/window/keys.py
tab_leaves_view): on every page, in the dialogs, in the large editor and in a view made anywhere; the arrow
keys move between cells, Tab in an open cell editor still opens the next cell. A remembered window larger
than the screen comes back fitted to it (app/ui/window/geometry.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QTableWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui import settings
from app.ui.hearing.followups_dialog import FollowupsDialog
from app.ui.wide_table.dialog import WideTableDialog
from tests.gui_helpers import close_window, make_window, settle

DATA_SOURCES = "hearing.prereq.data_sources"


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    win.resize(1366, 768)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    yield win
    close_window(win)


def trapping(root: QWidget) -> list[str]:
    """The item views shown in ``root`` that would keep Tab to themselves once they have the keyboard."""
    trapped = []
    for view in root.findChildren(QAbstractItemView):
        if view.isVisible() and view.focusPolicy() & Qt.FocusPolicy.TabFocus:
            view.setFocus(Qt.FocusReason.TabFocusReason)
            QApplication.processEvents()
            assert view.hasFocus(), view.objectName()
            keys = QApplication.focusWidget()  # the view, or the one it hands the keyboard to (its focus proxy)
            if isinstance(keys, QAbstractItemView) and keys.tabKeyNavigation():
                trapped.append(f"{keys.objectName()}:{type(keys).__name__}")
    return trapped


def test_no_view_on_any_page_keeps_tab(window) -> None:
    seen = 0
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(window)
        assert trapping(window) == [], window.current_page().objectName()
        seen += sum(1 for v in window.current_page().findChildren(QAbstractItemView) if v.isVisible())
    assert seen > 10  # the pages' tables and trees were there to check


def test_no_view_in_the_dialogs_keeps_tab_and_tab_leaves_the_large_editor(window, qtbot) -> None:
    window.show_page("hearing")
    page = window.page("hearing")
    assert page.select_item(DATA_SOURCES)
    settle(window)
    table = page.editor.editors["value"]
    table.open_large_editor()
    large = table.findChild(WideTableDialog, "wideTableDialog")
    qtbot.waitExposed(large)
    assert trapping(large) == []
    view = large.view
    view.setCurrentIndex(view.model().index(0, 1))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    widget = QApplication.focusWidget()
    assert widget is not None and widget is not view and not view.isAncestorOf(widget)
    large.reject()
    followups = FollowupsDialog(window.state, lambda: None, page)
    followups.show()
    qtbot.waitExposed(followups)
    assert trapping(followups) == []
    followups.reject()


@pytest.mark.parametrize("kind", [QTableWidget, QTreeWidget])
def test_a_view_made_anywhere_lets_tab_leave_and_its_cell_editor_still_tabs_to_the_next_cell(window, qtbot, kind) -> None:
    dialog = QDialog(window)
    layout = QVBoxLayout(dialog)
    before = QLineEdit(dialog)  # made in this order: the focus chain's
    view = kind(dialog)
    after = QLineEdit(dialog)
    for widget in (before, view, after):
        layout.addWidget(widget)
    if isinstance(view, QTableWidget):
        view.setRowCount(2)
        view.setColumnCount(2)
    else:
        view.setColumnCount(2)
        view.addTopLevelItems([type(view.invisibleRootItem())(["a", "b"]), type(view.invisibleRootItem())(["c", "d"])])
        for item in (view.topLevelItem(0), view.topLevelItem(1)):
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
    dialog.show()
    qtbot.waitExposed(dialog)
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    assert not view.tabKeyNavigation()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is before
    if isinstance(view, QTableWidget):  # typing in a cell: Tab stores it and opens the next cell
        view.setFocus()
        view.edit(view.model().index(0, 0))
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit)
        editor.setText("typed")
        qtbot.keyClick(editor, Qt.Key.Key_Tab)
        assert view.item(0, 0).text() == "typed" and view.currentIndex().column() == 1
    dialog.close()


def test_a_remembered_window_larger_than_the_screen_comes_back_fitted(qtbot, db_path) -> None:
    first = make_window(qtbot, db_path)
    screen = first.screen().availableGeometry()
    first.resize(screen.width() + 600, screen.height() + 400)  # (a larger screen's, or a monitor unplugged)
    close_window(first)  # remembers its geometry
    remembered = settings.value("window/geometry")
    assert isinstance(remembered, QByteArray | bytes) and remembered
    window = make_window(qtbot, db_path)
    frame = window.frameGeometry()
    close_window(window)
    assert QRect(screen).contains(frame), (frame, screen)


def test_a_toolbar_too_wide_for_a_small_screen_names_its_more_button(window, qtbot) -> None:
    """At 911x512 (1366x768 at 150 %) the WBS page's toolbar shows Qt's » button: named in the UI language."""
    from PySide6.QtWidgets import QToolBar, QToolButton

    window.show_page("wbs")
    window.resize(911, 512)
    settle(window)
    toolbar = window.page("wbs").findChild(QToolBar, "wbsToolbar")
    more = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more.isVisible() and more.accessibleName() == more.toolTip() == "その他のツール"
