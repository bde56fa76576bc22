"""The application quitting with the window still open (a desktop session ending, QApplication.quit) destroys the
undo stack before the pages: its last indexChanged reached the WBS page's held-values hook, which then asked the
deleted stack for a step (RuntimeError: Internal C++ object (UndoStack) already deleted, a traceback on stderr,
found on a real X server). A stack gone is nothing to follow."""

from __future__ import annotations

import shiboken6

from tests.gui_helpers import make_window, settle


def test_the_undo_stack_deleted_before_the_wbs_page_raises_nothing(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    page.select_task(next(t for t, code in page.model.tree.codes.items() if code == "2.4"))
    page.actions_by_name["indent"].trigger()  # a step on the stack: its teardown moves the index
    settle(window)
    assert window.state.undo_stack.index() == 1
    with qtbot.capture_exceptions() as raised:
        shiboken6.delete(window.state.undo_stack)  # as the application's teardown does, the window still there
    assert not raised, raised
