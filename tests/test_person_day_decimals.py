"""Person-days are taken and shown as typed, down to an hour of an 8-hour day (0.125): the WBS estimate cell,
the proposal's effort cell and the progress dialog's actual effort take 3 decimals and show 0.5 and 2 without
padding zeros; a 4th decimal is refused as it is typed, and said; the Excel WBS's summary shows 0.125."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from app.hearing.sheet_cells import shown_number
from app.ui.wbs.columns import INDEX
from app.ui.widgets.number_box import NumberBox
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.tracking import baselines as store
from tests.gui_helpers import close_window, make_window, settle

# The offscreen platform cannot raise the tooltip a refused keystroke shows; not our warning.
OFFSCREEN_POPUP = r"This plugin does not support (raise\(\)|grabbing the keyboard)"


def type_keys(editor: QWidget, text: str) -> None:
    """Key by key, as typed."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def commit(editor: QWidget, text: str) -> None:
    """In one go, as an input method commits it (or a paste)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(editor, event)


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, *a, **k: shown.append(str(error)))
    win = make_window(qtbot, db_path, global_lang="ja")
    win.said = shown
    yield win
    close_window(win)


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_person_day_box_takes_an_hour_and_shows_a_number_as_typed(qtbot) -> None:
    box = NumberBox()
    qtbot.addWidget(box)
    box.set_limits(0, 1000)
    box.show_as_typed()
    box.show()
    for value, text in ((0.5, "0.5"), (2, "2"), (0, "0"), (0.125, "0.125"), (1234.75, "1234.75")):
        box.setValue(value)
        assert (box.value(), box.text()) == (value, text)
    box.setFocus()
    box.lineEdit().selectAll()
    type_keys(box.lineEdit(), "0.1255")  # a 4th decimal: refused as it is typed, and said
    assert box.text() == "0.125" and "3 decimals" in box.property("refusedText")
    box.interpretText()
    assert box.value() == 0.125
    other = NumberBox()  # a box that does not opt in shows its decimals as before
    qtbot.addWidget(other)
    other.setDecimals(2)
    other.setValue(2)
    assert other.text() == "2.00"


def open_estimate(page, qtbot, task_id: int) -> NumberBox:
    index = page.proxy.mapFromSource(page.model.index_of(task_id, INDEX["estimate_days"]))
    page.tree.setFocus()
    page.tree.setCurrentIndex(index)
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    return next(w for w in page.tree.findChildren(NumberBox) if w.objectName() == "wbsEditor_estimate" and w.isVisible())


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_an_estimate_of_an_hour_typed_or_pasted_in_the_wbs_cell_is_stored_and_shown_as_typed(window, qtbot) -> None:
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    tree = page.model.tree
    task = next(t for t in tree.walk() if not tree.has_children(t.id) and not t.milestone)
    cell = page.model.index_of(task.id, INDEX["estimate_days"])

    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    type_keys(editor.lineEdit(), "0.125")  # one hour, key by key
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert page.service.tree(page.state.project_id).tasks[task.id].estimate_days == 0.125, window.said
    assert page.model.data(cell) == "0.125"
    editor = open_estimate(page, qtbot, task.id)
    assert editor.text() == "0.125"  # opened again: as typed
    editor.lineEdit().selectAll()
    commit(editor.lineEdit(), "1.125")  # in one go
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert page.service.tree(page.state.project_id).tasks[task.id].estimate_days == 1.125, window.said
    assert page.model.data(cell) == "1.125"
    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    type_keys(editor.lineEdit(), "2")
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    editor = open_estimate(page, qtbot, task.id)
    assert editor.text() == "2" and page.model.data(cell) == "2"  # not 2.000
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Escape)
    assert window.said == []


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_a_proposal_effort_of_an_hour_typed_in_its_cell_is_stored_and_shown_as_typed(window, qtbot) -> None:
    from app.core.documents import DocumentService
    from app.core.projects import ProjectService
    from app.proposal.service import ProposalService

    fresh = ProjectService(window.state.workspace.db).create("WBS なし", lang="ja")  # no WBS: the effort is typed
    window.state.open_project(fresh.id)
    window.show_page("proposal")
    settle(window)
    page = window.page("proposal")
    page.tabs.setCurrentWidget(page.effort)
    view, model = page.effort.view, page.effort.model
    assert model.effort.source == "manual"
    index = model.index(5, 2)  # system planning, data scientist
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = next(w for w in view.findChildren(NumberBox) if w.objectName() == "daysEditor" and w.isVisible())
    editor.lineEdit().selectAll()
    type_keys(editor.lineEdit(), "0.125")
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    effort = ProposalService(DocumentService(window.state.workspace.db)).load(fresh.id).effort
    assert effort["5"] == {"ds": 0.125}, (effort, window.said)
    assert model.data(index) == "0.125"
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = next(w for w in view.findChildren(NumberBox) if w.objectName() == "daysEditor" and w.isVisible())
    assert editor.text() == "0.125"
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Escape)


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
def test_an_actual_effort_of_an_hour_typed_in_the_progress_dialog_is_stored_as_typed(window, qtbot) -> None:
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    pid = page.state.project_id
    before = store.progress(store.read(page.state.workspace, pid))
    leaf = next(t for t in page.model.tree.walk() if not page.model.tree.has_children(t.id) and t.uid not in before)
    page.select_task(leaf.id)
    page.actions_by_name["progress"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsProgressDialog" and w.isVisible())
    actual = dialog.findChild(NumberBox, "wbsProgressActual")
    assert actual.text() == "0"  # not 0.000
    actual.setFocus()
    actual.lineEdit().selectAll()
    type_keys(actual.lineEdit(), "0.125")
    dialog.findChild(QPushButton, "wbsProgressOk").click()
    assert dialog.result() == QDialog.DialogCode.Accepted, window.said
    assert store.progress(store.read(page.state.workspace, pid))[leaf.uid].actual == 0.125


def test_the_excel_wbs_summary_shows_an_estimate_of_an_hour_as_typed(workspace, tmp_path: Path) -> None:
    from app.core.projects import ProjectService
    from app.wbs.service import WbsService

    project = ProjectService(workspace.db).create("一時間", lang="ja")
    WbsService(workspace.db).add_task(project.id, title="確認", estimate_days=0.125)
    out = export_wbs_xlsx(workspace, project.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value == 0.125]
    formats = {cell.number_format for cell in cells}  # the task's row (General) and the summary's totals
    assert len(cells) > 1 and "General" in formats, formats
    assert {shown_number(0.125, code) for code in formats - {"General"}} == {"0.125"}, formats


def test_a_value_with_more_decimals_than_the_box_takes_is_kept_until_changed(qtbot) -> None:
    box = NumberBox()
    qtbot.addWidget(box)
    box.set_limits(0, 1000)
    box.show_as_typed()
    box.show()
    box.set_kept(0.0625)  # stored elsewhere (an Excel WBS, the command line): shown rounded, kept whole
    assert box.text() == "0.063" and box.kept_value() == 0.0625
    box.stepBy(1)  # an arrow: the box's value
    assert box.kept_value() == 1.063
    box.set_kept(0.0625)
    box.setFocus()
    box.lineEdit().selectAll()
    type_keys(box.lineEdit(), "0.063")  # typed as it shows: what was typed
    box.interpretText()
    assert box.kept_value() == 0.063


def test_an_estimate_stored_with_more_decimals_is_not_rounded_by_opening_its_cell(window, qtbot) -> None:
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    tree = page.model.tree
    task = next(t for t in tree.walk() if not tree.has_children(t.id) and not t.milestone)
    page.commit(page.service.update(page.state.project_id, [task.id], estimate_days=0.0625), "edit")  # half an hour
    settle(window)
    editor = open_estimate(page, qtbot, task.id)
    assert editor.text() == "0.063"
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)  # opened and closed, nothing typed
    settle(window)
    assert page.service.tree(page.state.project_id).tasks[task.id].estimate_days == 0.0625, window.said
    assert page.model.data(page.model.index_of(task.id, INDEX["estimate_days"])) == "0.0625"


def test_an_actual_effort_stored_with_more_decimals_is_kept_when_only_the_percent_changes(window, qtbot) -> None:
    from app.ui.operations import run_op

    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    pid = page.state.project_id
    before = store.progress(store.read(page.state.workspace, pid))
    leaf = next(t for t in page.model.tree.walk() if not page.model.tree.has_children(t.id) and t.uid not in before)
    run_op(page.state, store.set_progress_op(pid, leaf.id, 10, 0.0625), lambda: "progress")
    settle(window)
    page.select_task(leaf.id)
    page.actions_by_name["progress"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsProgressDialog" and w.isVisible())
    percent = dialog.findChild(NumberBox, "wbsProgressPercent")
    percent.setFocus()
    percent.lineEdit().selectAll()
    type_keys(percent.lineEdit(), "20")
    dialog.findChild(QPushButton, "wbsProgressOk").click()
    assert dialog.result() == QDialog.DialogCode.Accepted, window.said
    assert store.progress(store.read(page.state.workspace, pid))[leaf.uid] == store.Progress(20, 0.0625)


def test_an_empty_estimate_opened_and_closed_stays_empty_and_makes_no_undo_step(window, qtbot) -> None:
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    tree = page.model.tree
    task = next(t for t in tree.walk() if not tree.has_children(t.id) and not t.milestone)
    page.commit(page.service.update(page.state.project_id, [task.id], estimate_days=None), "edit")  # no estimate yet
    settle(window)
    steps = window.state.undo_stack.count()
    editor = open_estimate(page, qtbot, task.id)
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)  # opened and closed, nothing typed
    settle(window)
    assert page.service.tree(page.state.project_id).tasks[task.id].estimate_days is None, window.said
    assert window.state.undo_stack.count() == steps  # no change nobody made
    editor = open_estimate(page, qtbot, task.id)
    editor.lineEdit().selectAll()
    type_keys(editor.lineEdit(), "0")  # a 0 typed is a 0
    qtbot.keyClick(editor.lineEdit(), Qt.Key.Key_Return)
    settle(window)
    assert page.service.tree(page.state.project_id).tasks[task.id].estimate_days == 0.0, window.said


@pytest.mark.qt_log_ignore(OFFSCREEN_POPUP)
@pytest.mark.parametrize(("locale", "typed", "value"), [
    ("en_DK", "0.125", 0.125),  # the point the tables show: the decimal point, not en_DK's group separator
    ("en_DK", "0,125", 0.125),  # the locale's own decimal point
    ("ja_JP", "1,5", 15.0),  # a group separator: refused and said at the box as it is typed (Qt took it silently)
    ("en_US", "1,000", 1000.0),  # the same in a whole-number box
])
def test_a_point_is_the_decimal_point_and_a_group_separator_is_refused_and_said(qtbot, locale, typed, value) -> None:
    from PySide6.QtCore import QLocale

    from app.ui.widgets.number_box import WholeNumberBox

    box = NumberBox() if value != 1000.0 else WholeNumberBox()
    qtbot.addWidget(box)
    box.setLocale(QLocale(locale))
    if isinstance(box, NumberBox):
        box.show_as_typed()
    box.set_limits(0, 3650)
    box.show()
    box.setFocus()
    box.lineEdit().selectAll()
    type_keys(box.lineEdit(), typed)
    box.interpretText()
    assert box.value() == value
    assert bool(box.property("refusedText")) == ("," in typed and locale != "en_DK")
