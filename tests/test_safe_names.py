"""One file-name cleaner: every page proposes the name :func:`export_file_name` gives, a single safe component."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from app import features
from app.core.files.safe_names import MAX_CHARS, WINDOWS_RESERVED, export_file_name
from app.ui import messages
from tests.gui_helpers import close_window, make_window

# Project names are at most 200 characters (app.core.projects.MAX_NAME); the cleaner takes longer.
HOSTILE_PROJECT_NAMES = [
    "../../etc/passwd",
    "CON",
    "..\\..\\C:\\Windows\\a*b?<c>|\"d\"\x07\x1b\u202egpj.exe",
    "需要予測 PoC／第2期: 画像" + "長" * 150,
]


def assert_one_safe_component(name: str) -> None:
    assert name and Path(name).name == name and "/" not in name and "\\" not in name
    assert not name.startswith(".") and not name.endswith((" ", "."))
    assert not any(unicodedata.category(c)[0] == "C" for c in name), ascii(name)
    assert not set(name) & set('<>:"|?*')
    assert name.split(".")[0].upper() not in WINDOWS_RESERVED
    assert len(name.encode("utf-8")) <= 255  # the limit of ext4, APFS and NTFS (in UTF-16 units: fewer)


@pytest.mark.parametrize(
    "project_name",
    [*HOSTILE_PROJECT_NAMES, "", ".", "..", "con", "LPT1", "COM¹", "x" * 300, "需" * 300, "\u200b\ufeff", "a\nb\tc\x00d"],
)
@pytest.mark.parametrize(("kind", "suffix"), [("proposal", ".pdf"), ("wiki-github", ""), ("", ".json")])
def test_an_export_name_is_one_safe_path_component(project_name: str, kind: str, suffix: str) -> None:
    name = export_file_name(project_name, kind, suffix)
    assert_one_safe_component(name)
    assert name.endswith(f"{kind}{suffix}")  # a long project name never cuts off the kind or the suffix


def test_what_an_export_name_keeps_and_drops() -> None:
    assert export_file_name("ACME 需要予測", "hearing-sheet", ".xlsx") == "ACME-需要予測-hearing-sheet.xlsx"
    assert export_file_name("../../etc/passwd", "proposal", ".pdf") == "etc-passwd-proposal.pdf"
    assert export_file_name("..", "proposal", ".pdf") == "proposal.pdf"
    assert export_file_name("CON", "", ".json") == "export-CON.json"  # CON.json is the console on Windows
    assert export_file_name("CON", "wbs", ".xlsx") == "CON-wbs.xlsx"
    assert export_file_name("", "", ".json") == "export.json"
    assert export_file_name("需" * 300, "wbs", ".xlsx") == "需" * MAX_CHARS + "-wbs.xlsx"


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


def rename(window, name: str) -> str:
    """Rename the open project to ``name``; its name as stored (invisible format characters such as
    U+202E dropped: app.core.projects.clean_name)."""
    from app.core.projects import clean_name

    state = window.state
    state.change_projects(lambda: state.projects.rename(state.project_id, name))
    assert state.project.name == clean_name(name)
    return state.project.name


def proposed_names(window, qtbot, monkeypatch) -> dict[str, str]:
    """The file name each page's export proposes (the save dialog is cancelled)."""
    seen: dict[str, str] = {}

    def save_file(parent, title, suggested, filters):
        assert Path(suggested).parent == Path.home()
        seen[current] = Path(suggested).name
        return ""

    monkeypatch.setattr(messages, "save_file", save_file)
    clicks = {
        "proposal": lambda: window.page("proposal").export(),
        "hearing-sheet": lambda: window.page("hearing").export_sheet(),
        "followups": lambda: window.page("hearing").export_followups(),
        "system-plan.md": lambda: window.page("system-planning").export_markdown(),
        "system-plan.xlsx": lambda: window.page("system-planning").export_xlsx(),
        "experiment-sheet": lambda: window.page("experiment").findChild(
            QPushButton, "environmentExport_experiment-sheet").click(),  # fmt: skip
        "project-file": lambda: window.page("exports").export_project(),
    }
    exports = window.page("exports")
    for kind in features.EXPORTS.values():
        if not kind.is_folder:
            clicks[f"exports:{kind.name}"] = lambda name=kind.name: exports.export_kind(name)
    for current, click in clicks.items():  # noqa: B007 - read by save_file
        click()
    return seen


def test_every_page_proposes_the_cleaners_name_for_a_hostile_project_name(window, qtbot, monkeypatch, tmp_path) -> None:
    for hostile in HOSTILE_PROJECT_NAMES:
        project_name = rename(window, hostile)
        seen = proposed_names(window, qtbot, monkeypatch)
        lang = window.state.ui_lang  # each document by its title in the window's language (ExportKind.file_name)

        def named(kind: str, suffix: str, project_name: str = project_name, lang: str = lang) -> str:
            return export_file_name(project_name, features.EXPORTS[kind].title[lang].replace("WBS (Excel)", "WBS"), suffix)

        expected = {
            "proposal": named("proposal", ".pdf"),
            "hearing-sheet": named("hearing-sheet", ".xlsx"),
            "followups": named("followups", ".md"),
            "system-plan.md": named("system-plan", ".md"),
            "system-plan.xlsx": named("system-plan", ".xlsx"),
            "experiment-sheet": named("experiment-sheet", ".xlsx"),
            "project-file": export_file_name(project_name, "", ".json"),
        } | {
            f"exports:{k.name}": named(k.name, k.suffixes[0])
            for k in features.EXPORTS.values()
            if not k.is_folder
        }
        assert seen == expected
        for name in seen.values():
            assert_one_safe_component(name)

    # Folder exports: the folder made on disk has the cleaner's name.
    project_name = rename(window, HOSTILE_PROJECT_NAMES[2])
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(messages, "choose_folder", lambda *a, **k: str(out))
    errors: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title=None: errors.append(str(error)))

    exports = window.page("exports")
    exports.export_kind("wiki")
    qtbot.waitUntil(lambda: "Wrote" in exports.result_label.text() or bool(errors), timeout=15000)
    window.show_page("experiment")
    page = window.page("experiment")
    fmt = page.findChild(QComboBox, "wikiFormatCombo")
    fmt.setCurrentIndex(fmt.findData("mkdocs"))
    page.findChild(QPushButton, "environmentExport_wiki").click()
    result = page.findChild(QLabel, "environmentExportResult")
    qtbot.waitUntil(lambda: "Wrote" in result.text() or bool(errors), timeout=15000)

    assert not errors
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [features.EXPORTS["wiki"].file_name(project_name, "en", "", "Markdown"), features.EXPORTS["wiki"].file_name(project_name, "en", "", "MkDocs")]
    )
    for folder in out.iterdir():
        assert_one_safe_component(folder.name)
