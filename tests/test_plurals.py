"""English counts read as sentences: "1 draft not saved", "3 drafts not saved" (Qt's plural forms in
resources/i18n/en), never "1 draft(s)"; Japanese says a count one way."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel

from app.ui.translations import install_translations

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def lang_of(qapp: QApplication):
    def install(lang: str) -> None:
        install_translations(qapp, lang)  # type: ignore[arg-type]

    return install  # (english_after_the_test puts English back)


@pytest.fixture
def window(qtbot, db_path):
    from tests.gui_helpers import close_window, make_window

    win = make_window(qtbot, db_path, global_lang="en")
    yield win
    close_window(win)


@pytest.mark.parametrize(("n", "en", "ja"), [(1, "1 draft not saved", "1 件の下書きが未保存です"),
                                              (3, "3 drafts not saved", "3 件の下書きが未保存です"),
                                              (0, "0 drafts not saved", "0 件の下書きが未保存です")])
def test_a_count_in_the_window_takes_the_words_its_number_asks_for(lang_of, n: int, en: str, ja: str) -> None:
    lang_of("en")
    assert QCoreApplication.translate("MainWindow", "%n draft(s) not saved", "", n) == en
    lang_of("ja")
    assert QCoreApplication.translate("MainWindow", "%n draft(s) not saved", "", n) == ja


def test_no_string_of_the_window_says_a_count_with_a_bracketed_plural() -> None:
    """A source text with "word(s)" is a plural one (%n, its English forms in resources/i18n/en);
    a count given with {0} says it without one ("Rows: {0}")."""
    bracketed = re.compile(r"[A-Za-z]\((?:s|es)\)")
    found = []
    for path in (ROOT / "app" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and bracketed.search(node.value) and "%n" not in node.value:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]}")
    assert found == []
    forms = [form.text or "" for ts in (ROOT / "resources" / "i18n" / "en").glob("*.ts") for form in ET.parse(ts).getroot().iter("numerusform")]
    assert forms and not [form for form in forms if bracketed.search(form) or "%n" not in form]


def test_the_capacity_line_in_english_says_one_process(window) -> None:
    """The demo's plan has one process that cannot meet its requirement."""
    window.show_page("system-planning")
    page = window.page("system-planning")
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert any("1 process cannot meet a requirement" in text for text in texts), texts
    assert not any("process(es)" in text for text in texts)
