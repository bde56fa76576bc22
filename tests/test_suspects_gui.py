"""Suspect links in the window: File ▸ Suspect Links… lists them side by side, "Mark reviewed" is one
undo step, "Go to" opens the task, and a hearing item shows what is built on its answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QTableView

from app.hearing.answers import AnswerService
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, settle


def _suspect_task(window):
    """Agree a generated task now, then change one of its answers: it is suspect."""
    ws, pid = window.state.workspace, window.state.project_id
    wbs = WbsService(ws.db)
    task = next(t for t in wbs.tree(pid).tasks.values() if t.origin.answers and t.origin.answers[0].get("item", "").startswith("hearing.scope."))
    item_id = task.origin.answers[0]["item"]
    wbs.update(pid, [task.id], agreed=True)
    answers = AnswerService(ws.db, ws.library)
    current = answers.answer(pid, item_id).value
    answers.update(pid, item_id, value="out" if current != "out" else "now")
    return task, item_id, current


def _dialog(window):
    settle(window)
    dialog = window.findChild(QLabel, "suspectStatus").parent()
    return dialog, dialog.findChild(QTableView, "suspectTable")


def test_suspect_links_listed_reviewed_undone_and_go_to_the_task(qtbot, tmp_path) -> None:
    window = make_window(qtbot, tmp_path / "s.db", global_lang="ja")
    try:
        task, item_id, before = _suspect_task(window)
        window.findChild(type(window.suspects_action), "suspectLinksAction").trigger()
        dialog, table = _dialog(window)
        model = table.model()
        rows = [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]
        label = window.state.workspace.library.item(item_id).label.ja
        mine = [r for r in rows if task.title in r[1]]
        assert mine and mine[0][0] == "WBSタスク" and mine[0][2] == label
        assert mine[0][4] == ("対象外" if before != "out" else "現時点で対象")
        assert dialog.windowTitle() == "要確認の項目"
        # Go to: the WBS page with the task selected.
        row = next(r for r in range(model.rowCount()) if task.title in model.index(r, 1).data())
        table.selectRow(row)
        qtbot.mouseClick(dialog.findChild(QPushButton, "suspectGoTo"), Qt.MouseButton.LeftButton)
        assert window.current_page().page_id == "wbs"
        # Mark reviewed: gone; one undo brings it back.
        qtbot.mouseClick(dialog.findChild(QPushButton, "suspectReview"), Qt.MouseButton.LeftButton)
        settle(window)
        assert not any(task.title in model.index(r, 1).data() for r in range(model.rowCount()))
        window.undo_action.trigger()
        settle(window)
        assert any(task.title in model.index(r, 1).data() for r in range(model.rowCount()))
        dialog.close()
    finally:
        close_window(window)


def test_a_hearing_item_shows_what_is_built_on_its_answer(qtbot, tmp_path) -> None:
    window = make_window(qtbot, tmp_path / "s.db")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        assert page.select_item("hearing.scope.feature_store")
        qtbot.mouseClick(page.findChild(QPushButton, "answerUsedBy"), Qt.MouseButton.LeftButton)
        dialog, table = _dialog(window)
        assert dialog.windowTitle() == "Built on this answer"
        kinds = {table.model().index(r, 0).data() for r in range(table.model().rowCount())}
        assert "proposal section" in kinds
        dialog.close()
    finally:
        close_window(window)


def test_from_a_task_go_to_the_hearing_answer_it_was_generated_from(qtbot, tmp_path) -> None:
    window = make_window(qtbot, tmp_path / "s.db")
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        settle(window)
        task = next(t for t in page.model.tree.tasks.values() if t.origin.answers and t.origin.answers[0].get("item"))
        page.select_task(task.id)
        page.actions_by_name["goToAnswer"].trigger()
        assert window.current_page().page_id == "hearing"
        assert window.page("hearing").editor.item_id == task.origin.answers[0]["item"]
    finally:
        close_window(window)


def test_the_wbs_marks_a_suspect_task_with_the_old_and_new_answer(qtbot, tmp_path) -> None:
    from app.ui.wbs.model import column_index

    window = make_window(qtbot, tmp_path / "s.db", global_lang="ja")
    try:
        task, item_id, before = _suspect_task(window)
        window.show_page("wbs")
        page = window.page("wbs")
        settle(window)
        model = page.model
        tip = model.data(model.index_of(task.id, 0), Qt.ItemDataRole.ToolTipRole)
        label = window.state.workspace.library.item(item_id).label.ja
        old, new = ("現時点で対象", "対象外") if before != "out" else ("対象外", "現時点で対象")
        assert f"⚑ {label}: {old} → {new}" in tip
        assert "⚠ 合意した後で、根拠のヒアリング回答が変わりました" in tip
        why = model.data(model.index_of(task.id, column_index("origin")), Qt.ItemDataRole.DisplayRole)
        assert f"{label} = {new}" in why  # the why reads the answer as it is now
        # Reviewed in the dialog: the mark goes.
        window.findChild(type(window.suspects_action), "suspectLinksAction").trigger()
        dialog, table = _dialog(window)
        for r in range(table.model().rowCount()):
            table.selectRow(r)
            if task.title in table.model().index(r, 1).data():
                break
        qtbot.mouseClick(dialog.findChild(QPushButton, "suspectReview"), Qt.MouseButton.LeftButton)
        settle(window)
        page._refresh_stale()
        assert "⚑" not in (model.data(model.index_of(task.id, 0), Qt.ItemDataRole.ToolTipRole) or "")
        dialog.close()
    finally:
        close_window(window)


def test_my_undo_and_redo_of_an_agreed_tick_take_the_mark_away_and_back_without_reading_the_agreement(qtbot, tmp_path, monkeypatch) -> None:
    """fix67b1: the window's own change of a 顧客合意 tick (its undo, its redo) works the ⚠ mark out again at once,
    against the signed agreement read with the plan (never read again per tick); hidden, when the page is shown."""
    from app.core import operations as ops
    from app.projects import suspects
    from app.ui import operations as ui_ops
    from app.ui.wbs import loading
    from app.wbs.operations import wbs_op

    window = make_window(qtbot, tmp_path / "s.db", global_lang="ja")
    try:
        ws, pid = window.state.workspace, window.state.project_id
        window.show_page("wbs")
        page = window.page("wbs")
        settle(window)
        task = next(t for t in page.model.tree.tasks.values() if t.origin.answers and t.origin.answers[0].get("item", "").startswith("hearing.scope."))
        ui_ops.run_op(window.state, wbs_op(pid, lambda w: WbsService(w.db).update(pid, [task.id], agreed=True)), lambda: "顧客合意")
        settle(window)
        item_id = task.origin.answers[0]["item"]
        answers = AnswerService(ws.db, ws.library)
        answers.update(pid, item_id, value="out" if answers.answer(pid, item_id).value != "out" else "now")  # (another window's)
        window.state.publish(ops.Change(pid, frozenset({ops.Part.ANSWERS}), external=True))
        settle(window)
        assert page.model.suspect.get(task.id)
        reads: list[int] = []
        for module, name in ((loading, "last_agreed"), (suspects, "agreement")):
            real = getattr(module, name)
            monkeypatch.setattr(module, name, lambda *a, _real=real, **k: reads.append(1) or _real(*a, **k))
        window.state.undo_stack.undo()
        settle(window)
        assert page.model.tree.tasks[task.id].agreed is False and page.model.suspect.get(task.id) is None
        window.state.undo_stack.redo()
        settle(window)
        assert page.model.suspect.get(task.id) and not reads
        window.show_page("hearing")
        window.state.undo_stack.undo()  # (the WBS page hidden: worked out when shown)
        settle(window)
        window.show_page("wbs")
        settle(window)
        assert page.model.suspect.get(task.id) is None
    finally:
        close_window(window)
