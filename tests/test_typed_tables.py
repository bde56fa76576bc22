"""Typed tables (system planning, the hearing's data sources) on the demo, through their real widgets.

Every cell opens an editor by double-click, F2 and typing over it, also once its value is a
stored number; a value that does not fit is kept as a draft, shown as invalid, never dropped.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QLabel, QLineEdit, QMessageBox

from app.core.content.model import AnswerKind, ColumnKind
from app.system_planning import service as sp
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from tests.gui_helpers import close_window, make_window

DATA_SOURCES = "hearing.prereq.data_sources"
SAMPLE = {ColumnKind.TEXT: "typed", ColumnKind.NUMBER: "12", ColumnKind.DATE: "2026-01-05"}


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_text", lambda _parent, title, *_a, **_k: asked.append(title))  # never blocks
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)  # nor does closing
    win = make_window(qtbot, db_path)
    win.asked_text = asked
    yield win
    close_window(win)


def typed_tables(window) -> list[str]:
    library = window.state.workspace.library
    ids = [item.id for item in library.all_items() if item.kind == AnswerKind.TABLE and item.id.startswith(sp.SYSTEM_PLANNING + ".")]
    return [*ids, DATA_SOURCES]


def open_item(window, qtbot, item_id: str):
    page = window.page("hearing" if item_id.startswith("hearing.") else "system-planning")
    window.show_page(page.page_id)
    assert page.select_item(item_id)
    qtbot.waitUntil(lambda: page.editor.item_id == item_id)
    return page.editor


def stored(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id).value


def fill_first_row(window, editor) -> None:
    """A first row with a stored, valid value in every typed cell (numbers stored as numbers)."""
    table = editor.editors["value"]
    if table.model.rowCount() == 0:
        table.model.insertRows(0, 1)
    for n, column in enumerate(table.model.columns):
        if column.kind == ColumnKind.CHOICE:
            table.model.setData(table.model.index(0, n), column.options[0].id)
        elif column.kind in SAMPLE and table.model.index(0, n).data(Qt.ItemDataRole.EditRole) in ("", None):
            table.model.setData(table.model.index(0, n), SAMPLE[column.kind])
    assert editor.flush()


def cell_editor(table):
    """The editor open in the table view, if any."""
    if table.view.state() != QAbstractItemView.State.EditingState:
        return None
    return table.view.indexWidget(table.view.currentIndex())


def double_click(qtbot, view, pos) -> None:
    """A user's double-click: QTest's sends the double-click event alone, which a view ignores."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def type_over(qtbot, table, text: str):
    """Type on the selected cell: the first key opens its editor, the rest go into that editor."""
    qtbot.keyClick(table.view, text[0])
    widget = cell_editor(table)
    if widget is not None:
        qtbot.keyClicks(widget, text[1:])
    return widget


def close_editor(qtbot, table, widget, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Return commits, and so does Escape (what was typed is kept, as in the large editor); Qt closes the
    editor at the next event loop pass."""
    qtbot.keyClick(widget, key)
    qtbot.waitUntil(lambda: table.view.state() != QAbstractItemView.State.EditingState, timeout=1000)


def test_every_cell_of_every_typed_table_opens_an_editor_and_numbers_commit(window, qtbot) -> None:
    for item_id in typed_tables(window):
        editor = open_item(window, qtbot, item_id)
        fill_first_row(window, editor)
        table = editor.editors["value"]
        view = table.view
        for n, column in enumerate(table.model.columns):
            if column.kind == ColumnKind.BOOL:
                continue  # a check box: a click or Space toggles it
            index = table.model.index(0, n)
            where = f"{item_id}[{column.id}]"
            view.scrollTo(index)
            view.setCurrentIndex(index)
            view.setFocus()
            qtbot.keyClick(view, Qt.Key.Key_F2)
            widget = cell_editor(table)
            assert widget is not None, f"F2 opens no editor in {where}"
            assert window.asked_text == []  # not the window's F2 (rename the project)
            close_editor(qtbot, table, widget, Qt.Key.Key_Escape)
            if column.kind != ColumnKind.NUMBER:
                continue
            assert isinstance(stored(window, item_id)[0][column.id], int | float), where
            rect = view.visualRect(index)
            double_click(qtbot, view, rect.center())
            widget = cell_editor(table)
            assert isinstance(widget, QLineEdit), f"double-click opens no editor in {where}"
            assert widget.text() == str(stored(window, item_id)[0][column.id])  # the stored number, to change
            widget.selectAll()
            qtbot.keyClicks(widget, "1,500")
            close_editor(qtbot, table, widget)
            view.setFocus()
            widget = type_over(qtbot, table, "34")
            assert isinstance(widget, QLineEdit), f"typing opens no editor in {where}"
            close_editor(qtbot, table, widget)
            assert editor.flush()
            assert stored(window, item_id)[0][column.id] == 34, where
            assert index.data().startswith("34"), where


@pytest.mark.parametrize(
    ("item_id", "column_id"),
    [(sp.PROCESSES, "volume"), (sp.COST_ITEMS, "unit_price"), ("system_planning.cost.fx_rates", "rate")],
)
def test_an_invalid_number_is_kept_as_a_draft_and_the_status_bar_says_so(window, qtbot, monkeypatch, item_id, column_id) -> None:
    editor = open_item(window, qtbot, item_id)
    table = editor.editors["value"]
    if table.model.rowCount() == 0:
        fill_first_row(window, editor)
    number = [c.id for c in table.model.columns].index(column_id)
    before = stored(window, item_id)
    save_state = window.findChild(QLabel, "saveState")
    index = table.model.index(0, number)
    table.view.scrollTo(index)
    table.view.setCurrentIndex(index)
    table.view.setFocus()
    close_editor(qtbot, table, type_over(qtbot, table, "2M"))
    assert not editor.flush()
    assert editor.error_label.isVisible() and "not a number" in editor.error_label.text()
    assert "1 draft not saved" in save_state.text()

    other = "system_planning.requirements.user"
    other_before = stored(window, other)
    other_editor = open_item(window, qtbot, other)  # leaving keeps the draft; nothing is saved anywhere
    assert stored(window, item_id) == before and stored(window, other) == other_before
    assert "1 draft not saved" in save_state.text()
    assert not other_editor.error_label.isVisible()  # the draft belongs to its own item
    qtbot.keyClicks(other_editor.editors["value"].edit, " (edited)")
    assert other_editor.flush()  # another item saved: the draft is still not
    assert "1 draft not saved" in save_state.text() and "Saved" not in save_state.text()

    editor = open_item(window, qtbot, item_id)
    table = editor.editors["value"]
    index = table.model.index(0, number)
    assert index.data() == "2M"  # kept as typed, the rest of the table too
    assert table.model.rowCount() == len(before)
    assert all(table.model.index(0, n).data(Qt.ItemDataRole.EditRole) == before[0].get(c.id, "")
               for n, c in enumerate(table.model.columns) if n != number)
    assert isinstance(index.data(Qt.ItemDataRole.BackgroundRole), QBrush)  # shown invalid
    assert "not a number" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert editor.error_label.isVisible()

    # (Closing keeps it on disk for the next start, without asking: tests/test_hearing_drafts_kept.py.)

    table.model.setData(index, "2,000,000")
    assert editor.flush()
    assert stored(window, item_id)[0][column_id] == 2000000
    assert save_state.text().startswith("Saved") and not editor.error_label.isVisible()
    assert drafts_of(window.state).count() == 0


@pytest.mark.parametrize("item_id", [DATA_SOURCES, sp.PROCESSES])
def test_escape_in_a_cell_keeps_the_typing_and_undo_takes_it_back(window, qtbot, item_id) -> None:
    """The page's table answers (hearing and system planning) keep a cell's typing on Escape, as their large
    editor does (the same table, one behaviour); an Escape with nothing typed changes nothing; Undo takes it back."""
    fill_first_row(window, open_item(window, qtbot, item_id))
    open_item(window, qtbot, DATA_SOURCES if item_id != DATA_SOURCES else sp.PROCESSES)
    editor = open_item(window, qtbot, item_id)  # shown again: the typing below is an undo step of its own
    table = editor.editors["value"]
    view, column = table.view, next(n for n, c in enumerate(table.model.columns) if c.kind == ColumnKind.TEXT)
    before = stored(window, item_id)[0][table.model.columns[column].id]
    for typed in ("", "受領データの説明" * 25):
        view.setCurrentIndex(table.model.index(0, column))
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_F2)
        widget = cell_editor(table)
        assert isinstance(widget, QLineEdit)
        if typed:
            widget.setText(typed)
        close_editor(qtbot, table, widget, Qt.Key.Key_Escape)
        assert editor.flush()
        assert stored(window, item_id)[0][table.model.columns[column].id] == (typed or before)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the window's Undo
    qtbot.waitUntil(lambda: stored(window, item_id)[0][table.model.columns[column].id] == before)
    assert table.model.index(0, column).data(Qt.ItemDataRole.EditRole) == before
