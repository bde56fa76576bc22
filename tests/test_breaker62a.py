"""Break-it 62a: a consultant who works only by keyboard, in Japanese, in front of a customer (README "First start,
settings, help" -> "Keyboard only", and each page's guide). Japanese window on the demo (make_window(...,
global_lang="ja")); keys sent with QTest to the widget that has the focus; Japanese text as an input method commits
it. Modal dialogs are run for real (QDialog.exec): the keys are sent from inside once the dialog has the focus
(in_modal). "Spoken" names are what Qt's accessibility interface gives a screen reader (QAccessible ... Name).

Tried: Ctrl+1 ... Ctrl+8 and Alt+G then the digit from the navigation and from a field of another page, where the
focus lands; a Tab round of every page with each stop's spoken name; every menu by its letter (ファイル(&F) ...
ヘルプ(&H)) and the shortcuts they show; every QAction / QShortcut with a key after every page was built (contexts,
duplicates); Ctrl+F on each page; the project switcher by the arrow keys; every dialog reachable from a menu or a
page (Projects, Properties, Copy To, agreement Baselines, Restore Backup, Settings and its three tabs, Welcome,
About, New / Rename project, People, Level, WBS baselines, Predecessors, Progress, Start session, Sessions and
minutes, Follow-ups, Prices, Instance catalogue, problem library, interview): Tab / Shift+Tab rounds, the spoken
name of every focusable widget, Enter typed in each single-line field (which button it presses), Esc after typing
(in a cell, in the dialog); the Review page's score lists by keys; a follow-up ticked by Space; Ctrl+Z inside the
dialogs that save steps; WBS Delete / indent / move / Insert + typing then Ctrl+Z, Ctrl+Shift+Z, Ctrl+Z (where the
focus and the current task are after each); a language switch and Ctrl+O / Ctrl+N by keys (where the focus is after).

Broke (strict xfails below; their reasons say what the user sees):
- closing the Sessions and minutes list or the Follow-ups list (Esc, 閉じる) reports an unexpected error;
- Enter in a sign-off field of File ▸ ベースライン… opens 「ベースラインを作成」 instead of recording the sign-off;
- Enter in the path of Copy Project To opens the file chooser instead of copying;
- the Review page's score list saves and closes at the first ↓ (the next ↓ moves to the next item);
- Tab from the hearing tree on a table item lands on 「行を追加」, five Tabs before the table;
- the sign-off's 名前 / 役割 / 組織 / コメント are all spoken as the group's title; the Copy To path, the backups list
  and preview, the agreement baselines list, the earned-value table and the About text have no spoken name;
- Ctrl+4 / 5 / 8 from another page's field put the focus on an unnamed, unmarked scroll area;
- Esc in an Instance catalogue cell drops the typing (the pages' tables keep it), the next Esc drops the rest unasked;
- Ctrl+Z in Settings ▸ 会社休日 after 追加 does nothing;
- ticking a follow-up done by Space loses the table's current cell;
- Enter on the Welcome page's 自分のプロジェクトを作る form does nothing; Tab never reaches its 「戻る」;
- Ctrl+F on the WBS page does nothing.
Held (tests below, and tried by hand): Ctrl+F on Hearing and System planning; the problem library by ↓ Space Enter
and Ctrl+Z; every button without words has a Japanese name (↺ buttons, the select-all corner); Tab and Shift+Tab go
round inside the dialogs, the same widgets both ways (Projects, Properties, Restore, Settings; People, WBS
baselines, Predecessors, Start session, Prices, Catalogue by hand); no two actions share a key where both can fire;
the menus' mnemonics and shortcuts (元に戻す(&U) Ctrl+Z, 移動(&G) ▸ 導入提案 (&1) Ctrl+1 ...); the People, WBS
baselines, Progress, Predecessors, Start session, Catalogue and Settings (General, holidays) fields are spoken in
Japanese; Enter in a People / WBS baseline / Start session / Properties / Settings field saves or validates as
the dialog's OK; after Delete / indent / move / Insert and Ctrl+Z / Ctrl+Shift+Z the WBS keeps the focus and a
current task; after a language switch, Ctrl+O and Ctrl+N by keys the focus is in the window.
Noted, not counted: the project switcher opens the next project at each ↑ / ↓ (Qt's combo box; Alt+↓ opens the list
without switching); the hearing's status buttons change the status at each arrow key (as radio buttons do); Enter in
Settings ▸ 会社休日's name adds the day and closes Settings (README: OK adds it); Enter in the People form presses
「新しい要員」 (it saves first: its setDefault(True) came before the button had its dialog); after Delete and Ctrl+Z
in the WBS the current task is the one after the restored task; Esc in the WBS search box does not clear it (a code
comment says it does; README promises nothing); after a modal dialog closes the offscreen platform leaves no active
window (a test artefact: activateWindow).
Not tried: a real screen reader, a real input method's own Esc, focus rectangles as drawn (offscreen), dialogs
opened from the Exports page's buttons (file choosers of the desktop).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)
from shiboken6 import isValid

from app.ui import messages
from tests.gui_helpers import close_window, make_window, settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # (the offscreen platform: a popup, a dialog raised)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
DATA_SOURCES = "hearing.prereq.data_sources"  # a table answer (データの種類)


def has_japanese(text: str) -> bool:
    return any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in text)


def spoken_name(widget: QWidget) -> str:
    """What a screen reader says for ``widget``: its accessible interface's name (the accessible name, else the
    label whose buddy it is, else its group box's title: Qt's own rule). A combo box on Linux: Qt gives its value
    as its Name (QAccessibleComboBox::text: "on Linux we use relations for this") and what it is for by its Label
    relation (a buddy label beside it, else its group box's title), which a screen reader says first: that."""
    face = QAccessible.queryAccessibleInterface(widget)
    if face is not None and isinstance(widget, QComboBox):
        labels = [label.text(QAccessible.Text.Name) for label, _kind in face.relations(QAccessible.RelationFlag.Label)]
        return labels[0] if labels else ""
    return face.text(QAccessible.Text.Name) if face is not None else ""


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def key(k: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    """One key pressed on the widget that has the keyboard focus."""
    target = focus()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, k, modifiers)


def commit(text: str) -> None:
    """What a Japanese input method sends into the focused widget when the user confirms converted text."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(focus(), event)


@pytest.fixture
def window(qtbot, db_path, monkeypatch):
    """The Japanese window on the demo, active, every confirmation answered yes."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.resize(1366, 768)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    settle(win)
    yield win
    close_window(win)


def in_modal(qtbot, opening: Callable[[], Any], drive: Callable[[QDialog], None]) -> dict[str, Any]:
    """Open a modal dialog with ``opening`` (run for real) and run ``drive(dialog)`` inside it once the dialog has
    the keyboard focus; the dialog is closed after, if ``drive`` left it open. What ``drive`` saw is returned
    (assertions are made after the dialog closed: an assertion inside Qt's event loop would not fail the test)."""
    seen: dict[str, Any] = {}

    def inside() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or focus() is None or focus().window() is not dialog:
            QTimer.singleShot(50, inside)  # not up yet
            return
        seen["dialog"] = dialog.objectName()
        try:
            drive(dialog)
        except BaseException as exc:  # said after the dialog closed
            seen["error"] = exc
        finally:
            if isValid(dialog) and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, inside)
    opening()
    return seen


# --- defects ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("opening", ["open_sessions", "open_followups"])
def test_closing_the_sessions_or_follow_ups_list_with_escape_reports_no_error(window, qtbot, opening) -> None:
    key(Qt.Key.Key_2, CTRL)
    settle(window)
    page = window.page("hearing")
    errors: list[str] = []

    def leave(_dialog) -> None:
        key(Qt.Key.Key_Escape)

    def run() -> None:  # what the menu item (hearingSessionsAction / hearingFollowupsAction) runs, its error caught here
        try:
            getattr(page, opening)()
        except RuntimeError as exc:  # (through the menu: the error report)
            errors.append(str(exc))

    seen = in_modal(qtbot, run, leave)
    settle(window)
    assert seen["dialog"] in ("sessionsDialog", "followupsDialog")
    assert errors == []


def test_enter_in_a_sign_off_field_records_the_sign_off_not_a_new_baseline(window, qtbot, monkeypatch) -> None:
    from app.core import operations as ops
    from app.projects import baselines as bl

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_text", lambda _p, title, *_a, **_k: asked.append(title))
    pid = window.state.project_id
    ops.run(window.state.workspace, bl.create_op(pid, "キックオフ合意", "kickoff"))
    before = {b.name: len(b.signoffs) for b in bl.baselines(window.state.workspace, pid)}
    assert before, "the demo has an agreement baseline"

    def sign(dialog) -> None:
        table = dialog.findChild(QAbstractItemView, "baselinesTable")
        assert focus() is table
        key(Qt.Key.Key_Home)  # the first baseline
        while focus() is not dialog.findChild(QLineEdit, "signWhoEdit"):
            key(Qt.Key.Key_Tab)
        commit("山田 太郎")
        key(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)

    seen = in_modal(qtbot, window.baselines_action.trigger, sign)
    settle(window)
    assert "error" not in seen, seen
    assert asked == []
    after = {b.name: len(b.signoffs) for b in bl.baselines(window.state.workspace, pid)}
    assert set(after) == set(before) and sum(after.values()) == sum(before.values()) + 1


def test_enter_in_the_copy_to_path_copies(window, qtbot, monkeypatch, tmp_path) -> None:
    chooser: list[str] = []
    monkeypatch.setattr(messages, "chosen_path", lambda dialog: chooser.append(dialog.windowTitle()))
    target = tmp_path / "copy.sqlite3"

    def copy(dialog) -> None:
        assert focus() is dialog.findChild(QLineEdit, "copyTarget")
        QTest.keyClicks(focus(), str(target))
        key(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)

    seen = in_modal(qtbot, window.copy_to_action.trigger, copy)
    settle(window)
    assert "error" not in seen, seen
    assert chooser == []
    assert target.exists()


def test_arrow_keys_in_a_review_score_list_move_within_it(window, qtbot) -> None:
    key(Qt.Key.Key_7, CTRL)
    settle(window)
    page = window.page("review")
    table = page.table
    assert focus() is table
    row = next(r for r in range(page.model.rowCount()) if page.model.index(r, 1).data() == "—")
    table.setCurrentIndex(page.model.index(row, 0))
    key(Qt.Key.Key_Right)
    undo_text = window.undo_action.text()
    key(Qt.Key.Key_F2)
    assert isinstance(focus(), QComboBox)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    settle(window)
    assert isinstance(focus(), QComboBox), "the list closed"
    assert table.currentIndex().row() == row
    assert window.undo_action.text() == undo_text, "nothing saved before Enter"
    key(Qt.Key.Key_Return)
    settle(window)
    assert page.model.index(row, 1).data().startswith("0.5")


def test_tab_from_the_tree_reaches_a_table_answer_s_cells(window, qtbot) -> None:
    key(Qt.Key.Key_2, CTRL)
    settle(window)
    page = window.page("hearing")
    assert page.select_item(DATA_SOURCES)
    settle(window)
    assert focus() is page.tree
    key(Qt.Key.Key_Tab)
    assert focus() is page.editor.editors["value"].view


def test_each_sign_off_field_is_spoken_by_its_own_label(window, qtbot) -> None:
    names: dict[str, str] = {}

    def read(dialog) -> None:
        for name in ("signWhoEdit", "signRoleEdit", "signOrgEdit", "signCommentEdit"):
            names[name] = spoken_name(dialog.findChild(QLineEdit, name))

    in_modal(qtbot, window.baselines_action.trigger, read)
    settle(window)
    # (the name's row says 「氏名」, a person's name: spoken as shown)
    assert names == {"signWhoEdit": "氏名", "signRoleEdit": "役割", "signOrgEdit": "組織", "signCommentEdit": "コメント"}


@pytest.mark.parametrize("action, widget", [
    ("copyProjectToAction", "copyTarget"),
    ("restoreBackupAction", "backupList"),
    ("restoreBackupAction", "backupPreview"),
    ("baselinesAction", "baselinesTable"),
    ("wbsBaselines", "wbsEarnedValue"),
    ("aboutAction", "aboutText"),
])
def test_every_field_and_list_of_the_dialogs_has_a_japanese_name(window, qtbot, action, widget) -> None:
    names: list[str] = []
    if action == "wbsBaselines":  # opened (window-modal) from the WBS page's button
        key(Qt.Key.Key_3, CTRL)
        settle(window)
        window.page("wbs").findChild(QPushButton, "wbsBaselines").click()
        dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "wbsBaselineDialog" and w.isVisible())
        names.append(spoken_name(dialog.findChild(QWidget, widget)))
        dialog.reject()
        settle(window)
    elif action == "aboutAction":  # shown, not run modally
        window.findChild(QAction, action).trigger()
        dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "aboutDialog" and w.isVisible())
        names.append(spoken_name(dialog.findChild(QWidget, widget)))
        dialog.reject()
        settle(window)
    else:
        in_modal(qtbot, window.findChild(QAction, action).trigger, lambda d: names.append(spoken_name(d.findChild(QWidget, widget))))
        settle(window)
    assert len(names) == 1 and has_japanese(names[0]), names


@pytest.mark.parametrize("digit", [Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_8])
def test_ctrl_digit_from_another_page_puts_the_focus_on_a_named_field(window, qtbot, digit) -> None:
    key(Qt.Key.Key_3, CTRL)
    settle(window)
    search = window.page("wbs").findChild(QLineEdit, "wbsSearch")
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    key(digit, CTRL)
    settle(window)
    widget = focus()
    assert widget is not None and window.current_page().isAncestorOf(widget)
    assert not isinstance(widget, QScrollArea) or isinstance(widget, QAbstractItemView), widget.objectName()
    assert has_japanese(spoken_name(widget)), widget.objectName()


def test_escape_in_a_catalogue_cell_keeps_the_typing(window, qtbot) -> None:
    key(Qt.Key.Key_6, CTRL)
    settle(window)
    page = window.page("system-planning")
    shown: dict[str, Any] = {}

    def type_and_escape(dialog) -> None:
        view = dialog.view
        view.setFocus()
        view.setCurrentIndex(dialog.model.index(0, 0))
        key(Qt.Key.Key_F2)
        focus().selectAll()
        QTest.keyClicks(focus(), "my-gpu-box")
        key(Qt.Key.Key_Escape)
        shown["cell"] = dialog.model.index(0, 0).data()
        shown["focus"] = focus() is view

    in_modal(qtbot, page.findChild(QPushButton, "instanceCatalogueButton").click, type_and_escape)
    settle(window)
    assert shown == {"cell": "my-gpu-box", "focus": True}


def test_ctrl_z_in_company_holidays_takes_back_the_day_just_added(window, qtbot) -> None:
    counts: dict[str, int] = {}

    def add_then_undo(dialog) -> None:
        key(Qt.Key.Key_Tab, CTRL)  # the next tab: 会社休日
        tab = dialog.holidays
        assert dialog.tabs.currentWidget() is tab
        counts["before"] = tab.list.count()
        while focus() is not tab.name_edit:
            key(Qt.Key.Key_Tab)
        commit("創立記念日")
        key(Qt.Key.Key_Tab)
        assert focus() is tab.add_button
        key(Qt.Key.Key_Space)
        counts["added"] = tab.list.count()
        key(Qt.Key.Key_Z, CTRL)
        qtbot.wait(300)  # (not settle: it would wait for the test's own guard timer of the modal dialog)
        counts["undone"] = tab.list.count()

    seen = in_modal(qtbot, lambda: key(Qt.Key.Key_Comma, CTRL), add_then_undo)
    settle(window)
    assert "error" not in seen, seen
    assert counts == {"before": counts["before"], "added": counts["before"] + 1, "undone": counts["before"]}


def test_ticking_a_follow_up_done_by_space_keeps_the_current_cell(window, qtbot, monkeypatch) -> None:
    key(Qt.Key.Key_2, CTRL)
    settle(window)
    page = window.page("hearing")
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: dialog.show())  # (run modally, closing it reports an error: above)
    dialog = page.open_followups()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    view, model = dialog.view, dialog.model
    assert focus() is view and model.rowCount() >= 3
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    while view.currentIndex().column() < model.DONE:
        key(Qt.Key.Key_Right)
    row = view.currentIndex().row()
    item = model.items[row].ref.item.id
    key(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.undo_action.text() != "元に戻す(&U)", timeout=5000)
    settle(window)
    current = view.currentIndex()
    shown = (model.items[current.row()].ref.item.id, current.column()) if current.isValid() else None
    dialog.reject()
    settle(window)
    assert shown == (item, model.DONE)


def welcome_create_page(window, qtbot):
    """Help ▸ Welcome… (shown window-modal, not run), Tab to 「自分のプロジェクトを作る」, Space: its form, the name focused."""
    window.findChild(QAction, "welcomeAction").trigger()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "welcome" and w.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    while focus().objectName() != "welcomeCreateButton":
        key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Space)
    assert focus() is dialog.name_edit
    return dialog


def test_enter_on_the_welcome_create_form_creates_the_project(window, qtbot) -> None:
    dialog = welcome_create_page(window, qtbot)
    commit("画像検索 PoC")
    key(Qt.Key.Key_Tab)
    commit("株式会社サンプル")
    key(Qt.Key.Key_Return)
    settle(window)
    created = window.state.project.name
    if isValid(dialog) and dialog.isVisible():
        dialog.reject()
        settle(window)
    assert created == "画像検索 PoC"


def test_tab_reaches_every_button_of_the_welcome_create_form(window, qtbot) -> None:
    dialog = welcome_create_page(window, qtbot)
    ahead = []
    for _ in range(12):
        ahead.append(focus().objectName())
        key(Qt.Key.Key_Tab)
    dialog.reject()
    settle(window)
    assert "welcomeBackButton" in ahead


def test_ctrl_f_on_the_wbs_page_goes_to_its_search(window, qtbot) -> None:
    key(Qt.Key.Key_3, CTRL)
    settle(window)
    page = window.page("wbs")
    page.tree.setFocus()
    qtbot.waitUntil(page.tree.hasFocus)
    key(Qt.Key.Key_F, CTRL)
    assert focus() is page.findChild(QLineEdit, "wbsSearch")


@pytest.mark.parametrize("digit, search", [(Qt.Key.Key_2, "hearingSearch"), (Qt.Key.Key_6, "systemPlanSearch")])
def test_held_ctrl_f_goes_to_the_search_of_the_hearing_and_the_system_plan(window, qtbot, digit, search) -> None:
    key(digit, CTRL)
    settle(window)
    key(Qt.Key.Key_F, CTRL)
    assert focus() is window.current_page().findChild(QLineEdit, search)


# --- held ---------------------------------------------------------------------------------------------------


def test_held_problems_from_the_library_by_keys_and_undone(window, qtbot) -> None:
    """Proposal ▸ 課題と対策: Tab to 「ライブラリから追加…」, Space; in the list ↓, Space ticks, Enter adds; Ctrl+Z takes it back."""
    page = window.page("proposal")
    model = page.problems.model
    rows = model.rowCount()
    bar = page.tabs.tabBar()
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus)
    key(Qt.Key.Key_Right)  # 課題と対策
    while focus().objectName() != "addFromLibraryButton":
        key(Qt.Key.Key_Tab)

    def tick(dialog) -> None:
        assert focus() is dialog.view
        key(Qt.Key.Key_Down)
        key(Qt.Key.Key_Space)
        key(Qt.Key.Key_Return)

    seen = in_modal(qtbot, lambda: key(Qt.Key.Key_Space), tick)
    settle(window)
    assert seen == {"dialog": "problemLibraryDialog"} and model.rowCount() == rows + 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    key(Qt.Key.Key_Z, CTRL)
    settle(window)
    assert model.rowCount() == rows


def test_held_every_button_without_words_has_a_japanese_name(window) -> None:
    """The ↺ buttons of the environment forms, the table's select-all corner: each named in Japanese."""
    unnamed = []
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(window)
        for button in window.current_page().findChildren(QAbstractButton):
            if button.isVisibleTo(window) and not has_japanese(button.text()) and not has_japanese(spoken_name(button)):
                unnamed.append(button.objectName())
    assert set(unnamed) <= {"previewSourceButton", "field_ci_triggers_push"}  # (「Markdown」, 「push」: their own words)


@pytest.mark.parametrize("opening", ["openProjectAction", "projectPropertiesAction", "restoreBackupAction", "languageAction"])
def test_held_tab_and_shift_tab_go_round_inside_a_dialog(window, qtbot, opening) -> None:
    rounds: dict[str, list[str]] = {}

    def walk(dialog) -> None:
        for name, k, modifiers in (("ahead", Qt.Key.Key_Tab, NONE), ("back", Qt.Key.Key_Backtab, SHIFT)):
            seen: list[str] = []
            for _ in range(40):
                assert focus() is not None and focus().window() is dialog
                if not seen or seen[-1] != focus().objectName():
                    seen.append(focus().objectName())
                key(k, modifiers)
            rounds[name] = seen

    in_modal(qtbot, window.findChild(QAction, opening).trigger, walk)
    settle(window)
    ahead, back = rounds["ahead"], rounds["back"]
    assert len(set(ahead)) > 1 and set(ahead) == set(back)
