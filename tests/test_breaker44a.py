"""breaker44a: the System planning page (ページ「システム化計画」) and the WBS page's people / load / levelling and
progress, as a demanding Japanese MLOps consultant (window A, 山田) and a colleague (window B, 佐藤) on one
database (tests/gui_helpers.two_windows, both windows in Japanese, cells opened with F2 in the real table view,
text sent as key events); the command line (`python -m app --lang ja export system-plan`, data folder under
/tmp/break44a); a real window process SIGKILLed.

Tried and held:
- a process-table cell typed (editor open) while B changes another row of the same table: the editor stays open
  over B's refresh, Enter asks (the conflict dialog offers both kept) and "merged" keeps B's volume and A's note;
- Ctrl+Z of A's saved cell after B changed another row: refused, said 「元に戻す: 「処理ごとの想定データ量…」は、
  その後に別のウィンドウまたはプロセスで変更されました…」, B's row kept; the same for the plan's price kind
  (A: spot, B: reserved, A's Ctrl+Z refused) and a price kind chosen over B's unseen choice (said, B's kept);
- a red draft (「abc」 in データ量) kept over a switch to English (the error said in English, the cell still
  「abc」, capacity verdicts in English), and kept after the window process is SIGKILLed (drafts/, shown red at the
  next start with the note typed after it);
- Documents ▸ Export tables (Excel)… picked from the real popup menu with a cell editor open: the cell is
  committed first and the workbook holds it;
- hostile values in the cost and process tables (=HYPERLINK(…), =1+1, U+202E, control characters, a
  100,000-character note, 0.12345678901234567890, negative quantity / unit price): xlsx text cells stay text
  (control characters as ␁␇), every formula LibreOffice recalculates equals the cached value the app wrote;
  1e308 and a 20-digit price refused in one line; a negative volume refused naming the column;
- Progress…: A's Ctrl+Z after B set the same task's progress is refused and said; OK on a task B deleted while
  the dialog was open: 「そのタスクはもうありません(別のウィンドウか取り込みで削除されました)…」;
- Level resources… applied, B retitles a moved task, Ctrl+Z: the dates go back, B's title stays; after B moves
  the task's start, Ctrl+Z is refused and said.

Noted, not counted: a negative cost row under half a yen is printed 「-0 JPY」 in the design document (money()
has no "-0" guard, plain_number has); a red draft's message after a restart drops the row (「データ量: …」 where
the window said 「データ量(1行目): …」); the levelling undo refusal names the task by its old title (43a's).
Not tried (time-box): the People dialog with two windows, the Load tab in hours, the instance catalogue dialog
while the other window saves one, export while a 1,000-row plan is on the worker.

Defect (strict xfail, asserting what the user should get):
- a table answer holding a refused cell (「abc」 in a number column, kept red as a draft) that is saved again
  after the colleague changed the same table (A types in another cell): instead of the conflict dialog, a
  traceback (TypeError: must be real number, not str, from app/hearing/formats.py with_unit via the conflict
  dialog's table text, app/ui/window/conflict_dialog.py resolve_answer_conflict.show), nothing asked; the same
  ItemEditor serves the Hearing page's tables with number columns.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QLineEdit

from app.hearing.answers import AnswerService
from app.ui import messages
from tests import children
from tests.conftest import answer_conflict, copy_database, isolate
from tests.gui_helpers import close_window, make_window, open_hearing_item, settle, two_windows, wbs_find

REPO = Path(__file__).resolve().parent.parent
SCRATCH = Path("/tmp/break44a")
PROCESSES = "system_planning.process_flow.processes"
REFUSED = "元に戻す: 「処理ごとの想定データ量・処理時間・処理頻度」は、その後に別のウィンドウまたはプロセスで変更されました"


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """Window A (山田) and B (佐藤) on one database, in Japanese, on the System planning page."""
    with two_windows(qtbot, db_path, monkeypatch, page="system-planning") as pair:
        yield pair


@pytest.fixture
def wbs_two(qtbot, db_path, monkeypatch, said):
    with two_windows(qtbot, db_path, monkeypatch, page="wbs") as pair:
        yield pair


@pytest.fixture
def raised(monkeypatch) -> list[str]:
    out: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: out.append(f"{kind.__name__}: {error}"))
    return out


def heard(window) -> list[str]:
    out: list[str] = []
    window.state.problem.connect(out.append)
    return out


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def answers(window) -> AnswerService:
    return AnswerService(window.state.workspace.db, window.state.workspace.library)


def pid(window) -> int:
    return window.state.project_id


def processes(window) -> list[dict]:
    return [dict(r) for r in answers(window).answer(pid(window), PROCESSES).value]


def type_in(editor, text: str) -> None:
    """Key events carrying the text (as an input method commits it)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def typed_cell(window, qtbot, row: int, column: str, text: str, *, enter: bool = True):
    """A process-table cell opened with F2 (the user's keyboard), its text replaced by ``text``; Enter."""
    editor = open_hearing_item(window, qtbot, PROCESSES)
    table = editor.editors["value"]
    model, view = table.model, table.view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    view.setCurrentIndex(model.index(row, [c.id for c in model.columns].index(column)))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState, timeout=2000)
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit), cell
    cell.selectAll()
    type_in(cell, text)
    if enter:
        qtbot.keyClick(cell, Qt.Key.Key_Return)
        settle(window)
    return view, cell


def b_notes_row(b, row: int, note: str) -> None:
    """佐藤 changes another row of the same table (saved by B's window's service)."""
    rows = processes(b)
    rows[row]["note"] = note
    answers(b).update(pid(b), PROCESSES, value=rows)


# --- defect -----------------------------------------------------------------------------------------


@pytest.mark.qt_no_exception_capture
def test_a_table_conflict_over_a_red_cell_is_asked_not_a_traceback(two, qtbot, said, monkeypatch, raised) -> None:
    a, b = two
    import app.ui.window.conflict_dialog as conflict_dialog

    asked: list[str] = []
    mine = answer_conflict("mine")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda dialog: asked.append(dialog.windowTitle()) or mine(dialog))
    typed_cell(a, qtbot, 0, "volume", "abc")  # a word in データ量: refused, kept red as a draft
    page = a.page("system-planning")
    assert "「abc」は数値ではありません" in page.editor.error_label.text()
    b_notes_row(b, 3, "佐藤のメモ")
    seen(a)
    typed_cell(a, qtbot, 2, "note", "yamada")  # 山田 goes on typing in another row; the save finds B's change
    assert not raised and not [s for s in said if s.startswith("CRASH")], raised + said
    assert asked, "the conflict was not asked"
    assert processes(a)[3]["note"] == "佐藤のメモ"


# --- held ---------------------------------------------------------------------------------------------


def test_held_a_cell_typed_while_the_colleague_changes_another_row_keeps_both(two, qtbot, said, monkeypatch) -> None:
    a, b = two
    import app.ui.window.conflict_dialog as conflict_dialog

    offered: list[list[bool]] = []
    merged = answer_conflict("merged")
    monkeypatch.setattr(conflict_dialog, "ask_conflict", lambda d: offered.append([c.mergeable for c in d.clashes]) or merged(d))
    view, cell = typed_cell(a, qtbot, 2, "note", "ABC note", enter=False)
    rows = processes(b)
    rows[0]["volume"] = 600000
    answers(b).update(pid(b), PROCESSES, value=rows)
    seen(a)
    assert view.state() == QAbstractItemView.State.EditingState  # the typing is not swept away by B's refresh
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    settle(a)
    stored = processes(a)
    assert offered == [[True]] and stored[2]["note"] == "ABC note" and stored[0]["volume"] == 600000, (offered, said)


def test_held_undo_after_the_colleague_changed_another_row_is_refused_and_said(two, qtbot, said) -> None:
    a, b = two
    lines = heard(a)
    typed_cell(a, qtbot, 2, "note", "ABC note")
    seen(b)
    rows = processes(b)
    rows[0]["volume"] = 600000
    answers(b).update(pid(b), PROCESSES, value=rows)
    seen(a)
    a.undo_action.trigger()
    settle(a)
    stored = processes(a)
    assert (stored[2]["note"], stored[0]["volume"]) == ("ABC note", 600000)
    assert any(line.startswith(REFUSED) for line in lines), lines
    assert [p.result.spec.volume for p in a.page("system-planning").plan.processes][0] == 600000


def test_held_price_choice_undo_after_the_colleague_is_refused(two, qtbot, said) -> None:
    from app.system_planning.operations import stored_doc

    a, b = two
    lines = heard(a)
    a.page("system-planning").choose_prices(price_kind="spot")
    settle(a)
    seen(b)
    b.page("system-planning").choose_prices(price_kind="reserved")
    settle(b)
    seen(a)
    a.undo_action.trigger()
    settle(a)
    assert stored_doc(a.state.workspace, pid(a))["price_kind"] == "reserved"
    # (the refused field named as the page names it, since 738eb9a6: 料金の種類, not the whole システム化計画)
    assert any(line.startswith("元に戻す: 「料金の種類」は、その後に別のウィンドウ") for line in lines), lines


def test_held_a_red_process_cell_survives_a_switch_to_english(two, qtbot, said, qapp) -> None:
    from app.ui.translations import install_translations

    a, _b = two
    typed_cell(a, qtbot, 0, "volume", "abc")
    try:
        a.set_ui_lang("en")
        settle(a)
        page = a.page("system-planning")
        assert page.editor.item_id == PROCESSES
        assert page.editor.error_label.text() == (
            "Not saved (kept as a draft): Processes: data volume, processing time, frequency / Data volume, row 1: “abc” is not a number")
        assert page.editor.editors["value"].value()[0]["volume"] == "abc"
        assert page.capacity.model.index(1, 1).data().startswith("OK: a run takes")
    finally:
        a.set_ui_lang("ja")
        install_translations(qapp, "ja")
    assert not said


# The child: window A on the process table types 「abc」 in データ量 (refused: a red draft) and a note in another
# row (the table is one answer: kept in the draft with it), then says "ready" and is SIGKILLed.
CHILD = children.WINDOW_GUARD + textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QAbstractItemDelegate
    from app.ui import messages
    from tests.gui_helpers import make_window

    messages.confirm = lambda *a, **k: True
    PROCESSES = "system_planning.process_flow.processes"

    def pump(n=20):
        for _ in range(n):
            QCoreApplication.processEvents()
            time.sleep(0.01)

    a = make_window(None, sys.argv[1], global_lang="ja")
    a.show_page("system-planning")
    pump(20)
    page = a.page("system-planning")
    assert page.select_item(PROCESSES)
    pump(10)
    table = page.editor.editors["value"]
    cols = [c.id for c in table.model.columns]

    def typed(row, key, text):
        index = table.model.index(row, cols.index(key))
        table.view.setCurrentIndex(index)
        table.view.edit(index)
        editor = table.view.indexWidget(index)
        editor.selectAll()
        editor.insert(text)
        pump(3)
        table.view.commitData(editor)
        table.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        pump(3)

    typed(0, "volume", "abc")
    page.editor.flush()
    typed(2, "note", "山田のメモ")
    page.editor.flush()
    pump(5)
    print("ready", flush=True)
    while True:
        pump()
    """
)


@pytest.fixture(scope="module")
def killed(demo_template):
    """The child run and killed once: (database, data folder)."""
    SCRATCH.mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="killed-", dir=SCRATCH))
    db = folder / "kickoff.sqlite3"
    copy_database(demo_template, db)
    home = folder / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")  # fmt: skip
    env.pop("MLOPS_KICKOFF_DB", None)
    child = children.Child([sys.executable, "-c", CHILD, str(db), str(REPO)], env=env, cwd=REPO)  # fmt: skip
    lines: list[str] = []
    try:
        for line in child.lines():
            lines.append(line.strip())
            if line.startswith("ready"):
                break
    finally:
        _out, err = child.kill()
    assert lines == ["ready"], f"{lines} {err[-2000:]}"
    return db, home


def test_held_a_red_process_cell_comes_back_after_a_kill(qtbot, killed, monkeypatch, said) -> None:
    db, home = killed
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    isolate(home, monkeypatch)
    window = make_window(qtbot, db, global_lang="ja")
    try:
        editor = open_hearing_item(window, qtbot, PROCESSES)
        settle(window)
        shown = editor.editors["value"].value()
        assert (shown[0]["volume"], shown[2]["note"]) == ("abc", "山田のメモ")
        assert "「abc」は数値ではありません" in editor.error_label.text()
        assert processes(window)[0]["volume"] == 500000  # never stored half-right
    finally:
        close_window(window)


def test_held_progress_undo_after_the_colleague_and_ok_on_a_deleted_task_are_said(wbs_two, qtbot, said) -> None:
    from app.ui.wbs.tracking import ProgressDialog
    from app.wbs.service import WbsService
    from app.wbs.tracking import baselines as store

    a, b = wbs_two
    lines = heard(a)
    pa, pb = a.page("wbs"), b.page("wbs")
    x = wbs_find(pa, "データのバージョン管理")
    pa.select_task(x)
    pa.edit_progress()
    dialog = pa.findChild(ProgressDialog)
    dialog.percent.setValue(40)
    dialog.actual.setValue(2.5)
    dialog.accept()
    settle(a)
    seen(b)
    pb.select_task(x)
    pb.edit_progress()
    other = pb.findChild(ProgressDialog)
    other.percent.setValue(60)
    other.accept()
    settle(b)
    seen(a)
    a.undo_action.trigger()
    settle(a)
    uid = WbsService(a.state.workspace.db).tree(pid(a)).tasks[x].uid
    assert store.progress(store.read(a.state.workspace, pid(a)))[uid].percent == 60
    assert any(line.startswith("元に戻す: 「WBSのベースラインと進捗」は、その後に別のウィンドウ") for line in lines), lines
    y = wbs_find(pa, "データ受領と受領記録")
    pa.select_task(y)
    pa.edit_progress()
    late = next(d for d in pa.findChildren(ProgressDialog) if d.task_id == y)
    late.percent.setValue(10)
    WbsService(b.state.workspace.db).delete(pid(b), [y])
    seen(a)
    late.accept()
    settle(a)
    # the task named as the dialog showed it, with what was typed (break-it 59b: "そのタスク" named none)
    assert said == ["4.3 データ受領と受領記録 は別のウィンドウか取り込みで削除されたため、進捗は保存されていません。入力した内容: 進捗率 10 %、実績工数 0 人日"], said


def test_held_levelling_undone_after_the_colleague_retitled_a_moved_task(wbs_two, qtbot, said, monkeypatch) -> None:
    import datetime as dt

    from app.wbs.service import WbsService

    a, b = wbs_two
    lines = heard(a)
    pa = a.page("wbs")
    monkeypatch.setattr(type(pa), "exec_dialog", lambda _self, _dialog: QDialog.DialogCode.Accepted)  # Apply
    service = WbsService(a.state.workspace.db)
    before = service.tree(pid(a)).tasks
    pa.level_resources()
    settle(a)
    after = service.tree(pid(a)).tasks
    moved = [i for i in after if (after[i].start, after[i].finish) != (before[i].start, before[i].finish)]
    assert moved and pa.details.text() == f"平準化で{len(moved)}件のタスクを動かしました。"
    m = moved[0]
    WbsService(b.state.workspace.db).update(pid(b), [m], title="佐藤が直した題名")
    seen(a)
    a.undo_action.trigger()
    settle(a)
    now = service.tree(pid(a)).tasks[m]
    assert (now.title, now.start) == ("佐藤が直した題名", before[m].start)
    a.redo_action.trigger()
    settle(a)
    later = service.tree(pid(a)).tasks[m].start + dt.timedelta(days=7)
    WbsService(b.state.workspace.db).update(pid(b), [m], start=later)
    seen(a)
    a.undo_action.trigger()
    settle(a)
    assert service.tree(pid(a)).tasks[m].start == later
    assert lines and lines[-1].startswith("元に戻す: 「2.6 ") and "別のウィンドウまたはプロセスで変更されました" in lines[-1], lines
    assert not said
