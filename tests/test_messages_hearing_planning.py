"""The hearing sheet, system planning, the workbook guard and content files speak the user's
language: refusals and previews read in Japanese and in English, items named by their label, and
the CLI prints them in the system language (ja in the suite) or with --lang en."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import AnswerValueError, ContentError, RefusedImportError, UnsafeWorkbookError, UserError
from app.core.files.xlsx_guard import check_xlsx
from app.hearing.answers import AnswerService
from app.hearing.sheet import COL, META, export_hearing_sheet
from app.hearing.sheet_import import read_plan
from app.main import main
from app.system_planning.instance_catalogue import validate
from app.system_planning.service import PROCESSES, build_plan
from tests.language_walk import ALLOWED_WORDS, WORD
from tests.test_hearing_sheet import fill, rows_by_id

EXPORTED_AT = "2026-12-21T12:00:00+00:00"  # 2026/12/21 in every time zone from UTC-12 to UTC+11


def sheet_of(workspace, demo, tmp_path: Path, lang: str = "ja") -> Path:
    """The demo project's hearing sheet, with a known export time."""
    path = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    meta = wb[META]
    row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "exported_at")
    meta.cell(row, 2).value = EXPORTED_AT
    wb.save(path)
    return path


def run(db_path: Path, capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(["--db", str(db_path), *argv])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


# --- the hearing sheet: the CLI's preview ---------------------------------------------------------


def test_the_dry_run_preview_reads_entirely_in_japanese_and_in_english(workspace, demo, db_path, tmp_path, capsys) -> None:
    sheet = sheet_of(workspace, demo, tmp_path)
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.prereq.users_ds", value=5)  # since the export
    filled = fill(sheet, tmp_path / "filled.xlsx", {
        "hearing.basics.accuracy_avc": {"answer": "購買率+2%"},
        "hearing.prereq.users_ds": {"answer": "７"},  # full-width: a number; and a conflict with the app's 5
    })
    args = ["import", "hearing-sheet", str(filled), "--project", str(demo.id), "--dry-run"]
    code, out, err = run(db_path, capsys, *args)
    assert (code, err) == (0, "")
    assert out == [
        f"{demo.name} のヒアリングシート(2026/12/21 に書き出し): 2 項目で 2 件の変更、競合 1 件",
        "  + AVC(Accuracy Value Curve): — → 購買率+2%(新規)",
        "  ! 利用者数(DS): 5 人 → 7 人(競合)",
        "競合: 書き出した後にアプリで変更された回答があります。アプリの値を残します(シートの値を使うには --prefer sheet、回答ごとに選ぶには --prefer-sheet 項目[:now|later] を付けてください)",
        "確認のみ(--dry-run): 何も変更していません",
    ]
    code, out, err = run(db_path, capsys, "--lang", "en", *args)
    assert (code, err) == (0, "")
    assert out == [
        f"hearing sheet for {demo.name} (exported 2026-12-21): 2 changes in 2 items, 1 conflict",
        "  + AVC (accuracy value curve): — → 購買率+2% (new)",
        "  ! Users: data scientists: 5 people → 7 people (conflict)",
        "conflicts: answers changed in the app since the export; keeping the app's values (use --prefer sheet to take the sheet's, --prefer-sheet ITEM[:now|later] for one answer)",
        "dry run: nothing changed",
    ]
    code, out, _ = run(db_path, capsys, "import", "hearing-sheet", str(filled), "--project", str(demo.id), "--prefer", "sheet")
    assert code == 0 and out[-2:] == ["競合: 書き出した後にアプリで変更された回答があります。シートの値を使います", "2 件の回答に変更を反映しました"]
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, "hearing.prereq.users_ds").value == 7


def test_a_formula_and_a_table_read_in_japanese_in_the_preview(workspace, demo, tmp_path) -> None:
    sheet = sheet_of(workspace, demo, tmp_path)
    wb = openpyxl.load_workbook(sheet)
    ws = wb.worksheets[0]
    cell = ws.cell(rows_by_id(ws)["hearing.basics.accuracy_avc"], COL["answer"])
    cell.value = "=1+1"
    wb["データの種類"].cell(row=5, column=2).value = "店舗写真"
    wb.save(tmp_path / "formula.xlsx")
    plan = read_plan(workspace, demo.id, tmp_path / "formula.xlsx")
    lines = plan.describe("ja")
    assert "+ AVC(Accuracy Value Curve): — → =1+1(数式)(新規)" in lines
    assert "    4行目を追加: 店舗写真" in lines
    assert lines[-1] == f"! 数式のセルが1個あり、数式の文字列のまま取り込みます(計算はしません): {ws.title}!{cell.coordinate}"


# --- the hearing sheet: refusals ------------------------------------------------------------------


def test_a_value_that_does_not_fit_is_refused_naming_the_cell_and_the_item_by_label(workspace, demo, tmp_path) -> None:
    sheet = sheet_of(workspace, demo, tmp_path)
    filled = fill(sheet, tmp_path / "bad.xlsx", {"hearing.prereq.users_ds": {"answer": "二人", "answer_later": "三人"}})
    ws = openpyxl.load_workbook(filled).worksheets[0]
    where = f"{ws.title}!{ws.cell(rows_by_id(ws)['hearing.prereq.users_ds'], COL['answer']).coordinate}"
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, demo.id, filled)
    assert caught.value.text("ja", workspace.library) == (
        f"bad.xlsx: {where}: 利用者数(DS): 「二人」は数値ではありません(ほかに 1 件)。何も取り込んでいません")
    assert caught.value.text("en", workspace.library) == (
        f"bad.xlsx: {where}: Users: data scientists: “二人” is not a number (and 1 more); nothing was imported")
    assert "hearing.prereq" not in caught.value.text("ja", workspace.library)


def test_a_sheet_of_another_project_is_refused_in_the_users_language_by_the_cli(workspace, demo, db_path, tmp_path, capsys) -> None:
    from app.core.projects import ProjectService

    sheet = sheet_of(workspace, demo, tmp_path)
    other = ProjectService(workspace.db).create("顧客B")
    code, out, err = run(db_path, capsys, "import", "hearing-sheet", str(sheet), "--project", str(other.id))
    assert (code, out) == (2, [])
    assert err == f"mlops-kickoff: エラー: hearing.xlsx はプロジェクト「{demo.name}」のシートで、「顧客B」のものではありません。何も取り込んでいません\n"
    code, out, err = run(db_path, capsys, "--lang", "en", "import", "hearing-sheet", str(sheet), "--project", str(other.id))
    assert err == f"mlops-kickoff: error: hearing.xlsx belongs to project “{demo.name}”, not “顧客B”; nothing was imported\n"


def test_a_workbook_that_is_not_a_hearing_sheet_and_a_changed_sheet_are_refused_in_both_languages(workspace, demo, tmp_path) -> None:
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, demo.id, other)
    assert caught.value.text("ja") == "other.xlsx は MLOps Kickoff が書き出したヒアリングシートではありません"
    assert caught.value.text("en") == "other.xlsx is not a hearing sheet exported by MLOps Kickoff"
    sheet = sheet_of(workspace, demo, tmp_path)
    wb = openpyxl.load_workbook(sheet)
    del wb["データの種類"]
    wb.save(tmp_path / "changed.xlsx")
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, demo.id, tmp_path / "changed.xlsx")
    assert caught.value.text("ja") == "changed.xlsx: シート「データの種類」がありません(シートの構成が変更されています)。何も取り込んでいません"


# --- answers, sessions ----------------------------------------------------------------------------


def test_answer_and_session_refusals_name_the_item_by_label(workspace, demo) -> None:
    from app.hearing.sessions import SessionService

    answers = AnswerService(workspace.db, workspace.library)
    with pytest.raises(UserError) as caught:
        answers.update(demo.id, "hearing.prereq.data_sources", value=[], status="answered")
    assert caught.value.text("ja", workspace.library) == (
        "データの種類: 表は行を追加して回答します。行を追加するか、該当するものがなければ「対象外」にしてください")
    with pytest.raises(UserError) as caught:
        answers.update(demo.id, "hearing.prereq.users_ds", status="done")
    assert caught.value.text("ja", workspace.library) == "利用者数(DS): 「done」は状態(未確認、回答済、対象外、要フォロー)のどれでもありません"
    assert caught.value.text("en", workspace.library) == (
        "Users: data scientists: “done” is not a status (Not asked, Answered, Not applicable, Needs follow-up)")
    with pytest.raises(UserError) as caught:
        SessionService(workspace.db).get(demo.id, 99)
    assert caught.value.text("ja") == "このプロジェクトにヒアリングセッション 99 はありません"
    assert caught.value.text("en") == "no hearing session 99 in this project"


# --- system planning ------------------------------------------------------------------------------


def test_a_system_planning_table_value_is_refused_by_the_item_and_column_label(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    with pytest.raises(AnswerValueError) as caught:
        answers.update(demo.id, PROCESSES, value=[{"process": "推論", "volume": "2M"}])
    assert caught.value.text("ja", workspace.library) == "処理ごとの想定データ量・処理時間・処理頻度 / データ量(1行目): 「2M」は数値ではありません"
    assert caught.value.text("en", workspace.library) == (
        "Processes: data volume, processing time, frequency / Data volume, row 1: “2M” is not a number")
    answers.update(demo.id, PROCESSES, value=[{"process": "推論", "volume": "２，０００"}])  # full-width digits
    assert answers.answer(demo.id, PROCESSES).value[0]["volume"] == 2000


def test_the_calculator_reads_full_width_digits_typed_on_the_page(library) -> None:
    plan = build_plan(library, {PROCESSES: [{"process": "推論", "mode": "batch", "volume": "１，０００", "processing_time": "０.５"}]})
    spec_flags = [f.kind for f in plan.processes[0].result.flags]
    assert "invalid" not in spec_flags


def test_an_instance_catalogue_row_is_named_by_the_dialogs_words(library) -> None:
    with pytest.raises(UserError) as caught:
        validate({"id": "cloud_instances", "title": {"ja": "x"}, "currency": "ドル",
                  "instances": [{"name": "a", "hourly_price": 1}]})
    assert caught.value.text("ja") == "インスタンスカタログ: 価格の通貨: 通貨「ドル」は USD や JPY のような 3 文字のコードではありません"
    with pytest.raises(UserError) as caught:
        validate({"id": "cloud_instances", "title": {"ja": "x"}, "instances": [{"name": "a", "hourly_price": "abc"}]})
    assert caught.value.text("ja") == "インスタンスカタログ: 1行目のオンデマンド単価: 数値ではありません"
    assert caught.value.text("en") == "instance catalogue: row 1, On-demand price: not a number"


# --- the workbook guard ---------------------------------------------------------------------------


def english_words(text: str, *names: str) -> list[str]:
    """Latin words left once the file's and the parts' names and the allowed names are taken out
    (and DOCTYPE, XML's own word, which the Japanese gives in parentheses after 文書型宣言)."""
    for name in names:
        text = text.replace(name, "")
    text = re.sub(r"[\w.\-]*/[\w./\-\[\]]*", "", text)  # a part of the archive: xl/worksheets/sheet1.xml
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED_WORDS | {"doctype"}]


def test_a_refused_workbook_reads_in_japanese_without_english(workspace, demo, tmp_path) -> None:
    from tests.test_bounded_imports import REFUSED

    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    for case, (build, _english) in REFUSED.items():
        path = build(sheet, tmp_path / f"{case}.xlsx")
        with pytest.raises(UnsafeWorkbookError) as caught:
            check_xlsx(path)
        ja = caught.value.text("ja")
        assert ja.startswith(f"{case}.xlsx: ") and ja.endswith("。何も取り込んでいません"), ja
        assert english_words(ja, path.name) == [], ja


def test_a_workbook_past_a_limit_says_by_how_much_in_both_languages(tmp_path) -> None:
    from tests.test_bounded_imports import lying_dimension

    src = tmp_path / "src.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(src)
    path = lying_dimension(src, tmp_path / "rows.xlsx")
    with pytest.raises(UnsafeWorkbookError) as caught:
        check_xlsx(path)
    text_ja, text_en = caught.value.text("ja"), caught.value.text("en")
    assert re.fullmatch(r"rows\.xlsx: シートの行数が[\d,]+以上あり、上限の50,000を超えています。何も取り込んでいません", text_ja), text_ja
    assert re.fullmatch(r"rows\.xlsx: the number of rows a sheet has is at least [\d,]+, over the limit of 50,000; nothing was imported",
                        text_en), text_en


# --- content files --------------------------------------------------------------------------------

BROKEN = """type: checklist
id: mine
version: 1
title: {ja: 私の, en: Mine}
sections:
  - id: mine.s
    title: {ja: 節, en: Section}
    items:
      - id: mine.q1
        label: {ja: 質問, en: Question}
        kind: choice
"""


def test_templates_validate_reports_a_broken_file_in_the_users_language(db_path, tmp_path, capsys) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    code, _, err = run(db_path, capsys, "templates", "validate", str(path))
    assert code == 2
    assert err == f"エラー  {path}: mine.q1: 種類(kind)が choice の項目には options が必要です\n"
    code, _, err = run(db_path, capsys, "--lang", "en", "templates", "validate", str(path))
    assert (code, err) == (2, f"error   {path}: mine.q1: kind choice needs options\n")


def test_a_content_problem_found_by_pydantic_reads_in_japanese(tmp_path) -> None:
    from app.core.content.loader import load_file

    path = tmp_path / "mine.yaml"
    path.write_text(BROKEN.replace("kind: choice", "kind: sometimes\n        colour: red"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_file(path)
    assert caught.value.text("ja") == f"{path}: mine.q1: kind: check、text、choice、multi、number、date、table のどれでもありません(ほかに 1 件の問題)"
    assert str(caught.value) == f"{path}: mine.q1: kind: not one of: check, text, choice, multi, number, date, table (and 1 more problem)"
    path.write_text(BROKEN.replace("version: 1", "version: 1\nschema: 2"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_file(path)
    assert caught.value.text("ja") == f"{path}: schema: schema 2 は読めません(このバージョンのアプリが読めるのは schema 1 です)(ほかに 1 件の問題)"
    assert str(caught.value) == f"{path}: schema: unknown schema 2; this version of the app reads schema 1 (and 1 more problem)"


# --- the names of the answer statuses: content, not code -------------------------------------------

OUR_STATUSES = """type: answer_statuses
id: answer_statuses
version: 2
statuses:
  not_asked: {ja: まだ, en: Not yet}
  answered: {ja: 済, en: Done}
  not_applicable: {ja: 不要, en: Not needed}
  follow_up: {ja: 次回確認, en: Ask again}
"""


def test_the_status_names_come_from_the_content_and_a_team_may_reword_them(workspace, demo, tmp_path) -> None:
    from app.core import paths
    from app.core.content.loader import load_library
    from app.core.workspace import Workspace
    from app.hearing import status_label
    from app.hearing.minutes import minutes_markdown

    assert (status_label("follow_up", "ja", workspace.library), status_label("follow_up", "en", workspace.library)) == (
        "要フォロー", "Needs follow-up")
    assert "状態: 要フォロー" in minutes_markdown(workspace, demo.id, 1, "ja")
    user = tmp_path / "user"
    user.mkdir()
    (user / "statuses.yaml").write_text(OUR_STATUSES, encoding="utf-8")
    ours = Workspace(workspace.db, load_library([paths.builtin_checklists_dir(), user]))
    minutes = minutes_markdown(ours, demo.id, 1, "ja")
    assert "状態: 次回確認" in minutes and "要フォロー" not in minutes
    assert "Status: Ask again" in minutes_markdown(ours, demo.id, 1, "en")


def test_a_status_file_that_misses_a_status_is_refused_in_japanese(tmp_path) -> None:
    from app.core.content.loader import load_file

    path = tmp_path / "statuses.yaml"
    path.write_text(OUR_STATUSES.replace("  follow_up: {ja: 次回確認, en: Ask again}\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_file(path)
    assert caught.value.text("ja") == f"{path}: statuses に follow_up がありません"


# --- the database -----------------------------------------------------------------------------------


def test_a_database_on_a_network_drive_is_said_in_the_users_language(db_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr("app.core.storage.db.filesystem_type", lambda path: "nfs")
    code, _, err = run(db_path, capsys, "projects", "list")
    assert code == 0
    assert err == (f"警告: データベース {db_path} はネットワークドライブ上にあるため、WAL を使いません。"
                   "ほかのマシンでは閉じておいてください。\n")
    code, _, err = run(db_path, capsys, "--lang", "en", "projects", "list")
    assert err == f"warning: The database {db_path} is on a network drive; WAL is off there, so keep it closed on other machines.\n"


def test_a_folder_given_as_the_database_is_refused_in_both_languages(tmp_path, capsys) -> None:
    code = main(["--db", str(tmp_path), "projects", "list"])
    assert (code, capsys.readouterr().err) == (2, f"mlops-kickoff: エラー: {tmp_path} はフォルダーです。データベースファイルを指定してください\n")
    code = main(["--db", str(tmp_path), "--lang", "en", "projects", "list"])
    assert (code, capsys.readouterr().err) == (2, f"mlops-kickoff: error: {tmp_path} is a folder, not a database file\n")
