"""fix26e: control characters in a value reach the wiki's code spans and code blocks as their symbols
(ESC -> ␛), never raw: the wiki export, and the same pages and README the scaffold writes."""

from __future__ import annotations

from pathlib import Path

from app.core.documents import DocumentService
from app.environment import wiki_markdown as mdt
from app.environment.scaffold import scaffold_files
from app.environment.service import EnvironmentService
from app.environment.wiki_export import export_wiki

RAW = "\x00\x07\x1b"
PASTED = "feature/\x1b[31m#番号\x1b[0m-\x00\x07説明"  # pasted from a terminal


def raw_in(text: str) -> list[str]:
    return sorted({hex(ord(c)) for c in text if c in RAW})


def test_code_spans_and_blocks_show_control_characters() -> None:
    assert mdt.code(PASTED) == "`feature/␛[31m#番号␛[0m-␀␇説明`"
    assert mdt.code("\x1b") == "`␛`"
    block = mdt.block("a\x1b[0m\nb\x00", "text")
    assert block == "```text\na␛[0m\nb␀\n```"  # the lines kept, the controls shown


def test_the_scaffolds_docs_and_readme_never_hold_a_raw_control_character(workspace, demo) -> None:
    EnvironmentService(workspace).set_value(demo.id, "branch_naming", PASTED)
    files = scaffold_files(workspace, demo.id, "ja")
    pages = {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".md")}
    assert any(path.startswith("docs/") for path in pages), sorted(pages)
    assert {path: raw_in(text) for path, text in pages.items() if raw_in(text)} == {}
    assert any("feature/␛[31m#番号" in text for text in pages.values())


def test_the_layout_tree_shows_a_control_character_of_an_older_database(workspace, demo, tmp_path: Path) -> None:
    documents = DocumentService(workspace.db)
    env = documents.get(demo.id, "environment")
    env.setdefault("values", {})["repo_name"] = "repo\x1b[2J"  # written before the rules refused it
    documents.put(demo.id, "environment", env)
    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "en", "plain")
    texts = [p.read_text(encoding="utf-8") for p in out.rglob("*.md")]
    assert not [raw_in(t) for t in texts if raw_in(t)]
    assert any("repo␛[2J/" in t for t in texts)
