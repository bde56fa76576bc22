"""Answers: typed values by kind, automatic status, history, undo snapshots, orphans, progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.core.content.loader import load_library
from app.core.errors import NotFoundError, ValidationFailed
from app.core.projects import ProjectService
from app.core.storage.models import utcnow
from app.hearing.answers import AnswerService
from app.hearing.model import AnswerStatus
from app.hearing.sessions import SessionService


@pytest.fixture
def project(workspace):
    return ProjectService(workspace.db).create("P")


@pytest.fixture
def answers(workspace) -> AnswerService:
    return AnswerService(workspace.db, workspace.library)


def test_every_kind_is_stored_in_its_shape(answers: AnswerService, project) -> None:
    pid = project.id
    assert answers.update(pid, "hearing.basics.background", value="Why we started").after.value == "Why we started"
    assert answers.update(pid, "hearing.prereq.users_ds", value="3", later=5).after.later == 5
    assert answers.update(pid, "hearing.prereq.users_ds", value="2.5").after.value == 2.5
    assert answers.update(pid, "hearing.basics.poc_start", value="2026-04-01").after.value == "2026-04-01"
    assert answers.update(pid, "hearing.prereq.env_gpu", value="あり").after.value == "yes"  # label accepted
    assert answers.update(pid, "hearing.prereq.env_platform", value="gcp, aws").after.value == ["aws", "gcp"]
    rows = [{"name": "Images", "kind": "image", "personal_info": "yes", "size": "1 TB"}]
    stored = answers.update(pid, "hearing.prereq.data_sources", value=rows).after.value
    assert stored == [{"name": "Images", "kind": "image", "personal_info": True, "size": "1 TB"}]


@pytest.mark.parametrize(
    ("item", "fields", "problem"),
    [
        ("hearing.prereq.users_ds", {"value": "many"}, "not a number"),
        ("hearing.basics.poc_start", {"value": "next week"}, "not a date"),
        ("hearing.prereq.env_gpu", {"value": "maybe"}, "not one of the options"),
        ("hearing.prereq.data_sources", {"value": [{"personal_info": "perhaps"}]}, "not yes or no"),
        ("hearing.prereq.data_sources", {"value": "a string"}, "list of rows"),
        ("hearing.basics.background", {"later": "later text"}, "not asked as now / later"),
        ("hearing.basics.background", {"status": "done-ish"}, "done-ish"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(answers: AnswerService, project, item, fields, problem) -> None:
    with pytest.raises(ValidationFailed, match=problem):
        answers.update(project.id, item, **fields)
    assert answers.answers(project.id) == {}


def test_unknown_items_and_projects_are_refused(answers: AnswerService, project) -> None:
    with pytest.raises(NotFoundError):
        answers.update(project.id, "hearing.no_such_item", value="x")
    with pytest.raises(NotFoundError):
        answers.update(9999, "hearing.basics.background", value="x")


def test_typing_an_answer_marks_it_answered_unless_a_status_is_given(answers: AnswerService, project) -> None:
    assert answers.update(project.id, "hearing.basics.background", value="x").after.status == AnswerStatus.ANSWERED
    after = answers.update(project.id, "hearing.basics.kpi_business", value="y", status="follow_up").after
    assert after.status == AnswerStatus.FOLLOW_UP


def test_each_change_is_kept_in_the_history_with_its_session(workspace, answers: AnswerService, project) -> None:
    sessions = SessionService(workspace.db)
    item = "hearing.basics.background"
    answers.update(project.id, item, value="first")
    session = sessions.start(project.id, attendees="A, B")
    answers.update(project.id, item, value="second")
    sessions.end(project.id)
    answers.update(project.id, item, note="a note")
    history = answers.history(project.id, item)
    assert [h.value for h in history] == ["first", "second", "second"]
    assert [h.session_id for h in history] == [None, session.id, None]
    assert history[-1].note == "a note"
    assert answers.answer(project.id, item).session_id == session.id


def test_an_edit_that_changes_nothing_leaves_no_history(answers: AnswerService, project) -> None:
    item = "hearing.basics.background"
    answers.update(project.id, item, value="same")
    change = answers.update(project.id, item, value="same")
    assert not change.changed
    assert len(answers.history(project.id, item)) == 1


def test_restore_puts_back_a_snapshot(answers: AnswerService, project) -> None:
    item = "hearing.basics.background"
    answers.update(project.id, item, value="v1")
    change = answers.update(project.id, item, value="v2", note="n")
    answers.restore(project.id, change.before)
    restored = answers.answer(project.id, item)
    assert (restored.value, restored.note) == ("v1", "")
    assert [h.source for h in answers.history(project.id, item)] == ["ui", "ui", "undo"]


def test_changed_since(answers: AnswerService, project) -> None:
    answers.update(project.id, "hearing.basics.background", value="old")
    cut = utcnow() + dt.timedelta(microseconds=1)
    answers.update(project.id, "hearing.basics.kpi_business", value="new")
    assert answers.changed_since(project.id, cut) == {"hearing.basics.kpi_business"}


def test_answers_of_items_gone_from_a_newer_template_are_kept_as_orphans(workspace, project, tmp_path: Path) -> None:
    full = AnswerService(workspace.db, workspace.library)
    full.update(project.id, "hearing.basics.background", value="keep me")
    full.update(project.id, "hearing.basics.kpi_business", value="and me")
    # A newer hearing checklist without the KPI item.
    shipped = (Path(__file__).resolve().parent.parent / "checklists" / "hearing.yaml").read_text(encoding="utf-8")
    start = shipped.index("      - id: hearing.basics.kpi_business")
    end = shipped.index("      - id: hearing.basics.kpi_technical")
    folder = tmp_path / "newer"
    folder.mkdir()
    (folder / "hearing.yaml").write_text(shipped[:start] + shipped[end:].replace("version: 1", "version: 2"), encoding="utf-8")
    newer = AnswerService(workspace.db, load_library([folder], strict=True))
    orphans = newer.orphaned(project.id)
    assert [(o.item_id, o.value) for o in orphans] == [("hearing.basics.kpi_business", "and me")]
    # Still editable (status, note) and never dropped by other edits.
    newer.update(project.id, "hearing.basics.kpi_business", note="asked again")
    newer.update(project.id, "hearing.basics.background", value="still here")
    assert newer.answer(project.id, "hearing.basics.kpi_business").value == "and me"


def test_progress_counts_answered_and_not_applicable(workspace, answers: AnswerService, project) -> None:
    checklist = workspace.library.checklists["hearing"]
    total = len(list(checklist.walk_items()))
    answers.update(project.id, "hearing.basics.background", value="x")
    answers.update(project.id, "hearing.basics.kpi_business", status="not_applicable")
    answers.update(project.id, "hearing.basics.kpi_technical", value="y", status="follow_up")
    progress = answers.progress(project.id, checklist)
    assert (progress.done, progress.total, progress.follow_up) == (2, total, 1)
    assert progress.by_section["basics"][0] == 2
    assert progress.by_section["mlops"][0] == 0


def test_a_count_of_one_reads_in_the_singular(library) -> None:
    from app.hearing.model import format_cell, format_value

    users = library.item("hearing.prereq.users_ds")
    assert [format_value(users, n, "en") for n in (1, 4)] == ["1 person", "4 people"]
    assert [format_value(users, n, "ja") for n in (1, 4)] == ["1 人", "4 人"]
    flow = library.item("system_planning.process_flow.processes")
    instances = next(c for c in flow.columns if c.id == "instances")
    assert [format_cell(instances, n, "en") for n in (1, 2)] == ["1 instance", "2 instances"]
    assert format_cell(instances, 1, "ja") == "1 台"


# --- hypotheses: one state machine (issue 11, 7) ------------------------------------------------


def test_an_answered_status_settles_a_hypothesis(answers: AnswerService, project) -> None:
    from app.hearing.checklist import ItemFilter, passes
    from app.hearing.model import HypothesisState

    item = "hearing.basics.background"
    answers.update(project.id, item, as_hypothesis=True, value="cost cutting")
    confirmed = answers.update(project.id, item, status="answered").after  # the interview's key 1
    assert confirmed.hypothesis_state == HypothesisState.CONFIRMED and confirmed.is_done
    assert not passes(ItemFilter.HYPOTHESIS, confirmed)

    other = "hearing.basics.kpi_business"
    answers.update(project.id, other, as_hypothesis=True, value="sales +2%")
    assert answers.update(project.id, other, status="not_applicable").after.hypothesis_state == HypothesisState.CORRECTED


def test_a_follow_up_keeps_the_hypothesis_open_but_a_real_answer_settles_it(answers: AnswerService, project) -> None:
    from app.hearing.model import HypothesisState

    item = "hearing.basics.background"
    answers.update(project.id, item, as_hypothesis=True, value="cost cutting")
    assert answers.update(project.id, item, status="follow_up").after.hypothesis_state == HypothesisState.HYPOTHESIS
    corrected = answers.update(project.id, item, value="new market").after
    assert corrected.hypothesis_state == HypothesisState.CORRECTED and corrected.status == AnswerStatus.FOLLOW_UP
    # Back to the guessed value: the answer equals the hypothesis, so it was confirmed after all.
    assert answers.update(project.id, item, value="cost cutting").after.hypothesis_state == HypothesisState.CONFIRMED


def test_a_hypothesis_written_over_an_answer_is_not_counted_as_answered(answers: AnswerService, project) -> None:
    from app.hearing.model import HypothesisState

    item = "hearing.basics.background"
    answers.update(project.id, item, value="told us")
    guessed = answers.update(project.id, item, as_hypothesis=True, value="our guess").after
    assert guessed.hypothesis_state == HypothesisState.HYPOTHESIS and not guessed.is_done
    # An emptied hypothesis is no hypothesis: nothing is left to confirm.
    cleared = answers.update(project.id, item, as_hypothesis=True, value="").after
    assert cleared.hypothesis_state == HypothesisState.NONE and cleared.hypothesis_value is None


def test_a_stored_hypothesis_that_is_already_answered_reads_as_settled(workspace, answers: AnswerService, project) -> None:
    from sqlalchemy import select

    from app.core.storage.models import Answer as AnswerRow
    from app.hearing.model import HypothesisState

    item = "hearing.basics.background"
    answers.update(project.id, item, as_hypothesis=True, value="guess")
    with workspace.db.session() as s:  # what the old interview key 1 left behind
        row = s.scalar(select(AnswerRow).where(AnswerRow.item_id == item))
        row.status = "answered"
    assert answers.answer(project.id, item).hypothesis_state == HypothesisState.CONFIRMED


# --- table rows: an empty row is not an answer (issue 11, 8) ------------------------------------

SOURCES = "hearing.prereq.data_sources"


def test_blank_rows_are_dropped_and_are_no_answer(workspace, answers: AnswerService, project) -> None:
    checklist = workspace.library.checklists["hearing"]
    after = answers.update(project.id, SOURCES, value=[{}, {"name": "  ", "kind": None}]).after
    assert after.value in (None, []) and after.status == AnswerStatus.NOT_ASKED
    assert answers.progress(project.id, checklist).done == 0
    # A row with anything in it stays, an unticked box included; only wholly blank rows go.
    rows = [{"name": ""}, {"name": "Logs"}, {"personal_info": False}, {"origin": " "}]
    after = answers.update(project.id, SOURCES, value=rows).after
    assert after.value == [{"name": "Logs"}, {"personal_info": False}] and after.status == AnswerStatus.ANSWERED
    assert answers.progress(project.id, checklist).done == 1


def test_answered_needs_a_row(workspace, answers: AnswerService, project) -> None:
    checklist = workspace.library.checklists["hearing"]
    with pytest.raises(ValidationFailed, match="not applicable"):
        answers.update(project.id, SOURCES, value=[{}], status="answered")
    assert answers.progress(project.id, checklist).done == 0
    answers.update(project.id, SOURCES, value=[{"name": "Logs"}])
    emptied = answers.update(project.id, SOURCES, value=[{}]).after  # every row removed or blanked
    assert emptied.value == [] and emptied.status == AnswerStatus.NOT_ASKED
    assert answers.progress(project.id, checklist).done == 0
    assert answers.update(project.id, SOURCES, status="not_applicable").after.is_done  # "there are none"


def test_a_stored_answer_of_blank_rows_is_not_counted(workspace, answers: AnswerService, project) -> None:
    from sqlalchemy import select

    from app.core.storage.models import Answer as AnswerRow

    checklist = workspace.library.checklists["hearing"]
    answers.update(project.id, SOURCES, value=[{"name": "Logs"}])
    with workspace.db.session() as s:  # what the old code stored for one empty row
        row = s.scalar(select(AnswerRow).where(AnswerRow.item_id == SOURCES))
        row.value = [{}]
    assert answers.answer(project.id, SOURCES).status == AnswerStatus.ANSWERED
    assert answers.progress(project.id, checklist).done == 0
