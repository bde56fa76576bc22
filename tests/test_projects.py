"""Projects: create, rename, duplicate, archive, delete, list, resolve."""

from __future__ import annotations

import time

import pytest

from app.core.errors import NotFoundError, ValidationFailed
from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.projects import transfer


@pytest.fixture
def projects(workspace) -> ProjectService:
    return ProjectService(workspace.db)


def test_create_and_list_most_recent_first(projects: ProjectService) -> None:
    a = projects.create("Alpha", customer="ACME")
    time.sleep(0.01)
    b = projects.create("Beta")
    assert [p.name for p in projects.list()] == ["Beta", "Alpha"]
    assert projects.get(a.id).customer == "ACME"
    assert b.uuid != a.uuid and len(b.uuid) == 36


def test_names_are_trimmed_required_and_unique(projects: ProjectService) -> None:
    assert projects.create("  Spaced   out  ").name == "Spaced out"
    with pytest.raises(ValidationFailed, match="needs a name"):
        projects.create("   ")
    with pytest.raises(ValidationFailed, match="already exists"):
        projects.create("Spaced out")
    with pytest.raises(ValidationFailed, match="at most"):
        projects.create("x" * 201)


def test_rename_refuses_a_taken_name_and_changes_nothing(projects: ProjectService) -> None:
    a = projects.create("Alpha")
    projects.create("Beta")
    with pytest.raises(ValidationFailed):
        projects.rename(a.id, "Beta")
    assert projects.get(a.id).name == "Alpha"
    assert projects.rename(a.id, "Gamma").name == "Gamma"


def test_rename_moves_the_project_to_the_top(projects: ProjectService) -> None:
    a = projects.create("Alpha")
    time.sleep(0.01)
    projects.create("Beta")
    time.sleep(0.01)
    projects.rename(a.id, "Alpha 2")
    assert projects.list()[0].id == a.id


def test_duplicate_copies_answers_and_history(workspace, demo) -> None:
    ProjectService(workspace.db)
    copy = transfer.duplicate(workspace.db, demo.id)
    assert copy.name == f"{demo.name} (2)" and copy.uuid != demo.uuid
    answers = AnswerService(workspace.db, workspace.library)
    original = answers.answers(demo.id)
    copied = answers.answers(copy.id)
    assert copied.keys() == original.keys()
    item = "hearing.basics.background"
    assert copied[item].value == original[item].value
    assert len(answers.history(copy.id, item)) == len(answers.history(demo.id, item)) >= 1
    # The copy is independent.
    answers.update(copy.id, item, value="changed in the copy")
    assert answers.answer(demo.id, item).value == original[item].value


def test_a_duplicate_is_created_now_not_when_its_source_was(workspace, demo) -> None:
    """The Projects list's created / last changed of a copy are the copy's own (breaker 47b noted them the source's)."""
    import datetime as dt

    from app.core.storage.models import Project

    with workspace.db.session() as s:
        old = dt.datetime(2020, 1, 2, 3, 4, 5)
        s.get(Project, demo.id).created_at = s.get(Project, demo.id).updated_at = old
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=5)
    copy = transfer.duplicate(workspace.db, demo.id)
    with workspace.db.session() as s:
        made = s.get(Project, copy.id)
        assert made.created_at >= before and made.updated_at >= before, (made.created_at, made.updated_at)
        assert s.get(Project, demo.id).created_at == old  # the source as it was


def test_duplicate_with_a_taken_name_is_refused(workspace, demo) -> None:
    projects = ProjectService(workspace.db)
    other = projects.create("Other")
    with pytest.raises(ValidationFailed):
        transfer.duplicate(workspace.db, demo.id, other.name)
    assert len(projects.list()) == 2


@pytest.mark.parametrize("name", ["", "   "])
def test_duplicate_with_an_empty_name_given_is_refused_as_a_new_project_is(workspace, demo, name, db_path, capsys) -> None:
    from app.cli.main import main

    projects = ProjectService(workspace.db)
    with pytest.raises(ValidationFailed) as refused:
        transfer.duplicate(workspace.db, demo.id, name)
    assert refused.value.key == "project.needs_name"
    assert main(["--db", str(db_path), "--lang", "ja", "project", "duplicate", str(demo.id), "--name", name]) == 2
    assert "名前が必要" in capsys.readouterr().err
    assert len(projects.list()) == 1


def test_archive_hides_from_the_active_list_and_restores(projects: ProjectService) -> None:
    a = projects.create("Alpha")
    projects.set_archived(a.id, True)
    assert [p.name for p in projects.list(include_archived=False)] == []
    assert projects.list()[0].archived
    projects.set_archived(a.id, False)
    assert [p.name for p in projects.list(include_archived=False)] == ["Alpha"]


def test_restoring_a_project_not_archived_changes_nothing(projects: ProjectService) -> None:
    """`project archive --undo` of an active project: not "changed" (the other windows do not read it again,
    its place in the most-recent-first list stays)."""
    first, second = projects.create("A"), projects.create("B")
    before = projects.get(first.id)
    assert not projects.set_archived(first.id, False).archived
    assert projects.get(first.id).updated_at == before.updated_at
    assert [p.name for p in projects.list()] == ["B", "A"] and second.id
    archived = projects.set_archived(second.id, True)
    assert projects.set_archived(second.id, True).updated_at == archived.updated_at


def test_delete_removes_the_project(workspace, demo) -> None:
    projects = ProjectService(workspace.db)
    projects.delete(demo.id)
    with pytest.raises(NotFoundError):
        projects.get(demo.id)
    assert AnswerService(workspace.db, workspace.library).answers(demo.id) == {}


def test_resolve_by_id_name_or_uuid(projects: ProjectService) -> None:
    a = projects.create("Alpha")
    numeric = projects.create("2024")  # a name that looks like an id
    assert projects.resolve(str(a.id)).id == a.id
    assert projects.resolve("Alpha").id == a.id
    assert projects.resolve(a.uuid).id == a.id
    assert projects.resolve("2024").id == numeric.id
    with pytest.raises(NotFoundError, match="no project “nope”"):
        projects.resolve("nope")


def test_a_copy_of_a_numbered_copy_takes_the_next_number(workspace, demo) -> None:
    ProjectService(workspace.db)
    second = transfer.duplicate(workspace.db, demo.id)
    third = transfer.duplicate(workspace.db, second.id)
    assert (second.name, third.name) == (f"{demo.name} (2)", f"{demo.name} (3)")


def test_the_overview_counts_the_wbs_as_its_totals_do(workspace, demo) -> None:
    """The header's WBS figures (read from two columns) are those of the WBS's own totals."""
    from app.projects.overview import overview
    from app.wbs import WbsService, totals

    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    leaves = [t.id for t in tree.walk() if not tree.has_children(t.id)]
    service.update(demo.id, leaves[:3], completion_condition=" \u3000\n")  # blank to the eye: not a condition
    service.update(demo.id, leaves[3:5], agreed=True)
    sums = totals(service.tree(demo.id))
    info = overview(workspace, demo.id)
    assert (info.wbs_tasks, info.wbs_without_condition, info.wbs_not_agreed) == (sums.tasks, sums.without_completion, sums.not_agreed)
    assert sums.without_completion >= 3 and 0 < sums.not_agreed < sums.tasks
