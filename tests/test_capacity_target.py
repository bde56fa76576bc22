"""Target utilisation, N+1 for online serving, and processing times in ms or s (worked by hand)."""

from __future__ import annotations

import pytest

from app.system_planning import service as sp
from app.system_planning.capacity import Price, ProcessSpec, Severity, calculate
from app.system_planning.text import flag_message

CPU = Price("c6i.xlarge", 0.214, "USD")


def api(**changes) -> ProcessSpec:
    """1,000,000 requests a day at 3x peak, 200 ms each, 4 workers per instance."""
    fields = dict(
        name="scoring API", mode="online", volume=1_000_000, frequency="daily", processing_time_s=0.2,
        time_basis="item", instance_type="c6i.xlarge", workers=4, peak_factor=3, time_unit="ms",
    )
    return ProcessSpec(**(fields | changes))


def kinds(result) -> list[str]:
    return [f.kind for f in result.flags]


def test_required_count_serves_the_peak_at_70_percent_plus_one_spare() -> None:
    # C = 4 / 0.2 s = 20 /s. R = 1,000,000 / 86,400 s x 3 = 34.722 /s.
    # n_load = ceil(34.722 / (0.70 x 20)) = ceil(2.480) = 3; N+1: n_req = 4.
    # rho = 34.722 / (4 x 20) = 43.4 %; one down: 34.722 / (3 x 20) = 57.9 % <= 70 %.
    # H = 4 x 730 = 2,920 h; cost = 2,920 x 0.214 = 624.88 USD.
    result = calculate(api(), CPU)
    assert result.ok
    assert result.capacity_per_instance == pytest.approx(20)
    assert result.required_throughput == pytest.approx(34.722, abs=1e-3)
    assert (result.instances_for_load, result.spare, result.instances_required, result.instances) == (3, 1, 4, 4)
    assert result.utilisation == pytest.approx(0.4340, abs=1e-4)
    assert result.utilisation_one_down == pytest.approx(0.5787, abs=1e-4)
    assert result.monthly_cost == pytest.approx(624.88)
    worked = {f.key: f.worked for f in result.formulas}
    assert worked["capacity"] == "4 / 200 ms = 20 /s"  # the time in the unit it was typed in
    assert worked["load"] == "max(1, ⌈34.72 / (70% × 20)⌉) = 3"
    assert worked["required"] == "3 + 1 = 4 (N+1)"
    assert worked["utilisation"] == "34.72 / (4 × 20) = 43% ≤ 70%"
    assert worked["one_down"] == "34.72 / (3 × 20) = 58% ≤ 70%"
    assert worked["latency"] == "200 ms"


def test_87_percent_busy_at_peak_is_not_ok() -> None:
    # Two instances planned: rho = 34.722 / (2 x 20) = 86.8 % > 70 %: the verdict is not OK.
    result = calculate(api(instances=2), CPU)
    assert not result.ok and kinds(result) == ["over_target"]
    flag = result.flags[0]
    assert flag.severity == Severity.ERROR
    assert flag.params == {"planned": 2, "utilisation": "87%", "target": "70%", "needed": 4}
    assert flag_message(flag, "en") == "The planned instances (2) run at 87% at peak, above the 70% target (needs 4 including one spare)"
    assert "目標70%を超えます" in flag_message(flag, "ja")


def test_within_the_target_but_without_a_spare_is_not_ok() -> None:
    # Three planned: rho = 34.722 / 60 = 57.9 % <= 70 %, but with one down 34.722 / 40 = 86.8 %.
    result = calculate(api(instances=3), CPU)
    assert kinds(result) == ["no_spare"]
    assert result.flags[0].params["one_down"] == "87%" and result.flags[0].params["needed"] == 4
    assert "No spare" in flag_message(result.flags[0], "en")


def test_a_higher_target_needs_fewer_instances() -> None:
    # Target 90 %: n_load = ceil(34.722 / 18) = ceil(1.929) = 2; n_req = 3. Three planned: OK.
    result = calculate(api(instances=3, target_utilisation=90), CPU)
    assert result.ok and result.instances_required == 3
    assert result.target_utilisation == pytest.approx(0.9)


def test_a_target_that_is_no_percentage_is_flagged_and_70_is_used() -> None:
    result = calculate(api(target_utilisation=150), CPU)
    assert kinds(result) == ["target_range"] and result.instances_required == 4
    assert "1〜100" in flag_message(result.flags[0], "ja")


def test_an_exact_fit_at_the_target_is_within_it() -> None:
    # R = 14 /s exactly (1,209,600 a day), C = 20 /s: 14 / (0.7 x 20) = 1.0 -> n_load 1, n_req 2.
    result = calculate(api(volume=1_209_600, peak_factor=1), CPU)
    assert (result.instances_for_load, result.instances_required) == (1, 2)
    assert result.ok


def test_processing_time_in_ms_or_s_from_the_table_row() -> None:
    row = {"process": "API", "mode": "online", "volume": 1_000_000, "frequency": "daily", "processing_time": 200,
           "time_unit": "ms", "instance_type": "c6i.xlarge", "workers": 4, "peak_factor": 3}
    in_ms = sp.process_spec(row)
    assert in_ms.processing_time_s == pytest.approx(0.2) and in_ms.time_unit == "ms"
    in_s = sp.process_spec(row | {"processing_time": 0.2, "time_unit": "s"})
    old = sp.process_spec({k: v for k, v in row.items() if k != "time_unit"} | {"processing_time": 0.2})
    assert old.time_unit == "s" and old.processing_time_s == pytest.approx(0.2)  # saved before units: seconds
    results = [calculate(spec, CPU) for spec in (in_ms, in_s, old)]
    assert {r.instances_required for r in results} == {4}
    assert [r.monthly_cost for r in results] == [pytest.approx(624.88)] * 3
    assert [f.worked for f in results[1].formulas if f.key == "capacity"] == ["4 / 0.2 s = 20 /s"]
    # a typed word is not converted: the calculator flags it
    assert calculate(sp.process_spec(row | {"processing_time": "fast"}), CPU).flags[0].kind == "invalid"


def test_batch_times_in_ms_show_in_ms() -> None:
    # 10,000 items x 40 ms = 400 s per run.
    spec = ProcessSpec("batch scoring", "batch", 10_000, "daily", 0.04, "item", None, "c6i.xlarge", time_unit="ms")
    result = calculate(spec, CPU)
    worked = {f.key: f.worked for f in result.formulas}
    assert worked["work"] == "10,000 × 40 ms = 400 s (0.111 h)"
    assert result.ok
