"""The app killed at random moments loses no acknowledged edit and damages nothing (a short run).

``make soak`` runs the same harness for much longer (``python -m tests.crash_harness --kills 60``).
"""

from __future__ import annotations

import random
from pathlib import Path

from tests import crash_harness


def test_kills_while_editing_exporting_importing_and_backing_up_lose_nothing(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    tally = crash_harness.run(kills=14, seconds=50, seed=seed, workdir=tmp_path)
    report = f"seed {seed}: {tally.line()}\n" + "\n".join(tally.problems)
    assert tally.corrupt == 0, report
    assert not tally.lost, report
    assert not tally.problems, report
    assert tally.kills >= len(crash_harness.SCENARIOS) and set(tally.by_scenario) == set(crash_harness.SCENARIOS), report
    assert tally.acked > 0, report


def test_a_backup_killed_half_way_never_leaves_a_broken_file_under_its_name(tmp_path: Path) -> None:
    """Killed while copying a 15 MB database, again and again: each backup name holds a whole copy."""
    seed = random.randrange(1 << 30)
    harness = crash_harness.Harness(tmp_path, seed)
    tally = harness.run(["backup"] * 3, seconds=30)
    report = f"seed {seed}: {tally.line()}\n" + "\n".join(tally.problems)
    assert tally.kills == 3 and not tally.problems, report
