"""What the WBS table shows and keeps, through the quicker paths it takes on a large plan: each cell
painted from one call for all its roles, tasks without sub-tasks never kept open, a search cleared
without closing and reopening every branch."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from app.core.projects import ProjectService
from app.ui.wbs.columns import COLUMNS, INDEX
from app.ui.wbs.resources.hooks import BIG
from app.wbs.service import WbsService
from tests.bench_wbs import build_tasks
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


def find(page, title: str) -> int:
    return next(t.id for t in page.model.tree.tasks.values() if t.title == title)


def view_index(page, task_id: int, key: str = "title") -> QModelIndex:
    return page.proxy.mapFromSource(page.model.index_of(task_id, INDEX[key]))


def shown_ids(page) -> list[int]:
    """The tasks whose rows one can see: every expanded branch walked."""
    result = []

    def walk(parent: QModelIndex) -> None:
        for row in range(page.proxy.rowCount(parent)):
            index = page.proxy.index(row, 0, parent)
            result.append(int(index.internalId()))
            if page.tree.isExpanded(index):
                walk(index)

    walk(QModelIndex())
    return result


def test_every_cell_is_painted_with_what_the_model_says_for_it(page) -> None:
    """The delegate reads a cell's roles in one call (multiData): text, check box, font, colours,
    warning icon and alignment as the model's data() gives them one by one."""
    delegate, model = page.tree.itemDelegate(), page.model
    seen = {"bold": 0, "problem colour": 0, "icon": 0, "checked": 0, "right": 0}
    for task in model.tree.walk():
        for column in range(len(COLUMNS)):
            source = model.index_of(task.id, column)
            option = QStyleOptionViewItem()
            delegate.initStyleOption(option, page.proxy.mapFromSource(source))

            def role(r, source=source):
                return model.data(source, r)

            text = role(Qt.ItemDataRole.DisplayRole)
            assert option.text == (text or "")
            check = role(Qt.ItemDataRole.CheckStateRole)
            assert bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator) == (check is not None)
            if check is not None:
                assert option.checkState == check
                seen["checked"] += check == Qt.CheckState.Checked
            font = role(Qt.ItemDataRole.FontRole)
            assert option.font.bold() == (font is not None and font.bold())
            seen["bold"] += option.font.bold()
            background = role(Qt.ItemDataRole.BackgroundRole)
            assert option.backgroundBrush.style() == (background.style() if background is not None else Qt.BrushStyle.NoBrush)
            if background is not None:
                assert option.backgroundBrush.color() == background.color()
                seen["problem colour"] += background.color().name() == "#f8cbad"
            foreground = role(Qt.ItemDataRole.ForegroundRole)
            if foreground is not None:
                assert option.palette.text().color() == foreground.color()
            icon = role(Qt.ItemDataRole.DecorationRole)
            assert bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration) == (icon is not None)
            seen["icon"] += icon is not None
            alignment = role(Qt.ItemDataRole.TextAlignmentRole)
            if alignment is not None:
                assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
                seen["right"] += 1
            else:
                assert not option.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert all(seen.values()), seen  # the demo has cells of every kind


def test_a_task_dropped_onto_a_task_without_sub_tasks_shows_under_it(page) -> None:
    moved = find(page, "Link technical and business KPIs")
    target = find(page, "Agree evaluation metrics and the exit criterion")
    assert not page.model.tree.has_children(target)
    page.tree.expandAll()
    data = page.model.mimeData([page.model.index_of(moved)])
    assert page.proxy.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, view_index(page, target))
    assert page.model.tree.tasks[moved].parent_id == target
    assert page.tree.isExpanded(view_index(page, target)) and moved in shown_ids(page)


def test_a_search_cleared_shows_the_outline_as_it_was(page, qtbot) -> None:
    tree = page.model.tree
    page.tree.collapseAll()
    tops = [t for t in tree.kids(None) if tree.has_children(t)]
    page.tree.expand(view_index(page, tops[0]))
    page.tree.expand(view_index(page, tops[-1]))
    before = shown_ids(page)
    page.filters.search.setText("data")
    page.filters.search.returnPressed.emit()
    assert page.proxy.criteria.active and len(shown_ids(page)) < len(tree.tasks)
    page.filters.search.clear()
    assert shown_ids(page) == before
    # Everything open, then a search, then cleared: everything open again.
    page.tree.expandAll()
    everything = shown_ids(page)
    assert len(everything) == len(tree.tasks)
    page.filters.search.setText("Hearing")
    page.filters.search.returnPressed.emit()
    matches = {t.id for t in tree.tasks.values() if "hearing" in t.title.casefold()}
    assert matches and matches <= set(shown_ids(page)) < set(everything)  # each in view, under its open parents
    page.filters.search.clear()
    assert shown_ids(page) == everything
    # A search on an outline open in part: its matches in view all the same.
    page.tree.collapseAll()
    page.filters.search.setText("Hearing")
    page.filters.search.returnPressed.emit()
    assert matches <= set(shown_ids(page))


class _Paints(QObject):
    """Writes "paint" into ``log`` for each paint of the widget it watches."""

    def __init__(self, widget, log: list[str]) -> None:
        super().__init__(widget)
        self.log = log
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # overrides QObject.eventFilter
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def test_a_plan_read_is_painted_before_its_critical_path_is_worked_out(window, page, qtbot, monkeypatch) -> None:
    """Reading a large plan can outlast the totals' wait: the table is painted first all the same
    (the critical path of 5,000 tasks takes longer than that paint), the totals follow."""
    log: list[str] = []
    real = page._update_critical
    monkeypatch.setattr(page, "_update_critical", lambda: (log.append("critical path"), real()))
    page.totals_label.clear()
    page.reload()
    _Paints(page.tree.viewport(), log)
    time.sleep(0.3)  # longer than the totals wait for a change
    qtbot.waitUntil(lambda: "critical path" in log)
    assert "paint" in log and log.index("paint") < log.index("critical path")
    assert "tasks" in page.totals_label.text()


def test_a_big_plan_read_is_painted_before_its_load_is_worked_out(window, page, qtbot, monkeypatch) -> None:
    """A plan too big to work its people's load out on the spot (on a worker) waits for the first paint too."""
    ws = window.state.workspace
    big = ProjectService(ws.db).create("A big plan", lang="en").id
    WbsService(ws.db).apply_snapshot(big, build_tasks(BIG + 100))
    log: list[str] = []
    real = page.compute_load
    monkeypatch.setattr(page, "compute_load", lambda: (log.append("load"), real()))
    window.open_project(big)
    _Paints(page.tree.viewport(), log)
    time.sleep(0.3)  # longer than the load's wait for a change
    qtbot.waitUntil(lambda: "load" in log and page.settled())
    assert len(page.model.tree.tasks) > BIG and "paint" in log and log.index("paint") < log.index("load")


def test_a_plan_read_while_the_window_is_hidden_gets_its_totals_all_the_same(window, page, qtbot, monkeypatch) -> None:
    worked_out: list[bool] = []
    real = page._update_critical
    monkeypatch.setattr(page, "_update_critical", lambda: (worked_out.append(True), real()))
    window.hide()
    page.totals_label.clear()
    page.reload()
    qtbot.waitUntil(lambda: bool(worked_out), timeout=5000)
    assert "tasks" in page.totals_label.text()
