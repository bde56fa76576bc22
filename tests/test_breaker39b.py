"""breaker39b: the newest keyboard and small-screen fixes tried in the Japanese window as a demanding consultant would.

Tried and held:
- Tab / Shift+Tab round every page (1366x768 and 760x420): back where it started both ways, the same order
  reversed, nothing trapped; every visible enabled field reached; on Hearing and System planning Tab from the
  tree reaches the answer first and Shift+Tab goes back to the tree. Dialogs probed (not kept as tests: they
  held): Settings, People, Baselines, Projects, Follow-ups, the large editor all close their Tab cycle inside.
- Escape in a page table cell after an IME-like QLineEdit.insert (kana + emoji) keeps it, Escape with nothing
  typed adds no step, Ctrl+Z / Ctrl+Y walk it; full-width digits in a number cell kept as 123 on Escape; Tab in
  an open cell editor stores it, also from the last cell.
- A remembered window far off a smaller screen comes back whole on it, at least 760x420.
- Environment: a sealed typing in one field and a refused one in another, in both orders, undone and redone
  (a refused draft followed by another field's edit stays red and unsaved: as README says, only "Undo right
  after" takes it back).
Defects (strict xfails):
- --screenshot names a smallest size (1121x492 on WBS, 984x420 on Hearing) larger than one it accepts (760x420).
- Button labels cut at 911x512 and 760x420 (WBS header, system planning, hearing, data-ci).
Noted, not counted: Tab walks each link of the wiki preview (14 stops on the Experiment page); Tab inside a
QDateEdit walks its year/month/day (Baselines); the Review page at 760x420 is cramped (its checklist list wraps
to a column of two characters). QTest.keyClicks aborts the process on kana (a tool limit: insert() stands in).
Not tried (time): the interview's fields, two windows on one database, Escape in choice/date cells, Tab at
DPI scale 150 %.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QComboBox, QLineEdit

from app.core.content.model import ColumnKind
from app.environment.service import EnvironmentService
from app.system_planning import service as sp
from app.ui.page import INVALID_BACKGROUND
from tests.gui_helpers import environment_page, settle
from tests.test_typed_tables import DATA_SOURCES, cell_editor, close_editor, fill_first_row, open_item, stored

ROOT = Path(__file__).resolve().parent.parent
OLD_NAME = "similar-image-search"


@pytest.fixture
def window(japanese_window, qtbot):
    japanese_window.resize(1366, 768)
    japanese_window.activateWindow()
    qtbot.waitUntil(japanese_window.isActiveWindow)
    settle(japanese_window)
    return japanese_window


def walk(qtbot, backwards: bool = False, limit: int = 200) -> tuple[list, bool]:
    """Tab (or Shift+Tab) from the focus until it is back where it started: the stops met, and whether it came back."""
    seen: list = []
    for _ in range(limit):
        widget = QApplication.focusWidget()
        seen.append(widget)
        if backwards:
            qtbot.keyClick(widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is seen[0]:
            return seen, True
    return seen, False


# --- Tab --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1366, 768), (760, 420)])
def test_tab_and_shift_tab_go_round_every_page_in_one_order(window, qtbot, size) -> None:
    window.resize(*size)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(window)
        window.nav.setFocus()
        qtbot.waitUntil(window.nav.hasFocus)
        ahead, closed = walk(qtbot)
        back, closed_back = walk(qtbot, backwards=True)
        page = window.current_page().objectName()
        assert closed and closed_back, page
        assert [back[0], *back[:0:-1]] == ahead, page
        assert len(ahead) > 5, page


@pytest.mark.parametrize("page_id, tree", [("hearing", "hearingTree"), ("system-planning", "systemPlanTree")])
def test_tab_from_the_tree_reaches_the_answer_first(window, qtbot, page_id, tree) -> None:
    window.show_page(page_id)
    settle(window)
    page = window.page(page_id)
    view = page.findChild(QAbstractItemView, tree)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    answer = QApplication.focusWidget()
    assert answer is not None and page.editor.isAncestorOf(answer)
    assert any(e is answer or e.isAncestorOf(answer) for e in page.editor.editors.values())
    qtbot.keyClick(answer, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is view


def column_of(table, kind: ColumnKind) -> int:
    return next(n for n, c in enumerate(table.model.columns) if c.kind == kind)


def open_cell(qtbot, table, row: int, column: int):
    table.view.setCurrentIndex(table.model.index(row, column))
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_F2)
    return cell_editor(table)


def cell(window, item_id, table, column) -> object:
    return stored(window, item_id)[0][table.model.columns[column].id]


@pytest.mark.parametrize("item_id", [DATA_SOURCES, sp.PROCESSES])
def test_escape_after_an_ime_insert_keeps_it_and_undo_redo_walk_it(window, qtbot, item_id) -> None:
    fill_first_row(window, open_item(window, qtbot, item_id))
    open_item(window, qtbot, DATA_SOURCES if item_id != DATA_SOURCES else sp.PROCESSES)
    editor = open_item(window, qtbot, item_id)
    table = editor.editors["value"]
    text = column_of(table, ColumnKind.TEXT)
    before = cell(window, item_id, table, text)
    steps = window.state.undo_stack.count()
    line = open_cell(qtbot, table, 0, text)
    assert isinstance(line, QLineEdit)
    line.end(False)
    line.insert("受領データ🎌")  # what an IME commits
    close_editor(qtbot, table, line, Qt.Key.Key_Escape)
    assert editor.flush()
    typed = f"{before}受領データ🎌"
    assert cell(window, item_id, table, text) == typed
    steps = window.state.undo_stack.count()
    line = open_cell(qtbot, table, 0, text)  # Esc with nothing typed: no change, no step
    close_editor(qtbot, table, line, Qt.Key.Key_Escape)
    assert editor.flush() and window.state.undo_stack.count() == steps
    assert cell(window, item_id, table, text) == typed
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: cell(window, item_id, table, text) == before)
    assert table.model.index(0, text).data(Qt.ItemDataRole.EditRole) == before
    qtbot.keyClick(table.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: cell(window, item_id, table, text) == typed)
    assert table.model.index(0, text).data(Qt.ItemDataRole.EditRole) == typed


def test_escape_in_a_number_cell_after_full_width_digits_keeps_them(window, qtbot) -> None:
    item_id = sp.PROCESSES
    editor = open_item(window, qtbot, item_id)
    fill_first_row(window, editor)
    open_item(window, qtbot, DATA_SOURCES)
    editor = open_item(window, qtbot, item_id)
    table = editor.editors["value"]
    number = column_of(table, ColumnKind.NUMBER)
    before = cell(window, item_id, table, number)
    widget = open_cell(qtbot, table, 0, number)
    line = widget if isinstance(widget, QLineEdit) else widget.findChild(QLineEdit)
    line.selectAll()
    line.insert("１２３")
    close_editor(qtbot, table, widget, Qt.Key.Key_Escape)
    assert editor.flush()
    assert cell(window, item_id, table, number) == 123
    window.undo_action.trigger()
    settle(window)
    assert cell(window, item_id, table, number) == before


def test_tab_in_an_open_cell_editor_stores_it_and_moves_on_even_from_the_last_cell(window, qtbot) -> None:
    editor = open_item(window, qtbot, DATA_SOURCES)
    fill_first_row(window, editor)
    table = editor.editors["value"]
    text = column_of(table, ColumnKind.TEXT)
    line = open_cell(qtbot, table, 0, text)
    line.selectAll()
    line.insert("タブで確定")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert editor.flush() and cell(window, DATA_SOURCES, table, text) == "タブで確定"
    assert table.view.currentIndex().column() != text or table.view.currentIndex().row() != 0
    last_row, last_col = table.model.rowCount() - 1, table.model.columnCount() - 1
    widget = open_cell(qtbot, table, last_row, last_col)
    assert widget is not None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    settle(window)
    assert editor.flush()
    assert table.model.rowCount() >= last_row + 1  # nothing lost, nothing raised


# --- small screens ------------------------------------------------------------------------------------------


def screenshot(tmp_path: Path, size: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, MLOPS_KICKOFF_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("MLOPS_KICKOFF_SETTINGS", None)
    env.pop("MLOPS_KICKOFF_DB", None)
    out = tmp_path / f"shot-{size}.png"
    return subprocess.run([sys.executable, "-m", "app", "--lang", "ja", "--screenshot", str(out), "--page", "wbs", "--size", size],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip


def test_the_refused_screenshot_size_names_the_smallest_size_that_is_accepted(tmp_path) -> None:
    accepted = screenshot(tmp_path, "760x420")
    assert accepted.returncode == 0 and (tmp_path / "shot-760x420.png").stat().st_size > 0
    refused = screenshot(tmp_path, "759x420")
    assert refused.returncode != 0 and not (tmp_path / "shot-759x420.png").exists()
    least = re.search(r"最小 (\d+)x(\d+)", refused.stderr)
    assert least is not None, refused.stderr
    assert (int(least[1]), int(least[2])) == (760, 420), refused.stderr


def cut_buttons(window) -> list[str]:
    page = window.current_page()
    return [f"{b.objectName()}「{b.text()}」{b.width()}<{b.minimumSizeHint().width()}"
            for b in page.findChildren(QAbstractButton)
            if b.isVisible() and b.text() and not b.visibleRegion().isEmpty() and b.width() < b.minimumSizeHint().width()]  # fmt: skip


@pytest.mark.parametrize("size", [(911, 512), (760, 420)])
def test_no_button_label_is_cut_at_the_small_screen_sizes(window, size) -> None:
    window.resize(*size)
    cut = {}
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(window)
        assert (window.width(), window.height()) == size
        if found := cut_buttons(window):
            cut[window.current_page().objectName()] = found
    assert cut == {}


def test_a_remembered_window_off_a_smaller_screen_comes_back_whole_on_it(qtbot, db_path) -> None:
    from PySide6.QtCore import QRect

    from tests.gui_helpers import close_window, make_window

    first = make_window(qtbot, db_path, global_lang="ja")
    area = first.screen().availableGeometry()
    first.move(area.right() + 900, area.bottom() + 700)  # where a larger (or a second) screen was
    first.resize(area.width() + 300, 500)
    close_window(first)
    window = make_window(qtbot, db_path, global_lang="ja")
    frame, size = window.frameGeometry(), window.size()
    close_window(window)
    assert QRect(area).contains(frame), (frame, area)
    assert size.width() >= 760 and size.height() >= 420


# --- Environment: a sealed typing and a refused one, undone and redone -------------------------------------------


def env_value(window, field_id: str):
    return EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").value(field_id)


def red(widget) -> bool:
    return INVALID_BACKGROUND in widget.styleSheet()


def type_over(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize("refused_first", [False, True])
def test_undo_redo_over_a_sealed_typing_and_a_refused_one_in_another_field(window, qtbot, refused_first) -> None:
    page = environment_page(window, qtbot)
    name = page.findChild(QLineEdit, "field_repo_name")
    box = page.findChild(QComboBox, "field_docker_base_image")
    image = env_value(window, "docker_base_image")
    stack = window.state.undo_stack
    if refused_first:
        type_over(qtbot, box.lineEdit(), "acme img")  # a space: refused
        type_over(qtbot, name, "image-search-2")  # (QTest aborts on keyClicks of kana: insert() stands for an IME)
    else:
        type_over(qtbot, name, "image-search-2")
        type_over(qtbot, box.lineEdit(), "acme img")
    settle(window)
    kept = env_value(window, "repo_name")
    assert red(box) and env_value(window, "docker_base_image") == image
    for _ in range(4):
        window.undo_action.trigger()
        settle(window)
    # a refused typing is taken back in its turn: before the name's typing (done after it) or after it
    assert box.currentText() == image and not red(box)
    assert env_value(window, "docker_base_image") == image
    assert name.text() == OLD_NAME == env_value(window, "repo_name") and not red(name)
    for _ in range(stack.count() + 1):  # (bounded: a Redo that did nothing would spin for ever)
        if not stack.canRedo():
            break
        window.redo_action.trigger()
        settle(window)
    assert not stack.canRedo()
    assert env_value(window, "docker_base_image") == image and env_value(window, "repo_name") == kept
    assert name.text() == kept
