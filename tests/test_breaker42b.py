"""breaker42b: the Data platform & CI page's datasets and storage-locations tables after "a source renamed
elsewhere keeps its row; a cell changed under an open editor keeps the typing", and the columns fitted from a
sample of rows, as a demanding Japanese consultant with a colleague in a second window on one database
(window A 山田, window B 佐藤, both Japanese, the demo).

As in tests/test_breaker42a.py: the window's watcher publishes another window's change only when no cell
editor is open, so an editor meets the other window's change when a refresh is already pending as the typing
starts (A saves a cell and goes on typing in the next at once, B having changed the sources a moment before).
The page's refresh timer is given 1 s instead of 150 ms so that "at once" is deterministic; nothing else is
changed. "Seen" is A's once-a-second poll run now: B's changes made within one poll are seen as one change.

Tried and held: a red draft (a dataset name with a space) over a chain of renames seen one by one
(商品画像 → 商品画像(全件) → 商品画像) and two sources swapping names in one write: the draft stays on its
source, on disk too, and after a crash and restart it is back in the right row; B renames two sources as an
undoable step, then B undo / redo / undo, A undo / redo of its own dataset name, B redo, A undo again (refused,
said): the dataset name, the red draft and the current cell follow the source each time, no message box;
the locations table, a path B set while A types in it under a pending refresh: Escape shows B's path and the
next save is based on it (no false conflict); Enter or Tab keeps A's typing as a red draft with the conflict
said (the cell shows A's text, B's stored), Enter again saves it; typing in a dataset cell, then the project
switched from the window (File ▸ recent, the editor still open): the typing saved in the first project, the
second project's rows shown, nothing saved there; the other window renaming a source with a value typed in
its row (held by breaker42a's fixes).

Columns fitted from at most 50 rows (bound_fitting): the levelling preview's ResizeToContents columns set each
cell's tool tip; the answer history's too (When, Status, Answer, Session, Recorded by); the suspects' and the
projects list's columns are Interactive (the user can widen them); the datasets table is as tall as its rows
(the page scrolls, not the table), so Qt's "rows in view" are its first 50 and a long owner in row 900 is cut
even when scrolled into view, and the user's widening is undone by the refit after every edit, but the cell's
tool tip and its editor show it whole and the README promises no fitting there: not counted.

Defects (strict xfails, each asserting what the user should get):
- B deletes a source (the last one, or one A is typing in) and adds another: the new one lands at the same
  place, and A's refresh sees both writes at once: the table takes it for a rename (the same place, the same
  number of rows), although the saved data did not (two writes, neither a rename): the owner being typed for
  the deleted source is saved as the new source's owner, nothing said; a red draft of the deleted source's
  dataset name moves onto the new source's row (on disk too), its tooltip still naming the deleted source;
- a source renamed (its row has a name only, as the hearing is often first filled) and another source added,
  two writes seen at once: the table does not see the rename (the number of rows changed, the rows alike
  have no other cell) although the saved data did (dataset cells moved to the new name): the cell editor
  open in the renamed source's row is closed and its typing is gone; a red draft there vanishes from its
  row;
- a red draft in a dataset cell, then the source renamed in this window's hearing page (the Data platform
  page not in front), then the window closed (or killed): at the next start the draft is not back in the
  renamed source's row; it is said under the form as a draft that "cannot be shown (the item's kind changed
  or the file was edited)", neither of which happened.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from app.core.projects import ProjectService
from app.environment.service import EnvironmentService
from app.hearing.operations import update_answer
from app.ui import messages
from app.ui.hearing.drafts import drafts_of
from app.ui.operations import run_op
from tests.gui_helpers import close_window, environment_page, make_window, settle
from tests.test_nothing_lost_gui import stored

SOURCES = "hearing.prereq.data_sources"  # データの種類: one dataset row per source
SLOW_REFRESH_MS = 1000  # the page's refresh delay (150 ms in the app): the typing starts within it
REFUSED = "閲覧 ログ"  # a dataset name with a space: refused, kept red in its cell


@pytest.fixture
def two(qtbot, db_path, monkeypatch, said):
    """Window A (山田) and window B (佐藤) on one database, in Japanese, on the demo."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    a = make_window(qtbot, db_path, global_lang="ja")
    b = make_window(qtbot, db_path, global_lang="ja")
    b.state.workspace.author = "佐藤 花子"
    yield a, b
    from shiboken6 import isValid

    for window in (b, a):
        if isValid(window):  # (a window killed by the test is gone already)
            close_window(window)


def seen(window) -> None:
    """The window notices what the other committed (its once-a-second poll, now)."""
    window.watcher.poll()
    settle(window)


def datasets(window):
    return {
        d.key: d for d in EnvironmentService(window.state.workspace).choices(window.state.project_id, "ja").datasets
    }


def data_page(window, qtbot):
    page = environment_page(window, qtbot, "data-ci")
    settle(window)
    window.activateWindow()  # the user types in this window
    qtbot.waitUntil(window.isActiveWindow)
    return page


def start_typing(page, qtbot, row: int, column: int, text: str, table: str = "datasetsTable"):
    """The cell opened with the keyboard and ``text`` typed in it (not committed)."""
    view = page.findChild(QTableView, table)
    cell = view.model().index(row, column)
    view.setFocus()
    view.setCurrentIndex(cell)
    view.edit(cell)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.waitUntil(editor.hasFocus)
    editor.selectAll()
    editor.insert(text)
    return view, editor


def save_a_cell_then_type(page, qtbot, saved, typed, table: str = "datasetsTable"):
    """A saves one cell (its own change: the page refreshes in a moment) and types in another at once."""
    page._timer.setInterval(SLOW_REFRESH_MS)
    model = page.findChild(QTableView, table).model()
    assert model.setData(model.index(saved[0], saved[1]), saved[2])
    view, editor = start_typing(page, qtbot, *typed, table=table)
    assert page._timer.isActive(), "the refresh ran before the typing began (test set-up)"
    return view, editor


def open_editors(view) -> list[QLineEdit]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # an editor the view released is gone
    return view.viewport().findChildren(QLineEdit)


def commit_open_editors(window, view) -> list[str]:
    """Enter in whatever editor is still open; what those editors held."""
    editors = open_editors(view)
    texts = [e.text() for e in editors]
    for editor in editors:
        view.commitData(editor)
    settle(window)
    return texts


def set_sources(window, rows: list[dict]) -> None:
    window.state.answers.update(window.state.project_id, SOURCES, value=rows)


def row_of(model, name: str) -> int:
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    return names.index(name)


def kept_on_disk(window) -> dict[str, str]:
    return {key: draft.fields.get("text") for key, draft in drafts_of(window.state).kept(window.state.project_id, "data_ci:")}


# --- defects ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["typing", "red-draft"])
def test_a_source_deleted_and_another_added_in_its_place_does_not_inherit_what_was_typed(
    two, qtbot, said, what
) -> None:
    a, b = two
    page = data_page(a, qtbot)
    model = page.datasets_model
    rows = stored(b, SOURCES).value
    if what == "typing":
        set_sources(b, [*rows, {"name": "受注データ", "kind": "table"}])  # 佐藤 adds a source; A sees it
        seen(a)
        set_sources(b, rows)  # then thinks better of it: deleted,
        set_sources(b, [*rows, {"name": "問い合わせログ", "kind": "text"}])  # and another added (at the end)
        # A types the owner of 受注データ (its row in front of A) as A's refresh is due
        save_a_cell_then_type(page, qtbot, (0, 2, "田中"), (3, 2, "高橋"))
        settle(a)
        commit_open_editors(a, page.datasets_view)
        new = datasets(a)["問い合わせログ"]
        assert new.owner != "高橋", (new.owner, page.problem_label.text(), said)
        assert model.index(row_of(model, "問い合わせログ"), 2).data() != "高橋"
    else:
        assert not model.setData(model.index(2, 1), REFUSED)  # 閲覧・購買ログ's dataset name: kept red
        settle(a)
        set_sources(b, rows[:2])  # 佐藤 deletes 閲覧・購買ログ
        set_sources(b, [*rows[:2], {"name": "問い合わせログ", "kind": "text"}])  # and adds another source
        seen(a)
        shown = model.index(row_of(model, "問い合わせログ"), 1)
        assert shown.data() != REFUSED, (shown.data(), shown.data(Qt.ItemDataRole.ToolTipRole))
        assert "data_ci:問い合わせログ:dataset_id" not in kept_on_disk(a), kept_on_disk(a)


@pytest.mark.parametrize("what", ["typing", "red-draft"])
def test_a_source_renamed_and_another_added_keeps_what_is_typed_in_its_row(two, qtbot, said, what) -> None:
    a, b = two
    page = data_page(a, qtbot)
    model = page.datasets_model
    set_sources(b, [{"name": "画像"}, {"name": "ログ"}, {"name": "売上"}])  # the hearing, names only so far
    seen(a)
    if what == "red-draft":
        assert not model.setData(model.index(0, 1), REFUSED)
        settle(a)
    set_sources(b, [{"name": "画像(全件)"}, {"name": "ログ"}, {"name": "売上"}])  # 佐藤 fixes a name,
    set_sources(b, [{"name": "画像(全件)"}, {"name": "ログ"}, {"name": "売上"}, {"name": "問い合わせ"}])  # adds one
    if what == "typing":
        save_a_cell_then_type(page, qtbot, (2, 2, "田中"), (0, 1, "images_typed_in_meeting"))
        settle(a)
        left = commit_open_editors(a, page.datasets_view)
        kept = [*left, datasets(a)["画像(全件)"].dataset_id, *(text for text, _why in model.drafts.values())]
        assert "images_typed_in_meeting" in kept, (kept, page.problem_label.text(), said)
    else:
        seen(a)
        assert model.index(0, 0).data() == "画像(全件)"
        assert model.index(0, 1).data() == REFUSED, [model.index(0, c).data() for c in range(3)]


def test_a_red_draft_comes_back_in_its_row_after_its_source_was_renamed_and_the_window_closed(
    qtbot, db_path, said
) -> None:
    a = make_window(qtbot, db_path, global_lang="ja")
    page = data_page(a, qtbot)
    model = page.datasets_model
    assert not model.setData(model.index(1, 1), "商品 マスタ")  # 商品マスタ's dataset name: refused, kept red
    settle(a)
    a.show_page("hearing")  # the typo in the source's name fixed in the hearing, in this window
    settle(a)
    rows = stored(a, SOURCES).value
    rows[1] = dict(rows[1], name="商品マスタ(全件)")
    run_op(a.state, update_answer(a.state.project_id, SOURCES, value=rows), "rename")
    settle(a)
    close_window(a)  # the day is over (closing keeps the draft on disk, as a crash does)
    a = make_window(qtbot, db_path, global_lang="ja")
    page = data_page(a, qtbot)
    model = page.datasets_model
    cell = model.index(row_of(model, "商品マスタ(全件)"), 1)
    try:
        assert cell.data() == "商品 マスタ", (cell.data(), page.problem_label.text())
    finally:
        close_window(a)


# --- held ------------------------------------------------------------------------------------------


def test_held_a_red_draft_follows_chained_renames_and_a_swap_and_comes_back_after_a_crash(
    two, qtbot, said, db_path
) -> None:
    from tests.test_drafts_on_disk_pages import crash

    a, b = two
    page = data_page(a, qtbot)
    model = page.datasets_model
    assert not model.setData(model.index(0, 1), "画像 データ")
    settle(a)
    rows = stored(b, SOURCES).value
    for first, second in (("商品画像(全件)", "商品マスタ"), ("商品画像", "商品マスタ"), ("商品マスタ", "商品画像")):
        set_sources(b, [dict(rows[0], name=first), dict(rows[1], name=second), rows[2]])
        seen(a)
        # the draft stays with the source the saved data keeps its cells under (a swap in one write: by name)
        holder = first if first != "商品マスタ" else second
        assert model.index(row_of(model, holder), 1).data() == "画像 データ"
        assert list(kept_on_disk(a)) == [f"data_ci:{holder}:dataset_id"]
    crash(a)
    a = make_window(qtbot, db_path, global_lang="ja")
    model = data_page(a, qtbot).datasets_model
    assert model.index(row_of(model, "商品画像"), 1).data() == "画像 データ"
    assert not said


@pytest.mark.parametrize("key", ["escape", "enter", "tab"])
def test_held_a_location_changed_under_its_open_editor(two, qtbot, said, key) -> None:
    a, b = two
    page = data_page(a, qtbot)
    EnvironmentService(b.state.workspace).set_location(b.state.project_id, "processed", "path", "s3://sato/processed/")
    view, editor = save_a_cell_then_type(page, qtbot, (0, 3, "メモ"), (1, 1, "s3://yamada/processed/"), "locationsTable")
    settle(a)
    model = view.model()
    assert editor.text() == "s3://yamada/processed/"  # the typing kept over the refresh
    qtbot.keyClick(editor, {"escape": Qt.Key.Key_Escape, "enter": Qt.Key.Key_Return, "tab": Qt.Key.Key_Tab}[key])
    settle(a)

    def path() -> str:
        return EnvironmentService(a.state.workspace).choices(a.state.project_id, "ja").locations[1].path

    assert path() == "s3://sato/processed/"  # never overwritten unseen
    if key == "escape":
        assert model.index(1, 1).data() == "s3://sato/processed/" and not page.problem_label.text()
        assert model.setData(model.index(1, 1), "s3://yamada2/processed/")  # based on what is shown now
        assert path() == "s3://yamada2/processed/"
    else:
        assert model.index(1, 1).data() == "s3://yamada/processed/" and "別のウィンドウ" in page.problem_label.text()
        assert model.setData(model.index(1, 1), model.index(1, 1).data())  # Enter again, knowing: saved
        settle(a)
        assert path() == "s3://yamada/processed/" and not model.drafts
    assert not said


def test_held_a_project_switched_with_a_cell_editor_open_saves_the_typing_in_the_first_project(
    two, qtbot, said
) -> None:
    a, _b = two
    other = ProjectService(a.state.workspace.db).create("第二案件", lang="ja")
    a.state.answers.update(other.id, SOURCES, value=[{"name": "別案件の画像"}, {"name": "別案件のログ"}])
    a.reload_switcher()
    page = data_page(a, qtbot)
    first = a.state.project_id
    view, _editor = start_typing(page, qtbot, 0, 1, "typed_before_switch")
    a.open_project(other.id)  # from the menu: the cell editor still open
    settle(a)
    commit_open_editors(a, view)
    service = EnvironmentService(a.state.workspace)
    assert service.choices(first, "ja").datasets[0].dataset_id == "typed_before_switch"
    assert "typed_before_switch" not in [d.dataset_id for d in service.choices(other.id, "ja").datasets]
    assert page.datasets_model.index(0, 0).data() == "別案件の画像" and not said
