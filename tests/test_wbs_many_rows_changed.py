"""A change of thousands of rows at once (an undone schedule of a big plan) is said to the views as one
layout change (Qt's tree works each per-parent signal's rows out one by one): the rows then show the new
values, and the user's tree stays as it was: rows expanded and collapsed, the current row, an open editor
with its typing. Driven on the demo with the threshold lowered to a few rows."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

import app.ui.wbs.model as wbs_model
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import make_window, settle


def test_a_change_of_many_rows_shows_the_new_values_and_keeps_the_tree_as_it_was(qtbot, demo, db_path, monkeypatch) -> None:
    monkeypatch.setattr(wbs_model, "LAID_OUT_AGAIN", 5)
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(demo.id), page="wbs")
    page = window.page("wbs")
    page.tree.expandAll()
    settle(window)
    model, proxy, tree = page.model, page.proxy, page.tree
    summaries = [t.id for t in model.tree.walk() if model.tree.has_children(t.id)]
    folded, leaf = summaries[1], next(t.id for t in model.tree.walk() if not model.tree.has_children(t.id) and t.start)
    tree.collapse(proxy.mapFromSource(model.index_of(folded)))
    title = proxy.mapFromSource(model.index_of(leaf, INDEX["title"]))
    tree.setCurrentIndex(title)
    tree.edit(title)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.setText("typed, not yet saved")

    shown_before = proxy.mapFromSource(model.index_of(leaf, INDEX["start"])).data()
    later = {i: t.replaced(start=t.start + dt.timedelta(days=7) if t.start else None, finish=t.finish + dt.timedelta(days=7) if t.finish else None)
             for i, t in model.tree.tasks.items()}  # fmt: skip
    model.apply(later)  # every row's dates: as an undone schedule brings them
    settle(window)

    start = proxy.mapFromSource(model.index_of(leaf, INDEX["start"]))
    assert start.data() != shown_before and model.task(proxy.mapToSource(start)).start == later[leaf].start
    assert not tree.isExpanded(proxy.mapFromSource(model.index_of(folded)))
    assert all(tree.isExpanded(proxy.mapFromSource(model.index_of(s))) for s in summaries if s != folded and model.tree.tasks[s].parent_id != folded)
    assert tree.currentIndex() == title and tree.state() == QAbstractItemView.State.EditingState
    assert editor.text() == "typed, not yet saved"
