"""The WBS on the command line (``wbs list|generate|schedule|set|add|delete``): run as a user types it, in Japanese
and English, on the demo project; each change is the WBS page's own operation (one step, recorded under the author,
heard by an open window as a colleague's change), each cell read as the window's table reads what is typed into it,
and every refusal one line naming the task by its WBS code and title and the column by its header, exit 2, nothing
changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from app.core.demo_source import poc_start
from app.core.i18n import format_date
from app.wbs.model import Status, format_days, format_dependencies
from app.wbs.service import WbsService
from tests.test_cli_hearing import cli, digest, ok, one_line

REPO = Path(__file__).resolve().parent.parent
WBS_TASK = "2.3 WBS作成"  # a work task (no sub-tasks), 40 % done in the demo; 2.4 follows it
SUMMARY = "2 計画(ヒアリング・WBS)"


def day(n: int) -> dt.date:
    """The demo's day ``n`` (its dates are days of the PoC, which began the Monday a week before today)."""
    return poc_start() + dt.timedelta(days=n)


def tree_of(workspace, demo):
    return WbsService(workspace.db).tree(demo.id)


def task_at(workspace, demo, code: str):
    tree = tree_of(workspace, demo)
    return tree.tasks[tree.by_code()[code]]


def refused(result, lang: str = "ja") -> str:
    """The one line a refusal prints (exit 2, nothing on stdout)."""
    assert result.returncode == 2 and not result.stdout, result.stdout + result.stderr[:300]
    return one_line(result.stderr, lang)


# --- reading ---------------------------------------------------------------------------------------------


def test_list_shows_every_task_in_outline_order_with_its_cells_in_each_language(demo, db_path, workspace) -> None:
    tree = tree_of(workspace, demo)
    tasks = list(tree.walk())
    ja = ok(cli(db_path, "wbs", "list", "--project", str(demo.id))).splitlines()
    en = ok(cli(db_path, "wbs", "list", "--project", str(demo.id), lang="en")).splitlines()
    assert len(ja) == len(en) == len(tasks)
    assert [line.split("\t")[:2] for line in ja] == [[tree.codes[t.id], t.title] for t in tasks]
    first = tree.tasks[tree.by_code()["1.2"]]
    assert ja[2] == "\t".join(("1.2", "MLOps導入の目的・スコープ定義", "導入提案", "必須", "MLOpsエンジニア / 山田", "0.5", format_date(first.start, "ja"),
                               format_date(first.finish, "ja"), "完了", " ".join(first.completion_condition.split()), "1.1"))  # fmt: skip
    assert en[2] == "\t".join(("1.2", "MLOps導入の目的・スコープ定義", "Kickoff proposal", "Must", "MLOps engineer / 山田", "0.5", format_date(first.start, "en"),
                               format_date(first.finish, "en"), "Done", " ".join(first.completion_condition.split()), "1.1"))  # fmt: skip
    wbs = ja[[t.id for t in tasks].index(tree.by_code()["2.3"])].split("\t")
    assert wbs[8] == "進行中(40%)" and wbs[10] == "2.1"  # the status with the progress typed (Progress…)
    summary = ja[[t.id for t in tasks].index(tree.by_code()["2"])].split("\t")
    rolled = tree.rollup(tree.by_code()["2"])  # a summary's estimate, dates and status follow its sub-tasks, as in the table
    assert summary[5:9] == [format_days(rolled.estimate_days), format_date(rolled.start, "ja"), format_date(rolled.finish, "ja"), "進行中"]


def test_list_of_a_project_without_tasks_says_how_to_make_them(db_path) -> None:
    new = ok(cli(db_path, "project", "new", "空のPoC")).strip()
    assert ok(cli(db_path, "wbs", "list", "--project", "空のPoC")).strip() == (
        f"WBS にはまだタスクがありません(wbs generate --project {new} でヒアリングから生成します)")
    assert json.loads(ok(cli(db_path, "wbs", "list", "--project", new, "--json"))) == []


def test_list_json_has_stable_keys_and_stored_values_for_scripts(demo, db_path, workspace) -> None:
    tree = tree_of(workspace, demo)
    rows = json.loads(ok(cli(db_path, "wbs", "list", "--project", str(demo.id), "--json", lang="en")))
    assert [r["code"] for r in rows] == [tree.codes[t.id] for t in tree.walk()]
    assert all(set(r) == set(rows[0]) for r in rows)
    assert {"id", "uid", "code", "title", "phase", "priority", "status", "owner_role", "owner_name", "estimate_days", "start", "finish",
            "completion_condition", "expected_output", "predecessors", "dependencies", "milestone", "agreed", "not_before"} <= set(rows[0])
    task = tree.tasks[tree.by_code()["2.3"]]
    row = next(r for r in rows if r["code"] == "2.3")
    assert (row["id"], row["uid"], row["title"], row["priority"], row["status"], row["owner_role"], row["owner_name"]) == (
        task.id, task.uid, "WBS作成", "must", "in_progress", "mlops", "山田")
    assert (row["estimate_days"], row["start"], row["finish"], row["progress"]) == (3.5, task.start.isoformat(), task.finish.isoformat(), 40.0)
    assert row["predecessors"] == "2.1" and row["dependencies"] == [{"id": tree.by_code()["2.1"], "code": "2.1", "lag_days": 0}]


# --- set: cells typed as in the window -------------------------------------------------------------------


def test_set_reads_each_cell_as_the_table_does_and_is_recorded_under_the_author(demo, db_path, workspace) -> None:
    said = ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "優先度=推奨", "担当者＝佐藤", "人日=３",
                  "開始日=2026年12月24日", "終了日=２０２６／１２／２５", "先行タスク=1.4, 2.1+2", "担当ロール=ＰＭ", "フェーズ=CI環境構築"))  # fmt: skip
    assert said.strip() == "2.3 WBS作成: 優先度、担当者、人日、開始日、終了日、先行タスク、担当ロール、フェーズを保存しました"
    tree = tree_of(workspace, demo)
    task = tree.tasks[tree.by_code()["2.3"]]
    assert (task.priority, task.owner_name, task.estimate_days, task.start, task.finish, task.owner_role, task.phase) == (
        "should", "佐藤", 3.0, dt.date(2026, 12, 24), dt.date(2026, 12, 25), "pm", "ci")
    assert format_dependencies(task, tree) == "1.4, 2.1+2" and task.user_edited
    assert WbsService(workspace.db).last_editor(task.id) == "山田 太郎"

    said = ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "wbs作成", "Ｐｒｉｏｒｉｔｙ=Could", "status=Done",
                  "days=2.5", "Not before=2027-01-06", lang="en"))  # fmt: skip
    assert said.strip() == "2.3 WBS作成: saved Priority, Status, Days, Not before"
    task = task_at(workspace, demo, "2.3")
    assert (task.priority, task.status, task.estimate_days, task.not_before) == ("could", Status.DONE, 2.5, dt.date(2027, 1, 6))

    said = ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "priority=任意"))
    assert said.strip() == "2.3 WBS作成: すでにその値です。何も変更していません"


def test_an_empty_value_clears_where_the_cell_can_be_cleared_and_checks_read_yes_and_no(demo, db_path, workspace) -> None:
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", f"id:{task_at(workspace, demo, '2.3').id}", "担当者=", "備考=",
           "先行タスク=", "開始可能日=", "顧客合意=はい", "マイルストーン=ｎｏ"))  # fmt: skip
    task = task_at(workspace, demo, "2.3")
    assert (task.owner_name, task.notes, task.dependencies, task.not_before, task.agreed, task.milestone) == ("", "", [], None, True, False)
    assert task.agreed_on == day(2)  # agreed already: ticked again, the day the customer agreed stays
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "顧客合意=いいえ"))
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "顧客合意=ｙｅｓ"))
    assert task_at(workspace, demo, "2.3").agreed_on == dt.date.today()  # ticked as in the window: agreed today


def test_set_several_cells_with_predecessors_is_one_operation(demo, db_path, workspace, monkeypatch) -> None:
    from app.cli.main import main
    from app.core import operations as ops

    runs: list[object] = []
    real = ops.run
    monkeypatch.setattr(ops, "run", lambda ws, op, project_id=None: runs.append(op) or real(ws, op, project_id))
    assert main(["--db", str(db_path), "--lang", "ja", "wbs", "set", "--project", str(demo.id), "--task", "2.3", "人日=4", "先行タスク=1.4"]) == 0
    assert len(runs) == 1
    tree = tree_of(workspace, demo)
    task = tree.tasks[tree.by_code()["2.3"]]
    assert task.estimate_days == 4.0 and format_dependencies(task, tree) == "1.4"


BAD_CELLS = [
    (["人日=abc"], "見積(人日): 「abc」は数値ではありません"),
    (["人日=3人日"], "「3人日」は数値ではありません"),  # the number box takes digits only
    (["人日=1001"], "「1001」は範囲外です"),
    (["人日=0.0625"], "小数"),  # the number box takes 3 decimals
    (["人日=-1"], "見積(人日): 「-1」は範囲外です(0〜1000)"),  # a number below the range, as the window says it (break-it 67c)
    (["人日=－２"], "見積(人日): 「－２」は範囲外です(0〜1000)"),
    (["人日=+-1"], "「+-1」は数値ではありません"),
    (["人日="], "人日: 空にはできません"),
    (["開始日=2026/02/30"], "開始日: 「2026/02/30」は日付ではありません"),
    (["開始日=2300/01/01"], "開始日"),
    (["優先度=最優先"], "優先度: 「最優先」は選択肢(必須、推奨、任意、対象外)のどれでもありません"),
    (["優先度="], "優先度: 空にはできません"),
    (["状況=終わった"], "状況: 「終わった」は選択肢"),
    (["先行タスク=9.9"], "WBS 番号 9.9 のタスクはありません"),
    (["先行タスク=2.4"], "循環します(2.4 WBS・完了条件の顧客合意 → 2.3 WBS作成)"),  # 2.4 waits for 2.3
    (["先行タスク=2.3"], "2.3 WBS作成"),  # its own predecessor
    (["先行タスク=1.1+300"], "先行タスク"),
    (["タスク=a\tb"], "タスク名は 1 行です"),
    (["タスク="], "タスクにはタスク名が必要です"),
    (["マイルストーン=たぶん"], "マイルストーン: 「たぶん」は「はい」か「いいえ」ではありません"),
    (["生成元(理由)=手入力"], "生成元(理由) は編集できません"),
    (["色=赤"], "「色」という列は WBS にありません。列は WBS / タスク、優先度、"),
    (["優先度"], "「優先度」は 列=値 の形ではありません"),
    (["優先度=必須", "Priority=推奨"], "列「優先度」が2回指定されています"),
    (["備考=" + "x" * 100_001], "備考"),
]


@pytest.mark.parametrize(("cells", "said"), BAD_CELLS)
def test_a_bad_cell_is_one_japanese_line_naming_the_task_and_the_column_nothing_changed(demo, db_path, cells, said) -> None:
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", *cells))
    assert line.startswith(f"mlops-kickoff: エラー: {WBS_TASK} ▸ ") and said in line and len(line) < 1_000, line
    assert digest(db_path) == before


@pytest.mark.parametrize(("cells", "column"), [(["開始日=2027/01/05"], "開始日"), (["状況=完了"], "状況"), (["人日=3"], "人日")])
def test_a_summary_tasks_rolled_up_cells_are_refused_as_the_table_does(demo, db_path, cells, column) -> None:
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2", *cells))
    assert line == f"mlops-kickoff: エラー: {SUMMARY} ▸ {column} はサブタスクから決まります(サブタスクのほうを変更してください)"
    assert digest(db_path) == before


def test_a_refusal_in_english_names_the_task_and_the_column_in_english(demo, db_path) -> None:
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "Days=lots", lang="en"), "en")
    assert line == f"mlops-kickoff: error: {WBS_TASK} ▸ Estimate (person-days): “lots” is not a number"
    line = refused(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2", "Status=Done", lang="en"), "en")
    assert line == f"mlops-kickoff: error: {SUMMARY} ▸ Status follows from the sub-tasks: change those instead"
    assert digest(db_path) == before


BAD_TASKS = [
    (["--task", "9.9", "優先度=必須"], "WBS にタスク「9.9」はありません"),
    (["--task", "id:99999", "優先度=必須"], "「id:99999」"),
    (["--task", "存在しないタスク", "優先度=必須"], "「存在しないタスク」"),
    (["--task", "2.3"], "変更する内容がありません"),
    (["--project", "999", "--task", "2.3", "優先度=必須"], "999"),
    (["--task", "長" * 30_000, "優先度=必須"], "「" + "長" * 60 + "…」"),  # a huge name cut, not repeated whole (30,000: one argument is at most 128 kB)
    (["--task", "2.3", "列" * 30_000 + "=1"], "「" + "列" * 60 + "…」"),
    (["--task", "2.3", "式" * 30_000], "「" + "式" * 60 + "…」"),
]


@pytest.mark.parametrize(("args", "said"), BAD_TASKS, ids=[str(i) for i in range(len(BAD_TASKS))])
def test_an_unknown_task_or_project_is_one_line_nothing_changed(demo, db_path, args, said) -> None:
    before = digest(db_path)
    args = args if "--project" in args else ["--project", str(demo.id), *args]
    line = refused(cli(db_path, "wbs", "set", *args))
    assert said in line and len(line) < 1_000
    assert digest(db_path) == before


def test_a_title_two_tasks_share_is_refused_listing_both_codes(demo, db_path, workspace) -> None:
    assert ok(cli(db_path, "wbs", "add", "--project", str(demo.id), "--title", "ＷＢＳ作成", "--under", "5")).strip() == "5.11"
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "wbs 作成", "優先度=任意"))
    assert "複数" in line and "2.3 WBS作成" in line and "5.11 ＷＢＳ作成" in line
    assert digest(db_path) == before
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "5.11", "優先度=任意"))  # by its code: the one
    assert task_at(workspace, demo, "5.11").priority == "could" and task_at(workspace, demo, "2.3").priority == "must"


# --- add and delete --------------------------------------------------------------------------------------


def test_add_prints_the_new_tasks_code_and_takes_cells_as_set_does(demo, db_path, workspace) -> None:
    said = ok(cli(db_path, "wbs", "add", "--project", str(demo.id), "--title", "目視評価の結果共有", "--under", "2", "優先度=任意",
                  "人日=0.5", "先行タスク=2.9", "完了条件=店舗スタッフと結果を共有した"))  # fmt: skip
    assert said.strip() == "2.10"
    tree = tree_of(workspace, demo)
    task = tree.tasks[tree.by_code()["2.10"]]
    assert (task.title, task.priority, task.estimate_days, task.completion_condition, task.phase, task.owner_role) == (
        "目視評価の結果共有", "could", 0.5, "店舗スタッフと結果を共有した", "planning", "mlops")  # the summary's phase, as Ctrl+Insert
    assert format_dependencies(task, tree) == "2.9" and task.parent_id == tree.by_code()["2"]
    assert WbsService(workspace.db).last_editor(task.id) == "山田 太郎"
    top = ok(cli(db_path, "wbs", "add", "--project", str(demo.id), "--title", "-準備メモ"))  # a title starting with "-"
    assert top.strip() == "7" and task_at(workspace, demo, "7").title == "-準備メモ"
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "-準備メモ", "備考=-未定"))
    assert task_at(workspace, demo, "7").notes == "-未定"


@pytest.mark.parametrize(("args", "said"), [
    (["--title", "x", "--under", "9.9"], "WBS にタスク「9.9」はありません"),
    (["--title", "", "優先度=必須"], "タスクにはタスク名が必要です"),
    (["--title", "x", "人日=abc"], "見積(人日): 「abc」は数値ではありません"),
    (["--title", "x", "--under", "2", "先行タスク=2.10"], "WBS 番号 2.10 のタスクはありません"),
])  # fmt: skip
def test_a_bad_add_is_one_line_nothing_added(demo, db_path, args, said) -> None:
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "add", "--project", str(demo.id), *args))
    assert said in line
    assert digest(db_path) == before


def test_delete_with_yes_takes_the_sub_tasks_and_says_how_many(demo, db_path, workspace) -> None:
    count = len(tree_of(workspace, demo).tasks)
    said = ok(cli(db_path, "wbs", "delete", "--project", str(demo.id), "--task", "3.1", "--yes"))
    assert said.splitlines() == ["タスク「3.1 実験規約(wiki)作成」をサブタスク 9 件とともに削除しました(計 10 件)",
                                 "削除したタスクを先行タスクにしていた 5 件から、その先行タスクを外しました(番号は削除後のもの): "
                                 "3.1 実験規約の定着フォロー、3.2 学習環境構築(Docker)、3.5 実験管理シート作成、3.9 パイプラインのガワ作成、"
                                 "3.18 実験規約のレビューと実験環境の試用(データサイエンティスト)"]  # fmt: skip
    tree = tree_of(workspace, demo)
    assert len(tree.tasks) == count - 10 and "実験規約(wiki)作成" not in {t.title for t in tree.tasks.values()}
    said = ok(cli(db_path, "wbs", "delete", "--project", str(demo.id), "--task", "2.9", "--yes", lang="en"))
    assert said.strip() == "deleted task “2.9 店舗スタッフによる目視評価の段取り”"


def test_delete_without_a_terminal_to_ask_needs_yes(demo, db_path) -> None:
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "delete", "--project", str(demo.id), "--task", "3.1"))
    assert line == "mlops-kickoff: エラー: 3.1 実験規約(wiki)作成 ▸ 確認なしでは削除しません。--yes を付けてください"
    assert digest(db_path) == before


def on_a_terminal(db_path: Path, home: Path, argv: list[str], keys: bytes) -> tuple[int, str]:
    """``python -m app --db DB --lang ja ARGV`` on a pseudo-terminal; ``keys`` typed once it asks: its exit code and all it showed."""
    import pty
    import select
    import time

    env = {k: v for k, v in os.environ.items() if k != "MLOPS_KICKOFF_DB"} | {
        "MLOPS_KICKOFF_HOME": str(home), "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8",
        "MLOPS_KICKOFF_AUTHOR": "山田 太郎"}  # fmt: skip
    command = [sys.executable, "-m", "app", "--db", str(db_path), "--lang", "ja", *argv]
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(sys.executable, command, env)
        finally:
            os._exit(127)
    shown, typed, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
        if not typed and b"[y/N]" in shown:
            os.write(fd, keys)
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")


def test_delete_on_a_terminal_asks_counting_the_sub_tasks(demo, db_path, workspace, tmp_path) -> None:
    before = digest(db_path)
    code, shown = on_a_terminal(db_path, tmp_path / "home", ["wbs", "delete", "--project", str(demo.id), "--task", "3.1"], b"n\r")
    assert code == 1 and "「3.1 実験規約(wiki)作成」をサブタスク 9 件とともに削除しますか(計 10 件)?" in shown and "何も削除していません" in shown
    assert digest(db_path) == before
    code, shown = on_a_terminal(db_path, tmp_path / "home", ["wbs", "delete", "--project", str(demo.id), "--task", "3.1"], b"y\r")
    assert code == 0 and "削除しました" in shown
    assert "実験規約(wiki)作成" not in {t.title for t in tree_of(workspace, demo).tasks.values()}


# --- generate and schedule -------------------------------------------------------------------------------


def test_generate_does_what_the_pages_button_does_and_says_the_counts(demo, db_path, workspace) -> None:
    from app.wbs.generate import plan

    assert ok(cli(db_path, "wbs", "generate", "--project", str(demo.id))).strip() == (
        "WBS にはヒアリングが求めるタスクがすべてあります。何も変更していません")
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "4.11", "人日=2"))  # the labelling guideline: edited
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "特徴量ストア", "--value", "現時点で対象"))
    ok(cli(db_path, "hearing", "answer", "--project", str(demo.id), "--item", "ラベリング", "--value", "対象外"))
    expected = plan(workspace, demo.id).summary()
    assert expected["added"] and expected["kept_edited"] == 1 and expected["removed"]
    said = ok(cli(db_path, "wbs", "generate", "--project", str(demo.id))).splitlines()
    assert said == [f"WBS を生成しました: 追加 {expected['added']} 件、更新 {expected['updated']} 件、削除 {expected['removed']} 件",
                    "編集したタスク 1 件はヒアリングに合わなくなりましたが、そのまま残して印を付けました"]  # fmt: skip
    assert plan(workspace, demo.id).pending == 0  # done, as one change
    kept = next(t for t in tree_of(workspace, demo).tasks.values() if t.title == "ラベリングガイドライン(質・一貫性の担保)")
    assert kept.estimate_days == 2.0  # the edited task kept as it was


def test_schedule_says_how_many_tasks_moved_and_the_projects_finish(demo, db_path, workspace) -> None:
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "人日=6"))
    before = tree_of(workspace, demo)
    said = ok(cli(db_path, "wbs", "schedule", "--project", str(demo.id), "--start", "２０２６年１１月２４日"))
    after = tree_of(workspace, demo)
    moved = [i for i, t in after.tasks.items() if (t.start, t.finish) != (before.tasks[i].start, before.tasks[i].finish)]
    finish = max(t.finish for t in after.tasks.values() if t.finish)
    assert moved and said.strip() == f"日程を計算しました: {len(moved)} 件のタスクの日付が変わりました。プロジェクトの終了日: {format_date(finish, 'ja')}"
    said = ok(cli(db_path, "wbs", "schedule", "--project", str(demo.id), "--start", "2026-11-24", lang="en"))
    assert said.strip() == f"the schedule is up to date (no task moved); the project finishes on {format_date(finish, 'en')}"


def test_a_cycle_stored_in_the_plan_is_refused_naming_its_tasks_nothing_changed(demo, db_path, workspace) -> None:
    tree = tree_of(workspace, demo)
    first, second = tree.by_code()["1.1"], tree.by_code()["1.2"]  # 1.2 waits for 1.1: a link back closes a circle
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO wbs_dependencies (task_id, predecessor_id, lag_days, position) VALUES (?, ?, 0, 0)", (first, second))
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "schedule", "--project", str(demo.id)))
    assert "1.1 背景と課題・対策案の整理" in line and "1.2 MLOps導入の目的・スコープ定義" in line and "循環" in line
    assert digest(db_path) == before


def test_a_plan_past_the_last_date_is_refused_naming_the_task(demo, db_path) -> None:
    ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "開始可能日=2199/12/20", "人日=20"))
    before = digest(db_path)
    line = refused(cli(db_path, "wbs", "schedule", "--project", str(demo.id)))
    assert WBS_TASK in line and "日程を計算できません" in line
    assert digest(db_path) == before
    line = refused(cli(db_path, "wbs", "schedule", "--project", str(demo.id), "--start", "来週"))
    assert "--start" in line and "来週" in line
    assert digest(db_path) == before


# --- help and the window ---------------------------------------------------------------------------------


def test_the_help_is_in_japanese_and_english() -> None:
    import subprocess

    ja = subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "wbs", "set", "--help"], capture_output=True, text=True)
    en = subprocess.run([sys.executable, "-m", "app", "--lang", "en", "wbs", "--help"], capture_output=True, text=True)
    assert ja.returncode == en.returncode == 0
    assert "列=値" in ja.stdout and "全角" in ja.stdout and "--task" in ja.stdout
    assert all(word in en.stdout for word in ("list", "generate", "schedule", "set", "add", "delete"))


def test_a_window_open_on_the_project_shows_a_cell_set_on_the_command_line(qtbot, demo, db_path) -> None:
    from app.ui.wbs.columns import INDEX
    from tests.gui_helpers import close_window, make_window, poll_heard, settle, wbs_find

    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        task_id = wbs_find(page, "WBS作成")
        ok(cli(db_path, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "担当者=佐藤", "人日=5"))
        assert poll_heard(window)  # a colleague's change, heard as any other
        settle(window)
        qtbot.waitUntil(lambda: page.model.tree.tasks[task_id].owner_name == "佐藤")
        assert page.model.index_of(task_id, INDEX["owner_name"]).data() == "佐藤"
        assert page.model.index_of(task_id, INDEX["estimate_days"]).data() == "5"
        assert "最終更新: 山田 太郎" in page.model.index_of(task_id, INDEX["title"]).data(3)  # its tooltip (ToolTipRole)
    finally:
        close_window(window)
