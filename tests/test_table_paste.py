"""Pasting cells copied from Excel into a hearing table: rows added as needed, a choice by its label,
one undo step, and a value that does not fit kept as typed (the answer then says why)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.wide_table.paste import parse_grid
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import open_item, stored

TEAM = "hearing.basics.team"  # 氏名, 所属 (choice: 自社 / 顧客 / ベンダ), 役割, ...


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def test_cells_copied_from_excel_are_read_as_rows_of_cells() -> None:
    assert parse_grid("佐藤\t自社\tPM\r\n鈴木\t顧客\tPL\r\n") == [["佐藤", "自社", "PM"], ["鈴木", "顧客", "PL"]]
    assert parse_grid('"二行の\nメモ"\tx\n') == [["二行の\nメモ", "x"]]  # a cell with a line break, as Excel quotes it
    assert parse_grid("") == [] and parse_grid("\n") == []
    # Copied blank cells are cells (they clear what they land on), the last row too; only the row the final line
    # break makes is no row (break-it 69h).
    assert parse_grid("PM\tpm@x\r\n\t\r\n") == [["PM", "pm@x"], ["", ""]]
    assert parse_grid("a\r\n\r\n") == [["a"], [""]] and parse_grid("a\r\n\r") == [["a"], [""]]
    assert parse_grid("\ta\r\n\t") == [["", "a"], ["", ""]]  # (no final line break: the last row is a row)


def test_pasting_rows_from_excel_adds_them_as_one_undo_step(window, qtbot) -> None:
    editor = open_item(window, qtbot, TEAM)
    table = editor.editors["value"]
    before = stored(window, TEAM).value
    n = len(before)
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(n - 1, 0))  # the last row: the second pasted row is added
    QApplication.clipboard().setText("佐藤 花子\t自社\n鈴木 一郎\t顧客\n")
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.flush()
    rows = stored(window, TEAM).value
    assert len(rows) == n + 1
    assert (rows[n - 1]["name"], rows[n - 1]["side"]) == ("佐藤 花子", "us")  # the label 自社 stored as its option
    assert (rows[n]["name"], rows[n]["side"]) == ("鈴木 一郎", "customer")
    assert rows[n - 1].get("role") == before[n - 1].get("role")  # columns past the pasted ones untouched
    window.undo_action.trigger()
    assert stored(window, TEAM).value == before


def test_a_pasted_value_that_does_not_fit_is_kept_as_typed_and_marked(window, qtbot) -> None:
    editor = open_item(window, qtbot, TEAM)
    table = editor.editors["value"]
    before = stored(window, TEAM).value
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, 1))  # 所属
    QApplication.clipboard().setText("取引先\n")  # not one of 自社 / 顧客 / ベンダ
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rows()[0]["side"] == "取引先"  # on screen as pasted, nothing lost
    editor.flush()
    assert stored(window, TEAM).value == before  # not saved until it fits
    # Corrected in the table, it is saved (and closing the window asks nothing).
    table.model.setData(table.model.index(0, 1), "顧客")
    assert editor.flush()
    assert stored(window, TEAM).value[0]["side"] == "customer"


def test_cells_past_the_last_column_are_not_dropped_without_a_word(window, qtbot, monkeypatch) -> None:
    from app.ui import messages

    said: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _parent, text, *a, **k: said.append(text))
    editor = open_item(window, qtbot, TEAM)
    table = editor.editors["value"]
    last = table.model.columnCount() - 1
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, last))  # 連絡先, the last column
    QApplication.clipboard().setText("sato@example.jp\t余り1\t余り2\r\n")
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rows()[0][table.model.columns[last].id] == "sato@example.jp"
    assert len(said) == 1 and "2" in said[0] and "貼り付けていません" in said[0]  # in the window's language
    assert editor.flush()


def test_a_quoted_cell_holding_crlf_or_cr_is_one_cell_with_line_breaks_as_lf() -> None:
    assert parse_grid('"一行目\r\n二行目"\tsato@example.jp\r\n') == [["一行目\n二行目", "sato@example.jp"]]
    assert parse_grid('"一行目\r二行目"\tx\r') == [["一行目\n二行目", "x"]]  # CR-only line breaks (old Mac)
    assert parse_grid('"a\r\nb"\r\n"c\nd"\r\n') == [["a\nb"], ["c\nd"]]  # one column: each quoted cell whole
    assert parse_grid('p\t"a\r\n""b"""\tq\r\nr\ts\tt\r\n') == [["p", 'a\n"b"', "q"], ["r", "s", "t"]]


def test_quotes_spanning_excel_rows_stay_cells_of_their_own() -> None:
    # Ditto marks one above another, and a ditto mark over an inch mark: reading the CRLF inside would
    # break the rectangle Excel copies, so the line breaks end rows.
    assert parse_grid('"\r\n"\r\n"\r\n') == [['"'], ['"'], ['"']]
    assert parse_grid('A\t"\r\nモニタ 27"\tB\r\nC\tD\r\n') == [["A", '"'], ['モニタ 27"', "B"], ["C", "D"]]


def test_a_quoted_cell_holding_a_tab_is_one_cell_as_excel_quotes_it() -> None:
    assert parse_grid('佐藤\t"PM\t兼務"\tsato@example.jp\r\n') == [["佐藤", "PM\t兼務", "sato@example.jp"]]
    assert parse_grid('"a\t""b"""\r\n"c\td\ne"\r\n') == [['a\t"b"'], ["c\td\ne"]]
    # What the tab-in-quotes reading must not take: ditto marks side by side, a cell beginning with a
    # quote mark and a later one (next row) ending with one, and a quote mark opening a cell and one
    # closing a later cell of its row, when the rows copied are a rectangle only so.
    assert parse_grid('"\t"\r\n') == [['"', '"']] and parse_grid('"\t\t"\r\n') == [['"', "", '"']]
    assert parse_grid('"暫定\t自社\r\nモニタ 27"\t顧客\r\n') == [['"暫定', "自社"], ['モニタ 27"', "顧客"]]
    assert parse_grid('"A社\tB"\tC\r\nD\tE\tF\r\n') == [['"A社', 'B"', "C"], ["D", "E", "F"]]
