"""Fix 68f: a step of a project left, stored or resolved after the switch, goes on its shelf as the stack would
have had it (app/ui/projects/undo_shelves.py UndoShelves.record / stepped); the edges break-it 68f left out: a
project left with no step yet, a burst of typing merging on the shelf, a redo tail dropped, and a waiting Undo whose
project is shown again before the server answers (its step put back, found on the stack by its change)."""

from __future__ import annotations

from app.ui.operations import run_op
from app.wbs.operations import wbs_op
from app.wbs.service import WbsService
from tests.test_breaker68f import add_project, leaves, pick, redo, tasks, type_in_cell, undo, wbs, window  # noqa: F401


def note_in(window, project_id: int, task: int, text: str, merge_key: str | None = None) -> None:  # noqa: F811
    """A note stored for ``project_id`` through the window's path (as a save kept waiting lands), whichever project is shown."""
    op = wbs_op(project_id, lambda ws: WbsService(ws.db).update(project_id, [task], notes=text))
    run_op(window.state, op, lambda: "備考の編集", merge_key)


def test_a_step_stored_for_a_project_left_with_no_history_is_its_undo(window) -> None:  # noqa: F811
    demo = window.state.project_id
    other = add_project(window, "別案件")
    task = leaves(wbs(window))[0]
    before = tasks(window)[task].notes
    assert not window.undo_action.isEnabled()
    pick(window, other)
    note_in(window, demo, task, "一つ目", "note")
    note_in(window, demo, task, "二つ目", "note")  # a burst of typing: one step, as on the stack
    assert not window.undo_action.isEnabled()  # never on 別案件's stack
    pick(window, demo)
    assert window.undo_action.text() == "元に戻す(&U) 備考の編集", window.undo_action.text()
    undo(window)
    assert tasks(window)[task].notes == before and not window.undo_action.isEnabled()
    redo(window)
    assert tasks(window)[task].notes == "二つ目"


def test_a_step_stored_for_a_project_left_drops_its_redo_tail(window) -> None:  # noqa: F811
    demo = window.state.project_id
    other = add_project(window, "別案件")
    task, second = leaves(wbs(window))[:2]
    type_in_cell(window, task, "notes", "残る")
    type_in_cell(window, second, "notes", "取り消す")
    undo(window)
    assert window.redo_action.isEnabled()
    pick(window, other)
    note_in(window, demo, task, "離れている間に保存")
    pick(window, demo)
    assert not window.redo_action.isEnabled(), window.redo_action.text()
    assert window.state.undo_stack.count() == 2
    undo(window)
    assert tasks(window)[task].notes == "残る"


def test_an_undo_waiting_for_the_server_made_after_coming_back_is_a_redo(window, qtbot, monkeypatch) -> None:  # noqa: F811
    from app.core import operations as core_ops
    from app.core.errors import UserError

    demo = window.state.project_id
    other = add_project(window, "別案件")
    task = leaves(wbs(window))[0]
    type_in_cell(window, task, "title", "データ版管理の方式決定")
    title_label = window.undo_action.text()
    type_in_cell(window, task, "notes", "会議で確認")
    real, down = core_ops.run, [True]

    def run(ws, op, project_id=None):
        if down[0]:
            raise UserError(key="db.server_unreachable", detail="connection refused")
        return real(ws, op, project_id)

    monkeypatch.setattr(core_ops, "run", run)
    window.undo_action.trigger()
    qtbot.wait(100)
    window.open_project(other)
    window.open_project(demo)  # back before the server answers: the step is put back, still waiting
    down[0] = False
    qtbot.wait(2600)
    wbs(window)
    assert tasks(window)[task].notes == ""
    assert window.redo_action.text() == "やり直し(&R) 備考の編集", window.redo_action.text()
    assert window.undo_action.text() == title_label, window.undo_action.text()
    redo(window)
    assert tasks(window)[task].notes == "会議で確認"
