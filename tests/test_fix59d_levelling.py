"""Fix after break-it 59d: levelling that pushes a task past the last date a plan holds (2199/12/31) says it
was levelling, names the person and the task(s) of theirs it waits for, and what to do; in Japanese and
English, in the window and on the command line; nothing is changed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.core.errors import ValidationFailed
from app.wbs.model import Dependency, Task, WbsTree
from app.wbs.resources.levelling import LevelledPastLastDate, level
from app.wbs.resources.people import Person
from app.wbs.schedule import TaskPastLastDate
from app.wbs.service import WbsService
from app.wbs.workdays import NATIONAL
from tests.gui_helpers import close_window, finish_background_work, make_window, settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

START = dt.date(2199, 12, 2)
KPI = "2.6 技術KPIとビジネスKPIの紐付け"


def task(i: int, **fields) -> Task:
    fields.setdefault("title", f"T{i}")
    return Task(id=i, uid=i, position=i, **fields)


def levelled_error(tree: WbsTree) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        level(tree, [Person("Sato"), Person("Suzuki")], NATIONAL, START)
    return refused.value


# --- the core ------------------------------------------------------------------------------------------


def test_a_task_levelling_puts_past_the_last_date_names_the_person_and_the_task_it_waits_for() -> None:
    tree = WbsTree.build([task(1, title="Data", owner_name="Sato", not_before=dt.date(2199, 12, 16), estimate_days=8),
                          task(2, title="Model", owner_name="Sato", not_before=dt.date(2199, 12, 16), estimate_days=8)])
    error = levelled_error(tree)
    assert isinstance(error, LevelledPastLastDate) and isinstance(error, TaskPastLastDate) and error.task_id == 2
    ja, en = error.text("ja"), error.text("en")
    assert ja.startswith("負荷を平準化できません: 2 Model をSatoさんの「1 Data」の後に回すと、このタスクが扱える日付の範囲(1900年〜2199年)を越えます"), ja
    assert "(開始 2199/12/26、見積 8人日)" in ja and "別の担当者" in ja and "見積を短く" in ja and "開始可能日" in ja, ja
    assert ja.endswith("何も変更していません"), ja
    assert en.startswith("cannot level the plan: with 2 Model after Sato's work on “1 Data”, it runs beyond the dates a plan holds"), en
    assert "(starts 2199-12-26, estimate 8 person-days)" in en and "give 2 Model to someone else" in en, en
    assert "shorten the estimates" in en and "not-before dates" in en and en.endswith("Nothing was changed"), en


def test_a_task_after_the_one_levelling_delayed_is_named_with_the_one_delayed() -> None:
    tree = WbsTree.build([task(1, title="Data", owner_name="Sato", not_before=dt.date(2199, 12, 10), estimate_days=5),
                          task(2, title="Model", owner_name="Sato", not_before=dt.date(2199, 12, 10), estimate_days=5),
                          task(3, title="Report", owner_name="Suzuki", estimate_days=7,
                               dependencies=[Dependency(predecessor_id=2)])])
    error = levelled_error(tree)
    assert isinstance(error, LevelledPastLastDate) and error.task_id == 3 and error.delayed == 2
    ja, en = error.text("ja"), error.text("en")
    assert "2 Model をSatoさんの「1 Data」の後に回すと、後続の 3 Report が扱える日付の範囲" in ja and "(開始 2199/12/24、見積 7人日)" in ja, ja
    assert "2 Model を別の担当者" in ja, ja
    assert "with 2 Model after Sato's work on “1 Data”, 3 Report, which follows it, runs beyond" in en, en


def test_a_task_past_the_last_date_without_levelling_too_is_said_as_its_own() -> None:
    """Levelling also delays it, but its own not-before date and estimate run past already: that is said."""
    tree = WbsTree.build([task(1, title="Data", owner_name="Sato", not_before=dt.date(2199, 12, 20), estimate_days=2),
                          task(2, title="Model", owner_name="Sato", not_before=dt.date(2199, 12, 20), estimate_days=10)])
    error = levelled_error(tree)
    assert not isinstance(error, LevelledPastLastDate) and error.key == "wbs.schedule_task_past_last_date"
    assert "2 Model" in error.text("en") and "not before 2199-12-20, estimate 10 person-days" in error.text("en")


def two_tasks_of_takahashi_at_the_end_of_2199(ws, project_id: int) -> list[str]:
    service = WbsService(ws.db)
    tree = service.tree(project_id)
    mine = [t for t in service.tasks(project_id) if t.owner_name == "高橋" and not tree.has_children(t.id) and t.status != "done"][:2]
    for one in mine:  # (two the levelling moves: a task done stays where it was)
        service.update(project_id, [one.id], not_before=dt.date(2199, 12, 16), estimate_days=8.0)  # each fits alone
    names = [f"{tree.codes[t.id]} {t.title}" for t in mine]
    assert names[1] == KPI
    return names


def dates(ws, project_id: int) -> dict[int, tuple]:
    return {t.id: (t.start, t.finish) for t in WbsService(ws.db).tree(project_id).tasks.values()}


def test_level_of_the_demo_says_the_person_and_their_task(demo, workspace) -> None:
    from app.wbs.resources.levelling import apply_levelling, levelled_plan

    first, second = two_tasks_of_takahashi_at_the_end_of_2199(workspace, demo.id)
    before = dates(workspace, demo.id)
    for attempt in (lambda: levelled_plan(workspace, demo.id), lambda: apply_levelling(workspace, demo.id)):
        with pytest.raises(LevelledPastLastDate) as refused:
            attempt()
        ja = refused.value.text("ja")
        assert f"{second} を高橋さんの「{first}」の後に回すと" in ja and "開始 2199/12/26、見積 8人日" in ja, ja
    assert dates(workspace, demo.id) == before


# --- the command line ----------------------------------------------------------------------------------


def cli(db_path: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "--lang", lang, *args], capture_output=True, text=True,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120)


@pytest.mark.parametrize(("lang", "said"), [
    ("ja", "{second} を高橋さんの「{first}」の後に回すと、このタスクが扱える日付の範囲"),
    ("en", "with {second} after 高橋's work on “{first}”, it runs beyond the dates a plan holds"),
])
def test_level_on_the_command_line_says_it_in_the_language_asked(demo, db_path, workspace, lang, said) -> None:
    first, second = two_tasks_of_takahashi_at_the_end_of_2199(workspace, demo.id)
    before = dates(workspace, demo.id)
    workspace.close()
    for dry in ((), ("--dry-run",)):
        result = cli(db_path, lang, "level", "--project", str(demo.id), *dry)
        line = result.stderr.strip()
        assert result.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, result.stdout + line
        assert said.format(first=first, second=second) in line, line
    from app.core.workspace import Workspace

    ws = Workspace.open(str(db_path), workspace.library)
    try:
        assert dates(ws, demo.id) == before
    finally:
        ws.close()


# --- the window ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "said"), [
    ("ja", ["{second} を高橋さんの「{first}」の後に回すと", "別の担当者に割り当てる", "何も変更していません"]),
    ("en", ["with {second} after 高橋's work on “{first}”", "give {second} to someone else", "Nothing was changed"]),
])
def test_level_resources_in_the_window_says_it_in_the_ui_language(demo, db_path, workspace, qtbot, monkeypatch, lang, said) -> None:
    from app.ui import crash

    first, second = two_tasks_of_takahashi_at_the_end_of_2199(workspace, demo.id)
    before = dates(workspace, demo.id)
    workspace.close()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(crash, "report", lambda error, *a, **k: shown.append(f"CRASH {error!r}"))
    window = make_window(qtbot, db_path, global_lang=lang)
    try:
        window.show_page("wbs")
        settle(window)
        page = window.page("wbs")
        page.exec_dialog = lambda _dialog: pytest.fail("no preview: levelling is refused")
        page.level_button.click()
        finish_background_work()
        settle(window)
        assert len(shown) == 1, shown
        for part in said:
            assert part.format(first=first, second=second) in shown[0], shown[0]
        assert page.level_button.isEnabled()
        assert dates(window.state.workspace, demo.id) == before
    finally:
        close_window(window)
