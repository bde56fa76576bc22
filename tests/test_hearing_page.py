"""The Hearing page driven through its real widgets (pytest-qt)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QProgressBar

from app.hearing.answers import AnswerService
from app.hearing.checklist import ItemFilter
from app.hearing.model import AnswerStatus, HypothesisState
from app.hearing.sheet import COL, export_hearing_sheet
from app.ui import messages
from app.ui.hearing.dialogs import ImportPreviewDialog, SessionDialog
from app.ui.hearing.history_model import HistoryModel
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.show_page("hearing")
    yield win
    close_window(win)


def page_of(window):
    return window.page("hearing")


def open_item(page, qtbot, item_id: str):
    assert page.select_item(item_id)
    qtbot.waitUntil(lambda: page.editor.item_id == item_id)
    return page.editor


def stored(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id)


def test_answer_items_of_every_kind_and_find_them_after_a_restart(qtbot, db_path) -> None:
    window = make_window(qtbot, db_path)
    window.show_page("hearing")
    page = page_of(window)

    editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")  # text
    qtbot.keyClicks(editor.editors["value"].edit, "Recall 0.7 -> +2% sales")
    qtbot.waitUntil(lambda: stored(window, "hearing.basics.accuracy_avc").value == "Recall 0.7 -> +2% sales", timeout=3000)
    assert stored(window, "hearing.basics.accuracy_avc").status == AnswerStatus.ANSWERED

    editor = open_item(page, qtbot, "hearing.prereq.ethics")  # check with text, now and later
    now = editor.editors["value"]
    qtbot.mouseClick(now.box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(now.text, "gender bias")
    editor.flush()
    assert stored(window, "hearing.prereq.ethics").value == {"checked": True, "text": "gender bias"}

    editor = open_item(page, qtbot, "hearing.prereq.env_gpu")  # choice, now and later side by side
    later = editor.editors["later"].combo
    later.setCurrentIndex(later.findData("undecided"))
    later.activated.emit(later.currentIndex())
    editor.flush()
    assert (stored(window, "hearing.prereq.env_gpu").value, stored(window, "hearing.prereq.env_gpu").later) == ("yes", "undecided")

    editor = open_item(page, qtbot, "hearing.prereq.env_platform")  # multi
    options = editor.editors["later"].list
    options.item(2).setCheckState(Qt.CheckState.Checked)  # GCP as well, later
    editor.flush()
    assert stored(window, "hearing.prereq.env_platform").later == ["aws", "gcp"]

    editor = open_item(page, qtbot, "hearing.prereq.users_sre")  # number
    field = editor.editors["later"].edit
    field.clear()
    qtbot.keyClicks(field, "3")
    editor.flush()
    assert stored(window, "hearing.prereq.users_sre").later == 3

    editor = open_item(page, qtbot, "hearing.basics.poc_start")  # date
    field = editor.editors["value"].edit
    field.clear()
    qtbot.keyClicks(field, "2027-01-05")
    editor.flush()
    assert stored(window, "hearing.basics.poc_start").value == "2027-01-05"

    editor = open_item(page, qtbot, "hearing.prereq.data_sources")  # table
    table = editor.editors["value"]
    table.view.setCurrentIndex(table.model.index(2, 0))
    qtbot.mouseClick(table.addRow_button, Qt.MouseButton.LeftButton)
    assert table.model.rowCount() == 4
    table.model.setData(table.model.index(3, 0), "Store photos")
    kind_column = [c.id for c in table.model.columns].index("kind")
    table.model.setData(table.model.index(3, kind_column), "image")
    pii = [c.id for c in table.model.columns].index("personal_info")
    table.model.setData(table.model.index(3, pii), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.mouseClick(table.rowUp_button, Qt.MouseButton.LeftButton)
    editor.flush()
    rows = stored(window, "hearing.prereq.data_sources").value
    assert [r["name"] for r in rows] == ["Product images", "Product master", "Store photos", "Browsing and purchase logs"]
    assert rows[2]["kind"] == "image" and rows[2]["personal_info"] is True

    editor = open_item(page, qtbot, "hearing.prereq.concerns")  # status and note
    qtbot.mouseClick(editor.status_buttons[AnswerStatus.FOLLOW_UP], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.note, "ask the SRE lead")
    editor.flush()
    concern = stored(window, "hearing.prereq.concerns")
    assert concern.status == AnswerStatus.FOLLOW_UP and concern.note == "ask the SRE lead"
    project_id = window.state.project_id
    close_window(window)

    again = make_window(qtbot, db_path)
    try:
        again.show_page("hearing")
        page = page_of(again)
        editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")
        assert editor.editors["value"].value() == "Recall 0.7 -> +2% sales"
        assert editor.history_model.rowCount() >= 1
        editor = open_item(page, qtbot, "hearing.prereq.data_sources")
        assert editor.editors["value"].model.rowCount() == 4
        editor = open_item(page, qtbot, "hearing.prereq.concerns")
        assert editor.status_buttons[AnswerStatus.FOLLOW_UP].isChecked()
        history = again.state.answers.history(project_id, "hearing.prereq.concerns")
        assert history[-1].status == AnswerStatus.FOLLOW_UP and history[-1].note == "ask the SRE lead"
    finally:
        close_window(again)


def test_a_value_that_does_not_fit_is_shown_and_kept_until_fixed(window, qtbot) -> None:
    page = page_of(window)
    editor = open_item(page, qtbot, "hearing.prereq.users_ds")
    field = editor.editors["value"].edit
    field.clear()
    qtbot.keyClicks(field, "two")
    assert not editor.flush()
    assert editor.error_label.isVisible() and "not a number" in editor.error_label.text()
    assert stored(window, "hearing.prereq.users_ds").value == 2
    assert field.text() == "two"  # what was typed is not thrown away
    field.clear()
    qtbot.keyClicks(field, "4")
    assert editor.flush() and not editor.error_label.isVisible()
    assert stored(window, "hearing.prereq.users_ds").value == 4


def test_undo_restores_what_was_typed_and_the_editor_shows_it(window, qtbot) -> None:
    page = page_of(window)
    editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")
    qtbot.keyClicks(editor.editors["value"].edit, "first draft")
    editor.flush()
    window.undo_action.trigger()
    assert stored(window, "hearing.basics.accuracy_avc").value is None
    assert editor.editors["value"].value() == ""
    window.redo_action.trigger()
    assert editor.editors["value"].value() == "first draft"


def test_filters_and_search(window, qtbot) -> None:
    page = page_of(window)
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(ItemFilter.FOLLOW_UP))
    follow_ups = page.visible_item_ids()
    assert len(follow_ups) == 5 and "hearing.prereq.data_sources" in follow_ups
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(ItemFilter.UNANSWERED))
    unanswered = page.visible_item_ids()
    assert "hearing.basics.accuracy_avc" in unanswered and "hearing.basics.background" not in unanswered
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(ItemFilter.ALL))
    qtbot.keyClicks(page.search, "GPU")  # a label, and a cell of the external-services table
    qtbot.waitUntil(lambda: page.visible_item_ids() == ["hearing.prereq.env_gpu", "hearing.prereq.external_services"], timeout=2000)
    page.search.clear()
    qtbot.keyClicks(page.search, "gpu use")  # any case
    qtbot.waitUntil(lambda: page.visible_item_ids() == ["hearing.prereq.env_gpu"], timeout=2000)
    page.search.clear()
    qtbot.keyClicks(page.search, "SageMaker")  # found in an answer's table cells
    qtbot.waitUntil(lambda: page.visible_item_ids() == ["hearing.prereq.external_services"], timeout=2000)
    page.search.clear()
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(ItemFilter.CHANGED_SINCE))
    assert page.since_edit.isVisible()
    assert len(page.visible_item_ids()) > 30  # the demo's answers were all written today
    page.since_edit.setDate(page.since_edit.date().addDays(30))
    assert page.visible_item_ids() == []


def test_interview_mode_is_keyboard_only(window, qtbot, monkeypatch) -> None:
    page = page_of(window)
    shown = []
    monkeypatch.setattr(page, "show_interview", lambda dialog: shown.append(dialog) or dialog.show())
    page.select_item("hearing.basics.accuracy_avc")
    dialog = page.open_interview()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # its keys are its shortcuts: live in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.current_item_id() == "hearing.basics.accuracy_avc"
    big = dialog.editor.status_buttons[AnswerStatus.ANSWERED].fontInfo().pointSizeF()
    assert big > 1.4 * page.editor.status_buttons[AnswerStatus.ANSWERED].fontInfo().pointSizeF()
    dialog.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.current_item_id() == "hearing.basics.accuracy_human"
    qtbot.keyClick(dialog, Qt.Key.Key_2)  # not applicable
    assert stored(window, "hearing.basics.accuracy_human").status == AnswerStatus.NOT_APPLICABLE
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.current_item_id() == "hearing.basics.accuracy_avc"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # into the answer
    qtbot.keyClicks(dialog.focusWidget(), "typed in the meeting")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)  # back to the keys
    assert stored(window, "hearing.basics.accuracy_avc").value == "typed in the meeting"
    qtbot.keyClick(dialog, Qt.Key.Key_U)  # the next item still open, skipping what is done
    assert dialog.current_item_id() == "hearing.prereq.data_sources"
    qtbot.keyClick(dialog, Qt.Key.Key_1)
    current = dialog.current_item_id()
    assert stored(window, current).status == AnswerStatus.ANSWERED
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.editor.item_id == current  # the page follows where the interview ended


def test_hypothesis_mode(window, qtbot) -> None:
    page = page_of(window)
    qtbot.mouseClick(page.hypothesis_toggle, Qt.MouseButton.LeftButton)
    editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")
    qtbot.keyClicks(editor.editors["value"].edit, "probably +2% per 0.1 recall")
    editor.flush()
    answer = stored(window, "hearing.basics.accuracy_avc")
    assert answer.hypothesis_state == HypothesisState.HYPOTHESIS and answer.status == AnswerStatus.NOT_ASKED
    assert editor.confirm_button.isVisible()
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(ItemFilter.HYPOTHESIS))
    assert page.visible_item_ids() == ["hearing.basics.accuracy_avc"]
    qtbot.mouseClick(page.hypothesis_toggle, Qt.MouseButton.LeftButton)  # the meeting: confirm it
    qtbot.mouseClick(editor.confirm_button, Qt.MouseButton.LeftButton)
    answer = stored(window, "hearing.basics.accuracy_avc")
    assert answer.hypothesis_state == HypothesisState.CONFIRMED and answer.status == AnswerStatus.ANSWERED
    assert "confirmed" in editor.hypothesis_label.text()


def test_sessions_collect_the_answers_changed_during_them(window, qtbot, monkeypatch) -> None:
    import datetime as dt

    page = page_of(window)
    monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, number, parent=None: {
        "held_on": dt.date(2026, 12, 1), "title": "Second hearing", "attendees": ["Sato", "Yamada"]}))
    qtbot.mouseClick(page.start_session_button, Qt.MouseButton.LeftButton)
    assert "2" in page.session_label.text() and not page.start_session_button.isEnabled()
    editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")
    qtbot.keyClicks(editor.editors["value"].edit, "heard in session 2")
    editor.flush()
    qtbot.mouseClick(page.end_session_button, Qt.MouseButton.LeftButton)
    session = window.state.sessions.get(window.state.project_id, 2)
    assert session.ended_at is not None and session.attendees == ["Sato", "Yamada"]
    assert stored(window, "hearing.basics.accuracy_avc").session_id == session.id
    assert editor.history_model.data(editor.history_model.index(0, 3)) == "#2"


def test_import_a_filled_sheet_from_the_page(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    state = window.state
    sheet = export_hearing_sheet(state.workspace, state.project_id, tmp_path / "s.xlsx", "en")
    AnswerService(state.workspace.db, state.workspace.library).update(state.project_id, "hearing.prereq.users_ds", value=5)
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["hearing.prereq.users_ds"], column=COL["answer"]).value = 3  # conflicts with 5
    ws.cell(row=rows["hearing.basics.accuracy_avc"], column=COL["answer"]).value = "from the customer"
    wb.save(sheet)
    page = page_of(window)
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(sheet))
    monkeypatch.setattr(messages, "show_info", lambda *a, **k: None)
    seen = []

    def accept(dialog: ImportPreviewDialog) -> int:
        seen.append(dialog)
        model = dialog.model
        conflict_row = next(r for r in range(model.rowCount()) if model.change(r).conflict)
        model.setData(model.index(conflict_row, 3), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", accept)
    page.import_sheet_action.trigger()
    qtbot.waitUntil(lambda: stored(window, "hearing.basics.accuracy_avc").value == "from the customer", timeout=10000)
    assert stored(window, "hearing.prereq.users_ds").value == 3
    assert seen and seen[0].model.rowCount() == 2


def test_models_pass_the_model_tester(window, qtbot, qtmodeltester) -> None:
    page = page_of(window)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    editor = open_item(page, qtbot, "hearing.prereq.data_sources")
    qtmodeltester.check(editor.editors["value"].model)
    from PySide6.QtWidgets import QAbstractButton

    unnamed = [b for b in editor.findChildren(QAbstractButton) if b.isVisibleTo(editor) and not (b.accessibleName() or b.text())]
    assert unnamed == []  # the table's corner button included
    qtmodeltester.check(editor.history_model)
    assert isinstance(editor.history_model, HistoryModel)


def test_the_header_progress_follows_edits(window, qtbot) -> None:
    page = page_of(window)
    summary = window.findChild(QLabel, "progressSummary")
    before = summary.text()
    editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")
    qtbot.mouseClick(editor.status_buttons[AnswerStatus.NOT_APPLICABLE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: summary.text() != before, timeout=2000)
    assert "43/52" in summary.text()
    assert page.overall.value() == 43


def test_typing_is_saved_into_its_own_project_when_switching_or_closing(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path)
    window.show_page("hearing")
    page = page_of(window)
    demo_id = window.state.project_id
    editor = open_item(page, qtbot, "hearing.basics.accuracy_avc")
    qtbot.keyClicks(editor.editors["value"].edit, "typed just before switching")
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Second project")
    window.new_action.trigger()  # switches at once, before the save delay runs out
    assert window.state.project_id != demo_id
    answers = AnswerService(window.state.workspace.db, window.state.workspace.library)
    assert answers.answer(demo_id, "hearing.basics.accuracy_avc").value == "typed just before switching"
    assert answers.answer(window.state.project_id, "hearing.basics.accuracy_avc").value is None
    second = window.state.project_id
    editor = open_item(page, qtbot, "hearing.basics.background")
    qtbot.keyClicks(editor.editors["value"].edit, "typed just before closing")
    close_window(window)
    assert answers.answer(second, "hearing.basics.background").value == "typed just before closing"


def test_the_history_shows_the_answer_beside_the_editor(window, qtbot) -> None:
    window.resize(1400, 900)
    page = page_of(window)
    editor = open_item(page, qtbot, "hearing.basics.kpi_fermi")
    qtbot.wait(10)
    view = editor.history_view
    assert editor.history_model.rowCount() >= 1
    # The answer column is wide enough to read, without scrolling the history sideways.
    assert view.columnWidth(2) >= 100
    assert sum(view.columnWidth(c) for c in range(4)) <= view.viewport().width()
    # The tree's answer column is narrower now: its tooltip holds the whole answer.
    answer = page.model.index_of("hearing.basics.kpi_fermi").siblingAtColumn(2)
    whole = stored(window, "hearing.basics.kpi_fermi").value
    assert page.model.data(answer, Qt.ItemDataRole.ToolTipRole) == whole


def test_a_hypothesis_answered_with_key_1_in_interview_mode_is_no_longer_a_hypothesis(window, qtbot, monkeypatch) -> None:
    page = page_of(window)
    item = "hearing.basics.accuracy_avc"
    qtbot.mouseClick(page.hypothesis_toggle, Qt.MouseButton.LeftButton)  # before the meeting: a guess
    editor = open_item(page, qtbot, item)
    qtbot.keyClicks(editor.editors["value"].edit, "probably +2% per 0.1 recall")
    editor.flush()
    qtbot.mouseClick(page.hypothesis_toggle, Qt.MouseButton.LeftButton)  # the meeting
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(ItemFilter.HYPOTHESIS))
    assert page.visible_item_ids() == [item]
    status_cell = page.model.index_of(item).siblingAtColumn(1)
    assert "hypothesis" in page.model.data(status_cell)
    monkeypatch.setattr(page, "show_interview", lambda dialog: dialog.show())
    dialog = page.open_interview()  # the filtered list: the hypotheses to confirm
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # its keys are its shortcuts: live in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.current_item_id() == item and dialog.editor.confirm_button.isVisible()
    dialog.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_1)  # answered: the customer said so
    assert stored(window, item).status == AnswerStatus.ANSWERED
    assert "confirmed" in dialog.editor.hypothesis_label.text()
    assert not dialog.editor.confirm_button.isVisible()
    assert dialog.progress.value() == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.model.data(status_cell) == "Answered"  # no "· hypothesis" badge
    assert page.visible_item_ids() == []  # gone from "Hypotheses to confirm"


def test_an_empty_table_row_is_not_an_answer(window, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Empty project")
    window.new_action.trigger()
    page = page_of(window)
    summary = window.findChild(QLabel, "progressSummary")
    qtbot.waitUntil(lambda: "0/52" in summary.text(), timeout=2000)
    editor = open_item(page, qtbot, "hearing.prereq.data_sources")
    table = editor.editors["value"]
    qtbot.mouseClick(table.addRow_button, Qt.MouseButton.LeftButton)
    assert editor.flush()
    qtbot.wait(300)  # past the header's refresh delay
    assert "0/52" in summary.text() and window.findChild(QProgressBar, "hearingProgress").value() == 0
    assert editor.status_buttons[AnswerStatus.NOT_ASKED].isChecked()
    qtbot.mouseClick(editor.status_buttons[AnswerStatus.ANSWERED], Qt.MouseButton.LeftButton)
    assert editor.error_label.isVisible() and "not applicable" in editor.error_label.text()
    assert editor.status_buttons[AnswerStatus.NOT_ASKED].isChecked()  # "answered" with no row is refused
    qtbot.wait(300)
    assert "0/52" in summary.text()
    assert table.model.rowCount() == 1  # the new row stays in the editor, to be typed into
    table.model.setData(table.model.index(0, 0), "Purchase logs")
    assert editor.flush()
    qtbot.waitUntil(lambda: "1/52" in summary.text(), timeout=2000)
    assert editor.status_buttons[AnswerStatus.ANSWERED].isChecked() and not editor.error_label.isVisible()
    assert stored(window, "hearing.prereq.data_sources").value == [{"name": "Purchase logs"}]


def test_after_the_interview_switching_and_closing_touch_no_deleted_object(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path)
    window.show_page("hearing")
    page = page_of(window)
    monkeypatch.setattr(page, "show_interview", lambda dialog: dialog.show())
    dialog = page.open_interview()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # its keys are its shortcuts: live in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # closed, and the page deleted it
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Second project")
    window.new_action.trigger()  # leaving the project: every live editor saves what is pending
    assert window.state.project is not None and window.state.project.name == "Second project"
    close_window(window)  # and so does quitting
