"""Every workbook the app writes shows its date cells as its language writes dates (2026/12/21 in
Japanese, 2026-12-21 in English), and they stay real dates that the imports read back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from app.core.files import xlsx_style as xs
from app.core.files import xlsx_writer as xw

FORMATS = {"ja": "yyyy/mm/dd", "en": "yyyy-mm-dd"}


def date_cells(path: Path) -> dict[str, list[openpyxl.cell.cell.Cell]]:
    """Per sheet, the cells holding a date (the WBS load columns' week headers, "m/d", left out)."""
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, dt.datetime) and c.number_format != "m/d"]
        if cells:
            found[sheet.title] = cells
    return found


def assert_dates_shown_in(path: Path, lang: str, sheets: set[str]) -> None:
    found = date_cells(path)
    assert sheets <= set(found)
    shown = {(title, c.number_format) for title, cells in found.items() for c in cells}
    assert shown == {(title, FORMATS[lang]) for title in found}
    if lang == "ja":  # nor does a text the reader sees write a date the ISO way
        book = openpyxl.load_workbook(path)
        iso = [(s.title, c.value) for s in book.worksheets if s.sheet_state == "visible" for row in s.iter_rows() for c in row
               if isinstance(c.value, str) and re.search(r"\d{4}-\d{2}-\d{2}", c.value)]  # fmt: skip
        assert iso == []


def test_the_date_format_follows_the_document_language(tmp_path: Path) -> None:
    assert [xs.date_format(lang) for lang in ("ja", "en")] == ["yyyy/mm/dd", "yyyy-mm-dd"]
    path = tmp_path / "d.xlsx"

    def build(book) -> None:
        for lang in ("ja", "en"):
            sheet = xw.Writer(book.add_worksheet(lang), xw.Formats(book, lang))
            sheet.value(0, 0, dt.date(2026, 12, 21))
            sheet.value(0, 1, dt.date(2026, 12, 21), num_format="m/d")  # a format given wins

    xw.write_book(path, build)
    book = openpyxl.load_workbook(path)
    for lang in ("ja", "en"):
        day, week = book[lang]["A1"], book[lang]["B1"]
        assert day.value == dt.datetime(2026, 12, 21) and day.number_format == FORMATS[lang]
        assert week.value == dt.datetime(2026, 12, 21) and week.number_format == "m/d"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_wbs_workbook(workspace, demo, tmp_path: Path, lang: str) -> None:
    from app.wbs.files.sheet_import import read_plan
    from app.wbs.files.xlsx import export_wbs_xlsx
    from app.wbs.files.xlsx_load import sheet_name
    from app.wbs.service import WbsService
    from app.wbs.tracking.report import earned_sheet

    path = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", lang)
    # The task table, the earned value's status date, the load's weeks (and the hidden baseline the import compares with).
    assert_dates_shown_in(path, lang, {"WBS", earned_sheet(lang), sheet_name(lang), "_meta"})
    plan = read_plan(workspace, demo.id, path)  # the dates read back as they were
    assert plan.empty and plan.unchanged == WbsService(workspace.db).count(demo.id)


def test_a_date_typed_into_a_japanese_wbs_workbook_is_imported(workspace, demo, tmp_path: Path) -> None:
    from app.wbs.files.sheet import COLUMNS
    from app.wbs.files.sheet_import import read_plan
    from app.wbs.files.xlsx import export_wbs_xlsx

    path = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    column = {c.key: n for n, c in enumerate(COLUMNS, start=1)}
    row = next(r for r in range(2, sheet.max_row + 1) if isinstance(sheet.cell(r, column["agreed_on"]).value, dt.datetime))
    agreed_on = sheet.cell(row, column["agreed_on"])
    assert agreed_on.number_format == "yyyy/mm/dd"
    old = agreed_on.value.date()
    agreed_on.value = dt.datetime.combine(old + dt.timedelta(days=7), dt.time())  # what Excel stores for a date typed as 2026/…/…
    book.save(path)
    plan = read_plan(workspace, demo.id, path)
    assert [(c.field, c.old, c.new) for r in plan.changed for c in r.changes] == [("agreed_on", old, old + dt.timedelta(days=7))]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_earned_value_report_workbook(workspace, demo, tmp_path: Path, lang: str) -> None:
    from app.wbs.tracking.report import export_earned_value

    path = export_earned_value(workspace, demo.id, tmp_path / "ev.xlsx", lang, {})
    assert_dates_shown_in(path, lang, set(date_cells(path)))
    assert date_cells(path)  # the status date


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hearing_sheet(workspace, demo, tmp_path: Path, lang: str) -> None:
    from app.hearing.answers import AnswerService
    from app.hearing.sheet import COL, export_hearing_sheet
    from app.hearing.sheet_import import apply_plan, read_plan

    path = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", lang)
    deliverables = "成果物" if lang == "ja" else "Deliverables"
    assert_dates_shown_in(path, lang, {deliverables})  # the due dates of the deliverables table
    book = openpyxl.load_workbook(path)
    table = book[deliverables]
    due_column = 5  # row, deliverable, expected output, to customer, due
    assert table.cell(1, due_column).value == ("期限" if lang == "ja" else "Due")
    blank = table.cell(table.max_row, due_column)
    assert blank.value is None and blank.number_format == FORMATS[lang]  # a date typed in a blank row shows the same way
    main = book.worksheets[0]
    row = next(r for r in range(2, main.max_row + 1) if main.cell(r, COL["id"]).value == "hearing.basics.poc_start")
    assert main.cell(row, COL["answer"]).number_format == FORMATS[lang]
    # Read back: nothing changed; a date typed into the answer cell and a table's date are taken.
    assert read_plan(workspace, demo.id, path).changes == []
    main.cell(row, COL["answer"]).value = dt.datetime(2027, 1, 4)
    table.cell(2, due_column).value = dt.datetime(2027, 3, 31)
    book.save(path)
    plan = read_plan(workspace, demo.id, path)
    assert {(c.item_id, c.field) for c in plan.changes} == {("hearing.basics.poc_start", "value"), ("hearing.basics.deliverables", "value")}
    apply_plan(workspace, plan)
    answers = AnswerService(workspace.db, workspace.library).answers(demo.id)
    assert answers["hearing.basics.poc_start"].value == "2027-01-04"
    assert answers["hearing.basics.deliverables"].value[0]["due"] == "2027-03-31"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_environment_experiment_sheet(workspace, demo, tmp_path: Path, lang: str) -> None:
    from app.environment.sheet import export_experiment_sheet

    book = openpyxl.load_workbook(export_experiment_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", lang))
    raw = book.worksheets[0]
    assert raw["F1"].value == ("取得日" if lang == "ja" else "Acquired on")
    assert {raw.cell(r, 6).number_format for r in range(2, raw.max_row + 1)} == {FORMATS[lang]}
    message = next(dv.error for dv in raw.data_validations.dataValidation if dv.type == "date")
    assert message == ("日付を入力してください(YYYY/MM/DD)" if lang == "ja" else "Enter a date (YYYY-MM-DD)")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_system_planning_workbook(workspace, demo, tmp_path: Path, lang: str) -> None:
    from app.system_planning.plan_xlsx import export_xlsx

    path = export_xlsx(workspace, demo.id, tmp_path / "plan.xlsx", lang)
    assert_dates_shown_in(path, lang, {"スケジュールとマイルストーン" if lang == "ja" else "Schedule and milestones"})


def test_a_date_cell_read_back_is_the_day_the_customer_sees() -> None:
    from app.core.files.xlsx_style import date_cell

    assert date_cell(dt.datetime(2026, 12, 24, 10, 0)) == dt.date(2026, 12, 24)
    assert date_cell(46380) == dt.date(2026, 12, 24) and date_cell(46380.4166) == dt.date(2026, 12, 24)  # 10:00 that day
    assert date_cell(25569) == dt.date(1970, 1, 1) and date_cell(109574) == dt.date(2199, 12, 31)
    for other in (12, 25568, 109575, True, "46380", "2026/12/24", None):
        assert date_cell(other) == other  # not a date serial: read by the field's own rules


@pytest.mark.parametrize(("typed", "date"), [
    ("令和8年12月24日", "2026-12-24"), ("令和元年5月1日", "2019-05-01"), ("R8.12.24", "2026-12-24"), ("ｒ８／１２／２４", "2026-12-24"),
    ("平成31年4月30日", "2019-04-30"), ("令和8年12月24日(木)", "2026-12-24"), ("2026年12月24日（木）", "2026-12-24"),
])
def test_japanese_era_dates_as_customers_write_them_are_read(typed: str, date: str) -> None:
    from app.core.i18n import parse_date

    assert parse_date(typed).isoformat() == date


@pytest.mark.parametrize("typed", ["令和1年4月30日", "平成32年1月1日", "令和8年12月24日(月)", "R8.13.1", "昭和60年1月1日", "令和8年"])
def test_an_era_date_that_is_not_a_real_date_of_its_era_is_refused(typed: str) -> None:
    from app.core.i18n import parse_date

    with pytest.raises(ValueError):
        parse_date(typed)


def test_a_stored_date_out_of_the_plans_years_is_written_as_the_text_the_app_shows(workspace, demo, tmp_path: Path) -> None:
    """An earlier version's 9999/12/31 ('no end') or 0001-01-01, kept by an import: Excel holds no
    day before 1900, so the hearing sheet and the system plan write them as the page shows them,
    and the hearing sheet read back unchanged changes nothing."""
    import json

    from app.hearing.sheet import export_hearing_sheet
    from app.hearing.sheet_import import read_plan
    from app.projects import transfer
    from app.system_planning.plan_xlsx import export_xlsx

    assert xs.sheet_date("2026-12-24") == dt.date(2026, 12, 24) and xs.sheet_date("2026/12/24") == dt.date(2026, 12, 24)
    assert [xs.sheet_date(v) for v in ("9999/12/31", "0001-01-01", "1899-12-31", "2200-01-01", "いつか", "", None)] == [None] * 7
    data = transfer.export_data(workspace.db, demo.id)
    data["project"]["uuid"] = "00000000-0000-4000-8000-00000000d8a7"
    answers = {a["item_id"]: a for a in data["answers"]}
    answers["hearing.basics.deliverables"]["value"][0]["due"] = "9999/12/31"
    answers["hearing.basics.deliverables"]["value"][1]["due"] = "0001-01-01"
    answers["system_planning.schedule.milestones"]["value"][0]["start"] = "0001-01-01"
    (tmp_path / "old.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    new_id = transfer.import_file(workspace.db, tmp_path / "old.json", library=workspace.library)

    sheet = export_hearing_sheet(workspace, new_id, tmp_path / "hearing.xlsx", "ja")
    dues = [row[4].value for row in openpyxl.load_workbook(sheet)["成果物"].iter_rows(min_row=2, max_row=3)]
    assert dues == ["9999/12/31", "0001/01/01"]
    assert read_plan(workspace, new_id, sheet).changes == []  # read back as sent: nothing changed, no bad date
    book = openpyxl.load_workbook(sheet)
    book["成果物"].cell(2, 2).value = "要件定義書(改)"  # the customer renames the deliverable, its due left as it was
    book.save(sheet)
    (change,) = read_plan(workspace, new_id, sheet).changes
    assert change.incoming[0]["name"] == "要件定義書(改)" and change.incoming[0]["due"] == "9999/12/31" and change.incoming[1]["due"] == "0001-01-01"
    book = openpyxl.load_workbook(export_xlsx(workspace, new_id, tmp_path / "plan.xlsx", "en"))
    assert book["Schedule and milestones"].cell(2, 3).value == "0001-01-01"  # row, milestone, start
