"""The model behind train.py and evaluate.py: a small Keras network (TensorFlow).

fit / save / load / predict are all train.py and evaluate.py use: replace their insides with the
real model (the settings are configs/pipeline.json "train"). TensorFlow is imported only inside
them, so the data steps and their tests run without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODULE = "tensorflow"  # the package the model needs
FILE = "model.keras"


def _tensorflow() -> Any:
    try:
        import tensorflow as tf
    except ImportError:
        raise SystemExit("TensorFlow is not installed: pip install -r requirements.txt") from None
    return tf


def fit(features: list[list[float]], targets: list[int], classes: int, settings: dict) -> Any:
    tf = _tensorflow()
    tf.keras.utils.set_random_seed(int(settings.get("seed", 0)))
    model = tf.keras.Sequential(
        [
            tf.keras.Input(shape=(len(features[0]),)),
            tf.keras.layers.Dense(int(settings.get("hidden", 16)), activation="relu"),
            tf.keras.layers.Dense(classes, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=tf.keras.optimizers.Adam(learning_rate=float(settings.get("learning_rate", 0.05))),
        loss="sparse_categorical_crossentropy",
    )
    x = tf.constant(features, dtype=tf.float32)
    y = tf.constant(targets, dtype=tf.int32)
    model.fit(x, y, epochs=int(settings.get("epochs", 200)), batch_size=len(features), verbose=0)
    return model


def save(model: Any, folder: Path) -> None:
    model.save(folder / FILE)


def load(folder: Path) -> Any:
    return _tensorflow().keras.models.load_model(folder / FILE)


def predict(model: Any, features: list[list[float]]) -> list[int]:
    tf = _tensorflow()
    scores = model.predict(tf.constant(features, dtype=tf.float32), verbose=0)
    return [int(i) for i in scores.argmax(axis=1).tolist()]
