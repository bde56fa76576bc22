"""Edits a busy database kept waiting are saved by themselves once it is free, even when the page keeping one
stopped trying (its own timer not started again): the window tries them too while any waits (WaitingEdits)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from tests.gui_helpers import close_window, make_window


def test_an_edit_whose_owner_stopped_trying_is_still_tried_until_saved(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        edits = window.state.waiting_edits
        if hasattr(edits, "_again"):
            edits._again.setInterval(300)  # (4 s in the app)
        owner = QObject(window)
        tries: list[int] = []

        def retry() -> bool:  # busy twice (and never starts a timer of its own), then saved
            tries.append(1)
            if len(tries) < 3:
                return False
            edits.done(owner)
            return True

        edits.wait(owner, retry)  # kept waiting, no timer of its own
        qtbot.waitUntil(lambda: len(edits) == 0, timeout=5000)
        assert len(tries) == 3
        qtbot.wait(1000)
        assert len(tries) == 3  # nothing waits: not tried again
    finally:
        close_window(window)


def test_edits_are_tried_oldest_first_by_the_window(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        edits = window.state.waiting_edits
        if hasattr(edits, "_again"):
            edits._again.setInterval(300)
        first, second = QObject(window), QObject(window)
        order: list[str] = []
        edits.wait(first, lambda: order.append("first") or True)
        edits.wait(second, lambda: order.append("second") or True)
        qtbot.waitUntil(lambda: len(edits) == 0, timeout=5000)
        assert order == ["first", "second"]
    finally:
        close_window(window)
