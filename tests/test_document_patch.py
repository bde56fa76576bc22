"""Document patches: only the fields that differ are written; undoing the first write to a document
takes back that field alone, whatever another window added beside it since."""

from __future__ import annotations

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.projects import ProjectService


def test_undoing_the_first_write_to_a_document_keeps_what_another_window_added(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    first = ops.run(workspace, ops.patch_document(pid, "notes", {}, {"a": "最初の値"}))
    ops.run(workspace, ops.patch_document(pid, "notes", {}, {"b": "別の窓の値"}))  # another window, based on what it saw
    assert documents.get(pid, "notes") == {"a": "最初の値", "b": "別の窓の値"}
    ops.run(workspace, ops.undo_op(first))
    assert documents.get(pid, "notes") == {"b": "別の窓の値"}


def test_an_empty_document_against_a_filled_one_differs_by_its_fields_only() -> None:
    assert ops.document_diff({}, {"a": 1, "b": {"c": 2}}) == {("a",): (ops._MISSING, 1), ("b", "c"): (ops._MISSING, 2)}


def test_an_empty_dict_and_none_come_back_as_they_were_through_a_patch_and_its_undo(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"entry": {"scores": {}, "signoffs": []}, "other": {}})
    signed = ops.run(workspace, ops.patch_document(pid, "notes", {"entry": {"signoffs": []}}, {"entry": {"signoffs": ["山田"]}}))
    assert documents.get(pid, "notes") == {"entry": {"scores": {}, "signoffs": ["山田"]}, "other": {}}  # the rest untouched
    ops.run(workspace, ops.undo_op(signed))
    assert documents.get(pid, "notes") == {"entry": {"scores": {}, "signoffs": []}, "other": {}}
    filled = ops.run(workspace, ops.patch_document(pid, "notes", {"entry": {"scores": {}}}, {"entry": {"scores": {"a": 1}}}))
    ops.run(workspace, ops.undo_op(filled))
    assert documents.get(pid, "notes")["entry"]["scores"] == {}  # held empty before: empty again, not gone
    first = ops.run(workspace, ops.patch_document(pid, "notes", {}, {"values": {"a": 1}}))
    ops.run(workspace, ops.undo_op(first))
    assert "values" not in documents.get(pid, "notes")  # none before: none again, no {} left behind
    ops.run(workspace, ops.redo_op(first))
    assert documents.get(pid, "notes")["values"] == {"a": 1}
