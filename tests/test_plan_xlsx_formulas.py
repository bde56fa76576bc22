"""The system-plan workbook computes: results are formulas over its input cells, cached with the app's values.

Read back with openpyxl (formulas, and the cached values a viewer without recalculation shows),
and recalculated by LibreOffice (skipped where soffice is missing): unchanged, it gives the
app's figures; with an input changed, the results follow.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from app.hearing.answers import AnswerService
from app.system_planning import service as sp
from app.system_planning.operations import load_doc
from app.system_planning.plan_xlsx import export_xlsx
from tests.office import soffice

FLOW, PRICES, SUMMARY = "Process flow", "Prices used", "Cost summary"
COMPUTED = ("Required", "Instances", "Run time / utilisation", "Hours / month", "Per month (USD)", "Required throughput (/s)")
FORCE_RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def plan_of(workspace, project_id: int) -> sp.SystemPlan:
    answers = AnswerService(workspace.db, workspace.library).answers(project_id)
    return sp.build_plan(workspace.library, sp.answer_values(answers), load_doc(workspace, project_id))


def columns(sheet) -> dict[str, int]:
    return {c.value: c.column for c in sheet[1] if c.value}


def row_values(sheet, row: int) -> dict[str, object]:
    return {name: sheet.cell(row=row, column=col).value for name, col in columns(sheet).items()}


def summary(book) -> dict[str, tuple]:
    return {row[0].value: tuple(c.value for c in row) for row in book[SUMMARY].iter_rows(min_row=2) if row[0].value}


def recalculate(files: list[Path], out_dir: Path, profile: Path) -> list[Path]:
    """LibreOffice opens each workbook, recalculates every formula (forced) and saves it again."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(FORCE_RECALC, encoding="utf-8")
    soffice(["--convert-to", "xlsx", "--outdir", str(out_dir), *map(str, files)], profile=profile)
    return [out_dir / f.name for f in files]


@pytest.fixture
def workbook(workspace, demo, tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    return export_xlsx(workspace, demo.id, tmp_path / "in" / "plan.xlsx", "en")


def test_results_are_formulas_over_the_inputs_and_user_text_stays_text(workspace, demo, workbook) -> None:
    book = openpyxl.load_workbook(workbook)
    flow = book[FLOW]
    api = row_values(flow, 5)  # the online search API
    assert api["Data volume (items)"] == 200000 and api["Processing time"] == 120 and api["Time unit"] == "ms"
    for name in COMPUTED:
        assert str(api[name]).startswith("="), name
    cols = columns(flow)
    letter = {name: flow.cell(row=5, column=col).column_letter for name, col in cols.items()}
    # utilisation = load x time / capacity; the time read in its unit; N+1 on the instances for the load
    assert api["Run time / utilisation"] == f"={letter['Required throughput (/s)']}5*IF({letter['Time unit']}5=\"ms\",{letter['Processing time']}5/1000,{letter['Processing time']}5)/(IF({letter['Workers per instance']}5=\"\",1,{letter['Workers per instance']}5)*1*{letter['Instances']}5)"
    assert api["Required"].endswith("+1")
    assert api["Hours / month"] == f"={letter['Instances']}5*730"
    assert api["Per month (USD)"].startswith(f"=ROUND({letter['Hours / month']}5*'Prices used'!$G$")  # in cents
    assert api["Per month (USD)"].endswith(",2)")
    total = flow.cell(row=flow.max_row - 2, column=cols["Per month (USD)"]).value
    assert total.startswith("=SUM(") and total.count(",") == 3  # the four processes' costs
    prices = book[PRICES]
    assert [c.value for c in prices[1]][:7] == ["Machine type", "Provider", "Region", "On-demand", "Reserved", "Spot (variable)", "Price used"]
    assert prices["G2"].value == "=D2"  # on-demand is the price used
    # the process names are text, never formulas (the demo's names are plain; a hostile one is in test_system_planning_export)
    assert flow["B2"].data_type == "s"
    assert summary(book)["Running total"][2].startswith("=SUM(")


def test_cached_values_are_the_apps_figures(workspace, demo, workbook) -> None:
    plan = plan_of(workspace, demo.id)
    book = openpyxl.load_workbook(workbook, data_only=True)
    flow = book[FLOW]
    for line in plan.processes:
        r = line.result
        got = row_values(flow, line.row + 1)
        assert got["Required"] == r.instances_required and got["Instances"] == r.instances
        assert got["Hours / month"] == pytest.approx(r.monthly_hours)
        assert got["Per month (USD)"] == pytest.approx(r.monthly_cost)
        assert got["Run time / utilisation"] == pytest.approx(r.run_hours if r.run_hours is not None else r.utilisation)
    cols = columns(flow)
    assert flow.cell(row=flow.max_row - 2, column=cols["Per month (USD)"]).value == pytest.approx(plan.capacity_monthly)
    totals = summary(book)
    cost = plan.cost
    assert totals["Initial total"][1] == pytest.approx(cost.initial_total)
    assert totals["Running infrastructure (calculator)"][2] == pytest.approx(cost.running_capacity)
    assert totals["Running total"][2] == pytest.approx(cost.running_monthly)
    assert totals["Running total"][3] == pytest.approx(cost.running_yearly)
    assert totals["First-year total"][1] == pytest.approx(cost.first_year_total)
    assert totals["Payback of the initial cost"][2] == pytest.approx(cost.payback_months)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_same_figures_and_follows_a_changed_input(workspace, demo, workbook, tmp_path: Path) -> None:
    plan = plan_of(workspace, demo.id)
    edited = tmp_path / "in" / "edited.xlsx"
    book = openpyxl.load_workbook(workbook)
    flow, cols = book[FLOW], columns(book[FLOW])
    # The search API: 2,000,000 requests a day instead of 200,000, no planned count.
    # R = 2,000,000 / 86,400 x 5 = 115.74 /s; C = 4 / 120 ms = 33.33 /s;
    # n_load = ceil(115.74 / (0.7 x 33.33)) = ceil(4.96) = 5, + 1 spare = 6; rho = 115.74 / 200 = 57.9 %;
    # H = 6 x 730 = 4,380 h; cost = 4,380 x 0.214 = 937.32 USD.
    flow.cell(row=5, column=cols["Data volume (items)"]).value = 2_000_000
    flow.cell(row=5, column=cols["Instances (instances)"]).value = None  # the planned count (an input)
    # g4dn.xlarge at twice the price: the nightly extraction 264.0456 h x 1.42 = 374.94 USD.
    prices = book[PRICES]
    g4dn = next(r for r in range(2, prices.max_row + 1) if prices.cell(row=r, column=1).value == "g4dn.xlarge")
    prices.cell(row=g4dn, column=4).value = 1.42
    book.save(edited)

    japanese = export_xlsx(workspace, demo.id, tmp_path / "in" / "plan-ja.xlsx", "ja")  # the labels formulas compare with are Japanese
    same, changed, same_ja = recalculate([workbook, edited, japanese], tmp_path / "out", tmp_path / "profile")

    again = openpyxl.load_workbook(same, data_only=True)
    for line in plan.processes:
        got = row_values(again[FLOW], line.row + 1)
        assert got["Instances"] == line.result.instances and got["Per month (USD)"] == pytest.approx(line.result.monthly_cost)
    assert summary(again)["Running total"][2] == pytest.approx(plan.cost.running_monthly)
    ja_flow = openpyxl.load_workbook(same_ja, data_only=True)["処理フロー"]
    for line in plan.processes:  # the same layout in either language
        assert ja_flow.cell(row=line.row + 1, column=cols["Hours / month"]).value == pytest.approx(line.result.monthly_hours)
        assert ja_flow.cell(row=line.row + 1, column=cols["Per month (USD)"]).value == pytest.approx(line.result.monthly_cost)

    follows = openpyxl.load_workbook(changed, data_only=True)
    api = row_values(follows[FLOW], 5)
    assert api["Required throughput (/s)"] == pytest.approx(115.74, abs=0.01)
    assert (api["Required"], api["Instances"]) == (6, 6)
    assert api["Run time / utilisation"] == pytest.approx(0.5787, abs=1e-4)
    assert api["Hours / month"] == pytest.approx(4380)
    assert api["Per month (USD)"] == pytest.approx(937.32)
    assert row_values(follows[FLOW], 2)["Per month (USD)"] == 374.94
    expected_capacity = plan.capacity_monthly - 312.44 - 187.47 + 937.32 + 374.94
    flow_total = follows[FLOW].cell(row=follows[FLOW].max_row - 2, column=cols["Per month (USD)"]).value
    assert flow_total == pytest.approx(expected_capacity, abs=0.02)
    assert summary(follows)["Running infrastructure (calculator)"][2] == pytest.approx(expected_capacity * 150, abs=5)
