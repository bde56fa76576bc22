"""Break-it session 58d: waiting edits before slow operations, and today's export changes
(MSPDI custom fields, tracker CSV schedule lines, earned-value sheet as typed)."""

from __future__ import annotations

import csv
import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from app.wbs.files.mspdi import export_mspdi
from app.wbs.files.tracker_csv import export_tracker_csv
from app.wbs.model import Dependency
from app.wbs.service import WbsService
from tests.wbs_helpers import add, new_project

NS = {"p": "http://schemas.microsoft.com/project"}
HOSTILE = "=HYPERLINK(\"http://x\")<tag>&\x1b[31m\x00\x0b😀"


def _tasks(path):
    root = ET.parse(path).getroot()
    return root, {t.findtext("p:Name", namespaces=NS): t for t in root.findall("p:Tasks/p:Task", NS)}


def _custom(task) -> dict[str, str]:
    return {a.findtext("p:FieldID", namespaces=NS): a.findtext("p:Value", namespaces=NS) for a in task.findall("p:ExtendedAttribute", NS)}


def test_mspdi_custom_fields_hold_hostile_phase_agreement_and_date(workspace, tmp_path) -> None:
    pid = new_project(workspace, name="敵対 <&>", lang="ja", start=dt.date(2026, 11, 19))
    service = WbsService(workspace.db)
    a = add(service, pid, "設計 <b>", phase=HOSTILE * 20, agreed=True, agreed_on=dt.date(2026, 12, 1))
    add(service, pid, "実装", phase="", agreed=False, agreed_on=dt.date(2026, 12, 2))
    service.update(pid, [a], notes=HOSTILE)
    out = export_mspdi(workspace, pid, tmp_path / "plan.xml", "ja")
    _root, tasks = _tasks(out)
    design = _custom(tasks["設計 <b>"])
    assert len(design["188743731"]) <= 255 and "\x1b" not in design["188743731"] and "\x00" not in design["188743731"]
    assert design["188743752"] == "1" and design["188743945"] == "2026-12-01T09:00:00"
    build = _custom(tasks["実装"])
    assert build == {"188743945": "2026-12-02T09:00:00"}


def _hostile_plan(workspace, lang: str = "ja"):
    pid = new_project(workspace, name="敵対 <&>", lang=lang, start=dt.date(2026, 11, 19))
    service = WbsService(workspace.db)
    ids = {}
    ids["a"] = add(service, pid, "設計", phase="フェーズ" * 100, agreed=True, agreed_on=dt.date(1900, 1, 1))
    ids["b"] = add(service, pid, "実装", phase=HOSTILE, agreed=False, agreed_on=dt.date(2199, 12, 31), not_before=dt.date(2026, 12, 1))
    ids["c"] = add(service, pid, "=SUM(A1)", phase="@x", description="=1+1", agreed=True)
    service.set_dependencies(pid, ids["c"], [Dependency(predecessor_id=ids["a"], lag_days=2), Dependency(predecessor_id=ids["b"], lag_days=-1)])
    return pid, ids


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_tracker_csv_schedule_lines_read_back_as_a_tracker_reads_them(workspace, tmp_path, lang) -> None:
    pid, _ids = _hostile_plan(workspace, lang)
    out = export_tracker_csv(workspace, pid, tmp_path / "t.csv", lang, bom=True)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    by = {r["Task ID"]: r for r in rows}
    assert len(rows) == 3
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
            assert "\x1b" not in value and "\x00" not in value
    c = next(r for r in rows if "SUM" in r["Summary"])
    assert c["Description"].startswith("'=1+1")
    yes = "はい" if lang == "ja" else "Yes"
    label = "先行タスク" if lang == "ja" else "Predecessors"
    assert f"{label}: 1+2, 2-1" in c["Description"], c["Description"]
    assert any(line.endswith(yes) for line in c["Description"].splitlines()), c["Description"]
    b = next(r for r in rows if r["Summary"].endswith("実装"))
    assert "2199" in b["Description"] and "2026" in b["Description"], b["Description"]
    assert by


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_mspdi_hostile_plan_in_schema_order_and_read_back_by_mpxj(workspace, tmp_path, lang) -> None:
    from tests.test_mspdi_resources import needs_mpxj, read_with_mpxj
    from tests.test_wbs_mspdi_csv import TASK_ORDER

    pid, _ids = _hostile_plan(workspace, lang)
    out = export_mspdi(workspace, pid, tmp_path / "plan.xml", lang)
    root, tasks = _tasks(out)
    for task in list(tasks.values())[1:]:
        tags = [c.tag.split("}")[1] for c in task]
        assert tags == sorted(tags, key=TASK_ORDER.index), tags
    long_phase = _custom(tasks["設計"])["188743731"]
    assert long_phase == ("フェーズ" * 100)[:255]
    assert _custom(tasks["設計"])["188743945"] == "1900-01-01T09:00:00"
    assert _custom(tasks["実装"])["188743945"] == "2199-12-31T09:00:00"
    if needs_mpxj.args[0]:
        pytest.skip("no MPXJ here")
    read = read_with_mpxj(out)
    names = {t["name"]: t for t in read["tasks"].values()}
    assert names["設計"]["text1"] == long_phase and names["設計"]["flag1"] is True
    assert names["実装"]["flag1"] is False and names["実装"]["text1"].startswith("=HYPERLINK")
    assert names["=SUM(A1)"]["text1"] == "@x"
    expected = {"ja": {"TEXT1": "フェーズ", "FLAG1": "顧客合意", "DATE1": "合意日"},
                "en": {"TEXT1": "Phase", "FLAG1": "Customer agreed", "DATE1": "Agreed on"}}[lang]
    assert set(read["aliases"]) == set(expected) and read["aliases"]["TEXT1"] == expected["TEXT1"], read["aliases"]
    assert (names["設計"]["date1"] or "")[:10] == "1900-01-01", names["設計"]
    assert (names["実装"]["date1"] or "")[:10] == "2199-12-31", names["実装"]


# --- edits kept waiting, then a slow operation pressed while the lock is held ---------------------------------

from tests.gui_helpers import close_window, make_window, settle  # noqa: E402
from tests.test_breaker53k import drafts, leaves, wbs  # noqa: E402
from tests.test_breaker54f import stored, wbs_cell  # noqa: E402
from tests.test_breaker58a import hooked, keys, release_in, steps, thread_lock  # noqa: E402, F401 - a fixture
from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: E402, F401 - a fixture
from tests.test_wbs_waiting_kept import said  # noqa: E402, F401 - a fixture


def _jp(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def test_schedule_pressed_lock_never_released_is_refused_busy_estimate_kept_then_saved_alone(qtbot, db_path, said, short_busy, hooked) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = wbs(window)
        t1 = leaves(window)[-1]
        before = stored(window, t1)
        c0 = window.state.undo_stack.count()
        lock = hold_write_lock(db_path)
        try:
            wbs_cell(window, qtbot, t1, "estimate_days", "19.5")
            assert drafts(window) >= 1
            n = len(said)
            page.schedule_button.click()
            assert page.busy or said[n:]
            qtbot.waitUntil(lambda: not page.busy, timeout=20000)
            qtbot.wait(300)
            assert said[n:] and all(_jp(s) for s in said[n:]), said[n:]
            assert stored(window, t1).estimate_days == before.estimate_days and drafts(window) >= 1
            assert steps(window, c0) == [], steps(window, c0)
            assert page.schedule_button.isEnabled()
        finally:
            release(lock)
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        assert stored(window, t1).estimate_days == 19.5 and stored(window, t1).finish == before.finish
        assert len(got) == 1 and "スケジュール" not in got[0], got
        assert not hooked, hooked
    finally:
        close_window(window)


def _slow_busy(monkeypatch) -> None:
    import app.ui.app as ui_app

    monkeypatch.setattr(ui_app, "UI_BUSY_TIMEOUT_MS", 1500)


def _background_idle() -> bool:
    from app.ui import tasks

    return not tasks._running


@pytest.mark.parametrize("release_after", [0.4, None], ids=["lock-goes-during-wait", "lock-stays"])
def test_a_language_switch_while_schedule_waits_for_the_lock(qtbot, db_path, said, hooked, monkeypatch, release_after) -> None:  # noqa: F811
    _slow_busy(monkeypatch)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = wbs(window)
        t1 = leaves(window)[-1]
        before = stored(window, t1)
        c0 = window.state.undo_stack.count()
        lock = thread_lock(db_path)
        timer = None
        try:
            wbs_cell(window, qtbot, t1, "estimate_days", "19.5")
            assert drafts(window) >= 1
            n = len(said)
            if release_after:
                timer = release_in(lock, release_after)
            page.schedule_button.click()
            window.set_ui_lang("en")  # while the worker waits for the lock
            qtbot.waitUntil(_background_idle, timeout=20000)
            if timer is not None:
                timer.join()
        finally:
            if timer is None:
                lock.rollback()
                lock.close()
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        new_page = window.page("wbs")
        assert new_page.schedule_button.isEnabled() and not new_page.busy, new_page.details.text()
        assert stored(window, t1).estimate_days == 19.5
        if release_after:
            assert len(got) == 2 and got[-1] == "Schedule" and stored(window, t1).finish != before.finish, (got, said[n:])
            assert not said[n:], said[n:]
            keys(window, qtbot)
            assert stored(window, t1).finish == before.finish and stored(window, t1).estimate_days == 19.5
        else:
            assert len(got) == 1, got
            assert said[n:] and not any(_jp(s) for s in said[n:]), said[n:]  # said in the language switched to
        assert not hooked, hooked
    finally:
        close_window(window)


@pytest.mark.parametrize("first_waits_longer", [False, True])
def test_schedule_then_create_baseline_pressed_while_an_estimate_waits_run_in_the_order_pressed(qtbot, db_path, said, hooked, monkeypatch,  # noqa: F811
                                                                                                first_waits_longer) -> None:
    """(CI found it: the two waits for the lock ended in either order, the baseline then stored before the schedule;
    ``first_waits_longer`` makes the Schedule's wait end last, as it did there.) Slow operations run one at a time."""
    import time

    from PySide6.QtWidgets import QPushButton, QTableWidget

    from app.ui import messages
    from app.ui.baselines import BaselinesDialog
    from app.ui.window import waiting_steps

    _slow_busy(monkeypatch)
    if first_waits_longer:
        waited = waiting_steps._lock_waited
        calls: list[int] = []

        def lock_waited(ws) -> None:
            calls.append(1)
            waited(ws)
            if len(calls) == 1:
                time.sleep(0.8)  # (the first wait's worker ends after any other's)

        monkeypatch.setattr(waiting_steps, "_lock_waited", lock_waited)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "待ち中の基準")
    window = make_window(qtbot, db_path, global_lang="ja")
    dialog = None
    try:
        page = wbs(window)
        t1 = leaves(window)[-1]
        before = stored(window, t1)
        c0 = window.state.undo_stack.count()
        lock = thread_lock(db_path)
        wbs_cell(window, qtbot, t1, "estimate_days", "19.5")
        assert drafts(window) >= 1
        n = len(said)
        timer = release_in(lock, 0.6)
        page.schedule_button.click()
        dialog = BaselinesDialog(window.state, window)
        dialog.show()
        dialog.findChild(QPushButton, "baselineCreateButton").click()
        timer.join()
        table = dialog.findChild(QTableWidget, "baselinesTable")
        qtbot.waitUntil(lambda: _background_idle() and not page.busy, timeout=20000)
        qtbot.waitUntil(lambda: drafts(window) == 0, timeout=15000)
        settle(window)
        got = steps(window, c0)
        assert not said[n:], said[n:]
        assert table.rowCount() == 1, got
        after = stored(window, t1)
        assert after.estimate_days == 19.5 and after.finish != before.finish, got
        assert len(got) == 3 and got[1] == "スケジュール", got  # the estimate, the schedule pressed first, the baseline
        assert not hooked, hooked
    finally:
        if dialog is not None:
            dialog.close()
        close_window(window)


def test_close_answered_no_while_schedule_waits_the_window_stays_and_schedules_with_the_estimate(qtbot, db_path, said, hooked, monkeypatch) -> None:  # noqa: F811
    from app.ui import messages
    from app.ui.hearing.drafts import DraftRegistry

    _slow_busy(monkeypatch)
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        page = wbs(window)
        t1 = leaves(window)[-1]
        before = stored(window, t1)
        c0 = window.state.undo_stack.count()
        lock = thread_lock(db_path)
        wbs_cell(window, qtbot, t1, "estimate_days", "19.5")
        n = len(said)
        timer = release_in(lock, 0.6)
        page.schedule_button.click()
        asked: list[str] = []
        with monkeypatch.context() as m:
            m.setattr(DraftRegistry, "lost_on_close", lambda self: 1)
            m.setattr(messages, "confirm", lambda _p, _t, text, *a, **k: asked.append(text) and False)
            window.close()
        assert window.isVisible() and asked and _jp(asked[0]), asked
        timer.join()
        qtbot.waitUntil(lambda: _background_idle() and drafts(window) == 0, timeout=20000)
        settle(window)
        page = window.page("wbs")
        qtbot.waitUntil(lambda: not page.busy, timeout=10000)
        got = steps(window, c0)
        after = stored(window, t1)
        assert after.estimate_days == 19.5 and after.finish != before.finish and got[-1] == "スケジュール" and len(got) == 2, (got, said[n:])
        assert not said[n:] and not hooked, (said[n:], hooked)
    finally:
        close_window(window)


KILLED_CHILD = r'''
import sys, time
sys.path.insert(0, {repo!r})
import argparse
import app.features  # noqa
from app.core.kinds import use_pdf_writer
from app.main import write_pdf
use_pdf_writer(write_pdf)
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox
import app.ui.app as ui_app
ui_app.UI_BUSY_TIMEOUT_MS = 3000
from app.ui.app import build_window
from app.ui.hearing.drafts import drafts_of
for _name in ("warning", "information", "critical"):
    setattr(QMessageBox, _name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))

def pump(s):
    end = time.monotonic() + s
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)

def ime(field, text):
    e = QInputMethodEvent(); e.setCommitString(text); QApplication.sendEvent(field, e)

args = argparse.Namespace(db={db!r}, global_lang="ja", global_project=None, page=None, screenshot=None)
_app, window = build_window(args)
window.show(); pump(0.5)
window.show_page("wbs"); pump(0.5)
print("STARTED", flush=True)
sys.stdin.readline()
wbs = window.page("wbs")
tree = wbs.model.tree
leaf = [t.id for t in tree.walk() if not tree.has_children(t.id) and tree.tasks[t.id].parent_id is not None][-1]
from app.ui.wbs.columns import INDEX
wbs.model.setData(wbs.model.index_of(leaf, INDEX["estimate_days"]), "19.5", Qt.ItemDataRole.EditRole)
pump(0.3)
window.show_page("hearing"); pump(0.2)
page = window.page("hearing"); page.select_item("hearing.basics.background"); pump(0.3)
field = page.editor.editors["value"].edit
field.setFocus(); field.selectAll(); ime(field, "殺される前の回答"); page.editor.flush(); pump(0.5)
window.show_page("wbs"); pump(0.3)
wbs.schedule_button.click(); pump(0.5)
print("READY", leaf, int(wbs.busy), drafts_of(window.state).count(), flush=True)
while True:
    pump(1)
'''


def test_a_process_killed_while_schedule_waits_for_the_lock_leaves_the_edits_saved_on_restart_in_order(qtbot, db_path, said, short_busy, tmp_path) -> None:  # noqa: F811
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO, copy_database
    from tests.gui_helpers import _first_start_database
    from tests.test_breaker53k import answer
    from tests.test_breaker58a import _line

    copy_database(_first_start_database("ja"), db_path)
    script = tmp_path / "child.py"
    script.write_text(KILLED_CHILD.format(repo=str(REPO), db=str(db_path)), encoding="utf-8")
    errors = (tmp_path / "child.err").open("w")
    child = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=str(REPO))
    lock = None
    try:
        assert _line(child, 30).startswith("STARTED"), (tmp_path / "child.err").read_text()
        lock = hold_write_lock(db_path)
        child.stdin.write("go\n")
        child.stdin.flush()
        line = _line(child, 30)
        assert line.startswith("READY"), (line, (tmp_path / "child.err").read_text())
        _ready, leaf, busy, count = line.split()
        assert int(count) >= 2 and busy == "1", line  # killed while the schedule waits for the lock
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
        errors.close()
        if lock is not None:
            release(lock)
    again = make_window(qtbot, db_path, global_lang="ja")
    try:
        c0 = again.state.undo_stack.count()
        try:
            qtbot.waitUntil(lambda: (stored(again, int(leaf)).estimate_days, answer(again)) == (19.5, "殺される前の回答"), timeout=15000)
        except Exception:
            pytest.fail(f"not back after SIGKILL: {stored(again, int(leaf))}, {answer(again)}; drafts {drafts(again)}; {said}")
        settle(again)
        assert drafts(again) == 0
        got = steps(again, c0)
        assert len(got) == 2 and "背景" in got[-1], got  # the estimate then the answer: Undo takes back the answer first
        assert not any("スケジュール" in s for s in got), got
    finally:
        close_window(again)


# --- the earned-value sheet: PV, EV and AC as typed -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_earned_value_sheet_shows_pv_ev_ac_as_typed_for_awkward_figures(tmp_path, lang) -> None:
    import openpyxl

    from app.core.files import xlsx_writer as xw
    from app.wbs.files.xlsx_ev import write_earned_value
    from app.wbs.tracking.earned_value import EarnedValue, Figures, effort_text
    from app.wbs.tracking.report import Report

    rows = [("=フェーズ<tag>\x1b" + "長" * 300, Figures(0.0625, 0.1 + 0.2, 2 / 3)),
            ("big", Figures(123456789.125, 1e15, 0.00001)), ("zero", Figures(0.0, 0.0, 0.0))]
    total = Figures(0.0, 0.0, 0.0)
    for _label, f in rows:
        total = total + f
    import dataclasses

    names = {f.name for f in dataclasses.fields(EarnedValue)}
    values = {"baseline": "基準<&>", "status_date": dt.date(2199, 12, 31), "total": total}
    figures = EarnedValue(**{k: v for k, v in values.items() if k in names}, **{k: None for k in names - set(values)})
    rep = Report(project="=HYPERLINK(\"x\")", figures=figures, rows=rows)
    out = tmp_path / "ev.xlsx"
    xw.write_book(out, lambda book: write_earned_value(xw.Writer(book.add_worksheet("EV"), xw.Formats(book, lang)), rep, lang))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(1, 2).data_type == "s" and sheet.cell(1, 2).value.startswith("=HYPERLINK")  # text, not a formula
    first = 6
    for r, (_label, f) in enumerate([*rows, ("", total)], start=first):
        for c, value in enumerate((f.pv, f.ev, f.ac), start=2):
            cell = sheet.cell(r, c)
            shown = effort_text(value)
            decimals = len(shown.partition(".")[2])
            assert isinstance(cell.value, (int, float)) and cell.value == pytest.approx(float(shown)), (r, c, cell.value, shown)
            assert cell.number_format == ("0." + "0" * decimals if decimals else "0"), (r, c, cell.number_format, shown)
    assert "\x1b" not in sheet.cell(first, 1).value
