"""Preprocess: the files of the dataset list -> standardised train / test tables.

Input:  the dataset-list CSV (configs/pipeline.json "dataset_list") and the files it lists
Output: <processed>/<experiment>/train.csv, test.csv, stats.json

Run alone: python run_pipeline.py --only preprocess
"""

from __future__ import annotations

from pathlib import Path

import common

LABEL = "label"


def run(root: Path, config: dict) -> None:
    by_split: dict[str, list[dict]] = {"train": [], "test": []}
    for entry in common.read_dataset_list(root, config):
        split = "test" if entry["split"] in ("test", "valid", "validation") else "train"
        by_split[split].extend(common.read_table(root / entry["path"]))
    train = by_split["train"]
    if not train:
        raise SystemExit("the dataset list has no training data")
    features = [c for c in train[0] if c != LABEL]
    stats = {}
    for name in features:
        values = [float(r[name]) for r in train]
        mean = sum(values) / len(values)
        spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 or 1.0
        stats[name] = {"mean": mean, "std": spread}
    scale = config.get("preprocess", {}).get("standardize", True)
    out = common.experiment_dir(root, config, "processed")
    for split, rows in by_split.items():
        scaled = [{**{n: _scaled(r[n], stats[n], scale) for n in features}, LABEL: r[LABEL]} for r in rows]
        common.write_table(out / f"{split}.csv", scaled, [*features, LABEL])
    counts = {split: len(rows) for split, rows in by_split.items()}
    common.write_json(out / "stats.json", {"features": features, "stats": stats, "rows": counts})


def _scaled(value: str, stat: dict, scale: bool) -> float:
    return round((float(value) - stat["mean"]) / stat["std"], 6) if scale else float(value)
