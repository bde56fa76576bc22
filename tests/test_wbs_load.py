"""Loading a WBS from the database: every field, the links in order, and rows another version left."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from app.core.storage.models import WbsTask
from app.wbs.model import Dependency, Status, Task, TaskOrigin
from app.wbs.service import WbsService
from tests.wbs_helpers import add, new_project


def test_a_loaded_task_is_the_task_written_and_odd_rows_read_as_defaults(workspace) -> None:
    pid = new_project(workspace)
    service = WbsService(workspace.db)
    first = add(service, pid, "First")
    second = add(service, pid, "Second")
    task = Task(
        id=-1, uid=0, position=2, title="学習環境", priority="must", estimate_days=1.5, start=dt.date(2031, 3, 4),
        milestone=True, status=Status.DONE, agreed=True, agreed_on=dt.date(2031, 3, 1), notes="n", phase="planning",
        origin=TaskOrigin(rule_id="r", template_id="t", answers=[{"item": "x", "of": "now", "value": [1, 2]}]),
        often_missed="adoption", user_edited=True,
        dependencies=[Dependency(predecessor_id=second, lag_days=2), Dependency(predecessor_id=first, lag_days=-1)],
    )  # fmt: skip
    new_id = service.apply_snapshot(pid, {-1: task}).created[0]
    loaded = service.tree(pid).tasks[new_id]
    assert loaded == task.model_copy(update={"id": new_id, "uid": loaded.uid}) and loaded.uid > 0
    assert service.snapshot(pid, [new_id, 999_999]) == {new_id: loaded, 999_999: None}
    with workspace.db.session() as s:  # a status of a newer version, an origin stored as JSON null
        s.execute(update(WbsTask).where(WbsTask.id == first).values(status="someday", origin=None))
        s.commit()
    odd = service.tree(pid).tasks[first]
    assert odd.status == Status.NOT_STARTED and odd.origin == TaskOrigin()
