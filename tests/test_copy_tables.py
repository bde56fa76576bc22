"""Ctrl+C in the WBS tree, the Review page's item table and the Proposal page's tables copies the selection as
the hearing's tables do (app/ui/wide_table/copying.py): tab-separated text as Excel writes it and an HTML table
whose cells are marked as text, the columns as shown (in the header's order, hidden ones skipped), a ticked box
as ✓, a date as the window shows it. Qt's own Ctrl+C copied only the current cell, as plain text.

Real widgets found by objectName in the Japanese window on the demo; the keys pressed with qtbot; what the
clipboard holds read back. The WBS tree copies each row with its outline number as the tree shows it in the
task's cell (「3.1.1  0. プロジェクト概要」), not indented with spaces: the number already says the level, and
spaces would become part of the text a spreadsheet sorts, filters and looks up by.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QTableView, QTreeView

from app.ui.wbs.columns import INDEX
from app.ui.wide_table.copying import TEXT_CELL
from tests.gui_helpers import close_window, make_window, settle, wbs_find
from tests.test_wbs_refused_drafts import typed

ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def copied(qtbot, view) -> tuple[list[list[str]], list[list[str]], str]:
    """Ctrl+C on ``view``: the clipboard's text as rows of cells, its HTML table's cells, its HTML."""
    QApplication.clipboard().clear()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QApplication.clipboard().mimeData()
    text, markup = mime.text(), mime.html()
    rows = [line.split("\t") for line in text.split("\r\n")[:-1]]
    cells = [[_cell(td) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr)] for tr in re.findall(r"<tr>(.*?)</tr>", markup)]
    return rows, cells, markup


def _cell(td: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", td)).replace("\xa0", " ")


def wbs_tree(window) -> QTreeView:
    window.show_page("wbs")
    settle(window)
    return window.findChild(QTreeView, "wbsTree")


def select_tasks(window, tree: QTreeView, *titles: str) -> None:
    """The tasks' rows selected (as Ctrl+clicks select them), the last one current."""
    page = window.page("wbs")
    tree.selectionModel().clearSelection()
    for title in titles:
        index = page.proxy.mapFromSource(page.model.index_of(wbs_find(page, title)))
        tree.selectionModel().select(index, ROWS)
        tree.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)


def shown_columns(tree: QTreeView) -> list[int]:
    header = tree.header()
    return [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))]


def test_the_wbs_tree_copies_the_selected_rows_in_outline_order_with_their_numbers(window, qtbot) -> None:
    tree = wbs_tree(window)
    select_tasks(window, tree, "データ基盤構築", "0. プロジェクト概要", "中間報告", "最終報告")
    rows, cells, markup = copied(qtbot, tree)
    assert [row[0] for row in rows] == ["2.7  中間報告", "2.8  最終報告", "3.1.1  0. プロジェクト概要", "4  データ基盤構築"]
    columns = shown_columns(tree)
    assert all(len(row) == len(columns) == 18 for row in rows)
    at = {logical: n for n, logical in enumerate(columns)}
    report = rows[0]
    # The header's order: the title, then its completion condition and the agreement beside it.
    assert columns[:3] == [INDEX["title"], INDEX["completion_condition"], INDEX["agreed"]]
    assert report[at[INDEX["agreed"]]] == "✓ 2026/11/25"  # ticked, on the date shown
    assert report[at[INDEX["milestone"]]] == "✓"
    assert report[at[INDEX["start"]]] == "2027/01/04" and report[at[INDEX["priority"]]] == "必須"
    assert rows[2][at[INDEX["agreed"]]] == "" and rows[2][at[INDEX["milestone"]]] == ""
    assert cells == rows  # the HTML holds the same cells (the number's two spaces kept) ...
    assert markup.count(TEXT_CELL) == 4 * 18  # ... every one marked as text


def test_the_wbs_tree_copies_the_columns_as_shown(window, qtbot) -> None:
    tree = wbs_tree(window)
    header = tree.header()
    header.moveSection(header.visualIndex(INDEX["priority"]), 0)
    tree.setColumnHidden(INDEX["status"], True)
    select_tasks(window, tree, "中間報告")
    rows, cells, _markup = copied(qtbot, tree)
    assert rows[0][:2] == ["必須", "2.7  中間報告"] and "未着手" not in rows[0] and len(rows[0]) == 17
    assert cells == rows


def test_a_formula_typed_into_the_wbs_copies_as_text(window, qtbot, tmp_path) -> None:
    wbs_tree(window)
    page = window.page("wbs")
    task = wbs_find(page, "データのバージョン管理")
    typed(qtbot, window, task, "title", "=SUM(A1:A3)")
    typed(qtbot, window, task, "completion_condition", "=SUM(A1:A3)")
    tree = window.findChild(QTreeView, "wbsTree")
    select_tasks(window, tree, "=SUM(A1:A3)")
    rows, cells, markup = copied(qtbot, tree)
    assert rows[0][:2] == ["4.2  =SUM(A1:A3)", "=SUM(A1:A3)"] and cells == rows
    assert f"{TEXT_CELL}=SUM(A1:A3)</td>" in markup
    if shutil.which("soffice") is not None:  # LibreOffice reads the pasted cell as text, not a formula
        assert _libreoffice_cells(tmp_path, markup)[:2] == [("4.2  =SUM(A1:A3)", "s"), ("=SUM(A1:A3)", "s")]


def _libreoffice_cells(tmp_path, markup: str) -> list:
    import openpyxl

    (tmp_path / "copied.html").write_text(markup, encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--infilter=HTML (StarCalc)",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(tmp_path / "copied.html")],
                   capture_output=True, timeout=180, check=True)
    return [(c.value, c.data_type) for row in openpyxl.load_workbook(tmp_path / "copied.xlsx").active.iter_rows() for c in row]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_tab_in_a_cell_reaches_libreoffice_as_one_space(tmp_path) -> None:
    """The known limit the README states: no HTML LibreOffice reads keeps a tab in a cell (tried: &#9;,
    white-space:pre, <pre>, mso-tab-count); the text copy keeps it (Ctrl+V in the app)."""
    from app.ui.wide_table.copying import grid_html, grid_text

    assert grid_text([["PM\t兼務", "b"]]) == '"PM\t兼務"\tb\r\n'
    assert _libreoffice_cells(tmp_path, grid_html([["PM\t兼務", "b"]])) == [("PM 兼務", "s"), ("b", "s")]


def test_the_review_table_copies_the_selected_row(window, qtbot) -> None:
    window.show_page("review")
    settle(window)
    view = window.findChild(QTableView, "reviewItems")
    model = view.model()
    view.selectionModel().setCurrentIndex(model.index(0, 1), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    rows, cells, markup = copied(qtbot, view)
    assert rows == [["特徴量に期待する性質をスキーマとして書き出している", "0.5: 手動で実施し結果を記録・共有",
                     "データ項目定義書に型・範囲・欠損の扱いを記載(手動で確認)", "✓", "", ""]]
    assert cells == rows and markup.count(TEXT_CELL) == 6


def proposal_table(window, name: str) -> QTableView:
    window.show_page("proposal")
    page = window.page("proposal")
    view = page.findChild(QTableView, name)
    settle(window)
    return view


def test_the_problems_table_copies_the_selected_rows(window, qtbot) -> None:
    view = proposal_table(window, "problemsTable")
    model = view.model()
    view.selectionModel().clearSelection()
    for row in (2, 0):
        view.selectionModel().select(model.index(row, 0), ROWS)
    rows, cells, markup = copied(qtbot, view)
    assert [len(row) for row in rows] == [5, 5]
    assert rows[0][0].startswith("データサイエンティストとソフトウェアエンジニアが対立し")
    assert rows[0][2:] == ["PoCフェーズ", "0. 導入提案", "ライブラリ"] and rows[1][2:] == ["PoCフェーズ", "2. 実験環境構築", "ライブラリ"]
    assert cells == rows and markup.count(TEXT_CELL) == 10


def test_the_effort_and_schedule_tables_copy_the_selected_cells(window, qtbot) -> None:
    view = proposal_table(window, "effortTable")
    model = view.model()
    view.selectionModel().select(QItemSelection(model.index(0, 1), model.index(1, 2)), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    rows, cells, _markup = copied(qtbot, view)
    assert rows == [["2", "0.5"], ["5.5", "3"]] and cells == rows
    schedule = window.findChild(QTableView, "scheduleTable")
    schedule.selectionModel().select(schedule.model().index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    rows, cells, _markup = copied(qtbot, schedule)
    assert rows == [["PoCフェーズ", "2026/11/23", "2027/02/15"]] and cells == rows


def test_select_all_in_the_wbs_selects_what_qt_selects_and_copies_each_cell_as_shown(window, qtbot, said) -> None:
    """The WBS tree's own select-all (one range per parent, app/ui/wbs/tree_view.py) selects the rows Qt's
    selects, with a branch inside a branch closed and under a filter; a row's texts from the model
    (WbsFilterModel.shown_texts) are each cell's as shown, a refused value kept as a draft included."""
    from app.ui.wide_table.copying import _row_texts, selected_grid
    from tests.test_wbs_refused_drafts import TASK

    tree = wbs_tree(window)
    page = window.page("wbs")
    typed(qtbot, window, wbs_find(page, TASK), "start", "2026/02/30")  # refused: kept as a draft, shown
    assert said
    nested = page.model.tree.tasks[wbs_find(page, "0. プロジェクト概要")].parent_id  # 3.1, under 3
    tree.collapse(page.proxy.mapFromSource(page.model.index_of(nested)))

    def rows_selected() -> set[tuple[int, int]]:
        return {(i.row(), i.internalId()) for i in tree.selectionModel().selectedRows()}

    def qt_rows() -> set[tuple[int, int]]:
        QTreeView.selectAll(tree)
        return rows_selected()

    for _ in range(2):  # all shown; then with the search on
        expected = qt_rows()
        tree.clearSelection()
        tree.setFocus()
        qtbot.keyClick(tree, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        assert rows_selected() == expected and len(expected) > 10
        columns = shown_columns(tree)
        grid = selected_grid(tree)
        firsts = sorted(tree.selectionModel().selectedRows(), key=lambda i: [r[0] for r in grid].index(_row_texts(i, columns)[0]))
        assert grid == [_row_texts(i, columns) for i in firsts]  # each cell's data(), a row at a time
        assert any(row[columns.index(INDEX["start"])] == "2026/02/30" for row in grid)
        page.proxy.set_criteria(type(page.proxy.criteria)(text="データ"))
        settle(window)


def test_ctrl_v_in_the_wbs_tree_says_it_takes_no_paste(window, qtbot, said) -> None:
    tree = wbs_tree(window)
    steps = window.state.undo_stack.count()
    QApplication.clipboard().setText("新しいタスク\t顧客\r\n")
    tree.setCurrentIndex(tree.model().index(1, 0))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert said == ["WBS ツリーには貼り付けできません: 何も貼り付けていません。タスクのセルに入力するか、「タスクを追加」(Insert) でタスクを追加してください。"]
    assert window.state.undo_stack.count() == steps


def test_the_problems_table_pastes_rows_below_and_over_in_one_undo_step_and_refuses_an_unknown_phase(window, qtbot, said) -> None:
    view = proposal_table(window, "problemsTable")
    model = view.model()
    before = [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())]
    QApplication.clipboard().setText("新しい課題\t新しい対策\tPoCフェーズ\t\r\n")
    view.setCurrentIndex(model.index(-1, -1))  # below the last row: an own problem added
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert model.rowCount() == len(before) + 1 and said == []
    added = [model.index(len(before), c).data() for c in range(5)]
    assert added[:2] == ["新しい課題", "新しい対策"] and added[4] == "独自"
    window.undo_action.trigger()
    settle(window)
    assert [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())] == before  # one step
    QApplication.clipboard().setText("x\ty\t運用中ではない\r\n")
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert len(said) == 1 and "運用中ではない" in said[0] and "何も貼り付けていません" in said[0]
    assert [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())] == before


def test_blank_rows_pasted_below_the_last_one_add_nothing_and_the_next_rows_follow_on(window, qtbot, said) -> None:
    """Spacer rows copied from Excel among the rows that land past the end: no row made of them, none skipped
    in the table (the rows after them land right below), all in one undo step."""
    view = proposal_table(window, "problemsTable")
    model = view.model()
    n = model.rowCount()
    before = [[model.index(r, c).data() for c in range(5)] for r in range(n)]
    steps = window.state.undo_stack.count()
    QApplication.clipboard().setText("課題A\t対策A\r\n\t\r\n \t \r\n課題B\t対策B\r\n\t\r\n課題C\t対策C\tbuild\t4\r\n")
    view.setCurrentIndex(model.index(n - 1, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert said == [] and model.rowCount() == n + 2
    assert [model.index(r, 0).data() for r in range(n - 1, n + 2)] == ["課題A", "課題B", "課題C"]
    assert [model.index(n + 1, c).data() for c in (2, 3, 4)] == ["構築フェーズ", "4. CI環境構築", "独自"]
    assert window.state.undo_stack.count() == steps + 1
    window.undo_action.trigger()
    settle(window)
    assert [[model.index(r, c).data() for c in range(5)] for r in range(model.rowCount())] == before
