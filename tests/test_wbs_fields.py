"""The WBS task's one field list and what follows from it: the stored row, the project file, the
sheet and table columns, the meta document, the labels other features show, the content check."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.core.content.loader import load_file
from app.core.storage.models import ProjectDocument, WbsTask
from app.environment.wiki_render import render_wiki
from app.main import main
from app.wbs import store
from app.wbs.catalog import catalog
from app.wbs.files.sheet import COLUMNS, IMPORTED
from app.wbs.model import EDITABLE_FIELDS, FIELDS, TRANSFER_FIELDS, Dependency, Status, Task, TaskOrigin
from app.wbs.plan import PlanTask
from app.wbs.service import WbsService
from app.wbs.transfer import TaskRecord

CUSTOM_SCALE = """type: wbs_rules
id: mine
priority_scale:
  - {id: p1, label: {ja: 最優先, en: Top}}
  - {id: p2, label: {ja: 通常, en: Normal}}
"""


def test_every_column_of_a_task_row_is_a_field_of_the_task() -> None:
    columns = set(WbsTask.__table__.c.keys()) - {"project_id", "updated_at", "edited_by"}
    assert columns == set(store.STORED) == set(Task.model_fields) - {"dependencies"}


def test_the_project_file_the_sheet_and_the_plan_view_carry_the_tasks_fields() -> None:
    assert set(TaskRecord.model_fields) == set(TRANSFER_FIELDS) | {"uid", "parent_uid", "position", "updated_at", "edited_by", "predecessors"}
    assert set(EDITABLE_FIELDS) <= set(TRANSFER_FIELDS)
    shown = {c.key for c in COLUMNS}
    assert set(IMPORTED) == {name for name in EDITABLE_FIELDS if name in shown} and "not_before" in shown
    assert [c.en for c in COLUMNS if c.key in ("title", "task_id", "predecessors")] == ["Task", "Predecessors", "Task ID"]
    outline = {f.name for f in dataclasses.fields(PlanTask)} - set(Task.model_fields)
    assert outline == {"outline", "level"}
    assert all(FIELDS[name].label("ja") and FIELDS[name].label("en") for name in IMPORTED)


def test_a_task_reads_back_from_its_row_as_it_was_written() -> None:
    task = Task(
        id=7, uid=3, parent_id=2, position=4, title="学習環境", priority="must", estimate_days=1.5,
        start=dt.date(2031, 3, 4), milestone=True, status=Status.DONE, agreed=True, notes="n",
        origin=TaskOrigin(rule_id="r", template_id="t", answers=[{"item": "x", "of": "now", "value": 1}]),
        often_missed="adoption", user_edited=True, dependencies=[Dependency(predecessor_id=5, lag_days=2)],
    )  # fmt: skip
    row = store.task_to_row(task, project_id=1) | {"id": 7}
    assert row["status"] == "done" and row["origin"]["template_id"] == "t" and "dependencies" not in row
    links = [d.model_dump() for d in task.dependencies]
    assert store.task_from_row(row, links) == task
    assert store.task_from_row(row | {"status": "someday", "origin": None}, links).status == Status.NOT_STARTED


def test_the_meta_document_keeps_unknown_keys_and_writes_only_what_is_set(workspace, demo) -> None:
    with workspace.db.session() as s:
        row = s.query(ProjectDocument).filter_by(project_id=demo.id, kind=store.META_KIND).one()
        row.data = {"future": {"keep": True}, **row.data}
    with workspace.db.session() as s:
        meta = store.read_meta(s, demo.id)
        assert meta.next_uid > 1 and meta.dismissed == []
        store.write_meta(s, demo.id, meta.model_copy(update={"dismissed": ["planning.kpi"]}))
    with workspace.db.session() as s:
        data = s.query(ProjectDocument).filter_by(project_id=demo.id, kind=store.META_KIND).one().data
    assert data == {"future": {"keep": True}, "next_uid": meta.next_uid, "dismissed": ["planning.kpi"]}


def test_a_deleted_generated_task_is_remembered_and_its_uid_never_comes_back(workspace, demo) -> None:
    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    kpi = next(t for t in tree.tasks.values() if t.origin.template_id == "planning.kpi")
    highest = max(t.uid for t in tree.tasks.values())
    service.delete(demo.id, [kpi.id])
    added = service.add_task(demo.id, title="後から追加")
    with workspace.db.session() as s:
        meta = store.read_meta(s, demo.id)
    assert "planning.kpi" in meta.dismissed
    assert service.snapshot(demo.id, added.created)[added.created[0]].uid == highest + 1 == meta.next_uid - 1


@pytest.mark.parametrize(("lang", "label"), [("ja", "最優先"), ("en", "Top")])
def test_the_wiki_shows_the_priority_scale_in_force(workspace, demo, library, tmp_path: Path, monkeypatch, lang, label) -> None:
    mine = tmp_path / "scale.yaml"
    mine.write_text(CUSTOM_SCALE, encoding="utf-8")
    combined = copy.copy(library)
    combined.documents = {k: dict(v) for k, v in library.documents.items()}
    combined.add(load_file(mine), mine)
    monkeypatch.setattr(workspace, "library", combined)
    service = WbsService(workspace.db)
    task = next(t for t in service.tasks(demo.id) if t.completion_condition and not service.tree(demo.id).has_children(t.id))
    service.update(demo.id, [task.id], priority="p1")
    tickets = {p.id: p.markdown for p in render_wiki(workspace, demo.id, lang, "plain").all_pages()}["tickets"]
    title = catalog(workspace.library).worded(task, lang).title  # the English wiki writes what the app generated in English
    row = next(line for line in tickets.splitlines() if f"| {title} |" in line)
    assert f"| {label} |" in row and "| p1 |" not in row


def test_templates_validate_names_the_file_and_the_rule_of_a_broken_cross_reference(db_path: Path, tmp_path: Path, capsys) -> None:
    mine = tmp_path / "rules.yaml"
    mine.write_text(
        """type: wbs_rules
id: mine
rules:
  - id: mine.review
    phase: nowhere
    when: {item: hearing.no.such.item}
    tasks:
      - id: mine.review_task
        role: nobody
        title: {en: Review}
        completion: {en: Done}
        output: {en: A record}
""",
        encoding="utf-8",
    )
    code = main(["--db", str(db_path), "--lang", "en", "templates", "validate", str(mine)])
    err = capsys.readouterr().err
    assert code == 2
    # One line each, and the shipped content itself has no broken reference.
    assert [line for line in err.splitlines() if line.startswith("error")] == [
        f"error   {mine}: rule mine.review: no hearing item “hearing.no.such.item”",
        f"error   {mine}: task mine.review_task: unknown phase “nowhere”",
        f"error   {mine}: task mine.review_task: unknown role “nobody”",
    ]
    assert main(["--db", str(db_path), "templates", "validate", str(mine)]) == 2  # the suite's language: Japanese
    assert [line for line in capsys.readouterr().err.splitlines() if line.startswith("エラー")] == [
        f"エラー  {mine}: ルール mine.review: ヒアリング項目「hearing.no.such.item」はありません",
        f"エラー  {mine}: タスク mine.review_task: フェーズ「nowhere」は定義されていません",
        f"エラー  {mine}: タスク mine.review_task: ロール「nobody」は定義されていません",
    ]


def test_a_rules_file_that_does_not_hold_together_is_refused_in_both_languages(db_path: Path, tmp_path: Path, capsys) -> None:
    mine = tmp_path / "rules.yaml"
    mine.write_text(
        """type: wbs_rules
id: mine
rules:
  - id: mine.review
    tasks:
      - id: mine.review_task
        title: {en: Review}
        completion: {en: Done}
        output: {en: A record}
""",
        encoding="utf-8",
    )
    errors = {}
    for lang in ("ja", "en"):
        assert main(["--db", str(db_path), "--lang", lang, "templates", "validate", str(mine)]) == 2
        errors[lang] = [line for line in capsys.readouterr().err.splitlines() if line.startswith(("error", "エラー"))]
    assert errors == {
        "ja": [f"エラー  {mine}: タスク「mine.review_task」: フェーズがありません(ルールかタスクにフェーズを指定してください)"],
        "en": [f"error   {mine}: task “mine.review_task”: no phase (give the rule or the task a phase)"],
    }
