"""Every test runs against its own data folder, database and settings file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.content.loader import ContentLibrary, load_library  # noqa: E402
from app.services.workspace import Workspace  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(home))
    monkeypatch.setenv("MLOPS_KICKOFF_SETTINGS", str(home / "settings.ini"))
    monkeypatch.delenv("MLOPS_KICKOFF_DB", raising=False)
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    return home


@pytest.fixture(scope="session", autouse=True)
def one_qt_application(qapp):  # noqa: ANN001
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


@pytest.fixture
def demo(workspace: Workspace):
    from app.services.demo import create_demo

    return create_demo(workspace, "ja")
