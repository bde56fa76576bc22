"""fix37a: the sibling paths of breaker37a's defects (merged cells in any column, text columns typed as text below
the table, numbers and times in text columns read as shown, headers NFKC-folded, the estimate as stored, labels
as one word in the tracker CSV)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from app.wbs.files.sheet import COLUMNS, column_for_header
from app.wbs.files.sheet_import import read_plan
from app.wbs.files.tracker_csv import export_tracker_csv
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.model import format_days
from app.wbs.service import WbsService
from tests.wbs_helpers import add, new_project


def col(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def edited(path: Path, edit) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1)}
    edit(sheet, rows)
    out = path.with_name("customer.xlsx")
    book.save(out)
    return out


def changes(plan) -> dict[tuple[str, str], object]:
    return {(row.code, change.field): change.new for row in plan.changed for change in row.changes}


def test_a_merged_cell_gives_its_value_to_every_row_it_covers_in_any_column(workspace, demo, tmp_path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")

    def edit(sheet, rows) -> None:
        for key, value in (("completion_condition", "顧客が承認した"), ("predecessors", "1.1"), ("title", "同じ題名")):
            for code in ("1.2", "1.3"):
                sheet.cell(rows[code], col(key)).value = value
            letter = get_column_letter(col(key))
            sheet.merge_cells(f"{letter}{rows['1.2']}:{letter}{rows['1.3']}")

    found = changes(read_plan(workspace, demo.id, edited(out, edit)))
    for code in ("1.2", "1.3"):
        assert found[(code, "completion_condition")] == "顧客が承認した", found
        assert found[(code, "title")] == "同じ題名", found
        assert ("1.3", "predecessors") in found and found[("1.3", "predecessors")] == "1.1", found


def test_text_columns_are_text_below_the_table_and_typed_columns_are_not(workspace, demo, tmp_path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    sheet = openpyxl.load_workbook(out)["WBS"]
    for column in COLUMNS:
        number_format = sheet.column_dimensions[get_column_letter(col(column.key))].number_format
        assert (number_format == "@") == (not column.typed), (column.key, number_format)


def test_a_percent_or_a_time_in_a_text_column_comes_in_as_shown(workspace, demo, tmp_path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")

    def edit(sheet, rows) -> None:
        notes = sheet.cell(rows["1.2"], col("notes"))
        notes.value, notes.number_format = 0.05, "0%"
        new = sheet.max_row + 1
        sheet.cell(new, 1).value, sheet.cell(new, col("title")).value = "2.9", "定例"
        when = sheet.cell(new, col("notes"))
        when.value, when.number_format = dt.time(9, 30), "h:mm"

    plan = read_plan(workspace, demo.id, edited(out, edit))
    assert changes(plan)[("1.2", "notes")] == "5%"
    assert plan.added[0].fields["notes"] == "9:30"


def test_headers_are_matched_nfkc_folded() -> None:
    assert column_for_header("見積（人日）").key == "estimate_days"
    assert column_for_header("Ｔａｓｋ").key == "title"
    assert column_for_header("先行\nタスク").key == "predecessors"  # wrapped with Alt+Enter
    assert column_for_header("見積 (人日)").key == "estimate_days"
    assert column_for_header("Completion\ncondition").key == "completion_condition"
    assert column_for_header("") is None


def test_format_days_shows_the_estimate_as_stored() -> None:
    assert format_days(1234.625) == "1234.625"
    assert format_days(0.125) == "0.125"
    assert format_days(0.1 + 0.2) == "0.3"
    assert format_days(2.0) == "2"
    assert format_days(0.0) == "0"
    assert format_days(None) == ""


def test_every_label_with_spaces_is_one_word_in_the_tracker_csv(workspace, tmp_path) -> None:
    service = WbsService(workspace.db)
    pid = new_project(workspace, "ラベル", lang="ja")
    add(service, pid, "全角空白", phase="PoC\u3000評価 二次")
    out = export_tracker_csv(workspace, pid, tmp_path / "wbs.csv", "ja")
    with out.open(encoding="utf-8", newline="") as f:
        labels = next(csv.DictReader(f))["Labels"].split()
    assert "phase:PoC_評価_二次" in labels, labels


def test_a_column_whose_header_is_not_found_is_said_in_the_preview(workspace, demo, tmp_path) -> None:
    out = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")

    def edit(sheet, rows) -> None:
        sheet.cell(1, col("estimate_days")).value = "見積り"
        sheet.cell(1, col("notes")).value = "メモ"
        sheet.cell(rows["1.2"], col("estimate_days")).value = 3

    plan = read_plan(workspace, demo.id, edited(out, edit))
    said = [m.text("ja") for m in plan.warnings]
    assert any("見積(人日)、備考" in text for text in said), said
    assert not [key for key in changes(plan) if key[1] == "estimate_days"]
    untouched = read_plan(workspace, demo.id, out)
    assert not [m for m in untouched.warnings if m.key == "wbs.columns_not_read"]
