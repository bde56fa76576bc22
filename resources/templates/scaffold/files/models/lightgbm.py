"""The model behind train.py and evaluate.py: a small LightGBM classifier (its own API: no scikit-learn).

fit / save / load / predict are all train.py and evaluate.py use: replace their insides with the
real model (the settings are configs/pipeline.json "train"). LightGBM is imported only inside
them, so the data steps and their tests run without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODULE = "lightgbm"  # the package the model needs
FILE = "model.txt"


def _lightgbm() -> Any:
    try:
        import lightgbm
    except ImportError:
        raise SystemExit("LightGBM is not installed: pip install -r requirements.txt") from None
    return lightgbm


def _array(rows: list[list[float]]) -> Any:
    import numpy  # comes with LightGBM

    return numpy.asarray(rows, dtype=float)


def fit(features: list[list[float]], targets: list[int], classes: int, settings: dict) -> Any:
    lightgbm = _lightgbm()
    params = {
        "objective": "multiclass",  # two classes too: predict gives one probability per class
        "num_class": classes,
        "learning_rate": float(settings.get("learning_rate", 0.1)),
        "num_leaves": int(settings.get("num_leaves", 7)),
        "min_data_in_leaf": int(settings.get("min_child_samples", 2)),  # the sample is tiny
        "seed": int(settings.get("seed", 0)),
        "num_threads": 1,
        "verbose": -1,
    }
    data = lightgbm.Dataset(_array(features), label=targets, params={"min_data_in_bin": 1, "verbose": -1})
    return lightgbm.train(params, data, num_boost_round=int(settings.get("n_estimators", 50)))


def save(model: Any, folder: Path) -> None:
    model.save_model(str(folder / FILE))


def load(folder: Path) -> Any:
    return _lightgbm().Booster(model_file=str(folder / FILE))


def predict(model: Any, features: list[list[float]]) -> list[int]:
    return [max(range(len(row)), key=row.__getitem__) for row in model.predict(_array(features)).tolist()]
