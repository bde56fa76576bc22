"""breaker45c: undo / redo (Ctrl+Z / Ctrl+Shift+Z, Edit menu) after every kind of edit on the pages other than
the WBS, in the Japanese and the English window, as a demanding user (widgets found by objectName; the stored
data read back through the core services after each step; the windows activated so that focus moves as it does
for a user). Scratch files under /tmp/breaker45c.

Tried and held:
- Hearing, every answer kind (text, number now / later, date, choice, check, multi): an edit, Undo, Redo, Undo:
  the stored answer equals the one before / after at each step, in ja and en; the Edit menu names the item by
  its label in the window's language (「利用者数(DS)」を編集 / Edit “Users: data scientists”).
- Ctrl+Z pressed in the pause after typing (number, later number, answered-by, note) after a saved note: takes
  back only that typing (the note stays), Ctrl+Shift+Z brings it back, Ctrl+Z again takes it back.
- Table rows (data sources, the system plan's processes and cost items): a row moved, removed, added and typed,
  cells pasted with Ctrl+V: Undo / Redo / Undo give the stored rows and the rows shown before / after (a paste
  into a choice column that does not fit stays a marked draft; Redo does not bring a refused draft back, as for
  the environment forms).
- Hypothesis mode: a guess typed, 仮説を確認, a correction typed over it: each undoes and redoes exactly, the
  hypothesis line (仮説です… / 仮説を修正しました。元の仮説: …) follows (guarded below); follow-up owner and done: undo / redo
  exact, the fields show it.
- Typing in progress never lost: a hearing table cell, the process table, a cost cell, the review evidence
  cell, a proposal problem cell, a proposal section, the hearing note, an environment field: on closing the
  window mid-typing (saved, or for a refused value kept as a draft and counted at the next start), on a UI
  language switch mid-typing (saved, one undo step named in the new language, Undo takes it back), on a page
  switch by Ctrl+2 with a cell editor open (saved).  (A page switch made by code with no active window leaves a
  cell editor's typing held until the page is shown again: a test artefact, not a user's path.)
- Environment field typed, the window language switched before the pause, Ctrl+Z in the field: the stored
  value and the field go back, Redo brings the typing back.
- Proposal: Ctrl+Z in a section in its typing pause takes back only that typing, a second Ctrl+Z the section
  before (as the README says); the document-language combo switched mid-typing saves the typing in the language
  it was typed in.
- System planning: price kind and region combos undo / redo, the capacity total follows; their Edit-menu texts
  follow a window-language switch (料金のリージョンをap-northeast-1にする / Price the plan in region ...).
- Review: evidence typed, the window language switched with the cell editor open: saved as one step named in
  the new language, Undo / Redo exact.
- Project Properties (name, customer, PoC start) saved as one step: Undo / Redo exact, title bar and switcher
  follow; archiving (no undo step) then Undo brings the old properties back and keeps the project archived
  (guarded below).

Defects (each a strict xfail first, then fixed: the step names the section in the window's language, as it is when shown):
- A project whose document language is Japanese, the window switched to English (Settings): typing into a
  proposal section puts “Undo Edit “課題と対策案”” in the Edit menu (the section title in the document's
  language, captured when typed), although every other undo step is named in the window's language (hearing
  items: “Edit “Background and problem”” for a Japanese answer) and the template holds the English title; the
  mirror case, an English project in the Japanese window, shows 「Problems and countermeasures」を編集. The
  step's name also stays as it was after a later switch of the window language
  (app/ui/proposal/page.py _section_edited / _section_reset).
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDateEdit, QLabel, QLineEdit

from tests.gui_helpers import close_window, make_window, open_hearing_item, proposal_section, settle

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def undo_text(window) -> str:
    return window.findChild(QAction, "undoAction").text()


def undo(window) -> None:
    window.findChild(QAction, "undoAction").trigger()
    settle(window)


def redo(window) -> None:
    window.findChild(QAction, "redoAction").trigger()
    settle(window)


def answer(window, item_id: str):
    found = window.state.answers.answer(window.state.project_id, item_id)
    return None if found is None else found.model_dump(exclude={"updated_at", "content_version"})


@pytest.fixture
def no_confirm(monkeypatch):
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)


def test_hypothesis_confirm_and_correction_undo_and_redo_exactly(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    window.activateWindow()
    item = "hearing.basics.kpi_technical"
    editor = open_hearing_item(window, qtbot, item)
    page = window.page("hearing")
    toggle = page.findChild(QAbstractButton, "hypothesisModeToggle")
    original = answer(window, item)
    toggle.click()
    field = editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    field.insertPlainText("仮説の値")
    assert editor.flush()
    settle(window)
    guessed = answer(window, item)
    toggle.click()
    page.editor.findChild(QAbstractButton, "confirmHypothesisButton").click()
    settle(window)
    confirmed = answer(window, item)
    assert undo_text(window).endswith("仮説を確定")
    undo(window)
    assert answer(window, item) == guessed
    redo(window)
    assert answer(window, item) == confirmed
    undo(window)
    undo(window)
    assert answer(window, item) == original
    redo(window)
    assert answer(window, item) == guessed
    field = page.editor.editors["value"].edit
    field.setFocus()
    field.selectAll()
    field.insertPlainText("訂正した値")
    assert page.editor.flush()
    settle(window)
    corrected = answer(window, item)
    state = page.editor.findChild(QLabel, "hypothesisState")
    assert "元の仮説: 仮説の値" in state.text()
    undo(window)
    assert answer(window, item) == guessed and page.editor.editors["value"].edit.toPlainText() == "仮説の値"
    redo(window)
    assert answer(window, item) == corrected and "元の仮説" in state.text()
    assert said == []
    close_window(window)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_properties_undo_and_redo_and_undo_after_archiving(qtbot, db_path, said, lang, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang=lang)
    pid = window.state.project_id

    def project():
        p = window.state.projects.get(pid)
        return (p.name, p.customer, p.start_date, p.archived)

    def fill(dialog):
        dialog.findChild(QLineEdit, "projectNameEdit").setText("改名プロジェクト")
        dialog.findChild(QLineEdit, "projectCustomerEdit").setText("新しい顧客")
        dialog.findChild(QCheckBox, "projectStartSet").setChecked(True)
        dialog.findChild(QDateEdit, "projectStartEdit").setDate(QDate(2027, 2, 3))
        dialog.apply()
        return dialog.result()

    monkeypatch.setattr(window, "exec_dialog", fill)
    before = project()
    window.findChild(QAction, "projectPropertiesAction").trigger()
    settle(window)
    after = project()
    assert after[:3] != before[:3]
    text = undo_text(window)
    assert (JAPANESE.search(text) is None) if lang == "en" else ("プロパティ" in text)
    undo(window)
    assert project() == before and window.switcher.currentText() == before[0]
    redo(window)
    assert project() == after and window.switcher.currentText() == after[0]
    window.findChild(QAction, "archiveProjectAction").trigger()
    settle(window)
    undo(window)  # archiving is no step: the properties go back, the project stays archived
    assert project() == (*before[:3], True)
    assert said == []
    close_window(window)


@pytest.mark.parametrize(("start", "switch_to"), [("ja", "en"), ("en", "ja")])
def test_the_proposal_section_undo_step_is_named_in_the_window_language(qtbot, db_path, said, no_confirm, start, switch_to) -> None:
    window = make_window(qtbot, db_path, global_lang=start)  # the demo's document language is `start`
    window.activateWindow()
    window.set_ui_lang(switch_to)  # Settings ▸ Language
    settle(window)
    page, section_id, field = proposal_section(window, qtbot, 1)
    QTest.keyClicks(field, " more")
    settle(window)
    text = undo_text(window)
    assert window.state.undo_stack.count() == 1
    if switch_to == "en":
        assert JAPANESE.search(text) is None, text  # today: "&Undo Edit “課題と対策案”"
    else:
        assert re.search(r"[A-Za-z]{3,}", text.replace("(&U)", "")) is None, text  # today: 元に戻す(&U) 「Problems and countermeasures」を編集
    assert said == []
    close_window(window)
