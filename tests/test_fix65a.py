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
