"""The Experiment environment and Data platform & CI pages, driven through their widgets (pytest-qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QTableView, QTextBrowser

from app.environment.service import EnvironmentService
from app.hearing.answers import AnswerService
from app.ui import messages
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


def open_page(window, qtbot, page_id: str):
    window.show_page(page_id)
    page = window.page(page_id)
    qtbot.waitUntil(lambda: page.preview.page_list.count() > 0, timeout=5000)
    return page


def choices(window):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "en")


def preview_of(page, qtbot, page_id: str) -> str:
    page.preview.select_page(page_id)
    return page.preview.findChild(QTextBrowser, "wikiPreview").toPlainText()


def test_the_experiment_page_shows_the_choices_and_the_wiki(window, qtbot) -> None:
    page = open_page(window, qtbot, "experiment")
    pages = page.preview.findChild(QListWidget, "wikiPageList")
    assert pages.count() == 14  # index, 0-7, three data sources, data platform, CI
    host = page.findChild(QComboBox, "field_repo_host")
    assert host.currentData() == "github"
    assert page.findChild(QLabel, "source_repo_host").text() == "hearing"
    assert page.findChild(QLineEdit, "field_repo_name").text() == "similar-image-search"
    text = preview_of(page, qtbot, "overview")
    assert "Similar-image search PoC" in text and "Recall@10" in text  # the demo's answers, in the export language


def test_a_choice_is_saved_at_once_shown_in_the_wiki_and_undoable(window, qtbot) -> None:
    page = open_page(window, qtbot, "experiment")
    host = page.findChild(QComboBox, "field_repo_host")
    with qtbot.waitSignal(window.state.saved, timeout=2000):
        host.setCurrentIndex(host.findData("gitlab"))
    assert choices(window).value("repo_host") == "gitlab"
    assert choices(window).value("ci_system") == "gitlab_ci"  # a choice that follows the host
    qtbot.waitUntil(lambda: "GitLab Issues" in preview_of(page, qtbot, "tickets"), timeout=3000)
    assert page.findChild(QLabel, "source_repo_host").text() == ""
    assert page.form.reset_buttons["repo_host"].isEnabled()  # the user's value can go back to the hearing's
    window.undo_action.trigger()
    assert choices(window).value("repo_host") == "github"
    qtbot.waitUntil(lambda: host.currentData() == "github", timeout=3000)
    window.redo_action.trigger()
    assert choices(window).value("repo_host") == "gitlab"


def test_reset_brings_the_hearing_value_back(window, qtbot) -> None:
    page = open_page(window, qtbot, "experiment")
    EnvironmentService(window.state.workspace).set_value(window.state.project_id, "gpu", "no")
    page.refresh()
    reset = page.form.reset_buttons["gpu"]
    assert reset.isEnabled()
    reset.click()
    assert choices(window).resolved["gpu"].source == "hearing" and choices(window).value("gpu") == "yes"


def test_a_value_that_does_not_fit_is_reported_and_not_saved(window, qtbot) -> None:
    page = open_page(window, qtbot, "experiment")
    name = page.findChild(QLineEdit, "field_repo_name")
    name.setFocus()
    qtbot.keyClicks(name, "/evil")
    problem = page.findChild(QLabel, "environmentProblem")
    assert "Repository name" in problem.text() and "repo_name" not in problem.text()  # its label, not its id
    assert choices(window).value("repo_name") == "similar-image-search"
    name.clear()
    qtbot.keyClicks(name, "image-search")
    assert problem.text() == "" and choices(window).value("repo_name") == "image-search"
    window.undo_action.trigger()  # the burst of typing undoes as one step
    assert choices(window).value("repo_name") == "similar-image-search"


def test_links_in_the_preview_open_the_page(window, qtbot) -> None:
    page = open_page(window, qtbot, "experiment")
    browser = page.preview.findChild(QTextBrowser, "wikiPreview")
    target = next(p for p in page.preview.pages if p.id == "tickets")
    browser.anchorClicked.emit(QUrl(f"{target.stem}.md"))
    assert page.preview.current_page_id() == "tickets"
    page.preview.source_button.setChecked(True)
    assert browser.toPlainText().startswith("# 3\\. Ticket rules")


def test_the_preview_switches_language(window, qtbot) -> None:
    page = open_page(window, qtbot, "experiment")
    combo = page.preview.findChild(QComboBox, "previewLangCombo")
    assert combo.currentData() == window.state.export_lang == "en"
    combo.setCurrentIndex(combo.findData("ja"))
    qtbot.waitUntil(lambda: "プロジェクト概要" in preview_of(page, qtbot, "overview"), timeout=3000)
    assert window.state.export_lang == "ja"


def test_hostile_text_is_shown_as_text_in_the_preview(window, qtbot) -> None:
    AnswerService(window.state.workspace.db, window.state.workspace.library).update(
        window.state.project_id, "hearing.prereq.data_sources", value=[{"name": "<b>bold</b> *x*"}]
    )
    page = open_page(window, qtbot, "data-ci")
    source = next(p for p in page.preview.pages if p.id.startswith("data_source:"))
    text = preview_of(page, qtbot, source.id)
    assert "<b>bold</b> *x*" in text


def test_the_data_page_tables_edit_through_the_service(window, qtbot, qtmodeltester) -> None:
    page = open_page(window, qtbot, "data-ci")
    assert page.preview.current_page_id() == "data_platform"
    locations = page.findChild(QTableView, "locationsTable").model()
    datasets = page.findChild(QTableView, "datasetsTable").model()
    qtmodeltester.check(locations)
    qtmodeltester.check(datasets)
    assert locations.rowCount() == 4 and datasets.rowCount() == 3
    assert datasets.index(0, 1).data() == "product_images" and datasets.index(0, 0).data() == "Product images"
    assert datasets.setData(datasets.index(0, 1), "images_2024")
    assert choices(window).datasets[0].dataset_id == "images_2024"
    assert not datasets.setData(datasets.index(0, 1), "../up")  # refused, shown under the form
    assert "../up" in page.findChild(QLabel, "environmentProblem").text()
    assert datasets.index(0, 1).data() == "../up"  # kept as typed, a draft
    assert datasets.setData(datasets.index(0, 1), "images_2024")  # typed back to what is stored: no draft left
    assert datasets.index(0, 1).data() == "images_2024"
    assert locations.setData(locations.index(0, 2), "MLOps only")
    assert choices(window).location("raw").access == "MLOps only"
    qtbot.waitUntil(lambda: "MLOps only" in preview_of(page, qtbot, "data_platform"), timeout=3000)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert choices(window).datasets[0].dataset_id == "product_images"
    qtmodeltester.check(datasets)


def test_exports_from_the_pages(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    page = open_page(window, qtbot, "experiment")
    monkeypatch.setattr(messages, "choose_folder", lambda *a, **k: str(tmp_path))
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title=None: errors.append(str(error)))
    fmt = page.findChild(QComboBox, "wikiFormatCombo")
    fmt.setCurrentIndex(fmt.findData("github"))
    page.findChild(QPushButton, "environmentExport_wiki").click()
    result = page.findChild(QLabel, "environmentExportResult")
    qtbot.waitUntil(lambda: "Wrote" in result.text(), timeout=10000)
    wiki = next(tmp_path.glob("*-Experiment-rules-wiki-GitHub"))  # (the wiki by its title and format in the window language)
    assert (wiki / "Home.md").is_file() and (wiki / "_Sidebar.md").is_file()

    sheet = tmp_path / "sheet.xlsx"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(sheet))
    result.clear()
    page.findChild(QPushButton, "environmentExport_experiment-sheet").click()
    qtbot.waitUntil(lambda: sheet.is_file() and "Wrote" in result.text(), timeout=10000)

    target = tmp_path / "similar-image-search"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or False)
    page.findChild(QPushButton, "environmentExport_scaffold").click()
    assert asked and not (target / "run_pipeline.py").exists()  # "no" leaves the folder alone
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    result.clear()
    page.findChild(QPushButton, "environmentExport_scaffold").click()
    qtbot.waitUntil(lambda: (target / "run_pipeline.py").is_file() and "Wrote" in result.text(), timeout=10000)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert errors == []


def test_a_sheet_name_ending_in_a_version_gets_xlsx_not_cut(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    """「実験管理 v1.2」 typed in the save dialog writes 実験管理 v1.2.xlsx (it was 実験管理 v1.xlsx: the
    version's ".2" taken for a file ending and replaced), as every page that saves a document reads it."""
    page = open_page(window, qtbot, "experiment")
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(tmp_path / "実験管理 v1.2"))
    page.findChild(QPushButton, "environmentExport_experiment-sheet").click()
    result = page.findChild(QLabel, "environmentExportResult")
    qtbot.waitUntil(lambda: (tmp_path / "実験管理 v1.2.xlsx").is_file() and "Wrote" in result.text(), timeout=10000)
    assert not (tmp_path / "実験管理 v1.xlsx").exists()
