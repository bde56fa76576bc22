"""``export review``: the report in the document language, charts in the HTML, tables in the PDF, a safe workbook."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.projects import ProjectService
from app.main import main
from app.review import set_fields
from app.review.charts import bars_svg, radar_svg
from app.review.report import export_report

# data 2.5, model 1.5, infrastructure 3, monitoring 1.5 (+ the hostile 0 below): the final score is 1.5
SCORES = {
    "data.schema": 1, "data.beneficial": 1, "data.cost": 0.5, "model.spec_reviewed": 1, "model.metrics_correlate": 0.5,
    "infra.reproducible": 1, "infra.spec_unit_tested": 1, "infra.pipeline_integration": 1,
    "monitor.dependencies": 0.5, "monitor.input_invariants": 1,
}  # fmt: skip
HOSTILE = "<script>alert(1)</script> =HYPERLINK(\"http://x\") | **bold**"


@pytest.fixture
def project(workspace) -> int:
    pid = ProjectService(workspace.db).create("レビュー報告", lang="ja").id
    for item, score in SCORES.items():
        ops.run(workspace, set_fields(pid, "ml_test_score", item, {"score": score, "evidence": "確認済み"}))
    ops.run(workspace, set_fields(pid, "ml_test_score", "monitor.skew", {"score": 0, "evidence": HOSTILE}))
    for item, level in (("qa4ai.data_integrity", 4), ("qa4ai.model_robustness", 2), ("qa4ai.process_agility", 3)):
        ops.run(workspace, set_fields(pid, "qa4ai", item, {"level": level}))
    ops.run(workspace, set_fields(pid, "ms_mlops", "ms.people", {"current": 1, "target": 3, "note": "週次の合同レビュー"}))
    return pid


def test_the_markdown_report_has_the_scores_band_sections_and_maturity(workspace, project, tmp_path) -> None:
    text = export_report(workspace, project, tmp_path / "r.md", "ja").read_text(encoding="utf-8")
    assert "# 準備度レビュー報告: レビュー報告" in text
    assert "最終スコア(最も低い分野の合計): 1.5 / 7" in text  # data 2.5, model 1.5, infra 3, monitoring 1.5
    assert "基本的な本番化の最初の一巡は済んだ" in text
    assert "| データ | 2.5 | 7 | 3/7 | 3/7 |" in text
    assert "| 人と体制 | レベル1: DevOpsはあるがMLOpsなし | レベル3: モデルデプロイの自動化 | 2 | 週次の合同レビュー |" in text
    assert "目標未達 1 件" in text
    assert "CC BY 4.0" in text and "Microsoft" in text and "Breck" in text
    assert "<script>" not in text  # user text never live Markdown/HTML
    assert "&lt;script&gt;alert(1)&lt;/script&gt; =HYPERLINK(\"http://x\") \\| \\*\\*bold\\*\\*" in text


def test_the_report_follows_the_document_language(workspace, project, tmp_path) -> None:
    text = export_report(workspace, project, tmp_path / "r.md", "en").read_text(encoding="utf-8")
    assert "Final score (the lowest section sum): 1.5 / 7" in text
    assert "A first round of basic productionisation is done" in text
    assert "最終スコア" not in text and "データ |" not in text


def test_the_html_report_draws_the_radar_and_section_bars_and_escapes_user_text(workspace, project, tmp_path) -> None:
    page = export_report(workspace, project, tmp_path / "r.html", "ja").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 3  # ML Test Score bars, QA4AI radar, AIST radar
    bars = next(s for s in svgs if "ML Test Score" in s)
    assert bars.count('fill="#1f4e79"') == 4  # one bar per section
    radar = next(s for s in svgs if "QA4AI" in s)
    assert all(axis in radar for axis in ("Data Integrity", "Customer Expectation"))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_radar_puts_each_level_on_its_axis() -> None:
    svg = radar_svg(["a", "b", "c", "d"], [5, 1, None, 3], 1, 5, "t<>")
    shape = re.findall(r'<polygon points="([^"]+)" fill="#1f4e79"', svg)[0].split()
    points = [tuple(map(float, p.split(","))) for p in shape]
    assert points[0] == (320.0, 80.0)  # top axis at the full radius (130 px above the centre)
    assert points[1] == (320.0, 210.0) and points[2] == (320.0, 210.0)  # the lowest level and no value: the centre
    assert points[3] == (255.0, 210.0)  # half way along the left axis
    assert "t&lt;&gt;" in svg and "t<>" not in svg
    # A long label beside the radar, on two lines before its bracket, stays inside the picture
    # (about 7 px a Latin letter, 12 a Japanese one at 12 px).
    svg = radar_svg(["Data Integrity(データの健全性)", "Model Robustness(モデルの頑健性)", "System Quality(システムの品質)",
                     "Process Agility(プロセスの機敏性)", "Customer Expectation(顧客の期待)"], [3] * 5, 1, 5, "QA4AI")  # fmt: skip
    width = float(re.search(r'width="(\d+)"', svg).group(1))
    for x, anchor, line in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)"[^>]*>([^<]*)</text>', svg):
        room = sum(12 if ord(ch) > 0x2E80 else 7 for ch in line)
        left = {"start": float(x), "middle": float(x) - room / 2, "end": float(x) - room}[anchor]
        assert 0 <= left and left + room <= width, (line, left, room)
    assert "Customer Expectation</text>" in svg and ">(顧客の期待)</text>" in svg
    bars = bars_svg(["x", "y"], [7, 3.5], 7, "b", marker=3.5)
    assert 'width="300.0"' in bars and 'width="150.0"' in bars


def test_the_pdf_has_the_tables_and_the_charts_drawn(workspace, project, tmp_path) -> None:
    out = export_report(workspace, project, tmp_path / "r.pdf", "ja")
    assert out.read_bytes().startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils)"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    text = text.replace("\n", "")
    assert "1.5 / 7" in text and "Data Integrity" in text
    assert "図はHTML版にあります" not in text  # (what the PDF said when it had no charts)
    # The three charts (ML Test Score's bars, QA4AI's and AIST's radars) drawn as vectors, not pictures: their labels
    # are the PDF's text (a radar's long label on two lines), their lines and areas drawn where they stand.
    assert subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout.count("\n") == 2
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, encoding="utf-8", check=True).stdout
    pages = text.split("\f")  # (pdftotext ends each page with a form feed)
    radar = next(n for n, page in enumerate(pages, start=1) if "Customer Expectation\n(顧客の期待)" in page)
    assert all(f"{label}\n" in pages[radar - 1] for label in ("Data Integrity", "(データの健全性)", "Process Agility"))
    subprocess.run(["pdftoppm", "-r", "40", "-f", str(radar), "-l", str(radar), "-gray", str(out), str(tmp_path / "p")], check=True)
    shot = next(tmp_path.glob("p-*.pgm")).read_bytes()
    body = shot.split(b"\n", 3)[3]  # (P5, size, depth, then the pixels)
    assert sum(1 for b in body if b < 160) > 500  # the radar's lines, area and labels, not an empty frame
    assert sum(page.count("モデル開発") for page in pages) >= 3  # its section's row, its bar's label, its section's heading


def test_the_workbook_keeps_user_text_as_text(workspace, project, tmp_path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(export_report(workspace, project, tmp_path / "r.xlsx", "ja"))
    assert book.sheetnames[0] == "概要" and book.properties.title == "準備度レビュー報告: レビュー報告"
    sheet = book[book.sheetnames[1]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("分野", "項目", "スコア", "根拠")
    hostile = next(row for row in rows if row[3] == HOSTILE)
    assert hostile[2] == 0
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == HOSTILE)
    assert cell.data_type == "s"
    scores = [row[2] for row in rows[1:8]]
    assert scores == [1, 1, 0.5, None, None, None, None]  # numbers, an unscored test empty


@pytest.mark.parametrize("suffix", [".md", ".html", ".xlsx"])
def test_the_cli_writes_the_report_in_the_chosen_language(db_path: Path, workspace, project, tmp_path, suffix, capsys) -> None:
    out = tmp_path / f"review{suffix}"
    workspace.close()
    assert main(["--db", str(db_path), "export", "review", "--project", str(project), "--out", str(out), "--lang", "en"]) == 0
    assert out.is_file()
    if suffix != ".xlsx":
        assert "Readiness review: レビュー報告" in out.read_text(encoding="utf-8")


def test_the_cli_refuses_another_suffix(db_path: Path, workspace, project, tmp_path, capsys) -> None:
    workspace.close()
    assert main(["--db", str(db_path), "export", "review", "--project", str(project), "--out", str(tmp_path / "r.docx")]) == 2
    assert not (tmp_path / "r.docx").exists()


def _emoji_font_installed() -> bool:
    if not shutil.which("fc-list"):
        return True
    return bool(subprocess.run(["fc-list", ":charset=1f680"], capture_output=True, text=True).stdout.strip())


def test_the_pdf_report_names_an_emoji_no_font_draws_and_where(workspace, project, tmp_path) -> None:
    """Break-it 53g, for the review's PDF (the writer is shared): a character no font has is drawn as a
    box; the report names it under the heading it is in, and the PDF is written all the same."""
    if _emoji_font_installed():
        pytest.skip("an emoji font is installed here: the PDF can draw 🚀")
    from app import features
    from app.core.kinds import run_export

    ops.run(workspace, set_fields(project, "ms_mlops", "ms.people", {"note": "週次の合同レビュー 🚀🚀 ✅ 日本"}))
    report = run_export(features.EXPORTS["review"], workspace, project, tmp_path / "r.pdf", "ja", {})
    assert (tmp_path / "r.pdf").is_file()
    glyphs = [d for d in report.dropped if d.field.startswith("pdf_glyphs.")]
    assert [d.kept_as_field for d in glyphs] == ["box"], report.dropped  # one heading: one entry
    place = "(MLOps成熟度(Microsoft レベル0-4))"  # the heading of the table the note is in, as the PDF shows it
    label = glyphs[0].label.get("ja")
    assert label.startswith("🚀") and label.endswith(place) and label.count("🚀") == 1 and "日" not in label
    # ✅ too where no font has it: Qt draws it only from an emoji font (Noto Sans CJK's glyph is not used)
    assert f"{label}(→ □(PDF のフォントにない文字))" in report.line("ja")
    assert "PDF では □ で表示されます" in report.text("ja") and "as boxes (□)" in report.text("en")
    report = run_export(features.EXPORTS["review"], workspace, project, tmp_path / "r.html", "ja", {})
    assert report.dropped == []  # the HTML page: the reader's browser draws it


@pytest.mark.parametrize(("lang", "sheet_name"), [("ja", "図"), ("en", "Charts")])
def test_the_workbook_has_excels_own_charts_made_of_the_figures_beside_them(workspace, project, tmp_path, lang, sheet_name) -> None:
    from openpyxl import load_workbook

    from app.review.service import review_view

    book = load_workbook(export_report(workspace, project, tmp_path / "r.xlsx", lang))
    assert book.sheetnames[-1] == sheet_name
    sheet = book[sheet_name]
    # ML Test Score's bars, QA4AI's and AIST's radars (the Google and Microsoft maturity checklists draw none)
    assert [type(chart).__name__ for chart in sheet._charts] == ["BarChart", "RadarChart", "RadarChart"]

    def cells(ref: str) -> list:
        return [row[0].value for row in sheet[ref.split("!")[1].replace("$", "")]]

    scores = {c.checklist.id: c for c in review_view(workspace, project).checklists}
    bars = next(chart for chart in sheet._charts if type(chart).__name__ == "BarChart")
    series = bars.series[0]
    sections = scores["ml_test_score"].score.sections
    assert cells(series.cat.strRef.f) == [s.section.title.get(lang) for s in sections]
    assert cells(series.val.numRef.f) == [s.total for s in sections] == [2.5, 1.5, 3, 1.5]
    title = sheet[bars.title.tx.strRef.f.split("!")[1].replace("$", "")].value  # the title is its cell's text (never a formula)
    assert ("1.5 / 7" in title) and (scores["ml_test_score"].checklist.title.get(lang) in title)
    radars = [chart for chart in sheet._charts if type(chart).__name__ == "RadarChart"]
    qa4ai = next(chart for chart in radars if cells(chart.series[0].cat.strRef.f)[0].startswith("Data Integrity"))
    levels = dict(zip(cells(qa4ai.series[0].cat.strRef.f), cells(qa4ai.series[0].val.numRef.f), strict=True))
    assert [levels[k] for k in levels if k.startswith(("Data Integrity", "Model Robustness", "Process Agility"))] == [4, 2, 3]
    assert sum(v is None for v in levels.values()) == 2  # not assessed: an empty cell, never a made-up 0


def test_only_the_markdown_says_its_charts_are_tables(workspace, project, tmp_path) -> None:
    from app import features
    from app.core.kinds import run_export

    kind = features.EXPORTS["review"]
    for name in ("r.xlsx", "r.pdf", "r.html"):
        report = run_export(kind, workspace, project, tmp_path / name, "ja", {})
        assert report.dropped == [] and report.line("ja") == f"書き出しました: {name}(形式上入らなかった項目はありません)"
    markdown = run_export(kind, workspace, project, tmp_path / "r.md", "ja", {})
    assert [(d.field, d.kept_as_field) for d in markdown.dropped] == [("charts", "tables")]


def test_a_checklist_title_that_looks_like_a_formula_is_the_charts_text(isolated_home: Path, db_path: Path, tmp_path, capsys) -> None:
    """A content override's title is user text: the chart's title is its cell's text, never a formula or a reference."""
    import zipfile

    from openpyxl import load_workbook

    from app.core.content.loader import reset_default_library

    repo = Path(__file__).resolve().parent.parent
    hostile = '=HYPERLINK("http://x","軸")'
    (isolated_home / "checklists").mkdir(parents=True, exist_ok=True)
    src = (repo / "checklists" / "review_qa4ai.yaml").read_text(encoding="utf-8")
    src = src.replace("title: {ja: QA4AI 品質保証の5つの軸,", f"title: {{ja: '{hostile}',").replace("version: 1\n", "version: 2\n", 1)
    (isolated_home / "checklists" / "review_qa4ai.yaml").write_text(src, encoding="utf-8")
    reset_default_library()
    try:
        assert main(["--db", str(db_path), "--lang", "ja", "demo"]) == 0
        out = tmp_path / "r.xlsx"
        assert main(["--db", str(db_path), "--lang", "ja", "export", "review", "--project", "1", "--out", str(out)]) == 0
    finally:
        reset_default_library()
    sheet = load_workbook(out)["図"]
    radar = next(c for c in sheet._charts if type(c).__name__ == "RadarChart")
    cell = sheet[radar.title.tx.strRef.f.split("!")[1].replace("$", "")]
    assert cell.value == hostile and cell.data_type == "s"
    with zipfile.ZipFile(out) as book:
        assert all("<f>" not in book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/"))


def test_the_review_page_writes_the_pdf_with_its_charts_on_a_worker(qtbot, db_path: Path, tmp_path, monkeypatch) -> None:
    """Review ▸ Export report ▸ PDF in a Japanese window: written on a worker (the SVG charts drawn there too), said
    done, with the three charts' labels in the file's text."""
    from app.ui import messages
    from tests.gui_helpers import close_window, finish_background_work, make_window, settle

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("review")
        settle(window)
        out = tmp_path / "レビュー.pdf"
        monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(out))
        errors: list[str] = []
        monkeypatch.setattr(messages, "show_error", lambda *a, **_k: errors.append(str(a[1:])))
        said: list[str] = []
        monkeypatch.setattr(messages, "show_info", lambda _parent, text, *_a, **_k: said.append(text))
        window.page("review").export(".pdf")
        qtbot.waitUntil(lambda: bool(said or errors), timeout=20000)
        finish_background_work()
        settle(window)
        assert not errors and said == [f"{out} に書き出しました"], (errors, said)  # nothing left out: the charts are in it
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, encoding="utf-8", check=True).stdout
        assert "Customer Expectation\n(顧客の期待)" in text and "要求分析の十分性\n" in text  # both radars' labels
    finally:
        close_window(window)
