"""Break-it 60a: the pages after the hearing (導入提案, 実験環境構築, データ基盤・CI, システム化計画, レビュー, 書き出し) in
the Japanese window on the demo, hostile typing, Undo/Redo, two windows, a killed window, and the documents they export.

Defects (xfail strict): the storage root / a location path / the MLflow URI take invisible and bidi characters
(U+200B, U+202E, U+00AD, U+FEFF) into paths, the README's ``aws s3 sync`` line, the datasets CSV, the pipeline config;
a UI language switch moves the システム化計画 page off the item being edited to 処理フロー.

Held: bad ``export`` arguments (one Japanese stderr line, exit 2, nothing written); script / img onerror / javascript:
links / tracking images typed into a proposal section, review evidence and the data-ci text boxes stay text in the
Markdown, HTML, PDF, the built MkDocs site and the wiki preview; formulas typed by the user are text cells in the
experiment sheet, system-plan and review workbooks; Undo/Redo of review evidence; storage root refusing a full-width
space and a pipe; two windows typing a text box, a combo box and a number box ask; typing on data-ci, experiment,
system planning and the proposal is back after SIGKILL; system-planning typing kept over a language switch.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.main import main


@pytest.fixture
def cli(demo, db_path: Path, capsys):
    """The CLI in-process on the demo database: (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(["--db", str(db_path), "--lang", "ja", *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "proposal", "--project", "999", "--out", "{t}/p.md"],
        ["export", "proposal", "--project", "1", "--out", "{t}/p.docx"],
        ["export", "proposal", "--project", "1", "--out", "{t}/nope/p.md"],
        ["export", "experiment-sheet", "--project", "1", "--out", "{t}/e.csv"],
        ["export", "system-plan", "--project", "1", "--out", "{t}/s.pdf"],
        ["export", "wiki", "--project", "1", "--out", "{t}/w", "--format", "foo"],
        ["export", "review", "--project", "1", "--out", "{t}/r.doc"],
    ],
)
def test_bad_export_arguments_say_one_japanese_line_and_exit_2(cli, tmp_path, argv) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = cli(*[a.format(t=out_dir) for a in argv])
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "error:" not in err.lower().split("エラー")[0]
    assert list(out_dir.iterdir()) == []


# --- the proposal: hostile typing reaches the exports ---------------------------------------------------------

HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> [見る](javascript:alert(1)) "
    "![追跡](http://evil.example/t.png) =cmd|' /C calc'!A0 😀 ゼロ\u200b幅 ＡＢＣ"
)


def type_into_section(window, qtbot, text: str, n: int = 0):
    from tests.gui_helpers import proposal_section, settle

    page, section_id, field = proposal_section(window, qtbot, n)
    field.selectAll()
    field.insertPlainText(text)
    settle(window)
    return page, section_id, field



def test_hostile_proposal_text_exports_as_text_in_md_html_and_pdf(qtbot, db_path, tmp_path) -> None:
    """Held: script, img onerror, a javascript: link and a tracking image typed into a section stay literal text."""
    import subprocess

    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    type_into_section(window, qtbot, HOSTILE)
    close_window(window)
    for ext in ("md", "html", "pdf"):
        assert main(["--db", str(db_path), "export", "proposal", "--project", "1", "--out", str(tmp_path / f"p.{ext}")]) == 0
    markdown = (tmp_path / "p.md").read_text(encoding="utf-8")
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    for text in (markdown, html):
        assert "<script" not in text and "<img" not in text and 'href="javascript' not in text and 'src="http://evil' not in text
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html and "ＡＢＣ" in html
    pdf = subprocess.run(["pdftotext", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "<script>alert('x')</script>" in pdf and "calc'!A0" in pdf


# --- the Data platform & CI page: the storage root goes into paths and sync commands ------------------------

INVISIBLE = {"zero-width space": "\u200b", "right-to-left override": "\u202e", "soft hyphen": "\u00ad", "BOM": "\ufeff"}


@pytest.mark.parametrize("char", list(INVISIBLE.values()), ids=list(INVISIBLE))
def test_storage_root_refuses_invisible_characters_as_it_refuses_a_space(japanese_window, qtbot, char) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.environment.service import EnvironmentService
    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "data-ci")
    field = page.findChild(QLineEdit, "field_storage_root")
    before = field.text()
    field.setFocus()
    field.selectAll()
    field.insert(f"s3://bucket{char}/poc")
    settle(window)
    stored = EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("storage_root")
    assert stored == before  # refused as 「s3://b x」 (a full-width space) is
    assert "ストレージのルート" in field.toolTip()


@pytest.mark.parametrize("char", ["\u200b", "\u202e"], ids=["zwsp", "rlo"])
def test_the_mlflow_uri_refuses_invisible_characters(japanese_window, qtbot, char) -> None:
    from PySide6.QtWidgets import QLineEdit

    from app.environment.service import EnvironmentService
    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "experiment")
    field = page.findChild(QLineEdit, "field_mlflow_uri")
    before = field.text()
    field.setFocus()
    field.selectAll()
    field.insert(f"http{char}://mlflow.poc.internal:5000")
    settle(window)
    assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("mlflow_uri") == before


def test_storage_root_refuses_a_full_width_space_and_a_formula(japanese_window, qtbot) -> None:
    """Held: the rule the test above expects for invisible characters, for a visible space and a pipe."""
    from PySide6.QtWidgets import QLineEdit

    from app.environment.service import EnvironmentService
    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "data-ci")
    field = page.findChild(QLineEdit, "field_storage_root")
    before = field.text()
    for text in ("s3://b\u3000x", "=cmd|' /C calc'!A0"):
        field.setFocus()
        field.selectAll()
        field.insert(text)
        settle(window)
        assert EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value("storage_root") == before
        assert "ストレージのルート" in field.toolTip() and "はここには使えません" in field.toolTip()


@pytest.mark.parametrize("char", ["\u200b", "\u202e"], ids=["zwsp", "rlo"])
def test_a_location_path_with_an_invisible_character_is_refused(char) -> None:
    from app.core.errors import UserError
    from app.environment.service import check_location

    with pytest.raises(UserError):
        check_location("生データ", "path", f"s3://bucket{char}/raw/")


# --- the workbooks: no formula from user text ------------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"


def test_experiment_sheet_and_system_plan_xlsx_keep_user_formulas_as_text(cli, workspace, tmp_path) -> None:
    import openpyxl

    from app.core import operations as ops
    from app.hearing import operations as hearing_ops
    from app.hearing.answers import AnswerService

    answers = AnswerService(workspace.db, workspace.library)
    sources = [dict(r) for r in answers.answer(1, "hearing.prereq.data_sources").value]
    sources[0]["name"] = FORMULA
    ops.run(workspace, hearing_ops.update_answer(1, "hearing.prereq.data_sources", value=sources))
    functions = [dict(r) for r in answers.answer(1, "system_planning.functions.list").value]
    functions[0]["function"] = "@SUM(A1:A9)"
    functions[0]["description"] = "+1-1 <script>alert(1)</script>"
    ops.run(workspace, hearing_ops.update_answer(1, "system_planning.functions.list", value=functions))
    ops.run(workspace, hearing_ops.update_answer(1, "system_planning.requirements.user", value='=HYPERLINK("http://evil","x")'))
    workspace.db.engine.dispose()
    for kind, name in (("experiment-sheet", "e.xlsx"), ("system-plan", "s.xlsx")):
        code, _out, err = cli("export", kind, "--project", "1", "--out", str(tmp_path / name))
        assert code == 0, err
    found = []
    for name in ("e.xlsx", "s.xlsx"):
        for sheet in openpyxl.load_workbook(tmp_path / name).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and any(m in cell.value for m in ("cmd|", "HYPERLINK", "@SUM", "+1-1")):
                        found.append((name, cell.data_type, cell.value))
    assert len(found) >= 4 and all(data_type == "s" for _n, data_type, _v in found), found




# --- システム化計画: a language switch keeps the item the user is on ----------------------------------------------


@pytest.mark.parametrize("where", ["on-the-page", "page-away"])
def test_a_language_switch_keeps_the_system_planning_item_shown(japanese_window, qtbot, where) -> None:
    from tests.gui_helpers import open_hearing_item, settle

    window = japanese_window
    item = "system_planning.requirements.user"
    open_hearing_item(window, qtbot, item)
    if where == "page-away":
        window.show_page("review")
        settle(window)
    window.set_ui_lang("en")
    settle(window)
    window.show_page("system-planning")
    settle(window)
    assert window.page("system-planning").editor.item_id == item


def test_a_language_switch_keeps_the_hearing_item_and_the_system_planning_item_over_a_page_switch(japanese_window, qtbot) -> None:
    """Held: the hearing page keeps its item over a language switch; system planning keeps its item over a page switch."""
    from tests.gui_helpers import open_hearing_item, settle

    window = japanese_window
    open_hearing_item(window, qtbot, "system_planning.requirements.user")
    window.show_page("review")
    settle(window)
    window.show_page("system-planning")
    settle(window)
    assert window.page("system-planning").editor.item_id == "system_planning.requirements.user"
    open_hearing_item(window, qtbot, "hearing.basics.background")
    window.set_ui_lang("en")
    settle(window)
    assert window.page("hearing").editor.item_id == "hearing.basics.background"


def test_typing_in_a_system_planning_item_is_saved_over_a_language_switch(japanese_window, qtbot) -> None:
    """Held: the typing (an input method's commit, emoji included) is stored when the language switches before its pause."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    from app.hearing.answers import AnswerService
    from tests.gui_helpers import open_hearing_item, settle

    window = japanese_window
    item = "system_planning.requirements.user"
    field = open_hearing_item(window, qtbot, item).editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    event = QInputMethodEvent()
    event.setCommitString("(切替前の追記😀)")
    QApplication.sendEvent(field, event)
    window.set_ui_lang("en")
    settle(window)
    answer = AnswerService(window.state.workspace.db, window.state.workspace.library).answer(window.state.project_id, item)
    assert str(answer.value).endswith("(切替前の追記😀)")


# --- レビュー: evidence typed in the table, undone, redone, exported -----------------------------------------------

EVIDENCE = "<script>alert(1)</script>[検証](javascript:alert(1)) =cmd|' /C calc'!A0 😀"


def test_review_evidence_undo_redo_and_exports_stay_text(qtbot, db_path, tmp_path) -> None:
    import subprocess

    import openpyxl
    from PySide6.QtWidgets import QTableView

    from tests.gui_helpers import close_window, make_window, settle
    from tests.test_review_page import cell, pick_value, stored

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("review")
        settle(window)
        page = window.page("review")
        pick_value(qtbot, window, "data.beneficial", "score", 0.5)
        index = page.model.index(page.model.row_of("data.beneficial"), page.model.column_of("text"))
        table = page.findChild(QTableView, "reviewItems")
        table.setCurrentIndex(index)
        table.edit(index)
        editor = table.focusWidget()
        editor.setText(EVIDENCE)
        table.commitData(editor)
        table.closeEditor(editor, table.itemDelegate().EndEditHint.NoHint)
        settle(window)
        assert stored(window, "ml_test_score", "data.beneficial").answer.evidence == EVIDENCE
        window.undo_action.trigger()
        settle(window)
        assert stored(window, "ml_test_score", "data.beneficial").answer.evidence != EVIDENCE
        assert cell(window, "data.beneficial", "text") != EVIDENCE
        window.redo_action.trigger()
        settle(window)
        assert stored(window, "ml_test_score", "data.beneficial").answer.evidence == EVIDENCE
        assert cell(window, "data.beneficial", "text") == EVIDENCE
    finally:
        close_window(window)
    for ext in ("md", "html", "pdf", "xlsx"):
        assert main(["--db", str(db_path), "export", "review", "--project", "1", "--out", str(tmp_path / f"r.{ext}")]) == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and 'href="javascript' not in html and "&lt;script&gt;" in html
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and not re.search(r"(?<!\\)\]\(javascript:", markdown)
    cells = [c for s in openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str) and "calc'!A0" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    pdf = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "alert(1)" in pdf



# --- two windows on one database, the Data platform & CI page ---------------------------------------------------


def _type_days(qtbot, page, text: str) -> None:
    from PySide6.QtWidgets import QAbstractSpinBox

    box = page.findChild(QAbstractSpinBox, "field_deletion_days")
    box.window().activateWindow()
    qtbot.waitUntil(box.window().isActiveWindow)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Tab)


def test_a_number_a_colleague_saved_since_is_asked_about_not_overwritten(qtbot, db_path, monkeypatch) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.environment.service import EnvironmentService
    from tests.conftest import answer_conflict
    from tests.gui_helpers import environment_page, settle, two_windows

    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: asked.append(d) or answer_conflict("theirs")(d))
    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        page_a, page_b = environment_page(a, qtbot, "data-ci"), environment_page(b, qtbot, "data-ci")
        b.watcher.timer.stop()  # B types before it looks at the database again

        def stored():
            return EnvironmentService(a.state.workspace).choices(a.state.project_id, "ja").value("deletion_days")

        assert stored() == 30
        _type_days(qtbot, page_a, "45")
        settle(a)
        assert stored() == 45
        _type_days(qtbot, page_b, "60")
        settle(b)
        assert len(asked) == 1, f"not asked; stored {stored()}"  # held: asked
        assert stored() == 45  # "theirs" chosen


def test_text_and_choice_a_colleague_saved_since_are_asked_about(qtbot, db_path, monkeypatch) -> None:
    """Held: the deletion plan (a text box) and the storage (a combo box) typed over a colleague's change ask."""
    from PySide6.QtWidgets import QComboBox, QPlainTextEdit

    import app.ui.window.conflict_dialog as conflict_dialog
    from app.environment.service import EnvironmentService
    from tests.conftest import answer_conflict
    from tests.gui_helpers import environment_page, settle, two_windows

    asked: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: asked.append(d) or answer_conflict("theirs")(d))
    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        page_a, page_b = environment_page(a, qtbot, "data-ci"), environment_page(b, qtbot, "data-ci")
        b.watcher.timer.stop()

        def stored(field_id):
            return EnvironmentService(a.state.workspace).choices(a.state.project_id, "ja").value(field_id)

        for box, text in ((page_a.findChild(QPlainTextEdit, "field_deletion_plan"), "Aの計画"),
                          (page_b.findChild(QPlainTextEdit, "field_deletion_plan"), "Bの計画")):
            box.setFocus()
            box.selectAll()
            box.insertPlainText(text)
            settle(box.window())
        assert len(asked) == 1 and stored("deletion_plan") == "Aの計画"
        page_a.findChild(QComboBox, "field_storage").setCurrentIndex(1)
        settle(a)
        chosen = stored("storage")
        page_b.findChild(QComboBox, "field_storage").setCurrentIndex(2)
        settle(b)
        assert len(asked) == 2 and stored("storage") == chosen



# --- a window process killed (SIGKILL) mid-typing on the pages after the hearing ----------------------------------

KILLED_CHILD = r'''
import argparse, sys, time
sys.path.insert(0, {repo!r})
import app.features  # noqa
from app.core.kinds import use_pdf_writer
from app.main import write_pdf
use_pdf_writer(write_pdf)
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QLineEdit
for _name in ("warning", "information", "critical", "question"):
    setattr(QMessageBox, _name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
from app.ui.app import build_window

def pump(s):
    end = time.monotonic() + s
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)

def ime(field, text):
    e = QInputMethodEvent(); e.setCommitString(text); QApplication.sendEvent(field, e)

args = argparse.Namespace(db={db!r}, global_lang="ja", global_project=None, page=None, screenshot=None)
_app, window = build_window(args)
window.show(); pump(0.5)
window.show_page("data-ci"); pump(0.8)
plan = window.page("data-ci").findChild(QPlainTextEdit, "field_deletion_plan")
plan.setFocus(); plan.moveCursor(plan.textCursor().MoveOperation.End); ime(plan, "(殺される前の削除計画😀)"); pump(0.2)
window.show_page("experiment"); pump(0.8)
fw = window.page("experiment").findChild(QLineEdit, "field_frameworks")
fw.setFocus(); fw.end(False); ime(fw, "、ＪＡＸ"); pump(0.2)
window.show_page("system-planning"); pump(0.5)
page = window.page("system-planning"); page.select_item("system_planning.requirements.user"); pump(0.5)
field = page.editor.editors["value"].edit
field.setFocus(); field.moveCursor(field.textCursor().MoveOperation.End); ime(field, "(殺される前のシステム化計画)"); pump(1.5)
window.show_page("proposal"); pump(0.8)
prop = window.page("proposal")
section = list(prop.sections.editors)[1]
edit = prop.sections.editor(section).edit
edit.setFocus(); edit.moveCursor(edit.textCursor().MoveOperation.End); ime(edit, "(直後に殺される追記)"); pump(0.05)
print("READY", section, flush=True)
while True:
    pump(1)
'''


def test_a_window_killed_after_typing_on_data_ci_experiment_and_system_planning_keeps_it(qtbot, db_path, tmp_path) -> None:
    import os
    import select
    import signal
    import subprocess
    import sys

    from app.environment.service import EnvironmentService
    from app.hearing.answers import AnswerService
    from tests.conftest import REPO, copy_database
    from tests.gui_helpers import _first_start_database, close_window, make_window, settle

    copy_database(_first_start_database("ja"), db_path)
    script = tmp_path / "child.py"
    script.write_text(KILLED_CHILD.format(repo=str(REPO), db=str(db_path)), encoding="utf-8")
    err = tmp_path / "child.err"
    with err.open("w") as errors:
        child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=errors, text=True,
                                 env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=str(REPO))
        try:
            ready, _w, _x = select.select([child.stdout], [], [], 40)
            line = child.stdout.readline() if ready else ""
            assert line.startswith("READY"), (line, err.read_text())
            section = line.split()[1]
            os.kill(child.pid, signal.SIGKILL)
            child.wait(10)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait(10)
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        settle(again)
        values = EnvironmentService(again.state.workspace).choices(again.state.project_id, "ja")
        assert str(values.value("deletion_plan")).endswith("(殺される前の削除計画😀)")
        assert str(values.value("frameworks")).endswith("、ＪＡＸ")
        answer = AnswerService(again.state.workspace.db, again.state.workspace.library).answer(again.state.project_id, "system_planning.requirements.user")
        assert str(answer.value).endswith("(殺される前のシステム化計画)")
        from tests.test_breaker53k import stored_section

        qtbot.waitUntil(lambda: stored_section(again, section).endswith("(直後に殺される追記)"), timeout=10000)
    finally:
        close_window(again)



# --- the wiki: Markdown typed into the Data platform & CI page's text boxes, built by MkDocs ----------------------

WIKI_HOSTILE = (
    "# 見出しの乗っ取り\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n"
    "[クリック](javascript:alert(3)) ![t](http://evil.example/t.png) <a href=\"http://evil.example\">x</a>\n"
    "<details open><summary>隠し</summary>中身</details>\n```\ncode\n```\n| a | b |\n|---|---|\n=cmd|' /C calc'!A0 😀"
)


def test_markdown_typed_in_data_ci_text_boxes_is_text_in_the_built_mkdocs_site(workspace, demo, tmp_path) -> None:
    pytest.importorskip("mkdocs")
    from app.environment.service import EnvironmentService
    from app.environment.wiki_export import export_wiki
    from tests.test_mkdocs_build import build

    service = EnvironmentService(workspace)
    service.set_value(demo.id, "deletion_plan", WIKI_HOSTILE)
    service.set_value(demo.id, "personal_info_rule", WIKI_HOSTILE)
    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "ja", "mkdocs")
    site = build(out)
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    hit = [p for p in pages if "見出しの乗っ取り" in p]
    assert hit
    for page in hit:
        tags = _live_tags(page)
        assert "<script>alert(1)</script>" not in page and not [t for t in tags if t[0] in ("details", "summary")], tags
        assert not [t for t in tags if any(v and ("javascript:" in v or "evil.example" in v) for _k, v in t[1])], tags
        assert not [t for t in tags if any(k.startswith("on") for k, _v in t[1])], tags
        assert "<h1" not in page.split("見出しの乗っ取り")[0][-200:]


def _live_tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found: list = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Tags().feed(page)
    return found


def test_the_wiki_preview_shows_typed_html_as_text(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    from tests.gui_helpers import environment_page, settle

    window = japanese_window
    page = environment_page(window, qtbot, "data-ci")
    box = page.findChild(QPlainTextEdit, "field_deletion_plan")
    box.setFocus()
    box.selectAll()
    box.insertPlainText(WIKI_HOSTILE)
    settle(window)
    browser = page.preview.browser
    shown = ""
    for row in range(page.preview.page_list.count()):
        page.preview.page_list.setCurrentRow(row)
        settle(window)
        if "見出しの乗っ取り" in browser.toPlainText():
            shown = browser.toHtml()
            break
    assert shown, "the typed plan is not in any preview page"
    tags = _live_tags(shown)
    assert not [t for t in tags if t[0] in ("img", "script", "details")], tags
    assert not [t for t in tags if any(v and "javascript:" in v for _k, v in t[1])], tags  # (a bare URL is linked, as on GitHub)
    assert "<script>alert(1)</script>" in browser.toPlainText()




