"""Round 16o: the WBS tried as a demanding Japanese project manager would, in the Japanese window,
away from what 16d, 16e and 16m tried (filters, predecessors, lags, progress, far dates): undo and
redo after every kind of edit, a killed process, the Excel workbook edited by the customer and read
back while the app changed the same tasks, agreement baselines.

Each xfail (strict) test is a defect found: it asserts what the user should get and fails today.
The others held and add coverage."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from app import features
from app.core.kinds import run_export
from app.core.workspace import Workspace
from app.ui.wbs.columns import INDEX
from app.wbs.service import WbsService
from tests import children
from tests.gui_helpers import close_window, finish_background_work, make_window, settle, wbs_find

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

# The Japanese demo's tasks these tests use (outline number, title).
SCOPE = "MLOps導入の目的・スコープ定義"  # 1.2
HEARING = "ヒアリング実施"  # 2.1
FOLLOW_UP = "ヒアリング要フォロー事項の確認"  # 2.2, after 2.1
WBS = "WBS作成"  # 2.3


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    win.show_page("wbs")
    yield win
    close_window(win)


@pytest.fixture
def page(window):
    return window.page("wbs")


@pytest.fixture
def said(said, monkeypatch) -> list[str]:
    """The window's messages (tests/conftest.py), its questions answered yes and recorded too."""
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: said.append(text) or QMessageBox.StandardButton.Yes)
    return said


def other_window(page) -> tuple[Workspace, WbsService]:
    """A second connection to the same database: another window or process."""
    ws = Workspace.open(str(page.state.workspace.db.url), page.state.workspace.library)
    return ws, WbsService(ws.db)


def stored(page, task_id: int):
    return WbsService(page.state.workspace.db).tree(page.state.project_id).tasks.get(task_id)


def export_workbook(page, path: Path) -> Path:
    kind = features.EXPORTS["wbs"]
    run_export(kind, page.state.workspace, page.state.project_id, path, "ja", dict(kind.defaults))
    return path


def sheet_row(book, title: str) -> int:
    sheet = book["WBS"]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == title)


def import_through_the_page(page, path: Path, monkeypatch, meanwhile=lambda: None) -> None:
    """Import ``path`` with the page's button; ``meanwhile`` runs while the preview is open; OK."""
    from app.ui import messages

    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(path))

    def preview(dialog) -> QDialog.DialogCode:
        meanwhile()
        return QDialog.DialogCode.Accepted

    page.exec_dialog = preview
    page.import_excel()
    finish_background_work()
    settle(page.window())
    finish_background_work()


# --- the workbook read back while the app changed the same tasks ------------------------------------


def customer_edits(page, tmp_path: Path) -> Path:
    """The workbook exported, then edited by the customer: 1.2's start as a real date cell, 2.2's title."""
    path = export_workbook(page, tmp_path / "wbs.xlsx")
    book = openpyxl.load_workbook(path)
    book["WBS"].cell(sheet_row(book, SCOPE), 9).value = dt.datetime(2026, 12, 24)
    book["WBS"].cell(sheet_row(book, FOLLOW_UP), 2).value = "フォロー事項の確認（顧客）"
    book.save(path)
    return path


def test_an_edit_made_while_the_import_preview_is_open_is_not_overwritten(page, said, monkeypatch, tmp_path) -> None:
    path = customer_edits(page, tmp_path)
    scope = wbs_find(page, SCOPE)
    ws, other = other_window(page)
    try:
        import_through_the_page(page, path, monkeypatch, lambda: other.update(page.state.project_id, [scope], notes="別の窓のメモ", owner_name="鈴木"))
    finally:
        ws.close()
    task = stored(page, scope)
    assert not any(s.startswith("CRASH") for s in said), said
    assert (task.notes, task.owner_name) == ("別の窓のメモ", "鈴木"), "what the other window typed is lost"
    assert task.start == dt.date(2026, 12, 24)  # the customer's date is taken (or the user was asked)


def test_a_task_deleted_while_the_import_preview_is_open_is_said_in_japanese(page, said, monkeypatch, tmp_path) -> None:
    path = customer_edits(page, tmp_path)
    hearing = wbs_find(page, HEARING)
    ws, other = other_window(page)
    try:
        import_through_the_page(page, path, monkeypatch, lambda: other.delete(page.state.project_id, [hearing]))
    finally:
        ws.close()
    assert not any(s.startswith("CRASH") or "SQL" in s or "constraint" in s for s in said), said
    assert said and all(JAPANESE.search(s) for s in said), said
    assert any("2.1" in s or HEARING in s or "2.2" in s for s in said), said


# --- the command line: export wbs, edited in Excel, import wbs ---------------------------------------


def cli(db: Path, *args: str) -> tuple[int, str]:
    """``python -m app --lang ja ...`` in a process of its own: exit code, and what it printed (both streams)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "--lang", "ja", *args], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def exported(demo, db_path, tmp_path) -> Path:
    """The demo's WBS exported with the command line."""
    path = tmp_path / "wbs.xlsx"
    code, out = cli(db_path, "export", "wbs", "--project", str(demo.id), "--out", str(path))
    assert code == 0, out
    return path


def test_a_copied_row_is_named_by_the_task_it_copies_not_a_hidden_id(demo, db_path, exported) -> None:
    book = openpyxl.load_workbook(exported)
    sheet = book["WBS"]
    sheet.insert_rows(4)
    for column in range(1, sheet.max_column + 1):
        sheet.cell(4, column).value = sheet.cell(3, column).value
    sheet.cell(4, 2).value = "背景と課題の整理(その2)"
    book.save(exported)
    code, out = cli(db_path, "import", "wbs", "--project", str(demo.id), "--dry-run", str(exported))
    assert "Traceback" not in out and JAPANESE.search(out), out
    assert "タスクID" not in out and "1.1" in out, out


def test_a_row_of_a_task_deleted_since_the_export_names_the_task(demo, db_path, exported, library) -> None:
    book = openpyxl.load_workbook(exported)
    sheet = book["WBS"]
    row = sheet_row(book, "導入提案の実施と認識合わせ")
    sheet.cell(row, 2).value = "導入提案の実施と認識合わせ(顧客修正)"
    book.save(exported)
    ws = Workspace.open(str(db_path), library)
    try:
        service = WbsService(ws.db)
        tree = service.tree(demo.id)
        service.delete(demo.id, [next(t.id for t in tree.tasks.values() if t.title == "導入提案の実施と認識合わせ")])
    finally:
        ws.close()
    code, out = cli(db_path, "import", "wbs", "--project", str(demo.id), "--dry-run", str(exported))
    assert "Traceback" not in out and JAPANESE.search(out), out
    assert "タスクID" not in out and "導入提案の実施と認識合わせ(顧客修正)" in out, out


# --- baselines: made, signed, undone -----------------------------------------------------------------


@pytest.fixture
def problems(window) -> list[str]:
    """What the window says in its status bar about something not saved (a refused undo)."""
    said: list[str] = []
    window.state.problem.connect(said.append)
    return said


def test_an_undo_of_a_baseline_signed_elsewhere_names_the_baseline(window, page, said, problems) -> None:
    from app.core import operations as core_ops
    from app.projects import baselines as bl
    from app.ui.operations import run_op

    state = window.state
    run_op(state, bl.create_op(state.project_id, "キックオフ合意"), "Create baseline")
    ws = Workspace.open(str(state.workspace.db.url), state.workspace.library)
    try:
        core_ops.run(ws, bl.sign_op(state.project_id, "キックオフ合意", "佐藤花子", "PL", "顧客"))
    finally:
        ws.close()
    window.undo_action.trigger()
    settle(window)
    assert [b.name for b in bl.baselines(state.workspace, state.project_id)] == ["キックオフ合意"]  # the signed baseline stays
    assert len(problems) == 1 and JAPANESE.search(problems[0]), problems
    assert "キックオフ合意" in problems[0] and "agreement_" not in problems[0], problems


# --- a killed process --------------------------------------------------------------------------------

# The child: the real window on the database, a short busy timeout (the database another process
# holds), two cells typed while it is held; it says what the table shows, then waits to be killed.
DRIVER = children.WINDOW_GUARD + r"""
import sys, time
from app.core.storage.db import Database
Database.__init__.__kwdefaults__["busy_timeout_ms"] = 300
from PySide6.QtWidgets import QMessageBox
QMessageBox.warning = QMessageBox.critical = QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
from tests.gui_helpers import make_window
from app.ui.wbs.columns import INDEX
window = make_window(None, sys.argv[1], first_start=True, global_lang="ja")
window.show_page("wbs")
page = window.page("wbs")
task = next(t.id for t in page.model.tree.tasks.values() if t.title == "WBS作成")

def type_in(key, value):
    page.select_task(task)
    page.proxy.setData(page.proxy.mapFromSource(page.model.index_of(task, INDEX[key])), value)

type_in("owner_name", "佐藤")                     # saved at once
print("READY", flush=True)
sys.stdin.readline()                               # the parent holds the database now
type_in("title", "WBS作成(顧客レビュー反映)")
type_in("notes", "先方PLの指摘:\n完了条件を見直す")
shown = page.model.tree.tasks[task]
print("SHOWN", shown.owner_name, shown.title, shown.notes.replace("\n", "|"), flush=True)
time.sleep(600)
"""


def test_edits_kept_waiting_for_a_busy_database_survive_a_killed_process(qtbot, tmp_path) -> None:
    import os
    import sqlite3
    import subprocess
    import sys

    db = tmp_path / "killed.sqlite3"
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    child = children.Child([sys.executable, "-c", DRIVER, str(db)], cwd=root, env=env, stdin=subprocess.PIPE)
    holder = None
    try:
        assert child.readline().strip() == "READY", child.stderr()
        holder = sqlite3.connect(db, isolation_level=None, timeout=30)
        holder.execute("BEGIN IMMEDIATE")  # another process writes (a long import)
        child.send("go\n")
        shown = child.readline().split()
        assert shown[:2] == ["SHOWN", "佐藤"], shown
        holder.execute("ROLLBACK")
        child.kill(10)
    finally:
        child.close()
        if holder is not None:
            holder.close()
    window = make_window(qtbot, db, global_lang="ja")  # the next start, on the same database and data folder
    window.show_page("wbs")
    from app.ui.hearing.drafts import drafts_of

    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0)  # taken back, saved once the database is free
    close_window(window)
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = dict(check.execute("SELECT title, coalesce(notes, '') FROM wbs_tasks WHERE owner_name = '佐藤'").fetchall())
    assert rows == {"WBS作成(顧客レビュー反映)": "先方PLの指摘:\n完了条件を見直す"}, f"the table showed {shown[2:]}; stored: {rows}"


# --- undo and redo (held) ----------------------------------------------------------------------------


def outline(page, tree=None) -> list[tuple[str, str, str, str]]:
    from app.wbs.model import format_dependencies

    tree = tree or WbsService(page.state.workspace.db).tree(page.state.project_id)
    return [(tree.codes[t.id], t.title, t.notes, format_dependencies(t, tree)) for t in tree.walk()]


def test_undo_and_redo_through_a_language_switch_keep_table_and_database_together(window, said) -> None:
    page = window.page("wbs")

    def agreed(page) -> list:
        finish_background_work()
        settle(window)
        stored_now = outline(page)
        assert stored_now == outline(page, page.model.tree)
        return stored_now

    start = agreed(page)
    page.select_task(wbs_find(page, WBS))
    page.add_task()
    new = page.current_id()
    page.tree.closePersistentEditor(page.tree.currentIndex())
    page.select_task(new)
    page.proxy.setData(page.proxy.mapFromSource(page.model.index_of(new, INDEX["title"])), "顧客レビュー")
    page.select_task(wbs_find(page, HEARING))
    page.delete_selected()  # 2.2 loses its predecessor
    page.proxy.setData(page.proxy.mapFromSource(page.model.index_of(wbs_find(page, WBS), INDEX["notes"])), "先方PLの指摘")
    end = agreed(page)
    window.set_ui_lang("en")
    page = window.page("wbs")
    assert window.undo_action.text().endswith("Edit Notes")
    for _ in range(2):
        window.undo_action.trigger()
        agreed(page)
    window.set_ui_lang("ja")
    page = window.page("wbs")
    assert window.undo_action.text().endswith("WBS / タスクの編集") and window.redo_action.text().endswith("タスクの削除")
    for _ in range(2):
        window.undo_action.trigger()
    assert agreed(page) == start
    for _ in range(4):
        window.redo_action.trigger()
    assert agreed(page) == end and not said, said
    window.state.open_project(window.state.projects.create("別案件").id)
    assert not window.undo_action.isEnabled()  # undo never reaches the other project
