"""System planning after breaker16p: the live figures read a typed number as the save does, a target
utilisation written as a fraction is named (never taken as 0.8 %), and a Japanese plan's formulas
use only the legend's symbols and Japanese words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import UserError
from app.hearing import normalize_value
from app.hearing.answers import AnswerService
from app.system_planning import service as sp
from app.system_planning.capacity import Price, ProcessSpec, calculate
from app.system_planning.plan_xlsx import export_xlsx
from app.system_planning.text import LEGEND, flag_message, formula_expression

CPU = Price("c6i.xlarge", 0.214, "USD")


def _batch(**cells) -> dict:
    row = {"process": "夜間バッチ", "mode": "batch", "volume": 500000, "frequency": "daily", "processing_time": 2,
           "time_basis": "item", "instance_type": "c6i.xlarge", "batch_window": 4}
    return row | cells


def _online(**cells) -> dict:
    row = {"process": "検索API", "mode": "online", "volume": 200000, "frequency": "daily", "processing_time": 120,
           "time_unit": "ms", "time_basis": "item", "instance_type": "c6i.xlarge", "peak_factor": 5}
    return row | cells


# --- 1. one reading of a typed number, for the save and for the live figures -------------------------


@pytest.mark.parametrize("cells", [
    {"batch_window": "6時間", "volume": "500,000件"},
    {"batch_window": "6 h", "volume": "２，０００ 件", "instances": "3台"},
    {"mode": "online", "latency_requirement": "300ミリ秒", "target_utilisation": "80%", "processing_time": "０．５"},
    {"mode": "online", "target_utilisation": "75 %", "peak_factor": "2", "workers": "4"},
])
def test_the_live_figures_read_a_typed_number_as_the_save_stores_it(library, cells) -> None:
    typed = _batch(**cells)
    saved = normalize_value(library.item(sp.PROCESSES), [typed])[0]
    assert all(not isinstance(saved[k], str) for k in cells if k != "mode")  # the save took each as a number
    live = sp.build_plan(library, {sp.PROCESSES: [typed]}).processes[0].result
    stored = sp.build_plan(library, {sp.PROCESSES: [saved]}).processes[0].result
    assert live.spec == stored.spec
    assert (live.flags, live.monthly_cost) == (stored.flags, stored.monthly_cost)
    assert live.monthly_cost is not None


def test_what_the_save_refuses_is_flagged_live_quoting_what_was_typed(library) -> None:
    item = library.item(sp.PROCESSES)
    with pytest.raises(UserError):
        normalize_value(item, [_batch(batch_window="6時間くらい")])
    result = sp.build_plan(library, {sp.PROCESSES: [_batch(batch_window="6時間くらい")]}).processes[0].result
    assert "バッチウィンドウ: 「6時間くらい」は正の数ではありません" in [flag_message(f, "ja", item) for f in result.flags]


def test_a_cost_row_typed_as_a_spreadsheet_shows_an_amount_counts_as_saved(library) -> None:
    row = {"phase": "initial", "category": "infrastructure", "item": "GPUサーバー", "unit_price": "¥1,200,000", "quantity": "2"}
    saved = normalize_value(library.item(sp.COST_ITEMS), [row])[0]
    live = sp.build_plan(library, {sp.COST_ITEMS: [row]}).cost
    assert saved["unit_price"] == 1_200_000 and live.initial_total == pytest.approx(2_400_000)


# --- 2. a target utilisation written as a fraction --------------------------------------------------


def test_a_target_of_0_8_is_named_as_a_fraction_and_70_percent_is_used(library) -> None:
    item = library.item(sp.PROCESSES)
    result = sp.build_plan(library, {sp.PROCESSES: [_online(target_utilisation=0.8)]}).processes[0].result
    said = [flag_message(f, "ja", item) for f in result.flags]
    assert said == ["目標使用率: 「0.8」は割合の書き方です。百分率で入力してください(80%なら「80」)。それまでは70%で計算"]
    assert flag_message(result.flags[0], "en", item) == "Target utilisation: '0.8' reads as a fraction: type a percentage ('80' for 80%); 70 % used until then"
    assert result.target_utilisation == pytest.approx(0.7)
    assert result.instances == sp.build_plan(library, {sp.PROCESSES: [_online()]}).processes[0].result.instances
    one = sp.build_plan(library, {sp.PROCESSES: [_online(target_utilisation=1)]}).processes[0].result
    assert "100%なら「100」" in flag_message(one.flags[0], "ja", item)
    eighty = sp.build_plan(library, {sp.PROCESSES: [_online(target_utilisation=80)]}).processes[0].result
    assert not eighty.flags and eighty.target_utilisation == pytest.approx(0.8)


def test_a_target_is_shown_as_typed_and_a_verdict_never_reads_70_percent_above_70_percent() -> None:
    # C = 1 / 0.1 s = 10 /s; R = 864,000 / 86,400 s = 10 /s; n_load = ⌈10 / (0.725 × 10)⌉ = 2, + 1 = 3.
    spec = ProcessSpec(name="API", mode="online", volume=864_000, frequency="daily", processing_time_s=0.1,
                       instance_type="c6i.xlarge", target_utilisation=72.5)
    worked = {f.key: f.worked for f in calculate(spec, CPU).formulas}
    assert worked["load"] == "max(1, ⌈10 / (72.5% × 10)⌉) = 2"
    assert worked["utilisation"] == "10 / (3 × 10) = 33% ≤ 72.5%"
    # 14.08 /s on 2 instances of 10 /s: 70.4 % at peak, above a 70 % target (whole percents would say 70% > 70%).
    busy = ProcessSpec(name="API", mode="online", volume=1_216_512, frequency="daily", processing_time_s=0.1,
                       instance_type="c6i.xlarge", instances=2)
    result = calculate(busy, CPU)
    assert [f.kind for f in result.flags] == ["over_target"]
    assert result.flags[0].params["utilisation"] == "70.4%" and result.flags[0].params["target"] == "70%"
    assert {f.key: f.worked for f in result.formulas}["utilisation"].endswith("= 70.4% > 70%")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_workbook_takes_a_target_typed_as_a_fraction_as_the_app_does(workspace, demo, tmp_path: Path) -> None:
    from tests.test_plan_xlsx_formulas import columns, recalculate

    service = AnswerService(workspace.db, workspace.library)
    rows = service.answer(demo.id, sp.PROCESSES).value
    online = next(n for n, r in enumerate(rows) if r.get("mode") == "online")
    rows[online] = rows[online] | {"target_utilisation": 80, "instances": None, "volume": 2_000_000}
    service.update(demo.id, sp.PROCESSES, value=rows)
    (tmp_path / "in").mkdir()
    book = openpyxl.load_workbook(export_xlsx(workspace, demo.id, tmp_path / "in" / "plan.xlsx", "en"))
    flow, cols = book["Process flow"], columns(book["Process flow"])
    assert str(flow.cell(row=online + 2, column=cols["Required"]).value).startswith("=")  # a formula over the inputs
    flow.cell(row=online + 2, column=cols["Target utilisation (%)"]).value = 0.8  # the customer edits the target
    book.save(tmp_path / "in" / "edited.xlsx")
    app = sp.build_plan(workspace.library, {sp.PROCESSES: [rows[online] | {"target_utilisation": 0.8}]}).processes[0].result
    assert app.target_utilisation == pytest.approx(0.7) and app.instances_required == 6  # ⌈115.74 / (0.7 × 33.33)⌉ + 1
    [again] = recalculate([tmp_path / "in" / "edited.xlsx"], tmp_path / "out", tmp_path / "profile")
    flow = openpyxl.load_workbook(again, data_only=True)["Process flow"]
    assert flow.cell(row=online + 2, column=cols["Required"]).value == app.instances_required
    assert flow.cell(row=online + 2, column=cols["Hours / month"]).value == pytest.approx(app.monthly_hours)


# --- 3. the formulas in the reader's language ---------------------------------------------------------

SYMBOLS = set(re.findall(r"(?:^|、)([^:、]+): ", LEGEND["ja"])) | {"max", "h"}  # a function and a unit
WORD = re.compile(r"[A-Za-z_ρ₋₁]+(?:/[A-Za-z]+)?")


def _every_formula() -> list:
    specs = [
        ProcessSpec(name="a", mode="batch", volume=500_000, frequency="daily", processing_time_s=2, instance_type="x", batch_window_h=4),
        ProcessSpec(name="b", mode="batch", volume=500_000, frequency="weekly", processing_time_s=20, time_basis="batch",
                    batch_size=32, workers=2, instance_type="x"),
        ProcessSpec(name="c", mode="online", volume=200_000, frequency="daily", processing_time_s=0.12, peak_factor=5,
                    latency_ms=300, instances=3, instance_type="x", time_unit="ms"),
    ]
    formulas = [f for spec in specs for f in calculate(spec, CPU).formulas]
    assert {f.key for f in formulas} >= {"units", "work", "capacity", "throughput", "required", "run", "hours", "cost",
                                         "load", "utilisation", "one_down", "latency"}
    return formulas


def test_every_capacity_formula_in_japanese_uses_only_the_legends_symbols() -> None:
    strangers = {(f.key, word) for f in _every_formula() for word in WORD.findall(formula_expression(f, "ja"))
                 if word not in SYMBOLS}
    assert not strangers
    said = {f.key: formula_expression(f, "ja") for f in _every_formula()}
    assert said["hours"] in ("H = n × D × 月間実行回数", "H = n × 730 h") and said["cost"] == "月額 = H × p"


def test_the_english_formulas_are_unchanged() -> None:
    said = {formula_expression(f, "en") for f in _every_formula()}
    assert {"H = n × D × runs/month", "cost = H × p", "n_load = max(1, ⌈R / (ρ_t × C)⌉)"} <= said
