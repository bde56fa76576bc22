"""breaker40b: undo and redo after every kind of edit, in the Japanese window on the demo, as a Japanese
consultant would in front of a customer (typed keys, IME commits for Japanese text, clicks, Ctrl+Z / Ctrl+Y,
Edit ▸ 元に戻す / やり直し). After each edit: Undo brings back what the project file (the export of the whole
project, read in process) held before, Redo what it held after, the Edit menu names the step in Japanese.

Tried and held (what a check compares: the exported project, timestamps and answer history aside):
- WBS by keys: indent, outdent, move up / down (one task and three selected), Insert, Ctrl+Insert, schedule,
  levelling (preview accepted), Generate after hearing changes, drop onto a task, the Agreed tick, progress,
  a plan baseline saved and deleted, a person added; Delete of a task made by hand. Undo texts インデント,
  アウトデント, 上へ移動, 下へ移動, タスクを追加, 子タスクを追加, スケジュール, 負荷の平準化, ヒアリングからWBSを生成,
  顧客合意の編集, 進捗を編集, ベースラインを保存 / 削除, 要員を追加. (The next task number stays counted after
  an undo: not counted as a defect, nothing shows it.)
- Hearing: text typed, note, status, follow-up owner / due / done, a number now and later, a choice, several
  choices, table rows removed / moved / pasted (Ctrl+V; a pasted date that does not fit: Ctrl+Z drops the
  draft and leaves the step before alone). Each 「…」を編集 / 「…」の状態を変更 by the item's Japanese label.
- Experiment / Data platform & CI: a choice, a check box, one of several check boxes, ↺ reset, a suggestion
  box, a line, a paragraph, a storage location cell, a dataset cell; each named by its field's label.
- Proposal: a section typed (one step for the burst), *Use template text*, problems added / moved / removed,
  a phase changed, the effort estimate reset.
- Review: a score picked, a suggestion accepted, a WBS task made of an item.
- System planning: the price kind and the region; the capacity and cost figures follow.
- Project properties (customer, description, PoC start, document language: one step; the proposal's language
  follows the undo), File ▸ Rename (F2): window title and switcher follow; company holidays added (Settings).
- Agreement baselines: created, signed off (ベースラインを作成, 合意を記録), undone and redone (the undo of the
  first one leaves an empty index whose snapshot counter has grown: by design, its docstring says so).
- Undo from the Edit menu while a cell editor is open with text not committed (WBS notes and title, a proposal
  problem, a dataset cell, a hearing table cell, a review evidence cell): the typing is taken back, the step
  before stays, Redo brings the typing back.
- Language switches ja → en → ja → en → ja with 15 steps of every page on the stack: the texts come back the
  same in Japanese each time (English in between), then all undone and redone (one round trip kept here).
- 210 steps (110 WBS moves by keys, 100 experiment choices) undone to the start and redone to the end, the
  project file equal at both ends (about 20 s: kept here as 60 steps).

Broke:
- Delete of a task the WBS generated from the hearing, then Ctrl+Z: the task is back, but the WBS still
  records it as one the user deleted (the project file's WBS document keeps it under "dismissed"). When the
  hearing later stops and then again calls for that task, Generate removes it and never adds it back
  (「ヒアリング結果に必要なタスクはすべてWBSにあります。」), as if the user had deleted it
  (test_a_generated_task_deleted_and_undone_comes_back_when_the_hearing_calls_for_it_again).

Not tried (time): hypothesis mode (the demo holds no hypothesis), interview mode's keys, the large table
editor's row form, the minutes after an undo made once the session ended.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QPushButton,
    QTableView,
)

from app.projects.transfer import export_data, export_file
from app.ui.wbs.columns import INDEX
from tests.gui_helpers import environment_page, open_hearing_item, proposal_section, settle, wbs_find
from tests.test_nothing_lost_gui import stored
from tests.test_review_page import pick_value

CTRL = Qt.KeyboardModifier.ControlModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
ENGLISH_WORD = re.compile(r"\b(?!MLOps\b|WBS\b|Savings\b|Plans\b)[A-Za-z]{4,}\b")  # product names stay
ONBOARDING = (
    "追加メンバのオンボーディング準備"  # generated while hearing.prereq.users_ds (later) is at least 3
)
USERS_DS = "hearing.prereq.users_ds"


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)
    settle(japanese_window)
    return japanese_window


# --- helpers ------------------------------------------------------------------------------------------


def ime(field, text: str) -> None:
    """Japanese committed by an input method (QTest cannot type it as keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def type_into(qtbot, field, text: str, select: bool = True) -> None:
    field.setFocus()
    if select and hasattr(field, "selectAll"):
        field.selectAll()
    for ch in text:
        if ord(ch) < 128:
            qtbot.keyClicks(field, ch)
        else:
            ime(field, ch)


def click(qtbot, widget) -> None:
    if isinstance(widget, QCheckBox):  # on its box, not the middle of a wide row
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _strip(data):
    if isinstance(data, dict):
        return {
            k: _strip(v)
            for k, v in data.items()
            if k not in ("updated_at", "exported_at", "changed_at", "history", "app_version")
        }
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def project_file(window) -> dict:
    """What `project export` writes for the open project, times and answer history aside."""
    return _strip(export_data(window.state.workspace.db, window.state.project_id))


def without_task_counter(data: dict) -> dict:
    """The WBS's next task number stays counted after an undo (nothing shows it): left out."""
    for doc in data["documents"]:
        if doc["kind"] == "wbs" and isinstance(doc["data"], dict):
            doc["data"].pop("next_uid", None)
    return data


def undo_redo_round(window, edit, expected_text: str) -> None:
    """Make ``edit`` (one step), then Undo: the project as before; Redo: as after; the step named in Japanese."""
    before = without_task_counter(project_file(window))
    steps = window.state.undo_stack.index()
    edit()
    settle(window)
    after = without_task_counter(project_file(window))
    assert after != before, f"{expected_text}: nothing saved"
    assert window.state.undo_stack.index() == steps + 1, expected_text
    text = window.undo_action.text()
    assert text == f"元に戻す(&U) {expected_text}", text
    assert JAPANESE.search(text) and not ENGLISH_WORD.search(text) and "hearing." not in text, text
    window.undo_action.trigger()
    settle(window)
    assert without_task_counter(project_file(window)) == before, f"undo of {expected_text}"
    assert window.redo_action.text() == f"やり直し(&R) {expected_text}"
    window.redo_action.trigger()
    settle(window)
    assert without_task_counter(project_file(window)) == after, f"redo of {expected_text}"


def wbs_page(window):
    window.show_page("wbs")
    settle(window)
    return window.page("wbs")


def wbs_keys(qtbot, page, task_ids: list[int], key, modifiers=NONE):
    def run() -> None:
        selection = page.tree.selectionModel()
        selection.clearSelection()
        page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task_ids[0])))
        for task_id in task_ids:
            selection.select(page.proxy.mapFromSource(page.model.index_of(task_id)),
                             QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip
        page.tree.setFocus()
        qtbot.keyClick(page.tree, key, modifiers)

    return run


def set_users_later(window, qtbot, text: str) -> None:
    editor = open_hearing_item(window, qtbot, USERS_DS)
    type_into(qtbot, editor.editors["later"].edit, text)
    settle(window)
    assert stored(window, USERS_DS).later == int(text)


def generate(window) -> str:
    page = wbs_page(window)
    page.generate_button.click()
    settle(window)
    return page.details.text()


def titles(window) -> list[str]:
    return [t.title for t in window.page("wbs").model.tree.tasks.values()]


# --- the defect ---------------------------------------------------------------------------------------


def test_a_generated_task_deleted_and_undone_comes_back_when_the_hearing_calls_for_it_again(
    window, qtbot, tmp_path: Path
) -> None:
    page = wbs_page(window)
    exported = export_file(window.state.workspace.db, window.state.project_id, tmp_path / "before.json")
    before = json.loads(exported.read_text(encoding="utf-8"))
    wbs_keys(qtbot, page, [wbs_find(page, ONBOARDING)], Qt.Key.Key_Delete)()
    settle(window)
    assert ONBOARDING not in titles(window)
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, CTRL)  # a slip: taken back at once
    settle(window)
    assert ONBOARDING in titles(window)
    assert not window.undo_action.isEnabled()  # nothing left to undo: the project is as it was

    # Weeks later the customer says nobody joins after all, then that five will join.
    set_users_later(window, qtbot, "1")
    assert generate(window) == "0件追加、0件更新、1件削除しました。"
    assert ONBOARDING not in titles(window)
    set_users_later(window, qtbot, "5")
    said = generate(window)
    assert ONBOARDING in titles(window), (
        said
    )  # today: 「ヒアリング結果に必要なタスクはすべてWBSにあります。」, the task missing

    # What the project file said of the WBS right after the undo is what it said before the delete.
    exported = export_file(window.state.workspace.db, window.state.project_id, tmp_path / "after.json")
    wbs_doc = lambda data: next(d["data"] for d in data["documents"] if d["kind"] == "wbs")  # noqa: E731
    assert wbs_doc(json.loads(exported.read_text(encoding="utf-8"))).get("dismissed") == wbs_doc(before).get(
        "dismissed"
    )


# --- held ---------------------------------------------------------------------------------------------


def test_held_without_the_delete_and_undo_the_generator_brings_the_task_back(window, qtbot) -> None:
    """The control of the test above: the same hearing changes alone bring the task back."""
    wbs_page(window)
    set_users_later(window, qtbot, "1")
    assert generate(window) == "0件追加、0件更新、1件削除しました。"
    set_users_later(window, qtbot, "5")
    assert generate(window) == "1件追加、0件更新、0件削除しました。"
    assert ONBOARDING in titles(window)


def test_held_wbs_structure_keys_undo_and_redo_exactly(window, qtbot) -> None:
    page = wbs_page(window)
    task = wbs_find(page, "WBS作成")
    undo_redo_round(window, wbs_keys(qtbot, page, [task], Qt.Key.Key_Right, ALT_SHIFT), "インデント")
    undo_redo_round(window, wbs_keys(qtbot, page, [task], Qt.Key.Key_Left, ALT_SHIFT), "アウトデント")
    three = [
        wbs_find(page, name)
        for name in ("0. プロジェクト概要", "1. 受領データの取り扱い", "2. ドキュメント管理方針")
    ]
    undo_redo_round(window, wbs_keys(qtbot, page, three, Qt.Key.Key_Down, ALT_SHIFT), "下へ移動")
    undo_redo_round(window, wbs_keys(qtbot, page, [task], Qt.Key.Key_Insert, CTRL), "子タスクを追加")
    page.exec_dialog = lambda _dialog: QDialog.DialogCode.Accepted  # the levelling preview: Apply
    undo_redo_round(window, page.level_button.click, "負荷の平準化")


def test_held_hearing_and_environment_edits_undo_and_redo_exactly(window, qtbot) -> None:
    editor = open_hearing_item(window, qtbot, "hearing.basics.background")
    undo_redo_round(
        window,
        lambda: type_into(qtbot, editor.editors["value"].edit, "背景を書き直す v2"),
        "「背景・課題」を編集",
    )
    editor = open_hearing_item(window, qtbot, "hearing.basics.team")
    table = editor.editors["value"]

    def paste() -> None:
        QApplication.clipboard().setText("伊藤\t顧客\tDS\n加藤\t自社\tPM")
        table.view.setFocus()
        table.view.setCurrentIndex(table.model.index(table.model.rowCount() - 1, 0))
        qtbot.keyClick(table.view, Qt.Key.Key_V, CTRL)

    undo_redo_round(window, paste, "「体制」を編集")
    page = environment_page(window, qtbot, "data-ci")
    undo_redo_round(
        window,
        lambda: click(qtbot, page.findChild(QCheckBox, "field_ci_triggers_schedule")),
        "実行のきっかけの変更",
    )


def test_held_menu_undo_with_a_cell_editor_open_takes_back_that_typing_only(window, qtbot) -> None:
    def open_and_type(view, index, text: str) -> None:
        view.setFocus()
        view.setCurrentIndex(index)
        view.edit(index)
        type_into(qtbot, QApplication.focusWidget(), text)

    page = wbs_page(window)
    first, second = wbs_find(page, "WBS作成"), wbs_find(page, "中間報告")
    page.proxy.setData(page.proxy.mapFromSource(page.model.index_of(first, INDEX["notes"])), "先の編集")
    settle(window)
    open_and_type(page.tree, page.proxy.mapFromSource(page.model.index_of(second, INDEX["notes"])), "typing")
    window.undo_action.trigger()
    settle(window)
    tasks = page.model.tree.tasks
    assert (tasks[first].notes, tasks[second].notes) == ("先の編集", "")
    window.redo_action.trigger()
    settle(window)
    assert page.model.tree.tasks[second].notes == "typing"

    page = environment_page(window, qtbot, "data-ci")
    datasets = page.findChild(QTableView, "datasetsTable")
    model = datasets.model()
    owner = model.index(0, 2).data()
    model.setData(model.index(0, 1), "first_edit")
    settle(window)
    open_and_type(datasets, model.index(0, 2), "owner typed")
    window.undo_action.trigger()
    settle(window)
    assert (model.index(0, 1).data(), model.index(0, 2).data()) == ("first_edit", owner)


def test_held_properties_rename_and_baselines_undo_in_one_step_each(window, qtbot, monkeypatch) -> None:
    from app.ui import messages
    from app.ui.baselines import BaselinesDialog
    from app.ui.projects.properties import ProjectPropertiesDialog

    def properties() -> None:
        def answer(dialog) -> int:
            assert isinstance(dialog, ProjectPropertiesDialog)
            type_into(qtbot, dialog.customer, "新顧客")
            dialog.description.setPlainText("説明")
            dialog.lang.setCurrentIndex(1)
            dialog.apply()
            return dialog.result()

        monkeypatch.setattr(window, "exec_dialog", answer)
        window.properties_action.trigger()

    undo_redo_round(window, properties, "プロジェクトのプロパティを変更")
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "新しい名前")
    undo_redo_round(window, window.rename_action.trigger, "プロジェクト名を「新しい名前」に変更")
    window.undo_action.trigger()
    settle(window)
    assert window.windowTitle().startswith("類似画像検索PoC(デモ)")

    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "合意1")
    dialog = BaselinesDialog(window.state, window)
    dialog.show()
    try:
        dialog.create_button.click()
        settle(window)
        dialog.table.selectRow(0)
        dialog.who.setText("佐藤")
        undo_redo_round(window, dialog.sign_button.click, "合意を記録")
    finally:
        dialog.close()
        dialog.deleteLater()


def test_held_undo_texts_survive_a_language_round_trip(window, qtbot) -> None:
    page = wbs_page(window)
    wbs_keys(qtbot, page, [wbs_find(page, "WBS作成")], Qt.Key.Key_Right, ALT_SHIFT)()
    settle(window)
    page.schedule_button.click()
    settle(window)
    window.show_page("review")
    settle(window)
    pick_value(qtbot, window, "model.spec_reviewed", "score", 1.0)
    window.show_page("system-planning")
    settle(window)
    kinds = window.page("system-planning").findChild(QComboBox, "priceKindCombo")
    kinds.setCurrentIndex(1)
    kinds.activated.emit(1)
    settle(window)
    proposal, section, _field = proposal_section(window, qtbot, 2)
    proposal.findChild(QPushButton, "addCustomRowButton").click()
    settle(window)
    stack = window.state.undo_stack
    texts = lambda: [stack.command(i).text() for i in range(stack.count())]  # noqa: E731
    japanese = texts()
    assert len(japanese) == 5 and all(JAPANESE.search(t) and not ENGLISH_WORD.search(t) for t in japanese), (
        japanese
    )
    window.set_ui_lang("en")  # the pages that made the steps are rebuilt: their texts are made again
    settle(window)
    assert texts()[0] == "Indent"
    window.set_ui_lang("ja")
    settle(window)
    assert texts() == japanese
    for _ in range(5):
        window.undo_action.trigger()
        settle(window)
    before_all = stack.index()
    for _ in range(5):
        window.redo_action.trigger()
        settle(window)
    assert (before_all, stack.index()) == (0, 5)


def test_held_sixty_steps_undone_to_the_start_and_redone_to_the_end(window, qtbot) -> None:
    page = wbs_page(window)
    start = project_file(window)
    wbs_keys(qtbot, page, [wbs_find(page, "WBS作成")], Qt.Key.Key_Down, ALT_SHIFT)()
    for n in range(29):
        qtbot.keyClick(page.tree, Qt.Key.Key_Up if n % 2 == 0 else Qt.Key.Key_Down, ALT_SHIFT)
    experiment = environment_page(window, qtbot, "experiment")
    gpu = experiment.findChild(QComboBox, "field_gpu")
    for n in range(30):
        index = 1 + n % (gpu.count() - 1)
        gpu.setCurrentIndex(index)
        gpu.activated.emit(index)
    settle(window)
    end = project_file(window)
    assert window.state.undo_stack.index() == 60
    for _ in range(200):  # (bounded: an Undo that stayed enabled doing nothing would spin for ever)
        if not window.undo_action.isEnabled():
            break
        window.undo_action.trigger()
    settle(window)
    assert not window.undo_action.isEnabled() and project_file(window) == start
    for _ in range(200):
        if not window.redo_action.isEnabled():
            break
        window.redo_action.trigger()
    settle(window)
    assert project_file(window) == end and window.state.undo_stack.index() == 60
