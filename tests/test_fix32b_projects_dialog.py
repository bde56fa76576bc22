"""fix32b: File ▸ プロジェクトを開く… follows changes of projects made here and in other windows; the selection
stays on its project (never on whichever row took its place); each button acts on the project as it is now
(Delete… asks by the name it has now, and says when it is gone)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from app.core.projects import ProjectService
from app.core.storage.db import Database
from app.ui import messages
from app.ui.projects.dialog import ProjectsDialog
from tests.gui_helpers import settle


@pytest.fixture
def window(japanese_window):
    return japanese_window


@contextmanager
def colleague(db_path) -> Iterator[ProjectService]:
    """Another process on the same database."""
    db = Database(f"sqlite:///{db_path}")
    try:
        yield ProjectService(db)
    finally:
        db.close()


def heard(window) -> None:
    window.watcher.poll()
    settle(window)


@pytest.fixture
def dialog(window, qtbot):
    shown = ProjectsDialog(window.state, window, window.watcher)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.reject()


def names(dialog) -> list[str]:
    return [dialog.model.project_at(row).name for row in range(dialog.model.rowCount())]


def test_the_selection_stays_on_its_project_when_another_window_moves_the_rows(window, dialog, db_path) -> None:
    service = ProjectService(window.state.workspace.db)
    first, second = service.create("案件アルファ"), service.create("案件ベータ")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(first.id))
    time.sleep(0.01)
    with colleague(db_path) as theirs:
        theirs.rename(second.id, "案件ベータ改")  # to the top of the list
        theirs.create("同僚の案件")
    heard(window)
    assert "案件ベータ改" in names(dialog) and "同僚の案件" in names(dialog)
    assert dialog.selected() is not None and dialog.selected().id == first.id


def test_a_project_renamed_here_is_followed(window, dialog) -> None:
    pid = window.state.project_id
    window.state.change_projects(lambda: window.state.projects.rename(pid, "この窓で付けた名前"))
    settle(window)
    assert "この窓で付けた名前" in names(dialog)


def test_the_selected_project_deleted_elsewhere_leaves_nothing_selected(window, dialog, db_path) -> None:
    other = ProjectService(window.state.workspace.db).create("消される案件")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(other.id))
    with colleague(db_path) as theirs:
        theirs.delete(other.id)
    heard(window)
    assert dialog.model.row_of(other.id) < 0
    assert dialog.selected() is None and not dialog.buttons["delete"].isEnabled()  # no other project under the finger


def test_delete_asks_by_the_name_the_project_has_now(window, dialog, monkeypatch) -> None:
    other = ProjectService(window.state.workspace.db).create("旧い名前")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(other.id))
    ProjectService(window.state.workspace.db).rename(other.id, "新しい名前")  # elsewhere, not heard yet
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or False)
    dialog.delete_selected()
    assert len(asked) == 1 and "「新しい名前」" in asked[0] and "旧い名前" not in asked[0], asked
    assert ProjectService(window.state.workspace.db).get(other.id).name == "新しい名前"


def test_delete_asks_again_when_the_project_was_renamed_while_asked(window, dialog, monkeypatch) -> None:
    service = ProjectService(window.state.workspace.db)
    other = service.create("旧い名前")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(other.id))
    asked: list[str] = []

    def confirm(_p, _t, text: str) -> bool:
        asked.append(text)
        if len(asked) == 1:
            service.rename(other.id, "新しい名前")  # another window, while the question is open
            return True
        return False

    monkeypatch.setattr(messages, "confirm", confirm)
    dialog.delete_selected()
    assert len(asked) == 2 and "「新しい名前」" in asked[1], asked
    assert service.get(other.id).name == "新しい名前"  # the no to the project as it is: kept


def test_delete_of_a_project_gone_meanwhile_says_it_and_asks_nothing(window, dialog, monkeypatch, said) -> None:
    service = ProjectService(window.state.workspace.db)
    other = service.create("消える案件")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(other.id))
    service.delete(other.id)  # elsewhere, not heard yet
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)
    count = len(service.list())
    dialog.delete_selected()
    assert not asked and len(said) == 1 and "消える案件" in said[0], said
    assert len(service.list()) == count and dialog.model.row_of(other.id) < 0
