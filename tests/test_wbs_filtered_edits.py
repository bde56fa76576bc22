"""Editing the WBS while a filter is on: a task an edit takes out of the filter leaves the view and
comes back on undo, the current row and the open branches survive the filter's changes, and the
model stays a correct Qt model throughout (the model itself leaves filtered-out rows out)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window
from tests.gui_helpers import wbs_find as find
from tests.gui_helpers import wbs_search as search
from tests.gui_helpers import wbs_shown as shown


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.show_page("wbs")
    yield win
    close_window(win)


@pytest.fixture
def page(window):
    return window.page("wbs")


def test_an_edit_that_takes_a_task_out_of_the_filter_hides_it_once_its_editor_closes(window, page, qtbot, qtmodeltester) -> None:
    qtmodeltester.check(page.proxy)
    search(page, qtbot, "Experiment rules")
    assert "Experiment rules (wiki)" in shown(page) and len(shown(page)) < len(page.model.tree.tasks)
    task = find(page, "Experiment rules (wiki)")
    index = page.proxy.mapFromSource(page.model.index_of(task, INDEX["title"]))
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    editor = page.tree.findChild(QLineEdit, "wbsEditor_title")
    editor.setText("実験ルール")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.service.tree(page.state.project_id).tasks[task].title == "実験ルール")
    qtbot.waitUntil(lambda: "実験ルール" not in shown(page))  # the edit no longer matches: the row leaves
    assert not page.model.index_of(task).isValid()  # hidden: no row, nothing to paint
    window.undo_action.trigger()
    assert "Experiment rules (wiki)" in shown(page)
    page.clear_filters()
    assert "実験ルール" not in shown(page) and len(shown(page)) == len(page.model.tree.tasks)
    qtmodeltester.check(page.proxy)


def test_a_task_typed_into_the_filter_appears_and_the_current_row_survives_the_filter(window, page, qtbot) -> None:
    search(page, qtbot, "Experiment rules")
    keep = find(page, "Experiment rules (wiki)")
    page.select_task(keep)
    other = find(page, "2. Document management")
    assert "2. Document management" not in shown(page)
    page.commit(page.service.update(page.state.project_id, [other], notes="Experiment rules list them"), "edit")
    assert "2. Document management" in shown(page)  # its notes match now
    assert page.current_id() == keep
    # Narrowing keeps the current row; clearing shows everything with the same row current and open.
    search(page, qtbot, "Experiment rules (wiki")
    assert page.current_id() == keep and shown(page)[-1] == "Experiment rules (wiki)"
    page.clear_filters()
    assert page.current_id() == keep
    assert page.tree.isExpanded(page.tree.currentIndex().parent())


def test_structural_edits_and_undo_under_a_filter_keep_the_outline_right(window, page, qtbot, qtmodeltester) -> None:
    page.filters.not_agreed.setChecked(True)
    qtmodeltester.check(page.proxy)
    leaf = next(t for t in page.model.tree.walk() if not t.agreed and not page.model.tree.has_children(t.id) and page.model.index_of(t.id).row() > 0)
    page.select_task(leaf.id)
    page.indent()
    moved = page.model.tree.tasks[leaf.id]
    assert moved.parent_id != leaf.parent_id
    parent_row = page.proxy.mapFromSource(page.model.index_of(moved.parent_id))
    assert page.model.task(page.proxy.mapToSource(page.proxy.index(page.model.index_of(leaf.id).row(), 0, parent_row))).title == leaf.title
    window.undo_action.trigger()
    assert page.model.tree.tasks[leaf.id].parent_id == leaf.parent_id
    page.clear_filters()
    assert len(shown(page)) == len(page.model.tree.tasks)
    # The whole outline in the tree's order, as read from the database.
    assert shown(page) == [t.title for t in page.service.tasks(page.state.project_id)]
