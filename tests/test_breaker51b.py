"""breaker51b: a Japanese consultant types in dialogs and secondary widgets, then the window's process
is killed (a real ``python`` child, SIGKILL) and the app is started again on the same database.

README (SQLite, crash safety): "a crash or a killed process loses at most what was being typed: a
hearing answer's last 0.6 s of typing (...; the other pages' fields save as they are typed), or a
table cell whose editor is still open". A dialog's typing before its OK / Save / Add is "what was
being typed": losing it is not promised against (only "a careful desktop tool would keep this").

Tried:
- one child process, Japanese, demo database: typing in the proposal's purpose section (no pause),
  a WBS title cell's editor open with text typed, the People dialog's new person (not added), Project
  Properties (customer and description typed), the Settings dialog's holidays tab (a name typed), the
  Baselines dialog's sign-off fields, the hearing session start form; SIGKILL; restart on the copy.
- a refused WBS cell (99999 days) kept over a crash, taken after the restart (7 typed over it), Undo, Redo.
- an Experiment field and a WBS cell refused, the window crashed, the project deleted by another client,
  the next start's "drafts of a deleted project" dialog and its Copy Text.
Held:
- the proposal's typing is stored at once (no pause needed); the database is whole after the kill;
- the WBS cell's typing is committed when a dialog takes the focus (not lost);
- nothing of the dialogs' unsaved typing is half-written to the database;
- a kept WBS draft taken after a restart: Undo brings it back marked, labelled 見積(人日) in Japanese; Redo
  lets it go again;
- the deleted project's drafts are said by the project's name, no internal id, no traceback.
Broke (fixed in the same session unless marked xfail):
- [promised by the brief's "named by its label"] the deleted project's drafts dialog lists an Experiment
  field's and a WBS cell's draft by the text alone, and the typed 99999 as 99999.0 (shown and copied).
- [not promised by README: a dialog's typing before OK / Save] People (new person), Project Properties,
  holidays name, sign-off fields, session start form: all gone after a kill, nothing offered back. All five
  are kept as drafts now (app/ui/widgets/dialog_drafts.py): Project Properties, the sign-off and the session form
  first, the People dialog's new person and the holidays tab's name (with its date) since: counted at the next
  start, named by their dialogs, held by each dialog opened again.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.ui import messages
from tests import children
from tests.conftest import copy_database, isolate
from tests.gui_helpers import close_window, make_window

REPO = Path(__file__).resolve().parent.parent

CUSTOMER = "株式会社テスト商事(打ち合わせで聞いた)"
DESCRIPTION = "顧客の要望: 画像検索のPoCを3か月で。" * 20
PERSON = "新人 花子"
HOLIDAY = "創立記念日"
SIGNER = ("山田 太郎", "部長", "顧客情報システム部", "条件付きで合意: 予算は再確認")
SESSION = ("第3回ヒアリング: データと環境", "佐藤\n鈴木\n田中")
PROPOSAL = "顧客向けの追記(kill直前)"
WBS_TITLE = "編集中のタスク名(未確定)"

CHILD = children.WINDOW_GUARD + textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QCoreApplication, QDate
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QAbstractItemView
    from app.ui import messages
    from app.ui.wbs.columns import INDEX
    from tests.gui_helpers import finish_background_work, make_window

    messages.confirm = lambda *a, **k: True
    win = make_window(None, sys.argv[1], global_lang="ja")
    T = __import__("tests.test_breaker51b", fromlist=["x"])

    def pump(n=20):
        for _ in range(n):
            QCoreApplication.processEvents()
            time.sleep(0.01)

    pump(50)
    finish_background_work()

    # Proposal: typing in the purpose section, then at once the next thing (no pause).
    win.show_page("proposal")
    pump(50)
    edit = win.findChild(QPlainTextEdit, "section_purpose")
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertPlainText(T.PROPOSAL)
    print("proposal typed", flush=True)

    # WBS: a title cell's editor open, text typed, not committed.
    win.show_page("wbs")
    pump(50)
    finish_background_work()
    pump(20)
    p = win.page("wbs")
    first = p.model.index(0, INDEX["title"])
    p.tree.setCurrentIndex(p.proxy.mapFromSource(first))
    p.tree.edit(p.proxy.mapFromSource(first))
    pump(10)
    editor = QApplication.focusWidget()
    print("wbs editor:", type(editor).__name__, p.tree.state() == QAbstractItemView.State.EditingState, flush=True)
    if isinstance(editor, QLineEdit):
        editor.selectAll()
        editor.insert(T.WBS_TITLE)
    pump(5)

    # People dialog: a new person typed, not added.
    p.open_people()
    pump(10)
    from app.ui.wbs.resources.people import PeopleDialog
    people = [w for w in QApplication.topLevelWidgets() if isinstance(w, PeopleDialog)]
    print("people dialog:", len(people), flush=True)
    if people:
        d = people[0]
        if d.new_button.isEnabled():
            d.new_button.click()
        d.name.setText(T.PERSON)
        d.role.setText("データサイエンティスト") if isinstance(d.role, QLineEdit) else None
    pump(5)

    # Project Properties: customer and description typed, not saved.
    from app.ui.projects.properties import ProjectPropertiesDialog
    props = ProjectPropertiesDialog(win.state, win)
    props.show()
    props.customer.setText(T.CUSTOMER)
    if isinstance(props.description, QPlainTextEdit):
        props.description.setPlainText(T.DESCRIPTION)
    else:
        props.description.setText(T.DESCRIPTION)
    pump(5)

    # Settings ▸ company holidays: a name typed.
    from app.ui.window.settings_dialog import SettingsDialog
    settings = SettingsDialog(win.state, win)
    settings.show()
    settings.tabs.setCurrentWidget(settings.holidays)
    settings.holidays.name_edit.setText(T.HOLIDAY)
    pump(5)

    # Baselines: sign-off fields typed, not signed.
    from app.ui.baselines.dialog import BaselinesDialog
    baselines = BaselinesDialog(win.state, win)
    baselines.show()
    pump(5)
    for field, text in zip((baselines.who, baselines.role, baselines.org), T.SIGNER[:3]):
        field.setText(text) if isinstance(field, QLineEdit) else field.setCurrentText(text)
    c = baselines.comment
    c.setPlainText(T.SIGNER[3]) if isinstance(c, QPlainTextEdit) else c.setText(T.SIGNER[3])
    pump(5)

    # Hearing session start form.
    from app.ui.hearing.dialogs import SessionDialog
    session = SessionDialog(3, win)
    session.show()
    session.title.setText(T.SESSION[0])
    session.attendees.setPlainText(T.SESSION[1])
    pump(100)  # the user stops typing for a second (a dialog's typing is kept after a pause of 0.6 s)
    print("ready", flush=True)
    while True:
        pump()
    """
)


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("killed51b")
    db = folder / "killed.sqlite3"
    copy_database(demo_template, db)
    home = folder / "home"
    home.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MLOPS_KICKOFF_HOME=str(home),
               MLOPS_KICKOFF_SETTINGS=str(home / "settings.ini"), MLOPS_KICKOFF_LANG="ja")
    env.pop("MLOPS_KICKOFF_DB", None)
    child = children.Child([sys.executable, "-c", CHILD, str(db), str(REPO)], env=env, cwd=REPO)
    said: list[str] = []
    try:
        for line in child.lines():
            said.append(line.strip())
            if line.startswith("ready"):
                break
    finally:
        _out, err = child.kill()
    assert said and said[-1] == "ready", f"the child did not get ready: {said} {err[-3000:]}"
    copy_database(db, folder / "as-killed.sqlite3")
    shutil.copytree(home, folder / "home-as-killed")
    return db, said


@pytest.fixture
def restarted(killed, qtbot, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    db = killed[0]
    copy_database(db.parent / "as-killed.sqlite3", db)
    shutil.rmtree(db.parent / "home")
    shutil.copytree(db.parent / "home-as-killed", db.parent / "home")
    isolate(db.parent / "home", monkeypatch)
    win = make_window(qtbot, db, global_lang="ja")
    yield win
    close_window(win)


def test_held_the_child_typed_everything_and_the_database_is_whole(killed) -> None:
    db, said = killed
    print(said)
    with sqlite3.connect(db) as check:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_held_proposal_typing_with_no_pause_is_saved_before_the_kill(restarted) -> None:
    from app.core.documents import DocumentService
    from app.proposal.service import ProposalService

    texts = ProposalService(DocumentService(restarted.state.workspace.db)).load(restarted.state.project_id).texts
    assert PROPOSAL in texts["purpose"]["ja"]


def test_held_a_wbs_cell_typed_then_a_dialog_opened_is_saved_before_the_kill(killed, restarted) -> None:
    """The editor commits when the People dialog takes the focus: the typing is stored, not lost."""
    from app.wbs.service import WbsService

    assert "wbs editor: QLineEdit True" in killed[1]
    titles = [t.title for t in WbsService(restarted.state.workspace.db).tree(restarted.state.project_id).tasks.values()]
    assert WBS_TITLE in titles


def test_people_dialog_new_person_typed_comes_back_after_a_kill(killed, restarted, qtbot) -> None:
    """Fixed: the new person typed before a kill is counted at the next start, the dialog named, and the People
    dialog opened again holds it, saying so."""
    from PySide6.QtWidgets import QLabel

    from app.ui.wbs.resources.people import PeopleDialog
    from app.wbs.catalog import catalog

    assert "people dialog: 1" in killed[1]
    qtbot.wait(300)
    assert "5 件の下書き" in restarted.save_label.text(), restarted.save_label.text()
    assert "「プロジェクトの要員」" in restarted.save_label.toolTip(), restarted.save_label.toolTip()
    dialog = PeopleDialog(restarted.state, catalog(restarted.state.workspace.library), restarted)
    assert dialog.name.text() == PERSON and dialog.editing is None
    assert dialog.findChild(QLabel, "dialogDraftRestored") is not None
    dialog.name.setText("")  # typed back to the blank form: Close adds nobody, and lets the draft go
    dialog.reject()
    assert "4 件の下書き" in restarted.save_label.text(), restarted.save_label.text()


def test_dialog_typing_comes_back_after_a_kill_holiday(restarted, qtbot) -> None:
    """Fixed: the holiday's name typed before a kill is counted at the next start, the dialog named, and Settings
    opened again shows it in Company holidays' add row; Cancel lets it go."""
    from app.ui.window.settings_dialog import SettingsDialog

    qtbot.wait(300)
    assert "5 件の下書き" in restarted.save_label.text(), restarted.save_label.text()
    assert "「設定 ▸ 会社休日」" in restarted.save_label.toolTip(), restarted.save_label.toolTip()
    dialog = SettingsDialog(restarted.state, restarted)
    assert dialog.holidays.name_edit.text() == HOLIDAY and dialog.tabs.currentWidget() is dialog.holidays
    dialog.reject()
    assert "4 件の下書き" in restarted.save_label.text(), restarted.save_label.text()


def test_dialog_typing_comes_back_after_a_kill(restarted, qtbot) -> None:
    """Fixed (app/ui/widgets/dialog_drafts.py): Project Properties, the sign-off and the session form typed before a
    kill are counted at the next start, their dialogs named, and each dialog opened again holds what was typed."""
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from app.ui.baselines.dialog import BaselinesDialog
    from app.ui.hearing.dialogs import SessionDialog
    from app.ui.projects.properties import ProjectPropertiesDialog

    assert "5 件の下書き" in restarted.save_label.text(), restarted.save_label.text()  # (with People's and the holiday's)
    tip = restarted.save_label.toolTip()
    assert "プロジェクトのプロパティ" in tip and "合意記録" in tip and "ヒアリングを開始" in tip, tip
    props = ProjectPropertiesDialog(restarted.state, restarted)
    assert props.customer.text() == CUSTOMER and props.description.toPlainText() == DESCRIPTION
    props.reject()
    baselines = BaselinesDialog(restarted.state, restarted)
    assert [baselines.who.text(), baselines.role.text(), baselines.org.text(), baselines.comment.text()] == list(SIGNER)
    baselines.reject()
    restarted.show_page("hearing")
    session = SessionDialog(3, restarted.page("hearing"))
    assert session.findChild(QLineEdit, "sessionTitle").text() == SESSION[0]
    assert session.findChild(QPlainTextEdit, "sessionAttendees").toPlainText() == SESSION[1]
    session.reject()
    assert "2 件の下書き" in restarted.save_label.text()  # each let go by Cancel / Close (People's, the holiday's wait)


def test_held_nothing_from_the_dialogs_leaked_into_the_project(restarted) -> None:
    """A dialog's typing never saved is not half-saved either."""
    db = restarted.state.workspace.db
    dump = "\n".join(sqlite3.connect(str(db.url).split("///", 1)[1]).iterdump())
    for typed in (CUSTOMER, PERSON, HOLIDAY, SIGNER[0], SESSION[0]):
        assert typed not in dump


# --- after a restart: a kept WBS draft taken (a value typed over it), then Undo, Redo -------------------


def test_held_a_kept_wbs_draft_taken_after_a_restart_then_undo_brings_it_back_redo_lets_it_go(qtbot, db_path, monkeypatch) -> None:
    from tests.test_drafts_on_disk_pages import crash, kept_drafts, restart
    from tests.test_wbs_refused_drafts import TASK, cell, drafted, shown, stored, typed, wbs

    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    first = make_window(qtbot, db_path, global_lang="ja")
    from tests.gui_helpers import wbs_find
    task = wbs_find(wbs(first), TASK)
    typed(qtbot, first, task, "estimate_days", "99999")
    assert len(kept_drafts()) == 1
    crash(first)

    window = restart(qtbot, db_path)
    wbs(window)
    assert drafted(window, task, "estimate_days") and shown(window, task, "estimate_days") == "99999"
    typed(qtbot, window, task, "estimate_days", "7")
    assert stored(window).tasks[task].estimate_days == 7 and not drafted(window, task, "estimate_days")
    assert "1 件の下書き" not in window.save_label.text()
    window.state.undo_stack.undo()
    from tests.gui_helpers import settle
    settle(window)
    assert stored(window).tasks[task].estimate_days != 7
    assert drafted(window, task, "estimate_days") and shown(window, task, "estimate_days") == "99999", "Undo brings the draft back"
    tip = str(cell(window, task, "estimate_days").data(Qt.ItemDataRole.ToolTipRole) or "")
    assert "見積(人日)" in tip and "estimate_days" not in tip, tip
    window.state.undo_stack.redo()
    settle(window)
    assert stored(window).tasks[task].estimate_days == 7 and not drafted(window, task, "estimate_days")
    close_window(window)


# --- drafts of pages other than the hearing, in a project deleted while the window was dead ---------


def orphan_text(qtbot, db_path, monkeypatch) -> tuple[str, str, str]:
    """The orphan drafts dialog ("named by its label"): it looks a label up in the checklists only, so a draft
    of the Experiment page's field, a WBS cell or a proposal section is listed by what was typed alone."""
    from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

    from app.core.projects import ProjectService
    from tests.gui_helpers import environment_page
    from tests.test_drafts_on_disk_pages import REFUSED_NAME, crash, kept_drafts, other_workspace, type_into
    from tests.test_wbs_refused_drafts import TASK, typed, wbs

    monkeypatch.setattr(messages, "show_error", lambda *_a, **_k: None)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    first = make_window(qtbot, db_path, global_lang="ja")
    type_into(environment_page(first, qtbot).findChild(QLineEdit, "field_repo_name"), REFUSED_NAME)
    from tests.gui_helpers import wbs_find
    typed(qtbot, first, wbs_find(wbs(first), TASK), "estimate_days", "99999")
    assert len(kept_drafts()) == 2
    pid, name = first.state.project_id, first.state.project.name
    ws = other_workspace(first)
    crash(first)
    ProjectService(ws.db).delete(pid)
    ws.close()

    window = make_window(qtbot, db_path, global_lang="ja")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "orphanDraftsDialog")), timeout=3000)
    dialog = next(d for d in window.findChildren(QDialog, "orphanDraftsDialog") if d.isVisible())
    said = dialog.findChild(QLabel, "orphanDraftsText").text()
    copied = ""
    from PySide6.QtWidgets import QApplication as _A  # noqa: F401
    QApplication.clipboard().clear()
    dialog.findChild(QPushButton, "copyOrphanDrafts").click()
    copied = QApplication.clipboard().text()
    close_window(window)
    return name, said, copied


def test_held_drafts_of_a_project_deleted_after_a_crash_are_said_by_its_name_no_internal_id(qtbot, db_path, monkeypatch) -> None:
    from tests.test_drafts_on_disk_pages import REFUSED_NAME

    name, said, copied = orphan_text(qtbot, db_path, monkeypatch)
    assert name in said and REFUSED_NAME in said and REFUSED_NAME in copied
    for internal in ("repo_name", "estimate_days", "field_", "wbs:", "env:", "Traceback"):
        assert internal not in said and internal not in copied


def test_drafts_of_a_project_deleted_after_a_crash_are_named_by_their_label_as_typed(qtbot, db_path, monkeypatch) -> None:
    from tests.test_wbs_refused_drafts import TASK

    _name, said, copied = orphan_text(qtbot, db_path, monkeypatch)
    assert "リポジトリ名" in said, said
    assert "見積(人日)" in said and TASK in said, said
    assert "99999.0" not in said and "99999.0" not in copied, said
