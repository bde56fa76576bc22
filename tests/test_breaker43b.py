"""breaker43b: the Hearing page (every kind of answer, tables, notes, follow-ups, hypotheses, interview mode)
and the Kickoff proposal page, as a demanding Japanese MLOps consultant (window A, 山田) and a colleague
(window B, 佐藤) sharing the demo project on one database (two MainWindow instances, both in Japanese).

"Has not looked since" below means: B commits, and A acts before its once-a-second poll has shown B's change
(the user clicks or types within that second; a meeting where both fill the same hearing makes it common).

Tried and held:
- a follow-up owner typed in A while B saved another owner for the same item: asked (conflict dialog, mine
  kept when chosen), nothing lost (its labels, though, are a defect below);
- a proposal section typed in A (keys typed into the section's editor) while B saved the same section: the
  conflict dialog is asked and, choosing mine, A's text is what is stored and shown;
- a hearing sheet exported, a table answer's row changed in B afterwards, the same row deleted on the sheet by
  openpyxl and imported on the command line (`import hearing-sheet ... --yes`, in-process main): a conflict
  (「競合」), the app's row with B's change kept, and window A, open on the item, shows the rows unchanged;
- also seen and not kept as tests: the same table row deleted on the sheet after the app changed it, CLI
  --dry-run: the app's row that taking the sheet would remove is listed (「アプリの2行目(書き出し後にアプリで
  追加・変更。シートの値を採用すると消えます)」) and kept.
- read in the code, not run here: Undo of a hearing edit restores only while the whole answer is as the step
  left it (a note or status changed since by B refuses it); proposal section edits are saved per keystroke as
  field patches, so an Undo over B's later change of the same section is refused; the watcher holds another
  window's change while a cell editor is open; a UI language switch commits the open cell and saves the
  typing first (MainWindow.set_ui_lang -> leave_project).
- not tried within the time-box: a window process killed with SIGKILL while typing (breaker40a did the
  conflict-dialog case), formulas and huge values in an imported sheet through the window, the effort table
  (read-only on the demo: it has a WBS).

Defects (strict xfails, each asserting what the user should get):
- the conflict dialog for a follow-up owner typed in A while B changed it names the field by its
  internal id: 「followup_owner」 in the Japanese dialog (app/ui/window/conflict_dialog._field_label knows
  only value / later / note / answered_by, so the due date and done go the same way by the code);
- a status clicked in A (対象外) while B had just marked the item 要フォロー (with a note saying what to
  check): B's status is overwritten silently, no conflict asked (ItemEditor.set_status saves the status
  without the answer shown as its base), although the README says nothing is overwritten silently and that
  a status in a conflict is shown by its label, one side or the other;
- Confirm hypothesis in A (the customer nods at the guess on A's screen, 仮説X) while B had just corrected the
  guess to 仮説Y: Y is recorded as the customer's confirmed answer (回答済, 確認済) without A ever seeing it,
  no question asked (AnswerService.confirm_hypothesis confirms whatever is stored now).
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from app.hearing.model import AnswerStatus, HypothesisState
from app.hearing.sheet import export_hearing_sheet
from app.proposal.content import proposal_content
from app.proposal.service import ProposalService
from app.ui.window import conflict_dialog
from tests.gui_helpers import settle, two_windows
from tests.test_nothing_lost_gui import open_item, stored

BACKGROUND = "hearing.basics.background"  # 背景・課題 (text)
KPI = "hearing.basics.kpi_business"  # ビジネス視点でのKPI (text)
TASKS = "hearing.basics.tasks_roles"  # 作業内容と役割分担 (a table: task, role, assignee)
INTERNAL_FIELD = re.compile(r"\b(followup_\w+|answered_by|hypothesis_\w+|value|later|status)\b")


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """Window A (山田) and window B (佐藤) on one database, in Japanese, on the demo."""
    with two_windows(qtbot, db_path, monkeypatch) as pair:
        yield pair


@pytest.fixture
def asked(monkeypatch):
    """The conflict dialogs shown (every text on them), answered "use mine"."""
    shown: list[list[str]] = []

    def on_screen(dialog) -> int:
        texts = [w.text() for w in dialog.findChildren(QLabel)] + [w.title() for w in dialog.findChildren(QGroupBox)]
        texts += [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)]
        texts += [w.text() for w in dialog.findChildren(QPushButton)]
        shown.append(texts)
        dialog._done(conflict_dialog.Choice("mine"))
        return 1

    monkeypatch.setattr(conflict_dialog, "ask_conflict", on_screen)
    return shown


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def pid(window) -> int:
    return window.state.project_id


# --- held -------------------------------------------------------------------------------------------


def test_a_proposal_section_typed_over_the_colleagues_change_of_it_is_asked_and_kept(two, qtbot, asked, said) -> None:
    a, b = two
    section = [s.id for s in proposal_content(a.state.workspace.library).template.sections][0]
    pages = []
    for window in (a, b):
        window.show_page("proposal")
        page = window.page("proposal")
        qtbot.waitUntil(lambda page=page: page.inputs is not None, timeout=10000)
        pages.append(page)
    page_a, page_b = pages
    lang = page_a.lang
    edit_b = page_b.sections.editor(section).edit
    edit_b.setFocus()
    edit_b.selectAll()
    qtbot.keyClicks(edit_b, "Sato")  # B saves the section (each keystroke is saved)
    edit_a = page_a.sections.editor(section).edit  # A has not looked since
    edit_a.setFocus()
    edit_a.selectAll()
    qtbot.keyClicks(edit_a, "Yamada")
    settle(a)
    assert asked, "no conflict asked"
    assert ProposalService(a.state.documents).load(pid(a)).texts[section][lang] == "Yamada"
    assert edit_a.toPlainText() == "Yamada"
    assert not [s for s in said if "CRASH" in s]


def test_a_sheet_deleting_a_row_the_colleague_changed_since_keeps_the_colleagues_row(two, qtbot, db_path, said, tmp_path) -> None:
    from app.main import main

    a, b = two
    editor = open_item(a, qtbot, TASKS)
    sheet = export_hearing_sheet(a.state.workspace, pid(a), tmp_path / "tasks.xlsx", "ja")
    rows = stored(b, TASKS).value
    rows[1] = dict(rows[1], assignee="佐藤(後で変更)")
    b.state.answers.update(pid(b), TASKS, value=rows)  # after the export
    wb = openpyxl.load_workbook(sheet)
    wb["作業内容と役割分担"].delete_rows(3)  # the customer deleted the second row
    wb.save(sheet)
    assert main(["--db", str(db_path), "--lang", "ja", "import", "hearing-sheet", str(sheet), "--project", str(pid(a)), "--yes"]) == 0
    assert stored(a, TASKS).value == rows
    seen(a)
    model = editor.editors["value"].model
    assert [model.index(r, 2).data() for r in range(model.rowCount())][1] == "佐藤(後で変更)"


# --- defects ----------------------------------------------------------------------------------------


def test_the_follow_up_conflict_dialog_names_the_field_in_japanese(two, qtbot, asked, said) -> None:
    a, b = two
    b.state.answers.update(pid(b), BACKGROUND, status="follow_up", note="予算の出どころを確認")
    seen(a)
    editor = open_item(a, qtbot, BACKGROUND)
    owner = editor.findChild(QLineEdit, "followupOwner")
    assert owner is not None and owner.isVisible()
    b.state.answers.update(pid(b), BACKGROUND, followup_owner="佐藤")  # A has not looked since
    owner.setFocus()
    owner.insert("田中A")  # as an input method commits it (no key typed: the suggestions' popup stays shut)
    assert editor.flush()
    assert asked, "no conflict asked"
    assert stored(a, BACKGROUND).followup_owner == "田中A"  # mine, as chosen
    internal = [t for t in asked[0] if INTERNAL_FIELD.search(t)]
    assert not internal, internal


def test_the_follow_up_due_date_and_done_in_a_conflict_are_named_and_shown_in_japanese(two, qtbot, asked, said) -> None:
    a, b = two
    b.state.answers.update(pid(b), BACKGROUND, status="follow_up", note="予算の出どころを確認")
    seen(a)
    editor = open_item(a, qtbot, BACKGROUND)
    b.state.answers.update(pid(b), BACKGROUND, followup_due="2026-12-21", followup_done=True)  # A has not looked since
    editor.findChild(QCheckBox, "followupHasDue").click()  # a due date (today's), where A saw none
    done = editor.findChild(QCheckBox, "followupDone")
    done.click()
    done.click()  # done, then not after all: not done, where A saw it not done and B has since set it done
    assert editor.flush()
    assert asked, "no conflict asked"
    internal = [t for t in asked[0] if INTERNAL_FIELD.search(t)]
    assert not internal, internal
    assert {"フォローアップの期限", "フォローアップ完了", "2026/12/21", "完了", "未完了"} <= set(asked[0]), asked[0]
    now = stored(a, BACKGROUND)
    assert (now.followup_due, now.followup_done) == (dt.date.today(), False)  # mine, as chosen


def test_a_status_clicked_over_the_colleagues_status_set_since_is_asked(two, qtbot, asked, said) -> None:
    a, b = two
    editor = open_item(a, qtbot, BACKGROUND)
    settle(a)
    assert stored(a, BACKGROUND).status == AnswerStatus.ANSWERED
    b.state.answers.update(pid(b), BACKGROUND, status="follow_up", note="佐藤: 背景は部長に再確認")  # A has not looked since
    editor.findChild(QPushButton, "status_not_applicable").click()
    settle(a)
    told = " ".join(said) + a.save_label.text() + editor.error_label.text()
    assert asked or stored(a, BACKGROUND).status == AnswerStatus.FOLLOW_UP, (stored(a, BACKGROUND).status, told)


def test_confirming_a_hypothesis_the_colleague_corrected_since_is_asked(two, qtbot, asked, said) -> None:
    a, b = two
    b.state.answers.update(pid(b), KPI, value="回遊率 +5%(仮説)", as_hypothesis=True)
    seen(a)
    editor = open_item(a, qtbot, KPI)
    assert editor.editors["value"].edit.toPlainText() == "回遊率 +5%(仮説)"
    button = editor.findChild(QPushButton, "confirmHypothesisButton")
    assert button is not None and button.isVisible()
    b.state.answers.update(pid(b), KPI, value="購買率 +2%(佐藤の修正案)", as_hypothesis=True)  # A has not looked since
    button.click()  # the customer nods at what A's screen shows
    settle(a)
    now = stored(a, KPI)
    confirmed_unseen = now.hypothesis_state == HypothesisState.CONFIRMED and now.value != "回遊率 +5%(仮説)"
    assert asked or not confirmed_unseen, (now.value, now.hypothesis_state, said)


# --- the fixes, further -----------------------------------------------------------------------------


def test_a_status_in_a_conflict_is_shown_by_its_name_and_keeping_theirs_saves_nothing(two, qtbot, said, monkeypatch) -> None:
    a, b = two
    shown: list[list[str]] = []

    def keep_theirs(dialog) -> int:
        shown.append([w.text() for w in dialog.findChildren(QLabel)] + [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit)])
        assert not dialog.merge_button.isEnabled()  # a status is one side or the other
        dialog._done(conflict_dialog.Choice("theirs"))
        return 1

    monkeypatch.setattr(conflict_dialog, "ask_conflict", keep_theirs)
    editor = open_item(a, qtbot, BACKGROUND)
    moved: list[str] = []
    editor.statusSet.connect(moved.append)
    b.state.answers.update(pid(b), BACKGROUND, status="follow_up")  # A has not looked since
    steps = a.state.undo_stack.index()
    editor.findChild(QPushButton, "status_not_applicable").click()
    settle(a)
    assert shown and {"状態", "要フォロー", "対象外"} <= set(shown[0]), shown
    assert not [t for t in shown[0] if INTERNAL_FIELD.search(t)]
    assert stored(a, BACKGROUND).status == AnswerStatus.FOLLOW_UP
    assert editor.status_buttons[AnswerStatus.FOLLOW_UP].isChecked()
    assert (moved, a.state.undo_stack.index()) == ([], steps)  # nothing saved: no step, the interview stays
    assert editor.error_label.isHidden()


def test_a_status_clicked_over_nothing_changed_since_is_saved_without_asking(two, qtbot, asked, said) -> None:
    a, b = two
    editor = open_item(a, qtbot, BACKGROUND)
    b.state.answers.update(pid(b), BACKGROUND, note="佐藤のメモ")  # another field: no matter
    editor.findChild(QPushButton, "status_not_applicable").click()
    settle(a)
    assert not asked
    assert (stored(a, BACKGROUND).status, stored(a, BACKGROUND).note) == (AnswerStatus.NOT_APPLICABLE, "佐藤のメモ")


def test_confirm_refused_over_a_changed_guess_says_so_in_japanese_and_shows_the_new_guess(two, qtbot, asked, said) -> None:
    a, b = two
    b.state.answers.update(pid(b), KPI, value="回遊率 +5%(仮説)", as_hypothesis=True)
    seen(a)
    editor = open_item(a, qtbot, KPI)
    b.state.answers.update(pid(b), KPI, value="購買率 +2%(佐藤の修正案)", as_hypothesis=True)  # A has not looked since
    button = editor.findChild(QPushButton, "confirmHypothesisButton")
    button.click()
    settle(a)
    assert stored(a, KPI).hypothesis_state == HypothesisState.HYPOTHESIS
    told = editor.error_label.text()
    assert editor.error_label.isVisible() and "「ビジネス視点でのKPI」" in told and "上書き" in told, told
    assert editor.editors["value"].edit.toPlainText() == "購買率 +2%(佐藤の修正案)"  # the guess now, to look at again
    button.click()  # the customer nods at it
    settle(a)
    now = stored(a, KPI)
    assert (now.value, now.hypothesis_state) == ("購買率 +2%(佐藤の修正案)", HypothesisState.CONFIRMED)

