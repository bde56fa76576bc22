"""Break-it 49b: the heap settled after a big plan's paint, the header's figures read on a worker, big document
steps undone on the step worker, a colleague's change heard while this window's work runs.

Tried:
- heap (BIG_HEAP lowered): a big plan then a small project (the big tree let go, no cyclic garbage kept frozen);
  eight colleague's edits polled on a big plan (frozen count grows only by the test's own SQLAlchemy objects and the
  header's relays below); a cell editor open and typed into when the settle fires, Enter after; a second window
  opened and closed before the timer fires
- the header: a WBS edit landing while the last one's figures are read on the worker; a held read for A, then
  File ▸ Open of B; back to A; the open project deleted / archived elsewhere; a language switch; ten edits then
  the window closed (objects left alive)
- big document steps (`big`): typing in the proposal during its own undo; typing in an environment field during
  its own undo; the window closed during the undo with a draft typed; a refused undo (the other window changed the
  field); page and language switched during the undo and the redo
- _heard_meanwhile: a colleague's note heard during a big undo with a collapsed outline and a current row, and
  with a search filter on: the outline, current row and filter kept, the colleague's note shown
Held: everything above except what Broke lists (the draft typed before a close is offered at the next start; the
  refused undo is said in Japanese, theirs kept; the settle mid-edit loses nothing).
Broke (strict xfails first, all three fixed since: the header counts the WBS changes it has seen; a job's relay is
deleted once it has reported and the job lets go of its work; a draft waiting on the window's own step is based on
what the step left):
- test_the_header_follows_a_second_edit_made_while_the_first_ones_figures_are_read: the figures of the first
  read are taken as fresh: the second edit's WBS count is never read (完了条件なし 2件 shown, 3 stored)
- test_the_headers_reads_after_edits_are_let_go_and_so_is_a_closed_window: one header read a change, each leaves
  its _Relay and callbacks alive (run_in_background's signal-connection cycle); a closed window's state is kept
- test_typing_in_an_environment_field_during_its_own_big_undo_is_saved_without_a_conflict: the draft is met with
  the conflict dialog "「フレームワーク」は、開いた後に別の場所で変更されました / 相手が保存した内容" for the user's own undo
"""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLineEdit

from app.environment.service import EnvironmentService
from app.projects.overview import overview
from app.ui.operations import run_op
from app.wbs.operations import wbs_op
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, environment_page, make_window, settle


def header_text(window) -> str:
    return window.header.summary.text()


def leaves_with_condition(window) -> list[int]:
    tree = window.page("wbs").model.tree
    return [t.id for t in tree.walk() if not tree.has_children(t.id) and (t.completion_condition or "").strip()]


def set_condition(window, task_id: int, text: str) -> None:
    state = window.state
    pid = state.project_id
    run_op(state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task_id], completion_condition=text)), lambda: "完了条件")


def wbs_figure(window) -> str:
    fresh = overview(window.state.workspace, window.state.project_id)
    return f"{fresh.wbs_without_condition}"


# --- the header ------------------------------------------------------------------------------------


def test_the_header_follows_a_second_edit_made_while_the_first_ones_figures_are_read(qtbot, db_path, monkeypatch) -> None:
    from app.ui.window import main_window

    window = make_window(qtbot, db_path, global_lang="ja")
    computed, go_on, armed = threading.Event(), threading.Event(), threading.Event()
    real = main_window.overview

    def held(ws, pid, wbs_from=None):
        info = real(ws, pid, wbs_from=wbs_from)
        if armed.is_set():
            armed.clear()
            computed.set()
            go_on.wait(10)
        return info

    monkeypatch.setattr(main_window, "overview", held)
    try:
        window.show_page("wbs")
        settle(window)
        first, second = leaves_with_condition(window)[:2]
        armed.set()
        set_condition(window, first, "")  # the header's figures: read 150 ms later on a worker
        qtbot.waitUntil(computed.is_set, timeout=5000)  # ... read, not handed back yet
        set_condition(window, second, "")  # the user's next edit meanwhile
        assert window._summary_timer.isActive()
        go_on.set()
        qtbot.waitUntil(lambda: not window._summary_runs.busy, timeout=5000)  # the first figures shown
        settle(window)  # the second edit's figures asked for and shown
        expected = overview(window.state.workspace, window.state.project_id)
        assert f"完了条件なし {expected.wbs_without_condition}件" in header_text(window), (header_text(window), expected)
        shown = window._summary
        assert shown is not None and shown.wbs_without_condition == expected.wbs_without_condition
    finally:
        go_on.set()
        close_window(window)


def test_held_a_closed_window_without_edits_is_let_go(qtbot, db_path) -> None:
    import gc
    import weakref

    window = make_window(qtbot, db_path, global_lang="ja")
    settle(window)
    state = weakref.ref(window.state)
    close_window(window)
    del window
    gc.collect()
    assert state() is None


def test_the_headers_reads_after_edits_are_let_go_and_so_is_a_closed_window(qtbot, db_path) -> None:
    import gc
    import weakref

    from shiboken6 import isValid

    from app.ui.tasks import _Relay

    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    task_id = leaves_with_condition(window)[0]
    for n in range(10):
        set_condition(window, task_id, f"条件{n}")
        settle(window)  # the header's figures read on a worker, shown
    gc.collect()
    relays = [r.objectName() for r in gc.get_objects() if isinstance(r, _Relay) and isValid(r)]
    state = weakref.ref(window.state)
    close_window(window)
    del window
    gc.collect()
    alive = state() is not None
    assert not relays and not alive, (len(relays), relays[:1], "the closed window's state alive:", alive)


# --- big document steps on the step worker ---------------------------------------------------------


def env_value(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def typed(field, text: str) -> None:
    """Text typed at the end of a line field (as an input method commits it)."""
    field.setFocus()
    field.end(False)
    field.insert(text)
    field.textEdited.emit(field.text())


@pytest.fixture
def conflicts(monkeypatch) -> list[str]:
    """The conflict dialogs shown (their title and texts), each answered "mine"."""
    from PySide6.QtWidgets import QLabel

    import app.ui.window.conflict_dialog as conflict_dialog

    shown: list[str] = []

    def answer(dialog) -> int:
        shown.append(dialog.windowTitle() + " | " + " / ".join(label.text() for label in dialog.findChildren(QLabel) if label.text()))
        dialog._done(conflict_dialog.Choice("mine"))
        return 1

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer)
    return shown


def test_typing_in_an_environment_field_during_its_own_big_undo_is_saved_without_a_conflict(qtbot, db_path, big, said, conflicts) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        stack = window.state.undo_stack
        page = environment_page(window, qtbot)
        field = page.findChild(QLineEdit, "field_frameworks")
        typed(field, " X")
        settle(window)
        assert env_value(window, "frameworks") == "PyTorch X"
        window.undo_action.trigger()
        assert stack.worker.running  # (a document of 5 values or more: on the step worker)
        typed(field, " Y")  # the user goes on typing meanwhile: a draft, saved after
        qtbot.waitUntil(lambda: not stack.worker.running, timeout=15000)
        settle(window)
        assert env_value(window, "frameworks") == "PyTorch X Y"  # (saved: the user chose "mine" in the dialog)
        assert not conflicts, conflicts  # 「フレームワーク」は、開いた後に別の場所で変更されました… / 相手が保存した内容
        assert not said
    finally:
        close_window(window)
