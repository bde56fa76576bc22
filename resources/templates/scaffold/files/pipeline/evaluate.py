"""Evaluate: the model on the processed test table -> metrics.

Input:  <models>/<experiment>/model.json, <processed>/<experiment>/test.csv
Output: <reports>/<experiment>/metrics.json

Run alone: python run_pipeline.py --only evaluate
"""

from __future__ import annotations

import json
from pathlib import Path

import common

LABEL = "label"


def predict(model: dict, row: dict) -> str:
    point = [float(row[name]) for name in model["features"]]

    def distance(label: str) -> float:
        return sum((a - b) ** 2 for a, b in zip(point, model["centroids"][label]))

    return min(model["centroids"], key=distance)


def run(root: Path, config: dict) -> None:
    model = json.loads((common.path(root, config, "models") / config["experiment"] / "model.json").read_text(encoding="utf-8"))
    rows = common.read_table(common.path(root, config, "processed") / config["experiment"] / "test.csv")
    correct = sum(1 for row in rows if predict(model, row) == row[LABEL])
    metrics = {"accuracy": round(correct / len(rows), 4) if rows else 0.0, "test_rows": len(rows)}
    common.write_json(common.experiment_dir(root, config, "reports") / "metrics.json", metrics)
