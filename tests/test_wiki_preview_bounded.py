"""The wiki preview lays out at most PREVIEW_ROWS rows of a table (Qt took 1.7 s of the UI thread for a data platform
page of 1,000 data sources); the rest is said under the table, and the Markdown view and the export have them all."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser

from app.environment.wiki_render import Wiki, WikiPage
from app.ui.environment.wiki_preview import PREVIEW_ROWS, WikiPreview, bounded_tables
from app.ui.translations import install_translations


def table(rows: int, first: str = "source") -> list[str]:
    return ["| 名前 | 担当 |", "| --- | --- |", *(f"| {first}{n} | owner{n} |" for n in range(rows))]


def note(count: int) -> str:
    return f"NOTE {count}"


def test_a_long_table_is_cut_and_said_a_short_one_and_code_kept_whole() -> None:
    code = ["```", *table(300, "code"), "```"]
    text = "\n".join(["# page", "", *table(1000), "", "after the table", "", *code, "", *table(3, "small")])
    shown = bounded_tables(text, note)
    assert "| source199 | owner199 |" in shown and "| source200 |" not in shown and "source999" not in shown
    assert "NOTE 800" in shown and shown.index("NOTE 800") < shown.index("after the table")
    assert "| code299 | owner299 |" in shown  # a code block is text, never a table
    assert "| small2 | owner2 |" in shown and shown.count("NOTE") == 1
    assert bounded_tables("\n".join(table(PREVIEW_ROWS)), note) == "\n".join(table(PREVIEW_ROWS))
    assert bounded_tables("a | b\n---\n| x |", note) == "a | b\n---\n| x |"  # a setext heading, not a table


def test_the_preview_shows_the_first_rows_and_says_the_rest_in_japanese(qtbot, qapp) -> None:
    install_translations(qapp, "ja")
    try:
        preview = WikiPreview()
        qtbot.addWidget(preview)
        page = WikiPage("data_platform", "データ基盤", "data_platform", "\n".join(["# データ基盤", "", *table(1000)]))
        preview.show_wiki(Wiki("wiki", "mkdocs", page, []))
        shown = preview.findChild(QTextBrowser, "wikiPreview").toPlainText()
        assert "source199" in shown and "source200" not in shown
        assert "ほか 800 行" in shown
        preview.source_button.setChecked(True)  # the Markdown view: every row
        assert "| source999 | owner999 |" in preview.findChild(QTextBrowser, "wikiPreview").toPlainText()
    finally:
        install_translations(qapp, "en")
