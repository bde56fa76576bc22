"""The project's people (one document, one undo step per change), the names offered, and the load
per day and ISO week worked out by hand (Mon 2026-12-07 .. Fri 2026-12-11, no holiday)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import operations as ops
from app.core.errors import NotFoundError, ValidationFailed
from app.hearing.answers import AnswerService
from app.wbs.model import Task, WbsTree
from app.wbs.resources import people
from app.wbs.resources.load import load
from app.wbs.resources.people import Person
from app.wbs.service import WbsService
from app.wbs.workdays import NATIONAL
from tests.wbs_helpers import add, new_project

d = dt.date
MON = d(2026, 12, 7)


def test_people_are_added_changed_and_removed_one_undo_step_each(workspace) -> None:
    pid = new_project(workspace)
    first = ops.run(workspace, people.put_person_op(pid, Person("  Sato   Hanako ", "DS", 4, 80, frozenset({d(2026, 12, 29)}))))
    assert first.detail == "Sato Hanako"
    ops.run(workspace, people.put_person_op(pid, Person("Suzuki", "SWE")))
    assert people.read(workspace, pid) == [Person("Sato Hanako", "DS", 4, 80, frozenset({d(2026, 12, 29)})), Person("Suzuki", "SWE", 5, 100)]
    assert people.read(workspace, pid)[0].capacity == pytest.approx(0.64)  # 4/5 days at 80 %
    renamed = ops.run(workspace, people.put_person_op(pid, Person("Ito", "PM", 3, 50), replaces="Suzuki"))
    assert [p.name for p in people.read(workspace, pid)] == ["Ito", "Sato Hanako"]  # by name
    ops.run(workspace, ops.undo_op(renamed))
    assert [(p.name, p.role) for p in people.read(workspace, pid)] == [("Sato Hanako", "DS"), ("Suzuki", "SWE")]
    removed = ops.run(workspace, people.remove_person_op(pid, "Sato Hanako"))
    assert [p.name for p in people.read(workspace, pid)] == ["Suzuki"]
    ops.run(workspace, ops.undo_op(removed))
    assert [p.name for p in people.read(workspace, pid)] == ["Sato Hanako", "Suzuki"]
    ops.run(workspace, ops.undo_op(first))  # the first person's undo leaves the later one
    assert [p.name for p in people.read(workspace, pid)] == ["Suzuki"]


@pytest.mark.parametrize(("person", "key"), [
    (Person(" "), "resources.name_empty"),
    (Person("x" * 81), "resources.name_long"),
    (Person("Sato", days_per_week=6), "resources.days_per_week"),
    (Person("Sato", days_per_week=0), "resources.days_per_week"),
    (Person("Sato", percent=0), "resources.percent"),
    (Person("Sato", percent=101), "resources.percent"),
])
def test_a_person_out_of_range_is_refused_with_a_message(person, key) -> None:
    with pytest.raises(ValidationFailed) as caught:
        people.put_person_op(1, person)
    assert caught.value.key == key


def test_removing_or_renaming_someone_unknown_or_onto_a_taken_name_is_refused(workspace) -> None:
    pid = new_project(workspace)
    ops.run(workspace, people.put_person_op(pid, Person("Sato")))
    ops.run(workspace, people.put_person_op(pid, Person("Suzuki")))
    with pytest.raises(NotFoundError):
        ops.run(workspace, people.remove_person_op(pid, "Tanaka"))
    with pytest.raises(ValidationFailed) as caught:
        ops.run(workspace, people.put_person_op(pid, Person("Sato"), replaces="Suzuki"))
    assert caught.value.key == "resources.name_taken"


def test_the_hearing_team_and_the_task_owners_are_offered_with_where_they_came_from(workspace) -> None:
    pid = new_project(workspace)
    AnswerService(workspace.db, workspace.library).update(pid, people.TEAM_ITEM, value=[
        {"name": "Sato", "side": "us", "role": "DS"}, {"name": "Kato", "side": "customer", "role": "PO"}])
    service = WbsService(workspace.db)
    add(service, pid, "Explore", owner_name="Sato")
    add(service, pid, "Build", owner_name="Ito")
    add(service, pid, "Nobody")
    ops.run(workspace, people.put_person_op(pid, Person("Kato")))  # already a person: not offered
    found = people.candidates(workspace, pid)
    assert found == [people.Candidate("Sato", "DS", ("hearing", "owner")), people.Candidate("Ito", "", ("owner",))]


def plan(*specs: tuple) -> WbsTree:
    """(id, owner, estimate, start, finish) per task."""
    return WbsTree.build([Task(id=i, uid=i, position=i, title=f"T{i}", owner_name=owner, estimate_days=estimate,
                               start=start, finish=finish) for i, owner, estimate, start, finish in specs])


def test_load_per_day_and_week_and_the_over_allocations() -> None:
    tree = plan(
        (1, "Sato", 2, MON, d(2026, 12, 8)),  # 1.0 on Mon and Tue
        (2, "Sato", 1.5, d(2026, 12, 8), d(2026, 12, 9)),  # stored dates only: 0.75 on Tue and Wed
        (3, "Suzuki", 3, MON, d(2026, 12, 9)),  # 1.0 on Mon .. Wed
        (4, "Ito", 2, MON, d(2026, 12, 8)),  # not a person of the project
        (5, "Sato", 1, d(2026, 12, 14), d(2026, 12, 14)),  # the next week
    )
    team = [Person("Sato"), Person("Suzuki", days_per_week=3, percent=50)]
    found = load(tree, team, NATIONAL)
    assert found.days["Sato"] == {MON: 1.0, d(2026, 12, 8): 1.75, d(2026, 12, 9): 0.75, d(2026, 12, 14): 1.0}
    assert found.over_days == {"Sato": [d(2026, 12, 8)], "Suzuki": [MON, d(2026, 12, 8), d(2026, 12, 9)]}
    weeks = {(w.person, w.week): w for w in found.weeks}
    sato = weeks[("Sato", 50)]
    assert (sato.days, sato.hours, sato.available, sato.percent, sato.over) == (3.5, 28.0, 5.0, 70.0, False)
    assert weeks[("Sato", 51)].hours == 8.0
    suzuki = weeks[("Suzuki", 50)]
    # 3 days at 50 % a week: 1.5 person-days available; 3 loaded: 200 %.
    assert (suzuki.days, suzuki.available, suzuki.percent, suzuki.over) == (3.0, 1.5, 200.0, True)
    assert found.over_weeks() == [suzuki]
    assert found.over_tasks() == {1: ["Sato"], 2: ["Sato"], 3: ["Suzuki"]}


def test_a_fractional_timeline_loads_the_parts_of_days_and_a_day_off_lowers_the_weeks_availability() -> None:
    from app.wbs.resources.load import calendars_of
    from app.wbs.schedule import timeline

    sato = Person("Sato", days_off=frozenset({d(2026, 12, 10)}))
    # A 1.5 d then B 1.5 d, both Sato: A Mon + half Tue; B half Tue + Wed (Thu off).
    tasks = [Task(id=1, uid=1, title="A", owner_name="Sato", estimate_days=1.5),
             Task(id=2, uid=2, position=1, title="B", owner_name="Sato", estimate_days=1.5,
                  dependencies=[{"predecessor_id": 1}])]
    tree = WbsTree.build(tasks)
    line = timeline(tree, MON, NATIONAL, calendars_of([sato], NATIONAL))
    found = load(tree, [sato], NATIONAL, line.dates, line.begun, line.used)
    assert found.days["Sato"] == {MON: 1.0, d(2026, 12, 8): 1.0, d(2026, 12, 9): 1.0}
    week = found.weeks[0]
    assert (week.days, week.available, week.percent) == (3.0, 4.0, 75.0)  # four working days for Sato
    assert found.over_days == {"Sato": []}


def test_the_excel_wbs_has_a_load_sheet_once_the_project_has_people(workspace, tmp_path) -> None:
    import openpyxl

    from app.wbs.files.xlsx import export_wbs_xlsx

    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    add(service, pid, "Explore", estimate_days=2, owner_name="=Sato", start=MON, finish=d(2026, 12, 8))
    add(service, pid, "Report", estimate_days=5, owner_name="=Sato", start=d(2026, 12, 8), finish=d(2026, 12, 14))
    before = openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / "before.xlsx", "en")).sheetnames
    assert before == ["WBS", "_lists", "Summary", "Legend", "_meta"]  # no people: the book is as it was
    ops.run(workspace, people.put_person_op(pid, Person("=Sato", "=HYPERLINK(\"x\")")))
    book = openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / "wbs.xlsx", "ja"))
    assert book.sheetnames == ["WBS", "_lists", "集計", "凡例", "負荷", "_meta"]
    sheet = book["負荷"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=5)]
    # Week 50: Explore 2 d (Mon, Tue) + Report 1 d a day Tue .. Fri (5 d over Tue .. Mon) = 6 d = 48 h of 40.
    assert rows[0][:8] == ["=Sato", "=HYPERLINK(\"x\")", "2026-W50", dt.datetime(2026, 12, 7), 48.0, 40.0, 1.2, "超過"]
    assert rows[0][8] == "12/8"  # Tuesday: 2 tasks
    assert rows[1][2:8] == ["2026-W51", dt.datetime(2026, 12, 14), 8.0, 40.0, 0.2, None]
    assert sheet["A4"].data_type == "s" and sheet["B4"].data_type == "s"  # user text is never a formula


def test_the_load_sheet_names_roles_by_their_label_in_the_document_language(workspace, tmp_path) -> None:
    """The people's roles as the WBS shows them (データサイエンティスト, Data scientist), never the
    catalogue's ids (ds, pm) the sheet once wrote."""
    import openpyxl

    from app.wbs.catalog import catalog
    from app.wbs.files.xlsx import export_wbs_xlsx

    cat = catalog(workspace.library)
    role = cat.roles[0]
    pid = new_project(workspace, start=MON)
    add(WbsService(workspace.db), pid, "Explore", estimate_days=2, owner_name="Sato", start=MON, finish=d(2026, 12, 8))
    ops.run(workspace, people.put_person_op(pid, Person("Sato", role.id)))
    for lang, sheet_name in (("ja", "負荷"), ("en", "Load")):
        sheet = openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / f"wbs-{lang}.xlsx", lang))[sheet_name]
        assert sheet["B4"].value == role.label.get(lang) != role.id
