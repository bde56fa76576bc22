"""The demo project's readiness review: a few ML Test Score tests scored with evidence, the QA4AI
axes and AIST characteristics assessed (so the radar has a shape), Microsoft maturity current vs
target. The Google components are left to the suggestions the hearing and the WBS offer."""

from __future__ import annotations

import datetime as dt

from app.core.documents import DocumentService
from app.core.i18n import Lang
from app.core.workspace import Workspace
from app.review.scoring import KIND

_TEXT = {
    "schema": {"ja": "データ項目定義書に型・範囲・欠損の扱いを記載(手動で確認)", "en": "Types, ranges and missing values are in the data definition sheet (checked by hand)"},
    "privacy": {"ja": "個人情報はマスキング済みのデータのみ分析環境に置く", "en": "Only masked data reaches the analysis environment"},
    "reproducible": {"ja": "実験管理シートに乱数シードとデータのバージョンを記録", "en": "Seeds and data versions are recorded in the experiment sheet"},
    "slices": {"ja": "店舗カテゴリ別の精度を週次で確認", "en": "Accuracy per store category is reviewed weekly"},
    "ci": {"ja": "前処理の単体テストをCIで実行", "en": "Unit tests of the preprocessing run in CI"},
    "data": {"ja": "受領データの件数と欠損率を受領時に確認", "en": "Row counts and missing rates are checked on receipt"},
    "expect": {"ja": "許容誤差を顧客と合意済み(中間報告)", "en": "Acceptable error agreed with the customer (interim report)"},
}


def _answers(lang: Lang) -> dict:
    text = {key: value[lang] for key, value in _TEXT.items()}
    return {
        "ml_test_score": {
            "data.schema": {"score": 0.5, "evidence": text["schema"]},
            "data.privacy": {"score": 0.5, "evidence": text["privacy"]},
            "data.code_tested": {"score": 1.0, "evidence": text["ci"]},
            "model.slices": {"score": 0.5, "evidence": text["slices"]},
            "infra.reproducible": {"score": 0.5, "evidence": text["reproducible"]},
            "infra.spec_unit_tested": {"score": 1.0, "evidence": text["ci"]},
        },
        "ms_mlops": {
            "ms.people": {"current": 1.0, "target": 2.0},
            "ms.model_creation": {"current": 1.0, "target": 2.0},
            "ms.model_release": {"current": 0.0, "target": 2.0},
            "ms.app_integration": {"current": 1.0, "target": 1.0},
        },
        "qa4ai": {
            "qa4ai.data_integrity": {"level": 3.0, "note": text["data"]},
            "qa4ai.model_robustness": {"level": 2.0},
            "qa4ai.system_quality": {"level": 2.0},
            "qa4ai.process_agility": {"level": 3.0, "note": text["ci"]},
            "qa4ai.customer_expectation": {"level": 4.0, "note": text["expect"]},
        },
        "aist_mlqm": {
            "aist.requirements": {"level": 2.0},
            "aist.data_design": {"level": 1.0},
            "aist.coverage": {"level": 1.0},
            "aist.correctness": {"level": 2.0},
        },
    }


def build_demo(ws: Workspace, project_id: int, lang: Lang, start: dt.date) -> None:
    DocumentService(ws.db).put(project_id, KIND, {"version": 1, "answers": _answers(lang)})
