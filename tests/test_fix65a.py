"""Fix 65a: the WBS generation's article tasks after breaker 65a (see tests/test_breaker65a.py)."""

from __future__ import annotations

from app.wbs.catalog import catalog
from tests.test_breaker65a import by_template, fresh


def test_ds_trial_in_its_other_wording_exports_in_english_and_comes_back_with_the_scope(workspace) -> None:
    from app.hearing import AnswerService
    from app.wbs.generate import generate
    from app.wbs.service import WbsService

    pid = fresh(workspace, scope={"hearing.scope.experiment_mgmt": "out"})
    trial = by_template(workspace, pid)["experiment.ds_trial"]
    assert "実験管理シート" not in trial.completion_condition and "実験管理シート" not in trial.description
    english = catalog(workspace.library).worded(trial, "en")
    assert english.completion_condition == "The data scientists' comments are in the rules; their first experiment ran and is recorded by the rules"
    AnswerService(workspace.db, workspace.library).update(pid, "hearing.scope.experiment_mgmt", value="now")
    generate(workspace, pid)
    again = WbsService(workspace.db).tree(pid).tasks[trial.id]
    assert "学習環境で実行" in again.completion_condition and not again.user_edited  # the article's wording, refreshed


def test_a_task_added_by_hand_is_taken_as_the_generated_one_and_said(workspace) -> None:
    from app.core.projects import ProjectService
    from app.wbs.generate import generate, origin_text
    from app.wbs.service import WbsService

    pid = ProjectService(workspace.db).create("手入力案件", lang="ja").id
    service = WbsService(workspace.db)
    service.add_task(pid, None, title="CI環境構築", phase="ci", owner_role="mlops")
    mine = next(t for t in service.tree(pid).tasks.values() if t.title == "CI環境構築")
    service.add_task(pid, mine.id, title="Build CI with the experiment pipeline", phase="ci", owner_role="mlops", estimate_days=4)
    change = generate(workspace, pid)
    assert change.info["adopted"] == 2
    tree = service.tree(pid)
    titles = [t.title for t in tree.tasks.values()]
    assert titles.count("CI環境構築") == 1 and "CI+実験管理パイプラインの構築" not in titles  # the user's English title kept
    ci = by_template(workspace, pid)["ci.setup"]
    assert ci.title == "Build CI with the experiment pipeline" and ci.estimate_days == 4 and ci.user_edited
    assert by_template(workspace, pid)["ci.cache"].parent_id == mine.id  # the rest of the phase under the user's
    assert origin_text(ci, workspace.library, "ja").startswith("CI+実験管理パイプラインの構築はCI環境構築の標準タスク")
    again = generate(workspace, pid)
    assert again is None or again.info["adopted"] == 0
