"""Dialogs made for each use are let go when closed, and the baselines are read once per stored change.

Found after the last CI: on a 10,100-task plan the Baselines dialog's Save held the window 1.8-3 s although the save
ran on a worker. Every Baselines… / People… / Progress… dialog ever opened stayed a child of the page and, following
``state.changed``, read and parsed every baseline again after each change (two dialogs opened before: three reads);
each read deep-copied and parsed the whole document (0.17 s and 0.09 s a baseline of 10,000 tasks), and the
earned-value figures (a read of the plan and its sums) ran on the UI thread. Now: those dialogs are deleted when
closed, and every modal one run through ``exec_dialog`` after it returns; the baselines are parsed once for each
stored text (on the save's worker, so the window's reads after it are lookups); the figures come from a worker.
The freeze itself is measured by tests/test_breaker48g.py (0.19 s now at 10,100 tasks). The undo and redo of such
a baseline held the window 0.56-0.64 s (the document patched on the UI thread): a document step holding BIG_STEP
values or more is made on the step worker as a big WBS step is (0.09 / 0.22 s now).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton
from shiboken6 import isValid

from app.core import operations as ops
from app.core.documents import DocumentService
from app.ui.wbs.resources.people import PeopleDialog
from app.ui.wbs.tracking import BaselineDialog, ProgressDialog
from app.wbs.tracking import baselines as store
from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    yield win
    close_window(win)


def let_go() -> None:
    """What a return to the event loop does: the dialogs closed are deleted."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def shown_dialog(kind: type) -> QDialog:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_the_baselines_people_and_progress_dialogs_are_gone_once_closed(window, qtbot) -> None:
    page = window.page("wbs")
    leaf = next(t.id for t in page.model.tree.walk() if not page.model.tree.has_children(t.id))
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(leaf, 0)))
    opened = []
    for _ in range(3):
        for kind, open_it in ((BaselineDialog, page.findChild(QPushButton, "wbsBaselines").click),
                              (PeopleDialog, page.findChild(QPushButton, "wbsPeople").click),
                              (ProgressDialog, page.edit_progress)):  # fmt: skip
            open_it()
            dialog = shown_dialog(kind)
            opened.append(dialog)
            settle(window)
            dialog.close() if kind is BaselineDialog else dialog.reject()
            let_go()
    assert not any(isValid(d) for d in opened), [type(d).__name__ for d in opened if isValid(d)]
    assert page.findChildren(QDialog) == []


def test_a_modal_dialog_is_deleted_once_its_caller_has_read_it(window, qtbot) -> None:
    from app.ui.projects.dialog import ProjectsDialog

    seen = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog)
        dialog.reject()

    for _ in range(2):
        QTimer.singleShot(100, close_it)
        window.open_projects()  # File ▸ Open Project… run modally, as in the app
        let_go()
    assert len(seen) == 2 and all(isinstance(d, ProjectsDialog) for d in seen)
    assert not any(isValid(d) for d in seen)
    assert window.findChildren(ProjectsDialog) == []


def test_the_baselines_read_follow_every_stored_change(workspace) -> None:
    """Parsed once per stored text: a save here, a document written by another process, a deletion all read as they are."""
    from app.wbs.service import WbsService
    from tests.wbs_helpers import add, new_project

    ws = workspace
    pid = new_project(ws)
    add(WbsService(ws.db), pid, "データ収集", estimate_days=2.0)
    assert store.tracking(ws, pid).baselines == ()
    ops.run(ws, store.save_baseline_op(pid, "合意版"))
    assert [b.name for b in store.tracking(ws, pid).baselines] == ["合意版"]
    doc = store.read(ws, pid)
    doc["baselines"]["別版"] = {**doc["baselines"]["合意版"], "saved": "2099-01-01T00:00:00"}
    doc["progress"] = {"7": {"percent": 40.0, "actual": 2.5}}
    DocumentService(ws.db).put(pid, store.KIND, doc)  # (another process)
    now = store.tracking(ws, pid)
    assert [b.name for b in now.baselines] == ["合意版", "別版"]
    assert now.progress[7] == store.Progress(40.0, 2.5)
    with pytest.raises(TypeError):
        now.progress[8] = store.Progress()  # type: ignore[index]  # shared by every reader: never changed
    ops.run(ws, store.delete_baseline_op(pid, "別版"))
    assert [b.name for b in store.tracking(ws, pid).baselines] == ["合意版"]
    DocumentService(ws.db).delete(pid, store.KIND)
    assert store.tracking(ws, pid).baselines == ()


def test_a_document_step_holding_a_big_plans_values_counts_as_big() -> None:
    """A baseline of 10,000 tasks: its undo (0.56-0.64 s of the UI thread) and redo are stored on the step worker."""
    from app.ui.window.step_worker import BIG_STEP, is_big

    def baseline_of(n: int) -> dict:
        return {"baselines": {"合意版": {"saved": "2026-12-05T00:00:00", "tasks": {str(i): {"start": None} for i in range(n)}}}}

    def step(before: dict, after: dict) -> ops.Change:
        return ops.Change(1, frozenset({ops.Part.DOCUMENTS}), kinds=frozenset({store.KIND}), before=before, after=after)

    assert is_big(step({}, baseline_of(BIG_STEP)))  # saved
    assert is_big(step(baseline_of(BIG_STEP), {}))  # deleted
    assert not is_big(step({}, baseline_of(BIG_STEP // 4)))  # (a value and its dict each count)
    assert not is_big(step({"version": 1}, {"version": 1, "progress": {"7": {"percent": 50.0}}}))


def test_the_undo_of_a_big_plans_baseline_is_stored_on_a_worker(window, qtbot, big) -> None:
    page = window.page("wbs")
    pid = window.state.project_id
    page.findChild(QPushButton, "wbsBaselines").click()
    dialog = shown_dialog(BaselineDialog)
    dialog.name.setText("契約時")
    dialog.save_button.click()
    settle(window)
    dialog.close()
    let_go()
    assert "契約時" in [b.name for b in store.tracking(window.state.workspace, pid).baselines]
    window.undo_action.trigger()
    assert window.state.undo_stack.worker.running  # the call came back before the baseline was taken away
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=10000)
    settle(window)
    assert "契約時" not in [b.name for b in store.tracking(window.state.workspace, pid).baselines]
    assert page.gantt.baseline is None or page.gantt.baseline.name != "契約時"
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: not window.state.undo_stack.worker.running, timeout=10000)
    settle(window)
    assert page.gantt.baseline is not None and page.gantt.baseline.name == "契約時"
