"""Every test runs against its own data folder, database and settings file."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import app.features  # noqa: F401  (registers the features' content types)
from app.core.content.loader import ContentLibrary, load_library
from app.core.kinds import use_pdf_writer
from app.core.workspace import Workspace
from app.main import write_pdf

REPO = Path(__file__).resolve().parent.parent

use_pdf_writer(write_pdf)  # as app.main does: PDF exports get Qt's writer


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(home))
    monkeypatch.setenv("MLOPS_KICKOFF_SETTINGS", str(home / "settings.ini"))
    monkeypatch.delenv("MLOPS_KICKOFF_DB", raising=False)
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    return home


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


@pytest.fixture(scope="session")
def library() -> ContentLibrary:
    return load_library([REPO / "checklists"], strict=True)


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


@pytest.fixture
def demo(workspace: Workspace, demo_template: Path, db_path: Path):
    """The demo project in the test's own database: a copy of the template, made with SQLite's backup API."""
    import sqlite3

    from app.core.projects import ProjectService

    workspace.db.engine.dispose()  # no connection may be open while the file's content is replaced
    with contextlib.closing(sqlite3.connect(demo_template)) as source, contextlib.closing(sqlite3.connect(db_path)) as target:
        source.backup(target)
    return ProjectService(workspace.db).list()[0]
