"""Breaker 47f: a demanding Japanese consultant on the fixes of the last hour (a1bc8e3 refused cells taken back by
Undo on Review / Data platform & CI, d5ad218 a removed row's refused typing back with its undo and a review conflict
kept on disk, dfff926 hearing sources named alike, 7f4faa7 the Excel WBS: cut cells in the export report, a column the
customer added, 顧客合意 ticked in the sheet). Japanese window (global_lang="ja"), widgets by objectName, Edit ▸ Undo /
Redo as the menu triggers them, two windows on one database, a SIGKILLed window process, the CLI in ja. Scratch under
/tmp/breaker47f.

Tried and held:
- Data platform & CI: a refused 削除の手順 field, then a refused 担当者 cell, Undo twice (cell, then field), a third Undo
  takes back the owner saved before, Redo puts it back; Redo right after a taken-back cell redoes nothing older; a
  refused cell, another page and back, Undo takes that typing back (no step undone); a colleague (second window) set
  the same owner meanwhile: Undo right after my refused paste keeps the colleague's value, no draft left.
- Review: two evidences refused one after another taken back last first; a colleague's evidence set meanwhile kept by
  the Undo of my refused paste; a valid evidence typed while the database is busy (write lock held): Undo right after
  drops it for good; saved by the retry, then Undo / Redo exact. (A 100,004-character evidence or dataset cell is
  refused before the write lock is asked, so "refused on the busy retry" is the plain refusal: Undo takes it back.)
- A Review evidence of the second checklist (google_mlops) killed while its conflict dialog is open: back at the next
  start (「1 件の下書きが未保存です」, shown in its checklist).
- System planning milestones: a row with a refused 2027/02/30 and a note, removed, Undo / Redo / Undo: back with its
  typing both times, still a draft, also after another page and back.
- Three hearing sources named 商品画像 (owners 山田 / 鈴木 / 田中 typed on Data platform & CI): the middle one deleted
  (service and the hearing window's row removal, Undo / Redo / Undo), one renamed (service and a hearing cell, Undo /
  Redo / Undo): each dataset row keeps its own owner.
- Excel WBS: the export report names a cut title and a cut completion condition in Japanese (「3.1.2「題…」のタスク」,
  「…の完了条件」, 32,767, no internal key); 82 tasks x 5 text columns cut: all 410 named; two added columns with text
  both said, an added column left empty not said; the WBS page's import dialog says 「列「顧客コメント」は WBS の列では
  ありません…」 in Japanese; 顧客合意 unticked in the sheet (はい → いいえ) leaves the task not suspect after an answer
  change; ticked / unticked / ticked over three sheets: suspect right after; an answer changed before the sheet's tick:
  not suspect.

Broke (strict xfails first, each fixed since: an added column is said by its heading as the sheet shows it, a number or a date among the task columns, or by its letter when it has none):
- test_an_added_column_headed_by_a_number_is_said_not_to_be_imported: a column the customer added headed 2027 (a number
  in Excel) with a comment typed in it is dropped without a word (added_columns reads text headings only).
- test_an_added_column_without_a_heading_is_said_not_to_be_imported: a column inserted with text typed below but no
  heading is dropped without a word.
- test_an_added_column_headed_by_a_date_is_said_not_to_be_imported: a column inserted among the task columns headed by
  a date (1/15, a meeting's remarks) with text in it is dropped without a word (date headings are taken for the Gantt
  area wherever they stand).

Not tried (time-box): the Exports page's report widget for cut cells, PostgreSQL, interview mode.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests import children
from tests.test_breaker47e import cli, edit, export_wbs

SCRATCH = Path("/tmp/breaker47f")


# --- the Excel WBS: a column the customer added ------------------------------------------------------------------


def _dry_run(capsys, db_path, demo, path: Path) -> tuple[str, str]:
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "import", "wbs", str(path), "--project", str(demo.id), "--dry-run")
    assert code == 0, err
    return said, err


def _added(heading):
    def change(sheet) -> None:
        sheet.insert_cols(3)
        sheet.cell(1, 3).value = heading
        sheet.cell(20, 3).value = "ここは弊社の情シスと要相談(来週回答)"
    return change


def test_held_two_added_columns_are_both_said_and_an_empty_one_is_not(workspace, demo, db_path, capsys, tmp_path) -> None:
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))

    def change(sheet) -> None:
        sheet.insert_cols(3, 3)
        sheet.cell(1, 3).value = "顧客コメント"
        sheet.cell(1, 4).value = "情シス確認"
        sheet.cell(1, 5).value = "空の列"
        sheet.cell(20, 3).value = "要相談"
        sheet.cell(21, 4).value = "済"

    edit(out, tmp_path / "e.xlsx", change)
    workspace.close()
    said, err = _dry_run(capsys, db_path, demo, tmp_path / "e.xlsx")
    assert "顧客コメント" in said and "情シス確認" in said and "空の列" not in said + err, said


def test_an_added_column_headed_by_a_number_is_said_not_to_be_imported(workspace, demo, db_path, capsys, tmp_path) -> None:
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    edit(out, tmp_path / "e.xlsx", _added(2027))  # 「2027年度予算」 typed as 2027: Excel keeps a number
    workspace.close()
    said, err = _dry_run(capsys, db_path, demo, tmp_path / "e.xlsx")
    assert "列「2027」は WBS の列ではありません" in said + err, said


def test_an_added_column_without_a_heading_is_said_not_to_be_imported(workspace, demo, db_path, capsys, tmp_path) -> None:
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    edit(out, tmp_path / "e.xlsx", _added(None))
    workspace.close()
    said, err = _dry_run(capsys, db_path, demo, tmp_path / "e.xlsx")
    assert "WBS の列ではありません" in said + err, said


def test_an_added_column_headed_by_a_date_is_said_not_to_be_imported(workspace, demo, db_path, capsys, tmp_path) -> None:
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    edit(out, tmp_path / "e.xlsx", _added(dt.datetime(2027, 1, 15)))  # 「1/15 定例での指摘」 typed as 1/15
    workspace.close()
    said, err = _dry_run(capsys, db_path, demo, tmp_path / "e.xlsx")
    assert "WBS の列ではありません" in said + err, said


# --- the Excel WBS export report: cut cells -------------------------------------------------------------------


def test_held_the_cut_cells_are_named_in_japanese_by_task_and_column(workspace, demo, db_path, capsys, tmp_path) -> None:
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    tasks = service.tasks(demo.id)
    task = next(t for t in tasks if t.title == "1. 受領データの取り扱い")
    service.update(demo.id, [task.id], completion_condition="え" * 40_000, title="題" * 40_000)
    out, report = tmp_path / "w.xlsx", tmp_path / "r.json"
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "export", "wbs", "--project", str(demo.id),
                          "--out", str(out), "--report", str(report))
    assert code == 0, err
    dropped = json.loads(report.read_text(encoding="utf-8"))["dropped"]
    cut = [d for d in dropped if "32,767" in d["why"]]
    assert len(cut) == 2, dropped
    assert any("完了条件" in d["label"] for d in cut) and any(d["label"].endswith("」のタスク") for d in cut), cut
    for d in cut:
        assert "title" not in d["label"] and "completion_condition" not in d["label"], d
        assert len(d["label"]) < 200, d["label"][:300]


# --- Data platform & CI / Review: Undo right after a refused cell (a1bc8e3) ---------------------------------------

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QPlainTextEdit, QTableView  # noqa: E402

from app.environment.model import MAX_TEXT  # noqa: E402
from app.ui.hearing.drafts import drafts_of  # noqa: E402
from tests.gui_helpers import close_window, environment_page, make_window, settle, two_windows  # noqa: E402
from tests.test_breaker43a import type_in  # noqa: E402
from tests.test_breaker47c import act, evidence_cell, open_cell, review_page, stored_datasets, stored_evidence  # noqa: E402


def _refuse_owner(window, qtbot, page, row: int = 0) -> None:
    view = page.findChild(QTableView, "datasetsTable")
    editor = open_cell(window, qtbot, view, row, page.datasets_model.columns.index("owner"))
    editor.setText("担当" * 20_000)  # refused: kept red as a draft
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)


def _owner(page, row: int = 0):
    return page.datasets_model.index(row, page.datasets_model.columns.index("owner")).data()


def _crashed(said) -> list[str]:
    return [s for s in said if "CRASH" in s or "Traceback" in s]


def test_held_field_then_cell_undo_twice_then_redo_twice(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    plan = page.findChild(QPlainTextEdit, "field_deletion_plan")
    stored_plan = plan.toPlainText()
    view = page.findChild(QTableView, "datasetsTable")
    owner = page.datasets_model.columns.index("owner")
    editor = open_cell(window, qtbot, view, 0, owner)
    type_in(editor, "佐藤")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    plan.setFocus()
    plan.setPlainText("手順" * MAX_TEXT)
    settle(window)
    _refuse_owner(window, qtbot, page)
    saved = stored_datasets(window)
    act(window, "undoAction")
    act(window, "undoAction")
    assert plan.toPlainText() == stored_plan and _owner(page) == "佐藤" and stored_datasets(window) == saved
    act(window, "undoAction")  # now the owner typed before: 佐藤 goes
    assert _owner(page) != "佐藤"
    act(window, "redoAction")
    assert _owner(page) == "佐藤" and stored_datasets(window) == saved
    assert not _crashed(said), said
    close_window(window)


def test_held_a_refused_cell_then_another_page_and_back_undo_takes_it_back(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    before = stored_datasets(window)
    steps = window.state.undo_stack.count()
    _refuse_owner(window, qtbot, page)
    window.show_page("experiment")
    settle(window)
    window.show_page("data-ci")
    settle(window)
    act(window, "undoAction")
    assert stored_datasets(window) == before and _owner(page) == before[0].owner
    assert window.state.undo_stack.count() == steps
    close_window(window)


def test_undo_of_a_refused_cell_after_the_colleague_set_it_keeps_the_colleagues_value(qtbot, db_path, monkeypatch, said) -> None:
    from app.environment.service import EnvironmentService

    with two_windows(qtbot, db_path, monkeypatch, "data-ci") as (a, b):
        page = a.page("data-ci")
        _refuse_owner(a, qtbot, page)
        key = stored_datasets(b)[0].key
        EnvironmentService(b.state.workspace).set_dataset(b.state.project_id, key, "owner", "佐藤(先方)")
        b.state.workspace.db.engine.dispose()
        a.watcher.poll() if hasattr(a.watcher, "poll") else None
        settle(a)
        act(a, "undoAction")  # take back my refused paste
        assert stored_datasets(a)[0].owner == "佐藤(先方)"
        qtbot.waitUntil(lambda: _owner(page) == "佐藤(先方)", timeout=5000)
        assert drafts_of(a.state).get(a.state.project_id, f"data_ci:{page.datasets_model._key(0)}:owner") is None
        assert not _crashed(said), said


def test_held_two_refused_evidences_are_taken_back_last_first(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(window, qtbot)
    first, second = page.model.rows[0].item.id, page.model.rows[1].item.id
    before = (stored_evidence(window, page.checklist_id, first), stored_evidence(window, page.checklist_id, second))
    for item in (first, second):
        editor = evidence_cell(window, qtbot, page, item)
        editor.setText("議事メモ" * 25_001)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(window)
    column = page.model.column_of("text")
    act(window, "undoAction")
    assert page.model.index(page.model.row_of(second), column).data() == (before[1] or "")
    assert page.model.index(page.model.row_of(first), column).data() != (before[0] or "")  # still the draft
    act(window, "undoAction")
    assert page.model.index(page.model.row_of(first), column).data() == (before[0] or "")
    assert not page.model.has_drafts(window.state.project_id, page.checklist_id, first)
    close_window(window)


# --- System planning milestones: a row removed over a refused draft, Undo / Redo / Undo (d5ad218) -------------------

from tests.test_breaker47c import MILESTONES, type_cell  # noqa: E402


def test_milestone_row_removed_undo_redo_undo_comes_back_with_its_typing(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QToolButton

    from tests.gui_helpers import open_hearing_item

    window = make_window(qtbot, db_path, global_lang="ja")
    open_hearing_item(window, qtbot, MILESTONES)
    page = window.page("system-planning")
    view = page.findChild(QTableView, "answer_value_table")
    model = view.model()
    view.setCurrentIndex(model.index(model.rowCount() - 1, 0))
    page.findChild(QToolButton, "answer_value_addRow").click()
    settle(window)
    row = view.currentIndex().row()
    type_cell(window, qtbot, view, row, 0, "本番リリース判定")
    type_cell(window, qtbot, view, row, 2, "2027/02/30")  # refused, kept red
    type_cell(window, qtbot, view, row, 3, "顧客の部長承認が前提")
    typed = [model.index(row, c).data() for c in range(4)]
    rows = model.rowCount()
    view.setCurrentIndex(model.index(row, 0))
    page.findChild(QToolButton, "answer_value_removeRow").click()
    settle(window)
    assert model.rowCount() == rows - 1
    act(window, "undoAction")
    assert [model.index(row, c).data() for c in range(4)] == typed
    act(window, "redoAction")
    assert model.rowCount() == rows - 1
    act(window, "undoAction")
    assert [model.index(row, c).data() for c in range(4)] == typed, "the second undo lost the row's typing"
    assert "下書き" in window.save_label.text()
    window.show_page("review")
    settle(window)
    window.show_page("system-planning")
    settle(window)
    assert [model.index(row, c).data() for c in range(4)] == typed
    assert not _crashed(said), said
    close_window(window)


# --- hearing sources named alike (dfff926) ---------------------------------------------------------------------


def _three_alike(workspace, demo):
    from app.environment.service import EnvironmentService
    from app.hearing.answers import AnswerService

    pid = demo.id
    answers, environment = AnswerService(workspace.db, workspace.library), EnvironmentService(workspace)
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    first = rows[0]
    extra = [{**first, "origin": "NAS(2回目)"}, {**first, "origin": "NAS(3回目)"}]
    answers.update(pid, "hearing.prereq.data_sources", value=[*rows, *extra])
    for d in environment.choices(pid, "ja").datasets:
        origin = d.row.get("origin")
        if origin == "NAS(2回目)":
            environment.set_dataset(pid, d.key, "owner", "鈴木")
        elif origin == "NAS(3回目)":
            environment.set_dataset(pid, d.key, "owner", "田中")
        elif d.row == first:
            environment.set_dataset(pid, d.key, "owner", "山田")
    return answers, environment


def _owners(environment, pid) -> dict[str, str]:
    return {d.row.get("origin"): d.owner for d in environment.choices(pid, "ja").datasets if d.row.get("name") == "商品画像"}


def test_held_three_alike_the_middle_deleted_each_keeps_its_owner(workspace, demo) -> None:
    answers, environment = _three_alike(workspace, demo)
    pid = demo.id
    before = _owners(environment, pid)
    assert sorted(before.values()) == ["山田", "田中", "鈴木"], before
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    answers.update(pid, "hearing.prereq.data_sources", value=[r for r in rows if r.get("origin") != "NAS(2回目)"])
    after = _owners(environment, pid)
    assert after == {k: v for k, v in before.items() if k != "NAS(2回目)"}, after


def test_held_three_alike_one_renamed_keeps_its_owner(workspace, demo) -> None:
    answers, environment = _three_alike(workspace, demo)
    pid = demo.id
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    rows = [{**r, "name": "商品画像(追加納品)"} if r.get("origin") == "NAS(2回目)" else r for r in rows]
    answers.update(pid, "hearing.prereq.data_sources", value=rows)
    got = {d.row.get("origin"): d.owner for d in environment.choices(pid, "ja").datasets if str(d.row.get("name", "")).startswith("商品画像")}
    assert got["NAS(2回目)"] == "鈴木" and got["NAS(3回目)"] == "田中", got


def _sources_table(window, qtbot):
    from tests.gui_helpers import open_hearing_item

    open_hearing_item(window, qtbot, "hearing.prereq.data_sources")
    page = window.page("hearing")
    view = page.findChild(QTableView, "answer_value_table")
    return page, view


def test_three_alike_the_middle_removed_in_the_hearing_window_undo_redo_keeps_each_dataset_row(qtbot, db_path, said) -> None:
    from PySide6.QtWidgets import QToolButton

    from app.hearing.answers import AnswerService

    window = make_window(qtbot, db_path, global_lang="ja")
    ws = window.state.workspace
    pid = window.state.project_id
    answers = AnswerService(ws.db, ws.library)
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    answers.update(pid, "hearing.prereq.data_sources", value=[*rows, {**rows[0], "origin": "NAS(2回目)"}, {**rows[0], "origin": "NAS(3回目)"}])
    page = environment_page(window, qtbot, "data-ci")
    model = page.datasets_model
    alike = [r for r in range(model.rowCount()) if str(model.index(r, 0).data() or "").startswith("商品画像")]
    assert len(alike) == 3, [model.index(r, 0).data() for r in range(model.rowCount())]
    view = page.findChild(QTableView, "datasetsTable")
    for row, name in zip(alike, ("山田", "鈴木", "田中"), strict=True):
        editor = open_cell(window, qtbot, view, row, model.columns.index("owner"))
        type_in(editor, name)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(window)
    def owners() -> dict[str, str]:
        return {d.row.get("origin"): d.owner for d in stored_datasets(window) if str(d.row.get("name", "")).startswith("商品画像")}
    before = owners()
    assert sorted(before.values()) == ["山田", "田中", "鈴木"], before
    hearing, table = _sources_table(window, qtbot)
    middle = next(r for r in range(table.model().rowCount())
                  if any(table.model().index(r, c).data() == "NAS(2回目)" for c in range(table.model().columnCount())))
    table.setCurrentIndex(table.model().index(middle, 0))
    hearing.findChild(QToolButton, "answer_value_removeRow").click()
    settle(window)
    assert owners() == {k: v for k, v in before.items() if k != "NAS(2回目)"}, owners()
    act(window, "undoAction")
    assert owners() == before, owners()
    act(window, "redoAction")
    assert owners() == {k: v for k, v in before.items() if k != "NAS(2回目)"}, owners()
    act(window, "undoAction")
    assert owners() == before, owners()
    window.show_page("data-ci")
    settle(window)
    shown = {model.index(r, model.columns.index("owner")).data() for r in range(model.rowCount())}
    assert {"山田", "鈴木", "田中"} <= shown, shown
    assert not _crashed(said), said
    close_window(window)


# --- a refused cell on a busy database's retry ------------------------------------------------------------------

from tests.test_breaker_nothing_lost import hold_write_lock, release, short_busy  # noqa: E402, F401


@pytest.fixture
def quick_review_retry(monkeypatch) -> None:
    import app.ui.environment.pages as env_pages
    import app.ui.review.page as review_page_module

    monkeypatch.setattr(review_page_module, "RETRY_MS", 800)
    monkeypatch.setattr(env_pages, "BUSY_PAUSE_S", 0.8)


def test_review_evidence_refused_on_the_busy_retry_undo_takes_back_that_paste(qtbot, db_path, said, short_busy, quick_review_retry) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(window, qtbot)
    item = page.model.rows[0].item.id
    editor = evidence_cell(window, qtbot, page, item)
    type_in(editor, "確認済み")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert stored_evidence(window, page.checklist_id, item) == "確認済み"
    lock = hold_write_lock(db_path)
    try:
        editor = evidence_cell(window, qtbot, page, item)
        editor.setText("議事メモ" * 25_001)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(100)
    finally:
        release(lock)
    qtbot.waitUntil(lambda: not page._retry.isActive(), timeout=5000)
    settle(window)
    qtbot.wait(300)
    act(window, "undoAction")
    assert stored_evidence(window, page.checklist_id, item) == "確認済み", "the evidence saved before the paste was taken back"
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "確認済み"
    assert not page.model.has_drafts(window.state.project_id, page.checklist_id, item)
    assert not _crashed(said), said
    close_window(window)


def test_dataset_cell_refused_on_the_busy_retry_undo_takes_back_that_paste(qtbot, db_path, said, short_busy, quick_review_retry) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "datasetsTable")
    editor = open_cell(window, qtbot, view, 0, page.datasets_model.columns.index("owner"))
    type_in(editor, "佐藤")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    saved = stored_datasets(window)
    lock = hold_write_lock(db_path)
    try:
        _refuse_owner(window, qtbot, page)
    finally:
        release(lock)
    qtbot.waitUntil(lambda: not page._cells_retry.isActive(), timeout=5000)
    settle(window)
    qtbot.wait(300)
    act(window, "undoAction")
    assert stored_datasets(window) == saved, "the owner saved before the paste was taken back"
    assert _owner(page) == "佐藤"
    assert drafts_of(window.state).get(window.state.project_id, f"data_ci:{page.datasets_model._key(0)}:owner") is None
    assert not _crashed(said), said
    close_window(window)


def test_review_evidence_typed_while_busy_undo_right_after_drops_it_for_good(qtbot, db_path, said, short_busy, quick_review_retry) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(window, qtbot)
    item = page.model.rows[0].item.id
    editor = evidence_cell(window, qtbot, page, item)
    type_in(editor, "確認済み")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    lock = hold_write_lock(db_path)
    try:
        editor = evidence_cell(window, qtbot, page, item)
        type_in(editor, "会議で再確認")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(500)
        assert page._retry.isActive()  # busy: waiting
        window.state.undo_stack.undo()  # Undo right after the busy typing
        qtbot.wait(100)
    finally:
        release(lock)
    qtbot.wait(1500)
    settle(window)
    assert stored_evidence(window, page.checklist_id, item) == "確認済み"
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "確認済み"
    assert not page.model.has_drafts(window.state.project_id, page.checklist_id, item)
    assert not _crashed(said), said
    close_window(window)


def test_review_evidence_saved_by_the_busy_retry_then_undo_and_redo(qtbot, db_path, said, short_busy, quick_review_retry) -> None:  # noqa: F811
    window = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(window, qtbot)
    item = page.model.rows[0].item.id
    editor = evidence_cell(window, qtbot, page, item)
    type_in(editor, "確認済み")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    lock = hold_write_lock(db_path)
    try:
        editor = evidence_cell(window, qtbot, page, item)
        type_in(editor, "会議で再確認")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(500)
        assert page._retry.isActive()
    finally:
        release(lock)
    qtbot.waitUntil(lambda: stored_evidence(window, page.checklist_id, item) == "会議で再確認", timeout=5000)
    settle(window)
    act(window, "undoAction")
    assert stored_evidence(window, page.checklist_id, item) == "確認済み"
    act(window, "redoAction")
    assert stored_evidence(window, page.checklist_id, item) == "会議で再確認"
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "会議で再確認"
    assert not _crashed(said), said
    close_window(window)


# --- 顧客合意 ticked / unticked in the customer's sheet (7f4faa7) ----------------------------------------------------

GPU_TASK, GPU_ITEM = "3.13", "hearing.prereq.env_gpu"  # 学習リソース(GPU)の見積もり


def _set_agreed(out: Path, dst: Path, value: str) -> Path:
    def tick(sheet) -> None:
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == GPU_TASK)
        agreed = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(1, c).value == "顧客合意")
        sheet.cell(row, agreed).value = value
    return edit(out, dst, tick)


def _import(capsys, db_path, demo, path: Path) -> str:
    code, said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "import", "wbs", str(path), "--project", str(demo.id), "--yes")
    assert code == 0, err
    return said


def test_held_a_task_unticked_in_the_sheet_is_no_longer_suspect(workspace, demo, db_path, capsys, tmp_path) -> None:
    from app.hearing.answers import AnswerService
    from app.projects import suspects
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    tree = service.tree(demo.id)
    task = tree.tasks[tree.by_code()[GPU_TASK]]
    service.update(demo.id, [task.id], agreed=True)
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    said = _import(capsys, db_path, demo, _set_agreed(out, tmp_path / "e.xlsx", "いいえ"))
    assert "顧客合意: はい → いいえ" in said, said
    AnswerService(workspace.db, workspace.library).update(demo.id, GPU_ITEM, value="no")
    assert task.id not in [s.dependent.task_id for s in suspects.suspects(workspace, demo.id)]


def test_held_ticked_unticked_ticked_again_in_sheets_turns_suspect_right_after(workspace, demo, db_path, capsys, tmp_path) -> None:
    from app.hearing.answers import AnswerService
    from app.projects import suspects
    from app.wbs.service import WbsService

    tree = WbsService(workspace.db).tree(demo.id)
    task = tree.tasks[tree.by_code()[GPU_TASK]]
    for n, value in enumerate(("はい", "いいえ", "はい")):
        out = export_wbs(capsys, db_path, tmp_path / f"w{n}.xlsx", str(demo.id))
        _import(capsys, db_path, demo, _set_agreed(out, tmp_path / f"e{n}.xlsx", value))
    AnswerService(workspace.db, workspace.library).update(demo.id, GPU_ITEM, value="no")
    assert task.id in [s.dependent.task_id for s in suspects.suspects(workspace, demo.id)]


def test_an_answer_changed_before_the_sheet_tick_leaves_the_task_not_suspect(workspace, demo, db_path, capsys, tmp_path) -> None:
    from app.hearing.answers import AnswerService
    from app.projects import suspects
    from app.wbs.service import WbsService

    tree = WbsService(workspace.db).tree(demo.id)
    task = tree.tasks[tree.by_code()[GPU_TASK]]
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(demo.id))
    AnswerService(workspace.db, workspace.library).update(demo.id, GPU_ITEM, value="no")  # before the customer ticks
    said = _import(capsys, db_path, demo, _set_agreed(out, tmp_path / "e.xlsx", "はい"))
    assert "顧客合意: いいえ → はい" in said, said
    assert task.id not in [s.dependent.task_id for s in suspects.suspects(workspace, demo.id)]


def test_held_every_cut_cell_is_said_when_many_are_cut(workspace, demo, db_path, capsys, tmp_path) -> None:
    from app.wbs.service import WbsService

    service = WbsService(workspace.db)
    ids = [t.id for t in service.tasks(demo.id)]
    long = "あ" * 33_000
    service.update(demo.id, ids, title=long, completion_condition=long, expected_output=long, description=long, notes=long)
    workspace.close()
    out, report = tmp_path / "w.xlsx", tmp_path / "r.json"
    code, _said, err = cli(capsys, "--db", str(db_path), "--lang", "ja", "export", "wbs", "--project", str(demo.id),
                           "--out", str(out), "--report", str(report))
    assert code == 0, err
    dropped = json.loads(report.read_text(encoding="utf-8"))["dropped"]
    cut = [d for d in dropped if "32,767" in d["why"]]
    assert len(cut) == 5 * len(ids) or any(str(5 * len(ids)) in d["why"] + d["label"] for d in dropped), (len(cut), 5 * len(ids))


def test_held_the_import_dialog_says_the_added_column_in_japanese(qtbot, db_path, capsys, tmp_path, monkeypatch, said) -> None:
    from PySide6.QtWidgets import QAbstractItemView as View
    from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QPlainTextEdit, QTextEdit

    from app.ui import messages

    window = make_window(qtbot, db_path, global_lang="ja")
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    out = export_wbs(capsys, db_path, tmp_path / "w.xlsx", str(window.state.project_id))
    edit(out, tmp_path / "e.xlsx", _added("顧客コメント"))
    shown: list[str] = []

    def preview(_self, dialog) -> QDialog.DialogCode:
        shown.extend(label.text() for label in dialog.findChildren(QLabel))
        shown.extend(t.toPlainText() for kind in (QTextEdit, QPlainTextEdit) for t in dialog.findChildren(kind))
        shown.extend(w.item(n).text() for w in dialog.findChildren(QListWidget) for n in range(w.count()))
        for view in dialog.findChildren(View):
            model = view.model()
            if model is None or isinstance(view, QListWidget):
                continue
            columns = model.columnCount() if hasattr(model, "horizontalHeaderItem") or not hasattr(model, "stringList") else 1
            for r in range(model.rowCount()):
                for c in range(columns):
                    shown.append(str(model.index(r, c).data() or ""))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(type(page), "exec_dialog", preview)
    monkeypatch.setattr(messages, "open_file", lambda *_a, **_k: str(tmp_path / "e.xlsx"))
    page.import_excel()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    text = "\n".join(shown)
    assert "列「顧客コメント」は WBS の列ではありません" in text, text
    assert "the column" not in text and "wbs.column_added" not in text, text
    close_window(window)


def test_review_undo_of_a_refused_evidence_after_the_colleague_set_it_keeps_the_colleagues(qtbot, db_path, monkeypatch, said) -> None:
    from app.core import operations as ops
    from app.review import set_fields

    with two_windows(qtbot, db_path, monkeypatch, "review") as (a, b):
        page = review_page(a, qtbot)
        item = page.model.rows[0].item.id
        editor = evidence_cell(a, qtbot, page, item)
        editor.setText("議事メモ" * 25_001)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(a)
        ops.run(b.state.workspace, set_fields(b.state.project_id, page.checklist_id, item, {"evidence": "佐藤の根拠"}))
        a.watcher.poll()
        settle(a)
        act(a, "undoAction")
        assert stored_evidence(a, page.checklist_id, item) == "佐藤の根拠"
        qtbot.waitUntil(lambda: page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "佐藤の根拠", timeout=5000)
        assert not page.model.has_drafts(a.state.project_id, page.checklist_id, item)
        assert not _crashed(said), said


def test_held_redo_right_after_a_taken_back_cell_redoes_nothing_older(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "datasetsTable")
    editor = open_cell(window, qtbot, view, 0, page.datasets_model.columns.index("owner"))
    type_in(editor, "佐藤")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    saved = stored_datasets(window)
    _refuse_owner(window, qtbot, page)
    act(window, "undoAction")
    from PySide6.QtGui import QAction

    redo = window.findChild(QAction, "redoAction")
    if redo.isEnabled():
        act(window, "redoAction")
    assert stored_datasets(window) == saved and _owner(page) == "佐藤"
    assert not _crashed(said), said
    close_window(window)


# --- a Review evidence of the second checklist killed while its conflict dialog is open (d5ad218) ----------------

import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402

from tests.conftest import copy_database  # noqa: E402
from tests.test_breaker47c import CHILD, REPO  # noqa: E402
from tests.test_breaker47c import next_start as _next_start  # noqa: E402

SECOND = CHILD.replace(
    '''    page = a.page("review")
    item = page.model.rows[0].item.id''',
    '''    page = a.page("review")
    from PySide6.QtWidgets import QListWidget
    page.findChild(QListWidget, "reviewChecklists").setCurrentRow(1)
    pump(50)
    print("checklist", page.checklist_id, flush=True)
    item = page.model.rows[0].item.id''').replace('"ml_test_score", item, {"evidence": "佐藤の根拠"}', 'page.checklist_id, item, {page.model.text_field(): "佐藤の根拠"}')


def test_an_evidence_of_the_second_checklist_killed_in_its_conflict_comes_back(qtbot, demo_template, monkeypatch, said) -> None:
    from PySide6.QtWidgets import QListWidget

    SCRATCH.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="killed-second-", dir=SCRATCH))
    db = folder / "kickoff.sqlite3"
    copy_database(demo_template, db)
    home = folder / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")  # fmt: skip
    env.pop("MLOPS_KICKOFF_DB", None)
    child = children.Child([sys.executable, "-c", SECOND, str(db), str(REPO), "review"], env=env, cwd=REPO)  # fmt: skip
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith(("ready", "no conflict")):
                break
    finally:
        _out, err = child.kill()
    assert lines[-1] == "ready", (lines, err[-2000:])
    checklist = lines[0].split()[1]
    window = _next_start(qtbot, db, home, monkeypatch)
    page = review_page(window, qtbot)
    assert "1 件の下書きが未保存です" in window.save_label.text()
    chooser = page.findChild(QListWidget, "reviewChecklists")
    chooser.setCurrentRow(1)
    settle(window)
    assert page.checklist_id == checklist
    item = page.model.rows[0].item.id
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "山田が会議で確認した根拠"
    assert not _crashed(said), said
    close_window(window)


def test_three_alike_one_renamed_in_the_hearing_window_undo_keeps_each_dataset_row(qtbot, db_path, said) -> None:
    from app.hearing.answers import AnswerService
    from tests.test_breaker47c import type_cell as typed_cell

    window = make_window(qtbot, db_path, global_lang="ja")
    ws, pid = window.state.workspace, window.state.project_id
    answers = AnswerService(ws.db, ws.library)
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    answers.update(pid, "hearing.prereq.data_sources", value=[*rows, {**rows[0], "origin": "NAS(2回目)"}, {**rows[0], "origin": "NAS(3回目)"}])
    page = environment_page(window, qtbot, "data-ci")
    model = page.datasets_model
    view = page.findChild(QTableView, "datasetsTable")
    alike = [r for r in range(model.rowCount()) if str(model.index(r, 0).data() or "").startswith("商品画像")]
    for row, name in zip(alike, ("山田", "鈴木", "田中"), strict=True):
        typed_cell(window, qtbot, view, row, model.columns.index("owner"), name)

    def owners() -> dict[str, str]:
        return {d.row.get("origin"): d.owner for d in stored_datasets(window) if str(d.row.get("name", "")).startswith("商品画像")}

    before = owners()
    hearing, table = _sources_table(window, qtbot)
    tm = table.model()
    middle = next(r for r in range(tm.rowCount()) if any(tm.index(r, c).data() == "NAS(2回目)" for c in range(tm.columnCount())))
    name_col = next(c for c in range(tm.columnCount()) if tm.index(middle, c).data() == "商品画像")
    typed_cell(window, qtbot, table, middle, name_col, "商品画像(追加納品)")
    assert owners() == before, owners()
    act(window, "undoAction")
    assert owners() == before, owners()
    act(window, "redoAction")
    assert owners() == before, owners()
    act(window, "undoAction")
    act(window, "undoAction")  # the 田中 typed on Data platform & CI
    assert owners()["NAS(3回目)"] != "田中" and owners()["NAS(2回目)"] == "鈴木", owners()
    assert not _crashed(said), said
    close_window(window)
