"""Languages: Settings ▸ Language switches the window live; which language a document is written in;
Qt's own dialogs in Japanese; menu texts; the user guide (F1) rendered at the page's section."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QMessageBox, QTextBrowser

from app.core.errors import UserError
from app.core.i18n import document_lang
from app.main import main
from app.ui import messages, settings
from app.ui.projects.dialog import ProjectsDialog
from app.ui.translations import install_translations
from app.ui.undo import edit_answer
from app.ui.window.settings_dialog import SettingsDialog
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)  # English, as --lang en; the demo project is English too
    yield win
    close_window(win)


@pytest.fixture
def english_afterwards(qapp):
    yield
    install_translations(qapp, "en")  # the translators are the application's: leave none behind


def choose_in_settings(window, ui: str, doc: str | None = "keep") -> None:
    """Settings ▸ Language from the menu bar, choosing in the dialog's combos and pressing OK."""

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, SettingsDialog) and dialog.objectName() == "settingsDialog"
        ui_combo = dialog.findChild(type(dialog.ui_combo), "uiLangCombo")
        ui_combo.setCurrentIndex(ui_combo.findData(ui))
        if doc != "keep":
            doc_combo = dialog.findChild(type(dialog.doc_combo), "documentLangCombo")
            doc_combo.setCurrentIndex(doc_combo.findData(doc) if doc else 0)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    window.exec_dialog = run
    action = window.menuBar().findChild(QAction, "languageAction")
    assert action is not None and action in window.menuBar().findChild(type(window.recent_menu), "settingsMenu").actions()
    action.trigger()


def nav_labels(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


# --- 1. the window's language, live ---------------------------------------------------------


def test_settings_switch_the_window_to_japanese_live_keeping_project_page_and_undo(window, qtbot, english_afterwards) -> None:
    state = window.state
    project_id = state.project_id
    item = "hearing.basics.background"
    before = state.answers.answer(project_id, item).value
    edit_answer(state, item, "Edit background", value="typed before switching")
    window.show_page("wbs")
    assert "1  Hearing" in nav_labels(window)

    choose_in_settings(window, "ja")

    assert "1  ヒアリング" in nav_labels(window) and "エクスポート" in nav_labels(window)
    assert window.menuBar().actions()[0].text() == "ファイル(&F)"
    assert "回答済" in window.findChild(QLabel, "progressSummary").text()
    assert window.current_page().objectName() == "page_wbs" and window.current_page().isVisible()
    for page in window.pages:  # every new page shows
        window.show_page(page.page_id)
        assert page.isVisible() and page.accessibleName() == page.title()
    window.show_page("wbs")
    assert len(window.findChildren(QAction, "goto_wbs")) == 1  # the English menus are gone
    assert len(window.findChildren(type(window.current_page()), "page_wbs")) == 1
    assert state.project_id == project_id and window.findChild(QLabel, "projectTitle").text().startswith(state.project.name)
    assert state.ui_lang == "ja" and QCoreApplication.instance().property("uiLang") == "ja"
    assert window.undo_action.isEnabled()  # the stack survived the switch, and undo still works
    window.undo_action.trigger()
    assert state.answers.answer(project_id, item).value == before

    # An error dialog now speaks Japanese.
    shown = []

    class Box:
        @staticmethod
        def warning(_parent, _title, text) -> None:
            shown.append(text)

    messages.QMessageBox, original = Box, messages.QMessageBox
    try:
        messages.show_error(window, UserError("a project named 'x' already exists", ja="「x」という名前のプロジェクトはすでにあります"))
    finally:
        messages.QMessageBox = original
    assert shown == ["「x」という名前のプロジェクトはすでにあります"]

    choose_in_settings(window, "en")  # and back
    assert "1  Hearing" in nav_labels(window) and window.menuBar().actions()[0].text() == "&File"
    assert window.current_page().objectName() == "page_wbs"


def test_the_chosen_language_is_remembered_and_lang_at_start_still_wins(qtbot, db_path, english_afterwards) -> None:
    window = make_window(qtbot, db_path)
    choose_in_settings(window, "ja")
    assert settings.ui_lang() == "ja"
    close_window(window)

    again = make_window(qtbot, db_path, global_lang=None)  # no --lang: the remembered choice
    try:
        assert again.state.ui_lang == "ja" and "1  ヒアリング" in nav_labels(again)
    finally:
        close_window(again)
    forced = make_window(qtbot, db_path, global_lang="en")  # --lang en for this run
    try:
        assert forced.state.ui_lang == "en" and "1  Hearing" in nav_labels(forced)
    finally:
        close_window(forced)
    assert settings.ui_lang() == "ja"  # the run with --lang did not change the choice


def test_typing_in_progress_survives_the_switch(window, qtbot, english_afterwards) -> None:
    """The pages are rebuilt: what is being typed is saved first, as when the project changes."""
    page = window.page("hearing")
    window.show_page("hearing")
    item = "hearing.basics.accuracy_avc"
    assert page.select_item(item)
    qtbot.waitUntil(lambda: page.editor.item_id == item)
    qtbot.keyClicks(page.editor.editors["value"].edit, "Recall 0.7")
    choose_in_settings(window, "ja")  # at once: the editor's save is still waiting for a pause in the typing
    assert "Recall 0.7" in str(window.state.answers.answer(window.state.project_id, item).value)
    assert window.page("hearing") is not page and window.current_page() is window.page("hearing")


# --- 2. the document language ---------------------------------------------------------------


def test_document_language_precedence() -> None:
    assert document_lang("en", "ja", "ja") == "en"  # --lang or the export dialog's choice
    assert document_lang(None, "en", "ja") == "en"  # the project's document language
    assert document_lang(None, None, "ja") == "ja"  # the UI language


def test_the_default_document_language_of_new_projects_is_set_and_remembered(window, qtbot, monkeypatch, english_afterwards) -> None:
    choose_in_settings(window, "ja", doc="en")
    assert settings.doc_lang() == "en" and window.state.new_project_lang == "en"
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "English PoC")
    window.new_action.trigger()
    assert window.state.project.name == "English PoC" and window.state.project.lang == "en"
    choose_in_settings(window, "ja", doc=None)  # "same as the window"
    assert settings.doc_lang() is None and window.state.new_project_lang == "ja"
    # From File ▸ Open Project too, whatever the language of the project that is open.
    assert window.state.project.lang == "en"
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Japanese PoC")
    dialog = ProjectsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.buttons["new"].click()
    assert next(p for p in window.state.projects.list() if p.name == "Japanese PoC").lang == "ja"


def _export_proposal(window, qtbot, monkeypatch, out: Path) -> str:
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
    out.unlink(missing_ok=True)
    window.show_page("exports")
    page = window.page("exports")
    page.kind_buttons["proposal"].click()
    qtbot.waitUntil(lambda: out.exists() and page.kind_buttons["proposal"].isEnabled(), timeout=15000)
    return out.read_text(encoding="utf-8")


def test_exports_follow_the_projects_document_language_then_the_pages_choice(qtbot, db_path, monkeypatch, tmp_path: Path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        state = window.state
        english = state.change_projects(lambda: state.projects.create("English PoC", lang="en"), -1)
        state.open_project(english.id)
        assert state.ui_lang == "ja" and state.export_lang == "en"
        out = tmp_path / "proposal.md"
        assert _export_proposal(window, qtbot, monkeypatch, out).startswith("# MLOps kickoff proposal")
        combo = window.page("exports").lang_combo
        assert combo.currentData() == "en"  # the page shows the language it will write
        combo.setCurrentIndex(combo.findData("ja"))  # the export dialog's choice wins
        assert _export_proposal(window, qtbot, monkeypatch, out).startswith("# MLOps導入提案")
        demo = next(p for p in state.projects.list() if p.id != english.id)
        state.open_project(demo.id)  # another project: its own language again
        assert state.export_lang == demo.lang == "ja"
        state.open_project(english.id)
        assert state.export_lang == "en"
    finally:
        close_window(window)


@pytest.fixture
def cli(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_cli_export_writes_the_projects_document_language_unless_lang_is_given(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")  # a Japanese system
    assert cli("project", "new", "Alpha", "--lang", "en")[0] == 0
    out = tmp_path / "proposal.md"
    assert cli("export", "proposal", "--project", "Alpha", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# MLOps kickoff proposal: Alpha")
    assert cli("--lang", "ja", "export", "proposal", "--project", "Alpha", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# MLOps kickoff proposal: Alpha")  # the UI language: below the project's
    assert cli("export", "proposal", "--project", "Alpha", "--out", str(out), "--lang", "ja")[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# MLOps導入提案: Alpha")
    code, _out, err = cli("export", "proposal", "--project", "Nobody", "--out", str(out))
    assert code == 2 and "Nobody" in err


# --- 3. Qt's own dialogs --------------------------------------------------------------------


def test_qt_standard_buttons_and_the_file_dialog_speak_japanese(qtbot, qapp, english_afterwards) -> None:
    install_translations(qapp, "ja")
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert "キャンセル" in [b.text() for b in box.buttons()]
    dialog = QFileDialog(None, "t", "", "Project files (*.json)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert {"場所(&L):", "ファイルの種類(&T):", "ファイル名(&N):"} <= labels
    assert not [text for text in labels if text.isascii() and text]  # "Look in:", "Files of type:" were English
    install_translations(qapp, "en")
    english = QFileDialog(None, "t")
    english.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(english)
    assert "&Look in:" in {label.text() for label in english.findChildren(QLabel)}


# --- 4. menu texts --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_go_menu_shows_every_page_title_as_it_is(qtbot, db_path, lang, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        go = window.menuBar().findChild(type(window.recent_menu), "goMenu")
        shown = {a.objectName(): a.iconText() for a in go.actions()}  # iconText: the text without mnemonics
        assert shown == {f"goto_{p.page_id}": f"{p.title()} ({n})" for n, p in enumerate(window.pages, 1)}
        expected = "Data platform & CI" if lang == "en" else "データ基盤・CI"
        assert shown["goto_data-ci"] == f"{expected} (5)"
        # each page reached by its digit in the open menu (Alt, G, then 1 … 8), as Ctrl+digit reaches it
        assert [a.text()[-4:] for a in go.actions()] == [f"(&{n})" for n in range(1, len(window.pages) + 1)]
        assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    finally:
        close_window(window)


# --- 5. the user guide ----------------------------------------------------------------------


def heading_shown_at(browser: QTextBrowser, heading: str) -> int | None:
    """Where the heading's line is in the browser's window (pixels from its top), None when out of sight.

    A section near the end cannot scroll to the very top: it is shown as high as it goes."""
    document = browser.document()
    block = document.begin()
    while block.isValid() and block.text() != heading:
        block = block.next()
    assert block.isValid(), heading
    top = int(document.documentLayout().blockBoundingRect(block).top()) - browser.verticalScrollBar().value()
    if not 0 <= top < browser.viewport().height():
        return None
    at_end = browser.verticalScrollBar().value() == browser.verticalScrollBar().maximum()
    return 0 if top <= int(document.documentMargin()) + 1 or at_end else top


@pytest.mark.parametrize(
    ("lang", "page", "heading", "rendered"),
    [
        ("ja", "wbs", "WBS", "書き出す…で"),
        ("en", "wbs", "WBS", "Export… writes"),
        ("ja", "data-ci", "実験環境構築・データ基盤・CI", "書き出す…で"),
        ("en", "system-planning", "System planning", "Export… writes"),
    ],
)
def test_f1_opens_the_rendered_guide_at_the_pages_section(qtbot, db_path, lang, page, heading, rendered, english_afterwards) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        window.show_page(page)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)  # a shortcut reaches the active window only
        qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
        dialog = window.findChild(QDialog, "helpDialog")
        assert dialog is not None and dialog.isVisible()
        browser = dialog.findChild(QTextBrowser, "helpBrowser")
        text = browser.toPlainText()
        assert "**" not in text and "{#" not in text and rendered in text
        qtbot.waitUntil(lambda: heading_shown_at(browser, heading) == 0)  # scrolled to it
        assert browser.verticalScrollBar().value() > 0
        window.show_page("proposal")  # F1 again, from another page: the same window, another section
        qtbot.keyClick(window.current_page(), Qt.Key.Key_F1)
        assert window.findChildren(QDialog, "helpDialog") == [dialog]
        proposal = "導入提案" if lang == "ja" else "Kickoff proposal"
        qtbot.waitUntil(lambda: heading_shown_at(browser, proposal) == 0)  # at the top of the window
    finally:
        close_window(window)
