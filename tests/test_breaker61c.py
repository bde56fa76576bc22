"""Break-it 61c: today's hearing command line (``hearing answer --row/--add-rows/--status/--note/--answered-by/
--follow-up-*``, ``hearing follow-ups``) and names starting with "-" (``project new -foo``), tried as a demanding
Japanese consultant would, alone and beside an open Japanese window on the same database."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import app.ui.window.conflict_dialog as conflict_dialog
from app.hearing.answers import AnswerService
from app.hearing.model import AnswerStatus
from tests.conftest import answer_conflict
from tests.gui_helpers import make_window, open_hearing_item, poll_heard, settle
from tests.test_cli_hearing import cli, digest, ok, one_line

AVC = "hearing.basics.accuracy_avc"  # AVC(Accuracy Value Curve): a text, not answered in the demo
AVC_LABEL = "AVC(Accuracy Value Curve)"
HUMAN = "hearing.basics.accuracy_human"  # 人の精度: a text, 要フォロー in the demo
BACKGROUND = "hearing.basics.background"  # 背景・課題: a text, 回答済 in the demo
SOURCES = "hearing.prereq.data_sources"  # データの種類: a table, 要フォロー in the demo
TEAM = "hearing.basics.team"  # 体制: a table (氏名, 所属 a choice, 役割, 連絡先), 回答済 in the demo
DELIVERABLES = "hearing.basics.deliverables"  # 成果物: a table (成果物, アウトプットイメージ, 顧客提出 a tick, 期限 a date)


def answer_of(workspace, demo, item: str):
    return AnswerService(workspace.db, workspace.library).answer(demo.id, item)


def run(db_path, demo, *args: str, lang: str = "ja") -> str:
    return ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), *args, lang=lang))


def exported(db_path, *args: str) -> None:
    result = cli(db_path, "export", *args)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr


def refused(db_path, *args: str, lang: str = "ja") -> str:
    """The command refused: one line in ``lang``, exit 2, nothing on stdout, the database as it was; the line."""
    before = digest(db_path)
    result = cli(db_path, *args, lang=lang)
    assert result.returncode == 2 and not result.stdout, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    # a usage mistake is said by the command it was made in (「mlops-kickoff hearing answer: エラー: …」)
    line = one_line(result.stderr, lang) if lines[0].startswith("mlops-kickoff:") else lines[0]
    assert line.startswith("mlops-kickoff") and (": エラー: " if lang == "ja" else ": error: ") in line, line
    assert digest(db_path) == before
    return line


# --- defects ------------------------------------------------------------------------------------------------


def test_a_row_with_no_cells_is_said_in_japanese(demo, db_path) -> None:
    line = refused(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "体制", "--row")
    assert "expected" not in line and "argument" not in line, line


def test_done_and_open_together_are_said_in_japanese(demo, db_path) -> None:
    line = refused(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "人の精度", "--follow-up-done", "--follow-up-open")
    assert "not allowed" not in line and "argument" not in line, line


def test_a_follow_up_on_an_item_not_needing_follow_up_is_refused_or_said(demo, db_path, workspace) -> None:
    assert answer_of(workspace, demo, BACKGROUND).status == AnswerStatus.ANSWERED
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "背景・課題", "--follow-up-owner", "佐藤",
                 "--follow-up-done")
    listed = ok(cli(db_path, "hearing", "follow-ups", "--project", str(demo.id)))
    # either refused (one line, exit 2), or the follow-up is somewhere the user can see it
    assert result.returncode == 2 or "背景・課題" in listed, result.stdout + listed


def test_hypothesis_with_only_a_note_leaves_an_answered_item_answered(demo, db_path, workspace) -> None:
    before = answer_of(workspace, demo, BACKGROUND)
    assert before.status == AnswerStatus.ANSWERED
    run(db_path, demo, "--item", "背景・課題", "--note", "メモだけ", "--hypothesis")
    after = answer_of(workspace, demo, BACKGROUND)
    assert after.note == "メモだけ"
    assert (after.status, after.hypothesis_state) == (AnswerStatus.ANSWERED, before.hypothesis_state)


def test_status_answered_with_hypothesis_is_not_silently_another_status(demo, db_path, workspace) -> None:
    result = cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", AVC_LABEL, "--value", "仮の曲線",
                 "--status", "回答済", "--hypothesis")
    if result.returncode == 2:
        one_line(result.stderr, "ja")
        return
    status = answer_of(workspace, demo, AVC).status
    assert status == AnswerStatus.ANSWERED or "状態を保存しました" not in result.stdout, result.stdout


def test_an_empty_cell_reads_back_from_an_untouched_hearing_sheet_as_no_change(demo, db_path, tmp_path: Path) -> None:
    run(db_path, demo, "--item", "体制", "--row", "氏名=佐藤", "役割=", "所属=")
    sheet = tmp_path / "h.xlsx"
    exported(db_path, "hearing-sheet", "--project", str(demo.id), "--out", str(sheet))
    said = ok(cli(db_path, "import", "hearing-sheet", str(sheet), "--project", str(demo.id), "--dry-run"))
    assert "体制" not in said, said


def test_the_same_rows_with_an_empty_cell_are_said_unchanged(demo, db_path, workspace) -> None:
    run(db_path, demo, "--item", "体制", "--row", "氏名=佐藤")
    entries = len(AnswerService(workspace.db, workspace.library).history(demo.id, TEAM))
    said = run(db_path, demo, "--item", "体制", "--row", "氏名=佐藤", "役割=")
    assert "すでにその値です" in said, said
    assert len(AnswerService(workspace.db, workspace.library).history(demo.id, TEAM)) == entries


def test_status_answered_in_its_okurigana_spelling(demo, db_path, workspace) -> None:
    run(db_path, demo, "--item", AVC_LABEL, "--value", "曲線あり", "--status", "要フォロー")
    run(db_path, demo, "--item", AVC_LABEL, "--status", "回答済み")
    assert answer_of(workspace, demo, AVC).status == AnswerStatus.ANSWERED


def test_a_cell_with_a_full_width_equals_sign(demo, db_path, workspace) -> None:
    run(db_path, demo, "--item", "体制", "--row", "氏名＝佐藤", "所属＝顧客")
    assert answer_of(workspace, demo, TEAM).value == [{"name": "佐藤", "side": "customer"}]


def test_a_dashed_name_with_an_unknown_option_names_the_option(demo, db_path) -> None:
    line = refused(db_path, "project", "new", "-foo", "--bogus")
    assert "--bogus" in line and "NAME" not in line, line


def test_two_dashed_names_where_one_is_taken_name_the_extra(demo, db_path) -> None:
    line = refused(db_path, "project", "rename", str(demo.id), "-a", "-b")
    assert "-b" in line and "NAME" not in line, line


def test_a_dashed_name_before_a_double_dash(demo, db_path) -> None:
    new_id = ok(cli(db_path, "project", "new", "-c")).strip()
    ok(cli(db_path, "project", "rename", "-c", "--", "--d"))
    names = {p["id"]: p["name"] for p in json.loads(ok(cli(db_path, "projects", "list", "--json")))}
    assert names[int(new_id)] == "--d"


# --- what held ------------------------------------------------------------------------------------------------


def test_every_column_kind_with_japanese_english_and_width_variants_and_equals_in_a_value(demo, db_path, workspace) -> None:
    said = run(db_path, demo, "--item", "成果物",
               "--row", "成果物=報告書", "顧客提出=はい", "期限=２０２６／１２／２４（木）",
               "--row", "Deliverable==1+1", "To customer=○", "Due=2026年12月25日", "アウトプットイメージ=a=b=c",
               "--row", " 成果物 = @SUM(A1) ", "顧客提出=×")  # fmt: skip
    assert said.strip() == "成果物: 「3行」を保存しました(回答済)"
    rows = answer_of(workspace, demo, DELIVERABLES).value
    assert [r["name"] for r in rows] == ["報告書", "=1+1", "@SUM(A1)"]
    assert rows[1]["expected_output"] == "a=b=c" and [r.get("to_customer") for r in rows] == [True, True, False]
    run(db_path, demo, "--item", "データの種類", "--row", "ﾃﾞｰﾀｿｰｽ=a", "本番データとの違い（分布）=偏り", "ラベリング 有無=一部",
        "--row", "data source=b", "kind=Ｉｍａｇｅ", "personal information=✓")  # fmt: skip
    assert answer_of(workspace, demo, SOURCES).value == [
        {"name": "a", "diff_distribution": "偏り", "labelled": "partial"}, {"name": "b", "kind": "image", "personal_info": True}]


@pytest.mark.parametrize(("args", "said"), [
    (("--row", "成果物=x", "期限=2026/13/01"), "成果物 / 期限(1行目): 「2026/13/01」は日付ではありません"),
    (("--row", "成果物=x", "期限=9999/12/31"), "範囲外"),
    (("--row", "成果物=x", "顧客提出=たぶん"), "成果物 / 顧客提出(1行目)"),
    (("--row", "成果物=x", "成果物=y"), "2回"),
    (("--row", "=x"), "成果物"),
    (("--row", "成果物=" + "a" * 100_001), "100,000 文字"),
])  # fmt: skip
def test_bad_cells_are_one_japanese_line_by_label_nothing_changed(demo, db_path, args, said) -> None:
    line = refused(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "成果物", *args)
    assert said in line and "hearing." not in line


def test_a_thousand_rows_are_taken_and_one_more_is_refused(demo, db_path, workspace) -> None:
    rows = [a for n in range(1000) for a in ("--row", f"データソース=ソース{n}", "種類=画像")]
    assert "1000行" in run(db_path, demo, "--item", "データの種類", *rows)
    line = refused(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "データの種類", "--add-rows", "--row", "データソース=x")
    assert "1,000 行" in line


def test_formula_and_html_text_stay_text_in_the_sheet_minutes_and_follow_ups(demo, db_path, tmp_path: Path) -> None:
    ok(cli(db_path, "hearing", "sessions", "add", "--project", str(demo.id), "--title", "<b>第2回</b>"))
    run(db_path, demo, "--item", "成果物", "--row", "成果物=<script>alert(1)</script>", "アウトプットイメージ=| a | b |",
        "--row", '成果物==HYPERLINK("http://x","y")', "アウトプットイメージ=@SUM(A1)")  # fmt: skip
    run(db_path, demo, "--item", AVC_LABEL, "--status", "要フォロー", "--note", "=1+1 <b>太字</b>", "--follow-up-owner", "<img src=x>",
        "--follow-up-due", "2026/12/20")  # fmt: skip
    ok(cli(db_path, "hearing", "sessions", "end", "--project", str(demo.id)))
    sheet, minutes, follow = tmp_path / "h.xlsx", tmp_path / "m.md", tmp_path / "f.md"
    exported(db_path, "hearing-sheet", "--project", str(demo.id), "--out", str(sheet))
    exported(db_path, "minutes", "--project", str(demo.id), "--out", str(minutes))
    exported(db_path, "followups", "--project", str(demo.id), "--out", str(follow))
    book = openpyxl.load_workbook(sheet)
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x","y")' in texts and "@SUM(A1)" in texts
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    for md in (minutes, follow):
        text = md.read_text(encoding="utf-8")
        assert "<script" not in text and "<b>" not in text and "<img" not in text
    assert "&lt;script&gt;" in minutes.read_text(encoding="utf-8")


@pytest.mark.parametrize("spelling", ["要フォロー", "Needs follow-up", "needs  follow-up", "ＮＥＥＤＳ　ＦＯＬＬＯＷ－ＵＰ", "要ﾌｫﾛｰ",
                                      "要 フォロー", "follow_up"])
def test_the_follow_up_status_in_its_spellings(demo, db_path, workspace, spelling) -> None:
    run(db_path, demo, "--item", AVC_LABEL, "--status", spelling)
    assert answer_of(workspace, demo, AVC).status == AnswerStatus.FOLLOW_UP


@pytest.mark.parametrize(("due", "ok_"), [("2026-12-31", True), ("令和8年12月31日", True), ("2026/12/31(木)", True),
                                          ("2026/12/31(金)", False), ("2026/02/30", False), ("1899/12/31", False),
                                          ("2200/01/01", False), ("12/31", False), ("来週", False)])  # fmt: skip
def test_follow_up_due_dates(demo, db_path, workspace, due, ok_) -> None:
    if ok_:
        run(db_path, demo, "--item", "人の精度", "--follow-up-due", due)
        assert str(answer_of(workspace, demo, HUMAN).followup_due) == "2026-12-31"
    else:
        line = refused(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "人の精度", "--follow-up-due", due)
        assert "人の精度" in line and "フォローアップの期限" in line


def test_the_same_command_twice_is_said_unchanged_and_clearing_with_empty_text(demo, db_path, workspace) -> None:
    args = ("--item", "データの種類", "--follow-up-owner", "佐藤", "--follow-up-due", "2026/12/31")
    assert "保存しました" in run(db_path, demo, *args)
    before = digest(db_path)
    assert "すでにその値です" in run(db_path, demo, *args)
    assert digest(db_path) == before
    run(db_path, demo, "--item", "データの種類", "--follow-up-owner", "", "--follow-up-due", "", "--note", "")
    answer = answer_of(workspace, demo, SOURCES)
    assert (answer.followup_owner, answer.followup_due, answer.note) == ("", None, "")


def test_follow_ups_order_and_json_follow_the_list(demo, db_path) -> None:
    run(db_path, demo, "--item", "人の精度", "--follow-up-owner", "Sato", "--follow-up-due", "2026/12/20")
    run(db_path, demo, "--item", "インフラ費用見積もり", "--follow-up-owner", "sato", "--follow-up-due", "2026/12/05")
    run(db_path, demo, "--item", "データの種類", "--follow-up-owner", "佐藤", "--follow-up-due", "2026/12/10")
    run(db_path, demo, "--item", "技術的KPIとビジネス的KPIの紐付け", "--follow-up-owner", "  sato ", "--follow-up-done")
    text = ok(cli(db_path, "hearing", "follow-ups", "--project", str(demo.id))).splitlines()
    got = json.loads(ok(cli(db_path, "hearing", "follow-ups", "--project", str(demo.id), "--json")))
    assert [line.split("\t")[2] for line in text] == [f["label"] if f["checklist"] == "hearing" else f"{f['label']}(システム化計画)" for f in got]
    assert [f["label"] for f in got][:3] == ["インフラ費用見積もり", "人の精度", "データの種類"]  # sato and Sato one person, by due
    assert got[-1] == {"id": "hearing.basics.kpi_fermi", "checklist": "hearing", "label": "技術的KPIとビジネス的KPIの紐付け", "owner": "sato", "due": None,
                       "done": True, "note": "次回までにクリック率の実績値を共有いただく"}
    assert text[-1].endswith("(完了)")


@pytest.mark.parametrize("args", [
    ("project", "new", "-foo", "--customer", "-顧客"),
    ("project", "new", "--customer", "X", "-bar"),
    ("project", "new", "--cust", "X", "-abbr"),
    ("project", "new", "--", "--baz"),
    ("project", "new", "-1.5"),
])  # fmt: skip
def test_dashed_names_are_taken_as_names(demo, db_path, args) -> None:
    new_id = ok(cli(db_path, *args)).strip()
    names = {p["id"]: p["name"] for p in json.loads(ok(cli(db_path, "projects", "list", "--json")))}
    assert names[int(new_id)] == [a for a in args if a.startswith("-") and a not in ("--customer", "--cust", "-顧客", "--")][-1]


def test_rename_duplicate_archive_delete_by_a_dashed_name(demo, db_path) -> None:
    new_id = ok(cli(db_path, "project", "new", "-a")).strip()
    ok(cli(db_path, "project", "rename", "-a", "-b"))
    dup = ok(cli(db_path, "project", "duplicate", "--name", "-c", "-b")).strip()
    ok(cli(db_path, "project", "rename", "--", "-c", "--d"))
    ok(cli(db_path, "project", "archive", "-b"))
    ok(cli(db_path, "project", "archive", "-b", "--undo"))
    ok(cli(db_path, "project", "delete", "--yes", "--", "--d"))
    names = {p["id"]: p["name"] for p in json.loads(ok(cli(db_path, "projects", "list", "--json")))}
    assert names.get(int(new_id)) == "-b" and int(dup) not in names


# --- beside an open Japanese window -----------------------------------------------------------------------------


def test_the_window_shows_rows_and_follow_up_set_on_the_command_line_and_its_undo_leaves_them(qtbot, demo, db_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    editor = open_hearing_item(window, qtbot, SOURCES)
    settle(window)
    run(db_path, demo, "--item", "データの種類", "--row", "データソース=A", "種類=画像", "--follow-up-owner", "佐藤",
        "--follow-up-due", "2026/12/24")  # fmt: skip
    assert poll_heard(window)
    settle(window)
    table = editor.editors["value"]
    assert [table.model.index(r, 0).data() for r in range(table.model.rowCount())] == ["A"]
    assert editor.followup.owner.text() == "佐藤" and editor.followup.has_due.isChecked()
    window.undo_action.trigger()
    settle(window)
    assert [table.model.index(r, 0).data() for r in range(table.model.rowCount())] == ["A"]


def test_a_note_typed_in_the_window_while_the_command_line_writes_it_is_kept_and_asked(qtbot, demo, db_path, monkeypatch) -> None:
    seen: list = []
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: (seen.append(d), answer_conflict("mine")(d))[1])
    window = make_window(qtbot, db_path, global_lang="ja")
    editor = open_hearing_item(window, qtbot, HUMAN)
    settle(window)
    editor.note.setFocus()
    editor.note.insertPlainText("窓で入力中")
    run(db_path, demo, "--item", "人の精度", "--note", "CLIのメモ")
    assert poll_heard(window)
    settle(window)
    assert editor.note.toPlainText() == "窓で入力中"
    editor.flush()
    settle(window)
    assert len(seen) == 1
    assert AnswerService(window.state.workspace.db, window.state.workspace.library).answer(demo.id, HUMAN).note == "窓で入力中"


def test_the_windows_undo_of_its_own_note_after_the_command_line_wrote_it_is_refused_and_said(qtbot, demo, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    said: list[str] = []
    window.state.problem.connect(said.append)
    editor = open_hearing_item(window, qtbot, HUMAN)
    settle(window)
    editor.note.setFocus()
    editor.note.insertPlainText("窓のメモ")
    editor.flush()
    settle(window)
    run(db_path, demo, "--item", "人の精度", "--note", "CLIのメモ", "--follow-up-owner", "佐藤")
    assert poll_heard(window)
    settle(window)
    assert editor.note.toPlainText() == "CLIのメモ" and editor.followup.owner.text() == "佐藤"
    window.undo_action.trigger()
    settle(window)
    answer = AnswerService(window.state.workspace.db, window.state.workspace.library).answer(demo.id, HUMAN)
    assert (answer.note, answer.followup_owner) == ("CLIのメモ", "佐藤")
    assert said and said[-1].startswith("元に戻す") and "hearing." not in said[-1]
