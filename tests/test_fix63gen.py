"""Fix 63c (generation): the article's tasks in a new WBS, the data scientists' part, English exports of what the app wrote.

The defects are in tests/test_breaker63c.py; these check what the fixes must not break: the hearing still takes the
article's tasks out, a task the user typed stays as typed, and an English WBS of a Japanese project reads back unchanged.
"""

from __future__ import annotations

import re

import openpyxl

from app.core.projects import ProjectService
from app.hearing import AnswerService
from app.proposal.service import proposal_view
from app.wbs import plan_tasks
from app.wbs.files.sheet_import import read_plan
from app.wbs.files.tracker_csv import tracker_rows
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.generate import generate
from app.wbs.service import WbsService

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


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


def test_an_edited_text_stays_as_typed_and_the_rest_is_in_the_exports_language(workspace, tmp_path) -> None:
    pid = fresh(workspace)
    service = WbsService(workspace.db)
    tree = service.tree(pid)
    task = next(t for t in tree.tasks.values() if t.origin.template_id == "proposal.problems")
    service.update(pid, [task.id], title="課題の洗い出し(顧客と一緒に)")
    rows = {r[0]: r for r in openpyxl.load_workbook(export_wbs_xlsx(workspace, pid, tmp_path / "en.xlsx", "en"))["WBS"].iter_rows(values_only=True)}
    header = rows["WBS"]
    row = dict(zip(header, rows[tree.codes[task.id]], strict=False))
    assert row["Task"] == "課題の洗い出し(顧客と一緒に)"  # typed: as typed
    assert row["Completion condition"] == "The PL reviewed the list of problems and countermeasures"  # the app's: in English
    assert service.tree(pid).tasks[task.id].completion_condition == "課題と対策案の一覧をPLがレビューした"  # stored as it was


def test_an_english_wbs_of_a_japanese_project_reads_back_unchanged(workspace, tmp_path) -> None:
    pid = fresh(workspace)
    exported = export_wbs_xlsx(workspace, pid, tmp_path / "en.xlsx", "en")
    plan = read_plan(workspace, pid, exported)
    assert plan.empty and plan.kept == 0 and not plan.warnings, plan.describe("en")
    # a title changed in the English sheet is the one change
    book = openpyxl.load_workbook(exported)
    sheet = book["WBS"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(2, header.index("Task") + 1)
    cell.value = "Kickoff proposal (agreed)"
    book.save(exported)
    plan = read_plan(workspace, pid, exported)
    assert [(c.field, c.new, c.conflict) for row in plan.changed for c in row.changes] == [("title", "Kickoff proposal (agreed)", False)]


def test_the_tracker_csv_of_a_japanese_project_in_english_has_the_apps_text_in_english(workspace) -> None:
    pid = fresh(workspace)
    rows = tracker_rows(workspace, pid, "en")
    name = ProjectService(workspace.db).get(pid).name
    assert rows and not [r for r in rows if JAPANESE.search(" ".join(r).replace(name, ""))]
