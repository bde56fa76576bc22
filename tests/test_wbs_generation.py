"""Generation from the hearing: which rules fire, why, and that user edits survive regeneration."""

from __future__ import annotations

from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.wbs.catalog import catalog, check_rules
from app.wbs.generate import generate, origin_text, plan, stale_tasks
from app.wbs.service import WbsService
from tests.wbs_helpers import new_project


def by_template(workspace, project_id):
    tree = WbsService(workspace.db).tree(project_id)
    return {t.origin.template_id: t for t in tree.tasks.values() if t.origin.template_id}, tree


def test_shipped_rules_refer_only_to_real_hearing_items_options_phases_and_roles(library) -> None:
    cat = catalog(library)
    assert check_rules(library) == []
    assert [e.id for e in cat.scale] == ["must", "should", "could", "wont"]
    assert cat.priority_label("wont", "ja") == "対象外" and cat.priority_label("must", "en") == "Must"
    assert [p.id for p in cat.phases] == ["proposal", "planning", "experiment", "data_platform", "ci", "system_planning"]
    # The wiki ToC 0-7 and every scope component (level 0/1/2) have templates.
    titles = [t.title.ja for r in cat.rules for t in r.tasks]
    for n in range(8):
        assert any(title.startswith(f"{n}. ") for title in titles), n
    scope_items = {i.id for i in library.checklist("hearing").walk_items() if "scope" in i.tags}
    covered = {c.item for r in cat.rules if r.when and r.when.item for c in [r.when]}
    assert scope_items <= covered


def test_an_empty_hearing_gets_the_always_proposed_tasks_marked_as_often_missed(workspace) -> None:
    pid = new_project(workspace)
    change = generate(workspace, pid)
    tasks, tree = by_template(workspace, pid)
    assert change.info["added"] == len(tree.tasks) > 20
    assert {"proposal.problems", "planning.wbs_agreement", "wiki.tickets", "sp.performance_test"} <= set(tasks)
    assert tasks["resources.expansion"].often_missed == "resources"
    assert tasks["wiki.adoption"].often_missed == "adoption"
    assert "feature_store.setup" not in tasks and "data.pii_access" not in tasks
    # Tasks sit under their phase's summary task, wiki pages under the wiki task.
    assert tree.tasks[tasks["wiki.tickets"].parent_id].origin.template_id == "wiki"
    assert tree.tasks[tasks["wiki"].parent_id].origin.template_id == "phase.experiment"
    assert all(t.completion_condition and t.expected_output for t in tree.tasks.values())
    # Predecessors come from the templates.
    agreement = tasks["planning.wbs_agreement"]
    assert [d.predecessor_id for d in agreement.dependencies] == [tasks["planning.wbs"].id]


def test_conditions_on_scope_personal_information_and_gpu(workspace) -> None:
    pid = new_project(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, "hearing.scope.feature_store", value="now")
    answers.update(pid, "hearing.scope.model_registry", value="later")
    answers.update(pid, "hearing.prereq.env_gpu", value="no", later="yes")
    answers.update(
        pid,
        "hearing.prereq.data_sources",
        value=[{"name": "Sales", "personal_info": False}, {"name": "Members", "personal_info": True}],
    )
    generate(workspace, pid)
    tasks, _tree = by_template(workspace, pid)
    assert {"feature_store.setup", "feature_store.rules", "feature_store.adoption"} <= set(tasks)
    assert tasks["feature_store.adoption"].often_missed == "adoption"
    assert "model_registry.plan" in tasks and "model_registry.setup" not in tasks
    assert tasks["model_registry.plan"].priority == "could"
    assert {"data.pii_access", "data.pii_deletion", "resources.gpu_estimate"} <= set(tasks)
    # Each generated task says why it is there: the rule and the answers.
    pii = tasks["data.pii_access"]
    assert pii.origin.rule_id == "data.personal_info"
    assert pii.origin.answers[0]["item"] == "hearing.prereq.data_sources"
    assert "Members" in origin_text(pii, workspace.library, "en")
    gpu = tasks["resources.gpu_estimate"]
    assert gpu.origin.answers == [{"item": "hearing.prereq.env_gpu", "of": "later", "value": "yes"}]
    assert "GPU use planned (later) = Yes" in origin_text(gpu, workspace.library, "en")
    feature = origin_text(tasks["feature_store.setup"], workspace.library, "ja")
    assert "特徴量ストア = 現時点で対象" in feature


def test_regeneration_adds_what_is_missing_and_never_touches_user_edits(workspace) -> None:
    pid = new_project(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, "hearing.scope.feature_store", value="now")
    generate(workspace, pid)
    service = WbsService(workspace.db)
    tasks, tree = by_template(workspace, pid)
    count = len(tree.tasks)
    # The user edits one feature-store task and deletes a generated one.
    service.update(pid, [tasks["feature_store.setup"].id], title="Feature store on Vertex AI", estimate_days=5)
    service.delete(pid, [tasks["planning.kpi"].id])
    again = generate(workspace, pid)
    assert not again.changed  # nothing new, the edit kept, the deleted task not forced back
    tasks, tree = by_template(workspace, pid)
    assert tasks["feature_store.setup"].title == "Feature store on Vertex AI"
    assert "planning.kpi" not in tasks and len(tree.tasks) == count - 1

    # The scope changes: unedited feature-store tasks go, the edited one stays and is reported.
    answers.update(pid, "hearing.scope.feature_store", value="out")
    answers.update(pid, "hearing.scope.ml_pipeline", value="now")
    result = plan(workspace, pid)
    assert set(result.added) >= {"ml_pipeline.setup", "ml_pipeline.rules", "ml_pipeline.adoption"}
    change = generate(workspace, pid)
    assert change.info["removed"] == 2 and change.info["kept_edited"] == 1
    tasks, tree = by_template(workspace, pid)
    assert "feature_store.rules" not in tasks and tasks["feature_store.setup"].estimate_days == 5
    assert stale_tasks(workspace, pid) == {tasks["feature_store.setup"].id}
    # Asked explicitly, a deleted generated task comes back.
    assert "planning.kpi" in plan(workspace, pid, include_dismissed=True).added


def test_an_unedited_task_follows_its_template_and_the_project_language(workspace) -> None:
    pid = new_project(workspace, lang="ja")
    generate(workspace, pid)
    tasks, _ = by_template(workspace, pid)
    assert tasks["wiki.tickets"].title == "3. チケット運用ルール"
    assert tasks["planning.wbs"].priority == "must"


def test_an_unedited_phase_summary_follows_the_project_language_a_renamed_one_is_kept(workspace) -> None:
    pid = new_project(workspace, lang="ja")
    generate(workspace, pid)
    service = WbsService(workspace.db)
    tasks, _ = by_template(workspace, pid)
    service.update(pid, [tasks["phase.planning"].id], title="計画(社内呼称)")  # the user's own name
    ProjectService(workspace.db).update(pid, lang="en")
    change = generate(workspace, pid)
    tasks, _ = by_template(workspace, pid)
    assert tasks["phase.planning"].title == "計画(社内呼称)"
    summaries = {k: t for k, t in tasks.items() if k.startswith("phase.") and k != "phase.planning"}
    assert summaries and all(t.title.isascii() and t.completion_condition.isascii() for t in summaries.values())
    service.restore(pid, change.before)  # its one undo step: the Japanese summaries back
    tasks, _ = by_template(workspace, pid)
    assert all(not tasks[k].title.isascii() for k in summaries)


def test_demo_ships_a_realistic_wbs(workspace, demo) -> None:
    tree = WbsService(workspace.db).tree(demo.id)
    assert len(tree.tasks) >= 60
    assert sum(t.milestone for t in tree.tasks.values()) == 2
    assert all(t.start and t.finish for t in tree.tasks.values())
    assert any(t.agreed for t in tree.tasks.values()) and any(not t.agreed for t in tree.tasks.values())
    assert any(t.origin.is_manual for t in tree.tasks.values())
    assert any(t.user_edited and not t.origin.is_manual for t in tree.tasks.values())
    assert any(t.priority == "wont" for t in tree.tasks.values())
    assert {t.owner_name for t in tree.tasks.values()} >= {"山田", "高橋", "田中"}


def test_a_users_rules_file_adds_rules_and_may_bring_its_own_priority_scale(library, tmp_path) -> None:
    from app.core.content.loader import load_file

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        """type: wbs_rules
id: mine
priority_scale:
  - {id: p1, label: {ja: 最優先, en: P1}}
  - {id: p2, label: {ja: 通常, en: P2}}
rules:
  - id: mine.security
    phase: system_planning
    when: {item: hearing.prereq.data_sources, row: {personal_info: true}}
    tasks:
      - id: mine.security_review
        title: {ja: セキュリティレビュー, en: Security review}
        priority: should
        completion: {ja: 指摘ゼロ, en: No open findings}
        output: {ja: レビュー記録, en: Review record}
""",
        encoding="utf-8",
    )
    import copy

    combined = copy.copy(library)
    combined.documents = {k: dict(v) for k, v in library.documents.items()}
    combined.add(load_file(mine), mine)
    cat = catalog(combined)
    assert cat.priority_keys == ["p1", "p2"]
    assert cat.map_priority("must") == "p1" and cat.map_priority("could") == "p2"  # matched by rank
    assert "mine.security_review" in cat.templates and "wiki.tickets" in cat.templates
    assert check_rules(combined) == []


def test_an_undo_keeps_a_generated_task_the_users_when_someone_changed_it_since(workspace) -> None:
    """My estimate edit undone after a colleague typed the completion condition (another window): the task
    stays the user's own, so Generate neither overwrites the condition nor, once the hearing no longer calls
    for it, removes it; undone with nothing else changed, it is the template's again (refreshed, removed)."""
    from app.core import operations as ops
    from app.wbs import operations as wbs_ops

    pid = new_project(workspace)
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, "hearing.scope.feature_store", value="now")
    generate(workspace, pid)
    service = WbsService(workspace.db)
    tasks, _ = by_template(workspace, pid)
    mine, untouched = tasks["feature_store.setup"], tasks["feature_store.rules"]
    edit = ops.run(workspace, wbs_ops.wbs_op(pid, lambda _ws: service.update(pid, [mine.id, untouched.id], estimate_days=6)))
    service.update(pid, [mine.id], completion_condition="佐藤が顧客と合意した完了条件")  # the other window
    ops.run(workspace, ops.undo_op(edit))
    tasks, _ = by_template(workspace, pid)
    typed = mine.origin.model_copy(update={"typed": ["completion_condition"]})  # (the colleague's text recorded as typed)
    assert tasks["feature_store.setup"] == mine.model_copy(update={"completion_condition": "佐藤が顧客と合意した完了条件", "user_edited": True, "origin": typed})
    assert tasks["feature_store.rules"] == untouched  # nothing else changed: as generated again
    generate(workspace, pid)
    assert by_template(workspace, pid)[0]["feature_store.setup"].completion_condition == "佐藤が顧客と合意した完了条件"
    answers.update(pid, "hearing.scope.feature_store", value="out")  # no longer called for
    change = generate(workspace, pid)
    tasks, _ = by_template(workspace, pid)
    assert tasks["feature_store.setup"].completion_condition == "佐藤が顧客と合意した完了条件"
    assert "feature_store.rules" not in tasks and change.info["kept_edited"] == 1
