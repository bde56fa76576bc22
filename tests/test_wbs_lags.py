"""A link's lag: one range (-60..250 working days) however it comes in (typed, picked, a sheet, a
project file), refused in the user's language naming the task; the predecessor dialog keeps each
link's own lag unless its lag box is changed."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from app.core.errors import RefusedImportError, UserError, ValidationFailed
from app.projects import transfer
from app.ui.wbs.columns import INDEX
from app.ui.wbs.dialogs import PredecessorDialog
from app.wbs.files.sheet import COLUMNS
from app.wbs.files.sheet_import import read_plan
from app.wbs.files.xlsx import export_wbs_xlsx
from app.wbs.model import MAX_LAG_DAYS, MIN_LAG_DAYS, Dependency, format_dependencies, parse_dependencies
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, wbs_find
from tests.wbs_helpers import add, new_project


@pytest.fixture
def wbs(workspace):
    service = WbsService(workspace.db)
    pid = new_project(workspace)
    a = add(service, pid, "Alpha")
    b = add(service, pid, "Beta")
    c = add(service, pid, "Gamma")
    return service, pid, {"a": a, "b": b, "c": c}


def test_a_lag_in_the_range_is_read_and_one_beyond_is_refused_naming_the_task(wbs) -> None:
    service, pid, t = wbs
    tree = service.tree(pid)
    assert parse_dependencies(f"1+{MAX_LAG_DAYS}, 2{MIN_LAG_DAYS}", tree) == [
        Dependency(predecessor_id=t["a"], lag_days=MAX_LAG_DAYS), Dependency(predecessor_id=t["b"], lag_days=MIN_LAG_DAYS)]
    with pytest.raises(ValidationFailed) as caught:
        parse_dependencies("1, 2+251", tree, t["c"])
    assert caught.value.text("ja") == "3 Gamma の先行タスク: 「2+251」のラグ(遅れ日数)は -60〜250 営業日の範囲で指定してください"
    assert caught.value.text("en") == "Predecessors of 3 Gamma: “2+251”: a lag must be between -60 and 250 working days"
    for typed in ("1-61", "1+" + "9" * 5000, "1+99999999999999999999"):  # (5,000 digits: past int()'s limit for text)
        with pytest.raises(ValidationFailed, match="lag must be between"):
            parse_dependencies(typed, tree)


def test_the_service_refuses_a_lag_out_of_range_and_changes_nothing(wbs) -> None:
    service, pid, t = wbs
    service.set_dependencies(pid, t["c"], [Dependency(predecessor_id=t["a"], lag_days=2)])
    for lag in (10**20, 251, -61):
        with pytest.raises(ValidationFailed) as caught:
            service.set_dependencies(pid, t["c"], [Dependency(predecessor_id=t["b"], lag_days=lag)])
        assert caught.value.text("ja").startswith(f"3 Gamma の先行タスク: 「2{lag:+d}」のラグ")
    tree = service.tree(pid)
    assert format_dependencies(tree.tasks[t["c"]], tree) == "1+2"
    assert not service.set_dependencies(pid, t["c"], [Dependency(predecessor_id=t["a"], lag_days=2)]).changed  # as they are


def test_a_project_file_with_a_lag_out_of_range_is_refused_in_both_languages(workspace, demo) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    linked = next(n for n, record in enumerate(data["parts"]["wbs"]) if record["predecessors"])
    data["parts"]["wbs"][linked]["predecessors"][0]["lag_days"] = 300
    with pytest.raises(UserError) as caught:
        transfer.import_data(workspace.db, data)
    where = f"parts.wbs.{linked}.predecessors.0.lag_days"
    title = data["parts"]["wbs"][linked]["title"]
    assert caught.value.text("ja") == (f"ファイルの WBS のタスク「{title}」の先行タスクが壊れています(先行タスク: 「+300」のラグ(遅れ日数)は"
                                       f" -60〜250 営業日の範囲で指定してください。ファイルの {where})。何も取り込んでいません")
    assert "a lag must be between -60 and 250 working days" in caught.value.text("en")


def test_a_sheet_with_a_lag_out_of_range_is_refused_naming_the_row(workspace, demo, tmp_path) -> None:
    path = export_wbs_xlsx(workspace, demo.id, tmp_path / "wbs.xlsx", "ja")
    bad = tmp_path / "lag.xlsx"
    shutil.copy(path, bad)
    book = openpyxl.load_workbook(bad)
    sheet = book["WBS"]
    sheet.cell(4, next(n for n, c in enumerate(COLUMNS, start=1) if c.key == "predecessors")).value = "1.1+99999999"
    book.save(bad)
    before = WbsService(workspace.db).tasks(demo.id)
    with pytest.raises(RefusedImportError) as caught:
        read_plan(workspace, demo.id, bad)
    assert "4 行目: 先行タスク: 「1.1+99999999」のラグ(遅れ日数)は -60〜250 営業日の範囲で指定してください" in caught.value.text("ja")
    assert WbsService(workspace.db).tasks(demo.id) == before


def test_the_predecessor_dialog_keeps_each_lag_unless_its_lag_box_is_changed(qtbot, wbs) -> None:
    service, pid, t = wbs
    service.set_dependencies(pid, t["c"], [Dependency(predecessor_id=t["b"]), Dependency(predecessor_id=t["a"], lag_days=3)])
    tree = service.tree(pid)

    def dialog() -> PredecessorDialog:
        shown = PredecessorDialog(tree, tree.tasks[t["c"]])
        qtbot.addWidget(shown)
        return shown

    untouched = dialog()
    own = untouched.findChild(QLabel, "wbsPredecessorOwnLags")
    assert own is not None and "2, 1+3" in own.text()  # the lags differ: the box cannot show them, the dialog says they stay
    assert untouched.dependencies() == tree.tasks[t["c"]].dependencies  # each lag and the order kept
    changed = dialog()
    changed.lag.setValue(5)
    assert [d.lag_days for d in changed.dependencies()] == [5, 5]  # the box changed: it sets every ticked task's lag
    ticked = dialog()
    ticked.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # 1 Alpha
    assert ticked.dependencies() == [Dependency(predecessor_id=t["b"])]


def test_a_predecessor_conflict_shows_both_sides_as_outline_numbers(qtbot, db_path, monkeypatch) -> None:
    import app.ui.window.conflict_dialog as conflict_dialog

    win = make_window(qtbot, db_path, global_lang="ja")
    try:
        win.show_page("wbs")
        page = win.page("wbs")
        seen: dict[str, str] = {}

        def keep_theirs(dialog) -> int:
            for side in ("conflictTheirs", "conflictMine"):
                seen[side] = dialog.findChild(QPlainTextEdit, f"{side}_dependencies").toPlainText()
            seen["label"] = " ".join(label.text() for label in dialog.findChildren(QLabel))
            dialog._done(conflict_dialog.Choice.THEIRS)
            return 1

        monkeypatch.setattr(conflict_dialog, "ask_conflict", keep_theirs)
        pid, task = page.state.project_id, wbs_find(page, "WBS作成")
        WbsService(page.state.workspace.db).set_dependencies(pid, task, [Dependency(predecessor_id=wbs_find(page, "背景と課題・対策案の整理"))])
        page.select_task(task)
        index = page.proxy.mapFromSource(page.model.index_of(task, INDEX["predecessors"]))
        assert not page.proxy.setData(index, "1.4+2")
        assert (seen["conflictTheirs"], seen["conflictMine"]) == ("1.1", "1.4+2")
        assert "WBS作成 — 先行タスク" in seen["label"]
    finally:
        close_window(win)
