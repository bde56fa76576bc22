"""The one operation path: changes, undo/redo as operations, per-field conflicts, one transaction."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError, DatabaseBusy
from app.core.storage.db import Database
from app.core.workspace import Workspace
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from app.proposal.content import proposal_content
from app.proposal.edits import with_section_text
from app.proposal.service import KIND as PROPOSAL
from app.proposal.service import ProposalService, dump_doc

ITEM = "hearing.basics.background"


def answers(ws: Workspace) -> AnswerService:
    return AnswerService(ws.db, ws.library)


def test_an_answer_edit_returns_what_changed_and_undoes_and_redoes(workspace, demo) -> None:
    old = answers(workspace).answer(demo.id, ITEM)
    change = ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="次回確認"))
    assert change.changed and change.parts == {ops.Part.ANSWERS} and change.items == {ITEM}
    ops.run(workspace, ops.undo_op(change))
    assert answers(workspace).answer(demo.id, ITEM).note == old.note
    ops.run(workspace, ops.redo_op(change))
    assert answers(workspace).answer(demo.id, ITEM).note == "次回確認"


def test_undo_never_reverts_a_later_edit_made_elsewhere(workspace, demo) -> None:
    """Window B's undo must not take back window A's later note on the same item."""
    mine = ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="B のメモ"))
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="A のメモ"))  # the other window, later
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, ops.undo_op(mine))
    assert refused.value.ids == [ITEM]
    assert answers(workspace).answer(demo.id, ITEM).note == "A のメモ"


def test_a_write_based_on_a_stale_value_is_refused_per_field(workspace, demo) -> None:
    shown = answers(workspace).answer(demo.id, ITEM)  # what window B shows
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="A が書いた"))  # window A
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, base=shown, note="B が書いた"))
    assert refused.value.fields == ["note"]
    assert answers(workspace).answer(demo.id, ITEM).note == "A が書いた"
    # Another field of the same item, unchanged since B loaded it, goes through.
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, base=shown, value="B の背景"))
    now = answers(workspace).answer(demo.id, ITEM)
    assert (now.note, now.value) == ("A が書いた", "B の背景")


def test_confirming_a_hypothesis_changed_since_it_was_shown_is_refused(workspace, demo) -> None:
    from app.hearing.model import HypothesisState

    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, value="仮説X", as_hypothesis=True))
    shown = answers(workspace).answer(demo.id, ITEM)  # what window A shows
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, value="仮説Y", as_hypothesis=True))  # window B, later
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, hearing_ops.confirm_hypothesis(demo.id, ITEM, base=shown))
    assert (refused.value.ids, refused.value.fields) == ([ITEM], ["value"])
    assert answers(workspace).answer(demo.id, ITEM).hypothesis_state == HypothesisState.HYPOTHESIS
    # The guess as shown now (a note changed since is no matter) is confirmed.
    shown = answers(workspace).answer(demo.id, ITEM)
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="B のメモ"))
    ops.run(workspace, hearing_ops.confirm_hypothesis(demo.id, ITEM, base=shown))
    now = answers(workspace).answer(demo.id, ITEM)
    assert (now.value, now.hypothesis_state) == ("仮説Y", HypothesisState.CONFIRMED)
    # A status someone set since (follow up: not to be confirmed yet) is a conflict too (breaker43c).
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, value="仮説Z", as_hypothesis=True))
    shown = answers(workspace).answer(demo.id, ITEM)
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, status="follow_up"))
    with pytest.raises(ConflictError) as refused:
        ops.run(workspace, hearing_ops.confirm_hypothesis(demo.id, ITEM, base=shown))
    assert refused.value.fields == ["status"]
    assert answers(workspace).answer(demo.id, ITEM).status == "follow_up"


def test_two_copies_of_the_proposal_saving_different_sections_keep_both(workspace, demo) -> None:
    service = ProposalService(DocumentService(workspace.db))
    content = proposal_content(workspace.library)
    section_ids = [s.id for s in content.template.sections][:2]
    a_loaded = service.load(demo.id)
    b_loaded = service.load(demo.id)
    a_after = with_section_text(a_loaded, content.template, section_ids[0], "ja", "A の目的")
    b_after = with_section_text(b_loaded, content.template, section_ids[1], "ja", "B の背景")
    ops.run(workspace, ops.patch_document(demo.id, PROPOSAL, dump_doc(a_loaded), dump_doc(a_after)))
    ops.run(workspace, ops.patch_document(demo.id, PROPOSAL, dump_doc(b_loaded), dump_doc(b_after)))
    stored = dump_doc(service.load(demo.id))
    assert stored == dump_doc(with_section_text(a_after, content.template, section_ids[1], "ja", "B の背景"))
    # The same section from a stale copy is a conflict, and A's text stays.
    b_again = with_section_text(b_loaded, content.template, section_ids[0], "ja", "B の目的")
    with pytest.raises(ConflictError):
        ops.run(workspace, ops.patch_document(demo.id, PROPOSAL, dump_doc(b_loaded), dump_doc(b_again)))
    assert dump_doc(service.load(demo.id)) == stored


def test_an_operation_commits_once_or_not_at_all(workspace, demo) -> None:
    def failing(ws: Workspace) -> ops.Change:
        answers(ws).update(demo.id, ITEM, note="途中まで")
        raise RuntimeError("fault after the first write")

    with pytest.raises(RuntimeError):
        ops.run(workspace, failing)
    assert answers(workspace).answer(demo.id, ITEM).note != "途中まで"


def test_a_hearing_sheet_import_is_one_undo_step(workspace, demo, tmp_path: Path) -> None:
    from app.hearing.sheet import export_hearing_sheet
    from app.hearing.sheet_import import read_plan
    from tests.test_hearing_sheet import fill

    sheet = export_hearing_sheet(workspace, demo.id, tmp_path / "hearing.xlsx", "ja")
    items = ["hearing.prereq.users_ds", "hearing.basics.accuracy_avc"]

    def shown() -> dict:
        return {i: answers(workspace).answer(demo.id, i).model_dump(include={"status", "value", "later", "note"}) for i in items}

    before = shown()
    filled = fill(sheet, tmp_path / "filled.xlsx", {
        "hearing.prereq.users_ds": {"answer": 3},
        "hearing.basics.accuracy_avc": {"answer": "Recall@10 0.7"},
    })  # fmt: skip
    change = ops.run(workspace, hearing_ops.import_hearing_sheet(read_plan(workspace, demo.id, filled)))
    assert change.detail == 2 and change.items == set(items)
    imported = shown()
    assert imported["hearing.prereq.users_ds"]["value"] == 3
    ops.run(workspace, ops.undo_op(change))
    assert shown() == before
    ops.run(workspace, ops.redo_op(change))
    assert shown() == imported


def test_a_write_waits_for_another_process_lock_instead_of_failing(db_path: Path, workspace, demo) -> None:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE projects SET customer = 'other' WHERE id = ?", (demo.id,))
    threading.Timer(0.8, lambda: (other.execute("COMMIT"), other.close())).start()
    started = time.monotonic()
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="待ってから保存"))
    assert time.monotonic() - started >= 0.7
    assert answers(workspace).answer(demo.id, ITEM).note == "待ってから保存"


def test_a_lock_held_past_the_busy_timeout_is_a_typed_error_and_changes_nothing(db_path: Path, workspace, demo, library) -> None:
    impatient = Workspace(Database(str(db_path), busy_timeout_ms=200), library)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy):
            ops.run(impatient, hearing_ops.update_answer(demo.id, ITEM, note="保存できない"))
    finally:
        other.execute("ROLLBACK")
        other.close()
        impatient.close()
    assert answers(workspace).answer(demo.id, ITEM).note != "保存できない"


def test_data_version_tells_a_commit_of_another_process(db_path: Path, workspace, demo) -> None:
    first = workspace.db.data_version()
    ops.run(workspace, hearing_ops.update_answer(demo.id, ITEM, note="自分の変更"))
    assert workspace.db.data_version() == first  # our own commits are not "someone else's"
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("UPDATE projects SET customer = 'other' WHERE id = ?", (demo.id,))
    other.close()
    assert workspace.db.data_version() != first


def test_a_typed_error_is_shown_in_the_window_language(qtbot, monkeypatch) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    from app.core.errors import DiskFull
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text)))
    app = QCoreApplication.instance()
    before = app.property("uiLang")
    try:
        app.setProperty("uiLang", "ja")
        messages.show_error(None, DiskFull())
        app.setProperty("uiLang", "en")
        messages.show_error(None, DiskFull())
    finally:
        app.setProperty("uiLang", before)
    assert "ディスクがいっぱい" in shown[0] and shown[1].startswith("the disk is full")
