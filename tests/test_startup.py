"""Start-up (issue 16): a start builds only the page in front; the others are built when first shown,
and then work as before; ``--version`` loads neither Qt nor the database."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QListWidget, QStackedWidget, QTreeView

from app.ui.page import Page
from app.ui.pages import PAGE_SPECS
from tests.gui_helpers import close_window, make_window

PAGE_MODULES = {spec.module for spec in PAGE_SPECS}


def test_each_page_spec_says_what_its_page_class_says() -> None:
    """The navigation's ids, phases and titles come from the specs before a page is built."""
    for spec in PAGE_SPECS:
        cls = spec.page_class()
        assert issubclass(cls, Page)
        assert (cls.page_id, cls.phase, cls.title()) == (spec.page_id, spec.phase, spec.title())


def test_a_start_builds_only_the_page_in_front_and_the_others_on_first_show(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, page="hearing")
    try:
        assert [p.page_id for p in window.built_pages()] == ["hearing"]
        stack = window.findChild(QStackedWidget, "pageStack")
        assert stack.count() == len(PAGE_SPECS) and stack.currentWidget().objectName() == "page_hearing"
        assert window.findChild(Page, "page_wbs") is None

        window.show_page("wbs")
        wbs = window.findChild(Page, "page_wbs")
        assert wbs is not None and stack.currentWidget() is wbs and wbs.isVisible()
        assert window.findChild(QListWidget, "navigation").currentRow() == 2
        assert [p.page_id for p in window.built_pages()] == ["hearing", "wbs"]
        # built late, it shows the open project's tasks as if it had been built at start
        tree = wbs.findChild(QTreeView, "wbsTree")
        assert tree.model().rowCount() > 0
        assert window.page("wbs") is wbs  # built once

        system = window.page("system-planning")  # asked for, not shown: built, the page in front stays
        assert system.objectName() == "page_system-planning" and stack.currentWidget() is wbs
        assert stack.indexOf(system) == 5 and stack.count() == len(PAGE_SPECS)
    finally:
        close_window(window)


def test_a_page_built_after_a_language_switch_is_in_the_new_language(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, page="proposal", global_lang="en")
    try:
        window.set_ui_lang("ja")
        assert [p.page_id for p in window.built_pages()] == ["proposal"]
        exports = window.page("exports")
        assert exports.accessibleName() == "エクスポート"
        window.show_page("exports")
        assert window.current_page() is exports and exports.isVisible()
    finally:
        close_window(window)


def test_version_loads_neither_qt_nor_the_database() -> None:
    code = (
        "import sys, runpy; sys.argv = ['mlops-kickoff', '--version']\n"
        "try:\n    runpy.run_module('app', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'pydantic', 'yaml', 'holidays') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines() == [f"mlops-kickoff {__import__('app').__version__}", "[]"]


def test_the_window_module_imports_no_page_module() -> None:
    """Importing the shell loads no feature page: each comes with its first show."""
    code = (
        "import sys; import app.ui.window.main_window\n"
        f"print(sorted(m for m in {sorted(PAGE_MODULES)!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# Modules a start on the proposal has no use for: they come with the dialog, page or file that needs them.
NOT_AT_START = (
    "app.ui.hearing.value_editors",  # the hearing page's editors (the drafts' count needs none)
    "app.ui.projects.dialog",
    "app.ui.projects.properties",
    "app.projects.transfer",  # Copy To…, project files
    "app.ui.baselines.dialog",
    "app.ui.window.settings_dialog",
    "app.ui.window.help",
    "app.projects.demo",  # only when there is no project yet
    "yaml",  # the content files' parsed data comes from the cache once read
)


def test_a_start_imports_nothing_it_does_not_show(tmp_path) -> None:
    """Each of these was part of every start (100 ms of imports); a second start, its content cache
    filled by the first, shows the proposal without any of them."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MLOPS_KICKOFF_HOME": str(tmp_path / "home")}
    shot = tmp_path / "start.png"
    first = subprocess.run([sys.executable, "-m", "app", "--page", "proposal", "--screenshot", str(shot)],
                           env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['mlops-kickoff', '--page', 'proposal', '--screenshot', {str(shot)!r}]\n"
        "try:\n    runpy.run_module('app', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        f"print('loaded', sorted(m for m in {NOT_AT_START!r} if m in sys.modules))"
    )
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "loaded []" in second.stdout.splitlines(), second.stdout
    assert shot.stat().st_size > 0


def test_the_page_in_front_at_start_shows_the_open_project(qtbot, db_path) -> None:
    """Built before the window is on screen, the first page still loads the project (the WBS was
    empty on `--page wbs`)."""
    window = make_window(qtbot, db_path, page="wbs")
    try:
        page = window.page("wbs")
        qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    finally:
        close_window(window)


def test_a_start_on_the_proposal_shows_its_preview_at_the_first_paint(tmp_path) -> None:
    """The page in front is refreshed once at start (not once per signal), and the proposal's preview
    is drawn then, not after a typing debounce and a worker: the first painted window is finished.
    ``MLOPS_KICKOFF_START_TRACE`` makes the window say when that paint happened (``make bench``)."""
    import os
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "MLOPS_KICKOFF_START_TRACE": repr(time.time())}
    shot = tmp_path / "start.png"
    done = subprocess.run([sys.executable, "-m", "app", "--page", "proposal", "--screenshot", str(shot)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("first-paint-ms ")]
    assert len(lines) == 1, done.stderr
    assert 0 < float(lines[0].split()[1]) < 120_000


def test_the_page_in_front_is_refreshed_once_at_start(qtbot, db_path, monkeypatch) -> None:
    from app.ui.proposal.page import ProposalPage

    calls: list[tuple[ProposalPage, bool]] = []
    real = ProposalPage.on_shown

    def counting(self) -> None:
        real(self)
        if self.state.project_id >= 0:  # shown before the project opened, it had nothing to load
            calls.append((self, self.preview.idle))

    monkeypatch.setattr(ProposalPage, "on_shown", counting)
    window = make_window(qtbot, db_path, page="proposal")
    try:
        window.show()
        qtbot.waitUntil(lambda: window.front_refreshed)
        page = window.current_page()
        # one refresh (a test's first start builds another window first), the preview drawn by then
        assert [idle for shown, idle in calls if shown is page] == [True]
        assert window.state.project.name.split("(")[0] in page.preview.toPlainText()
    finally:
        close_window(window)
