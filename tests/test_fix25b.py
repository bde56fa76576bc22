"""fix25b: a project file's WBS documents and task origins checked with the models their readers use;
values of the wrong shape already stored said in one line; duplicates and copies of a project larger
than a project file may be; project names without control characters."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from app.core.documents import DocumentService
from app.core.errors import RefusedImportError, ValidationFailed
from app.core.files.visible_text import fold_name, printable_name
from app.core.projects import ProjectService
from app.core.storage.models import HearingSession, WbsTask, utcnow
from app.projects import file_format, transfer
from app.projects.database_copy import copy_project
from app.wbs.resources import people
from app.wbs.service import WbsService
from app.wbs.tracking import baselines


@pytest.mark.parametrize(("kind", "data", "where"), [
    ("wbs", {"dismissed": "x"}, "dismissed"),
    ("wbs", {"copies": [["a", "b"]]}, "copies.0.1"),
    ("wbs_resources", {"people": ["山田"]}, "people"),
    ("wbs_tracking", {"baselines": 5}, "baselines"),
])
def test_a_wbs_document_of_the_wrong_shape_is_refused_naming_the_document(workspace, demo, kind: str, data: dict, where: str) -> None:
    exported = transfer.export_data(workspace.db, demo.id)
    for doc in exported["documents"]:
        if doc["kind"] == kind:
            doc["data"] = data
            break
    else:
        exported["documents"].append({"kind": kind, "data": data, "updated_at": utcnow().isoformat()})
    before = ProjectService(workspace.db).count()
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, exported, source="p.json")
    assert refused.value.key == "project_file.document_damaged"
    ja = refused.value.text("ja")
    assert where in ja and "p.json" in ja and "何も取り込んでいません" in ja, ja
    assert kind not in ja.replace(where, ""), ja  # the document by its label, not its kind
    assert ProjectService(workspace.db).count() == before


def test_a_task_origin_is_imported_as_the_task_reads_it(workspace, demo) -> None:
    exported = transfer.export_data(workspace.db, demo.id)
    generated = next(t for t in exported["parts"]["wbs"] if t["origin"].get("rule_id"))
    new_id = transfer.import_data(workspace.db, exported)
    tree = WbsService(workspace.db).tree(new_id)
    task = next(t for t in tree.tasks.values() if t.uid == generated["uid"])
    assert task.origin.rule_id == generated["origin"]["rule_id"]


def _stored(workspace, project_id: int, kind: str, data: dict) -> None:
    DocumentService(workspace.db).put(project_id, kind, data)


def test_wbs_values_of_the_wrong_shape_already_stored_are_one_line(workspace, demo) -> None:
    """Stored before the import checked them (an earlier version): each reader says so in a typed
    error naming where, never a traceback."""
    service = WbsService(workspace.db)
    task_id = next(iter(service.tree(demo.id).tasks))
    with workspace.db.session() as s:
        s.execute(update(WbsTask).where(WbsTask.id == task_id).values(origin={"rule_id": 5}))
    with pytest.raises(ValidationFailed) as refused:
        service.tree(demo.id)
    assert refused.value.key == "wbs.origin_damaged" and "rule_id" in refused.value.text("ja")
    with workspace.db.session() as s:
        s.execute(update(WbsTask).where(WbsTask.id == task_id).values(origin={}))

    _stored(workspace, demo.id, people.KIND, {"people": "x"})
    with pytest.raises(ValidationFailed) as refused:
        people.read(workspace, demo.id)
    assert refused.value.key == "resources.damaged"
    with pytest.raises(ValidationFailed):
        people.remove_person_op(demo.id, "山田")(workspace)

    _stored(workspace, demo.id, baselines.KIND, {"progress": "x"})
    with pytest.raises(ValidationFailed) as refused:
        baselines.progress(baselines.read(workspace, demo.id))
    assert refused.value.key == "wbs.tracking_damaged"

    from app.wbs import store

    _stored(workspace, demo.id, store.META_KIND, {"next_uid": "x"})
    with pytest.raises(ValidationFailed) as refused, workspace.db.session() as s:
        store.read_meta(s, demo.id)
    assert refused.value.key == "wbs.meta_damaged"


def _many_sessions(workspace, project_id: int, count: int) -> None:
    with workspace.db.session() as s:
        now = utcnow()
        s.add_all(HearingSession(project_id=project_id, number=n, held_on=now.date(), started_at=now, ended_at=now)
                  for n in range(1, count + 1))


def test_duplicate_and_copy_take_more_sessions_than_a_project_file(workspace, tmp_path: Path) -> None:
    """Every cap of a file from outside (not only the WBS's rows) leaves a project the app holds alone;
    a file of it is still refused."""
    from app.core.storage.db import Database

    pid = ProjectService(workspace.db).create("多回ヒアリング").id
    _many_sessions(workspace, pid, file_format.MAX_SESSIONS + 1)
    copy = transfer.duplicate(workspace.db, pid)
    target = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    try:
        copied = copy_project(workspace.db, pid, target)
        assert ProjectService(target).get(copied).name == "多回ヒアリング"
    finally:
        target.close()
    exported = transfer.export_data(workspace.db, copy.id)
    assert len(exported["sessions"]) == file_format.MAX_SESSIONS + 1
    with pytest.raises(RefusedImportError) as refused:
        transfer.import_data(workspace.db, exported)
    assert refused.value.key == "project_file.damaged" and "1,000" in refused.value.text("en")


def test_a_project_name_never_keeps_a_control_character(workspace) -> None:
    projects = ProjectService(workspace.db)
    made = projects.create("案件\x1b[2J\x07\x9b\x7fA")
    assert made.name == "案件[2JA"
    renamed = projects.rename(made.id, "改名\x1b]0;x\x07後\tです")
    assert renamed.name == "改名]0;x後 です"
    with pytest.raises(ValidationFailed):
        projects.create("\x1b\x07")
    assert fold_name("a\x1bb") == fold_name("ab")  # looks the same: the same name


def test_a_name_stored_with_control_characters_is_printed_escaped() -> None:
    assert printable_name("旧\x1b[2J名\x07") == "旧\\x1b[2J名\\x07"
    assert printable_name("👨\u200d👩\u200d👧 計画") == "👨\u200d👩\u200d👧 計画"
