"""The Exports page: the wiki's format is chosen there, and its document language is the one used."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox

from app.ui import messages, settings
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def _export(window, qtbot, monkeypatch, tmp_path: Path, name: str) -> Path:
    """Export ``name`` from the Exports page into a fresh folder; the one thing written there."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(messages, "choose_folder", lambda *a, **k: str(out))
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out / f"{name}.md"))
    page = window.page("exports")
    page.kind_buttons[name].click()
    qtbot.waitUntil(lambda: bool(page.result_label.text()), timeout=15000)
    [written] = [p for p in out.iterdir() if not p.name.startswith(".")]
    return written


def test_picking_mkdocs_writes_an_mkdocs_site(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    window.show_page("exports")
    combo = window.page("exports").findChild(QComboBox, "wikiFormat")
    assert [combo.itemData(i) for i in range(combo.count())] == ["plain", "github", "mkdocs"]
    assert combo.currentData() == "plain" and combo.currentText() == "Markdownフォルダー(index.md)"
    combo.setCurrentIndex(combo.findData("mkdocs"))
    folder = _export(window, qtbot, monkeypatch, tmp_path, "wiki")
    config = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    assert "docs_dir: docs" in config and "nav:" in config
    assert (folder / "docs" / "index.md").is_file()
    assert not (folder / "index.md").exists() and not (folder / "Home.md").exists()


def test_picking_github_writes_a_github_wiki(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    window.show_page("exports")
    combo = window.page("exports").findChild(QComboBox, "wikiFormat")
    combo.setCurrentIndex(combo.findData("github"))
    folder = _export(window, qtbot, monkeypatch, tmp_path, "wiki")
    assert (folder / "Home.md").is_file() and (folder / "_Sidebar.md").is_file()
    assert not (folder / "mkdocs.yml").exists()


def test_the_language_picked_is_the_documents_and_is_not_kept_as_a_setting(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    window.show_page("exports")
    lang = window.page("exports").findChild(QComboBox, "exportLangCombo")
    lang.setCurrentIndex(lang.findData("en"))
    assert window.state.export_lang == "en"
    assert settings.value("export/language") is None  # a choice for the open project, not a setting
    written = _export(window, qtbot, monkeypatch, tmp_path, "followups")
    text = written.read_text(encoding="utf-8")
    assert "as of" in text and "時点" not in text  # the frame in English; the demo's answers stay Japanese


@pytest.mark.parametrize(("name", "fmt"), [("wiki", "github"), ("wiki", "mkdocs"), ("scaffold", None)])
def test_a_folder_export_is_named_as_the_window_names_it_not_by_the_commands_kind_id(window, qtbot, monkeypatch, tmp_path: Path,
                                                                                   name, fmt) -> None:  # fmt: skip
    """A folder made by the Exports page is named in the window's language: the wiki by its title and format
    (「…-実験規約Wiki-GitHub」, never …-wiki), the project scaffold by its repository's name, as the
    実験環境構築 page names them (never …-scaffold)."""
    from app.environment.service import EnvironmentService

    window.show_page("exports")
    if fmt is not None:
        combo = window.page("exports").findChild(QComboBox, "wikiFormat")
        combo.setCurrentIndex(combo.findData(fmt))
    folder = _export(window, qtbot, monkeypatch, tmp_path, name)
    project = window.state.project
    if name == "wiki":
        shown = {"github": "GitHub", "mkdocs": "MkDocs"}[fmt]
        assert folder.name.startswith("類似画像検索PoC") and folder.name.endswith(f"-実験規約Wiki-{shown}"), folder.name
    else:
        repo = EnvironmentService(window.state.workspace).choices(project.id, "ja").value("repo_name")
        assert folder.name == repo and (folder / "README.md").is_file(), folder.name
    assert "wiki" not in folder.name and "scaffold" not in folder.name
