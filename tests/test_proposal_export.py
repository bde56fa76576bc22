"""``export proposal``: Markdown, HTML and PDF hold the sections, rows and totals; user text stays text."""

from __future__ import annotations

import html as htmllib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from app.core import paths
from app.core.documents import DocumentService
from app.core.projects import ProjectService
from app.main import main
from app.proposal.model import Phase, ProblemRow, ProposalDoc
from app.proposal.service import ProposalService

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
JS_LINK = "[click me](javascript:alert(3))"
HOSTILE = f"{SCRIPT}\n{IMG}\n- {JS_LINK}\n# not a heading | not a cell\n<a href=\"javascript:alert(4)\">x</a>"


@pytest.fixture
def cli(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_path), *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils; .ci/run installs it)"
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def table_rows(markdown_text: str, header: str) -> list[list[str]]:
    """The body rows of the Markdown table whose header row starts with ``header``."""
    lines = markdown_text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
    return rows


def test_markdown_holds_every_section_the_problem_rows_and_the_totals(workspace, demo, cli, tmp_path) -> None:
    workspace.close()
    out = tmp_path / "proposal.md"
    code, stdout, _ = cli("export", "proposal", "--project", str(demo.id), "--out", str(out), "--lang", "ja")
    assert code == 0 and str(out) in stdout
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# MLOps導入提案: 類似画像検索PoC(デモ)\n")
    headings = re.findall(r"^## (\d+)\. (.+)$", text, re.M)
    assert [h[1] for h in headings] == [
        "背景", "課題と対策案", "MLOps導入の目的", "(補足)MLOpsとは", "進め方の方針",
        "実施内容", "スコープ", "スケジュール概要", "工数感", "今後の進め方",
    ]  # fmt: skip
    problems = table_rows(text, "No.")
    assert [int(r[0]) for r in problems] == list(range(1, 19))
    assert problems[9][1] == "masterブランチのスクリプトが動かない" and problems[9][4] == "4. CI環境構築"
    assert "閲覧・購買ログ" in problems[-1][1] and problems[-1][3] == "PoCフェーズ"
    effort = table_rows(text, "タスク")  # the tasks table comes first, then the effort table
    effort = table_rows(text[text.index("## 9. 工数感") :], "タスク")
    assert effort[-1][:3] == ["**合計**", "**64.25**", "**11**"]
    assert effort[2][:3] == ["2. 実験環境構築", "22.25", "2"]  # the data scientists' part: reviewing the rules, trying the environment
    assert "> 「データ前処理、モデル開発、デプロイ、運用などを含む機械学習のライフサイクルを管理する技術/知見」" in text
    scope = table_rows(text, "レベル")
    assert ["", "特徴量ストア", "対象外"] in scope and scope[0][0] == "レベル0: 手動プロセス"
    schedule = table_rows(text, "フェーズ")
    assert schedule[0][0] == "**PoCフェーズ**" and "█" in schedule[0][3]
    assert [r[0] for r in schedule][-2:] == ["**構築フェーズ**", "**運用フェーズ**"]
    # It renders as Markdown: tables become tables, the quote a quote.
    rendered = markdown.markdown(text, extensions=["tables"])
    assert rendered.count("<table>") == 5 and "<blockquote>" in rendered


def test_english_markdown(workspace, demo, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    out = export_proposal(workspace, demo.id, tmp_path / "p.md", "en", {})
    text = out.read_text(encoding="utf-8")
    assert "## 9. Effort estimate" in text and "| **Total** | **64.25** | **11** | |" in text
    assert "In scope later" in text and "Bites in" in text


def test_html_is_standalone_and_holds_the_same_content(workspace, demo, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    out = export_proposal(workspace, demo.id, tmp_path / "p.html", "ja", {})
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "@media print" in page
    assert not re.search(r"<(link|script)\b", page, re.I), "nothing is loaded from elsewhere"
    assert page.count("<h2>") == 10
    problems = page[page.index('<table class="problems"') : page.index("</table>", page.index('<table class="problems"'))]
    assert problems.count("<tr>") == 19  # header + 18 rows
    effort = page[page.index('<table class="effort"') :]
    assert re.search(r'<tr class="total"><td>合計</td><td[^>]*>64.25</td><td[^>]*>11</td>', effort)
    assert "約3週間" in page


def test_pdf_holds_japanese_text_that_can_be_extracted(workspace, demo, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    out = export_proposal(workspace, demo.id, tmp_path / "p.pdf", "ja", {})
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    for expected in ("MLOps導入提案", "課題と対策案", "実験環境構築", "工数感", "日付はWBSから", "合計"):
        assert expected in text, expected
    # Kanji such as 日, 入 and 一 share their glyph with a Kangxi radical; they must come out as the kanji.
    assert not [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    # So does the middle dot of 構築・運用 with the hyphenation point.
    assert "構築・運用" in text and "\u2027" not in text
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # embedded


def test_english_pdf_text_extracts_as_written(workspace, demo, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    text = pdf_text(export_proposal(workspace, demo.id, tmp_path / "p.pdf", "en", {}))
    # No ligature glyphs ("kickoﬀ") and no digits lost to substituted glyphs ("1. Background").
    assert "MLOps kickoff proposal" in text and "1. Background" in text and "9. Effort estimate" in text


@pytest.fixture
def hostile(workspace):
    project = ProjectService(workspace.db).create('<b onmouseover="alert(5)">Evil</b> PoC', customer="<i>C</i>")
    doc = ProposalDoc(
        texts={"background": {"ja": HOSTILE, "en": HOSTILE}, "definition": {"ja": SCRIPT}},
        rows=[ProblemRow(problem=f"{IMG} | pipe", countermeasure=JS_LINK, phase=Phase.BUILD, task=4)],
    )
    ProposalService(proposal_documents(workspace)).save(project.id, doc)
    return project


def proposal_documents(workspace):
    return DocumentService(workspace.db)


def assert_inert(rendered_html: str) -> None:
    """No live markup from user text: no script element, no img, no handler, no javascript: link."""
    assert not re.search(r"<script\b", rendered_html, re.I)
    assert not re.search(r"<img\b", rendered_html, re.I)
    assert not re.search(r"<(b|i|a)\s[^>]*on\w+=", rendered_html, re.I)
    assert not re.search(r"<[a-z][^>]*\bhref\s*=\s*[\"']?\s*javascript:", rendered_html, re.I)


def test_markdown_passes_no_raw_html_from_user_text(workspace, hostile, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    text = export_proposal(workspace, hostile.id, tmp_path / "p.md", "ja", {}).read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text and "<b " not in text and "<a href" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text or "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\\[click me\\](javascript:alert(3))" in text
    assert "\n# not a heading" not in text
    # The problem row stays one row with five cells even with a pipe in the text.
    row = table_rows(text, "No.")[0]
    assert len(row) == 5 and "pipe" in row[1]
    # Rendered by a Markdown renderer (as GitHub or MkDocs would), everything is visible text.
    rendered = markdown.markdown(text, extensions=["tables"])
    assert_inert(rendered)
    visible = htmllib.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert SCRIPT in visible and IMG in visible and JS_LINK in visible and "# not a heading | not a cell" in visible


def test_html_shows_hostile_text_as_inert_text(workspace, hostile, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    page = export_proposal(workspace, hostile.id, tmp_path / "p.html", "en", {}).read_text(encoding="utf-8")
    assert_inert(page)
    assert "&lt;b onmouseover=&#34;alert(5)&#34;&gt;Evil&lt;/b&gt; PoC" in page  # the project name, autoescaped
    visible = htmllib.unescape(re.sub(r"<[^>]+>", "", page))
    assert SCRIPT in visible and IMG in visible and JS_LINK in visible and '<a href="javascript:alert(4)">x</a>' in visible


def test_pdf_shows_hostile_text_as_text(workspace, hostile, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    text = pdf_text(export_proposal(workspace, hostile.id, tmp_path / "p.pdf", "en", {}))
    flat = " ".join(text.split())
    assert SCRIPT in flat and "javascript:alert(3)" in flat and "onerror" in flat


def test_a_users_own_template_is_used(workspace, demo, tmp_path) -> None:
    from app.proposal.kinds import export_proposal

    own = paths.user_templates_dir() / "proposal"
    own.mkdir(parents=True)
    (own / "proposal.md.j2").write_text(
        "# Our house style: {{ p.project_name | md_inline }}\n{% for r in p.problems %}* {{ r.problem | md_cell }}\n{% endfor %}",
        encoding="utf-8",
    )
    (own / "proposal.html.j2").write_text("<html><body><h1>Ours</h1>{{ p.project_name }}</body></html>", encoding="utf-8")
    text = export_proposal(workspace, demo.id, tmp_path / "p.md", "ja", {}).read_text(encoding="utf-8")
    assert text.startswith("# Our house style: 類似画像検索PoC(デモ)") and text.count("\n* ") == 18
    page = export_proposal(workspace, demo.id, tmp_path / "p.html", "ja", {}).read_text(encoding="utf-8")
    assert page.startswith("<html><body><h1>Ours</h1>")
    assert "Ours" in pdf_text(export_proposal(workspace, demo.id, tmp_path / "p.pdf", "ja", {}))


def test_a_broken_user_template_is_a_user_error(workspace, demo, cli, tmp_path) -> None:
    own = paths.user_templates_dir() / "proposal"
    own.mkdir(parents=True)
    (own / "proposal.md.j2").write_text("{% for x in %}", encoding="utf-8")
    workspace.close()
    code, _, err = cli("export", "proposal", "--project", str(demo.id), "--out", str(tmp_path / "p.md"))
    assert code == 2 and "proposal.md.j2: 1 行目: テンプレートの書き方に誤りがあります(" in err  # the system language: ja
    assert not (tmp_path / "p.md").exists()


def test_other_suffixes_are_refused(workspace, demo, cli, tmp_path) -> None:
    workspace.close()
    code, _, err = cli("export", "proposal", "--project", str(demo.id), "--out", str(tmp_path / "p.docx"))
    assert code == 2 and ".md、.html、.pdf" in err and "「p.docx」" in err


def run_cli_in_subprocess(tmp_path: Path, out: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["MLOPS_KICKOFF_HOME"] = str(tmp_path / "home")
    db = str(tmp_path / "cli.sqlite3")
    code = (
        "import sys; from app.main import main; "
        f"main(['--db', {db!r}, 'demo']); "
        f"rc = main(['--db', {db!r}, 'export', 'proposal', '--project', '1', '--out', {str(out)!r}, '--lang', 'ja']); "
        "print(rc, 'PySide6' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return result.stdout.strip().splitlines()[-1]


def test_markdown_and_html_exports_never_load_qt(tmp_path) -> None:
    assert run_cli_in_subprocess(tmp_path, tmp_path / "p.md") == "0 False"


def test_pdf_export_works_from_the_command_line_without_a_display(tmp_path) -> None:
    out = tmp_path / "p.pdf"
    assert run_cli_in_subprocess(tmp_path, out) == "0 True"
    assert "課題と対策案" in pdf_text(out)
