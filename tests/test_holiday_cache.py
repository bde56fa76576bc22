"""Japanese holidays kept between runs: the next start does not import the ``holidays`` package
(28 ms of every window's start), gives the same days and names, and any cache it cannot trust
(damaged, written for another version of the package) is worked out again, never an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEARS = (2019, 2020, 2021, 2026, 2027)  # 2019: the enthronement days; 2020-21: the Olympic moves

PROBE = f"""
import json, sys
from app.wbs.workdays import _holidays_of
days = {{str(y): [[d.isoformat(), n] for d, n in sorted(_holidays_of(y).items())] for y in {YEARS!r}}}
print(json.dumps({{"imported": "holidays" in sys.modules, "days": days}}))
"""

TRUTH = f"""
import json, holidays
days = {{}}
for y in {YEARS!r}:
    cal = holidays.country_holidays("JP", years=y)
    days[str(y)] = [[d.isoformat(), cal.get(d)] for d in sorted(cal)]
print(json.dumps(days))
"""


def run(home: Path, code: str) -> dict:
    env = dict(os.environ, MLOPS_KICKOFF_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def cache_file(home: Path) -> Path:
    found = list(home.rglob("holidays-jp.json"))
    assert len(found) == 1
    return found[0]


def test_the_second_run_answers_from_the_cache_with_the_packages_days_and_names(tmp_path: Path) -> None:
    truth = run(tmp_path, TRUTH)
    first = run(tmp_path, PROBE)
    assert first["imported"] and first["days"] == truth
    second = run(tmp_path, PROBE)
    assert not second["imported"] and second["days"] == truth
    assert ["2019-05-01", truth["2019"][[d for d, _n in truth["2019"]].index("2019-05-01")][1]] in second["days"]["2019"]


def test_a_damaged_cache_or_one_of_another_package_version_is_worked_out_again(tmp_path: Path) -> None:
    truth = run(tmp_path, TRUTH)
    run(tmp_path, PROBE)
    path = cache_file(tmp_path)
    good = path.read_text(encoding="utf-8")
    for damaged in (good[: len(good) // 2], "[]", '{"format": 1, "package": 5, "years": {"2026": 7}}', "\x00\xff"):
        path.write_text(damaged, encoding="utf-8", errors="surrogateescape")
        again = run(tmp_path, PROBE)
        assert again["imported"] and again["days"] == truth
    # Written by another version of the package (or a wrong day planted): not used.
    stored = json.loads(good)
    stored["package"] += "-older"
    stored["years"]["2026"] = [["2026-03-03", "not a holiday"]]
    path.write_text(json.dumps(stored), encoding="utf-8")
    again = run(tmp_path, PROBE)
    assert again["imported"] and again["days"] == truth
    assert not run(tmp_path, PROBE)["imported"]  # and rewritten for this one


def test_a_cache_folder_it_cannot_write_only_means_working_it_out(tmp_path: Path) -> None:
    home = tmp_path / "blocked"
    home.mkdir()
    (home / "cache").write_text("a file where the cache folder would be")  # (root can write anywhere else)
    truth = run(tmp_path / "truth", TRUTH)
    for _ in range(2):
        result = run(home, PROBE)
        assert result["imported"] and result["days"] == truth
    assert (home / "cache").read_text() == "a file where the cache folder would be"
