"""breaker37d: a consultant at the keyboard only, in the Japanese window, on a 1366x768 laptop projector.

Tried: every page's Tab order from the navigation (Tab pressed 250 times on each page of the demo, and the
focus chain walked), Tab / Shift+Tab / Ctrl+Tab inside the tables (data platform's locations, the hearing's
history, the Review's items); where the answer's field sits in the Tab order of the hearing and system-planning
editors; every QAction and QShortcut with a key (after every page was built): duplicates, and the contexts of
the WBS page's Insert / Ctrl+Insert / Delete / Alt+Shift+arrows while typing in the WBS search box; the menus'
mnemonics (ファイル(&F) … ヘルプ(&H), no letter twice in a menu); where the focus lands after Ctrl+1 … Ctrl+8 from
a field of another page; the accessible names of every QLineEdit / QTextEdit / QPlainTextEdit / QComboBox /
QAbstractSpinBox / item view on every page and in the hearing and system-planning editors for every kind of
item (text, table, multi, date, number, choice, check, now/later); Qt's own context menu of a text field;
Escape in a cell editor after typing 200 characters (proposal problems, WBS tree, data-platform tables, the
hearing's and the system plan's table answers); the window in a subprocess on an offscreen 1366x768 screen at
QT_SCALE_FACTOR 1 and 1.5 (and --screenshot at 1366x768 with 1.5 and 2, and at 911x512 with 1.5, looked at).
Held: no two actions share a key where both can fire (the two Ctrl+F shortcuts live on hidden pages); F2 in a
table edits the cell; Ctrl+Insert / Shift+Delete / Delete in the WBS search box copy, cut and delete text (the
line edit overrides the page's shortcuts); every input has a Japanese accessible name on every page and every
item kind; Qt's context menu is Japanese; Ctrl+1 … Ctrl+8 put the focus in the page shown; the pages at 1366x768
logical size at 1.5 and 2 show nothing cut or overlapping.
Defects (strict xfails below): Tab never leaves a QTableView (it wraps from the last cell to the first: the
data platform's datasets table and everything after the locations table cannot be reached; the hearing's
history and the Review's items trap the focus too); the answer field of the hearing (and system-planning)
editor comes after the history table in the Tab order, so Tab from the item tree never reaches it; the first
start's window (1280x820) is taller than a 1366x768 screen, and at 150 % the window's minimum size (900x600)
is larger than the whole screen, so the status bar is below the screen's edge; Escape in a cell of a hearing
table answer drops what was typed, where the same table's large editor keeps it.
Not tried: a real screen reader, a real IME (its Escape), dialogs' mnemonics one by one, Alt+F4 under a
window manager.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tests.gui_helpers import settle

REPO = Path(__file__).resolve().parent.parent
JAPANESE = ("\u3040", "\u9fff")


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.resize(1366, 768)
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)  # keys reach the focused widget of the active window only
    return japanese_window


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def tab_chain(window, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start``, in order, as Qt's focus chain has them (nothing eats Tab)."""
    chain, widget = [], start
    for _ in range(5000):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus:
            chain.append(widget)
    return chain


# --- Tab inside a table ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "table"),
    [("data-ci", "locationsTable"), ("hearing", "answerHistory"), ("review", "reviewItems")],
)
def test_tab_leaves_a_table(window, qtbot, page, table) -> None:
    window.show_page(page)
    settle(window)
    view = window.findChild(QAbstractItemView, table)
    model = view.model()
    assert model.rowCount() > 0
    view.setCurrentIndex(model.index(0, 0))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    cells = model.rowCount() * model.columnCount()
    for _ in range(cells + 2):  # through every cell, then out
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        widget = focused()
        if widget is not None and widget is not view and not view.isAncestorOf(widget):
            return
    pytest.fail(f"Tab pressed {cells + 2} times in {table}: the focus never left it")


def test_tab_order_of_the_data_platform_page_lists_the_datasets_after_the_locations(window) -> None:
    """Held: the focus chain itself is in the page's order (the trap above is the table's own Tab)."""
    window.show_page("data-ci")
    settle(window)
    names = [w.objectName() for w in tab_chain(window, window.nav)]
    assert names.index("locationsTable") < names.index("datasetsTable")


# --- the answer's field in the Tab order ----------------------------------------------------------------------


@pytest.mark.parametrize(("page", "item"), [("hearing", "hearing.basics.background"), ("system-planning", "system_planning.requirements.user")])
def test_the_answer_field_comes_before_the_history_in_tab_order(window, page, item) -> None:
    window.show_page(page)
    settle(window)
    shown = window.page(page)
    assert shown.select_item(item)
    settle(window)
    field = shown.editor.editors["value"]
    typed_in = [w for w in field.findChildren(QWidget) if isinstance(w, (QPlainTextEdit, QTextEdit, QLineEdit))] or [field]
    chain = tab_chain(window, window.nav)
    history = window.findChild(QAbstractItemView, "answerHistory")
    assert history in chain and typed_in[0] in chain
    assert chain.index(typed_in[0]) < chain.index(history), [w.objectName() for w in chain]


# --- the window on a 1366x768 laptop screen ---------------------------------------------------------------------

_FIT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from tests.gui_helpers import make_window, settle, close_window
    window = make_window(None, Path(sys.argv[1]) / "fit.sqlite3", global_lang="ja")
    settle(window)
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    print(json.dumps({
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "minimum": [window.minimumSizeHint().expandedTo(window.minimumSize()).width(),
                    window.minimumSizeHint().expandedTo(window.minimumSize()).height()],
    }))
    close_window(window)
    """
)


def window_on_laptop(tmp_path: Path, scale: str) -> dict:
    """The main window's first start (no geometry remembered) on an offscreen 1366x768 screen at ``scale``."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    home = tmp_path / "laptop"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": scale,
           "MLOPS_KICKOFF_HOME": str(home), "MLOPS_KICKOFF_SETTINGS": str(home / "settings.ini"), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", _FIT, str(home)], env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(frame: list[int], screen: list[int]) -> bool:
    x, y, w, h = frame
    sx, sy, sw, sh = screen
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


def test_the_first_start_window_fits_a_1366x768_screen(tmp_path) -> None:
    shown = window_on_laptop(tmp_path, "1")
    assert inside(shown["frame"], shown["screen"]), shown


def test_the_window_can_fit_a_1366x768_screen_at_150_percent(tmp_path) -> None:
    shown = window_on_laptop(tmp_path, "1.5")
    width, height = shown["minimum"]
    assert width <= shown["screen"][2] and height <= shown["screen"][3], shown


# --- Escape in a cell after typing -----------------------------------------------------------------------------


def test_escape_in_a_hearing_table_cell_keeps_the_typing(window, qtbot) -> None:
    window.show_page("hearing")
    settle(window)
    page = window.page("hearing")
    assert page.select_item("hearing.prereq.data_sources")
    settle(window)
    view = page.editor.editors["value"].view
    index = view.model().index(0, 0)
    before = index.data(Qt.ItemDataRole.EditRole)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = focused()
    assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor)
    typed = "受領データの説明" * 25
    editor.setText(typed)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    settle(window)
    after = view.model().index(0, 0).data(Qt.ItemDataRole.EditRole)
    assert before != typed and after == typed


# --- what held ---------------------------------------------------------------------------------------------------


def _inputs(root: QWidget) -> list[QWidget]:
    kinds = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
    return [
        w for w in root.findChildren(QWidget)
        if isinstance(w, kinds) and w.isVisibleTo(root) and not isinstance(w, QHeaderView)
        and not isinstance(w.parentWidget(), (QComboBox, QAbstractSpinBox)) and not w.objectName().startswith("qt_")
        and not type(w.parentWidget()).__name__.startswith("QComboBox")
    ]


def _unnamed(root: QWidget) -> list[str]:
    return [f"{w.objectName()}:{type(w).__name__}={w.accessibleName()!r}" for w in _inputs(root)
            if not any(JAPANESE[0] <= ch <= JAPANESE[1] for ch in w.accessibleName())]


def test_every_input_has_a_japanese_accessible_name_for_every_kind_of_item(window) -> None:
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(window)
        assert _unnamed(window) == [], window.current_page().objectName()
    library = window.state.workspace.library
    for page_id in ("hearing", "system-planning"):
        window.show_page(page_id)
        settle(window)
        page, seen = window.page(page_id), set()
        for item in library.all_items():
            if (item.kind, item.now_later) in seen or not page.select_item(item.id):
                continue
            seen.add((item.kind, item.now_later))
            settle(window)
            assert _unnamed(page) == [], item.id


def test_ctrl_number_puts_the_focus_in_the_page_shown(window, qtbot) -> None:
    window.show_page("wbs")
    settle(window)
    search = window.findChild(QLineEdit, "wbsSearch")
    for key in range(1, 9):
        search.setFocus()
        qtbot.waitUntil(search.hasFocus)
        qtbot.keyClick(search, Qt.Key(Qt.Key.Key_0 + key), Qt.KeyboardModifier.ControlModifier)
        settle(window)
        widget = focused()
        assert widget is not None and widget.isVisible() and window.current_page().isAncestorOf(widget), key
        window.show_page("wbs")
        settle(window)


def test_copy_keys_in_the_wbs_search_copy_and_add_no_task(window, qtbot) -> None:
    window.show_page("wbs")
    settle(window)
    page = window.page("wbs")
    tasks = len(page.service.tasks(window.state.project_id))
    search = window.findChild(QLineEdit, "wbsSearch")
    search.setText("MLflow")
    search.selectAll()
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClick(search, Qt.Key.Key_Insert, Qt.KeyboardModifier.ControlModifier)  # Copy on Windows and Linux
    settle(window)
    assert QApplication.clipboard().text() == "MLflow"
    assert len(page.service.tasks(window.state.project_id)) == tasks
    qtbot.keyClick(search, Qt.Key.Key_Home)
    qtbot.keyClick(search, Qt.Key.Key_Delete)
    settle(window)
    assert search.text() == "Lflow" and len(page.service.tasks(window.state.project_id)) == tasks
