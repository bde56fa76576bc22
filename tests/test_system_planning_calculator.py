"""The capacity calculator against examples worked out by hand (numbers in the comments)."""

from __future__ import annotations

import pytest

from app.system_planning.capacity import (
    HOURS_PER_MONTH,
    Price,
    ProcessSpec,
    Severity,
    calculate,
    runs_per_month,
)

GPU = Price("g4dn.xlarge", 0.71, "USD")
CPU = Price("c6i.xlarge", 0.214, "USD")


def nightly_extraction(**changes) -> ProcessSpec:
    """500,000 images a night, 2.0 s per batch of 32 on one T4 GPU, a 4-hour batch window."""
    fields = dict(
        name="feature extraction", mode="batch", volume=500_000, frequency="daily", processing_time_s=2.0,
        time_basis="batch", batch_size=32, instance_type="g4dn.xlarge", workers=1, instances=1, batch_window_h=4,
    )
    return ProcessSpec(**(fields | changes))


def flags(result) -> list[str]:
    return [f.kind for f in result.flags]


def test_a_nightly_batch_that_misses_its_window_on_one_instance() -> None:
    # U = ceil(500,000 / 32) = 15,625 batches; S = 15,625 x 2 s = 31,250 s = 8.6806 h > 4 h.
    # n_req = ceil(31,250 / 14,400) = ceil(2.17) = 3. Runs per month = 730 / 24 = 30.4167.
    # H = 1 x 8.68 h x 30.42 = 264.0456 h (the run and the runs a month as printed, so the line adds up as
    # printed); cost = 264.0456 x 0.71 = 187.472376, in cents 187.47 USD.
    result = calculate(nightly_extraction(), GPU)
    assert result.instances == 1 and result.instances_required == 3
    assert result.run_hours == pytest.approx(8.6806, abs=1e-4)
    assert result.required_throughput == pytest.approx(500_000 / 14_400)  # 34.72 images/s
    assert result.capacity_per_instance == pytest.approx(16)  # 32 images / 2 s
    assert result.monthly_hours == pytest.approx(264.0456)
    assert result.monthly_cost == 187.47
    assert flags(result) == ["window_missed"]
    flag = result.flags[0]
    assert flag.severity == Severity.ERROR and flag.params["needed"] == 3 and flag.params["window_h"] == 4
    worked = {f.key: f.worked for f in result.formulas}
    assert worked["units"] == "⌈500,000 / 32⌉ = 15,625"
    assert worked["required"] == "⌈31,250 s / (1 × 14,400 s)⌉ = 3"
    assert worked["hours"] == "1 × 8.68 h × 30.42 = 264.0456 h"
    assert worked["cost"] == "264.0456 h × 0.71 USD = 187.47 USD"


def test_the_same_batch_fits_with_the_required_count_and_costs_the_same() -> None:
    # n = 3: D = 31,250 / 3 = 10,416.7 s = 2.894 h <= 4 h; H = 3 x 2.89 h x 30.42 = 263.7414 h (the same work;
    # the run's hours as printed, 2.89 h, make it 0.1 % less than 3 x 2.894): 187.26 USD against 187.47 USD.
    result = calculate(nightly_extraction(instances=None), GPU)
    assert result.instances == 3 and result.ok
    assert result.run_hours == pytest.approx(2.8935, abs=1e-4)
    assert result.monthly_hours == pytest.approx(263.7414)
    assert result.monthly_cost == 187.26
    assert result.monthly_cost == pytest.approx(calculate(nightly_extraction(), GPU).monthly_cost, rel=2e-3)


def test_workers_per_instance_share_the_work() -> None:
    # 2 workers: n_req = ceil(31,250 / (2 x 14,400)) = ceil(1.085) = 2; D = 31,250 / (2 x 2) = 7,812.5 s.
    result = calculate(nightly_extraction(workers=2, instances=None), GPU)
    assert result.instances_required == 2
    assert result.run_hours * 3600 == pytest.approx(7_812.5)


def test_one_unit_longer_than_the_window_cannot_be_fixed_by_more_instances() -> None:
    # One batch of 500,000 vectors takes 5 h; the window is 4 h. Splitting is impossible (one unit).
    spec = nightly_extraction(processing_time_s=5 * 3600, batch_size=500_000, instances=None)
    result = calculate(spec, GPU)
    assert flags(result) == ["unit_exceeds_window"]
    assert result.instances_required == 1  # more would sit idle
    assert result.run_hours == pytest.approx(5)


def test_a_run_longer_than_the_interval_between_runs_overlaps_the_next() -> None:
    # Hourly, 10,000 items x 0.5 s = 5,000 s = 1.39 h on one instance: longer than the hour between runs.
    spec = ProcessSpec("scoring", "batch", 10_000, "hourly", 0.5, "item", None, "c6i.xlarge")
    result = calculate(spec, CPU)
    assert flags(result) == ["runs_overlap"]
    # H = 1 x 1.39 h x 730 runs = 1,014.7 h (more than the month: the instance can never stop).
    assert result.monthly_hours == pytest.approx(1.39 * 730)


def test_an_online_api_sized_for_its_peak() -> None:
    # 200,000 requests a day at 5x peak: R = 200,000 / 86,400 x 5 = 11.574 /s.
    # 0.12 s per request, 4 workers: C = 4 / 0.12 = 33.33 /s; at the 70 % target
    # n_load = max(1, ceil(11.574 / 23.33)) = 1, plus the N+1 spare: n_req = 2 = the 2 planned.
    # Utilisation = 11.574 / (2 x 33.33) = 17.4 %. H = 2 x 730 = 1,460 h; cost = 1,460 x 0.214 = 312.44 USD.
    spec = ProcessSpec("search API", "online", 200_000, "daily", 0.12, "item", None, "c6i.xlarge", 4, 2, 5, 300, None)
    result = calculate(spec, CPU)
    assert result.ok
    assert result.required_throughput == pytest.approx(11.574, abs=1e-3)
    assert result.capacity_per_instance == pytest.approx(33.333, abs=1e-3)
    assert (result.instances_for_load, result.instances_required, result.instances) == (1, 2, 2)
    assert result.utilisation == pytest.approx(0.1736, abs=1e-4)
    assert result.latency_ms == pytest.approx(120)
    assert result.monthly_hours == 2 * HOURS_PER_MONTH
    assert result.monthly_cost == pytest.approx(312.44)


def test_an_online_api_too_slow_and_under_provisioned() -> None:
    # 0.45 s per request > 300 ms: latency missed (more instances would not help).
    # R = 2,000,000 / 86,400 x 3 = 69.44 /s; C = 2 / 0.45 = 4.444 /s: 4 planned cannot even carry it
    # flat out (ceil(15.6) = 16). At the 70 % target n_load = ceil(69.44 / 3.111) = ceil(22.3) = 23; + 1 spare = 24.
    spec = ProcessSpec("API", "online", 2_000_000, "daily", 0.45, "item", None, "c6i.xlarge", 2, 4, 3, 300, None)
    result = calculate(spec, CPU)
    assert result.instances_required == 24
    assert sorted(flags(result)) == ["latency_missed", "throughput_short"]
    assert result.monthly_cost == pytest.approx(4 * 730 * 0.214)  # priced as planned


def test_missing_inputs_and_unknown_machine_types_are_reported_not_guessed() -> None:
    result = calculate(ProcessSpec("half typed", "batch", None, "daily", "fast", "batch", None, ""), None)
    assert not result.complete and result.monthly_cost is None
    missing = result.flags[0]
    assert missing.kind == "missing" and missing.params["fields"] == ["volume", "batch_size", "instance_type"]
    assert result.flags[1].kind == "invalid" and result.flags[1].params["field"] == "processing_time_s"

    unknown = calculate(nightly_extraction(instance_type="x9.huge"), None)
    assert "unknown_instance" in flags(unknown)
    assert unknown.instances_required == 3 and unknown.monthly_cost is None  # sized, but not priced


def test_runs_per_month_follow_the_730_hour_billing_month() -> None:
    assert runs_per_month("hourly") == 730
    assert runs_per_month("daily") == pytest.approx(30.4167, abs=1e-4)
    assert runs_per_month("weekly") == pytest.approx(4.345, abs=1e-3)
    assert runs_per_month("monthly") == 1
