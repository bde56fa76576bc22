"""``export system-plan``: the Markdown design document and the workbook, on the demo project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import openpyxl
import pytest

from app.core.content.model import AnswerKind
from app.core.files import markdown_text as md
from app.hearing.answers import AnswerService
from app.hearing.model import format_value, is_empty
from app.main import main
from app.system_planning import service as sp
from app.system_planning.plan_md import system_plan_markdown
from app.system_planning.plan_xlsx import export_xlsx

NASTY = "<script>alert(1)</script> *bold* | pipe"
FORMULA = "=HYPERLINK(\"http://evil\",\"x\")"


@pytest.fixture
def document(workspace, demo) -> str:
    return system_plan_markdown(workspace, demo.id, "ja", today=dt.date(2027, 1, 4))


def test_every_answer_and_every_section_is_in_the_document(workspace, demo, document) -> None:
    checklist = workspace.library.checklists["system_planning"]
    for section in checklist.walk_sections():
        assert md.inline(section.title.ja, start=False) in document, section.id
    answers = AnswerService(workspace.db, workspace.library).answers(demo.id)
    for item in checklist.walk_items():
        assert md.inline(item.label.ja, start=False) in document, item.id
        answer = answers.get(item.id)
        if answer and item.kind != AnswerKind.TABLE and not is_empty(answer.value):
            assert md.block(format_value(item, answer.value, "ja")) in document, item.id
        if answer and answer.note:
            assert md.block(answer.note).split("  \n")[0] in document, item.id
    assert "構築(設計・実装・テスト)" in document and "| 当社 | 構築 |" in document  # table rows


def test_the_document_shows_data_sources_from_the_hearing(document) -> None:
    assert "ヒアリング「データの種類」より" in document
    assert "| 商品画像 | 画像 | S3 |" in document  # typed once, in the hearing


def test_capacity_results_with_formulas_and_the_flag(document) -> None:
    assert "キャパシティとインフラ費用" in document
    assert "`U = ⌈V / b⌉` → `⌈500,000 / 32⌉ = 15,625`" in document
    assert "`H = n × D × 月間実行回数` → `1 × 8.68 h × 30.42 = 264.0456 h`" in document  # the figures as printed
    assert "`月額 = H × p` → `264.0456 h × 0.71 USD = 187.47 USD`" in document  # its words in Japanese
    assert "バッチウィンドウ4時間に収まりません(1回8.68時間。必要台数3台)" in document
    assert "`H = n × 730 h` → `2 × 730 h = 1,460 h`" in document  # the online API
    assert "キャパシティ計算のインフラ費用合計: 504.06 USD / 月" in document
    assert "| 17% (目標70%) |" in document  # the online API's utilisation at peak against its target
    assert "| g4dn.xlarge | ap-northeast-1 | 0.71 USD | 0.447 USD | 0.25 USD | 2025/01 |" in document  # the project's prices
    assert "- 料金: オンデマンド、リージョン 各マシンタイプの先頭のリージョン" in document


def test_cost_estimate_totals_and_cost_effectiveness(document) -> None:
    # Initial: 7,200,000 + 1,800,000 + 1,350 USD x 150 = 9,202,500 JPY.
    assert "| 初期 合計 | 9,202,500 JPY |" in document
    # Running: 13,500 (table) + 75,609 (calculator, 504.06 USD x 150) + 360,000 (effort) + 150,000 (retraining);
    # amounts counted in whole yen as shown, so the year is 12 of the month shown.
    assert "| ランニング 合計 |  | 599,109 JPY | 7,189,308 JPY |" in document
    assert "`599,109 JPY × 12 = 7,189,308 JPY`" in document
    assert "初期費用の回収期間: 3.83 か月" in document
    assert "| 1,350.00 USD | 202,500 JPY |" in document  # a row in dollars, converted


def test_open_items_list_follow_ups_unanswered_items_and_checks(document) -> None:
    open_part = document.split("## 未決事項", 1)[1]
    assert "### 要フォロー (4)" in open_part
    assert "顧客環境にMLflowがあるか確認する" in open_part
    assert "### 未回答の項目" in open_part and "障害対応" in open_part
    assert "### 計算と表のチェック" in open_part
    assert "(1行目): バッチウィンドウ4時間に収まりません" in open_part
    assert "5行目 未入力: 担当" in open_part


def test_user_text_stays_text_in_markdown(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = answers.answer(demo.id, sp.PROCESSES).value
    rows[0]["process"] = NASTY
    answers.update(demo.id, sp.PROCESSES, value=rows)
    answers.update(demo.id, "system_planning.concerns.brainstorm", value="# not a heading\n<img src=x onerror=alert(1)>")
    document = system_plan_markdown(workspace, demo.id, "en")
    assert "<script>" not in document and "<img" not in document
    html = markdown.markdown(document, extensions=["tables"])
    assert "<script>" not in html and "<img" not in html and "<h1>not a heading" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_english_document(workspace, demo) -> None:
    document = system_plan_markdown(workspace, demo.id, "en")
    assert document.startswith("# System planning: ")
    assert "## Open items" in document and "Misses the 4 h batch window" in document
    assert "| Initial total |" in document


def test_workbook_tables_are_typed_styled_and_safe(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = answers.answer(demo.id, sp.PROCESSES).value
    rows[1]["note"] = FORMULA
    answers.update(demo.id, sp.PROCESSES, value=rows)
    out = export_xlsx(workspace, demo.id, tmp_path / "plan.xlsx", "ja")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["システム化計画", "処理フロー", "連携先システム、インターフェイス、調整先"]
    assert {"コスト見積もり", "コスト集計", "監視計画", "運用作業一覧と役割分担", "使用する料金", "未決事項"} <= set(wb.sheetnames)

    flow = wb["処理フロー"]
    header = [c.value for c in flow[1]]
    assert header[:4] == ["行", "処理", "入力", "出力"] and "必要台数" in header and "計算式" in header
    assert flow[1][0].font.bold and flow[1][0].fill.fgColor.rgb.endswith("1F4E79")
    assert flow.freeze_panes == "C2" and flow.auto_filter.ref.startswith("A1:")
    first = {h: c.value for h, c in zip(header, flow[2], strict=False)}
    values = openpyxl.load_workbook(out, data_only=True)  # results are formulas: their cached values
    computed = {h: c.value for h, c in zip(header, values["処理フロー"][2], strict=False)}
    assert first["データ量 (件)"] == 500000 and first["処理時間"] == 2 and first["時間の単位"] == "秒"
    assert str(first["必要台数"]).startswith("=") and computed["必要台数"] == 3
    assert first["バッチウィンドウ (時間)"] == 4 and first["レイテンシ要件 (ミリ秒)"] is None
    assert computed["月額 (USD)"] == 187.47
    assert "バッチウィンドウ4時間に収まりません" in first["判定"]
    assert "⌈500,000 / 32⌉ = 15,625" in first["計算式"]
    note = flow.cell(row=3, column=header.index("備考") + 1)
    assert note.value == FORMULA and note.data_type == "s" and note.quotePrefix  # never a formula

    cost = wb["コスト見積もり"]
    cost_header = [c.value for c in cost[1]]
    dollars = {h: c.value for h, c in zip(cost_header, values["コスト見積もり"][4], strict=False)}
    assert dollars["通貨"] == "USD" and dollars["金額"] == 1350 and dollars["金額(JPY)"] == 202500

    summary = {row[0].value: row for row in values["コスト集計"].iter_rows(min_row=2) if row[0].value}
    assert summary["初期 合計"][1].value == pytest.approx(9_202_500)
    assert summary["ランニング 合計"][2].value == pytest.approx(599_109.5, abs=1)
    assert summary["ランニング 合計"][2].number_format == "#,##0"

    milestones = wb["スケジュールとマイルストーン"]
    assert isinstance(milestones["C2"].value, dt.datetime) and milestones["C2"].number_format == "yyyy/mm/dd"
    open_kinds = [row[0].value for row in wb["未決事項"].iter_rows(min_row=2)]
    assert open_kinds.count("要フォロー") == 4 and "計算と表のチェック" in open_kinds


def test_cli_writes_both_formats_and_refuses_others(workspace, demo, db_path: Path, tmp_path: Path, capsys) -> None:
    workspace.close()
    md_out, xlsx_out = tmp_path / "plan.md", tmp_path / "plan.xlsx"
    assert main(["--db", str(db_path), "export", "system-plan", "--project", str(demo.id), "--out", str(md_out), "--lang", "en"]) == 0
    assert md_out.read_text(encoding="utf-8").startswith("# System planning: ")
    assert main(["--db", str(db_path), "export", "system-plan", "--project", demo.name, "--out", str(xlsx_out)]) == 0
    assert openpyxl.load_workbook(xlsx_out).sheetnames[0] == "システム化計画"
    capsys.readouterr()
    assert main(["--db", str(db_path), "export", "system-plan", "--project", str(demo.id), "--out", str(tmp_path / "plan.pdf")]) == 2
    err = capsys.readouterr().err
    assert "「plan.pdf」" in err and ".md、.xlsx" in err
