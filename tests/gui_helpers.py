"""Helpers for GUI tests: build the real main window on a test database, answer dialogs."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from app.ui.app import build_window
from tests.conftest import copy_database

# What the window's first start leaves in an empty database (the demo project in the export
# language), made once per test process and language by a real first start, then copied: making
# the demo takes most of a window's start-up, and about 70 tests start a window.
_first_start: dict[str, Path] = {}

# The windows a test opened and has not closed yet: conftest closes them after the test.
_open_windows: list = []


def _args(db_path, **overrides) -> argparse.Namespace:
    args = argparse.Namespace(db=str(db_path), global_lang="en", global_project=None, page=None, screenshot=None)
    for key, value in overrides.items():
        setattr(args, key, value)
    return args


def _demo_language(args: argparse.Namespace) -> str:
    """The language the first start makes the demo in (build_window's export language)."""
    from app.core.i18n import parse_lang
    from app.ui import settings
    from app.ui.app import ui_language

    stored = settings.value("export/language")
    return parse_lang(str(stored)) if stored in ("ja", "en") else ui_language(args)


def _first_start_database(lang: str) -> Path:
    if lang not in _first_start:
        folder = Path(tempfile.mkdtemp(prefix="mlops-first-start-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "first-start.sqlite3"
        saved = {name: os.environ.get(name) for name in ("MLOPS_KICKOFF_HOME", "MLOPS_KICKOFF_SETTINGS")}
        os.environ["MLOPS_KICKOFF_HOME"] = str(folder)  # the template's window leaves no settings in the test's
        os.environ["MLOPS_KICKOFF_SETTINGS"] = str(folder / "settings.ini")
        try:
            _app, window = build_window(_args(path, global_lang=lang))
            _open_windows.append(window)
            close_window(window)
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            from app.core.content.loader import reset_default_library

            reset_default_library()  # read from the template's data folder: the test's own is read again
        _first_start[lang] = path
    return _first_start[lang]


def make_window(qtbot, db_path, *, first_start: bool = False, shared: bool = False, **overrides):
    """The main window on ``db_path``, shown; closed and deleted by close_window (or after the test).

    On a database that does not exist yet the window finds what its first start would have made
    (a copy); ``first_start=True`` runs the real first start instead. A ``shared`` window outlives
    the test (a module's fixture makes it, without a qtbot, and closes it).
    """
    args = _args(db_path, **overrides)
    if not first_start and not Path(db_path).exists():
        copy_database(_first_start_database(_demo_language(args)), Path(db_path))
    _app, window = build_window(args)
    if not shared:
        _open_windows.append(window)
    window.show()
    if qtbot is not None:
        qtbot.waitExposed(window)
    else:
        from PySide6.QtTest import QTest

        assert QTest.qWaitForWindowExposed(window)
    return window


@contextlib.contextmanager
def two_windows(qtbot, db_path, monkeypatch, page: str | None = None) -> Iterator[tuple]:
    """Window A (山田) and window B (佐藤) on one database, in Japanese, on the demo (on ``page`` if given),
    every question answered yes; each closed after, unless the test closed it itself."""
    from shiboken6 import isValid

    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    if page is not None:
        for window in (a, b):
            window.show_page(page)
            settle(window)
    try:
        yield a, b
    finally:
        for window in (b, a):
            if isValid(window) and window in _open_windows:
                close_window(window)


def close_window(window) -> None:
    """Close as the user does; then the application quits, so nothing the window scheduled runs later.

    Its background work reports back first; after closing, its timers (a preview waiting for a
    pause in typing) are stopped, what closing started is let finish, and the window is deleted:
    a closed window of one test must not react in the next (to a language change, a database change).
    """
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

    finish_background_work()
    window.close()
    for timer in window.findChildren(QTimer):
        timer.stop()
    finish_background_work()
    # Zero-delay single shots the window scheduled (QTimer.singleShot(0, ...), not its children)
    # run now, while their widgets exist.
    QCoreApplication.processEvents()
    window.state.workspace.close()
    if window in _open_windows:
        _open_windows.remove(window)
    # The real application never deletes its window (it exits); its widgets' signals while they are
    # torn down (a text box emptied) would reach slots of widgets already gone.
    for child in window.findChildren(QObject):
        child.blockSignals(True)
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def close_open_windows() -> None:
    """Close the windows a test left open (it failed before closing them, or never closes them)."""
    while _open_windows:
        close_window(_open_windows[-1])


def settle(window, timeout_s: float = 30) -> None:
    """Wait until the window has nothing pending: no single-shot timer (a preview waiting for a pause
    in typing) and no background work. A window shared by several tests is settled after each."""
    from PySide6.QtCore import QCoreApplication, QTimer

    from app.ui import tasks

    deadline = time.monotonic() + timeout_s
    while True:
        finish_background_work(timeout_s)
        QCoreApplication.processEvents()  # may fire a timer that starts more work
        pending = [t for t in window.findChildren(QTimer) if t.isActive() and t.isSingleShot()]
        if not pending and not tasks._running:
            return
        assert time.monotonic() < deadline, f"the window still has {len(pending)} timer(s) pending"
        if pending:
            time.sleep(max(0, min(t.remainingTime() for t in pending)) / 1000 + 0.005)


def finish_background_work(timeout_s: float = 30) -> None:
    """Let every background job (app/ui/tasks.py) finish and report back: its callback has run."""
    from PySide6.QtCore import QCoreApplication, QThreadPool

    from app.ui import tasks

    deadline = time.monotonic() + timeout_s
    pool = QThreadPool.globalInstance()
    while tasks._running or pool.activeThreadCount():
        assert time.monotonic() < deadline, "background work still running"
        pool.waitForDone(20)
        QCoreApplication.processEvents()


# --- the WBS page ---------------------------------------------------------------------------------


def page_read(page, timeout_s: float = 30) -> None:
    """Wait until a page's read on a worker (a team database: app/ui/page_reads, "Loading…") is in."""
    from PySide6.QtCore import QCoreApplication

    reads = getattr(page, "reads", None)
    deadline = time.monotonic() + timeout_s
    while reads is not None and reads.reading is not None:
        assert time.monotonic() < deadline, f"the {page.page_id} page is still reading the project"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def wbs_read(page, timeout_s: float = 30) -> None:
    """Wait until the WBS page's read on a worker (a team database: it shows "Loading…", its editing off) is in."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while getattr(page, "_reading", None) is not None:
        assert time.monotonic() < deadline, "the WBS page is still reading its plan"
        QCoreApplication.processEvents()
        time.sleep(0.01)


def wbs_find(page, title: str) -> int:
    """The id of the WBS task with this title (in the page's table)."""
    wbs_read(page)  # (a team database: the page reads on a worker)
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def wbs_shown(page) -> list[str]:
    """The title of every row the WBS view's model offers (expanded or not), in outline order."""
    from PySide6.QtCore import QModelIndex

    result: list[str] = []

    def walk(parent: QModelIndex) -> None:
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            result.append(page.model.task(page.proxy.mapToSource(index)).title)
            walk(index)

    walk(QModelIndex())
    return result


def wbs_search(page, qtbot, text: str) -> None:
    """Type ``text`` into the WBS search box and press Enter (filtered at once)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    box = page.findChild(QLineEdit, "wbsSearch")
    box.setText(text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def environment_page(window, qtbot, page_id: str = "experiment"):
    """The Experiment environment (or Data platform & CI) page shown, its wiki preview drawn."""
    window.show_page(page_id)
    page = window.page(page_id)
    qtbot.waitUntil(lambda: page.preview.page_list.count() > 0, timeout=5000)
    return page


def open_hearing_item(window, qtbot, item_id: str):
    """Show the hearing (or system-planning) page on ``item_id`` and return its item editor once it shows it."""
    page = window.page("system-planning" if item_id.startswith("system_planning.") else "hearing")
    window.show_page(page.page_id)
    page_read(page)
    assert page.select_item(item_id)
    qtbot.waitUntil(lambda: page.editor.item_id == item_id)
    return page.editor


def proposal_section(window, qtbot, n: int):
    """The Proposal page's n-th section field, focused, the cursor at its end: (page, section id, field)."""
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None and bool(page.sections.editors), timeout=10000)
    section_id = list(page.sections.editors)[n]
    field = page.sections.editor(section_id).edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    return page, section_id, field


def undo_elsewhere(window) -> None:
    """Edit ▸ Undo with another page in front of the Proposal page: it steps back as ever and a draft of the
    proposal stays (README); right after a refused paste with the proposal in front, Undo takes that paste back."""
    window.show_page("wbs")
    settle(window)
    window.undo_action.trigger()
    settle(window)
    window.show_page("proposal")
    settle(window)


def close_dialog(dialog) -> None:
    """Close a dialog a test opened, unless it closed itself (one opened for each use is deleted when closed)."""
    from shiboken6 import isValid

    if isValid(dialog):
        dialog.close()
        if isValid(dialog):
            dialog.deleteLater()


def on_screen(widget) -> bool:
    """Whether ``widget`` is shown (False once closed, deleted or not)."""
    from shiboken6 import isValid

    return isValid(widget) and widget.isVisible()


def poll_heard(window, seconds: float = 10) -> bool:
    """The window's watcher polled as its timer does, again while it hears nothing (a worker of the window using its
    database connection makes a poll say nothing yet: the next tick tries again), without processing events
    meanwhile: whether it published another connection's change within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not window.watcher.poll():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
