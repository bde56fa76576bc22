"""breaker48g: freezes on a big customer plan in the Japanese window (house rule: no blocking work on the UI thread;
issue 16: one edit, undo or filter keystroke under 50 ms on a 5,000-task plan).

The plans: tests/bench_wbs.py build_tasks (5,050 and 10,100 tasks), the leaves given four people (also stored as the
project's people, so levelling has something to move), WbsService.apply_snapshot, app.wbs.schedule.schedule, in a
scratch database beside the Japanese demo; opened in the real window (global_lang="ja", 1400x900, offscreen). Each
action was measured as the longest single UI-thread block: the action's own call, then every
QApplication.processEvents() call timed in a loop until nothing was pending (no background job, no single-shot timer,
no step on the step worker). Shared 2-core machine (a CI run alongside): a figure over 200 ms was run again and the
lower is given. Scratch scripts under /tmp/breaker48g (make.py, survey.py, prof*.py).

Longest UI-thread block, ms (5,050 tasks | 10,100 tasks):

    open the project (from the demo)                  185 |  265
    switch to WBS (first) / Review / Exports          88 / 62 / 43 | 267 / 36 / 38
    switch to System planning / Proposal              96 / 88 | 121 / 304
    switch to Hearing / Experiment / Data platform    58 / 46 / 22 | 60 / 44 / 20
    WBS expand all / collapse all / expand again      24 / 10 / 32 | 45 / 7 / 49
    a cell edit (note) / (estimate)                   210 / 4 | 243 / 3
    undo / redo of a cell edit                        125 / 131 | 264 / 228
    Ctrl+A, one note typed for every task          11,277 | (not run: > 20 s)      <- BROKE
    undo / redo of that multi-task edit           3,960 / 3,994 | -                 <- BROKE
    Schedule button (worker) / its undo / redo        188 / 63 / 109 | 327 / 401 / 306
    Generate button / its undo / redo                 254 / 81 / 73 | 339 / 206 / 328
    Import from Excel, every note changed (read, preview, apply) / undo / redo
                                                      68 / 70 / 86 | 606 / 385 / 212
    search: a keystroke (ASCII / Japanese) / clear    26-38 / 3-7 / 27 | 18-181 / 8-19 / 54-62
    filters: priority / phase / owner / no completion / critical on, off / not agreed / Clear
                                                      12 / 10 / 8 / 6 / 17, 40 / 26 / 29 | 81 / 11 / 7 / 7 / 16, 62 / 65 / 83
    baseline save (Baselines… dialog)                 644 | 1,204 (1,334)          <- BROKE at 10,100
    baseline figures (compare) / shown in the Gantt   105 / 24 | 354 / 59
    Level resources… preview (worker, dialog shown)   34 | 185
    Exports page: Excel WBS / MS Project XML / wiki   17 / 36 / 13 | 152 / 16 / 19
    a second window's edit arriving (1 task / 3,000)  274 / 400 | 914-1,055 / 950 (a profiled run: 460)
    language switch ja -> en / en -> ja               188 / 141 | 315 / 243

Held: no traceback, no message box, nothing lost (the 5,050 notes of the multi-task edit all stored; the imported
notes all there; each export written and said 「… に書き出しました」); the Schedule, Generate, Import, levelling and
exports on workers, their undo / redo of 1,500+ tasks on the step worker (under 0.4 s at 10,100 tasks); search typing
debounced (each key < 0.2 s even at 10,100 tasks); page switches and the language switch under 0.35 s.

Broke (strict xfails first, each fixed since: the selection's ranges walked and many rows told per parent without a layout
change, a multi-task edit written in one executemany (0.5-0.7 s); the Baselines dialog's save / replace / delete on a worker).
The tests count the UI thread's Python calls (ui_thread_calls), not its seconds, which a loaded machine stretched past
their bounds; each fails with the old code put back:
- test_select_all_then_one_note_for_every_task_does_not_freeze: Ctrl+A in the WBS tree, F2 on a note, type, Enter:
  the window stands still 11 s on 5,050 tasks (page.selected_ids → QItemSelectionModel.selectedRows over the
  selection, twice, 7.5 s; then model.apply's layout change re-maps every persistent index the selection holds,
  5 million QAbstractItemModel.parent calls, 6.9 s). Typed data is stored; only the freeze.
- test_undo_of_a_select_all_note_edit_does_not_freeze: its Undo (rows still selected, as after the edit) blocks 4 s
  although the 5,050-task step itself is made on the step worker: the result's layout change over the selection's
  persistent indexes runs on the UI thread (redo the same).
- test_saving_a_baseline_of_a_10000_task_plan_does_not_freeze: the Baselines… dialog's Save stores the schedule of
  10,100 tasks on the UI thread (run_op of save_baseline_op): 1.2-1.3 s block (0.64 s at 5,050); three runs, each
  over 1 s, but close to the bound: on an idle machine it may come under (then this strict xfail passes: move the
  save to a worker rather than loosen the figure).

Between 200 ms and 1 s (noted, no test): the first WBS page show at 10,100 (267 ms), Proposal at 10,100 (304),
a single cell edit and its undo / redo at 10,100 (228-264; over issue 16's 50 ms at 5,050 too: 125-210), Schedule /
Generate / their undo and redo at 10,100 (206-401), the Excel import's apply at 10,100 (606) and its undo (385),
baseline save at 5,050 (644), baseline figures at 10,100 (354), the language switch at 10,100 (243-315), a second
window's edit arriving at 10,100 (460-1,055: the whole plan re-read, totals and load worked out again on the UI
thread in WbsPage.reload for a one-task change), 3,000 tasks arriving (400 / 950).

Not tried (time-box): the Review / System planning / Proposal pages' own edits on the big plan, the levelling apply
and its undo, PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from app.ui.wbs.columns import INDEX
from tests.bench_wbs import build_tasks

NAMES = ("山田 太郎", "佐藤 花子", "鈴木 一郎", "田中 美咲")


def make_plan(db: Path, n: int) -> int:
    """A scheduled plan of ``n`` tasks (bench_wbs), leaves owned by four people, beside the demo; its id."""
    from app.core.content.loader import load_library
    from app.core.documents import DocumentService
    from app.core.projects import ProjectService
    from app.core.workspace import Workspace
    from app.wbs.schedule import schedule
    from app.wbs.service import WbsService

    ws = Workspace.open(str(db), load_library([Path(__file__).resolve().parent.parent / "checklists"]))
    try:
        pid = ProjectService(ws.db).create(f"大型案件 {n}", lang="ja", start_date=dt.date(2026, 4, 1)).id
        tasks = build_tasks(n)
        for i, task in enumerate(tasks.values()):
            if task.estimate_days:
                task.owner_name = NAMES[i % 4]
        WbsService(ws.db).apply_snapshot(pid, tasks)
        schedule(ws, pid)
        DocumentService(ws.db).put(pid, "wbs_resources", {"people": {name: {"role": "ds"} for name in NAMES}})
    finally:
        ws.close()
    return pid


def big_window(qapp, tmp_path_factory, n: int):
    """The Japanese window on a plan of ``n`` tasks, its WBS page shown; (window, monkeypatch context)."""
    from app.ui.translations import install_translations
    from tests.conftest import isolate
    from tests.gui_helpers import make_window

    folder = tmp_path_factory.mktemp(f"breaker48g-{n}")
    context = pytest.MonkeyPatch.context()
    monkeypatch = context.__enter__()
    isolate(folder / "home", monkeypatch)
    db = folder / "big.sqlite3"
    window = make_window(None, db, shared=True, global_lang="ja")  # the demo (a first start's copy)
    window.close()
    from tests.gui_helpers import close_window

    close_window(window)
    pid = make_plan(db, n)
    window = make_window(None, db, shared=True, global_lang="ja", global_project=str(pid))
    window.resize(1400, 900)
    install_translations(qapp, "ja")
    window.show_page("wbs")
    longest_block(window, lambda: None)
    settle_heap_now()  # (the one collection a second after a big plan's paint, not inside the first action measured)
    return window, context


def settle_heap_now() -> None:
    """The heap's settling after a big plan's paint (app/ui/tasks.py) made now: in a test process it scans every
    earlier test's leftovers too (seconds), not the app's heap alone (0.1-0.2 s)."""
    from app.ui import tasks

    if tasks._heap_timer is not None and tasks._heap_timer.isActive():
        tasks._heap_timer.stop()
        tasks.settle_heap()


@pytest.fixture(scope="module")
def plan5k(qapp, tmp_path_factory):
    from tests.gui_helpers import close_window

    window, context = big_window(qapp, tmp_path_factory, 5000)
    yield window
    close_window(window)
    context.__exit__(None, None, None)


@pytest.fixture(scope="module")
def plan10k(qapp, tmp_path_factory):
    from tests.gui_helpers import close_window

    window, context = big_window(qapp, tmp_path_factory, 10000)
    yield window
    close_window(window)
    context.__exit__(None, None, None)


def japanese(qapp) -> None:
    """conftest puts the application back into English after each test: the shared window reads Japanese."""
    from app.ui.translations import install_translations

    if qapp.property("uiLang") != "ja":
        install_translations(qapp, "ja")


def pending(window) -> bool:
    from app.ui import tasks

    step = getattr(window.state, "step_worker", None)
    timers = [t for t in window.findChildren(QTimer) if t.isActive() and t.isSingleShot()]
    return bool(tasks._running) or bool(timers) or (step is not None and step.running)


def longest_block(window, action, timeout_s: float = 60, quiet_s: float = 0.3) -> float:
    """Seconds of the longest single UI-thread block: ``action`` itself, then each processEvents() call
    until nothing is pending for ``quiet_s``."""
    started = time.perf_counter()
    action()
    longest = time.perf_counter() - started
    deadline, quiet_since = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        began = time.perf_counter()
        QApplication.processEvents()
        longest = max(longest, time.perf_counter() - began)
        if pending(window):
            quiet_since = None
        else:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > quiet_s:
                break
        time.sleep(0.003)
    return longest


def ui_thread_calls(window, action, **kwargs) -> tuple[int, int]:
    """The UI thread's Python calls while ``action`` runs and the event loop then works off what it left
    (:func:`longest_block`'s loop): (calls into the WBS model, all calls). A measure of the UI thread's work that
    another process's load does not change (seconds did: a loaded CI machine made the fixed select-all edit 1.5 s).
    Workers are not counted (the profile is the UI thread's only). Qt asks a Python model through Python calls:
    the freezes below were millions of them (a layout change's persistent indexes, selectedRows())."""
    model = window.page("wbs").model
    mine = {f.__code__ for cls in type(model).__mro__ if cls.__module__.startswith("app.")
            for f in vars(cls).values() if inspect.isfunction(f)}
    calls = {"model": 0, "all": 0}

    def count(frame, event, _arg) -> None:
        if event == "call" and frame.f_code.co_filename != __file__:  # (not this loop's own checks: more on a loaded machine)
            calls["all"] += 1
            if frame.f_code in mine:
                calls["model"] += 1

    sys.setprofile(count)
    try:
        longest_block(window, action, **kwargs)
    finally:
        sys.setprofile(None)
    return calls["model"], calls["all"]


def leaves(window) -> list[int]:
    tree = window.page("wbs").model.tree
    return [t.id for t in tree.walk() if not tree.has_children(t.id)]


def type_keys(widget, text: str) -> None:
    """Key events carrying the text (Japanese as an input method commits it)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture(scope="module")
def select_all_edit(plan5k, qapp):
    """Ctrl+A in the WBS tree, F2 on a leaf's note, 「一括メモ」 typed, Enter: (UI-thread calls, notes stored, tasks)."""
    from PySide6.QtTest import QTest

    from app.wbs.service import WbsService

    japanese(qapp)
    window = plan5k
    page = window.page("wbs")
    leaf = leaves(window)[5]
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(leaf, INDEX["notes"])))
    QTest.keyClick(page.tree, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(page.tree, Qt.Key.Key_F2)
    deadline = time.monotonic() + 5
    while page.tree.state() != QAbstractItemView.State.EditingState and time.monotonic() < deadline:
        QApplication.processEvents()
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    editor.selectAll()
    type_keys(editor, "一括メモ")
    calls = ui_thread_calls(window, lambda: QTest.keyClick(editor, Qt.Key.Key_Return))
    stored = WbsService(window.state.workspace.db).tree(window.state.project_id)
    return calls, sum(1 for t in stored.tasks.values() if t.notes == "一括メモ"), len(stored.tasks)


# The UI thread's Python calls per task of the plan. Fixed (5,050 tasks): the edit 16 into the model and 88 in all, its
# undo 12 and 37. The freezes: the edit 1,130 into the model (5.1 million parent() calls) and 1,335 in all, its undo 430
# and 490 (measured with the old selected_ids and the layout change put back).
MODEL_CALLS_A_TASK, CALLS_A_TASK = 100, 400


def test_select_all_then_one_note_for_every_task_does_not_freeze(select_all_edit):
    (model_calls, calls), noted, total = select_all_edit
    assert noted == total, f"typed note stored on {noted} of {total} tasks"  # held: nothing lost
    assert model_calls < MODEL_CALLS_A_TASK * total, f"Ctrl+A then a note typed: Qt asked the model {model_calls} times ({total} tasks)"
    assert calls < CALLS_A_TASK * total, f"Ctrl+A then a note typed: {calls} Python calls on the UI thread ({total} tasks)"


def test_undo_of_a_select_all_note_edit_does_not_freeze(select_all_edit, plan5k, qapp):
    from app.wbs.service import WbsService

    japanese(qapp)
    window = plan5k
    model_calls, calls = ui_thread_calls(window, window.state.undo_stack.undo)
    stored = WbsService(window.state.workspace.db).tree(window.state.project_id)
    assert not any(t.notes == "一括メモ" for t in stored.tasks.values()), "the undo did not take the notes back"
    window.page("wbs").tree.clearSelection()
    total = len(stored.tasks)
    assert model_calls < MODEL_CALLS_A_TASK * total, f"Undo of the multi-task edit (rows still selected): Qt asked the model {model_calls} times"
    assert calls < CALLS_A_TASK * total, f"Undo of the multi-task edit (rows still selected): {calls} Python calls on the UI thread"


def test_saving_a_baseline_of_a_10000_task_plan_does_not_freeze(plan10k, qapp, monkeypatch):
    """The save stored on a worker (it was 1.2-1.3 s on the UI thread: 1 million Python calls, 100 a task); what the
    dialog and the page do with it on the UI thread after, 7,000 calls (under one a task)."""
    from app.ui.wbs.tracking import BaselineDialog
    from app.wbs.tracking import baselines as store

    japanese(qapp)
    window = plan10k
    page = window.page("wbs")
    frozen_on: list[str] = []
    real_freeze = store.freeze
    monkeypatch.setattr(store, "freeze", lambda tree: frozen_on.append(threading.current_thread().name) or real_freeze(tree))
    page.baselines_button.click()
    dialog = next(d for d in page.findChildren(BaselineDialog) if d.isVisible())
    assert dialog.objectName() == "wbsBaselineDialog"
    dialog.name.setText("契約時")
    _model_calls, calls = ui_thread_calls(window, dialog.save_button.click)
    saved = [b.name for b in store.baselines(store.read(window.state.workspace, window.state.project_id))]
    dialog.close()
    assert "契約時" in saved, saved
    total = len(page.model.tree.tasks)
    assert frozen_on and threading.main_thread().name not in frozen_on, f"the baseline's schedule was read on {frozen_on}"
    assert calls < 10 * total, f"Baselines… ▸ Save on the {total}-task plan: {calls} Python calls on the UI thread"


def test_search_keystrokes_on_the_5000_task_plan_stay_quick(plan5k, qapp):
    """Held: each key in the search box (ASCII and Japanese) and the clearing, each under 40 Python calls a task on the
    UI thread (measured: 4-14; was a 0.5 s bound, which a loaded machine's seconds can pass over)."""
    japanese(qapp)
    window = plan5k
    total = len(window.page("wbs").model.tree.tasks)
    search = window.page("wbs").filters.search
    search.setFocus()
    calls = [ui_thread_calls(window, lambda ch=ch: type_keys(search, ch), quiet_s=0.05)[1] for ch in "Task 3グ"]
    calls.append(ui_thread_calls(window, search.clear)[1])
    assert max(calls) < 40 * total, calls
