"""A project whose stored data its own import would refuse: Duplicate, Copy Project To… and the export
say the damage is the project's (what is damaged by its label, a WBS task by its title), never a file,
the target database or a field's path, and write nothing. Names and task uids stay within what a project
file takes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.errors import UserError
from app.core.project_file import MAX_INT
from app.core.projects import MAX_NAME, ProjectService
from app.projects import transfer
from app.projects.database_copy import ProjectCopyFailed, copy_to
from app.projects.file_format import ProjectTooLarge
from app.wbs.service import WbsService
from app.wbs.store import WbsMeta

INTERNAL = ("ファイル", "取り込", "parts.", "project.", "sqlite:", "file", "import")


def stored(workspace, statement: str, **params) -> None:
    """Write straight into the database, as an earlier version (or a damaged disk) left it."""
    with workspace.db.engine.begin() as connection:
        connection.execute(text(statement), params)


def refusals(workspace, demo, tmp_path: Path) -> list[UserError]:
    """Duplicate, Copy Project To… and the export of the demo, each refused; nothing written."""
    count = ProjectService(workspace.db).count()
    caught = []
    for attempt, kind in ((lambda: transfer.duplicate(workspace.db, demo.id), UserError),
                          (lambda: copy_to(workspace.db, demo.id, str(tmp_path / "other.sqlite3")), ProjectCopyFailed),
                          (lambda: transfer.export_file(workspace.db, demo.id, tmp_path / "out.json"), ProjectTooLarge)):
        with pytest.raises(kind) as refused:
            attempt()
        caught.append(refused.value)
    assert ProjectService(workspace.db).count() == count
    assert not any(tmp_path.glob("other.sqlite3*")) and not (tmp_path / "out.json").exists()
    return caught


def said(errors: list[UserError]) -> list[str]:
    """The three refusals in Japanese then English; none speaks of a field's path, a URL or an import,
    and only the export's of the file (the one it did not write)."""
    lines = [e.text(lang) for e in errors for lang in ("ja", "en")]
    assert not [line for line in lines[:4] if any(word in line for word in INTERNAL)], lines
    assert not [line for line in lines[4:] if any(word in line for word in INTERNAL[2:5])], lines
    assert all(line.startswith(str(errors[2].params["path"])) for line in lines[4:]), lines
    return lines


def test_a_stored_wbs_task_out_of_bounds_is_named_by_its_title_and_field(workspace, demo, tmp_path: Path) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    title = tree.tasks[tree.children[None][0]].title
    stored(workspace, "UPDATE wbs_tasks SET estimate_days = 5000 WHERE project_id = :p AND title = :t", p=demo.id, t=title)
    for line in said(refusals(workspace, demo, tmp_path))[::2]:
        assert f"WBS のタスク「{title}」の見積(人日)が壊れています(1,000 以下" in line, line


def test_a_stored_dependency_cycle_is_said_as_the_projects(workspace, demo, tmp_path: Path) -> None:
    with workspace.db.engine.begin() as connection:
        a, b = connection.execute(text("SELECT task_id, predecessor_id FROM wbs_dependencies d JOIN wbs_tasks t ON t.id = d.task_id "
                                       "WHERE t.project_id = :p LIMIT 1"), {"p": demo.id}).one()
        connection.execute(text("INSERT INTO wbs_dependencies (task_id, predecessor_id, lag_days, position) VALUES (:a, :b, 0, 9)"),
                           {"a": b, "b": a})
    for line in said(refusals(workspace, demo, tmp_path))[::2]:
        assert "保存されているWBSが壊れています(先行タスクが循環しています(" in line, line


def test_a_stored_name_past_the_limit_is_said_as_the_projects_details(workspace, demo, tmp_path: Path) -> None:
    stored(workspace, "UPDATE projects SET name = :n WHERE id = :p", n="あ" * (MAX_NAME + 4), p=demo.id)
    demo = ProjectService(workspace.db).get(demo.id)
    for line in said(refusals(workspace, demo, tmp_path))[::2]:
        assert "保存されているプロジェクトの情報が壊れています(" in line, line


def test_numbered_copies_of_a_name_at_the_limit_keep_the_number_within_it(workspace) -> None:
    projects = ProjectService(workspace.db)
    first = projects.create("い" * MAX_NAME)
    names = [transfer.duplicate(workspace.db, first.id).name for _ in range(10)]
    assert names[0] == "い" * (MAX_NAME - 4) + " (2)" and names[-1] == "い" * (MAX_NAME - 5) + " (11)"
    again = transfer.duplicate(workspace.db, ProjectService(workspace.db).resolve(names[-1]).id)
    assert len(again.name) <= MAX_NAME and again.name not in names and again.name.endswith(" (2)")
    cut = projects.create("a " + "b" * (MAX_NAME - 7) + " cccc")  # the cut falls on a space: none is left before the number
    assert transfer.duplicate(workspace.db, cut.id).name == "a " + "b" * (MAX_NAME - 7) + " (2)"


def test_a_next_uid_past_what_a_file_takes_is_read_as_none(workspace) -> None:
    assert WbsMeta(next_uid=10**15).next_uid == 1 and WbsMeta(next_uid=MAX_INT + 1).next_uid == MAX_INT + 1
    pid = ProjectService(workspace.db).create("採番").id
    service = WbsService(workspace.db)
    service.add_task(pid, title="最後")
    stored(workspace, "UPDATE wbs_tasks SET uid = :u WHERE project_id = :p", u=MAX_INT, p=pid)
    with pytest.raises(UserError) as refused:  # the next would be past what the project file takes
        service.add_task(pid, title="次")
    assert "1,000,000,000" in refused.value.text("ja") and "何も変更していません" in refused.value.text("ja")
    assert transfer.duplicate(workspace.db, pid).name == "採番 (2)"
