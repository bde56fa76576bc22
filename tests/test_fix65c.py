"""Fix 65c: generation after breaker 65c (see tests/test_breaker65c.py): the choices made there, held."""

from __future__ import annotations

import datetime as dt

from app.core.projects import ProjectService
from app.hearing import AnswerService
from app.wbs.catalog import catalog
from app.wbs.generate import generate
from app.wbs.service import WbsService
from tests.test_breaker65a import by_template


def test_an_agreed_trial_reworded_by_the_scope_is_suspect_and_a_typed_text_keeps_every_text(workspace) -> None:
    from app.projects import suspects

    pid = ProjectService(workspace.db).create("合意案件", lang="ja").id
    service = WbsService(workspace.db)
    generate(workspace, pid)
    tasks = by_template(workspace, pid)
    trial, briefing = tasks["experiment.ds_trial"], tasks["wiki.briefing"]
    service.update(pid, [trial.id], agreed=True, agreed_on=dt.date.today())
    AnswerService(workspace.db, workspace.library).update(pid, "hearing.scope.training_platform", value="out")
    generate(workspace, pid)
    now = service.tree(pid).tasks[trial.id]
    assert "学習環境" not in now.completion_condition and "学習環境" not in now.description and now.owner_name == trial.owner_name
    assert trial.id in {s.dependent.task_id for s in suspects.suspects(workspace, pid)}
    assert catalog(workspace.library).wording_items("wiki.briefing") == () and briefing.id in service.tree(pid).tasks

    other = ProjectService(workspace.db).create("手書き案件", lang="ja").id
    generate(workspace, other)
    mine = by_template(workspace, other)["experiment.ds_trial"]
    service.update(other, [mine.id], completion_condition="顧客の様式で最初の実験が記録された")
    AnswerService(workspace.db, workspace.library).update(other, "hearing.scope.training_platform", value="out")
    generate(workspace, other)
    assert service.tree(other).tasks[mine.id].description == mine.description  # (one text typed: every text the user's)


def test_a_worked_leaf_taken_stands_for_its_sub_tasks_a_bare_one_gets_them(workspace) -> None:
    pid = ProjectService(workspace.db).create("葉案件", lang="ja").id
    service = WbsService(workspace.db)
    service.add_task(pid, None, title="実験環境構築", phase="experiment")
    phase = max(service.tree(pid).tasks)
    service.add_task(pid, phase, title="実験規約(wiki)作成", phase="experiment", status="in_progress")
    worked = max(service.tree(pid).tasks)
    plan_of = generate(workspace, pid)
    tree = service.tree(pid)
    assert not tree.has_children(worked) and plan_of.info["adopted"] == 2
    again = generate(workspace, pid)
    assert again is None or not again.changed or again.info["added"] == 0

    other = ProjectService(workspace.db).create("裸の葉案件", lang="ja").id
    service.add_task(other, None, title="実験環境構築", phase="experiment")
    service.add_task(other, max(service.tree(other).tasks), title="実験規約(wiki)作成", phase="experiment")
    bare = max(service.tree(other).tasks)
    generate(workspace, other)
    assert service.tree(other).has_children(bare)  # (nothing of the user's hidden: the template's pages go under it)
