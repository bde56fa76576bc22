"""Suspect links (issue 19): an item agreed on answers that changed since shows old and new until reviewed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import operations as ops
from app.hearing.answers import AnswerService
from app.projects import suspects
from app.wbs.generate import generate
from app.wbs.service import WbsService
from tests.wbs_helpers import new_project

ITEM = "hearing.scope.feature_store"
TWO_DAYS_AGO = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=2)
YESTERDAY = dt.date.today() - dt.timedelta(days=1)


@pytest.fixture
def agreed(workspace, monkeypatch):
    """A project whose feature-store task was generated from "in scope now" two days ago and agreed yesterday."""
    pid = new_project(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    monkeypatch.setattr("app.hearing.answers.utcnow", lambda: TWO_DAYS_AGO)
    answers.update(pid, ITEM, value="now")
    monkeypatch.undo()
    generate(workspace, pid)
    wbs = WbsService(workspace.db)
    tree = wbs.tree(pid)
    task = next(t for t in tree.tasks.values() if any(a.get("item") == ITEM for a in t.origin.answers))
    wbs.update(pid, [task.id], agreed=True, agreed_on=YESTERDAY)
    return pid, task, answers


def test_an_agreed_task_turns_suspect_when_its_answer_changes_and_shows_old_and_new(workspace, agreed) -> None:
    pid, task, answers = agreed
    assert suspects.suspects(workspace, pid) == []
    answers.update(pid, ITEM, value="later")
    found = [s for s in suspects.suspects(workspace, pid) if s.dependent.key == f"task:{task.uid}"]
    assert len(found) == 1
    assert (found[0].item_id, found[0].old, found[0].new) == (ITEM, "now", "later")
    assert found[0].item_label.en == workspace.library.item(ITEM).label.en
    assert task.title in found[0].dependent.label.en
    # Not agreed (a proposal section, a wiki rule) is never suspect until a baseline is signed.
    assert {s.dependent.kind for s in suspects.suspects(workspace, pid)} == {suspects.TASK}


def test_changed_and_changed_back_is_not_suspect(workspace, agreed) -> None:
    pid, _task, answers = agreed
    answers.update(pid, ITEM, value="later")
    answers.update(pid, ITEM, value="now")
    assert suspects.suspects(workspace, pid) == []


def test_clearing_is_one_undoable_operation_and_a_later_change_makes_it_suspect_again(workspace, agreed) -> None:
    pid, _task, answers = agreed
    answers.update(pid, ITEM, value="later")
    found = suspects.suspects(workspace, pid)
    assert found
    change = ops.run(workspace, suspects.clear_op(pid, found))
    assert suspects.suspects(workspace, pid) == []
    ops.run(workspace, ops.undo_op(change))
    assert [s.new for s in suspects.suspects(workspace, pid)] == [s.new for s in found]
    ops.run(workspace, ops.redo_op(change))
    assert suspects.suspects(workspace, pid) == []
    answers.update(pid, ITEM, value="out")
    again = suspects.suspects(workspace, pid)
    assert [(s.old, s.new) for s in again] == [("later", "out")]  # old: as it read when reviewed


def test_clearing_marks_reviewed_up_to_the_change_shown_not_one_made_since(workspace, agreed) -> None:
    """The list was read, then another window changed the answer again, then Mark reviewed: the change never
    seen keeps the mark suspect, shown from the value the user reviewed (breaker43d)."""
    pid, _task, answers = agreed
    answers.update(pid, ITEM, value="later")
    shown = suspects.suspects(workspace, pid)
    answers.update(pid, ITEM, value="out")  # the colleague, before this window read it
    ops.run(workspace, suspects.clear_op(pid, shown))
    assert [(s.old, s.new) for s in suspects.suspects(workspace, pid)] == [("later", "out")]
    ops.run(workspace, suspects.clear_op(pid, shown))  # the old list again: never back before the review
    assert [(s.old, s.new) for s in suspects.suspects(workspace, pid)] == [("later", "out")]
    ops.run(workspace, suspects.clear_op(pid, suspects.suspects(workspace, pid)))
    assert suspects.suspects(workspace, pid) == []


def test_a_signed_baseline_makes_proposal_sections_and_environment_choices_suspect(workspace, agreed) -> None:
    pid, _task, answers = agreed
    signed = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=1)
    answers.update(pid, ITEM, value="later")
    kinds = {s.dependent.kind: s for s in suspects.suspects(workspace, pid, signed=signed)}
    assert suspects.PROPOSAL in kinds
    assert kinds[suspects.PROPOSAL].dependent.ref == "scope"
    answers.update(pid, "hearing.prereq.env_gpu", value="yes")
    envs = [s for s in suspects.suspects(workspace, pid, signed=signed) if s.dependent.kind == suspects.ENVIRONMENT]
    assert envs and all(s.item_id == "hearing.prereq.env_gpu" for s in envs)
    assert {s.old for s in envs} == {None}  # not answered when signed


def test_from_an_answer_everything_built_on_it(workspace, agreed) -> None:
    pid, task, _answers = agreed
    used_by = suspects.dependents_of(workspace, pid, ITEM)
    keys = {d.key for d in used_by}
    assert f"task:{task.uid}" in keys and "proposal:scope" in keys
    assert all(ITEM in d.sources for d in used_by)


def test_a_change_on_the_agreed_day_counts_from_the_moment_it_was_agreed(workspace, monkeypatch) -> None:
    pid = new_project(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, ITEM, value="now")  # answered this morning, then agreed: not suspect
    generate(workspace, pid)
    wbs = WbsService(workspace.db)
    task = next(t for t in wbs.tree(pid).tasks.values() if any(a.get("item") == ITEM for a in t.origin.answers))
    wbs.update(pid, [task.id], agreed=True)  # agreed today
    assert suspects.suspects(workspace, pid) == []
    answers.update(pid, ITEM, value="later")  # changed after it was agreed, the same day
    assert [(s.old, s.new) for s in suspects.suspects(workspace, pid)] == [("now", "later")]


def test_a_tasks_why_reads_the_answers_as_they_are_now(workspace, agreed) -> None:
    from app.wbs.generate import origin_text

    pid, task, answers = agreed
    label = workspace.library.item(ITEM).label.en
    assert f"{label} = In scope now" in origin_text(task, workspace.library, "en", answers.answers(pid))
    answers.update(pid, ITEM, value="later")
    now = origin_text(task, workspace.library, "en", answers.answers(pid))
    assert f"(no longer met: {label} = In scope later)" in now
    ja = workspace.library.item(ITEM).label.ja
    assert f"(もう当てはまりません: {ja} = これから対象)" in origin_text(task, workspace.library, "ja", answers.answers(pid))


def test_signing_a_baseline_agrees_everything_it_holds(workspace, agreed) -> None:
    from app.projects.baselines import store as agreement

    pid, _task, answers = agreed
    ops.run(workspace, agreement.create_op(pid, "Kickoff"))
    assert suspects.suspects(workspace, pid) == []  # made, not signed: nothing is agreed by it yet
    ops.run(workspace, agreement.sign_op(pid, "Kickoff", who="Sato", role="PM", org="Customer"))
    answers.update(pid, "hearing.prereq.env_gpu", value="yes")
    found = suspects.suspects(workspace, pid)
    assert {s.dependent.kind for s in found} == {suspects.ENVIRONMENT}
    assert {(s.item_id, s.old, s.new) for s in found} == {("hearing.prereq.env_gpu", None, "yes")}


def test_a_review_score_taken_from_an_answer_turns_suspect_after_sign_off(workspace, agreed) -> None:
    from app.projects.baselines import store as agreement
    from app.review import confirm_suggestions

    pid, _task, answers = agreed
    ops.run(workspace, confirm_suggestions(pid, "google_mlops"))
    ops.run(workspace, agreement.create_op(pid, "Kickoff"))
    ops.run(workspace, agreement.sign_op(pid, "Kickoff", who="Sato"))
    assert suspects.suspects(workspace, pid) == []
    answers.update(pid, ITEM, value="later")
    reviews = [s for s in suspects.suspects(workspace, pid) if s.dependent.kind == suspects.REVIEW]
    assert reviews and all(s.item_id == ITEM for s in reviews)
    assert {(s.old, s.new) for s in reviews} == {("now", "later")}
    assert reviews[0].dependent.page == "review" and reviews[0].dependent.key.startswith("review:google_mlops/")
