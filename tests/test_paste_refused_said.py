"""Ctrl+V on a table that takes no paste says why, once, in the window's language (break-it 70a): a table
the app works out cannot be typed in; the Review items take their score and evidence a cell at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from tests.gui_helpers import close_window, make_window, settle


def _paste(qtbot, win, view, row: int, column: int) -> None:
    QApplication.clipboard().setText("議事録に記載済み\r\n")
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(win)


def test_ctrl_v_on_tables_that_take_no_paste_says_why_in_japanese(qtbot, db_path, said) -> None:
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("proposal")
    settle(win)
    _paste(qtbot, win, win.findChild(QTableView, "scheduleTable"), 0, 1)
    assert len(said) == 1 and "入力できないため" in said[0]
    said.clear()
    win.show_page("review")
    settle(win)
    review = win.findChild(QTableView, "reviewItems")
    model = review.model()
    editable = [c for c in range(model.columnCount()) if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable]
    _paste(qtbot, win, review, 0, editable[-1])
    assert len(said) == 1 and "貼り付けできない" in said[0] and "1 つずつ入力" in said[0]
    assert review.accessibleName() in said[0]
    close_window(win)


def _copy_rows(qtbot, view) -> str:
    from PySide6.QtCore import QItemSelectionModel

    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().clearSelection()
    for row in (0, 1):
        view.selectionModel().select(view.model().index(row, 0), flags)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


def test_rows_copied_in_japanese_paste_back_in_english_unsaid_a_source_changed_still_said(qtbot, db_path, said) -> None:
    ja = make_window(qtbot, db_path, global_lang="ja")
    ja.show_page("proposal")
    settle(ja)
    text = _copy_rows(qtbot, ja.findChild(QTableView, "problemsTable"))
    close_window(ja)
    assert text.count("\tライブラリ\r\n") == 2
    en = make_window(qtbot, db_path, global_lang="en")
    en.show_page("proposal")
    settle(en)
    view = en.findChild(QTableView, "problemsTable")
    _paste_text(qtbot, en, view, text)
    assert said == []  # the same rows, their Source in the other language: nothing left out
    _paste_text(qtbot, en, view, text.replace("\tライブラリ\r\n", "\t独自\r\n", 1))  # "Own" in Japanese: a change
    assert len(said) == 1 and "Source" in said[0]
    close_window(en)


def _paste_text(qtbot, win, view, text: str) -> None:
    QApplication.clipboard().setText(text)
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(win)
