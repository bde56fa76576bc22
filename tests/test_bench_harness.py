"""``make bench``'s verdicts, on made-up figures (no timing here): ratios, absolute limits, rows
that could not be measured, and the exit status."""

from __future__ import annotations

import io

import pytest

from tests import bench
from tests.bench import Row


def test_a_ratio_within_its_limit_passes_and_one_over_fails():
    assert Row("start", 1.4, baseline=1.0, limit=1.5).status == "pass"
    assert Row("start", 1.5, baseline=1.0, limit=1.5).status == "pass"
    assert Row("start", 1.6, baseline=1.0, limit=1.5).status == "FAIL"
    # The ratio is what counts, not the figure: 3 s is fine against a 2.5 s baseline.
    assert Row("start", 3.0, baseline=2.5, limit=1.3).status == "pass"


def test_an_absolute_limit_compares_the_figure_itself():
    assert Row("keystroke", 0.049, limit=0.05).status == "pass"
    assert Row("keystroke", 0.051, limit=0.05).status == "FAIL"
    assert Row("memory", 401.0, unit="MB", limit=400).status == "FAIL"


def test_a_target_not_measured_is_not_a_pass():
    assert bench.not_measured("excel", "no bench_xlsx").status == "not measured"
    assert Row("ratio without a usable baseline", 1.0, baseline=0.0, limit=1.3).status == "not measured"
    assert bench.exit_code([Row("ok", 1.0, baseline=1.0, limit=1.3), bench.not_measured("excel", "missing")]) == 1


def test_exit_status_is_zero_only_when_every_target_is_met():
    passing = [Row("a", 1.0, baseline=1.0, limit=1.2), Row("b", 0.01, limit=0.05), Row("info", 99.0, info=True)]
    assert bench.exit_code(passing) == 0
    assert bench.exit_code([*passing, Row("c", 2.0, baseline=1.0, limit=1.2)]) == 1


def test_the_table_shows_each_target_with_its_ratio_limit_and_verdict():
    rows = [
        Row("start to the first painted window", 1.8, baseline=1.0, limit=1.5, note="vs a bare QMainWindow"),
        Row("one filter keystroke", 0.012, limit=0.05),
        bench.not_measured("Excel WBS of 10,000 tasks", "tests/bench_xlsx.py has no measure(n_tasks)"),
        Row("resident memory", 250.0, unit="MB", limit=400),
        Row("save one answer", 0.002, info=True),
    ]
    out = io.StringIO()
    assert bench.report(rows, out) == 1
    lines = {line.split("  ")[0]: line for line in out.getvalue().splitlines()}
    assert "1.80x" in lines["start to the first painted window"] and "<= 1.5x" in lines["start to the first painted window"]
    assert lines["start to the first painted window"].endswith("FAIL (vs a bare QMainWindow)")
    assert "12.0 ms" in lines["one filter keystroke"] and "pass" in lines["one filter keystroke"]
    assert "not measured (tests/bench_xlsx.py has no measure(n_tasks))" in lines["Excel WBS of 10,000 tasks"]
    assert "250.0 MB" in lines["resident memory"] and "<= 400.0 MB" in lines["resident memory"]
    assert lines["save one answer"].rstrip().endswith("info")
    assert "2 of 4 targets missed or not measured" in out.getvalue()


def test_a_clean_run_says_so_and_exits_zero():
    out = io.StringIO()
    assert bench.report([Row("cli", 1.1, baseline=1.0, limit=1.2)], out) == 0
    assert "all targets met" in out.getvalue()


def test_only_and_quick_choose_groups_and_rounds():
    args = bench.parse(["--quick", "--only", "cli,wbs", "--only", "memory"])
    assert args.only == {"cli", "wbs", "memory"} and args.rounds == 2
    assert bench.parse([]).only == set(bench.GROUPS) and bench.parse([]).rounds == 5
    with pytest.raises(SystemExit):
        bench.parse(["--only", "nonsense"])


def test_a_missing_helper_function_is_reported_missing_not_guessed():
    assert bench.optional("tests.no_such_module", "measure") is None
    assert bench.optional("tests.bench", "no_such_function") is None
    assert bench.optional("tests.bench", "render") is bench.render


def test_the_excel_rows_come_from_bench_xlsx_measure(monkeypatch):
    # measure(n_tasks) -> (ours_seconds, floor_seconds); made-up figures, linear growth of 10x.
    figures = {1000: (0.3, 0.25), 10000: (3.0, 2.5)}
    monkeypatch.setattr(bench, "optional", lambda module, name: figures.get if (module, name) == ("tests.bench_xlsx", "measure") else None)
    ratio, growth = bench.bench_excel(None, 1000, 10000)
    assert (ratio.measured, ratio.baseline, ratio.status) == (3.0, 2.5, "pass")  # 1.2x of the XlsxWriter floor
    assert (growth.measured, growth.baseline, growth.status) == (3.0, 0.3, "pass")  # 10x for 10x the tasks
    figures[10000] = (3.6, 2.5)
    ratio, growth = bench.bench_excel(None, 1000, 10000)
    assert ratio.status == "FAIL" and growth.status == "FAIL"  # 1.44x the floor; 12x the time
