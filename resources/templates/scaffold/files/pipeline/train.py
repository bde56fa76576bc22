"""Train: the processed training table -> a model (a nearest-centroid baseline).

Input:  <processed>/<experiment>/train.csv
Output: <models>/<experiment>/model.json

The baseline is deliberately simple and easy to interpret; replace it with the real model.
Run alone: python run_pipeline.py --only train
"""

from __future__ import annotations

from pathlib import Path

import common

LABEL = "label"


def run(root: Path, config: dict) -> None:
    rows = common.read_table(common.path(root, config, "processed") / config["experiment"] / "train.csv")
    features = [c for c in rows[0] if c != LABEL]
    sums: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for row in rows:
        label = row[LABEL]
        vector = sums.setdefault(label, [0.0] * len(features))
        for i, name in enumerate(features):
            vector[i] += float(row[name])
        counts[label] = counts.get(label, 0) + 1
    centroids = {label: [v / counts[label] for v in vector] for label, vector in sums.items()}
    model = {"method": config.get("train", {}).get("method", "nearest_centroid"), "features": features, "centroids": centroids}
    common.write_json(common.experiment_dir(root, config, "models") / "model.json", model)
