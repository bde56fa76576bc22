"""Ctrl+V in the Data platform & CI page's tables: cells copied from a spreadsheet pasted as one undo step
through the cells' own rules; cells a paste cannot take (a column that follows the hearing or the form,
rows past the last) said, a refused value said and nothing stored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.environment.service import EnvironmentService
from tests.gui_helpers import close_window, make_window, settle
from tests.test_breaker_nothing_lost import short_busy  # noqa: F401 - a fixture


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path, global_lang="ja")
    yield win
    close_window(win)


@pytest.fixture
def told(monkeypatch) -> list[str]:
    from app.ui import messages

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_info", lambda _p, text, *a, **k: shown.append(str(text)))
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *a, **k: shown.append(str(error)))
    return shown


def _paste(window, qtbot, name: str, row: int, column: int, text: str) -> QTableView:
    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, name)
    view.setCurrentIndex(view.model().index(row, column))
    QApplication.clipboard().setText(text)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    return view


def _locations(window) -> dict:
    return EnvironmentService(window.state.workspace).stored(window.state.project_id)["data_platform"].get("locations", {})


def test_pasted_locations_are_stored_as_one_undo_step(window, qtbot, told) -> None:
    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    view = _paste(window, qtbot, "locationsTable", 0, 1, "s3://customer/raw/\t担当者のみ\r\ns3://customer/processed/\t全員\r\n")
    model = view.model()
    assert [model.index(r, c).data() for r in (0, 1) for c in (1, 2)] == ["s3://customer/raw/", "担当者のみ", "s3://customer/processed/", "全員"]
    kinds = [model._key(r) for r in (0, 1)]
    assert _locations(window)[kinds[1]]["path"] == "s3://customer/processed/" and told == []
    window.undo_action.trigger()
    settle(window)
    assert _locations(window) == before  # the whole paste, one step
    assert model.index(0, 1).data() != "s3://customer/raw/"
    window.redo_action.trigger()
    settle(window)
    assert _locations(window)[kinds[0]]["access"] == "担当者のみ"


def test_a_refused_value_is_said_and_nothing_is_stored(window, qtbot, told) -> None:
    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    _paste(window, qtbot, "locationsTable", 0, 1, "s3://ok/\r\nrm -rf /; echo\r\n")  # the second path against the rule
    assert _locations(window) == before and len(told) == 1 and "rm -rf" in told[0]


def test_cells_a_paste_cannot_take_are_said_the_rest_pasted(window, qtbot, told) -> None:
    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, "locationsTable")
    model = view.model()
    label, last = model.index(0, 0).data(), model.rowCount() - 1
    _paste(window, qtbot, "locationsTable", 0, 0, f"{label}\ts3://same-label/\r\n")  # the table copied with its labels: nothing to say
    assert model.index(0, 1).data() == "s3://same-label/" and told == []
    _paste(window, qtbot, "locationsTable", last, 0, "顧客の保管場所\ts3://last/\r\n余分な行\ts3://extra/\r\n")
    assert model.index(last, 1).data() == "s3://last/" and model.rowCount() == last + 1
    assert len(told) == 1 and "入力できない列（データ）" in told[0] and "最後の行より下" in told[0]


def test_the_instance_catalogue_takes_a_pasted_price_list_as_typed(qtbot) -> None:
    from app.core.content.loader import default_library
    from app.system_planning import service as sp
    from app.ui.system_planning.catalogue_dialog import CatalogueDialog

    dialog = CatalogueDialog(sp.catalogue(default_library()), False, "ja")
    qtbot.addWidget(dialog)
    model, n = dialog.model, dialog.model.rowCount()
    dialog.view.setCurrentIndex(model.index(n - 1, 0))
    QApplication.clipboard().setText("my-cpu\t社内\ttokyo\t4\t16\t\t１，２００\r\nmy-gpu\t社内\ttokyo\t8\t64\t1\t3.5\r\n")
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = model.rows()
    assert len(rows) == n + 1 and rows[n - 1]["name"] == "my-cpu" and rows[n - 1]["hourly_price"] == "１，２００"
    assert rows[n]["name"] == "my-gpu" and rows[n]["gpu"] == "1"


def _paste_busy(window, qtbot, db_path, text: str) -> QTableView:
    """Ctrl+V into the storage locations' first path while another process holds the write lock."""
    from tests.test_breaker_nothing_lost import hold_write_lock, release

    lock = hold_write_lock(db_path)
    try:
        return _paste_now(window, qtbot, text)
    finally:
        release(lock)


def _paste_now(window, qtbot, text: str) -> QTableView:
    """Ctrl+V into the storage locations' first path (the page shown), the window not settled (a busy database's retries)."""
    view = window.page("data-ci").findChild(QTableView, "locationsTable")
    view.setCurrentIndex(view.model().index(0, 1))
    QApplication.clipboard().setText(text)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(700)
    return view


def test_a_paste_kept_by_a_busy_database_is_saved_as_one_undo_step(window, qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    from app.ui.hearing.drafts import drafts_of

    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    view = _paste_busy(window, qtbot, db_path, "s3://busy/raw/\t担当者のみ\r\ns3://busy/processed/\r\n")
    model = view.model()
    kinds = [model._key(r) for r in (0, 1)]
    assert len(said) == 1 and "入力内容は保持しています" in said[0]  # said kept, and kept: shown, marked, counted
    assert [model.index(0, 1).data(), model.index(0, 2).data(), model.index(1, 1).data()] == ["s3://busy/raw/", "担当者のみ", "s3://busy/processed/"]
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is not None and drafts_of(window.state).count() == 3
    qtbot.waitUntil(lambda: _locations(window).get(kinds[1], {}).get("path") == "s3://busy/processed/", timeout=15_000)
    qtbot.waitUntil(lambda: drafts_of(window.state).count() == 0, timeout=5000)
    assert _locations(window)[kinds[0]]["access"] == "担当者のみ"
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    window.undo_action.trigger()
    settle(window)
    assert _locations(window) == before  # the whole paste, one step


def test_undo_right_after_a_paste_a_busy_database_kept_takes_it_all_back(window, qtbot, db_path, told, short_busy) -> None:  # noqa: F811
    from app.ui.hearing.drafts import drafts_of
    from tests.test_breaker_nothing_lost import hold_write_lock, release

    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    lock = hold_write_lock(db_path)
    try:
        view = _paste_now(window, qtbot, "s3://undone/raw/\r\ns3://undone/processed/\r\n")
        assert view.model().index(1, 1).data() == "s3://undone/processed/" and drafts_of(window.state).count() == 2
        window.undo_action.trigger()  # the paste taken back, both cells, before the database took it
        qtbot.wait(200)
        assert drafts_of(window.state).count() == 0 and view.model().index(1, 1).data() != "s3://undone/processed/"
    finally:
        release(lock)
    qtbot.wait(2500)  # longer than a retry's pause: nothing of it is saved
    assert _locations(window) == before


def test_a_refused_value_in_a_paste_a_busy_database_kept_is_said_once_it_is_free(window, qtbot, db_path, said, short_busy) -> None:  # noqa: F811
    from app.ui.hearing.drafts import drafts_of

    window.show_page("data-ci")
    settle(window)
    before = _locations(window)
    view = _paste_busy(window, qtbot, db_path, "s3://ok/\r\nrm -rf /; echo\r\n")  # checked once the database takes it
    qtbot.waitUntil(lambda: not any(d.busy for _k, d in drafts_of(window.state).kept(window.state.project_id, "data_ci:")), timeout=15_000)
    assert _locations(window) == before  # nothing of it stored; both cells kept as pasted, the refusal said on them
    assert [view.model().index(r, 1).data() for r in (0, 1)] == ["s3://ok/", "rm -rf /; echo"]
    assert "rm -rf" in view.model().index(1, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "rm -rf" in window.page("data-ci").problem_label.text()  # said under the form, as typing's refusal is
    assert view.model().setData(view.model().index(1, 1), "s3://fixed/")  # corrected: saved on its own


def test_a_paste_over_a_cell_another_window_changed_is_said_in_japanese_by_its_labels(window, qtbot, said) -> None:
    from tests.test_drafts_on_disk_pages import other_workspace

    window.show_page("data-ci")
    settle(window)
    view = window.page("data-ci").findChild(QTableView, "locationsTable")
    kind = view.model()._key(0)
    ws = other_workspace(window)  # the other window's paste, saved first
    try:
        EnvironmentService(ws).set_location(window.state.project_id, kind, "path", "s3://other-window/")
    finally:
        ws.close()
    _paste(window, qtbot, "locationsTable", 0, 1, "s3://this-window/\r\n")
    assert _locations(window)[kind]["path"] == "s3://other-window/"  # theirs kept, never overwritten
    assert len(said) == 1 and "置き場所「生データ(受領データ)」のパス" in said[0] and "別の" in said[0], said
    assert "data_platform" not in said[0] and "locations." not in said[0]
