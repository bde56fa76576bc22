"""The export report (issue 19): every export says what it wrote and what its format could not
carry; ``--report F.json`` on every kind; the CLI line in Japanese and English."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import features
from app.main import main

NS = {"p": "http://schemas.microsoft.com/project"}


@pytest.fixture
def cli(db_path: Path, capsys, demo):
    """The CLI in-process on a copy of the Japanese demo: (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _outputs() -> list[tuple[str, str]]:
    """Every kind with every output it writes (a folder kind: a new folder)."""
    return [(kind.name, suffix) for kind in features.export_kinds() for suffix in (kind.suffixes or ("",))]


@pytest.mark.parametrize(("name", "suffix"), _outputs())
def test_report_json_for_every_kind(cli, tmp_path: Path, name: str, suffix: str) -> None:
    out, report = tmp_path / f"out-{name}{suffix}", tmp_path / "report.json"
    code, stdout, stderr = cli("--lang", "en", "export", name, "--project", "1", "--out", str(out), "--report", str(report))
    assert code == 0, stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["kind"] == name and data["lang"] == "en"
    assert data["written"] and all(Path(p).exists() for p in data["written"])
    assert stdout.strip() == f"wrote {data['written'][0]}"  # stdout unchanged: scripts read the path
    assert stderr.startswith(f"wrote {Path(data['written'][0]).name} (")
    declared = features.EXPORTS[name].dropped(out, dict(features.EXPORTS[name].defaults))
    assert [d["field"] for d in data["dropped"]] == [d.field for d in declared]
    for entry in data["dropped"]:
        assert entry["label"] and entry["why"] and entry["field"]
        assert ("kept_as" in entry) == bool(entry.get("kept_as_field"))


def test_mspdi_report_names_the_completion_condition_kept_in_notes(cli, tmp_path: Path, workspace) -> None:
    from app.wbs.service import WbsService

    out, report = tmp_path / "wbs.xml", tmp_path / "r.json"
    assert cli("export", "mspdi", "--project", "1", "--out", str(out), "--report", str(report))[0] == 0
    dropped = {d["field"]: d for d in json.loads(report.read_text(encoding="utf-8"))["dropped"]}
    assert dropped["completion_condition"]["label"] == "完了条件"
    assert dropped["completion_condition"]["kept_as_field"] == "notes"
    assert dropped["origin"].get("kept_as") is None  # not in the file at all
    assert "phase" not in dropped and "agreed" not in dropped  # (Project's custom fields: Text1, Flag1)
    # ... and the file really carries it in the task's Notes, and the hearing answers a task came from nowhere
    task = next(t for t in WbsService(workspace.db).tree(1).walk() if t.completion_condition)
    element = next(e for e in ET.parse(out).getroot().iter(f"{{{NS['p']}}}Task") if e.findtext("p:UID", namespaces=NS) == str(task.uid))
    assert f"完了条件: {task.completion_condition}" in element.findtext("p:Notes", namespaces=NS)
    origin = task.origin.answers[0]["item"] if task.origin.answers else task.origin.rule_id
    assert origin and not any(origin in (e.text or "") for e in element.iter())


def test_tracker_csv_report_names_the_outline_and_the_predecessors(cli, tmp_path: Path, workspace) -> None:
    from app.wbs.model import format_links
    from app.wbs.service import WbsService

    out, report = tmp_path / "wbs.csv", tmp_path / "r.json"
    assert cli("--lang", "en", "export", "tracker-csv", "--project", "1", "--out", str(out), "--report", str(report))[0] == 0
    dropped = {d["field"]: d for d in json.loads(report.read_text(encoding="utf-8"))["dropped"]}
    assert dropped["parent_id"]["label"] == "Outline (parent task)" and "flat issues" in dropped["parent_id"]["why"]
    assert dropped["parent_id"]["kept_as"] == "WBS and Parent WBS columns"
    assert dropped["dependencies"]["kept_as"] == "Description" and dropped["dependencies"]["label"] == "Predecessors"
    assert {name: dropped[name]["kept_as_field"] for name in ("not_before", "agreed", "agreed_on")} == dict.fromkeys(("not_before", "agreed", "agreed_on"), "description")
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines(True)))
    assert "WBS" in rows[0] and "Parent WBS" in rows[0] and not any("predecessor" in h.lower() for h in rows[0])
    # ... and each issue's description says what its task waits for, when it may start, and what the customer agreed
    tree = WbsService(workspace.db).tree(1)
    by_uid = tree.by_uid()
    linked = [row for row in rows if by_uid[int(row["Task ID"])].dependencies]
    assert len(linked) > 20
    for row in linked:
        assert f"先行タスク: {format_links(by_uid[int(row['Task ID'])].dependencies, tree)}" in row["Description"]
    # (in the project's language, Japanese: the window's --lang en is not the document's)
    held = next(row for row in rows if by_uid[int(row["Task ID"])].not_before)
    assert f"開始可能日: {by_uid[int(held['Task ID'])].not_before:%Y/%m/%d}" in held["Description"]
    agreed = next(row for row in rows if by_uid[int(row["Task ID"])].agreed_on)
    assert f"顧客合意: はい ({by_uid[int(agreed['Task ID'])].agreed_on:%Y/%m/%d})" in agreed["Description"]
    assert not any("顧客合意" in row["Description"] for row in rows if not by_uid[int(row["Task ID"])].agreed)


def test_the_cli_line_in_japanese_and_english(cli, tmp_path: Path) -> None:
    out = tmp_path / "wbs.csv"
    code, stdout, stderr = cli("--lang", "ja", "export", "tracker-csv", "--project", "1", "--out", str(out))
    assert code == 0 and stdout.strip() == f"{out} に書き出しました"
    assert stderr.startswith("書き出しました: wbs.csv(形式上そのままでは入らない項目 8 件: 階層(親タスク)(→ WBS・親WBS列)、")
    assert "先行タスク" in stderr
    code, stdout, stderr = cli("--lang", "en", "export", "tracker-csv", "--project", "1", "--out", str(out))
    assert stderr.startswith("wrote wbs.csv (fields the format cannot hold as they are, 8: Outline (parent task) (-> WBS and Parent WBS columns), ")
    assert "Predecessors" in stderr
    code, stdout, stderr = cli("--lang", "en", "export", "minutes", "--project", "1", "--out", str(tmp_path / "m.md"))
    assert stderr.strip() == "wrote m.md (nothing the document shows was left out by the format)"


def test_a_report_in_a_missing_folder_is_a_user_error(cli, tmp_path: Path) -> None:
    code, _, stderr = cli("--lang", "en", "export", "minutes", "--project", "1", "--out", str(tmp_path / "m.md"), "--report", str(tmp_path / "no" / "r.json"))
    assert code == 2 and "error" in stderr.lower()


def test_the_exports_page_shows_the_report(qtbot, db_path: Path, monkeypatch, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel, QPushButton

    from app.ui import messages
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="en", page="exports")
    try:
        target = tmp_path / "issues.csv"
        monkeypatch.setattr(messages, "save_file", lambda *a: str(target))
        window.show_page("exports")
        qtbot.mouseClick(window.findChild(QPushButton, "export_tracker-csv"), Qt.MouseButton.LeftButton)
        report = window.findChild(QLabel, "exportReport")
        qtbot.waitUntil(lambda: "Predecessors" in report.text(), timeout=15000)
        lines = report.text().splitlines()
        assert window.page("exports").result_label.text() == f"Wrote {target}"
        assert lines[0] == "What the format cannot hold as it is:" and len(lines) == 1 + 8
        assert "・ Predecessors (-> Description): Issue-tracker CSV has no field for it" in lines
        assert any(line.startswith("・ Outline (parent task) (-> WBS and Parent WBS columns): an issue tracker") for line in lines)
        assert target.exists()
    finally:
        close_window(window)


@pytest.mark.parametrize(
    ("kind", "typed", "written"),
    [
        ("wbs", "WBS顧客提出", "WBS顧客提出.xlsx"),  # typed in a save dialog without its ending
        ("wbs", "plan v1.2", "plan v1.2.xlsx"),  # ".2" is no file ending
        ("wbs", "2026.12.21版", "2026.12.21版.xlsx"),
        ("wbs", "WBS.XLSX", "WBS.XLSX"),
        ("wbs", "report.pdf", "report.pdf"),  # another document's ending: left for check_suffix to refuse
        ("proposal", "提案書", "提案書.md"),
        ("wiki", "wiki", "wiki"),  # a folder
    ],
)
def test_a_name_typed_without_its_ending_gets_the_formats(kind: str, typed: str, written: str) -> None:
    from app.core.kinds import with_suffix

    assert with_suffix(features.EXPORTS[kind], Path(typed)).name == written
    assert with_suffix(features.EXPORTS["review"], Path("レビュー"), ".pdf").name == "レビュー.pdf"


def test_what_the_writing_notes_joins_that_exports_report_only(tmp_path: Path) -> None:
    """The PDF writer's characters drawn as boxes (app/ui/pdf.py) reach the report of the export that
    wrote them, by place (the heading; before the first one, the top of the first page)."""
    from app.core.kinds import ExportKind, note_unshown_characters, run_export

    def export(ws, project_id, out, lang, options) -> Path:
        note_unshown_characters([("1. 背景", "🚀✅"), ("", "🎉")])
        return out

    note_unshown_characters([("1. 背景", "🚀")])  # no export running: nothing to add it to, nothing kept
    kind = ExportKind(name="k", title={}, help="", suffixes=(".pdf",), export=export)
    report = run_export(kind, None, 1, tmp_path / "a.pdf", "ja", {})  # type: ignore[arg-type]
    assert [(d.field, d.label.get("ja"), d.label.get("en")) for d in report.dropped] == [
        ("pdf_glyphs.1", "🚀✅(1. 背景)", "🚀✅ (1. 背景)"),
        ("pdf_glyphs.2", "🎉(1 ページ目の冒頭)", "🎉 (the top of the first page)"),
    ]
    assert report.line("ja") == "書き出しました: a.pdf(形式上そのままでは入らない項目 2 件: 🚀✅(1. 背景)・🎉(1 ページ目の冒頭)(→ □(PDF のフォントにない文字)))"
    again = run_export(ExportKind(name="k", title={}, help="", suffixes=(".pdf",), export=lambda *a: tmp_path / "b.pdf"), None, 1, tmp_path / "b.pdf", "ja", {})  # type: ignore[arg-type]
    assert again.dropped == []


def test_the_pdf_writer_finds_boxes_by_heading_as_qt_draws() -> None:
    """Each distinct character laid out by Qt with the document's font and its fallbacks: plain
    Japanese, half-width katakana and the app's own bars have glyphs; a character no font has is
    named under its heading. Skipped where an emoji font is installed (then 🚀 has a glyph)."""
    import shutil
    import subprocess

    if not shutil.which("fc-list") or subprocess.run(["fc-list", ":charset=1f680"], capture_output=True, text=True).stdout.strip():
        pytest.skip("an emoji font is installed here (or fontconfig is not): the PDF can draw 🚀")
    from PySide6.QtGui import QTextDocument

    from app.ui.pdf import document_font, ensure_gui_application, unshown_characters

    ensure_gui_application()
    document = QTextDocument()
    document.setDefaultFont(document_font())
    document.setHtml("<p>前置き 🎉</p><h1>題 ﾊﾝｶｸ</h1><p>日本語 █░ ①※—…</p><h2>1. 背景</h2><table><tr><td>商品 🚀 と 🚀</td></tr></table>"
                     "<h3>次の節</h3><p>\u00a0日本\u3000語</p>")
    assert unshown_characters(document) == [("", "🎉"), ("1. 背景", "🚀")]
    document.setHtml("<h1>題</h1><p>日本語 ﾊﾝｶｸ █░ ①※—… 本案件</p>")
    assert unshown_characters(document) == []


def test_mspdi_report_names_tasks_dated_where_ms_project_cannot_open_them(cli, tmp_path: Path, workspace) -> None:
    """Microsoft Project holds 1984-2149; the app plans up to 2199: the file is written as planned and the report says
    which tasks Project may refuse, in the user's language; a plan inside the range says nothing of it."""
    import datetime as dt

    from app.wbs.service import WbsService

    out = tmp_path / "wbs.xml"
    code, _out, err = cli("--lang", "ja", "export", "mspdi", "--project", "1", "--out", str(out))
    assert code == 0 and "Microsoft Project が扱える日付" not in err, err
    service = WbsService(workspace.db)
    tree = service.tree(1)
    late = next(t for t in tree.walk() if not tree.has_children(t.id))
    service.update(1, [late.id], not_before=dt.date(2150, 1, 6))
    task = f"{tree.codes[late.id]} {late.title}"
    report = tmp_path / "r.json"
    code, _out, err = cli("--lang", "ja", "export", "mspdi", "--project", "1", "--out", str(out), "--report", str(report))
    assert code == 0 and f"MS Project の範囲外の日付({task})" in err, err
    why = {d["field"]: d["why"] for d in json.loads(report.read_text(encoding="utf-8"))["dropped"]}["project_dates"]
    assert why.startswith(f"Microsoft Project が扱える日付は 1984/01/01〜2149/12/31 です。この範囲外の日付を持つタスクが 1 件あり(最初: {task})"), why
    code, _out, err = cli("--lang", "en", "export", "mspdi", "--project", "1", "--out", str(out), "--report", str(report))
    assert code == 0 and f"Dates outside Microsoft Project's ({task})" in err, err
    why = {d["field"]: d["why"] for d in json.loads(report.read_text(encoding="utf-8"))["dropped"]}["project_dates"]
    assert why.startswith(f"Microsoft Project holds dates from 1984-01-01 to 2149-12-31: 1 task is dated outside them (the first: {task})"), why
    assert "2150-01-06" in out.read_text(encoding="utf-8")  # written as planned
