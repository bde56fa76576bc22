"""Fixes after break-it 59b: a plan past 2199 names the task and why; plan baselines found by the name as typed;
an empty baseline name refused; no rule id in the WBS origin; the Progress dialog says a half-typed number and
names a task deleted meanwhile."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import operations as ops
from app.core.errors import ValidationFailed
from app.core.workspace import Workspace
from app.wbs.service import WbsService
from app.wbs.tracking import baselines as plan

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

KPI = "技術KPIとビジネスKPIの紐付け"


def cli(db_path: Path, lang: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "--lang", lang, *args], capture_output=True, text=True,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120)


def set_fields(ws: Workspace, project_id: int, title: str, **fields) -> int:
    service = WbsService(ws.db)
    task = next(t for t in service.tree(project_id).tasks.values() if t.title == title)
    service.update(project_id, [task.id], **fields)
    return task.id


# --- a plan past the last date ---------------------------------------------------------------------------


def test_schedule_past_the_last_date_names_the_task_and_its_not_before_date_in_both_languages(demo, workspace) -> None:
    from app.wbs.schedule import schedule

    set_fields(workspace, demo.id, KPI, not_before=dt.date(2199, 12, 28), estimate_days=10.0)
    before = {t.id: (t.start, t.finish) for t in WbsService(workspace.db).tree(demo.id).tasks.values()}
    with pytest.raises(ValidationFailed) as refused:
        schedule(workspace, demo.id)
    ja, en = refused.value.text("ja"), refused.value.text("en")
    assert f"2.6 {KPI}" in ja and "開始可能日 2199/12/28、見積 10人日" in ja and "何も変更していません" in ja, ja
    assert f"2.6 {KPI}" in en and "not before 2199-12-28, estimate 10 person-days" in en and "Nothing was changed" in en, en
    assert {t.id: (t.start, t.finish) for t in WbsService(workspace.db).tree(demo.id).tasks.values()} == before


def test_a_task_pushed_past_the_last_date_by_its_own_start_is_named_with_it(workspace) -> None:
    from app.wbs.schedule import compute
    from app.wbs.workdays import BeyondDates
    from tests.wbs_helpers import add, new_project

    service = WbsService(workspace.db)
    pid = new_project(workspace)
    add(service, pid, "Long", estimate_days=400)
    with pytest.raises(BeyondDates) as caught:
        compute(service.tree(pid), dt.date(2199, 6, 1))
    assert "1 Long" in caught.value.text("en") and "starts 2199-06-03, estimate 400 person-days"  # (the Monday) in caught.value.text("en")


def test_level_from_the_command_line_in_english_names_the_task(demo, db_path, workspace) -> None:
    set_fields(workspace, demo.id, KPI, not_before=dt.date(2199, 12, 28), estimate_days=10.0)
    workspace.close()
    result = cli(db_path, "en", "level", "--project", str(demo.id))
    assert result.returncode == 2, result.stdout + result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and f"2.6 {KPI}" in line and "not before 2199-12-28" in line, line


# --- plan baselines by name ----------------------------------------------------------------------------


def test_a_plan_baseline_is_found_and_deleted_by_the_name_as_typed(demo, workspace) -> None:
    ops.run(workspace, plan.save_baseline_op(demo.id, "中間　報告"))
    saved = plan.tracking(workspace, demo.id).baselines
    assert plan.pick(saved, "中間　報告").name == "中間 報告"
    assert plan.pick(saved, " 中間 \u200b 報告 ").name == "中間 報告"
    ops.run(workspace, plan.delete_baseline_op(demo.id, "中間　報告"))
    assert "中間 報告" not in [b.name for b in plan.tracking(workspace, demo.id).baselines]


@pytest.mark.parametrize("name", ["", "  ", "\u3000"])
def test_an_empty_plan_baseline_name_is_refused_never_the_latest(demo, workspace, name) -> None:
    saved = plan.tracking(workspace, demo.id).baselines
    assert saved
    with pytest.raises(ValidationFailed) as refused:
        plan.pick(saved, name)
    assert refused.value.key == "wbs.baseline_name_empty_given"
    assert "空" in refused.value.text("ja") and "empty" in refused.value.text("en")


def test_an_empty_earned_value_baseline_is_refused_in_english_too(demo, db_path, tmp_path) -> None:
    out = tmp_path / "ev.md"
    result = cli(db_path, "en", "export", "earned-value", "--project", str(demo.id), "--out", str(out), "--baseline", "")
    assert result.returncode == 2 and not out.exists(), result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "baseline name given is empty" in result.stderr, result.stderr


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_an_empty_agreement_baseline_name_in_a_diff_is_refused_never_now(demo, db_path, tmp_path, option) -> None:
    made = cli(db_path, "ja", "baseline", "create", "--project", str(demo.id), "--name", "キックオフ合意")
    assert made.returncode == 0, made.stderr
    out = tmp_path / "diff.md"
    names = {"--from": "キックオフ合意", "--to": "キックオフ合意", option: ""}
    result = cli(db_path, "ja", "baseline", "diff", "--project", str(demo.id), *[x for kv in names.items() for x in kv], "--out", str(out))
    assert result.returncode == 2 and not out.exists(), result.stdout + result.stderr
    assert result.stderr.strip().endswith("合意ベースラインの名前を入力してください"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- the WBS origin ----------------------------------------------------------------------------------


def test_the_origin_shows_no_rule_id(demo, workspace) -> None:
    from app.wbs.generate import origin_text

    tree = WbsService(workspace.db).tree(demo.id)
    generated = [t for t in tree.tasks.values() if t.origin.rule_id and not t.origin.is_manual]
    assert generated
    for task in generated:
        for lang in ("ja", "en"):
            text = origin_text(task, workspace.library, lang)
            assert f"[{task.origin.rule_id}]" not in text and not text.endswith("]"), text


# --- the Progress dialog -------------------------------------------------------------------------------

from PySide6.QtCore import QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402

from app.ui.widgets.number_box import NumberBox  # noqa: E402
from tests.gui_helpers import close_window, make_window, settle  # noqa: E402


@pytest.fixture
def said(monkeypatch) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    from app.ui import crash

    shown: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(crash, "report", lambda error, *a, **k: shown.append(f"CRASH {error!r}"))
    return shown


@pytest.fixture
def window(qtbot, db_path, said):
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    settle(win)
    win.said = said
    yield win
    close_window(win)


def page_of(window):
    from app.ui.wbs.page import WbsPage

    return window.findChild(WbsPage)


def open_progress(window, title: str = KPI):
    page = page_of(window)
    task = next(t for t in page.model.tree.tasks.values() if t.title == title)
    page.select_task(task.id)
    page.actions_by_name["progress"].trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsProgressDialog" and w.isVisible())
    return dialog, task


def type_into(box: NumberBox, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(box.lineEdit(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def stored(window, uid: int):
    return plan.progress(plan.read(window.state.workspace, window.state.project_id)).get(uid)


@pytest.mark.parametrize(("typed", "shown", "message"), [
    ("-5", "-5 %", "2.6 技術KPIとビジネスKPIの紐付け の進捗率は0〜100で入力してください(-5 は範囲外です)"),
    ("-", "- %", "2.6 技術KPIとビジネスKPIの紐付け の進捗率: 「-」は数値ではありません。何も保存していません。入力した内容は欄に残っています。"),
])
def test_a_refused_percent_stays_in_the_box_and_ok_says_why(window, typed, shown, message) -> None:
    dialog, task = open_progress(window)
    try:
        box = dialog.findChild(NumberBox, "wbsProgressPercent")
        type_into(box, typed)
        dialog.findChild(QPushButton, "wbsProgressOk").click()
        settle(window)
        assert dialog.isVisible() and box.text() == shown
        assert window.said == [message], window.said
        assert stored(window, task.uid) is None
    finally:
        dialog.reject()


def test_a_negative_actual_effort_is_refused_naming_the_task(window) -> None:
    dialog, task = open_progress(window)
    try:
        box = dialog.findChild(NumberBox, "wbsProgressActual")
        type_into(box, "-1")
        dialog.findChild(QPushButton, "wbsProgressOk").click()
        settle(window)
        assert dialog.isVisible() and box.text() == "-1"
        assert len(window.said) == 1 and f"2.6 {KPI}" in window.said[0] and "-1" in window.said[0], window.said
        assert stored(window, task.uid) is None
    finally:
        dialog.reject()


def test_ok_on_a_task_a_colleague_deleted_names_it_as_shown_and_what_was_typed(window) -> None:
    dialog, task = open_progress(window)
    try:
        type_into(dialog.findChild(NumberBox, "wbsProgressPercent"), "40")
        ws = Workspace.open(str(window.state.workspace.db.url), window.state.workspace.library)
        try:
            WbsService(ws.db).delete(window.state.project_id, [task.id])
        finally:
            ws.close()
        dialog.findChild(QPushButton, "wbsProgressOk").click()
        settle(window)
        assert len(window.said) == 1, window.said
        assert window.said[0].startswith(f"2.6 {KPI} は別のウィンドウか取り込みで削除されたため、進捗は保存されていません"), window.said
        assert "進捗率 40 %" in window.said[0], window.said
    finally:
        dialog.reject()
