"""The hearing checklist covers the seed's hearing list item by item, in Japanese and English."""

from __future__ import annotations

from app.core.content.model import AnswerKind

# Every point of the seed's "ヒアリング事項" (1. PJ基本情報の確認, 2. MLOps導入に向けた確認),
# as it is written there.
SEED_POINTS = [
    "背景・課題", "プロジェクト発足の経緯", "目的とゴール", "〇〇のために、××する", "フィジビリティのチェック",
    "デプロイする価値があるかの確認", "ビジネス視点でのKPI", "技術的視点でのKPI", "フェルミ推定", "精度目標",
    "MVA(Minimum Viable Accuracy)", "AVC(Accuracy Value Curve)", "人の精度", "作業内容と役割分担", "成果物",
    "コード、モデルを顧客に提出するか", "アウトプットイメージ", "スケジュールとマイルストーン", "要件定義",
    "モデル開発・精度検証・最終報告", "システム化計画・構築フェーズ提案", "設計、構築、テスト、リリース", "体制",
    "チーム体制、ステークホルダー",
    "プロジェクト(モデル)の種類", "需要予測", "類似画像検索", "ブレストで洗い出し", "ベースライン(シンプルで解釈容易なもの)",
    "データソースごとに整理する", "テーブルデータ", "画像", "テキスト", "BQ、S3", "カラム", "個人情報有無", "ライセンス",
    "データサイズ", "データ受領方法", "取得するまでにかかる時間", "本番データとの違い", "分布", "取得条件", "更新頻度",
    "ラベリング有無", "利用者数(DS)", "利用者数(SWE)", "利用者数(SRE)", "オンプレのみ / AWS / GCP / Azure", "GPU利用予定有無",
    "インフラ費用見積もり", "プログラミング言語", "推論部分はGo", "フレームワーク", "Tensorflow / PyTorch",
    "ソースリポジトリ", "外部サービス", "GAかβかαか", "リミット、対応リージョン", "懸念事項", "ブレストで洗い出す",
    "倫理上の問題", "Bias、平等性",
    "データ基盤(収集, 蓄積, 加工)", "前処理", "Scaling, Normalization, Standarization, Bucketing / Binning, 次元削減",
    "Development Data(Training, Validation), Test Data", "ラベリング", "質、一貫性の担保をどうするか", "データ分析環境",
    "定量評価と定性評価", "オンライン検証とオフライン検証", "撤退ライン", "許容されるエラー(優先度)",
    "カテゴリごとにも上記を検討(優先度)", "実験管理", "学習基盤", "モデルレジストリ", "サービング",
    "レベル0: 手動プロセス", "レベル1: MLパイプラインの自動化", "MLパイプライン", "メタデータ管理",
    "CD(MLパイプライン, サービング)", "特徴量ストア", "レベル2: CI / CD パイプラインの自動化", "CI", "モニタリング(精度含む)",
    "現時点/これから",
]


def all_japanese_text(checklist) -> str:
    parts = [checklist.title.ja]
    for section in checklist.walk_sections():
        parts += [section.title.ja, section.help.ja if section.help else ""]
    for item in checklist.walk_items():
        parts += [item.label.ja, item.help.ja if item.help else ""]
        parts += [o.label.ja for o in item.options]
        parts += [c.label.ja for c in item.columns] + [c.help.ja for c in item.columns if c.help]
        parts += [o.label.ja for c in item.columns for o in c.options]
    return "\n".join(parts)


def test_every_point_of_the_seed_hearing_list_is_in_the_checklist(library) -> None:
    text = all_japanese_text(library.checklists["hearing"])
    missing = [point for point in SEED_POINTS if point not in text]
    assert missing == []


def test_every_item_has_english_too(library) -> None:
    for item in library.checklists["hearing"].walk_items():
        assert item.label.en, item.id
        if item.help and item.help.ja:
            assert item.help.en, item.id


def test_scope_components_by_level_are_now_later_out_choices(library) -> None:
    hearing = library.checklists["hearing"]
    scope = [i for i in hearing.walk_items() if "scope" in i.tags]
    levels = {level: [i.id.rsplit(".", 1)[1] for i in scope if level in i.tags] for level in ("level0", "level1", "level2")}
    assert levels == {
        "level0": ["data_platform", "labelling", "analysis_env", "experiment_mgmt", "training_platform", "model_registry", "serving"],
        "level1": ["ml_pipeline", "metadata", "cd", "feature_store"],
        "level2": ["ci", "monitoring"],
    }
    for item in scope:
        assert item.kind == AnswerKind.CHOICE and [o.id for o in item.options] == ["now", "later", "out"]


def test_prerequisites_are_asked_now_and_later(library) -> None:
    hearing = library.checklists["hearing"]
    prereq = [i for i in hearing.walk_items() if i.id.startswith("hearing.prereq.")]
    asked_both = {i.id for i in prereq if i.now_later}
    assert {"hearing.prereq.model_type", "hearing.prereq.env_platform", "hearing.prereq.env_gpu",
            "hearing.prereq.languages", "hearing.prereq.frameworks", "hearing.prereq.concerns"} <= asked_both
    sources = library.item("hearing.prereq.data_sources")
    assert [c.id for c in sources.columns] == [
        "name", "kind", "origin", "columns", "personal_info", "license", "size", "receipt", "lead_time",
        "diff_distribution", "diff_conditions", "diff_update_frequency", "labelled", "timing", "note",
    ]


def test_every_answer_kind_is_used(library) -> None:
    kinds = {i.kind for i in library.checklists["hearing"].walk_items()}
    assert kinds == set(AnswerKind)
