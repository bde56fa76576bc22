"""The hearing on the command line (``hearing list|answer|confirm``, ``hearing sessions list|add|edit|end``): run as a
user types it, in Japanese and English; each change is the window's own operation, recorded as the window's are
(the answer history's author, shown in the window), and every bad input is one line, exit 2, nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.hearing.answers import AnswerService
from app.hearing.model import AnswerStatus, HypothesisState
from app.hearing.sessions import SessionService

DS = "hearing.prereq.users_ds"  # 利用者数(DS): a number, asked now / later
AVC = "hearing.basics.accuracy_avc"  # AVC(Accuracy Value Curve): a text, not answered in the demo


def cli(db_path: Path, *args: str, lang: str = "ja", author: str = "山田 太郎") -> subprocess.CompletedProcess[str]:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "MLOPS_KICKOFF_AUTHOR": author}
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "--lang", lang, *args], capture_output=True, text=True,
                          env=env, timeout=120)  # fmt: skip


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0 and not result.stderr, result.stdout + result.stderr
    return result.stdout


def one_line(stderr: str, lang: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    japanese = any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in lines[0])
    assert lines[0].startswith("mlops-kickoff: エラー: " if lang == "ja" else "mlops-kickoff: error: "), lines[0][:200]
    assert japanese == (lang == "ja") or lang == "en", lines[0][:200]
    return lines[0]


def digest(path: Path) -> str:
    """What the database holds (its write-ahead log too: a later process may fold a committed write into the file)."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


# --- reading ---------------------------------------------------------------------------------------------


def test_list_shows_every_item_in_order_with_its_label_status_and_answer_in_each_language(demo, db_path, workspace) -> None:
    ja = ok(cli(db_path, "hearing", "list", "--project", str(demo.id))).splitlines()
    en = ok(cli(db_path, "hearing", "list", "--project", str(demo.id), lang="en")).splitlines()
    from app.hearing.checklist import hearing_checklist, walk

    refs = walk(hearing_checklist(workspace.library))
    assert len(ja) == len(en) == len(refs)
    assert [line.split("\t")[0] for line in ja] == [r.item.label.ja for r in refs]
    assert [line.split("\t")[0] for line in en] == [r.item.label.en for r in refs]
    ds = ja[[r.item.id for r in refs].index(DS)]
    assert ds == "利用者数(DS)\t回答済\t現時点: 2 人 / これから: 4 人"
    assert en[[r.item.id for r in refs].index(DS)] == "Users: data scientists\tAnswered\tnow: 2 people / later: 4 people"
    assert ja[[r.item.id for r in refs].index(AVC)] == "AVC(Accuracy Value Curve)\t未確認"

    rows = json.loads(ok(cli(db_path, "hearing", "list", "--project", str(demo.id), "--json", lang="en")))
    assert [r["id"] for r in rows] == [r.item.id for r in refs]
    ds_row = next(r for r in rows if r["id"] == DS)
    assert ds_row | {"note": ""} == {"id": DS, "label": "Users: data scientists", "kind": "number", "now_later": True, "status": "answered",
                                     "hypothesis": "none", "value": 2, "later": 4, "note": "", "answered_by": ds_row["answered_by"],
                                     "follow_up_owner": "", "follow_up_due": None, "follow_up_done": False,
                                     "updated_at": ds_row["updated_at"]}
    assert ds_row["updated_at"].startswith("20")


# --- answering -------------------------------------------------------------------------------------------


def test_an_answer_by_its_full_width_label_is_the_windows_edit_recorded_under_the_author(demo, db_path, workspace) -> None:
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "利用者数（ＤＳ）", "--value", "３"))
    assert said.strip() == "利用者数(DS): 「3 人」を保存しました(回答済)"
    service = AnswerService(workspace.db, workspace.library)
    answer = service.answer(demo.id, DS)
    assert (answer.value, answer.later, answer.status) == (3, 4, AnswerStatus.ANSWERED)
    last = service.history(demo.id, DS)[-1]
    assert (last.value, last.author, last.source) == (3, "山田 太郎", "cli")

    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "users: data scientists", "--value", "6",
                  "--later", lang="en"))  # fmt: skip
    assert said.strip() == "Users: data scientists (later): saved “6 people” (Answered)"
    assert service.answer(demo.id, DS).later == 6

    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", DS, "--value", "6", "--later"))
    assert "何も変更していません" in said and len(service.history(demo.id, DS)) == 3  # the same value again: no change, no history


def test_a_choice_by_its_label_a_date_as_typed_and_an_empty_value_that_clears(demo, db_path, workspace) -> None:
    service = AnswerService(workspace.db, workspace.library)
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "GPU利用予定有無", "--value", "未定"))
    assert service.answer(demo.id, "hearing.prereq.env_gpu").value == "undecided"
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "環境（オンプレ／クラウド）", "--value", "GCP、AWS"))
    assert service.answer(demo.id, "hearing.prereq.env_platform").value == ["aws", "gcp"]
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "PoC start date", "--value", "2026年12月1日", lang="en"))
    assert service.answer(demo.id, "hearing.basics.poc_start").value == "2026-12-01"
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "懸念事項", "--value", ""))
    assert said.strip() == "懸念事項: 消去しました(回答済)" and service.answer(demo.id, "hearing.prereq.concerns").value == ""
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "体制", "--value", ""))  # a table: "" clears its rows
    assert service.answer(demo.id, "hearing.basics.team").value == [] and "体制" in said


def test_a_hypothesis_then_its_confirmation(demo, db_path, workspace) -> None:
    service = AnswerService(workspace.db, workspace.library)
    said = ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--value", "0.7で価値", "--hypothesis"))
    assert said.strip() == "AVC(Accuracy Value Curve): 仮説「0.7で価値」を保存しました(会議で確認します)"
    answer = service.answer(demo.id, AVC)
    assert (answer.hypothesis_state, answer.status, answer.value) == (HypothesisState.HYPOTHESIS, AnswerStatus.NOT_ASKED, "0.7で価値")
    listed = ok(cli(db_path, "hearing", "list", "--project", str(demo.id), lang="en"))
    assert "AVC (accuracy value curve)\tNot asked · hypothesis\t0.7で価値" in listed.splitlines()
    said = ok(cli(db_path, "hearing", "confirm", "--project", str(demo.id), "--item", "avc (accuracy value curve)", lang="en"))
    assert said.strip() == "AVC (accuracy value curve): hypothesis confirmed “0.7で価値”"
    answer = service.answer(demo.id, AVC)
    assert (answer.hypothesis_state, answer.status) == (HypothesisState.CONFIRMED, AnswerStatus.ANSWERED)


BAD_ANSWERS = [
    (["--project", "999", "--item", DS, "--value", "3"], "999"),
    (["--project", "{pid}", "--item", "存在しない項目", "--value", "3"], "存在しない項目"),
    (["--project", "{pid}", "--item", "利用者数(DS)", "--value", "三人くらい"], "利用者数(DS)"),
    (["--project", "{pid}", "--item", "利用者数(DS)", "--value", "1" * 100_000], "利用者数(DS)"),
    (["--project", "{pid}", "--item", "懸念事項", "--value", "x" * 100_001], "懸念事項"),  # (ASCII: an argument holds 128 KiB)
    (["--project", "{pid}", "--item", "PoC開始日", "--value", "2026/13/01"], "PoC開始日"),
    (["--project", "{pid}", "--item", "PoC開始日", "--value", "9999/12/31"], "PoC開始日"),
    (["--project", "{pid}", "--item", "GPU利用予定有無", "--value", "たぶん"], "GPU利用予定有無"),
    (["--project", "{pid}", "--item", "体制", "--value", "山田"], "体制"),  # a table's rows: in the window or the sheet
    (["--project", "{pid}", "--item", "背景・課題", "--value", "x", "--later"], "背景・課題"),  # not asked as now / later
]


@pytest.mark.parametrize(("args", "named"), BAD_ANSWERS)
def test_a_bad_answer_is_one_japanese_line_naming_the_item_exit_2_nothing_changed(demo, db_path, args, named) -> None:
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", *[a.replace("{pid}", str(demo.id)) for a in args])
    assert result.returncode == 2, result.stdout + result.stderr[:300]
    line = one_line(result.stderr, "ja")
    assert named in line and len(line) < 1_000 and "hearing." not in line
    assert digest(db_path) == before and not result.stdout


def test_a_bad_answer_in_english_names_the_item_by_its_english_label(demo, db_path) -> None:
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "利用者数(DS)", "--value", "lots", lang="en")
    assert result.returncode == 2
    assert one_line(result.stderr, "en") == "mlops-kickoff: error: Users: data scientists: “lots” is not a number"
    assert digest(db_path) == before


def test_a_label_two_items_share_is_refused_listing_both_by_id(demo, db_path, tmp_path) -> None:
    """A team's own hearing checklist (the user's data folder) with two items labelled alike: never guessed."""
    shipped = (Path(__file__).resolve().parent.parent / "checklists" / "hearing.yaml").read_text(encoding="utf-8")
    mine = shipped.replace('label: {ja: "AVC(Accuracy Value Curve)"', 'label: {ja: "MVA(Minimum Viable Accuracy)"')
    assert mine != shipped
    folder = Path(os.environ["MLOPS_KICKOFF_HOME"]) / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hearing.yaml").write_text(mine, encoding="utf-8")
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "ＭＶＡ（Minimum Viable Accuracy）", "--value", "x")
    assert result.returncode == 2
    line = one_line(result.stderr, "ja")
    assert "複数" in line and "[hearing.basics.accuracy_mva]" in line and f"[{AVC}]" in line
    assert digest(db_path) == before
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--value", "x"))  # by its ID: the one


# --- sessions --------------------------------------------------------------------------------------------


def test_sessions_add_list_edit_end_as_the_window_does_in_both_languages(demo, db_path, workspace) -> None:
    pid = str(demo.id)
    service = SessionService(workspace.db)
    said = ok(cli(db_path, "hearing", "sessions", "add", "--project", pid, "--date", "2026/12/24", "--title", "第2回 要件",
                  "--attendees", "佐藤", "鈴木、田中"))  # fmt: skip
    assert said.startswith("第2回ヒアリングセッションを開始しました")
    started = service.get(demo.id, 2)
    assert (started.held_on.isoformat(), started.title, started.attendees, started.started_by, started.ended_at) == (
        "2026-12-24", "第2回 要件", ["佐藤", "鈴木", "田中"], "山田 太郎", None)
    ok(cli(db_path, "hearing", "answer", "--project", pid, "--item", AVC, "--value", "後で確認"))  # captured in the running session
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, AVC).session_id == started.id

    listed = ok(cli(db_path, "hearing", "sessions", "list", "--project", pid)).splitlines()
    assert listed[1] == "2\t2026/12/24\t第2回 要件\t佐藤、鈴木、田中\t回答1件・要フォロー0件\t(実施中)"
    listed = ok(cli(db_path, "hearing", "sessions", "list", "--project", pid, lang="en")).splitlines()
    assert listed[1] == "2\t2026-12-24\t第2回 要件\t佐藤, 鈴木, 田中\t1 answer, 0 to follow up\t(running)"

    said = ok(cli(db_path, "hearing", "sessions", "edit", "--project", pid, "--session", "２", "--notes", "決定: A案\n次回: 1月",
                  "--title", "Requirements", lang="en"))  # fmt: skip
    assert said.strip() == "hearing session No. 2 saved"
    edited = service.get(demo.id, 2)
    assert (edited.title, edited.notes, edited.attendees) == ("Requirements", "決定: A案\n次回: 1月", ["佐藤", "鈴木", "田中"])
    ok(cli(db_path, "hearing", "sessions", "edit", "--project", pid, "--session", "2", "--attendees"))  # none named: nobody
    assert service.get(demo.id, 2).attendees == []

    assert ok(cli(db_path, "hearing", "sessions", "end", "--project", pid)).strip() == "第2回ヒアリングセッションを終了しました"
    assert service.get(demo.id, 2).ended_at is not None and service.current(demo.id) is None
    assert "ありません" in ok(cli(db_path, "hearing", "sessions", "end", "--project", pid))
    rows = json.loads(ok(cli(db_path, "hearing", "sessions", "list", "--project", pid, "--json")))
    assert [(r["number"], r["title"], r["captured"]) for r in rows] == [(1, "第1回ヒアリング", rows[0]["captured"]), (2, "Requirements", 1)]


BAD_SESSIONS = [
    ["edit", "--project", "{pid}", "--session", "7", "--notes", "x"],  # no such session
    ["edit", "--project", "{pid}", "--session", "第x回", "--notes", "x"],
    ["edit", "--project", "{pid}", "--session", "99999999999999999999999", "--notes", "x"],
    ["edit", "--project", "{pid}", "--session", "1"],  # nothing to change
    ["edit", "--project", "{pid}", "--session", "1", "--date", "きのう"],
    ["edit", "--project", "{pid}", "--session", "1", "--date", "1700-01-01"],
    ["edit", "--project", "{pid}", "--session", "1", "--title", "長" * 300],
    ["edit", "--project", "{pid}", "--session", "1", "--notes", "x" * 100_001],
    ["edit", "--project", "999", "--session", "1", "--notes", "x"],
    ["add", "--project", "999"],
    ["add", "--project", "{pid}", "--date", "2026/02/30"],
    ["add", "--project", "{pid}", "--attendees", "名" * 300],
    ["list", "--project", "存在しないプロジェクト"],
]


@pytest.mark.parametrize("args", BAD_SESSIONS)
def test_a_bad_session_command_is_one_japanese_line_exit_2_nothing_changed(demo, db_path, args) -> None:
    before = digest(db_path)
    result = cli(db_path, "hearing", "sessions", *[a.replace("{pid}", str(demo.id)) for a in args])
    assert result.returncode == 2, result.stdout + result.stderr[:300]
    assert len(one_line(result.stderr, "ja")) < 1_000
    assert digest(db_path) == before and not result.stdout


def test_a_second_session_is_not_started_over_a_running_one(demo, db_path, workspace) -> None:
    ok(cli(db_path, "hearing", "sessions", "add", "--project", str(demo.id), "--title", "A"))
    before = digest(db_path)
    result = cli(db_path, "hearing", "sessions", "add", "--project", str(demo.id), "--title", "B")
    assert result.returncode == 2 and "実施中" in one_line(result.stderr, "ja")
    assert digest(db_path) == before and [s.title for s in SessionService(workspace.db).list(demo.id)][-1] == "A"


def test_the_help_is_in_japanese_and_english() -> None:
    ja = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "hearing", "answer", "--help"], capture_output=True, text=True)
    en = subprocess.run([sys.executable, "-m", "app", "--lang", "en", "hearing", "sessions", "edit", "--help"], capture_output=True, text=True)
    assert ja.returncode == en.returncode == 0
    assert "回答を1つ設定します" in ja.stdout and "--hypothesis" in ja.stdout and "全角" in ja.stdout
    assert "Sessions and minutes… ▸ Edit…" in " ".join(en.stdout.split()) and "--notes" in en.stdout


# --- what the window shows -------------------------------------------------------------------------------


def test_the_window_shows_an_answer_set_on_the_command_line_with_its_author(qtbot, demo, db_path) -> None:
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC, "--value", "コマンドから"))
    from tests.gui_helpers import close_window, make_window

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("hearing")
        page = window.page("hearing")
        assert page.select_item(AVC)
        qtbot.waitUntil(lambda: page.editor.item_id == AVC)
        assert page.editor.editors["value"].edit.toPlainText() == "コマンドから"
        model = page.editor.history_model
        qtbot.waitUntil(lambda: model.rowCount() > 0 and model.index(0, 4).data() == "山田 太郎")
        assert model.index(0, 3).data() == "コマンドライン"
    finally:
        close_window(window)


def test_a_label_with_ideographic_commas_and_a_full_width_no_name_their_item_and_option(demo, db_path, workspace) -> None:
    """データ基盤(収集, 蓄積, 加工) typed as the IME writes it (（収集、蓄積、加工）), ＮＯ typed full-width; 不明 on a check
    item says neither yes nor no: refused as the hearing sheet refuses it, nothing changed."""
    service = AnswerService(workspace.db, workspace.library)
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "データ基盤（収集、蓄積、加工）", "--value", "対象外"))
    assert service.answer(demo.id, "hearing.scope.data_platform").value == "out"
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "GPU利用予定有無", "--value", "ＮＯ"))
    assert service.answer(demo.id, "hearing.prereq.env_gpu").value == "no"
    before = digest(db_path)
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "倫理上の問題", "--value", "不明")
    assert result.returncode == 2 and "倫理上の問題" in one_line(result.stderr, "ja") and digest(db_path) == before
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "倫理上の問題", "--value", "偏りあり"))
    assert service.answer(demo.id, "hearing.prereq.ethics").value == {"checked": True, "text": "偏りあり"}
