"""breaker48c: a Japanese MLOps consultant in front of a customer, keyboard only (a laptop, no mouse), in the
Japanese window (global_lang="ja", widgets by objectName), real key events (QTest for ASCII keys; Japanese as a
Japanese input method sends it: QInputMethodEvent preedit while composing, then its commit).

The input method: Qt's IBus / Fcitx plugins commit the text being composed when the focus is about to change
(QApplication sends QInputMethod.commit() before FocusAboutToChange, on a page switch, a dialog opened and the
window closed or deactivated); the offscreen platform has no input method, so :class:`Ime` plays one: it
commits what it composes at FocusAboutToChange, in the same order (before the focus leaves).

Tried:
- the Go menu's Ctrl+1 … Ctrl+8 with kana being composed in a hearing text answer and in a hearing table cell;
  a save (the pause after typing) while kana are composed; Ctrl+N while composing (Qt's real name dialog, typed
  by keys, Enter); the window closed while composing (a hearing answer, a WBS cell);
- Japanese typed into a WBS cell and a hearing table cell without F2 (composition opens the editor, the commit
  fills it); Insert, type the title, Tab, type the completion condition, Tab (the WBS by keys); Delete, Insert,
  Ctrl+Insert, Alt+Shift+↑, Ctrl+Shift+P / H, Ctrl+2 and F2 pressed in an open WBS cell editor; Ctrl+Z twice after;
- the menus in Japanese (ファイル(&F) … ヘルプ(&H)), Alt+F then P (プロジェクトのプロパティ), Tab from field to
  field in the Project properties and Start hearing session dialogs, Enter to accept.
Held:
- kana being composed reach the field before a page switch (Ctrl+3) and before Ctrl+N's dialog, are saved once,
  in the project they were typed in; a save while composing keeps the preedit, the commit after it is saved;
- Japanese started in a cell without F2 (WBS tree, hearing table) fills the cell, Enter saves it;
- in an open WBS cell: Delete deletes a character (never the task), Ctrl+Insert / F2 / Ctrl+Shift+H do nothing,
  Insert and Alt+Shift+↑ commit the typing first (two undo steps, both taken back by Ctrl+Z), Ctrl+2 commits and
  switches; the name dialog of Ctrl+N is in Japanese (OK / キャンセル), Enter accepts; Alt+F opens ファイル(&F),
  P opens the properties, Enter in the customer field saves.
- Tab in an open cell of the system plan's process table and the data platform's locations / datasets tables
  stores it and opens the next cell of the same row (QTableView; only the WBS tree goes down a row).
Broke (strict xfails first, each fixed since: the composition committed at close; Tab along a WBS row; Tab leaving dialog text boxes):
- the window closed (Ctrl+Q / Alt+F4) while the Japanese input method composes kana in a hearing answer: the
  kana are lost (closeEvent saves first; IBus / Fcitx commit them only as the window is deactivated, after it):
  test_kana_being_composed_when_the_window_closes_is_saved;
- the same in an open WBS cell: test_kana_being_composed_in_a_wbs_cell_when_the_window_closes_is_saved;
- Tab in a WBS cell editor opens the same column of the task below (Qt's QTreeView MoveNext), not the next cell
  of the row: Insert, 「学習パイプライン構築」, Tab, 「精度80%を再現できる」, Tab writes the completion condition over the
  title of the next task (「WBS・完了条件の顧客合意」 gone): test_insert_type_the_title_tab_type_the_condition_tab
  (Shift+Tab likewise opens the row above);
- Tab in the Project properties' description and the hearing session's attendees types a tab character and
  never reaches the fields after it or OK (tabChangesFocus not set, as it is on the pages; Enter there is a new
  line, so the session dialog is finished by keys only with Ctrl+Tab):
  test_tab_leaves_a_dialogs_text_box_for_the_next_field (the conflict dialog's editable merge box, same cause,
  not tried).
Noted, not counted: the Go menu's page items have no mnemonic letter (arrows and Enter reach them; Ctrl+1 … 8);
File ▸ 終了(&Q) has no Ctrl+Q; a modal dialog closed on the offscreen platform leaves no active window (platform).
Not tried (time-box): Ctrl+Z pressed while composing (a real IME decides whether it sees the key), the conflict
dialog by keys.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit

from app.ui.wbs.columns import INDEX
from app.wbs.service import WbsService
from tests.gui_helpers import close_window, make_window, open_hearing_item, settle, wbs_find

BACKGROUND = "hearing.basics.background"  # a text answer (背景・課題)
CTRL = Qt.KeyboardModifier.ControlModifier


class Ime(QObject):
    """A Japanese input method: ``compose`` shows kana not converted yet (preedit), ``commit`` sends it;
    it commits what it composes when the focus is about to leave its widget, as Qt's IBus plugin does."""

    def __init__(self) -> None:
        super().__init__()
        self.target: QObject | None = None
        self.preedit = ""
        self.commits: list[str] = []
        QApplication.instance().installEventFilter(self)

    def compose(self, widget, text: str) -> None:
        self.target, self.preedit = widget, text
        QApplication.sendEvent(widget, QInputMethodEvent(text, []))

    def commit(self, text: str | None = None) -> None:
        widget, text = self.target, self.preedit if text is None else text
        self.preedit = ""
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        self.commits.append(text)
        QApplication.sendEvent(widget, event)

    def type(self, widget, text: str) -> None:
        """Composed and converted at once (Space, Enter): the commit of ``text``."""
        self.target = widget
        self.commit(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # overrides QObject.eventFilter
        if event.type() == QEvent.Type.FocusAboutToChange and watched is self.target and self.preedit:
            self.commit()
        return False

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self)


@pytest.fixture
def ime():
    method = Ime()
    yield method
    method.remove()


@pytest.fixture
def window(japanese_window):
    return japanese_window


def key(widget, k, modifier=Qt.KeyboardModifier.NoModifier, text: str = "") -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, k, modifier, text))


def answer(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id).value


SOURCES = "hearing.prereq.data_sources"  # a table answer (データの種類)


def stored(window):
    return WbsService(window.state.workspace.db).tree(window.state.project_id)


def wbs_cell(window, qtbot, title: str, column: str | None):
    """The WBS page shown, the task ``title`` current (its ``column`` cell opened with F2 when given)."""
    window.show_page("wbs")
    settle(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.page("wbs")
    task = wbs_find(page, title)
    page.select_task(task)
    page.tree.setFocus()
    if column is not None:
        page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task, INDEX[column])))
        qtbot.keyClick(page.tree, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: page.tree.state() == QAbstractItemView.State.EditingState)
        QApplication.focusWidget().selectAll()
    return page, task


def table_cell(window, qtbot, row=0, column=0):
    """A cell of the hearing's data-sources table opened with F2, its text selected: (view, editor)."""
    window.show_page("hearing")
    settle(window)
    page = window.page("hearing")
    assert page.select_item(SOURCES)
    settle(window)
    view = page.editor.editors["value"].view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setCurrentIndex(view.model().index(row, column))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    return view, editor


def text_field(window, qtbot, item_id: str) -> QPlainTextEdit:
    field = open_hearing_item(window, qtbot, item_id).editors["value"].edit
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    field.moveCursor(field.textCursor().MoveOperation.End)
    qtbot.waitUntil(field.hasFocus)
    return field


# --- defects --------------------------------------------------------------------------------------------


def test_kana_being_composed_when_the_window_closes_is_saved(qtbot, db_path, ime, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    before = answer(window, BACKGROUND)
    field = text_field(window, qtbot, BACKGROUND)
    ime.type(field, "データ基盤")
    ime.compose(field, "きばん")  # not converted yet: Ctrl+Q / Alt+F4 now
    close_window(window)
    assert ime.commits == ["データ基盤", "きばん"]  # the input method committed it as the window closed
    again = make_window(qtbot, db_path, global_lang="ja")
    settle(again)
    assert answer(again, BACKGROUND) == before + "データ基盤きばん"


def test_kana_being_composed_in_a_wbs_cell_when_the_window_closes_is_saved(qtbot, db_path, ime, monkeypatch) -> None:
    from app.ui import messages

    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    page, task = wbs_cell(window, qtbot, "WBS作成", "completion_condition")
    editor = QApplication.focusWidget()
    ime.type(editor, "顧客が")
    ime.compose(editor, "しょうにん")
    close_window(window)
    assert ime.commits == ["顧客が", "しょうにん"]
    again = make_window(qtbot, db_path, global_lang="ja")
    assert WbsService(again.state.workspace.db).tree(again.state.project_id).tasks[task].completion_condition == "顧客がしょうにん"


def test_insert_type_the_title_tab_type_the_condition_tab(window, qtbot, ime) -> None:
    page, anchor = wbs_cell(window, qtbot, "WBS作成", None)
    tree = stored(window)
    below = tree.kids(tree.tasks[anchor].parent_id)
    neighbour = below[below.index(anchor) + 1]
    neighbour_title = tree.tasks[neighbour].title
    qtbot.keyClick(page.tree, Qt.Key.Key_Insert)  # a task below, its title open
    settle(window)
    ime.type(QApplication.focusWidget(), "学習パイプライン構築")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    settle(window)
    ime.type(QApplication.focusWidget(), "精度80%を再現できる")  # the next cell: 完了条件 (shown second)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    settle(window)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    settle(window)
    tree = stored(window)
    new = next(t for t in tree.tasks.values() if t.title == "学習パイプライン構築")
    assert tree.tasks[neighbour].title == neighbour_title  # the customer's task below is untouched
    assert new.completion_condition == "精度80%を再現できる"


def _properties(window):
    from app.ui.projects.properties import ProjectPropertiesDialog

    return ProjectPropertiesDialog(window.state, window), "projectDescriptionEdit", "プロジェクトの説明"


def _session(window):
    from app.ui.hearing.dialogs import SessionDialog

    return SessionDialog(3, window.page("hearing")), "sessionAttendees", "山田(顧客)"


@pytest.mark.parametrize("make", [_properties, _session], ids=["project-properties-description", "hearing-session-attendees"])
def test_tab_leaves_a_dialogs_text_box_for_the_next_field(window, qtbot, ime, make) -> None:
    from PySide6.QtWidgets import QPlainTextEdit

    dialog, name, typed = make(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    box = dialog.findChild(QPlainTextEdit, name)
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    ime.type(box, typed)
    qtbot.keyClick(box, Qt.Key.Key_Tab)  # on to the next field (the PoC start / OK)
    reached = QApplication.focusWidget()
    dialog.reject()
    assert "\t" not in box.toPlainText(), repr(box.toPlainText()[-20:])
    assert reached is not box and dialog.isAncestorOf(reached)


# --- held ------------------------------------------------------------------------------------------------


def test_kana_being_composed_when_ctrl_3_switches_the_page_is_saved_once(window, qtbot, ime) -> None:
    before = answer(window, BACKGROUND)
    field = text_field(window, qtbot, BACKGROUND)
    ime.type(field, "データ基盤")
    ime.compose(field, "きばん")
    qtbot.keyClick(field, Qt.Key.Key_3, CTRL)
    settle(window)
    assert window.current_page().page_id == "wbs"
    assert answer(window, BACKGROUND) == before + "データ基盤きばん"


def test_a_save_while_kana_are_composed_keeps_them(window, qtbot, ime) -> None:
    before = answer(window, BACKGROUND)
    field = text_field(window, qtbot, BACKGROUND)
    ime.type(field, "データ")
    ime.compose(field, "きばん")
    qtbot.wait(400)  # the pause after typing: saved while composing
    settle(window)
    assert answer(window, BACKGROUND) == before + "データ"
    ime.commit()
    settle(window)
    assert answer(window, BACKGROUND) == field.toPlainText() == before + "データきばん"


def test_kana_being_composed_in_a_hearing_table_cell_when_ctrl_3_switches_the_page(window, qtbot, ime) -> None:
    view, editor = table_cell(window, qtbot)
    ime.type(editor, "顧客")
    ime.compose(editor, "ますた")
    qtbot.keyClick(editor, Qt.Key.Key_3, CTRL)
    settle(window)
    assert window.current_page().page_id == "wbs"
    assert answer(window, SOURCES)[0]["name"] == "顧客ますた"



def test_japanese_typed_into_a_wbs_cell_and_a_hearing_cell_without_f2_opens_and_fills_them(window, qtbot, ime) -> None:
    page, task = wbs_cell(window, qtbot, "WBS作成", None)
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task, INDEX["completion_condition"])))
    ime.compose(page.tree, "かんりょう")  # the view keeps the focus while the input method composes
    assert page.tree.state() == QAbstractItemView.State.EditingState
    ime.commit("完了条件")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    settle(window)
    assert stored(window).tasks[task].completion_condition == "完了条件"
    window.show_page("hearing")
    settle(window)
    hearing = window.page("hearing")
    assert hearing.select_item(SOURCES)
    settle(window)
    view = hearing.editor.editors["value"].view
    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    ime.compose(view, "こきゃく")
    ime.commit("顧客")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    settle(window)
    assert answer(window, SOURCES)[0]["name"] == "顧客"


def test_kana_being_composed_when_ctrl_n_opens_a_new_project_stay_in_the_old_one(window, qtbot, ime, monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from app.ui import messages

    monkeypatch.undo()  # Qt's real QInputDialog.getText, answered by keys
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    old = window.state.project_id
    before = answer(window, BACKGROUND)
    field = text_field(window, qtbot, BACKGROUND)
    ime.type(field, "データ基盤")
    ime.compose(field, "きばん")
    seen: dict = {}

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.focusWidget() is None or QApplication.focusWidget().window() is not dialog:
            QTimer.singleShot(50, inside)  # not up yet (a busy machine: Ctrl+N saves the typing first)
            return
        seen["title"], seen["buttons"] = dialog.windowTitle(), sorted(b.text() for b in dialog.findChildren(QPushButton))
        line = QApplication.focusWidget()
        assert isinstance(line, QLineEdit)
        ime.type(line, "画像検索")
        qtbot.keyClicks(line, " PoC")
        qtbot.keyClick(line, Qt.Key.Key_Return)

    QTimer.singleShot(100, inside)
    qtbot.keyClick(field, Qt.Key.Key_N, CTRL)
    settle(window)
    assert seen == {"title": "新規プロジェクト", "buttons": ["OK", "キャンセル"]}
    assert window.state.project.name == "画像検索 PoC"
    assert window.state.answers.answer(old, BACKGROUND).value == before + "データ基盤きばん"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the offscreen platform's, for a popup menu
def test_alt_f_then_p_opens_the_properties_and_enter_saves_them(window, qtbot, ime) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLineEdit

    seen: dict = {}

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.focusWidget() is None or QApplication.focusWidget().window() is not dialog:
            QTimer.singleShot(50, inside)  # not up yet (a busy machine)
            return
        seen["dialog"] = dialog.objectName()
        customer = dialog.findChild(QLineEdit, "projectCustomerEdit")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # from the name to the customer
        assert QApplication.focusWidget() is customer
        customer.selectAll()
        ime.type(customer, "株式会社サンプル")
        qtbot.keyClick(customer, Qt.Key.Key_Return)

    wbs_cell(window, qtbot, "WBS作成", None)
    qtbot.keyClick(window.page("wbs").tree, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.title() == "ファイル(&F)"
    QTimer.singleShot(100, inside)
    qtbot.keyClick(popup, Qt.Key.Key_P)
    settle(window)
    assert seen == {"dialog": "projectPropertiesDialog"}
    assert window.state.project.customer == "株式会社サンプル"


def test_keys_in_an_open_wbs_cell_delete_a_character_or_commit_first(window, qtbot, ime) -> None:
    page, task = wbs_cell(window, qtbot, "WBS作成", "completion_condition")
    before = stored(window)
    editor = QApplication.focusWidget()
    ime.type(editor, "顧客承認済み")
    editor.setCursorPosition(2)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)  # a character, never the task
    assert editor.text() == "顧客認済み" and len(stored(window).tasks) == len(before.tasks)
    qtbot.keyClick(editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(window)
    moved = stored(window).tasks[task]
    assert moved.completion_condition == "顧客認済み" and moved.position == before.tasks[task].position - 1
    for _ in range(2):  # the edit and the move, each undone by Ctrl+Z
        qtbot.keyClick(page.tree, Qt.Key.Key_Z, CTRL)
        settle(window)
    assert stored(window).tasks[task] == before.tasks[task]
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task, INDEX["notes"])))
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    ime.type(QApplication.focusWidget(), "メモ")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, CTRL)  # to the Hearing page: the cell is committed
    settle(window)
    assert window.current_page().page_id == "hearing" and stored(window).tasks[task].notes.endswith("メモ")


def test_tab_in_an_open_cell_of_the_system_plan_and_data_platform_tables_opens_the_next_cell_of_the_row(window, qtbot, ime) -> None:
    from PySide6.QtWidgets import QTableView

    ed = open_hearing_item(window, qtbot, "system_planning.process_flow.processes")
    views = [("sp", ed.editors["value"].view)]
    window.show_page("data-ci")
    settle(window)
    views += [(v.objectName(), v) for v in window.page("data-ci").findChildren(QTableView) if v.isVisible()]
    for name, view in views:
        window.show_page("system-planning" if name == "sp" else "data-ci")
        settle(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        col = next(c for c in range(view.model().columnCount()) if not view.isColumnHidden(c) and view.model().index(0, c).flags() & Qt.ItemFlag.ItemIsEditable)
        view.setCurrentIndex(view.model().index(0, col))
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_F2)
        e = QApplication.focusWidget()
        ime.type(e, "テスト")
        qtbot.keyClick(e, Qt.Key.Key_Tab)
        settle(window)
        cur = view.currentIndex()
        assert (cur.row(), cur.column()) == (0, col + 1) and view.isAncestorOf(QApplication.focusWidget()), name
        assert view.model().index(0, col).data() == "テスト", name
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        settle(window)


def test_kana_being_composed_when_the_header_switches_the_project_reach_the_project_typed_for(window, qtbot, ime) -> None:
    """The last note's leftover: the switcher's pick (activated, no focus moved) opened the other project with the
    kana still composing, then lost with the field's reload."""
    from app.core.projects import ProjectService

    first = window.state.project_id
    other = ProjectService(window.state.workspace.db).create("別の案件", lang="ja").id
    window.reload_switcher()
    before = answer(window, BACKGROUND)
    field = text_field(window, qtbot, BACKGROUND)
    ime.type(field, "データ基盤")
    ime.compose(field, "きばん")
    index = window.switcher.findData(other)
    window.switcher.setCurrentIndex(index)
    window.switcher.activated.emit(index)
    settle(window)
    assert window.state.project_id == other
    assert window.state.answers.answer(first, BACKGROUND).value == before + "データ基盤きばん"
