"""Break-it 68c: the clipboard, both ways, with the customer's spreadsheets (a Japanese consultant on the demo).

Tried
- Pasting into the hearing's 体制 (team) table what Excel puts on the clipboard: CRLF rows, a trailing line break,
  a quoted cell holding a line break (LF) and doubled quote marks, a full-width space, cells "=SUM(A1:A3)",
  "+81-3-1234", "@user", an empty row in the middle, more columns than the table; 1,000 rows; a 30,000-character cell;
  a quoted cell holding a Windows line break (CRLF inside the cell).
- Undo of the paste (one step) and redo; the exports after it (hearing sheet .xlsx read back with openpyxl, the
  wiki's Markdown).
- Two windows on one database: 佐藤 removes a row, 山田's window hears it, then pastes.
- Ctrl+V in the Data & CI page's tables (storage locations, datasets).
- Copying out of the app: Ctrl+C on two selected rows of the 体制 table; Ctrl+C on a cell holding "=SUM(A1:A3)".

Held
- Excel's quoted multi-line cell with "" arrives whole (二行\\nの"役割"), =SUM / +81 / @user are stored as text,
  the full-width space kept; the paste is one undo step and redo gives it back.
- 1,000 pasted rows are shown and stored within a second; a 30,000-character cell is stored whole.
- Cells past the last column are said in Japanese (「…貼り付けていません…」), the rest pasted.
- The hearing sheet holds the pasted cells as text cells (data type "s", never a formula); the wiki's Markdown writes
  "=" as &#61;.
- Two windows: the row 佐藤 removed is gone from 山田's table before 山田 pastes, and it does not come back.

Broke
- Copying rows out: selecting the first two rows of 体制 and pressing Ctrl+C puts only 「佐藤」 (the current cell) on the
  clipboard, as plain text; pasted into Excel or an e-mail the consultant gets one name, not the two rows.
- A cell holding "=SUM(A1:A3)" copied with Ctrl+C lands on the clipboard as bare =SUM(A1:A3) text (no HTML marking it
  as text): pasted into Excel it becomes a formula, against the rule that user text is never a formula.
- A customer's Excel cell holding a Windows line break (CRLF inside the quoted cell) pasted into 体制's 役割 column
  splits the cell at the line break: 佐藤's 役割 becomes 「"一行目」 (a stray quote mark) and the next row, 鈴木's,
  is overwritten: its 役割 データ基盤担当 becomes 「二行目"」 and its 連絡先 the pasted address, with no word
  (app/ui/wide_table/paste.py _quoted_cell refuses a quoted cell with a CR inside).
- Ctrl+V in the Data & CI page's storage-location table (and the datasets table) does nothing and says nothing: the
  rows copied from the customer's spreadsheet are silently not pasted.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QMimeData, Qt
from PySide6.QtWidgets import QApplication, QTableView

from tests.gui_helpers import close_window, make_window, poll_heard, settle, two_windows
from tests.test_nothing_lost_gui import open_item, stored

TEAM = "hearing.basics.team"  # 氏名, 所属 (自社 / 顧客 / ベンダ), 役割, 連絡先
WT = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def told(monkeypatch) -> list[str]:
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *a, **k: shown.append(str(text)))
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: shown.append(str(error)))
    return shown


def _put(text: str | None = None, html: str | None = None) -> None:
    mime = QMimeData()
    if text is not None:
        mime.setText(text)
    if html is not None:
        mime.setHtml(html)
    QApplication.clipboard().setMimeData(mime)


def _ctrl(qtbot, view, key) -> None:
    view.setFocus()
    qtbot.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)


def _team_table(window, qtbot):
    editor = open_item(window, qtbot, TEAM)
    return editor, editor.editors["value"]


# --- held ------------------------------------------------------------------------------------------


def test_excel_cells_with_quotes_line_breaks_and_formula_text_are_stored_as_typed_one_undo_step(window, qtbot, told) -> None:
    editor, table = _team_table(window, qtbot)
    before = stored(window, TEAM).value
    table.view.setCurrentIndex(table.model.index(0, 0))
    _put('山田\u3000太郎\t自社\t"二行\nの""役割"""\t=SUM(A1:A3)\r\n@user\t顧客\t+81-3-1234\r\n')
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert editor.flush()
    rows = stored(window, TEAM).value
    assert rows[0] == {"name": "山田\u3000太郎", "side": "us", "role": '二行\nの"役割"', "contact": "=SUM(A1:A3)"}
    assert (rows[1]["name"], rows[1]["side"], rows[1]["role"]) == ("@user", "customer", "+81-3-1234")
    assert len(rows) == len(before) and told == []
    window.undo_action.trigger()
    settle(window)
    assert stored(window, TEAM).value == before  # the whole paste, one step
    window.redo_action.trigger()
    settle(window)
    assert stored(window, TEAM).value == rows


def test_a_thousand_rows_and_a_30000_character_cell_are_pasted_whole(window, qtbot) -> None:
    editor, table = _team_table(window, qtbot)
    table.view.setCurrentIndex(table.model.index(0, 0))
    _put("".join(f"名前{i}\t顧客\t役割{i}\r\n" for i in range(1000)))
    started = time.monotonic()
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert editor.flush()
    assert time.monotonic() - started < 5
    rows = stored(window, TEAM).value
    assert len(rows) == 1000 and rows[999] == {"name": "名前999", "side": "customer", "role": "役割999"}
    table.view.setCurrentIndex(table.model.index(0, 2))
    _put("長" * 30000 + "\r\n")
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert editor.flush()
    assert stored(window, TEAM).value[0]["role"] == "長" * 30000


def test_cells_past_the_last_column_are_said_in_japanese(window, qtbot, told) -> None:
    editor, table = _team_table(window, qtbot)
    table.view.setCurrentIndex(table.model.index(0, 3))  # 連絡先, the last column
    _put("sato@example.jp\t余り\r\n")
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert editor.flush()
    assert stored(window, TEAM).value[0]["contact"] == "sato@example.jp"
    assert len(told) == 1 and "貼り付けていません" in told[0] and "column" not in told[0]


def test_pasted_formula_text_stays_text_in_the_hearing_sheet_and_the_wiki(qtbot, db_path, tmp_path) -> None:
    import openpyxl

    window = make_window(qtbot, db_path, global_lang="ja")
    editor, table = _team_table(window, qtbot)
    table.view.setCurrentIndex(table.model.index(0, 2))
    _put('"二行\nの役割"\t=SUM(A1:A3)\r\n@user\t+81-3-1234\r\n')
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert editor.flush()
    pid = window.state.project_id
    close_window(window)
    env = dict(os.environ, PYTHONPATH=str(WT), MLOPS_KICKOFF_HOME=str(tmp_path / "home"), MLOPS_KICKOFF_SETTINGS=str(tmp_path / "s.ini"))
    for kind, out in (("hearing-sheet", tmp_path / "h.xlsx"), ("wiki", tmp_path / "wiki")):
        done = subprocess.run([str(WT / ".venv/bin/python"), "-m", "app", "--db", str(db_path), "export", kind, "--project", str(pid),
                               "--out", str(out), "--lang", "ja"], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    cells = {c.value: c.data_type for ws in openpyxl.load_workbook(tmp_path / "h.xlsx") for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)}
    assert cells.get("=SUM(A1:A3)") == "s" and cells.get("+81-3-1234") == "s" and cells.get("二行\nの役割") == "s"
    overview = next((tmp_path / "wiki").rglob("0-*.md")).read_text(encoding="utf-8")
    assert "&#61;SUM(A1:A3)" in overview and "| =SUM" not in overview


def test_a_row_a_colleague_removed_does_not_come_back_with_a_paste(qtbot, db_path, monkeypatch) -> None:
    with two_windows(qtbot, db_path, monkeypatch) as (a, b):
        editor_a, table_a = _team_table(a, qtbot)
        editor_b, table_b = _team_table(b, qtbot)
        table_b.model.removeRows(4, 1)  # 佐藤 花子 removes 山田's row
        assert editor_b.flush()
        assert poll_heard(a)
        settle(a)
        assert [r.get("name") for r in table_a.model.rows()] == ["佐藤", "鈴木", "田中", "高橋"]
        table_a.view.setCurrentIndex(table_a.model.index(0, 3))
        _put("sato@example.jp\r\n")
        _ctrl(qtbot, table_a.view, Qt.Key.Key_V)
        assert editor_a.flush()
        rows = stored(a, TEAM).value
        assert [r.get("name") for r in rows] == ["佐藤", "鈴木", "田中", "高橋"] and rows[0]["contact"] == "sato@example.jp"


# --- broke -----------------------------------------------------------------------------------------


def test_copying_two_selected_rows_puts_both_rows_on_the_clipboard(window, qtbot) -> None:
    _editor, table = _team_table(window, qtbot)
    model = table.model
    table.view.setCurrentIndex(model.index(0, 0))
    table.view.selectionModel().select(QItemSelection(model.index(0, 0), model.index(1, model.columnCount() - 1)),
                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
    _put("前の中身")
    _ctrl(qtbot, table.view, Qt.Key.Key_C)
    text = QApplication.clipboard().text()
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line]
    assert len(lines) == 2
    assert lines[0].split("\t")[:3] == ["佐藤", "顧客", "PM"] and lines[1].split("\t")[:3] == ["鈴木", "顧客", "データ基盤担当"]


def test_a_copied_cell_starting_with_equals_does_not_become_a_formula_in_excel(window, qtbot) -> None:
    editor, table = _team_table(window, qtbot)
    table.model.setData(table.model.index(0, 2), "=SUM(A1:A3)")
    assert editor.flush()
    table.view.setCurrentIndex(table.model.index(0, 2))
    _ctrl(qtbot, table.view, Qt.Key.Key_C)
    mime = QApplication.clipboard().mimeData()
    assert "SUM(A1:A3)" in mime.text()
    # Excel reads the HTML when there is some (a cell marked as text stays text), else the plain text as typed.
    # (The table selects whole rows: the copied row starts with 佐藤, but its cell =SUM(A1:A3) still needs the marking.)
    cells = [cell for line in mime.text().split("\r\n") for cell in line.split("\t")]
    assert "=SUM(A1:A3)" in cells and "mso-number-format" in mime.html()


def test_an_excel_cell_holding_a_windows_line_break_is_pasted_whole(window, qtbot, told) -> None:
    editor, table = _team_table(window, qtbot)
    before = stored(window, TEAM).value
    table.view.setCurrentIndex(table.model.index(0, 2))  # 役割
    _put('"一行目\r\n二行目"\tsato@example.jp\r\n')
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    editor.flush()
    shown = table.model.rows()
    assert shown[1] == before[1]  # 鈴木's row untouched
    assert shown[0]["role"].replace("\r\n", "\n") == "一行目\n二行目" and shown[0]["contact"] == "sato@example.jp"


@pytest.mark.parametrize("name", ["locationsTable", "datasetsTable"])
def test_ctrl_v_in_a_data_ci_table_pastes_or_says_why_not(window, qtbot, told, name) -> None:
    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, name)
    model = view.model()
    first = model.index(0, 0).data()
    view.setCurrentIndex(model.index(0, 0))
    _put("顧客の保管場所\ts3://customer-bucket/raw/\r\n")
    _ctrl(qtbot, view, Qt.Key.Key_V)
    settle(window)
    assert model.index(0, 0).data() != first or told, "nothing pasted and nothing said"
