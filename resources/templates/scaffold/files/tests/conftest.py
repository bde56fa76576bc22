"""What the tests share: the repository's settings, its code on the import path, a scratch copy."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest


def _root() -> Path:
    """The repository: the folder above the tests that holds run_pipeline.py."""
    for folder in Path(__file__).resolve().parents:
        if (folder / "run_pipeline.py").is_file():
            return folder
    raise RuntimeError("run_pipeline.py not found above the tests folder")


ROOT = _root()
CONFIG_FILE = ROOT / "configs" / "pipeline.json"
CONFIG = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
sys.path.insert(0, str(ROOT / CONFIG["paths"]["code"]))  # the pipeline's modules: common, preprocess, model...


@pytest.fixture
def config() -> dict:
    """The settings, fresh for each test; MLflow off (a test records nothing on a tracking server)."""
    settings = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
    settings["tracking"] = {**settings.get("tracking", {}), "mlflow": False}
    return settings


@pytest.fixture
def repo(tmp_path: Path, config: dict) -> Path:
    """A copy of what the pipeline needs (script, settings, code, sample data and its list)."""
    paths = config["paths"]
    for name in ("run_pipeline.py", "configs", paths["code"], paths["sample"], paths["datasets"]):
        source, target = ROOT / name, tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (tmp_path / "configs" / "pipeline.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return tmp_path
