"""Break-it 68e: the last hour's clipboard and date changes, tried by a demanding Japanese consultant (Japanese window).

Tried
- Ctrl+C on the hearing's 体制 (team) table, then Ctrl+V of the same rows into another row of the table (round trip),
  with a cell holding a tab (a cell that came from a customer's sheet).
- The copied HTML written to a .html file and converted by LibreOffice (soffice --headless --convert-to xlsx), the
  cells read back with openpyxl: Japanese text, leading zeros, a formula-looking text, a full-width space, a cell
  indented with spaces, two spaces between words.
- An English choice label (Vendor, copied from an English window) pasted into the Japanese window's 所属 column.
- 1,000 rows pasted and then all copied (time).
- Ctrl+V into the Data platform & CI page's storage-location table while another process holds SQLite's write lock,
  compared with typing the same cell then.
- Dates with spaces around the separators, full-width spaces and digits, and a weekday after them.
- The instance catalogue dialog: a price list pasted with a bad price (abc), then Save, then Cancel.

Held
- A pasted English label (Vendor) is shown as ベンダ in the Japanese window.
- 1,000 rows pasted and copied in well under a second each.
- LibreOffice reads the copied HTML cells as text: 0123, =SUM(A1:A3), 東京都　港区, 二行の役割 intact.
- A cell typed in the storage-location table while the database is busy is kept and saved once the lock goes.
- The catalogue names the pasted bad price in Japanese (「インスタンスカタログ: 20行目のオンデマンド単価: 数値ではありません」),
  keeps it in its cell, and Cancel asks before dropping the paste.
- 2027年　1月　4日 (full-width spaces), ２０２７／ １／ ４, 2027年 1月 4日（月） are read as 2027-01-04.

Broke
- A cell holding a tab (役割 「PM<tab>兼務」) copied with Ctrl+C and pasted with Ctrl+V into another row of 体制 does
  not come back: 役割 becomes 「"PM」 and the next column 連絡先 is overwritten with 「兼務"」, without a word. The copy
  writes the cell in quotes as Excel does, but the paste refuses a quoted cell with a tab inside
  (app/ui/wide_table/paste.py _quoted_cell: ``"\\t" not in inside``).
- Copied cells pasted into LibreOffice (the clipboard's HTML): a cell indented with spaces 「  字下げ」 arrives as
  「字下げ」, 「a  b」 as 「a b」: HTML collapses white space and copying.py _cell_html writes spaces as they are
  (Excel writes them as &nbsp; / mso-spacerun).
- Ctrl+V into 保管場所 (Data platform & CI) while another process writes: the window says 「データベースが使用中です…
  入力内容は保持しています。少し待ってからもう一度お試しください。」 but the cell goes straight back to the old path and,
  once the database is free, nothing of the paste is stored: the pasted value is lost (a typed cell is kept and saved).
  app/ui/environment/pages.py DataCiPage._paste returns the DatabaseBusy error, tables.py _Table.paste raises it,
  no draft is kept.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.environment.service import EnvironmentService
from app.ui.wide_table.copying import grid_html
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: F401
from tests.test_nothing_lost_gui import open_item

TEAM = "hearing.basics.team"  # 氏名, 所属 (自社 / 顧客 / ベンダ), 役割, 連絡先


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


def _ctrl(qtbot, view, key) -> None:
    view.setFocus()
    qtbot.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)


def _rows(model) -> list[list]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _locations(window) -> dict:
    return EnvironmentService(window.state.workspace).stored(window.state.project_id)["data_platform"].get("locations", {})


def _libreoffice_cells(tmp_path, grid: list[list[str]]) -> list:
    import openpyxl

    (tmp_path / "copied.html").write_text(grid_html(grid), encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--infilter=HTML (StarCalc)",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(tmp_path / "copied.html")],
                   capture_output=True, timeout=180, check=True)
    return [(c.value, c.data_type) for row in openpyxl.load_workbook(tmp_path / "copied.xlsx").active.iter_rows() for c in row]


def test_a_copied_cell_with_a_tab_comes_back_whole(window, qtbot, said) -> None:
    table = open_item(window, qtbot, TEAM).editors["value"]
    model = table.model
    model.setData(model.index(0, 2), "PM\t兼務")
    table.view.selectionModel().select(QItemSelection(model.index(0, 0), model.index(0, model.columnCount() - 1)),
                                       QItemSelectionModel.SelectionFlag.ClearAndSelect)
    _ctrl(qtbot, table.view, Qt.Key.Key_C)
    table.view.setCurrentIndex(model.index(2, 0))
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert _rows(model)[2] == _rows(model)[0]  # seen today: ['佐藤', '顧客', '"PM', '兼務"']


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_keeps_the_spaces_of_copied_cells(tmp_path) -> None:
    assert _libreoffice_cells(tmp_path, [["  字下げ", "a  b"]]) == [("  字下げ", "s"), ("a  b", "s")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_japanese_and_number_like_cells_as_text(tmp_path) -> None:
    grid = [["0123", "=SUM(A1:A3)", "東京都\u3000港区", "二行\nの役割", "2027/01/04"]]
    assert _libreoffice_cells(tmp_path, grid) == [(cell, "s") for cell in grid[0]]


def test_an_english_label_pasted_in_the_japanese_window_is_its_choice(window, qtbot, said) -> None:
    table = open_item(window, qtbot, TEAM).editors["value"]
    QApplication.clipboard().setText("山本\tVendor\tPM\tyamamoto@example.jp\r\n")
    table.view.setCurrentIndex(table.model.index(0, 0))
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    assert _rows(table.model)[0] == ["山本", "ベンダ", "PM", "yamamoto@example.jp"] and said == []


def test_a_thousand_rows_paste_and_copy_quickly(window, qtbot, said) -> None:
    table = open_item(window, qtbot, TEAM).editors["value"]
    QApplication.clipboard().setText("".join(f"名前{i}\t顧客\t役割{i}\tu{i}@example.jp\r\n" for i in range(1000)))
    table.view.setCurrentIndex(table.model.index(0, 0))
    start = time.monotonic()
    _ctrl(qtbot, table.view, Qt.Key.Key_V)
    table.view.selectAll()
    _ctrl(qtbot, table.view, Qt.Key.Key_C)
    assert time.monotonic() - start < 3
    lines = QApplication.clipboard().text().split("\r\n")
    assert len(lines) == 1001 and lines[999] == "名前999\t顧客\t役割999\tu999@example.jp" and said == []


def _busy_data_ci(window, qtbot, db_path, said, act) -> QTableView:
    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, "locationsTable")
    con = hold_write_lock(db_path)
    try:
        view.setCurrentIndex(view.model().index(0, 1))
        act(view)
        qtbot.wait(700)
    finally:
        release(con)
    qtbot.wait(1500)
    settle(window)
    return view


def test_a_paste_while_the_database_is_busy_is_kept(window, qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    def paste(view):
        QApplication.clipboard().setText("s3://customer/busy/\r\n")
        _ctrl(qtbot, view, Qt.Key.Key_V)

    view = _busy_data_ci(window, qtbot, db_path, said, paste)
    assert any("保持" in text for text in said)  # the window says the input is kept
    assert view.model().index(0, 1).data() == "s3://customer/busy/"
    assert _locations(window).get("raw", {}).get("path") == "s3://customer/busy/"


def test_a_cell_typed_while_the_database_is_busy_is_kept(window, qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    view = _busy_data_ci(window, qtbot, db_path, said, lambda v: v.model().setData(v.model().index(0, 1), "s3://customer/typed/"))
    assert view.model().index(0, 1).data() == "s3://customer/typed/"
    assert _locations(window)["raw"]["path"] == "s3://customer/typed/"


@pytest.mark.parametrize("text", ["2027年\u30001月\u30004日", "２０２７／ １／ ４", "2027年 1月 4日（月）", "2027 / 1 / 4"])
def test_dates_with_spaces_are_read(text) -> None:
    import datetime as dt

    from app.core.i18n import parse_date

    assert parse_date(text) == dt.date(2027, 1, 4)


def test_a_pasted_bad_price_is_named_in_japanese_and_cancel_asks(window, qtbot, monkeypatch) -> None:
    from app.core.content.loader import default_library
    from app.system_planning import service as sp
    from app.ui import messages
    from app.ui.system_planning.catalogue_dialog import CatalogueDialog

    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(str(a[2])) or False)
    dialog = CatalogueDialog(sp.catalogue(default_library()), False, "ja")
    qtbot.addWidget(dialog)
    model, n = dialog.model, dialog.model.rowCount()
    dialog.view.setCurrentIndex(model.index(n - 1, 0))
    QApplication.clipboard().setText("my-cpu\t社内\ttokyo\t4\t16\t\tabc\r\n")
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog.save()
    assert dialog.error_label.text() == f"インスタンスカタログ: {n}行目のオンデマンド単価: 数値ではありません"
    assert getattr(dialog, "result_catalogue", None) is None
    dialog.reject()
    assert asked == ["カタログを閉じて、ここでの変更を破棄しますか?"] and model.rows()[n - 1]["hourly_price"] == "abc"
