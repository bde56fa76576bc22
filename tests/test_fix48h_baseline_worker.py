"""fix48h: the WBS page's Baselines… dialog stores a save (and a delete) on a worker (breaker48g: 1.2-1.4 s on the
UI thread at 10,100 tasks): the click returns at once; meanwhile Save, Delete, Close and Escape wait, the dialog
says what it is storing, Undo waits and the name typed stays. Every answer of the old save holds: a baseline of
the name the list shows is replaced only when the user says so (the replacement on the worker too); one the list
does not show is said and shown, never replaced; the project deleted elsewhere is said by its name and the dialog
closes; the name is cleared only once saved. On the demo, in Japanese."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from app.core import operations as ops
from app.core.projects import ProjectService
from app.ui import messages
from app.ui.wbs import tracking
from app.ui.wbs.tracking import BaselineDialog
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from tests.gui_helpers import on_screen, settle, wbs_find


@pytest.fixture
def window(japanese_window):
    return japanese_window


@pytest.fixture
def held(monkeypatch):
    """The schedule a save freezes is read on the worker only once the test lets it (``held.set()``): the save
    is still running meanwhile. (Nothing reads the database then: the worker's unit of work holds it.)"""
    gate = threading.Event()
    freeze = store.freeze

    def waiting(tree):
        gate.wait(5)
        return freeze(tree)

    monkeypatch.setattr(store, "freeze", waiting)
    yield gate
    gate.set()


@pytest.fixture
def workers(monkeypatch) -> list[object]:
    """The operations the dialog handed to a worker."""
    handed: list[object] = []
    real = getattr(tracking, "run_op_in_background", None)

    def run(state, op, *args, **kwargs):
        handed.append(op)
        return real(state, op, *args, **kwargs)

    monkeypatch.setattr(tracking, "run_op_in_background", run, raising=False)
    return handed


def open_dialog(window, qtbot) -> BaselineDialog:
    window.show_page("wbs")
    dialog = BaselineDialog(window.state, "", window.page("wbs"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def names(window) -> list[str]:
    return [b.name for b in store.baselines(store.read(window.state.workspace, window.state.project_id))]


def set_estimate(window, days: float) -> None:
    WbsService(window.state.workspace.db).update(window.state.project_id, [wbs_find(window.page("wbs"), "WBS作成")], estimate_days=days)


def estimate_saved(window, name: str) -> float | None:
    pid = window.state.project_id
    uid = WbsService(window.state.workspace.db).tree(pid).tasks[wbs_find(window.page("wbs"), "WBS作成")].uid
    return store.find(store.read(window.state.workspace, pid), name).tasks[uid].estimate


def waiting(dialog: BaselineDialog) -> bool:
    """The dialog waits for its work: Save, Delete and Close greyed, what it stores said."""
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    busy = dialog.findChild(QLabel, "wbsBaselineBusy")
    return (
        not dialog.save_button.isEnabled() and not dialog.delete_button.isEnabled() and not close.isEnabled()
        and busy is not None and busy.isVisible() and bool(busy.text())
    )  # fmt: skip


def escape(dialog) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(dialog, QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier))


def test_save_returns_before_the_baseline_is_stored_and_the_dialog_waits_for_it(window, qtbot, held, said) -> None:
    dialog = open_dialog(window, qtbot)
    before, steps = names(window), window.state.undo_stack.count()
    dialog.name.setText("契約時")
    dialog.save_button.click()  # returns while the worker still reads the schedule
    assert waiting(dialog), "Save, Delete and Close wait while the baseline is stored"
    assert not window.undo_action.isEnabled()  # Undo waits for it too
    dialog.save_button.click()  # pressed twice: nothing more
    dialog.save()
    dialog.delete()
    escape(dialog)
    dialog.reject()
    dialog.close()
    assert dialog.isVisible() and dialog.name.text() == "契約時"  # still open, the name typed there
    held.set()
    settle(window)
    assert names(window) == [*before, "契約時"], names(window)  # saved once
    assert window.state.undo_stack.count() == steps + 1 and window.undo_action.isEnabled()
    assert dialog.name.text() == "" and dialog.selected() == "契約時" and said == []
    assert not waiting(dialog) and dialog.save_button.isEnabled() and dialog.delete_button.isEnabled()
    escape(dialog)
    assert not on_screen(dialog)  # closes once the work is done


def test_the_replace_question_then_the_replacement_on_a_worker(window, qtbot, monkeypatch, workers, said) -> None:
    dialog = open_dialog(window, qtbot)
    set_estimate(window, 7.0)
    dialog.name.setText("合意版")
    dialog.save_button.click()
    settle(window)
    set_estimate(window, 8.0)
    asked: list[tuple[str, bool]] = []
    answer = [False]
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, question, *a, **k: asked.append((question, dialog.save_button.isEnabled())) or answer[0])
    dialog.name.setText("合意版")
    dialog.save_button.click()
    settle(window)
    assert len(asked) == 1 and "合意版" in asked[0][0] and asked[0][1], asked  # asked with the dialog idle
    assert estimate_saved(window, "合意版") == 7.0 and dialog.name.text() == "合意版" and not waiting(dialog)  # No: kept
    answer[0] = True
    dialog.save_button.click()
    settle(window)
    assert len(asked) == 2 and estimate_saved(window, "合意版") == 8.0 and dialog.name.text() == ""
    assert names(window).count("合意版") == 1 and said == []
    assert len(workers) == 4  # the save, twice refused (asked), the replacement: each on a worker


def test_a_baseline_saved_elsewhere_since_is_said_and_shown_never_replaced(window, qtbot, monkeypatch, workers, said) -> None:
    pid = window.state.project_id
    dialog = open_dialog(window, qtbot)
    set_estimate(window, 9.0)
    ops.run(window.state.workspace, store.save_baseline_op(pid, "別窓の版"))  # another window (not seen here yet)
    set_estimate(window, 8.0)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: asked.append("asked") or True)
    dialog.name.setText("別窓の版")
    dialog.save_button.click()
    settle(window)
    assert workers and asked == [] and len(said) == 1 and "別窓の版" in said[0], said
    assert estimate_saved(window, "別窓の版") == 9.0 and dialog.name.text() == "別窓の版"  # theirs kept, the name too
    assert "別窓の版" in dialog.shown and not waiting(dialog)  # the list read again: Save now asks
    dialog.save_button.click()
    settle(window)
    assert asked == ["asked"] and estimate_saved(window, "別窓の版") == 8.0 and len(said) == 1


def test_the_project_deleted_elsewhere_is_said_by_its_name_and_the_dialog_closes(window, qtbot, workers, said) -> None:
    name = window.state.project.name
    dialog = open_dialog(window, qtbot)
    ProjectService(window.state.workspace.db).delete(window.state.project_id)  # another process, not seen yet
    dialog.name.setText("合意版")
    dialog.save_button.click()
    settle(window)
    assert workers and len(said) == 1 and name in said[0] and "-1" not in said[0], said
    assert not on_screen(dialog)


def test_an_empty_name_is_said_at_once_and_nothing_runs(window, qtbot, workers, said) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.name.setText("   ")
    dialog.save_button.click()
    assert len(said) == 1 and not waiting(dialog) and dialog.isVisible() and dialog.name.text() == "   "
    assert workers == []  # (refused before any work)


def test_delete_runs_on_a_worker_and_the_dialog_waits(window, qtbot, workers, said) -> None:
    pid = window.state.project_id
    for name in ("v1", "v2"):
        ops.run(window.state.workspace, store.save_baseline_op(pid, name))
    dialog = open_dialog(window, qtbot)
    chosen = dialog.selected()
    steps = window.state.undo_stack.count()
    dialog.delete_button.click()
    assert waiting(dialog)  # the click returned; the result comes back through the event loop
    escape(dialog)
    assert dialog.isVisible()
    settle(window)
    assert chosen not in names(window) and len(workers) == 1 and said == []
    assert window.state.undo_stack.count() == steps + 1 and not waiting(dialog)
    assert chosen not in dialog.shown and dialog.delete_button.isEnabled()
