"""fixnames (break-it 54a): names compare as people see them, whoever typed them.

A project's name in full width (ＰｏＣ（デモ）, the input method on) is another project's name: refused in the
core, so New Project, Rename, a copy and the command line say it the same way (an import numbers it); a
database that already holds two such names still opens. A company holiday's name is trimmed by the
operation (the command line's too). A person typed without the space between family and given name
(山田太郎) is the person 山田 太郎: their days off and load follow the tasks that name them either way.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import operations as ops
from app.core.errors import ConflictError, UserError, ValidationFailed
from app.core.projects import ProjectService, free_name, project_key
from app.core.storage.models import Project
from app.wbs import company_calendar as cc
from app.wbs.resources import people
from app.wbs.resources.load import project_load
from app.wbs.resources.people import Person
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from tests.wbs_helpers import add, new_project

NAME = "類似画像検索PoC(デモ)"
WIDE = "類似画像検索ＰｏＣ（デモ）"
MON = dt.date(2026, 12, 7)


# --- projects ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "same"), [(WIDE, NAME), (f"{WIDE} ", NAME), ("ｸﾞﾗﾌ　案件", "グラフ 案件"), ("ＰｏＣ２", "PoC2")])
def test_project_names_compare_in_one_width_and_spaces_folded(typed, same) -> None:
    assert project_key(typed) == project_key(same)


def test_project_names_differing_in_case_are_two() -> None:
    assert project_key("PoC") != project_key("poc")  # case shows in a list


def test_a_project_in_full_width_is_refused_when_created_renamed_or_duplicated_naming_the_other(workspace) -> None:
    projects = ProjectService(workspace.db)
    first = projects.create(NAME)
    other = projects.create("別の案件")
    for attempt in (lambda: projects.create(WIDE), lambda: projects.rename(other.id, WIDE)):
        with pytest.raises(ValidationFailed) as refused:
            attempt()
        assert refused.value.key == "project.name_taken_as"
        assert WIDE in refused.value.text("ja") and NAME in refused.value.text("ja") and "すでにあります" in refused.value.text("ja")
    from app.projects.transfer import duplicate

    with pytest.raises(ValidationFailed) as refused:
        duplicate(workspace.db, first.id, WIDE)
    assert refused.value.key == "project.name_taken_as"
    with pytest.raises(ValidationFailed) as same:
        projects.create(NAME)
    assert same.value.key == "project.name_taken"  # spelt the same: said as ever
    assert [p.name for p in projects.list()] == ["別の案件", NAME]
    assert projects.rename(first.id, WIDE).name == WIDE  # its own name in another width: its own to take
    assert projects.resolve(NAME).id == first.id  # found by the name in either width


def test_an_imported_project_whose_name_is_another_in_full_width_is_numbered(workspace) -> None:
    ProjectService(workspace.db).create(NAME)
    with workspace.db.session() as s:
        assert free_name(s, WIDE) == WIDE + " (2)"


def test_a_database_holding_two_names_alike_still_opens_and_each_is_found_by_its_id(workspace) -> None:
    projects = ProjectService(workspace.db)
    first = projects.create(NAME)
    with workspace.db.session() as s:  # (as a database made before names were compared in one width holds them)
        s.add(Project(uuid="0" * 32, name=WIDE, customer="", description="", lang="ja", settings={}))
    assert sorted(p.name for p in projects.list()) == sorted([NAME, WIDE])
    with pytest.raises(UserError) as alike:
        projects.resolve(NAME)
    assert alike.value.key == "project.names_alike" and "全角と半角" in alike.value.text("ja")
    assert projects.resolve(f"id:{first.id}").name == NAME
    assert projects.update(first.id, customer="顧客").customer == "顧客"  # either is still edited


def test_the_windows_new_project_and_rename_refuse_a_name_in_full_width(japanese_window, monkeypatch) -> None:
    from PySide6.QtGui import QAction

    from app.ui import messages
    from tests.gui_helpers import settle

    window = japanese_window
    errors: list[str] = []  # as the window says them (Japanese)
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: errors.append(error.text("ja")))
    shown = window.state.project.name
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in shown)
    assert wide != shown
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: wide)
    before = ProjectService(window.state.workspace.db).list()
    window.new_action.trigger()
    settle(window)
    assert len(errors) == 1 and "すでにあります" in errors[0] and shown in errors[0], errors
    assert ProjectService(window.state.workspace.db).list() == before
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "二つ目の案件")
    window.new_action.trigger()
    settle(window)
    second = window.state.project_id
    assert window.state.project.name == "二つ目の案件"
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: wide)
    window.findChild(QAction, "renameProjectAction").trigger()
    settle(window)
    assert len(errors) == 2 and "すでにあります" in errors[1] and shown in errors[1], errors
    assert window.state.projects.get(second).name == "二つ目の案件" == window.state.project.name


# --- company holidays ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [("  夏季休暇  ", "夏季休暇"), ("\n", ""), ("夏季\n休暇", "夏季 休暇"), ("　お盆　", "お盆")])
def test_a_holiday_name_is_trimmed_by_the_operation_and_undone_as_it_was(workspace, typed, stored) -> None:
    day = dt.date(2027, 1, 6)
    change = ops.run(workspace, cc.edit_holidays_op(-1, {day: typed}))
    assert cc.holidays(workspace.db) == {day: stored}
    ops.run(workspace, ops.undo_op(change))
    assert cc.holidays(workspace.db) == {}


# --- people --------------------------------------------------------------------------------------------------


def test_a_task_owned_without_the_space_gets_the_persons_days_off_and_load(workspace) -> None:
    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    task = add(service, pid, "前処理", estimate_days=3, owner_name="山田太郎")
    ops.run(workspace, people.put_person_op(pid, Person("山田 太郎", "DS", days_off=frozenset({dt.date(2026, 12, 8)}))))
    assert people.candidates(workspace, pid) == []  # the owner is that person: not offered again
    schedule(workspace, pid)
    dates = service.tree(pid).tasks[task]
    assert (dates.start, dates.finish) == (MON, dt.date(2026, 12, 10))  # Tuesday off: Mon, Wed, Thu
    load = project_load(workspace, pid)
    assert [(w.person, w.days) for w in load.weeks] == [("山田 太郎", 3.0)]


def test_a_person_typed_without_the_space_is_refused_as_the_one_stored_and_the_namesake_question_stands(workspace) -> None:
    pid = new_project(workspace)
    ops.run(workspace, people.put_person_op(pid, Person("山田 太郎", "DS")))
    with pytest.raises(ValidationFailed) as taken:
        ops.run(workspace, people.put_person_op(pid, Person("山田太郎", "PM"), new=True))
    assert taken.value.key == "resources.name_taken" and "山田 太郎" in taken.value.text("ja")
    with pytest.raises(ConflictError):  # spelt as stored: asked about, as before
        ops.run(workspace, people.put_person_op(pid, Person("山田 太郎", "PM"), new=True))
    seen = people.read(workspace, pid)[0]
    ops.run(workspace, people.put_person_op(pid, Person("山田 太郎", "PM"), new=True, over=seen))
    assert people.read(workspace, pid) == [Person("山田 太郎", "PM")]  # the name as first typed


def test_two_people_stored_before_they_were_one_are_each_edited_by_their_own_spelling(workspace) -> None:
    from app.core.documents import DocumentService

    pid = new_project(workspace)
    entry = {"role": "", "days_per_week": 5, "percent": 100, "off": []}
    with workspace.db.transaction():
        DocumentService(workspace.db).put(pid, people.KIND, {"people": {"山田 太郎": dict(entry), "山田太郎": dict(entry)}})
    ops.run(workspace, people.put_person_op(pid, Person("山田太郎", "PM"), replaces="山田太郎"))
    assert {p.name: p.role for p in people.read(workspace, pid)} == {"山田 太郎": "", "山田太郎": "PM"}
    ops.run(workspace, people.remove_person_op(pid, "山田太郎"))
    assert [p.name for p in people.read(workspace, pid)] == ["山田 太郎"]
