"""A big sheet pasted into 課題と対策 (break-it 70a): the rows in sight sized to their text, the others when
scrolled to; the preview lays out the first problems only and says so below them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.ui.proposal.preview import PREVIEW_PROBLEMS
from tests.gui_helpers import close_window, make_window, settle


def test_a_big_paste_sizes_the_rows_in_sight_and_the_preview_is_cut_with_a_word(qtbot, db_path, said) -> None:
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("proposal")
    settle(win)
    page = win.page("proposal")
    view = page.findChild(QTableView, "problemsTable")
    n = view.model().rowCount()
    QApplication.clipboard().setText("".join(f'"課題{i}\n二行目\n三行目"\t対策{i}\r\n' for i in range(300)))
    view.setCurrentIndex(view.model().index(n, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(win)
    assert view.model().rowCount() == n + 300 and said == []
    one_line = view.verticalHeader().defaultSectionSize()
    view.scrollToBottom()
    settle(win)
    last = view.model().rowCount() - 1
    assert view.rowHeight(last) > one_line  # three lines in sight: as tall as they are
    text = page.preview.toPlainText()
    assert f"課題 {n + 300} 件のうち最初の {PREVIEW_PROBLEMS} 件" in text
    assert f"課題{PREVIEW_PROBLEMS - n - 1}" in text and f"課題{PREVIEW_PROBLEMS - n}\n" not in text
    close_window(win)
