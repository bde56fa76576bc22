"""The first start's welcome page: shown once in the UI language, each choice does what it says."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
)

from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.projects import transfer
from app.projects.overview import overview
from app.ui import messages, settings
from tests.gui_helpers import close_window, make_window

LEFT = Qt.MouseButton.LeftButton
TITLES = {"ja": "MLOps Kickoff へようこそ", "en": "Welcome to MLOps Kickoff"}


def first_window(qtbot, db_path: Path, lang: str = "en"):
    """A real first start of an interactive run (welcome offered), on a database that does not exist yet."""
    assert not db_path.exists()
    return make_window(qtbot, db_path, first_start=True, welcome=True, global_lang=lang)


def welcome_of(qtbot, window) -> QDialog:
    qtbot.waitUntil(lambda: window.findChild(QDialog, "welcome") is not None and window.findChild(QDialog, "welcome").isVisible())
    return window.findChild(QDialog, "welcome")


def no_welcome_after_start(window) -> bool:
    for _ in range(3):  # the window offers it from a zero-delay timer once it is up
        QCoreApplication.processEvents()
    dialog = window.findChild(QDialog, "welcome")
    return dialog is None or not dialog.isVisible()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_first_start_shows_the_welcome_page_in_the_ui_language_and_makes_nothing_yet(qtbot, db_path, lang) -> None:
    window = first_window(qtbot, db_path, lang)
    try:
        dialog = welcome_of(qtbot, window)
        assert dialog.windowTitle() == TITLES[lang]
        assert dialog.findChild(QLabel, "welcomeTitle").text() == TITLES[lang]
        about = dialog.findChild(QLabel, "welcomeAbout").text()
        assert len(about.splitlines()) == 3
        buttons = [dialog.findChild(QCommandLinkButton, name) for name in ("welcomeDemoButton", "welcomeCreateButton", "welcomeImportButton")]
        texts = [button.text() for button in buttons]
        if lang == "ja":
            assert "デモ" in texts[0] and "ヒアリング" in about and all(not text.isascii() for text in texts)
        else:
            assert texts == ["Open the demo project", "Create my project", "Import a project file"]
        assert "demo" in dialog.findChild(QLabel, "welcomeNote").text() or "デモ" in dialog.findChild(QLabel, "welcomeNote").text()
        assert window.state.project is None and window.state.projects.count() == 0  # nothing made before the user chooses
        assert settings.value("welcome/shown") in (True, "true")
    finally:
        close_window(window)


def test_open_the_demo_opens_the_sample_project(qtbot, db_path) -> None:
    window = first_window(qtbot, db_path)
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeDemoButton"), LEFT)
        assert not dialog.isVisible() and dialog.chosen == "demo"
        project = window.state.project
        assert project is not None and window.state.projects.count() == 1
        assert overview(window.state.workspace, project.id).hearing_done > 0  # a sample, filled in
        assert window.switcher.currentText() == project.name
    finally:
        close_window(window)


def test_create_my_project_makes_the_project_as_typed(qtbot, db_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: shown.append(str(error)))
    window = first_window(qtbot, db_path, "ja")
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeCreateButton"), LEFT)
        name = dialog.findChild(QLineEdit, "welcomeNameEdit")
        assert name.isVisible()
        create = dialog.findChild(QPushButton, "welcomeCreateProjectButton")
        qtbot.mouseClick(create, LEFT)  # no name yet: said, and the form stays
        assert len(shown) == 1 and dialog.isVisible() and window.state.projects.count() == 0
        name.setText("需要予測")  # typed with an input method (QTest types ASCII only)
        qtbot.keyClicks(name, "PoC")
        dialog.findChild(QLineEdit, "welcomeCustomerEdit").setText("山田製作所")
        dialog.findChild(QDateEdit, "welcomeStartEdit").setDate(QDate(2027, 4, 5))
        combo = dialog.findChild(QComboBox, "welcomeLangCombo")
        assert combo.currentData() == "ja"  # the UI language by default
        combo.setCurrentIndex(combo.findData("en"))
        qtbot.mouseClick(create, LEFT)
        assert not dialog.isVisible() and dialog.chosen == "create"
        project = window.state.project
        assert project is not None and window.state.projects.count() == 1
        assert (project.name, project.customer, project.start_date, project.lang) == ("需要予測PoC", "山田製作所", dt.date(2027, 4, 5), "en")
        assert window.windowTitle().startswith("需要予測PoC")
    finally:
        close_window(window)


def test_the_window_language_chosen_on_the_welcome_page_is_kept_and_spoken_at_once(qtbot, db_path) -> None:
    """An English laptop, a Japanese user: 日本語 on the welcome page switches the window and the page
    now, is kept for the next start as Settings keeps it, and what was typed on the form stays."""
    window = first_window(qtbot, db_path, "en")
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeCreateButton"), LEFT)
        dialog.findChild(QLineEdit, "welcomeNameEdit").setText("需要予測PoC")
        qtbot.mouseClick(dialog.findChild(QPushButton, "welcomeBackButton"), LEFT)
        combo = dialog.findChild(QComboBox, "welcomeUiLangCombo")
        assert combo.currentText() == "English" and [combo.itemText(i) for i in range(combo.count())] == ["日本語", "English"]
        combo.setCurrentIndex(combo.findData("ja"))
        assert window.state.ui_lang == "ja" and settings.ui_lang() == "ja"
        assert window.menuBar().actions()[0].text().startswith("ファイル")
        assert dialog.windowTitle() == TITLES["ja"] and dialog.isVisible() and dialog.pages.currentIndex() == 0
        qtbot.waitUntil(lambda: len(dialog.findChildren(QLabel, "welcomeTitle")) == 1)  # the English page is gone
        assert dialog.findChild(QLabel, "welcomeTitle").text() == TITLES["ja"]
        assert dialog.findChild(QComboBox, "welcomeUiLangCombo").currentData() == "ja"
        assert dialog.findChild(QLineEdit, "welcomeNameEdit").text() == "需要予測PoC"
    finally:
        close_window(window)


def test_import_a_project_file_opens_the_imported_project(qtbot, db_path, tmp_path, library, monkeypatch) -> None:
    source = Workspace.open(str(tmp_path / "colleague.sqlite3"), library)
    try:
        made = ProjectService(source.db).create("同僚の案件", customer="佐藤商事", lang="ja")
        project_file = transfer.export_file(source.db, made.id, tmp_path / "project.json")
    finally:
        source.close()
    asked: list[str] = []
    monkeypatch.setattr(messages, "open_file", lambda _parent, title, _filters: asked.append(title) or str(project_file))
    window = first_window(qtbot, db_path)
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeImportButton"), LEFT)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert asked == ["Import project"] and dialog.chosen == "import"
        project = window.state.project
        assert project is not None and (project.name, project.customer) == ("同僚の案件", "佐藤商事")
        assert window.state.projects.count() == 1  # no demo beside it
    finally:
        close_window(window)


def test_closing_the_welcome_page_on_a_first_start_opens_the_demo(qtbot, db_path) -> None:
    window = first_window(qtbot, db_path)
    try:
        dialog = welcome_of(qtbot, window)
        dialog.findChild(QPushButton, "welcomeCloseButton").click()
        assert not dialog.isVisible() and dialog.chosen == "demo"
        assert window.state.project is not None and window.state.projects.count() == 1
    finally:
        close_window(window)


def test_the_second_start_does_not_show_it_and_help_welcome_reopens_it(qtbot, db_path) -> None:
    window = first_window(qtbot, db_path)
    try:
        dialog = welcome_of(qtbot, window)
        qtbot.mouseClick(dialog.findChild(QCommandLinkButton, "welcomeDemoButton"), LEFT)
    finally:
        close_window(window)

    window = make_window(qtbot, db_path, welcome=True)  # the same database: a second start
    try:
        assert no_welcome_after_start(window)
        demo = window.state.project
        assert demo is not None
        window.findChild(QAction, "welcomeAction").trigger()
        dialog = welcome_of(qtbot, window)
        assert not dialog.first_start and "demo" not in dialog.findChild(QLabel, "welcomeNote").text()
        dialog.findChild(QPushButton, "welcomeCloseButton").click()  # asked for: closing changes nothing
        assert not dialog.isVisible() and dialog.chosen is None
        assert window.state.project == demo and window.state.projects.count() == 1
    finally:
        close_window(window)


def test_a_new_database_after_the_welcome_was_shown_once_gets_the_demo_as_before(qtbot, db_path, tmp_path) -> None:
    settings.set_value("welcome/shown", True)
    window = make_window(qtbot, tmp_path / "another.sqlite3", first_start=True, welcome=True)
    try:
        assert no_welcome_after_start(window)
        assert window.state.project is not None and window.state.projects.count() == 1
    finally:
        close_window(window)


def test_a_screenshot_run_on_a_first_start_makes_the_demo_and_never_waits(qtbot, db_path, tmp_path, monkeypatch) -> None:
    import argparse

    from PySide6.QtWidgets import QApplication

    from app.ui.app import run_gui
    from tests.gui_helpers import close_window as close

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    out = tmp_path / "shot.png"
    args = argparse.Namespace(db=str(db_path), global_lang="ja", global_project=None, page=None, screenshot=str(out), size="900x640")
    before = set(QApplication.topLevelWidgets())
    assert run_gui(args) == 0
    for left in [w for w in set(QApplication.topLevelWidgets()) - before if w.objectName() == "mainWindow"]:
        assert left.findChild(QDialog, "welcome") is None
        close(left)
    assert out.exists()
    ws = Workspace.open(str(db_path))
    try:
        assert ProjectService(ws.db).count() == 1  # the demo, as before
    finally:
        ws.close()
