"""Agreement baselines (issue 19): snapshot, diff (tables cell by cell), sign-off in documents, the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from app.core import operations as ops
from app.core.errors import NotFoundError, ValidationFailed
from app.hearing import AnswerService
from app.hearing import operations as hearing_ops
from app.main import main
from app.projects import baselines as bl
from app.wbs import WbsService
from app.wbs import operations as wbs_ops

TABLE = "hearing.basics.team"  # columns name, side (choice), role, contact
PROCESSES = "system_planning.process_flow.processes"
TEXT = "hearing.basics.background"


def answer(ws, project_id: int, item_id: str, **fields):
    return ops.run(ws, hearing_ops.update_answer(project_id, item_id, **fields))


def first_leaf(ws, project_id: int):
    tree = WbsService(ws.db).tree(project_id)
    return next(t for t in tree.walk() if not tree.has_children(t.id)), tree


def test_a_baseline_keeps_the_answers_the_wbs_and_the_system_plan(workspace, demo) -> None:
    workspace.author = "山田 太郎"
    made = ops.run(workspace, bl.create_op(demo.id, "  キックオフ   合意 ", "kickoff")).detail
    assert made.name == "キックオフ 合意" and made.kind == "kickoff" and made.author == "山田 太郎"
    answers = AnswerService(workspace.db, workspace.library).answers(demo.id)
    stored = bl.find(workspace, demo.id, "キックオフ 合意")
    assert stored.answers["hearing"][TABLE]["value"] == answers[TABLE].value
    assert stored.answers["hearing"][TEXT]["value"] == answers[TEXT].value
    assert stored.answers["system_planning"][PROCESSES]["value"] == answers[PROCESSES].value
    task, tree = first_leaf(workspace, demo.id)
    kept = stored.wbs[str(task.uid)]
    assert kept["title"] == task.title and kept["completion_condition"] == task.completion_condition
    assert kept["code"] == tree.codes[task.id] and kept["priority"] == task.priority
    assert len(stored.wbs) == len(tree.tasks)
    assert dt.datetime.fromisoformat(stored.created).tzinfo is not None

    # read-only: a later edit does not reach it
    answer(workspace, demo.id, TEXT, value="変わった背景")
    assert bl.find(workspace, demo.id, "キックオフ 合意").answers["hearing"][TEXT]["value"] == answers[TEXT].value


@pytest.mark.parametrize(("name", "key"), [("", "agreement.name_empty"), ("x" * 81, "agreement.name_long"), ("A", "agreement.name_taken")])
def test_a_baseline_name_is_checked(workspace, demo, name: str, key: str) -> None:
    ops.run(workspace, bl.create_op(demo.id, "A"))
    with pytest.raises(ValidationFailed) as caught:
        ops.run(workspace, bl.create_op(demo.id, name))
    assert caught.value.key == key
    assert caught.value.text("ja") != caught.value.text("en")
    assert [b.name for b in bl.baselines(workspace, demo.id)] == ["A"]


def test_creating_a_baseline_is_one_undo_step(workspace, demo) -> None:
    change = ops.run(workspace, bl.create_op(demo.id, "A"))
    ops.run(workspace, bl.create_op(demo.id, "B"))
    assert [b.name for b in bl.baselines(workspace, demo.id)] == ["A", "B"]
    ops.run(workspace, ops.undo_op(change))
    assert [b.name for b in bl.baselines(workspace, demo.id)] == ["B"]


def test_the_diff_shows_items_tasks_and_table_cells_old_and_new(workspace, demo, tmp_path: Path) -> None:
    ops.run(workspace, bl.create_op(demo.id, "合意1"))
    team = AnswerService(workspace.db, workspace.library).answer(demo.id, TABLE).value
    changed = [dict(row) for row in team]
    changed[0]["role"] = "責任者"
    changed.append({"name": "鈴木", "side": "vendor", "role": "DS"})
    answer(workspace, demo.id, TABLE, value=changed)
    answer(workspace, demo.id, TEXT, value="新しい背景")
    task, _ = first_leaf(workspace, demo.id)
    ops.run(workspace, wbs_ops.wbs_op(demo.id, lambda ws: WbsService(ws.db).update(demo.id, [task.id], completion_condition="新しい完了条件")))
    ops.run(workspace, bl.create_op(demo.id, "合意2"))

    result = bl.diff(bl.find(workspace, demo.id, "合意1"), bl.find(workspace, demo.id, "合意2"), workspace.library, "ja")
    rows = {(r.subject, r.field): r for r in result.rows}
    label = workspace.library.item(TABLE).label.ja
    cell = rows[(label, "回答: 1行目 / 役割")]
    assert (cell.old, cell.new, cell.change) == (team[0].get("role") or "", "責任者", "changed")
    added = rows[(label, f"回答: {len(team) + 1}行目 / 所属")]  # a choice cell by its option's label
    assert added.old == "" and added.new != "vendor" and added.change == "added"
    assert rows[(workspace.library.item(TEXT).label.ja, "回答")].new == "新しい背景"
    task_row = next(r for r in result.rows if r.area == "wbs")
    assert task_row.field == "完了条件" and task_row.old == task.completion_condition and task_row.new == "新しい完了条件"
    assert task_row.subject.endswith(task.title)
    # nothing else changed
    assert {r.key for r in result.rows} == {TABLE, TEXT, str(task.uid)}

    md = bl.write(result, demo.name, tmp_path / "diff.md").read_text(encoding="utf-8")
    assert "| 完了条件 |" in md and "新しい完了条件" in md and "変更前(合意1)" in md
    book = openpyxl.load_workbook(bl.write(result, demo.name, tmp_path / "diff.xlsx"))
    sheet = book.worksheets[0]
    found = [r for r in sheet.iter_rows(values_only=False) if r[2].value == "完了条件"]
    assert found and found[0][3].value == task.completion_condition and found[0][4].value == "新しい完了条件"
    assert found[0][4].fill.fgColor.rgb.endswith("FFF2CC")  # a changed cell is highlighted


def test_the_diff_against_now_and_user_text_stays_text(workspace, demo, tmp_path: Path) -> None:
    ops.run(workspace, bl.create_op(demo.id, "A"))
    answer(workspace, demo.id, TEXT, value="=HYPERLINK(\"http://x\")| <b>x</b>")
    now = bl.current(workspace, demo.id, "now")
    result = bl.diff(bl.find(workspace, demo.id, "A"), now, workspace.library, "en")
    assert [(r.field, r.new) for r in result.rows] == [("Answer", "=HYPERLINK(\"http://x\")| <b>x</b>")]
    md = bl.write(result, demo.name, tmp_path / "d.md").read_text(encoding="utf-8")
    assert "<b>" not in md and "&lt;b&gt;" in md and "\\|" in md
    sheet = openpyxl.load_workbook(bl.write(result, demo.name, tmp_path / "d.xlsx")).worksheets[0]
    cell = next(r[4] for r in sheet.iter_rows() if r[2].value == "Answer")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert bl.diff(bl.find(workspace, demo.id, "A"), bl.find(workspace, demo.id, "A"), workspace.library, "ja").rows == []


def test_a_sign_off_is_recorded_and_shown_in_the_proposal_and_the_wbs_sheet(workspace, demo, tmp_path: Path) -> None:
    from app.features import EXPORTS

    ops.run(workspace, bl.create_op(demo.id, "キックオフ合意"))
    ops.run(workspace, bl.create_op(demo.id, "中間報告"))
    sign = bl.sign_op(demo.id, "キックオフ合意", "山田 太郎", "PM", "顧客社", dt.date(2026, 12, 21), "了承")
    assert ops.run(workspace, sign).detail.who == "山田 太郎"
    ops.run(workspace, bl.sign_op(demo.id, "キックオフ合意", "佐藤", date=dt.date(2026, 12, 22)))
    signed = bl.find(workspace, demo.id, "キックオフ合意").signoffs
    assert [(s.who, s.role, s.org, s.date, s.comment) for s in signed] == [
        ("山田 太郎", "PM", "顧客社", "2026-12-21", "了承"), ("佐藤", "", "", "2026-12-22", "")]

    md = EXPORTS["proposal"].export(workspace, demo.id, tmp_path / "p.md", "ja", {}).read_text(encoding="utf-8")
    assert "- 合意済みベースライン: 「キックオフ合意」 2026/12/22 合意(山田 太郎 (PM, 顧客社)、佐藤)" in md
    html = EXPORTS["proposal"].export(workspace, demo.id, tmp_path / "p.html", "en", {}).read_text(encoding="utf-8")
    assert "<th>Agreed baseline</th><td>“キックオフ合意”, agreed on 2026-12-22 by 山田 太郎 (PM, 顧客社), 佐藤</td>" in html
    EXPORTS["wbs"].export(workspace, demo.id, tmp_path / "w.xlsx", "ja", {})
    summary = openpyxl.load_workbook(tmp_path / "w.xlsx")["集計"]
    values = {row[0]: row[1] for row in summary.iter_rows(max_col=2, values_only=True) if row[0]}
    assert values["合意済みベースライン"] == "「キックオフ合意」 2026/12/22 合意(山田 太郎 (PM, 顧客社)、佐藤)"

    # a later sign-off of another baseline is the one shown
    ops.run(workspace, bl.sign_op(demo.id, "中間報告", "<script>", date=dt.date(2027, 1, 10)))
    html = EXPORTS["proposal"].export(workspace, demo.id, tmp_path / "p2.html", "ja", {}).read_text(encoding="utf-8")
    assert "「中間報告」 2027/01/10 合意(&lt;script&gt;)" in html


def test_without_a_sign_off_the_documents_are_as_they_were(workspace, demo, tmp_path: Path) -> None:
    from app.features import EXPORTS

    ops.run(workspace, bl.create_op(demo.id, "A"))
    md = EXPORTS["proposal"].export(workspace, demo.id, tmp_path / "p.md", "ja", {}).read_text(encoding="utf-8")
    assert "合意済みベースライン" not in md
    EXPORTS["wbs"].export(workspace, demo.id, tmp_path / "w.xlsx", "ja", {})
    assert "合意済みベースライン" not in [r[0] for r in openpyxl.load_workbook(tmp_path / "w.xlsx")["集計"].iter_rows(max_col=1, values_only=True)]


def test_a_sign_off_needs_a_name_and_an_existing_baseline(workspace, demo) -> None:
    with pytest.raises(NotFoundError) as caught:
        ops.run(workspace, bl.sign_op(demo.id, "なし", "山田"))
    assert caught.value.key == "agreement.none"
    ops.run(workspace, bl.create_op(demo.id, "A"))
    with pytest.raises(ValidationFailed) as refused:
        ops.run(workspace, bl.sign_op(demo.id, "A", "  "))
    assert refused.value.key == "agreement.who_empty"
    with pytest.raises(ValidationFailed):
        ops.run(workspace, bl.sign_op(demo.id, "A", "x" * 201))
    assert bl.find(workspace, demo.id, "A").signoffs == ()


def test_moments_suggest_a_kind_and_a_free_name(workspace, demo) -> None:
    assert bl.suggested_moment("hearing_sheet_import") == "sheet_import"
    assert bl.suggested_moment("final_report") == "final" and bl.suggested_moment("typing") is None
    day = dt.date(2026, 12, 2)
    name = bl.suggested_name(workspace, demo.id, "sheet_import", "ja", day)
    assert name == "ヒアリングシート取込 2026/12/02"
    ops.run(workspace, bl.create_op(demo.id, name, "sheet_import"))
    assert bl.suggested_name(workspace, demo.id, "sheet_import", "ja", day) == "ヒアリングシート取込 2026/12/02 (2)"


# --- the command line -------------------------------------------------------------------------------


def run(db_path: Path, *args: str) -> int:
    return main(["--db", str(db_path), *args])


def test_cli_create_list_sign_diff(workspace, demo, db_path: Path, tmp_path: Path, capsys) -> None:
    pid = str(demo.id)
    assert run(db_path, "baseline", "create", "--project", pid, "--name", "キックオフ") == 0
    assert "キックオフ" in capsys.readouterr().out
    assert run(db_path, "baseline", "sign", "--project", pid, "--name", "キックオフ", "--who", "山田", "--role", "PM",
               "--org", "顧客社", "--date", "2026/12/21", "--comment", "了承") == 0  # fmt: skip
    assert capsys.readouterr().out == "「キックオフ」の合意を記録しました: 山田 (PM, 顧客社)\n"
    assert run(db_path, "baseline", "list", "--project", pid, "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["name"], b["kind"], b["signoffs"][0]["date"]) for b in listed] == [("キックオフ", "manual", "2026-12-21")]
    assert listed[0]["tasks"] == len(WbsService(workspace.db).tasks(demo.id))
    assert run(db_path, "baseline", "list", "--project", pid) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith("キックオフ  ベースライン  ") and shown[0].endswith("2026/12/21")  # labels and dates as Japanese writes them
    assert shown[1].startswith("キックオフ合意  WBS 計画ベースライン")  # the WBS page's plan baseline too (the demo's)

    answer(workspace, demo.id, TEXT, value="CLIで変えた背景")
    out = tmp_path / "diff.md"
    assert run(db_path, "baseline", "diff", "--project", pid, "--from", "キックオフ", "--out", str(out)) == 0
    text = out.read_text(encoding="utf-8")
    assert "「キックオフ」→「現在」" in text and "CLIで変えた背景" in text  # the project's document language: ja
    assert run(db_path, "baseline", "create", "--project", pid, "--name", "後") == 0
    xlsx = tmp_path / "diff.xlsx"
    assert run(db_path, "baseline", "diff", "--project", pid, "--from", "キックオフ", "--to", "後", "--out", str(xlsx)) == 0
    cells = [c for row in openpyxl.load_workbook(xlsx).worksheets[0].iter_rows(values_only=True) for c in row]
    assert "CLIで変えた背景" in cells


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["create", "--name", "A"], "「A」という合意ベースラインは既にあります"),
        (["create", "--name", " "], "合意ベースラインの名前を入力してください"),
        (["diff", "--from", "X", "--out", "d.md"], "「X」という合意ベースラインはありません(あるもの: A)"),
        (["diff", "--from", "A", "--out", "d.csv"], "ベースラインの差分は .md、.xlsx で書き出します"),
        (["sign", "--name", "A", "--who", "山田", "--date", "12月"], "「12月」は日付ではありません"),
        (["sign", "--name", "B", "--who", "山田"], "「B」という合意ベースラインはありません"),
    ],
)
def test_cli_errors_are_one_line_and_exit_2(workspace, demo, db_path: Path, tmp_path: Path, capsys, monkeypatch, args, expected) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(db_path, "baseline", "create", "--project", str(demo.id), "--name", "A") == 0
    capsys.readouterr()
    action, *rest = args
    assert run(db_path, "baseline", action, "--project", str(demo.id), *rest) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("mlops-kickoff: エラー: ") and expected in err
    assert not list(tmp_path.glob("d.*"))


def test_cli_errors_in_english(workspace, demo, db_path: Path, capsys) -> None:
    assert run(db_path, "--lang", "en", "baseline", "sign", "--project", str(demo.id), "--name", "A", "--who", "x") == 2
    assert capsys.readouterr().err == "mlops-kickoff: error: no agreement baseline called “A”: the project has none yet (baseline create)\n"


def test_cli_offers_a_baseline_after_a_hearing_sheet_import(workspace, demo, db_path: Path, tmp_path: Path, capsys) -> None:
    from app.hearing.sheet import export_hearing_sheet
    from tests.test_hearing_sheet import fill

    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja")
    filled = fill(sheet, tmp_path / "filled.xlsx", {TEXT: {"answer": "取り込んだ背景"}})
    assert run(db_path, "import", "hearing-sheet", str(filled), "--project", str(demo.id), "--dry-run") == 0
    assert "baseline create" not in str(capsys.readouterr())
    assert run(db_path, "import", "hearing-sheet", str(filled), "--project", str(demo.id)) == 0
    printed = capsys.readouterr()
    assert "baseline" not in printed.out  # the import's own lines on stdout are as they were
    hint = printed.err.strip()
    assert "\n" not in hint
    assert hint.startswith("今の合意内容をベースラインとして残すには: mlops-kickoff baseline create --project")
    assert "--kind sheet_import" in hint and "ヒアリングシート取込" in hint
    # The same sheet again changes nothing: no hint (nothing new was agreed)
    assert run(db_path, "import", "hearing-sheet", str(filled), "--project", str(demo.id)) == 0
    assert "baseline create" not in capsys.readouterr().err


def test_baselines_travel_with_the_project_file(workspace, demo) -> None:
    from app.projects.transfer import export_data, import_data

    ops.run(workspace, bl.create_op(demo.id, "A"))
    ops.run(workspace, bl.sign_op(demo.id, "A", "山田", date=dt.date(2026, 12, 21)))
    copy = import_data(workspace.db, export_data(workspace.db, demo.id), library=workspace.library)
    copied = bl.find(workspace, copy, "A")
    assert copied.wbs == bl.find(workspace, demo.id, "A").wbs and copied.signoffs[0].who == "山田"
