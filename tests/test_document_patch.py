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


def test_an_undo_of_an_entry_another_window_removed_since_brings_no_empty_entry_back(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"people": {"山田": {"percent": 100}}, "texts": {}})
    added = ops.run(workspace, ops.patch_document(pid, "notes", {}, {"people": {"佐々木": {"percent": 50, "role": "DS"}},
                                                                     "texts": {"purpose": {"ja": "目的"}}}))
    other = documents.get(pid, "notes")
    ops.run(workspace, ops.patch_document(pid, "notes", other, {"people": {"山田": {"percent": 100}}, "texts": {}}))  # another window
    ops.run(workspace, ops.undo_op(added))  # takes away what is already gone: no `佐々木: {}`, no `purpose: {}`
    assert documents.get(pid, "notes") == {"people": {"山田": {"percent": 100}}, "texts": {}}


def test_an_entry_left_with_none_of_its_fields_is_taken_away_whatever_the_target_holds_in_it(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"entry": {"b": 2}, "kept": 1})  # another window took `a` away since
    ops.run(workspace, ops.patch_document(pid, "notes", {"entry": {"a": 1, "b": 2}}, {"entry": {"a": 1}}))
    assert documents.get(pid, "notes") == {"kept": 1}  # no `entry: {}` made of what is missing now


def test_a_dict_the_target_holds_empty_or_the_document_held_empty_already_stays(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"entry": {"review": {"signoffs": ["山田"]}}, "held": {}})
    ops.run(workspace, ops.patch_document(pid, "notes", {"entry": {"review": {"signoffs": ["山田"]}}}, {"entry": {"review": {}}}))
    assert documents.get(pid, "notes") == {"entry": {"review": {}}, "held": {}}  # the target's own `review: {}`
    ops.run(workspace, ops.patch_document(pid, "notes", {"held": {"x": 1}}, {}))  # `x` gone already: `held` not this write's
    assert documents.get(pid, "notes") == {"entry": {"review": {}}, "held": {}}


def test_a_dict_that_becomes_a_value_is_written_as_that_value(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"x": {"a": 1}})
    ops.run(workspace, ops.patch_document(pid, "notes", {"x": {"a": 1}}, {"x": 5}))
    assert documents.get(pid, "notes") == {"x": 5}  # not a `{}` made to take `a` out of
