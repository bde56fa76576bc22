"""fix35a: the system plan's figures add up as printed, a rate of 0 is refused or named, a huge price never shows inf.

The breaker's tests (tests/test_breaker35a.py) check the batch's monthly hours and the capacity total
of the Japanese Markdown; these check the sibling paths: every ``H × p`` line, weekly and hourly
batches, the workbook's capacity total, a rate of 0 already stored, a price of 1e308 already in a
project, the instance catalogue's bound and the number formatting underneath.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import AnswerValueError, UserError
from app.core.operations import patch_document
from app.hearing.answers import AnswerService
from app.system_planning import service as sp
from app.system_planning.capacity import Price, ProcessSpec, as_shown, calculate, in_units, num, rate
from app.system_planning.instance_catalogue import validate
from app.system_planning.operations import load_doc, stored_doc
from app.system_planning.plan_doc import KIND
from app.system_planning.plan_md import export_markdown
from app.system_planning.plan_xlsx import export_xlsx
from app.system_planning.text import flag_message
from tests.office import INSTALLED

CPU = Price("c6i.xlarge", 0.214, "USD")


def figure(text: str) -> Decimal:
    return Decimal(text.strip().split()[0].replace(",", ""))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def plan_of(workspace, project_id: int) -> sp.SystemPlan:
    answers = AnswerService(workspace.db, workspace.library).answers(project_id)
    return sp.build_plan(workspace.library, sp.answer_values(answers), load_doc(workspace, project_id))


# --- every worked line adds up as printed ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_monthly_cost_line_is_the_hours_printed_times_the_price_printed(workspace, demo, tmp_path: Path, lang) -> None:
    document = export_markdown(workspace, demo.id, tmp_path / "plan.md", lang).read_text(encoding="utf-8")
    lines = re.findall(r"`([\d,.]+) h × ([\d,.]+) USD = ([\d,.]+) USD`", document)
    assert len(lines) == 4  # the demo's four processes
    for hours, price, cost in lines:
        assert cents(figure(hours) * figure(price)) == figure(cost), (hours, price, cost)
    hours_lines = re.findall(r"`(\d+) × ([\d,.]+) h × ([\d,.]+) = ([\d,.]+) h`", document)
    assert hours_lines and all(Decimal(n) * figure(d) * figure(r) == figure(h) for n, d, r, h in hours_lines)
    assert "`2 × 730 h = 1,460 h`" in document  # the online API: always on


@pytest.mark.parametrize(("frequency", "runs"), [("weekly", "4.35"), ("hourly", "730"), ("monthly", "1")])
def test_weekly_hourly_and_monthly_batches_add_up_as_printed(frequency: str, runs: str) -> None:
    # 700 items x 0.5 s = 350 s = 0.0972 h a run (three significant digits: 0.0972 h)
    spec = ProcessSpec("scoring", "batch", 700, frequency, 0.5, "item", None, "c6i.xlarge")
    result = calculate(spec, CPU)
    worked = {f.key: f.worked for f in result.formulas}
    assert worked["hours"].startswith(f"1 × 0.0972 h × {runs} = ")
    n, d, r = (figure(part) for part in worked["hours"].split(" = ")[0].split(" × "))
    assert Decimal(repr(result.monthly_hours)) == n * d * r
    hours, price_cost = worked["cost"].split(" × ")
    price, cost = price_cost.split(" = ")
    assert cents(figure(hours) * figure(price)) == figure(cost) == Decimal(repr(result.monthly_cost))


def test_a_price_with_more_than_four_decimals_is_printed_as_used() -> None:
    spec = ProcessSpec("api", "online", 1000, "daily", 0.1, "item", None, "tiny")
    result = calculate(spec, Price("tiny", 0.00042, "USD"))
    assert {f.key: f.worked for f in result.formulas}["cost"] == "1,460 h × 0.00042 USD = 0.61 USD"


def test_the_workbook_counts_each_monthly_cost_in_cents_and_totals_them(workspace, demo, tmp_path: Path) -> None:
    plan = plan_of(workspace, demo.id)
    out = export_xlsx(workspace, demo.id, tmp_path / "plan.xlsx", "ja")
    book, values = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)
    flow, cached = book["処理フロー"], values["処理フロー"]
    header = [c.value for c in flow[1]]
    col = header.index("月額 (USD)") + 1
    costs = [flow.cell(row=line.row + 1, column=col).value for line in plan.processes]
    assert all(str(c).startswith("=ROUND(") and str(c).endswith(",2)") for c in costs), costs
    shown = [Decimal(repr(cached.cell(row=line.row + 1, column=col).value)) for line in plan.processes]
    total_row = flow.max_row - 2
    assert Decimal(repr(cached.cell(row=total_row, column=col).value)) == sum(shown) == Decimal("504.06")
    assert flow.cell(row=total_row, column=2).value == "キャパシティ計算のインフラ費用合計: 504.06 USD / 月"


def test_half_a_unit_is_rounded_up_as_the_workbook_rounds_it() -> None:
    assert in_units(28_120.5, "JPY") == 28_121  # 187.47 USD x 150
    assert in_units(2.675, "USD") == 2.68  # (2.67499999... as a binary float)
    assert num(1.125) == "1.13" and as_shown(1.125) == 1.13
    assert num(0.0001235) == "0.000124"
    assert num(8.680555555555555) == "8.68" and num(30.416666666666668) == "30.42"


# --- a rate of 0 ------------------------------------------------------------------------------------------


def test_a_rate_of_zero_or_less_is_refused_as_typed_naming_the_column(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    for typed in (0, -150, "0"):
        rates = [dict(row) for row in answers.answer(demo.id, sp.FX_RATES).value]
        rates[0]["rate"] = typed
        with pytest.raises(AnswerValueError) as refused:
            answers.update(demo.id, sp.FX_RATES, value=rates)
        assert "レート" in refused.value.text("ja", workspace.library) and "0.0001" in refused.value.text("ja", workspace.library)
    assert answers.answer(demo.id, sp.FX_RATES).value[0]["rate"] == 150  # nothing stored


def test_a_rate_of_zero_already_stored_is_named_never_said_missing(library) -> None:
    values = {
        sp.PROCESSES: [{"process": "api", "mode": "online", "volume": "200000", "frequency": "daily",
                        "processing_time": "0.12", "instance_type": "c6i.xlarge"}],
        sp.COST_CURRENCY: "jpy",
        sp.FX_RATES: [{"currency": "usd", "rate": 0}, {"currency": "eur", "rate": -160}],
        sp.COST_ITEMS: [{"phase": "running", "category": "infrastructure", "item": "S3", "unit_price": 10, "quantity": 1, "currency": "usd"},
                        {"phase": "running", "category": "infrastructure", "item": "EU", "unit_price": 5, "quantity": 1, "currency": "eur"}],
    }  # fmt: skip
    plan = sp.build_plan(library, values)
    kinds = [f.kind for f in plan.cost.flags]
    assert kinds == ["unusable_rate", "unusable_rate", "capacity_unusable_rate"], kinds
    item = library.item(sp.COST_ITEMS)
    said = [flag_message(f, "ja", item) for f in plan.cost.flags]
    assert said[0] == "1行目: USDの為替レート「0」は0より大きい数ではないため使えません(合計に含めていません)。為替レートを直してください"
    assert "「-160」" in said[1]
    assert "USDの為替レート「0」" in said[2] and not any("ありません" in text for text in said)
    assert "'0', is not a number above 0" in flag_message(plan.cost.flags[0], "en", item)
    assert plan.cost.running_capacity is None and plan.cost.running_infrastructure == 0


def test_a_usable_rate_typed_after_a_zero_one_is_used(library) -> None:
    rows = [{"currency": "usd", "rate": 0}, {"currency": "usd", "rate": 150}]
    assert sp.fx_rates(rows) == {"USD": 150.0} and sp.unusable_rates(rows) == {}


# --- a huge price -----------------------------------------------------------------------------------------


def test_the_catalogue_refuses_a_price_above_the_calculators_largest_input() -> None:
    data = {"id": "cloud_instances", "title": {"ja": "カタログ", "en": "Catalogue"}, "instances": [{"name": "x", "hourly_price": 1}]}
    for field, value in (("hourly_price", 1e308), ("reserved_price", 1e15), ("spot_price", 1e13), ("vcpu", 10**13), ("memory_gb", 1e13)):
        row = dict(data["instances"][0]) | {field: value}
        with pytest.raises(UserError) as refused:
            validate(data | {"instances": [row]})
        assert "1,000,000,000,000 以下" in refused.value.text("ja", None), field
    assert validate(data | {"instances": [{"name": "x", "hourly_price": 1e12}]}).instances[0].hourly_price == 1e12


def test_a_huge_price_already_in_a_project_is_named_and_left_out(workspace, demo, tmp_path: Path) -> None:
    from app.core import operations as ops

    base = stored_doc(workspace, demo.id)
    target = {**base, "prices": [dict(p) | ({"on_demand": 1e308} if p["instance"] == "g4dn.xlarge" else {}) for p in base["prices"]]}
    ops.run(workspace, patch_document(demo.id, KIND, base, target))  # as an older version stored it
    plan = plan_of(workspace, demo.id)
    first = plan.processes[0].result
    assert [f.kind for f in first.flags if f.kind == "price_too_large"] == ["price_too_large"]
    assert first.monthly_cost is None and plan.capacity_monthly == pytest.approx(504.06 - 187.47)
    for lang in ("ja", "en"):
        document = export_markdown(workspace, demo.id, tmp_path / f"plan-{lang}.md", lang).read_text(encoding="utf-8")
        assert not re.search(r"\binf\b", document)
        assert not re.search(r"\d{1,3}(,\d{3}){14}", document)  # no 309-digit binary noise: the digits, then …
    said = flag_message(next(f for f in first.flags if f.kind == "price_too_large"), "ja", workspace.library.item(sp.PROCESSES))
    assert said.startswith("マシンタイプ「g4dn.xlarge」の時間単価(100,000,000,000,000,000,000,000,000,000,… USD)は大きすぎて")
    assert rate(1e308, "USD") == "100,000,000,000,000,000,000,000,000,000,… USD"


def test_a_cost_no_system_has_is_named_and_left_out() -> None:
    spec = ProcessSpec("api", "online", 1e12, "hourly", 1e6, "item", None, "c6i.xlarge")  # ~3e14 instances
    result = calculate(spec, Price("c6i.xlarge", 1e6, "USD"))
    assert result.monthly_cost is None and "cost_too_large" in [f.kind for f in result.flags]
    assert "cost" not in [f.key for f in result.formulas]


@pytest.mark.skipif(not INSTALLED, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_weekly_hourly_and_half_way_runs_to_the_figures_printed(workspace, demo, tmp_path: Path) -> None:
    from tests.test_plan_xlsx_formulas import recalculate

    answers = AnswerService(workspace.db, workspace.library)
    rows = [dict(row) for row in answers.answer(demo.id, sp.PROCESSES).value]
    # A run of 4,050 s is 1.125 h: printed 1.13 h (half away from zero, as ROUND); weekly: 4.35 runs a month.
    rows[1] |= {"volume": 4050, "processing_time": 1, "time_basis": "item", "frequency": "weekly", "batch_window": None}
    rows[2] |= {"frequency": "hourly"}  # 500 s = 0.139 h a run, 730 runs
    answers.update(demo.id, sp.PROCESSES, value=rows)
    plan = plan_of(workspace, demo.id)
    hours = {f.key: f.worked for f in plan.processes[1].result.formulas}["hours"]
    assert hours == "1 × 1.13 h × 4.35 = 4.9155 h"
    (tmp_path / "in").mkdir()
    out = export_xlsx(workspace, demo.id, tmp_path / "in" / "plan.xlsx", "ja")
    (again,) = recalculate([out], tmp_path / "out", tmp_path / "profile")
    flow = openpyxl.load_workbook(again, data_only=True)["処理フロー"]
    header = [c.value for c in flow[1]]
    for line in plan.processes:
        got = {h: c.value for h, c in zip(header, flow[line.row + 1], strict=False)}
        assert got["月間稼働(時間)"] == pytest.approx(line.result.monthly_hours, abs=1e-9), line.row
        assert got["月額 (USD)"] == line.result.monthly_cost, line.row
    total = flow.cell(row=flow.max_row - 2, column=header.index("月額 (USD)") + 1).value
    assert Decimal(repr(total)) == Decimal(repr(plan.capacity_monthly))
