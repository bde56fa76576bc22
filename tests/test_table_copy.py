"""Copying a table's selected cells (Ctrl+C): Excel's tab-separated text and an escaped HTML table, the
cells as the table shows them, hidden columns skipped."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from app.ui.wide_table.copying import grid_html, grid_text
from app.ui.wide_table.paste import parse_grid
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import open_item

TEAM = "hearing.basics.team"  # 氏名, 所属 (choice), 役割, 連絡先


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def _select(table, *blocks: tuple[int, int, int, int]) -> None:
    model, selection = table.model, table.view.selectionModel()
    selection.clearSelection()
    for top, left, bottom, right in blocks:
        selection.select(QItemSelection(model.index(top, left), model.index(bottom, right)), QItemSelectionModel.SelectionFlag.Select)


def _copy(qtbot, table):
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().mimeData()


def test_text_is_quoted_as_excel_writes_it_and_read_back_whole() -> None:
    grid = [["佐藤", 'A社 "PM"', "二行\nの役割"], ["鈴木", "tab\there", "=SUM(A1:A3)"]]
    text = grid_text(grid)
    assert text == '佐藤\t"A社 ""PM"""\t"二行\nの役割"\r\n鈴木\t"tab\there"\t=SUM(A1:A3)\r\n'
    assert parse_grid(grid_text(grid)) == grid  # a cell holding a tab too (break-it 68e)


def test_a_copied_cell_with_a_tab_and_a_windows_line_break_is_read_back_whole() -> None:
    grid = [["PM\t兼務\r\n二行目", "\t字下げ", "末尾\t"], ["x", "y", "z"]]
    assert grid_text(grid).startswith('"PM\t兼務\n二行目"\t')  # line breaks as Excel writes them: LF
    assert parse_grid(grid_text(grid)) == [["PM\t兼務\n二行目", "\t字下げ", "末尾\t"], ["x", "y", "z"]]


def test_html_escapes_every_text_and_keeps_line_breaks_in_their_cell() -> None:
    page = grid_html([['<b>x</b> & "y"', "<script>alert(1)</script>", "一\n二"]])
    assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert '一<br style="mso-data-placement:same-cell">二' in page


def test_copied_rows_show_choice_labels_and_skip_hidden_columns(window, qtbot) -> None:
    table = open_item(window, qtbot, TEAM).editors["value"]
    table.model.setData(table.model.index(0, 2), "<i>PM</i>")
    table.view.setColumnHidden(2, True)  # 役割 hidden: left out, as paste leaves it out
    _select(table, (0, 0, 1, table.model.columnCount() - 1))
    mime = _copy(qtbot, table)
    lines = mime.text().split("\r\n")
    assert lines[0].split("\t")[:2] == ["佐藤", "顧客"] and lines[1].split("\t")[:2] == ["鈴木", "顧客"]  # labels, not ids
    assert len(lines[0].split("\t")) == table.model.columnCount() - 1 and "PM" not in mime.text()
    assert mime.html().count("<tr>") == 2 and "<i>" not in mime.html()


def test_a_selection_of_separate_blocks_gives_the_rows_and_columns_it_spans(window, qtbot) -> None:
    table = open_item(window, qtbot, TEAM).editors["value"]
    _select(table, (0, 0, 0, 0), (2, 2, 2, 2))
    assert parse_grid(_copy(qtbot, table).text()) == [["佐藤", "PM"], ["田中", table.model.index(2, 2).data()]]


def test_a_worked_out_table_copies_and_says_why_it_takes_no_paste(window, qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QTableView

    from app.ui import messages
    from tests.gui_helpers import settle

    told: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *a, **k: told.append(str(text)))
    window.show_page("system-planning")
    settle(window)
    view = window.page("system-planning").findChild(QTableView, "costSummary")
    assert view.model().rowCount() > 0
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().split("\t")[0] == view.model().index(0, 0).data()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(told) == 1 and "貼り付けていません" in told[0] and view.accessibleName() in told[0]


def test_every_html_cell_is_marked_as_text_and_the_plain_text_is_as_typed() -> None:
    grid = [["=SUM(A1:A3)", "+81-3-1234", "0123"]]
    page = grid_html(grid)
    assert page.count("<td ") == 3 and page.count("mso-number-format:\"\\@\"") == 3 and page.count('sdnum="1033;0;@"') == 3
    assert grid_text(grid) == "=SUM(A1:A3)\t+81-3-1234\t0123\r\n"  # an e-mail gets exactly the text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_copied_html_cells_as_text(tmp_path) -> None:
    import openpyxl

    (tmp_path / "copied.html").write_text(grid_html([["=SUM(A1:A3)", "0123", "+81-3-1234"]]), encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--infilter=HTML (StarCalc)",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(tmp_path / "copied.html")],
                   capture_output=True, timeout=180, check=True)
    cells = [(c.value, c.data_type) for row in openpyxl.load_workbook(tmp_path / "copied.xlsx").active.iter_rows() for c in row]
    assert cells == [("=SUM(A1:A3)", "s"), ("0123", "s"), ("+81-3-1234", "s")]


def test_blanks_html_would_collapse_are_written_as_excel_writes_them() -> None:
    page = grid_html([["a b", " 前", "後 ", "一\n  二", "<b>  x"]])
    assert "<td" in page and ">a b</td>" in page  # one space between words: as it is
    spacerun = "<span style='mso-spacerun:yes'>{}</span>"
    assert spacerun.format("&nbsp;") + "前" in page and "後" + spacerun.format("&nbsp;") in page
    assert '<br style="mso-data-placement:same-cell">' + spacerun.format("&nbsp;&nbsp;") + "二" in page
    assert "&lt;b&gt;" + spacerun.format("&nbsp;&nbsp;") + "x" in page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_every_blank_of_a_copied_cell_a_tab_as_one_space(tmp_path) -> None:
    import openpyxl

    grid = [[" 前", "後 ", " ", "一\n  二", "a \n b", "a b c", "a\tb", "a \tb", "\t字下げ"]]
    (tmp_path / "copied.html").write_text(grid_html(grid), encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--infilter=HTML (StarCalc)",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(tmp_path / "copied.html")],
                   capture_output=True, timeout=180, check=True)
    cells = [c.value for row in openpyxl.load_workbook(tmp_path / "copied.xlsx").active.iter_rows() for c in row]
    assert cells == [cell.replace("\t", " ") for cell in grid[0]]  # (as spaces, never no-break ones)
