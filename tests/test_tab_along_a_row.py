"""Tab and Shift+Tab in an open cell editor of the WBS tree go along the row, as in the pages' tables
(fix 48e): the next / previous editable cell of the task, in the columns' shown order, then on to the row
below / above; Tab in the conflict dialog's merge box moves the focus on (no tab character typed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from app.ui.wbs.columns import INDEX
from tests.gui_helpers import settle, wbs_find


def _editable_shown(page, index) -> list[int]:
    header = page.tree.header()
    shown = [header.logicalIndex(v) for v in range(header.count())]
    return [c for c in shown if not header.isSectionHidden(c) and index.siblingAtColumn(c).flags() & Qt.ItemFlag.ItemIsEditable]


def _open(window, qtbot, page, index) -> None:
    page.tree.setCurrentIndex(index)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.tree.state() == QAbstractItemView.State.EditingState)


def test_tab_and_shift_tab_in_a_wbs_cell_go_along_the_row_then_to_the_next_row(japanese_window, qtbot) -> None:
    window = japanese_window
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    task = wbs_find(page, "WBS作成")
    title = page.proxy.mapFromSource(page.model.index_of(task, INDEX["title"]))
    columns = _editable_shown(page, title)
    assert columns[:2] == [INDEX["title"], INDEX["completion_condition"]]
    _open(window, qtbot, page, title)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    settle(window)
    current = page.tree.currentIndex()
    assert (current.row(), current.parent(), current.column()) == (title.row(), title.parent(), INDEX["completion_condition"])
    assert page.tree.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    settle(window)
    current = page.tree.currentIndex()
    assert (current.row(), current.parent(), current.column()) == (title.row(), title.parent(), INDEX["title"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    settle(window)
    last = title.siblingAtColumn(columns[-1])  # the row's last editable cell: Tab opens the first of the row below
    _open(window, qtbot, page, last)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    settle(window)
    below = page.tree.indexBelow(title)
    current = page.tree.currentIndex()
    assert (current.row(), current.parent(), current.column()) == (below.row(), below.parent(), _editable_shown(page, below)[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    settle(window)
    current = page.tree.currentIndex()
    assert (current.row(), current.parent(), current.column()) == (title.row(), title.parent(), columns[-1])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    settle(window)
    qtbot.keyClick(page.tree, Qt.Key.Key_Tab)  # no editor open: Tab leaves the tree
    assert not page.tree.hasFocus()


def test_tab_leaves_the_conflict_dialogs_merge_box(qtbot) -> None:
    from app.ui.window.conflict_dialog import Clash, ConflictDialog

    dialog = ConflictDialog("“A”", [Clash("notes", "Notes", "theirs", "mine", "")])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.merge_button.click()
    box = dialog.merge_edits["notes"]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    text = box.toPlainText()
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == text and QApplication.focusWidget() is not box and dialog.isAncestorOf(QApplication.focusWidget())
    dialog.reject()
