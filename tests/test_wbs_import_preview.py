"""The Excel WBS read back, in the user's language: the CLI's preview (``import wbs FILE --dry-run``)
line by line in Japanese and in English, the window's preview dialog with no English in Japanese,
full-width numbers and Japanese dates in cells, and a sheet imported twice (its new rows are added
once)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QWidget

from app.main import main
from app.ui import messages
from app.ui.wbs.dialogs import ImportPreviewDialog
from app.wbs.catalog import catalog
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window
from tests.language_walk import looks_english, widget_texts
from tests.wbs_helpers import add, new_project


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def edit_sheet(path: Path, edits) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    edits(sheet, rows)
    book.save(path)


@pytest.fixture
def small(workspace, tmp_path):
    """A project of four tasks (1 Alpha, 1.1 Alpha one, 1.2 Alpha two, 2 Beta) and its Excel WBS
    edited as the issue's preview shows: a changed field, a conflict, a removed task and a new row."""
    service = WbsService(workspace.db)
    pid = new_project(workspace, "小さなPoC", lang="ja")
    alpha = add(service, pid, "Alpha")
    one = add(service, pid, "Alpha one", alpha, estimate_days=1)
    add(service, pid, "Alpha two", alpha)
    beta = add(service, pid, "Beta", notes="最初のメモ")
    out = export_wbs_xlsx(workspace, pid, tmp_path / "wbs.xlsx", "ja")
    service.update(pid, [beta], notes="アプリで直したメモ")  # after the export: with the sheet's, a conflict

    def edits(sheet, rows) -> None:
        sheet.cell(rows["1.1"], col("status")).value = "進行中"
        sheet.cell(rows["1.1"], col("finish")).value = "２０２６/１２/２１"  # typed, full-width digits
        sheet.cell(rows["1.1"], col("estimate_days")).value = "２．５"
        sheet.cell(rows["2"], col("notes")).value = "シートで直したメモ"
        new = sheet.max_row + 1
        sheet.cell(new, 1).value = "2.1"
        sheet.cell(new, 2).value = "評価データの受領確認"
        sheet.cell(new, col("estimate_days")).value = "０．５"
        sheet.cell(new, col("predecessors")).value = "１．１＋２"
        sheet.delete_rows(rows["1.2"])  # Alpha two is not in the sheet any more

    edit_sheet(out, edits)
    return pid, out, {"one": one, "beta": beta}


def dry_run(db_path: Path, capsys, pid: int, path: Path, *lang: str) -> list[str]:
    assert main(["--db", str(db_path), *lang, "import", "wbs", str(path), "--project", str(pid), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def test_the_cli_previews_in_japanese(small, workspace, db_path, capsys) -> None:
    pid, path, _ = small
    workspace.close()
    assert dry_run(db_path, capsys, pid, path) == [  # the suite's system language is Japanese
        "WBS シート wbs.xlsx(プロジェクト「小さなPoC」): 変更 2 件、新規 1 件、変更なし 1 件、競合 1 件、取り込まない変更 0 件",
        "  ~ 1.1 Alpha one: 状況: 未着手 → 進行中、見積(人日): 1 → 2.5、終了日: — → 2026/12/21",
        "  ! 競合 2 Beta: 備考: アプリ アプリで直したメモ、シート シートで直したメモ(書き出し後に両方で変更されています)",
        "  + 5 行目: 評価データの受領確認(2 の下)",
        "  ! プロジェクトのタスクのうち 1 件がシートにありません(1.2 Alpha two)。残してあります。不要ならアプリで削除してください",
        "競合: 書き出し後にアプリとシートの両方で変更されたセルは、アプリの値を残します(シートの値にするには --prefer sheet)",
        "確認のみ(--dry-run): 何も変更していません",
    ]


def test_the_cli_previews_in_english_with_lang_en(small, workspace, db_path, capsys) -> None:
    pid, path, _ = small
    workspace.close()
    assert dry_run(db_path, capsys, pid, path, "--lang", "en") == [
        "WBS sheet wbs.xlsx for 小さなPoC: 2 changed tasks, 1 new task, 1 unchanged, 1 conflict, 0 ignored",
        "  ~ 1.1 Alpha one: Status: Not started → In progress; Estimate (person-days): 1 → 2.5; Finish: — → 2026-12-21",
        "  ! conflict 2 Beta: Notes: app アプリで直したメモ, sheet シートで直したメモ (changed on both sides since the export)",
        "  + row 5: 評価データの受領確認 (under 2)",
        "  ! 1 task of the project is not in the sheet (1.2 Alpha two): it is kept; delete it in the app if it should go",
        "conflicts: cells changed in the app since the export and in the sheet; keeping the app's values (use --prefer sheet to take the sheet's)",
        "dry run: nothing changed",
    ]


def test_full_width_numbers_and_japanese_dates_in_cells_are_read(small, workspace) -> None:
    pid, path, ids = small
    plan = read_plan(workspace, pid, path)
    change = apply_plan(workspace, plan)
    tree = WbsService(workspace.db).tree(pid)
    one = tree.tasks[ids["one"]]
    assert (one.estimate_days, one.finish) == (2.5, dt.date(2026, 12, 21))
    new = tree.tasks[change.created[0]]
    assert new.estimate_days == 0.5 and [(d.predecessor_id, d.lag_days) for d in new.dependencies] == [(ids["one"], 2)]


def test_an_unchanged_sheet_imported_again_changes_nothing(small, workspace, db_path, capsys) -> None:
    """The rows a first import added are recognised by the second (the task records the workbook and
    the row it came from): nothing is added twice, and a later edit of such a row is a change."""
    pid, path, _ = small
    service = WbsService(workspace.db)
    apply_plan(workspace, read_plan(workspace, pid, path), prefer="sheet")
    after_first = service.tasks(pid)
    again = read_plan(workspace, pid, path)
    assert (again.added, again.changed, again.empty) == ([], [], True)
    apply_plan(workspace, again)
    assert service.tasks(pid) == after_first
    # A row added above moves the first import's row down: still the same task, with its edit.
    def edits(sheet, rows) -> None:
        sheet.insert_rows(2)
        sheet.cell(2, 1).value = "1"
        sheet.cell(2, 2).value = "もう一つの新しいタスク"
        added = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "評価データの受領確認")
        sheet.cell(added, col("status")).value = "完了"

    edit_sheet(path, edits)
    third = read_plan(workspace, pid, path)
    assert [row.title for row in third.added] == ["もう一つの新しいタスク"]
    assert [(row.title, [(c.field, c.new.value) for c in row.changes]) for row in third.changed] == [("評価データの受領確認", [("status", "done")])]
    workspace.close()
    lines = dry_run(db_path, capsys, pid, path, "--lang", "en")
    assert lines[0].endswith("1 changed task, 1 new task, 3 unchanged, 0 conflicts, 0 ignored")


def test_the_preview_dialog_has_no_english_in_japanese(qtbot, db_path, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        page = window.page("wbs")
        ws, pid = page.state.workspace, page.state.project_id
        service = WbsService(ws.db)
        out = export_wbs_xlsx(ws, pid, tmp_path / "wbs.xlsx", "ja")
        tree = service.tree(pid)
        conflict = tree.tasks[tree.by_code()["2.2"]]
        service.update(pid, [conflict.id], notes="アプリで直したメモ")
        leaf = next(t for t in tree.walk() if not tree.has_children(t.id) and t.priority != "could" and not t.agreed)
        code = tree.codes[leaf.id]

        def edits(sheet, rows) -> None:
            sheet.cell(rows["2.2"], col("notes")).value = "シートで直したメモ"  # a conflict
            sheet.cell(rows[code], col("priority")).value = "任意"  # a change of a labelled value
            sheet.cell(rows[code], col("start")).value = "2026/12/21"  # a date
            sheet.cell(rows[code], col("agreed")).value = "はい"  # yes / no
            sheet.cell(rows["2.4"], 1).value = "7.1"  # a move: not imported
            new = sheet.max_row + 1
            sheet.cell(new, 1).value = "2.9"
            sheet.cell(new, 2).value = "評価データの受領確認"
            sheet.delete_rows(rows["1.3"])  # a task not in the sheet

        edit_sheet(out, edits)
        monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(out))
        seen: dict[str, list[str]] = {}

        def preview(dialog: QDialog) -> int:
            assert isinstance(dialog, ImportPreviewDialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            texts = [(where, text) for widget in [dialog, *dialog.findChildren(QWidget)] for where, text in widget_texts(widget)]
            seen["english"] = [f"{where}: {text}" for where, text in texts if text and looks_english(text)]
            seen["texts"] = [text for _, text in texts]
            dialog.hide()
            return QDialog.DialogCode.Rejected

        monkeypatch.setattr(page, "exec_dialog", preview)
        page.import_excel()
        qtbot.waitUntil(lambda: "texts" in seen, timeout=20000)
        assert seen["english"] == []
        assert {"2026/12/21", "任意", "はい", "競合", "顧客合意", "新規タスク"} <= set(seen["texts"])
        assert any(text.startswith("取り込みません: ") and "7.1" in text for text in seen["texts"])  # the move
        assert any("シートにありません(1.3 " in text for text in seen["texts"])
    finally:
        close_window(window)


def test_the_preview_model_says_it_all_in_the_plans_language(workspace, demo, tmp_path, qtbot) -> None:
    """The dialog's table and notes read the plan in the language they are given (English here; the
    dialog's own words are Qt translations of the window's language, not checked here)."""
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    edit_sheet(out, lambda sheet, rows: (setattr(sheet.cell(rows["1.1"], col("start")), "value", "2026/12/21"),
                                         sheet.delete_rows(rows["1.2"])))
    plan = read_plan(workspace, demo.id, out)
    dialog = ImportPreviewDialog(plan, "summary", "en", catalog(workspace.library))
    qtbot.addWidget(dialog)
    tree = WbsService(workspace.db).tree(demo.id)
    task = tree.tasks[tree.by_code()["1.1"]]
    model = dialog.model
    assert [model.index(0, c).data() for c in range(4)] == [
        f"1.1 {task.title}", "Start", task.start.isoformat() if task.start else "—", "2026-12-21"
    ]
    assert [dialog.notes.item(n).text() for n in range(dialog.notes.count())] == [
        "1 task of the project is not in the sheet (1.2 MLOps導入の目的・スコープ定義): it is kept; delete it in the app if it should go"
    ]
