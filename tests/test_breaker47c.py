"""Breaker 47c: a Japanese MLOps consultant on the pages after the hearing: 実験環境構築 (experiment), データ基盤・CI
(data-ci), システム化計画 (system-planning) and レビュー (review), Japanese window (global_lang="ja"), widgets by
objectName (cells opened with F2, text sent as key events, Edit ▸ Undo / Redo); two windows on one database
(tests/gui_helpers.two_windows); a real window process SIGKILLed; the documents exported in Japanese by the command
line and read back (openpyxl, pdftotext, the wiki's Markdown, ``mkdocs build --strict``). Scratch under /tmp/breaker47c.

Tried and held:
- Static texts of the four pages in Japanese (labels, buttons, tooltips, combo items, tab titles, headers, the first
  30 rows of every table): no English but product names (GitHub Actions, Amazon S3, ruff…) and the seed's own
  "human in the loop"; the capacity, cost and monitoring tabs with a -5 s process, an unknown machine type 「my-gpu-😀」,
  a 10^12 volume, an EUR cost row without a rate: all Japanese.
- Experiment / Data platform & CI fields: 「１２３」 and 「９０日」 in 削除期限(日) read as 123 / 90; 99999 refused in Japanese
  naming the field and the range; 「-5」 and 「1e400」 lose the refused keystroke at the box (said in a tooltip, as the
  module documents: noted, not counted); a repository name and a Docker image with =HYPERLINK / emoji refused in
  Japanese; a 40,000-character paste in 削除の手順 refused (4,000 at most), kept red, Undo right after takes back only
  that paste (the CI trigger toggled before it stays); choice, ↺, a check box, a multi check box, a storage cell:
  Undo / Redo each; Ctrl+Z in the number box undoes the unsaved typing, a second one the saved edit.
- Datasets table: =HYPERLINK as owner stored and exported as a text cell; 「画像😀」 / 「１２３」 as a dataset name
  refused in Japanese; two hearing sources named alike get two rows (「商品画像 (2)」), a cell typed in the second is
  its own; a colleague deleting the source whose owner A just typed, then A's Undo / Redo: no traceback.
- System planning: a milestone row added (full-width 「２０２７／０３／０１」 read), 2027/02/30 refused red in Japanese;
  processes: 「１，０００件」 / 「1000件」 read as 1,000, 「200ms」 / 「０．５秒」 / 1e400 refused in Japanese; row removal
  Undo / Redo (see the defect for a row with a refused cell).
- Review: evidence with emoji, =HYPERLINK and <script> saved, Undo / Redo; a 100,001-character evidence refused in
  one Japanese line; two windows typing the same evidence: the conflict is asked, A's Undo after B's change refused;
  Make a WBS task in both windows: B refused in Japanese (「…にはWBSタスクがすでにあります」), A's Undo after B set
  the task's owner refused and said; Accept all and its Undo.
- Exports (ja): experiment sheet, system plan .xlsx / .md, review .md / .html / .pdf / .xlsx, wiki plain / GitHub /
  MkDocs: every typed =HYPERLINK / =1+1 a text cell (data type s), no live <script> / <img> (code spans, escaped),
  the MkDocs site builds --strict with data sources named CON, ../../etc/passwd, ＣＯＮ and 125 kanji (file names
  1-5-CON.md, 1-6-etc-passwd.md, at most 175 bytes). In the review PDF 😀 and 𠮷 are missing from pdftotext's text
  (README: a known limit of Qt's PDF writer; no emoji font here): noted, not counted.
- SIGKILL while the conflict dialog is open: an experiment field (repo name) and a dataset cell come back at the next
  start as drafts (「1 件の下書きが未保存です」).

Not tried (time-box): the Instance catalogue and Prices dialogs, the scaffold's pipeline run, the wide-table editor,
interview mode on System planning, PostgreSQL.

Broke (strict xfails first, each fixed since: review and dataset cells hand their refused draft to the undo stack (app/ui/window/held_drafts.py); a removed row's refused typing comes back with its undo; a review conflict is on disk before the dialog asks; sources named alike told apart by their cells):
- Review: Edit ▸ Undo right after an evidence refused as too long takes back the evidence saved before it (the cell
  still shows the refused paste): test_review_undo_right_after_a_refused_evidence_takes_back_that_paste_not_the_evidence_before
  (the same cause as 47a's proposal section);
- Data platform & CI datasets table, the same: test_dataset_undo_right_after_a_refused_cell_takes_back_that_cell_not_the_edit_before;
- System planning milestones: a row holding a refused date and a note typed beside it, removed, then Ctrl+Z: the row
  comes back without the date and the note: test_milestone_row_removed_and_undone_comes_back_with_its_typing;
- Review: the window process killed while an evidence's conflict dialog is open: the typing is gone at the next start
  (no draft, 「すべての変更を保存済み」), README: a conflict still being answered is kept in drafts/ on the Review page:
  test_review_evidence_in_an_open_conflict_comes_back_after_the_process_is_killed;
- two hearing data sources named alike (two deliveries of 商品画像), the first deleted in the hearing: the one left
  takes the deleted one's dataset name and owner (product_images / 山田), the cells typed for it (鈴木,
  product_images_2nd) are gone: test_deleting_the_first_of_two_sources_named_alike_keeps_the_cells_typed_for_the_other.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QTableView

from app.review import review_view
from tests import children
from tests.conftest import copy_database, isolate
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker43a import type_in

SCRATCH = "/tmp/breaker47c"
REPO = Path(__file__).resolve().parent.parent


def act(window, name: str) -> None:
    """Edit ▸ Undo / Redo as the menu triggers it."""
    action = window.findChild(QAction, name)
    assert action.isEnabled(), name
    action.trigger()
    settle(window)


# --- Review (レビュー) ------------------------------------------------------------------------------


def review_page(window, qtbot):
    window.show_page("review")
    settle(window)
    page = window.page("review")
    qtbot.waitUntil(page.settled)
    return page


def evidence_cell(window, qtbot, page, item_id: str) -> QLineEdit:
    """The item's evidence cell opened with F2 in the table ``reviewItems``, its text selected."""
    view = page.findChild(QTableView, "reviewItems")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    view.setCurrentIndex(page.model.index(page.model.row_of(item_id), page.model.column_of("text")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    return editor


def stored_evidence(window, checklist_id: str, item_id: str) -> str | None:
    view = next(v for v in review_view(window.state.workspace, window.state.project_id).checklists if v.checklist.id == checklist_id)
    return view.items[item_id].answer.evidence


def test_review_undo_right_after_a_refused_evidence_takes_back_that_paste_not_the_evidence_before(qtbot, db_path, said) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    page = review_page(window, qtbot)
    item = page.model.rows[0].item.id  # ML Test Score, the first test
    editor = evidence_cell(window, qtbot, page, item)
    type_in(editor, "スキーマをgitで管理(2026/12/04 確認)")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    saved = stored_evidence(window, page.checklist_id, item)
    assert saved == "スキーマをgitで管理(2026/12/04 確認)"
    editor = evidence_cell(window, qtbot, page, item)
    editor.setText("議事メモ" * 25_001)  # a paste gone wrong: 100,004 characters, refused (kept as a draft)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert any("長すぎます" in s for s in said), said
    assert stored_evidence(window, page.checklist_id, item) == saved
    act(window, "undoAction")  # Edit ▸ Undo right after the refused paste
    # README (Edit ▸ Undo): Undo right after typing takes back that typing, also when it did not fit (the stored
    # answer shown again, the draft dropped), never the step before it.
    assert stored_evidence(window, page.checklist_id, item) == saved, "the evidence saved before the refused paste was taken back"
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == saved
    close_window(window)


# --- Data platform & CI (データ基盤・CI) ----------------------------------------------------------------


def open_cell(window, qtbot, view: QTableView, row: int, column: int) -> QLineEdit:
    """A cell of ``view`` opened with F2 (the user's keyboard), its text selected."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    return editor


def stored_datasets(window) -> list:
    from app.environment.service import EnvironmentService

    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").datasets


def test_dataset_undo_right_after_a_refused_cell_takes_back_that_cell_not_the_edit_before(qtbot, db_path, said) -> None:
    from tests.gui_helpers import environment_page

    window = make_window(qtbot, db_path, global_lang="ja")
    page = environment_page(window, qtbot, "data-ci")
    view = page.findChild(QTableView, "datasetsTable")
    owner = page.datasets_model.columns.index("owner")
    editor = open_cell(window, qtbot, view, 0, owner)  # 商品画像's 担当者
    type_in(editor, "佐藤")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    saved = stored_datasets(window)
    assert view.model().index(0, owner).data() == "佐藤"
    editor = open_cell(window, qtbot, view, 0, owner)
    editor.setText("担当" * 20_000)  # a paste gone wrong: 40,000 characters, refused (kept red as a draft)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert stored_datasets(window) == saved
    act(window, "undoAction")  # Edit ▸ Undo right after the refused cell
    # README (Edit ▸ Undo): right after typing that did not fit, Undo takes back that typing, never the step before it.
    assert stored_datasets(window) == saved, "the owner saved before the refused paste was taken back"
    assert view.model().index(0, owner).data() == "佐藤"
    close_window(window)


# --- System planning (システム化計画) ---------------------------------------------------------------------

MILESTONES = "system_planning.schedule.milestones"


def stored_answer(window, item_id: str):
    from app.hearing.answers import AnswerService

    return AnswerService(window.state.workspace.db, window.state.workspace.library).answer(window.state.project_id, item_id).value


def type_cell(window, qtbot, view: QTableView, row: int, column: int, text: str) -> None:
    editor = open_cell(window, qtbot, view, row, column)
    type_in(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)


def test_milestone_row_removed_and_undone_comes_back_with_its_typing(qtbot, db_path, said) -> None:
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
    type_cell(window, qtbot, view, row, 1, "２０２７／０３／０１")  # full-width: read as 2027-03-01
    type_cell(window, qtbot, view, row, 2, "2027/02/30")  # no such day: refused, kept red
    type_cell(window, qtbot, view, row, 3, "顧客の部長承認が前提")
    typed = [model.index(row, c).data() for c in range(4)]
    assert typed == ["本番リリース判定", "2027/03/01", "2027/02/30", "顧客の部長承認が前提"]
    assert "下書き" in window.save_label.text()
    view.setCurrentIndex(model.index(row, 0))
    page.findChild(QToolButton, "answer_value_removeRow").click()  # the wrong row removed
    settle(window)
    act(window, "undoAction")  # Ctrl+Z: the row back, as it was
    assert [model.index(row, c).data() for c in range(4)] == typed, "the typing in the row removed and undone is gone"
    close_window(window)


# --- a window process killed while the conflict dialog is open (the consultant reading both sides) ----------

CHILD = children.WINDOW_GUARD + textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QCoreApplication, Qt
    from app.ui import messages
    import app.ui.window.conflict_dialog as conflict_dialog
    from tests.gui_helpers import make_window

    messages.confirm = lambda *a, **k: True

    def pump(n=20):
        for _ in range(n):
            QCoreApplication.processEvents()
            time.sleep(0.01)

    def on_screen(dialog):
        print("ready", flush=True)
        while True:
            pump()

    conflict_dialog.ask_conflict = on_screen
    scenario = sys.argv[3]
    a = make_window(None, sys.argv[1], global_lang="ja")
    b = make_window(None, sys.argv[1], global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    a.watcher.timer.stop()
    b.watcher.timer.stop()
    if scenario == "review":
        from app.core import operations as ops
        from app.review import review_view, set_fields
        a.show_page("review")
        pump(50)
        page = a.page("review")
        item = page.model.rows[0].item.id
        shown = page.model.index(page.model.row_of(item), page.model.column_of("text"))
        ops.run(b.state.workspace, set_fields(b.state.project_id, "ml_test_score", item, {"evidence": "佐藤の根拠"}))
        page.model.setData(shown, "山田が会議で確認した根拠", Qt.ItemDataRole.EditRole)  # Enter in the cell
    elif scenario == "dataset":
        from app.environment.service import EnvironmentService
        a.show_page("data-ci")
        pump(50)
        page = a.page("data-ci")
        model = page.datasets_model
        key = EnvironmentService(b.state.workspace).choices(b.state.project_id, "ja").datasets[0].key
        EnvironmentService(b.state.workspace).set_dataset(b.state.project_id, key, "owner", "佐藤")
        model.setData(model.index(0, model.columns.index("owner")), "山田(先方窓口と調整)", Qt.ItemDataRole.EditRole)
    else:
        from PySide6.QtWidgets import QLineEdit
        from app.environment.service import EnvironmentService
        a.show_page("experiment")
        pump(50)
        field = a.page("experiment").findChild(QLineEdit, "field_repo_name")
        EnvironmentService(b.state.workspace).set_value(b.state.project_id, "repo_name", "sato-repo")
        field.setFocus()
        field.selectAll()
        field.insert("yamada-repo")
    pump(5)
    print("no conflict asked", flush=True)
    """
)


def killed_in_conflict(demo_template, scenario: str):
    """The child run with the conflict dialog open, then SIGKILLed: (database, data folder)."""
    Path(SCRATCH).mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"killed-{scenario}-", dir=SCRATCH))
    db = folder / "kickoff.sqlite3"
    copy_database(demo_template, db)
    home = folder / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")  # fmt: skip
    env.pop("MLOPS_KICKOFF_DB", None)
    child = children.Child([sys.executable, "-c", CHILD, str(db), str(REPO), scenario], env=env, cwd=REPO)  # fmt: skip
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith(("ready", "no conflict")):
                break
    finally:
        _out, err = child.kill()
    assert lines in (["ready"], ["no conflict asked"]), f"the child did not get there: {lines} {err[-3000:]}"
    return db, home


def next_start(qtbot, db, home, monkeypatch):
    import app.ui.window.conflict_dialog as conflict_dialog
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: setattr(dialog, "choice", conflict_dialog.Choice.LATER))
    isolate(home, monkeypatch)
    return make_window(qtbot, db, global_lang="ja")


def test_review_evidence_in_an_open_conflict_comes_back_after_the_process_is_killed(qtbot, demo_template, monkeypatch, said) -> None:
    db, home = killed_in_conflict(demo_template, "review")
    window = next_start(qtbot, db, home, monkeypatch)
    page = review_page(window, qtbot)
    item = page.model.rows[0].item.id
    # README (Where data lives): a conflict left unanswered or still being answered on the Review page is kept in
    # drafts/ and shown again, marked, at the next start.
    assert "1 件の下書きが未保存です" in window.save_label.text()
    assert page.model.index(page.model.row_of(item), page.model.column_of("text")).data() == "山田が会議で確認した根拠"
    close_window(window)


# --- two data sources of one name (two deliveries of 商品画像) -----------------------------------------------


def test_deleting_the_first_of_two_sources_named_alike_keeps_the_cells_typed_for_the_other(demo, workspace) -> None:
    from app.environment.service import EnvironmentService
    from app.hearing.answers import AnswerService

    pid = demo.id
    answers, environment = AnswerService(workspace.db, workspace.library), EnvironmentService(workspace)
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    answers.update(pid, "hearing.prereq.data_sources", value=[*rows, {**rows[0], "origin": "別部署のNAS(2回目の受領)"}])
    second = environment.choices(pid, "ja").datasets[-1]
    assert second.row["origin"] == "別部署のNAS(2回目の受領)"
    environment.set_dataset(pid, second.key, "owner", "鈴木")
    environment.set_dataset(pid, second.key, "dataset_id", "product_images_2nd")
    rows = answers.answer(pid, "hearing.prereq.data_sources").value
    answers.update(pid, "hearing.prereq.data_sources", value=rows[1:])  # the first 商品画像 (S3) deleted in the hearing
    left = next(d for d in environment.choices(pid, "ja").datasets if d.row.get("origin") == "別部署のNAS(2回目の受領)")
    assert (left.dataset_id, left.owner) == ("product_images_2nd", "鈴木")
