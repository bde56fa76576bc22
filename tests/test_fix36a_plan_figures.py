"""fix36a: the system plan's figures as people write them (sibling paths of tests/test_breaker36a.py).

The breaker's tests check a daily and a weekly batch, the Markdown's worked lines and table; these check
the online lines' counts, the workbook's capped hours formula and tiny typed cells, the page's hours
column, the hours cap for several instances and a huge stored rate in English and with no item.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core.content.model import Column, ColumnKind
from app.hearing import format_cell
from app.hearing.answers import AnswerService
from app.system_planning import service as sp
from app.system_planning.capacity import Price, ProcessSpec, calculate, exact_text, num
from app.system_planning.cost_estimate import CostRow, estimate
from app.system_planning.plan_formulas import shown_format
from app.system_planning.plan_xlsx import export_xlsx
from app.system_planning.text import flag_message

CPU = Price("c6i.xlarge", 0.214, "USD")


def test_an_online_service_of_ten_thousand_instances_writes_every_count_with_separators() -> None:
    spec = ProcessSpec("api", "online", 1e11, "daily", 0.05, "item", None, "c6i.xlarge", instances=12000)
    worked = {f.key: f.worked for f in calculate(spec, CPU).formulas}
    assert worked["hours"] == "12,000 × 730 h = 8,760,000 h"
    assert "(12,000 × " in worked["utilisation"] and "(11,999 × " in worked["one_down"]
    assert worked["required"].endswith(" (N+1)") and "," in worked["required"]


def test_several_instances_running_all_day_are_billed_each_a_month_said_in_the_line() -> None:
    spec = ProcessSpec("all day", "batch", 3, "daily", 86400.0, "item", None, "c6i.xlarge", instances=3)
    result = calculate(spec, CPU)  # 3 items of 24 h on 3 instances: 24 h a run
    assert not result.flags
    worked = {f.key: f.worked for f in result.formulas}
    assert worked["hours"] == "min(3 × 24 h × 30.42, 3 × 730 h) = 2,190 h"
    assert result.monthly_hours == 2190 and worked["cost"] == "2,190 h × 0.214 USD = 468.66 USD"


def test_the_workbook_caps_the_hours_at_the_month_and_shows_them_as_the_line(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = [dict(row) for row in answers.answer(demo.id, sp.PROCESSES).value]
    rows[2] |= {"volume": 1, "processing_time": 1e-9 * 3600, "time_basis": "item", "batch_window": None}
    answers.update(demo.id, sp.PROCESSES, value=rows)
    flow = openpyxl.load_workbook(export_xlsx(workspace, demo.id, tmp_path / "plan.xlsx", "ja"))["処理フロー"]
    header = [c.value for c in flow[1]]
    hours = flow.cell(row=4, column=header.index("月間稼働(時間)") + 1)
    assert str(hours.value).startswith("=IF(") and "MIN(" in str(hours.value) and str(hours.value).endswith("*730))"), hours.value
    assert hours.number_format == "#,##0.00000000000"  # 0.00000003042 h, every digit
    typed = flow.cell(row=4, column=next(n for n, c in enumerate(flow[1], start=1) if c.value == "処理時間"))
    assert typed.value == 3.6e-06 and typed.number_format == "#,##0.0000000", typed.number_format  # 0.0000036, not 0


def test_tiny_figures_and_typed_cells_are_written_positionally() -> None:
    assert num(3.6e-06) == "0.0000036" and num(1e-09) == "0.000000001" and num(0.0001235) == "0.000124"
    assert exact_text(1490.58) == "1,490.58" and shown_format(1490.58, exact_text) == "#,##0.00"
    column = Column(id="t", label={"ja": "処理時間", "en": "Time"}, kind=ColumnKind.NUMBER)
    assert format_cell(column, 3.6e-06, "ja") == "0.0000036" and format_cell(column, 0.5, "en") == "0.5"


def test_a_huge_stored_rate_is_named_in_english_and_on_a_row_without_an_item(library) -> None:
    rows = [CostRow("running", "infrastructure", "", 10, 1, currency="USD")]
    summary = estimate(rows, "JPY", {"USD": 1e300})
    assert [f.kind for f in summary.flags] == ["rate_too_large"] and summary.running_monthly == 0
    said = flag_message(summary.flags[0], "en", library.item(sp.COST_ITEMS))
    assert said.startswith("Row 1: the exchange rate for USD, '1,000,000,000,000,000") and "Exchange rates" in said


def test_runs_overlapping_the_next_are_billed_every_hour_they_run() -> None:
    spec = ProcessSpec("scoring", "batch", 10_000, "hourly", 0.5, "item", None, "c6i.xlarge")  # 1.39 h every hour
    result = calculate(spec, CPU)
    assert [f.kind for f in result.flags] == ["runs_overlap"] and result.monthly_hours > 730
    assert {f.key: f.worked for f in result.formulas}["hours"] == "1 × 1.39 h × 730 = 1,014.7 h"


@pytest.mark.parametrize(("value", "currency", "shown"), [(-0.3, "JPY", "0 JPY"), (-0.004, "USD", "0.00 USD"), (-0.7, "JPY", "-1 JPY"),
                                                         (-1234.5, "USD", "-1,234.50 USD"), (0.4, "JPY", "0 JPY")])  # fmt: skip
def test_an_amount_that_rounds_to_nothing_is_shown_without_a_minus(value: float, currency: str, shown: str) -> None:
    from app.system_planning.capacity import money

    assert money(value, currency) == shown  # a negative cost row under half a yen printed "-0 JPY"
