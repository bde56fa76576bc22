"""The system-planning checklist covers the seed's section 5 item by item, in Japanese and English."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.content.loader import load_file
from app.core.content.model import AnswerKind, ColumnKind
from app.system_planning import service as sp
from app.system_planning.model import InstanceCatalogue
from tests.test_hearing_content import all_japanese_text

# Every point of the seed's "5. システム化計画" (its overview, the problems it prevents and the whole
# checklist), as written there. The seed's "ML System Iutput" is a typo for Output; the checklist
# says Output and mentions the original spelling in its help text.
SEED_POINTS = [
    # overview and purpose
    "プロダクション化する際の要件確認", "簡易性能テスト(処理時間、インフラコスト見積もりのため)",
    "構築フェーズが始まる前に、フィジビリティを確認",
    "いざ構築フェーズに入ってから、ランニングコストが想定より高いことが発覚した",
    "マシンスペックを下げれば、サービスの許容処理時間を上回ってしまう",
    "クラウドサービスのAPIを内部で一部利用しているが、スループット上限があり、性能要件を満たさなかった",
    # 要件概要
    "要件概要", "User", "User Need", "User Actions", "ML System Output", "ML System Iutput", "ML System Learning",
    # データソース, 処理フロー
    "データソース", "処理フロー、DFD", "処理ごとに想定データ量と処理時間、処理頻度を整理", "レイテンシ", "バッチウィンドウ",
    # アーキテクチャ構成
    "アーキテクチャ構成", "オンプレ/クラウド(AWS、GCP、etc)", "本番で利用しているクラウドサービス確認",
    "連携先システム、インターフェイス、調整先", "再学習は自動か手動か", "オンライン/バッチ(全量・差分) × 学習/推論",
    "バッチ学習+オンライン推論", "Webアプリケーションで直接算出", "API", "バッチ学習+バッチ推論", "DB参照",
    "オンライン学習+オンライン推論", "メタデータ管理(データ、モデル)",
    # 機能一覧, コスト見積もり
    "機能一覧", "コスト見積もり", "性能(レイテンシ、バッチウィンドウ)とのトレードオフも考えて整理する",
    "初期/ランニング × インフラ/開発工数", "再学習の頻度", "費用対効果の算出",
    # 非機能要件・基本設計
    "非機能要件・基本設計", "可用性", "性能・拡張性", "検討項目", "レイテンシ、バッチウィンドウ、インフラコスト", "改善案",
    "GPUのシェア、マルチモデルサービング、モデルの最適化など", "NoSQLの利用(キャッシュ)", "水平スケール",
    "運用・保守性", "運用作業一覧と役割分担", "問い合わせ、障害対応", "監視", "対象", "入力データ・推論結果",
    "データの長さ・大きさ、欠損値、輝度、レスポンスタイム、CTR", "手法", "検知", "人を雇ってラベリングして予測結果と比較",
    "アラート", "対応", "予測誤りをどこで吸収するか", "human in the loop", "保守改修", "デプロイ",
    "ロールバック、シャドーモードデプロイ、カナリアデプロイ、BlueGreenデプロイ(A/B)、etc", "データ分析", "A/Bテスト",
    "継続的なA/Bテスト",
    # 成果物, スケジュール, 体制, その他懸念事項
    "成果物", "スケジュールとマイルストーン", "体制", "ベンダ(構築、運用・保守)と役割分担", "モジュール受け渡し方法",
    "本番環境への接続方法、申請", "その他懸念事項", "ブレストする", "モデルの精度が下がる可能性のある要因を考える",
    "データの傾向が変わる",
]


def checklist_text(library) -> str:
    checklist = library.checklists["system_planning"]
    parts = [all_japanese_text(checklist)]
    if checklist.description:
        parts.append(checklist.description.ja)
    return "\n".join(parts)


def test_every_point_of_the_seed_system_planning_checklist_is_there(library) -> None:
    text = checklist_text(library)
    assert [point for point in SEED_POINTS if point not in text] == []


def test_ids_are_stable_and_every_item_has_english(library) -> None:
    checklist = library.checklists["system_planning"]
    for item in checklist.walk_items():
        assert item.id.startswith("system_planning."), item.id
        assert item.label.en and item.label.ja, item.id
        if item.help:
            assert item.help.en and item.help.ja, item.id
        for column in item.columns:
            assert column.label.en and column.label.ja, (item.id, column.id)
    assert checklist.title.ja == "システム化計画"


def test_list_points_are_choices_the_user_ticks(library) -> None:
    def options(item_id: str) -> list[str]:
        return [o.id for o in library.item(item_id).options]

    assert {"gpu_sharing", "multi_model_serving", "model_optimisation", "nosql_cache", "horizontal_scaling"} <= set(options("system_planning.nfr.performance.improvements"))
    assert {"rollback", "shadow", "canary", "blue_green"} <= set(options("system_planning.nfr.deployment.strategies"))
    assert {"data_size", "missing_values", "brightness", "response_time", "ctr"} <= set(options("system_planning.nfr.monitoring.metrics"))
    assert {"input_data", "inference_results"} <= set(options("system_planning.nfr.monitoring.targets"))
    assert "human_labelling" in options("system_planning.nfr.monitoring.detection")
    assert options("system_planning.architecture.pattern") == ["batch_online_webapp", "batch_online_api", "batch_batch_db", "online_online"]
    assert options("system_planning.architecture.retraining")[:2] == ["automatic", "manual"]
    assert library.item("system_planning.nfr.monitoring.human_in_the_loop").kind == AnswerKind.CHECK


def test_the_structured_tables_have_the_typed_columns_the_services_read(library) -> None:
    def columns(item_id: str) -> dict[str, ColumnKind]:
        item = library.item(item_id)
        assert item.kind == AnswerKind.TABLE
        return {c.id: c.kind for c in item.columns}

    process = columns(sp.PROCESSES)
    assert list(process)[:3] == ["process", "input", "output"]
    for number in ("volume", "processing_time", "batch_size", "workers", "instances", "peak_factor", "latency_requirement", "batch_window"):
        assert process[number] == ColumnKind.NUMBER, number
    assert process["frequency"] == process["mode"] == process["time_basis"] == ColumnKind.CHOICE
    cost = columns(sp.COST_ITEMS)
    assert cost["phase"] == cost["category"] == cost["currency"] == ColumnKind.CHOICE
    assert cost["unit_price"] == cost["quantity"] == ColumnKind.NUMBER
    assert [o.id for o in library.item(sp.COST_ITEMS).columns[0].options] == ["initial", "running"]
    assert [o.id for o in library.item(sp.COST_ITEMS).columns[1].options] == ["infrastructure", "effort"]
    monitoring = columns(sp.MONITORING_PLAN)
    assert list(monitoring) == ["target", "metric", "threshold", "detection", "alert", "response", "human_in_the_loop"]
    assert monitoring["human_in_the_loop"] == ColumnKind.BOOL
    operations = library.item(sp.OPERATIONS_TASKS)
    assert [c.id for c in operations.columns][:3] == ["task", "frequency", "owner"]
    assert [o.id for o in operations.columns[2].options] == ["customer", "vendor", "us"]
    for item_id in (sp.RETRAINING_COST, sp.BUSINESS_VALUE):
        assert library.item(item_id).kind == AnswerKind.NUMBER


def test_data_sources_are_the_hearing_table_never_typed_twice(library) -> None:
    item = library.item(sp.DATA_SOURCES)
    assert item.linked_item == "hearing.prereq.data_sources"
    linked = library.item(item.linked_item)
    assert linked is not None and linked.kind == AnswerKind.TABLE
    assert item.kind == AnswerKind.TEXT  # only what production adds


def test_every_linked_item_points_at_an_existing_item(library) -> None:
    for checklist in library.checklists.values():
        for item in checklist.walk_items():
            if item.linked_item:
                assert library.item(item.linked_item) is not None, item.id


def test_the_shipped_instance_catalogue_loads_with_unique_priced_types(library) -> None:
    catalogue = sp.catalogue(library)
    assert catalogue.currency == "USD" and len(catalogue.instances) >= 10
    assert catalogue.find("G4DN.XLARGE").hourly_price > 0  # names match case-insensitively
    assert all(spec.hourly_price > 0 for spec in catalogue.instances)


def test_a_broken_catalogue_names_file_and_problem(tmp_path: Path) -> None:
    from app.core.errors import ContentError

    path = tmp_path / "instance_catalogue.yaml"
    path.write_text(
        "type: instance_catalogue\nid: cloud_instances\ntitle: {ja: x, en: x}\ncurrency: USD\n"
        "instances:\n  - {name: a, hourly_price: 1}\n  - {name: A, hourly_price: 2}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="instance_catalogue.yaml.*listed twice"):
        load_file(path)
    path.write_text("type: instance_catalogue\nid: cloud_instances\ntitle: {ja: x}\ncurrency: dollars\n", encoding="utf-8")
    with pytest.raises(ContentError, match="three-letter"):
        load_file(path)
    path.write_text("type: instance_catalogue\nid: cloud_instances\ntitle: {ja: x}\ninstances: [{name: a, hourly_price: -1}]\n", encoding="utf-8")
    with pytest.raises(ContentError, match="row 1, On-demand price"):  # as the catalogue dialog names it (fix36b)
        load_file(path)
    assert isinstance(load_file(Path(__file__).parent.parent / "checklists" / "instance_catalogue.yaml"), InstanceCatalogue)
