"""Agreement baselines at scale (issue 19): a small index and one document per snapshot; the old
one-document layout still reads; create and its undo are one step over both; files and copies carry them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError
from app.core.project import AGREEMENT_KIND, last_signed
from app.hearing import operations as hearing_ops
from app.projects import baselines as bl
from app.projects.baselines import store

TEXT = "hearing.basics.background"


def kinds(ws, project_id: int) -> set[str]:
    from sqlalchemy import select

    from app.core.storage.models import ProjectDocument

    with ws.db.session() as s:
        return set(s.scalars(select(ProjectDocument.kind).where(ProjectDocument.project_id == project_id)))


def snapshots(ws, project_id: int) -> set[str]:
    return {k for k in kinds(ws, project_id) if k.startswith(store.SNAPSHOT_KIND)}


def old_layout(ws, project_id: int) -> dict:
    """A version-1 document as the first release wrote it: every snapshot inside the one document."""
    taken = store.snapshot(ws, project_id)
    signed = {"who": "山田", "role": "PM", "org": "顧客社", "date": "2026-12-21", "comment": "", "recorded": "2026-12-21T01:00:00+00:00", "author": ""}
    doc = {"version": 1, "baselines": {
        "旧A": {"kind": "kickoff", "created": "2026-12-01T09:00:00+00:00", "author": "佐藤", **taken, "signoffs": [signed]},
        "旧B": {"kind": "manual", "created": "2026-12-02T09:00:00+00:00", "author": "佐藤", **taken, "signoffs": []},
    }}  # fmt: skip
    DocumentService(ws.db).put(project_id, AGREEMENT_KIND, doc)
    return taken


def test_the_old_one_document_layout_reads_diffs_and_moves_on_the_next_write(workspace, demo) -> None:
    taken = old_layout(workspace, demo.id)
    listed = bl.baselines(workspace, demo.id)
    assert [(b.name, b.kind, b.task_count) for b in listed] == [("旧A", "kickoff", len(taken["wbs"])), ("旧B", "manual", len(taken["wbs"]))]
    assert listed[0].answer_count == sum(len(v) for v in taken["answers"].values()) > 0
    assert listed[0].wbs == {}  # the list holds no snapshot
    assert last_signed(workspace.db, demo.id).name == "旧A"
    ops.run(workspace, hearing_ops.update_answer(demo.id, TEXT, value="旧形式のあとで変えた背景"))
    changed = bl.diff(bl.find(workspace, demo.id, "旧A"), bl.current(workspace, demo.id, "今"), workspace.library, "ja")
    assert [r.new for r in changed.rows if r.key == TEXT] == ["旧形式のあとで変えた背景"]
    assert snapshots(workspace, demo.id) == set()  # reading wrote nothing

    change = ops.run(workspace, bl.sign_op(demo.id, "旧B", "鈴木"))
    index = DocumentService(workspace.db).get(demo.id, AGREEMENT_KIND)
    assert index["version"] == 2 and all(set(e) <= set(store.INDEX_FIELDS) for e in index["baselines"].values())
    assert len(snapshots(workspace, demo.id)) == 2
    assert bl.find(workspace, demo.id, "旧A").wbs == taken["wbs"] and bl.find(workspace, demo.id, "旧B").answers == taken["answers"]
    assert [s.who for s in bl.find(workspace, demo.id, "旧B").signoffs] == ["鈴木"]
    ops.run(workspace, ops.undo_op(change))  # takes the sign-off back, not the move
    assert bl.find(workspace, demo.id, "旧B").signoffs == () and bl.find(workspace, demo.id, "旧B").wbs == taken["wbs"]
    assert last_signed(workspace.db, demo.id).name == "旧A"


def test_create_undo_redo_move_the_snapshot_and_the_entry_together(workspace, demo) -> None:
    before = kinds(workspace, demo.id)
    change = ops.run(workspace, bl.create_op(demo.id, "A"))
    made = snapshots(workspace, demo.id)
    assert len(made) == 1 and change.kinds == {AGREEMENT_KIND, *made}
    kept = bl.find(workspace, demo.id, "A")
    assert kept.wbs and kept.task_count == len(kept.wbs)

    undone = ops.run(workspace, ops.undo_op(change))
    assert kinds(workspace, demo.id) == before | {AGREEMENT_KIND}  # the snapshot document is gone too
    assert bl.baselines(workspace, demo.id) == []
    ops.run(workspace, ops.redo_op(change))
    assert snapshots(workspace, demo.id) == made
    assert bl.find(workspace, demo.id, "A") == kept
    assert undone.changed

    ops.run(workspace, bl.create_op(demo.id, "B"))
    assert len(snapshots(workspace, demo.id)) == 2
    ops.run(workspace, bl.sign_op(demo.id, "A", "山田"))
    with pytest.raises(ConflictError):  # signed since: the undo would lose the sign-off
        ops.run(workspace, ops.undo_op(change))
    assert [s.who for s in bl.find(workspace, demo.id, "A").signoffs] == ["山田"] and len(snapshots(workspace, demo.id)) == 2


def test_a_number_taken_back_by_an_undo_is_not_given_again(workspace, demo) -> None:
    first = ops.run(workspace, bl.create_op(demo.id, "A"))
    (number,) = snapshots(workspace, demo.id)
    ops.run(workspace, ops.undo_op(first))
    ops.run(workspace, bl.create_op(demo.id, "B"))
    assert snapshots(workspace, demo.id) != {number}
    ops.run(workspace, ops.redo_op(first))  # A comes back beside B
    assert {b.name for b in bl.baselines(workspace, demo.id)} == {"A", "B"} and len(snapshots(workspace, demo.id)) == 2


def test_the_list_and_a_sign_off_read_only_the_index(workspace, demo, monkeypatch) -> None:
    ops.run(workspace, bl.create_op(demo.id, "A"))
    ops.run(workspace, bl.create_op(demo.id, "B"))
    read: list[str] = []
    original = DocumentService.get

    def get(self, project_id: int, kind: str):
        read.append(kind)
        return original(self, project_id, kind)

    monkeypatch.setattr(DocumentService, "get", get)
    assert [b.name for b in bl.baselines(workspace, demo.id)] == ["A", "B"]
    ops.run(workspace, bl.sign_op(demo.id, "B", "山田", date=dt.date(2026, 12, 21)))
    assert set(read) == {AGREEMENT_KIND}
    assert last_signed(workspace.db, demo.id).name == "B"


def test_the_project_file_and_a_project_copy_carry_the_snapshots(workspace, demo, tmp_path: Path) -> None:
    from app.core.storage.db import Database
    from app.projects import transfer
    from app.projects.database_copy import copy_to

    old_layout(workspace, demo.id)
    ops.run(workspace, bl.create_op(demo.id, "新"))  # moves the old two into their own documents
    ops.run(workspace, bl.sign_op(demo.id, "新", "山田", date=dt.date(2026, 12, 22)))
    names = ("旧A", "旧B", "新")
    original = {n: bl.find(workspace, demo.id, n) for n in names}
    assert len(snapshots(workspace, demo.id)) == 3

    imported = transfer.import_file(workspace.db, transfer.export_file(workspace.db, demo.id, tmp_path / "p.json"), library=workspace.library)
    assert {n: bl.find(workspace, imported, n) for n in names} == original
    assert snapshots(workspace, imported) == snapshots(workspace, demo.id)

    copied = copy_to(workspace.db, demo.id, str(tmp_path / "copy.sqlite3"))
    db = Database(str(tmp_path / "copy.sqlite3"))
    try:
        from types import SimpleNamespace

        there = SimpleNamespace(db=db)
        assert {n: bl.find(there, copied.id, n) for n in names} == original
        assert last_signed(db, copied.id).name == "新"
    finally:
        db.close()
