"""Document patches: only the fields that differ are written; undoing the first write to a document
takes back that field alone, whatever another window added beside it since."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError
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


def test_an_empty_dict_filled_on_one_side_differs_by_its_fields_only() -> None:
    assert ops.document_diff({"texts": {}}, {"texts": {"purpose": {"ja": "目的"}}}) == {("texts", "purpose", "ja"): (ops._MISSING, "目的")}
    assert ops.document_diff({"values": {"a": 1}}, {"values": {}}) == {("values", "a"): (1, ops._MISSING)}
    assert ops.document_diff({}, {"review": {}}) == {("review",): (ops._MISSING, {})}  # an empty dict added: still written


def test_two_writers_adding_different_fields_in_an_empty_dict_keep_both(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"texts": {}})
    ops.run(workspace, ops.patch_document(pid, "notes", {"texts": {}}, {"texts": {"purpose": {"ja": "山田の目的"}}}))
    ops.run(workspace, ops.patch_document(pid, "notes", {"texts": {}}, {"texts": {"scope": {"ja": "佐藤のスコープ"}}}))  # not yet told
    assert documents.get(pid, "notes") == {"texts": {"purpose": {"ja": "山田の目的"}, "scope": {"ja": "佐藤のスコープ"}}}


def test_an_undo_of_a_field_added_in_an_empty_dict_compares_that_field_only(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"values": {}})
    mine = ops.run(workspace, ops.patch_document(pid, "notes", {"values": {}}, {"values": {"repo_name": "yamada-repo"}}))
    ops.run(workspace, ops.patch_document(pid, "notes", documents.get(pid, "notes"), {"values": {"repo_name": "yamada-repo", "uri": "http://sato"}}))
    ops.run(workspace, ops.undo_op(mine))  # 佐藤's field beside it is no change of this step's
    assert documents.get(pid, "notes") == {"values": {"uri": "http://sato"}}
    ops.run(workspace, ops.patch_document(pid, "notes", documents.get(pid, "notes"), {"values": {}}))
    assert documents.get(pid, "notes") == {"values": {}}  # emptied: the empty dict held, as it was
    ops.run(workspace, ops.redo_op(mine))
    assert documents.get(pid, "notes") == {"values": {"repo_name": "yamada-repo"}}


def test_an_empty_dict_added_or_taken_away_leaves_what_another_window_put_in_it(workspace) -> None:
    pid = ProjectService(workspace.db).create("文書", lang="ja").id
    documents = DocumentService(workspace.db)
    documents.put(pid, "notes", {"entry": {"review": {"signoffs": ["佐藤"]}}, "held": {"x": 1}})  # filled elsewhere since
    ops.run(workspace, ops.patch_document(pid, "notes", {"entry": {}}, {"entry": {"review": {}}}))  # no conflict, nothing lost
    ops.run(workspace, ops.patch_document(pid, "notes", {"held": {}}, {}))
    assert documents.get(pid, "notes") == {"entry": {"review": {"signoffs": ["佐藤"]}}, "held": {"x": 1}}
    ops.run(workspace, ops.patch_document(pid, "notes", {"held": {}, "gone": {}}, {"made": {}}))  # `gone` was never there
    assert documents.get(pid, "notes") == {"entry": {"review": {"signoffs": ["佐藤"]}}, "held": {"x": 1}, "made": {}}
    documents.put(pid, "notes", {"held": {}, "made": "a value"})
    ops.run(workspace, ops.patch_document(pid, "notes", {"held": {}}, {}))
    assert documents.get(pid, "notes") == {"made": "a value"}  # still empty: taken away
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.patch_document(pid, "notes", {}, {"made": {}}))  # a value there now: theirs, asked
    assert documents.get(pid, "notes") == {"made": "a value"}


def test_a_proposal_conflict_on_a_dict_is_asked_by_the_fields_in_it_each_named_by_its_label() -> None:
    from PySide6.QtCore import QCoreApplication

    from app.ui.proposal.conflicts import _label, asked_fields

    old, theirs = {"texts": {}}, {"texts": {"purpose": {"ja": "山田の目的"}}}
    mine = {"texts": {"purpose": {"ja": "佐藤の目的"}, "scope": {"ja": "佐藤のスコープ"}}}
    assert asked_fields(["texts"], old, theirs, mine) == ["texts.purpose.ja"]  # what both changed, a text each side
    assert asked_fields(["texts"], old, theirs, {"texts": {"scope": {"ja": "佐藤のスコープ"}}}) == ["texts.scope.ja"]
    assert asked_fields(["rows", "effort.2.ds"], old, theirs, mine) == ["rows", "effort.2.ds"]  # values already
    assert _label(["texts", "purpose", "ja"], {"purpose": "目的"}) == "目的"
    proposal = QCoreApplication.translate("ProposalPage", "The proposal")  # never 「課題と工数」 for what is no table
    assert _label(["texts"], {}) == _label(["version"], {}) == proposal
