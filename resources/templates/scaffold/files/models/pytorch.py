"""The model behind train.py and evaluate.py: a small PyTorch network, trained on the CPU.

fit / save / load / predict are all train.py and evaluate.py use: replace their insides with the
real model (the settings are configs/pipeline.json "train"). PyTorch is imported only inside them,
so the data steps and their tests run without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODULE = "torch"  # the package the model needs
FILE = "model.pt"


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        raise SystemExit("PyTorch is not installed: pip install -r requirements.txt") from None
    return torch


def _network(torch: Any, inputs: int, hidden: int, classes: int) -> Any:
    return torch.nn.Sequential(torch.nn.Linear(inputs, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, classes))


def fit(features: list[list[float]], targets: list[int], classes: int, settings: dict) -> Any:
    torch = _torch()
    torch.manual_seed(int(settings.get("seed", 0)))
    x = torch.tensor(features, dtype=torch.float32)
    y = torch.tensor(targets, dtype=torch.long)
    shape = {"inputs": x.shape[1], "hidden": int(settings.get("hidden", 16)), "classes": classes}
    network = _network(torch, **shape)
    optimiser = torch.optim.Adam(network.parameters(), lr=float(settings.get("learning_rate", 0.05)))
    loss = torch.nn.CrossEntropyLoss()
    network.train()
    for _ in range(int(settings.get("epochs", 200))):
        optimiser.zero_grad()
        loss(network(x), y).backward()
        optimiser.step()
    network.eval()
    return {"shape": shape, "network": network}


def save(model: dict, folder: Path) -> None:
    _torch().save({"shape": model["shape"], "state": model["network"].state_dict()}, folder / FILE)


def load(folder: Path) -> dict:
    torch = _torch()
    saved = torch.load(folder / FILE, map_location="cpu", weights_only=True)
    network = _network(torch, **saved["shape"])
    network.load_state_dict(saved["state"])
    network.eval()
    return {"shape": saved["shape"], "network": network}


def predict(model: dict, features: list[list[float]]) -> list[int]:
    torch = _torch()
    with torch.no_grad():
        scores = model["network"](torch.tensor(features, dtype=torch.float32))
    return [int(i) for i in scores.argmax(dim=1).tolist()]
