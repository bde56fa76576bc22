"""Every test runs against its own data folder, database and settings file."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every demo the tests make (in process, by the window, by `python -m app demo`) is the one made on this day: its dates
# (the PoC began the Monday a week before) are what the tests were written against, whatever day they run.
os.environ.setdefault("MLOPS_KICKOFF_DEMO_DAY", "2026-12-06")
os.environ.pop("MLOPS_KICKOFF_TODAY", None)  # (the tests' today is the computer's: a pinned one set around them would not be)

import app.features  # noqa: F401  (registers the features' content types)
from app.core.content.loader import ContentLibrary, load_library
from app.core.kinds import use_pdf_writer
from app.core.workspace import Workspace
from app.main import write_pdf

REPO = Path(__file__).resolve().parent.parent

use_pdf_writer(write_pdf)  # as app.main does: PDF exports get Qt's writer


MODAL_WAIT_MS = 60_000  # far over any answer a test gives by a timer, far under a CI run's limit


def _modal_closed_after_a_while(exec_, shown: list[str]):
    """``QDialog.exec`` (QMessageBox's, QInputDialog's too) that rejects the dialog still open after MODAL_WAIT_MS
    and says so: a modal nobody answers (a test's timer fired before it opened, a dialog the test did not expect)
    fails its test instead of keeping the whole run waiting until CI's limit with nothing said of where."""

    def exec_answered(dialog, *args):
        import shiboken6
        from PySide6.QtCore import QTimer

        def close() -> None:
            shown.append(f"{dialog.windowTitle() or type(dialog).__name__}: a modal dialog still open after "
                         f"{MODAL_WAIT_MS // 1000} s (closed)")
            dialog.reject()

        timer = QTimer(dialog)
        timer.setSingleShot(True)
        timer.timeout.connect(close)
        timer.start(MODAL_WAIT_MS)
        try:
            return exec_(dialog, *args)
        finally:
            if shiboken6.isValid(timer):  # gone with a dialog deleted on close
                timer.stop()

    exec_answered.unguarded = exec_  # type: ignore[attr-defined]
    return exec_answered


@pytest.fixture(autouse=True)
def no_unexpected_dialog(monkeypatch: pytest.MonkeyPatch):
    """A modal dialog the test did not answer fails the test instead of waiting forever for a click.

    Tests answer the dialogs they expect by replacing app/ui/messages.py's functions (or these
    static calls) themselves; those replacements win over these.
    """
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    shown: list[str] = []

    def box(answer):
        def show(_parent, title, text, *_args, **_kwargs):
            shown.append(f"{title}: {text}")
            return answer

        return staticmethod(show)

    def picker(answer):
        def show(_parent=None, title="", *_args, **_kwargs):
            shown.append(f"{title} (a file dialog)")
            return answer

        return staticmethod(show)

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, box(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", box(QMessageBox.StandardButton.No))
    monkeypatch.setattr(QInputDialog, "getText", box(("", False)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", picker(("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", picker(("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", picker(""))

    def file_dialog(dialog, *_args, **_kwargs):  # app/ui/messages.py file_dialog's, run by chosen_path: cancelled
        shown.append(f"{dialog.windowTitle()} (a file dialog)")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", file_dialog)
    monkeypatch.setattr(QDialog, "exec", _modal_closed_after_a_while(QDialog.exec, shown))
    yield
    if shown:
        pytest.fail("a dialog nobody answered appeared:\n" + "\n".join(shown), pytrace=False)


@pytest.fixture(autouse=True)
def no_background_job_left(no_unexpected_dialog):
    """Fail a test that ends while a background job (app/ui/tasks.py) runs or has not reported back.

    Such a job would finish during a later test: write into a folder pytest has removed, or call
    back into a window that test closed. Checked after the test's own fixtures have closed their
    windows, and before the dialog check (closing a window left open may ask something).
    """
    yield
    from PySide6.QtCore import QThreadPool

    from app.ui import tasks

    helpers = sys.modules.get("tests.gui_helpers")
    if helpers is not None:
        helpers.close_open_windows()  # a test that failed half-way left its window open
    pool = QThreadPool.globalInstance()
    running, unreported = pool.activeThreadCount(), sorted(relay.objectName() for relay in tasks._running)
    if running or unreported:
        pool.waitForDone(30000)  # the next test starts without it
        tasks._running.clear()
        pytest.fail(
            f"the test ended with background work left: {running} job(s) running, results not delivered to the UI "
            f"of {unreported}; wait for what the user sees (qtbot.waitUntil) or gui_helpers.finish_background_work()",
            pytrace=False,
        )


def isolate(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder and settings file at ``home``; the language is Japanese."""
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(home))
    monkeypatch.setenv("MLOPS_KICKOFF_SETTINGS", str(home / "settings.ini"))
    monkeypatch.delenv("MLOPS_KICKOFF_DB", raising=False)
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    return home


def answer_conflict(choice: str, merged: dict | None = None):
    """A stand-in for the conflict dialog's exec (app/ui/window/conflict_dialog.ask_conflict): answers
    it with ``choice`` ("theirs", "mine" or "merged", with the merged texts by field)."""
    from app.ui.window.conflict_dialog import Choice

    def answer(dialog) -> int:
        if choice == "merged":
            dialog._show_merge()
            for key, text in (merged or {}).items():
                dialog.merge_edits[key].setPlainText(text)
        dialog._done(Choice(choice))
        return 1

    return answer


@pytest.fixture(autouse=True)
def unanswered_conflict_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that makes a hearing conflict must answer the dialog (``answer_conflict``): a real modal
    would wait for a click that never comes."""
    import app.ui.window.conflict_dialog as item_editor

    def refuse(dialog) -> int:
        raise AssertionError("a conflict dialog opened: patch app.ui.window.conflict_dialog.ask_conflict with answer_conflict(...)")

    monkeypatch.setattr(item_editor, "ask_conflict", refuse)


@pytest.fixture(autouse=True)
def no_key_held():
    """QTest's key clicks with a modifier (Ctrl+Z) leave the application's modifier state as held (the modifier's
    own release is sent with it still set): the next test's selectRow then adds to the selection as with Ctrl held
    (tests/test_fix29c_chosen_rows.py after tests/test_fix26e_dialog_undo_keys.py). Released after each test."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None or QGuiApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier:
        return
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    for key in (Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
        QTest.keyRelease(widget, key, Qt.KeyboardModifier.NoModifier)
    widget.deleteLater()


@pytest.fixture(autouse=True)
def heap_not_frozen():
    """A window on a big plan freezes the heap (app/ui/tasks.py settle_heap): what a test leaves is collected as ever
    after it, and a settling a test's window asked for never fires in the next test (freezing that test's objects)."""
    yield
    import gc

    from app.ui import tasks

    if tasks._heap_timer is not None:
        tasks._heap_timer.stop()
    gc.unfreeze()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return isolate(tmp_path / "home", monkeypatch)


# What PySide prints when Python code reaches a Qt object that is gone: an object outlived its owner.
DEAD_QT_OBJECT = ("already deleted", "Internal C++ object")


def _dead_qt_object(text: str) -> bool:
    return any(mark in text for mark in DEAD_QT_OBJECT)


@pytest.fixture(autouse=True)
def no_dead_qt_objects():
    """Fail a test whose code reached a deleted Qt object where nobody would see it otherwise.

    pytest-qt already fails a test on an exception raised in a Qt slot or virtual method (it hooks
    sys.excepthook); what is left is an exception Python cannot raise anywhere (sys.unraisablehook:
    a destructor, a callback during garbage collection). Text printed to stderr is checked in
    pytest_runtest_makereport below. Both are a string test per event or report: cheap.
    """
    seen: list[str] = []
    previous = sys.unraisablehook

    def hook(unraisable) -> None:  # sys.UnraisableHookArgs
        if _dead_qt_object(str(unraisable.exc_value)):
            seen.append(f"{unraisable.err_msg or 'Exception ignored'}: {unraisable.exc_type.__name__}: {unraisable.exc_value}")
        previous(unraisable)

    sys.unraisablehook = hook
    yield
    sys.unraisablehook = previous
    if seen:
        pytest.fail("a Qt object was used after it was deleted:\n" + "\n".join(seen), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A test that printed a deleted Qt object's error to stderr fails, even if nothing raised."""
    report = yield
    if report.failed:
        return report
    printed = "".join(content for name, content in report.sections if name == f"Captured stderr {report.when}")
    if _dead_qt_object(printed):
        lines = [line for line in printed.splitlines() if _dead_qt_object(line)]
        report.outcome = "failed"
        report.longrepr = f"{report.when}: a Qt object was used after it was deleted (printed to stderr):\n" + "\n".join(lines)
    return report


@pytest.fixture(scope="session", autouse=True)
def one_qt_application(qapp):
    """The widgets' QApplication, made before anything else can make a bare QGuiApplication.

    A PDF export on its own makes a QGuiApplication (all the CLI needs); a widget test that ran
    after it in the same process would then abort, so which tests ran first must not matter.
    """
    return qapp


@pytest.fixture(autouse=True)
def english_after_the_test(qapp):
    """A test that switched the UI to Japanese (a window made with global_lang="ja") leaves the
    application's translators behind; the next test starts in English again, whatever ran before."""
    yield
    widths = sys.modules.get("app.ui.wide_table.widths")
    if widths is not None:  # the columns a test widened are the session's: the next test starts fitted
        widths.OwnWidths._kept.clear()
    if qapp.property("uiLang") not in (None, "en"):
        from app.ui.translations import install_translations

        install_translations(qapp, "en")


@pytest.fixture(scope="session", autouse=True)
def pdf_writer() -> None:
    """Qt's PDF writer, handed to the core as the program does at start (app/main.py).

    Without it a window built by a test (build_window, not main()) could write a PDF only when an
    earlier test in the same process had run the CLI: the result would depend on the order of tests.
    """
    from app.core.kinds import use_pdf_writer
    from app.main import write_pdf

    use_pdf_writer(write_pdf)


@pytest.fixture(scope="session")
def library() -> ContentLibrary:
    return load_library([REPO / "checklists"], strict=True)


@pytest.fixture
def japanese_window(qtbot, db_path, monkeypatch):
    """The main window in Japanese on the demo, every confirmation answered yes (a test module takes it
    as its ``window`` fixture)."""
    from app.ui import messages
    from tests.gui_helpers import close_window, make_window

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.sqlite3"


@pytest.fixture
def workspace(db_path: Path, library: ContentLibrary):
    ws = Workspace.open(str(db_path), library)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, library: ContentLibrary) -> Path:
    """The Japanese demo built once per run; each test gets a copy (building it takes ~0.4 s)."""
    from app.projects.demo import create_demo

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    ws = Workspace.open(str(path), library)
    try:
        create_demo(ws, "ja")
    finally:
        ws.close()
    return path


COPY_WAIT_S = 60  # a template another process holds locked fails the test after this, never hangs it


def copy_database(source: Path, target: Path) -> None:
    """Copy a database with SQLite's backup API (consistent even with a write-ahead log), as the app does
    (app/core/storage/sqlite_copy.py): a source locked past COPY_WAIT_S raises DatabaseBusy."""
    import sqlite3

    from app.core.storage.sqlite_copy import copy_database as copy_within

    with contextlib.closing(sqlite3.connect(source, timeout=COPY_WAIT_S)) as src, contextlib.closing(sqlite3.connect(target)) as dst:
        copy_within(src, dst, COPY_WAIT_S)


@pytest.fixture
def demo(workspace: Workspace, demo_template: Path, db_path: Path):
    """The demo project in the test's own database: a copy of the template."""
    from app.core.projects import ProjectService

    workspace.db.engine.dispose()  # no connection may be open while the file's content is replaced
    copy_database(demo_template, db_path)
    return ProjectService(workspace.db).list()[0]


# --- PostgreSQL (issue 18): a throwaway server per pytest process, a database per test (tests/pg.py)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Sweep the test servers killed runs left running (tests/pg.py sweep); one line when there were any.

    Each server start sweeps again (an xdist worker's output is not shown): this is the line a user sees.
    """
    if hasattr(session.config, "workerinput"):
        return
    from tests.pg import sweep

    swept = sweep()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if swept and reporter is not None:
        reporter.write_line(f"tests/pg.py: stopped {len(swept)} PostgreSQL test server(s) left by killed test runs, removed their folders")


@pytest.fixture(scope="session")
def pg_server():
    """The process's PostgreSQL test server (skips, saying how to enable it, without the binaries)."""
    from tests.pg import start_or_skip

    server = start_or_skip()
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server) -> str:
    """A fresh database holding the current schema, on the test server (its URL has a password)."""
    return pg_server.create_database(template=pg_server.migrated_template())


@pytest.fixture
def pg_empty_url(pg_server) -> str:
    """A fresh empty database (no schema at all) on the test server."""
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The test's database on each backend: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_workspace(db_url: str, library: ContentLibrary):
    """A workspace on each backend (the storage and operation tests that must hold on both)."""
    ws = Workspace.open(db_url, library)
    yield ws
    ws.close()


@pytest.fixture
def said(monkeypatch) -> list[str]:
    """What the window says in message boxes; an unexpected error (the error report) as CRASH."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui import crash

    shown: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(crash, "report", lambda error, *a, **k: shown.append(f"CRASH {error!r}"))
    return shown


@pytest.fixture
def big(monkeypatch):
    """Undo / Redo steps of 5 tasks or more are made on a worker (app/ui/window/step_worker.py: the demo's 82
    tasks are a big step), which takes 0.6 s longer: what the window does meanwhile can be seen."""
    from app.ui.window import step_worker

    monkeypatch.setattr(step_worker, "BIG_STEP", 5)
    real = step_worker._run

    def slow(ws, op, project_id=None):
        import time

        time.sleep(0.6)
        return real(ws, op, project_id)

    monkeypatch.setattr(step_worker, "_run", slow)
