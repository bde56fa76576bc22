"""A column the user widened by dragging its header's edge keeps its width when the page refreshes after a save
(the Data platform & CI page fitted every column to its contents again on each refresh)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit, QTableView

from tests.gui_helpers import close_window, make_window


def drag_edge(view: QTableView, column: int, by: int) -> None:
    """The user drags the right edge of a column's header by ``by`` pixels, with the mouse."""
    header = view.horizontalHeader()
    edge = header.sectionViewportPosition(column) + header.sectionSize(column) - 1
    y = header.height() // 2
    port = header.viewport()
    QTest.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge, y))
    for step in range(1, 5):
        QTest.mouseMove(port, QPoint(edge + by * step // 4, y))
    QTest.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(edge + by, y))


def test_a_widened_column_keeps_its_width_over_a_save_and_an_undo(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path)
    try:
        window.show_page("data-ci")
        page = window.page("data-ci")
        qtbot.waitUntil(lambda: page.preview.page_list.count() > 0, timeout=5000)
        view = page.findChild(QTableView, "datasetsTable")
        qtbot.waitUntil(lambda: view.isVisible() and view.model().rowCount() == 3, timeout=5000)
        header = view.horizontalHeader()
        before = header.sectionSize(1)
        drag_edge(view, 1, 120)
        qtbot.waitUntil(lambda: header.sectionSize(1) >= before + 100, timeout=2000)
        widened = header.sectionSize(1)
        fitted_others = [header.sectionSize(c) for c in (0, 2)]
        model = view.model()
        assert model.setData(model.index(0, 1), "images_2024")  # a save: the page refreshes from the change
        qtbot.waitUntil(lambda: model.index(0, 1).data() == "images_2024", timeout=3000)
        assert header.sectionSize(1) == widened
        assert [header.sectionSize(c) for c in (0, 2)] == fitted_others  # the others still fitted
        window.undo_action.trigger()
        qtbot.waitUntil(lambda: model.index(0, 1).data() == "product_images", timeout=3000)
        assert header.sectionSize(1) == widened
    finally:
        close_window(window)


def test_the_proposal_summary_keeps_a_widened_column_over_an_undo(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja", page="proposal")
    try:
        window.show_page("proposal")
        page = window.page("proposal")
        qtbot.waitUntil(lambda: page.preview.shown_generation > 0, timeout=5000)
        view = window.findChild(QTableView, "scopeTable")
        tabs = view.parent()
        while tabs is not None and not view.isVisible():  # the summary's tab brought forward
            if hasattr(tabs, "setCurrentWidget") and hasattr(tabs, "indexOf"):
                for n in range(tabs.count()):
                    if tabs.widget(n).isAncestorOf(view):
                        tabs.setCurrentIndex(n)
            tabs = tabs.parent()
        qtbot.waitUntil(view.isVisible, timeout=2000)
        header = view.horizontalHeader()
        before = header.sectionSize(1)
        drag_edge(view, 1, 90)
        qtbot.waitUntil(lambda: header.sectionSize(1) >= before + 70, timeout=2000)
        widened = header.sectionSize(1)
        edit = window.findChild(QPlainTextEdit, "section_purpose")
        edit.setFocus()
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        generation = page.preview.shown_generation
        qtbot.keyClicks(edit, " more")
        qtbot.waitUntil(lambda: page.preview.shown_generation > generation, timeout=5000)
        generation = page.preview.shown_generation
        window.undo_action.trigger()  # the page shows what is stored again: its summary refitted
        qtbot.waitUntil(lambda: page.preview.shown_generation > generation, timeout=5000)
        assert not edit.toPlainText().endswith(" more")
        assert header.sectionSize(1) == widened
    finally:
        close_window(window)
