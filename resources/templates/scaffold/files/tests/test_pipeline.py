"""The pipeline on the sample data.

The data steps and the experiment record are always tested; training and evaluating need the
model's framework (requirements.txt) and are skipped where it is not installed.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

import common
import model
import preprocess


def test_the_dataset_list_matches_its_files(repo: Path, config: dict) -> None:
    rows = common.read_dataset_list(repo, config)
    assert {row["split"] for row in rows} == {"train", "test"}


def test_a_changed_data_file_is_refused(repo: Path, config: dict) -> None:
    listed = repo / common.read_dataset_list(repo, config)[0]["path"]
    listed.write_text(listed.read_text(encoding="utf-8") + "9,9,1\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="differs from the version"):
        common.read_dataset_list(repo, config)


def test_preprocessing_standardises_the_training_features(repo: Path, config: dict) -> None:
    preprocess.run(repo, config)
    out = common.path(repo, config, "processed") / config["experiment"]
    train = common.read_table(out / "train.csv")
    features = [name for name in train[0] if name != preprocess.LABEL]
    assert features
    for name in features:
        assert abs(sum(float(row[name]) for row in train) / len(train)) < 1e-3
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["rows"] == {"train": len(train), "test": len(common.read_table(out / "test.csv"))}


def test_an_experiment_is_recorded_with_the_sheet_columns(repo: Path, config: dict) -> None:
    common.write_json(common.experiment_dir(repo, config, "reports") / "metrics.json", {"accuracy": 0.9})
    record = common.record_experiment(repo, config, note="=1+1", issue="3", owner="tester")
    with open(common.path(repo, config, "reports") / "experiments.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(config["record_columns"].values())
    assert rows[1][0] == config["experiment"]
    assert record["eval_summary"] == "accuracy=0.9"
    assert "'=1+1" in rows[1]  # a note is never a spreadsheet formula


def test_the_pipeline_trains_evaluates_and_records(repo: Path, config: dict) -> None:
    if model.MODULE:
        pytest.importorskip(model.MODULE)
    command = [sys.executable, "run_pipeline.py", "--note", "test"]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    metrics = json.loads((common.experiment_dir(repo, config, "reports") / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["test_rows"] > 0
    assert metrics["accuracy"] >= 0.75  # the two classes of the sample lie apart
    assert (common.path(repo, config, "models") / config["experiment"] / model.FILE).is_file()
    again = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("cached") == 3  # nothing changed: nothing runs again
