"""Fix 63c (generation): the article's tasks in a new WBS and the data scientists' part.

The defects are in tests/test_breaker63c.py; these check what the fixes must not break: the hearing still takes the
article's tasks out, and a new project's WBS tells the data scientists' effort in every phase.
"""

from __future__ import annotations

from app.core.projects import ProjectService
from app.hearing import AnswerService
from app.proposal.service import proposal_view
from app.wbs import plan_tasks
from app.wbs.generate import generate


def fresh(workspace, scope: dict[str, str] | None = None) -> int:
    pid = ProjectService(workspace.db).create("空の案件", lang="ja").id
    for item, value in (scope or {}).items():
        AnswerService(workspace.db, workspace.library).update(pid, item, value=value)
    generate(workspace, pid)
    return pid


def titles(workspace, pid: int, phase: str) -> list[str]:
    return [t.title for t in plan_tasks(workspace, pid) if t.phase == phase]


def test_the_scope_still_takes_the_articles_tasks_later_or_out(workspace) -> None:
    pid = fresh(workspace, {"hearing.scope.ci": "out", "hearing.scope.training_platform": "later"})
    assert titles(workspace, pid, "ci") == []  # no CI phase at all
    experiment = titles(workspace, pid, "experiment")
    assert "学習基盤の導入計画(これから対象)" in experiment and "学習環境構築(Docker)" not in experiment
    assert "実験管理シート作成" in experiment  # not answered: the article's task stays


def test_every_phase_of_a_new_wbs_tells_the_data_scientists_effort(workspace) -> None:
    pid = fresh(workspace)
    rows = proposal_view(workspace, pid, "ja").effort.rows
    assert [r.number for r in rows if r.ds_work and not r.days.get("ds")] == []
    assert all(r.days.get("mlops") for r in rows)
