"""The experiment-management sheet: the seed's columns, prefilled raw datasets, formatting, text stays text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.environment.sheet import export_experiment_sheet
from app.hearing.answers import AnswerService
from app.main import main

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "000_ec40d090bbd77b43.txt"
SEED_COLUMNS = {  # as the seed lists them (2. 実験環境構築 > 実験管理シート作成 > 管理項目)
    "1. データセット(raw)管理": "データセット正式名称,①データセット名(raw),ライセンス,ライセンス証跡URL,データ数,取得日,取得方法,保存先,担当者,備考",
    "2. データセット(加工後)管理": "②データセット名(前処理後),保存先,データ数,①データセット名(raw),前処理スクリプト,担当者,備考",
    "3. 実験結果管理": "モデル名,モデル保存先,②Inputデータ,学習スクリプト,変更点サマリ,評価スクリプト,評価サマリ,顧客報告,関連IssueNo,担当者,備考",
}


def seed_columns() -> dict[str, list[str]]:
    """The column lists straight from the seed article when it is at hand, else the copy above."""
    if SEED.is_file():
        text = SEED.read_text(encoding="utf-8")
        found = {}
        for title in SEED_COLUMNS:
            match = re.search(re.escape(title.split(". ", 1)[1]) + r"\s*\n\s*•?\s*([^\n]+)", text)
            assert match, title
            found[title] = match.group(1).strip().split(",")
        return found
    return {title: line.split(",") for title, line in SEED_COLUMNS.items()}


def headers(sheet) -> list[str]:
    return [c.value for c in sheet[1] if c.value is not None]


@pytest.fixture
def sheet_ja(workspace, demo, tmp_path: Path):
    return load_workbook(export_experiment_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja"))


def test_three_sheets_with_exactly_the_seeds_columns(sheet_ja) -> None:
    expected = seed_columns()
    assert sheet_ja.sheetnames == list(expected)
    for title, columns in expected.items():
        assert headers(sheet_ja[title]) == columns, title


def test_english_headers_when_asked(workspace, demo, tmp_path: Path) -> None:
    book = load_workbook(export_experiment_sheet(workspace, demo.id, tmp_path / "en.xlsx", "en"))
    assert book.sheetnames == ["1. Raw datasets", "2. Processed datasets", "3. Experiment results"]
    assert headers(book["1. Raw datasets"])[:3] == ["Dataset formal name", "(1) Dataset name (raw)", "Licence"]
    assert [len(headers(s)) for s in book] == [10, 7, 11]


def test_raw_datasets_are_prefilled_from_the_hearing(sheet_ja) -> None:
    raw = sheet_ja["1. データセット(raw)管理"]
    rows = [[c.value for c in row] for row in raw.iter_rows(min_row=2, max_row=4)]
    assert [r[0] for r in rows] == ["商品画像", "商品マスタ", "閲覧・購買ログ"]
    assert [r[1] for r in rows] == ["product_images", "product_master", "browse_logs"]
    assert rows[0][2] == "自社撮影(利用可)" and rows[0][6] == "S3バケットの共有"
    assert rows[0][7] == "s3://sample-retail-similar-image-poc/raw/product_images/"
    assert [r[8] for r in rows] == ["山田", "鈴木", "鈴木"]
    assert "個人情報を含む" in rows[2][9] and "データサイズ: 約50万枚 / 120GB" in rows[0][9]
    assert raw.cell(row=5, column=1).value is None


def test_formatting_like_a_hand_made_sheet(sheet_ja) -> None:
    raw = sheet_ja["1. データセット(raw)管理"]
    header = raw["A1"]
    assert header.font.bold and header.fill.fgColor.rgb.endswith("305496")
    assert raw.freeze_panes == "B2" and raw.auto_filter.ref == "A1:J301"
    assert raw.column_dimensions["A"].width == 28  # as the content file says
    longest_path = max(len(c.value or "") for c in raw["H"][1:4])
    assert raw.column_dimensions["H"].width >= longest_path  # widened so the prefilled paths show whole
    assert raw["F2"].number_format == "yyyy/mm/dd"  # 取得日 is a date column, shown as Japanese writes dates
    lists = {str(dv.sqref): dv.formula1 for dv in raw.data_validations.dataValidation if dv.type == "list"}
    assert "山田" in lists["I2:I301"] and "鈴木" in lists["I2:I301"]  # 担当者 from the team
    assert "ストレージ共有" in lists["G2:G301"]  # 取得方法
    processed = sheet_ja["2. データセット(加工後)管理"]
    refs = {str(dv.sqref): dv.formula1 for dv in processed.data_validations.dataValidation}
    assert refs["D2:D301"] == "'1. データセット(raw)管理'!$B$2:$B$301"  # ① names of the raw sheet
    results = sheet_ja["3. 実験結果管理"]
    refs = {str(dv.sqref): dv.formula1 for dv in results.data_validations.dataValidation}
    assert refs["C2:C301"] == "'2. データセット(加工後)管理'!$A$2:$A$301"
    assert "中間報告" in refs["H2:H301"]
    assert results.page_setup.orientation == "landscape" and results.print_title_rows == "$1:$1"


@pytest.mark.parametrize("hostile", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A3)"])
def test_text_typed_by_a_user_never_becomes_a_formula(workspace, demo, tmp_path: Path, hostile: str) -> None:
    rows = [{"name": hostile, "license": hostile, "receipt": hostile, "note": hostile}]
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.prereq.data_sources", value=rows)
    book = load_workbook(export_experiment_sheet(workspace, demo.id, tmp_path / "x.xlsx", "ja"))
    raw = book["1. データセット(raw)管理"]
    for column in ("A", "C", "G"):
        cell = raw[f"{column}2"]
        assert cell.value == hostile and cell.data_type == "s" and cell.quotePrefix, column


def test_export_from_the_command_line_and_a_wrong_suffix(db_path: Path, tmp_path: Path, capsys) -> None:
    main(["--db", str(db_path), "demo", "--lang", "ja"])
    project_id = capsys.readouterr().out.split()[-1]
    out = tmp_path / "実験管理.xlsx"
    assert main(["--db", str(db_path), "export", "experiment-sheet", "--project", project_id, "--out", str(out), "--lang", "en"]) == 0
    assert load_workbook(out).sheetnames[0] == "1. Raw datasets"
    assert main(["--db", str(db_path), "export", "experiment-sheet", "--project", project_id, "--out", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx" in capsys.readouterr().err
