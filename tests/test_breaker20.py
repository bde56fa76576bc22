"""Defects found by trying to break issue 20 (resources, load, levelling, critical path, baselines,
earned value, MSPDI) as a demanding PM would. Each test asserts what a user would expect and is a
strict xfail until the defect is fixed: the week of Mon 2026-12-07 has no holiday."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from app.cli.main import main
from app.core import operations as ops
from app.wbs.analysis.critical import analyse
from app.wbs.files.mspdi import export_mspdi
from app.wbs.model import Dependency, Status, Task, WbsTree
from app.wbs.resources import people
from app.wbs.resources.levelling import level
from app.wbs.resources.load import calendars_of, load, project_load
from app.wbs.resources.people import Person
from app.wbs.schedule import schedule, timeline
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from app.wbs.tracking.baselines import Baseline, BaselineTask, Progress
from app.wbs.tracking.earned_value import earned_value
from app.wbs.workdays import NATIONAL
from tests.test_mspdi_resources import needs_mpxj, read_with_mpxj
from tests.wbs_helpers import add, new_project

d = dt.date
MON, TUE, WED, THU, FRI = (d(2026, 12, k) for k in range(7, 12))
NS = {"p": "http://schemas.microsoft.com/project"}


def task(i: int, **fields) -> Task:
    fields.setdefault("title", f"T{i}")
    return Task(id=i, uid=i, position=i, **fields)


def after(i: int, lag: int = 0) -> list[Dependency]:
    return [Dependency(predecessor_id=i, lag_days=lag)]


# --- schedule ---------------------------------------------------------------------------------------


def test_a_task_after_a_milestone_starts_after_the_work_before_the_milestone() -> None:
    whole = WbsTree.build([task(1, estimate_days=1), task(2, milestone=True, dependencies=after(1)),
                           task(3, estimate_days=1, dependencies=after(2))])
    assert timeline(whole, MON).dates[3] == (TUE, TUE)  # A fills Monday; the milestone is Monday evening
    half = WbsTree.build([task(1, estimate_days=0.5), task(2, milestone=True, dependencies=after(1)),
                          task(3, estimate_days=0.5, dependencies=after(2))])
    result = timeline(half, MON)
    assert result.dates[3] == (MON, MON)
    assert result.begun.get(3, 0.0) >= 0.5  # not before A's half day is over


# --- levelling --------------------------------------------------------------------------------------


def test_levelling_keeps_the_start_of_a_task_in_progress() -> None:
    tree = WbsTree.build([
        task(1, estimate_days=2, owner_name="Sato", priority="could", status=Status.IN_PROGRESS, start=MON, finish=TUE),
        task(2, estimate_days=1, owner_name="Sato", priority="must", start=MON, finish=MON),
    ])
    result = level(tree, [Person("Sato")], NATIONAL, MON)
    assert result.dates[1][0] == MON
    assert result.dates[2][0] >= WED  # the new work waits for the started one


# --- people and load --------------------------------------------------------------------------------


def test_a_name_typed_in_another_width_is_the_same_person(workspace) -> None:
    tree = WbsTree.build([task(1, estimate_days=1, owner_name="ｻﾄｳ", start=MON, finish=MON),
                          task(2, estimate_days=1, owner_name="Ｓａｔｏ", start=MON, finish=MON)])
    found = load(tree, [Person("サトウ"), Person("Sato")], NATIONAL)
    assert found.days["サトウ"] == {MON: 1.0} and found.days["Sato"] == {MON: 1.0}
    pid = new_project(workspace)
    ops.run(workspace, people.put_person_op(pid, Person("Sato")))
    with pytest.raises(Exception):  # noqa: B017 - refused as a name already taken (or read as the same person)
        ops.run(workspace, people.put_person_op(pid, Person("Ｓａｔｏ")))


def test_work_dated_on_the_owners_day_off_is_flagged() -> None:
    tree = WbsTree.build([task(1, estimate_days=1, owner_name="Sato", start=MON, finish=MON)])
    found = load(tree, [Person("Sato", days_off=frozenset({MON}))], NATIONAL)
    assert 1 in found.over_tasks()


def test_the_load_of_a_scheduled_fractional_chain_shows_no_false_over_allocation(workspace, db_path, capsys, tmp_path) -> None:
    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    a = add(service, pid, "A", estimate_days=1.5, owner_name="Sato")
    b = add(service, pid, "B", estimate_days=0.5, owner_name="Sato")
    service.set_dependencies(pid, b, after(a))
    ops.run(workspace, people.put_person_op(pid, Person("Sato")))
    schedule(workspace, pid)  # A Mon 0-1 and Tue 0-0.5, B Tue 0.5-1: one person-day each day
    assert not level(service.tree(pid), people.read(workspace, pid), NATIONAL, MON).moves
    assert project_load(workspace, pid).over_days == {"Sato": []}
    assert main(["--db", str(db_path), "load", "--project", str(pid), "--json"]) == 0
    [week] = json.loads(capsys.readouterr().out)
    assert week["over_days"] == [] and week["hours"] == 16.0
    import openpyxl

    from app.wbs.files.xlsx import export_wbs_xlsx

    sheet = openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / "wbs.xlsx", "en"))["Load"]
    assert [sheet.cell(4, col).value for col in (1, 5, 8, 9)] == ["Sato", 16, None, None]  # hours; no mark, no day over


# --- critical path ----------------------------------------------------------------------------------


def test_slack_counts_the_owners_days_off() -> None:
    team = [Person("Sato", days_off=frozenset({TUE})), Person("Suzuki")]
    tree = WbsTree.build([task(1, estimate_days=1, owner_name="Sato"),
                          task(2, estimate_days=1, owner_name="Sato", dependencies=after(1)),
                          task(3, estimate_days=3, owner_name="Suzuki")])
    dates = timeline(tree, MON, NATIONAL, calendars_of(team, NATIONAL)).dates
    assert dates == {1: (MON, MON), 2: (WED, WED), 3: (MON, WED)}
    assert analyse(tree, NATIONAL, dates, calendars_of(team, NATIONAL)).slack(1) == 0  # a day later is Wednesday: B and the end slip


# --- earned value -----------------------------------------------------------------------------------


def test_a_done_task_with_only_its_actual_effort_typed_earns_its_budget() -> None:
    tree = WbsTree.build([task(1, estimate_days=2, status=Status.DONE, start=MON, finish=TUE)])
    baseline = Baseline("agreed", "", {1: BaselineTask(MON, TUE, 2.0)})
    figures = earned_value(tree, baseline, {1: Progress(actual=3.0)}, FRI, NATIONAL).total
    assert (figures.pv, figures.ev, figures.ac) == (2.0, 2.0, 3.0)


def test_the_status_date_accepts_a_japanese_style_date(workspace, db_path, tmp_path) -> None:
    pid = new_project(workspace, start=MON)
    add(WbsService(workspace.db), pid, "A", estimate_days=1)
    schedule(workspace, pid)
    ops.run(workspace, store.save_baseline_op(pid, "agreed"))
    base = ["--db", str(db_path), "--lang", "ja", "export", "earned-value", "--project", str(pid)]
    assert main([*base, "--out", str(tmp_path / "a.md"), "--date", "2026/12/08"]) == 0
    assert main([*base, "--out", str(tmp_path / "b.md"), "--date", "２０２６／１２／０８"]) == 0


# --- MSPDI ------------------------------------------------------------------------------------------


def mspdi_plan(workspace) -> int:
    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    a = add(service, pid, "A", estimate_days=0.25, owner_name="Sato  Hanako")  # two spaces: the same person
    b = add(service, pid, "B", estimate_days=0.25, owner_name="Sato Hanako")
    service.set_dependencies(pid, b, after(a))
    add(service, pid, "C", owner_name="Ito")  # no estimate: a one-day task
    ops.run(workspace, people.put_person_op(pid, Person("Sato Hanako", percent=50, days_off=frozenset({WED}))))
    ops.run(workspace, people.put_person_op(pid, Person("Ito")))
    schedule(workspace, pid)
    ops.run(workspace, store.save_baseline_op(pid, "agreed"))
    return pid


@needs_mpxj
def test_mspdi_carries_the_projects_people_availability_and_days_off(workspace, db_path, tmp_path) -> None:
    pid = mspdi_plan(workspace)
    assert main(["--db", str(db_path), "export", "mspdi", "--project", str(pid), "--out", str(tmp_path / "p.xml")]) == 0
    read = read_with_mpxj(tmp_path / "p.xml")
    [sato] = [r for r in read["resources"].values() if r["name"] == "Sato Hanako"]
    assert sato["max_units"] == 50.0
    assert any(e["from"].startswith("2026-12-09") and not e["working"] for e in sato["days_off"])


def test_mspdi_owner_names_differing_in_spaces_are_one_resource(workspace, tmp_path) -> None:
    root = ET.parse(export_mspdi(workspace, mspdi_plan(workspace), tmp_path / "p.xml", "en")).getroot()
    names = [r.findtext("p:Name", namespaces=NS) for r in root.findall("p:Resources/p:Resource", NS)]
    assert sorted(names) == ["Ito", "Sato Hanako"]


@needs_mpxj
def test_mspdi_a_baseline_saved_now_has_the_plans_work(workspace, tmp_path) -> None:
    read = read_with_mpxj(export_mspdi(workspace, mspdi_plan(workspace), tmp_path / "p.xml", "en"))
    for found in read["tasks"].values():
        if found["baseline_start"] is not None:
            assert found["baseline_work"] == found["work"], found["name"]


def test_mspdi_chained_quarter_day_tasks_keep_their_order_within_the_day(workspace, tmp_path) -> None:
    root = ET.parse(export_mspdi(workspace, mspdi_plan(workspace), tmp_path / "p.xml", "en")).getroot()
    by_name = {t.findtext("p:Name", namespaces=NS): t for t in root.findall("p:Tasks/p:Task", NS)}
    a_finish = dt.datetime.fromisoformat(by_name["A"].findtext("p:Finish", namespaces=NS))
    b_start = dt.datetime.fromisoformat(by_name["B"].findtext("p:Start", namespaces=NS))
    assert b_start >= a_finish
    assert by_name["A"].findtext("p:Duration", namespaces=NS) == "PT2H0M0S"


# --- demo -------------------------------------------------------------------------------------------


def test_the_demo_project_shows_load(workspace, demo) -> None:
    assert people.read(workspace, demo.id)
    assert project_load(workspace, demo.id).weeks
