"""A project holding what an earlier version stored, and the app keeps reading as it was, can be
exported, duplicated and imported again: a user's only copy of it is never a project the export refuses.

- words in a table's date cell (saved while the column held text): the page shows them as they are
  and asks for a date when the table is next saved, as for a date item's words;
- a WBS progress or baseline entry keyed by no task id (``"²"``, stored by an import before it checked
  the keys): every reader reads it as nothing; the export and the copies leave it out, the rest of the
  progress and the baselines as they were."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from app.core.documents import DocumentService
from app.core.storage.models import Answer
from app.projects import transfer
from app.wbs.tracking import baselines as tracking

SCHEDULE = "hearing.basics.schedule"  # a table with a date column ("date")


def _answer(workspace, project_id: int, item_id: str):
    with workspace.db.session() as s:
        return s.scalar(select(Answer.value).where(Answer.project_id == project_id, Answer.item_id == item_id))


def test_words_in_a_tables_date_cell_are_exported_and_come_back_as_they_were(workspace, demo, tmp_path: Path) -> None:
    rows = [{"milestone": "中間報告", "date": "来月頃"}, {"milestone": "最終報告", "date": "2027-03-31"}]
    with workspace.db.session() as s:
        answer = s.scalar(select(Answer).where(Answer.project_id == demo.id, Answer.item_id == SCHEDULE))
        answer.value = rows
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "mine.json", workspace.library)
    assert next(a for a in json.loads(out.read_text("utf-8"))["answers"] if a["item_id"] == SCHEDULE)["value"] == rows
    new_id = transfer.import_file(workspace.db, out, workspace.library)
    assert _answer(workspace, new_id, SCHEDULE) == rows
    copy = transfer.duplicate(workspace.db, demo.id)
    assert _answer(workspace, copy.id, SCHEDULE) == rows


def _tracking(workspace, project_id: int) -> dict:
    return DocumentService(workspace.db).get(project_id, tracking.KIND) or {}


def test_progress_and_baseline_entries_keyed_by_no_task_are_left_out_of_exports_and_copies(workspace, demo,
                                                                                          tmp_path: Path) -> None:
    doc = _tracking(workspace, demo.id)
    uid = next(iter(tracking.progress(doc)), None) or 1
    stray = {"percent": 10.0}
    doc = {**doc, "progress": {**(doc.get("progress") or {}), str(uid): {"percent": 40.0}, "²": stray},
           "baselines": {**(doc.get("baselines") or {}),
                         "旧計画": {"saved": "2027-02-01T09:00:00", "tasks": {str(uid): {"estimate": 2.0}, "١٢": {"estimate": 1.0}}}}}
    DocumentService(workspace.db).put(demo.id, tracking.KIND, doc)
    read = (tracking.progress(doc), [(b.name, dict(b.tasks)) for b in tracking.baselines(doc)])

    out = transfer.export_file(workspace.db, demo.id, tmp_path / "mine.json", workspace.library)
    written = next(d["data"] for d in json.loads(out.read_text("utf-8"))["documents"] if d["kind"] == tracking.KIND)
    assert "²" not in written["progress"] and written["progress"][str(uid)] == {"percent": 40.0}
    assert written["baselines"]["旧計画"]["tasks"] == {str(uid): {"estimate": 2.0}}
    for new_id in (transfer.import_file(workspace.db, out, workspace.library), transfer.duplicate(workspace.db, demo.id).id):
        back = _tracking(workspace, new_id)
        assert (tracking.progress(back), [(b.name, dict(b.tasks)) for b in tracking.baselines(back)]) == read
        assert "²" not in back["progress"]
    assert _tracking(workspace, demo.id)["progress"]["²"] == stray  # the project itself is not changed by an export
