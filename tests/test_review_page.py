"""The Review page (issue 19): scores through the real editor, one undo step per edit, suggestions
accepted with their reason, an unmet item made a WBS task and opened there, the pictures follow the
levels, the report exported, the agreement baselines' score history, Japanese titles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QPushButton, QTableView

from app.core import operations as ops
from app.core.documents import DocumentService
from app.projects import baselines as bl
from app.review import review_view, set_fields
from app.ui import messages
from app.ui.operations import run_op
from app.ui.review.table import ITEM_ROLE
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path):
    window = make_window(qtbot, db_path)
    window.show_page("review")
    settle(window)
    yield window
    close_window(window)


def page_of(window):
    return window.page("review")


def stored(window, checklist_id: str, item_id: str):
    view = review_view(window.state.workspace, window.state.project_id)
    return view.checklist(checklist_id).items[item_id]


def choose(window, checklist_id: str) -> None:
    page = page_of(window)
    chooser = page.findChild(QListWidget, "reviewChecklists")
    row = next(r for r in range(chooser.count()) if chooser.item(r).data(Qt.ItemDataRole.UserRole) == checklist_id)
    chooser.setCurrentRow(row)
    assert page.model.view.checklist.id == checklist_id


def pick_value(qtbot, window, item_id: str, column_kind: str, value: float | None) -> None:
    """Open the cell's real editor (the delegate's combo box) and choose ``value`` as a user does."""
    page = page_of(window)
    table = page.findChild(QTableView, "reviewItems")
    index = page.model.index(page.model.row_of(item_id), page.model.column_of(column_kind))
    table.setCurrentIndex(index)
    table.edit(index)
    combo = next((c for c in table.findChildren(QComboBox, "reviewValueEditor") if c.isVisible()), None)
    assert combo is not None
    position = combo.findData(value) if value is not None else 0
    assert position >= 0
    combo.setCurrentIndex(position)
    combo.activated.emit(position)  # what a click on the entry in the list sends
    settle(window)


def cell(window, item_id: str, column_kind: str, role=Qt.ItemDataRole.DisplayRole):
    model = page_of(window).model
    return model.index(model.row_of(item_id), model.column_of(column_kind)).data(role)


def test_the_page_opens_on_the_demo_with_its_scores(window) -> None:
    page = page_of(window)
    assert page.isVisible() and page.findChild(QLabel, "pageTitle").text() == "Review"
    chooser = page.findChild(QListWidget, "reviewChecklists")
    assert chooser.count() == 5
    assert "ML Test Score" in chooser.item(0).text()
    assert page.model.rowCount() == 28
    assert cell(window, "data.schema", "score").startswith("0.5")
    assert "data definition sheet" in cell(window, "data.schema", "text")
    assert cell(window, "data.schema", "met") == "✓" and cell(window, "data.beneficial", "met") == ""
    summary = page.findChild(QLabel, "reviewScoreSummary").text()
    assert "Final score 0" in summary  # monitoring has no test scored in the demo: the lowest section


def test_a_score_chosen_in_the_editor_is_saved_and_undone_in_one_step(window, qtbot) -> None:
    before = window.state.undo_stack.count()
    assert stored(window, "ml_test_score", "model.spec_reviewed").answer.score is None
    pick_value(qtbot, window, "model.spec_reviewed", "score", 1.0)
    assert stored(window, "ml_test_score", "model.spec_reviewed").answer.score == 1.0
    assert cell(window, "model.spec_reviewed", "score").startswith("1")
    assert window.state.undo_stack.count() == before + 1
    window.state.undo_stack.undo()
    settle(window)
    assert stored(window, "ml_test_score", "model.spec_reviewed").answer.score is None
    assert cell(window, "model.spec_reviewed", "score") == "—"


def test_evidence_typed_in_the_table_makes_an_item_met(window, qtbot) -> None:
    page = page_of(window)
    pick_value(qtbot, window, "data.beneficial", "score", 0.5)
    index = page.model.index(page.model.row_of("data.beneficial"), page.model.column_of("text"))
    table = page.findChild(QTableView, "reviewItems")
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.focusWidget()
    editor.setText("<b>特徴量ごとの効果を検証済み</b>")
    table.commitData(editor)
    table.closeEditor(editor, table.itemDelegate().EndEditHint.NoHint)
    settle(window)
    row = stored(window, "ml_test_score", "data.beneficial")
    assert row.answer.evidence == "<b>特徴量ごとの効果を検証済み</b>" and row.met
    page.select_item("data.beneficial")
    detail = page.findChild(QLabel, "reviewItemDetail")
    assert detail.textFormat() == Qt.TextFormat.PlainText  # typed text is never live HTML


def test_a_suggestion_is_shown_with_its_reason_and_accepted_in_one_step(window, qtbot) -> None:
    page = page_of(window)
    choose(window, "google_mlops")
    view = page.current()
    assert view.suggestions, "the demo's hearing suggests Google maturity targets"
    first = view.suggestions[0]
    assert first.reason_text("en") in cell(window, first.item_id, "suggestion", Qt.ItemDataRole.ToolTipRole)
    page.select_item(first.item_id)
    assert first.reason_text("en") in page.findChild(QLabel, "reviewItemDetail").text()
    before = window.state.undo_stack.count()
    qtbot.mouseClick(page.findChild(QPushButton, "reviewAcceptButton"), Qt.MouseButton.LeftButton)
    settle(window)
    row = stored(window, "google_mlops", first.item_id)
    assert row.answer.value(first.field) == first.value and first.field in row.answer.origin
    assert not row.suggestions and window.state.undo_stack.count() == before + 1
    assert "accepted from" in page.findChild(QLabel, "reviewItemDetail").text()

    left = len(page.current().suggestions)
    assert left > 0
    qtbot.mouseClick(page.findChild(QPushButton, "reviewAcceptAllButton"), Qt.MouseButton.LeftButton)
    settle(window)
    assert page.current().suggestions == [] and window.state.undo_stack.count() == before + 2
    window.state.undo_stack.undo()  # accept all: one step
    settle(window)
    assert len(page.current().suggestions) == left


def test_an_unmet_item_becomes_a_wbs_task_shown_in_the_row_and_opened_on_the_wbs_page(window, qtbot) -> None:
    page = page_of(window)
    choose(window, "qa4ai")
    item_id = "qa4ai.model_robustness"  # level 2, below the pass level 3
    page.select_item(item_id)
    button = page.findChild(QPushButton, "reviewMakeTaskButton")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(window)
    row = stored(window, "qa4ai", item_id)
    assert row.task and row.answer.task_uid is not None
    assert cell(window, item_id, "task") == row.task
    assert not page.findChild(QPushButton, "reviewMakeTaskButton").isEnabled()
    task_id = page.task_id_of(item_id)

    table = page.findChild(QTableView, "reviewItems")
    index = page.model.index(page.model.row_of(item_id), page.model.column_of("task"))
    rect = table.visualRect(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(window)
    wbs = window.page("wbs")
    assert window.current_page() is wbs
    current = wbs.tree.currentIndex()
    assert current.isValid() and row.task.split(" ", 1)[1] in str(current.data())
    assert wbs.model.index_of(task_id).row() == wbs.proxy.mapToSource(current).row()

    window.state.undo_stack.undo()  # one step removes the task and the link
    settle(window)
    assert stored(window, "qa4ai", item_id).task is None


def test_ctrl_a_selects_every_item_to_copy_and_make_a_wbs_task_makes_one_of_each_unmet_item(window, qtbot) -> None:
    """The table takes a selection of many rows (Ctrl+A, Shift+click) for Ctrl+C (break-it 69h); Make a WBS task
    acts on the selected rows (fix69k: it made one task, of the current item, silently): one task of each unmet
    item without one, in one undo step."""
    page = page_of(window)
    choose(window, "qa4ai")
    item_id = "qa4ai.model_robustness"
    page.select_item(item_id)
    table = page.findChild(QTableView, "reviewItems")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(table.selectionModel().selectedRows()) == page.model.rowCount() > 1
    assert page.current_item_id() == item_id

    def with_tasks() -> set[str]:
        items = review_view(window.state.workspace, window.state.project_id).checklist("qa4ai").items
        return {i for i, row in items.items() if row.task}

    before, steps = with_tasks(), window.state.undo_stack.count()
    unmet = {i for i, row in page.current().items.items() if not row.met and not row.task}
    assert item_id in unmet and len(unmet) > 1
    qtbot.mouseClick(page.findChild(QPushButton, "reviewMakeTaskButton"), Qt.MouseButton.LeftButton)
    settle(window)
    assert with_tasks() == before | unmet and window.state.undo_stack.count() == steps + 1
    window.state.undo_stack.undo()
    settle(window)
    assert with_tasks() == before


def test_the_radar_follows_a_level_change(window, qtbot) -> None:
    page = page_of(window)
    choose(window, "qa4ai")
    radar = page.pictures.radar
    assert radar.isVisible() and not page.pictures.bars.isVisible()
    label = stored(window, "qa4ai", "qa4ai.model_robustness").item.label.en
    assert f"{label} 2/5" in radar.accessibleDescription()
    shot = radar.grab().toImage()
    pick_value(qtbot, window, "qa4ai.model_robustness", "level", 5.0)
    assert f"{label} 5/5" in radar.accessibleDescription()
    radar.repaint()
    assert radar.grab().toImage() != shot  # the shape moved
    assert "3 of 5" in page.findChild(QLabel, "reviewScoreSummary").text() or "4 of 5" in page.findChild(QLabel, "reviewScoreSummary").text()


def test_maturity_shows_current_against_target(window) -> None:
    page = page_of(window)
    choose(window, "ms_mlops")
    description = page.pictures.radar.accessibleDescription()
    assert description.startswith("Current:") and "; Target:" in description
    assert "Model release 0/4" in description and "Model release 2/4" in description.split("; Target:")[1]


def test_a_refused_save_keeps_the_typing_as_a_draft(window, qtbot, monkeypatch) -> None:
    """Another window set the same score meanwhile; the dialog closed without a choice keeps mine on screen."""
    import app.ui.window.conflict_dialog as conflict_dialog

    ws, pid = window.state.workspace, window.state.project_id
    ops.run(ws, set_fields(pid, "ml_test_score", "monitor.dependencies", {"score": 0.5}))  # not published: the page does not know
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: 0)  # closed: Choice.LATER
    pick_value(qtbot, window, "monitor.dependencies", "score", 1.0)
    assert stored(window, "ml_test_score", "monitor.dependencies").answer.score == 0.5
    assert "Not saved" in cell(window, "monitor.dependencies", "score", Qt.ItemDataRole.ToolTipRole)
    assert cell(window, "monitor.dependencies", "score").startswith("1")

    monkeypatch.setattr(conflict_dialog, "ask_conflict", answer_conflict("mine"))
    pick_value(qtbot, window, "monitor.dependencies", "score", 1.0)
    assert stored(window, "ml_test_score", "monitor.dependencies").answer.score == 1.0


def test_the_report_is_exported(window, monkeypatch, tmp_path: Path) -> None:
    out = tmp_path / "review.md"
    shown = []
    monkeypatch.setattr(messages, "save_file", lambda parent, title, suggested, filters: str(out))
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title=None: shown.append(text))
    page_of(window).export(".md")
    settle(window)
    assert out.exists() and "ML Test Score" in out.read_text(encoding="utf-8")
    assert shown and str(out.name) in shown[0]


def test_the_score_history_shows_the_baselines_that_hold_the_review(window) -> None:
    ws, pid = window.state.workspace, window.state.project_id
    run_op(window.state, bl.create_op(pid, "Kickoff"), "baseline")
    kept = DocumentService(ws.db).get(pid, "agreement_baselines")["baselines"]["Kickoff"]["review"]
    assert kept["ml_test_score"]["data.schema"] == {"score": 0.5}  # scores only: no evidence text
    settle(window)
    page = page_of(window)
    assert "Kickoff" in page.pictures.history.accessibleDescription()
    assert page.pictures.history.points == ["Kickoff", "Now"]


def test_japanese_titles(qtbot, qapp, db_path) -> None:
    from app.ui.translations import install_translations

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("review")
        settle(window)
        page = page_of(window)
        assert page.findChild(QLabel, "pageTitle").text() == "レビュー"
        nav = window.findChild(QListWidget, "navigation")
        assert any(nav.item(r).text().endswith("レビュー") for r in range(nav.count()))
        headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
        assert "スコア" in headers and "根拠" in headers
        assert page.findChild(QPushButton, "reviewAcceptAllButton").text() == "すべて採用"
        assert "ML Test Score" in page.findChild(QListWidget, "reviewChecklists").item(0).text()
    finally:
        close_window(window)
        install_translations(qapp, "en")  # the translators are the application's: leave none behind


def test_several_selected_items_are_accepted_and_made_tasks_together_in_one_undo_step(window, qtbot) -> None:
    """The buttons act on the selected rows (the extended selection Ctrl+C copies), say how many, one undo step."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    page = page_of(window)
    choose(window, "google_mlops")
    view, table = page.current(), page.findChild(QTableView, "reviewItems")
    suggested = list(dict.fromkeys(s.item_id for s in view.suggestions))[:3]
    assert len(suggested) >= 2, "the demo suggests several Google maturity targets"
    table.selectionModel().clearSelection()
    for item_id in suggested:
        row = page.model.row_of(item_id)
        table.selectionModel().select(QItemSelection(page.model.index(row, 0), page.model.index(row, 0)),
                                      QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    accept, task = (page.findChild(QPushButton, name) for name in ("reviewAcceptButton", "reviewMakeTaskButton"))
    assert accept.text() == f"Accept ({len(suggested)})" and accept.toolTip()
    before = window.state.undo_stack.count()
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    settle(window)
    assert all(not stored(window, "google_mlops", i).suggestions for i in suggested)
    assert window.state.undo_stack.count() == before + 1
    window.state.undo_stack.undo()
    settle(window)
    assert all(stored(window, "google_mlops", i).suggestions for i in suggested)

    choose(window, "ml_test_score")
    unmet = [r for r in range(page.model.rowCount()) if not page.current().items[page.model.index(r, 0).data(ITEM_ROLE)].met][:4]
    table.selectionModel().clearSelection()
    for row in unmet:
        table.selectionModel().select(QItemSelection(page.model.index(row, 0), page.model.index(row, 0)),
                                      QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    table.selectionModel().setCurrentIndex(page.model.index(page.model.rowCount() - 1, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
    assert task.text() == "Make WBS tasks (4)"
    qtbot.mouseClick(task, Qt.MouseButton.LeftButton)
    settle(window)
    ids = [page.model.index(r, 0).data(ITEM_ROLE) for r in unmet]
    made = [stored(window, "ml_test_score", i).answer.task_uid for i in ids]
    assert None not in made and window.state.undo_stack.count() == before + 1
    last = page.current().items  # the current row, not selected, got no task
    assert not any(r.answer.task_uid for i, r in last.items() if i not in ids)
    window.state.undo_stack.undo()
    settle(window)
    assert all(stored(window, "ml_test_score", i).answer.task_uid is None for i in ids)
