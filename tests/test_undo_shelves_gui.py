"""Each project keeps its undo history while the window is open (app/ui/projects/undo_shelves.py, break-it 68a).

A Japanese window on the demo; another project, 別案件, picked in the toolbar's switcher and the demo picked again:
Edit ▸ Undo takes back the demo's WBS cell, hearing answer and proposal text, the steps undone before come back as
steps to redo, a colleague's change made meanwhile is kept (the undo refused and said, by label), a backup restored
clears every project's history (and says so), and the Edit menu names the steps in the language switched to while
away. The widgets are reached by their objectName, as the user reaches them.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from app.core.documents import DocumentService
from app.core.storage import backups
from app.proposal.service import ProposalService
from app.ui import messages
from app.ui.projects.restore_dialog import restore_into_window
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import close_window, make_window, settle
from tests.test_nothing_lost_gui import open_item, stored

BACKGROUND = "hearing.basics.background"


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def other(window) -> int:
    """別案件, listed in the switcher."""
    project = window.state.projects.create("別案件")
    window.reload_switcher()
    return project.id


def pick(window, project_id: int) -> None:
    """Pick the project in the toolbar's switcher, as a click in its list does."""
    switcher = window.findChild(QComboBox, "projectSwitcher")
    index = switcher.findData(project_id)
    assert index >= 0
    switcher.setCurrentIndex(index)
    switcher.activated.emit(index)
    settle(window)


def wbs(window):
    window.show_page("wbs")
    settle(window)
    return window.page("wbs")


def leaves(page) -> list[int]:
    tree = page.model.tree
    return [t.id for t in tree.walk() if not tree.has_children(t.id)]


def type_in_cell(window, task_id: int, key: str, text: str) -> None:
    """Type ``text`` in the task's cell (its editor, wbsEditor_<key>) and press Enter."""
    page = wbs(window)
    index = page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key]))
    assert index.isValid()
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    editor = page.tree.findChild(QLineEdit, f"wbsEditor_{key}")
    assert editor is not None
    editor.setText(text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert task_field(window, task_id, key) == text


def task_field(window, task_id: int, key: str):
    return getattr(wbs(window).service.tree(window.state.project_id).tasks[task_id], key)


def answer_value(window) -> str:
    answer = stored(window, BACKGROUND)
    return (answer.value if answer is not None else None) or ""


def proposal_text(window, section: str) -> str:
    texts = ProposalService(DocumentService(window.state.workspace.db)).load(window.state.project_id).texts
    return texts.get(section, {}).get("ja", "")


def undo(window) -> None:
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    settle(window)


def redo(window) -> None:
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    settle(window)


def test_undo_after_switching_back_takes_back_the_cell_the_answer_and_the_proposal_text(window, other, qtbot, said) -> None:
    demo = window.state.project_id
    task = leaves(wbs(window))[0]
    title = task_field(window, task, "title")
    type_in_cell(window, task, "title", "データ版管理の方式決定")

    open_item(window, qtbot, BACKGROUND)
    answer = window.findChild(QPlainTextEdit, "answer_value_text")
    before = answer_value(window)
    answer.setFocus()
    answer.setPlainText("需要予測の精度向上")  # as an input method commits Japanese text
    assert window.page("hearing").editor.flush()
    assert answer_value(window) == "需要予測の精度向上"

    window.show_page("proposal")
    settle(window)
    section = window.findChild(QPlainTextEdit, "section_purpose")
    purpose = proposal_text(window, "purpose")
    section.setFocus()
    section.setPlainText("PoC 段階から再現性を確保する")
    qtbot.waitUntil(lambda: proposal_text(window, "purpose") == "PoC 段階から再現性を確保する", timeout=5000)
    window.show_page("hearing")  # (the proposal's typing is over: its step is the last)
    settle(window)

    pick(window, other)
    assert not window.undo_action.isEnabled()  # undo never crosses projects
    pick(window, demo)
    undo(window)
    assert proposal_text(window, "purpose") == purpose
    undo(window)
    assert answer_value(window) == before
    undo(window)
    assert task_field(window, task, "title") == title
    assert wbs(window).model.tree.tasks[task].title == title
    assert not [s for s in said if "CRASH" in s], said


def test_the_steps_undone_come_back_as_steps_to_redo(window, other) -> None:
    demo = window.state.project_id
    tasks = leaves(wbs(window))[:3]
    morning = [task_field(window, t, "notes") for t in tasks]
    for n, task in enumerate(tasks):
        type_in_cell(window, task, "notes", f"午後のメモ {n}")
    for _ in range(3):
        undo(window)
    assert [task_field(window, t, "notes") for t in tasks] == morning
    pick(window, other)
    assert not window.redo_action.isEnabled()
    pick(window, demo)
    assert [task_field(window, t, "notes") for t in tasks] == morning  # nothing was made as the steps were put back
    for n in range(3):
        redo(window)
        assert task_field(window, tasks[n], "notes") == f"午後のメモ {n}"
    assert not window.redo_action.isEnabled()
    undo(window)  # and back again, as ever
    assert task_field(window, tasks[2], "notes") == morning[2]


def test_a_colleagues_change_made_meanwhile_is_kept_and_the_undo_refused_by_label(window, other, qtbot, db_path) -> None:
    demo = window.state.project_id
    task, below = leaves(wbs(window))[:2]
    title = task_field(window, task, "title")
    below_notes = task_field(window, below, "notes")
    type_in_cell(window, below, "notes", "午前のメモ")
    type_in_cell(window, task, "notes", "私のメモ")
    pick(window, other)
    colleague = make_window(qtbot, db_path, global_lang="ja")
    try:
        colleague.open_project(demo)
        type_in_cell(colleague, task, "notes", "同僚のメモ")
    finally:
        close_window(colleague)
    pick(window, demo)
    window.watcher.poll()
    settle(window)
    undo(window)
    said = window.save_label.text()
    assert "別のウィンドウ" in said and "上書きはしていません" in said, said
    assert f"「1.1 {title}」" in said, said  # the task by its outline number and title, never an id
    assert task_field(window, task, "notes") == "同僚のメモ"  # theirs kept
    undo(window)  # the step under it goes on
    assert task_field(window, below, "notes") == below_notes


def test_a_backup_restored_clears_every_projects_history_and_says_so(window, other, said) -> None:
    demo = window.state.project_id
    made = backups.create_backup(window.state.workspace.db)
    task = leaves(wbs(window))[0]
    type_in_cell(window, task, "notes", "復元前のメモ")
    pick(window, other)
    restore_into_window(window.state, window, made)
    settle(window)
    assert any("元に戻す" in text for text in said), said  # the undo history was cleared, said so
    assert window.state.undo_stack.count() == 0 and demo not in window.state.undo_shelves
    pick(window, demo)
    assert window.state.undo_stack.count() == 0
    assert not window.undo_action.isEnabled()


def test_the_edit_menu_names_the_steps_in_the_language_switched_to_while_away(window, other) -> None:
    demo = window.state.project_id
    task = leaves(wbs(window))[0]
    type_in_cell(window, task, "notes", "英語に切り替える前のメモ")
    assert "元に戻す" in window.undo_action.text()
    pick(window, other)
    window.set_ui_lang("en")
    settle(window)
    pick(window, demo)
    text = window.undo_action.text()
    assert text.startswith("&Undo ") and not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), text
    window.undo_action.trigger()
    settle(window)
    assert window.redo_action.text().startswith("&Redo ") and window.redo_action.text() != "&Redo "
