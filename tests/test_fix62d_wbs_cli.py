"""Fixes after break-it 62d (tests/test_breaker62d.py): ``wbs set --task`` finds a task as every message names it
(「2.3 WBS作成」, a long title cut with …), a refusal names its task once, a tick on several rows keeps the dates of
those agreed already, a task made a summary or a task to go under deleted between the command's read and its write
is said by its code and title, ``hearing list --json`` writes ``updated_at`` with its offset; in the window, a title
of only invisible characters is refused and a question about a task with a huge title stays short."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.core.demo_source import poc_start
from app.wbs.service import WbsService
from tests.test_breaker62d import in_process, refused, task_at, tree_of, type_cell, wbs, wbs_window  # noqa: F401 (a fixture)
from tests.test_cli_hearing import cli, digest, ok, one_line

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

AGREED_ON = poc_start() + dt.timedelta(days=2)  # the day the demo's customer agreed its agreed tasks (day 2 of the PoC)


def test_a_task_is_found_as_messages_name_it(demo, db_path, workspace) -> None:
    assert ok(wbs(db_path, demo, "set", "--task", "2.3 WBS作成", "人日=5")).startswith("2.3 WBS作成: 人日を保存しました")
    assert ok(wbs(db_path, demo, "set", "--task", "２．３　ＷＢＳ作成", "人日=6")).startswith("2.3 WBS作成: ")  # the IME's width
    assert task_at(workspace, demo, "2.3").estimate_days == 6.0
    assert "2.3 WBS作成" not in refused(wbs(db_path, demo, "set", "--task", "2.3 ヒアリング実施", "人日=7"))  # another task's title
    ok(wbs(db_path, demo, "set", "--task", "2.3", "タスク=" + "長" * 200))
    said = ok(wbs(db_path, demo, "set", "--task", "2.3", "人日=4")).split(":")[0]
    assert said == "2.3 " + "長" * 60 + "…"  # cut as a message cuts it, and found so
    assert ok(wbs(db_path, demo, "set", "--task", said, "人日=3")).startswith(said)
    assert task_at(workspace, demo, "2.3").estimate_days == 3.0


def test_a_refusal_names_its_task_once(demo, db_path) -> None:
    line = refused(wbs(db_path, demo, "set", "--task", "2.3", "先行タスク=2.3"))
    assert line == "mlops-kickoff: エラー: 2.3 WBS作成 ▸ 先行タスク: タスクを自分自身の先行タスクにはできません", line
    assert refused(wbs(db_path, demo, "set", "--task", "2.3", "Predecessors=2.3", lang="en"), "en").count("WBS作成") == 1


def test_ticking_several_rows_keeps_the_date_of_those_agreed_already(demo, workspace) -> None:
    tree = tree_of(workspace, demo)
    agreed, other = tree.by_code()["2.5"], next(t.id for t in tree.walk() if not t.agreed and not tree.has_children(t.id))
    change = WbsService(workspace.db).update(demo.id, [agreed, other], typed=True, agreed=True)  # the window's tick on both rows
    assert change.before[agreed] == change.after[agreed]  # nothing of it changed
    after = tree_of(workspace, demo).tasks
    assert after[agreed].agreed_on == AGREED_ON and after[other].agreed_on == dt.date.today()
    WbsService(workspace.db).update(demo.id, [agreed, other], typed=True, agreed=False)
    after = tree_of(workspace, demo).tasks
    assert (after[agreed].agreed, after[agreed].agreed_on, after[other].agreed_on) == (False, None, None)


def made_a_summary_right_after_it_is_found(monkeypatch, workspace, demo, code: str) -> None:
    """A colleague adds a sub-task under the task ``code`` right after the command found its task."""
    from app.cli import wbs_cells

    real = wbs_cells.find_task

    def racing(tree, typed):
        found = real(tree, typed)
        WbsService(workspace.db).add_task(demo.id, tree.by_code()[code], title="子タスク", estimate_days=1)
        return found

    monkeypatch.setattr(wbs_cells, "find_task", racing)


def test_an_estimate_for_a_task_made_a_summary_meanwhile_is_refused_naming_it(demo, db_path, workspace, monkeypatch, capsys) -> None:
    made_a_summary_right_after_it_is_found(monkeypatch, workspace, demo, "2.3")
    code, out, err = in_process(db_path, monkeypatch, capsys, "wbs", "set", "--project", str(demo.id), "--task", "2.3", "人日=9", "担当者=佐藤")
    assert code == 2 and not out
    line = one_line(err, "ja")
    assert line.startswith("mlops-kickoff: エラー: 2.3 WBS作成 ▸ ") and "サブタスクから決まります" in line and line.count("WBS作成") == 1, line
    task = task_at(workspace, demo, "2.3")
    assert (task.estimate_days, task.owner_name) == (3.5, "山田")  # nothing of the command written


def test_a_task_to_go_under_deleted_meanwhile_is_named(demo, db_path, workspace, monkeypatch, capsys) -> None:
    from tests.test_breaker62d import deleted_right_after_it_is_found

    deleted_right_after_it_is_found(monkeypatch, workspace, demo, "2.3")
    code, out, err = in_process(db_path, monkeypatch, capsys, "wbs", "add", "--project", str(demo.id), "--title", "子", "--under", "2.3")
    assert code == 2 and not out
    line = one_line(err, "ja")
    assert "--under: 2.3 WBS作成 はもうありません" in line, line
    assert "2.3.1" not in line and "子 ▸" in line  # the new task is named by its title, never by a code it did not get
    assert "コマンド" in line  # deleted by a window, a command or an import: never "another window" alone
    assert all(t.title != "子" for t in tree_of(workspace, demo).tasks.values())


def test_deleting_a_task_says_the_links_it_takes_in_both_languages(demo, db_path, workspace) -> None:
    said = ok(wbs(db_path, demo, "delete", "--task", "3", "--yes", lang="en")).splitlines()
    assert said[1] == ("3 other tasks lost predecessors that were deleted (numbered as now): 3.15 ルールに沿ったデータの登録(データサイエンティスト), "
                       "4.2 MLパイプラインの構築, 4.6 CI+実験管理パイプラインの構築")
    assert len(ok(wbs(db_path, demo, "delete", "--task", "2.3", "--yes")).splitlines()) == 2  # (2.4 waited for it)
    tree = tree_of(workspace, demo)
    waited_for = {d.predecessor_id for t in tree.tasks.values() for d in t.dependencies}
    alone = next(tree.codes[t.id] for t in tree.walk() if t.id not in waited_for and not tree.has_children(t.id))
    assert len(ok(wbs(db_path, demo, "delete", "--task", alone, "--yes")).splitlines()) == 1  # (nobody waited for it)


def test_start_out_of_range_in_english(demo, db_path) -> None:
    before = digest(db_path)
    line = refused(wbs(db_path, demo, "schedule", "--start", "2200/1/1", lang="en"), "en")
    assert line.startswith("mlops-kickoff: error: --start: “2200/1/1” is outside") and "Project" not in line, line
    assert digest(db_path) == before


def test_hearing_list_json_writes_the_time_with_its_offset(demo, db_path) -> None:
    rows = json.loads(ok(cli(db_path, "hearing", "list", "--project", str(demo.id), "--json")))
    times = [r["updated_at"] for r in rows if r["updated_at"]]
    assert times and all(t.endswith("+00:00") and dt.datetime.fromisoformat(t).utcoffset() == dt.timedelta(0) for t in times)


def test_an_invisible_title_typed_in_the_window_is_refused(qtbot, wbs_window, workspace, demo) -> None:  # noqa: F811
    from tests.gui_helpers import wbs_find

    _window, page = wbs_window
    task_id = wbs_find(page, "WBS作成")
    type_cell(page, qtbot, task_id, "title", "\u200b\u200b")
    assert any("タスク名が必要です" in said for said in page.said), page.said
    assert task_at(workspace, demo, "2.3").title == "WBS作成"


def test_the_windows_delete_question_about_a_huge_title_is_short(qtbot, wbs_window, workspace, demo, monkeypatch) -> None:  # noqa: F811
    from PySide6.QtCore import QItemSelectionModel

    from app.ui import messages
    from app.ui.wbs.columns import INDEX
    from tests.gui_helpers import poll_heard, settle

    window, page = wbs_window
    tree = tree_of(workspace, demo)
    summary = tree.by_code()["2"]
    WbsService(workspace.db).update(demo.id, [summary], title="x" * 100_000)
    poll_heard(window)
    settle(window)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text, *_a, **_k: asked.append(text) or False)
    index = page.proxy.mapFromSource(page.model.index_of(summary, INDEX["title"]))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.tree.selectionModel().setCurrentIndex(index, flags)
    page.delete_selected()
    assert len(asked) == 1 and "x" * 60 + "…" in asked[0] and len(asked[0]) < 300, asked[0][:300]


def test_the_delete_question_lists_the_tasks_that_lose_predecessors_a_few_then_a_count(demo, db_path, workspace, monkeypatch,
                                                                                        capsys) -> None:  # fmt: skip
    from app.cli import wbs as wbs_cli

    asked: list[str] = []
    monkeypatch.setattr(wbs_cli, "confirmed_delete", lambda question: asked.append(question) or False)
    before = digest(db_path)
    code, out, _err = in_process(db_path, monkeypatch, capsys, "wbs", "delete", "--project", str(demo.id), "--task", "2")
    assert code == 1 and digest(db_path) == before
    question, losing = asked[0].splitlines()
    assert question == "タスク「2 計画(ヒアリング・WBS)」をサブタスク 9 件とともに削除しますか(計 10 件)?" and losing.startswith("先行タスクが外れるタスク 9 件: 3.1 実験規約(wiki)作成、")
    assert losing.endswith(" ほか 4 件") and losing.count("、") == 4  # (named as read: the first five, then how many more)
    monkeypatch.setattr(wbs_cli, "confirmed_delete", lambda question: True)
    code, out, _err = in_process(db_path, monkeypatch, capsys, "wbs", "delete", "--project", str(demo.id), "--task", "2")
    assert code == 0 and out.splitlines()[1].endswith(" ほか 4 件")
