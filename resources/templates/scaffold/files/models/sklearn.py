"""The model behind train.py and evaluate.py: a scikit-learn logistic regression.

fit / save / load / predict are all train.py and evaluate.py use: replace their insides with the
real model (the settings are configs/pipeline.json "train"). scikit-learn is imported only inside
them, so the data steps and their tests run without it.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

MODULE = "sklearn"  # the package the model needs
FILE = "model.pkl"  # pickle: load only models this pipeline wrote


def _sklearn() -> Any:
    try:
        import sklearn.linear_model
    except ImportError:
        raise SystemExit("scikit-learn is not installed: pip install -r requirements.txt") from None
    return sklearn


def fit(features: list[list[float]], targets: list[int], classes: int, settings: dict) -> Any:
    sklearn = _sklearn()
    model = sklearn.linear_model.LogisticRegression(
        max_iter=int(settings.get("max_iter", 1000)), random_state=int(settings.get("seed", 0))
    )
    model.fit(features, targets)
    return model


def save(model: Any, folder: Path) -> None:
    with open(folder / FILE, "wb") as fh:
        pickle.dump(model, fh)


def load(folder: Path) -> Any:
    _sklearn()  # a clear message when scikit-learn is missing, before unpickling
    with open(folder / FILE, "rb") as fh:
        return pickle.load(fh)


def predict(model: Any, features: list[list[float]]) -> list[int]:
    return [int(i) for i in model.predict(features).tolist()]
