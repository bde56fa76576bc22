"""Baselines, progress and earned value: a 3-task plan worked out by hand, the operations (one undo
step each), the Excel sheet and the CLI export."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.core import operations as ops
from app.core.errors import NotFoundError, ValidationFailed
from app.main import main
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.model import Task, WbsTree
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from app.wbs.tracking.baselines import Baseline, BaselineTask, Progress
from app.wbs.tracking.earned_value import earned_value, planned_share, slippage
from app.wbs.tracking.report import report
from app.wbs.workdays import NATIONAL
from tests.wbs_helpers import add, new_project

D = dt.date
# February 2027: Thursday the 11th is National Foundation Day (建国記念の日), a holiday.
#   A  experiment  2/1 (Mon)-2/5 (Fri)   5 working days  estimate 5   100 %  actual 6
#   B  experiment  2/8 (Mon)-2/12 (Fri)  4 working days  estimate 4    50 %  actual 1.5  (2/11 off)
#   C  ci          2/15 (Mon)-2/19 (Fri) 5 working days  estimate 10   10 %  actual 1
# Status date 2/11: A is planned whole (5), B for 2/8, 2/9, 2/10 = 3 of its 4 days (3), C not yet (0).
#   experiment  PV 5+3 = 8   EV 5+2 = 7   AC 6+1.5 = 7.5   SPI 7/8 = 0.875   CPI 7/7.5 = 0.9333
#   ci          PV 0         EV 1         AC 1             SPI -             CPI 1
#   project     PV 8         EV 8         AC 8.5           SPI 1             CPI 8/8.5 = 0.9412
PLAN = {1: ("A", "experiment", 5.0, D(2027, 2, 1), D(2027, 2, 5)),
        2: ("B", "experiment", 4.0, D(2027, 2, 8), D(2027, 2, 12)),
        3: ("C", "ci", 10.0, D(2027, 2, 15), D(2027, 2, 19))}  # fmt: skip
PROGRESS = {1: Progress(100, 6), 2: Progress(50, 1.5), 3: Progress(10, 1)}


def plan_tree() -> WbsTree:
    return WbsTree.build([
        Task(id=uid, uid=uid, position=uid, title=title, phase=phase, estimate_days=estimate, start=start, finish=finish)
        for uid, (title, phase, estimate, start, finish) in PLAN.items()
    ])  # fmt: skip


def plan_baseline() -> Baseline:
    return Baseline("agreed", "", {uid: BaselineTask(s, f, e) for uid, (_t, _p, e, s, f) in PLAN.items()})


def test_the_worked_example_per_phase_and_for_the_project() -> None:
    ev = earned_value(plan_tree(), plan_baseline(), PROGRESS, D(2027, 2, 11), NATIONAL)
    experiment, ci, total = ev.by_phase["experiment"], ev.by_phase["ci"], ev.total
    assert (experiment.pv, experiment.ev, experiment.ac) == (8.0, 7.0, 7.5)
    assert experiment.spi == pytest.approx(0.875) and experiment.cpi == pytest.approx(7 / 7.5)
    assert (ci.pv, ci.ev, ci.ac, ci.spi, ci.cpi) == (0.0, 1.0, 1.0, None, 1.0)
    assert (total.pv, total.ev, total.ac) == (8.0, 8.0, 8.5)
    assert total.spi == pytest.approx(1.0) and total.cpi == pytest.approx(8 / 8.5)


def test_planned_value_is_linear_over_working_days_only() -> None:
    start, finish = D(2027, 2, 8), D(2027, 2, 12)  # Mon-Fri with the holiday on Thursday
    shares = [planned_share(start, finish, start + dt.timedelta(days=n), NATIONAL) for n in range(-1, 6)]
    assert shares == [0.0, 0.25, 0.5, 0.75, 0.75, 1.0, 1.0]  # the holiday adds nothing
    ev = earned_value(plan_tree(), plan_baseline(), {}, D(2027, 2, 22), NATIONAL)
    assert (ev.total.pv, ev.total.ev, ev.total.ac, ev.total.cpi) == (19.0, 0.0, 0.0, None)


def test_a_task_marked_done_without_a_percent_has_earned_its_budget() -> None:
    from app.wbs.model import Status

    tree = plan_tree()
    tree.tasks[1] = tree.tasks[1].replaced(status=Status.DONE)  # A: 完了, no progress typed
    ev = earned_value(tree, plan_baseline(), {3: Progress(10, 1)}, D(2027, 2, 11), NATIONAL)
    assert ev.by_phase["experiment"].ev == 5.0  # A's whole estimate; B (no status, no percent) nothing
    ev = earned_value(tree, plan_baseline(), {1: Progress(40, 2)}, D(2027, 2, 11), NATIONAL)
    assert ev.by_phase["experiment"].ev == 2.0  # a percent typed wins over the status


def test_a_task_added_after_the_baseline_plans_and_earns_nothing_but_costs() -> None:
    tree = plan_tree()
    tree = WbsTree.build([*tree.tasks.values(), Task(id=4, uid=4, position=4, title="D", phase="ci", estimate_days=3)])
    ev = earned_value(tree, plan_baseline(), {**PROGRESS, 4: Progress(50, 2)}, D(2027, 2, 11), NATIONAL)
    assert (ev.by_phase["ci"].pv, ev.by_phase["ci"].ev, ev.by_phase["ci"].ac) == (0.0, 1.0, 3.0)


def test_slippage_counts_working_days_past_the_baseline_finish() -> None:
    base = D(2027, 2, 10)  # Wednesday
    assert slippage(D(2027, 2, 12), base, NATIONAL) == 1  # Thursday is the holiday
    assert slippage(D(2027, 2, 15), base, NATIONAL) == 2
    assert slippage(D(2027, 2, 8), base, NATIONAL) == -2
    assert slippage(base, base, NATIONAL) == 0
    assert slippage(None, base, NATIONAL) is None


@pytest.fixture
def planned(workspace):
    """The worked example as a project: its tasks with their dates, the baseline not saved yet."""
    pid = new_project(workspace)
    service = WbsService(workspace.db)
    ids = {}
    for uid, (title, phase, estimate, start, finish) in PLAN.items():
        ids[uid] = add(service, pid, title, phase=phase, estimate_days=estimate, start=start, finish=finish)
    return pid, ids


def test_baselines_and_progress_are_operations_with_one_undo_step_each(workspace, planned) -> None:
    pid, ids = planned
    service = WbsService(workspace.db)
    saved = ops.run(workspace, store.save_baseline_op(pid, "  agreed  "))
    assert saved.changed and saved.kinds == {store.KIND}
    service.update(pid, [ids[2]], finish=D(2027, 2, 16))  # B slips after the baseline was saved
    for uid, p in PROGRESS.items():
        ops.run(workspace, store.set_progress_op(pid, ids[uid], p.percent, p.actual))
    rep = report(workspace, pid, "en", None, D(2027, 2, 11))
    assert rep.figures.baseline == "agreed"  # the baseline keeps B's agreed dates: the figures are the worked example's
    assert [(label, f.pv, f.ev, f.ac) for label, f in rep.rows] == [("Experiment environment", 8.0, 7.0, 7.5), ("CI", 0.0, 1.0, 1.0)]
    doc = store.read(workspace, pid)
    assert store.find(doc, "agreed").tasks[2].finish == D(2027, 2, 12)
    # Undo of the last progress edit takes back C's progress only; undo of the save removes the baseline.
    last = ops.run(workspace, store.set_progress_op(pid, ids[3], 40, None))
    ops.run(workspace, ops.undo_op(last))
    assert store.progress(store.read(workspace, pid))[3] == Progress(10, 1)
    ops.run(workspace, ops.undo_op(saved))
    assert store.baselines(store.read(workspace, pid)) == []
    with pytest.raises(NotFoundError):
        report(workspace, pid, "en", "agreed")
    # With none saved, the figures are measured against the schedule as it is now (B's new finish).
    assert report(workspace, pid, "en", None, D(2027, 2, 11)).figures.total.pv == 5 + 4 * 3 / 6


def test_saving_again_replaces_and_delete_removes(workspace, planned) -> None:
    pid, _ids = planned
    ops.run(workspace, store.save_baseline_op(pid, "v1"))
    ops.run(workspace, store.save_baseline_op(pid, "v2"))
    ops.run(workspace, store.save_baseline_op(pid, "v1"))
    assert [b.name for b in store.baselines(store.read(workspace, pid))] in (["v2", "v1"], ["v1", "v2"])
    ops.run(workspace, store.delete_baseline_op(pid, "v2"))
    assert [b.name for b in store.baselines(store.read(workspace, pid))] == ["v1"]
    with pytest.raises(NotFoundError) as raised:
        ops.run(workspace, store.delete_baseline_op(pid, "v2"))
    assert "WBS の計画ベースライン「v2」はありません" in raised.value.text("ja")


def test_wrong_values_are_refused_in_the_users_words(workspace, planned) -> None:
    pid, ids = planned
    service = WbsService(workspace.db)
    parent = add(service, pid, "Parent")
    add(service, pid, "Child", parent=parent)
    with pytest.raises(ValidationFailed) as raised:
        ops.run(workspace, store.set_progress_op(pid, ids[1], 150, None))
    assert "A の進捗率は0〜100" in raised.value.text("ja")
    with pytest.raises(ValidationFailed):
        ops.run(workspace, store.set_progress_op(pid, ids[1], None, -1))
    with pytest.raises(ValidationFailed) as raised:
        ops.run(workspace, store.set_progress_op(pid, parent, 10, None))
    assert "Parent" in raised.value.text("en")
    with pytest.raises(ValidationFailed):
        ops.run(workspace, store.save_baseline_op(pid, "   "))
    assert store.read(workspace, pid) in ({}, {"version": 1})


def test_the_excel_wbs_gains_the_sheet_only_with_a_baseline(workspace, planned, tmp_path) -> None:
    pid, _ids = planned
    before = openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / "a.xlsx", "ja")).sheetnames
    ops.run(workspace, store.save_baseline_op(pid, "agreed"))
    after = openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / "b.xlsx", "ja"))
    assert after.sheetnames == [*before[:4], "出来高(EVM)", *before[4:]]
    sheet = after["出来高(EVM)"]
    assert sheet.cell(2, 2).value == "agreed"
    assert [sheet.cell(5, c).value for c in (1, 5, 6)] == ["フェーズ", "SPI", "CPI"]


def test_the_cli_writes_markdown_and_excel(workspace, planned, db_path, tmp_path, capsys) -> None:
    pid, ids = planned
    ops.run(workspace, store.save_baseline_op(pid, "agreed"))
    for uid, p in PROGRESS.items():
        ops.run(workspace, store.set_progress_op(pid, ids[uid], p.percent, p.actual))
    workspace.close()
    base = ["--db", str(db_path), "export", "earned-value", "--project", str(pid)]
    assert main([*base, "--out", str(tmp_path / "ev.md"), "--date", "2027-02-11", "--lang", "en"]) == 0
    text = (tmp_path / "ev.md").read_text(encoding="utf-8")
    assert "| Experiment environment | 8 | 7 | 7.5 | 0.88 | 0.93 |" in text
    assert "| CI | 0 | 1 | 1 | - | 1.00 |" in text
    assert "| **Whole project** | 8 | 8 | 8.5 | 1.00 | 0.94 |" in text
    assert main([*base, "--out", str(tmp_path / "ev.xlsx"), "--date", "2027-02-11", "--baseline", "agreed"]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "ev.xlsx").active
    total = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Whole project")
    assert [sheet.cell(total, c).value for c in range(2, 7)] == [8, 8, 8.5, 1, pytest.approx(0.9412, abs=1e-4)]
    # PV, EV and AC shown as the Markdown shows them (8.5, not 8.50; an hour's 0.125 not 0.13); SPI and CPI to 2 places
    assert [sheet.cell(total, c).number_format for c in range(2, 7)] == ["0", "0", "0.0", "0.00", "0.00"]
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "x.md"), "--baseline", "nope"]) == 2
    assert main([*base, "--out", str(tmp_path / "x.md"), "--date", "11/02/2027"]) == 2
    assert "nope" in capsys.readouterr().err
