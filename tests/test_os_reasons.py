"""The system's reasons a file cannot be written, said in the user's language: here a file-size
limit (``ulimit -f``, a quota on a shared machine, FAT32's 4 GB), which the system words as
"File too large" in English."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LIMIT = 16 * 1024  # bytes: the demo's project file is bigger


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))  # (Python ignores SIGXFSZ: the write fails with EFBIG)


def test_an_export_over_a_file_size_limit_is_said_in_japanese_and_leaves_nothing(demo, db_path: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"}
    env |= {"MLOPS_KICKOFF_HOME": str(tmp_path / "home"), "MLOPS_KICKOFF_SETTINGS": str(tmp_path / "settings.ini"),
            "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    out = tmp_path / "out" / "デモ.json"
    out.parent.mkdir()

    done = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "--db", str(db_path), "project", "export",
                           str(demo.id), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=120, preexec_fn=_limited)  # fmt: skip

    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "大きさ" in lines[0], lines
    assert "File too large" not in done.stderr and "Traceback" not in done.stderr
    assert list(out.parent.iterdir()) == []  # no part of a file left
