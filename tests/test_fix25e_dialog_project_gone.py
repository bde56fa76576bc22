"""fix25e: a dialog works on the project it was opened for; that project deleted in another window
meanwhile is said once, by its name, and the dialog closes (People, Baselines, Progress); the Projects
dialog names a listed project deleted meanwhile; Remove and Delete act on what the dialog shows."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from app.core import operations as ops
from app.core.projects import ProjectService
from app.ui import messages
from app.ui.projects.dialog import ProjectsDialog
from app.ui.wbs.tracking import BaselineDialog, ProgressDialog
from app.wbs.resources import people as people_store
from app.wbs.tracking import baselines as baseline_store
from tests.gui_helpers import close_dialog, close_window, make_window, on_screen, settle


@pytest.fixture
def two(qtbot, db_path, monkeypatch):
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    first = make_window(qtbot, db_path, global_lang="ja")
    second = make_window(qtbot, db_path, global_lang="ja")
    yield first, second
    close_window(second)
    close_window(first)


@pytest.fixture
def window(japanese_window):
    return japanese_window


def open_people(window):
    window.show_page("wbs")
    window.page("wbs").findChild(QPushButton, "wbsPeople").click()
    return next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsPeopleDialog" and w.isVisible())


def delete_elsewhere(first, second) -> None:
    ProjectService(second.state.workspace.db).delete(first.state.project_id)
    first.watcher.poll()
    settle(first)


def test_the_people_dialog_says_its_deleted_project_once_and_closes(two, said) -> None:
    first, second = two
    name = first.state.project.name
    dialog = open_people(first)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    dialog.days.setValue(3)
    delete_elsewhere(first, second)
    assert dialog.name.text() == "高橋" and dialog.model.row_of("高橋") >= 0  # the table as it was, not emptied
    dialog.reject()
    assert len(said) == 1 and name in said[0], said
    assert not on_screen(dialog)


def test_the_people_dialogs_remove_after_a_deletion_elsewhere_says_it_and_closes(two, said) -> None:
    first, second = two
    name = first.state.project.name
    dialog = open_people(first)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    delete_elsewhere(first, second)
    dialog.remove_button.click()
    assert len(said) == 1 and name in said[0] and "-1" not in said[0], said
    assert not on_screen(dialog)


def test_the_row_stays_on_the_person_shown_after_another_windows_change(window, said) -> None:
    dialog = open_people(window)
    dialog.table.selectRow(dialog.model.row_of("高橋"))
    pid = window.state.project_id
    ops.run(window.state.workspace, people_store.put_person_op(pid, people_store.Person("伊藤", "", 5, 100, frozenset())))
    window.state.publish(ops.Change(pid, ops.ALL_PARTS, external=True))
    assert dialog.model.row_of("伊藤") >= 0  # the table follows
    assert dialog.selected() is not None and dialog.selected().name == "高橋" == dialog.name.text()
    dialog.reject()


def test_the_baseline_dialogs_delete_refuses_a_replaced_baseline_says_it_and_shows_it_then_deletes_it(window, qtbot, said) -> None:
    pid = window.state.project_id
    window.show_page("wbs")
    ops.run(window.state.workspace, baseline_store.save_baseline_op(pid, "合意版"))
    dialog = BaselineDialog(window.state, "", window)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.shown["合意版"]
    replacing = baseline_store.find(baseline_store.read(window.state.workspace, pid), "合意版")
    theirs = baseline_store.Baseline(replacing.name, "2099-01-01T00:00:00", replacing.tasks)  # saved again elsewhere
    doc = baseline_store.read(window.state.workspace, pid)
    entry = {**doc["baselines"]["合意版"], "saved": theirs.saved}
    ops.run(window.state.workspace, ops.edit_document(pid, baseline_store.KIND, lambda _ws, d: {**d, "baselines": {**d["baselines"], "合意版": entry}}))
    delete = dialog.findChild(QPushButton, "wbsBaselineDelete")
    delete.click()
    settle(window)  # (on a worker)
    assert len(said) == 1 and "合意版" in said[0] and "削除していません" in said[0], said
    assert dialog.shown["合意版"] != shown and dialog.selected() == "合意版"  # the list shows what is saved now
    delete.click()  # the one shown now: deleted
    settle(window)
    assert "合意版" not in {b.name for b in baseline_store.baselines(baseline_store.read(window.state.workspace, pid))}
    assert len(said) == 1


def test_the_core_deletes_a_baseline_only_while_it_is_the_one_shown(workspace) -> None:
    pid = ProjectService(workspace.db).create("案件B").id
    ops.run(workspace, baseline_store.save_baseline_op(pid, "v1"))
    first = baseline_store.find(baseline_store.read(workspace, pid), "v1")
    other = baseline_store.Baseline("v1", "2000-01-01T00:00:00", {})
    with pytest.raises(baseline_store.BaselineReplaced) as refused:
        ops.run(workspace, baseline_store.delete_baseline_op(pid, "v1", shown=other))
    assert refused.value.baseline == first and "v1" in refused.value.text("ja") and "削除していません" in refused.value.text("ja")
    assert "nothing was deleted" in refused.value.text("en")
    ops.run(workspace, baseline_store.delete_baseline_op(pid, "v1", shown=first))
    assert baseline_store.baselines(baseline_store.read(workspace, pid)) == []


def test_the_baseline_dialog_says_its_deleted_project_once_and_closes(two, said) -> None:
    first, second = two
    name = first.state.project.name
    first.show_page("wbs")
    dialog = BaselineDialog(first.state, "", first)
    dialog.show()
    try:
        delete_elsewhere(first, second)
        save = dialog.findChild(QPushButton, "wbsBaselineSave")
        save.click()  # no name: that is said, and the dialog stays
        assert len(said) == 1 and "名前" in said[0] and dialog.isVisible(), said
        dialog.name.setText("合意版")
        save.click()
        settle(first)  # (on a worker)
        assert len(said) == 2 and name in said[1] and "-1" not in said[1], said
        assert not on_screen(dialog)
    finally:
        close_dialog(dialog)


def test_the_progress_dialog_says_its_deleted_project_once_and_closes(two, said) -> None:
    first, second = two
    name = first.state.project.name
    first.show_page("wbs")
    page = first.page("wbs")
    task = next(t for t in page.model.tree.tasks.values() if not page.model.tree.has_children(t.id))
    dialog = ProgressDialog(first.state, task.id, task.title, baseline_store.Progress(), first, baseline_store.Progress())
    dialog.show()
    try:
        delete_elsewhere(first, second)
        dialog.percent.setValue(40)
        dialog.accept()
        assert len(said) == 1 and name in said[0] and "-1" not in said[0], said
        assert not on_screen(dialog)
    finally:
        close_dialog(dialog)


def test_the_projects_dialog_names_a_listed_project_deleted_meanwhile_and_drops_it(window, qtbot, monkeypatch, said) -> None:
    service = ProjectService(window.state.workspace.db)
    other = service.create("別案件ベータ")
    dialog = ProjectsDialog(window.state, window)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(dialog.model.row_of(other.id))
    service.delete(other.id)  # another window
    dialog.archive_selected()
    assert len(said) == 1 and "別案件ベータ" in said[0] and f"ID {other.id}" not in said[0], said
    assert dialog.model.row_of(other.id) < 0  # gone from the list
    gamma = service.create("別案件ガンマ")
    dialog.reload()
    dialog.table.selectRow(dialog.model.row_of(gamma.id))

    def ask(*_args, **_kwargs) -> str:
        service.delete(gamma.id)  # another window, while the name is typed
        return "別案件デルタ"

    monkeypatch.setattr(messages, "ask_text", ask)
    dialog.rename_selected()
    assert len(said) == 2 and "別案件ガンマ" in said[1], said
    assert dialog.model.row_of(gamma.id) < 0
