"""fix24c: the People dialog's form saved before another person is shown (a refusal said, the table
kept on the person typed for); the proposal's problems table asked about between two windows shown as
the table shows it, and merged when the two sides changed different rows."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

import app.ui.window.conflict_dialog as conflict_dialog
from app.proposal.rows import own_wording
from app.proposal.service import ProposalService
from app.ui import messages
from app.wbs.resources import people as store
from tests.gui_helpers import close_window, make_window, settle


def proposal_page(window, qtbot):
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.inputs is not None and page.settled(), timeout=10000)
    page.tabs.setCurrentWidget(page.problems)
    return page


def open_people(window):
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())


def stored(window) -> dict[str, store.Person]:
    return {p.name: p for p in store.read(window.state.workspace, window.state.project_id)}


def current_name(dialog) -> str | None:
    index = dialog.table.selectionModel().currentIndex()
    return dialog.model.people[index.row()].name if index.isValid() else None


@pytest.fixture
def window(japanese_window):
    return japanese_window


@pytest.fixture
def said(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *_a: shown.append(str(error)))
    return shown


def test_picking_another_person_saves_the_form_as_one_undo_step_and_shows_the_one_picked(window, said) -> None:
    dialog = open_people(window)
    before = stored(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.days_off.setText("2026/12/28..2026/12/31")
    dialog.percent.setValue(60)
    dialog.table.selectRow(dialog.model.row_of("田中"))
    assert said == []
    assert stored(window)["高橋"].days_off == {dt.date(2026, 12, d) for d in range(28, 32)} and stored(window)["高橋"].percent == 60
    assert dialog.name.text() == "田中" and current_name(dialog) == "田中"
    assert window.undo_action.text().endswith("要員を編集")
    window.undo_action.trigger()  # both fields back at once
    assert stored(window) == before
    dialog.reject()


def test_picking_a_person_with_nothing_typed_saves_nothing(window, said) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    undo = window.undo_action.text()
    dialog.days_off.setText(dialog.days_off.text().replace("..", "〜"))  # the same days written another way
    dialog.table.selectRow(dialog.model.row_of("田中"))
    dialog.table.selectRow(dialog.model.row_of("鈴木"))
    assert window.undo_action.text() == undo and said == []
    assert dialog.name.text() == "鈴木"
    dialog.reject()


def test_days_off_refused_on_picking_another_person_are_said_and_the_form_stays_on_the_person_typed_for(window, said) -> None:
    dialog = open_people(window)
    before = stored(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    typed = "2026/12/29、12月30日"
    dialog.days_off.setText(typed)
    dialog.table.selectRow(dialog.model.row_of("田中"))
    assert len(said) == 1 and "12月30日" in said[0]
    assert stored(window) == before
    assert dialog.name.text() == "高橋" and dialog.days_off.text() == typed and current_name(dialog) == "高橋"
    dialog.days_off.setText("2026/12/29")  # corrected: the next pick saves it
    dialog.table.selectRow(dialog.model.row_of("田中"))
    assert stored(window)["高橋"].days_off == {dt.date(2026, 12, 29)} and dialog.name.text() == "田中"
    dialog.reject()


def test_new_person_saves_the_form_first_and_a_new_person_typed_is_added_when_another_is_picked(window, said) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("鈴木"))
    dialog.days.setValue(3)
    dialog.findChild(QPushButton, "wbsPersonNew").click()
    assert stored(window)["鈴木"].days_per_week == 3
    assert dialog.name.text() == "" and current_name(dialog) is None
    dialog.name.setText("伊藤")
    dialog.table.selectRow(dialog.model.row_of("田中"))
    assert "伊藤" in stored(window) and dialog.name.text() == "田中" and said == []
    dialog.findChild(QPushButton, "wbsPersonNew").click()
    dialog.days.setValue(2)  # no name: refused, said, the blank form kept
    dialog.table.selectRow(dialog.model.row_of("田中"))
    assert len(said) == 1 and dialog.name.text() == "" and dialog.days.value() == 2 and current_name(dialog) is None
    dialog.reject()


# --- the problems table asked about between two windows -------------------------------------------------


@pytest.fixture
def two(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    yield a, b
    close_window(b)
    close_window(a)


def asked(monkeypatch, choice: str) -> list:
    dialogs: list = []

    def record(dialog) -> int:
        dialogs.append({"merge": dialog.merge_button.isEnabled(),
                        "texts": [w.toPlainText() for w in dialog.findChildren(QPlainTextEdit) if w.objectName().startswith(("conflictTheirs", "conflictMine"))]})  # fmt: skip
        from tests.conftest import answer_conflict

        return answer_conflict(choice)(dialog)

    monkeypatch.setattr(conflict_dialog, "ask_conflict", record)
    return dialogs


def stored_rows(window) -> list:
    doc = ProposalService(window.state.documents).load(window.state.project_id)
    return [(own_wording(r, "problem", "ja"), own_wording(r, "countermeasure", "ja")) for r in doc.rows or []]


def test_problems_changed_in_different_rows_in_two_windows_are_merged(two, qtbot, monkeypatch) -> None:
    a, b = two
    dialogs = asked(monkeypatch, "merged")
    page_a, page_b = proposal_page(a, qtbot), proposal_page(b, qtbot)
    assert page_b.problems.model.setData(page_b.problems.model.index(1, 0), "Bが直した課題")
    assert page_a.problems.model.setData(page_a.problems.model.index(0, 1), "Aが直した対策")
    assert not dialogs  # (different rows merge unasked, row by row: app/proposal/row_merge.py; a cell both changed is asked)
    rows = stored_rows(a)
    assert rows[0][1] == "Aが直した対策" and rows[1][0] == "Bが直した課題"  # both kept
    assert page_a.problems.model.index(1, 0).data() == "Bが直した課題"
    a.undo_action.trigger()  # A's edit was one step: B's row stays, A's goes
    settle(a)
    rows = stored_rows(a)
    assert rows[1][0] == "Bが直した課題" and rows[0][1] != "Aが直した対策"


def test_problems_changed_in_the_same_row_in_two_windows_offer_no_merge_and_keep_theirs(two, qtbot, monkeypatch) -> None:
    a, b = two
    dialogs = asked(monkeypatch, "theirs")
    page_a, page_b = proposal_page(a, qtbot), proposal_page(b, qtbot)
    assert page_b.problems.model.setData(page_b.problems.model.index(0, 0), "Bが直した課題")
    assert page_a.problems.model.setData(page_a.problems.model.index(0, 0), "Aが直した課題")
    assert len(dialogs) == 1 and not dialogs[0]["merge"]
    assert stored_rows(a)[0][0] == "Bが直した課題"
    assert page_a.problems.model.index(0, 0).data() == "Bが直した課題"  # shown: A's next edit starts from it


def test_a_section_whose_text_is_kept_as_theirs_shows_theirs(two, qtbot, monkeypatch) -> None:
    a, b = two
    asked(monkeypatch, "theirs")
    page_a, page_b = proposal_page(a, qtbot), proposal_page(b, qtbot)
    section = next(iter(page_a.sections.editors))
    edit_b = page_b.sections.editor(section).edit
    edit_b.selectAll()
    edit_b.insertPlainText("Bの文。")
    edit_a = page_a.sections.editor(section).edit
    edit_a.selectAll()
    edit_a.insertPlainText("Aの文。")
    assert ProposalService(a.state.documents).load(a.state.project_id).texts[section][page_a.lang] == "Bの文。"
    assert edit_a.toPlainText() == "Bの文。"


def test_closing_the_people_dialog_saves_the_typing_and_a_refusal_keeps_it_open(window, said) -> None:
    dialog = open_people(window)
    before = stored(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.percent.setValue(40)
    dialog.days_off.setText("12月28日から来年1月40日")  # not a date: refused
    dialog.reject()  # Close / Escape / ×
    assert dialog.isVisible() and len(said) == 1, said
    assert dialog.days_off.text() == "12月28日から来年1月40日" and stored(window) == before
    dialog.days_off.setText("2026/12/28")
    dialog.reject()
    assert not dialog.isVisible()
    assert stored(window)["高橋"].percent == 40 and stored(window)["高橋"].days_off == {dt.date(2026, 12, 28)}
    window.undo_action.trigger()  # one step
    assert stored(window) == before
