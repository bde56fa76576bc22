"""Cost estimate, table checks and the plan built from answers, against hand-worked totals."""

from __future__ import annotations

import pytest

from app.system_planning import service as sp
from app.system_planning.cost_estimate import CostRow, estimate
from app.system_planning.plan_tables import monitoring_summary, operations_summary
from app.system_planning.text import flag_message

ROWS = [
    CostRow("initial", "effort", "build", 1_200_000, 6),  # 7,200,000
    CostRow("initial", "infrastructure", "test env", 450, 3, currency="USD"),  # 1,350 USD x 150 = 202,500
    CostRow("running", "infrastructure", "storage", 0.025, 400, currency="USD"),  # 10 USD = 1,500 / month
    CostRow("running", "effort", "operations", 1_000_000, 0.3),  # 300,000 / month
    CostRow(),  # a row just added: ignored, not reported
]


def test_totals_retraining_and_cost_effectiveness_worked_by_hand() -> None:
    summary = estimate(
        ROWS, "JPY", {"USD": 150}, capacity_monthly=500.0, capacity_currency="USD",
        retraining_frequency="monthly", retraining_cost=150_000, business_value=3_000_000,
    )
    assert summary.initial_effort == 7_200_000
    assert summary.initial_infrastructure == pytest.approx(202_500)
    assert summary.initial_total == pytest.approx(7_402_500)
    assert summary.running_infrastructure == pytest.approx(1_500)
    assert summary.running_capacity == pytest.approx(75_000)  # 500 USD x 150
    assert summary.running_effort == pytest.approx(300_000)
    assert summary.retraining_monthly == 150_000
    # 1,500 + 75,000 + 300,000 + 150,000 = 526,500 a month; x 12 = 6,318,000 a year.
    assert summary.running_monthly == pytest.approx(526_500)
    assert summary.running_yearly == pytest.approx(6_318_000)
    assert summary.first_year_total == pytest.approx(7_402_500 + 6_318_000)
    # 3,000,000 - 526,500 = 2,473,500 net a month; 7,402,500 / 2,473,500 = 2.99 months to pay back.
    assert summary.net_monthly == pytest.approx(2_473_500)
    assert summary.payback_months == pytest.approx(2.9927, abs=1e-4)
    assert summary.value_ratio == pytest.approx(3_000_000 / 526_500)
    assert summary.flags == ()
    line = summary.lines[2]
    assert (line.amount, line.currency, line.converted, line.yearly) == (pytest.approx(10), "USD", pytest.approx(1_500), pytest.approx(18_000))
    worked = {f.key: f.worked for f in summary.formulas}
    assert worked["running_monthly"] == "1,500 JPY + 75,000 JPY + 300,000 JPY + 150,000 JPY = 526,500 JPY"
    assert worked["capacity_converted"] == "500.00 USD × 150 = 75,000 JPY"


def test_weekly_retraining_is_spread_over_the_month() -> None:
    summary = estimate([], "JPY", {}, retraining_frequency="weekly", retraining_cost=10_000)
    assert summary.retraining_monthly == round(10_000 * 730 / 168)  # 4.345 runs a month, in whole yen
    assert {f.key: f.worked for f in summary.formulas}["retraining"] == "(730 ÷ 168) × 10,000 JPY = 43,452 JPY"


def test_missing_cells_and_missing_rates_are_reported_and_left_out() -> None:
    rows = [CostRow("running", "infrastructure", "GPU", 2.5, 100, currency="EUR"), CostRow("running", None, "half", None, 3)]
    summary = estimate(rows, "JPY", {"USD": 150}, capacity_monthly=100, capacity_currency="GBP",
                       retraining_frequency="on_demand", retraining_cost=50_000, business_value=None)
    kinds = [f.kind for f in summary.flags]
    assert kinds == ["no_rate", "row_missing", "capacity_no_rate", "retraining_irregular"]
    assert summary.flags[1].params == {"row": 2, "fields": ["category", "unit_price"]}
    assert summary.running_monthly == 0 and summary.net_monthly is None and summary.payback_months is None


def test_no_payback_when_the_running_cost_eats_the_value() -> None:
    summary = estimate([CostRow("running", "effort", "ops", 1_000_000, 1)], "JPY", {}, business_value=800_000)
    assert summary.net_monthly == -200_000 and summary.payback_months is None


def test_monitoring_and_operations_totals_and_checks() -> None:
    monitoring = monitoring_summary([
        {"target": "input_data", "metric": "size", "threshold": "<256", "alert": "Slack", "response": "x"},
        {},
        {"target": "inference_results", "metric": "recall", "detection": "human_labelling", "human_in_the_loop": True},
    ])
    assert monitoring.rows == 2 and monitoring.by_target == {"input_data": 1, "inference_results": 1}
    assert (monitoring.human_in_the_loop, monitoring.human_labelling) == (1, 1)
    assert [f.params for f in monitoring.flags] == [{"row": 3, "fields": ["threshold", "alert", "response"]}]

    operations = operations_summary([
        {"task": "check batch", "frequency": "daily", "owner": "vendor"},
        {"task": "label", "frequency": "monthly", "owner": "us"},
        {"task": "answer mails"},
    ])
    assert operations.by_owner == {"customer": 0, "vendor": 1, "us": 1} and operations.unassigned == 1
    assert operations.flags[0].params == {"row": 3, "fields": ["frequency", "owner"]}


def test_the_plan_reads_typed_text_leniently_and_names_columns_in_messages(library) -> None:
    values = {
        sp.PROCESSES: [
            {"process": "extract", "mode": "batch", "volume": "500,000", "frequency": "daily", "processing_time": "2",
             "time_basis": "batch", "batch_size": "32", "instance_type": "G4DN.XLARGE", "instances": "1", "batch_window": "4"},
            {},
            {"process": "typo", "mode": "online", "volume": "lots"},
        ],
        sp.COST_CURRENCY: "jpy",
        sp.FX_RATES: [{"currency": "usd", "rate": "150"}],
    }
    plan = sp.build_plan(library, values)
    assert [line.row for line in plan.processes] == [1, 3]
    first = plan.processes[0].result
    assert first.monthly_cost == 187.47 and first.price.name == "g4dn.xlarge"
    assert plan.cost.running_capacity == 28_121  # the calculator's dollars in cents, then whole yen (28,120.5: up)
    assert plan.currency_chosen
    item = library.item(sp.PROCESSES)
    typo = plan.processes[1].result
    assert flag_message(typo.flags[0], "en", item) == "Missing: Frequency, Processing time, Machine type"
    assert flag_message(typo.flags[1], "ja", item) == "データ量: 「lots」は正の数ではありません"
    assert flag_message(first.flags[0], "ja", item) == "バッチウィンドウ4時間に収まりません(1回8.68時間。必要台数3台)"


@pytest.mark.parametrize("typed", ["nan", "inf", "-inf", float("nan"), 1e309])
def test_a_price_that_is_no_number_is_reported_and_never_in_a_total(typed) -> None:
    rows = [CostRow("running", "infrastructure", "GPU", typed, 2), CostRow("running", "infrastructure", "CPU", 100, 3)]
    summary = estimate(rows, "JPY", {}, business_value=None)
    assert summary.running_monthly == 300
    assert [f.kind for f in summary.flags] == ["row_missing"] and summary.flags[0].params["fields"] == ["unit_price"]


def test_amounts_too_large_to_total_are_named_and_left_out(library) -> None:
    """1e200 is a number, but 1e200 × 1e200 is no amount: the row is said by its number and item and left
    out, as are a retraining cost, a business value and a rate beyond any budget; every total is finite."""
    import math

    rows = [
        CostRow("running", "infrastructure", "GPU", 1e200, 1e200),
        CostRow("running", "infrastructure", "", 1e10, 1e10),  # no item: said by its number alone
        CostRow("initial", "effort", "build", 1e14, 1, currency="USD"),  # 1e14 USD x 150: too large once converted
        CostRow("running", "infrastructure", "CPU", 100, 3),
    ]
    summary = estimate(rows, "JPY", {"USD": 150}, capacity_monthly=100, capacity_currency="USD",
                       retraining_frequency="daily", retraining_cost=1e308, business_value=1e308)
    assert [f.kind for f in summary.flags] == ["row_too_large", "row_too_large_unnamed", "row_too_large", "retraining_too_large", "value_too_large"]
    assert summary.running_monthly == 300 + 100 * 150 and summary.initial_total == 0
    assert all(math.isfinite(v) for v in (summary.running_yearly, summary.first_year_total))
    assert summary.lines[0].amount is None and summary.business_value is None
    item = library.item(sp.COST_ITEMS)
    assert flag_message(summary.flags[0], "ja", item) == "1行目「GPU」: 単価、数量が大きすぎて金額を計算できません(合計に含めていません)"
    assert flag_message(summary.flags[1], "en", item) == "Row 2: Unit price, Quantity: too large to calculate the amount with (left out of the totals)"
    huge_rate = estimate([], "JPY", {"USD": 1e300}, capacity_monthly=100, capacity_currency="USD")
    assert huge_rate.running_capacity is None and [f.kind for f in huge_rate.flags] == ["capacity_too_large"]
