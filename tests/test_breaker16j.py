"""breaker16j: cells copied from Excel and pasted into hearing tables (Ctrl+V), as a Japanese consultant
pastes them in a meeting. Strict xfails are defects (the reason says what the user sees); the rest held."""

from __future__ import annotations

import contextlib

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QLineEdit, QTableView

import app.ui.window.conflict_dialog as conflict_dialog
from app.main import main
from app.ui.wide_table.paste import parse_grid
from tests.conftest import answer_conflict
from tests.gui_helpers import close_window, make_window
from tests.test_nothing_lost_gui import open_item, stored

TEAM = "hearing.basics.team"  # 氏名, 所属 (自社 / 顧客 / ベンダ), 役割, 連絡先
DELIVERABLES = "hearing.basics.deliverables"  # 成果物, アウトプットイメージ, 顧客提出 (tick), 期限 (date)
SCHEDULE = "hearing.basics.schedule"  # マイルストーン, 日付, 種別, 備考
COSTS = "system_planning.cost.items"  # 初期/ランニング, インフラ/開発工数, 項目, 単価, 数量, 単位, 通貨


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def paste(qtbot, table, text: str, row: int | None, column: int = 0) -> None:
    """Click a cell (or none), copy ``text`` as Excel puts it on the clipboard, press Ctrl+V."""
    table.view.setFocus()
    table.view.setCurrentIndex(QModelIndex() if row is None else table.model.index(row, column))
    QApplication.clipboard().setText(text)
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def open_table(window, qtbot, item_id: str):
    if item_id.startswith("system_planning."):
        window.show_page("system-planning")
        page = window.page("system-planning")
        assert page.select_item(item_id)
        qtbot.waitUntil(lambda: page.editor.item_id == item_id)
        editor = page.editor
    else:
        editor = open_item(window, qtbot, item_id)
    return editor, editor.editors["value"]


@contextlib.contextmanager
def rows_removed_after(editor, table, n: int):
    """Whatever the test finds, the pasted rows past ``n`` are removed and saved (no draft asks on close)."""
    try:
        yield
    finally:
        if table.model.rowCount() > n:
            table.model.removeRows(n, table.model.rowCount() - n)
        editor.flush()


# --- defects ------------------------------------------------------------------------------------------


def test_a_cell_beginning_with_a_quote_mark_does_not_swallow_the_rows_after_it(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    n = len(stored(window, TEAM).value)
    with rows_removed_after(editor, table, n):
        paste(qtbot, table, '"暫定\t自社\r\n鈴木\t顧客\r\n', None)  # Excel quotes a cell only when it holds a line break
        assert [(r.get("name"), r.get("side")) for r in table.model.rows()[n:]] == [('"暫定', "us"), ("鈴木", "customer")]


def test_quote_marks_inside_a_cell_are_kept(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    n = len(stored(window, TEAM).value)
    with rows_removed_after(editor, table, n):
        paste(qtbot, table, '"A社" 山田\t顧客\r\n', None)
        assert table.model.rows()[n]["name"] == '"A社" 山田'


def test_an_empty_cell_in_a_single_copied_column_clears_its_cell(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    before = stored(window, TEAM).value
    assert before[1].get("role")
    paste(qtbot, table, "PM\r\n\r\nDS\r\n", 0, 2)  # 役割 of rows 1-3; Excel writes an empty cell as an empty line
    assert editor.flush()
    rows = stored(window, TEAM).value
    assert (rows[0].get("role"), rows[2].get("role")) == ("PM", "DS")
    assert not rows[1].get("role")


def test_ctrl_v_pastes_in_the_large_editor_too(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    before = stored(window, TEAM).value
    dialog = table.open_large_editor()
    try:
        qtbot.waitExposed(dialog)
        view = next(v for v in dialog.findChildren(QTableView) if v.isVisible() and v.model() is not None)
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 0))
        QApplication.clipboard().setText("木村\t自社\r\n")
        qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert table.model.rows()[0]["name"] == "木村"
    finally:
        dialog.accept()
        table.model.set_rows(before)
        editor._pending.clear()  # (nothing to save whichever way the paste went)


def test_circle_and_cross_in_a_tick_column_are_ticks(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, DELIVERABLES)
    n = len(stored(window, DELIVERABLES).value)
    with rows_removed_after(editor, table, n):
        paste(qtbot, table, "報告書\t\t○\r\nコード\t\t×\r\n", None)
        assert editor.flush()
        assert [r.get("to_customer") for r in stored(window, DELIVERABLES).value[n:]] == [True, False]


def test_a_date_with_its_day_of_the_week_is_a_date(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, SCHEDULE)
    n = len(stored(window, SCHEDULE).value)
    with rows_removed_after(editor, table, n):
        paste(qtbot, table, "中間報告\t2026/12/24(木)\t中間報告\r\n", None)
        assert editor.flush()
        assert stored(window, SCHEDULE).value[n]["date"] == "2026-12-24"


def test_a_yen_amount_in_a_number_column_is_a_number(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, COSTS)
    n = len(stored(window, COSTS).value or [])
    with rows_removed_after(editor, table, n):
        paste(qtbot, table, "初期\t開発工数\t要件定義\t¥1,200,000\t1\t人月\tJPY\r\nランニング\tインフラ\tGPU\t1,000円\t２\t台\tJPY\r\n", None)
        assert editor.flush()
        assert [r.get("unit_price") for r in stored(window, COSTS).value[n:]] == [1200000, 1000]


# --- held -----------------------------------------------------------------------------------------------


def test_held_cells_as_excel_writes_them_are_read() -> None:
    assert parse_grid('"二行の\n""メモ"""\t顧客\r\n次\t自社\t\r\n') == [['二行の\n"メモ"', "顧客"], ["次", "自社", ""]]
    assert parse_grid("") == parse_grid("  \r\n \t \r\n") == []


def test_held_no_current_cell_pastes_below_the_last_row_full_width_digits_and_english_labels(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, COSTS)
    before = stored(window, COSTS).value or []
    paste(qtbot, table, "Initial\tDevelopment effort\t設計\t１２０，０００\t２\t人月\tJPY\r\n", None)  # English labels, full-width digits
    assert editor.flush()
    rows = stored(window, COSTS).value
    assert rows[: len(before)] == before
    assert rows[len(before)] == {"phase": "initial", "category": "effort", "item": "設計", "unit_price": 120000, "quantity": 2, "unit": "人月", "currency": "jpy"}


def test_held_a_multi_line_cell_and_formulas_stay_text_in_the_sheet_undo_and_redo(window, qtbot, tmp_path, db_path) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    before = stored(window, TEAM).value
    n = len(before)
    paste(qtbot, table, '=SUM(A1)\t顧客\t"+1\n=HYPERLINK(""http://x"")"\t<b>x</b>|y\r\n', None)
    assert editor.flush()
    after = stored(window, TEAM).value
    assert after[n] == {"name": "=SUM(A1)", "side": "customer", "role": '+1\n=HYPERLINK("http://x")', "contact": "<b>x</b>|y"}
    out = tmp_path / "h.xlsx"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "hearing-sheet", "--project", str(window.state.project_id), "--out", str(out)]) == 0
    cells = [c for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows() for c in row if c.value in ("=SUM(A1)", after[n]["role"])]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)
    window.undo_action.trigger()
    assert stored(window, TEAM).value == before
    window.redo_action.trigger()
    assert stored(window, TEAM).value == after


def test_held_ctrl_v_in_an_open_cell_editor_pastes_into_that_cell_only(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    before = stored(window, TEAM).value
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, 2))
    table.view.edit(table.model.index(0, 2))
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit)
    QApplication.clipboard().setText("PM\t余計\r\n2行目\r\n")
    qtbot.keyClick(line, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "PM" in line.text()
    assert table.model.rows() == before  # nothing pasted into the table itself
    table.view.closeEditor(line, QAbstractItemDelegate.EndEditHint.NoHint)  # left without committing (Esc)
    assert table.model.rows() == before


def test_held_1001_rows_are_kept_on_screen_and_refused_with_the_limit_then_1000_saved(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    paste(qtbot, table, "".join(f"名前{i}\t顧客\r\n" for i in range(1001)), 0)
    assert table.model.rowCount() == 1001  # nothing pasted is lost
    assert not editor.flush()
    assert "1,000" in editor.error_label.text() and "1001" in editor.error_label.text()
    table.model.removeRows(1000, 1)
    assert editor.flush()
    rows = stored(window, TEAM).value
    assert len(rows) == 1000 and rows[999] == {"name": "名前999", "side": "customer"}


def test_held_10000_rows_are_all_on_screen_and_refused(window, qtbot) -> None:
    editor, table = open_table(window, qtbot, TEAM)
    before = stored(window, TEAM).value
    paste(qtbot, table, "".join(f"名前{i}\t顧客\tPM\tx@example.com\r\n" for i in range(10_000)), 0)
    assert table.model.rowCount() == 10_000
    assert not editor.flush() and "10000" in editor.error_label.text()
    assert stored(window, TEAM).value == before
    table.model.removeRows(len(before), 10_000 - len(before))
    assert editor.flush()


def test_held_pasting_while_another_window_changed_the_table_merges(qtbot, db_path, monkeypatch) -> None:
    seen: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: (seen.append(dialog), answer_conflict("merged")(dialog))[1])
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    try:
        editor_a, table_a = open_table(a, qtbot, TEAM)
        editor_b, table_b = open_table(b, qtbot, TEAM)
        n = len(stored(a, TEAM).value)
        a.watcher.timer.stop()  # A has not seen B's change when it pastes (on a slow machine its poll came first: no conflict)
        table_b.model.setData(table_b.model.index(0, 3), "b@example.jp")
        assert editor_b.flush()
        a.activateWindow()
        qtbot.waitUntil(a.isActiveWindow)
        paste(qtbot, table_a, "木村\t自社\r\n井上\t顧客\r\n", None)
        assert editor_a.flush()
        rows = stored(a, TEAM).value
        assert len(seen) == 1 and rows[0]["contact"] == "b@example.jp" and [r["name"] for r in rows[n:]] == ["木村", "井上"]
    finally:
        close_window(b)
        close_window(a)
