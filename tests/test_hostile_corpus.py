"""Every input of the hostile corpus is refused with one line (or handled as documented), quickly."""

from __future__ import annotations

from pathlib import Path

from tests.hostile_corpus import run_all, summary


def test_every_hostile_input_is_refused_cleanly_or_handled_as_documented(tmp_path: Path, capsys) -> None:
    lines: list[str] = []
    results = run_all(tmp_path, report=lines.append)
    with capsys.disabled():
        print("\n" + "\n".join(lines) + "\n" + summary(results))
    assert len(results) >= 80
    assert [line for line in lines if line.startswith("BAD")] == []
    assert max(r.seconds for r in results) < 10 and max(r.peak_mb for r in results) < 300
