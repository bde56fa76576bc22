"""Train: the processed training table -> a model (model.py: the baseline to replace).

Input:  <processed>/<experiment>/train.csv
Output: <models>/<experiment>/model.json (features, classes, settings) and the model's own file

Run alone: python run_pipeline.py --only train
"""

from __future__ import annotations

from pathlib import Path

import common
import model

LABEL = "label"


def run(root: Path, config: dict) -> None:
    rows = common.read_table(common.path(root, config, "processed") / config["experiment"] / "train.csv")
    if not rows:
        raise SystemExit("the processed training table is empty")
    features = [c for c in rows[0] if c != LABEL]
    classes = sorted({row[LABEL] for row in rows})
    settings = config.get("train", {})
    fitted = model.fit(
        [[float(row[name]) for name in features] for row in rows],
        [classes.index(row[LABEL]) for row in rows],
        len(classes),
        settings,
    )
    folder = common.experiment_dir(root, config, "models")
    model.save(fitted, folder)
    about = {"method": settings.get("method", ""), "file": model.FILE, "features": features, "classes": classes}
    common.write_json(folder / "model.json", {**about, "settings": settings})
