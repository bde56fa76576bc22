"""課題と対策: a blank cell pasted (Ctrl+V) over a library row's countermeasure does what typing a blank does
(the row's own wording taken back: the library's shows), and says once, in the UI language, why the cell keeps
the library's wording, rather than let the text come back without a word; typing a blank says the same."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def problems(window) -> QTableView:
    window.show_page("proposal")
    settle(window)
    return window.page("proposal").findChild(QTableView, "problemsTable")


def paste(qtbot, window, view, text: str, row: int, col: int) -> None:
    QApplication.clipboard().setText(text)
    view.setCurrentIndex(view.model().index(row, col))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)


def test_a_blank_pasted_over_a_library_countermeasure_is_said_once_as_typing_it(window, qtbot, said) -> None:
    view = problems(window)
    model = view.model()
    library = model.index(0, 1).data()
    assert library and model.rows()[0].ref  # row 1 came from the library
    model.setData(model.index(0, 1), "自分の対策")
    settle(window)
    paste(qtbot, window, view, "新しい課題\t\r\n別の課題\t\r\n", 0, 0)  # rows 1 and 2: a problem and a blank countermeasure
    assert [model.index(r, 0).data() for r in (0, 1)] == ["新しい課題", "別の課題"]
    assert model.index(0, 1).data() == library  # as typing a blank does: the library's wording
    assert model.index(1, 1).data()
    assert len(said) == 1, said  # said once for both cells
    assert "1, 2行目" in said[0] and "対策" in said[0] and "ライブラリ" in said[0], said
    typed = model.rows()
    model.setData(model.index(0, 1), "")  # typing a blank: the same, and said the same way
    settle(window)
    assert model.rows() == typed and len(said) == 2 and "1行目" in said[1]


def test_a_pasted_text_over_a_library_row_says_nothing(window, qtbot, said) -> None:
    view = problems(window)
    paste(qtbot, window, view, "新しい対策\r\n", 0, 1)
    assert view.model().index(0, 1).data() == "新しい対策" and said == []
