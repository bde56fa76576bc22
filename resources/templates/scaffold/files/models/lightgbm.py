"""The model behind train.py and evaluate.py: a small LightGBM classifier.

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


def fit(features: list[list[float]], targets: list[int], classes: int, settings: dict) -> Any:
    lightgbm = _lightgbm()
    model = lightgbm.LGBMClassifier(
        n_estimators=int(settings.get("n_estimators", 50)),
        learning_rate=float(settings.get("learning_rate", 0.1)),
        num_leaves=int(settings.get("num_leaves", 7)),
        min_child_samples=int(settings.get("min_child_samples", 2)),  # the sample is tiny
        random_state=int(settings.get("seed", 0)),
        n_jobs=1,
        verbose=-1,
    )
    model.fit(features, targets)
    return model.booster_


def save(model: Any, folder: Path) -> None:
    model.save_model(str(folder / FILE))


def load(folder: Path) -> Any:
    return _lightgbm().Booster(model_file=str(folder / FILE))


def predict(model: Any, features: list[list[float]]) -> list[int]:
    scores = model.predict(features).tolist()
    if scores and isinstance(scores[0], list):  # several classes: one probability each
        return [max(range(len(row)), key=row.__getitem__) for row in scores]
    return [int(p >= 0.5) for p in scores]  # two classes: the probability of the second
