"""A value the task refused, held as a draft in its WBS cell, then a valid value typed over it (saved): Ctrl+Z takes
that value back and the cell is as it was before it, the refused typing shown again as a draft (the last notes:
"Ctrl+Z after a valid value typed over a refused WBS draft brings back the stored value, not the draft"). Ctrl+Y
saves the valid value again and lets the draft go; Escape in the cell once the draft is back drops it for good.
Real widgets, Japanese: the cell opened with F2 in ``wbsTree``, typed into with key events, Enter; Undo and Redo
from the Edit menu's actions.
"""

from __future__ import annotations

from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, settle
from tests.test_breaker43a import open_cell, stored
from tests.test_drafts_on_disk_pages import kept_files
from tests.test_wbs_refused_drafts import TASK, drafted, refused_in, shown, typed


def test_undo_of_a_value_typed_over_a_held_one_shows_the_held_one_again_redo_lets_it_go(qtbot, db_path, said) -> None:
    window, task, before = refused_in(qtbot, db_path, said, "estimate_days", TASK, "99999")
    assert drafted(window, task, "estimate_days") and shown(window, task, "estimate_days") == "99999"
    typed(qtbot, window, task, "estimate_days", "3")  # valid: saved, the draft let go
    assert stored(window).tasks[task].estimate_days == 3 and drafts_of(window.state).count() == 0
    window.undo_action.trigger()
    settle(window)
    assert stored(window).tasks[task].estimate_days == before.estimate_days  # the stored value as it was
    assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days")  # and the typing held
    assert len(kept_files()) == 1  # on disk again
    window.redo_action.trigger()
    settle(window)
    assert stored(window).tasks[task].estimate_days == 3
    assert shown(window, task, "estimate_days") == "3" and not drafted(window, task, "estimate_days")
    assert drafts_of(window.state).count() == 0
    window.undo_action.trigger()  # and back once more
    settle(window)
    assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days")
    close_window(window)


def test_escape_on_the_draft_an_undo_brought_back_drops_it_for_good(qtbot, db_path, said) -> None:
    from PySide6.QtCore import Qt

    window, task, before = refused_in(qtbot, db_path, said, "start", TASK, "2026/02/30")
    typed(qtbot, window, task, "start", "2026/12/07")
    window.undo_action.trigger()
    settle(window)
    assert shown(window, task, "start") == "2026/02/30" and drafted(window, task, "start")
    editor = open_cell(window, qtbot, task, "start")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle(window)
    assert drafts_of(window.state).count() == 0 and not drafted(window, task, "start")
    window.redo_action.trigger()
    settle(window)
    window.undo_action.trigger()
    settle(window)
    assert stored(window).tasks[task].start == before.start
    assert drafts_of(window.state).count() == 0 and not drafted(window, task, "start")  # given up: not back
    close_window(window)


def test_a_later_edit_then_two_undos_bring_the_held_value_back(qtbot, db_path, said) -> None:
    window, task, _before = refused_in(qtbot, db_path, said, "estimate_days", TASK, "99999")
    typed(qtbot, window, task, "estimate_days", "3")
    typed(qtbot, window, task, "estimate_days", "4")
    window.undo_action.trigger()  # 4 taken back: 3 shown, no draft
    settle(window)
    assert shown(window, task, "estimate_days") == "3" and not drafted(window, task, "estimate_days")
    window.undo_action.trigger()  # 3 taken back: the typing it was typed over
    settle(window)
    assert shown(window, task, "estimate_days") == "99999" and drafted(window, task, "estimate_days")
    close_window(window)
