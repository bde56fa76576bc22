"""Baselines and progress on the WBS page: the dialogs, the Gantt's baseline bars and slippage tooltip, undo."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from app.wbs.tracking import baselines as store
from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.show_page("wbs")
    win.resize(1400, 900)
    yield win
    close_window(win)


@pytest.fixture
def page(window):
    return window.page("wbs")


def find(page, title: str) -> int:
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def open_dialog(page, name: str) -> QDialog:
    page.findChild(QPushButton, name).click()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_a_saved_baseline_is_drawn_under_the_bars_and_undone_in_one_step(window, page, qtbot) -> None:
    from app.ui.operations import run_op

    pid = page.state.project_id
    gantt = window.findChild(QWidget, "wbsGantt")
    assert gantt.baseline is not None  # the demo's plan agreed at kickoff, shown at once
    for saved in store.baselines(store.read(page.state.workspace, pid)):  # start from none, as a new project does
        run_op(page.state, store.delete_baseline_op(pid, saved.name), lambda: "delete")
    assert gantt.baseline is None and gantt.baseline_bars(gantt.bars()) == {}
    dialog = open_dialog(page, "wbsBaselines")
    dialog.findChild(QWidget, "wbsBaselineName").setText("Agreed at kickoff")
    dialog.findChild(QPushButton, "wbsBaselineSave").click()
    settle(window)  # (stored on a worker)
    assert [b.name for b in store.baselines(store.read(page.state.workspace, pid))] == ["Agreed at kickoff"]
    assert dialog.list.currentItem().text() == "Agreed at kickoff"
    assert dialog.table.rowCount() >= 2 and dialog.table.item(dialog.table.rowCount() - 1, 0).text() == "Whole project"
    assert gantt.baseline is not None and gantt.baseline.name == "Agreed at kickoff"
    bars = gantt.bars()
    under = gantt.baseline_bars(bars)
    task_id, bar = next((i, b) for i, b in bars.items() if b.kind == "task" and i in under)
    assert (under[task_id].left(), under[task_id].top()) == (bar.x1, bar.y + bar.h - 4)  # the same dates, at the row's foot
    dialog.close()
    # The task slips by two working days: its bar moves, the baseline's stays, the tooltip says so.
    task = page.model.tree.tasks[task_id]
    finish = gantt.calendar.shift_working_days(page.model.rollups[task_id].finish, 2)
    page.commit(page.service.update(pid, [task_id], finish=finish), "edit")
    assert gantt.baseline_bars(gantt.bars())[task_id] == under[task_id]
    tip = gantt.tooltip_at(bar.y + 1)
    assert task.title in tip and "Slippage: +2 working days" in tip
    window.undo_action.trigger()  # the date
    window.undo_action.trigger()  # the baseline
    assert store.baselines(store.read(page.state.workspace, pid)) == []
    assert gantt.baseline is None


def test_progress_is_entered_in_a_dialog_and_refused_on_a_summary(window, page, qtbot, monkeypatch) -> None:
    from app.ui import messages

    pid = page.state.project_id
    before = store.progress(store.read(page.state.workspace, pid))  # the demo's tasks under way
    leaf = next(t for t in page.model.tree.walk() if not page.model.tree.has_children(t.id) and t.uid not in before)
    page.select_task(leaf.id)
    page.actions_by_name["progress"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsProgressDialog" and w.isVisible())
    dialog.percent.setValue(40)
    dialog.actual.setValue(1.5)
    dialog.findChild(QPushButton, "wbsProgressOk").click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.progress(store.read(page.state.workspace, pid))[leaf.uid] == store.Progress(40, 1.5)
    window.undo_action.trigger()
    assert store.progress(store.read(page.state.workspace, pid)) == before
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a: shown.append(error.text("en")))
    summary = next(t for t in page.model.tree.walk() if page.model.tree.has_children(t.id))
    page.select_task(summary.id)
    page.actions_by_name["progress"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsProgressDialog" and w.isVisible())
    dialog.percent.setValue(10)
    dialog.findChild(QPushButton, "wbsProgressOk").click()
    assert dialog.isVisible() and shown and "enter progress on its sub-tasks" in shown[0]
    dialog.reject()
    assert store.progress(store.read(page.state.workspace, pid)) == before
