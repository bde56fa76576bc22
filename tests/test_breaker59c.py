"""Break-it 59c: a hearing session edited after it started (Sessions and minutes… ▸ 編集…), the stale hearing
sheet's per-field choice (dialog ticks, --prefer-sheet), the Excel WBS's date validations through LibreOffice."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit, QPushButton, QTextBrowser

from app.core.operations import run
from app.hearing.minutes import minutes_markdown
from app.hearing.operations import update_session
from app.ui.hearing.sessions_dialog import SessionEditDialog
from app.ui.widgets.dialog_drafts import PAUSE_MS
from tests.gui_helpers import close_window, make_window
from tests.test_drafts_on_disk_pages import kept_drafts


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def open_sessions(window, monkeypatch):
    window.show_page("hearing")
    page = window.page("hearing")
    shown: list = []
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: shown.append(dialog) or 0)
    page.sessions_action.trigger()
    return shown[0], shown


def open_editor(window, monkeypatch):
    sessions, shown = open_sessions(window, monkeypatch)
    sessions.findChild(QPushButton, "editSession").click()
    editor = shown[-1]
    assert isinstance(editor, SessionEditDialog)
    return sessions, editor, shown


def notes_box(editor) -> QPlainTextEdit:
    return editor.findChild(QPlainTextEdit, "sessionNotes")


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox, "sessionButtons").button(QDialogButtonBox.StandardButton.Ok).click()


def edit_drafts() -> list[dict]:
    return [d for d in kept_drafts() if d["item_id"].startswith("dialog:session_edit")]


@pytest.mark.parametrize("how", ["cancel", "escape"])
def test_notes_typed_then_cancelled_change_nothing_and_leave_no_draft(window, qtbot, monkeypatch, how) -> None:
    state = window.state
    before = state.sessions.get(state.project_id, 1)
    _, editor, _ = open_editor(window, monkeypatch)
    editor.show()
    notes_box(editor).setPlainText("取り消すメモ")
    qtbot.wait(PAUSE_MS + 200)
    assert edit_drafts()
    if how == "cancel":
        editor.findChild(QDialogButtonBox, "sessionButtons").button(QDialogButtonBox.StandardButton.Cancel).click()
    else:
        qtbot.keyClick(notes_box(editor), Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert state.sessions.get(state.project_id, 1) == before
    assert not edit_drafts()


def test_the_window_close_button_lets_the_typing_go_too(window, qtbot, monkeypatch) -> None:
    state = window.state
    before = state.sessions.get(state.project_id, 1)
    _, editor, _ = open_editor(window, monkeypatch)
    editor.show()
    notes_box(editor).setPlainText("×で閉じるメモ")
    qtbot.wait(PAUSE_MS + 200)
    assert edit_drafts()
    editor.close()  # the title bar's ×
    assert state.sessions.get(state.project_id, 1) == before and not edit_drafts()


def said_errors(monkeypatch, state) -> list[str]:
    from app.ui import messages
    from app.ui.error_text import user_text

    said: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: said.append(
        error if isinstance(error, str) else user_text(error, "ja", state.workspace.library)))
    return said


def test_two_edits_undone_and_redone_in_order_from_the_edit_menu(window, qtbot, monkeypatch) -> None:
    state = window.state
    first = state.sessions.get(state.project_id, 1)
    sessions, editor, shown = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("一回目のメモ")
    ok(editor)
    sessions.findChild(QPushButton, "editSession").click()
    second = shown[-1]
    assert notes_box(second).toPlainText() == "一回目のメモ"
    notes_box(second).setPlainText("二回目のメモ")
    second.title.setText("第1回(訂正)")
    ok(second)
    sessions.close()
    undo = window.findChild(type(window.menuBar().actions()[0]), "undoAction") or state.undo_stack
    assert state.undo_stack.undoText() == "ヒアリング第1回を編集"
    state.undo_stack.undo()
    got = state.sessions.get(state.project_id, 1)
    assert (got.notes, got.title) == ("一回目のメモ", first.title)
    state.undo_stack.undo()
    assert state.sessions.get(state.project_id, 1) == first
    state.undo_stack.redo()
    state.undo_stack.redo()
    got = state.sessions.get(state.project_id, 1)
    assert (got.notes, got.title) == ("二回目のメモ", "第1回(訂正)")
    assert undo is not None


def test_undo_over_a_colleagues_later_notes_is_refused_in_japanese(window, qtbot, monkeypatch) -> None:
    state = window.state
    said = said_errors(monkeypatch, state)
    sessions, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("私のメモ")
    ok(editor)
    sessions.close()
    other = state.workspace.__class__.open(str(state.workspace.db.url), state.workspace.library)
    try:
        run(other, update_session(state.project_id, 1, notes="佐藤さんのメモ"))
    finally:
        other.close()
    problems: list[str] = []
    state.problem.connect(problems.append)
    state.undo_stack.undo()
    assert state.sessions.get(state.project_id, 1).notes == "佐藤さんのメモ"
    shown = " ".join(said + problems)
    assert "第1回ヒアリング" in shown, shown
    assert "notes" not in shown and "sessions" not in shown


def test_undo_text_follows_a_switch_to_english(window, qtbot, monkeypatch) -> None:
    from tests.test_breaker33a import switch_language

    state = window.state
    sessions, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("メモ")
    ok(editor)
    sessions.close()
    switch_language(window, "en")
    assert state.undo_stack.undoText() == "Edit hearing session 1"
    state.undo_stack.undo()
    assert state.sessions.get(state.project_id, 1).notes == ""
    # The dialog itself, opened in English, says every label in English.
    _, editor, _ = open_editor(window, monkeypatch)
    assert editor.windowTitle() == "Edit hearing session 1"
    from PySide6.QtWidgets import QLabel

    texts = [label.text() for label in editor.findChildren(QLabel)]
    assert "Notes" in texts and "メモ" not in texts


# --- notes as the minutes print them ------------------------------------------------------------------------

HOSTILE = "\n".join([
    "# 見出しではない",
    "<b>太字ではない</b><script>alert(1)</script>",
    "=HYPERLINK(\"http://evil.example\",\"クリック\")",
    "+1-2", "@SUM(A1)", "- リストではない", "1. 番号ではない",
    "[リンク](http://evil.example) ![画像](http://evil.example/x.png)",
    "| 表 | ではない |", "```", "コード", "```", "**強調ではない** _斜体_ `コード`",
    "&amp; &lt; \\ バックスラッシュ", "---", "> 引用ではない",
    "    字下げ4つ", "\u3000全角スペースで字下げ",
])


def rendered_notes(markdown: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setMarkdown(markdown)
    text = doc.toPlainText()
    return text.split("メモ", 1)[1].split("確認した事項", 1)[0] if "メモ" in text else text


def test_markdown_html_and_formulas_in_notes_are_printed_as_typed(workspace, demo, db_path, tmp_path, capsys) -> None:
    from tests.test_messages_hearing_planning import run as cli

    run(workspace, update_session(demo.id, 1, notes=HOSTILE))
    out = tmp_path / "minutes.md"
    code, _, err = cli(db_path, capsys, "export", "minutes", "--project", str(demo.id), "--session", "1", "--out", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    notes = text.split("## メモ", 1)[1].split("## 確認した事項", 1)[0]  # (the notes first, the answers after them)
    assert "<script" not in text and "\n=" not in text and "\n#" not in notes
    shown = rendered_notes(text)
    for line in HOSTILE.split("\n"):
        assert line.strip().replace("\u3000", "") in shown.replace("\u3000", ""), line


def test_the_dialogs_preview_shows_notes_as_typed_and_nothing_live(window, qtbot, monkeypatch) -> None:
    state = window.state
    sessions, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText(HOSTILE)
    ok(editor)
    preview = sessions.findChild(QTextBrowser, "sessionMinutesView")
    html = preview.toHtml()
    assert "<img" not in html and "<script" not in html and "<b>" not in html  # (a bare URL is shown as a link, opening nothing)
    assert not preview.openLinks() and not preview.openExternalLinks()
    shown = preview.toPlainText()
    for line in HOSTILE.split("\n"):
        assert line.strip().replace("\u3000", "") in shown.replace("\u3000", ""), line
    assert state.sessions.get(state.project_id, 1).notes == HOSTILE


def test_control_characters_in_notes(workspace, demo) -> None:
    notes = "前\x00後\x1b[31m赤\x07\tタブ\r\n改行\u2028行区切り\u202e逆順\ufeff"
    try:
        run(workspace, update_session(demo.id, 1, notes=notes))
    except Exception as exc:  # refused is fine if it is said in Japanese
        from app.core.errors import UserError

        assert isinstance(exc, UserError) and "メモ" in exc.text("ja", workspace.library)
        return
    minutes = minutes_markdown(workspace, demo.id, 1, "ja")
    assert "\x00" not in minutes and "\x1b" not in minutes and "\x07" not in minutes
    assert "␀" in minutes and "␛" in minutes  # shown as their pictures, as in every export


def test_100000_characters_of_notes_are_kept_and_printed(workspace, demo) -> None:
    notes = ("決定事項と宿題。" * 12_500)[:100_000]
    run(workspace, update_session(demo.id, 1, notes=notes))
    from app.hearing.sessions import SessionService

    assert SessionService(workspace.db).get(demo.id, 1).notes == notes
    assert minutes_markdown(workspace, demo.id, 1, "ja").count("決定事項と宿題。") == 12_500


def test_the_project_json_round_trip_keeps_the_notes(workspace, demo, db_path, tmp_path, capsys) -> None:
    from app.hearing.sessions import SessionService
    from tests.test_messages_hearing_planning import run as cli

    notes = "決定: 店舗A\n宿題: 顧客\n=1+1 <b>x</b>\n\n  字下げ"
    run(workspace, update_session(demo.id, 1, notes=notes, title="第1回(訂正)", attendees=["山田", "佐藤(顧客)"]))
    out = tmp_path / "p.json"
    code, _, err = cli(db_path, capsys, "project", "export", str(demo.id), "--out", str(out))
    assert code == 0, err
    code, lines, err = cli(db_path, capsys, "project", "import", str(out))
    assert code == 0, err
    new_id = int(lines[-1].split()[-1])
    got = SessionService(workspace.db).get(new_id, 1)
    assert (got.notes, got.title, got.attendees) == (notes, "第1回(訂正)", ["山田", "佐藤(顧客)"])


# --- two windows, a crash, a session started, a project deleted -------------------------------------------


def test_two_windows_editing_the_same_notes_are_asked_and_merged(qtbot, db_path, monkeypatch) -> None:
    from app.ui.window import conflict_dialog
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        _, editor_a, _ = open_editor(a, monkeypatch)
        _, editor_b, _ = open_editor(b, monkeypatch)
        notes_box(editor_a).setPlainText("決定: 店舗Aのデータ")
        notes_box(editor_b).setPlainText("宿題: 顧客がCTRを共有")
        ok(editor_a)
        asked: list = []

        def merge(dialog) -> int:
            asked.append(dialog.findChild(QPlainTextEdit, "conflictTheirs_notes").toPlainText())
            dialog.findChild(QPushButton, "conflictMerge").click()
            box = dialog.findChild(QPlainTextEdit, "conflictMerged_notes")
            assert "決定: 店舗Aのデータ" in box.toPlainText() and "宿題: 顧客がCTRを共有" in box.toPlainText()
            dialog.findChild(QPushButton, "conflictSaveMerged").click()
            return 1

        monkeypatch.setattr(conflict_dialog, "ask_conflict", merge)
        ok(editor_b)
        assert asked == ["決定: 店舗Aのデータ"]
        notes = b.state.sessions.get(b.state.project_id, 1).notes
        assert "決定: 店舗Aのデータ" in notes and "宿題: 顧客がCTRを共有" in notes
        # B's Undo takes back its merge only: A's notes stay.
        b.state.undo_stack.undo()
        assert b.state.sessions.get(b.state.project_id, 1).notes == "決定: 店舗Aのデータ"


def test_two_windows_different_fields_of_one_session_both_kept(qtbot, db_path, monkeypatch) -> None:
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        _, editor_a, _ = open_editor(a, monkeypatch)
        _, editor_b, _ = open_editor(b, monkeypatch)
        notes_box(editor_a).setPlainText("Aのメモ")
        editor_b.title.setText("Bのタイトル")
        ok(editor_a)
        ok(editor_b)
        got = b.state.sessions.get(b.state.project_id, 1)
        assert (got.notes, got.title) == ("Aのメモ", "Bのタイトル")


def two_sessions(window) -> None:
    from app.hearing.sessions import SessionService

    state = window.state
    if len(state.sessions.summaries(state.project_id)) < 2:
        SessionService(state.workspace.db).start(state.project_id, title="第2回")


def test_a_crash_keeps_the_typing_of_two_sessions_each_back_in_its_own_dialog(qtbot, db_path, monkeypatch) -> None:
    from tests.test_drafts_on_disk_pages import crash

    window = make_window(qtbot, db_path, global_lang="ja")
    two_sessions(window)
    sessions, shown = open_sessions(window, monkeypatch)
    for number, text in ((1, "第1回のメモ(未保存)"), (2, "第2回のメモ(未保存)")):
        sessions.select_session(number)
        sessions.findChild(QPushButton, "editSession").click()
        notes_box(shown[-1]).setPlainText(text)
        qtbot.wait(PAUSE_MS + 200)
    assert sorted(d["item_id"] for d in edit_drafts()) == ["dialog:session_edit:1", "dialog:session_edit:2"]
    crash(window)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: "2 件の下書きが未保存です" in window.save_label.text())
        tip = window.save_label.toolTip()
        assert "ヒアリング第1回を編集" in tip and "ヒアリング第2回を編集" in tip and "session_edit" not in tip
        again, shown = open_sessions(window, monkeypatch)
        for number, text in ((2, "第2回のメモ(未保存)"), (1, "第1回のメモ(未保存)")):
            again.select_session(number)
            again.findChild(QPushButton, "editSession").click()
            assert notes_box(shown[-1]).toPlainText() == text
            ok(shown[-1])
        state = window.state
        assert [state.sessions.get(state.project_id, n).notes for n in (1, 2)] == ["第1回のメモ(未保存)", "第2回のメモ(未保存)"]
        assert not edit_drafts()
    finally:
        close_window(window)


def test_starting_a_session_keeps_an_edit_draft_of_another(qtbot, db_path, monkeypatch) -> None:
    from tests.test_drafts_on_disk_pages import crash, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    sessions, shown = open_sessions(window, monkeypatch)
    sessions.select_session(1)
    sessions.findChild(QPushButton, "editSession").click()
    notes_box(shown[-1]).setPlainText("第1回の決定事項")
    qtbot.wait(PAUSE_MS + 200)
    crash(window)
    window = restart(qtbot, db_path)
    try:
        state = window.state
        before = len(state.sessions.summaries(state.project_id))
        page = window.page("hearing")
        window.show_page("hearing")
        from app.ui.hearing.dialogs import SessionDialog

        monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, number, parent=None: {"title": "第N回", "attendees": ["山田"]}))
        page.start_session_button.click()
        assert len(state.sessions.summaries(state.project_id)) == before + 1
        assert [d["item_id"] for d in edit_drafts()] == ["dialog:session_edit:1"]
        again, shown = open_sessions(window, monkeypatch)
        again.select_session(1)
        again.findChild(QPushButton, "editSession").click()
        assert notes_box(shown[-1]).toPlainText() == "第1回の決定事項"
    finally:
        close_window(window)


def test_notes_too_long_are_said_in_japanese_and_kept_in_the_box(window, qtbot, monkeypatch) -> None:
    state = window.state
    said = said_errors(monkeypatch, state)
    _, editor, _ = open_editor(window, monkeypatch)
    long = "あ" * 100_001
    notes_box(editor).setPlainText(long)
    ok(editor)
    assert said and "メモ" in said[0] and "notes" not in said[0]
    assert notes_box(editor).toPlainText() == long and editor.result() != 1
    assert state.sessions.get(state.project_id, 1).notes == ""


def test_typing_back_after_a_crash_over_a_colleagues_notes_is_asked(qtbot, db_path, monkeypatch) -> None:
    from app.ui.window import conflict_dialog
    from tests.test_drafts_on_disk_pages import crash, other_workspace, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("クラッシュ前の私のメモ")
    qtbot.wait(PAUSE_MS + 200)
    pid, ws = window.state.project_id, other_workspace(window)
    crash(window)
    run(ws, update_session(pid, 1, notes="佐藤さんが後で書いたメモ"))
    ws.close()
    window = restart(qtbot, db_path)
    try:
        _, editor, _ = open_editor(window, monkeypatch)
        assert notes_box(editor).toPlainText() == "クラッシュ前の私のメモ"
        asked: list = []

        def later(dialog) -> int:
            asked.append(dialog.findChild(QPlainTextEdit, "conflictTheirs_notes").toPlainText())
            return 0  # closed without choosing

        monkeypatch.setattr(conflict_dialog, "ask_conflict", later)
        ok(editor)
        assert asked == ["佐藤さんが後で書いたメモ"]
        assert window.state.sessions.get(pid, 1).notes == "佐藤さんが後で書いたメモ"
        assert notes_box(editor).toPlainText() == "クラッシュ前の私のメモ"  # kept in the open dialog
    finally:
        close_window(window)


def test_a_kept_edit_draft_of_a_deleted_project_is_listed_by_its_japanese_name(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog, QLabel

    from app.core.projects import ProjectService
    from app.ui import messages
    from tests.test_drafts_on_disk_pages import crash, other_workspace

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("消えたプロジェクトのメモ")
    qtbot.wait(PAUSE_MS + 200)
    pid, ws = window.state.project_id, other_workspace(window)
    crash(window)
    ProjectService(ws.db).delete(pid)
    ws.close()
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "orphanDraftsDialog")), timeout=3000)
        said = next(d for d in window.findChildren(QDialog, "orphanDraftsDialog") if d.isVisible()).findChild(QLabel, "orphanDraftsText").text()
        assert "ヒアリング第1回を編集" in said and "消えたプロジェクトのメモ" in said, said
        assert "session_edit" not in said
    finally:
        close_window(window)


def test_deleting_the_project_with_a_kept_edit_draft_says_so_and_drops_it(qtbot, db_path, monkeypatch) -> None:
    from app.ui import messages
    from tests.test_drafts_on_disk_pages import crash, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("削除前のメモ")
    qtbot.wait(PAUSE_MS + 200)
    crash(window)
    window = restart(qtbot, db_path)
    try:
        asked: list[str] = []
        monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)
        window.delete_project()
        assert asked and "下書き 1 件" in asked[0], asked
        assert not edit_drafts()
    finally:
        close_window(window)


# --- the stale hearing sheet's per-field choice on the command line -----------------------------------------

from tests.test_hearing_sheet_per_field import USERS_DS, USERS_SWE, stored  # noqa: E402


@pytest.fixture
def stale(workspace, demo, tmp_path):
    """The sheet as the customer sent it back (now 3, later 10), after the app changed 利用者数(DS) to 4 / 8."""
    from app.hearing.answers import AnswerService
    from app.hearing.sheet import export_hearing_sheet
    from tests.test_hearing_sheet import fill

    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    AnswerService(workspace.db, workspace.library).update(demo.id, USERS_DS, value=4, later=8)
    return fill(sheet, tmp_path / "filled.xlsx", {USERS_DS: {"answer": 3, "answer_later": 10}, USERS_SWE: {"answer": 2}})


def cli_import(db_path, capsys, sheet, demo, *extra: str):
    from tests.test_messages_hearing_planning import run as cli

    return cli(db_path, capsys, "import", "hearing-sheet", str(sheet), "--project", str(demo.id), *extra)


@pytest.mark.parametrize(("typed", "expected"), [
    ("利用者数（ＤＳ）：ｌａｔｅｒ", (4, 10)),  # every character full-width, the colon too
    ("利用者数(DS) : now ", (3, 8)),  # spaces around the colon
    ("HEARING.PREREQ.USERS_DS:NOW", (3, 8)),  # the ID in capitals
    ("利用者数(DS):回答(これから)", (4, 10)),  # the column's label
    ("利用者数（ＤＳ）：回答（これから）", (4, 10)),
    ("Users: data scientists", (3, 10)),  # the English label under a Japanese CLI
])  # fmt: skip
def test_prefer_sheet_spellings_a_japanese_user_types(workspace, demo, db_path, stale, capsys, typed, expected) -> None:
    code, _, err = cli_import(db_path, capsys, stale, demo, "--yes", "--prefer-sheet", typed)
    assert code == 0, err
    assert stored(workspace, demo) == expected


def test_prefer_sheet_with_a_dry_run_changes_nothing_and_says_the_choice(workspace, demo, db_path, stale, capsys) -> None:
    code, out, err = cli_import(db_path, capsys, stale, demo, "--dry-run", "--prefer-sheet", f"{USERS_DS}:later")
    assert code == 0, err
    text = "\n".join(out)
    assert "利用者数(DS)の回答(これから)" in text and "hearing." not in text
    assert stored(workspace, demo) == (4, 8)


def test_prefer_sheet_repeated_the_same_is_one_choice(workspace, demo, db_path, stale, capsys) -> None:
    code, out, err = cli_import(db_path, capsys, stale, demo, "--yes", "--prefer-sheet", f"{USERS_DS}:now", "--prefer-sheet", "利用者数(DS):now")
    assert code == 0, err
    assert stored(workspace, demo) == (3, 8)
    assert sum("利用者数(DS)の回答" in line for line in out) == 1, out


def test_prefer_sheet_beside_prefer_sheet_everything_takes_everything(workspace, demo, db_path, stale, capsys) -> None:
    code, out, err = cli_import(db_path, capsys, stale, demo, "--yes", "--prefer", "sheet", "--prefer-sheet", f"{USERS_DS}:now")
    assert code == 0, err
    assert stored(workspace, demo) == (3, 10)


@pytest.mark.parametrize("typed", ["", ":now", "利用者数(DS):", "利用者数(DS):note", "利用者数(DS):now:later", "利用者数"])
def test_prefer_sheet_bad_names_refused_in_japanese_nothing_imported(workspace, demo, db_path, stale, capsys, typed) -> None:
    code, out, err = cli_import(db_path, capsys, stale, demo, "--yes", "--prefer-sheet", typed)
    assert code == 2 and out == [], (out, err)
    assert "何も取り込んでいません" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert "hearing." not in err.replace(typed, "")
    assert stored(workspace, demo) == (4, 8)


# --- the Excel WBS's date validations through LibreOffice ---------------------------------------------------

import shutil  # noqa: E402

needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def dated_export(workspace, demo, tmp_path, lang):
    import datetime as dt

    from app.wbs.files.xlsx import export_wbs_xlsx
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    leaves = [t for t in service.tree(demo.id).walk() if not service.tree(demo.id).has_children(t.id)]
    service.update(demo.id, [leaves[0].id], not_before=dt.date(2027, 1, 4))
    return export_wbs_xlsx(workspace, demo.id, tmp_path / f"wbs-{lang}.xlsx", lang)


@needs_office
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_libreoffice_round_trip_of_the_dated_wbs_changes_nothing(workspace, demo, tmp_path, lang) -> None:
    import openpyxl

    from app.wbs.files.sheet_import import read_plan
    from tests.office import soffice

    exported = dated_export(workspace, demo, tmp_path, lang)
    out = tmp_path / "lo"
    soffice(["--convert-to", "xlsx", "--outdir", str(out), str(exported)], timeout=120)
    plan = read_plan(workspace, demo.id, out / exported.name)
    assert plan.empty, [w.text("ja") for w in plan.warnings]
    sheet = openpyxl.load_workbook(out / exported.name)["WBS"]
    dated = [dv for dv in sheet.data_validations.dataValidation if dv.type == "date"]
    assert len(dated) == 4 and {dv.errorStyle for dv in dated} == {"warning"}
    # every date the app wrote is a real date the validation accepts (no cell marked invalid)
    for dv in dated:
        for cell_range in dv.sqref.ranges:
            for row in sheet.iter_rows(min_row=cell_range.min_row, max_row=min(cell_range.max_row, sheet.max_row),
                                       min_col=cell_range.min_col, max_col=cell_range.max_col):
                for cell in row:
                    assert cell.value is None or cell.is_date, (cell.coordinate, cell.value)


@needs_office
def test_the_wbs_renders_to_pdf_in_libreoffice(workspace, demo, tmp_path) -> None:
    from tests.office import soffice

    exported = dated_export(workspace, demo, tmp_path, "ja")
    out = tmp_path / "pdf"
    soffice(["--convert-to", "pdf", "--outdir", str(out), str(exported)], timeout=120)
    pdf = out / "wbs-ja.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


# --- more of the edit dialog ----------------------------------------------------------------------------------


def test_a_day_typed_by_keyboard_then_ok_is_the_date_saved(window, qtbot, monkeypatch) -> None:
    import datetime as dt

    from PySide6.QtTest import QTest

    state = window.state
    _, editor, _ = open_editor(window, monkeypatch)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=5000)
    editor.date.setFocus()
    QTest.keyClick(editor.date, Qt.Key.Key_End)
    QTest.keyClick(editor.date, Qt.Key.Key_Backspace)
    QTest.keyClick(editor.date, Qt.Key.Key_Backspace)
    QTest.keyClicks(editor.date, "3")  # 2026/11/3: half read by Qt when OK is pressed
    ok(editor)
    assert state.sessions.get(state.project_id, 1).held_on == dt.date(2026, 11, 3)


def test_the_sessions_list_of_another_window_follows_an_edit(qtbot, db_path, monkeypatch) -> None:
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        sessions_a, _ = open_sessions(a, monkeypatch)
        _, editor_b, _ = open_editor(b, monkeypatch)
        notes_box(editor_b).setPlainText("Bが書いた決定事項")
        editor_b.title.setText("Bの新しいタイトル")
        ok(editor_b)
        qtbot.waitUntil(lambda: (a.watcher.poll() or True) and "Bが書いた決定事項" in sessions_a.findChild(
            QTextBrowser, "sessionMinutesView").toPlainText(), timeout=5000)
        from PySide6.QtWidgets import QTableView

        assert sessions_a.findChild(QTableView, "sessionsTable").model().index(0, 2).data() == "Bの新しいタイトル"


def test_a_kept_edit_draft_is_named_in_english_after_a_switch(qtbot, db_path, monkeypatch) -> None:
    from tests.test_breaker33a import switch_language
    from tests.test_drafts_on_disk_pages import crash, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("切替前のメモ")
    qtbot.wait(PAUSE_MS + 200)
    crash(window)
    window = restart(qtbot, db_path)
    try:
        switch_language(window, "en")
        tip = window.save_label.toolTip()
        assert "Edit hearing session 1" in tip and "ヒアリング" not in tip, tip
        _, editor, _ = open_editor(window, monkeypatch)
        assert notes_box(editor).toPlainText() == "切替前のメモ"
        from PySide6.QtWidgets import QLabel

        note = editor.findChild(QLabel, "dialogDraftRestored").text()
        assert note and not any("\u3040" <= ch <= "\u30ff" for ch in note), note
    finally:
        close_window(window)


def test_undo_of_an_edit_after_a_session_was_started(window, qtbot, monkeypatch) -> None:
    from app.ui.hearing.dialogs import SessionDialog

    state = window.state
    sessions, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("開始前に書いたメモ")
    ok(editor)
    sessions.close()
    count = len(state.sessions.list(state.project_id))
    monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, number, parent=None: {"title": "追加", "attendees": []}))
    window.page("hearing").start_session_button.click()
    assert len(state.sessions.list(state.project_id)) == count + 1
    assert state.undo_stack.undoText() == "ヒアリング第1回を編集"  # (starting a session is no undo step)
    state.undo_stack.undo()
    assert state.sessions.get(state.project_id, 1).notes == ""
    assert len(state.sessions.list(state.project_id)) == count + 1
    state.undo_stack.redo()
    assert state.sessions.get(state.project_id, 1).notes == "開始前に書いたメモ"


def test_discarding_a_draft_back_after_a_crash_then_editing_the_colleagues_notes_asks_nothing(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QLabel

    from app.ui.window import conflict_dialog
    from tests.test_drafts_on_disk_pages import crash, other_workspace, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("クラッシュ前の私のメモ")
    qtbot.wait(PAUSE_MS + 200)
    pid, ws = window.state.project_id, other_workspace(window)
    crash(window)
    run(ws, update_session(pid, 1, notes="佐藤さんのメモ"))
    ws.close()
    window = restart(qtbot, db_path)
    try:
        _, editor, _ = open_editor(window, monkeypatch)
        assert editor.findChild(QLabel, "dialogDraftRestored") is not None
        editor.findChild(QPushButton, "dialogDraftDiscard").click()
        box = notes_box(editor)
        assert box.toPlainText() == "佐藤さんのメモ"  # what is stored now, shown again
        box.setPlainText("佐藤さんのメモ\n追記: 山田")  # typed over what is shown
        asked: list = []
        monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog) or 0)
        ok(editor)
        assert not asked, "asked about a change the user saw and typed over"
        assert window.state.sessions.get(pid, 1).notes == "佐藤さんのメモ\n追記: 山田"
    finally:
        close_window(window)


def test_a_live_windows_paused_typing_is_not_handed_to_the_other_window(qtbot, db_path, monkeypatch) -> None:
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        _, editor_a, _ = open_editor(a, monkeypatch)
        notes_box(editor_a).setPlainText("Aが入力中のメモ")
        qtbot.wait(PAUSE_MS + 200)
        _, editor_b, _ = open_editor(b, monkeypatch)
        assert notes_box(editor_b).toPlainText() == ""
        from PySide6.QtWidgets import QLabel

        assert editor_b.findChild(QLabel, "dialogDraftRestored") is None
        assert notes_box(editor_a).toPlainText() == "Aが入力中のメモ"
        ok(editor_a)
        assert a.state.sessions.get(a.state.project_id, 1).notes == "Aが入力中のメモ"


def test_every_text_of_the_edit_and_sessions_dialogs_is_japanese(window, qtbot, monkeypatch) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    sessions, editor, _ = open_editor(window, monkeypatch)
    texts: list[str] = [editor.windowTitle(), sessions.windowTitle()]
    for dialog in (editor, sessions):
        for widget in dialog.findChildren(QWidget):
            texts += [widget.toolTip(), widget.accessibleName()]
            if isinstance(widget, QLabel | QAbstractButton):
                texts.append(widget.text())
            if hasattr(widget, "placeholderText"):
                texts.append(widget.placeholderText())
    model = sessions.findChild(type(sessions.view), "sessionsTable").model()
    texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    english = [t for t in texts if t and re.search(r"[A-Za-z]{3,}", t) and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t)]
    assert not english, english


def test_the_edit_menus_undo_and_redo_name_the_edit_and_make_it(window, qtbot, monkeypatch) -> None:
    from PySide6.QtGui import QAction

    from tests.test_breaker33a import switch_language

    state = window.state
    sessions, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("メニューから戻すメモ")
    ok(editor)
    sessions.close()
    undo = window.findChild(QAction, "undoAction")
    assert "ヒアリング第1回を編集" in undo.text() and undo.isEnabled(), undo.text()
    undo.trigger()
    assert state.sessions.get(state.project_id, 1).notes == ""
    redo = window.findChild(QAction, "redoAction")
    assert "ヒアリング第1回を編集" in redo.text(), redo.text()
    switch_language(window, "en")
    redo = window.findChild(QAction, "redoAction")
    assert "Edit hearing session 1" in redo.text(), redo.text()
    redo.trigger()
    assert state.sessions.get(state.project_id, 1).notes == "メニューから戻すメモ"


def test_the_preview_ticks_the_later_answer_only_names_each_row_and_is_one_undo_step(window, qtbot, monkeypatch, tmp_path) -> None:
    from app.hearing.answers import AnswerService
    from tests.test_breaker59a import run_import, stale_sheet

    state = window.state
    window.show_page("hearing")
    sheet = stale_sheet(window, tmp_path)
    titles: list[str] = []

    def take_later(dialog) -> None:
        model = dialog.model
        for r in range(model.rowCount()):
            change = model.change(r)
            if change.conflict:
                titles.append(model.index(r, 0).data())
                if change.field == "later":
                    model.setData(model.index(r, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)

    run_import(window, qtbot, monkeypatch, sheet, take_later)
    assert len(titles) == 2 and len(set(titles)) == 2 and all("利用者数(DS)" in t for t in titles), titles
    answer = AnswerService(state.workspace.db, state.workspace.library).answer(state.project_id, USERS_DS)
    assert (answer.value, answer.later) == (4, 10)
    state.undo_stack.undo()
    answer = AnswerService(state.workspace.db, state.workspace.library).answer(state.project_id, USERS_DS)
    assert (answer.value, answer.later) == (4, 8)


def test_ok_after_another_window_deleted_the_project_says_so_and_keeps_the_typing(qtbot, db_path, monkeypatch) -> None:
    from app.core.projects import ProjectService
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        said = said_errors(monkeypatch, a.state)
        _, editor, _ = open_editor(a, monkeypatch)
        notes_box(editor).setPlainText("消される前のメモ")
        name = a.state.project.name
        ProjectService(b.state.workspace.db).delete(b.state.project_id)
        ok(editor)
        assert said, "nothing said"
        assert name in said[0] and "削除" in said[0], said
        assert notes_box(editor).toPlainText() == "消される前のメモ" and editor.result() != 1


def test_the_open_sessions_list_survives_the_project_deleted_elsewhere(qtbot, db_path, monkeypatch) -> None:
    from app.core.projects import ProjectService
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        said_errors(monkeypatch, a.state)
        sessions_a, _ = open_sessions(a, monkeypatch)
        ProjectService(b.state.workspace.db).delete(b.state.project_id)
        from shiboken6 import isValid

        said = said_errors(monkeypatch, a.state)
        a.watcher.poll()
        qtbot.wait(100)
        assert a.state.project is None or a.state.project_id != b.state.project_id or not isValid(sessions_a)
        if isValid(sessions_a):  # still open: Edit… says why it cannot, never a traceback
            sessions_a.findChild(QPushButton, "editSession").click()
            assert all("Traceback" not in text for text in said)


def test_ok_with_nothing_changed_is_no_undo_step(window, qtbot, monkeypatch) -> None:
    state = window.state
    count = state.undo_stack.count()
    _, editor, _ = open_editor(window, monkeypatch)
    box = notes_box(editor)
    box.setPlainText("一度書いて")
    box.setPlainText("")  # ...消した
    editor.title.setText(editor.title.text() + "  ")  # spaces only
    ok(editor)
    assert state.undo_stack.count() == count and not edit_drafts()


KILLED_EDITOR = r"""
import argparse, sys, time
sys.path.insert(0, {repo!r})
import app.features  # noqa
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton
from app.ui.app import build_window
from app.ui.hearing.drafts import drafts_of

def pump(s):
    end = time.monotonic() + s
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)

args = argparse.Namespace(db={db!r}, global_lang="ja", global_project=None, page=None, screenshot=None)
_app, window = build_window(args)
window.show(); pump(0.5)
from app.hearing.sessions import SessionService
state = window.state
if len(state.sessions.list(state.project_id)) < 2:
    SessionService(state.workspace.db).start(state.project_id, title="第2回")
window.show_page("hearing"); pump(0.3)
page = window.page("hearing")
shown = []
page.exec_dialog = lambda dialog: (shown.append(dialog), dialog.show(), 0)[-1]
page.sessions_action.trigger(); pump(0.2)
sessions = shown[0]
for number, text in ((1, "第1回:殺される直前のメモ"), (2, "第2回:殺される直前のメモ")):
    sessions.select_session(number); pump(0.1)
    sessions.findChild(QPushButton, "editSession").click(); pump(0.2)
    box = shown[-1].findChild(QPlainTextEdit, "sessionNotes")
    box.setFocus()
    e = QInputMethodEvent(); e.setCommitString(text); QApplication.sendEvent(box, e)
    pump(1.0)
print("READY", drafts_of(state).count(state.project_id), flush=True)
while True:
    pump(1)
"""


def test_a_window_killed_holding_two_session_edits_has_both_back(qtbot, db_path, tmp_path, monkeypatch) -> None:
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO, copy_database
    from tests.gui_helpers import _first_start_database
    from tests.test_breaker58a import _line

    copy_database(_first_start_database("ja"), db_path)
    script = tmp_path / "child.py"
    script.write_text(KILLED_EDITOR.format(repo=str(REPO), db=str(db_path)), encoding="utf-8")
    errors = (tmp_path / "child.err").open("w")
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=errors, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=str(REPO))
    try:
        line = _line(child, 40)
        assert line.startswith("READY"), (line, (tmp_path / "child.err").read_text())
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        errors.close()
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        sessions, shown = open_sessions(window, monkeypatch)
        for number in (1, 2):
            sessions.select_session(number)
            sessions.findChild(QPushButton, "editSession").click()
            assert notes_box(shown[-1]).toPlainText() == f"第{number}回:殺される直前のメモ", line
            ok(shown[-1])
        state = window.state
        assert [state.sessions.get(state.project_id, n).notes for n in (1, 2)] == [f"第{n}回:殺される直前のメモ" for n in (1, 2)]
    finally:
        close_window(window)


def test_a_half_typed_date_comes_back_after_a_crash_and_is_refused_on_ok(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtTest import QTest

    from tests.test_drafts_on_disk_pages import crash, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=5000)
    notes_box(editor).setPlainText("日付を直している途中")
    editor.date.setFocus()
    QTest.keyClick(editor.date, Qt.Key.Key_End)
    QTest.keyClick(editor.date, Qt.Key.Key_Backspace)
    QTest.keyClick(editor.date, Qt.Key.Key_Backspace)
    half = editor.date.text()
    qtbot.wait(PAUSE_MS + 200)
    crash(window)
    window = restart(qtbot, db_path)
    try:
        state = window.state
        said = said_errors(monkeypatch, state)
        _, editor, _ = open_editor(window, monkeypatch)
        assert editor.date.text() == half and notes_box(editor).toPlainText() == "日付を直している途中"
        ok(editor)
        assert said and "日付" in said[0] and editor.result() != 1, said
        assert state.sessions.get(state.project_id, 1).notes == ""
    finally:
        close_window(window)


def test_undo_of_an_edit_after_another_window_deleted_the_project_names_it(qtbot, db_path, monkeypatch) -> None:
    from app.core.projects import ProjectService
    from tests.gui_helpers import two_windows

    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        sessions, editor, _ = open_editor(a, monkeypatch)
        notes_box(editor).setPlainText("戻す前のメモ")
        ok(editor)
        sessions.close()
        name = a.state.project.name
        problems: list[str] = []
        a.state.problem.connect(problems.append)
        said = said_errors(monkeypatch, a.state)
        ProjectService(b.state.workspace.db).delete(b.state.project_id)
        a.state.undo_stack.undo()
        text = " ".join(problems + said)
        assert name in text and "削除" in text, text


def test_the_running_sessions_label_follows_an_edit_of_its_date_and_attendees(window, qtbot, monkeypatch) -> None:
    import datetime as dt

    from app.ui.hearing.dialogs import SessionDialog

    state = window.state
    window.show_page("hearing")
    page = window.page("hearing")
    monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, number, parent=None: {"title": "第2回", "attendees": ["山田"]}))
    page.start_session_button.click()
    number = len(state.sessions.list(state.project_id))
    sessions, shown = open_sessions(window, monkeypatch)
    sessions.select_session(number)
    sessions.findChild(QPushButton, "editSession").click()
    editor = shown[-1]
    editor.attendees.setPlainText("山田\n佐藤(顧客)")
    editor.date.setDate(editor.date.date().addDays(-1))
    ok(editor)
    held = state.sessions.get(state.project_id, number).held_on
    assert held == dt.date.today() - dt.timedelta(days=1)
    assert "佐藤(顧客)" in page.session_label.toolTip()
    from app.core.i18n import format_date

    assert format_date(held, "ja") in page.session_label.text(), page.session_label.text()


def test_notes_can_still_be_merged_when_the_attendees_clash_too(window, qtbot, monkeypatch) -> None:
    from app.ui.window import conflict_dialog

    state = window.state
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("私の30分ぶんのメモ")
    editor.attendees.setPlainText("山田")
    other = state.workspace.__class__.open(str(state.workspace.db.url), state.workspace.library)
    try:
        run(other, update_session(state.project_id, 1, notes="佐藤さんのメモ", attendees=["佐藤"]))
    finally:
        other.close()
    offered: list[bool] = []

    def look(dialog) -> int:
        offered.append(dialog.findChild(QPushButton, "conflictMerge").isEnabled())
        return 0

    monkeypatch.setattr(conflict_dialog, "ask_conflict", look)
    ok(editor)
    assert offered == [True]


def test_100000_characters_of_notes_in_the_dialogs_do_not_freeze_them(window, qtbot, monkeypatch) -> None:
    import time

    state = window.state
    notes = "\n".join(f"{n:05d} 決定事項: 評価データは店舗Aの1万枚。宿題は顧客。" for n in range(3_000))[:100_000]
    run(state.workspace, update_session(state.project_id, 1, notes=notes))
    started = time.monotonic()
    sessions, editor, _ = open_editor(window, monkeypatch)
    assert notes_box(editor).toPlainText() == notes
    notes_box(editor).appendPlainText("追記")
    ok(editor)
    elapsed = time.monotonic() - started
    assert len(notes) + 3 <= 100_000 and state.sessions.get(state.project_id, 1).notes == notes + "\n追記"
    assert "追記" in sessions.findChild(QTextBrowser, "sessionMinutesView").toPlainText()
    assert elapsed < 5, elapsed


def test_a_switch_forced_while_the_edit_dialog_is_open_keeps_the_typing_for_the_dialog_opened_again(window, qtbot, monkeypatch) -> None:
    """(Not reachable by hand: the dialog is modal and the switch is in the window's menus and Settings.)"""
    from tests.test_breaker33a import switch_language

    _, editor, _ = open_editor(window, monkeypatch)
    editor.show()
    notes_box(editor).setPlainText("切替中のメモ")
    qtbot.wait(PAUSE_MS + 200)
    switch_language(window, "en")
    _, again, _ = open_editor(window, monkeypatch)
    assert notes_box(again).toPlainText() == "切替中のメモ" and again.windowTitle() == "Edit hearing session 1"


def test_undo_of_notes_back_after_a_crash_is_not_refused_over_a_title_never_typed(qtbot, db_path, monkeypatch) -> None:
    from tests.test_drafts_on_disk_pages import crash, other_workspace, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("クラッシュ前の私のメモ")
    qtbot.wait(PAUSE_MS + 200)
    pid, ws = window.state.project_id, other_workspace(window)
    crash(window)
    run(ws, update_session(pid, 1, title="佐藤さんが直したタイトル"))  # the colleague, after the crash
    window = restart(qtbot, db_path)
    try:
        state = window.state
        sessions, editor, _ = open_editor(window, monkeypatch)
        assert editor.title.text() == "佐藤さんが直したタイトル"
        ok(editor)
        sessions.close()
        assert state.sessions.get(pid, 1).notes == "クラッシュ前の私のメモ"
        run(ws, update_session(pid, 1, title="佐藤さんがまた直したタイトル"))
        state.undo_stack.undo()
        got = state.sessions.get(pid, 1)
        assert (got.notes, got.title) == ("", "佐藤さんがまた直したタイトル")
    finally:
        ws.close()
        close_window(window)


def test_a_draft_of_notes_back_after_a_crash_is_not_asked_about_a_title_never_typed(qtbot, db_path, monkeypatch) -> None:
    from app.ui.window import conflict_dialog
    from tests.test_drafts_on_disk_pages import crash, other_workspace, restart

    window = make_window(qtbot, db_path, global_lang="ja")
    _, editor, _ = open_editor(window, monkeypatch)
    notes_box(editor).setPlainText("クラッシュ前の私のメモ")
    qtbot.wait(PAUSE_MS + 200)
    pid, ws = window.state.project_id, other_workspace(window)
    crash(window)
    run(ws, update_session(pid, 1, title="タイトル2"))  # the colleague, after the crash
    window = restart(qtbot, db_path)
    try:
        _, editor, _ = open_editor(window, monkeypatch)
        run(ws, update_session(pid, 1, title="タイトル3"))  # and again while the dialog is open
        asked: list[list[str]] = []

        def look(dialog) -> int:
            asked.append([key for key in ("title", "notes", "attendees", "held_on")
                          if dialog.findChild(QPlainTextEdit, f"conflictTheirs_{key}") is not None])
            return 0

        monkeypatch.setattr(conflict_dialog, "ask_conflict", look)
        ok(editor)
        assert asked == []
        got = window.state.sessions.get(pid, 1)
        assert (got.notes, got.title) == ("クラッシュ前の私のメモ", "タイトル3")
    finally:
        ws.close()
        close_window(window)
