"""Break-it 67e: the documents that go to the customer and come back (the Excel WBS and the hearing sheet),
edited as a customer does, in LibreOffice itself (its own save: a Basic macro run by ``soffice --headless``
over the UNO API, as Calc's menu commands do) and with openpyxl, then imported in the Japanese window
(the preview dialogs by objectName, their ticks, Apply, one Undo, Redo) and from the CLI.

Tried:
- Excel WBS edited in LibreOffice: priority changed to another drop-down value (必須 → 推奨), estimate typed
  「2.5人日」, dates typed as text (2027/1/5, 令和9年1月8日) and as real date cells, a row inserted in the middle
  (a new task without a code) and one at the end, a row hidden, the sheet sorted by 終了日, a formula in 備考
  (=B5&"の確認") and in 見積 (=H5*2), a row deleted (a task row, the last row), a cell comment (メモ) on a
  title and on a date; the same sheet converted to .xls and .ods; a stale sheet (the app's 備考 changed
  after the export, the customer's too): the conflict ticked in the dialog, Apply, Undo, Redo, exported again.
- Excel WBS edited with openpyxl: two rows swapped, a task's row moved into another phase (code kept),
  comments.
- Hearing sheet edited in LibreOffice: drop-down choices (GPU なし, リポジトリ(これから) GitLab, モデルレジストリ
  現時点で対象), several choices (AWS、GCP), 「3名」 and 「５人」 in number cells, a date as a real date cell and as
  text (令和9年3月15日, 2027/3/15, R9.3.15, 3月15日), a row hidden, a person added at the end of 体制, a row
  inserted / deleted in 体制 (tab unprotected, no password), a blank section row deleted on the main tab,
  a formula (=G22*2 in a number, =G8&"程度" in a text), a comment on a cell; a stale sheet (利用者数(DS)
  changed in the app after the export): the conflict ticked in the dialog, Apply, Undo, Redo.
- Hearing sheet edited with openpyxl: two item rows swapped (IDs travel with them), a row inserted in the
  middle without an ID, a cover sheet added before the main one, a row hidden, comments.

Held:
- every LibreOffice edit of the WBS above (but the deleted row) applied to the right task in the Japanese
  preview dialog; the ticked conflict taken, the unticked app value kept; one Undo takes the whole import
  back (new rows gone), Redo brings it again, and the next export holds the values (a real date cell);
- the hearing sheet through LibreOffice: choices, several choices, 3名 / ５人, real and text dates (not 3月15日:
  refused in Japanese naming ヒアリングシート!G16 and the item), an added person; the conflict ticked; one
  Undo, Redo;
- swapped hearing rows go to their items by ID; a row without an ID is said; a cover sheet is ignored;
- a formula in a number cell is refused naming the cell and item; a formula in a text cell is said to be
  taken as its text (documented); 見積 =H5*2 refused in Japanese naming row and column;
- .xls refused with what to do (save as .xlsx);
- a reordered 体制 table is said (「行の順序: 1、2、3、4、5 → 5、2、3、4、1」); 「高」 as a priority and 「半日」 as an estimate
  refused in Japanese naming row, column and the choices.

Noted, not filed: a new row inserted between 2.2 and 2.3 and numbered 「2.3」 by the customer (the number it should take)
goes last under 2 (2.10), as the README's rule says (a code puts it last under its parent, wherever it is typed), while
its preview line says only 「(2 の下)」. Merging cells in LibreOffice headless waits on a question dialog (not tried
further; merged cells are fix37a's).

Broke (strict xfails):
- A row deleted in LibreOffice (a WBS task row, a member of 体制, even a blank row of the hearing sheet) makes
  the whole workbook refused: 「シートが宣言している行数が1,048,576あり、上限の20,000を超えています。何も取り込んで
  いません」 (LibreOffice writes <dimension ref="A1:AH1048576"/> after a row delete; the safety check in
  app/core/files/xlsx_content.py trusts the declared dimension). The same deletion done with openpyxl (which
  keeps the dimension) is read (the deleted WBS row kept and said, breaker47e).
- A comment (メモ) the customer puts on a cell (「この日程は厳しいです。1週間後ろ倒ししてください」) is dropped without a
  word, in the WBS import (「変更なし 86 件」, nothing ignored) and in the hearing import (「シートに変更はありません」):
  app/wbs/files/sheet_import.py and app/hearing/sheet_import.py never read cell comments, where a column the
  customer added and text in the Gantt weeks are said.
- A formula typed in a WBS text cell (完了条件 =M3, 'as the row above') comes in as the text 「=M3」 and the window's
  preview lists 「目的とスコープ… → =M3」 without saying it was a formula (the hearing preview marks 「(数式)」 and says the
  formula is taken as its text): app/wbs/files/sheet_import.py / sheet_cells.py give no notice.
- A heading the customer reworded on the hearing sheet (回答 → ご回答) refuses the sheet with 「シート「ヒアリングシート」
  の列が変更されています」, naming neither the column nor the heading to put back (app/hearing/sheet_import.py,
  hearing_sheet.columns_changed, raised without the column).
- A sheet saved in LibreOffice's own format (.ods) is refused with 「Excel のブック(.xlsx)ではありません([Content_Types].xml
  がありません)」: an internal part named, and not what to do, where an .xls is told to be saved as .xlsx
  (app/core/files/xlsx_guard.py's required-parts check).
- A task row the customer moved into another phase (cut and inserted under phase 2, its WBS number left as it
  was) is read as unchanged: 「変更 0 件 … 取り込まない変更 0 件」; the move is neither applied nor said (only a
  changed WBS number is said: app/wbs/files/sheet_import.py compares cells per task, never the row order).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QTableView, QTreeView

from app.hearing.answers import AnswerService
from app.hearing.sheet import export_hearing_sheet
from app.main import main
from app.ui import messages
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, settle
from tests.office import INSTALLED, soffice

needs_office = pytest.mark.skipif(not INSTALLED, reason="LibreOffice (soffice) is not installed")

# What the customer does in Calc, one line of the spec a command: the UNO calls Calc's menu commands make.
_MACRO = """Sub Edit(inPath As String, outPath As String, specPath As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden" : args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, args())
  sfa = createUnoService("com.sun.star.ucb.SimpleFileAccess")
  tis = createUnoService("com.sun.star.io.TextInputStream")
  tis.setInputStream(sfa.openFileRead(ConvertToURL(specPath)))
  tis.setEncoding("UTF-8")
  Do While Not tis.isEOF()
    ln = tis.readLine()
    If Len(ln) > 0 Then
      p = Split(ln, Chr(9))
      sh = doc.Sheets.getByName(p(0))
      op = p(1)
      If op = "unprotect" Then
        sh.unprotect("")
      ElseIf op = "s" Then
        sh.getCellRangeByName(p(2)).setString(p(3))
      ElseIf op = "f" Then
        sh.getCellRangeByName(p(2)).setFormula(p(3))
      ElseIf op = "d" Then
        sh.getCellRangeByName(p(2)).setValue(DateSerial(CInt(p(3)), CInt(p(4)), CInt(p(5))))
      ElseIf op = "c" Then
        sh.getAnnotations().insertNew(sh.getCellRangeByName(p(2)).getCellAddress(), p(3))
      ElseIf op = "ins" Then
        sh.getRows().insertByIndex(CLng(p(2)) - 1, 1)
      ElseIf op = "del" Then
        sh.getRows().removeByIndex(CLng(p(2)) - 1, 1)
      ElseIf op = "hide" Then
        sh.getRows().getByIndex(CLng(p(2)) - 1).IsVisible = False
      End If
    End If
  Loop
  tis.closeInput()
  Dim sargs(1) As New com.sun.star.beans.PropertyValue
  sargs(0).Name = "FilterName" : sargs(0).Value = "Calc MS Excel 2007 XML"
  sargs(1).Name = "Overwrite" : sargs(1).Value = True
  doc.storeToURL(ConvertToURL(outPath), sargs())
  doc.close(True)
End Sub
"""


def in_calc(src: Path, out: Path, edits: list[tuple]) -> Path:
    """``src`` opened in LibreOffice Calc, edited (sheet, command, arguments...) and saved by it as ``out`` (.xlsx)."""
    with tempfile.TemporaryDirectory(prefix="b67e-lo-") as folder:
        profile = Path(folder) / "profile"
        soffice(["--terminate_after_init"], profile=profile)  # Calc's first start makes the user's Standard library
        basic = profile / "user" / "basic"
        body = _MACRO.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        (basic / "Standard" / "Module1.xba").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
            '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" '
            f'script:language="StarBasic">{body}</script:module>\n', encoding="utf-8")
        spec = Path(folder) / "spec.tsv"
        spec.write_text("".join("\t".join(str(part) for part in edit) + "\n" for edit in edits), encoding="utf-8")
        copy = Path(folder) / src.name
        shutil.copy(src, copy)
        target = Path(folder) / "out.xlsx"
        soffice(["--invisible", f'macro:///Standard.Module1.Edit("{copy}","{target}","{spec}")'], profile=profile)
        assert target.exists(), "LibreOffice did not save the edited workbook"
        shutil.copy(target, out)
    return out


def wbs_rows(path: Path) -> dict[str, int]:
    sheet = openpyxl.load_workbook(path)["WBS"]
    return {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}


def hearing_rows(path: Path) -> dict[str, int]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value}


def task(workspace, pid: int, code: str):
    tree = WbsService(workspace.db).tree(pid)
    return tree.tasks[tree.by_code()[code]]


def cli(db_path: Path, capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), "--lang", "ja", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- held: the WBS through LibreOffice, in the Japanese window -----------------------------------------


@needs_office
def test_held_a_wbs_edited_in_libreoffice_comes_in_through_the_japanese_dialog_in_one_undo_step(qtbot, db_path, monkeypatch, tmp_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        ws, pid = page.state.workspace, page.state.project_id
        sent = export_wbs_xlsx(ws, pid, tmp_path / "wbs.xlsx", "ja")
        before = {code: task(ws, pid, code) for code in ("1.2", "2.1", "2.2", "2.3", "2.4", "2.5")}
        service = WbsService(ws.db)
        page.commit(service.update(pid, [before["2.1"].id], notes="アプリで追記"), "edit")  # after the export: stale
        page.commit(service.update(pid, [before["2.5"].id], notes="アプリの備考"), "edit")
        rows = wbs_rows(sent)
        last = max(rows.values())
        returned = in_calc(sent, tmp_path / "returned.xlsx", [
            ("WBS", "s", f"D{rows['1.2']}", "推奨"),
            ("WBS", "s", f"H{rows['2.2']}", "2.5人日"),
            ("WBS", "s", f"I{rows['2.3']}", "2027/1/5"),
            ("WBS", "s", f"J{rows['2.3']}", "令和9年1月8日"),
            ("WBS", "d", f"I{rows['2.4']}", 2027, 1, 12),
            ("WBS", "d", f"J{rows['2.4']}", 2027, 1, 13),
            ("WBS", "s", f"S{rows['2.1']}", "顧客の備考"),  # a conflict: ticked
            ("WBS", "s", f"S{rows['2.5']}", "顧客の別案"),  # a conflict: left unticked
            ("WBS", "s", f"B{last + 1}", "追加:運用引き継ぎ"),
            ("WBS", "ins", rows["2.6"]),  # a new row between 2.5 and 2.6 (rows below move down by one)
            ("WBS", "s", f"B{rows['2.6']}", "顧客側レビュー会"),
            ("WBS", "hide", rows["3"] + 1),
        ])
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(returned))
        seen: dict = {}

        def preview(dialog: QDialog) -> int:
            dialog.show()
            qtbot.waitExposed(dialog)
            view = dialog.findChild(QTableView, "wbsImportChanges")
            model = view.model()
            names = {str(model.index(r, 0).data()): r for r in range(model.rowCount())}
            seen["rows"] = sorted(names)
            seen["summary"] = dialog.findChild(QLabel, "wbsImportSummary").text()
            take = model.index(next(r for name, r in names.items() if name.startswith("2.1 ")), model.columnCount() - 1)
            view.setCurrentIndex(take)
            view.setFocus()
            qtbot.keyClick(view, Qt.Key.Key_Space)
            seen["ticked"] = model.data(take, Qt.ItemDataRole.CheckStateRole)
            dialog.hide()
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(page, "exec_dialog", preview)
        page.import_excel()
        qtbot.waitUntil(lambda: task(ws, pid, "1.2").priority == "should", timeout=30000)
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        assert seen["ticked"] == Qt.CheckState.Checked
        assert "競合" in seen["summary"] and "conflict" not in seen["summary"].lower()

        def imported() -> dict:
            tree = service.tree(pid)
            by_id = tree.tasks
            titles = [t.title for t in by_id.values()]
            return {
                "1.2": by_id[before["1.2"].id].priority, "2.2": by_id[before["2.2"].id].estimate_days,
                "2.3": (by_id[before["2.3"].id].start, by_id[before["2.3"].id].finish),
                "2.4": (by_id[before["2.4"].id].start, by_id[before["2.4"].id].finish),
                "2.1": by_id[before["2.1"].id].notes, "2.5": by_id[before["2.5"].id].notes,
                "new": ("顧客側レビュー会" in titles, "追加:運用引き継ぎ" in titles),
            }

        after = imported()
        assert after == {
            "1.2": "should", "2.2": 2.5, "2.3": (dt.date(2027, 1, 5), dt.date(2027, 1, 8)),
            "2.4": (dt.date(2027, 1, 12), dt.date(2027, 1, 13)), "2.1": "顧客の備考", "2.5": "アプリの備考",
            "new": (True, True),
        }
        new = next(t for t in service.tree(pid).tasks.values() if t.title == "顧客側レビュー会")
        assert new.parent_id == before["2.5"].parent_id  # beside 2.5 and 2.6, in phase 2
        window.undo_action.trigger()
        settle(window)
        undone = imported()
        assert undone["1.2"] == before["1.2"].priority and undone["2.2"] == before["2.2"].estimate_days
        assert undone["2.1"] == "アプリで追記" and undone["new"] == (False, False)
        window.redo_action.trigger()
        settle(window)
        assert imported() == after
        again = openpyxl.load_workbook(export_wbs_xlsx(ws, pid, tmp_path / "again.xlsx", "ja"))["WBS"]
        codes = {str(again.cell(r, 1).value): r for r in range(2, again.max_row + 1)}
        assert again.cell(codes["2.3"], 9).value == dt.datetime(2027, 1, 5) and again.cell(codes["2.2"], 8).value == 2.5
        assert not [s for s in said if "CRASH" in s]
    finally:
        close_window(window)


# --- held: the hearing sheet through LibreOffice, stale, in the Japanese window ----------------------------


@needs_office
def test_held_a_stale_hearing_sheet_edited_in_libreoffice_in_the_japanese_dialog(qtbot, db_path, monkeypatch, tmp_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        ws, pid = page.state.workspace, page.state.project_id
        answers = AnswerService(ws.db, ws.library)
        sent = export_hearing_sheet(ws, pid, tmp_path / "hearing.xlsx", "ja")
        answers.update(pid, "hearing.prereq.users_ds", value=4)  # after the export: the customer's 3名 is a conflict
        rows = hearing_rows(sent)
        returned = in_calc(sent, tmp_path / "returned.xlsx", [
            ("ヒアリングシート", "s", f"G{rows['hearing.prereq.users_ds']}", "3名"),
            ("ヒアリングシート", "s", f"H{rows['hearing.prereq.users_swe']}", "５人"),
            ("ヒアリングシート", "s", f"G{rows['hearing.prereq.env_platform']}", "AWS、GCP"),
            ("ヒアリングシート", "s", f"G{rows['hearing.prereq.env_gpu']}", "なし"),
            ("ヒアリングシート", "s", f"H{rows['hearing.prereq.source_repo']}", "GitLab"),
            ("ヒアリングシート", "d", f"G{rows['hearing.basics.poc_end']}", 2027, 3, 15),
            ("ヒアリングシート", "s", f"G{rows['hearing.basics.poc_start']}", "令和8年12月1日"),
            ("ヒアリングシート", "hide", rows["hearing.prereq.other_tools"]),
            ("体制", "s", "B7", "伊藤"),
            ("体制", "s", "C7", "顧客"),
        ])
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(returned))
        seen: dict = {}

        def preview(dialog: QDialog) -> int:
            dialog.show()
            qtbot.waitExposed(dialog)
            view = dialog.findChild(QTreeView, "importChanges")
            model = view.model()
            names = {str(model.index(r, 0).data()): r for r in range(model.rowCount())}
            seen["rows"] = names
            take = model.index(names["利用者数(DS)"], 3)
            seen["before"] = model.data(take, Qt.ItemDataRole.CheckStateRole)
            model.setData(take, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
            dialog.hide()
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(page, "exec_dialog", preview)
        page.import_sheet()
        qtbot.waitUntil(lambda: answers.answer(pid, "hearing.prereq.users_ds").value == 3, timeout=30000)
        settle(window)
        assert seen["before"] == Qt.CheckState.Unchecked

        def stored() -> tuple:
            a = {i: answers.answer(pid, i) for i in ("hearing.prereq.users_ds", "hearing.prereq.users_swe", "hearing.prereq.env_platform",
                                                     "hearing.prereq.env_gpu", "hearing.prereq.source_repo", "hearing.basics.poc_end",
                                                     "hearing.basics.poc_start", "hearing.basics.team")}
            return (a["hearing.prereq.users_ds"].value, a["hearing.prereq.users_swe"].later, a["hearing.prereq.env_platform"].value,
                    a["hearing.prereq.env_gpu"].value, a["hearing.prereq.source_repo"].later, a["hearing.basics.poc_end"].value,
                    a["hearing.basics.poc_start"].value, len(a["hearing.basics.team"].value or []))

        after = stored()
        assert after[0] == 3 and after[1] == 5 and after[5] in (dt.date(2027, 3, 15), "2027-03-15")
        assert after[6] in (dt.date(2026, 12, 1), "2026-12-01") and after[7] == 6
        window.undo_action.trigger()
        settle(window)
        assert stored()[0] == 4 and stored()[7] == 5
        window.redo_action.trigger()
        settle(window)
        assert stored() == after
        assert not [s for s in said if "CRASH" in s or "Traceback" in s]
    finally:
        close_window(window)


def test_held_swapped_hearing_rows_go_to_their_items_by_id(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    book = openpyxl.load_workbook(sent)
    sheet = book.worksheets[0]
    rows = hearing_rows(sent)
    a, b = rows["hearing.prereq.users_ds"], rows["hearing.prereq.users_sre"]
    first, second = [c.value for c in sheet[a]], [c.value for c in sheet[b]]
    for n, value in enumerate(second, start=1):
        sheet.cell(a, n).value = value
    for n, value in enumerate(first, start=1):
        sheet.cell(b, n).value = value
    sheet.cell(a, 7).value = "3"  # now the row of 利用者数(SRE)
    sheet.cell(b, 7).value = "5"  # now the row of 利用者数(DS)
    book.save(tmp_path / "swapped.xlsx")
    code, out, err = cli(db_path, capsys, "import", "hearing-sheet", str(tmp_path / "swapped.xlsx"), "--project", str(demo.id), "--yes")
    assert code == 0, err
    answers = AnswerService(workspace.db, workspace.library)
    assert answers.answer(demo.id, "hearing.prereq.users_sre").value == 3
    assert answers.answer(demo.id, "hearing.prereq.users_ds").value == 5


def test_held_an_old_xls_is_refused_saying_what_to_do(workspace, demo, db_path, tmp_path, capsys) -> None:
    old = tmp_path / "wbs.xls"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504)  # an OLE2 compound file, as Excel 97-2003 writes
    code, out, err = cli(db_path, capsys, "import", "wbs", str(old), "--project", str(demo.id), "--dry-run")
    assert code == 2 and ".xlsx" in err and "Traceback" not in err and "何も取り込んでいません" in err


# --- broke: a row deleted in LibreOffice refuses the whole workbook -----------------------------------------


@needs_office
def test_a_wbs_row_deleted_in_libreoffice_is_read(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    rows = wbs_rows(sent)
    gone = task(workspace, demo.id, "1.3")
    returned = in_calc(sent, tmp_path / "returned.xlsx", [("WBS", "s", f"H{rows['1.4']}", "2"), ("WBS", "del", rows["1.3"])])
    code, out, err = cli(db_path, capsys, "import", "wbs", str(returned), "--project", str(demo.id), "--dry-run")
    assert code == 0, err  # read: 1.4's estimate changed, the deleted row's task kept and said
    assert "1,048,576" not in err and "1.4" in out and gone.title in out


@needs_office
def test_a_team_member_deleted_in_libreoffice_is_read(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    returned = in_calc(sent, tmp_path / "returned.xlsx", [("体制", "unprotect"), ("体制", "del", 2)])
    code, out, err = cli(db_path, capsys, "import", "hearing-sheet", str(returned), "--project", str(demo.id), "--dry-run")
    assert code == 0, err
    assert "1,048,576" not in err and "体制" in out


# --- broke: a comment the customer puts on a cell is dropped without a word ---------------------------------


@needs_office
def test_a_comment_on_a_wbs_cell_is_said(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    rows = wbs_rows(sent)
    words = "この日程は厳しいです。1週間後ろ倒ししてください"
    returned = in_calc(sent, tmp_path / "returned.xlsx", [("WBS", "c", f"J{rows['2.3']}", words)])
    assert openpyxl.load_workbook(returned)["WBS"].cell(rows["2.3"], 10).comment.text.strip() == words  # LibreOffice kept it
    code, out, err = cli(db_path, capsys, "import", "wbs", str(returned), "--project", str(demo.id), "--dry-run")
    assert code == 0, err
    assert words in out or "コメント" in out or "メモ" in out


def test_a_comment_on_a_hearing_cell_is_said_in_the_window(qtbot, db_path, monkeypatch, tmp_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        sent = export_hearing_sheet(page.state.workspace, page.state.project_id, tmp_path / "hearing.xlsx", "ja")
        rows = hearing_rows(sent)
        book = openpyxl.load_workbook(sent)
        words = "AVCは社内で確認中です。来週回答します"
        book.worksheets[0].cell(rows["hearing.basics.accuracy_avc"], 7).comment = Comment(words, "顧客 佐藤")
        book.save(tmp_path / "returned.xlsx")
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(tmp_path / "returned.xlsx"))
        page.import_sheet()
        qtbot.waitUntil(lambda: bool(said), timeout=20000)
        settle(window)
        assert any(words in s or "コメント" in s or "メモ" in s for s in said), said
    finally:
        close_window(window)


# --- broke: a task row moved into another phase is read as unchanged ------------------------------------


def test_a_row_moved_into_another_phase_is_applied_or_said(qtbot, db_path, monkeypatch, tmp_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        ws, pid = page.state.workspace, page.state.project_id
        sent = export_wbs_xlsx(ws, pid, tmp_path / "wbs.xlsx", "ja")
        moved = task(ws, pid, "1.3")
        book = openpyxl.load_workbook(sent)
        sheet = book["WBS"]
        rows = wbs_rows(sent)
        width = sheet.max_column
        values = [sheet.cell(rows["1.3"], n).value for n in range(1, width + 1)]
        target = rows["2.2"]  # cut from phase 1, inserted after 2.2 (as Excel's "insert cut cells" does)
        for r in range(rows["1.3"], target):
            for n in range(1, width + 1):
                sheet.cell(r, n).value = sheet.cell(r + 1, n).value
        for n, value in enumerate(values, start=1):
            sheet.cell(target, n).value = value
        book.save(tmp_path / "returned.xlsx")
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(tmp_path / "returned.xlsx"))
        seen: dict = {}

        def preview(dialog: QDialog) -> int:
            notes = dialog.findChild(QListWidget, "wbsImportNotes")
            view = dialog.findChild(QTableView, "wbsImportChanges")
            seen["text"] = [dialog.findChild(QLabel, "wbsImportSummary").text()]
            seen["text"] += [notes.item(n).text() for n in range(notes.count())]
            seen["text"] += [str(view.model().index(r, 0).data()) for r in range(view.model().rowCount())]
            return QDialog.DialogCode.Rejected

        monkeypatch.setattr(page, "exec_dialog", preview)
        page.import_excel()
        qtbot.waitUntil(lambda: "text" in seen, timeout=20000)
        settle(window)
        assert any(moved.title in line for line in seen["text"]), seen["text"]
    finally:
        close_window(window)


def test_held_a_reordered_team_table_is_said_as_a_new_order(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    book = openpyxl.load_workbook(sent)
    team = book["体制"]
    first, last = [c.value for c in team[2]], [c.value for c in team[6]]
    for n, value in enumerate(last, start=1):
        team.cell(2, n).value = value
    for n, value in enumerate(first, start=1):
        team.cell(6, n).value = value
    book.save(tmp_path / "sorted.xlsx")
    code, out, err = cli(db_path, capsys, "import", "hearing-sheet", str(tmp_path / "sorted.xlsx"), "--project", str(demo.id), "--dry-run")
    assert code == 0, err
    assert "行の順序: 1、2、3、4、5 → 5、2、3、4、1" in out


@needs_office
def test_an_ods_is_refused_saying_what_to_do(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    soffice(["--convert-to", "ods", "--outdir", str(tmp_path), str(sent)])
    code, out, err = cli(db_path, capsys, "import", "hearing-sheet", str(tmp_path / "hearing.ods"), "--project", str(demo.id), "--dry-run")
    assert code == 2 and "何も取り込んでいません" in err
    assert "[Content_Types]" not in err and ".xlsx" in err and "保存し" in err


def test_a_formula_in_a_wbs_text_cell_is_said_as_a_formula_in_the_preview(qtbot, db_path, monkeypatch, tmp_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        sent = export_wbs_xlsx(page.state.workspace, page.state.project_id, tmp_path / "wbs.xlsx", "ja")
        rows = wbs_rows(sent)
        book = openpyxl.load_workbook(sent)
        book["WBS"].cell(rows["1.2"], 13).value = f"=M{rows['1.1']}"  # 完了条件: the same as 1.1's, as the customer sees it
        book.save(tmp_path / "returned.xlsx")
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(tmp_path / "returned.xlsx"))
        seen: dict = {}

        def preview(dialog: QDialog) -> int:
            notes = dialog.findChild(QListWidget, "wbsImportNotes")
            view = dialog.findChild(QTableView, "wbsImportChanges")
            model = view.model()
            seen["text"] = [dialog.findChild(QLabel, "wbsImportSummary").text()]
            seen["text"] += [notes.item(n).text() for n in range(notes.count())]
            seen["text"] += [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]
            return QDialog.DialogCode.Rejected

        monkeypatch.setattr(page, "exec_dialog", preview)
        page.import_excel()
        qtbot.waitUntil(lambda: "text" in seen, timeout=20000)
        settle(window)
        assert any(f"=M{rows['1.1']}" in line for line in seen["text"])  # the change is listed
        assert any("数式" in line for line in seen["text"]), seen["text"]
    finally:
        close_window(window)


def test_a_reworded_hearing_heading_is_named(workspace, demo, db_path, tmp_path, capsys) -> None:
    sent = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    book = openpyxl.load_workbook(sent)
    book.worksheets[0]["G1"] = "ご回答"
    book.save(tmp_path / "returned.xlsx")
    code, out, err = cli(db_path, capsys, "import", "hearing-sheet", str(tmp_path / "returned.xlsx"), "--project", str(demo.id), "--dry-run")
    assert "Traceback" not in err
    assert code == 0 or "ご回答" in err or "G1" in err or "G 列" in err or "G列" in err, err
