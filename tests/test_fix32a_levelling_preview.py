"""Apply in the Level resources… preview writes exactly the moves it showed (fix32a).

The plan of tests/test_levelling.py's CLI test: Sato has A (could, 2 d) and B (must, 1 d), both
scheduled on Monday 2026-12-07. Levelling moves A to Tue-Wed (B, must, goes first). Between the
preview (:func:`levelled_plan`) and Apply (:func:`apply_levelling` given it) another window changes
what the moves were worked out from: Apply writes the moves shown while they still hold (the same
dates, worked out again, from the same dates) and otherwise writes nothing and says what changed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import operations as ops
from app.core.projects import update_op
from app.wbs import company_calendar as cc
from app.wbs.resources import people
from app.wbs.resources.levelling import LevellingChanged, apply_levelling, levelled_plan
from app.wbs.resources.people import Person
from app.wbs.schedule import schedule
from app.wbs.service import WbsService
from tests.wbs_helpers import add, new_project

MON, TUE, WED, THU, FRI = (dt.date(2026, 12, k) for k in range(7, 12))


@pytest.fixture
def plan(workspace):
    pid = new_project(workspace, start=MON)
    service = WbsService(workspace.db)
    a = add(service, pid, "A", priority="could", estimate_days=2, owner_name="Sato")
    b = add(service, pid, "B", priority="must", estimate_days=1, owner_name="Sato")
    schedule(workspace, pid)
    ops.run(workspace, people.put_person_op(pid, Person("Sato", "DS")))
    return pid, service, a, b


def dated(service: WbsService, pid: int) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    return {i: (t.start, t.finish) for i, t in service.tree(pid).tasks.items()}


def preview(workspace, pid):
    shown, _people = levelled_plan(workspace, pid)
    assert [(m.task, m.new_start, m.new_finish) for m in shown.moves] == [("1 A", TUE, WED)]
    return shown


def test_apply_writes_the_moves_shown_when_nothing_changed_and_one_undo_puts_them_back(workspace, plan) -> None:
    pid, service, a, b = plan
    shown = preview(workspace, pid)
    change = apply_levelling(workspace, pid, shown=shown)
    assert dated(service, pid) == {a: (TUE, WED), b: (MON, MON)}
    assert set(change.after) == {a}
    service.restore(pid, change.before)
    assert dated(service, pid) == {a: (MON, TUE), b: (MON, MON)}


def test_a_company_holiday_on_a_moved_day_refuses_apply_naming_the_holidays(workspace, plan) -> None:
    pid, service, a, b = plan
    shown = preview(workspace, pid)
    ops.run(workspace, cc.edit_holidays_op(pid, {TUE: "臨時休業"}))  # another window's Settings ▸ 会社休日
    with pytest.raises(LevellingChanged) as refused:
        apply_levelling(workspace, pid, shown=shown)
    assert refused.value.parts == ["holidays"]
    assert dated(service, pid) == {a: (MON, TUE), b: (MON, MON)}  # nothing written
    ja, en = refused.value.text("ja"), refused.value.text("en")
    assert "会社休日" in ja and "何も動かしていません" in ja and "もう一度プレビュー" in ja
    assert "the company holidays" in en and "nothing was moved" in en and "preview the levelling again" in en
    # Previewed again: the new moves are applied.
    apply_levelling(workspace, pid, shown=levelled_plan(workspace, pid)[0])
    assert dated(service, pid)[a] == (WED, THU)


def test_a_holiday_that_moves_nothing_shown_lets_apply_write_the_moves_shown(workspace, plan) -> None:
    pid, service, a, b = plan
    shown = preview(workspace, pid)
    ops.run(workspace, cc.edit_holidays_op(pid, {dt.date(2027, 6, 1): "創立記念日"}))
    apply_levelling(workspace, pid, shown=shown)
    assert dated(service, pid) == {a: (TUE, WED), b: (MON, MON)}


def test_a_moved_task_dated_elsewhere_meanwhile_is_named_and_keeps_its_new_dates(workspace, plan) -> None:
    pid, service, a, b = plan
    shown = preview(workspace, pid)
    service.update(pid, [a], start=THU, finish=FRI)  # a colleague moved A in another window
    with pytest.raises(LevellingChanged) as refused:
        apply_levelling(workspace, pid, shown=shown)
    assert (refused.value.parts, refused.value.tasks) == (["tasks"], ["1 A"])
    assert "タスク 1 A" in refused.value.text("ja")
    assert dated(service, pid) == {a: (THU, FRI), b: (MON, MON)}  # the colleague's dates kept


def test_an_edit_that_changes_other_moves_is_named_and_one_that_does_not_is_applied_over(workspace, plan) -> None:
    pid, service, a, b = plan
    shown = preview(workspace, pid)
    service.update(pid, [a], title="A (renamed)")  # no bearing on the moves: they still hold
    apply_levelling(workspace, pid, shown=shown)
    tree = service.tree(pid)
    assert (tree.tasks[a].title, tree.tasks[a].start, tree.tasks[a].finish) == ("A (renamed)", TUE, WED)
    service.update(pid, [a], start=MON, finish=TUE)  # back as scheduled; then a new preview
    shown = levelled_plan(workspace, pid)[0]
    service.update(pid, [b], estimate_days=2)  # B now takes Mon-Tue: A would move to Wed-Thu, not Tue-Wed
    with pytest.raises(LevellingChanged) as refused:
        apply_levelling(workspace, pid, shown=shown)
    assert (refused.value.parts, refused.value.tasks) == (["tasks"], ["2 B"])
    assert dated(service, pid) == {a: (MON, TUE), b: (MON, MON)}


def test_the_people_and_the_project_start_changed_are_said(workspace, plan) -> None:
    pid, service, a, b = plan
    shown = preview(workspace, pid)
    ops.run(workspace, people.put_person_op(pid, Person("Sato", "DS", days_off=frozenset({TUE})), replaces="Sato"))
    ops.run(workspace, update_op(pid, start_date=TUE))
    with pytest.raises(LevellingChanged) as refused:
        apply_levelling(workspace, pid, shown=shown)
    assert refused.value.parts == ["people", "start"]
    assert "プロジェクトの要員、プロジェクト開始日(2026/12/07 → 2026/12/08)" in refused.value.text("ja")
    assert "the project's people, the project start (2026-12-07 → 2026-12-08)" in refused.value.text("en")
    assert dated(service, pid) == {a: (MON, TUE), b: (MON, MON)}


def test_apply_in_an_operation_is_one_undo_step_and_a_refusal_writes_nothing(workspace, plan) -> None:
    from app.wbs.operations import wbs_op

    pid, service, a, b = plan
    shown = preview(workspace, pid)
    ops.run(workspace, cc.edit_holidays_op(pid, {WED: "臨時休業"}))
    with pytest.raises(LevellingChanged):
        ops.run(workspace, wbs_op(pid, lambda ws: apply_levelling(ws, pid, shown=shown)), pid)
    assert dated(service, pid) == {a: (MON, TUE), b: (MON, MON)}


# --- the window: said in the message box and under the table, nothing moved, previewed again ---------


@pytest.fixture
def window(qtbot, db_path):
    from tests.gui_helpers import close_window, make_window

    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


def test_the_window_says_what_changed_moves_nothing_and_a_new_preview_applies(window, qtbot, monkeypatch, said) -> None:
    from PySide6.QtWidgets import QDialog, QPushButton, QTableView

    from tests.test_wbs_load_gui import small_plan

    page, pid, (a, b, c) = small_plan(window, qtbot)
    before = dated(page.service, pid)
    shown: list[list[str]] = []

    def colleague_meanwhile(dialog: QDialog) -> int:
        moves = dialog.findChild(QTableView, "wbsLevelMoves").model()
        shown.append([moves.index(r, 3).data() for r in range(moves.rowCount())])
        if len(shown) == 1:  # another window makes B's new day a company holiday while the preview is open
            ops.run(window.state.workspace, cc.edit_holidays_op(pid, {dt.date(2027, 3, 3): "臨時休業"}))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", colleague_meanwhile)
    steps = window.state.undo_stack.count()
    page.findChild(QPushButton, "wbsLevel").click()
    qtbot.waitUntil(lambda: bool(said) and not page.busy)
    assert shown == [["2027-03-03"]]
    assert said == ["changed since the levelling was previewed: the company holidays; the moves shown no longer hold, "
                    "so nothing was moved: preview the levelling again to see the moves now"]
    assert page.details.text() == said[0]
    assert dated(page.service, pid) == before and window.state.undo_stack.count() == steps
    page.findChild(QPushButton, "wbsLevel").click()  # previewed again: B past the holiday
    qtbot.waitUntil(lambda: page.settled() and page.model.tree.tasks[b].start == dt.date(2027, 3, 4))
    assert shown[1] == ["2027-03-04"] and len(said) == 1
    assert page.details.text() == "Levelling moved 1 task."
