"""The Excel WBS: every layout feature read back with openpyxl, formula injection, and re-import."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import RefusedImportError
from app.main import main
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import apply_plan, read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.service import WbsService
from tests.office import soffice
from tests.wbs_helpers import add, mspdi_as_the_wbs, new_project, read_csv_rows, read_mspdi

INJECTION = "=cmd|' /C calc'!A0"


def column(sheet, key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


@pytest.fixture
def exported(workspace, demo, tmp_path):
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    first_leaf = next(t for t in tree.walk() if not tree.has_children(t.id))
    service.update(demo.id, [first_leaf.id], title=INJECTION, notes="+1 and @SUM(A1)")
    return export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")


def test_the_first_sheet_is_laid_out_by_hand(exported, workspace, demo) -> None:
    book = openpyxl.load_workbook(exported)
    # The demo has a baseline (its earned value) and people (their load per week).
    assert book.sheetnames == ["WBS", "_lists", "集計", "凡例", "出来高(EVM)", "負荷", "_meta"]
    sheet = book["WBS"]
    tree = WbsService(workspace.db).tree(demo.id)
    rows = len(tree.tasks) + 1
    # Header: styled, frozen with the code and title columns, filtered, repeated when printed.
    assert [sheet.cell(1, n).value for n in (1, 2, 11, 13, 14)] == ["WBS", "タスク", "開始可能日", "完了条件", "完成イメージ"]
    assert sheet.cell(1, 1).font.bold and sheet.cell(1, 1).fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.auto_filter.ref.endswith(str(rows))
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    # A3, two or three pages wide (as many as a readable scale needs) with the code and title on each
    # (one page wide printed at 37 %: unreadable).
    assert sheet.page_setup.fitToWidth in (2, 3) and sheet.page_setup.fitToHeight == 0 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_cols == "$A:$B" and int(sheet.page_setup.paperSize) == 8
    # Widths fitted, long text wrapped, dates real dates.
    assert sheet.column_dimensions["B"].width > 40 and sheet.column_dimensions["A"].width < 10
    completion = column(sheet, "completion_condition")
    assert sheet.cell(3, completion).alignment.wrap_text
    start = column(sheet, "start")
    assert isinstance(sheet.cell(3, start).value, dt.datetime) and sheet.cell(3, start).number_format == "yyyy/mm/dd"
    # Outline grouping of the hierarchy, parents above children.
    assert sheet.sheet_properties.outlinePr.summaryBelow is False
    levels = {sheet.row_dimensions[r].outline_level for r in range(2, rows + 1)}
    assert levels == {0, 1, 2}
    assert sheet.cell(3, 2).alignment.indent == 1
    # The hidden task-id column holds each task's uid.
    task_id = column(sheet, "task_id")
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(task_id)].hidden
    assert {sheet.cell(r, task_id).value for r in range(2, rows + 1)} == {t.uid for t in tree.tasks.values()}


def test_drop_downs_milestones_and_the_gantt_area(exported) -> None:
    book = openpyxl.load_workbook(exported)
    sheet = book["WBS"]
    validations = {str(dv.sqref).split(":")[0][:-1]: dv for dv in sheet.data_validations.dataValidation}
    letter = lambda key: openpyxl.utils.get_column_letter(column(sheet, key))  # noqa: E731
    assert validations[letter("priority")].formula1 == '"必須,推奨,任意,対象外"'
    assert validations[letter("status")].formula1 == '"未着手,進行中,完了,保留"'
    assert validations[letter("owner_role")].formula1.startswith("'_lists'!$")  # a long list lives on the hidden sheet
    assert book["_lists"].sheet_state == "hidden" and book["_meta"].sheet_state == "veryHidden"
    roles = [c.value for c in book["_lists"]["C"][1:] if c.value]
    assert roles[:4] == ["MLOpsエンジニア", "データサイエンティスト", "PM", "顧客"]
    # Milestones highlighted.
    milestone = column(sheet, "milestone")
    rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, milestone).value == "はい"]
    assert len(rows) == 2 and all(sheet.cell(r, 2).fill.fgColor.rgb.endswith("FFF2CC") for r in rows)
    # Gantt by week: week-start dates in the header, bars by conditional formatting.
    first_week = len(COLUMNS) + 1
    weeks = [sheet.cell(1, c).value for c in range(first_week, sheet.max_column + 1)]
    assert len(weeks) >= 12 and all(w.weekday() == 0 for w in weeks)
    assert weeks[1] - weeks[0] == dt.timedelta(days=7)
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas = [rule.formula[0] for rule in rules]
    assert any("$I2<=" in f and "$J2>=" in f for f in formulas)
    assert any('="はい"' in f for f in formulas)


def test_summary_and_legend_sheets(exported, workspace, demo) -> None:
    book = openpyxl.load_workbook(exported)
    summary = [[c for c in row] for row in book["集計"].iter_rows(values_only=True)]
    flat = [c for row in summary for c in row if c is not None]
    assert "フェーズ別見積(人日)" in flat and "ロール別見積(人日)" in flat and "優先度別見積(人日)" in flat
    assert "実験環境構築" in flat and "MLOpsエンジニア" in flat and "必須" in flat
    no_completion = next(row[1] for row in summary if row[0] == "完了条件のないタスク")
    not_agreed = next(row[1] for row in summary if row[0] == "顧客合意していないタスク")
    assert no_completion == 1 and not_agreed > 10
    legend = [c for row in book["凡例"].iter_rows(values_only=True) for c in row if c]
    assert "色の意味" in legend and "必須" in legend and any("タスクID" in str(c) for c in legend)


def test_user_text_never_becomes_a_formula(exported) -> None:
    sheet = openpyxl.load_workbook(exported)["WBS"]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value in (INJECTION, "+1 and @SUM(A1)")]
    assert len(cells) == 2
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix
    # Nothing the user typed is stored as a formula anywhere in the workbook's XML.
    import zipfile

    with zipfile.ZipFile(exported) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 7  # also the earned value, the load and the meta sheet, which keeps the cells as exported
        for name in sheets:
            assert "<f>" not in archive.read(name).decode(), name


def edit_like_a_user(path: Path, edits) -> None:
    book = openpyxl.load_workbook(path)
    edits(book["WBS"])
    book.save(path)


def test_round_trip_with_changes_made_in_excel(exported, workspace, demo, tmp_path) -> None:
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    target = next(t for t in tree.walk() if t.title == "WBS作成")
    row_of = {}

    def edits(sheet) -> None:
        task_id = column(sheet, "task_id")
        for r in range(2, sheet.max_row + 1):
            row_of[sheet.cell(r, task_id).value] = r
        r = row_of[target.uid]
        sheet.cell(r, column(sheet, "status")).value = "完了"
        sheet.cell(r, column(sheet, "priority")).value = "推奨"
        sheet.cell(r, column(sheet, "finish")).value = dt.datetime(2030, 1, 31)
        sheet.cell(r, column(sheet, "completion_condition")).value = "顧客がWBSをレビューし承認した"
        sheet.cell(r, 2).value = "WBS作成(改訂)"
        # Reordering rows in Excel must not matter: ids, not titles or positions, match.
        new = sheet.max_row + 1
        sheet.cell(new, 1).value = "2.9"
        sheet.cell(new, 2).value = "評価データの受領確認"
        sheet.cell(new, column(sheet, "priority")).value = "Must"
        sheet.cell(new, column(sheet, "estimate_days")).value = 0.5
        sheet.cell(new, column(sheet, "completion_condition")).value = "評価データが届いた"

    edit_like_a_user(exported, edits)
    plan = read_plan(workspace, demo.id, exported)
    assert [c.title for c in plan.changed] == ["WBS作成"] and len(plan.added) == 1
    fields = {c.field: c.new for c in plan.changed[0].changes}
    assert fields == {
        "title": "WBS作成(改訂)",
        "priority": "should",
        "status": "done",
        "finish": dt.date(2030, 1, 31),
        "completion_condition": "顧客がWBSをレビューし承認した",
    }
    assert plan.added[0].parent_code == "2"
    before = service.tasks(demo.id)
    change = apply_plan(workspace, plan)
    tree = service.tree(demo.id)
    edited = tree.tasks[target.id]
    assert (edited.title, edited.priority, edited.status.value, edited.finish) == ("WBS作成(改訂)", "should", "done", dt.date(2030, 1, 31))
    new = tree.tasks[change.created[0]]
    assert new.title == "評価データの受領確認" and tree.codes[new.id].startswith("2.") and new.uid > max(t.uid for t in before)
    # One undoable change.
    service.restore(demo.id, change.before)
    assert service.tasks(demo.id) == before


def test_an_untouched_sheet_imports_as_no_change(exported, workspace, demo) -> None:
    plan = read_plan(workspace, demo.id, exported)
    assert plan.empty and plan.unchanged == WbsService(workspace.db).count(demo.id)


def refused(workspace, project_id: int, path: Path, message: str, ja: str | None = None) -> None:
    """Refused with ``message`` in English (a part of it, or all of it with ``ja``, its Japanese)."""
    before = WbsService(workspace.db).tasks(project_id)
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, project_id, path)
    if ja is None:
        assert message in str(caught.value)
    else:
        assert (caught.value.text("en"), caught.value.text("ja")) == (message, ja)
    assert WbsService(workspace.db).tasks(project_id) == before


def test_malformed_and_foreign_workbooks_are_refused(exported, workspace, demo, tmp_path) -> None:
    (tmp_path / "text.xlsx").write_text("not a workbook", encoding="utf-8")
    refused(workspace, demo.id, tmp_path / "text.xlsx", "not an Excel workbook")
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    refused(workspace, demo.id, plain, "plain.xlsx is not a WBS workbook exported by MLOps Kickoff (no _meta sheet); nothing was changed",
            "plain.xlsx は MLOps Kickoff が書き出した WBS のブックではありません(書き出し情報のシートがありません)。何も変更していません")
    other = new_project(workspace, "Other")
    add(WbsService(workspace.db), other, "Something")
    refused(workspace, other, exported, f"wbs.xlsx is the WBS of project “{demo.name}”, not of “Other”; nothing was changed",
            f"wbs.xlsx はプロジェクト「{demo.name}」の WBS で、「Other」のものではありません。何も変更していません")

    bad_value = tmp_path / "bad_value.xlsx"
    shutil.copy(exported, bad_value)
    edit_like_a_user(bad_value, lambda s: setattr(s.cell(3, column(s, "priority")), "value", "最優先"))
    refused(workspace, demo.id, bad_value,
            "bad_value.xlsx cannot be imported: row 3: Priority: “最優先” is not one of the options (Must, Should, Could, Won't); nothing was changed",
            "bad_value.xlsx は取り込めません: 3 行目: 優先度: 「最優先」は選択肢(必須、推奨、任意、対象外)のどれでもありません。何も変更していません")
    bad_date = tmp_path / "bad_date.xlsx"
    shutil.copy(exported, bad_date)
    edit_like_a_user(bad_date, lambda s: (setattr(s.cell(4, column(s, "start")), "value", "来週"),
                                          setattr(s.cell(5, column(s, "agreed")), "value", "たぶん")))
    refused(workspace, demo.id, bad_date,
            "bad_date.xlsx cannot be imported: row 4: Start: “来週” is not a date (YYYY-MM-DD or YYYY/MM/DD); "
            "row 5: Agreed: “たぶん” is not yes or no; nothing was changed",
            "bad_date.xlsx は取り込めません: 4 行目: 開始日: 「来週」は日付ではありません(2026/12/21 や 2026-12-21 の形で入力してください)。"
            "5 行目: 顧客合意: 「たぶん」は「はい」か「いいえ」ではありません。何も変更していません")
    no_ids = tmp_path / "no_ids.xlsx"
    shutil.copy(exported, no_ids)
    edit_like_a_user(no_ids, lambda s: s.delete_cols(column(s, "task_id")))
    refused(workspace, demo.id, no_ids, "no_ids.xlsx: the WBS sheet has no “タスクID / Task ID” column; nothing was changed",
            "no_ids.xlsx: WBS のシートに「タスクID / Task ID」の列がありません。何も変更していません")
    cycle = tmp_path / "cycle.xlsx"
    shutil.copy(exported, cycle)
    edit_like_a_user(cycle, lambda s: setattr(s.cell(3, column(s, "predecessors")), "value", "1.4"))
    refused(workspace, demo.id, cycle, "cycle.xlsx: the predecessors make a dependency cycle (1.2 → 1.3 → 1.4 → 1.1); nothing was changed",
            "cycle.xlsx: 先行タスクが循環しています(1.2 → 1.3 → 1.4 → 1.1)。何も変更していません")


def test_the_cli_previews_dry_runs_and_applies(exported, workspace, demo, db_path, capsys, monkeypatch) -> None:
    edit_like_a_user(exported, lambda s: setattr(s.cell(3, column(s, "status")), "value", "進行中"))
    workspace.close()
    args = ["--db", str(db_path), "--lang", "en", "import", "wbs", str(exported), "--project", str(demo.id)]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 changed task," in out and "Status: Done → In progress" in out and "dry run: nothing changed" in out
    # At a terminal the user is asked; "n" changes nothing.
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(args) == 1 and "nothing changed" in capsys.readouterr().out
    assert main([*args, "--dry-run"]) == 0 and "1 changed task," in capsys.readouterr().out
    # A script has asked by running the command (as with --yes).
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(args) == 0 and "applied: 1 task changed" in capsys.readouterr().out
    assert main([*args, "--dry-run"]) == 0 and "0 changed tasks" in capsys.readouterr().out
    text = tmp = exported.with_suffix(".txt")
    tmp.write_text("x", encoding="utf-8")
    assert main(["--db", str(db_path), "import", "wbs", str(text), "--project", str(demo.id), "--yes"]) == 2
    assert "Excel のブック(.xlsx)ではありません" in capsys.readouterr().err  # the system language: ja


def test_export_commands_write_each_kind(demo, workspace, db_path, tmp_path, capsys) -> None:
    from app.wbs.catalog import catalog, worded_tree

    # The Japanese demo in English: what the app generated in English, what the user typed as typed.
    tree = worded_tree(WbsService(workspace.db).tree(demo.id), catalog(workspace.library), "en")
    workspace.close()
    for kind, name in (("wbs", "w.xlsx"), ("mspdi", "w.xml"), ("tracker-csv", "w.csv")):
        out = tmp_path / name
        assert main(["--db", str(db_path), "export", kind, "--project", str(demo.id), "--out", str(out), "--lang", "en"]) == 0
    assert main(["--db", str(db_path), "export", "wbs", "--project", str(demo.id), "--out", str(tmp_path / "w.csv")]) == 2
    outline = [(tree.codes[t.id], t.title) for t in tree.walk()]
    # Each file holds every task of the WBS, in its outline order, in the language asked for.
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert book.sheetnames[2] == "Summary"
    sheet = book["WBS"]
    assert [sheet.cell(1, n).value for n in (1, 2)] == ["WBS", "Task"]
    assert [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(2, sheet.max_row + 1)] == outline
    tasks, _holidays = read_mspdi(tmp_path / "w.xml")
    assert sorted((t["outline"], t["name"]) for t in tasks.values()) == sorted(outline)
    assert {uid: {k: v for k, v in t.items() if k != "hours"} for uid, t in tasks.items()} == mspdi_as_the_wbs(tree)
    rows = read_csv_rows(tmp_path / "w.csv")
    assert [(r["WBS"], r["Summary"]) for r in rows] == [(code, f"{code} {title}") for code, title in outline]
    assert [int(r["Task ID"]) for r in rows] == [t.uid for t in tree.walk()]
    assert {r["Priority"] for r in rows} <= {"Must", "Should", "Could", "Won't"}  # English labels, not keys


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (a local check only)")
def test_a_libreoffice_round_trip_changes_nothing(exported, workspace, demo, tmp_path) -> None:
    out = tmp_path / "lo"
    soffice(["--convert-to", "xlsx", "--outdir", str(out), str(exported)])
    assert read_plan(workspace, demo.id, out / exported.name).empty


def test_a_row_deleted_in_excel_is_reported_and_the_task_kept(exported, workspace, demo) -> None:
    before = WbsService(workspace.db).tree(demo.id)
    edit_like_a_user(exported, lambda s: s.delete_rows(5, 2))  # rows 5-6: tasks 1.3 and 1.4
    plan = read_plan(workspace, demo.id, exported)
    assert not plan.changed and not plan.added
    assert [w.text("en") for w in plan.warnings] == [
        "2 tasks of the project are not in the sheet (1.3 スケジュール概要と工数感の提示, 1.4 導入提案の実施と認識合わせ): they are kept; delete them in the app if they should go"
    ]
    assert [w.text("ja") for w in plan.warnings] == [
        "プロジェクトのタスクのうち 2 件がシートにありません(1.3 スケジュール概要と工数感の提示、1.4 導入提案の実施と認識合わせ)。残してあります。不要ならアプリで削除してください"
    ]
    apply_plan(workspace, plan)
    assert len(WbsService(workspace.db).tree(demo.id).tasks) == len(before.tasks)
