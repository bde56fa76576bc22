"""fix31a: a WBS task's id is never handed out again (0009 makes wbs_tasks AUTOINCREMENT on SQLite, every
row of every table kept through the rebuild), an edit lands only on the task the window showed (its uid),
a structure edit or a predecessor naming a task deleted in another window says so, and a number typed
with an underscore is refused (Python's float() reads 「1_5」 as 15)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

import app.features  # noqa: F401  (the content types the demo's library needs)
from app.core import operations as ops
from app.core.errors import FieldRefused, NotFoundError, ValidationFailed
from app.core.storage.db import SCHEMA_HEAD, Database
from app.core.workspace import Workspace
from app.projects.demo import create_demo
from app.ui.wbs.model import column_index
from app.wbs.checks import PredecessorGone, clean_fields
from app.wbs.files.sheet_cells import RowError, read_uid
from app.wbs.model import Dependency
from app.wbs.service import WbsService
from tests.gui_helpers import settle
from tests.wbs_helpers import add, new_project

PREVIOUS_HEAD = "0008"


def _tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but SQLite's own, in rowid (or key) order."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall() for name in names}
    finally:
        conn.close()


def _schema(path: Path, table: str) -> tuple[str, list[tuple]]:
    """The table's CREATE statement and its indexes (name, SQL; SQLite's own named by what they cover)."""
    conn = sqlite3.connect(path)
    try:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
        indexes = []
        for _seq, name, unique, origin, _partial in conn.execute(f'PRAGMA index_list("{table}")'):
            columns = tuple(r[2] for r in conn.execute(f'PRAGMA index_info("{name}")'))
            indexes.append((name if not name.startswith("sqlite_") else "", bool(unique), origin, columns))
        return sql, sorted(indexes)
    finally:
        conn.close()


def test_a_populated_database_of_the_previous_schema_keeps_every_task_and_link_and_never_reuses_a_task_id(tmp_path: Path, library) -> None:
    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}", migrate=False)
    try:
        with db.engine.begin() as conn:
            command.upgrade(db._alembic_config(conn), PREVIOUS_HEAD)
        ws = Workspace(db, library)
        for lang in ("ja", "en"):
            ops.run(ws, ops.project_op(-1, lambda ws, lang=lang: create_demo(ws, lang)))
    finally:
        db.close()
    sql, indexes = _schema(path, "wbs_tasks")
    assert "AUTOINCREMENT" not in sql
    before = _tables(path)
    assert before["wbs_tasks"] and before["wbs_dependencies"]
    assert any(row[3] is not None for row in before["wbs_tasks"])  # sub-tasks: rows pointing at rows of the table rebuilt

    db = Database(f"sqlite:///{path}")  # migrates, a backup first
    try:
        assert db.current_revision() == SCHEMA_HEAD == "0009" and len(db.backups) == 1
        after = _tables(path)
        assert {t: rows for t, rows in after.items() if t != "alembic_version"} == {
            t: rows for t, rows in before.items() if t != "alembic_version"}
        sql_after, indexes_after = _schema(path, "wbs_tasks")
        assert "AUTOINCREMENT" in sql_after
        assert indexes_after == indexes  # its indexes and its unique (project_id, uid) made again
        assert "REFERENCES wbs_tasks (id) ON DELETE CASCADE" in sql_after  # the sub-tasks' link to their parent
        with db.engine.connect() as conn:  # the connection the app goes on with: its foreign keys on again
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []

        service = WbsService(db)
        pid = before["wbs_tasks"][-1][1]
        newest = max(row[0] for row in before["wbs_tasks"])
        parent = next(row[3] for row in before["wbs_tasks"] if row[0] == newest)
        linked = {row[1] for row in before["wbs_dependencies"] if newest in (row[1], row[2])}
        service.delete(pid, [newest])  # its links go with it, as before
        assert not [r for r in _tables(path)["wbs_dependencies"] if newest in (r[1], r[2])]
        assert all(i in service.tree(pid).tasks for i in linked - {newest})
        created = service.add_task(pid, parent, title="次のタスク").created[0]
        assert created == newest + 1
        child = service.add_task(pid, created, title="その下のタスク").created[0]
        service.delete(pid, [created])  # its sub-task goes with it (ON DELETE CASCADE on the rebuilt table)
        assert child not in service.tree(pid).tasks
        assert service.add_task(pid, parent, title="もう一つ").created[0] > child
    finally:
        db.close()
    assert _tables(db.backups[0])["wbs_tasks"] == before["wbs_tasks"]  # the copy is as the old release left it


def test_a_new_database_never_gives_a_deleted_tasks_id_again(any_workspace: Workspace) -> None:
    """On a SQLite file (AUTOINCREMENT from the migrations) and on PostgreSQL (its sequence)."""
    service = WbsService(any_workspace.db)
    pid = new_project(any_workspace)
    first, second = add(service, pid, "一つ目"), add(service, pid, "二つ目")
    service.delete(pid, [second])
    third = add(service, pid, "三つ目")
    assert third not in (first, second)


# --- the core: an edit lands only on the task shown --------------------------------------------------------------


@pytest.fixture
def wbs(workspace):
    service = WbsService(workspace.db)
    pid = new_project(workspace)
    ids = {name: add(service, pid, name) for name in ("A", "B", "C")}
    return service, pid, ids


def test_an_edit_of_a_task_whose_id_holds_another_task_now_is_said_gone_and_changes_nothing(wbs) -> None:
    service, pid, t = wbs
    uids = {i: task.uid for i, task in service.tree(pid).tasks.items()}
    with pytest.raises(NotFoundError) as refused:
        service.update(pid, [t["A"]], uids={t["A"]: uids[t["A"]] + 100}, title="別のタスクへ")
    assert refused.value.key == "wbs.task_gone"
    assert service.tree(pid).tasks[t["A"]].title == "A"
    change = service.update(pid, [t["A"], t["B"]], uids={t["A"]: uids[t["A"]] + 100, t["B"]: uids[t["B"]]}, notes="メモ")
    assert change.info["gone"] == (t["A"],)  # a multi-select edit: the others take it
    tree = service.tree(pid)
    assert tree.tasks[t["A"]].notes == "" and tree.tasks[t["B"]].notes == "メモ"
    assert service.update(pid, [t["C"]], uids={t["C"]: uids[t["C"]]}, notes="同じ").changed  # the task shown: saved


def test_predecessors_of_or_onto_a_task_that_is_another_now_are_refused(wbs) -> None:
    service, pid, t = wbs
    uids = {i: task.uid for i, task in service.tree(pid).tasks.items()}
    link = [Dependency(predecessor_id=t["A"])]
    with pytest.raises(NotFoundError) as refused:
        service.set_dependencies(pid, t["B"], link, {t["B"]: uids[t["B"]] + 100, t["A"]: uids[t["A"]]})
    assert refused.value.key == "wbs.task_gone"
    with pytest.raises(PredecessorGone) as gone:
        service.set_dependencies(pid, t["B"], link, {t["B"]: uids[t["B"]], t["A"]: uids[t["A"]] + 100})
    assert gone.value.predecessor_id == t["A"] and gone.value.text("ja").startswith("2 B: 先行タスク")
    assert service.tree(pid).tasks[t["B"]].dependencies == []
    assert service.set_dependencies(pid, t["B"], link, uids).changed


def test_a_predecessor_deleted_is_said_deleted_one_of_another_plan_is_said_of_another_plan(workspace, wbs) -> None:
    service, pid, t = wbs
    service.delete(pid, [t["A"]])
    with pytest.raises(PredecessorGone) as gone:
        service.set_dependencies(pid, t["B"], [Dependency(predecessor_id=t["A"])])
    assert "削除" in gone.value.text("ja") and "deleted" in gone.value.text("en")
    assert "削除" in gone.value.named("1 B", "1 A").text("ja") and gone.value.named("1 B", "1 A").text("ja").startswith("1 B: 先行タスク 1 A ")
    other = add(service, new_project(workspace, "別"), "別の計画のタスク")
    with pytest.raises(ValidationFailed) as elsewhere:
        service.set_dependencies(pid, t["B"], [Dependency(predecessor_id=other)])
    assert elsewhere.value.key == "wbs.predecessor_elsewhere"


@pytest.mark.parametrize("edit", ["indent", "outdent", "up", "down", "move"])
def test_a_structure_edit_of_a_task_deleted_meanwhile_is_said_gone_and_moves_nothing(wbs, edit: str) -> None:
    service, pid, t = wbs
    child = add(service, pid, "B の下", t["B"])
    before = service.tree(pid).tasks
    service.delete(pid, [child])
    calls = {"indent": lambda: service.indent(pid, [child]), "outdent": lambda: service.outdent(pid, [child]),
             "up": lambda: service.move_by(pid, [child], -1), "down": lambda: service.move_by(pid, [child], 1),
             "move": lambda: service.move(pid, [t["C"], child], None, 0)}
    with pytest.raises(NotFoundError) as refused:
        calls[edit]()
    assert refused.value.key == "wbs.task_gone"
    assert service.tree(pid).tasks == {i: task for i, task in before.items() if i != child}


# --- numbers typed with an underscore ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1_5", "1_000", "１＿５", "2_人日", "_3"])
def test_an_estimate_with_an_underscore_is_refused_naming_what_was_typed(typed: str) -> None:
    with pytest.raises(FieldRefused) as refused:
        clean_fields({"estimate_days": typed})
    assert refused.value.key == "field.not_a_number" and typed in refused.value.text("ja")


def test_estimates_without_an_underscore_read_as_before() -> None:
    assert clean_fields({"estimate_days": "１．５"})["estimate_days"] == 1.5
    assert clean_fields({"estimate_days": "3人日"})["estimate_days"] == 3.0
    assert clean_fields({"estimate_days": 2})["estimate_days"] == 2.0


def test_a_sheets_task_id_with_an_underscore_is_refused_not_read_as_another_tasks() -> None:
    with pytest.raises(RowError):
        read_uid("1_5", 7)
    assert read_uid("15", 7) == 15 and read_uid(15.0, 7) == 15


# --- the window ------------------------------------------------------------------------------------------------

TASK = 16  # 2.6
PREDECESSOR = 15  # 2.5 評価指標・撤退ラインの合意
NEWEST = 86  # 2.9


@pytest.fixture
def window(japanese_window):
    japanese_window.show_page("wbs")
    settle(japanese_window)
    return japanese_window


def _another_task_at(window, task_id: int) -> None:
    """The id now holds another task (as a database that hands a deleted task's id out again would have it)."""
    with window.state.workspace.db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE wbs_tasks SET uid = uid + 10000, title = '同僚の新しいタスク' WHERE id = ?", (task_id,))


def test_a_date_typed_into_a_task_whose_id_holds_another_now_is_said_with_the_typing_and_not_saved(window, said) -> None:
    page = window.page("wbs")
    _another_task_at(window, NEWEST)
    page.model.setData(page.model.index_of(NEWEST, column_index("not_before")), "2026/12/10")
    settle(window)
    assert WbsService(window.state.workspace.db).tree(window.state.project_id).tasks[NEWEST].not_before is None
    assert said and "削除" in said[0] and "2026/12/10" in said[0] and "2.9" in said[0], said


def test_a_predecessor_whose_id_holds_another_task_now_is_said_by_the_name_shown_with_the_typing(window, said) -> None:
    page = window.page("wbs")
    service = WbsService(window.state.workspace.db)
    before = service.tree(window.state.project_id).tasks[TASK].dependencies
    _another_task_at(window, PREDECESSOR)
    page.model.setData(page.model.index_of(TASK, column_index("predecessors")), "2.5")
    settle(window)
    assert service.tree(window.state.project_id).tasks[TASK].dependencies == before
    assert said and "2.5 評価指標・撤退ラインの合意" in said[0] and "削除" in said[0], said
    assert "先行タスク: 2.5" in said[0], said  # what was typed, said back


def test_a_predecessor_deleted_elsewhere_names_both_tasks_as_the_table_showed_them(window, said) -> None:
    page = window.page("wbs")
    WbsService(window.state.workspace.db).delete(window.state.project_id, [PREDECESSOR])  # 2.6 is 2.5 now, stored
    page.model.setData(page.model.index_of(TASK, column_index("predecessors")), "2.5")
    settle(window)
    assert said and said[0].startswith("2.6 技術KPIとビジネスKPIの紐付け: 先行タスク 2.5 評価指標・撤退ラインの合意 "), said


def test_a_predecessor_ticked_in_the_dialog_and_deleted_meanwhile_is_said_by_its_name(window, said, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    page = window.page("wbs")
    page.select_task(TASK)
    pid = window.state.project_id

    def tick_then_colleague_deletes(dialog) -> QDialog.DialogCode:
        for n in range(dialog.list.count()):
            item = dialog.list.item(n)
            if item.data(Qt.ItemDataRole.UserRole) == NEWEST:
                item.setCheckState(Qt.CheckState.Checked)
        WbsService(window.state.workspace.db).delete(pid, [NEWEST])  # another window, while the dialog is open
        dialog.accept()
        return QDialog.DialogCode.Accepted if dialog.result() == QDialog.DialogCode.Accepted else QDialog.DialogCode.Rejected

    monkeypatch.setattr(page, "exec_dialog", tick_then_colleague_deletes)
    page.pick_predecessors()
    settle(window)
    assert not any(text.startswith("CRASH") for text in said), said
    assert said and "削除" in said[0] and "2.9 " in said[0], said
    assert NEWEST not in page.model.tree.tasks  # the table shows the plan as it is


@pytest.mark.parametrize("edit", ["outdent", "move_up", "move_down"])
def test_outdent_and_moves_of_a_task_deleted_in_another_window_say_it_is_gone(window, said, edit: str) -> None:
    page = window.page("wbs")
    page.select_task(NEWEST)
    WbsService(window.state.workspace.db).delete(window.state.project_id, [NEWEST])
    {"outdent": page.outdent, "move_up": lambda: page.move_selected(-1), "move_down": lambda: page.move_selected(1)}[edit]()
    settle(window)
    assert said and "もうありません" in said[0], said
    assert NEWEST not in page.model.tree.tasks
