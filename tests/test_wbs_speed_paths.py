"""What the WBS table shows and keeps, through the quicker paths it takes on a large plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.show_page("wbs")
    yield win
    close_window(win)


@pytest.fixture
def page(window):
    return window.page("wbs")


def find(page, title: str) -> int:
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def view_index(page, task_id: int, key: str = "title") -> QModelIndex:
    return page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key]))


def shown_ids(page) -> list[int]:
    """The tasks whose rows one can see: every expanded branch walked."""
    result = []

    def walk(parent: QModelIndex) -> None:
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            result.append(int(index.internalId()))
            if page.tree.isExpanded(index):
                walk(index)

    walk(QModelIndex())
    return result


def test_a_task_dropped_onto_a_task_without_sub_tasks_shows_under_it(page) -> None:
    moved = find(page, "Link technical and business KPIs")
    target = find(page, "Agree evaluation metrics and the exit criterion")
    assert not page.model.tree.has_children(target)
    page.tree.expandAll()
    data = page.model.mimeData([page.model.index_of(moved)])
    assert page.proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, view_index(page, target))
    assert page.model.tree.tasks[moved].parent_id == target
    assert page.tree.isExpanded(view_index(page, target)) and moved in shown_ids(page)
