"""The pipeline runs end to end on the sample data (plain unittest: python -m unittest discover -s tests)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class PipelineOnTheSample(unittest.TestCase):
    def test_runs_and_records_an_experiment(self) -> None:
        config = json.loads((ROOT / "configs" / "pipeline.json").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            for name in ("run_pipeline.py", "configs", config["paths"]["code"], config["paths"]["sample"], config["paths"]["datasets"]):
                source = ROOT / name
                target = work / name
                if source.is_dir():
                    shutil.copytree(source, target)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
            subprocess.run([sys.executable, "run_pipeline.py", "--note", "test"], cwd=work, check=True)
            metrics = json.loads((work / config["paths"]["reports"] / config["experiment"] / "metrics.json").read_text(encoding="utf-8"))
            self.assertGreaterEqual(metrics["accuracy"], 0.5)
            self.assertTrue((work / config["paths"]["reports"] / "experiments.csv").is_file())


if __name__ == "__main__":
    unittest.main()
