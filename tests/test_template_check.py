"""``templates validate`` on Jinja2 templates: each compiled in the environment its exporter renders it in
(app/core/content/template_check.py), recognised by its folder as the app finds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(tmp_path: Path, isolated_home: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(tmp_path / "t.sqlite3"), "--lang", "en", *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def mine(home: Path, relative: str, text: str) -> Path:
    path = home / "templates" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_templates_are_checked_with_the_checklists(cli) -> None:
    code, out, err = cli("templates", "validate")
    assert code == 0, err
    assert "wiki/ja/index.md.j2" in out and "wiki/en/index.md.j2" in out and "proposal/proposal.html.j2" in out
    assert "hearing.yaml" in out


def test_each_template_is_compiled_with_its_exporters_filters(cli, isolated_home) -> None:
    # user_html is the HTML proposal's filter, md_text the Markdown one's, cell the wiki's
    html = mine(isolated_home, "proposal/proposal.html.j2", "{{ p.title|user_html }}\n")
    md = mine(isolated_home, "proposal/proposal.md.j2", "{{ p.title|md_text }}\n")
    wiki = mine(isolated_home, "wiki/en/index.md.j2", "{{ wiki_title|cell }}\n")
    for path in (html, md, wiki):
        code, out, err = cli("templates", "validate", str(path))
        assert (code, err) == (0, ""), err
    mine(isolated_home, "proposal/proposal.md.j2", "line one\n{{ p.title|user_html }}\n")
    code, out, err = cli("templates", "validate")
    assert code == 2
    assert f"{md}: line 2: there is no filter named “user_html”" in err, err  # (Jinja's own words before breaker 64b)


def test_a_template_where_the_app_reads_none_is_said_so(cli, isolated_home) -> None:
    stray = mine(isolated_home, "wiki/index.md.j2", (REPO / "resources/templates/wiki/ja/index.md.j2").read_text("utf-8"))
    code, out, err = cli("templates", "validate")
    assert code == 2 and f"{stray}: the app reads no template here" in err and "wiki/ja" in err, err


def test_a_folder_holds_checklists_or_templates(cli, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = cli("templates", "validate", str(empty))
    assert code == 2 and "no checklist (.yaml) or template (.j2) files" in err
