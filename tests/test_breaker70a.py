"""Break-it session 70a: copy and paste across the app's tables (the WBS tree, the Review items, the Proposal's
four tables, Ctrl+V into the 課題と対策 table), as a demanding Japanese user with Excel / LibreOffice on the side.

Tried
- Ctrl+V into the problems table of Excel-shaped text: quoted cells holding a line break and a tab, CRLF row ends,
  the trailing empty line, ＰｏＣ　フェーズ (full-width letters and an ideographic space), ２, the English
  「3. Data platform」 in a Japanese window, =SUM(A1:A3), <b>x</b><script>; then Undo and Redo.
- Ctrl+C of those rows: the clipboard's text/plain and text/html (markup escaped, cells marked as text).
- A 100,000-character problem; 500 / 2,000 / 10,000 rows pasted below the last row (timed, reopened).
- Quote marks as people type them (「"A社" 山田」, a doubled quote inside a quoted cell).
- Ctrl+V onto the read-only Source column; Ctrl+V while a cell's editor is open.
- Two windows on one database: B rewords a problem, A (not reloaded) pastes into the same row's countermeasure.
- Copy the problems rows in the English window, paste them back over the same rows in the Japanese window.
- Ctrl+V on the Review items table (its score and evidence cells are typed in) and on the Proposal's effort /
  schedule tables (worked out, read-only).
- Ctrl+A, Ctrl+C in the WBS tree on a plan of 2,000 tasks (timed).

Held
- The Excel-shaped paste lands cell by cell (line break and tab kept in their cells, ＰｏＣ　フェーズ → PoCフェーズ,
  ２ → 2. 実験環境構築, 3. Data platform → 3. データ基盤構築), as one undo step; Undo gives back the table exactly,
  Redo the pasted rows exactly.
- The copy of them: text as Excel writes it (quoted cells, CRLF), =SUM as typed; HTML with <b> / <script> escaped,
  every cell marked as text, the line break as Excel's same-cell <br>.
- 100,000 characters paste whole in under a few seconds. Quote marks are read as Excel writes them.
- A paste onto the Source column is said (「出典」) and changes nothing; with an editor open the paste goes into the
  editor, the table and the undo stack untouched until it is committed.
- Two windows: A's paste into the countermeasure keeps B's rewording of the problem (both stored).
- Ctrl+A, Ctrl+C on 2,000 WBS tasks takes well under a second.

Broke
- Pasting a big sheet into 課題と対策 freezes the window: 2,000 rows pasted below the last row take about 6 s, 10,000
  rows 14-27 s (3,000: 5-9 s), the window dead meanwhile, with no word (the view's rows sized to their contents and the preview
  re-rendered: app/ui/proposal/problems_panel.py ResizeToContents, app/ui/wide_table/paste.py). (Ctrl+A, Ctrl+C
  of 5,000 WBS tasks takes half a second; the table that takes them back should not take 20.)
- Ctrl+V on the Review items table (a table whose evidence cells are typed in) does nothing and says nothing: the
  evidence copied from Excel is simply not there (app/ui/review/page.py installs Ctrl+C only). The WBS tree and
  System planning's worked-out tables say they take no paste; the Review table is silent.
- Ctrl+V on the Proposal's effort table (and the schedule table) does nothing and says nothing
  (app/ui/proposal/panels.py: install_copy only), unlike System planning's worked-out tables, which say
  「…には入力できません」.
- Rows of 課題と対策 copied in the English window and pasted back over the very same rows in the Japanese window
  say 「コピーしたセルのうち 2 個は入力できない列（出典）にあるため貼り付けていません。」 although nothing differs
  but the label's language (Library / ライブラリ): a table copied with its labels should paste without a word
  (app/ui/wide_table/paste.py _left_out compares with the cell's text in the current UI language only).
"""

from __future__ import annotations

import html
import re
import time

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QTableView, QTreeView

from app.ui.wide_table.copying import TEXT_CELL
from tests.gui_helpers import close_window, make_window, settle

ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
EXCEL = ('"一行目\n二行目"\t"対策\tタブ"\tＰｏＣ\u3000フェーズ\t２\r\n'
         "=SUM(A1:A3)\t<b>x</b><script>alert(1)</script>\t構築\t3. Data platform\r\n\r\n")


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def problems(window) -> QTableView:
    window.show_page("proposal")
    settle(window)
    return window.page("proposal").findChild(QTableView, "problemsTable")


def table(model) -> list[list]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def paste(qtbot, window, view, text: str, row: int, column: int = 0) -> None:
    QApplication.clipboard().setText(text)
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)


def copy(qtbot, view) -> tuple[str, str]:
    QApplication.clipboard().clear()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QApplication.clipboard().mimeData()
    return mime.text(), mime.html()


def select_rows(view, rows) -> None:
    view.selectionModel().clearSelection()
    for r in rows:
        view.selectionModel().select(view.model().index(r, 0), ROWS)


PASTED = [["一行目\n二行目", "対策\tタブ", "PoCフェーズ", "2. 実験環境構築", "独自"],
          ["=SUM(A1:A3)", "<b>x</b><script>alert(1)</script>", "構築フェーズ", "3. データ基盤構築", "独自"]]


def test_held_excel_shaped_paste_is_one_undo_step_and_undo_redo_are_exact(window, qtbot, said) -> None:
    view = problems(window)
    model = view.model()
    before = table(model)
    steps = window.state.undo_stack.count()
    paste(qtbot, window, view, EXCEL, model.rowCount())
    assert said == []
    after = table(model)
    assert after[len(before):] == PASTED and after[: len(before)] == before
    assert window.state.undo_stack.count() == steps + 1
    window.undo_action.trigger()
    settle(window)
    assert table(model) == before
    window.redo_action.trigger()
    settle(window)
    assert table(model) == after


def test_held_copied_rows_keep_text_as_typed_and_escape_markup_in_html(window, qtbot, said) -> None:
    view = problems(window)
    model = view.model()
    n = model.rowCount()
    paste(qtbot, window, view, EXCEL, n)
    select_rows(view, (n, n + 1))
    text, markup = copy(qtbot, view)
    assert text == ('"一行目\n二行目"\t"対策\tタブ"\tPoCフェーズ\t2. 実験環境構築\t独自\r\n'
                    "=SUM(A1:A3)\t<b>x</b><script>alert(1)</script>\t構築フェーズ\t3. データ基盤構築\t独自\r\n")
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert markup.count(TEXT_CELL) == 10 and f"{TEXT_CELL}=SUM(A1:A3)</td>" in markup
    assert '一行目<br style="mso-data-placement:same-cell">二行目' in markup
    cells = [html.unescape(re.sub(r"<[^>]+>", "", td)) for td in re.findall(r"<td[^>]*>(.*?)</td>", markup)]
    assert cells[1] == "対策\tタブ" and cells[6] == "<b>x</b><script>alert(1)</script>"


def test_held_a_100000_character_problem_pastes_whole_and_is_stored(qtbot, db_path, said) -> None:
    win = make_window(qtbot, db_path, global_lang="ja")
    view = problems(win)
    n = view.model().rowCount()
    started = time.perf_counter()
    paste(qtbot, win, view, "課" * 100_000 + "\t対策\r\n", n)
    assert time.perf_counter() - started < 15 and said == []  # (under 2 s alone: a bound a loaded machine keeps)
    assert view.model().index(n, 0).data() == "課" * 100_000
    close_window(win)
    again = make_window(qtbot, db_path, global_lang="ja")
    assert problems(again).model().index(n, 0).data() == "課" * 100_000
    close_window(again)


def test_held_quote_marks_as_people_type_them(window, qtbot, said) -> None:
    view = problems(window)
    n = view.model().rowCount()
    paste(qtbot, window, view, '"ダブル""引用"\t"A社" 山田\r\n', n)
    assert table(view.model())[n][:2] == ['ダブル"引用', '"A社" 山田'] and said == []


def test_held_paste_onto_the_source_column_is_said_and_changes_nothing(window, qtbot, said) -> None:
    view = problems(window)
    before = table(view.model())
    steps = window.state.undo_stack.count()
    paste(qtbot, window, view, "独自\r\n", 0, 4)
    assert len(said) == 1 and "出典" in said[0] and "貼り付けていません" in said[0]
    assert table(view.model()) == before and window.state.undo_stack.count() == steps


def test_held_paste_with_an_editor_open_goes_into_the_editor(window, qtbot, said) -> None:
    view = problems(window)
    model = view.model()
    before = table(model)
    steps = window.state.undo_stack.count()
    view.setCurrentIndex(model.index(0, 0))
    view.edit(model.index(0, 0))
    settle(window)
    editor = QApplication.focusWidget()
    assert editor is not view
    QApplication.clipboard().setText("貼った\r\n")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert "貼った" in editor.text()
    assert table(model) == before and window.state.undo_stack.count() == steps and said == []
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle(window)
    assert table(model) == before


def test_held_two_windows_a_paste_keeps_the_other_window_s_rewording(qtbot, db_path, said, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    view_a, view_b = problems(a), problems(b)
    view_b.model().setData(view_b.model().index(0, 0), "佐藤の課題")
    settle(b)
    paste(qtbot, a, view_a, "山田の対策\r\n", 0, 1)
    assert said == []
    close_window(a)
    close_window(b)
    c = make_window(qtbot, db_path, global_lang="ja")
    assert table(problems(c).model())[0][:2] == ["佐藤の課題", "山田の対策"]
    close_window(c)


def test_held_select_all_copy_of_2000_wbs_tasks_is_quick(qtbot, demo, workspace, db_path, said) -> None:
    from tests.test_breaker45d import big_wbs

    big_wbs(workspace, demo.id, 2000)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    settle(win)
    tree = win.findChild(QTreeView, "wbsTree")
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    started = time.perf_counter()
    text, markup = copy(qtbot, tree)
    took = time.perf_counter() - started
    close_window(win)
    assert took < 4.0 and text.count("\r\n") >= 2000 and markup.count("<tr>") == text.count("\r\n")


def test_broke_a_big_sheet_pasted_into_problems_freezes_the_window(window, qtbot, said) -> None:
    """(Timed here at 4.6-9 s for 3,000 rows, now 1.9 s: what made it slow is checked, not the clock, which a loaded
    machine stretches.) Every row was sized to its text on each change: now the rows in sight are, the others when
    scrolled to; and the preview lays out the first problems only (tests/test_big_problems_paste.py)."""
    view = problems(window)
    n = view.model().rowCount()
    paste(qtbot, window, view, "".join(f'"課題{i}\n二行目\n三行目"\t対策{i}\r\n' for i in range(3000)), n)
    assert view.model().rowCount() == n + 3000 and said == []
    one_line = view.verticalHeader().defaultSectionSize()
    sized = [r for r in range(n, n + 3000) if view.rowHeight(r) > one_line]
    assert len(sized) < 200, len(sized)  # the rows in sight only (each of the 3,000 has three lines): not all sized
    view.scrollToBottom()
    settle(window)
    assert view.rowHeight(n + 2999) > one_line  # scrolled to: sized as tall as its three lines

def test_broke_ctrl_v_on_the_review_table_is_silent(window, qtbot, said) -> None:
    window.show_page("review")
    settle(window)
    view = window.findChild(QTableView, "reviewItems")
    model = view.model()
    before = table(model)
    editable = [c for c in range(model.columnCount()) if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable]
    assert editable  # the score and evidence cells are typed in
    paste(qtbot, window, view, "議事録に記載済み\r\n", 0, editable[-1])
    # either pasted into the evidence cell, or told why not: never nothing at all
    assert table(model) != before or len(said) == 1


@pytest.mark.parametrize("name", ["effortTable", "scheduleTable"])
def test_broke_ctrl_v_on_the_proposal_s_worked_out_tables_is_silent(window, qtbot, said, name) -> None:
    problems(window)
    view = window.findChild(QTableView, name)
    before = table(view.model())
    paste(qtbot, window, view, "9\t9\r\n", 0, 1)
    assert table(view.model()) == before
    assert len(said) == 1  # as System planning's tables: 「…には入力できません: 何も貼り付けていません。」


def test_broke_rows_copied_in_english_paste_back_in_japanese_with_a_note_about_nothing(qtbot, db_path, said) -> None:
    en = make_window(qtbot, db_path, global_lang="en")
    view = problems(en)
    select_rows(view, (0, 1))
    text, _markup = copy(qtbot, view)
    close_window(en)
    assert text.count("\tLibrary\r\n") == 2
    ja = make_window(qtbot, db_path, global_lang="ja")
    view = problems(ja)
    before = table(view.model())
    steps = ja.state.undo_stack.count()
    paste(qtbot, ja, view, text, 0)
    held = table(view.model()) == before and ja.state.undo_stack.count() == steps
    close_window(ja)
    assert held  # the same rows: nothing changes ...
    assert said == []  # ... and nothing is said to be left out
