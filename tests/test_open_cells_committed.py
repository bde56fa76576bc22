"""The window commits every table cell being typed before it leaves what is shown (AppState.finish_editing,
app.ui.wide_table.frozen.commit_open_editors): a menu takes no focus, so an open cell editor would not
commit by itself before a project switch, a language switch, closing the window or Edit ▸ Undo (the others
are tried in tests/test_breaker24a.py)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from app.ui.wide_table.frozen import FrozenColumnView, commit_open_editors
from tests.gui_helpers import settle

TYPED = "会議で直した値"


@pytest.fixture
def window(japanese_window):
    return japanese_window


def _open(view: QAbstractItemView, row: int, column: int, text: str) -> None:
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    editor.insert(text)


def test_every_cell_editor_open_under_a_widget_is_committed_and_closed(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    table_model, tree_model = QStandardItemModel(2, 3), QStandardItemModel()
    tree_model.appendRow([QStandardItem("a"), QStandardItem("b")])
    table, tree = FrozenColumnView(), QTreeView()
    table.setModel(table_model)
    tree.setModel(tree_model)
    layout.addWidget(table)
    layout.addWidget(tree)
    root.show()
    _open(table.frozen, 1, 0, "frozen column")  # the first column is edited in the frozen view
    _open(tree, 0, 1, "tree cell")
    assert commit_open_editors(root) == 2
    assert table_model.index(1, 0).data() == "frozen column"
    assert tree_model.index(0, 1).data() == "tree cell"
    assert table.open_editor() is None and tree.state() != QAbstractItemView.State.EditingState
    assert commit_open_editors(root) == 0  # nothing open: nothing done


@pytest.mark.parametrize("page_id", ["hearing", "system-planning"])
def test_a_table_answer_being_typed_when_the_language_is_switched_is_saved(window, qtbot, page_id) -> None:
    item_id = "hearing.prereq.data_sources" if page_id == "hearing" else "system_planning.process_flow.processes"
    window.show_page(page_id)
    page = window.page(page_id)
    assert page.select_item(item_id)
    qtbot.waitUntil(lambda: page.editor.item_id == item_id)
    table = page.editor.editors["value"]
    table.view.setFocus()
    _open(table.view, 0, 0, TYPED)
    window.set_ui_lang("en")
    settle(window)
    assert TYPED in str(window.state.answers.answer(window.state.project_id, item_id).value)
