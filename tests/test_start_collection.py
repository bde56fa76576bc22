"""Garbage collection paused while the program starts (app.starting / app.started): it resumes
when the window's page in front is first painted and before a command does its work, and a
caller that runs the program in its own process (the tests) keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from app.main import main
from app.ui.app import on_first_paint
from tests.gui_helpers import make_window

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def collector_restored():
    """The test process's collector as it was: running, nothing frozen, no start pending."""
    import app

    yield
    app._paused = False
    gc.unfreeze()
    gc.enable()


def test_the_window_resumes_collection_once_its_page_is_painted(qtbot, tmp_path: Path, collector_restored) -> None:
    import app

    app.starting()  # as app.main.main does for the process's own start
    assert not gc.isenabled()
    window = make_window(qtbot, tmp_path / "start.sqlite3")
    on_first_paint(window)
    window.current_page().update()
    qtbot.waitUntil(gc.isenabled, timeout=5000)


def test_a_command_does_its_work_with_collection_on(tmp_path: Path) -> None:
    """The program's own process: paused while it starts, collecting while the command runs."""
    probe = (
        "import gc, sys\n"
        "import app.cli.main as cli\n"
        "import app.core.context as context\n"
        "seen = []\n"
        "real_context = context.CliContext.__init__\n"
        "def opening(self, args):\n"
        "    seen.append(('opening the database', gc.isenabled()))\n"
        "    real_context(self, args)\n"
        "context.CliContext.__init__ = opening\n"
        "real = cli.COMMANDS['projects']\n"
        "cli.COMMANDS['projects'] = lambda ctx: (seen.append(('the command', gc.isenabled())), real(ctx))[1]\n"
        "from app.main import main\n"
        f"sys.argv = ['mlops-kickoff', '--db', {str(tmp_path / 'c.sqlite3')!r}, 'projects', 'list']\n"
        "code = main()\n"
        "print(seen)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "[('opening the database', False), ('the command', True)]" in done.stdout


def test_a_caller_running_the_program_in_process_keeps_its_collector(tmp_path: Path, collector_restored) -> None:
    assert gc.isenabled()
    main(["--db", str(tmp_path / "in-process.sqlite3"), "projects", "list"])
    assert gc.isenabled()
    gc.disable()  # a caller that had paused it itself
    main(["--db", str(tmp_path / "in-process.sqlite3"), "projects", "list"])
    assert gc.isenabled() is False
