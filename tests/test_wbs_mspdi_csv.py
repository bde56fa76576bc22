"""Microsoft Project XML and the issue-tracker CSV, read back as the importing tools would."""

from __future__ import annotations

import csv
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from app.wbs.files.mspdi import export_mspdi
from app.wbs.files.tracker_csv import export_tracker_csv
from app.wbs.model import Dependency
from app.wbs.service import WbsService
from tests.wbs_helpers import add, mspdi_as_the_wbs, new_project, read_mspdi, working_days

NS = {"p": "http://schemas.microsoft.com/project"}
TASK_ORDER = ["UID", "ID", "Name", "Type", "IsNull", "Contact", "WBS", "OutlineNumber", "OutlineLevel", "Priority", "Start",
              "Finish", "Duration", "DurationFormat", "Work", "Milestone", "Summary", "PercentComplete", "ActualStart",
              "ActualFinish", "ActualWork", "ConstraintType", "ConstraintDate", "Notes", "PredecessorLink",
              "ExtendedAttribute", "Baseline"]  # fmt: skip


def test_mspdi_is_well_formed_with_the_required_elements_in_schema_order(workspace, demo, tmp_path) -> None:
    out = export_mspdi(workspace, demo.id, tmp_path / "plan.xml", "ja")
    root = ET.parse(out).getroot()
    assert root.tag == "{http://schemas.microsoft.com/project}Project"
    children = [c.tag.split("}")[1] for c in root]
    for before, after in (("Name", "StartDate"), ("ScheduleFromStart", "StartDate"), ("StartDate", "CalendarUID"),
                          ("DaysPerMonth", "ExtendedAttributes"), ("ExtendedAttributes", "Calendars"), ("Calendars", "Tasks")):
        assert children.index(before) < children.index(after)
    tasks = root.findall("p:Tasks/p:Task", NS)
    tree = WbsService(workspace.db).tree(demo.id)
    assert len(tasks) == len(tree.tasks) + 1
    summary = tasks[0]
    assert summary.findtext("p:UID", namespaces=NS) == "0" and summary.findtext("p:OutlineLevel", namespaces=NS) == "0"
    uids = set()
    for task in tasks[1:]:
        tags = [c.tag.split("}")[1] for c in task]
        assert tags == sorted(tags, key=TASK_ORDER.index), tags  # the schema's sequence
        for required in ("UID", "Name", "OutlineNumber", "OutlineLevel", "Start", "Finish", "Duration"):
            assert task.find(f"p:{required}", NS) is not None, required
        uids.add(int(task.findtext("p:UID", namespaces=NS)))
        dt.datetime.fromisoformat(task.findtext("p:Start", namespaces=NS))
    assert uids == {t.uid for t in tree.tasks.values()}
    by_name = {t.findtext("p:Name", namespaces=NS): t for t in tasks}
    interim = by_name["中間報告"]
    assert interim.findtext("p:Milestone", namespaces=NS) == "1" and interim.findtext("p:Duration", namespaces=NS) == "PT0H0M0S"
    links = interim.findall("p:PredecessorLink", NS)
    assert links and {link.findtext("p:PredecessorUID", namespaces=NS) for link in links} <= {str(u) for u in uids}
    assert all(link.findtext("p:Type", namespaces=NS) == "1" for link in links)
    assert by_name["実験規約(wiki)作成"].findtext("p:Summary", namespaces=NS) == "1"
    outline = by_name["3. チケット運用ルール"]
    assert outline.findtext("p:OutlineLevel", namespaces=NS) == "3" and outline.findtext("p:OutlineNumber", namespaces=NS).count(".") == 2
    # The Japanese calendar: holidays are non-working exceptions.
    exceptions = [w for w in root.findall("p:Calendars/p:Calendar/p:WeekDays/p:WeekDay", NS) if w.findtext("p:DayType", namespaces=NS) == "0"]
    assert exceptions and all(w.findtext("p:DayWorking", namespaces=NS) == "0" for w in exceptions)


def test_every_wbs_task_is_in_the_mspdi_with_its_outline_dates_duration_and_predecessors(workspace, demo, tmp_path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    out = export_mspdi(workspace, demo.id, tmp_path / "plan.xml", "ja")
    tasks, holidays = read_mspdi(out)
    found = {uid: {key: value for key, value in task.items() if key != "hours"} for uid, task in tasks.items()}
    clock = {int(t.findtext("p:UID", namespaces=NS)): [dt.datetime.fromisoformat(t.findtext(f"p:{tag}", namespaces=NS))
                                                      for tag in ("Start", "Finish")] for t in ET.parse(out).getroot().findall("p:Tasks/p:Task", NS)}

    def into(at: dt.datetime) -> float:  # working hours of the day before ``at`` (09:00-12:00, 13:00-18:00)
        hours = at.hour + at.minute / 60
        return hours - 9 if hours <= 12 else hours - 10
    assert found == mspdi_as_the_wbs(tree)
    assert any(t["predecessors"] for t in tasks.values()) and any(t["summary"] for t in tasks.values())
    assert holidays  # the Japanese holidays of the plan's months
    for uid, task in tasks.items():
        # Project reads a duration in 8-hour days: the working time from start to finish (part-way
        # through a day for fractional estimates), a milestone none.
        days = 0 if task["milestone"] else working_days(task["start"], task["finish"], holidays)
        start, finish = clock[uid]
        part = into(start) + 8 - into(finish) if days else 0
        assert abs(task["hours"] - (days * 8 - part)) < 0.02, (task["outline"], task["name"])
        estimate = tree.by_uid()[uid].estimate_days
        if not task["summary"] and estimate:
            assert days >= estimate, (task["outline"], task["name"])  # the plan leaves a task its estimate


def test_mspdi_durations_lags_and_unscheduled_tasks(workspace, tmp_path) -> None:
    pid = new_project(workspace, start=dt.date(2026, 11, 19))
    service = WbsService(workspace.db)
    first = add(service, pid, "Design", estimate_days=3)
    second = add(service, pid, "Build", estimate_days=2)
    service.set_dependencies(pid, second, [Dependency(predecessor_id=first, lag_days=1)])
    root = ET.parse(export_mspdi(workspace, pid, tmp_path / "p.xml", "en")).getroot()
    tasks = {t.findtext("p:Name", namespaces=NS): t for t in root.findall("p:Tasks/p:Task", NS)}
    design = tasks["Design"]
    # Not scheduled yet: the export uses the scheduler's dates (over the 23 Nov holiday).
    assert design.findtext("p:Start", namespaces=NS) == "2026-11-19T09:00:00"
    assert design.findtext("p:Finish", namespaces=NS) == "2026-11-24T18:00:00"
    assert design.findtext("p:Duration", namespaces=NS) == "PT24H0M0S"
    link = tasks["Build"].find("p:PredecessorLink", NS)
    assert link.findtext("p:LinkLag", namespaces=NS) == "4800" and link.findtext("p:LagFormat", namespaces=NS) == "7"


def test_tracker_csv_has_one_row_per_task_with_acceptance_criteria(workspace, demo, tmp_path) -> None:
    service = WbsService(workspace.db)
    task = next(t for t in service.tasks(demo.id) if t.title == "WBS作成")
    service.update(demo.id, [task.id], title="=HYPERLINK(\"http://x\")", owner_name="-2+3", notes="@import")
    out = export_tracker_csv(workspace, demo.id, tmp_path / "issues.csv", "ja")
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == service.count(demo.id)
    by_id = {int(r["Task ID"]): r for r in rows}
    interim = next(r for r in rows if r["Summary"].endswith("中間報告"))
    assert interim["Milestone"] == "yes" and interim["Acceptance Criteria"].startswith("顧客に中間報告")
    assert "完了条件:\n- 顧客に中間報告" in interim["Description"]
    edited = by_id[task.uid]
    assert edited["Assignee"] == "'-2+3"  # a formula start is defused with an apostrophe
    assert edited["Summary"].endswith('=HYPERLINK("http://x")')  # not at the start: stays as typed
    assert "@import" in edited["Description"]
    adoption = next(r for r in rows if "often-missed:定着" in r["Labels"].split())
    assert adoption["Description"].startswith("[漏れがち: 定着]")
    assert {r["Priority"] for r in rows} <= {"必須", "推奨", "任意", "対象外"}
    child = next(r for r in rows if r["WBS"] == "3.1.1")
    assert child["Parent WBS"] == "3.1"


def test_tracker_csv_for_excel_carries_a_byte_order_mark(workspace, demo, db_path, tmp_path) -> None:
    from app.main import main

    plain = export_tracker_csv(workspace, demo.id, tmp_path / "plain.csv", "ja")
    assert plain.read_bytes().startswith(b"Summary")  # a tracker maps the first header by name
    workspace.close()
    out = tmp_path / "excel.csv"
    assert main(["--db", str(db_path), "export", "tracker-csv", "--project", str(demo.id), "--out", str(out), "--bom"]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfSummary")
    assert data[3:] == plain.read_bytes()


@pytest.mark.parametrize(("lang", "aliases"), [("ja", ["フェーズ", "顧客合意", "合意日"]), ("en", ["Phase", "Agreed", "Agreed on"])])
def test_the_phase_and_the_customers_agreement_are_projects_custom_fields(workspace, demo, tmp_path, lang, aliases) -> None:
    from app.wbs.catalog import catalog

    out = export_mspdi(workspace, demo.id, tmp_path / "plan.xml", lang)
    root = ET.parse(out).getroot()
    fields = [(a.findtext("p:FieldID", namespaces=NS), a.findtext("p:FieldName", namespaces=NS), a.findtext("p:Alias", namespaces=NS))
              for a in root.findall("p:ExtendedAttributes/p:ExtendedAttribute", NS)]  # fmt: skip
    assert fields == list(zip(["188743731", "188743752", "188743945"], ["Text1", "Flag1", "Date1"], aliases, strict=True))
    tree = WbsService(workspace.db).tree(demo.id)
    cat = catalog(workspace.library)
    by_uid = tree.by_uid()
    for task in root.findall("p:Tasks/p:Task", NS)[1:]:
        held = by_uid[int(task.findtext("p:UID", namespaces=NS))]
        values = {a.findtext("p:FieldID", namespaces=NS): a.findtext("p:Value", namespaces=NS) for a in task.findall("p:ExtendedAttribute", NS)}
        expected = {}
        if held.phase:
            expected["188743731"] = cat.phase_label(held.phase, lang)
        if held.agreed:
            expected["188743752"] = "1"
        if held.agreed_on:
            expected["188743945"] = f"{held.agreed_on.isoformat()}T09:00:00"
        assert values == expected, held.title
    assert sum(t.agreed for t in tree.tasks.values()) > 3 and sum(bool(t.phase) for t in tree.tasks.values()) > 40
