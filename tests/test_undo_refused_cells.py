"""Edit ▸ Undo right after a table cell's typing refused (too long) on Data platform & CI and Review takes
back that typing (app/ui/window/held_drafts.py), as a form field's: several refused one after another,
the last first, a field and a cell of one page each its own; a review cell only while its checklist is
shown (another checklist in front: Undo steps back as ever, the draft stays)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPlainTextEdit, QTableView

from app.environment.model import MAX_TEXT
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, environment_page, make_window, settle
from tests.test_breaker43a import type_in
from tests.test_breaker47c import act, evidence_cell, open_cell, review_page, stored_datasets, stored_evidence


def test_a_refused_field_then_a_refused_cell_are_taken_back_last_first(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    plan = page.findChild(QPlainTextEdit, "field_deletion_plan")
    stored_plan = plan.toPlainText()
    plan.setFocus()
    plan.setPlainText("手順" * MAX_TEXT)  # refused: a draft of the field
    settle(window)
    view = page.findChild(QTableView, "datasetsTable")
    owner = page.datasets_model.columns.index("owner")
    saved, steps = stored_datasets(window), window.state.undo_stack.count()
    editor = open_cell(window, qtbot, view, 0, owner)
    editor.setText("担当" * 20_000)  # refused: a draft of the cell
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert drafts_of(window.state).get(window.state.project_id, f"data_ci:{page.datasets_model._key(0)}:owner") is not None
    act(window, "undoAction")  # the cell first
    assert view.model().index(0, owner).data() == saved[0].owner
    assert drafts_of(window.state).get(window.state.project_id, f"data_ci:{page.datasets_model._key(0)}:owner") is None
    assert plan.toPlainText() != stored_plan  # the field's draft still there
    act(window, "undoAction")  # then the field
    assert plan.toPlainText() == stored_plan
    assert stored_datasets(window) == saved and window.state.undo_stack.count() == steps
    close_window(window)


def test_a_refused_review_cell_is_taken_back_only_with_its_checklist_shown(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(window, qtbot)
    checklist, item = page.checklist_id, page.model.rows[0].item.id
    editor = evidence_cell(window, qtbot, page, item)
    type_in(editor, "確認済み")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    editor = evidence_cell(window, qtbot, page, item)
    editor.setText("議事メモ" * 25_001)  # refused: a draft
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    chooser = page.findChild(QListWidget, "reviewChecklists")
    chooser.setCurrentRow(1)  # another checklist in front
    settle(window)
    assert page.checklist_id != checklist
    assert page.held.held() is None  # nothing of the checklist shown to take back
    chooser.setCurrentRow(0)
    settle(window)
    assert page.checklist_id == checklist
    act(window, "undoAction")  # right after the refused paste, its checklist shown again: that paste goes
    assert stored_evidence(window, checklist, item) == "確認済み"
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "確認済み"
    assert not page.model.has_drafts(window.state.project_id, checklist, item)
    close_window(window)
