"""Evaluate: the model on the processed test table -> metrics.

Input:  <models>/<experiment>/ (model.json and the model's file), <processed>/<experiment>/test.csv
Output: <reports>/<experiment>/metrics.json

Run alone: python run_pipeline.py --only evaluate
"""

from __future__ import annotations

import json
from pathlib import Path

import common
import model

LABEL = "label"


def run(root: Path, config: dict) -> None:
    folder = common.path(root, config, "models") / config["experiment"]
    about = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    rows = common.read_table(common.path(root, config, "processed") / config["experiment"] / "test.csv")
    table = [[float(row[name]) for name in about["features"]] for row in rows]
    predicted = model.predict(model.load(folder), table) if table else []
    correct = sum(1 for row, p in zip(rows, predicted, strict=True) if about["classes"][p] == row[LABEL])
    metrics = {"accuracy": round(correct / len(rows), 4) if rows else 0.0, "test_rows": len(rows)}
    common.write_json(common.experiment_dir(root, config, "reports") / "metrics.json", metrics)
