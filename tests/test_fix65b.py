"""Fix 65b: the generated tasks' texts in the other language, read back from the Excel WBS and named by the agreement
diff (break-it 65a): a template's Japanese typed back into an English sheet is no change; the diff (Markdown, xlsx,
the dialog's) names what the app generated in the document's language and what the user typed as typed."""

from __future__ import annotations

import openpyxl

from app.core import operations as ops
from app.core.projects import ProjectService
from app.projects import baselines as bl
from app.wbs.generate import generate
from app.wbs.model import Dependency
from app.wbs.service import WbsService

SETUP_JA, SETUP_EN = "学習環境構築(Docker)", "Build the training environment (Docker)"


def fresh(workspace) -> int:
    pid = ProjectService(workspace.db).create("合意案件", lang="ja").id
    generate(workspace, pid)
    return pid


def by_template(workspace, pid: int) -> dict:
    return {t.origin.template_id: t for t in WbsService(workspace.db).tree(pid).tasks.values() if t.origin.template_id}


def wbs_rows(diff: bl.BaselineDiff) -> list[bl.DiffRow]:
    return diff.rows_of("wbs")


def test_english_sheet_with_a_japanese_text_typed_over_a_users_title_is_a_change(workspace, tmp_path) -> None:
    from app.wbs.files.sheet_import import read_plan
    from app.wbs.files.xlsx import export_wbs_xlsx

    pid = fresh(workspace)
    service = WbsService(workspace.db)
    setup = by_template(workspace, pid)["training_platform.setup"]
    service.update(pid, [setup.id], title="学習環境構築(Docker+GPU)")  # the user's own title, exported as typed
    path = export_wbs_xlsx(workspace, pid, tmp_path / "wbs_en.xlsx", "en")
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Task")].value == "学習環境構築(Docker+GPU)")
    row[header.index("Task")].value = SETUP_JA  # the template's Japanese typed over it: the user's change
    book.save(path)
    plan = read_plan(workspace, pid, path)
    [changed] = plan.changed
    assert changed.task_id == setup.id and [(c.field, c.new) for c in changed.changes] == [("title", SETUP_JA)]


def test_agreement_diff_in_english_names_generated_tasks_in_english_and_typed_ones_as_typed(workspace, tmp_path) -> None:
    pid = fresh(workspace)
    ops.run(workspace, bl.create_op(pid, "キックオフ合意"))
    service = WbsService(workspace.db)
    tasks = by_template(workspace, pid)
    setup, sheet = tasks["training_platform.setup"], tasks["experiment_mgmt.setup"]
    service.update(pid, [setup.id], title="学習環境構築(Docker+GPU)")
    service.set_dependencies(pid, sheet.id, [*sheet.dependencies, Dependency(predecessor_id=setup.id, lag_days=0)])
    old, now = bl.find(workspace, pid, "キックオフ合意"), bl.current(workspace, pid, "Now")
    english = wbs_rows(bl.diff(old, now, workspace.library, "en"))
    title = next(r for r in english if r.key == str(setup.uid))
    assert (title.old, title.new) == (SETUP_EN, "学習環境構築(Docker+GPU)") and title.subject.endswith("学習環境構築(Docker+GPU)")
    links = next(r for r in english if r.key == str(sheet.uid))
    assert links.subject.endswith(" Experiment-management sheet")  # (stored 実験管理シート作成)
    assert "学習環境構築(Docker+GPU)" in links.new  # the predecessor named as the user typed it
    japanese = wbs_rows(bl.diff(old, now, workspace.library, "ja"))
    assert next(r for r in japanese if r.key == str(setup.uid)).old == SETUP_JA
    out = bl.write(bl.diff(old, now, workspace.library, "en"), "合意案件", tmp_path / "diff_en.xlsx")
    cells = [c for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert SETUP_EN in cells and SETUP_JA not in cells


def test_a_generated_text_now_in_the_other_language_is_no_change_in_the_diff(workspace) -> None:
    pid = fresh(workspace)
    ops.run(workspace, bl.create_op(pid, "合意"))
    setup = by_template(workspace, pid)["training_platform.setup"]
    WbsService(workspace.db).update(pid, [setup.id], title=SETUP_EN)  # as a regeneration after a switch to English writes it
    old, now = bl.find(workspace, pid, "合意"), bl.current(workspace, pid, "今")
    for lang in ("ja", "en"):
        assert not [r for r in wbs_rows(bl.diff(old, now, workspace.library, lang)) if r.key == str(setup.uid)]


def test_a_review_suggestions_reason_names_the_done_task_in_each_language(workspace) -> None:
    from app.review.service import review_view

    pid = fresh(workspace)
    service = WbsService(workspace.db)
    sheet = by_template(workspace, pid)["experiment_mgmt.setup"]
    code = service.tree(pid).codes[sheet.id]
    service.update(pid, [sheet.id], status="done")
    [offered] = review_view(workspace, pid, "en").checklist("ml_test_score").items["infra.reproducible"].suggestions
    assert offered.reason_text("en") == f"WBS task “{code} Experiment-management sheet” is done"  # (stored 実験管理シート作成)
    assert offered.reason_text("ja") == f"WBSタスク「{code} 実験管理シート作成」が完了"
    service.update(pid, [sheet.id], title="実験管理シート(顧客様式)")  # the user's own title: as typed in both
    [offered] = review_view(workspace, pid).checklist("ml_test_score").items["infra.reproducible"].suggestions
    assert offered.reason_text("en") == f"WBS task “{code} 実験管理シート(顧客様式)” is done"
