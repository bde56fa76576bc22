"""What every pipeline step shares: paths, the dataset list, the cache, the experiment record."""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

CACHE_DIR = ".pipeline-cache"


def path(root: Path, config: dict, role: str) -> Path:
    return root / config["paths"][role]


def experiment_dir(root: Path, config: dict, role: str) -> Path:
    """Outputs go into a folder named after the experiment (the model name in the experiment sheet)."""
    folder = path(root, config, role) / config["experiment"]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_dataset_list(root: Path, config: dict) -> list[dict]:
    """The rows of the dataset-list CSV (dataset, path, split, sha256), checked against the files."""
    rows = []
    with open(root / config["dataset_list"], encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            file = root / row["path"]
            if not file.is_file():
                raise SystemExit(
                    f"{row['path']} is listed in {config['dataset_list']} but missing (sync the data first)"
                )
            if row.get("sha256") and sha256(file) != row["sha256"]:
                raise SystemExit(f"{row['path']} differs from the version in {config['dataset_list']}")
            rows.append(row)
    return rows


def read_table(file: Path) -> list[dict]:
    with open(file, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_table(file: Path, rows: list[dict], fields: list[str]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def write_json(file: Path, data: dict) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- cache: a step runs again only when its inputs, settings or script changed ------------------


def _inputs_key(root: Path, config: dict, step: str, module_file: str) -> str:
    digest = hashlib.sha256()
    settings = {k: config.get(k) for k in ("experiment", "dataset_list", step, "paths")}
    digest.update(json.dumps(settings, sort_keys=True).encode())
    code = Path(module_file).parent
    uses = [Path(module_file).name, "common.py", *([] if step == "preprocess" else ["model.py"])]
    for name in uses:  # the step's script and what it runs
        digest.update(name.encode() + (code / name).read_bytes())
    if step == "preprocess":
        digest.update((root / config["dataset_list"]).read_bytes())
    else:
        earlier = {"train": "processed", "evaluate": "models"}[step]
        folder = path(root, config, earlier) / config["experiment"]
        for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if file.is_file():
                digest.update(file.name.encode() + sha256(file).encode())
    return digest.hexdigest()


def run_step(root: Path, config: dict, step: str, work: Callable[[Path, dict], None], force: bool = False) -> bool:
    """Run ``work`` unless nothing it depends on changed since the last run; True when it ran."""
    import inspect

    key = _inputs_key(root, config, step, inspect.getfile(work))
    stamp = root / CACHE_DIR / f"{config['experiment']}-{step}.key"
    if not force and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return False
    work(root, config)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key, encoding="utf-8")
    return True


# --- the experiment record: the columns of the experiment sheet's results sheet ---------------


def _csv_safe(value: str) -> str:
    """Text that a spreadsheet will not take for a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def record_experiment(root: Path, config: dict, note: str = "", issue: str = "", owner: str = "") -> dict:
    metrics_file = path(root, config, "reports") / config["experiment"] / "metrics.json"
    metrics = json.loads(metrics_file.read_text(encoding="utf-8"))
    summary = ", ".join(f"{k}={v}" for k, v in metrics.items() if isinstance(v, (int, float)))
    listed_hash = sha256(root / config["dataset_list"])
    record = {
        "model_name": config["experiment"],
        "model_location": str(Path(config["paths"]["models"]) / config["experiment"]),
        "input_data": f"{config['experiment']} ({config['dataset_list']} sha256:{listed_hash[:12]})",
        "train_script": str(Path(config["paths"]["code"]) / "train.py"),
        "change_summary": note,
        "eval_script": str(Path(config["paths"]["code"]) / "evaluate.py"),
        "eval_summary": summary,
        "customer_report": "",
        "issue_no": issue,
        "owner": owner or os.environ.get("GITHUB_ACTOR") or os.environ.get("GITLAB_USER_LOGIN") or getpass.getuser(),
        "note": f"recorded {dt.datetime.now().isoformat(timespec='seconds')}",
    }
    columns = config["record_columns"]  # {id: header}, the experiment sheet's results columns
    log = path(root, config, "reports") / "experiments.csv"
    new = not log.exists()
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(list(columns.values()))
        writer.writerow([_csv_safe(str(record.get(cid, ""))) for cid in columns])
    _log_mlflow(config, record, metrics, root)
    return record


def _log_mlflow(config: dict, record: dict, metrics: dict, root: Path) -> None:
    tracking = config.get("tracking", {})
    if not tracking.get("mlflow"):
        return
    try:
        import mlflow
    except ImportError:
        print("mlflow is not installed: the record stays in the CSV only (pip install mlflow)")
        return
    uri = os.environ.get("MLFLOW_TRACKING_URI") or tracking.get("mlflow_uri")
    if uri:
        mlflow.set_tracking_uri(uri)
    mlflow.set_experiment(config.get("project", "experiments"))
    with mlflow.start_run(run_name=record["model_name"]):
        mlflow.log_params({"dataset_list": config["dataset_list"], "note": record["change_summary"][:250]})
        mlflow.log_metrics({k: v for k, v in metrics.items() if isinstance(v, (int, float))})
        mlflow.log_artifacts(str(root / record["model_location"]), artifact_path="model")
