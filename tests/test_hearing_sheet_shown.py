"""The hearing sheet read back as the customer saw it: a number or a date in a cell read as words (a
text answer, a note, a table's text column) as its number format shows it (5%, 1,234,567, 2026年12月24日),
and a table item still holding a text saved before the checklist made it a table: the preview names the
text the sheet's rows replace, and a text changed in the app since the export is a conflict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from app.core.storage.models import Answer as AnswerRow
from app.hearing.answers import AnswerService
from app.hearing.sheet import COL, export_hearing_sheet
from app.hearing.sheet_cells import cell_format, shown_number, shown_value
from app.hearing.sheet_import import apply_plan, read_plan

KPI = "hearing.basics.kpi_business"  # a text
ROLES = "hearing.basics.tasks_roles"  # a table (作業内容と役割分担)
SOURCES = "hearing.prereq.data_sources"  # a table (データの種類): データソース is a text column
DAY = dt.datetime(2026, 12, 24)


@pytest.mark.parametrize(("value", "code", "shown"), [
    (0.05, "0%", "5%"), (0.055, "0.0%", "5.5%"), (0.125, "0.00%", "12.50%"), (-0.05, "0%", "-5%"),
    (1234567, "#,##0", "1,234,567"), (1234567.891, "#,##0.00", "1,234,567.89"), (-1234567, "#,##0;[Red]-#,##0", "-1,234,567"),
    (-1234, "#,##0_);(#,##0)", "(1,234)"), (1234, "#,##0_);(#,##0)", "1,234"), (3.14159, "0.00", "3.14"),
    (2.5, "0", "3"), (-2.5, "0", "-3"), (5.5, "0.0#", "5.5"), (5.567, "0.0#", "5.57"), (7, "00000", "00007"),
    (1000, '"¥"#,##0', "¥1,000"), (1500, "[$¥-411]#,##0", "¥1,500"), (12, '0"人"', "12人"),
    (1e30, "#,##0", "1" + ",000" * 10), (1234567, "#,##0,", "1,235"), (1234567, '#,##0.0,,"M"', "1.2M"), (0, '0;-0;"ゼロ"', "ゼロ"),
    (DAY, "yyyy/mm/dd", "2026/12/24"), (DAY, 'yyyy"年"m"月"d"日"', "2026年12月24日"), (DAY, "yyyy/m/d(aaa)", "2026/12/24(木)"),
    (46380, 'yyyy"年"m"月"d"日"', "2026年12月24日"), (46380, '[$-411]ggge"年"m"月"d"日"', "令和8年12月24日"),
    (46380, "[$-411]ge.m.d", "R8.12.24"), (dt.datetime(1990, 3, 1), '[$-411]ggge"年"m"月"d"日"', "平成2年3月1日"),
    (dt.datetime(2026, 12, 24, 10, 5), "yyyy/m/d h:mm", "2026/12/24 10:05"), (dt.time(9, 5, 7), 'h"時"mm"分"ss"秒"', "9時05分07秒"),
])  # fmt: skip
def test_a_number_or_a_date_reads_as_its_format_shows_it(value, code, shown) -> None:
    assert shown_number(value, code) == shown


@pytest.mark.parametrize(("value", "code"), [
    (1.5, "General"), (12345, "0.00E+00"), (0.5, "# ?/?"), (12, "@"), (1234, "000-0000"), (5, "[>10]0;0"),
    (DAY, "General"), (DAY, "mmm d"), (DAY, "h:mm AM/PM"), (dt.timedelta(hours=30), "[h]:mm"), (True, "0%"), ("5%", "0%"),
])  # fmt: skip
def test_a_format_not_read_here_leaves_the_value_as_it_is(value, code) -> None:
    assert shown_number(value, code) is None


@pytest.mark.parametrize(("value", "code", "shown"), [
    (1.5, "0." + "0" * 30, "1." + "5" + "0" * 29),  # Excel's most decimals
    (1e300, "0" + "%" * 4, "1" + "0" * 308 + "%%%%"),  # just within a cell's numbers (1.8e308)
    (1.7e308, "#,##0" + "," * 80, "170" + ",000" * 22),  # a large number in thousands: within
    (5e-324, "0." + "0" * 30 + "%" * 100, "0." + "0" * 30 + "%" * 100),  # the smallest, scaled: still rounds to 0
    (1.5, "0" * 254, "0" * 253 + "2"),  # the longest format Excel takes
])  # fmt: skip
def test_a_format_at_excels_bounds_still_reads_as_excel_shows_it(value, code, shown) -> None:
    assert shown_number(value, code) == shown


@pytest.mark.parametrize(("value", "code"), [
    (1.5, "0." + "0" * 31), (1.5, "0." + "0" * 500), (1.5, "0.0#" + "#" * 29),  # more decimals than Excel shows (30)
    (1e300, "0" + "%" * 5), (1e300, "0" + "%" * 60), (-1e300, "0%%%%%;(0%%%%%)"),  # beyond a cell's numbers
    (float("inf"), "0.0"), (float("-inf"), "0.0;-0.0"), (float("nan"), "0%"), (10**400, "#,##0"),  # (1E999 in a file)
    (float("inf"), "yyyy/m/d"), (float("nan"), '[$-411]ggge"年"m"月"d"日"'),
    (1.5, "0" * 255), (1.5, "0" + "%" * 5000), (0, "0" + "%" * 5000), (1.5, "0," * 5000),  # longer than Excel takes
    (1.5, '["' * 5000), (DAY, "yyyy" + '"年"' * 3400),
])  # fmt: skip
def test_what_excel_cannot_show_leaves_the_value_as_it_is(value, code) -> None:
    assert shown_number(value, code) is None


def test_a_cell_holding_infinity_reads_as_it_is(tmp_path: Path) -> None:
    ws = openpyxl.Workbook().active
    ws["A1"], ws["A2"] = float("inf"), 1e300
    ws["A1"].number_format, ws["A2"].number_format = "0.0", "0" + "%" * 60
    assert shown_value(ws["A1"], "ja") == float("inf") and shown_value(ws["A2"], "ja") == 1e300


def test_a_japanese_built_in_date_format_saved_by_its_id_reads_as_japanese_excel_shows_it(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for ref, value, number in (
        ("A1", 46380, 31),  # as Japanese Excel saves 2026年12月24日: by the id alone, no format code
        ("A2", DAY, 14),  # the system's short date (openpyxl: mm-dd-yy)
        ("A3", 1000, 6),  # the system's currency: ¥ in Japan, $ to openpyxl: not read
    ):
        ws[ref] = value
        ws[ref].number_format = "0"
        ws[ref]._style.numFmtId = number
    wb.save(tmp_path / "ids.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "ids.xlsx").active
    assert ws["A1"].number_format == "General"  # (what openpyxl makes of it)
    assert cell_format(ws["A1"], "ja") == 'yyyy"年"m"月"d"日"'
    assert shown_value(ws["A1"], "ja") == "2026年12月24日"
    assert shown_value(ws["A2"], "ja") == "2026/12/24"
    assert shown_value(ws["A2"], "en") == "12/24/2026"
    assert shown_value(ws["A3"], "ja") == 1000


def _filled(workspace, demo, tmp_path: Path, main: dict[tuple[str, str], tuple[object, str | None]] = (),
            tables: dict[tuple[str, str], tuple[object, str | None]] = ()) -> Path:  # fmt: skip
    """The demo's sheet as the customer saved it: (item id, column) or (tab, cell) -> (value, number format)."""
    wb = openpyxl.load_workbook(export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja"))
    ws = wb.worksheets[0]
    rows = {ws.cell(row=r, column=COL["id"]).value: r for r in range(2, ws.max_row + 1)}
    cells = [(ws.cell(row=rows[i], column=COL[key]), v) for (i, key), v in dict(main).items()]
    cells += [(wb[tab][ref], v) for (tab, ref), v in dict(tables).items()]
    for cell, (value, code) in cells:
        cell.value = value
        if code:
            cell.number_format = code
    wb.save(tmp_path / "filled.xlsx")
    return tmp_path / "filled.xlsx"


def test_numbers_and_dates_typed_as_words_come_in_as_excel_showed_them(workspace, demo, tmp_path: Path) -> None:
    filled = _filled(workspace, demo, tmp_path, main={
        (KPI, "answer"): (0.05, "0%"),
        ("hearing.basics.background", "answer"): (1234567, "#,##0"),
        ("hearing.basics.kpi_business", "note"): (DAY, 'yyyy"年"m"月"d"日"'),
        ("hearing.prereq.users_ds", "answer"): (0.05, "0%"),  # a number answer: the number, as before
    }, tables={("データの種類", "B5"): (0.5, "0%")})  # fmt: skip
    plan = read_plan(workspace, demo.id, filled)
    got = {(c.item_id, c.field): c.incoming for c in plan.changes}
    assert got[(KPI, "value")] == "5%"
    assert got[("hearing.basics.background", "value")] == "1,234,567"
    assert got[(KPI, "note")].endswith("2026年12月24日")
    assert got[("hearing.prereq.users_ds", "value")] == 0.05
    assert got[(SOURCES, "value")][-1]["name"] == "50%"


def _saved_as_text(workspace, demo, text: str) -> None:
    """作業内容と役割分担 holding a text, as a checklist that asked it as a text saved it."""
    with workspace.db.session() as s:
        s.execute(update(AnswerRow).where(AnswerRow.project_id == demo.id, AnswerRow.item_id == ROLES).values(value=text))


ROLE_ROW = {("作業内容と役割分担", "B2"): ("データ準備", None), ("作業内容と役割分担", "C2"): ("顧客", None)}


@pytest.fixture
def japanese_ui(qapp):
    from app.ui.app import install_translations

    install_translations(qapp, "ja")
    yield
    install_translations(qapp, "en")


def test_table_rows_over_a_saved_text_name_it_and_replace_it_knowingly(workspace, demo, tmp_path: Path, qtbot, japanese_ui) -> None:
    _saved_as_text(workspace, demo, "顧客がデータ準備")
    plan = read_plan(workspace, demo.id, _filled(workspace, demo, tmp_path, tables=ROLE_ROW))
    change = next(c for c in plan.changes if c.item_id == ROLES)
    assert (change.current, change.conflict, change.kind) == ("顧客がデータ準備", False, "changed")
    assert change.current_text("ja") == "顧客がデータ準備" and change.kind_text("ja") == "変更"
    line = next(line for line in plan.describe("ja") if "作業内容と役割分担" in line)
    assert "顧客がデータ準備" in line and "新規" not in line, line

    from PySide6.QtWidgets import QAbstractItemView

    from app.ui.hearing.dialogs import ImportPreviewDialog  # the Hearing page's import shows the same plan

    dialog = ImportPreviewDialog(plan, "ja")
    qtbot.addWidget(dialog)
    model = dialog.findChild(QAbstractItemView, "importChanges").model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert ["作業内容と役割分担", "顧客がデータ準備", "1行", "変更"] in rows, rows

    assert apply_plan(workspace, plan) == 1 and not plan.kept_meanwhile
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, ROLES).value == [{"task": "データ準備", "role": "customer"}]


def test_a_saved_text_changed_in_the_app_since_the_export_is_a_conflict(workspace, demo, tmp_path: Path) -> None:
    _saved_as_text(workspace, demo, "顧客がデータ準備")
    filled = _filled(workspace, demo, tmp_path, tables=ROLE_ROW)
    _saved_as_text(workspace, demo, "顧客がデータ準備、当社がモデル開発")  # typed in the app after the export
    plan = read_plan(workspace, demo.id, filled)
    change = next(c for c in plan.changes if c.item_id == ROLES)
    assert change.conflict and change.current == "顧客がデータ準備、当社がモデル開発"
    apply_plan(workspace, plan)  # the default keeps the app's answer
    answers = AnswerService(workspace.db, workspace.library)
    assert answers.answer(demo.id, ROLES).value == "顧客がデータ準備、当社がモデル開発"
    apply_plan(workspace, read_plan(workspace, demo.id, filled), {ROLES: "sheet"})  # taken knowingly
    assert answers.answer(demo.id, ROLES).value == [{"task": "データ準備", "role": "customer"}]


def test_a_saved_text_whose_note_alone_changed_since_the_export_is_replaced_without_a_conflict(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    _saved_as_text(workspace, demo, "顧客がデータ準備")
    answers.update(demo.id, ROLES, note="初回")  # (the history holds the text as the sheet sends it)
    filled = _filled(workspace, demo, tmp_path, tables=ROLE_ROW)
    answers.update(demo.id, ROLES, note="初回、追記")
    change = next(c for c in read_plan(workspace, demo.id, filled).changes if c.item_id == ROLES)
    assert not change.conflict and change.current == "顧客がデータ準備"
