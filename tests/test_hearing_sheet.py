"""The hearing sheet: exported, filled as a customer would with openpyxl, imported back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import RefusedImportError
from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.hearing.sheet import COL, META, export_hearing_sheet, header
from app.hearing.sheet_import import apply_plan, read_plan


@pytest.fixture
def sheet(workspace, demo, tmp_path: Path) -> Path:
    return export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")


def rows_by_id(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=COL["id"]).value: r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=COL["id"]).value}


def fill(path: Path, out: Path, answers: dict[str, dict[str, object]], table_rows: list[list[object]] | None = None) -> Path:
    """What a customer does in Excel: type into the answer cells (and the data-sources sheet)."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = rows_by_id(ws)
    for item_id, cells in answers.items():
        for key, value in cells.items():
            ws.cell(row=rows[item_id], column=COL[key]).value = value
    if table_rows:
        sources = wb["データの種類"]
        first_blank = next(r for r in range(2, sources.max_row + 1) if sources.cell(row=r, column=2).value in (None, ""))
        for offset, values in enumerate(table_rows):
            for c, value in enumerate(values, start=2):
                sources.cell(row=first_blank + offset, column=c).value = value
    wb.save(out)
    return out


def test_layout_of_the_exported_sheet(sheet: Path, workspace, demo) -> None:
    wb = openpyxl.load_workbook(sheet)
    assert wb.properties.creator == "MLOps Kickoff"  # the file's author as Excel shows it (was "openpyxl")
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == header("ja")
    assert ws.cell(row=1, column=COL["id"]).value == "ID"
    assert ws.cell(row=1, column=COL["answer"]).value == "回答"
    assert ws.cell(row=1, column=COL["answer_later"]).value == "回答(これから)"
    rows = rows_by_id(ws)
    hearing_items = [i.id for i in workspace.library.checklists["hearing"].walk_items()]
    assert list(rows) == hearing_items
    # The current answer is shown; the customer's columns start empty.
    background = rows["hearing.basics.background"]
    assert ws.cell(row=background, column=COL["current"]).value.startswith("ECサイトで")
    assert ws.cell(row=background, column=COL["answer"]).value is None
    # Protection: the sheet is protected, only the customer's cells are open.
    assert ws.protection.sheet
    assert ws.cell(row=background, column=COL["current"]).protection.locked
    assert ws.cell(row=background, column=COL["id"]).protection.locked
    assert not ws.cell(row=background, column=COL["answer"]).protection.locked
    assert ws.cell(row=background, column=COL["answer_later"]).protection.locked  # not asked as now/later
    assert not ws.cell(row=rows["hearing.prereq.model_type"], column=COL["answer_later"]).protection.locked
    # A drop-down on a choice item, pointing at its options on the hidden lists sheet.
    gpu = rows["hearing.prereq.env_gpu"]
    target = ws.cell(row=gpu, column=COL["answer"]).coordinate
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and target in str(dv.sqref)]
    assert len(lists) == 1
    sheet_name, cells = lists[0].formula1.lstrip("=").split("!")
    options = [c.value for row in wb[sheet_name.strip("'")][cells.replace("$", "")] for c in row]
    assert options == ["あり", "なし", "未定"]
    # Printable: landscape, fit to width, header row repeated.
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.freeze_panes == "D2"
    # Data-sources sheet with the table's columns and the current rows.
    sources = wb["データの種類"]
    assert [c.value for c in sources[1]][:4] == ["行", "データソース", "種類", "取得元"]
    assert sources.cell(row=2, column=2).value == "商品画像"
    assert wb[META].sheet_state == "veryHidden"


def test_user_text_is_never_a_formula(workspace, demo, tmp_path: Path) -> None:
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.basics.background", value="=cmd|' /C calc'!A0")
    path = export_hearing_sheet(workspace, demo.id, tmp_path / "s.xlsx", "en")
    ws = openpyxl.load_workbook(path).worksheets[0]
    cell = ws.cell(row=rows_by_id(ws)["hearing.basics.background"], column=COL["current"])
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0" and cell.quotePrefix


def test_a_filled_sheet_imports_with_a_preview_first(workspace, demo, sheet: Path, tmp_path: Path) -> None:
    filled = fill(sheet, tmp_path / "filled.xlsx", {
        "hearing.basics.accuracy_avc": {"answer": "Recall@10が0.7で購買率+2%"},
        "hearing.prereq.users_ds": {"answer": 3},
        "hearing.prereq.env_gpu": {"answer_later": "未定"},
        "hearing.prereq.ethics": {"answer": "性別による推薦の偏りに注意"},
        "hearing.basics.background": {"note": "顧客: 経緯は次回補足"},
    }, table_rows=[["店舗写真", "画像", "社内NAS", None, "いいえ"]])
    answers = AnswerService(workspace.db, workspace.library)
    before = answers.answers(demo.id)
    plan = read_plan(workspace, demo.id, filled)
    assert answers.answers(demo.id) == before  # reading changes nothing
    assert plan.conflicts == []
    fields = {(c.item_id, c.field) for c in plan.changes}
    assert fields == {
        ("hearing.basics.accuracy_avc", "value"), ("hearing.prereq.users_ds", "value"), ("hearing.prereq.env_gpu", "later"),
        ("hearing.prereq.ethics", "value"), ("hearing.basics.background", "note"), ("hearing.prereq.data_sources", "value"),
    }
    assert apply_plan(workspace, plan) == 6
    after = answers.answers(demo.id)
    assert after["hearing.basics.accuracy_avc"].value == "Recall@10が0.7で購買率+2%"
    assert after["hearing.basics.accuracy_avc"].status == "answered"
    assert after["hearing.prereq.users_ds"].value == 3
    assert after["hearing.prereq.env_gpu"].later == "undecided"
    assert after["hearing.prereq.ethics"].value == {"checked": True, "text": "性別による推薦の偏りに注意"}
    assert after["hearing.basics.background"].note.endswith("顧客: 経緯は次回補足")
    sources = after["hearing.prereq.data_sources"].value
    assert len(sources) == 4 and sources[-1] == {"name": "店舗写真", "kind": "image", "origin": "社内NAS", "personal_info": False}
    assert sources[0]["name"] == "商品画像" and sources[0]["size"] == "約50万枚 / 120GB"
    assert answers.history(demo.id, "hearing.prereq.users_ds")[-1].source == "import"
    # Importing the same sheet again brings nothing new.
    assert read_plan(workspace, demo.id, filled).changes == []


def test_a_conflict_keeps_the_app_answer_unless_the_user_takes_the_sheet(workspace, demo, sheet: Path, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, "hearing.prereq.users_ds", value=5)  # changed in the app after the export
    filled = fill(sheet, tmp_path / "filled.xlsx", {
        "hearing.prereq.users_ds": {"answer": 3},
        "hearing.prereq.users_swe": {"answer": 2},  # unchanged in the app: not a conflict
    })
    plan = read_plan(workspace, demo.id, filled)
    assert [(c.item_id, c.current, c.incoming) for c in plan.conflicts] == [("hearing.prereq.users_ds", 5, 3)]
    apply_plan(workspace, plan)  # default: keep the app's
    assert answers.answer(demo.id, "hearing.prereq.users_ds").value == 5
    assert answers.answer(demo.id, "hearing.prereq.users_swe").value == 2
    apply_plan(workspace, read_plan(workspace, demo.id, filled), {"hearing.prereq.users_ds": "sheet"})
    assert answers.answer(demo.id, "hearing.prereq.users_ds").value == 3


def snapshot(workspace, project_id: int) -> dict:
    return {k: v.model_dump() for k, v in AnswerService(workspace.db, workspace.library).answers(project_id).items()}


def test_a_sheet_of_another_project_is_refused(workspace, demo, sheet: Path) -> None:
    other = ProjectService(workspace.db).create("Another customer")
    with pytest.raises(RefusedImportError, match="belongs to project"):
        read_plan(workspace, other.id, sheet)


@pytest.mark.parametrize("damage", ["header", "meta", "unknown_row", "table_header"])
def test_a_changed_structure_is_refused_and_nothing_changes(workspace, demo, sheet: Path, tmp_path: Path, damage: str) -> None:
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    ws.cell(row=rows_by_id(ws)["hearing.prereq.users_ds"], column=COL["answer"]).value = 9
    if damage == "header":
        ws.cell(row=1, column=COL["answer"]).value = "Customer answer"
    elif damage == "meta":
        del wb[META]
    elif damage == "unknown_row":
        ws.cell(row=ws.max_row + 1, column=COL["id"]).value = "hearing.made_up"
    else:
        wb["データの種類"].cell(row=1, column=3).value = "Kind!"
    damaged = tmp_path / "damaged.xlsx"
    wb.save(damaged)
    before = snapshot(workspace, demo.id)
    with pytest.raises(RefusedImportError):
        plan = read_plan(workspace, demo.id, damaged)
        apply_plan(workspace, plan)
    assert snapshot(workspace, demo.id) == before


def test_a_sheet_whose_questions_sheet_was_deleted_is_said_missing_by_its_name(workspace, demo, sheet: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(sheet)
    main_title = wb.worksheets[0].title
    del wb[main_title]
    damaged = tmp_path / "no-main.xlsx"
    wb.save(damaged)
    with pytest.raises(RefusedImportError) as refused:
        read_plan(workspace, demo.id, damaged)
    said = refused.value.text("ja")
    assert refused.value.key == "hearing_sheet.sheet_missing" and f"「{main_title}」がありません" in said
    assert "作業内容" not in said  # not the columns of a table's sheet


def test_a_value_that_does_not_fit_refuses_the_whole_sheet(workspace, demo, sheet: Path, tmp_path: Path) -> None:
    filled = fill(sheet, tmp_path / "bad.xlsx", {
        "hearing.basics.accuracy_avc": {"answer": "fine"},
        "hearing.prereq.users_ds": {"answer": "many"},
    })
    before = snapshot(workspace, demo.id)
    with pytest.raises(RefusedImportError, match=r"“many” is not a number.*nothing was imported"):
        read_plan(workspace, demo.id, filled)
    assert snapshot(workspace, demo.id) == before


def test_files_that_are_not_workbooks_are_refused(workspace, demo, tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("just text", encoding="utf-8")
    with pytest.raises(RefusedImportError, match="not an Excel workbook"):
        read_plan(workspace, demo.id, text)
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(RefusedImportError, match="not a hearing sheet"):
        read_plan(workspace, demo.id, other)


def test_cli_round_trip_with_dry_run_and_refusals(workspace, demo, db_path: Path, tmp_path: Path, capsys) -> None:
    from app.main import main

    out = tmp_path / "cli.xlsx"
    assert main(["--db", str(db_path), "export", "hearing-sheet", "--project", str(demo.id), "--out", str(out), "--lang", "en"]) == 0
    assert openpyxl.load_workbook(out).worksheets[0].cell(row=1, column=COL["answer"]).value == "Answer"
    filled = fill(out, tmp_path / "cli-filled.xlsx", {"hearing.basics.accuracy_avc": {"answer": "AVC text"}})
    capsys.readouterr()
    before = snapshot(workspace, demo.id)
    assert main(["--db", str(db_path), "import", "hearing-sheet", str(filled), "--project", str(demo.id), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "AVC(Accuracy Value Curve)" in printed and "hearing.basics" not in printed  # labels only, never the id
    assert "確認のみ(--dry-run): 何も変更していません" in printed  # the system language: ja
    assert snapshot(workspace, demo.id) == before
    assert main(["--db", str(db_path), "import", "hearing-sheet", str(filled), "--project", str(demo.id)]) == 0
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, "hearing.basics.accuracy_avc").value == "AVC text"
    other = ProjectService(workspace.db).create("Other")
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", "hearing-sheet", str(filled), "--project", str(other.id)]) == 2
    err = capsys.readouterr().err
    assert err == (f"mlops-kickoff: エラー: cli-filled.xlsx はプロジェクト「{demo.name}」のシートで、「Other」のものではありません。"
                   "何も取り込んでいません\n")
    assert main(["--db", str(db_path), "import", "hearing-sheet", str(tmp_path / "none.xlsx"), "--project", str(demo.id)]) == 2


def filled_for_preview(sheet: Path, out: Path) -> Path:
    """A customer's answers of every kind the preview renders, and a table with one row changed,
    one removed and one added (on the ja sheet of the demo project)."""
    filled = fill(sheet, out, {
        "hearing.prereq.env_gpu": {"answer": "なし", "answer_later": "未定"},  # yes/no/undecided; now and later
        "hearing.scope.cd": {"answer": "現時点で対象"},  # now/later/out (was "later")
        "hearing.basics.deliverables_handover": {"answer": "報告書、コード"},  # multi
        "hearing.basics.poc_start": {"answer": dt.datetime(2026, 12, 1)},  # a date Excel stores as a date
        "hearing.basics.accuracy_avc": {"answer": "購買率+2%"},  # empty in the app: new
    })
    wb = openpyxl.load_workbook(filled)
    sources = wb["データの種類"]
    sources.cell(row=2, column=3).value = "テーブルデータ"  # row 1: kind image -> table
    for column in range(2, sources.max_column + 1):  # row 2 emptied: removed
        sources.cell(row=3, column=column).value = None
    for column, value in enumerate(["店舗写真", "画像", "社内NAS"], start=2):  # a new row after the 3 rows
        sources.cell(row=5, column=column).value = value
    wb.save(filled)
    return filled


def shown(plan, lang: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    return {(c.item_id, c.field): (c.current_text(lang), c.incoming_text(lang), c.kind) for c in plan.changes}


def test_the_preview_shows_what_the_user_sees_in_either_language(workspace, demo, sheet: Path, tmp_path: Path) -> None:
    plan = read_plan(workspace, demo.id, filled_for_preview(sheet, tmp_path / "filled.xlsx"))
    ja, en = shown(plan, "ja"), shown(plan, "en")
    assert ja[("hearing.prereq.env_gpu", "value")] == ("あり", "なし", "changed")
    assert en[("hearing.prereq.env_gpu", "value")] == ("Yes", "No", "changed")
    assert ja[("hearing.prereq.env_gpu", "later")] == ("あり", "未定", "changed")
    assert en[("hearing.prereq.env_gpu", "later")] == ("Yes", "Undecided", "changed")
    assert ja[("hearing.scope.cd", "value")] == ("これから対象", "現時点で対象", "changed")
    assert en[("hearing.scope.cd", "value")] == ("In scope later", "In scope now", "changed")
    assert ja[("hearing.basics.deliverables_handover", "value")] == ("報告書、コード、実験記録", "報告書、コード", "changed")
    assert en[("hearing.basics.deliverables_handover", "value")] == ("Report, Code, Experiment records", "Report, Code", "changed")
    # A changed date is a change, not something new.
    assert ja[("hearing.basics.poc_start", "value")] == ("2026/11/23", "2026/12/01", "changed")
    assert ja[("hearing.basics.accuracy_avc", "value")] == ("—", "購買率+2%", "new")
    by_key = {(c.item_id, c.field): c for c in plan.changes}
    assert by_key[("hearing.prereq.env_gpu", "later")].title("ja") == "GPU利用予定有無(これから)"
    assert by_key[("hearing.prereq.env_gpu", "later")].title("en") == "GPU use planned (later)"
    assert by_key[("hearing.basics.poc_start", "value")].kind_text("ja") == "変更"
    assert by_key[("hearing.basics.accuracy_avc", "value")].kind_text("ja") == "新規"
    # A table: cell by cell, in the given language.
    table = by_key[("hearing.prereq.data_sources", "value")]
    assert table.kind == "changed" and table.title("en") == "Kinds of data"
    cells_ja = [(c.where("ja"), c.old_text("ja"), c.new_text("ja")) for c in table.cells]
    assert cells_ja[0] == ("1行目「種類」", "画像", "テーブルデータ")
    assert cells_ja[1][0] == "2行目を削除" and cells_ja[1][1].startswith("商品マスタ、テーブルデータ、BigQuery") and cells_ja[1][2] == "—"
    assert cells_ja[2] == ("4行目を追加", "—", "店舗写真、画像、社内NAS")
    assert len(cells_ja) == 3
    cells_en = [c.line("en") for c in table.cells]
    assert cells_en[0] == "row 1, Kind: Image → Table"
    assert cells_en[1].startswith("removed row 2: 商品マスタ, Table, BigQuery")
    assert cells_en[2] == "added row 4: 店舗写真, Image, 社内NAS"
    # What the user confirms is still what gets applied.
    assert apply_plan(workspace, plan) == 6
    after = AnswerService(workspace.db, workspace.library).answers(demo.id)
    assert after["hearing.basics.poc_start"].value == "2026-12-01"
    assert [r["name"] for r in after["hearing.prereq.data_sources"].value] == ["商品画像", "閲覧・購買ログ", "店舗写真"]


@pytest.fixture
def japanese_ui(qapp):
    from app.ui.app import install_translations

    install_translations(qapp, "ja")
    yield
    install_translations(qapp, "en")


def test_the_preview_dialog_shows_readable_changes_and_table_cells(
    workspace, demo, sheet: Path, tmp_path: Path, qtbot, qtmodeltester, japanese_ui
) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    from app.ui.hearing.dialogs import ImportPreviewDialog

    plan = read_plan(workspace, demo.id, filled_for_preview(sheet, tmp_path / "filled.xlsx"))
    dialog = ImportPreviewDialog(plan, "ja")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.findChild(QAbstractItemView, "importChanges")
    model = view.model()
    qtmodeltester.check(model)

    def texts(row: int, parent=None) -> list[str]:
        from PySide6.QtCore import QModelIndex

        parent = parent or QModelIndex()
        return [model.index(row, column, parent).data() or "" for column in range(model.columnCount(parent))]

    rows = {texts(r)[0]: texts(r) for r in range(model.rowCount())}
    assert rows["GPU利用予定有無"] == ["GPU利用予定有無", "あり", "なし", "変更"]
    assert rows["GPU利用予定有無(これから)"] == ["GPU利用予定有無(これから)", "あり", "未定", "変更"]
    assert rows["CD(MLパイプライン, サービング)"][1:] == ["これから対象", "現時点で対象", "変更"]
    assert rows["顧客に提出するもの"][1:] == ["報告書、コード、実験記録", "報告書、コード", "変更"]
    assert rows["PoC開始日"][1:] == ["2026/11/23", "2026/12/01", "変更"]
    assert rows["AVC(Accuracy Value Curve)"][1:] == ["—", "購買率+2%", "新規"]
    table_row = next(r for r in range(model.rowCount()) if texts(r)[0] == "データの種類")
    parent = model.index(table_row, 0)
    cells = [texts(r, parent) for r in range(model.rowCount(parent))]
    assert cells[0] == ["1行目「種類」", "画像", "テーブルデータ", ""]
    assert cells[1][0] == "2行目を削除" and cells[1][1].startswith("商品マスタ、テーブルデータ") and cells[1][2] == "—"
    assert cells[2] == ["4行目を追加", "—", "店舗写真、画像、社内NAS", ""]
    assert view.isExpanded(parent)  # the cell changes are shown, not folded away
    assert len(rows) == 7


def test_cli_dry_run_prints_the_readable_preview(workspace, demo, db_path: Path, sheet: Path, tmp_path: Path, capsys) -> None:
    from app.main import main

    filled = filled_for_preview(sheet, tmp_path / "filled.xlsx")
    before = snapshot(workspace, demo.id)
    capsys.readouterr()
    args = ["import", "hearing-sheet", str(filled), "--project", str(demo.id), "--dry-run"]
    assert main(["--db", str(db_path), "--lang", "en", *args]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "  ~ GPU use planned: Yes → No (changed)" in printed
    assert "  ~ GPU use planned (later): Yes → Undecided (changed)" in printed
    assert "  ~ CD (ML pipeline, serving): In scope later → In scope now (changed)" in printed
    assert "  ~ What is handed to the customer: Report, Code, Experiment records → Report, Code (changed)" in printed
    assert "  ~ PoC start date: 2026-11-23 → 2026-12-01 (changed)" in printed
    assert "      row 1, Kind: Image → Table" in printed
    assert "      added row 4: 店舗写真, Image, 社内NAS" in printed
    assert any(line.startswith("      removed row 2: 商品マスタ, Table") for line in printed)
    assert printed[-1] == "dry run: nothing changed"
    assert main(["--db", str(db_path), *args]) == 0  # the system language (ja in the tests)
    printed = capsys.readouterr().out.splitlines()
    assert "  ~ PoC開始日: 2026/11/23 → 2026/12/01(変更)" in printed
    assert "      4行目を追加: 店舗写真、画像、社内NAS" in printed
    assert snapshot(workspace, demo.id) == before


def test_an_answer_longer_than_a_cell_is_cut_in_the_sheet_and_kept_whole_in_the_app(workspace, demo, tmp_path: Path) -> None:
    """Excel holds 32,767 characters a cell: the sheet shows the start with "…", and reading the
    sheet back changes nothing (the app's 40,000 characters stay)."""
    item = "hearing.basics.background"
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, item, value="背" * 40_000)
    path = export_hearing_sheet(workspace, demo.id, tmp_path / "long.xlsx", "ja")
    ws = openpyxl.load_workbook(path).worksheets[0]
    cell = ws.cell(row=rows_by_id(ws)[item], column=COL["current"])
    assert len(cell.value) == 32_767 and cell.value.endswith("…")
    assert not read_plan(workspace, demo.id, path).changes
    assert answers.answer(demo.id, item).value == "背" * 40_000


def test_the_cells_for_words_are_text_cells_so_excel_keeps_what_the_customer_types(sheet: Path) -> None:
    """In a General cell Excel turns 5% into 0.05 and 1-2 into a date: the answer cells of text items,
    the notes and a table's text columns are text cells ("@"); number and date cells are not."""
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    rows = rows_by_id(ws)
    background, users = rows["hearing.basics.background"], rows["hearing.prereq.users_ds"]
    assert ws.cell(row=background, column=COL["answer"]).number_format == "@"
    assert ws.cell(row=users, column=COL["note"]).number_format == "@"
    assert ws.cell(row=users, column=COL["answer"]).number_format != "@"  # a number item: Excel's numbers
    sources = wb["データの種類"]
    header_row = [c.value for c in sources[1]]
    name_column = header_row.index("データソース") + 1
    assert all(sources.cell(row=r, column=name_column).number_format == "@" for r in range(2, sources.max_row + 1))
