"""Trying to break the kickoff proposal, its exports and project files as a Japanese consultant would,
in front of the customer (breaker16g).

The xfail tests are defects found (strict: they fail now); the others held and add coverage."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit

from app.core import paths
from app.core.documents import DocumentService
from app.core.projects import ProjectService
from app.main import main
from app.proposal.service import ProposalService
from tests.gui_helpers import close_window, make_window

HOSTILE = (
    "<script>alert(1)</script>\n"
    "<img src=x onerror=alert(2)>\n"
    "[x](javascript:alert(3))\n"
    '=HYPERLINK("http://evil.example","c")\n'
    "家族👨\u200d👩\u200d👧\u200d👦と𠮷野家"
)


def cli(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), "--lang", "ja", *args])


def stored_texts(window, project_id: int) -> dict:
    return ProposalService(DocumentService(window.state.workspace.db)).load(project_id).texts


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext is needed (Debian: poppler-utils)"
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("proposal")
    page = win.page("proposal")
    qtbot.waitUntil(lambda: page.preview.shown_generation > 0, timeout=5000)
    yield win
    close_window(win)


def type_at_end(edit: QPlainTextEdit, text: str) -> None:
    """Typing as an input method commits it (keyClicks cannot type Japanese)."""
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertPlainText(text)


# --- the proposal page in Japanese ----------------------------------------------------------------------


def test_hostile_text_typed_in_japanese_comes_out_inert_in_every_format(qtbot, db_path, tmp_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("proposal")
    qtbot.waitUntil(lambda: window.page("proposal").preview.shown_generation > 0, timeout=5000)
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.setPlainText(HOSTILE)
    pid = window.state.project_id
    qtbot.waitUntil(lambda: stored_texts(window, pid).get("purpose", {}).get("ja") == HOSTILE, timeout=5000)
    assert "保存" in window.findChild(QLabel, "saveState").text()
    close_window(window)
    for suffix in ("md", "html", "pdf"):
        assert (
            cli(db_path, "export", "proposal", "--project", str(pid), "--out", str(tmp_path / f"p.{suffix}"))
            == 0
        ), suffix
    markdown = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "<script" not in markdown and "<img" not in markdown and "\\[x\\](javascript:" in markdown
    assert "\n=HYPERLINK" not in markdown and "家族👨\u200d👩\u200d👧\u200d👦と𠮷野家" in markdown
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert (
        "<script" not in page.lower()
        and "<img" not in page.lower()
        and 'href="javascript' not in page.lower()
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "𠮷野家" in page
    text = pdf_text(tmp_path / "p.pdf")
    assert "<script>alert(1)</script>" in text and "[x](javascript:alert(3))" in text
    assert '=HYPERLINK("http://evil.example","c")' in text and "野家" in text


@pytest.mark.xfail(
    strict=True,
    reason="upstream (Qt's PDF writer, PySide6 6.11): a character outside the BMP (𠮷, JIS X 0213) is drawn but left out "
    "of the PDF's text layer, so 𠮷田商事 is found and copied as 「 田商事」 (README, Printouts: a known limit)",
)
def test_a_kanji_outside_the_bmp_can_be_found_in_the_pdf(db_path, tmp_path, capsys) -> None:
    assert cli(db_path, "project", "new", "画像検索PoC", "--customer", "𠮷田商事", "--lang", "ja") == 0
    pid = capsys.readouterr().out.split()[-1]
    assert cli(db_path, "export", "proposal", "--project", pid, "--out", str(tmp_path / "p.pdf")) == 0
    text = pdf_text(tmp_path / "p.pdf")
    assert "田商事" in text  # the customer is on the title page
    assert "𠮷田商事" in text


def test_what_is_typed_survives_switching_project_and_page_mid_burst(window, qtbot) -> None:
    pid = window.state.project_id
    other = ProjectService(window.state.workspace.db).create("別案件")
    type_at_end(window.findChild(QPlainTextEdit, "section_background"), "途中まで")
    window.open_project(other.id)  # before the burst of typing is saved
    assert not window.findChild(QPlainTextEdit, "section_background").toPlainText().endswith("途中まで")
    assert stored_texts(window, pid)["background"]["ja"].endswith("途中まで")
    window.open_project(pid)
    type_at_end(window.findChild(QPlainTextEdit, "section_background"), "、ページ切替")
    window.show_page("hearing")
    assert stored_texts(window, pid)["background"]["ja"].endswith("途中まで、ページ切替")
    window.show_page("proposal")
    assert (
        window.findChild(QPlainTextEdit, "section_background").toPlainText().endswith("途中まで、ページ切替")
    )
    assert not stored_texts(window, other.id)


def test_a_single_10000_character_line_is_saved_and_undone_as_one_step(window, qtbot) -> None:
    pid = window.state.project_id
    edit = window.findChild(QPlainTextEdit, "section_principles")
    before = edit.toPlainText()
    edit.setFocus()
    edit.setPlainText("長" * 10_000)
    qtbot.waitUntil(
        lambda: len(stored_texts(window, pid).get("principles", {}).get("ja", "")) == 10_000, timeout=5000
    )
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: edit.toPlainText() == before, timeout=5000)
    assert "principles" not in stored_texts(window, pid)


def test_an_over_long_section_is_refused_naming_the_section(qtbot, db_path, monkeypatch) -> None:
    shown: list[str] = []

    def box(_parent, title, text, *_a, **_k):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(box))
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes),
    )
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("proposal")
    qtbot.waitUntil(lambda: window.page("proposal").preview.shown_generation > 0, timeout=5000)
    pid = window.state.project_id
    edit = window.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.setPlainText("あ" * 100_001)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    kept = len(edit.toPlainText())
    saved = stored_texts(window, pid)
    close_window(window)  # closing keeps what was not saved on disk for the next start: nothing to ask
    assert not asked
    assert any("あ" * 100_001 in path.read_text(encoding="utf-8") for path in paths.drafts_dir().glob("*/*.json"))
    assert kept == 100_001  # what was pasted stays in the form
    assert "purpose" not in saved
    assert all("MLOps導入の目的" in text and "texts." not in text for text in shown), shown


# --- exports from the command line, in Japanese ---------------------------------------------------------


def one_japanese_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert re.search(r"[ぁ-んァ-ン一-龥]", lines[0]), lines[0]
    return lines[0]


@pytest.mark.parametrize(
    ("make", "kind", "suffix"),
    [
        (lambda d: d / "無い" / "p.pdf", "proposal", "pdf"),
        (lambda d: d / "a-file" / "p.md", "proposal", "md"),
        (lambda d: d / "folder.html", "proposal", "html"),
        (lambda d: d / "p.docx", "proposal", "docx"),
        (lambda d: d / "a-file" / "wiki", "wiki", ""),
        (lambda d: d / "無い" / "sheet.xlsx", "hearing-sheet", "xlsx"),
    ],
)
def test_a_bad_place_gives_one_japanese_line_exit_2_and_writes_nothing(
    demo, workspace, db_path, tmp_path, capsys, make, kind, suffix
) -> None:
    workspace.close()
    folder = tmp_path / "出力"
    folder.mkdir()
    (folder / "a-file").write_text("x")
    (folder / "folder.html").mkdir()
    before = sorted(p.name for p in folder.rglob("*"))
    assert cli(db_path, "export", kind, "--project", str(demo.id), "--out", str(make(folder))) == 2
    out = capsys.readouterr()
    one_japanese_line(out.err)
    assert sorted(p.name for p in folder.rglob("*")) == before


def test_an_export_over_an_existing_file_replaces_it_whole(demo, workspace, db_path, tmp_path) -> None:
    workspace.close()
    folder = tmp_path / "出力"
    folder.mkdir()
    target = folder / "提案書.html"
    target.write_text("古い版")
    assert cli(db_path, "export", "proposal", "--project", str(demo.id), "--out", str(target)) == 0
    page = target.read_text(encoding="utf-8")
    assert "古い版" not in page and page.rstrip().endswith("</html>")
    assert sorted(p.name for p in folder.iterdir()) == ["提案書.html"]


def test_japanese_documents_write_dates_as_2026_12_21(demo, workspace, db_path, tmp_path) -> None:
    workspace.close()
    for kind, name in (
        ("proposal", "p.md"),
        ("minutes", "m.md"),
        ("followups", "f.md"),
        ("system-plan", "s.md"),
    ):
        assert cli(db_path, "export", kind, "--project", str(demo.id), "--out", str(tmp_path / name)) == 0
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), (
            kind,
            re.findall(r"\b20\d\d-\d\d-\d\d\b", text)[:3],
        )


def test_a_too_long_japanese_file_name_gives_one_japanese_line(
    demo, workspace, db_path, tmp_path, capsys
) -> None:
    workspace.close()
    folder = tmp_path / "出力"
    folder.mkdir()
    name = (
        "株式会社サンプル商事様_類似画像検索PoC_キックオフ導入提案書_" * 3 + ".md"
    )  # 105 characters, 313 bytes
    assert cli(db_path, "export", "proposal", "--project", str(demo.id), "--out", str(folder / name)) == 2
    one_japanese_line(capsys.readouterr().err)
    assert list(folder.iterdir()) == []


# --- project files ---------------------------------------------------------------------------------------


@pytest.fixture
def project_file(demo, workspace, db_path, tmp_path) -> tuple[int, Path]:
    workspace.close()
    out = tmp_path / "案件.json"
    assert cli(db_path, "project", "export", str(demo.id), "--out", str(out)) == 0
    return demo.id, out


def project_count(db_path: Path, capsys) -> int:
    capsys.readouterr()
    assert main(["--db", str(db_path), "projects", "list", "--json"]) == 0
    return len(json.loads(capsys.readouterr().out))


def test_a_project_file_comes_back_with_every_pages_data(project_file, db_path, tmp_path, capsys) -> None:
    pid, path = project_file
    capsys.readouterr()
    assert cli(db_path, "project", "import", str(path)) == 0
    new_id = int(capsys.readouterr().out.split()[-1])
    again = tmp_path / "again.json"
    assert cli(db_path, "project", "export", str(new_id), "--out", str(again)) == 0
    first, second = (
        json.loads(path.read_text(encoding="utf-8")),
        json.loads(again.read_text(encoding="utf-8")),
    )
    assert (
        len(first["sessions"]) == len(second["sessions"]) and first["parts"].keys() == second["parts"].keys()
    )
    assert [a["value"] for a in first["answers"]] == [a["value"] for a in second["answers"]]
    assert {d["kind"]: d["data"] for d in first["documents"]} == {
        d["kind"]: d["data"] for d in second["documents"]
    }
    assert cli(db_path, "export", "proposal", "--project", str(pid), "--out", str(tmp_path / "p1.md")) == 0
    assert cli(db_path, "export", "proposal", "--project", str(new_id), "--out", str(tmp_path / "p2.md")) == 0
    assert (tmp_path / "p1.md").read_text(encoding="utf-8").split("\n", 1)[1] == (
        tmp_path / "p2.md"
    ).read_text(encoding="utf-8").split("\n", 1)[1]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(schema_version=99),
        lambda d: d["project"].update(name=123),
        lambda d: d["project"].update(start_date="2026-13-45"),
        lambda d: d.update(answers="oops"),
        lambda d: d["parts"].update(wbs=[1, 2]),
    ],
    ids=["newer", "name-number", "bad-date", "answers-text", "wbs-list"],
)
def test_a_spoilt_project_file_is_refused_in_one_japanese_line(project_file, db_path, capsys, spoil) -> None:
    _pid, path = project_file
    data = json.loads(path.read_text(encoding="utf-8"))
    spoil(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    count = project_count(db_path, capsys)
    assert cli(db_path, "project", "import", str(path)) == 2
    one_japanese_line(capsys.readouterr().err)
    assert project_count(db_path, capsys) == count


def test_a_truncated_project_file_is_refused(project_file, db_path, capsys) -> None:
    _pid, path = project_file
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    count = project_count(db_path, capsys)
    assert cli(db_path, "project", "import", str(path)) == 2
    assert "何も取り込んでいません" in one_japanese_line(capsys.readouterr().err)
    assert project_count(db_path, capsys) == count


def test_an_answer_value_of_the_wrong_type_is_refused(project_file, db_path, capsys, tmp_path) -> None:
    _pid, path = project_file
    data = json.loads(path.read_text(encoding="utf-8"))
    data["answers"][0]["value"] = {"weird": [1, 2]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    count = project_count(db_path, capsys)
    rc = cli(db_path, "project", "import", str(path))
    out_err = capsys.readouterr()
    err = out_err.err
    if rc == 0:
        new_id = int(out_err.out.split()[-1])
        out = tmp_path / "f.md"
        cli(db_path, "export", "followups", "--project", str(new_id), "--out", str(out))
        assert "'weird'" not in out.read_text(encoding="utf-8")
    assert rc == 2
    one_japanese_line(err)
    assert project_count(db_path, capsys) == count
