"""The model behind train.py and evaluate.py: a nearest-centroid baseline in plain Python.

fit / save / load / predict are all train.py and evaluate.py use: replace their insides with the
real model (the settings are configs/pipeline.json "train").
"""

from __future__ import annotations

import json
from pathlib import Path

MODULE = ""  # the package the model needs ("" = none: plain Python)
FILE = "centroids.json"


def fit(features: list[list[float]], targets: list[int], classes: int, settings: dict) -> dict:
    """One centroid per class: the mean of its training rows."""
    sums = [[0.0] * len(features[0]) for _ in range(classes)]
    counts = [0] * classes
    for row, target in zip(features, targets, strict=True):
        counts[target] += 1
        for i, value in enumerate(row):
            sums[target][i] += value
    return {"centroids": [[v / max(counts[c], 1) for v in sums[c]] for c in range(classes)]}


def save(model: dict, folder: Path) -> None:
    (folder / FILE).write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")


def load(folder: Path) -> dict:
    return json.loads((folder / FILE).read_text(encoding="utf-8"))


def predict(model: dict, features: list[list[float]]) -> list[int]:
    centroids = model["centroids"]

    def nearest(row: list[float]) -> int:
        distances = [sum((a - b) ** 2 for a, b in zip(row, c, strict=True)) for c in centroids]
        return distances.index(min(distances))

    return [nearest(row) for row in features]
