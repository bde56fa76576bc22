"""MS Project XML with resources, assignments, calendars and the baseline, read back with MPXJ
(the library ProjectLibre and GanttProject import through) and at the XML level.

The plan, worked by hand (start Thu 2026-11-19; Mon 11-23 is 勤労感謝の日, Wed 11-25 a company holiday):
  1 計画
    1.1 Design <&> (3 days, owner 山田 <花子> & 🎉): Thu 19, Fri 20, Tue 24
    1.2 Build (2 days, no owner, role ds): Thu 26, Fri 27
  2 Review (1 day, owner 山田 <花子> & 🎉): Mon 30
  3 Release (milestone): Mon 30
After the baseline "初版" is saved, Design grows to 4 days (to Thu 26) and everything after slips.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.core import operations as ops
from app.main import main
from app.wbs import company_calendar as cc
from app.wbs.catalog import catalog
from app.wbs.files.mspdi import export_mspdi
from app.wbs.files.mspdi_resources import Person
from app.wbs.model import Dependency
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as store
from tests import children
from tests.wbs_helpers import add, new_project

d = dt.date
NS = {"p": "http://schemas.microsoft.com/project"}
OWNER = "山田 <花子> & 🎉"
RESOURCE_ORDER = ["UID", "ID", "Name", "Type", "IsNull", "Group", "MaxUnits", "CalendarUID", "IsGeneric", "IsInactive"]

needs_mpxj = pytest.mark.skipif(
    importlib.util.find_spec("mpxj") is None or importlib.util.find_spec("jpype") is None or shutil.which("java") is None,
    reason="MPXJ read-back needs the mpxj package (pip install mpxj) and a Java runtime",
)


def plan(workspace) -> tuple[int, dict[str, int]]:
    pid = new_project(workspace, name="Plan <&> 計画", start=d(2026, 11, 19))
    ops.run(workspace, cc.edit_holidays_op(pid, {d(2026, 11, 25): "創立記念日"}))
    service = WbsService(workspace.db)
    top = add(service, pid, "計画")
    ids = {
        "計画": top,
        "Design <&>": add(service, pid, "Design <&>", top, estimate_days=3, owner_name=OWNER, owner_role="mlops"),
        "Build": add(service, pid, "Build", top, estimate_days=2, owner_role="ds"),
        "Review": add(service, pid, "Review", estimate_days=1, owner_name=OWNER),
        "Release": add(service, pid, "Release", milestone=True),
    }
    service.set_dependencies(pid, ids["Build"], [Dependency(predecessor_id=ids["Design <&>"])])
    service.set_dependencies(pid, ids["Review"], [Dependency(predecessor_id=ids["Build"])])
    service.set_dependencies(pid, ids["Release"], [Dependency(predecessor_id=ids["Review"])])
    schedule(workspace, pid)
    return pid, ids


def slipped_plan(workspace) -> tuple[int, dict[str, int], dict[str, int]]:
    """The plan with the baseline 初版 saved, then Design at 4 days and its progress entered."""
    pid, ids = plan(workspace)
    ops.run(workspace, store.save_baseline_op(pid, "初版"))
    service = WbsService(workspace.db)
    service.update(pid, [ids["Design <&>"]], estimate_days=4)
    schedule(workspace, pid)
    ops.run(workspace, store.set_progress_op(pid, ids["Design <&>"], 50, 1.5))
    uids = {title: t.uid for t in service.tree(pid).tasks.values() for title in [t.title]}
    return pid, ids, uids


def read_with_mpxj(path: Path) -> dict:
    script = Path(__file__).with_name("mpxj_read.py")
    # (its own process group, killed whole at 120 s: far under the 300 s at which pytest ends the worker)
    done = children.run([sys.executable, str(script), str(path)], encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    found["tasks"] = {int(k): v for k, v in found["tasks"].items()}
    found["resources"] = {int(k): v for k, v in found["resources"].items()}
    return found


@needs_mpxj
def test_mpxj_reads_resources_assignments_calendar_and_baseline(workspace, tmp_path) -> None:
    pid, ids, uids = slipped_plan(workspace)
    read = read_with_mpxj(export_mspdi(workspace, pid, tmp_path / "plan.xml", "ja"))

    # The project calendar: weekends plus a national and a company holiday off; tasks use it.
    days_off = {(e["from"], e["working"]) for e in read["exceptions"]}
    assert ("2026-11-23", False) in days_off and ("2026-11-25", False) in days_off
    assert ("2026-11-24", False) not in days_off
    assert {t["calendar"] for t in read["tasks"].values()} == {read["calendar"]} == {"標準(日本)"}

    # One work resource per owner name, a generic one for a role with no name.
    resources = {r["name"]: r for r in read["resources"].values()}
    assert set(resources) == {OWNER, "データサイエンティスト"}
    assert resources[OWNER]["type"] == "WORK" and not resources[OWNER]["generic"]
    assert resources[OWNER]["group"] == "MLOpsエンジニア" and resources[OWNER]["max_units"] == 100.0
    assert resources["データサイエンティスト"]["generic"]
    assert resources[OWNER]["calendar_parent"] == "標準(日本)"

    # Assignments: each work task to its owner, with its estimate as work (8 hours a day).
    by_uid = {uid: r["name"] for uid, r in read["resources"].items()}
    assigned = {(read["tasks"][a["task"]]["name"], by_uid[a["resource"]], a["work"]) for a in read["assignments"]}
    assert assigned == {("Design <&>", OWNER, 32.0), ("Build", "データサイエンティスト", 16.0), ("Review", OWNER, 8.0)}

    # The baseline as it was saved; the schedule as it is now.
    tasks = {t["name"]: t for uid, t in read["tasks"].items() if uid}
    design, build = tasks["Design <&>"], tasks["Build"]
    assert (design["baseline_start"], design["baseline_finish"]) == ("2026-11-19T09:00", "2026-11-24T18:00")
    assert (design["start"], design["finish"]) == ("2026-11-19T09:00", "2026-11-26T18:00")
    assert design["baseline_duration"] == 24.0 and design["baseline_work"] == 24.0 and design["work"] == 32.0
    assert (build["baseline_start"], build["baseline_finish"]) == ("2026-11-26T09:00", "2026-11-27T18:00")
    assert build["start"] == "2026-11-27T09:00"
    # (the milestone where Review, which it waits for, ends: 18:00)
    assert (tasks["Review"]["baseline_start"], tasks["Release"]["baseline_finish"]) == ("2026-11-30T09:00", "2026-11-30T18:00")
    summary = tasks["計画"]
    assert (summary["baseline_start"], summary["baseline_finish"], summary["baseline_work"]) == ("2026-11-19T09:00", "2026-11-27T18:00", 40.0)
    project = read["tasks"][0]
    assert (project["baseline_start"], project["baseline_finish"]) == ("2026-11-19T09:00", "2026-11-30T18:00")
    # Progress: percent complete and actual work from what was entered.
    assert design["percent"] == 50.0 and design["actual_work"] == 12.0 and design["actual_start"] == "2026-11-19T09:00"
    assert build["percent"] == 0.0 and build["baseline_start"] != build["start"]


@needs_mpxj
def test_a_task_without_an_estimate_is_a_days_task_of_no_work_in_project(workspace, tmp_path) -> None:
    """No work is invented for it (Project's total work is the WBS's person-days), its day kept: a duration of
    8 h on its scheduled day, its owner assigned with no work, the baseline saved now the same."""
    pid, ids = plan(workspace)
    service = WbsService(workspace.db)
    ids["Ask"] = add(service, pid, "Ask the customer", estimate_days=None, owner_name=OWNER)
    service.set_dependencies(pid, ids["Ask"], [Dependency(predecessor_id=ids["Review"])])
    schedule(workspace, pid)
    ops.run(workspace, store.save_baseline_op(pid, "初版"))
    out = export_mspdi(workspace, pid, tmp_path / "plan.xml", "en")
    xml = {t.findtext("p:Name", namespaces=NS): t for t in ET.parse(out).getroot().findall("p:Tasks/p:Task", NS)}
    assert xml["Ask the customer"].findtext("p:Work", namespaces=NS) == "PT0H0M0S"
    assert xml["Ask the customer"].findtext("p:Duration", namespaces=NS) == "PT8H0M0S"
    read = read_with_mpxj(out)
    tasks = {t["name"]: t for uid, t in read["tasks"].items() if uid}
    ask = tasks["Ask the customer"]
    assert (ask["start"], ask["finish"], ask["duration"], ask["work"]) == ("2026-12-01T09:00", "2026-12-01T18:00", 8.0, 0.0)
    assert ask["baseline_work"] == 0.0 and ask["baseline_duration"] == 8.0
    assert read["tasks"][0]["work"] == (3 + 2 + 1) * 8.0  # the WBS's person-days, 8 h each
    by_uid = {uid: r["name"] for uid, r in read["resources"].items()}
    assert {(by_uid[a["resource"]], a["work"]) for a in read["assignments"] if read["tasks"][a["task"]]["name"] == "Ask the customer"} == {
        (OWNER, 0.0)
    }


@needs_mpxj
def test_a_people_list_gives_max_units_and_days_off_in_the_persons_calendar(workspace, tmp_path) -> None:
    pid, _ids = plan(workspace)
    people = [Person(name=OWNER, role="mlops", max_units_percent=50, days_off=(d(2026, 12, 1), d(2026, 12, 2)))]
    read = read_with_mpxj(export_mspdi(workspace, pid, tmp_path / "plan.xml", "en", people=people))
    resources = {r["name"]: r for r in read["resources"].values()}
    assert set(resources) == {OWNER, "Data scientist"}  # the list's person, and the role it leaves out
    assert resources[OWNER]["max_units"] == 50.0
    assert {(e["from"], e["working"]) for e in resources[OWNER]["days_off"]} == {("2026-12-01", False), ("2026-12-02", False)}
    assert resources["Data scientist"]["days_off"] == []
    assert read["calendar"] == "Standard (Japan)" and resources[OWNER]["calendar_parent"] == "Standard (Japan)"
    assert all(t["baseline_start"] is None for t in read["tasks"].values())  # no baseline saved: none written


def test_the_baseline_option_chooses_which_baseline_and_an_unknown_name_is_refused(workspace, db_path, tmp_path, capsys, monkeypatch) -> None:
    times = iter(dt.datetime(2026, 11, 1, 9, minute) for minute in range(10))  # saved a minute apart
    monkeypatch.setattr(store, "utcnow", lambda: next(times))
    pid, ids, uids = slipped_plan(workspace)
    ops.run(workspace, store.save_baseline_op(pid, "v2"))  # the slipped schedule, saved later
    design = str(uids["Design <&>"])
    workspace.close()

    def baseline_finish(*extra: str) -> str:
        out = tmp_path / "p.xml"
        assert main(["--db", str(db_path), "export", "mspdi", "--project", str(pid), "--out", str(out), *extra]) == 0
        task = next(t for t in ET.parse(out).getroot().findall("p:Tasks/p:Task", NS) if t.findtext("p:UID", namespaces=NS) == design)
        assert task.findtext("p:Baseline/p:Number", namespaces=NS) == "0"
        return task.findtext("p:Baseline/p:Finish", namespaces=NS)

    assert baseline_finish() == "2026-11-26T18:00:00"  # the latest
    assert baseline_finish("--baseline", "初版") == "2026-11-24T18:00:00"
    capsys.readouterr()
    out = tmp_path / "none.xml"
    assert main(["--db", str(db_path), "--lang", "ja", "export", "mspdi", "--project", str(pid), "--out", str(out), "--baseline", "v9"]) == 2
    assert "WBS の計画ベースライン「v9」はありません(保存済み: 初版、v2)" in capsys.readouterr().err
    assert not out.exists()


def test_resources_and_assignments_at_the_xml_level(workspace, tmp_path) -> None:
    pid, ids, uids = slipped_plan(workspace)
    WbsService(workspace.db).update(pid, [ids["Review"]], owner_name="A\x00B [QA], 品証")  # a control character
    out = export_mspdi(workspace, pid, tmp_path / "plan.xml", "ja")
    data = out.read_bytes()
    assert "山田 &lt;花子&gt; &amp; 🎉".encode() in data  # escaped, never markup
    root = ET.parse(out).getroot()
    assert [c.tag.split("}")[1] for c in root][-4:] == ["Calendars", "Tasks", "Resources", "Assignments"]
    resources = {r.findtext("p:UID", namespaces=NS): r for r in root.findall("p:Resources/p:Resource", NS)}
    names = {r.findtext("p:Name", namespaces=NS) for r in resources.values()}
    # MS Project refuses , [ ] in a resource name: they are shown full-width.
    assert names == {OWNER, "A␀B ［QA］， 品証", "データサイエンティスト"}
    for resource in resources.values():
        tags = [c.tag.split("}")[1] for c in resource]
        assert tags == [t for t in RESOURCE_ORDER if t in tags]  # the schema's sequence
        calendar_uid = resource.findtext("p:CalendarUID", namespaces=NS)
        calendar = next(c for c in root.findall("p:Calendars/p:Calendar", NS) if c.findtext("p:UID", namespaces=NS) == calendar_uid)
        assert calendar.findtext("p:BaseCalendarUID", namespaces=NS) == "1" and calendar.findtext("p:IsBaseCalendar", namespaces=NS) == "0"
    assignments = root.findall("p:Assignments/p:Assignment", NS)
    by_task = {a.findtext("p:TaskUID", namespaces=NS): a for a in assignments}
    assert set(by_task) == {str(uids[t]) for t in ("Design <&>", "Build", "Review")}  # no summary, no milestone
    design = by_task[str(uids["Design <&>"])]
    assert resources[design.findtext("p:ResourceUID", namespaces=NS)].findtext("p:Name", namespaces=NS) == OWNER
    assert design.findtext("p:Work", namespaces=NS) == "PT32H0M0S"
    assert [c.tag.split("}")[1] for c in design] == ["UID", "TaskUID", "ResourceUID", "Finish", "Start", "Units", "Work"]
    # A half-day estimate is written in hours and minutes.
    WbsService(workspace.db).update(pid, [ids["Build"]], estimate_days=0.3)
    root = ET.parse(export_mspdi(workspace, pid, tmp_path / "plan.xml", "ja")).getroot()
    build = next(a for a in root.findall("p:Assignments/p:Assignment", NS) if a.findtext("p:TaskUID", namespaces=NS) == str(uids["Build"]))
    assert build.findtext("p:Work", namespaces=NS) == "PT2H24M0S"


@needs_mpxj
def test_mpxj_reads_the_demo_with_every_owner_assigned(workspace, demo, tmp_path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    read = read_with_mpxj(export_mspdi(workspace, demo.id, tmp_path / "demo.xml", "ja"))
    assert {uid: t["name"] for uid, t in read["tasks"].items() if uid} == {t.uid: t.title for t in tree.tasks.values()}
    names = {uid: r["name"] for uid, r in read["resources"].items()}
    owners = {t.owner_name for t in tree.tasks.values() if t.owner_name and not tree.has_children(t.id)}
    assert owners and owners <= set(names.values())
    expected = {
        (t.uid, t.owner_name)
        for t in tree.tasks.values()
        if t.owner_name and not t.milestone and not tree.has_children(t.id)
    }
    assigned = {(a["task"], names[a["resource"]]) for a in read["assignments"]}
    assert expected and expected <= assigned
    for a in read["assignments"]:
        task = tree.by_uid()[a["task"]]
        if task.estimate_days:
            assert a["work"] == task.estimate_days * 8, task.title
    # The phase, the customer's agreement and its date: custom fields named by their labels.
    assert read["aliases"] == {"TEXT1": "フェーズ", "FLAG1": "顧客合意", "DATE1": "合意日"}
    cat = catalog(workspace.library)
    for task in tree.tasks.values():
        found = read["tasks"][task.uid]
        assert found["text1"] == (cat.phase_label(task.phase, "ja") if task.phase else None), task.title
        assert found["flag1"] is task.agreed, task.title
        assert (found["date1"] or "")[:10] == (task.agreed_on.isoformat() if task.agreed_on else ""), task.title


@needs_mpxj
def test_a_milestone_given_an_estimate_keeps_it_as_its_work_at_no_duration(workspace, tmp_path) -> None:
    """検収会議 0.5 人日: Project's total work is the WBS's person-days, the milestone's too, in the plan and Baseline 0;
    it stays a point (no duration) and no one is assigned it (work = duration x units: a milestone takes no one's hours)."""
    pid, ids = plan(workspace)
    service = WbsService(workspace.db)
    service.update(pid, [ids["Release"]], estimate_days=0.5, owner_name=OWNER)
    schedule(workspace, pid)
    ops.run(workspace, store.save_baseline_op(pid, "初版"))
    out = export_mspdi(workspace, pid, tmp_path / "plan.xml", "en")
    xml = {t.findtext("p:Name", namespaces=NS): t for t in ET.parse(out).getroot().findall("p:Tasks/p:Task", NS)}
    release = xml["Release"]
    assert [release.findtext(f"p:{tag}", namespaces=NS) for tag in ("Duration", "Work", "Milestone")] == ["PT0H0M0S", "PT4H0M0S", "1"]
    read = read_with_mpxj(out)
    uid = WbsService(workspace.db).tree(pid).tasks[ids["Release"]].uid
    found = read["tasks"][uid]
    assert (found["duration"], found["work"], found["baseline_work"], found["start"] == found["finish"]) == (0.0, 4.0, 4.0, True)
    assert read["tasks"][0]["work"] == (3 + 2 + 1 + 0.5) * 8.0  # the WBS's person-days, 8 h each
    assert uid not in {a["task"] for a in read["assignments"]}
    people = sum(a["work"] for a in read["assignments"])
    assert people == (3 + 2 + 1) * 8.0  # the people's work: the milestone's is no one's


@needs_mpxj
def test_a_milestone_sits_where_its_predecessor_ends_not_at_the_days_beginning(workspace, tmp_path) -> None:
    """Release waits for Review (Mon 30 filled): it is written at 18:00 that day (the end of the work it waits for, as
    the app schedules it: a task after it starts the next morning), in the plan and in Baseline 0, so that Project,
    rescheduling the finish-to-start link on opening, moves nothing and shows no variance. A milestone after a
    half-day task sits where it ends (14:00: 09:00-12:00, 13:00-14:00); one that waits for nothing, at its day's 09:00."""
    pid, ids = plan(workspace)
    service = WbsService(workspace.db)
    ids["Half"] = add(service, pid, "Half", estimate_days=0.5)
    ids["Half done"] = add(service, pid, "Half done", milestone=True)
    ids["Kick-off"] = add(service, pid, "Kick-off", milestone=True)
    service.set_dependencies(pid, ids["Half"], [Dependency(predecessor_id=ids["Release"])])
    service.set_dependencies(pid, ids["Half done"], [Dependency(predecessor_id=ids["Half"])])
    schedule(workspace, pid)
    ops.run(workspace, store.save_baseline_op(pid, "初版"))
    read = read_with_mpxj(export_mspdi(workspace, pid, tmp_path / "plan.xml", "ja"))
    tasks = {t["name"]: t for uid, t in read["tasks"].items() if uid}
    release, review = tasks["Release"], tasks["Review"]
    assert review["finish"] == "2026-11-30T18:00"
    assert (release["start"], release["finish"]) == ("2026-11-30T18:00", "2026-11-30T18:00")
    assert (release["baseline_start"], release["baseline_finish"]) == ("2026-11-30T18:00", "2026-11-30T18:00")
    assert (tasks["Half"]["start"], tasks["Half"]["finish"]) == ("2026-12-01T09:00", "2026-12-01T14:00")
    assert tasks["Half done"]["finish"] == "2026-12-01T14:00"
    assert tasks["Kick-off"]["finish"] == "2026-11-19T09:00"
