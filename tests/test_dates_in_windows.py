"""Dates in the windows follow the window's language: 2026/12/21 in Japanese, 2026-12-21 in English."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog

from app.core.i18n import format_date
from tests.gui_helpers import close_window, make_window

SHOWN = {"ja": "yyyy/MM/dd", "en": "yyyy-MM-dd"}


@pytest.fixture(params=["ja", "en"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def window(qtbot, db_path, lang, monkeypatch):
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", lang)
    win = make_window(qtbot, db_path, global_lang=lang)
    yield win
    close_window(win)


def test_the_hearing_pages_dates(window, qtbot, lang, monkeypatch) -> None:
    from app.ui.hearing.dialogs import SessionDialog

    window.show_page("hearing")
    page = window.page("hearing")
    since = page.findChild(QDateEdit, "hearingChangedSince")
    week_ago = dt.date.today() - dt.timedelta(days=7)
    assert since is not None and since.displayFormat() == SHOWN[lang] and since.text() == format_date(week_ago, lang)

    dialog = SessionDialog(2, window)
    try:
        date = dialog.findChild(QDateEdit, "sessionDate")
        assert date.displayFormat() == SHOWN[lang] and date.text() == format_date(dt.date.today(), lang)
        date.setDate(QDate(2026, 12, 1))
        assert date.text() == ("2026/12/01" if lang == "ja" else "2026-12-01")
        assert dialog.values()["held_on"] == dt.date(2026, 12, 1)
    finally:
        dialog.done(QDialog.DialogCode.Rejected)
        dialog.deleteLater()

    monkeypatch.setattr(SessionDialog, "ask", classmethod(lambda cls, number, parent=None: {
        "held_on": dt.date(2026, 12, 1), "title": "", "attendees": []}))  # fmt: skip
    qtbot.mouseClick(page.start_session_button, Qt.MouseButton.LeftButton)
    assert ("2026/12/01" if lang == "ja" else "2026-12-01") in page.session_label.text()


def test_the_wbs_date_editor_starts_with_the_date_as_the_table_shows_it(window, lang) -> None:
    from app.ui.wbs.columns import INDEX
    from app.ui.wbs.delegates import DateEditor

    window.show_page("wbs")
    page = window.page("wbs")
    pid = page.state.project_id
    tree = page.model.tree
    task = next(t for t in tree.walk() if not tree.has_children(t.id) and t.start is not None and not t.milestone)
    index = page.proxy.mapFromSource(page.model.index_of(task.id, INDEX["start"]))
    shown = page.proxy.data(index)
    assert shown == format_date(task.start, lang)
    page.tree.edit(index)
    editor = page.tree.findChild(DateEditor, "wbsEditor_start")
    assert editor is not None and editor.text() == shown
    # Committed unchanged, the date stays; typed as the table shows dates, it is read.
    page.tree.commitData(editor)
    assert page.service.tree(pid).tasks[task.id].start == task.start
    editor.setText("2031/03/04" if lang == "ja" else "2031-03-04")
    page.tree.commitData(editor)
    page.tree.closeEditor(editor, page.tree.itemDelegate().EndEditHint.NoHint)
    assert page.service.tree(pid).tasks[task.id].start == dt.date(2031, 3, 4)
    assert page.proxy.data(page.proxy.mapFromSource(page.model.index_of(task.id, INDEX["start"]))) == format_date(dt.date(2031, 3, 4), lang)


def test_a_hearing_table_date_cell_opens_as_the_window_writes_dates_and_an_untouched_one_stays(qtbot, lang) -> None:
    from PySide6.QtWidgets import QLineEdit, QWidget

    from app.core.content.model import Column, ColumnKind
    from app.ui.hearing.table_model import ChoiceDelegate, TableAnswerModel

    columns = [Column.model_validate({"id": "name", "label": {"ja": "成果物", "en": "Deliverable"}}),
               Column.model_validate({"id": "due", "label": {"ja": "期限", "en": "Due"}, "kind": ColumnKind.DATE})]
    model = TableAnswerModel(columns, lang)
    model.set_rows([{"name": "報告書", "due": "2026-12-24"}])
    delegate = ChoiceDelegate(columns, lang)
    host = QWidget()
    qtbot.addWidget(host)
    index = model.index(0, 1)
    editor = delegate.createEditor(host, None, index)
    assert isinstance(editor, QLineEdit)
    delegate.setEditorData(editor, index)
    assert editor.text() == format_date(dt.date(2026, 12, 24), lang)
    edits = []
    model.rowsEdited.connect(lambda: edits.append(1))
    delegate.setModelData(editor, model, index)  # left as it opened: nothing changes
    assert edits == [] and model.rows()[0]["due"] == "2026-12-24"
    editor.setText("2026/12/25")
    delegate.setModelData(editor, model, index)
    assert edits == [1] and model.rows()[0]["due"] == "2026/12/25"  # (made a date as the answer is saved)


def test_date_fields_hold_the_dates_a_plan_holds(window, lang) -> None:
    """A new session's date, a signature's date and the earned value's status date went to 9999/12/31
    in their widgets: each field of a new date stops at the dates a plan holds, as the project's start
    does. (A follow-up's due date is not held: it shows a stored or imported 9999/12/31 as it is, and a
    date typed outside is kept as a marked draft: tests/test_dates_in_range.py.)"""
    from app.ui.hearing.dialogs import SessionDialog
    from app.ui.wbs.tracking import BaselineDialog

    dialog, baselines = SessionDialog(2, window), BaselineDialog(window.state, "", window)
    try:
        fields = [dialog.findChild(QDateEdit, "sessionDate"), baselines.findChild(QDateEdit, "wbsStatusDate")]
        assert None not in fields
        for field in fields:
            field.setDate(QDate(9999, 12, 31))
            assert field.date() == QDate(2199, 12, 31), field.objectName()
            field.setDate(QDate(1, 1, 1))
            assert field.date() == QDate(1900, 1, 1), field.objectName()
    finally:
        for each in (dialog, baselines):
            each.done(QDialog.DialogCode.Rejected)
            each.deleteLater()
