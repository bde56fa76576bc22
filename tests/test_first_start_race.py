"""Two first starts at one moment on one new database (two windows opened by a double click, a
window and `mlops-kickoff --screenshot`): the one demo project, opened by both. The second start
read "no project yet" before the first committed its demo; its own demo is made only while the
database has no demo, checked inside the write lock it waits for (app/projects/demo.create_demo,
``only_first``), so it opens the first's demo instead of making a second one. A project of the
user's own, made meanwhile in the other window, is no demo: the page's promise (the demo) holds."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.content.loader import load_library
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.projects.demo import create_demo
from app.ui import settings
from app.ui.app import open_start_project


class _Start:
    """What a start's ``open_start_project`` uses of the window's state, on its own workspace."""

    def __init__(self, ws: Workspace) -> None:
        self.workspace, self.projects, self.new_project_lang, self.opened = ws, ProjectService(ws.db), "ja", None

    def change_projects(self, call, project_id=None):
        return ops.run(self.workspace, ops.project_op(-1, lambda _ws: call())).detail

    def open_project(self, project_id: int) -> None:
        self.opened = project_id


@pytest.fixture
def two(tmp_path: Path):
    library = load_library(strict=True)
    path = str(tmp_path / "new.sqlite3")
    first, second = Workspace.open(path, library), Workspace.open(path, library)
    yield first, second
    first.close()
    second.close()


def test_two_first_starts_at_once_make_one_demo(two, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = two
    settings.forget_project(settings.last_project() or 0)
    waiting = threading.Event()
    original = second.db.transaction

    @contextmanager
    def noted():  # the second start has read "no project" and now asks for the write lock
        waiting.set()
        with original() as session:
            yield session

    monkeypatch.setattr(second.db, "transaction", noted)
    start = _Start(second)
    errors: list[BaseException] = []

    def second_start() -> None:
        try:
            open_start_project(start, None, make_demo=True)
        except BaseException as exc:  # (said by the assertion below)
            errors.append(exc)

    with first.db.transaction():  # the first start's demo, being made (its write lock held)
        made = create_demo(first, "ja")
        thread = threading.Thread(target=second_start)
        thread.start()
        assert waiting.wait(10)
    thread.join(30)
    assert not thread.is_alive() and not errors, errors
    projects = ProjectService(first.db).list()
    assert [p.name for p in projects] == [made.name]
    assert start.opened == made.id


def test_a_first_start_on_an_empty_database_makes_the_demo(two) -> None:
    _first, second = two
    settings.forget_project(settings.last_project() or 0)
    start = _Start(second)
    open_start_project(start, None, make_demo=True)
    projects = ProjectService(second.db).list()
    assert len(projects) == 1 and start.opened == projects[0].id
    assert projects[0].lang == "ja" and projects[0].customer  # the demo, made (not an empty project)


def test_a_first_start_beside_a_project_of_the_users_own_still_opens_the_demo(two) -> None:
    first, second = two
    settings.forget_project(settings.last_project() or 0)
    ProjectService(first.db).create("顧客A", lang="ja")  # made a moment ago on the other window's welcome page
    made = create_demo(second, "ja", only_first=True)
    assert made.name != "顧客A" and made.customer
    assert create_demo(first, "ja", only_first=True).id == made.id  # and the other window's Close opens that demo
