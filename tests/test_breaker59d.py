"""Break-it 59d: this morning's fixes (redo order, people's names and rename, baselines named as typed,
files never opened raw while the database is open)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.gui_helpers import close_window, finish_background_work, make_window, settle
from tests.test_file_dialog_locks import held_locks

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def cli(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "--lang", "ja", *args], capture_output=True, text=True,
                          env=os.environ | {"QT_QPA_PLATFORM": "offscreen"}, timeout=120)


def japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


def type_keys(widget, text: str) -> None:
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def said(monkeypatch) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    from app.ui import crash, messages

    shown: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: shown.append(text) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(crash, "report", lambda error, *a, **k: shown.append(f"CRASH {error!r}"))
    return shown


@pytest.fixture
def window(qtbot, db_path, said):
    win = make_window(qtbot, db_path, global_lang="ja")
    settle(win)
    win.said = said
    yield win
    close_window(win)


# --- 4. files never opened raw while the database is open ----------------------------------------------------

IMPORTS = {
    "project": ("projects", "import_project"),
    "hearing": ("hearing", "import_sheet"),
    "wbs": ("wbs", "import_excel"),
    "holidays": (None, None),
}


def import_in_window(window, kind: str) -> None:
    if kind == "holidays":
        from app.ui.window.holidays_tab import HolidaysTab

        tab = HolidaysTab(window.state)
        try:
            tab.import_ics()
            window.said.append(tab.message.text())
        finally:
            tab.deleteLater()
        return
    page_id, method = IMPORTS[kind]
    page_id = {"projects": "exports"}.get(page_id, page_id)
    page = window.page(page_id)
    window.show_page(page_id)
    settle(window)
    getattr(page, method)()
    finish_background_work()
    settle(window)


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the process's locks from /proc/locks (Linux)")
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("kind", list(IMPORTS))
def test_held_an_import_pointed_at_the_open_database_keeps_its_locks_and_says_why_in_japanese(window, db_path, monkeypatch, kind, suffix) -> None:
    from app.ui import messages

    target = db_path.with_name(db_path.name + suffix)
    assert target.exists(), sorted(p.name for p in db_path.parent.iterdir())
    monkeypatch.setattr(messages, "open_file", lambda *_a, **_k: str(target))
    before = held_locks(db_path.parent)
    assert before, "the window holds no lock: nothing to check"
    import_in_window(window, kind)
    assert held_locks(db_path.parent) == before
    assert window.said and all(japanese(text) and "CRASH" not in text for text in window.said), window.said


@pytest.mark.parametrize("suffix", ["", "-wal"])
@pytest.mark.parametrize("args", [["project", "import"], ["holidays", "import"], ["import", "hearing-sheet", "--project", "1"],
                                  ["import", "wbs", "--project", "1"]])
def test_held_a_cli_import_of_the_database_or_its_wal_is_one_japanese_line_exit_2(demo, db_path, args, suffix) -> None:
    result = cli(db_path, *args[:2], str(db_path) + suffix, *args[2:])
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and japanese(lines[0]) and "Traceback" not in result.stderr, result.stderr


# --- 2. people's names and rename ------------------------------------------------------------------------------


def owners(ws, project_id: int) -> dict[str, int]:
    from app.wbs.service import WbsService

    found: dict[str, int] = {}
    for task in WbsService(ws.db).tasks(project_id):
        found[task.owner_name] = found.get(task.owner_name, 0) + 1
    return found


def rename(ws, project_id: int, old: str, new: str):
    import dataclasses

    from app.core import operations as ops
    from app.wbs.resources import people as store

    was = store.by_name(store.read(ws, project_id))[old]
    return ops.run(ws, store.put_person_op(project_id, dataclasses.replace(was, name=new), replaces=old, base=was))


def test_held_a_rename_onto_an_owner_only_name_and_its_undo_give_back_only_the_moved_tasks(demo, workspace) -> None:
    from app.core import operations as ops

    before = owners(workspace, demo.id)
    assert before.get("山田", 0) > 0 and before.get("高橋", 0) > 0
    change = rename(workspace, demo.id, "高橋", "山田")
    assert owners(workspace, demo.id).get("山田") == before["山田"] + before["高橋"]
    ops.run(workspace, ops.undo_op(change))
    assert owners(workspace, demo.id) == before


def test_a_redo_of_a_rename_takes_along_a_task_given_to_the_old_name_after_the_undo(demo, workspace) -> None:
    from app.core import operations as ops
    from app.wbs.resources import people as store
    from app.wbs.service import WbsService

    change = rename(workspace, demo.id, "高橋", "高橋 一郎")
    ops.run(workspace, ops.undo_op(change))
    service = WbsService(workspace.db)
    other = next(t for t in service.tasks(demo.id) if t.owner_name == "田中")
    service.update(demo.id, [other.id], owner_name="高橋")  # a colleague gives 高橋 one more task, between the undo and the redo
    try:
        ops.run(workspace, ops.redo_op(change))
    except Exception:  # refused is fine too: then 高橋 is still a person with all their tasks
        assert "高橋" in store.by_name(store.read(workspace, demo.id))
        return
    left = owners(workspace, demo.id)
    assert "高橋 一郎" in store.by_name(store.read(workspace, demo.id))
    assert left.get("高橋", 0) == 0, left  # else that task belongs to nobody: out of the load and levelling, no word said


# --- 3. baselines named as typed; a plan past 2199 ------------------------------------------------------------


def test_held_a_plan_baseline_named_with_a_zero_width_space_or_the_ime_space_is_found(demo, workspace) -> None:
    from app.core import operations as ops
    from app.wbs.tracking import baselines as plan

    ops.run(workspace, plan.save_baseline_op(demo.id, "中間\u200b　報告"))
    saved = plan.tracking(workspace, demo.id).baselines
    assert plan.pick(saved, "中間 報告").name == plan.pick(saved, "中間　報告").name == "中間 報告"


def test_a_plan_baseline_is_found_by_its_name_typed_in_full_width(demo, workspace) -> None:
    from app.core import operations as ops
    from app.wbs.tracking import baselines as plan

    ops.run(workspace, plan.save_baseline_op(demo.id, "中間報告V2"))
    assert plan.pick(plan.tracking(workspace, demo.id).baselines, "中間報告Ｖ２").name == "中間報告V2"


def test_an_agreement_baseline_named_again_in_the_other_width_is_refused(demo, db_path) -> None:
    made = cli(db_path, "baseline", "create", "--project", str(demo.id), "--name", "キックオフ合意Ｖ１")
    assert made.returncode == 0, made.stderr
    again = cli(db_path, "baseline", "create", "--project", str(demo.id), "--name", "キックオフ合意V1")
    assert again.returncode == 2 and "既にあります" in again.stderr, again.stdout + again.stderr


@pytest.mark.parametrize("kind", ["earned-value", "mspdi"])
def test_held_an_empty_baseline_on_export_is_one_japanese_line_nothing_written(demo, db_path, tmp_path, kind) -> None:
    out = tmp_path / ("ev.xlsx" if kind == "earned-value" else "p.xml")
    result = cli(db_path, "export", kind, "--project", str(demo.id), "--out", str(out), "--baseline", "\u3000")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and not out.exists() and len(lines) == 1 and "名前が空" in lines[0], result.stderr


def two_tasks_of_one_person_at_the_end_of_2199(ws, project_id: int) -> list[str]:
    import datetime as dt

    from app.wbs.service import WbsService

    service = WbsService(ws.db)
    tree = service.tree(project_id)
    mine = [t for t in service.tasks(project_id) if t.owner_name == "高橋" and not tree.has_children(t.id) and t.status != "done"][:2]
    for task in mine:
        service.update(project_id, [task.id], not_before=dt.date(2199, 12, 16), estimate_days=8.0)  # each fits alone
    return [tree.codes[t.id] for t in mine]


def test_held_scheduling_two_tasks_of_one_person_that_each_fit_before_2200_is_not_refused(demo, workspace) -> None:
    from app.wbs.schedule import schedule

    two_tasks_of_one_person_at_the_end_of_2199(workspace, demo.id)
    schedule(workspace, demo.id)


def test_levelling_past_2199_says_it_is_the_persons_other_task_that_pushes_it(demo, db_path, workspace) -> None:
    codes = two_tasks_of_one_person_at_the_end_of_2199(workspace, demo.id)
    workspace.close()
    result = cli(db_path, "level", "--project", str(demo.id), "--dry-run")
    line = result.stderr.strip()
    assert result.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, line
    assert "高橋" in line or all(code in line for code in codes), line


# --- 1. redo in the reverse order of the undos ---------------------------------------------------------------

AVC = "hearing.basics.accuracy_avc"
HUMAN = "hearing.basics.accuracy_human"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def hearing(japanese_window):
    japanese_window.show_page("hearing")
    settle(japanese_window)
    return japanese_window


def ime(text: str) -> None:
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(QApplication.focusWidget(), event)


def keys(window, qtbot, *letters: str) -> None:
    for letter in letters:
        qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter}"), CTRL)
        settle(window)


def answer(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id)


def answer_field(window):
    field = window.page("hearing").editor.editors["value"].edit
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    return field


def a1_stored_then_h1_typed(window, qtbot):
    page = window.page("hearing")
    page.select_item(AVC)
    settle(window)
    answer_field(window)
    ime("A1")
    page.select_item(HUMAN)
    settle(window)
    assert answer(window, AVC).value == "A1"
    human = answer(window, HUMAN).value or ""
    field = answer_field(window)
    ime("H1")
    return page, field, human


@pytest.mark.parametrize("elsewhere", ["item list", "wbs page"])
def test_redo_order_holds_when_the_window_undo_was_pressed_with_the_focus_elsewhere(hearing, qtbot, elsewhere) -> None:
    page, field, human = a1_stored_then_h1_typed(hearing, qtbot)
    keys(hearing, qtbot, "Z")  # the field's own: H1 gone
    assert field.toPlainText() == human
    if elsewhere == "item list":
        page.tree.setFocus()
    else:
        hearing.show_page("wbs")
        settle(hearing)
        hearing.page("wbs").tree.setFocus()
    keys(hearing, qtbot, "Z")  # the window's: A1 taken back
    assert answer(hearing, AVC).value is None
    if elsewhere != "item list":
        hearing.show_page("hearing")
        settle(hearing)
    answer_field(hearing)
    keys(hearing, qtbot, "Y")  # A1 was undone last: it comes back first
    assert answer(hearing, AVC).value == "A1"
    keys(hearing, qtbot, "Y")
    assert field.toPlainText() == f"{human}H1"
    qtbot.waitUntil(lambda: (answer(hearing, HUMAN).value or "") == f"{human}H1", timeout=5000)
    assert answer(hearing, AVC).value == "A1"


def test_held_the_fields_own_undo_and_redo_of_saved_typing_are_the_windows_steps_stored_once(hearing, qtbot) -> None:
    _page, field, human = a1_stored_then_h1_typed(hearing, qtbot)
    stack = hearing.state.undo_stack

    def after_a_pause() -> tuple:
        qtbot.wait(1000)
        settle(hearing)
        return field.toPlainText(), answer(hearing, HUMAN).value or "", answer(hearing, AVC).value, stack.index(), stack.count()

    assert after_a_pause() == (f"{human}H1", f"{human}H1", "A1", 2, 2)
    keys(hearing, qtbot, "Z")
    assert after_a_pause() == (human, human, "A1", 1, 2)
    keys(hearing, qtbot, "Y")
    assert after_a_pause() == (f"{human}H1", f"{human}H1", "A1", 2, 2)
    keys(hearing, qtbot, "Z", "Z")
    assert after_a_pause() == (human, human, None, 0, 2)
    keys(hearing, qtbot, "Y", "Y")
    assert after_a_pause() == (f"{human}H1", f"{human}H1", "A1", 2, 2)


def test_held_edit_menu_undo_while_typing_is_pending_takes_the_typing_back_first_and_redo_returns_both(hearing, qtbot) -> None:
    _page, field, human = a1_stored_then_h1_typed(hearing, qtbot)
    hearing.undo_action.trigger()  # Edit ▸ Undo, the typing not yet saved
    settle(hearing)
    assert field.toPlainText() == human and answer(hearing, AVC).value == "A1"
    hearing.undo_action.trigger()
    settle(hearing)
    assert answer(hearing, AVC).value is None
    hearing.redo_action.trigger()
    settle(hearing)
    assert answer(hearing, AVC).value == "A1"
    answer_field(hearing)
    keys(hearing, qtbot, "Y")
    qtbot.waitUntil(lambda: (answer(hearing, HUMAN).value or "") == f"{human}H1", timeout=5000)
    assert field.toPlainText() == f"{human}H1" and answer(hearing, AVC).value == "A1"


def test_interview_redo_order_holds_after_leaving_the_field_with_esc(hearing, qtbot, monkeypatch) -> None:
    from tests.test_interview_keys import open_interview, press

    dialog = open_interview(hearing, qtbot, monkeypatch, AVC)
    press(qtbot, dialog, "Return")
    ime("A1")
    press(qtbot, dialog, "Ctrl+Return")  # AVC stored: A1, on to 人の精度
    assert answer(hearing, AVC).value == "A1" and dialog.current_item_id() == HUMAN
    human = answer(hearing, HUMAN).value or ""
    press(qtbot, dialog, "Return")
    ime("H1")
    press(qtbot, dialog, "Ctrl+Z")  # the typing, by the field
    settle(hearing)
    field = dialog.editor.editors["value"].edit
    assert field.toPlainText() == human
    press(qtbot, dialog, "Esc")  # leave the field (the dialog stays)
    assert dialog.isVisible()
    press(qtbot, dialog, "Ctrl+Z")  # the previous answer
    settle(hearing)
    assert answer(hearing, AVC).value is None
    press(qtbot, dialog, "Return")
    press(qtbot, dialog, "Ctrl+Y")
    settle(hearing)
    qtbot.wait(800)
    settle(hearing)
    try:
        assert answer(hearing, AVC).value == "A1" and (answer(hearing, HUMAN).value or "") == human
    finally:
        dialog.accept()


def test_held_undo_redo_keys_in_a_wbs_cell_editor_stay_the_editors_and_enter_stores_the_text_once(japanese_window, qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from app.ui.wbs.page import WbsPage
    from tests.test_breaker54a import INDEX, edit_cell

    window = japanese_window
    window.show_page("wbs")
    settle(window)
    page = window.findChild(WbsPage)
    tree = page.model.tree
    first, second = [t for t in tree.walk() if not tree.has_children(t.id)][:2]
    was = second.title
    edit_cell(page, qtbot, first, "title", "T1")
    steps = window.state.undo_stack.index()
    index = page.proxy.mapFromSource(page.model.index_of(second.id, INDEX["title"]))
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    editor = next(w for w in page.tree.findChildren(QWidget) if w.objectName().startswith("wbsEditor_") and w.isVisible())
    editor.setFocus()
    editor.end(False)
    ime("X")
    for letter in "ZZYY":
        keys(window, qtbot, letter)
    assert editor.text() == f"{was}X" and page.model.tree.tasks[first.id].title == "T1"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert page.model.tree.tasks[second.id].title == f"{was}X" and window.state.undo_stack.index() == steps + 1
    window.state.undo_stack.undo()
    settle(window)
    assert page.model.tree.tasks[second.id].title == was and page.model.tree.tasks[first.id].title == "T1"


def test_held_a_language_switch_between_the_undos_and_the_redo_redoes_the_previous_answer(hearing, qtbot) -> None:
    page, field, human = a1_stored_then_h1_typed(hearing, qtbot)
    keys(hearing, qtbot, "Z", "Z")
    assert answer(hearing, AVC).value is None and (answer(hearing, HUMAN).value or "") == human
    hearing.set_ui_lang("en")
    settle(hearing)
    hearing.set_ui_lang("ja")
    settle(hearing)
    answer_field(hearing)
    keys(hearing, qtbot, "Y")
    qtbot.wait(800)
    settle(hearing)
    assert answer(hearing, AVC).value == "A1" and (answer(hearing, HUMAN).value or "") in (human, f"{human}H1")


def test_held_undo_of_a_rename_after_a_colleague_gave_one_of_the_tasks_away_is_refused_in_japanese_naming_it(window) -> None:
    from app.core.workspace import Workspace
    from app.wbs.resources import people as store
    from app.wbs.service import WbsService
    from tests.test_breaker59b import open_people, pick, retype

    window.show_page("wbs")
    settle(window)
    dialog = open_people(window)
    try:
        pick(dialog, "高橋")
        retype(dialog.name, "高橋 一郎")
        dialog.save_button.click()
        settle(window)
    finally:
        dialog.done(0)
    settle(window)
    assert window.said == []
    ws = Workspace.open(str(window.state.workspace.db.url), window.state.workspace.library)
    try:
        service = WbsService(ws.db)
        tree = service.tree(window.state.project_id)
        task = next(t for t in service.tasks(window.state.project_id) if t.owner_name == "高橋 一郎")
        service.update(window.state.project_id, [task.id], owner_name="鈴木")
        label = f"{tree.codes[task.id]} {task.title}"
    finally:
        ws.close()
    window.watcher.poll()
    settle(window)
    problems: list[str] = []
    window.state.problem.connect(problems.append)
    window.undo_action.trigger()
    settle(window)
    assert window.said == [] and len(problems) == 1 and japanese(problems[0]) and label in problems[0], (window.said, problems)
    people = store.by_name(store.read(window.state.workspace, window.state.project_id))
    assert "高橋 一郎" in people and "高橋" not in people


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the process's locks from /proc/locks (Linux)")
@pytest.mark.parametrize(("kind", "name", "suffix", "link"), [
    ("holidays", "休日.ics", "-shm", "symlink"), ("wbs", "wbs.xlsx", "", "hard"), ("hearing", "sheet.xlsx", "-wal", "symlink"),
    ("project", "p.json", "", "symlink"),
])
def test_held_an_import_of_a_link_to_the_open_database_keeps_its_locks(window, db_path, tmp_path, monkeypatch, kind, name, suffix, link) -> None:
    from app.ui import messages

    elsewhere = tmp_path / "links"
    elsewhere.mkdir()
    target = elsewhere / name
    source = db_path.with_name(db_path.name + suffix)
    target.symlink_to(source) if link == "symlink" else os.link(source, target)
    monkeypatch.setattr(messages, "open_file", lambda *_a, **_k: str(target))
    before = held_locks(db_path.parent)
    import_in_window(window, kind)
    assert held_locks(db_path.parent) == before
    assert window.said and all(japanese(text) and "CRASH" not in text for text in window.said), window.said


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads the process's locks from /proc/locks (Linux)")
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_held_copy_project_to_the_open_database_or_its_journal_is_refused_in_japanese_and_keeps_the_locks(window, db_path, monkeypatch, suffix) -> None:
    from app.ui.projects.copy_dialog import CopyProjectDialog

    before = held_locks(db_path.parent)
    projects = window.state.projects.list()
    dialog = CopyProjectDialog(window.state, window)
    try:
        dialog.target_edit.setText(str(db_path) + suffix)
        dialog.start_copy()
        finish_background_work()
        settle(window)
        assert japanese(dialog.status.text()) and not dialog.busy, dialog.status.text()
        assert "コピーしました" not in dialog.status.text() and "Copied" not in dialog.status.text(), dialog.status.text()
    finally:
        dialog.deleteLater()
    assert held_locks(db_path.parent) == before
    assert len(window.state.projects.list()) == len(projects) and window.said == []


@pytest.mark.parametrize("taken", ["田\u200b中", "田　中", " 鈴木\u3000", "ＳＵＺＵＫＩ"])
def test_held_resources_rename_onto_a_colleague_spelled_another_way_is_refused_nothing_moved(demo, db_path, workspace, taken) -> None:
    if taken == "ＳＵＺＵＫＩ":
        assert cli(db_path, "resources", "add", "--project", str(demo.id), "--name", "Suzuki").returncode == 0
    before = owners(workspace, demo.id)
    result = cli(db_path, "resources", "rename", "--project", str(demo.id), "--name", "高橋", "--to", taken)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "すでにいます" in lines[0] and "\\u" not in lines[0], result.stdout + result.stderr
    assert owners(workspace, demo.id) == before


def test_people_dialog_redo_after_the_fields_undo_and_the_renames_brings_both_back(window, qtbot) -> None:
    from tests.test_breaker59b import open_people, pick, retype

    window.show_page("wbs")
    settle(window)
    dialog = open_people(window)
    try:
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
        pick(dialog, "高橋")
        retype(dialog.name, "高橋 一郎")
        dialog.save_button.click()
        settle(window)
        dialog.name.setFocus()
        dialog.name.end(False)
        ime("X")
        keys(window, qtbot, "Z", "Z")  # the typing (the field's own), then the rename (the window's)
        assert dialog.name.text() == "高橋"
        keys(window, qtbot, "Y")
        assert dialog.name.text() == "高橋 一郎"
        keys(window, qtbot, "Y")
        assert dialog.name.text() == "高橋 一郎X"
    finally:
        dialog.done(0)


@pytest.mark.parametrize("invisible", ["\u034f", "\u17b4", "\u180b"])
def test_a_name_with_another_invisible_character_is_the_person_it_looks_like(invisible) -> None:
    from app.core.i18n import name_key
    from app.wbs.resources import people as store

    assert name_key(f"高{invisible}橋") == name_key("高橋") and store.clean_name(f"高{invisible}橋") == "高橋"


def test_a_person_added_with_a_combining_grapheme_joiner_is_not_a_second_takahashi(demo, db_path) -> None:
    result = cli(db_path, "resources", "add", "--project", str(demo.id), "--name", "高\u034f橋", "--percent", "50")
    assert result.returncode == 0, result.stderr
    listed = cli(db_path, "resources", "list", "--project", str(demo.id)).stdout
    assert sum(line.startswith("高") and "橋" in line.split("\t")[0] for line in listed.splitlines()) == 1, listed


@pytest.mark.parametrize("blank", ["\u3164", "\u2800\u200b", "\u115f"])
def test_held_a_name_of_only_blank_looking_characters_is_refused_in_japanese(demo, db_path, blank) -> None:
    result = cli(db_path, "resources", "add", "--project", str(demo.id), "--name", blank)
    assert result.returncode == 2 and result.stderr.strip().endswith("要員の名前を入力してください"), result.stdout + result.stderr
