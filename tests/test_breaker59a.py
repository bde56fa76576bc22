"""breaker59a: the live customer meeting as a Japanese consultant runs it: interview mode (F11) typed key by key
(IME commits), Undo / Redo after each kind of edit, hostile values through the minutes and the hearing sheet, a
stale sheet import, a window killed mid-typing, two windows interviewing the same item. Japanese window on the demo.

Broke (strict xfails):
- Redo out of order, a step lost: type in an item (not yet saved), Ctrl+Z (the field takes the typing back), Ctrl+Z
  (the app takes back the previous item's stored answer), Ctrl+Y: the field's own redo brings the typing back and it
  is stored as a new step, which clears the app's redo: the previous item's answer can never be redone (interview and
  the hearing page alike). Fixed by fixredo (app/ui/window/keys.py RedoOrder; tests/test_fix59a_redo_order.py).
- Stale hearing sheet import: the now and later conflicts of one item share one "シートの値を使う" tick (dialogs.py:
  "Every field of the same item follows one choice"); the sheet's 'now' cannot be taken without its 'later'.
Held: interview Undo/Redo of answer -> status -> note in order, screen following; Ctrl+Z/Ctrl+Y inside a field with
typing not yet saved; an interview of a search finding nothing (項目がありません, every key harmless); a word in a
number field refused in Japanese by label, kept over Esc Esc on the page; a 100,001-character paste refused by label
and kept; progress follows status keys and their undo; undo step names Japanese, by label (answer, status, note,
answered-by, table row); follow-up owner / due typed in the interview undone one by one, in the minutes; typing undone
in a session not in the minutes, a pre-session answer undone+redone in a session not in the minutes; hostile text
(formula start, <script>, Markdown, emoji, full-width, RLO) in the minutes preview as typed; stale import preview in
Japanese (競合, labels) and undone in one step; CLI: untouched sheet with control characters / formula-like answers
round-trips to no change, field-level conflicts (app's note vs sheet's answer: no conflict), re-import idempotent,
customer formulas said as formulas, 三人 refused naming the cell and label; SIGKILL of a real window in the
interview (refused number typed, text typed 1 s before) -> both back on restart; two windows on one item: the later
one asked (by label), the earlier one's Undo refused, answer in one and note in the other both kept.
Noted, not filed: session notes (the minutes' メモ section) cannot be typed anywhere in the app; Return in a table
cell then Esc and the next item makes Qt warn "commitData called with an editor that does not belong to this view"
(a queued commit of the closed editor; the typed value is stored).
"""

from __future__ import annotations

import re
import sys

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget

from app.hearing.model import AnswerStatus
from tests.gui_helpers import settle
from tests.test_interview_keys import open_interview, press, stored

AVC = "hearing.basics.accuracy_avc"
HUMAN = "hearing.basics.accuracy_human"
USERS_DS = "hearing.prereq.users_ds"


@pytest.fixture
def window(japanese_window):
    japanese_window.show_page("hearing")
    settle(japanese_window)
    return japanese_window


def type_keys(qtbot, text: str) -> None:
    """What a Japanese input method sends when the user confirms converted text."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(QApplication.focusWidget(), event)


def test_interview_undo_takes_back_answer_status_note_in_order_and_shows_it(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    before_avc = stored(window, AVC)
    before_human = stored(window, HUMAN)
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "精度+2%")
    press(qtbot, dialog, "Ctrl+Return")  # next: the answer stored
    assert dialog.current_item_id() == HUMAN
    assert stored(window, AVC).value.endswith("精度+2%")
    press(qtbot, dialog, "3")  # status: needs follow-up
    assert stored(window, HUMAN).status == AnswerStatus.FOLLOW_UP
    press(qtbot, dialog, "M")
    type_keys(qtbot, "要確認：人手の精度")
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: stored(window, HUMAN).note.endswith("要確認：人手の精度"))
    # Undo x1: the note; the screen shows the note as it was
    press(qtbot, dialog, "Ctrl+Z")
    assert stored(window, HUMAN).note == before_human.note
    assert dialog.editor.note.toPlainText() == (before_human.note or "")
    assert stored(window, HUMAN).status == AnswerStatus.FOLLOW_UP
    # Undo x2: the status
    press(qtbot, dialog, "Ctrl+Z")
    assert stored(window, HUMAN).status == before_human.status
    # Undo x3: the answer of the previous item
    press(qtbot, dialog, "Ctrl+Z")
    assert stored(window, AVC).value == before_avc.value
    # Redo x3 in order
    press(qtbot, dialog, "Ctrl+Y")
    assert stored(window, AVC).value.endswith("精度+2%")
    press(qtbot, dialog, "Ctrl+Y")
    assert stored(window, HUMAN).status == AnswerStatus.FOLLOW_UP
    press(qtbot, dialog, "Ctrl+Y")
    assert stored(window, HUMAN).note.endswith("要確認：人手の精度")
    assert dialog.editor.note.toPlainText().endswith("要確認：人手の精度")
    dialog.accept()


def test_ctrl_z_in_the_answer_field_takes_back_the_burst_typed_and_shows_it(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    before = stored(window, AVC).value
    press(qtbot, dialog, "Return")
    field = dialog.editor.editors["value"].edit
    type_keys(qtbot, "追記")
    assert QApplication.focusWidget() is field
    press(qtbot, dialog, "Ctrl+Z")  # before the pause: the typing is taken back
    qtbot.waitUntil(lambda: stored(window, AVC).value == before)
    assert field.toPlainText() == (before or "")
    press(qtbot, dialog, "Ctrl+Y")
    qtbot.waitUntil(lambda: (stored(window, AVC).value or "").endswith("追記"))  # back, and saved after the pause
    assert field.toPlainText().endswith("追記")
    dialog.accept()


def test_interview_of_a_search_finding_nothing_says_so_in_japanese_and_keys_do_nothing(window, qtbot, monkeypatch) -> None:
    page = window.page("hearing")
    search = page.findChild(QLineEdit, "hearingSearch")
    assert search is not None
    search.setText("該当しない語句ｘｙｚ")
    qtbot.waitUntil(lambda: not page.visible_item_ids())
    monkeypatch.setattr(page, "show_interview", lambda dialog: dialog.show())
    dialog = page.open_interview()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.setFocus()
    seen: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: seen.append(f"{t.__name__}: {v}"))
    steps = window.state.undo_stack.count()
    for key in ["Right", "Left", "U", "1", "2", "3", "4", "Return", "L", "M", "B", "C", "Alt+N", "Ctrl+Return"]:
        dialog.setFocus()
        press(qtbot, dialog, key)
    assert seen == []
    assert window.state.undo_stack.count() == steps
    assert dialog.counter.text() == "項目がありません"
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_a_word_in_a_number_field_then_next_stays_and_is_said_by_label_in_japanese(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, USERS_DS)
    press(qtbot, dialog, "Return")
    field = QApplication.focusWidget()
    field.selectAll()
    type_keys(qtbot, "三人くらい")
    press(qtbot, dialog, "Ctrl+Return")
    assert dialog.current_item_id() == USERS_DS  # not moved on: the value does not fit
    text = dialog.editor.error_label.text()
    assert dialog.editor.error_label.isVisible() and text
    assert "hearing." not in text and not re.search(r"[A-Za-z]{4,}", text), text
    press(qtbot, dialog, "Esc")  # out of the field
    press(qtbot, dialog, "Esc")  # closes: the typing is kept as a draft on the page
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(window)
    editor = window.page("hearing").editor
    assert editor.item_id == USERS_DS
    assert "三人くらい" in editor.editors["value"].findChild(QLineEdit).text()


def interview_in(window, qtbot, monkeypatch, item_id: str):
    window.show_page("hearing")
    settle(window)
    window.activateWindow()
    return open_interview(window, qtbot, monkeypatch, item_id)


def test_two_windows_interviewing_the_same_item_ask_in_japanese_and_keep_both(qtbot, db_path, monkeypatch) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict
    from tests.gui_helpers import two_windows

    asked: list[str] = []

    def mine(dialog) -> int:
        asked.append("\n".join(w.text() for w in dialog.findChildren(QLabel) if w.text()))
        return answer_conflict("mine")(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", mine)
    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        da = interview_in(a, qtbot, monkeypatch, AVC)
        db = interview_in(b, qtbot, monkeypatch, AVC)
        b.watcher.timer.stop()  # B has not looked at the database again when its user types (on a slow machine its poll came first: no conflict)
        # A types first and moves on
        da.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is da)
        da.setFocus()
        press(qtbot, da, "Return")
        type_keys(qtbot, "Aの回答")
        press(qtbot, da, "Ctrl+Return")
        assert stored(a, AVC).value == "Aの回答"
        # B, showing the empty answer, types its own and moves on: asked, keeps its own
        db.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is db)
        db.setFocus()
        press(qtbot, db, "Return")
        type_keys(qtbot, "Bの回答")
        press(qtbot, db, "Ctrl+Return")
        settle(b)
        assert asked, "B's answer overwrote A's unasked"
        text = asked[0]
        assert "AVC" in text and "hearing." not in text, text
        assert stored(b, AVC).value == "Bの回答"
        # A goes back: shows B's answer, not its own
        da.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is da)
        da.setFocus()
        press(qtbot, da, "Ctrl+Shift+Return")
        assert da.current_item_id() == AVC
        qtbot.waitUntil(lambda: da.editor.editors["value"].edit.toPlainText() == "Bの回答")
        # A's Ctrl+Z (its own answer) over B's: refused and said, B's answer stays
        da.setFocus()
        press(qtbot, da, "Ctrl+Z")
        settle(a)
        assert stored(a, AVC).value == "Bの回答"
        da.accept()
        db.accept()


def stale_sheet(window, tmp_path):
    """The hearing sheet exported, then 利用者数(DS) changed in the app (now 4, later 8) and by the customer in the
    sheet (now 3, later 10)."""
    import openpyxl

    from app.hearing.answers import AnswerService
    from app.hearing.sheet import export_hearing_sheet

    state = window.state
    sheet = export_hearing_sheet(state.workspace, state.project_id, tmp_path / "ヒアリングシート.xlsx", "ja")
    AnswerService(state.workspace.db, state.workspace.library).update(state.project_id, USERS_DS, value=4, later=8)
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == USERS_DS)
    ws.cell(row=row, column=head.index("回答") + 1).value = 3
    ws.cell(row=row, column=head.index("回答(これから)") + 1).value = 10
    wb.save(sheet)
    return sheet


def run_import(window, qtbot, monkeypatch, sheet, choose) -> list:
    from PySide6.QtWidgets import QDialog

    from app.ui import messages

    page = window.page("hearing")
    said: list[str] = []
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(sheet))
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *a, **k: said.append(text))
    seen: list = []

    def exec_dialog(dialog) -> int:
        seen.append(dialog)
        choose(dialog)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", exec_dialog)
    page.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10000)
    settle(window)
    return seen


def rows_of(dialog) -> list[list[str]]:
    model = dialog.model
    return [[str(model.index(r, c).data() or "") for c in range(4)] for r in range(model.rowCount())]


def test_stale_sheet_import_preview_is_japanese_and_undone_in_one_step(window, qtbot, monkeypatch, tmp_path) -> None:
    from PySide6.QtCore import Qt

    sheet = stale_sheet(window, tmp_path)
    shown: list = []

    def take_all(dialog) -> None:
        shown.extend(rows_of(dialog))
        model = dialog.model
        heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
        shown.append(heads)
        for r in range(model.rowCount()):
            if model.change(r).conflict:
                model.setData(model.index(r, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)

    run_import(window, qtbot, monkeypatch, sheet, take_all)
    text = "\n".join(" | ".join(r) for r in shown)
    assert "利用者数(DS)" in text and "競合" in text, text
    assert "hearing." not in text and not re.search(r"\b(conflict|changed|new|Item)\b", text), text
    assert stored(window, USERS_DS).value == 3 and stored(window, USERS_DS).later == 10
    window.activateWindow()
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert stored(window, USERS_DS).value == 4 and stored(window, USERS_DS).later == 8


def test_stale_sheet_import_asks_field_by_field(window, qtbot, monkeypatch, tmp_path) -> None:
    from PySide6.QtCore import Qt

    sheet = stale_sheet(window, tmp_path)
    states: list = []

    def take_now_only(dialog) -> None:
        model = dialog.model
        conflicts = [r for r in range(model.rowCount()) if model.change(r).conflict]
        assert len(conflicts) == 2  # now and later, each its own row
        now_row = next(r for r in conflicts if model.change(r).field == "value")
        later_row = next(r for r in conflicts if model.change(r).field == "later")
        model.setData(model.index(now_row, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        states.append(model.index(later_row, 3).data(Qt.ItemDataRole.CheckStateRole))

    run_import(window, qtbot, monkeypatch, sheet, take_now_only)
    assert states == [Qt.CheckState.Unchecked]
    assert stored(window, USERS_DS).value == 3
    assert stored(window, USERS_DS).later == 8  # the app's newer later answer kept, as the user left it


KILLED_CHILD = r'''
import argparse, sys, time
sys.path.insert(0, {repo!r})
import app.features  # noqa
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from app.ui.app import build_window
from app.ui.hearing.drafts import drafts_of

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
window.show_page("hearing"); pump(0.3)
page = window.page("hearing")
page.show_interview = lambda dialog: dialog.show()
page.select_item({item!r}); pump(0.2)
dialog = page.open_interview(); pump(0.3)
dialog.editor.focus_answer(); pump(0.1)
field = QApplication.focusWidget()
field.selectAll(); ime(field, {typed!r}); pump(0.05)
dialog.next_item(); pump({pause})  # Ctrl+Enter: a word in a number field is refused, the dialog stays on it
print("READY", dialog.current_item_id(), drafts_of(window.state).count(), flush=True)
while True:
    pump(1)
'''


@pytest.mark.parametrize(("item", "typed", "pause"), [(USERS_DS, "三人くらい", 1.5), (AVC, "殺される直前の回答", 1.0)],
                         ids=["refused-number", "text"])
def test_interview_killed_mid_answer_has_the_typing_back_on_restart(qtbot, db_path, tmp_path, item, typed, pause) -> None:
    import os
    import signal
    import subprocess

    from tests.conftest import REPO, copy_database
    from tests.gui_helpers import _first_start_database, close_window, make_window
    from tests.test_breaker58a import _line

    copy_database(_first_start_database("ja"), db_path)
    script = tmp_path / "child.py"
    script.write_text(KILLED_CHILD.format(repo=str(REPO), db=str(db_path), item=item, typed=typed, pause=pause), encoding="utf-8")
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
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        again.show_page("hearing")
        settle(again)
        page = again.page("hearing")
        assert page.select_item(item)
        settle(again)
        editor = page.editor.editors["value"]
        shown = editor.edit.toPlainText() if hasattr(editor.edit, "toPlainText") else editor.edit.text()
        value = stored(again, item).value
        assert typed in shown or (value is not None and typed in str(value)), (line, shown, value)
    finally:
        close_window(again)


def test_undo_step_names_are_japanese_and_name_the_item_by_label(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    texts: list[str] = []
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "回答１")
    press(qtbot, dialog, "Esc")
    texts.append(window.state.undo_stack.undoText())
    press(qtbot, dialog, "3")
    texts.append(window.state.undo_stack.undoText())
    press(qtbot, dialog, "M")
    type_keys(qtbot, "メモ")
    press(qtbot, dialog, "Esc")
    texts.append(window.state.undo_stack.undoText())
    press(qtbot, dialog, "B")
    type_keys(qtbot, "佐藤部長")
    press(qtbot, dialog, "Esc")
    texts.append(window.state.undo_stack.undoText())
    dialog.go([r.item.id for r in dialog.refs].index("hearing.prereq.data_sources"))
    dialog.setFocus()
    rows = len(stored(window, "hearing.prereq.data_sources").value or [])
    press(qtbot, dialog, "Alt+N")
    for ch in "POS":  # each key where the focus is (the cell's editor opens at the first)
        qtbot.keyClicks(QApplication.focusWidget(), ch)
    press(qtbot, dialog, "Esc")  # the cell keeps what was typed
    dialog.setFocus()
    press(qtbot, dialog, "Right")
    assert len(stored(window, "hearing.prereq.data_sources").value) == rows + 1
    texts.append(window.state.undo_stack.undoText())
    for text in texts:
        bare = text.replace("AVC(Accuracy Value Curve)", "")
        assert text and "hearing." not in text and not re.search(r"[A-Za-z]{3,}", bare), texts
    assert all("AVC" in t for t in texts[:4]), texts
    assert "データの種類" in texts[4], texts
    dialog.accept()


def test_progress_follows_status_keys_and_their_undo(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    dialog.next_unanswered()
    item = dialog.current_item_id()
    done = dialog.progress.value()
    press(qtbot, dialog, "2")  # not applicable: counts as done
    assert stored(window, item).status == AnswerStatus.NOT_APPLICABLE
    assert dialog.progress.value() == done + 1 and dialog.progress.text() == f"{done + 1}/{len(dialog.refs)}"
    press(qtbot, dialog, "Ctrl+Z")
    assert dialog.progress.value() == done
    assert dialog.current_item_id() == item
    press(qtbot, dialog, "Ctrl+Y")
    assert dialog.progress.value() == done + 1
    dialog.accept()


def test_a_100001_character_paste_in_the_interview_is_refused_by_label_and_kept(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    before = stored(window, AVC).value
    press(qtbot, dialog, "Return")
    field = dialog.editor.editors["value"].edit
    field.insertPlainText("長" * 100_001)  # as pasted
    press(qtbot, dialog, "Ctrl+Return")
    assert dialog.current_item_id() == AVC  # not moved on
    text = dialog.editor.error_label.text()
    assert dialog.editor.error_label.isVisible() and "AVC" in text and "hearing." not in text, text[:300]
    assert "100,000" in text or "100000" in text, text[:300]
    assert not re.search(r"[A-Za-z]{4,}", text.replace("AVC(Accuracy Value Curve)", "")), text[:300]
    assert stored(window, AVC).value == before
    assert len(field.toPlainText()) == 100_001
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(window)
    page = window.page("hearing")
    assert page.editor.item_id == AVC
    assert len(page.editor.editors["value"].edit.toPlainText()) == 100_001


def start_session(window, monkeypatch, title: str = "第2回 定例", attendees: tuple[str, ...] = ("佐藤",)) -> int:
    import datetime as dt

    from app.ui.hearing.dialogs import SessionDialog

    page = window.page("hearing")
    running = window.state.sessions.current(window.state.project_id)
    if running is not None:
        page.findChild(QPushButton, "endSessionButton").click()
        settle(window)
    monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, number, parent=None: {
        "held_on": dt.date(2026, 12, 7), "title": title, "attendees": list(attendees)}))
    page.findChild(QPushButton, "startSessionButton").click()
    settle(window)
    session = window.state.sessions.current(window.state.project_id)
    assert session is not None
    return session.number


def minutes_of(window, number: int) -> str:
    from app.hearing.minutes import minutes_markdown

    return minutes_markdown(window.state.workspace, window.state.project_id, number, "ja")


def test_undo_then_redo_in_a_session_of_an_edit_made_before_it_is_not_in_the_minutes(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "事前の仮入力")
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: (stored(window, AVC).value or "").endswith("事前の仮入力"))
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    number = start_session(window, monkeypatch)
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Ctrl+Z")  # by mistake
    assert not (stored(window, AVC).value or "").endswith("事前の仮入力")
    assert window.state.sessions.current(window.state.project_id).number == number
    press(qtbot, dialog, "Ctrl+Y")  # put back at once
    assert stored(window, AVC).value.endswith("事前の仮入力")
    dialog.accept()
    window.page("hearing").findChild(QPushButton, "endSessionButton").click()
    settle(window)
    text = minutes_of(window, number)
    assert "AVC" not in text, text
    assert "このセッションで記録された回答はありません。" in text


def test_undo_in_a_session_of_what_was_typed_in_it_is_not_in_the_minutes(window, qtbot, monkeypatch) -> None:
    number = start_session(window, monkeypatch)
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "誤入力")
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "3")
    press(qtbot, dialog, "Ctrl+Z")
    press(qtbot, dialog, "Ctrl+Z")
    dialog.accept()
    window.page("hearing").findChild(QPushButton, "endSessionButton").click()
    settle(window)
    text = minutes_of(window, number)
    assert "誤入力" not in text and "AVC" not in text, text


def test_follow_up_owner_typed_in_the_interview_undone_alone_and_in_the_minutes(window, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QCheckBox

    number = start_session(window, monkeypatch)
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "価値曲線は次回")
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "3")
    owner = dialog.findChild(QLineEdit, "followupOwner") or dialog.findChild(QWidget, "followupOwner")
    assert owner is not None and owner.isVisible()
    line = owner if isinstance(owner, QLineEdit) else owner.lineEdit()
    line.setFocus()
    type_keys(qtbot, "佐藤＜営業＞")
    press(qtbot, dialog, "Esc")
    qtbot.waitUntil(lambda: stored(window, AVC).followup_owner == "佐藤＜営業＞")
    has_due = dialog.findChild(QCheckBox, "followupHasDue")
    has_due.click()
    settle(window)
    assert stored(window, AVC).followup_due is not None
    press(qtbot, dialog, "Ctrl+Z")  # the due date only
    assert stored(window, AVC).followup_due is None and stored(window, AVC).followup_owner == "佐藤＜営業＞"
    assert not has_due.isChecked()
    press(qtbot, dialog, "Ctrl+Z")  # the owner only
    assert stored(window, AVC).followup_owner in ("", None) and stored(window, AVC).status == AnswerStatus.FOLLOW_UP
    assert line.text() == ""
    press(qtbot, dialog, "Ctrl+Y")
    assert line.text() == "佐藤＜営業＞"
    dialog.accept()
    window.page("hearing").findChild(QPushButton, "endSessionButton").click()
    settle(window)
    text = minutes_of(window, number)
    assert "価値曲線は次回" in text and "担当: 佐藤＜営業＞" in text, text


def test_redo_after_undoing_typing_then_the_previous_answer_redoes_the_last_undone_first(window, qtbot, monkeypatch) -> None:
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "A1")
    press(qtbot, dialog, "Ctrl+Return")  # AVC stored: A1
    assert stored(window, AVC).value == "A1" and dialog.current_item_id() == HUMAN
    human = stored(window, HUMAN).value
    press(qtbot, dialog, "Return")
    type_keys(qtbot, "H1")  # the customer corrects himself at once
    press(qtbot, dialog, "Ctrl+Z")  # the typing taken back
    settle(window)
    assert dialog.editor.editors["value"].edit.toPlainText() == human
    press(qtbot, dialog, "Ctrl+Z")  # and the previous item's answer
    settle(window)
    assert stored(window, AVC).value is None
    press(qtbot, dialog, "Ctrl+Y")  # redo: the last thing undone comes back first
    settle(window)
    qtbot.wait(800)  # past the typing pause: nothing else is stored
    assert stored(window, AVC).value == "A1"
    assert stored(window, HUMAN).value == human
    dialog.accept()


def test_redo_on_the_hearing_page_redoes_the_last_undone_first(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    page = window.page("hearing")
    page.select_item(AVC)
    settle(window)
    page.editor.editors["value"].edit.setFocus()
    type_keys(qtbot, "A1")
    page.select_item(HUMAN)  # AVC stored as the item changes
    settle(window)
    assert stored(window, AVC).value == "A1"
    human = stored(window, HUMAN).value
    page.editor.editors["value"].edit.setFocus()
    type_keys(qtbot, "H1")
    ctrl = Qt.KeyboardModifier.ControlModifier
    for key in (Qt.Key.Key_Z, Qt.Key.Key_Z, Qt.Key.Key_Y):
        qtbot.keyClick(QApplication.focusWidget(), key, ctrl)
        settle(window)
    qtbot.wait(800)
    assert stored(window, AVC).value == "A1"
    assert stored(window, HUMAN).value == human


HOSTILE_LINE = '=HYPERLINK("http://e.vil","押して") <script>alert(1)</script> [リンク](javascript:alert(1)) **太字** 🚀 ＰｏＣ１２３ 前\u202eבדיקה後'


def test_hostile_answer_typed_in_a_session_shows_in_the_minutes_preview_exactly_as_typed(window, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QTextBrowser, QTextEdit

    number = start_session(window, monkeypatch, title="<b>第2回</b> *定例*", attendees=("佐藤 <script>", "=1+1"))
    dialog = open_interview(window, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Return")
    type_keys(qtbot, HOSTILE_LINE)
    press(qtbot, dialog, "Esc")
    press(qtbot, dialog, "M")
    type_keys(qtbot, "# 見出しではない\n> 引用ではない")
    press(qtbot, dialog, "Esc")
    dialog.accept()
    settle(window)
    page = window.page("hearing")
    monkeypatch.setattr(page, "exec_dialog", lambda d: 0)
    sessions = page.open_sessions()
    assert sessions.select_session(number)
    preview = sessions.findChild(QTextEdit, "sessionMinutesView") or sessions.findChild(QTextBrowser, "sessionMinutesView")
    shown = preview.toPlainText()
    for typed in (HOSTILE_LINE, "<b>第2回</b> *定例*", "佐藤 <script>", "=1+1", "# 見出しではない", "> 引用ではない"):
        assert typed in shown, (typed, shown[:1500])
    sessions.deleteLater()


def test_two_windows_one_types_the_answer_the_other_the_note_of_the_same_item_both_kept(qtbot, db_path, monkeypatch) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.conftest import answer_conflict
    from tests.gui_helpers import two_windows

    asked: list[str] = []

    def mine(dialog) -> int:
        asked.append("asked")
        return answer_conflict("mine")(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", mine)
    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        da = interview_in(a, qtbot, monkeypatch, AVC)
        db = interview_in(b, qtbot, monkeypatch, AVC)
        da.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is da)
        da.setFocus()
        press(qtbot, da, "Return")
        type_keys(qtbot, "Aが聞いた回答")  # not stored yet (before the pause)
        db.activateWindow()  # A's field loses the focus: its typing is stored now or at the next move
        qtbot.waitUntil(lambda: QApplication.activeWindow() is db)
        db.setFocus()
        press(qtbot, db, "M")
        type_keys(qtbot, "Bのメモ")
        press(qtbot, db, "Esc")
        settle(b)
        da.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is da)
        da.setFocus()
        press(qtbot, da, "Ctrl+Return")
        settle(a)
        answer = stored(a, AVC)
        assert answer.value == "Aが聞いた回答" and answer.note == "Bのメモ", (answer.value, answer.note, asked)
        da.accept()
        db.accept()
