"""breaker31a: the WBS page of the Japanese window on the demo project tried as a demanding Japanese
MLOps consultant would: undo and redo after every kind of edit with an editor open, bad values typed
into cells, and two windows (or a colleague's process) on one database editing the same plan.

Each test is a defect found, a strict xfail until it is fixed (the reason says what the user sees and
where the cause probably is).

Tried: Edit ▸ Undo then Redo after a cell edit of the title, estimate, start, predecessors, completion
condition and priority, after indent, outdent, move up and down, add task, add sub-task and delete,
each with a title editor open on another row and on the row itself, with and without typing in it
(the typing is one step back, the edit the next); an undo of an added task a colleague then gave a
sub-task (refused, said in the status bar, both kept); an undo of a delete after a colleague renamed
the deleted task's predecessor; estimates -1, NaN, 1e308 (refused, named), -0, full-width ０．０００１;
predecessors naming the task itself, its summary, a cycle, a lag of -99999, "2.1FS+1d"; a title of
10,000 characters, a lead of -3 days, a finish before the start, CR/ESC/<&> in notes through the MS
Project XML read back with MPXJ; add sub-task and cell edits of a task deleted in another window (said,
with what was typed); ``project import`` of an XML file with entity declarations and ``import wbs`` of
an MS Project XML (refused in one Japanese line: there is no MS Project XML import to attack).
Held: all of those. Noticed, not recorded: an estimate of 1e-320 is kept and shown 9.99989e-321; "2.1, 2.1+3"
keeps the first link and drops the +3 without a word (the documented rule). Not tried for lack of time: levelling and generate under undo with an editor open,
the Gantt with company holidays, the Excel round trip.
"""

from __future__ import annotations

import pytest

from app.ui.wbs.model import column_index
from app.wbs.service import WbsService
from tests.gui_helpers import settle

TASK = 13  # 2.3 WBS作成
NEWEST = 86  # 2.9 店舗スタッフによる目視評価の段取り: the task with the highest id in the demo
DELETED = 15  # 2.5 評価指標・撤退ラインの合意


@pytest.fixture
def window(japanese_window):
    japanese_window.show_page("wbs")
    settle(japanese_window)
    return japanese_window


def stored(window):
    return WbsService(window.state.workspace.db).tree(window.state.project_id)


def elsewhere(window) -> WbsService:
    """Another window or process on the same database (its writes reach this window on its next poll)."""
    return WbsService(window.state.workspace.db)


# --- a task deleted in another window, edited in this one before it has noticed -------------------------


def test_predecessors_typed_into_a_task_deleted_elsewhere_are_said_back(window, said) -> None:
    page = window.page("wbs")
    elsewhere(window).delete(window.state.project_id, [NEWEST])  # a colleague deletes 2.9
    page.model.setData(page.model.index_of(NEWEST, column_index("predecessors")), "2.1")  # not noticed yet here
    settle(window)
    assert not any(text.startswith("CRASH") for text in said), said
    assert any("削除" in text and "2.1" in text for text in said), said


def test_a_predecessor_deleted_in_another_window_is_said_deleted(window, said) -> None:
    page = window.page("wbs")
    elsewhere(window).delete(window.state.project_id, [DELETED])  # a colleague deletes 2.5
    page.model.setData(page.model.index_of(16, column_index("predecessors")), "2.5")  # 2.6 after 2.5, as this table shows
    settle(window)
    assert said, "nothing said"
    assert "同じ WBS" not in said[0] and "削除" in said[0] and "評価指標・撤退ラインの合意" in said[0], said


def test_indenting_a_task_deleted_in_another_window_says_it_is_gone(window, said) -> None:
    page = window.page("wbs")
    page.select_task(NEWEST)
    elsewhere(window).delete(window.state.project_id, [NEWEST])
    page.indent()
    settle(window)
    assert any("もうありません" in text or "削除" in text for text in said), said
    assert NEWEST not in page.model.tree.tasks  # the row deleted elsewhere has left the table


def test_a_date_typed_into_a_task_deleted_elsewhere_never_lands_on_the_task_that_took_its_id(window, said) -> None:
    page = window.page("wbs")
    pid = window.state.project_id
    colleague = elsewhere(window)
    colleague.delete(pid, [NEWEST])
    created = colleague.add_task(pid, 2, None, title="同僚の新しいタスク", phase="planning", owner_role="mlops").created[0]
    page.model.setData(page.model.index_of(NEWEST, column_index("not_before")), "2026/12/10")  # 2.9 as still shown here
    settle(window)
    assert stored(window).tasks[created].not_before is None, f"the colleague's task {created} took the date typed into 2.9"
    assert any("削除" in text for text in said), said


# --- bad values typed into cells ------------------------------------------------------------------------


def test_an_estimate_with_an_underscore_is_refused_not_read_as_ten_times_more(window, said) -> None:
    page = window.page("wbs")
    page.model.setData(page.model.index_of(TASK, column_index("estimate_days")), "1_5")
    settle(window)
    assert stored(window).tasks[TASK].estimate_days == 3.5
    assert said and "1_5" in said[0], said
