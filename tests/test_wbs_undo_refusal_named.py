"""An undo refused because a colleague changed the task since names the task as it is now (the title
the colleague gave it, the one the page shows after the refusal), never by the title the step left,
which the user no longer finds in the table; a task deleted since is named as the step left it."""

from __future__ import annotations

import pytest

from app.wbs.service import WbsService
from tests.gui_helpers import settle, wbs_find
from tests.test_breaker43a import enter, heard, open_cell, page, seen, two, type_in  # noqa: F401 (fixtures)

TASK = "データのバージョン管理"


@pytest.mark.qt_no_exception_capture
def test_an_undo_refused_names_the_task_by_its_title_now(two, qtbot, said, heard) -> None:  # noqa: F811
    a, b = two
    x = wbs_find(page(a), TASK)
    editor = open_cell(a, qtbot, x, "title")
    type_in(editor, "データのバージョン管理(DVC)")
    enter(qtbot, a, editor)
    WbsService(b.state.workspace.db).update(b.state.project_id, [x], title="データのバージョン管理(佐藤案)")
    seen(a)
    page(a).tree.setFocus()
    a.state.undo_stack.undo()
    settle(a)
    refused = [line for line in heard if line.startswith("元に戻す")]
    assert refused and "(佐藤案)」" in refused[0] and "(DVC)" not in refused[0], heard
    assert page(a).model.tree.tasks[x].title == "データのバージョン管理(佐藤案)"
