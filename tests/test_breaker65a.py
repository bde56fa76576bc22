"""Break-it 65a: what a NEW project's WBS and proposal now contain after the generation change (e3136567, add59144,
93f9ec03, e58076d0, 82d0944a), tried as a demanding Japanese consultant in the window and on the command line.

Scratch /tmp/brk65a. An OLD project is made with the generation of e3136567~1 (its checklists/wbs_rules.yaml read
from git history and loaded as the content; the old demo too), then opened with today's.

Held: a typed title / completion condition survives an English Excel WBS, MS Project and tracker CSV while the untouched
texts read in English, a hand-added task named like a generated one stays as typed; an English sheet's estimate edit
stores no English text, a typed formula stays text; an old project or the old demo regenerated gets the article's 16
(4) tasks once, in the phases' order, every edit kept, undo / redo of it exact, 工数感 then tells the DS effort; CI 対象外
takes its DS part out, 対象外 → これから対象 swaps in the plan task; the 計画 row ends at the WBS agreement; a title typed
into a task a CLI generation just removed is said in Japanese with the text typed; the English UI says it all in English.
Broke: the strict xfails below (status 対象外 on a scope item, the user's own article tasks duplicated, an empty
「もう当てはまりません: 」, the English sheet's no-op change, システム化計画 on day one, the DS trial's unmeetable
condition, the English origin's ids, 「すべてWBSにあります」 after deletions, the English agreement diff, Suspect Links).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from app.core.content.loader import load_library
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing import AnswerService
from app.ui import messages
from app.wbs.generate import generate, origin_text
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, finish_background_work, make_window, settle

REPO = Path(__file__).resolve().parent.parent
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def by_template(workspace, pid: int) -> dict:
    return {t.origin.template_id: t for t in WbsService(workspace.db).tree(pid).tasks.values() if t.origin.template_id}


def fresh(workspace, name: str = "新規案件", scope: dict | None = None) -> int:
    pid = ProjectService(workspace.db).create(name, lang="ja").id
    for item, value in (scope or {}).items():
        AnswerService(workspace.db, workspace.library).update(pid, item, value=value)
    generate(workspace, pid)
    return pid


def sheet_rows(path: Path, sheet: str = "WBS") -> dict[str, dict]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    header = rows[0]
    return {r[0]: dict(zip(header, r, strict=False)) for r in rows[1:] if r[0]}


# ==========================================================================================================
# The window: generate, edit by hand, undo / redo, export in English
# ==========================================================================================================


def test_window_edits_survive_an_english_excel_export_and_untouched_texts_are_english(qtbot, db_path, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox, QPushButton

    from app.ui.wbs.model import column_index

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "新規案件")
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.new_action.trigger()
        settle(window)
        assert window.state.project.lang == "ja"
        window.show_page("wbs")
        page = window.page("wbs")
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        tasks = {t.origin.template_id: t for t in page.model.tree.tasks.values()}
        setup, sheet, ci = tasks["training_platform.setup"], tasks["experiment_mgmt.setup"], tasks["ci.setup"]
        assert page.model.setData(page.model.index_of(setup.id, column_index("title")), "学習環境構築(Docker+GPU)", Qt.ItemDataRole.EditRole)
        assert page.model.setData(page.model.index_of(sheet.id, column_index("completion_condition")), "顧客の様式で3シートが揃った",
                                  Qt.ItemDataRole.EditRole)
        settle(window)
        window.undo_action.trigger()
        settle(window)
        window.redo_action.trigger()
        settle(window)
        page.generate_button.click()  # again after the edits: nothing of them undone
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        window.show_page("exports")
        settle(window)
        exports = window.page("exports")
        exports.findChild(QComboBox, "exportLangCombo").setCurrentIndex(1)  # English
        out = tmp_path / "wbs_en.xlsx"
        monkeypatch.setattr(messages, "save_file", lambda *_a, **_k: str(out))
        exports.findChild(QPushButton, "export_wbs").click()
        finish_background_work()
        settle(window)
        tree = WbsService(window.state.workspace.db).tree(window.state.project_id)
        rows = sheet_rows(out, "WBS")
        assert rows[tree.codes[setup.id]]["Task"] == "学習環境構築(Docker+GPU)"
        assert rows[tree.codes[sheet.id]]["Completion condition"] == "顧客の様式で3シートが揃った"
        assert rows[tree.codes[sheet.id]]["Task"] == "Experiment-management sheet"
        assert rows[tree.codes[ci.id]]["Task"] == "Build CI with the experiment pipeline"
        assert [title for title in (t.title for t in tree.tasks.values()) if title == "学習環境構築(Docker)"] == []
    finally:
        close_window(window)


# ==========================================================================================================
# An OLD project: its WBS generated by the rules before e3136567, opened now
# ==========================================================================================================

OLD_RULES = "e3136567~1"  # the commit before the article's tasks came into a new WBS


def old_library(tmp_path: Path):
    """The content as it was before the change: today's checklists with the old WBS rules."""
    folder = tmp_path / "old_checklists"
    folder.mkdir()
    for source in (REPO / "checklists").iterdir():
        if source.is_file():
            (folder / source.name).write_bytes(source.read_bytes())
    try:
        old = subprocess.run(["git", "show", f"{OLD_RULES}:checklists/wbs_rules.yaml"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("needs the repository's history (git show)")
    (folder / "wbs_rules.yaml").write_bytes(old)
    return load_library([folder], strict=True)


def old_project(db_path: Path, tmp_path: Path, name: str = "旧案件", scope: dict | None = None) -> int:
    """A project made and generated with the old rules, in ``db_path``; the workspace closed after."""
    ws = Workspace.open(str(db_path), old_library(tmp_path))
    try:
        pid = ProjectService(ws.db).create(name, lang="ja").id
        for item, value in (scope or {}).items():
            AnswerService(ws.db, ws.library).update(pid, item, value=value)
        generate(ws, pid)
        return pid
    finally:
        ws.close()


def test_old_project_regenerated_gets_the_articles_tasks_once_and_keeps_every_edit(workspace, db_path, tmp_path) -> None:
    workspace.close()
    pid = old_project(db_path, tmp_path)
    ws = Workspace.open(str(db_path), workspace.library)
    try:
        service = WbsService(ws.db)
        before = by_template(ws, pid)
        assert "training_platform.setup" not in before and "ci.setup" not in before  # (the old WBS)
        service.update(pid, [before["baseline.skeleton"].id], title="パイプラインのガワ作成(顧客版)", owner_name="山田")
        service.update(pid, [before["sp.requirements"].id], agreed=True, owner_name="鈴木")
        first = generate(ws, pid)
        second = generate(ws, pid)  # refill again: nothing more
        assert first.info["added"] == 16 and (second is None or second.info["added"] == 0)
        tree = service.tree(pid)
        titles = [t.title for t in tree.tasks.values()]
        assert len(titles) == len(set(titles))
        after = by_template(ws, pid)
        assert after["baseline.skeleton"].title == "パイプラインのガワ作成(顧客版)" and after["baseline.skeleton"].owner_name == "山田"
        assert after["sp.requirements"].agreed and after["sp.requirements"].owner_name == "鈴木"
        phases = [tree.tasks[i].title for i in tree.kids(None)]
        assert phases == ["導入提案", "計画(ヒアリング・WBS)", "実験環境構築", "データ基盤構築", "CI環境構築", "システム化計画"]
    finally:
        ws.close()


def test_old_project_regenerated_does_not_add_again_what_the_user_added_by_hand(workspace, db_path, tmp_path) -> None:
    from app.proposal.service import proposal_view

    workspace.close()
    pid = old_project(db_path, tmp_path)
    ws = Workspace.open(str(db_path), workspace.library)
    try:
        service = WbsService(ws.db)
        before = by_template(ws, pid)
        experiment = before["phase.experiment"].id
        service.add_task(pid, experiment, title="学習環境構築(Docker)", phase="experiment", owner_role="mlops", estimate_days=3,
                         completion_condition="全員が同じDockerイメージで学習できる")
        service.add_task(pid, None, row=4, title="CI環境構築", phase="ci", owner_role="mlops")
        ci = next(t.id for t in service.tree(pid).tasks.values() if t.title == "CI環境構築")
        service.add_task(pid, ci, title="CI+実験管理パイプラインの構築", phase="ci", owner_role="mlops", estimate_days=4)
        generate(ws, pid)
        tree = service.tree(pid)
        titles = [t.title for t in tree.tasks.values()]
        effort = {r.number: r.days["mlops"] for r in proposal_view(ws, pid, "ja").effort.rows}
        assert titles.count("学習環境構築(Docker)") == 1, [tree.codes[t.id] for t in tree.tasks.values() if t.title == "学習環境構築(Docker)"]
        assert titles.count("CI環境構築") == 1 and titles.count("CI+実験管理パイプラインの構築") == 1
        assert effort[4] <= 5.5 + 4, effort  # the user's CI work counted once
    finally:
        ws.close()


# ==========================================================================================================
# The scope's 対象外: the answer's status 対象外 (not applicable) beside the option 対象外
# ==========================================================================================================

ARTICLE_SCOPE = {"hearing.scope.ci": "ci.setup", "hearing.scope.training_platform": "training_platform.setup",
                 "hearing.scope.experiment_mgmt": "experiment_mgmt.setup"}


def test_window_a_scope_item_marked_対象外_by_its_status_brings_no_article_task(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.test_breaker53c import _hearing

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "CIなし案件")
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.new_action.trigger()
        settle(window)
        for item in ARTICLE_SCOPE:
            editor = _hearing(window, "hearing", item)
            button = editor.findChild(QPushButton, "status_not_applicable")
            assert "対象外" in button.text()
            button.click()
            settle(window)
        answers = window.state.answers.answers(window.state.project_id)
        assert all(answers[item].status == "not_applicable" for item in ARTICLE_SCOPE)
        window.show_page("wbs")
        page = window.page("wbs")
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        generated = {t.origin.template_id for t in page.model.tree.tasks.values()}
        assert not generated & set(ARTICLE_SCOPE.values()), sorted(generated & set(ARTICLE_SCOPE.values()))
        assert "phase.ci" not in generated
    finally:
        close_window(window)


def test_cli_ci_answered_対象外_and_marked_対象外_gets_no_ci_phase_back(tmp_path) -> None:
    env = cli_env(tmp_path)
    assert cli(env, "project", "new", "両方対象外").returncode == 0
    assert cli(env, "hearing", "answer", "--project", "両方対象外", "--item", "CI", "--value", "対象外").returncode == 0
    assert cli(env, "wbs", "generate", "--project", "両方対象外").returncode == 0
    assert "CI環境構築" not in cli(env, "wbs", "list", "--project", "両方対象外").stdout
    said = cli(env, "hearing", "answer", "--project", "両方対象外", "--item", "CI", "--status", "対象外")
    assert said.returncode == 0 and "対象外" in said.stdout
    again = cli(env, "wbs", "generate", "--project", "両方対象外")
    assert again.returncode == 0
    listed = cli(env, "wbs", "list", "--project", "両方対象外").stdout
    assert "CI環境構築" not in listed and "CI+実験管理パイプラインの構築" not in listed, again.stdout


def cli_env(tmp_path: Path) -> dict:
    import os

    env = dict(os.environ)
    env.update(MLOPS_KICKOFF_HOME=str(tmp_path / "cli_home"), MLOPS_KICKOFF_SETTINGS=str(tmp_path / "cli.ini"), PYTHONPATH=str(REPO),
               MLOPS_KICKOFF_LANG="ja")
    env.pop("MLOPS_KICKOFF_DB", None)
    return env


def cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    import sys

    return subprocess.run([sys.executable, "-m", "app", "--lang", "ja", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)


def test_proposal_scope_of_an_item_marked_対象外_reads_対象外(workspace) -> None:
    from app.proposal.service import proposal_view

    pid = ProjectService(workspace.db).create("CIなし案件", lang="ja").id
    AnswerService(workspace.db, workspace.library).update(pid, "hearing.scope.ci", status="not_applicable")
    generate(workspace, pid)
    view = proposal_view(workspace, pid, "ja")
    shown = {i.label: i.status_label for level in view.scope for i in level.items}
    assert shown["CI"] == "対象外", shown["CI"]


# ==========================================================================================================
# Regenerate after the scope changes: an edited article task kept, and why
# ==========================================================================================================


def test_an_edited_article_task_kept_after_its_scope_went_out_says_which_answer(workspace) -> None:
    pid = fresh(workspace)
    service = WbsService(workspace.db)
    setup = by_template(workspace, pid)["training_platform.setup"]
    service.update(pid, [setup.id], owner_name="鈴木")
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, "hearing.scope.training_platform", value="out")
    change = generate(workspace, pid)
    assert change.info["kept_edited"] == 1
    task = service.tree(pid).tasks[setup.id]
    ja = origin_text(task, workspace.library, "ja", answers.answers(pid))
    en = origin_text(task, workspace.library, "en", answers.answers(pid))
    assert "もう当てはまりません" in ja and "no longer met" in en
    assert "学習基盤 = 対象外" in ja, ja
    assert "Training platform = Out of scope" in en or "Out of scope" in en, en


def test_scope_out_then_later_swaps_the_untouched_ci_tasks_for_its_plan(workspace) -> None:
    pid = fresh(workspace)
    service = WbsService(workspace.db)
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, "hearing.scope.ci", value="out")
    out = generate(workspace, pid)
    assert out.info["removed"] == 6 and "phase.ci" not in by_template(workspace, pid)  # the phase, its four, the DS part
    answers.update(pid, "hearing.scope.ci", value="later")
    later = generate(workspace, pid)
    now = by_template(workspace, pid)
    assert later.info["added"] == 2 and "ci.plan" in now and "ci.ds_scripts" not in now
    tree = service.tree(pid)
    assert [tree.tasks[i].title for i in tree.kids(None)][4] == "CI環境構築"  # back in its place among the phases
    assert tree.codes[now["ci.plan"].id] == "5.1"


# ==========================================================================================================
# The Excel WBS in English of a Japanese project, edited and read back
# ==========================================================================================================


def english_sheet_edited(workspace, pid: int, tmp_path: Path, edits: dict[tuple[str, str], object]) -> Path:
    """Export the WBS in English, set cells (by WBS code and English header) as a user does in Excel, save."""
    from app.wbs.files.xlsx import export_wbs_xlsx

    path = export_wbs_xlsx(workspace, pid, tmp_path / "wbs_en.xlsx", "en")
    book = openpyxl.load_workbook(path)
    sheet = book["WBS"]
    header = [c.value for c in sheet[1]]
    for (code, column), value in edits.items():
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == code)
        sheet.cell(row, header.index(column) + 1).value = value
    book.save(path)
    return path


def test_english_sheet_estimate_edit_keeps_the_japanese_texts_stored(workspace, tmp_path) -> None:
    from app.wbs.files.sheet_import import apply_plan, read_plan

    pid = fresh(workspace)
    service = WbsService(workspace.db)
    tasks = by_template(workspace, pid)
    codes = service.tree(pid).codes
    setup, ci = tasks["training_platform.setup"], tasks["ci.setup"]
    path = english_sheet_edited(workspace, pid, tmp_path, {(codes[setup.id], "Estimate (person-days)"): 3,
                                                           (codes[ci.id], "Completion condition"): "=A1&\"CI on every push\""})
    plan = read_plan(workspace, pid, path)
    apply_plan(workspace, plan)
    after = service.tree(pid).tasks
    assert after[setup.id].estimate_days == 3 and after[setup.id].title == "学習環境構築(Docker)"  # not the English of the sheet
    assert after[setup.id].completion_condition == "全DSが同じイメージでサンプルの学習を実行できた"
    assert after[ci.id].completion_condition == "=A1&\"CI on every push\"" and after[ci.id].title == "CI+実験管理パイプラインの構築"
    again = english_sheet_edited(workspace, pid, tmp_path, {})
    cell = next(c for row in openpyxl.load_workbook(again)["WBS"].iter_rows() for c in row if c.value == "=A1&\"CI on every push\"")
    assert cell.data_type == "s"  # the typed formula stays text


def test_english_sheet_with_the_japanese_template_text_typed_back_is_no_change(workspace, tmp_path) -> None:
    from app.wbs.files.sheet_import import read_plan

    pid = fresh(workspace)
    sheet_task = by_template(workspace, pid)["experiment_mgmt.setup"]
    code = WbsService(workspace.db).tree(pid).codes[sheet_task.id]
    path = english_sheet_edited(workspace, pid, tmp_path, {(code, "Task"): "実験管理シート作成"})
    plan = read_plan(workspace, pid, path)
    assert plan.empty, plan.describe("ja")


def test_window_old_project_generate_undo_redo_adds_the_articles_tasks_once(qtbot, db_path, tmp_path, monkeypatch) -> None:
    pid = old_project(db_path, tmp_path)
    ws = Workspace.open(str(db_path), load_library([REPO / "checklists"], strict=True))
    try:
        service = WbsService(ws.db)
        skeleton = by_template(ws, pid)["baseline.skeleton"]
        service.update(pid, [skeleton.id], title="パイプラインのガワ作成(顧客版)")
        before = {t.id: t.title for t in service.tree(pid).tasks.values()}
        from app.wbs.generate import plan

        updated = len(plan(ws, pid).updated)  # (fix 65a: the old WBS's untouched 6.1 now waits for the WBS agreement)
    finally:
        ws.close()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja", global_project=str(pid))
    try:
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        assert window.state.project_id == pid and len(page.model.tree.tasks) == len(before)
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        assert page.details.text() == f"16件追加、{updated}件更新、0件削除しました。"
        generated = {t.id: t.title for t in page.model.tree.tasks.values()}
        window.undo_action.trigger()
        settle(window)
        assert {t.id: t.title for t in page.model.tree.tasks.values()} == before
        window.redo_action.trigger()
        settle(window)
        assert {t.id: t.title for t in page.model.tree.tasks.values()} == generated
        page.generate_button.click()  # again: nothing more
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        titles = [t.title for t in page.model.tree.tasks.values()]
        assert len(titles) == len(set(titles)) == len(before) + 16
        assert "パイプラインのガワ作成(顧客版)" in titles
    finally:
        close_window(window)


# ==========================================================================================================
# The proposal of a new project: its schedule and 工数感
# ==========================================================================================================


def scheduled_fresh(workspace, start=None) -> int:
    import datetime as dt

    from app.wbs.schedule import schedule

    pid = ProjectService(workspace.db).create("新規案件", lang="ja", start_date=start or dt.date(2027, 1, 4)).id
    generate(workspace, pid)
    schedule(workspace, pid)
    return pid


def test_new_project_proposal_planning_row_ends_at_the_wbs_agreement(workspace) -> None:
    from app.proposal.service import proposal_view

    pid = scheduled_fresh(workspace)
    agreement = by_template(workspace, pid)["planning.wbs_agreement"]
    rows = {r.key: r for r in proposal_view(workspace, pid, "ja").schedule.rows}
    assert rows["1"].end == agreement.finish and rows["1"].label == "1. 計画"
    assert rows["2"].start >= agreement.finish and rows["4"].start >= agreement.finish  # 実験環境構築 and CI after it (half days)


def test_new_project_proposal_system_planning_starts_after_the_wbs_agreement(workspace) -> None:
    from app.proposal.service import proposal_view

    pid = scheduled_fresh(workspace)
    agreement = by_template(workspace, pid)["planning.wbs_agreement"]
    rows = {r.key: r for r in proposal_view(workspace, pid, "ja").schedule.rows}
    assert rows["5"].label == "5. システム化計画"
    assert rows["5"].start >= agreement.finish, (rows["0"].start, rows["5"].start, agreement.finish)


# ==========================================================================================================
# The data scientists' part when the scope takes the article's tasks out
# ==========================================================================================================


def test_ds_trial_asks_for_no_training_environment_when_the_scope_takes_it_out(workspace) -> None:
    pid = fresh(workspace, scope={"hearing.scope.training_platform": "out"})
    tasks = by_template(workspace, pid)
    assert "training_platform.setup" not in tasks and "training_platform.plan" not in tasks
    trial = tasks["experiment.ds_trial"]
    assert "学習環境" not in trial.completion_condition, trial.completion_condition
    assert "学習環境" not in trial.description, trial.description


def test_ci_out_takes_the_data_scientists_ci_part_out_too(workspace) -> None:
    from app.proposal.service import proposal_view

    pid = fresh(workspace, scope={"hearing.scope.ci": "out"})
    tasks = by_template(workspace, pid)
    assert "ci.ds_scripts" not in tasks and "phase.ci" not in tasks
    rows = {r.number: r.days for r in proposal_view(workspace, pid, "ja").effort.rows}
    assert rows[4] == {"mlops": 0.0, "ds": 0.0}
    assert tasks["data.ds_register"].dependencies  # still waits for its predecessors


def test_japanese_origin_names_the_scope_options_by_their_labels(workspace) -> None:
    pid = fresh(workspace)
    tasks = by_template(workspace, pid)
    answers = AnswerService(workspace.db, workspace.library).answers(pid)
    for key, item in (("training_platform.setup", "学習基盤"), ("experiment_mgmt.setup", "実験管理"), ("ci.setup", "CI")):
        assert f"スコープで{item}を「これから対象」「対象外」にしない限り" in origin_text(tasks[key], workspace.library, "ja", answers)


def test_english_origin_names_the_scope_options_by_their_labels(workspace) -> None:
    pid = fresh(workspace)
    tasks = by_template(workspace, pid)
    answers = AnswerService(workspace.db, workspace.library).answers(pid)
    for key in ("training_platform.setup", "experiment_mgmt.setup", "ci.setup"):
        text = origin_text(tasks[key], workspace.library, "en", answers)
        assert "In scope later" in text and "Out of scope" in text, text


def test_mspdi_and_tracker_csv_in_english_keep_typed_text_and_word_the_apps(workspace, tmp_path) -> None:
    import csv

    from app.wbs.files.mspdi import export_mspdi
    from app.wbs.files.tracker_csv import export_tracker_csv

    pid = scheduled_fresh(workspace)
    service = WbsService(workspace.db)
    tasks = by_template(workspace, pid)
    service.update(pid, [tasks["training_platform.setup"].id], title="=学習環境構築(GPU)")
    service.update(pid, [tasks["ci.setup"].id], completion_condition="CI+実験管理パイプラインの構築")  # another field's text, typed
    service.add_task(pid, tasks["phase.experiment"].id, title="実験管理シート作成", phase="experiment")  # a generated title, typed
    xml = export_mspdi(workspace, pid, tmp_path / "wbs.xml", "en").read_text(encoding="utf-8")
    names = re.findall(r"<Name>([^<]*)</Name>", xml)
    assert "=学習環境構築(GPU)" in names and "Experiment-management sheet" in names and "実験管理シート作成" in names
    assert "Build CI with the experiment pipeline" in names and "CI+実験管理パイプラインの構築" not in names
    assert "Completion condition: CI+実験管理パイプラインの構築" in xml
    with export_tracker_csv(workspace, pid, tmp_path / "wbs.csv", "en").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    summaries = [r["Summary"].split(" ", 1)[1] for r in rows]
    assert "'=学習環境構築(GPU)" in summaries or "=学習環境構築(GPU)" in summaries
    assert summaries.count("実験管理シート作成") == 1 and "Experiment-management sheet" in summaries
    ci = next(r for r in rows if r["Summary"].endswith("Build CI with the experiment pipeline"))
    assert ci["Acceptance Criteria"] == "CI+実験管理パイプラインの構築"
    japanese_left = {s for s in summaries if JAPANESE.search(s)}
    assert japanese_left <= {"=学習環境構築(GPU)", "'=学習環境構築(GPU)", "実験管理シート作成"}, japanese_left



def test_window_deleted_article_tasks_are_not_added_again_and_the_page_says_so(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "新規案件")
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.new_action.trigger()
        settle(window)
        window.show_page("wbs")
        page = window.page("wbs")
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        tasks = {t.origin.template_id: t for t in page.model.tree.tasks.values()}
        for key in ("training_platform.setup", "phase.ci"):  # one task; the CI phase with its five
            page.select_task(tasks[key].id)
            page.delete_selected()
            settle(window)
        count = len(page.model.tree.tasks)
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        left = {t.origin.template_id for t in page.model.tree.tasks.values()}
        assert len(page.model.tree.tasks) == count  # the deleted ones stay deleted: held
        assert "training_platform.setup" not in left and "phase.ci" not in left and "ci.ds_scripts" not in left
        assert "training_platform.rules" in left and not page.model.tree.tasks[tasks["training_platform.rules"].id].dependencies
        said = page.details.text()
        assert "すべてWBSにあります" not in said and "7" in said, said
    finally:
        close_window(window)


def test_cli_generate_after_deleting_the_ci_phase_says_the_deleted_are_left_out(tmp_path) -> None:
    env = cli_env(tmp_path)
    assert cli(env, "project", "new", "削除案件").returncode == 0
    assert cli(env, "wbs", "generate", "--project", "削除案件").returncode == 0
    deleted = cli(env, "wbs", "delete", "--project", "削除案件", "--task", "5", "--yes")
    assert deleted.returncode == 0 and "CI環境構築" in deleted.stdout
    again = cli(env, "wbs", "generate", "--project", "削除案件")
    assert again.returncode == 0 and not again.stderr
    assert "すべてあります" not in again.stdout and "6" in again.stdout, again.stdout


def test_window_typing_into_an_article_task_the_cli_just_took_out(qtbot, db_path, tmp_path, monkeypatch) -> None:
    """A colleague answers 学習基盤 対象外 and regenerates on the command line while the title is being typed here."""
    import os
    import sys

    from PySide6.QtCore import Qt

    from app.ui.wbs.model import column_index

    errors: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "共有案件")
    monkeypatch.setattr(messages, "show_error", lambda _parent, error, title=None: errors.append(str(error)))
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.new_action.trigger()
        settle(window)
        window.show_page("wbs")
        page = window.page("wbs")
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        setup = next(t for t in page.model.tree.tasks.values() if t.origin.template_id == "training_platform.setup")
        env = dict(os.environ, PYTHONPATH=str(REPO), MLOPS_KICKOFF_LANG="ja")
        for args in (["hearing", "answer", "--project", "共有案件", "--item", "学習基盤", "--value", "対象外"],
                     ["wbs", "generate", "--project", "共有案件"]):
            done = subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "--lang", "ja", *args], cwd=REPO, env=env,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
        typed = "学習環境構築(Docker)顧客GPU環境で"
        page.model.setData(page.model.index_of(setup.id, column_index("title")), typed, Qt.ItemDataRole.EditRole)
        settle(window)
        stored = {t.title for t in WbsService(window.state.workspace.db).tree(window.state.project_id).tasks.values()}
        assert typed not in stored and len(errors) == 1
        assert "学習環境構築(Docker)」は別のウィンドウかプロセスで削除された" in errors[0] and typed in errors[0], errors  # said, typed text shown
    finally:
        close_window(window)


def test_old_demo_regenerated_keeps_every_edit_and_tells_the_data_scientists_effort(workspace, db_path, tmp_path) -> None:
    from app.projects.demo import create_demo
    from app.proposal.service import proposal_view
    from app.wbs.model import USER_FIELDS

    workspace.close()
    old = Workspace.open(str(db_path), old_library(tmp_path))
    try:
        pid = create_demo(old, "ja").id
        old_ds = {r.number: r.days["ds"] for r in proposal_view(old, pid, "ja").effort.rows}
    finally:
        old.close()
    ws = Workspace.open(str(db_path), workspace.library)
    try:
        service = WbsService(ws.db)
        before = service.tree(pid)
        change = generate(ws, pid)
        after = service.tree(pid)
        assert change.info["added"] == 4 and change.info["removed"] == 0
        for task_id, task in before.tasks.items():  # nothing of the user's changed
            assert {f: getattr(after.tasks[task_id], f) for f in USER_FIELDS} == {f: getattr(task, f) for f in USER_FIELDS}
        new_ds = {r.number: r.days["ds"] for r in proposal_view(ws, pid, "ja").effort.rows}
        assert old_ds[0] == 0 and old_ds[4] == 0 and new_ds[0] == 0.5 and new_ds[4] == 1.5
        assert sum(new_ds.values()) == 11
    finally:
        ws.close()


def test_cli_english_agreement_diff_names_the_generated_tasks_in_english(tmp_path) -> None:
    env = cli_env(tmp_path)
    out = tmp_path / "diff_en.md"
    for args in (["project", "new", "合意案件"], ["wbs", "generate", "--project", "合意案件"],
                 ["baseline", "create", "--project", "合意案件", "--name", "キックオフ合意"],
                 ["hearing", "answer", "--project", "合意案件", "--item", "学習基盤", "--value", "これから対象"],
                 ["wbs", "generate", "--project", "合意案件"],
                 ["baseline", "diff", "--project", "合意案件", "--from", "キックオフ合意", "--out", str(out), "--lang", "en"]):
        done = cli(env, *args)
        assert done.returncode == 0, done.stderr
    wbs_part = out.read_text(encoding="utf-8").split("## WBS", 1)[1]
    assert "Build the training environment (Docker)" in wbs_part and "Plan the training platform (in scope later)" in wbs_part
    rows = [line for line in wbs_part.splitlines() if line.startswith("| ") and not line.startswith("| Item / task")]
    assert not [line for line in rows if JAPANESE.search(line)]  # (the header names the baseline as the user typed it)


# ==========================================================================================================
# Agreed, then the scope changed: Suspect Links (File ▸ 要確認の項目)
# ==========================================================================================================


def test_an_agreed_article_task_is_suspect_when_its_scope_item_is_answered_later(workspace) -> None:
    import datetime as dt

    from app.projects import suspects

    pid = fresh(workspace, scope={"hearing.scope.model_registry": "now"})
    tasks = by_template(workspace, pid)
    setup, registry = tasks["training_platform.setup"], tasks["model_registry.setup"]
    WbsService(workspace.db).update(pid, [setup.id, registry.id], agreed=True, agreed_on=dt.date.today())
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(pid, "hearing.scope.model_registry", value="later")
    answers.update(pid, "hearing.scope.training_platform", value="later")
    found = {s.dependent.task_id: s.item_label.ja for s in suspects.suspects(workspace, pid) if s.dependent.kind == "task"}
    assert found.get(registry.id) == "モデルレジストリ"  # (held: the answered one)
    assert found.get(setup.id) == "学習基盤", found


def test_window_in_english_on_a_japanese_project_says_the_generation_and_why_in_english(qtbot, db_path, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from app.ui.wbs.model import column_index

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(messages, "ask_text", lambda *_a, **_k: "日本語の案件")
    window = make_window(qtbot, db_path, global_lang="en")
    try:
        window.new_action.trigger()
        settle(window)
        ProjectService(window.state.workspace.db).update(window.state.project_id, lang="ja")
        window.show_page("wbs")
        page = window.page("wbs")
        page.generate_button.click()
        qtbot.waitUntil(lambda: not page.busy, timeout=20000)
        settle(window)
        assert page.details.text() == "Tasks added: 56, updated: 0, removed: 0."
        setup = next(t for t in page.model.tree.tasks.values() if t.origin.template_id == "training_platform.setup")
        assert setup.title == "学習環境構築(Docker)"  # the project's document language
        why = page.model.index_of(setup.id, column_index("origin")).data(Qt.ItemDataRole.DisplayRole)
        assert why.startswith("The training environment is part of every experiment environment"), why
    finally:
        close_window(window)
