"""The real main window, driven through its widgets (pytest-qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QListWidget, QStackedWidget

from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.ui import messages
from app.ui.pages import PAGE_SPECS
from app.ui.projects.dialog import ProjectsDialog
from app.ui.undo import edit_answer
from tests.conftest import isolate
from tests.gui_helpers import close_window, make_window, settle


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    close_window(win)


@pytest.fixture(scope="module")
def first_start(qapp, tmp_path_factory):
    """One window for this module's tests that only look: its real first start on an empty database."""
    folder = tmp_path_factory.mktemp("first-start")
    with pytest.MonkeyPatch.context() as monkeypatch:
        isolate(folder / "home", monkeypatch)
        win = make_window(None, folder / "first.sqlite3", first_start=True, shared=True)
        win.first_size = win.size()
        yield win
        close_window(win)


@pytest.fixture
def shared_window(first_start, qtbot):
    """The shared window for a test that changes no data: as just shown (its size, its first page, the
    active window), and settled afterwards."""
    first_start.resize(first_start.first_size)
    first_start.nav.setCurrentRow(0)
    first_start.activateWindow()  # another test's window may have been the active one since
    qtbot.waitUntil(first_start.isActiveWindow)
    yield first_start
    settle(first_start)
    assert first_start.state.undo_stack.count() == 0  # it only looked: the next test finds the same
    assert first_start.isVisible()


def answer_dialogs(monkeypatch, text=None, confirm=True):
    asked = []
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: asked.append(a) or text)
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: confirm)
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title=None: errors.append(str(error)))
    return asked, errors


def test_first_start_opens_the_demo_project(shared_window) -> None:
    title = shared_window.findChild(QLabel, "projectTitle").text()
    assert "類似画像検索PoC" in title or "Similar-image search" in title
    summary = shared_window.findChild(QLabel, "progressSummary").text()
    assert "answered" in summary and "to follow up" in summary
    assert "System planning" in summary and "without completion condition" in summary and "not agreed" in summary
    assert shared_window.findChild(QComboBox, "projectSwitcher").currentText() == shared_window.state.project.name


def test_every_page_can_be_visited_from_the_navigation(shared_window, qtbot) -> None:
    nav = shared_window.findChild(QListWidget, "navigation")
    stack = shared_window.findChild(QStackedWidget, "pageStack")
    assert nav.count() == len(PAGE_SPECS) == 8
    for row in range(nav.count()):
        rect = nav.visualItemRect(nav.item(row))
        qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        page = stack.currentWidget()
        assert page.objectName() == f"page_{nav.item(row).data(Qt.ItemDataRole.UserRole)}"
        assert page.isVisible()


def test_page_names_and_the_header_fit_an_english_window(shared_window, qtbot) -> None:
    shared_window.resize(1400, 900)
    nav = shared_window.findChild(QListWidget, "navigation")
    summary = shared_window.findChild(QLabel, "progressSummary")
    for page in PAGE_SPECS:
        shared_window.show_page(page.page_id)
        qtbot.wait(10)
        # The longest page name ("2  Experiment environment") is not cut, on any page.
        assert nav.viewport().width() >= nav.sizeHintForColumn(0), page.page_id
        # The long English summary wraps inside the window instead of running past its edge.
        assert summary.geometry().right() <= summary.parentWidget().width(), page.page_id
        assert summary.sizeHint().width() <= summary.width() or summary.height() > summary.fontMetrics().height() * 1.5


def test_keyboard_shortcuts_switch_pages(shared_window, qtbot) -> None:
    stack = shared_window.findChild(QStackedWidget, "pageStack")
    shared_window.activateWindow()
    qtbot.keyClick(shared_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert stack.currentWidget().objectName() == "page_wbs"
    qtbot.keyClick(shared_window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert stack.currentWidget().objectName() == "page_review"
    qtbot.keyClick(shared_window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert stack.currentWidget().objectName() == "page_exports"


def test_create_rename_close_and_reopen(qtbot, db_path, monkeypatch) -> None:
    window = make_window(qtbot, db_path)
    answer_dialogs(monkeypatch, text="Retail demand forecast")
    window.new_action.trigger()
    assert window.state.project.name == "Retail demand forecast"
    assert window.findChild(QComboBox, "projectSwitcher").currentText() == "Retail demand forecast"
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
    answer_dialogs(monkeypatch, text="Retail demand forecast PoC")
    window.rename_action.trigger()
    assert window.findChild(QLabel, "projectTitle").text().startswith("Retail demand forecast PoC")
    assert "Saved" in window.findChild(QLabel, "saveState").text()
    project_id = window.state.project_id
    AnswerService(window.state.workspace.db, window.state.workspace.library).update(
        project_id, "hearing.basics.background", value="typed before closing"
    )
    close_window(window)

    again = make_window(qtbot, db_path)
    try:
        assert again.state.project_id == project_id  # the last project comes back
        assert again.state.project.name == "Retail demand forecast PoC"
        kept = again.state.answers.answer(project_id, "hearing.basics.background")
        assert kept.value == "typed before closing"
        switcher = again.findChild(QComboBox, "projectSwitcher")
        assert switcher.count() == 2  # the demo and ours
    finally:
        close_window(again)


def test_a_taken_name_is_refused_with_a_message_and_nothing_changes(window, monkeypatch) -> None:
    _, errors = answer_dialogs(monkeypatch, text=window.state.project.name)
    before = ProjectService(window.state.workspace.db).list()
    window.new_action.trigger()
    assert errors and "already exists" in errors[0]
    assert ProjectService(window.state.workspace.db).list() == before


def test_switching_projects_from_the_toolbar(window, qtbot, monkeypatch) -> None:
    answer_dialogs(monkeypatch, text="Second")
    demo_id = window.state.project_id
    window.new_action.trigger()
    switcher = window.findChild(QComboBox, "projectSwitcher")
    index = switcher.findData(demo_id)
    switcher.setCurrentIndex(index)
    switcher.activated.emit(index)
    assert window.state.project_id == demo_id


def test_projects_dialog_duplicates_archives_and_deletes(window, qtbot, monkeypatch, qtmodeltester) -> None:
    answer_dialogs(monkeypatch, text="Copy renamed", confirm=True)
    dialog = ProjectsDialog(window.state, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    dialog.buttons["duplicate"].click()  # the copy is made on a worker, the dialog busy meanwhile
    assert not dialog.buttons["duplicate"].isEnabled() and not dialog.table.isEnabled()
    qtbot.waitUntil(lambda: dialog.table.isEnabled(), timeout=10000)
    assert dialog.model.rowCount() == 2
    copy_row = next(r for r in range(2) if dialog.model.project_at(r).name.endswith("(2)"))
    dialog.table.selectRow(copy_row)
    dialog.buttons["rename"].click()
    assert dialog.selected().name == "Copy renamed"
    dialog.buttons["archive"].click()
    assert dialog.model.rowCount() == 1  # archived ones are hidden by default
    dialog.show_archived.setChecked(True)
    assert dialog.model.rowCount() == 2
    archived_row = next(r for r in range(2) if dialog.model.project_at(r).archived)
    dialog.table.selectRow(archived_row)
    dialog.buttons["delete"].click()
    assert [p.name for p in ProjectService(window.state.workspace.db).list()] == [window.state.project.name]
    qtmodeltester.check(dialog.model)


def test_deleting_asks_first_and_a_no_keeps_the_project(window, monkeypatch) -> None:
    answer_dialogs(monkeypatch, confirm=False)
    project_id = window.state.project_id
    window.delete_action.trigger()
    assert ProjectService(window.state.workspace.db).get(project_id)
    answer_dialogs(monkeypatch, confirm=True)
    window.delete_action.trigger()
    assert ProjectService(window.state.workspace.db).list() == []
    assert window.state.project is None
    assert "No project open" in window.findChild(QLabel, "projectTitle").text()


def test_undo_and_redo_of_an_answer_edit(window) -> None:
    state = window.state
    item = "hearing.basics.background"
    original = state.answers.answer(state.project_id, item).value
    edit_answer(state, item, "Edit background", value="rewritten")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert state.answers.answer(state.project_id, item).value == original
    window.redo_action.trigger()
    assert state.answers.answer(state.project_id, item).value == "rewritten"


def test_export_the_project_file_from_the_exports_page(window, qtbot, monkeypatch, tmp_path: Path) -> None:
    out = tmp_path / "project.json"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: str(out))
    window.show_page("exports")
    page = window.page("exports")
    page.export_button.click()
    qtbot.waitUntil(lambda: out.exists() and "Wrote" in page.result_label.text(), timeout=10000)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["project"]["name"] == window.state.project.name


def test_the_exports_page_describes_each_document_in_sentences(window) -> None:
    """The English lines came from the CLI's help: half began lower-case ("the kickoff proposal: ...")."""
    from PySide6.QtWidgets import QLabel

    window.show_page("exports")
    page = window.page("exports")
    lines = {label.objectName(): label.text() for label in page.findChildren(QLabel) if label.objectName().startswith("export_about_")}
    assert {"export_about_proposal", "export_about_wbs"} <= lines.keys()
    assert [name for name, text in lines.items() if not text[:1].isupper()] == []
    assert lines["export_about_proposal"].startswith("The kickoff proposal: .md")


def test_every_interactive_widget_has_an_object_name(shared_window) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QWidget,
    )

    interactive = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit)
    for row in range(shared_window.nav.count()):
        shared_window.nav.setCurrentRow(row)
        unnamed = [
            f"{type(w).__name__} in {w.parent().objectName() or type(w.parent()).__name__}"
            for w in shared_window.findChildren(QWidget)
            if isinstance(w, interactive)
            and w.isVisibleTo(shared_window)
            and not w.objectName()
            and not type(w.parent()).__name__.startswith(("QToolBarExtension", "QComboBox"))
            and type(w).__name__ != "QHeaderView"  # part of its view, which is named
        ]
        assert unnamed == [], shared_window.current_page().objectName()
        named = [
            w for w in shared_window.findChildren(QWidget)
            if isinstance(w, interactive) and w.isVisibleTo(shared_window) and type(w).__name__ != "QHeaderView"
        ]
        nameless = [
            w.objectName()
            for w in named
            if not w.accessibleName() and not (isinstance(w, QAbstractButton) and w.text())
        ]
        assert nameless == [], shared_window.current_page().objectName()



def _first_editable(view):
    model = view.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                return index
    return None


def _table_on(window, page: str, table: str, qtbot):
    from PySide6.QtWidgets import QAbstractItemView

    window.show_page(page)
    if "." in table:  # an answer that is a table, in the page's item editor
        shown = window.page(page)
        assert shown.select_item(table)
        qtbot.waitUntil(lambda: shown.editor.item_id == table)
        return shown.editor.editors["value"].view
    return window.findChild(QAbstractItemView, table)


@pytest.mark.parametrize(
    ("page", "table"),
    [
        ("proposal", "problemsTable"),
        ("wbs", "wbsTree"),
        ("data-ci", "locationsTable"),
        ("data-ci", "datasetsTable"),
        ("system-planning", "system_planning.process_flow.processes"),
    ],
)
def test_f2_in_a_table_edits_the_cell_and_does_not_rename_the_project(shared_window, qtbot, monkeypatch, page, table) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    asked, _errors = answer_dialogs(monkeypatch, text=None)
    view = _table_on(shared_window, page, table, qtbot)
    shared_window.activateWindow()
    qtbot.waitUntil(shared_window.isActiveWindow)  # shortcuts reach the focused widget of the active window only
    index = _first_editable(view)
    assert index is not None, f"{table} has no editable cell"
    view.setCurrentIndex(index)
    view.scrollTo(index)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert asked == []  # no Rename Project dialog
    assert view.state() == QAbstractItemView.State.EditingState  # the cell's editor is open
    editor = shared_window.focusWidget()
    assert editor is not view and view.isAncestorOf(editor)
    qtbot.keyClick(editor, Qt.Key.Key_F2)  # inside the open editor F2 does not rename either
    assert asked == []
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert view.state() != QAbstractItemView.State.EditingState


def test_f2_outside_a_table_still_renames_the_project(shared_window, qtbot, monkeypatch) -> None:
    asked, _errors = answer_dialogs(monkeypatch, text=None)
    shared_window.activateWindow()
    qtbot.waitUntil(shared_window.isActiveWindow)
    shared_window.nav.setFocus()
    qtbot.waitUntil(shared_window.nav.hasFocus)
    qtbot.keyClick(shared_window.nav, Qt.Key.Key_F2)
    assert len(asked) == 1 and asked[0][1] == "Rename project"


def test_a_screenshot_run_leaves_the_users_settings_untouched(qtbot, db_path, isolated_home, monkeypatch, tmp_path: Path) -> None:
    import argparse

    from app.ui.app import run_gui

    settings_file = isolated_home / "settings.ini"
    window = make_window(qtbot, db_path)
    window.show_page("wbs")
    close_window(window)  # a normal session ends: its window geometry and page are remembered
    before = settings_file.read_bytes()
    assert b"page=wbs" in before

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # as run_gui sets it, undone after the test
    out = tmp_path / "shot.png"
    args = argparse.Namespace(db=str(db_path), global_lang="en", global_project=None, page="exports", screenshot=str(out), size="900x640")
    from PySide6.QtWidgets import QApplication

    before_run = set(QApplication.topLevelWidgets())
    assert run_gui(args) == 0
    # The program would exit now; here the screenshot's window is closed as the user's would be.
    for left in [w for w in set(QApplication.topLevelWidgets()) - before_run if w.objectName() == "mainWindow"]:
        close_window(left)
    from PySide6.QtGui import QImage

    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (900, 640)
    assert settings_file.read_bytes() == before  # not the screenshot's page, size or project list

    from app.ui import settings

    assert settings.value("window/page") == "wbs"  # the next normal start opens where the user left
    settings.set_value("window/page", "hearing")  # and settings are written again after the run
    assert settings.value("window/page") == "hearing"


def test_the_header_reads_the_wbs_again_only_when_the_wbs_changed(window, qtbot, monkeypatch) -> None:
    """An answer typed in the hearing does not make the header read the WBS of thousands of tasks again."""
    from app.core.operations import Change, Part
    from app.projects import overview as overview_module

    reads: list[int] = []
    counts = overview_module.wbs_counts
    monkeypatch.setattr(overview_module, "wbs_counts", lambda ws, p: reads.append(p) or counts(ws, p))
    pid = window.state.project_id
    window.state.changed.emit(Change(pid, frozenset({Part.ANSWERS}), items=frozenset({"hearing.basics.background"})))
    qtbot.waitUntil(lambda: not window._summary_timer.isActive() and window._summary_runs.idle)
    assert reads == []
    window.state.changed.emit(Change(pid, frozenset({Part.WBS})))
    qtbot.waitUntil(lambda: not window._summary_timer.isActive() and window._summary_runs.idle)
    assert pid in reads


def test_the_header_reads_its_figures_after_a_change_on_a_worker(window, qtbot, monkeypatch) -> None:
    """A change's header figures read off the UI thread (the WBS counts of 5,000 tasks: 40 ms a change), and shown."""
    import threading

    from app.projects import overview as overview_module
    from app.ui.operations import run_op
    from app.wbs.operations import wbs_op
    from app.wbs.service import WbsService

    threads: list[bool] = []
    counts = overview_module.wbs_counts
    monkeypatch.setattr(overview_module, "wbs_counts", lambda ws, p: threads.append(threading.current_thread() is threading.main_thread()) or counts(ws, p))
    pid = window.state.project_id
    service = WbsService(window.state.workspace.db)
    task = next(t for t in service.tree(pid).tasks.values() if t.completion_condition)
    before = window.header.summary.text()
    run_op(window.state, wbs_op(pid, lambda ws: WbsService(ws.db).update(pid, [task.id], completion_condition="")), lambda: "edit")
    qtbot.waitUntil(lambda: window.header.summary.text() != before, timeout=5000)
    assert threads and not any(threads), threads


def test_a_long_name_ends_in_an_ellipsis_with_the_whole_in_its_tooltip(qtbot, db_path) -> None:
    """The header's name gives way to the summary: elided with the whole name and customer in its
    tooltip; a short one is shown whole, with no tooltip repeating it, and the summary on one line."""
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        window.resize(1366, 768)
        name, customer = "ECサイト類似画像検索による回遊率向上および商品推薦高度化PoC(第2期・画像とテキストの検証)", "株式会社サンプル デジタル戦略本部 データサイエンス推進部"
        for shown, whole in ((name, True), ("短い名前", False)):
            made = window.state.change_projects(lambda n=shown: window.state.projects.create(n, customer=customer, lang="ja"), -1)
            window.state.open_project(made.id)
            settle(window)
            title = window.findChild(QLabel, "projectTitle")
            summary = window.findChild(QLabel, "progressSummary")
            assert title.text() == f"{shown} · {customer}"
            assert title.toolTip() == (title.text() if whole else "")
            assert title.width() < title.fontMetrics().horizontalAdvance(title.text()) if whole else title.width() >= title.sizeHint().width()
            assert summary.height() < 2 * summary.fontMetrics().lineSpacing()  # one line: the name gave way
    finally:
        close_window(window)
