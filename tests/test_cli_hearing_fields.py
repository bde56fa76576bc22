"""``hearing answer`` beyond the value: a table's rows cell by cell (``--row``, ``--add-rows``), the status by its
name, the note, who answered, the follow-up's owner, due date and done; ``hearing follow-ups``. Each is the item
editor's own operation (one history entry under the author); every bad input one line, exit 2, nothing changed."""

from __future__ import annotations

import json

import pytest

from app.hearing.answers import AnswerService
from app.hearing.model import AnswerStatus
from tests.test_cli_hearing import cli, digest, ok, one_line

SOURCES = "hearing.prereq.data_sources"  # データの種類: a table (データソース, 種類 a choice, 個人情報有無 a tick, …)
HUMAN = "hearing.basics.accuracy_human"  # 人の精度: 要フォロー in the demo
AVC = "hearing.basics.accuracy_avc"  # AVC(Accuracy Value Curve): a text, not answered in the demo


def answer_of(workspace, demo, item: str):
    return AnswerService(workspace.db, workspace.library).answer(demo.id, item)


def test_rows_typed_cell_by_cell_by_japanese_and_english_column_labels_replace_the_table(demo, db_path, workspace) -> None:
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "データの種類",
                  "--row", "データソース=商品マスタ", "種類=テーブルデータ", "個人情報有無=はい", "ラベリング有無=一部", "取得元=ＢＱ",
                  "--row", "データソース=レビュー本文", "種類=テキスト", "備考=a=b は等号を含む"))  # fmt: skip
    assert said.strip() == "データの種類: 「2行」を保存しました(要フォロー)"
    rows = answer_of(workspace, demo, SOURCES).value
    assert rows == [
        {"name": "商品マスタ", "kind": "table", "personal_info": True, "labelled": "partial", "origin": "ＢＱ"},
        {"name": "レビュー本文", "kind": "text", "note": "a=b は等号を含む"},
    ]
    history = AnswerService(workspace.db, workspace.library).history(demo.id, SOURCES)
    assert (history[-1].author, history[-1].source) == ("山田 太郎", "cli")

    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "kinds of data", "--add-rows",
                  "--row", "data source=Click log", "kind=Table", "personal information=no", lang="en"))  # fmt: skip
    assert said.strip() == "Kinds of data: saved “3 rows” (Needs follow-up)"
    assert answer_of(workspace, demo, SOURCES).value[2] == {"name": "Click log", "kind": "table", "personal_info": False}
    assert answer_of(workspace, demo, SOURCES).value[:2] == rows  # added after, never over


@pytest.mark.parametrize(("args", "said"), [
    (("--item", "データの種類", "--row", "データ=x"), "データの種類: 「データ」という列は表にありません。列は データソース、種類、"),
    (("--item", "データの種類", "--row", "データソース=x", "--row", "種類=魚"), "データの種類 / 種類(2行目): 「魚」は選択肢"),
    (("--item", "データの種類", "--row", "データソース"), "データの種類: 1行目: 「データソース」は 列=値 の形ではありません(例: --row \"データソース=…\")"),
    (("--item", "データの種類", "--row", "データソース=a", "データソース=b"), "データの種類: 1行目で列「データソース」が2回指定されています"),
    (("--item", "データの種類", "--row", "データソース=a", "--value", ""), "データの種類: 表の行は --row で指定するか --value \"\" で消去"),
    (("--item", "データの種類", "--value", "商品画像"), "データの種類: 表の行は1行に1つの --row でセルごとに指定します(--row \"データソース=…\")"),
    (("--item", "人の精度", "--row", "a=b"), "人の精度 は表ではありません"),
    (("--item", "人の精度", "--status", "ｙｅｓ"), "--status: 「ｙｅｓ」は回答の状態ではありません。未確認、回答済、対象外、要フォロー のいずれか"),
    (("--item", "人の精度", "--follow-up-due", "来週"), "人の精度: フォローアップの期限「来週」は日付ではありません"),
    (("--item", "人の精度", "--follow-up-owner", "x" * 201), "人の精度(フォローアップの担当者)"),
    (("--item", "人の精度",), "変更する内容がありません。--value、--row、--status"),
])  # fmt: skip
def test_a_bad_row_status_or_field_is_one_japanese_line_naming_the_item_by_label_nothing_changed(demo, db_path, args, said) -> None:
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), *args)
    assert result.returncode == 2 and not result.stdout
    assert said in one_line(result.stderr, "ja")
    assert "hearing." not in result.stderr  # never the item's id
    assert digest(db_path) == before


def test_answered_on_a_table_whose_rows_were_cleared_is_refused_by_the_core_in_japanese(demo, db_path, workspace) -> None:
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", SOURCES, "--value", ""))
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", SOURCES, "--status", "回答済")
    assert result.returncode == 2 and "データの種類" in one_line(result.stderr, "ja") and digest(db_path) == before


def test_status_note_answered_by_and_follow_up_in_one_step_by_names_in_either_language(demo, db_path, workspace) -> None:
    service = AnswerService(workspace.db, workspace.library)
    entries = len(service.history(demo.id, AVC))
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "AVC(Accuracy Value Curve)",
                  "--status", "要フォロー", "--note", "次回までに\n曲線の案", "--answered-by", "鈴木(顧客)",
                  "--follow-up-owner", "  佐藤   花子 ", "--follow-up-due", "２０２６/１２/２０"))  # fmt: skip
    assert said.strip() == "AVC(Accuracy Value Curve): 状態、メモ、回答者、フォローアップの担当者、フォローアップの期限を保存しました(要フォロー)"
    answer = service.answer(demo.id, AVC)
    assert (answer.status, answer.note, answer.answered_by) == (AnswerStatus.FOLLOW_UP, "次回までに\n曲線の案", "鈴木(顧客)")
    assert (answer.followup_owner, str(answer.followup_due), answer.followup_done) == ("佐藤 花子", "2026-12-20", False)
    assert len(service.history(demo.id, AVC)) == entries + 1  # one step, as the item editor's

    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--status", "needs FOLLOW-UP", "--follow-up-done",
           lang="en"))  # fmt: skip
    assert service.answer(demo.id, AVC).followup_done
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--follow-up-open", "--note", "", lang="en"))
    assert said.strip() == "AVC (accuracy value curve): saved the note, whether the follow-up is done (Needs follow-up)"
    answer = service.answer(demo.id, AVC)
    assert (answer.followup_done, answer.note) == (False, "")
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--status", "not_applicable"))
    assert service.answer(demo.id, AVC).status == AnswerStatus.NOT_APPLICABLE and "(対象外)" in said


def test_follow_ups_list_open_ones_by_owner_and_due_then_the_done_ones(demo, db_path) -> None:
    project = str(demo.id)
    ok(cli(db_path, "hearing", "answer", "--project", project, "--item", HUMAN, "--follow-up-owner", "山田 太郎", "--follow-up-due", "2026/12/24"))
    ok(cli(db_path, "hearing", "answer", "--project", project, "--item", AVC, "--status", "要フォロー", "--note", "曲線の案",
           "--follow-up-owner", "山田 太郎", "--follow-up-due", "2026/12/20"))  # fmt: skip
    lines = ok(cli(db_path, "hearing", "follow-ups", "--project", project)).splitlines()
    assert lines[0] == "山田 太郎\t2026/12/20\tAVC(Accuracy Value Curve)\t曲線の案"
    assert lines[1] == "山田 太郎\t2026/12/24\t人の精度"
    assert all(line.startswith("-\t-\t") for line in lines[2:])  # no owner: after those with one
    ok(cli(db_path, "hearing", "answer", "--project", project, "--item", AVC, "--follow-up-done"))
    data = json.loads(ok(cli(db_path, "hearing", "follow-ups", "--project", project, "--json")))
    assert data[-1] == {"id": AVC, "checklist": "hearing", "label": "AVC(Accuracy Value Curve)", "owner": "山田 太郎", "due": "2026-12-20", "done": True, "note": "曲線の案"}
    assert ok(cli(db_path, "hearing", "follow-ups", "--project", project)).splitlines()[-1].endswith("\t(完了)")
    listed = {r["id"]: r for r in json.loads(ok(cli(db_path, "hearing", "list", "--project", project, "--json")))}
    assert (listed[AVC]["follow_up_owner"], listed[AVC]["follow_up_due"], listed[AVC]["follow_up_done"]) == ("山田 太郎", "2026-12-20", True)


def test_the_window_shows_rows_and_the_follow_up_set_on_the_command_line(qtbot, demo, db_path) -> None:
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", SOURCES, "--row", "データソース=コマンドの表", "種類=画像"))
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", HUMAN, "--follow-up-owner", "佐藤 花子"))
    from PySide6.QtWidgets import QLineEdit

    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        assert page.select_item(SOURCES)
        qtbot.waitUntil(lambda: page.editor.item_id == SOURCES)
        model = page.editor.editors["value"].model
        assert model.rowCount() >= 1
        assert (model.index(0, 0).data(), model.index(0, 1).data()) == ("コマンドの表", "画像")
        assert page.select_item(HUMAN)
        qtbot.waitUntil(lambda: page.editor.item_id == HUMAN)
        owner = window.findChild(QLineEdit, "followupOwner")
        assert owner is not None and owner.isVisible() and owner.text() == "佐藤 花子"
    finally:
        close_window(window)


def test_an_open_follow_up_past_its_due_date_is_marked_overdue_as_the_list_marks_it(demo, db_path) -> None:
    project = str(demo.id)
    ok(cli(db_path, "hearing", "answer", "--project", project, "--item", HUMAN, "--follow-up-owner", "山田", "--follow-up-due", "2020/01/06"))
    assert ok(cli(db_path, "hearing", "follow-ups", "--project", project)).splitlines()[0] == "山田\t2020/01/06(期限超過)\t人の精度"
    ok(cli(db_path, "hearing", "answer", "--project", project, "--item", HUMAN, "--follow-up-done"))
    assert "\t2020/01/06\t人の精度\t\t(完了)" in ok(cli(db_path, "hearing", "follow-ups", "--project", project))
