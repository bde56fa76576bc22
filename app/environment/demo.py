"""The demo project's environment choices: what an MLOps engineer settles in the first week.

Most choices follow the demo's hearing answers (GitHub, AWS, PyTorch on GPU, SageMaker); the
ones set here are those a hearing does not answer: names, the bucket, dataset names, the meeting.
"""

from __future__ import annotations

import datetime as dt

from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.environment.service import EnvironmentService

DATASET_NAMES = {
    ("商品画像", "Product images"): ("product_images", None),
    ("商品マスタ", "Product master"): ("product_master", {"ja": "鈴木", "en": "Suzuki"}),
    ("閲覧・購買ログ", "Browsing and purchase logs"): ("browse_logs", {"ja": "鈴木", "en": "Suzuki"}),
}


def build_demo(ws: Workspace, project_id: int, lang: Lang, start: dt.date) -> None:
    service = EnvironmentService(ws)
    for field_id, value in (
        ("repo_name", "similar-image-search"),
        ("meeting_day", "wed"),
        ("storage_root", "s3://sample-retail-similar-image-poc"),
        ("mlflow_uri", "http://mlflow.poc.internal:5000"),
        ("ci_triggers", ["push", "pull_request", "manual"]),
    ):
        service.set_value(project_id, field_id, value)
    note = {
        "ja": "前処理の設定ごとに「②データセット名」のフォルダーを作る",
        "en": "One folder per processed-dataset name (2), one per preprocessing setting",
    }
    service.set_location(project_id, "processed", "note", note[lang])
    metadata = {
        "ja": "実験管理シート(共有ドライブ)、固まったらMLflow",
        "en": "The experiment sheet (shared drive), MLflow once stable",
    }
    service.set_location(project_id, "metadata", "note", metadata[lang])
    for dataset in service.choices(project_id, lang).datasets:
        for names, (dataset_id, owner) in DATASET_NAMES.items():
            if dataset.key in names:
                service.set_dataset(project_id, dataset.key, "dataset_id", dataset_id)
                if owner:
                    service.set_dataset(project_id, dataset.key, "owner", owner[lang])
