"""Break-it 63c: fidelity to the source article, as a Japanese MLOps consultant who knows it would check the app.

The article is 【MLOps実践】機械学習システム開発における品質担保のための取り組み(PoCフェーズ編) (the seed). Every
check reads the content the way a user meets it: through the app's content loader (what the pages show), or
through its exports (proposal, hearing sheet, WBS workbook, wiki, experiment sheet, system-planning document),
on the Japanese demo and on a new empty project. The defects are strict xfails quoting the article line and
what the app says; the passing tests are the article's lists that held.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl

from app.core.projects import ProjectService
from app.environment.sheet import export_experiment_sheet
from app.environment.wiki_export import export_wiki
from app.hearing.sheet import export_hearing_sheet
from app.proposal.render import render_markdown
from app.proposal.service import proposal_view
from app.system_planning.plan_md import system_plan_markdown
from app.wbs import plan_tasks
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.generate import generate

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def labels(checklist) -> list[str]:
    return [item.label.ja for item in checklist.walk_items()]


def section(checklist, title_ja: str):
    return next(s for s in checklist.walk_sections() if s.title.ja == title_ja)


def in_order(seq: list[str], wanted: list[str]) -> bool:
    """``wanted`` appear in ``seq`` in this order (other entries may come between)."""
    positions = [seq.index(w) for w in wanted]
    return positions == sorted(positions)


def fresh_project(workspace, name: str = "空の案件") -> int:
    """`project new` in Japanese, then `wbs generate` on its empty hearing."""
    pid = ProjectService(workspace.db).create(name, lang="ja").id
    generate(workspace, pid)
    return pid


def wbs_rows(path: Path) -> list[dict]:
    sheet = openpyxl.load_workbook(path)["WBS"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if row[0]]


# ==========================================================================================================
# Held: the article's lists are there, in their sections and order, with the article's words
# ==========================================================================================================


def test_hearing_project_basics_are_the_articles_items_in_its_order(library) -> None:
    basics = section(library.checklist("hearing"), "1. PJ基本情報の確認")
    shown = [i.label.ja for i in basics.walk_items()]
    # 背景・課題 / 目的とゴール (KPI, 精度目標: MVA, AVC, 人の精度) / 作業内容と役割分担 / 成果物 / スケジュールとマイルストーン / 体制
    assert in_order(shown, ["背景・課題", "目的とゴール", "ビジネス視点でのKPI", "技術的視点でのKPI", "技術的KPIとビジネス的KPIの紐付け",
                            "精度目標", "MVA(Minimum Viable Accuracy)", "AVC(Accuracy Value Curve)", "人の精度",
                            "作業内容と役割分担", "成果物", "スケジュールとマイルストーン", "体制"])
    purpose = library.item("hearing.basics.purpose_goal").help.ja
    assert "「〇〇のために、××する」" in purpose and "フィジビリティのチェック" in purpose
    assert "フェルミ推定" in library.item("hearing.basics.kpi_fermi").help.ja
    assert "コード、モデルを顧客に提出するか" in library.item("hearing.basics.deliverables_handover").help.ja
    assert "チーム体制、ステークホルダー" in library.item("hearing.basics.team").help.ja


def test_hearing_prerequisites_are_asked_now_and_later_in_the_articles_order(library) -> None:
    prereq = section(library.checklist("hearing"), "前提確認(現時点/これから)")
    items = list(prereq.walk_items())
    assert in_order([i.label.ja for i in items], [
        "プロジェクト(モデル)の種類", "データの種類", "利用者数(DS)", "利用者数(SWE)", "利用者数(SRE)",
        "環境(オンプレ/クラウド)", "GPU利用予定有無", "インフラ費用見積もり", "プログラミング言語", "フレームワーク",
        "ソースリポジトリ", "外部サービス", "懸念事項", "倫理上の問題"])
    for item in items:  # 現時点 / これから: the item itself, or a 時期 column on each table row
        timing = next((c for c in item.columns if c.id == "timing"), None)
        assert item.now_later or (timing and [o.label.ja for o in timing.options] == ["現時点", "これから"]), item.id


def test_hearing_data_sources_have_every_column_the_article_lists(library) -> None:
    columns = [c.label.ja for c in library.item("hearing.prereq.data_sources").columns]
    for wanted in ["取得元", "カラム", "個人情報有無", "ライセンス", "データサイズ", "データ受領方法", "取得するまでにかかる時間",
                   "本番データとの違い(分布)", "本番データとの違い(取得条件)", "本番データとの違い(更新頻度)", "ラベリング有無"]:
        assert wanted in columns
    kinds = next(c for c in library.item("hearing.prereq.data_sources").columns if c.id == "kind")
    assert {"テーブルデータ", "画像", "テキスト"} <= {o.label.ja for o in kinds.options}
    external = library.item("hearing.prereq.external_services")
    version = next(c for c in external.columns if c.id == "version")
    assert [o.label.ja for o in version.options] == ["GA", "β", "α"]


def test_hearing_scope_levels_and_components_are_the_articles(library) -> None:
    hearing = library.checklist("hearing")
    scope = section(hearing, "スコープ確認(現時点/これから)")
    levels = {s.title.ja: [i for i in s.items if "scope" in i.tags] for s in scope.sections}
    assert list(levels) == ["レベル0: 手動プロセス", "レベル1: MLパイプラインの自動化", "レベル2: CI / CD パイプラインの自動化"]
    assert [i.label.ja for i in levels["レベル0: 手動プロセス"]] == [
        "データ基盤(収集, 蓄積, 加工)", "ラベリング", "データ分析環境", "実験管理", "学習基盤", "モデルレジストリ", "サービング"]
    assert [i.label.ja for i in levels["レベル1: MLパイプラインの自動化"]] == [
        "MLパイプライン", "メタデータ管理", "CD(MLパイプライン, サービング)", "特徴量ストア"]
    assert [i.label.ja for i in levels["レベル2: CI / CD パイプラインの自動化"]] == ["CI", "モニタリング(精度含む)"]
    for items in levels.values():
        for item in items:
            assert [o.label.ja for o in item.options] == ["現時点で対象", "これから対象", "対象外"]
    # The level-0 details the article lists under データ基盤 / ラベリング / データ分析環境 > 評価指標.
    assert in_order(labels(hearing), ["データ基盤(収集, 蓄積, 加工)", "前処理", "ラベリング", "ラベリングの質・一貫性", "データ分析環境",
                                      "評価指標: 定量評価と定性評価", "評価指標: オンライン検証とオフライン検証", "撤退ライン",
                                      "許容されるエラー(優先度)", "カテゴリごとの評価(優先度)", "実験管理"])
    assert "Scaling, Normalization, Standarization, Bucketing / Binning, 次元削減" in library.item("hearing.scope.preprocessing").help.ja


def test_the_hearing_sheet_carries_the_sections_and_now_later_columns(workspace, tmp_path) -> None:
    pid = ProjectService(workspace.db).create("空の案件", lang="ja").id
    out = export_hearing_sheet(workspace, pid, tmp_path / "hearing.xlsx", "ja")
    sheet = openpyxl.load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = [c for c in rows[0] if c]
    assert "回答" in header and "回答(これから)" in header
    headings = [r[1] for r in rows if r[0] is None and r[1]]
    assert headings == ["1. PJ基本情報の確認", "2. MLOps導入に向けた確認 › 前提確認(現時点/これから)",
                        "2. MLOps導入に向けた確認 › スコープ確認(現時点/これから) › レベル0: 手動プロセス",
                        "2. MLOps導入に向けた確認 › スコープ確認(現時点/これから) › レベル1: MLパイプラインの自動化",
                        "2. MLOps導入に向けた確認 › スコープ確認(現時点/これから) › レベル2: CI / CD パイプラインの自動化"]


def test_the_experiment_sheet_has_exactly_the_articles_three_sheets_and_columns(demo, workspace, tmp_path) -> None:
    out = export_experiment_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    heads = {ws.title: [c.value for c in ws[1] if c.value] for ws in book.worksheets if not ws.title.startswith("_")}
    assert heads == {
        "1. データセット(raw)管理": ["データセット正式名称", "①データセット名(raw)", "ライセンス", "ライセンス証跡URL", "データ数",
                                "取得日", "取得方法", "保存先", "担当者", "備考"],
        "2. データセット(加工後)管理": ["②データセット名(前処理後)", "保存先", "データ数", "①データセット名(raw)", "前処理スクリプト",
                                  "担当者", "備考"],
        "3. 実験結果管理": ["モデル名", "モデル保存先", "②Inputデータ", "学習スクリプト", "変更点サマリ", "評価スクリプト", "評価サマリ",
                        "顧客報告", "関連IssueNo", "担当者", "備考"],
    }


def test_the_wiki_has_the_articles_table_of_contents_0_to_7(workspace, tmp_path) -> None:
    pid = fresh_project(workspace)
    out = export_wiki(workspace, pid, tmp_path / "wiki", "ja")
    index = (out / "index.md").read_text(encoding="utf-8")
    titles = re.findall(r"^- \[(\d)\\\. ([^\]]+)\]", index, flags=re.M)
    assert titles == [("0", "プロジェクト概要"), ("1", "受領データの取り扱い"), ("2", "ドキュメント管理方針"), ("3", "チケット運用ルール"),
                      ("4", "ブランチ運用ルール"), ("5", "ディレクトリ構成"), ("6", "コーディング規約"), ("7", "会議運営、コミュニケーション")]
    tickets = next(out.glob("3-*.md")).read_text(encoding="utf-8")
    assert "完了条件" in tickets and "マイルストーン" in tickets and "タグ" in tickets
    coding = next(out.glob("6-*.md")).read_text(encoding="utf-8")
    for part in ["コミットルール", "README", "Python開発環境", "実験管理ルール"]:
        assert part in coding


def test_the_system_plan_document_has_the_articles_chapters_in_order(workspace) -> None:
    pid = ProjectService(workspace.db).create("空の案件", lang="ja").id
    text = system_plan_markdown(workspace, pid, "ja")
    chapters = re.findall(r"^## (\d+)\. (.+)$", text, flags=re.M)
    assert [c[1] for c in chapters] == ["要件概要", "データソース", "処理フロー、DFD", "アーキテクチャ構成", "機能一覧", "コスト見積もり",
                                        "非機能要件・基本設計", "成果物", "スケジュールとマイルストーン", "体制", "その他懸念事項"]
    for heading in ["User(利用者)", "User Need", "User Actions", "ML System Output", "ML System Learning", "再学習は自動か手動か",
                    "コスト見積もり(初期/ランニング × インフラ/開発工数)", "再学習の頻度", "費用対効果の算出", "可用性", "性能・拡張性",
                    "改善案", "運用作業一覧と役割分担", "監視", "デプロイ方式", "モジュール受け渡し方法", "本番環境への接続方法、申請",
                    "モデルの精度が下がる可能性のある要因"]:
        assert heading in text, heading
    deploy = {o.label.ja for o in next(i for i in library_items(workspace) if i.id.endswith("deployment.strategies")).options}
    assert {"ロールバック", "シャドーモードデプロイ", "カナリアデプロイ", "BlueGreenデプロイ(A/B)"} <= deploy


def library_items(workspace):
    return workspace.library.checklist("system_planning").walk_items()


def test_the_proposal_has_the_articles_contents_in_its_order(demo, workspace) -> None:
    text = render_markdown(proposal_view(workspace, demo.id, "ja"))
    titles = re.findall(r"^## \d+\. (.+)$", text, flags=re.M)
    assert in_order(titles, ["背景", "課題と対策案", "MLOps導入の目的", "(補足)MLOpsとは", "スケジュール概要", "工数感"])
    assert "MLプロジェクトを円滑に進めることを阻害する課題を解決することで、MLを社会実装するスピード・品質を向上させ" in text
    assert "データ前処理、モデル開発、デプロイ、運用などを含む機械学習のライフサイクルを管理する技術/知見" in text
    # 背景: the article's three quoted points
    assert "報告資料に載せる良い数字がローカル環境で取れた" in text and "サービス(価値)を安定的に提供していく" in text
    assert "困るのは後のフェーズ(構築・運用担当者)" in text


# The article's (想定される課題), word for word, with the task section that lists them.
ARTICLE_PROBLEMS = [
    (2, "ディレクトリ構成が直感的でない/PJ間で異なり、新規参画・引き継ぎのキャッチアップコストがかかった"),
    (2, "急遽実験回数を増やす/メンバーをアサインすることになったが、学習リソースが足りない(、既存メンバと同じ環境が作れない)"),
    (2, "後になって実験の詳細を聞かれたが、条件を辿ることができない。ノートブックを漁って探すしかない。(検索性が低い)"),
    (2, "スクリプト/ノートブックが量産されるが、実行方法が不明"),
    (2, "実験の経緯や考察が残されておらず、後から説明ができない"),
    (2, "実験結果の検索が比較検討がし辛い。他メンバーと実験結果や利用したリソースを共有し、コラボレーションすることが難しい。"),
    (3, "このモデルはどのデータで作ったかが分からないので(ローカルにしかなかったデータで今は消えてしまったので)、もう再現ができない"),
    (4, "後続フェーズになってから、PoC時の特定のモデルが再現できない"),
    (4, "Masterブランチのスクリプトが動かない"),
    (4, "最終的に使ってなさそうなスクリプトも大量にあり、どのスクリプトをどの順序で実行すれば良いか分からない"),
    (4, "モデルを再現するためにはソースだけでなくデータも必要だが、どこのどの断面のデータを使ったかが分からない"),
    (5, "いざ構築フェーズに入ってから、ランニングコストが想定より高いことが発覚した。逆にマシンスペックを下げれば、サービスの許容処理時間を上回ってしまう"),
    (5, "クラウドサービスのAPIを内部で一部利用しているが、スループット上限があり、性能要件を満たさなかった"),
]


def test_a_new_proposal_lists_every_problem_the_article_expects_under_its_task(workspace) -> None:
    from app.proposal.content import proposal_content

    pid = ProjectService(workspace.db).create("空の案件", lang="ja").id
    shown = {p.problem: p for p in proposal_view(workspace, pid, "ja").problems}
    library = proposal_content(workspace.library).library
    for task, sentence in ARTICLE_PROBLEMS:
        problem = next(p for p in library.problems if p.seed == sentence)
        assert shown[problem.problem.ja].task == task, sentence
    # and the DS vs SWE friction the proposal (task 0) exists to prevent
    assert any(p.task == 0 and "対立" in p.problem for p in shown.values())

def test_a_fresh_wbs_proposes_the_two_often_missed_kinds_with_priority_condition_and_output(workspace) -> None:
    pid = fresh_project(workspace)
    tasks = plan_tasks(workspace, pid)
    by_title = {t.title: t for t in tasks}
    # 計画から漏れがちなタスク: 整備したルール・ツール定着のためのタスク / メンバ追加・実験数増加(並列化)に伴うリソース拡張
    assert "実験規約の定着フォロー" in by_title and "メンバ追加・実験並列化に備えたリソース拡張" in by_title
    for task in tasks:
        assert task.priority and task.completion_condition and task.expected_output, task.outline
    assert {"ヒアリング実施", "WBS作成", "WBS・完了条件の顧客合意", "簡易性能テスト", "パイプラインのガワ作成", "ベースライン開発フォロー"} <= set(by_title)


def test_the_wbs_workbook_heads_the_glossarys_columns(demo, workspace, tmp_path) -> None:
    ja = openpyxl.load_workbook(export_wbs_xlsx(workspace, demo.id, tmp_path / "ja.xlsx", "ja"))["WBS"]
    en = openpyxl.load_workbook(export_wbs_xlsx(workspace, demo.id, tmp_path / "en.xlsx", "en"))["WBS"]
    ja_head = [c.value for c in ja[1]]
    en_head = [c.value for c in en[1]]
    assert {"優先度", "完了条件", "完成イメージ", "担当者"} <= set(ja_head)
    assert {"Priority", "Completion condition", "Expected output", "Owner"} <= set(en_head)


# ==========================================================================================================
# Defects
# ==========================================================================================================


def test_hearing_has_the_articles_other_tools_item(library) -> None:
    prereq = section(library.checklist("hearing"), "前提確認(現時点/これから)")
    names = [i.label.ja for i in prereq.walk_items()] + [s.title.ja for s in prereq.walk_sections()]
    assert any("ツール" in name for name in names)


def test_english_hearing_data_kinds_label_says_kinds_of_data(library) -> None:
    hearing_label = library.item("hearing.prereq.data_sources").label
    planning_label = library.item("system_planning.data.sources").label
    assert hearing_label.ja == "データの種類" and planning_label.ja == "データソース"
    assert hearing_label.en != planning_label.en
    assert "type" in hearing_label.en.lower() or "kind" in hearing_label.en.lower()


def test_english_per_category_item_says_evaluation(library) -> None:
    item = library.item("hearing.scope.per_category")
    assert item.label.ja == "カテゴリごとの評価(優先度)"
    assert "evaluat" in item.label.en.lower()


def test_system_plan_keeps_monitoring_and_deployment_in_operability_in_the_articles_order(workspace) -> None:
    pid = ProjectService(workspace.db).create("空の案件", lang="ja").id
    text = system_plan_markdown(workspace, pid, "ja")
    headings = re.findall(r"^#{3,4} (.+)$", text, flags=re.M)
    ops = headings.index("運用・保守性")
    after = headings[ops:]
    # 監視 and デプロイ belong to 運用・保守性, between its items as the article orders them.
    assert in_order(after, ["運用作業一覧と役割分担", "問い合わせ対応", "障害対応", "監視", "保守改修", "デプロイ", "データ分析", "A/Bテスト"])


def test_english_system_planning_help_has_no_japanese(library) -> None:
    for item in library.checklist("system_planning").walk_items():
        for text in (item.label.en, item.help.en if item.help else ""):
            assert not JAPANESE.search(text), (item.id, text)


def test_english_vendor_scope_both_says_maintenance(library) -> None:
    vendors = library.item("system_planning.organisation.vendors")
    scope = next(c for c in vendors.columns if c.id == "scope")
    both = next(o for o in scope.options if o.id == "both")
    assert both.label.ja == "構築と運用・保守"
    assert "maintenance" in both.label.en.lower()


def test_proposal_effort_tells_the_data_scientists_extra_effort(demo, workspace) -> None:
    view = proposal_view(workspace, demo.id, "ja")
    assert view.effort.source == "wbs"
    zero = [row.title for row in view.effort.rows if row.ds_work and not row.days.get("ds")]
    assert zero == []


def test_a_fresh_wbs_has_the_articles_ci_task(workspace) -> None:
    pid = fresh_project(workspace)
    view = proposal_view(workspace, pid, "ja")
    assert any(t.number == 4 for t in view.tasks)  # the proposal promises it
    assert any(t.phase == "ci" for t in plan_tasks(workspace, pid))
    ci_row = next(r for r in view.effort.rows if r.number == 4)
    assert ci_row.days.get("mlops")


def test_a_fresh_wbs_has_the_articles_four_experiment_environment_tasks(workspace) -> None:
    pid = fresh_project(workspace)
    titles = [t.title for t in plan_tasks(workspace, pid) if t.phase == "experiment"]
    assert any("実験規約" in t for t in titles)
    assert any("ベースライン" in t for t in titles)
    assert any("学習環境" in t for t in titles)
    assert any("実験管理" in t for t in titles)


def test_wbs_lists_the_experiment_environment_tasks_in_the_articles_order(demo, workspace) -> None:
    outline = {t.title: t.outline for t in plan_tasks(workspace, demo.id)}
    order = [outline["実験規約(wiki)作成"], outline["学習環境構築(Docker)"], outline["実験管理シート作成"], outline["ベースライン開発フォロー"]]

    def key(code: str) -> tuple[int, ...]:
        return tuple(int(p) for p in code.split("."))

    assert order == sorted(order, key=key)


def test_proposal_schedule_planning_ends_with_the_wbs_agreement(demo, workspace) -> None:
    view = proposal_view(workspace, demo.id, "ja")
    rows = {r.label: r for r in view.schedule.rows}
    planning = rows["1. 計画"]
    final = rows["◆ 最終報告"]
    assert planning.end is not None and final.start is not None
    assert planning.end < final.start


def test_wbs_origin_does_not_cite_the_article_as_seed(workspace, tmp_path) -> None:
    pid = fresh_project(workspace)
    rows = wbs_rows(export_wbs_xlsx(workspace, pid, tmp_path / "wbs.xlsx", "ja"))
    origins = [r["生成元(ヒアリング回答)"] or "" for r in rows]
    assert not [o for o in origins if "シード" in o]


def test_english_wbs_of_a_japanese_project_has_english_task_text(workspace, tmp_path) -> None:
    pid = fresh_project(workspace)
    rows = wbs_rows(export_wbs_xlsx(workspace, pid, tmp_path / "wbs.xlsx", "en"))
    assert rows
    left = [(r["WBS"], r["Task"]) for r in rows
            if JAPANESE.search(" ".join(str(r[c] or "") for c in ("Task", "Completion condition", "Expected output")))]
    assert left == []


def test_english_wiki_ticket_rules_of_a_japanese_project_are_english(workspace, tmp_path) -> None:
    pid = fresh_project(workspace)
    out = export_wiki(workspace, pid, tmp_path / "wiki", "en")
    page = next(out.glob("3-*.md")).read_text(encoding="utf-8")
    name = ProjectService(workspace.db).get(pid).name
    assert not JAPANESE.search(page.replace(name, ""))


def test_english_proposal_case_heading_says_background_and_problem(demo, workspace) -> None:
    ja = proposal_view(workspace, demo.id, "ja").labels["case_background"]
    en = proposal_view(workspace, demo.id, "en").labels["case_background"]
    assert ja == "本案件の背景・課題"
    assert "problem" in en.lower()
