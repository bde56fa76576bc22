"""breaker41b: a big customer project must never freeze the window (house rule: no slow work on the UI thread).

The project, made with a scratch script outside the suite: the demo in Japanese, imported again (held) with every
text answer grown by about 9,600 characters and a 4,000-character note, every table answer grown to 1,000 rows,
the proposal to about 50,000 characters, plus 10,000 WBS tasks (tests/bench_wbs.py build_tasks, leaves given the
demo's four people) scheduled: 10,083 tasks. The Japanese window was opened on it and every action a consultant
takes was done while a 10 ms QTimer recorded the longest gap in the event loop (the figures below, on this shared
2-core machine, one run each). The tests here check the structure (on which thread the slow function runs, what the
window waits for) on the demo, so they stay fast; the figures say why it matters.

Tried and held (the slow part on a worker, the button disabled or the page busy, no second run):
- Every kind on the Exports page and the project file: hearing sheet (13.5 s of work, longest gap 0.11 s), minutes,
  follow-ups, proposal MD / HTML, WBS Excel (5.9 s, 0.14 s), MS Project XML (4.3 s, 0.18 s), tracker CSV, earned
  value, wiki (5.1 s, 0.14 s), experiment sheet, scaffold (6.8 s, 0.23 s), system plan MD / Excel (7.0 s, 0.13 s),
  review MD / HTML / PDF / Excel; the project file of 10,083 tasks is refused in words (over the file's 10,000,
  documented, pointing at Copy Project To). The WBS page's Export to Excel (7.4 s, 1.2 s gap), Import from Excel.
- WBS page: Schedule (1.1 s of work on a worker, 0.96 s gap), Generate, Level resources (7,004 tasks moved, 0.67 s
  gap), the search typed and cleared, the filters; opening the page (1 s once, then 0.03 s).
- Projects dialog (0.03 s), File ▸ Restore Backup (0.36 s), Copy Project To (a worker, the dialog busy).
- Closing the window during a hearing-sheet or WBS Excel export of the big project: the file is still written
  whole, no traceback.

Broke:
- File ▸ Duplicate Project and the Projects dialog's Duplicate copy the project on the UI thread
  (transfer.duplicate): the window froze 7.1 s on the big project, without any sign of being busy
  (test_file_duplicate_runs_off_the_ui_thread, test_projects_dialog_duplicate_runs_off_the_ui_thread).
- The Experiment environment and Data platform & CI pages render their wiki preview on the UI thread each time they
  are shown or the project changes (render_wiki in EnvironmentPage.refresh): the window froze 4.6 s and 6.5 s
  (10 s and 14 s with a profiler) opening them on the big project, whose 1,000 data sources each become a wiki page
  (test_environment_page_renders_its_wiki_off_the_ui_thread[...]).
- Switching the window's language while an export runs waits on the UI thread for the export to finish
  (set_ui_lang → settle_background): switching to English 0.3 s into the hearing sheet of the big project froze the
  window 14.6 s (test_switching_language_does_not_wait_for_a_running_export).
- Closing the window while a proposal PDF is still being made: the process crashes on its way out (SIGSEGV, exit
  status 139 in a shell, "WARNING: QApplication was not created in the main() thread." on stderr, a native crash
  log in the data folder): the worker reaches the PDF writer after the application object is gone and makes a new
  one on its own thread. Seen on the big project (its PDF takes 16 s) and, made deterministic, on the demo
  (test_closing_the_window_during_a_pdf_export_exits_cleanly).

Found, no test (each needs more than the 10 s a test may take, or is timing alone on a shared machine):
- The WBS Excel exported from the big project (10,083 tasks scheduled over 80+ weeks: 10,183 rows x 100 columns,
  20 fields and 80 week columns) is refused when imported back: "シートが宣言している範囲 … 1,018,300 セルあり、
  上限の1,000,000 セルを超えています". The README promises WBS sheets of 20,000 rows; any scheduled plan of more
  than about 9,990 tasks whose Gantt reaches 80 weeks cannot come back (building, exporting it takes > 10 s).
- The proposal PDF of the big project (85 pages) runs on a worker, but its pagination holds Python's lock inside
  Qt's layout calls: the window's event loop stood still 4.0 s during the export (5.5 s in a lone run).
- Opening a hearing table item of 1,000 rows (Data sources, Team) blocks 2.1-3.5 s in the table's column fitting
  (resizeColumnToContents over every row); the System planning page's first show 3.3 s for the same reason.
- Undo / Redo of a Schedule that moved all 10,083 tasks restores them on the UI thread (core operation 0.84 /
  0.95 s, event-loop gap 1.5 s with the refresh), while the Schedule itself runs on a worker; at the bound, noted.
- The WBS totals / critical path of 10,083 tasks are worked out on the UI thread after each edit (about 0.6 s
  each, twice after one estimate edit: a 1.5 s gap); under the 1 s a step, not counted.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests.gui_helpers import settle

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def window(japanese_window, qtbot):
    settle(japanese_window)
    return japanese_window


def on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def recording(calls: list[bool], real):
    """``real``, noting for each call whether it ran on the UI (main) thread."""

    def wrapped(*args, **kwargs):
        calls.append(on_main_thread())
        return real(*args, **kwargs)

    return wrapped


# --- what held --------------------------------------------------------------------------------------


def test_every_export_of_the_exports_page_runs_on_a_worker_with_its_button_off(window, qtbot, tmp_path, monkeypatch):
    """Each document kind: the exporter off the UI thread, its button disabled until it is done (a second
    click cannot start it twice), then enabled again and the file named."""
    from app import features
    from app.ui import messages
    from app.ui.projects import exports_page

    calls: list[tuple[str, bool, bool]] = []
    real = exports_page.run_export
    page = window.page("exports")

    def run(kind, *args):
        calls.append((kind.name, on_main_thread(), page.kind_buttons[kind.name].isEnabled()))
        return real(kind, *args)

    monkeypatch.setattr(exports_page, "run_export", run)
    window.show_page("exports")
    for name in ("hearing-sheet", "wbs", "mspdi", "tracker-csv", "proposal", "experiment-sheet", "system-plan", "wiki"):
        kind = features.EXPORTS[name]
        if kind.is_folder:
            target = tmp_path / f"{name}-folder"
            target.mkdir()
            monkeypatch.setattr(messages, "choose_folder", lambda *_a, t=str(target), **_k: t)
        else:
            target = tmp_path / f"{name}{kind.suffixes[0]}"
            monkeypatch.setattr(messages, "save_file", lambda *_a, t=str(target), **_k: t)
        page.kind_buttons[name].click()
        assert not page.kind_buttons[name].isEnabled(), name
        page.kind_buttons[name].click()  # a second click while it runs: nothing
        qtbot.waitUntil(lambda name=name: page.kind_buttons[name].isEnabled(), timeout=20000)
        assert "書き出しました" in page.result_label.text(), (name, page.result_label.text())
    assert [c[0] for c in calls] == ["hearing-sheet", "wbs", "mspdi", "tracker-csv", "proposal", "experiment-sheet", "system-plan", "wiki"]
    assert not any(main for _, main, _ in calls), calls
    assert not any(enabled for _, _, enabled in calls), calls


def test_wbs_schedule_and_generate_run_on_a_worker_with_the_page_busy(window, qtbot, monkeypatch):
    """Schedule and Generate off the UI thread; while they run the page is busy (its buttons and the table off)."""
    import app.wbs.generate as generate_module
    import app.wbs.schedule as schedule_module

    calls: list[tuple[str, bool, bool]] = []
    page = window.page("wbs")
    for module, name in ((schedule_module, "schedule"), (generate_module, "generate")):
        real = getattr(module, name)

        def wrapped(*args, real=real, name=name, **kwargs):
            calls.append((name, on_main_thread(), page.schedule_button.isEnabled() or page.generate_button.isEnabled()))
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapped)
    window.show_page("wbs")
    settle(window)
    for button in (page.schedule_button, page.generate_button):
        button.click()
        assert page.busy and not page.tree.isEnabled()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
    assert [(n, main, on) for n, main, on in calls] == [("schedule", False, False), ("generate", False, False)]


# --- what broke -------------------------------------------------------------------------------------


def test_file_duplicate_runs_off_the_ui_thread(window, qtbot, monkeypatch):
    from app.projects import transfer

    calls: list[bool] = []
    monkeypatch.setattr(transfer, "duplicate", recording(calls, transfer.duplicate))
    first = window.state.project_id
    window.duplicate_project()
    qtbot.waitUntil(lambda: window.state.project_id not in (first, -1), timeout=20000)
    settle(window)
    assert calls == [False], "the copy ran on the UI thread"


def test_projects_dialog_duplicate_runs_off_the_ui_thread(window, qtbot, monkeypatch):
    from app.projects import transfer
    from app.ui.projects.dialog import ProjectsDialog

    calls: list[bool] = []
    monkeypatch.setattr(transfer, "duplicate", recording(calls, transfer.duplicate))
    dialog = ProjectsDialog(window.state, window, window.watcher)
    dialog.show()
    before = dialog.table.model().rowCount()
    dialog.buttons["duplicate"].click()
    qtbot.waitUntil(lambda: dialog.table.model().rowCount() == before + 1, timeout=20000)
    dialog.reject()
    settle(window)
    assert calls == [False], "the copy ran on the UI thread"


@pytest.mark.parametrize("page_id", ["experiment", "data-ci"])
def test_environment_page_renders_its_wiki_off_the_ui_thread(window, qtbot, monkeypatch, page_id):
    import app.ui.environment.page as environment_page

    calls: list[bool] = []
    monkeypatch.setattr(environment_page, "render_wiki", recording(calls, environment_page.render_wiki))
    window.show_page(page_id)
    qtbot.waitUntil(lambda: bool(calls), timeout=10000)
    settle(window)
    assert calls and not any(calls), f"render_wiki ran on the UI thread {calls.count(True)} time(s)"


def test_switching_language_does_not_wait_for_a_running_export(window, qtbot, tmp_path, monkeypatch):
    from app.ui import messages
    from app.ui.projects import exports_page

    release = threading.Event()
    real = exports_page.run_export

    def slow_export(*args):  # the hearing sheet of a big project: seconds of work
        release.wait(4)
        return real(*args)

    monkeypatch.setattr(exports_page, "run_export", slow_export)
    monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(tmp_path / "sheet.xlsx"))
    window.show_page("exports")
    page = window.page("exports")
    page.kind_buttons["hearing-sheet"].click()
    took: list[float] = []

    def switch() -> None:
        started = time.monotonic()
        window.set_ui_lang("en")
        took.append(time.monotonic() - started)
        release.set()

    QTimer.singleShot(0, switch)
    qtbot.waitUntil(lambda: bool(took), timeout=15000)
    release.set()
    settle(window)
    assert (tmp_path / "sheet.xlsx").is_file()
    assert took[0] < 2.0, f"the language switch waited {took[0]:.1f} s for the export (the window frozen meanwhile)"


CLOSE_DRIVER = textwrap.dedent(
    """
    import sys, threading, time
    out, db = sys.argv[1], sys.argv[2]
    from app.ui import messages
    messages.save_file = lambda *a, **k: out
    import app.main as main_module
    closed = threading.Event()
    real_pdf = main_module.write_pdf

    def slow_pdf(html, path, title=""):
        closed.wait(20)  # the PDF of a big proposal (16 s for the big project) is still being made
        time.sleep(0.5)
        return real_pdf(html, path, title)

    main_module.write_pdf = slow_pdf
    import app.ui.app as ui_app
    build = ui_app.build_window

    def build_window(args, **kwargs):
        qapp, window = build(args, **kwargs)
        from PySide6.QtCore import QTimer

        def export_then_close():
            window.show_page("exports")
            window.page("exports").kind_buttons["proposal"].click()
            QTimer.singleShot(300, lambda: (window.close(), closed.set()))

        QTimer.singleShot(500, export_then_close)
        return qapp, window

    ui_app.build_window = build_window
    sys.exit(main_module.main(["--db", db, "--lang", "ja", "--project", "1"]))
    """
)


def test_closing_the_window_during_a_pdf_export_exits_cleanly(tmp_path):
    home = tmp_path / "app-home"
    home.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO), MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), QT_QPA_PLATFORM="offscreen")
    env.pop("MLOPS_KICKOFF_DB", None)
    db, out, driver = tmp_path / "close.sqlite3", tmp_path / "提案.pdf", tmp_path / "driver.py"
    driver.write_text(CLOSE_DRIVER, encoding="utf-8")
    made = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "--lang", "ja", "demo"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    run = subprocess.run([sys.executable, str(driver), str(out), str(db)], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert out.is_file() and out.read_bytes().startswith(b"%PDF"), "the PDF was lost"
    crash_log = home / "logs" / "native-crash.log"
    crashed = crash_log.read_text(encoding="utf-8", errors="replace") if crash_log.exists() else ""
    assert run.returncode == 0 and "QApplication was not created" not in run.stderr and not crashed.strip(), (
        f"exit status {run.returncode}; stderr: {run.stderr.strip()[-300:]}; native crash log: {crashed.strip()[:200]}"
    )
