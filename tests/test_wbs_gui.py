"""The WBS page through its real widgets: model checks, keyboard editing, undo/redo, filters,
drag and drop, generation, scheduling and the Excel import preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QTableView, QWidget

from app.ui import messages
from app.ui.wbs.columns import INDEX
from app.ui.wbs.model import PROBLEM_BG, WbsModel
from app.wbs.files.xlsx import export_wbs_xlsx
from tests.gui_helpers import close_window, make_window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    win.show_page("wbs")
    yield win
    close_window(win)


@pytest.fixture
def page(window):
    return window.page("wbs")


def titles(page) -> list[str]:
    return [t.title for t in page.service.tasks(page.state.project_id)]


def find(page, title: str) -> int:
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def view_index(page, task_id: int, key: str = "title") -> QModelIndex:
    return page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key]))


def test_the_model_passes_qtmodeltester_also_while_it_changes(page, qtmodeltester, monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)  # deleting a task with sub-tasks asks
    assert page.model.rowCount() == 6 and len(page.model.tree.tasks) > 60
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    wiki = find(page, "Experiment rules (wiki)")
    page.select_task(wiki)
    # The testers stay attached and re-check the model on every signal of these edits.
    page.indent()  # structural: layoutChanged with persistent indexes moved along
    page.move_selected(-1)
    page.outdent()
    page.delete_selected()
    page.state.undo_stack.undo()
    page.commit(page.service.update(page.state.project_id, [wiki], notes="checked"), "edit")
    qtmodeltester.check(page.model)


def test_keyboard_indent_outdent_and_undo_redo_through_the_window(window, page, qtbot) -> None:
    pid = page.state.project_id
    task = find(page, "Follow up open hearing items")
    page.select_task(task)
    window.activateWindow()
    qtbot.waitActive(window)  # shortcuts reach the focused widget of the active window only
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)  # focus arrives asynchronously on a real X server
    qtbot.keyClick(page.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    tree = page.service.tree(pid)
    assert tree.codes[task] == "2.1.1"  # now under 2.1, the hearing
    assert page.model.tree.codes[task] == "2.1.1" and page.current_id() == task
    assert window.undo_action.isEnabled() and "Indent" in window.undo_action.text()
    window.undo_action.trigger()
    assert page.service.tree(pid).codes[task] == "2.2" and page.model.tree.codes[task] == "2.2"
    window.redo_action.trigger()
    assert page.service.tree(pid).codes[task] == "2.1.1"
    qtbot.keyClick(page.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert page.service.tree(pid).codes[task] == "2.3"
    assert "Saved" in window.findChild(type(window.save_label), "saveState").text()


def test_inline_edit_with_the_delegate_and_undo(window, page, qtbot) -> None:
    pid = page.state.project_id
    task = find(page, "2. Document management")
    index = view_index(page, task, "completion_condition")
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    editor = page.tree.findChild(QLineEdit, "wbsEditor_completion_condition")
    assert editor is not None and editor.text() == "Where each kind of document lives is decided"
    editor.setText("格納場所一覧をwikiに公開した")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event-loop turn
    qtbot.waitUntil(lambda: page.service.tree(pid).tasks[task].completion_condition == "格納場所一覧をwikiに公開した")
    assert page.model.data(page.model.index_of(task, INDEX["completion_condition"])) == "格納場所一覧をwikiに公開した"
    window.undo_action.trigger()
    assert page.service.tree(pid).tasks[task].completion_condition == "Where each kind of document lives is decided"


def test_a_multi_select_edit_through_a_combo_is_one_undo_step(window, page) -> None:
    pid = page.state.project_id
    ids = [find(page, t) for t in ("2. Document management", "4. Branch rules", "6. Coding rules")]
    page.select_task(ids[0])
    selection = page.tree.selectionModel()
    for task_id in ids[1:]:
        selection.select(view_index(page, task_id), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    index = view_index(page, ids[1], "priority")
    page.tree.edit(index)
    combo = page.tree.findChild(QComboBox, "wbsEditor_priority")
    combo.setCurrentIndex(combo.findData("could"))
    page.tree.commitData(combo)
    page.tree.closeEditor(combo, page.tree.itemDelegate().EndEditHint.NoHint)
    tree = page.service.tree(pid)
    assert {tree.tasks[i].priority for i in ids} == {"could"}
    window.undo_action.trigger()
    tree = page.service.tree(pid)
    assert [tree.tasks[i].priority for i in ids] == ["should", "must", "should"]


def test_add_and_delete_by_keyboard(window, page, qtbot) -> None:
    before = len(page.model.tree.tasks)
    page.select_task(find(page, "Write the WBS"))
    window.activateWindow()
    qtbot.waitActive(window)
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)
    qtbot.keyClick(page.tree, Qt.Key.Key_Insert)
    new = page.current_id()
    assert len(page.model.tree.tasks) == before + 1 and page.model.tree.codes[new] == "2.4"
    editor = page.tree.findChild(QLineEdit, "wbsEditor_title")
    assert editor is not None  # the new task opens for typing its title
    editor.setText("レビュー会の準備")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.tree.tasks[new].title == "レビュー会の準備")
    # A new task has no completion condition yet: shown as a problem in the table.
    assert page.model.data(page.model.index_of(new, INDEX["completion_condition"]), Qt.ItemDataRole.BackgroundRole).color() == PROBLEM_BG
    page.select_task(new)
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert len(page.model.tree.tasks) == before and "レビュー会の準備" not in titles(page)
    window.undo_action.trigger()
    assert "レビュー会の準備" in titles(page)


def test_drag_and_drop_moves_a_task_under_another(window, page) -> None:
    pid = page.state.project_id
    moved = find(page, "Link technical and business KPIs")
    target = find(page, "Agree evaluation metrics and the exit criterion")
    data = page.model.mimeData([page.model.index_of(moved)])
    assert page.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, page.model.index_of(target))
    tree = page.service.tree(pid)
    assert tree.tasks[moved].parent_id == target and tree.codes[moved] == tree.codes[target] + ".1"
    # Never into its own sub-tree.
    assert not page.model.canDropMimeData(page.model.mimeData([page.model.index_of(target)]), Qt.DropAction.MoveAction, -1, 0, page.model.index_of(moved))
    window.undo_action.trigger()
    assert page.service.tree(pid).tasks[moved].parent_id != target


def test_filters(page, qtbot) -> None:
    page.filters.not_agreed.setChecked(True)
    visible = []

    def walk(parent=QModelIndex()):
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            visible.append(page.model.task(page.proxy.mapToSource(index)))
            walk(index)

    walk()
    leaves = [t for t in visible if not page.model.tree.has_children(t.id)]
    assert leaves and all(not t.agreed for t in leaves)
    page.clear_filters()
    page.filters.no_completion.setChecked(True)
    visible.clear()
    walk()
    assert [t.title for t in visible if not t.completion_condition] == ["Arrange the store staff's visual review"]
    page.clear_filters()
    page.filters.priority.setCurrentIndex(page.filters.priority.findData("wont"))
    visible.clear()
    walk()
    assert [t.title for t in visible if t.priority == "wont"] == ["Decide on moving to an experiment tracker (MLflow or similar)"]
    page.clear_filters()
    owner = page.filters.owner.findData("role:customer")
    page.filters.owner.setCurrentIndex(owner)
    visible.clear()
    walk()
    assert {t.owner_role for t in visible if not page.model.tree.has_children(t.id)} == {"customer"}
    page.clear_filters()
    qtbot.waitUntil(lambda: "By phase" in page.totals_label.text())
    assert "person-days" in page.totals_label.text() and "By role" in page.totals_label.text()


def test_generate_and_schedule_on_a_new_project(window, page, monkeypatch, qtbot) -> None:
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "Fresh PoC")
    window.new_action.trigger()
    window.show_page("wbs")
    assert page.model.rowCount() == 0 and page.empty_label.isVisibleTo(page)
    page.generate_button.click()  # on a worker: the page is busy meanwhile, the window is not
    assert not page.generate_button.isEnabled()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert page.model.rowCount() == 6 and "Tasks added: " in page.details.text()  # the article's six phases, 4. CI環境構築 too
    page.schedule_button.click()
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)
    assert all(t.start for t in page.model.tree.tasks.values())
    assert page.gantt.visible_rows() and not page.gantt.grab().isNull()
    window.undo_action.trigger()  # the schedule
    assert not any(t.start for t in page.model.tree.tasks.values())
    window.undo_action.trigger()  # the generation
    assert page.model.rowCount() == 0


def test_predecessor_picker_and_a_refused_cycle(window, page, monkeypatch) -> None:
    errors = []
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title=None: errors.append(str(error)))
    first = find(page, "Customer hearing")
    later = find(page, "Write the WBS")

    def accept_with(ticked: int):
        def run(dialog: QDialog) -> int:
            for n in range(dialog.list.count()):
                item = dialog.list.item(n)
                if item.data(Qt.ItemDataRole.UserRole) == ticked:
                    item.setCheckState(Qt.CheckState.Checked)
            dialog.lag.setValue(2)
            return QDialog.DialogCode.Accepted

        return run

    page.select_task(first)
    monkeypatch.setattr(page, "exec_dialog", accept_with(later))
    page.pick_predecessors()
    assert errors and "cycle" in errors[0]  # Write the WBS already waits for the hearing
    page.select_task(later)
    monkeypatch.setattr(page, "exec_dialog", accept_with(find(page, "Agree evaluation metrics and the exit criterion")))
    page.pick_predecessors()
    deps = page.service.tree(page.state.project_id).tasks[later].dependencies
    assert len(deps) == 2 and {d.lag_days for d in deps} == {2}


def test_import_from_excel_with_a_preview(window, page, qtbot, monkeypatch, tmp_path: Path) -> None:
    import openpyxl

    ws = page.state.workspace
    pid = page.state.project_id
    out = export_wbs_xlsx(ws, pid, tmp_path / "wbs.xlsx", "ja")
    book = openpyxl.load_workbook(out)
    sheet = book["WBS"]
    sheet.cell(3, 5).value = "進行中"  # status of 1.1
    book.save(out)
    shown = {}
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(out))

    def preview(dialog: QDialog) -> int:
        model = dialog.findChild(QTableView, "wbsImportChanges").model()
        shown["lines"] = [" | ".join(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "exec_dialog", preview)
    page.import_excel()  # the workbook is read off the UI thread, then the preview opens
    task = find(page, "Background and the problems with countermeasures")
    qtbot.waitUntil(lambda: page.service.tree(pid).tasks[task].status.value == "in_progress", timeout=20000)
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)  # the apply ran on a worker; the undo step is pushed
    assert len(shown["lines"]) == 1 and shown["lines"][0].startswith("1.1 ") and "| Status | Done | In progress |" in shown["lines"][0]
    assert page.import_button.isEnabled()
    window.undo_action.trigger()
    assert page.service.tree(pid).tasks[task].status.value == "done"


def test_a_big_wbs_loads_whole(page) -> None:
    """5,000 tasks in the model: every top-level row and its sub-tasks (how fast is `make bench`'s, as a ratio
    against the demo's page in the same run: a timed bound here failed on a loaded CI machine)."""
    from app.wbs.model import Task, WbsTree

    tasks = [Task(id=i, uid=i, parent_id=None if i % 20 == 1 else (i - (i - 1) % 20), position=i, title=f"Task {i}") for i in range(1, 5001)]
    model = WbsModel(page.catalog, page.state.workspace.library, "en")
    model.reset(WbsTree.build(tasks))
    assert model.rowCount() == 250
    last = model.index(249, 0)
    assert model.rowCount(last) == 19 and "Task 5000" in str(model.index(18, 0, last).data())


# The offscreen platform cannot raise a popup or grab the keyboard for it; not our warnings.
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")
def test_the_date_picker_and_the_estimate_spinner(window, page, qtbot) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QCalendarWidget, QDoubleSpinBox

    from app.ui.wbs.delegates import DateEditor

    pid = page.state.project_id
    task = find(page, "4. Branch rules")
    page.tree.edit(view_index(page, task, "start"))
    picker = page.tree.findChild(DateEditor, "wbsEditor_start")
    start = page.service.tree(pid).tasks[task].start
    assert picker is not None and picker.text() == start.isoformat()
    qtbot.keyClick(picker, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the calendar, on the task's date
    calendar = picker.findChild(QCalendarWidget, "wbsDateCalendar")
    assert calendar is not None and calendar.isVisible() and calendar.selectedDate() == QDate(start.year, start.month, start.day)
    calendar.setSelectedDate(QDate(2031, 3, 4))
    qtbot.keyClick(calendar.findChild(QWidget, "qt_calendar_calendarview"), Qt.Key.Key_Return)
    assert not calendar.isVisible() and picker.text() == "2031-03-04"
    page.tree.commitData(picker)
    page.tree.closeEditor(picker, page.tree.itemDelegate().EndEditHint.NoHint)
    assert page.service.tree(pid).tasks[task].start == dt.date(2031, 3, 4)
    page.tree.edit(view_index(page, task, "estimate_days"))
    spin = page.tree.findChild(QDoubleSpinBox, "wbsEditor_estimate")
    spin.setValue(2.5)
    page.tree.commitData(spin)
    page.tree.closeEditor(spin, page.tree.itemDelegate().EndEditHint.NoHint)
    assert page.service.tree(pid).tasks[task].estimate_days == 2.5
    # A summary's estimate and dates add up its sub-tasks: not editable.
    summary = page.model.tree.tasks[task].parent_id
    assert not page.model.flags(page.model.index_of(summary, INDEX["estimate_days"])) & Qt.ItemFlag.ItemIsEditable
    assert page.model.data(page.model.index_of(summary, INDEX["estimate_days"])) == "6"  # 3.75 - 0.25 + 2.5


def test_a_foreign_workbook_is_refused_from_the_ui_and_nothing_changes(window, page, qtbot, monkeypatch, tmp_path: Path) -> None:
    import openpyxl

    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    errors = []
    monkeypatch.setattr(messages, "open_file", lambda *a, **k: str(plain))
    monkeypatch.setattr(messages, "show_error", lambda parent, error, title=None: errors.append(str(error)))
    before = page.service.tasks(page.state.project_id)
    page.import_excel()
    qtbot.waitUntil(lambda: bool(errors), timeout=20000)
    assert "not a WBS workbook" in errors[0] and page.import_button.isEnabled()
    assert page.service.tasks(page.state.project_id) == before


def test_a_summary_row_shows_its_sub_tasks_status_and_is_not_edited_there(window, page, qtbot) -> None:
    pid = page.state.project_id
    parent = find(page, "Experiment rules (wiki)")
    kids = page.model.tree.kids(parent)
    summary_cell = view_index(page, parent, "status")
    assert page.proxy.data(summary_cell) == "Not started"
    assert not page.proxy.flags(summary_cell) & Qt.ItemFlag.ItemIsEditable
    index = view_index(page, kids[0], "status")
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    combo = page.tree.findChild(QComboBox, "wbsEditor_status")
    combo.setCurrentIndex(combo.findData("done"))
    page.tree.commitData(combo)
    page.tree.closeEditor(combo, page.tree.itemDelegate().EndEditHint.NoHint)
    assert page.service.tree(pid).tasks[kids[0]].status.value == "done"
    assert page.proxy.data(summary_cell) == "In progress"
    window.undo_action.trigger()
    assert page.proxy.data(summary_cell) == "Not started"


def test_the_gantt_draws_an_arrow_for_each_link_on_screen(window, page, monkeypatch) -> None:
    window.resize(1400, 900)
    gantt = window.findChild(QWidget, "wbsGantt")
    pid = page.state.project_id
    hearing, wbs = find(page, "Customer hearing"), find(page, "Write the WBS")

    def arrows_into(task_id: int) -> list:
        bars = gantt.bars()
        return [(a, b) for a, b in gantt.links(bars) if b == bars.get(task_id)]

    before = arrows_into(wbs)
    assert len(before) == 1  # Write the WBS waits for the hearing (2.1)
    arrow_from, arrow_to = before[0]
    assert arrow_from == gantt.bars()[hearing] and arrow_from.x2 <= arrow_to.x1 + gantt.day_width
    # Another predecessor through the picker: a second arrow; undo takes it away again.
    metrics = find(page, "Agree evaluation metrics and the exit criterion")

    def tick(dialog: QDialog) -> int:
        for n in range(dialog.list.count()):
            if dialog.list.item(n).data(Qt.ItemDataRole.UserRole) == metrics:
                dialog.list.item(n).setCheckState(Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    page.select_task(wbs)
    monkeypatch.setattr(page, "exec_dialog", tick)
    page.pick_predecessors()
    assert len(page.service.tree(pid).tasks[wbs].dependencies) == 2
    assert len(arrows_into(wbs)) == 2
    window.undo_action.trigger()
    assert len(arrows_into(wbs)) == 1


def test_deleting_a_date_in_its_editor_clears_it(window, page, qtbot) -> None:
    import datetime as dt

    pid = page.state.project_id
    task = find(page, "4. Branch rules")
    page.commit(page.service.update(pid, [task], start=dt.date(2031, 3, 4)), "set a start")
    window.activateWindow()
    qtbot.waitActive(window)
    index = view_index(page, task, "start")
    page.tree.setCurrentIndex(index)
    page.tree.edit(index)
    editor = page.tree.findChild(QWidget, "wbsEditor_start")
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select the text, delete it
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.service.tree(pid).tasks[task].start is None)
    assert page.model.data(page.model.index_of(task, INDEX["start"])) == ""
    window.undo_action.trigger()  # one undo step brings the date back
    assert page.service.tree(pid).tasks[task].start == dt.date(2031, 3, 4)


def test_deleting_a_task_with_sub_tasks_asks_first_and_says_how_many_go(window, page, qtbot, monkeypatch) -> None:
    asked = []
    answer = False
    monkeypatch.setattr(messages, "confirm", lambda parent, title, text: asked.append(text) or answer)
    parent = find(page, "Experiment rules (wiki)")
    kids = page.model.tree.kids(parent)
    gone = 1 + len(page.model.tree.descendants(parent))
    before = len(page.model.tree.tasks)
    assert len(kids) >= 2
    page.select_task(parent)
    window.activateWindow()
    qtbot.waitActive(window)
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert len(asked) == 1 and str(gone) in asked[0] and "Experiment rules (wiki)" in asked[0]
    assert len(page.model.tree.tasks) == before and parent in page.service.tree(page.state.project_id).tasks  # No keeps them
    answer = True
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert len(page.model.tree.tasks) == before - gone
    window.undo_action.trigger()
    assert len(page.model.tree.tasks) == before
    # A task without sub-tasks goes at once, as before (undo brings it back).
    asked.clear()
    page.select_task(kids[0])
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert asked == [] and len(page.model.tree.tasks) == before - 1


def test_the_page_its_toolbar_and_its_filters_speak_japanese(qtbot, db_path) -> None:
    win = make_window(qtbot, db_path, global_lang="ja")
    try:
        win.show_page("wbs")
        page = win.page("wbs")
        assert page.generate_button.text() == "ヒアリングから生成・更新"
        assert page.actions_by_name["add"].text() == "タスクを追加"  # the commands' own strings
        assert page.filters.priority.itemText(0) == "すべての優先度"  # the filter bar's
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "WBS / タスク"
    finally:
        close_window(win)


def test_the_excel_export_proposes_the_same_safe_file_name_as_the_other_pages(window, page, monkeypatch) -> None:
    """A project name with a right-to-left override, a path and a reserved device name: the WBS page
    proposes what every other page proposes (app.core.files.safe_names.export_file_name)."""
    from app.core.files.safe_names import export_file_name

    pid = page.state.project_id
    name = "顧客\u202eA/../CON: PoC"
    page.state.project = page.state.projects.rename(pid, name)
    asked = {}

    def save_file(parent, title, suggested, filters):
        asked["suggested"] = suggested
        return ""  # cancelled

    monkeypatch.setattr(messages, "save_file", save_file)
    page.export_excel()
    assert Path(asked["suggested"]).name == export_file_name(name, "WBS", ".xlsx")
    assert "\u202e" not in asked["suggested"] and Path(asked["suggested"]).parent == Path.home()


def test_full_width_digits_and_japanese_dates_are_typed_in_the_table(window, page, qtbot) -> None:
    """As a Japanese input method types them (it commits the text it composed): 「２．５」 in the
    estimate, 「２０２６／１２／２１」 and 「2027年1月5日」 in a date, 「２．１＋２」 in the predecessors."""
    import datetime as dt

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLineEdit

    from app.ui.wbs.delegates import DateEditor

    pid = page.state.project_id
    task = find(page, "4. Branch rules")

    def type_into(key: str, kind: type, text: str) -> None:
        page.tree.edit(view_index(page, task, key))
        editor = page.tree.findChild(kind, f"wbsEditor_{'estimate' if key == 'estimate_days' else key}")
        line = editor.lineEdit() if isinstance(editor, QDoubleSpinBox) else editor
        line.selectAll()
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(line, event)
        page.tree.commitData(editor)
        page.tree.closeEditor(editor, page.tree.itemDelegate().EndEditHint.NoHint)

    type_into("estimate_days", QDoubleSpinBox, "２．５")
    assert page.service.tree(pid).tasks[task].estimate_days == 2.5
    type_into("start", DateEditor, "２０２６／１２／２１")
    assert page.service.tree(pid).tasks[task].start == dt.date(2026, 12, 21)
    type_into("finish", DateEditor, "2027年1月5日")
    assert page.service.tree(pid).tasks[task].finish == dt.date(2027, 1, 5)
    tree = page.service.tree(pid)
    before = next(t for t in tree.walk() if t.id != task and not tree.has_children(t.id) and t.id not in tree.ancestors(task))
    code = tree.codes[before.id]
    type_into("predecessors", QLineEdit, code.translate(str.maketrans("0123456789.", "０１２３４５６７８９．")) + "＋２")
    assert [(d.predecessor_id, d.lag_days) for d in page.service.tree(pid).tasks[task].dependencies] == [(before.id, 2)]


def test_the_table_editors_speak_japanese(qtbot, db_path, monkeypatch) -> None:
    """Each cell editor of the Japanese window: its accessible name (what a screen reader says), its
    placeholder and tooltips have no English (they named the field by its internal key). Content
    (a role's label such as "SRE") is the content's words, as in the window's walk."""
    from tests.language_walk import content_and_user_texts, looks_english, widget_texts

    monkeypatch.setenv("MLOPS_KICKOFF_LANG", "ja")
    win = make_window(qtbot, db_path, global_lang="ja")
    try:
        win.show_page("wbs")
        page = win.page("wbs")
        tree = page.model.tree
        leaf = next(t.id for t in tree.walk() if not tree.has_children(t.id))
        content = content_and_user_texts("ja")
        english = []
        for key in INDEX:
            index = view_index(page, leaf, key)
            if not page.proxy.flags(index) & Qt.ItemFlag.ItemIsEditable:
                continue
            page.tree.edit(index)
            editor = page.tree.indexWidget(index) or QApplication.focusWidget()
            assert editor is not None and editor.objectName().startswith("wbsEditor_"), key
            english += [f"{key}: {where}: {text}" for w in [editor, *editor.findChildren(QWidget)]
                        for where, text in widget_texts(w) if text and looks_english(text) and text not in content]  # fmt: skip
            page.tree.closeEditor(editor, page.tree.itemDelegate().EndEditHint.RevertModelCache)
        assert english == []
    finally:
        close_window(win)
