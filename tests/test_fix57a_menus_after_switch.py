"""Fix 57a: after a language switch while background work ran (about 1 run in 5 of
test_breaker53l's two switches under load), every Undo offer raised "Internal C++ object (QAction) already
deleted" from MainWindow.offer_undo, and Edit > Undo could no longer be greyed or offered from Python.

The action was alive, in the visible menu bar; only its Python wrapper was marked deleted. The hearing item editor
puts the answer first in the Tab order (app/ui/window/keys.py tab_first), walking Qt's focus chain with
nextInFocusChain / previousInFocusChain. For those PySide applies its return-value heuristic: the widget returned
is made the "child" of the widget asked, in PySide's own parent tracking. The walk goes past the editor to the
widget after it, at the end of the window's chain the window itself, so the window became a "child" of a widget of
the hearing page. When a language switch deleted the replaced pages (at once, or once the background work had
reported: then after the new menus were made), PySide marked every wrapper of a Qt-made object under that widget
deleted: through the window and its undo stack, the Undo and Redo actions the stack made (createUndoAction).
The walk now leaves PySide's parent tracking as it was.
"""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QLineEdit, QMainWindow, QVBoxLayout, QWidget

from app.ui.window.keys import tab_first, tab_stops
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker53k import BACKGROUND, answer, drafts
from tests.test_nothing_lost_gui import open_item, type_answer


def test_a_tab_order_walk_past_a_widget_leaves_the_windows_actions_alive_when_the_widget_goes(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    stack = QUndoStack(window)
    undo = stack.createUndoAction(window, "Undo")  # made by Qt (not by Python), as the Edit menu's
    center = QWidget()
    QVBoxLayout(center)
    window.setCentralWidget(center)
    tree = QLineEdit()  # (what precedes root: the item tree)
    center.layout().addWidget(tree)
    root = QWidget()
    QVBoxLayout(root).addWidget(QLineEdit())
    center.layout().addWidget(root)
    first = QWidget()  # built after the rest of root: last in the window's focus chain
    QVBoxLayout(first).addWidget(QLineEdit())
    root.layout().addWidget(first)
    window.show()

    assert len(tab_stops(first)) == 1  # (walks to the widget after ``first``: the window)
    tab_first(root, first)
    assert tab_stops(center) == [tree, first.findChild(QLineEdit), root.findChild(QLineEdit)]  # the order put right
    shiboken6.delete(root)

    assert shiboken6.isValid(undo)
    undo.setEnabled(False)  # raised RuntimeError: Internal C++ object (PySide6.QtGui.QAction) already deleted
    assert shiboken6.isValid(stack) and shiboken6.isValid(window)


def live_menu_action(window, name: str) -> QAction:
    """The action ``name`` of the window's menu bar now (not the window's attribute)."""
    bars = [bar for bar in window.findChildren(QWidget, "menuBar") if bar.isVisible()]
    assert len(bars) == 1, bars
    action = bars[0].findChild(QAction, name)
    assert action is not None
    return action


def held(window):
    """A background job that runs until the event returned is set (an export of a big project)."""
    from app.ui.tasks import run_in_background

    release, started, results = threading.Event(), threading.Event(), []

    def work() -> str:
        started.set()
        release.wait(30)
        return "done"

    run_in_background(work, results.append, lambda exc: results.append(f"failed: {exc}"))
    assert started.wait(10)
    return release, results


def test_language_switches_while_background_work_runs_keep_undo_and_redo_live(qtbot, db_path, monkeypatch) -> None:
    import sys

    from app.ui.tasks import background_running

    hooked: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(f"{t.__name__}: {v} " + "".join(__import__("traceback").format_tb(tb))))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        before = answer(window)
        type_answer(window, qtbot, BACKGROUND, "切替前の回答")  # one undo step; the item editor walked its Tab order
        settle(window)
        assert answer(window) == "切替前の回答"
        for lang in ("en", "ja", "en"):
            open_item(window, qtbot, BACKGROUND)  # (each switch rebuilt the hearing page: its Tab order walked again)
            window.show_page("wbs")  # the hearing page is not built again at the switch: the one replaced is the last walked
            release, results = held(window)
            try:
                window.set_ui_lang(lang)  # the replaced pages are deleted once the job has reported: after the new menus
            finally:
                release.set()
            qtbot.waitUntil(lambda results=results: not background_running() and results == ["done"], timeout=10000)
            qtbot.wait(50)
            for name in ("undoAction", "redoAction"):
                action = window.undo_action if name == "undoAction" else window.redo_action
                assert shiboken6.isValid(action), (lang, name)
                assert action is live_menu_action(window, name), (lang, name)
            window.offer_undo()  # (raised RuntimeError: ... already deleted)
            window.state.undo_stack.shown_changed()  # as a page built now says it (typingChanged -> offer_undo)
            assert window.undo_action.isEnabled()
        assert not hooked, hooked

        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # keys reach the active window only
        window.nav.setFocus()
        qtbot.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z: the Edit menu's Undo
        settle(window)
        assert answer(window) == before
        assert drafts(window) == 0
        assert window.redo_action.isEnabled() and not hooked, hooked
    finally:
        close_window(window)
