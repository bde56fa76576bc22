"""Readiness reviews: the content, the ML Test Score rule (worked examples), answers as operations,
suggestions with their reasons, and an unmet item made a WBS task linked back."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError, NotFoundError, ValidationFailed
from app.core.operations import Part
from app.core.projects import ProjectService
from app.review import (
    confirm_suggestion,
    confirm_suggestions,
    make_task,
    review_checklists,
    review_view,
    set_fields,
)
from app.review.scoring import ItemAnswer, score_checklist
from app.wbs import WbsService


def checklist(library, checklist_id: str):
    return next(c for c in review_checklists(library) if c.id == checklist_id)


def mlts_answers(library, sections: dict[str, list[float]]) -> dict[str, ItemAnswer]:
    """Scores per section in item order, each with evidence."""
    c = checklist(library, "ml_test_score")
    answers = {}
    for section in c.sections:
        for item, score in zip(section.items, sections.get(section.id, []), strict=False):
            answers[item.id] = ItemAnswer(score=score, evidence="記録あり")
    return answers


# --- content --------------------------------------------------------------------------------------


def test_the_ml_test_score_has_28_tests_in_four_sections_of_seven_in_both_languages(library) -> None:
    c = checklist(library, "ml_test_score")
    assert [s.id for s in c.sections] == ["data", "model", "infrastructure", "monitoring"]
    assert [len(s.items) for s in c.sections] == [7, 7, 7, 7]
    assert all(i.label.ja and i.label.en and i.label.ja != i.label.en for i in c.items())
    assert [lv.value for lv in c.levels] == [0, 0.5, 1]
    assert "Breck" in c.source.citation and "2017" in c.source.citation


def test_every_review_checklist_cites_its_source_and_records_its_licence(library) -> None:
    found = {c.id: c for c in review_checklists(library)}
    assert set(found) == {"ml_test_score", "google_mlops", "ms_mlops", "qa4ai", "aist_mlqm"}
    for c in found.values():
        assert c.source.citation and c.licence.name
        assert c.licence.name == "CC BY 4.0" or c.licence.note is not None  # paraphrased: says so
    ms = found["ms_mlops"]
    assert ms.licence.attribution is not None and "Microsoft" in ms.licence.attribution.en
    assert [lv.value for lv in ms.levels] == [0, 1, 2, 3, 4]
    assert [i.label.en for i in ms.items()] == ["People", "Model creation", "Model release", "Application integration"]
    assert [i.label.en for i in found["qa4ai"].items()] == [
        "Data Integrity", "Model Robustness", "System Quality", "Process Agility", "Customer Expectation",
    ]  # fmt: skip
    assert [i.label.ja for i in found["aist_mlqm"].items()] == [
        "要求分析の十分性", "データ設計の十分性", "データセットの被覆性", "データセットの均一性",
        "機械学習モデルの正確性", "機械学習モデルの安定性", "プログラムの健全性", "運用時品質の維持性",
    ]  # fmt: skip
    assert "第4版" in found["aist_mlqm"].source.edition


def test_every_google_component_is_a_scope_item_of_the_hearing(library) -> None:
    c = checklist(library, "google_mlops")
    hearing_refs = [r.hearing for i in c.items() for r in i.prefill if r.hearing]
    assert len(hearing_refs) == len(c.items())
    for ref in hearing_refs:
        item = library.item(ref)
        assert item is not None and "scope" in item.tags


def test_every_wbs_template_a_rule_names_exists(library) -> None:
    from app.wbs import wbs_catalog

    templates = {t.id for rule in wbs_catalog(library).rules for t in rule.tasks}
    named = {r.wbs for c in review_checklists(library) for i in c.items() for r in i.prefill if r.wbs}
    assert named and named <= templates


# --- the ML Test Score rule: worked examples ------------------------------------------------------


def test_sections_are_sums_and_the_final_score_is_the_lowest_section(library) -> None:
    answers = mlts_answers(library, {
        "data": [1, 1, 0.5, 0.5, 0, 0, 0],  # 3
        "model": [1, 1],  # 2 (the others unscored count 0)
        "infrastructure": [1, 1, 1, 1, 0.5],  # 4.5
        "monitoring": [0.5, 0.5, 0.5],  # 1.5
    })  # fmt: skip
    score = score_checklist(checklist(library, "ml_test_score"), answers)
    assert [s.total for s in score.sections] == [3.0, 2.0, 4.5, 1.5]
    assert score.final == 1.5
    assert score.band is not None and "first round of basic productionisation" in score.band.label.en


@pytest.mark.parametrize(
    ("per_section", "band"),
    [
        (0.0, "research project"),
        (0.5, "serious gaps"),
        (1.0, "serious gaps"),  # (0, 1]: 1 belongs to the lower band
        (2.0, "first round"),
        (3.0, "could be automated"),
        (5.0, "mission-critical"),  # (3, 5]
        (5.5, "Exceptionally"),  # > 5
    ],
)
def test_the_band_follows_the_final_score_with_the_papers_boundaries(library, per_section: float, band: str) -> None:
    whole, half = int(per_section), per_section % 1
    scores = [1.0] * whole + ([0.5] if half else [])
    answers = mlts_answers(library, {s: scores for s in ("data", "model", "infrastructure", "monitoring")})
    score = score_checklist(checklist(library, "ml_test_score"), answers)
    assert score.final == per_section
    assert score.band is not None and band in score.band.label.en


def test_one_weak_section_decides_the_final_score(library) -> None:
    answers = mlts_answers(library, {"data": [1] * 7, "model": [1] * 7, "infrastructure": [1] * 7})
    score = score_checklist(checklist(library, "ml_test_score"), answers)
    assert score.final == 0 and "research project" in score.band.label.en


def test_a_test_scored_without_evidence_is_not_met(library) -> None:
    c = checklist(library, "ml_test_score")
    first = c.items()[0].id
    assert score_checklist(c, {first: ItemAnswer(score=1.0)}).met == 0
    assert score_checklist(c, {first: ItemAnswer(score=0.5, evidence="手順書あり")}).met == 1


# --- answers as operations ------------------------------------------------------------------------


@pytest.fixture
def project(workspace) -> int:
    return ProjectService(workspace.db).create("レビュー", lang="ja").id


def test_a_score_with_evidence_is_one_undoable_step(workspace, project) -> None:
    change = ops.run(workspace, set_fields(project, "ml_test_score", "data.schema", {"score": 0.5, "evidence": "定義書で手動確認"}))
    assert change.parts == {Part.DOCUMENTS} and change.kinds == {"review"}
    view = review_view(workspace, project).checklist("ml_test_score")
    assert view.items["data.schema"].answer.score == 0.5 and view.items["data.schema"].met
    assert view.score.sections[0].total == 0.5
    ops.run(workspace, ops.undo_op(change))
    assert review_view(workspace, project).checklist("ml_test_score").items["data.schema"].answer == ItemAnswer()


def test_a_value_off_the_scale_is_refused_by_the_items_label(workspace, project) -> None:
    with pytest.raises(ValidationFailed) as refused:
        ops.run(workspace, set_fields(project, "ml_test_score", "data.schema", {"score": 0.7}))
    assert "特徴量に期待する性質" in refused.value.text("ja") and "0.5" in refused.value.text("ja")
    with pytest.raises(ValidationFailed):
        ops.run(workspace, set_fields(project, "qa4ai", "qa4ai.data_integrity", {"level": 6}))
    assert DocumentService(workspace.db).get(project, "review") == {}


def test_an_edit_based_on_a_stale_value_is_refused_and_other_fields_are_kept(workspace, project) -> None:
    ops.run(workspace, set_fields(project, "qa4ai", "qa4ai.data_integrity", {"level": 3, "note": "最初のメモ"}))
    ops.run(workspace, set_fields(project, "qa4ai", "qa4ai.data_integrity", {"level": 4}))  # another window
    with pytest.raises(ConflictError):
        ops.run(workspace, set_fields(project, "qa4ai", "qa4ai.data_integrity", {"level": 2}, base={"level": 3}))
    ops.run(workspace, set_fields(project, "qa4ai", "qa4ai.data_integrity", {"note": "追記"}, base={"note": "最初のメモ"}))
    answer = review_view(workspace, project).checklist("qa4ai").items["qa4ai.data_integrity"].answer
    assert (answer.level, answer.note) == (4.0, "追記")


# --- suggestions ----------------------------------------------------------------------------------


def test_a_hearing_answer_suggests_a_target_with_its_reason_and_nothing_is_applied_until_confirmed(workspace, project) -> None:
    from app.hearing import AnswerService

    AnswerService(workspace.db, workspace.library).update(project, "hearing.scope.ci", value="now")
    view = review_view(workspace, project).checklist("google_mlops")
    offered = view.items["g.ci"].suggestions
    assert [(s.field, s.value) for s in offered] == [("target", 2.0)]
    assert offered[0].reason_text("ja") == "ヒアリング「CI」の回答: 現時点で対象"
    assert offered[0].reason_text("en") == "Hearing “CI”: In scope now"
    assert view.items["g.ci"].answer.target is None  # only offered
    change = ops.run(workspace, confirm_suggestion(project, "google_mlops", "g.ci", "target"))
    answer = review_view(workspace, project).checklist("google_mlops").items["g.ci"]
    assert answer.answer.target == 2.0 and answer.answer.origin["target"]["ref"] == "hearing.scope.ci"
    assert answer.suggestions == []  # filled in: no longer offered
    with pytest.raises(NotFoundError):
        ops.run(workspace, confirm_suggestion(project, "google_mlops", "g.ci", "target"))
    ops.run(workspace, ops.undo_op(change))
    assert review_view(workspace, project).checklist("google_mlops").items["g.ci"].suggestions != []


def test_an_answer_out_of_scope_suggests_nothing_and_a_value_typed_wins(workspace, project) -> None:
    from app.hearing import AnswerService

    answers = AnswerService(workspace.db, workspace.library)
    answers.update(project, "hearing.scope.ci", value="out")
    answers.update(project, "hearing.scope.monitoring", value="later")
    assert review_view(workspace, project).checklist("google_mlops").items["g.ci"].suggestions == []
    ops.run(workspace, set_fields(project, "google_mlops", "g.monitoring", {"target": 1}))
    assert review_view(workspace, project).checklist("google_mlops").items["g.monitoring"].suggestions == []


def test_a_done_wbs_task_and_an_environment_choice_suggest_scores(demo, workspace) -> None:
    pid = demo.id
    wbs = WbsService(workspace.db)
    tree = wbs.tree(pid)
    setup = next(t for t in tree.tasks.values() if t.origin.template_id == "experiment_mgmt.setup")
    assert review_view(workspace, pid).checklist("qa4ai").items["qa4ai.process_agility"].answer.level == 3.0  # the demo's
    offered = review_view(workspace, pid).checklist("ml_test_score").items["infra.reproducible"].suggestions
    assert offered == []  # the demo scored it already
    ops.run(workspace, set_fields(pid, "ml_test_score", "infra.reproducible", {"score": None}))
    wbs.update(pid, [setup.id], status="done")
    offered = review_view(workspace, pid).checklist("ml_test_score").items["infra.reproducible"].suggestions
    assert [(s.kind, s.value) for s in offered] == [("wbs", 0.5)]
    assert offered[0].reason_text("ja") == f"WBSタスク「{tree.codes[setup.id]} {setup.title}」が完了"

    DocumentService(workspace.db).put(pid, "data_platform", {"values": {"model_registry": "mlflow"}})
    rollback = review_view(workspace, pid).checklist("ml_test_score").items["infra.rollback"].suggestions
    assert [s.kind for s in rollback] == ["environment"]
    assert rollback[0].reason_text("ja").startswith("実験環境・データ基盤「")


def test_confirming_every_suggestion_of_a_checklist_is_one_step(workspace, project) -> None:
    from app.hearing import AnswerService

    answers = AnswerService(workspace.db, workspace.library)
    for item in ("hearing.scope.ci", "hearing.scope.monitoring", "hearing.scope.serving"):
        answers.update(project, item, value="now")
    change = ops.run(workspace, confirm_suggestions(project, "google_mlops"))
    assert change.detail == 3
    view = review_view(workspace, project).checklist("google_mlops")
    assert [view.items[i].answer.target for i in ("g.ci", "g.monitoring", "g.serving")] == [2.0, 2.0, 0.0]
    ops.run(workspace, ops.undo_op(change))
    assert review_view(workspace, project).checklist("google_mlops").items["g.ci"].answer.target is None


# --- make a task ----------------------------------------------------------------------------------


def test_an_unmet_item_becomes_a_wbs_task_linked_back_in_one_undo_step(workspace, project) -> None:
    wbs = WbsService(workspace.db)
    change = ops.run(workspace, make_task(project, "ml_test_score", "monitor.skew", "ja"))
    assert change.parts == {Part.WBS, Part.DOCUMENTS}
    made = change.detail
    task = wbs.tree(project).tasks[made.task_id]
    assert task.completion_condition == "「学習時とサービング時で特徴量がずれていない」が0.5以上(手動で実施し結果を記録)と評価され、その根拠が記録されている"
    assert "ML Test Score" in task.notes and "監視" in task.notes and "学習時とサービング時" in task.notes
    item = review_view(workspace, project).checklist("ml_test_score").items["monitor.skew"]
    assert item.answer.task_uid == task.uid and item.task is not None and task.title in item.task

    with pytest.raises(ValidationFailed) as twice:
        ops.run(workspace, make_task(project, "ml_test_score", "monitor.skew", "ja"))
    assert task.title in twice.value.text("ja")

    ops.run(workspace, ops.undo_op(change))
    assert wbs.tree(project).tasks == {}
    assert review_view(workspace, project).checklist("ml_test_score").items["monitor.skew"].answer.task_uid is None
    ops.run(workspace, ops.redo_op(change))
    assert review_view(workspace, project).checklist("ml_test_score").items["monitor.skew"].answer.task_uid == task.uid
    assert len(wbs.tree(project).tasks) == 1


def test_several_unmet_items_become_tasks_in_one_undo_step_and_a_met_one_refuses_them_all(workspace, project) -> None:
    from app.review import make_tasks

    wbs = WbsService(workspace.db)
    items = ["monitor.skew", "data.schema", "infra.rollback"]
    change = ops.run(workspace, make_tasks(project, "ml_test_score", items, "ja"))
    made = change.detail
    assert [m.item_id for m in made] == items and len(wbs.tree(project).tasks) == 3
    shown = review_view(workspace, project).checklist("ml_test_score").items
    assert [shown[i].answer.task_uid for i in items] == [m.uid for m in made]
    ops.run(workspace, ops.undo_op(change))
    assert wbs.tree(project).tasks == {}
    assert all(review_view(workspace, project).checklist("ml_test_score").items[i].answer.task_uid is None for i in items)
    ops.run(workspace, ops.redo_op(change))
    assert len(wbs.tree(project).tasks) == 3
    ops.run(workspace, ops.undo_op(change))
    ops.run(workspace, set_fields(project, "ml_test_score", "data.schema", {"score": 1, "evidence": "CIで自動検査"}))
    with pytest.raises(ValidationFailed):
        ops.run(workspace, make_tasks(project, "ml_test_score", items, "ja"))
    assert wbs.tree(project).tasks == {}  # nothing written


def test_the_task_is_written_in_the_document_language_and_a_met_item_needs_none(workspace, project) -> None:
    change = ops.run(workspace, make_task(project, "qa4ai", "qa4ai.model_robustness", "en"))
    task = WbsService(workspace.db).tree(project).tasks[change.detail.task_id]
    assert task.title == "Quality assurance: Model Robustness"
    assert task.completion_condition == "“Model Robustness” is assessed at level 3 or above, with the evidence in its note"
    ops.run(workspace, set_fields(project, "ml_test_score", "data.schema", {"score": 1, "evidence": "CIで自動検査"}))
    with pytest.raises(ValidationFailed):
        ops.run(workspace, make_task(project, "ml_test_score", "data.schema", "ja"))


def test_a_deleted_task_can_be_made_again(workspace, project) -> None:
    wbs = WbsService(workspace.db)
    first = ops.run(workspace, make_task(project, "aist_mlqm", "aist.coverage", "ja")).detail
    wbs.delete(project, [first.task_id])
    assert review_view(workspace, project).checklist("aist_mlqm").items["aist.coverage"].task is None
    second = ops.run(workspace, make_task(project, "aist_mlqm", "aist.coverage", "ja")).detail
    assert second.uid != first.uid


def test_the_review_travels_in_the_project_file(tmp_path, workspace, project) -> None:
    from app.projects.transfer import export_file, import_file

    made = ops.run(workspace, make_task(project, "ml_test_score", "monitor.skew", "ja")).detail
    ops.run(workspace, set_fields(project, "qa4ai", "qa4ai.data_integrity", {"level": 4, "note": "受領時に確認"}))
    copy = import_file(workspace.db, export_file(workspace.db, project, tmp_path / "p.json"), workspace.library)
    view = review_view(workspace, copy)
    assert view.checklist("qa4ai").items["qa4ai.data_integrity"].answer.note == "受領時に確認"
    linked = view.checklist("ml_test_score").items["monitor.skew"]
    assert linked.answer.task_uid == made.uid and linked.task is not None
