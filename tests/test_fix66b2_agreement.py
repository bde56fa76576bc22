"""Suspect links and counts read from the agreement in force (fix of breaker 66b): what a suspect row says when an
item is marked 対象外 by its status, and back."""

from __future__ import annotations

import time

from app.core import operations as ops
from app.core.projects import ProjectService
from app.hearing import operations as hearing_ops
from app.projects import baselines as bl
from app.projects import suspects as core

ITEM = "hearing.scope.training_platform"


def signed_project(workspace) -> int:
    pid = ProjectService(workspace.db).create("対象外の案件", lang="ja").id
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, value="now"))
    time.sleep(int(time.time()) + 1.02 - time.time())  # the baseline in a second of its own (as a user's pause)
    ops.run(workspace, bl.create_op(pid, "合意"))
    ops.run(workspace, bl.sign_op(pid, "合意", "山田 太郎"))
    return pid


def shown(workspace, pid: int, lang: str) -> set[tuple[str, str, str]]:
    return {(s.dependent.key, core.shown_value(workspace, s.item_id, s.old, lang), core.shown_value(workspace, s.item_id, s.new, lang))
            for s in core.suspects(workspace, pid) if s.item_id == ITEM}  # fmt: skip


def test_an_item_marked_対象外_by_its_status_reads_as_対象外_beside_what_was_agreed(workspace) -> None:
    pid = signed_project(workspace)
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, status="not_applicable"))
    assert ("proposal:scope", "現時点で対象", "対象外") in shown(workspace, pid, "ja")
    assert ("proposal:scope", "In scope now", "Not applicable") in shown(workspace, pid, "en")
    ops.run(workspace, hearing_ops.update_answer(pid, ITEM, status="answered"))  # back as agreed: nothing to check
    assert shown(workspace, pid, "ja") == set()


def test_the_tasks_an_old_one_document_baseline_holds_are_read_from_its_entry(workspace, demo) -> None:
    """A version-1 index kept each snapshot inside its entry: what it holds is read there (and a snapshot that cannot
    be read holds nothing known: every task counts as held, as before)."""
    from app.core.documents import DocumentService
    from app.core.project import AGREEMENT_KIND, last_agreed
    from app.projects.baselines import store

    taken = store.snapshot(workspace, demo.id)
    signed = {"who": "山田", "date": "2026-12-21", "recorded": "2026-12-21T01:00:00+00:00"}
    doc = {"version": 1, "baselines": {"旧A": {"kind": "kickoff", "created": "2026-12-01T09:00:00+00:00", **taken, "signoffs": [signed]}}}
    DocumentService(workspace.db).put(demo.id, AGREEMENT_KIND, doc)
    found = last_agreed(workspace.db, demo.id)
    assert found is not None and found.baseline.name == "旧A" and found.tasks == frozenset(taken["wbs"]) != frozenset()
    doc["baselines"]["旧A"]["wbs"] = "damaged"
    DocumentService(workspace.db).put(demo.id, AGREEMENT_KIND, doc)
    assert last_agreed(workspace.db, demo.id).tasks is None
