"""breaker47a: the Hearing page (ヒアリング) and the Kickoff proposal page (導入提案) as a Japanese MLOps
consultant in front of a customer, Japanese UI (real widgets by objectName, text sent as key events, Edit ▸ Undo /
Redo and Ctrl+Z / Ctrl+Shift+Z); exports read back with openpyxl, pdftotext and QTextDocument; scratch under
/tmp/breaker47a/.

Tried: every kind of answer typed then undone and redone (text, number, date, table cell via F2, a row added with
Alt+N, the note, 回答者, a status, follow-up owner / due / done, a hypothesis typed, confirmed, corrected), through the
Edit menu and the field's own keys, in the page and in interview mode; bad values (2026/02/30 in a date answer and in
a table's date cell, 9999/12/31, 0001/01/01, 1e400, nan, 0x10, 1_000, 15+ digits, ３人, 令和8年2月3日, a 40,000 and a
100,004-character paste in a proposal section, a problem cell and a hearing answer); emoji / 𠮷 / ESC / BEL / VT,
=HYPERLINK(...), <script>, Markdown syntax in answers, notes, table cells, section texts and problem rows; the
minutes (as the Sessions dialog previews them), the hearing sheet (and read back untouched), the proposal
.md/.html/.pdf; a Start session dialog with a huge attendee paste; the search box with 40,000 characters,
regex characters and full-width letters; two windows on one proposal section with A's typing refused as too long;
a consultant's own problems.yaml (one problem less).

Held: undo / redo of every hearing edit kind restores the stored answer and what the fields show (the focus
goes back to the tree); the interview's own Ctrl+Z / Ctrl+Shift+Z; every bad date or number is refused in one
Japanese line, kept as a draft and shown red, the stored answer untouched; Undo right after a refused hearing
paste takes back only that paste; a refused table date cell is marked with a Japanese tooltip and its Undo keeps
the row's other cells; user text is never live HTML in the proposal .html (escaped) nor in the minutes preview
(Markdown escaped: every text reads as typed), never a formula in the hearing sheet (text cells; dates real date
cells), control characters shown as ␛/␇ (� in the PDF); an untouched hearing sheet imports with no change (a VT,
␀ typed, _x000D_, a tab, blanks, =1+1); a proposal section refused in A and changed by B asks the conflict when A
shortens it; the search box takes 40,000 characters in 0.4 s.

Noted, not filed: the PDF draws emoji as empty boxes (the font lacks them) and leaves 𠮷 out of the text layer
(README: a known limit of Qt's PDF writer); an answer stored with CRLF (only via the CLI or a project file) is
offered as "corrected in the sheet" when an untouched sheet comes back (the sheet holds LF); -5 people is taken for
利用者数; a problem row's line starting "- " is a bullet in the .html/.pdf but literal in the .md table.

Broke (strict xfails first, each fixed since: attendees checked as names where typed; the proposal hands its refused draft to the undo stack as the hearing editor does; a problem an own library dropped reads from the library it replaced; the hearing search folds full-width letters; 利用者数 at least 0):
- Start session accepts an attendee line of any length; File ▸ Export project then refuses the project for good
  (no page edits a session's attendees; a field holds at most 100,000 characters, refused where typed):
  test_start_session_refuses_an_attendee_too_long_for_the_project_file;
- Proposal section: Edit ▸ Undo right after a paste refused as too long takes back the saved typing before it (the
  section back to the template) while the field still shows the refused paste (README: Undo right after typing takes
  back that typing, also when it did not fit, never the step before it; the hearing editor does this):
  test_undo_right_after_a_refused_section_paste_takes_back_that_paste_not_the_typing_before;
- the same in the problems table: test_undo_right_after_a_refused_problem_cell_takes_back_that_cell_not_the_edit_before;
- a proposal row whose library problem the consultant's own problems.yaml (validated OK) no longer has is printed
  in the customer's proposal as its internal id (collab.ds_vs_swe) with a blank countermeasure, nothing said
  (app/proposal/rows.py row_text): test_a_problem_dropped_from_the_own_library_never_prints_its_id_in_the_proposal;
- the hearing search finds nothing for full-width letters as a Japanese IME types them (ＰｏＣ開始, ＡＶＣ), while the
  WBS search reads ＭＬｆｌｏｗ as MLflow: test_hearing_search_reads_full_width_letters_as_the_wbs_search_does.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from app.core.errors import UserError
from app.hearing.sessions import SessionService
from app.hearing.sheet import export_hearing_sheet
from app.projects.transfer import export_file
from app.ui import messages
from app.ui.hearing.dialogs import SessionDialog
from tests.gui_helpers import close_window, make_window, proposal_section, settle
from tests.test_breaker43a import type_in

REPO = Path(__file__).resolve().parent.parent
ITEM = "hearing.basics.accuracy_avc"  # a text answer
SCHEDULE = "hearing.basics.schedule"  # a table with a date column


@pytest.fixture
def said(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    monkeypatch.setattr(messages, "show_info", lambda _parent, text, *a, **k: shown.append(f"INFO {text}"))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return shown


def stored(window, item_id: str = ITEM):
    return window.state.answers.answer(window.state.project_id, item_id)


def act(window, name: str) -> None:
    """Edit ▸ Undo / Redo as the menu triggers it."""
    action = window.findChild(QAction, name)
    assert action.isEnabled(), name
    action.trigger()
    settle(window)


# --- defects ---------------------------------------------------------------------------------------


def test_start_session_refuses_an_attendee_too_long_for_the_project_file(qtbot, db_path, said, monkeypatch, tmp_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("hearing")
    page = window.page("hearing")
    pasted = "佐藤花子(データ基盤)、" * 9_000  # a paste gone wrong: 108,000 characters on one line
    accepted: list[bool] = []

    def ask(cls, number, parent=None):
        dialog = cls(number, parent, getattr(parent, "session_clash", None))
        dialog.title.setText("第2回ヒアリング")
        dialog.attendees.setPlainText(f"鈴木部長\n{pasted}")
        dialog.accept()  # OK
        accepted.append(dialog.result() == 1)
        return dialog.values() if accepted[-1] else None

    monkeypatch.setattr(SessionDialog, "ask", classmethod(ask))
    qtbot.mouseClick(page.start_session_button, Qt.MouseButton.LeftButton)
    settle(window)
    state = window.state
    try:
        export_file(state.workspace.db, state.project_id, tmp_path / "project.json", state.workspace.library)
        exported = True
    except UserError as exc:
        exported = False
        said.append(f"EXPORT {exc}")
    close_window(window)
    # Promised (app/core/limits.py, README "Limits"): a text longer than a field holds is refused where it
    # is typed, naming the field; and the project file export takes every project the app made.
    assert exported or (accepted == [False] and any("出席者" in s for s in said)), (accepted, said)


def proposal_texts(window, section_id: str) -> dict | None:
    from app.core.documents import DocumentService
    from app.proposal.service import ProposalService

    return ProposalService(DocumentService(window.state.workspace.db)).load(window.state.project_id).texts.get(section_id)


def test_undo_right_after_a_refused_section_paste_takes_back_that_paste_not_the_typing_before(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page, section_id, field = proposal_section(window, qtbot, 1)  # 課題と対策案
    type_in(field, "(顧客と合意済み)")
    settle(window)
    saved = proposal_texts(window, section_id)
    assert saved and saved["ja"].endswith("(顧客と合意済み)")
    field.selectAll()
    field.insertPlainText("議事メモ" * 25_001)  # a paste gone wrong: 100,004 characters, refused (kept as a draft)
    settle(window)
    assert proposal_texts(window, section_id) == saved
    act(window, "undoAction")  # Edit ▸ Undo right after the refused paste
    # README (Edit ▸ Undo): "Undo right after typing takes back that typing, also … when it did not fit (the stored
    # answer is shown again, the draft dropped), never the step before it".
    assert proposal_texts(window, section_id) == saved, "the saved typing before the refused paste was taken back"
    assert field.toPlainText() == saved["ja"]
    close_window(window)


def cli(capsys, *args: str) -> tuple[int, str, str]:
    from app.main import main

    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_problem_dropped_from_the_own_library_never_prints_its_id_in_the_proposal(isolated_home, tmp_path, capsys) -> None:
    from app.core import paths
    from app.core.content.loader import reset_default_library

    db = tmp_path / "kickoff.sqlite3"
    assert cli(capsys, "--db", str(db), "--lang", "ja", "demo")[0] == 0  # its proposal holds its rows (one typed)
    source = (REPO / "checklists" / "problems.yaml").read_text(encoding="utf-8")
    start = source.index("  - id: collab.ds_vs_swe")
    trimmed = source[:start] + source[source.index("  - id:", start + 5):]  # the consultant's own library, one problem less
    own = paths.user_checklists_dir()
    own.mkdir(parents=True, exist_ok=True)
    (own / "problems.yaml").write_text(trimmed.replace("version: 1\n", "version: 2\n", 1), encoding="utf-8")
    reset_default_library()
    try:
        code, out, err = cli(capsys, "--lang", "ja", "templates", "validate")
        assert code == 0, out + err  # the app takes the file as it is
        out_md = tmp_path / "提案書.md"
        code, out, err = cli(capsys, "--db", str(db), "--lang", "ja", "export", "proposal", "--project", "1", "--out", str(out_md))
        assert code == 0, err
        text = out_md.read_text(encoding="utf-8")
    finally:
        reset_default_library()
    ids = [line for line in text.splitlines() if re.search(r"collab\\?\.ds\\?_vs\\?_swe", line)]
    # The customer's document shows an internal id where the problem was (and no countermeasure), and nothing
    # says so: the hearing at least counts and shows an answer whose item has gone ("kept and shown as orphaned").
    assert not ids or "ライブラリ" in out + err, (ids, out, err)


def test_hearing_search_reads_full_width_letters_as_the_wbs_search_does(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("hearing")
    page = window.page("hearing")
    box = page.findChild(QLineEdit, "hearingSearch")
    found = {}
    for typed in ("PoC開始", "ＰｏＣ開始", "avc", "ＡＶＣ"):
        box.setText(typed)
        settle(window)
        found[typed] = page.visible_item_ids()
    close_window(window)
    assert "hearing.basics.poc_start" in found["PoC開始"] and ITEM in found["avc"]  # held: half-width, any case
    assert found["ＰｏＣ開始"] == found["PoC開始"] and found["ＡＶＣ"] == found["avc"], found


def test_undo_right_after_a_refused_problem_cell_takes_back_that_cell_not_the_edit_before(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QTableView

    from app.core.documents import DocumentService
    from app.proposal.rows import own_wording
    from app.proposal.service import ProposalService

    window = make_window(qtbot, db_path, global_lang="ja")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None, timeout=10000)
    view = page.findChild(QTableView, "problemsTable")

    def countermeasure() -> str | None:
        doc = ProposalService(DocumentService(window.state.workspace.db)).load(window.state.project_id)
        return own_wording(doc.rows[0], "countermeasure", "ja")

    def edit(text: str, *, paste: bool = False) -> None:
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 1))  # 対策案 of row 1
        qtbot.keyClick(view, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState, timeout=2000)
        editor = QApplication.focusWidget()
        editor.selectAll()
        editor.insert(text) if paste else type_in(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(window)

    edit("キックオフ前に合意する")
    assert countermeasure() == "キックオフ前に合意する"
    edit("議事メモ" * 25_001, paste=True)  # refused: 100,004 characters
    assert countermeasure() == "キックオフ前に合意する" and said
    act(window, "undoAction")
    shown = view.model().index(0, 1).data()
    close_window(window)
    assert countermeasure() == "キックオフ前に合意する", "the countermeasure typed before the refused cell was taken back"
    assert shown == "キックオフ前に合意する", shown[:20]


# --- held (cheap) ----------------------------------------------------------------------------------


def test_hostile_answers_reach_the_minutes_preview_and_the_sheet_as_typed(demo, workspace, library, tmp_path) -> None:
    """Markdown, HTML, a formula and control characters typed in an answer: the session's minutes as
    the Sessions dialog previews them (QTextDocument.setMarkdown) read as typed; the hearing sheet holds text cells
    (no formula), the control characters as symbols."""
    from PySide6.QtGui import QTextDocument

    from app.hearing.answers import AnswerService
    from app.hearing.minutes import minutes_markdown

    texts = ["<b>太字</b> <img src=x onerror=alert(1)>", "# 見出しではない", "| 列 | 列 |", "[リンク](javascript:alert(1))",
             "**強調** `コード` ~~取消~~", "=HYPERLINK(\"http://evil\",\"x\")", "<!-- コメント -->見える"]
    sessions = SessionService(workspace.db)
    number = sessions.start(demo.id, title="第2回").number
    AnswerService(workspace.db, library).update(demo.id, ITEM, value="\n".join([*texts, "制御\x1b文字 𠮷野家"]))
    preview = QTextDocument()
    preview.setMarkdown(minutes_markdown(workspace, demo.id, number, "ja"))
    shown = preview.toPlainText()
    assert [t for t in texts if t not in shown] == []
    book = openpyxl.load_workbook(export_hearing_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja"))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value.startswith("<b>太字</b>") and "=HYPERLINK" in c.value for c in cells)
    assert any("制御␛文字 𠮷野家" in c.value for c in cells)


@pytest.mark.parametrize("typed", ["-5", "－５", "-1"])
def test_a_negative_count_of_users_is_refused_naming_the_item(workspace, demo, typed) -> None:
    """(Noted by breaker 47a, mended after.) 利用者数 is a count of people: -5 is refused in Japanese, naming the
    item; the answer stored stays as it was."""
    from app.core.errors import UserError
    from app.hearing import AnswerService

    answers = AnswerService(workspace.db, workspace.library)
    item = "hearing.prereq.users_ds"
    before = answers.answer(demo.id, item).value
    with pytest.raises(UserError) as refused:
        answers.update(demo.id, item, value=typed)
    text = refused.value.text("ja")
    assert "利用者数(DS)" in text and "0 以上" in text, text
    assert answers.answer(demo.id, item).value == before
    assert answers.update(demo.id, item, value="0").after.value == 0
